#!/usr/bin/env node
// The benchmark harness (issue 6): the standard report of spec/bench.md, timed in one run for our
// module (wasm in Node, wasm in headless Chromium, native CLI) and the peers DuckDB-WASM and
// Arquero, with an agreement check. See tests/bench/README.md.
//
//   node tests/bench/bench.mjs [--smoke] [--runs N] [--engines a,b,…] [--cli PATH] SIZE…   (SIZE: 20k, 100k, 1m, 10m)
//
// Expects `make site` (pkg/ and target/site/) and `cargo build --release` done (`make bench` does both).
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  lstatSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative } from "node:path";
import { createHash } from "node:crypto";
import { BENCH, ROOT, STD, diff, fromOurReport, jsonCompare, sha256 } from "./lib/common.mjs";
import { runMeasured } from "./lib/proc.mjs";
import { runBrowser, serve } from "./lib/browser.mjs";

const OUT = join(ROOT, "bench-out");
let CLI = join(ROOT, "target", "release", "customer-insights");
const SITE = join(ROOT, "target", "site");
const CLI_ONLY_FROM = 5_000_000; // 10M: the native CLI only (the wasm engines and peers are not run)

const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(BENCH, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
};
const ENGINES = () => [
  {
    id: "ours-node",
    label: "ours: wasm in Node (full report)",
    kind: "node",
    script: "engines/ours-node.mjs",
    ours: true,
  },
  {
    id: "ours-browser",
    label: "ours: wasm in headless Chromium, drop → report (full report)",
    kind: "browser",
    ours: true,
  },
  {
    id: "ours-cli",
    label: `ours: native CLI (full report${CLI.includes("/debug/") ? "; debug build" : ""})`,
    kind: "cli",
    ours: true,
  },
  {
    id: "duckdb-wasm",
    label: `DuckDB-WASM ${pkgVersion("@duckdb/duckdb-wasm")} (Node)`,
    kind: "node",
    script: "engines/duckdb.mjs",
  },
  { id: "arquero", label: `Arquero ${pkgVersion("arquero")} (Node)`, kind: "node", script: "engines/arquero.mjs" },
];

// ---------------------------------------------------------------------------------------- args
const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
let runs = smoke ? 1 : 3;
let only = null;
const sizes = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--smoke") continue;
  else if (a === "--runs") runs = Number(argv[++i]);
  else if (a === "--engines") only = new Set(argv[++i].split(","));
  else if (a === "--cli") CLI = join(ROOT, argv[++i]);
  else if (/^\d+(k|m)?$/i.test(a)) sizes.push(a.toLowerCase());
  else {
    console.error(
      `unknown argument ${a}\nusage: node tests/bench/bench.mjs [--smoke] [--runs N] [--engines ${ENGINES()
        .map((e) => e.id)
        .join(",")}] [--cli PATH] SIZE…`,
    );
    process.exit(2);
  }
}
if (!sizes.length) sizes.push(smoke ? "20k" : "100k");
if (!(runs >= 1)) {
  console.error("--runs must be ≥ 1");
  process.exit(2);
}
const rowsOf = (s) => Number(s.replace(/[km]$/, "")) * (s.endsWith("m") ? 1_000_000 : s.endsWith("k") ? 1000 : 1);

const log = (...a) => console.log("[bench]", ...a);
const problems = []; // failures and disagreements: make the run fail
const checks = { passed: 0, failed: 0 }; // agreement checks and engines that ran

// ---------------------------------------------------------------------------------------- data
function ensureData(size) {
  const dir = join(OUT, "data", size);
  // sample.json: the summary our generator prints (data from elsewhere lacks it and is regenerated)
  const need = [STD.orders_file, STD.events_file, "sample.json"];
  if (need.every((f) => existsSync(join(dir, f)))) return dir;
  if (!existsSync(CLI))
    throw new Error(`${relative(ROOT, CLI)} is missing: run \`cargo build --release\` (make bench does)`);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log(`generating ${size} (${rowsOf(size).toLocaleString("en")} orders) into ${relative(ROOT, dir)}`);
  const t0 = performance.now();
  const args = [
    "sample",
    "--rows",
    String(rowsOf(size)),
    "--only",
    "taobao,events",
    "--encoding",
    "gbk",
    "--seed",
    "42",
  ];
  args.push("--as-of", STD.as_of, "--out", tmp);
  const r = spawnSync(CLI, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${relative(ROOT, CLI)} ${args.join(" ")} failed (${r.status})`);
  writeFileSync(join(tmp, "sample.json"), r.stdout);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(`generated ${size} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
}

/** The pandas reference of the standard report and the 交易成功 copy; cached next to the data. */
function reference(size, dir) {
  const script = join(BENCH, "reference.py");
  const stamp = createHash("sha256")
    .update(readFileSync(script))
    .update(readFileSync(join(BENCH, "lib", "provinces.json")))
    .update(readFileSync(join(BENCH, "lib", "standard.json")))
    .update(String(statSync(join(dir, STD.orders_file)).mtimeMs))
    .digest("hex")
    .slice(0, 16);
  const out = join(dir, "check", `reference-${stamp}.json`);
  const copy = join(dir, "check", "taobao_orders_success.csv");
  const events = join(dir, "check", "interest_events_no_province.csv");
  if (!existsSync(out) || !existsSync(copy) || !existsSync(events)) {
    mkdirSync(join(dir, "check"), { recursive: true });
    log(`${size}: reference (pandas) and the 交易成功 copy`);
    const r = spawnSync("python3", [script, dir, `${out}.tmp`, "--success-copy", copy], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (r.status !== 0) throw new Error(`reference.py failed (${r.status})`);
    renameSync(`${out}.tmp`, out);
  }
  return { ...JSON.parse(readFileSync(out, "utf8")), copy, events };
}

// ---------------------------------------------------------------------------------------- runs
let server = null;
async function runOnce(engine, size, dir, i) {
  const runDir = join(OUT, "runs", size);
  mkdirSync(runDir, { recursive: true });
  const base = join(runDir, `${engine.id}-${i}`);
  const orders = join(dir, STD.orders_file),
    events = join(dir, STD.events_file);
  if (engine.kind === "node") {
    const args = [join(BENCH, engine.script), dir, `${base}.json`];
    if (engine.ours) args.push(`${base}.report.json`);
    const r = await runMeasured(process.execPath, args, { cwd: ROOT });
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr.slice(-1500)}`);
    const o = JSON.parse(readFileSync(`${base}.json`, "utf8"));
    return {
      ...o,
      maxrss_kb: r.maxrss_kb ?? o.maxrss_self_kb,
      report: engine.ours ? readFileSync(`${base}.report.json`, "utf8") : null,
    };
  }
  if (engine.kind === "cli") {
    const r = await runMeasured(CLI, ["report", "--as-of", STD.as_of, orders, events], {
      cwd: ROOT,
      stdoutFile: `${base}.report.json`,
    });
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr.slice(-1500)}`);
    return {
      total_ms: r.wall_ms,
      decode_ms: 0,
      init_ms: 0,
      maxrss_kb: r.maxrss_kb,
      report: readFileSync(`${base}.report.json`, "utf8"),
    };
  }
  // browser
  if (!server) server = await serve(SITE);
  const url = (f) => `${server.url}/bench/data/${size}/${f}`;
  const r = await runBrowser({
    pageUrl: `${server.url}/bench/index.html`,
    files: [
      { name: STD.orders_file, url: url(STD.orders_file) },
      { name: STD.events_file, url: url(STD.events_file) },
    ],
    config: { as_of: STD.as_of },
    excludePids: new Set([server.pid]),
  });
  if (r.errors?.length) log(`${engine.id}: page errors: ${r.errors.slice(0, 3).join(" | ")}`);
  log(
    `${engine.id}: files ${(r.files_ms ?? []).map((t) => (t / 1000).toFixed(2)).join(" + ")} s, report ${(r.report_ms / 1000).toFixed(2)} s; ` +
      `read in parts: ${(r.parts ?? []).map((p) => `${p.name} ${p.taken + 1}/${p.parts}`).join(", ") || "none"}`,
  );
  writeFileSync(`${base}.report.json`, r.json);
  return {
    total_ms: r.total_ms,
    decode_ms: 0,
    init_ms: r.init_ms,
    maxrss_kb: r.maxrss_kb,
    idle_kb: r.idle_kb,
    report: r.json,
    ingest_ms: (r.files_ms ?? []).reduce((a, b) => a + b, 0),
    files_ms: r.files_ms,
  };
}

function prepareSite() {
  if (!existsSync(join(SITE, "pkg", "client.js")))
    throw new Error("target/site/pkg is missing: run `make site` first (make bench does)");
  const dest = join(SITE, "bench");
  rmSync(dest, { recursive: true, force: true });
  cpSync(join(BENCH, "page"), dest, { recursive: true });
  const link = join(dest, "data");
  try {
    lstatSync(link);
  } catch {
    symlinkSync(join(OUT, "data"), link);
  }
}

// ---------------------------------------------------------------------------------------- main
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const results = []; // {size, engine, runs: [...], error}
const agreement = []; // lines per size

async function benchSize(size) {
  const rows = rowsOf(size);
  const dir = ensureData(size);
  const cliOnly = rows >= CLI_ONLY_FROM;
  const engines = ENGINES().filter((e) => (!only || only.has(e.id)) && (!cliOnly || e.kind === "cli"));
  if (engines.some((e) => e.kind === "cli") && !existsSync(CLI))
    throw new Error(`${relative(ROOT, CLI)} is missing: run \`cargo build --release\` (make bench does)`);
  if (engines.some((e) => e.kind === "browser")) prepareSite();
  const bytes = [STD.orders_file, STD.events_file].map((f) => statSync(join(dir, f)).size);

  const ref = cliOnly ? null : reference(size, dir);
  const per = new Map(engines.map((e) => [e.id, { size, rows, bytes, engine: e, runs: [], error: null }]));
  for (let i = 1; i <= runs; i++) {
    for (const e of engines) {
      const slot = per.get(e.id);
      if (slot.error) continue;
      try {
        const r = await runOnce(e, size, dir, i);
        slot.runs.push(r);
        log(`${size} ${e.id} run ${i}/${runs}: ${(r.total_ms / 1000).toFixed(3)} s, peak RSS ${fmtRss(r.maxrss_kb)}`);
      } catch (err) {
        slot.error = String(err.message ?? err)
          .split("\n")
          .slice(0, 12)
          .join("\n");
        problems.push(`${size} ${e.id}: failed: ${slot.error}`);
        log(`${size} ${e.id} run ${i} FAILED: ${slot.error}`);
      }
    }
  }
  results.push(...per.values());
  for (const slot of per.values()) checks[slot.error ? "failed" : "passed"]++;

  // ------------------------------------------------------------------ agreement
  const lines = [];
  const say = (ok, text, details = []) => {
    lines.push(`- ${ok ? "agree" : "**DISAGREE**"}: ${text}`);
    checks[ok ? "passed" : "failed"]++;
    for (const d of details) lines.push(`  - ${d}`);
    if (!ok) problems.push(`${size}: disagreement: ${text}${details.length ? `\n    ${details.join("\n    ")}` : ""}`);
  };
  if (ref) {
    const R = ref.result;
    const shape = `${R.customers.toLocaleString("en")} customers, ${Object.keys(R.rfm).length} RFM cells, ${Object.keys(R.province).length} provinces, ${Object.keys(R.conversion).length} conversion groups`;
    lines.push(`- reference (pandas, tests/bench/reference.py): ${shape}`);
    for (const id of ["duckdb-wasm", "arquero"]) {
      const slot = per.get(id);
      if (!slot?.runs.length) continue;
      const d = slot.runs.flatMap((r, i) => diff(R, r.result, "reference", `${id}#${i + 1}`));
      say(
        d.length === 0,
        `${slot.engine.label} = reference (every run; RFM cells, provinces, conversion, totals)`,
        [...new Set(d)].slice(0, 15),
      );
    }
    // Ours on the 交易成功-only copy (refunds zeroed) and the events without their 省份 column: its
    // valid orders are then exactly the standard report's orders, and an interested buyer without
    // one is 未知 in both (ours would take the event's province), so rfm.cells /
    // distributions.region / conversion[region] must equal it.
    if (existsSync(CLI) && engines.some((e) => e.ours)) {
      const check = join(OUT, "runs", size, "ours-check.report.json");
      const r = spawnSync(CLI, ["report", "--as-of", STD.as_of, ref.copy, ref.events], {
        maxBuffer: 1 << 30,
        encoding: "utf8",
      });
      if (r.status !== 0) say(false, `ours (CLI) on the 交易成功 copy failed: ${r.stderr.slice(0, 500)}`);
      else {
        writeFileSync(check, r.stdout);
        const d = diff(R, fromOurReport(r.stdout), "reference", "ours");
        say(
          d.length === 0,
          "ours (rfm.cells, distributions.region, conversion by region, totals, lifecycle new) on the 交易成功 copy = reference",
          d,
        );
      }
    }
  }
  // Our three ways of running the same core on the same files.
  const ourRuns = (id) => per.get(id)?.runs ?? [];
  const wasm = [...ourRuns("ours-node"), ...ourRuns("ours-browser")];
  if (wasm.length) {
    const shas = new Set(wasm.map((r) => sha256(r.report)));
    say(
      shas.size === 1,
      `ours wasm: every Node and Chromium run gives the same report JSON, byte for byte (sha256 ${[...shas].map((s) => s.slice(0, 12)).join(", ")})`,
    );
  }
  const cli = ourRuns("ours-cli");
  if (cli.length) {
    const shas = new Set(cli.map((r) => sha256(r.report)));
    say(
      shas.size === 1,
      `ours CLI: every run gives the same report (sha256 ${[...shas].map((s) => s.slice(0, 12)).join(", ")})`,
    );
    if (wasm.length) {
      const c = jsonCompare(JSON.parse(cli[0].report), JSON.parse(wasm[0].report));
      say(
        c.hard.length === 0,
        `ours CLI report = wasm report as data (JSON.parse)${c.soft ? `, except ${c.soft} floating-point values that differ in the last digits (≤ 1e-12 relative; native vs wasm float math)` : ", exactly"}`,
        c.hard.slice(0, 10),
      );
    }
  }
  if (cliOnly)
    lines.push(
      `- ${size}: CLI only; no peer and no reference at this size, so no agreement check beyond run-to-run identity`,
    );
  agreement.push({ size, lines });
}

function fmtRss(kb) {
  if (kb === null || kb === undefined) return "?";
  return kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${Math.round(kb / 1024)} MB`;
}
const fmtS = (ms) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const fmtMB = (b) => `${(b / 1e6).toFixed(b < 1e7 ? 1 : 0)} MB`;

function table() {
  const out = [];
  out.push(
    "| engine | size | total s | of which GBK→UTF-8 | peak RSS | vs ours (wasm, Node) |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const size of sizes) {
    const rowsHere = results.filter((r) => r.size === size);
    const ours = rowsHere.find((r) => r.engine.id === "ours-node" && r.runs.length);
    const base = ours ? median(ours.runs.map((r) => r.total_ms)) : null;
    for (const r of rowsHere) {
      const sz = `${size} (${r.rows.toLocaleString("en")} orders)`;
      if (!r.runs.length) {
        out.push(`| ${r.engine.label} | ${sz} | failed | | | |`);
        continue;
      }
      const t = median(r.runs.map((x) => x.total_ms));
      let dec = "–";
      if (r.engine.id === "duckdb-wasm") dec = fmtS(median(r.runs.map((x) => x.decode_ms)));
      if (r.engine.id === "arquero")
        dec = `(streamed; decoding alone ${fmtS(median(r.runs.map((x) => x.decode_alone_ms)))})`;
      if (r.engine.ours) dec = "– (reads GBK)";
      const rss = fmtRss(Math.max(...r.runs.map((x) => x.maxrss_kb ?? 0)));
      const ratio = base ? `${(t / base).toFixed(2)}×` : "–";
      const note =
        r.engine.kind === "browser"
          ? ` (PSS of all Chromium processes; ${fmtRss(median(r.runs.map((x) => x.idle_kb)))} idle)`
          : "";
      out.push(
        `| ${r.engine.label} | ${sz} | ${fmtS(t)}${r.error ? " (a run failed)" : ""} | ${dec} | ${rss}${note} | ${ratio} |`,
      );
    }
  }
  return out.join("\n");
}

function initNotes() {
  const out = [];
  for (const size of sizes) {
    const parts = [];
    for (const r of results.filter((x) => x.size === size && x.runs.length)) {
      const init = median(r.runs.map((x) => x.init_ms ?? 0));
      if (init > 0.5) parts.push(`${r.engine.id} ${fmtS(init)} s`);
    }
    if (parts.length) out.push(`- ${size}: ${parts.join(", ")}`);
  }
  return out;
}

function fullNotes() {
  const out = [];
  for (const size of sizes) {
    for (const id of ["ours-node", "ours-browser"]) {
      const r = results.find((x) => x.size === size && x.engine.id === id && x.runs.length);
      if (!r?.runs.every((x) => x.ingest_ms > 0)) continue;
      const total = median(r.runs.map((x) => x.total_ms)),
        ingest = median(r.runs.map((x) => x.ingest_ms));
      out.push(
        `- ${size}, ${id === "ours-node" ? "Node" : "Chromium"}: full report ${fmtS(total)} s, of which reading and parsing ${fmtS(ingest)} s: full ÷ standard ≤ ${(total / ingest).toFixed(2)}×`,
      );
    }
  }
  return out;
}

function machine() {
  const chromium = spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "?";
  return `${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")} at the end; Node ${process.version}; ${chromium}`;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  log(`${smoke ? "smoke: " : ""}sizes ${sizes.join(" ")}, ${runs} run(s) per engine`);
  try {
    for (const size of sizes) await benchSize(size);
  } catch (e) {
    problems.push(String(e.message ?? e));
    log(`ERROR: ${e.message ?? e}`);
  } finally {
    server?.stop();
  }

  const md = [];
  md.push(
    smoke
      ? "# Benchmark smoke run (checks only: these times are not benchmark claims)"
      : "# Benchmark: the standard report of spec/bench.md",
  );
  md.push(
    "",
    `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — ${machine()}. ${runs === 1 ? "One run" : `Median of ${runs} runs`} per engine and size; peak RSS is the largest of the runs. Generated by \`${smoke ? "make bench-smoke" : "make bench"}\` (tests/bench/README.md).`,
    "",
  );
  for (const size of sizes) {
    const r = results.find((x) => x.size === size);
    if (r)
      md.push(
        `- ${size}: taobao_orders.csv ${fmtMB(r.bytes[0])} + interest_events.csv ${fmtMB(r.bytes[1])} (GBK), as_of ${STD.as_of}`,
      );
  }
  md.push("", table(), "");
  md.push(
    "Times run to the finished result from the files' bytes in memory (the peers), from opening the files read in 4 MiB",
    "chunks from the page cache (ours in Node: the input is never held whole, so its peak RSS is the module's), from the drop",
    "(ours in Chromium) or from process start (the CLI). Ours is the report JSON of the full report, which",
    "computes far more than the standard report — headline, lifecycle, 11 segments, age/gender distributions, four conversion",
    "dimensions with Wilson intervals, z-tests, Holm and chi-square. Its sections that are the standard report: `rfm.cells` (steps 3–4), `distributions.region` (step 4),",
    "`conversion[by=region]` (step 5), `totals.customers`/`totals.revenue`, `lifecycle[new]` (first order in the last 30 days).",
  );
  const inits = initNotes();
  if (inits.length) md.push("Engine start-up is not in the times (median, s):", ...inits);
  const full = fullNotes();
  if (full.length)
    md.push(
      "",
      "Full report vs the standard report (ours, wasm): reading and parsing the files is work any report on them",
      "needs, so the full report's time over that part alone bounds full ÷ standard from above (median, s):",
      ...full,
    );
  md.push("");
  md.push("## Agreement", "");
  for (const a of agreement) md.push(`### ${a.size}`, ...a.lines, "");
  if (problems.length) md.push("## Problems", "", ...problems.map((p) => `- ${p.replace(/\n/g, "\n  ")}`), "");
  const text = md.join("\n");
  const file = join(OUT, smoke ? "smoke.md" : "results.md");
  writeFileSync(file, text);
  writeFileSync(
    file.replace(/\.md$/, ".json"),
    JSON.stringify(
      results.map((r) => ({
        size: r.size,
        rows: r.rows,
        bytes: r.bytes,
        engine: r.engine.id,
        label: r.engine.label,
        error: r.error,
        runs: r.runs.map(({ report, result, ...x }) => x),
      })),
      null,
      1,
    ),
  );
  console.log(`\n${text}`);
  log(`written to ${relative(ROOT, file)}`);
  if (problems.length) {
    console.error(`[bench] ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    if (!checks.failed) checks.failed++;
  }
  console.log(`bench: ${checks.passed} passed, ${checks.failed} failed`);
  if (problems.length) process.exit(1);
}

await main();

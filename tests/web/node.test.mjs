// The package in Node, as a consumer imports it: the `node` entry reads the wasm from disk.
// reportJson must be byte-identical to what the CLI prints for the same files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PKG, ROOT, SAMPLE, cli } from "./lib/paths.mjs";

const { Workspace, default: init } = await import(join(PKG, "index.node.js"));
await init();

test("reportJson of a GBK Taobao export equals the CLI's output byte for byte", () => {
  const file = join(SAMPLE, "taobao_orders.csv");
  const ws = new Workspace();
  const summary = ws.addFile("taobao_orders.csv", readFileSync(file));
  assert.equal(summary.kind, "orders");
  assert.equal(summary.platform, "taobao");
  assert.equal(summary.encoding, "GBK");
  const json = ws.reportJson();
  const expected = cli(["report", file]);
  assert.equal(`${json}\n`, expected);
  assert.deepEqual(ws.report(), JSON.parse(json));
  ws.free();
});

/** Same tree; floats may differ by `rel` (relative), everything else must be equal. */

const SIX = [
  "taobao_orders.csv",
  "crm_customers.csv",
  "interest_events.csv",
  "outbound_calls.csv",
  "aftersales_tickets.csv",
  "shopify_orders.csv",
].sort();
function sixFiles() {
  const ws = new Workspace();
  for (const n of SIX) ws.addFile(n, readFileSync(join(SAMPLE, n)));
  const expected = cli(["report", "--as-of", "2024-12-30", ...SIX.map((n) => join(SAMPLE, n))]);
  const json = ws.reportJson({ as_of: "2024-12-30" });
  ws.free();
  return { json, expected };
}

// The stats use libm only, so floats agree to the bit between wasm32 and native.
test("all six sample files with a config: byte-identical to the CLI", () => {
  const { json, expected } = sixFiles();
  assert.equal(`${json}\n`, expected);
});

test("errors are CustomerInsightsError with a code", () => {
  const ws = new Workspace();
  assert.throws(
    () => ws.report({ nope: 1 }),
    (e) => e instanceof Error && e.name === "CustomerInsightsError" && e.code === "bad_config",
  );
  assert.throws(
    () => ws.push(new Uint8Array([1])),
    (e) => e.code === "bad_sequence",
  );
  ws.free();
});

test("chunked feeding gives the same report as one addFile", () => {
  const bytes = readFileSync(join(SAMPLE, "taobao_orders.csv"));
  const a = new Workspace();
  a.addFile("t.csv", bytes);
  const b = new Workspace();
  b.beginFile("t.csv", bytes.length);
  for (let i = 0; i < bytes.length; i += 65536) b.push(bytes.subarray(i, i + 65536));
  b.finishFile();
  assert.equal(a.reportJson(), b.reportJson());
  a.free();
  b.free();
});

// Every golden fixture through the wasm build: the same bytes as expected.json, which
// tests/cli.rs holds equal to the CLI's output (so CLI == wasm on every fixture).
test("wasm reportJson equals expected.json (= the CLI's output) on every fixture", () => {
  const FIX = join(ROOT, "tests", "fixtures");
  const NOT_INPUTS = new Set(["expected.json", "case.json", "case.toml", "manifest.json", "known_failure"]);
  const cases = readdirSync(FIX)
    .filter((d) => d !== "hostile" && existsSync(join(FIX, d, "expected.json")))
    .sort();
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
  for (const c of cases) {
    const dir = join(FIX, c);
    const inputs = readdirSync(dir)
      .filter((n) => !NOT_INPUTS.has(n) && !n.endsWith(".md") && !n.endsWith(".py"))
      .sort();
    const ws = new Workspace();
    for (const n of inputs) {
      try {
        ws.addFile(n, new Uint8Array(readFileSync(join(dir, n))));
      } catch {
        /* listed with its error, as the CLI does */
      }
    }
    const config = existsSync(join(dir, "case.json"))
      ? JSON.parse(readFileSync(join(dir, "case.json"), "utf8"))
      : undefined;
    const json = ws.reportJson(config);
    ws.free();
    assert.equal(`${json}\n`, readFileSync(join(dir, "expected.json"), "utf8"), c);
  }
});

test("customer-insights/fs reads a big file in parts on worker threads: the CLI's report, byte for byte", async () => {
  const { addFileFromPath } = await import(join(PKG, "fs.js"));
  const { bigTaobao } = await import("./lib/bigfile.mjs");
  const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const CHUNK = 256 * 1024;
  const dir = mkdtempSync(join(tmpdir(), "ci-fs-"));
  try {
    for (const quoted of [false, true]) {
      const file = join(dir, `big_${quoted}.csv`);
      writeFileSync(file, bigTaobao(3, quoted, CHUNK, "node"));
      const want = cli(["report", file]);
      for (const helpers of [0, 1, 2]) {
        const ws = new Workspace();
        let how = null;
        const onParts = (/** @type {any} */ h) => {
          how = [h.parts, h.taken];
        };
        const s = await addFileFromPath(ws, file, { helpers, chunkSize: CHUNK, partMin: 64 * 1024, onParts });
        assert.equal(s.name, `big_${quoted}.csv`);
        assert.equal(`${ws.reportJson()}\n`, want, `${helpers} helpers, quoted ${quoted}`);
        // two parts: the cut is inside the quoted message, so the main thread reads it again
        const expected = [null, [2, quoted ? 0 : 1], [3, 2]][helpers];
        assert.deepEqual(how, expected, `${helpers} helpers, quoted ${quoted}`);
        ws.free();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("customer-insights/fs: a helper thread that fails costs its part, not rows; a failed one is not kept", async () => {
  const { addFileFromPath } = await import(join(PKG, "fs.js"));
  const { bigTaobao } = await import("./lib/bigfile.mjs");
  const { mkdtempSync, rmSync, unlinkSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const CHUNK = 256 * 1024;
  const dir = mkdtempSync(join(tmpdir(), "ci-fs-"));
  try {
    const file = join(dir, "big.csv");
    writeFileSync(file, bigTaobao(3, false, CHUNK, "node"));
    const want = cli(["report", file]);
    for (const round of ["fails", "after a failure"]) {
      const ws = new Workspace();
      let how = null;
      const onParts = (/** @type {any} */ h) => {
        how = [h.parts, h.taken];
      };
      const name = "big.csv";
      const read = addFileFromPath(ws, file, { name, helpers: 1, chunkSize: CHUNK, partMin: 64 * 1024, onParts });
      let path = file;
      if (round === "fails") {
        // this thread has the file open; the helper, started after the cut, opens it by path
        path = join(dir, "moved.csv");
        writeFileSync(path, readFileSync(file));
        unlinkSync(file);
      }
      await read;
      assert.equal(`${ws.reportJson()}\n`, want, round);
      assert.deepEqual(how, round === "fails" ? [2, 0] : [2, 1], round);
      ws.free();
      if (round === "fails") writeFileSync(file, readFileSync(path));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

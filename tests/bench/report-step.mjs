// The report step of builds side by side: for each npm package folder given (this repo's pkg/,
// or a git worktree's, each built with `make pkg`), a fresh Node process reads the 1M bench
// files (bench-out/data/1m, made by `make bench`) as ours-node does, then times the first
// reportJson and a second one at another as_of, and notes how much its RSS grew in the first.
// The folders take turns, round after round, so that every build sees the same spells of a
// shared host; the medians print per folder, and each one's ratio to the first folder's.
//   node tests/bench/report-step.mjs [--rounds N] [--prediction off] PKG_DIR...
// `--prediction off` adds `prediction: {enabled: false}` to the config of every folder but the
// first (a build from before the second wave knows no such key).
import { spawnSync } from "node:child_process";
import { basename, join, resolve } from "node:path";
import { ROOT, STD } from "./lib/common.mjs";

const argv = process.argv.slice(2);
if (argv[0] === "--child") {
  const [pkg, prediction] = [argv[1], argv[2] !== "off"];
  const { Workspace } = await import(join(pkg, "index.node.js"));
  const { addFileFromPath } = await import(join(pkg, "fs.js"));
  const data = join(ROOT, "bench-out", "data", "1m");
  const ws = new Workspace();
  for (const name of ["taobao_orders.csv", "interest_events.csv"]) {
    await addFileFromPath(ws, join(data, name), { name, chunkSize: 4 << 20 });
  }
  const config = (as_of) => (prediction ? { as_of } : { as_of, prediction: { enabled: false } });
  const rss = () => process.memoryUsage().rss / 1048576;
  const before = rss();
  let t = performance.now();
  ws.reportJson(config(STD.as_of));
  const first = performance.now() - t;
  const grown = rss() - before;
  t = performance.now();
  ws.reportJson(config("2024-12-30"));
  const second = performance.now() - t;
  console.log(JSON.stringify({ first, second, grown }));
  process.exit(0);
}

let rounds = 5;
let prediction = "on";
const pkgs = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--rounds") rounds = Number(argv[++i]);
  else if (argv[i] === "--prediction") prediction = argv[++i];
  else pkgs.push(resolve(argv[i]));
}
if (pkgs.length === 0) {
  console.error("usage: node tests/bench/report-step.mjs [--rounds N] [--prediction off] PKG_DIR...");
  process.exit(2);
}
const runs = pkgs.map(() => []);
for (let r = 0; r < rounds; r++) {
  pkgs.forEach((pkg, k) => {
    const mode = k === 0 ? "on" : prediction;
    const child = spawnSync(process.execPath, [process.argv[1], "--child", pkg, mode], { encoding: "utf8" });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const run = JSON.parse(child.stdout.trim().split("\n").pop());
    runs[k].push(run);
    console.log(`round ${r + 1} ${pkg}: first ${run.first.toFixed(0)} ms, next ${run.second.toFixed(0)} ms`);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = median(runs[0].map((x) => x.first));
console.log("\n| build | first report, median (range) | vs the first | next report | RSS growth |");
console.log("| --- | --- | --- | --- | --- |");
pkgs.forEach((pkg, k) => {
  const first = runs[k].map((x) => x.first);
  const name = `${basename(resolve(pkg, ".."))}/${basename(pkg)}${k > 0 && prediction === "off" ? " (prediction off)" : ""}`;
  console.log(
    `| ${name} | ${median(first).toFixed(0)} ms (${Math.min(...first).toFixed(0)}–${Math.max(...first).toFixed(0)}) | ` +
      `${(median(first) / base).toFixed(2)}× | ${median(runs[k].map((x) => x.second)).toFixed(0)} ms | ` +
      `${median(runs[k].map((x) => x.grown)).toFixed(0)} MB |`,
  );
});

// Our module, wasm in Node: the npm package's Node entry (pkg/index.node.js). Timed from the two
// files' bytes in memory, pushed in 4 MiB chunks (beginFile / push / finishFile), to the finished
// JSON of our full report (reportJson). Loading and instantiating the module is timed apart (init).
//   node engines/ours-node.mjs DATA_DIR OUT_JSON [REPORT_JSON_OUT]
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ROOT, STD, args, fromOurReport, sha256, writeOut } from "../lib/common.mjs";

const CHUNK = 4 * 1024 * 1024;
const { orders, events, out } = args();

const t0 = performance.now();
const { Workspace } = await import(join(ROOT, "pkg", "index.node.js"));
const init_ms = performance.now() - t0;

const files = [orders, events].map((p) => ({ name: basename(p), bytes: readFileSync(p) }));

const t1 = performance.now();
const ws = new Workspace();
for (const f of files) {
  ws.beginFile(f.name, f.bytes.length);
  for (let off = 0; off < f.bytes.length; off += CHUNK) ws.push(f.bytes.subarray(off, off + CHUNK));
  ws.finishFile();
}
const json = ws.reportJson({ as_of: STD.as_of });
const total_ms = performance.now() - t1;
ws.free();

if (process.argv[4]) writeFileSync(process.argv[4], json);
writeOut(out, {
  engine: "ours-node", total_ms, decode_ms: 0, init_ms,
  report_sha256: sha256(json), report_bytes: json.length,
  result: fromOurReport(json),
  maxrss_self_kb: process.resourceUsage().maxRSS,
});

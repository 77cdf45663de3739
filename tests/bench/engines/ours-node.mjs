// Our module, wasm in Node: the npm package's Node entry (pkg/index.node.js) and its
// `customer-insights/fs` reader (pkg/fs.js). Timed from opening the two files to the finished
// JSON of our full report (reportJson): each file is read from disk (the page cache) in 4 MiB
// chunks and pushed as it comes (beginFile / push / finishFile), so a file is never held whole
// and the peak RSS is the module's (worker threads included); a big file is read in parts on
// worker threads (one per core beyond the first), as the page does with Web Workers.
// HELPERS=0 reads each file on the main thread only. Loading and instantiating the module is
// timed apart (init).
//   node engines/ours-node.mjs DATA_DIR OUT_JSON [REPORT_JSON_OUT]
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ROOT, STD, args, fromOurReport, sha256, writeOut } from "../lib/common.mjs";

const CHUNK = 4 * 1024 * 1024;
const { orders, events, out } = args();

const t0 = performance.now();
const { Workspace } = await import(join(ROOT, "pkg", "index.node.js"));
const { addFileFromPath } = await import(join(ROOT, "pkg", "fs.js"));
const helpers = process.env.HELPERS === undefined ? undefined : Number(process.env.HELPERS);
const init_ms = performance.now() - t0;

const files = [orders, events].map((p) => ({ path: p, name: basename(p) }));

const t1 = performance.now();
const ws = new Workspace();
for (const f of files) await addFileFromPath(ws, f.path, { name: f.name, chunkSize: CHUNK, helpers });
// every file read and parsed: what any report on these files needs, the standard one too
const ingest_ms = performance.now() - t1;
const json = ws.reportJson({ as_of: STD.as_of });
const total_ms = performance.now() - t1;
ws.free();

if (process.argv[4]) writeFileSync(process.argv[4], json);
writeOut(out, {
  engine: "ours-node",
  total_ms,
  ingest_ms,
  decode_ms: 0,
  init_ms,
  report_sha256: sha256(json),
  report_bytes: json.length,
  result: fromOurReport(json),
  maxrss_self_kb: process.resourceUsage().maxRSS,
});

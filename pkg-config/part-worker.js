// A helper thread of `customer-insights/fs` (Node). It instantiates the main thread's compiled
// module (workerData.module) and then answers jobs, one at a time, for as long as it is kept:
// each job reads one later part of a file into a Workspace of its own, after the file's first
// bytes pushed as the main thread pushed them (so that it finds the same header and layout),
// and posts the part back as bytes (null when the file cannot be read in parts). An error
// ends the thread; the main thread then reads that part itself.
import { parentPort, workerData } from "node:worker_threads";
import { closeSync, openSync } from "node:fs";
import { initSync, Workspace } from "./customer_insights.js";
import { readRange } from "./fs.js";
import { readPartInto } from "./parts.js";

initSync({ module: workerData.module });

parentPort?.on("message", async (job) => {
  const { path, chunk } = job;
  const fd = openSync(path, "r");
  const w = new Workspace();
  try {
    const bytes = await readPartInto(w, job, (from, to, push) => readRange(fd, from, to, chunk, push));
    if (bytes) parentPort?.postMessage(bytes, [/** @type {ArrayBuffer} */ (bytes.buffer)]);
    else parentPort?.postMessage(null);
  } finally {
    w.free();
    closeSync(fd);
  }
});

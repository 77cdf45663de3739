// A helper thread of `customer-insights/fs` (Node): reads one later part of a file into a
// Workspace of its own, after the file's first bytes pushed as the main thread pushed them (so
// that it finds the same header and layout), and posts the part back as bytes (null when the
// file cannot be read in parts).
import { parentPort, workerData } from "node:worker_threads";
import { closeSync, openSync } from "node:fs";
import { Workspace } from "./index.node.js";
import { readRange } from "./fs.js";

const { path, name, options, head, from, to, chunk, last } = workerData;
const fd = openSync(path, "r");
const w = new Workspace();
try {
  w.setOptions(name, options);
  w.beginFile(name, undefined);
  readRange(fd, 0, head, chunk, (b) => w.push(b));
  if (w.beginPart(to - from)) {
    readRange(fd, from, to, chunk, (b) => w.pushPart(b));
    const bytes = w.finishPart(last);
    parentPort?.postMessage(bytes, [/** @type {ArrayBuffer} */ (bytes.buffer)]);
  } else {
    parentPort?.postMessage(null);
  }
} finally {
  w.free();
  closeSync(fd);
}

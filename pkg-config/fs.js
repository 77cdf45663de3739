// `customer-insights/fs` (Node): reads export files from disk into a Workspace in chunks, and
// a big one in parts on worker threads, as the page's WorkspaceClient does with Web Workers:
// the main thread reads the first part, each helper thread (a wasm instance of its own) reads
// one of the rest and sends it back as bytes, and the parts are taken in, in order. The result
// is the same, byte for byte, as pushing the file in one piece.
//
//   import { Workspace } from "customer-insights";
//   import { addFileFromPath } from "customer-insights/fs";
//   const ws = new Workspace();
//   await addFileFromPath(ws, "订单报表.csv");

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import { CHUNK_SIZE, FIRST_PART_BONUS, HELPER_IDLE_MS, PART_MIN, readInParts } from "./parts.js";

export { CHUNK_SIZE, PART_MIN };

/**
 * @typedef {object} AddFileOptions
 * @property {string} [name] The file's name in the workspace. @default the path's base name
 * @property {number} [helpers] Helper threads for a big file. @default cores - 1, at most 3
 * @property {number} [chunkSize] Bytes read at a time. @default 4194304
 * @property {number} [partMin] Bytes after the first chunk from which a file is read in parts.
 *   @default 16777216
 * @property {(how: {name: string, parts: number, taken: number}) => void} [onParts] Told how a
 *   file read in parts was read: in `parts` parts, `taken` of the later ones by helper threads
 *   (the others were read again on this thread). @default undefined
 */

/**
 * Reads bytes `[from, to)` of `fd` in chunks of `chunk` bytes, calling `push` with each.
 * @param {number} fd @param {number} from @param {number} to @param {number} chunk
 * @param {(bytes: Uint8Array) => void} push
 */
export function readRange(fd, from, to, chunk, push) {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunk, to - from)));
  for (let at = from; at < to; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, to - at), at);
    if (n === 0) break;
    push(new Uint8Array(buf.buffer, buf.byteOffset, n));
    at += n;
  }
}

export { HELPER_IDLE_MS };

/** @type {{worker: Worker, timer: ReturnType<typeof setTimeout>}[]} idle helper threads */
const idle = [];

/**
 * An idle helper thread, or a new one running `module`.
 * @param {WebAssembly.Module} module @returns {Worker}
 */
function takeHelper(module) {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(kept.timer);
    return kept.worker;
  }
  const worker = new Worker(new URL("./part-worker.js", import.meta.url), { workerData: { module } });
  // one that ends while idle is no longer offered
  worker.on("exit", () => {
    const i = idle.findIndex((k) => k.worker === worker);
    if (i >= 0) clearTimeout(idle.splice(i, 1)[0].timer);
  });
  return worker;
}

/**
 * Keeps a helper thread that finished its part for the next one; it does not keep the process
 * alive, and it stops after HELPER_IDLE_MS.
 * @param {Worker} worker
 */
function keepHelper(worker) {
  worker.unref();
  const kept = {
    worker,
    timer: setTimeout(() => {
      idle.splice(idle.indexOf(kept), 1); // (it is there: taking it clears this timer)
      void worker.terminate();
    }, HELPER_IDLE_MS),
  };
  kept.timer.unref();
  idle.push(kept);
}

/**
 * A helper thread reading one part; resolves to its bytes, or null when it could not.
 * @param {WebAssembly.Module} module @param {object} job @returns {Promise<Uint8Array | null>}
 */
function readPart(module, job) {
  const w = takeHelper(module);
  w.ref(); // the process waits for a part being read
  return new Promise((resolve) => {
    const done = (/** @type {Uint8Array | null} */ bytes, /** @type {boolean} */ ok) => {
      w.off("message", onMessage).off("error", onFail).off("exit", onFail);
      if (ok) keepHelper(w);
      else void w.terminate();
      resolve(bytes);
    };
    const onMessage = (/** @type {unknown} */ m) => done(m instanceof Uint8Array ? m : null, true);
    const onFail = () => done(null, false);
    w.on("message", onMessage).on("error", onFail).on("exit", onFail);
    w.postMessage(job);
  });
}

/**
 * Takes a part in; false when it is refused, or its bytes do not read as a part (nothing was
 * taken from them then).
 * @param {import("./customer_insights.js").Workspace} ws @param {Uint8Array} bytes
 */
function absorb(ws, bytes) {
  try {
    return ws.absorbPart(bytes);
  } catch {
    return false;
  }
}

/**
 * Reads the file at `path` into `ws` (`beginFile` … `finishFile`) and resolves to its summary.
 * Throws what `push` / `finishFile` throw (the file is then abandoned with `abortFile`).
 * @param {import("./customer_insights.js").Workspace} ws
 * @param {string} path
 * @param {AddFileOptions} [options]
 * @returns {Promise<import("./customer_insights.js").IngestSummary>}
 */
export async function addFileFromPath(ws, path, options = {}) {
  const name = options.name ?? basename(path);
  const chunk = options.chunkSize ?? CHUNK_SIZE;
  const helpers = Math.max(0, Math.floor(options.helpers ?? Math.min(3, availableParallelism() - 1)));
  const partMin = options.partMin ?? PART_MIN;
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    ws.beginFile(name, size);
    try {
      const push = (/** @type {Uint8Array} */ b) => {
        ws.push(b);
      };
      let sent = Math.min(size, chunk);
      readRange(fd, 0, sent, chunk, push);
      const head = sent;
      const how = await readInParts({
        head,
        size,
        helpers,
        partMin,
        bonus: FIRST_PART_BONUS.node,
        canReadInParts: () => ws.canReadInParts(),
        window: (at, len) => {
          const w = Buffer.allocUnsafe(len);
          return w.subarray(0, readSync(fd, w, 0, len, at));
        },
        startReads: async (later) => {
          const fileOptions = ws.fileOptions(name);
          const { wasmModule } = await import("./index.node.js");
          return later.map(([from, to]) =>
            readPart(wasmModule, { path, name, options: fileOptions, head, from, to, chunk, last: to === size }),
          );
        },
        pushTo: (to) => readRange(fd, head, to, chunk, push),
        absorb: (bytes) => absorb(ws, bytes),
      });
      if (how) {
        sent = how.sent;
        options.onParts?.({ name, parts: how.parts, taken: how.taken });
      }
      readRange(fd, sent, size, chunk, push);
    } catch (e) {
      ws.abortFile();
      throw e;
    }
    return ws.finishFile();
  } finally {
    closeSync(fd);
  }
}

// The engine's Web Worker (a module worker). One Workspace per worker; the client in
// client.js sends `{id, method, args}` and gets `{id, ok, value | error}` back. A helper
// worker (the same script) answers `readPart`: it reads a later part of a big file itself,
// from the File, into a Workspace of its own, and sends the part back as bytes for the main
// worker's `absorbPart`; it posts `{id, progress: bytes}` as it goes. A wasm trap
// (a Rust panic aborts the instance) is answered with `code: "internal_panic"` and `fatal`,
// and the worker closes itself: the client then starts a fresh one.

import init, { Workspace } from "./customer_insights.js";
import { readPartInto } from "./parts.js";

/**
 * @typedef {{
 *   postMessage(message: unknown, transfer?: Transferable[]): void,
 *   close(): void,
 *   addEventListener(type: "message", listener: (event: MessageEvent) => void): void,
 * }} WorkerScope
 */
const scope = /** @type {WorkerScope} */ (/** @type {unknown} */ (globalThis));

const ready = init({ module_or_path: new URL("./customer_insights_bg.wasm", import.meta.url) });
/** @type {Workspace | null} */
let ws = null;

/** Methods of Workspace a client may call. */
const METHODS = new Set([
  "addFile",
  "beginFile",
  "push",
  "finishFile",
  "abortFile",
  "setOptions",
  "setMapping",
  "removeFile",
  "files",
  "setBudget",
  "report",
  "reportJson",
  "reportXlsx",
  "members",
  "membersPage",
  "membersCsv",
  "membersXlsx",
  "customer",
  "customers",
  "canReadInParts",
  "absorbPart",
  "fileOptions",
]);

/**
 * Reads bytes `[from, to)` of `blob` (a later part of a file, starting after a line end) into a
 * workspace of its own ({@link readPartInto}), reading the file in chunks of `chunk` (the next
 * one while the engine takes this one) and posting `{id, progress: bytes, rows}` after each. Resolves
 * to the part as bytes, or null when the file cannot be read in parts.
 * @param {number} id @param {string} name @param {import("./customer_insights.js").FileOptions} options
 * @param {Blob} blob @param {number} head @param {number} from @param {number} to @param {number} chunk
 * @returns {Promise<Uint8Array | null>}
 */
async function readPart(id, name, options, blob, head, from, to, chunk) {
  const read = (/** @type {number} */ a, /** @type {number} */ b) =>
    blob.slice(a, Math.min(b, a + chunk)).arrayBuffer();
  /** @param {number} a @param {number} b @param {(bytes: Uint8Array) => void} push */
  const pushRange = async (a, b, push) => {
    let next = read(a, b);
    for (let at = a; at < b; ) {
      const end = Math.min(b, at + chunk);
      const bytes = new Uint8Array(await next);
      next = end < b ? read(end, b) : Promise.resolve(new ArrayBuffer(0));
      push(bytes);
      at = end;
    }
  };
  const w = new Workspace();
  try {
    const job = { name, options, head, from, to, last: to === blob.size };
    return await readPartInto(w, job, pushRange, (bytes, rows) => scope.postMessage({ id, progress: bytes, rows }));
  } finally {
    w.free();
  }
}

/**
 * A plain, cloneable copy of an error.
 * @param {unknown} e
 */
function toPlain(e) {
  const err = /** @type {Record<string, unknown>} */ (e && typeof e === "object" ? e : { message: String(e) });
  /** @type {Record<string, unknown>} */
  const out = {
    name: typeof err.name === "string" ? err.name : "Error",
    message: typeof err.message === "string" ? err.message : String(e),
  };
  for (const k of ["code", "file"]) {
    if (err[k] !== undefined && err[k] !== null) out[k] = err[k];
  }
  return out;
}

scope.addEventListener("message", async (event) => {
  const { id, method, args } = /** @type {{id: number, method: string, args: unknown[]}} */ (event.data);
  try {
    await ready;
    if (method === "readPart") {
      const [name, options, blob, head, from, to, chunk] =
        /** @type {[string, any, Blob, number, number, number, number]} */ (args);
      const value = await readPart(id, name, options, blob, head, from, to, chunk);
      scope.postMessage({ id, ok: true, value }, value ? [value.buffer] : []);
      return;
    }
    if (!METHODS.has(method)) {
      throw Object.assign(new Error(`unknown method ${method}`), {
        name: "CustomerInsightsError",
        code: "bad_argument",
      });
    }
    if (ws === null) ws = new Workspace();
    const fn = /** @type {(...a: unknown[]) => unknown} */ (
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (ws))[method]
    );
    const value = fn.apply(ws, args ?? []);
    // a workbook's bytes are moved, not copied
    scope.postMessage({ id, ok: true, value }, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // The instance is poisoned after a trap: report it and let the client start afresh.
      scope.postMessage({
        id,
        ok: false,
        fatal: true,
        error: { name: "CustomerInsightsError", code: "internal_panic", message: `the engine crashed: ${e.message}` },
      });
      scope.close();
      return;
    }
    scope.postMessage({ id, ok: false, error: toPlain(e) });
  }
});

// The engine's Web Worker (a module worker). One Workspace per worker; the client in
// client.js sends `{id, method, args}` and gets `{id, ok, value | error}` back. A wasm trap
// (a Rust panic aborts the instance) is answered with `code: "internal_panic"` and `fatal`,
// and the worker closes itself: the client then starts a fresh one.

import init, { Workspace } from "./customer_insights.js";

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
  "addFile", "beginFile", "push", "finishFile", "abortFile", "setOptions", "setMapping",
  "removeFile", "files", "setBudget", "report", "reportJson", "members", "membersCsv",
]);

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
  for (const k of ["code", "file", "row", "column", "value"]) {
    if (err[k] !== undefined && err[k] !== null) out[k] = err[k];
  }
  return out;
}

scope.addEventListener("message", async (event) => {
  const { id, method, args } = /** @type {{id: number, method: string, args: unknown[]}} */ (event.data);
  try {
    await ready;
    if (!METHODS.has(method)) {
      throw Object.assign(new Error(`unknown method ${method}`), { name: "CustomerInsightsError", code: "bad_argument" });
    }
    if (ws === null) ws = new Workspace();
    const fn = /** @type {(...a: unknown[]) => unknown} */ (/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (ws))[method]);
    const value = fn.apply(ws, args ?? []);
    scope.postMessage({ id, ok: true, value });
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      // The instance is poisoned after a trap: report it and let the client start afresh.
      scope.postMessage({
        id, ok: false, fatal: true,
        error: { name: "CustomerInsightsError", code: "internal_panic", message: `the engine crashed: ${e.message}` },
      });
      scope.close();
      return;
    }
    scope.postMessage({ id, ok: false, error: toPlain(e) });
  }
});

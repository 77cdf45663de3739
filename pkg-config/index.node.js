// The Node entry (`exports["."].node`): the wasm is read from disk next to this file and
// instantiated synchronously at import, so `init()` is optional and resolves at once.
//
//   import { Workspace } from "customer-insights";
//   const ws = new Workspace();

import { readFileSync } from "node:fs";
import { initSync, Workspace } from "./customer_insights.js";

/** The URL of the wasm module that ships with this package. */
export const wasmUrl = new URL("./customer_insights_bg.wasm", import.meta.url);

/**
 * The compiled module (internal, not in the typed API): `customer-insights/fs` hands it to its
 * helper threads, which then start without compiling the wasm again and run the code V8 has
 * already optimised on this thread.
 */
export const wasmModule = new WebAssembly.Module(readFileSync(wasmUrl));

const output = initSync({ module: wasmModule });

export { Workspace, initSync };

/**
 * Already done at import in Node; kept so that code written for the browser runs unchanged.
 * @param {unknown} [_moduleOrPath] ignored in Node.
 *   @default undefined
 * @returns {Promise<import("./customer_insights.js").InitOutput>}
 */
export default function init(_moduleOrPath) {
  return Promise.resolve(output);
}
export { init };

// The public surface of `customer-insights` for pages and Web Workers.
//
//   import init, { Workspace } from "customer-insights";   // the engine, in this thread
//   import { WorkspaceClient } from "customer-insights";   // the engine in a Worker, as Promises
//   import "customer-insights/element";                    // registers <customer-insights>
//
// The wasm is fetched from next to this file (`new URL("./customer_insights_bg.wasm",
// import.meta.url)`), so it works from any origin path and with bundlers that understand
// `import.meta.url`. Nothing is loaded from another origin.

import wasmInit, { initSync, Workspace } from "./customer_insights.js";

export { Workspace, initSync };
export { WorkspaceClient } from "./client.js";

/** The URL of the wasm module that ships with this package. */
export const wasmUrl = new URL("./customer_insights_bg.wasm", import.meta.url);

/**
 * Loads and instantiates the wasm module (once; later calls return the same promise).
 * @param {import("./customer_insights.js").InitInput | Promise<import("./customer_insights.js").InitInput>} [moduleOrPath]
 *   Where to load the wasm from.
 *   @default new URL("./customer_insights_bg.wasm", import.meta.url)
 * @returns {Promise<import("./customer_insights.js").InitOutput>}
 */
export default function init(moduleOrPath) {
  return wasmInit({ module_or_path: moduleOrPath ?? wasmUrl });
}
export { init };

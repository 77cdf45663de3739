// window.bench.run(files, config): files are fetched from the server as Blobs and wrapped in
// File objects (what a drop hands the page) before the clock starts; then the clock runs from the
// first addFile (streamed to the worker in 4 MiB chunks) to the report JSON received back.
import { WorkspaceClient } from "../pkg/client.js";

const status = document.getElementById("status");
const client = new WorkspaceClient();
/** How each big file was read (the client's "parts" events: parts, and those helpers read). */
const parts = [];
client.addEventListener("parts", (e) => parts.push(/** @type {CustomEvent} */ (e).detail));
// The worker has loaded and instantiated the wasm once this resolves (not timed).
const ready = (async () => {
  const t0 = performance.now();
  await client.files();
  return performance.now() - t0;
})();

async function run(files, config) {
  const init_ms = await ready;
  const dropped = [];
  for (const f of files) {
    const blob = await (await fetch(f.url)).blob();
    dropped.push(new File([blob], f.name));
  }
  status.textContent = "running";
  parts.length = 0;
  const t0 = performance.now();
  const files_ms = [];
  for (const f of dropped) {
    const t = performance.now();
    await client.addFile(f.name, f);
    files_ms.push(performance.now() - t);
  }
  const t1 = performance.now();
  const json = await client.reportJson(config);
  const total_ms = performance.now() - t0;
  status.textContent = "done";
  return { total_ms, init_ms, json, files_ms, report_ms: performance.now() - t1, parts: [...parts] };
}

window.bench = { ready: ready.then(() => true), run };
status.textContent = "ready";

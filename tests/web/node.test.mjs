// The package in Node, as a consumer imports it: the `node` entry reads the wasm from disk.
// reportJson must be byte-identical to what the CLI prints for the same files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG, SAMPLE, cli } from "./lib/paths.mjs";

const { Workspace, default: init } = await import(join(PKG, "index.node.js"));
await init();

test("reportJson of a GBK Taobao export equals the CLI's output byte for byte", () => {
  const file = join(SAMPLE, "taobao_orders.csv");
  const ws = new Workspace();
  const summary = ws.addFile("taobao_orders.csv", readFileSync(file));
  assert.equal(summary.kind, "orders");
  assert.equal(summary.platform, "taobao");
  assert.equal(summary.encoding, "GBK");
  const json = ws.reportJson();
  const expected = cli(["report", file]);
  assert.equal(json + "\n", expected);
  assert.deepEqual(ws.report(), JSON.parse(json));
  ws.free();
});

/** Same tree; floats may differ by `rel` (relative), everything else must be equal. */
function assertClose(a, b, rel, path = "$") {
  if (typeof a === "number" && typeof b === "number" && !(Number.isInteger(a) && Number.isInteger(b))) {
    const d = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
    assert.ok(a === b || d <= rel, `${path}: ${a} vs ${b}`);
    return;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    assert.deepEqual(Object.keys(a), Object.keys(b), `${path}: keys`);
    for (const k of Object.keys(a)) assertClose(a[k], b[k], rel, `${path}.${k}`);
    return;
  }
  assert.equal(a, b, path);
}

const SIX = ["taobao_orders.csv", "crm_customers.csv", "interest_events.csv", "outbound_calls.csv", "aftersales_tickets.csv", "shopify_orders.csv"].sort();
function sixFiles() {
  const ws = new Workspace();
  for (const n of SIX) ws.addFile(n, readFileSync(join(SAMPLE, n)));
  const expected = cli(["report", "--as-of", "2024-12-30", ...SIX.map((n) => join(SAMPLE, n))]);
  const json = ws.reportJson({ as_of: "2024-12-30" });
  ws.free();
  return { json, expected };
}

test("all six sample files with a config: same report as the CLI (floats to 1e-12)", () => {
  const { json, expected } = sixFiles();
  assertClose(JSON.parse(json), JSON.parse(expected), 1e-12);
});

// Known core issue (reported to the Rust side): p-values of the conversion and call tests
// differ from the native build in the last bit (f64 exp/ln come from glibc natively and from
// the Rust libm port on wasm32), so this byte-equality does not hold yet.
test("all six sample files with a config: byte-identical to the CLI", { todo: "p-values differ in the last ulp between wasm32 and native (std exp/ln)" }, () => {
  const { json, expected } = sixFiles();
  assert.equal(json + "\n", expected);
});

test("errors are CustomerInsightsError with a code", () => {
  const ws = new Workspace();
  assert.throws(() => ws.report({ nope: 1 }), (e) => e instanceof Error && e.name === "CustomerInsightsError" && e.code === "bad_config");
  assert.throws(() => ws.push(new Uint8Array([1])), (e) => e.code === "bad_sequence");
  ws.free();
});

test("chunked feeding gives the same report as one addFile", () => {
  const bytes = readFileSync(join(SAMPLE, "taobao_orders.csv"));
  const a = new Workspace();
  a.addFile("t.csv", bytes);
  const b = new Workspace();
  b.beginFile("t.csv", bytes.length);
  for (let i = 0; i < bytes.length; i += 65536) b.push(bytes.subarray(i, i + 65536));
  b.finishFile();
  assert.equal(a.reportJson(), b.reportJson());
  a.free(); b.free();
});

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

const SIX = ["taobao_orders.csv", "crm_customers.csv", "interest_events.csv", "outbound_calls.csv", "aftersales_tickets.csv", "shopify_orders.csv"].sort();
function sixFiles() {
  const ws = new Workspace();
  for (const n of SIX) ws.addFile(n, readFileSync(join(SAMPLE, n)));
  const expected = cli(["report", "--as-of", "2024-12-30", ...SIX.map((n) => join(SAMPLE, n))]);
  const json = ws.reportJson({ as_of: "2024-12-30" });
  ws.free();
  return { json, expected };
}

// The stats use libm only, so floats agree to the bit between wasm32 and native.
test("all six sample files with a config: byte-identical to the CLI", () => {
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

#!/usr/bin/env node
// Prints the RFM segment counts of shop exports, one "segment<TAB>customers" line each.
//
//   npm install customer-insights
//   node node-segments.mjs 订单报表.csv [客户列表.csv …]
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Workspace } from "customer-insights";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node node-segments.mjs EXPORT_FILE...");
  process.exit(2);
}
const ws = new Workspace();
for (const file of files) {
  const s = ws.addFile(basename(file), readFileSync(file));
  console.error(
    `${s.name}: ${s.kind ?? "unreadable"} (${s.platform ?? "?"}, ${s.encoding ?? "?"}), ${s.rows_used} of ${s.rows_total} rows used`,
  );
}
const report = ws.report();
for (const seg of report.rfm?.segments ?? []) console.log(`${seg.segment}\t${seg.customers}`);
ws.free();

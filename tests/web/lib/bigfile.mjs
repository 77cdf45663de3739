// A big GBK Taobao export for the tests of reading in parts (parts.test.mjs, node.test.mjs).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG, SAMPLE } from "./paths.mjs";

const { FIRST_PART_BONUS, cutAt } = await import(join(PKG, "parts.js"));

/**
 * The sample Taobao export (GBK) copied to about `mb` MiB: two copies in three get fresh order
 * ids (the id's first four digits become the copy's number), the third repeats earlier orders
 * (duplicates across the parts); with `quoted`, one order's message spans the cut a reader
 * with chunks of `CHUNK` bytes makes to read it in two parts (`door`: "page" for the
 * WorkspaceClient, "node" for customer-insights/fs: their first parts differ in length).
 */
export function bigTaobao(mb, quoted, CHUNK, door) {
  const src = readFileSync(join(SAMPLE, "taobao_orders.csv"));
  const nl = src.indexOf(10) + 1;
  const header = src.subarray(0, nl);
  let body = src.subarray(nl);
  if (body[body.length - 1] !== 10) body = Buffer.concat([body, Buffer.from("\r\n")]);
  const target = mb << 20;
  const out = [header];
  let len = header.length;
  for (let k = 1; len < target; k++) {
    const copy = Buffer.from(body);
    if (k % 3 !== 0) {
      const id = String(k).padStart(4, "0");
      for (let i = 0; i < copy.length - 6; i++) {
        if (
          (i === 0 || copy[i - 1] === 10) &&
          copy[i] === 0x3d &&
          copy[i + 1] === 0x22 &&
          /^[0-9]{4}$/.test(copy.toString("latin1", i + 2, i + 6))
        ) {
          copy.write(id, i + 2, "latin1");
        }
      }
    }
    out.push(copy);
    len += copy.length;
  }
  let file = Buffer.concat(out);
  if (quoted) {
    // a first row with its 买家留言 (12th field) replaced by 10,000 lines (ASCII, so GBK-safe),
    // put where the client cuts the file in two: at a record's start (a line starting `="`)
    const first = body
      .subarray(0, body.indexOf(10) + 1)
      .toString("latin1")
      .trimEnd()
      .split(",");
    first[0] = '="9999000000000000001"';
    first[11] = `"${Array.from({ length: 10_000 }, (_, i) => `line ${i}, "" quoted ""\r\n`).join("")}"`;
    const row = Buffer.from(`${first.join(",")}\r\n`, "latin1");
    const cut = cutAt(CHUNK, file.length + row.length, 1, 2, FIRST_PART_BONUS[door]);
    const at = file.lastIndexOf(Buffer.from('\n="'), cut - row.length / 2) + 1;
    assert.ok(at > CHUNK && at < cut && at + row.length > cut + 65536, "the message spans the cut");
    file = Buffer.concat([file.subarray(0, at), row, file.subarray(at)]);
  }
  return file;
}

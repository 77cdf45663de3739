// A big file read in parts by helper workers (WorkspaceClient `helpers`) in headless Chromium
// gives the report the CLI prints, byte for byte: with one helper and two, and when the cut
// falls inside a quoted buyer message that spans thousands of lines (that part is read again
// by the main worker). Small chunk and part sizes make a 3 MB file take the path a 400 MB one
// takes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const CHUNK = 256 * 1024;
const DIR = join(SITE, "parts-test");
let server, browser;

/**
 * The sample Taobao export (GBK) copied to about `mb` MiB: two copies in three get fresh order
 * ids (the id's first four digits become the copy's number), the third repeats earlier orders
 * (duplicates across the parts); with `quoted`, one order's message spans the two-part cut.
 */
function bigTaobao(mb, quoted) {
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
        if ((i === 0 || copy[i - 1] === 10) && copy[i] === 0x3d && copy[i + 1] === 0x22 && /^[0-9]{4}$/.test(copy.toString("latin1", i + 2, i + 6))) {
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
    const first = body.subarray(0, body.indexOf(10) + 1).toString("latin1").trimEnd().split(",");
    first[0] = '="9999000000000000001"';
    first[11] = '"' + Array.from({ length: 10_000 }, (_, i) => `line ${i}, "" quoted ""\r\n`).join("") + '"';
    const row = Buffer.from(first.join(",") + "\r\n", "latin1");
    const cut = CHUNK + Math.floor((file.length + row.length - CHUNK) / 2);
    const at = file.lastIndexOf(Buffer.from('\n="'), cut - row.length / 2) + 1;
    assert.ok(at > CHUNK && at < cut && at + row.length > cut + 65536, "the message spans the cut");
    file = Buffer.concat([file.subarray(0, at), row, file.subarray(at)]);
  }
  return file;
}

before(async () => {
  mkdirSync(DIR, { recursive: true });
  for (const quoted of [false, true]) writeFileSync(join(DIR, `big_${quoted}.csv`), bigTaobao(3, quoted));
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
  rmSync(DIR, { recursive: true, force: true });
});

for (const quoted of [false, true]) {
  test(`a big file read by helper workers equals the CLI (message across the cut: ${quoted})`, async () => {
    const file = join(DIR, `big_${quoted}.csv`);
    const want = cli(["report", file]);
    const { page, context, requests, errors } = await openPage(browser);
    try {
      await page.goto(`${server.url}/index.html`);
      for (const [helpers, parts, taken] of [[0, null, null], [1, 2, quoted ? 0 : 1], [2, 3, 2]]) {
        const got = await page.evaluate(async ({ url, name, helpers, chunk }) => {
          const { WorkspaceClient } = await import("/pkg/client.js");
          const blob = await (await fetch(url)).blob();
          const c = new WorkspaceClient({ helpers, chunkSize: chunk, partMin: 64 * 1024 });
          let parts = null;
          c.addEventListener("parts", (e) => { parts = /** @type {CustomEvent} */ (e).detail; });
          try {
            await c.addFile(name, blob);
            return { json: await c.reportJson({}), parts };
          } finally {
            c.close();
          }
        }, { url: `/parts-test/big_${quoted}.csv`, name: `big_${quoted}.csv`, helpers, chunk: CHUNK });
        assert.equal(got.json + "\n", want, `${helpers} helpers: the report differs from the CLI's`);
        assert.deepEqual(got.parts && [got.parts.parts, got.parts.taken], parts && [parts, taken], `${helpers} helpers`);
      }
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests), []);
    } finally {
      await context.close();
    }
  });
}

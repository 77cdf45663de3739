// A big file read in parts by helper workers (WorkspaceClient `helpers`) in headless Chromium
// gives the report the CLI prints, byte for byte: with one helper and two, and when the cut
// falls inside a quoted buyer message that spans thousands of lines (that part is read again
// by the main worker). Small chunk and part sizes make a 3 MB file take the path a 400 MB one
// takes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SITE, cli } from "./lib/paths.mjs";
import { bigTaobao } from "./lib/bigfile.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const CHUNK = 256 * 1024;
const DIR = join(SITE, "parts-test");
let server, browser;

before(async () => {
  mkdirSync(DIR, { recursive: true });
  for (const quoted of [false, true])
    writeFileSync(join(DIR, `big_${quoted}.csv`), bigTaobao(3, quoted, CHUNK, "page"));
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
      for (const [helpers, parts, taken] of [
        [0, null, null],
        [1, 2, quoted ? 0 : 1],
        [2, 3, 2],
      ]) {
        const got = await page.evaluate(
          async ({ url, name, helpers, chunk }) => {
            const { WorkspaceClient } = await import("/pkg/client.js");
            const blob = await (await fetch(url)).blob();
            const c = new WorkspaceClient({ helpers, chunkSize: chunk, partMin: 64 * 1024 });
            let parts = null;
            c.addEventListener("parts", (e) => {
              parts = /** @type {CustomEvent} */ (e).detail;
            });
            try {
              await c.addFile(name, blob);
              return { json: await c.reportJson({}), parts };
            } finally {
              c.close();
            }
          },
          { url: `/parts-test/big_${quoted}.csv`, name: `big_${quoted}.csv`, helpers, chunk: CHUNK },
        );
        assert.equal(`${got.json}\n`, want, `${helpers} helpers: the report differs from the CLI's`);
        assert.deepEqual(
          got.parts && [got.parts.parts, got.parts.taken],
          parts && [parts, taken],
          `${helpers} helpers`,
        );
      }
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests), []);
    } finally {
      await context.close();
    }
  });
}

test("a helper worker that crashes mid-part costs time, not rows: its part is read again in order", async () => {
  const file = join(DIR, "big_false.csv");
  const want = cli(["report", file]);
  const { page, context, errors } = await openPage(browser);
  try {
    await page.goto(`${server.url}/index.html`);
    const got = await page.evaluate(
      async ({ url, chunk }) => {
        const { WorkspaceClient } = await import("/pkg/client.js");
        const blob = await (await fetch(url)).blob();
        const c = new WorkspaceClient({ helpers: 1, chunkSize: chunk, partMin: 64 * 1024 });
        // the helper's worker fails (as on a trap or out of memory) as soon as it is given a part
        const helper = c._helper.bind(c);
        c._helper = (/** @type {number} */ i) => {
          const h = helper(i);
          const call = h.call.bind(h);
          h.call = (/** @type {any[]} */ ...a) => {
            const p = call(...a);
            if (a[0] === "readPart")
              queueMicrotask(() => h._worker?.dispatchEvent(new ErrorEvent("error", { message: "simulated crash" })));
            return p;
          };
          return h;
        };
        let parts = null;
        c.addEventListener("parts", (e) => {
          parts = /** @type {CustomEvent} */ (e).detail;
        });
        try {
          await c.addFile("big_false.csv", blob);
          return { json: await c.reportJson({}), parts };
        } finally {
          c.close();
        }
      },
      { url: "/parts-test/big_false.csv", chunk: CHUNK },
    );
    assert.equal(`${got.json}\n`, want, "the report differs from the CLI's");
    assert.deepEqual(got.parts && [got.parts.parts, got.parts.taken], [2, 0]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

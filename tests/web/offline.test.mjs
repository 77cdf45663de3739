// The host page offline (www/sw.js, www/manifest.webmanifest): after one visit, with the
// browser offline, the page reloads from the service worker's cache, reads a dropped export and
// shows the dashboard, and `?sample=1` loads the sample; Chromium finds the page installable;
// nothing ever leaves 127.0.0.1; a new build's worker replaces the old cache.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

let server, browser;

before(async () => {
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** The build's precache list, as the worker reads it. */
function precache() {
  const text = readFileSync(join(SITE, "precache.js"), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
}

/** Waits until the page is controlled by an activated worker; returns its cache's name. */
async function controlled(page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    return { scope: reg.scope, caches: await caches.keys() };
  });
}

test("after one visit the page works with the network off: drop a file, get the dashboard", async () => {
  const { version, files } = precache();
  assert.ok(files.includes("pkg/customer_insights_bg.wasm") && files.includes("pkg/vendor/echarts.js"), files);
  assert.ok(!files.some((f) => f.endsWith(".d.ts") || f.startsWith("pkg/examples/")), files);
  const orders = join(SAMPLE, "taobao_orders.csv");
  const expected = JSON.parse(cli(["report", orders]));
  const { page, context, requests, errors } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/?lang=zh-CN`);
    const state = await controlled(page);
    assert.equal(state.scope, `${server.url}/`);
    assert.deepEqual(state.caches, [`customer-insights-site-${version}`]);
    const cached = await page.evaluate(
      async (name) => (await (await caches.open(name)).keys()).length,
      `customer-insights-site-${version}`,
    );
    assert.equal(cached, files.length);

    // installable: a manifest with icons and a worker with a fetch handler
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    // (a test context is off the record, which no page can change: every other reason must be absent)
    assert.deepEqual(
      installabilityErrors.filter((e) => e.errorId !== "in-incognito"),
      [],
    );
    const manifest = await cdp.send("Page.getAppManifest");
    assert.deepEqual(manifest.errors, []);

    await context.setOffline(true);
    const before = requests.length;
    await page.reload();
    assert.equal(await page.locator('[data-testid="tab-files"]').textContent(), "数据文件");
    await page.locator('[data-testid="file-input"]').setInputFiles(orders);
    const kpi = page.locator('[data-testid="headline-transacted_365d"]');
    await kpi.waitFor({ timeout: 60_000 });
    assert.equal(Number(await kpi.getAttribute("data-value")), expected.headline.transacted_365d);
    // the charts (vendored ECharts) drew from the cache too
    await page.locator('[data-testid="lifecycle-chart"] canvas, [data-testid="lifecycle-chart"] svg').first().waitFor();
    assert.ok(requests.length > before, "the reload went through the worker");

    // the sample, offline
    await page.goto(`${server.url}/?sample=1&lang=en`);
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('[data-testid="file-card"]').count(), 6);

    assert.deepEqual(foreign(requests), []);
    assert.deepEqual(
      errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)),
      [],
    );
  } finally {
    await context.close();
  }
});

test("a new build's worker replaces the old cache", async () => {
  // a copy of the site, so the test can make a new build of it
  const dir = mkdtempSync(join(tmpdir(), "ci-site-"));
  cpSync(SITE, dir, { recursive: true });
  const copy = await serve(dir);
  const { page, context } = await openPage(browser, { locale: "en" });
  try {
    await page.goto(`${copy.url}/?lang=en`);
    const { caches: first } = await controlled(page);
    assert.equal(first.length, 1);
    // a new build: another version in precache.js, which the browser's update check sees
    const p = join(dir, "precache.js");
    writeFileSync(p, readFileSync(p, "utf8").replace(/"version": "[0-9a-f]+"/, '"version": "ffffffffffffffff"'));
    const keys = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      if (!reg) return [];
      await reg.update();
      const w = reg.installing ?? reg.waiting;
      if (w && w.state !== "activated")
        await new Promise((r) => w.addEventListener("statechange", () => w.state === "activated" && r(null)));
      return caches.keys();
    });
    assert.deepEqual(keys, ["customer-insights-site-ffffffffffffffff"]);
  } finally {
    await context.close();
    copy.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

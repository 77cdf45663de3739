// Saved analyses (pkg-config/ui/saved.js, the element's `persist`, importAnalysis/exportAnalysis):
// the file format's checks in Node; in headless Chromium the round trip page → file → CLI →
// the same report, the restore after a reload with its line, Clear, an import of a file of
// another version, and an element without `persist` keeping nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HERE, PKG, SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const saved = await import(join(PKG, "ui", "saved.js"));
const SHOTS = "/tmp/ci-saved-shots";
const FILES = ["taobao_orders.csv", "crm_customers.csv", "interest_events.csv"];
const KEY = "customer-insights:analysis:v1";

test("the file format: both shapes, versions, storage keys", () => {
  const bare = saved.parseAnalysis('{"as_of":"2024-12-01"}');
  assert.deepEqual(bare.config, { as_of: "2024-12-01" });
  assert.deepEqual(bare.mappings, {});
  const a = saved.parseAnalysis({
    customer_insights_analysis: 1,
    name: "周报",
    config: { as_of: "2024-12-01" },
    mappings: { "a.csv": { kind: "orders" } },
    view: { tab: "tags" },
  });
  assert.equal(a.name, "周报");
  assert.deepEqual(a.mappings, { "a.csv": { kind: "orders" } });
  for (const [input, code] of [
    ["{", "bad_analysis"],
    ["[1]", "bad_analysis"],
    ['{"customer_insights_analysis":2,"config":{}}', "bad_analysis_version"],
    ['{"customer_insights_analysis":1,"config":[]}', "bad_analysis"],
    ['{"customer_insights_analysis":1,"mappings":{"a.csv":1}}', "bad_analysis"],
  ])
    assert.throws(
      () => saved.parseAnalysis(input),
      (e) => e.code === code,
      input,
    );
  assert.equal(saved.storageKey(null), null);
  assert.equal(saved.storageKey("off"), null);
  assert.equal(saved.storageKey(""), KEY);
  assert.equal(saved.storageKey("on"), KEY);
  assert.equal(saved.storageKey("shop-2"), `${KEY}:shop-2`);
  assert.ok(saved.isBlank(saved.empty()));
  assert.ok(!saved.isBlank({ ...saved.empty(), name: "x" }));
  assert.equal(saved.fileName("双十一 复盘/1"), "双十一_复盘_1.analysis.json");
  // a blank analysis removes the key; storage that throws is no crash
  /** @type {Map<string, string>} */
  const m = new Map([[KEY, "x"]]);
  const store = { setItem: (k, v) => m.set(k, v), removeItem: (k) => m.delete(k), getItem: (k) => m.get(k) ?? null };
  assert.ok(saved.storeSaved(store, KEY, saved.empty()));
  assert.equal(m.has(KEY), false);
  assert.ok(saved.storeSaved(store, KEY, a));
  assert.deepEqual(saved.loadSaved(store, KEY), a);
  const full = {
    setItem: () => {
      throw new Error("quota");
    },
    removeItem: () => undefined,
  };
  assert.equal(saved.storeSaved(full, KEY, a), false);
  m.set(KEY, '{"customer_insights_analysis":9}');
  assert.equal(saved.loadSaved(store, KEY), null);
});

let server, browser, dir;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "ci-saved-"));
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const AXE = join(HERE, "node_modules", "axe-core", "axe.min.js");

/** axe-core's serious and critical violations in the element (as dashboard.test.mjs runs it). */
async function axe(page) {
  assert.ok(existsSync(AXE), `axe-core is not installed (${AXE}): run npm ci in tests/web`);
  await page.route("**/__test__/axe.min.js", (route) =>
    route.fulfill({ path: AXE, contentType: "text/javascript; charset=utf-8" }),
  );
  await page.addScriptTag({ url: `${server.url}/__test__/axe.min.js` });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document.querySelector("customer-insights"), { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return res.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** The element's report (computed if needed). */
const pageReport = (page) => page.evaluate(() => document.getElementById("ci").report());

/** The sample files read through the element's API (as a drop does). */
const addSample = (page) =>
  page.evaluate(async (names) => {
    const el = document.getElementById("ci");
    const files = await Promise.all(names.map(async (n) => new File([await (await fetch(`sample/${n}`)).blob()], n)));
    await el.addFiles(files);
  }, FILES);

test("page → analysis file → CLI --config: the same report; a reload restores it and says so", async () => {
  const paths = FILES.map((n) => join(SAMPLE, n));
  const plain = JSON.parse(cli(["report", ...paths]));
  const { page, context, requests, errors } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.locator('[data-testid="file-input"]').setInputFiles(paths);
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
    // a month before the latest order as the analysis date, and a tag, through the UI
    await page.locator('[data-testid="tab-settings"]').click();
    await page.locator('[data-testid="setting-as_of"]').fill("2024-11-30");
    await page.locator('[data-testid="settings-apply"]').click();
    await page.locator('[data-testid="settings-applied"]:not([hidden])').waitFor();
    await page.locator('[data-testid="tab-tags"]').click();
    const tag = { name: "高价值老客", match: "all", conditions: [{ field: "orders", op: ">=", value: 2 }] };
    await page.locator('[data-testid="tags-load-input"]').setInputFiles({
      name: "tags.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ tags: [tag] })),
    });
    // the tags recompute after a pause for typing
    for (let i = 0; i < 100 && (await pageReport(page)).tags?.length !== 1; i++) await page.waitForTimeout(100);
    await page.locator('[data-testid="tab-settings"]').click();
    await page.locator('[data-testid="saved-name"]').fill("双十一复盘");
    await page.locator('[data-testid="saved-name"]').blur();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="saved-export"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), "双十一复盘.analysis.json");
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const a = JSON.parse(readFileSync(file, "utf8"));
    assert.deepEqual(Object.keys(a).sort(), [
      "config",
      "customer_insights_analysis",
      "headers",
      "mappings",
      "name",
      "saved_at",
      "view",
    ]);
    assert.equal(a.customer_insights_analysis, 1);
    assert.equal(a.name, "双十一复盘");
    assert.equal(a.config.as_of, "2024-11-30");
    assert.deepEqual(a.config.tags, [tag]);
    assert.deepEqual(a.view.tab, "settings");
    // never the data: no customer key of the report's first member list is in it
    assert.ok(readFileSync(file).length < 2000, "the file holds settings only");

    const shown = await pageReport(page);
    const fromCli = JSON.parse(cli(["report", "--config", file, ...paths]));
    assert.deepEqual(shown, fromCli);
    assert.equal(fromCli.as_of, "2024-11-30");
    assert.notEqual(plain.as_of, fromCli.as_of);
    assert.equal(fromCli.tags[0].name, "高价值老客");
    assert.ok(fromCli.tags[0].customers > 0);
    await page.screenshot({ path: join(SHOTS, "settings-zh-light.png"), fullPage: true });

    // kept in localStorage (after the debounce), and restored after a reload
    await page.waitForFunction((k) => localStorage.getItem(k)?.includes("双十一复盘"), KEY);
    await page.reload();
    const line = page.locator('[data-testid="saved-line-text"]');
    await line.waitFor();
    assert.match(await line.textContent(), /^已恢复保存的分析「双十一复盘」（保存于 .+）$/);
    assert.equal(await page.locator('[data-testid="tab-settings"]').getAttribute("aria-selected"), "true");
    assert.equal(await page.locator('[data-testid="setting-as_of"]').inputValue(), "2024-11-30");
    assert.equal(await page.locator('[data-testid="saved-name"]').inputValue(), "双十一复盘");
    await addSample(page);
    assert.deepEqual(await pageReport(page), fromCli);
    await page.screenshot({ path: join(SHOTS, "restored-zh-light.png"), fullPage: false });
    assert.deepEqual(await axe(page), [], "the restored line and the saved-analysis panel, light");
    await page.locator('[data-testid="lang-select"]').selectOption("en");
    await page.locator('[data-testid="tab-settings"]').click();
    assert.match(await line.textContent(), /^Restored saved analysis “双十一复盘” \(saved .+\)$/);
    await page.locator('[data-testid="theme-toggle"]').click();
    await page.screenshot({ path: join(SHOTS, "restored-en-dark.png"), fullPage: false });
    assert.deepEqual(await axe(page), [], "the restored line and the saved-analysis panel, dark");

    // Clear: the line goes, the key goes, the default settings come back
    await page.locator('[data-testid="saved-clear"]').click();
    await page.locator('[data-testid="saved-line"]').waitFor({ state: "detached" });
    await page.waitForFunction(
      () => document.getElementById("ci").shadowRoot.querySelector('[data-testid="setting-as_of"]')?.value === "",
    );
    await page.waitForTimeout(600);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
    assert.equal((await pageReport(page)).as_of, plain.as_of);

    assert.deepEqual(foreign(requests), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("an import sets the mappings too; a file of another version is refused and says so", async () => {
  const { page, context, errors } = await openPage(browser, { locale: "en" });
  try {
    await page.goto(`${server.url}/?lang=en`);
    // a file no layout matches, read with the imported analysis's mapping
    const odd = "单号,会员,实付,时间\nX-1,amy,12.50,2024-11-01 10:00:00\nX-2,bob,7.00,2024-11-02 11:00:00\n";
    const analysis = {
      customer_insights_analysis: 1,
      name: "odd",
      saved_at: "2026-12-07T06:30:00.000Z",
      config: { as_of: "2024-11-30" },
      mappings: {
        "odd.csv": { kind: "orders", mapping: { order_id: "单号", customer: "会员", amount: "实付", created: "时间" } },
      },
      view: { tab: "tags", lang: "en" },
    };
    const r = await page.evaluate(
      async ([a, text]) => {
        const el = document.getElementById("ci");
        await el.importAnalysis(a);
        await el.addFiles([{ name: "odd.csv", bytes: new TextEncoder().encode(text) }]);
        return el.report();
      },
      [analysis, odd],
    );
    assert.equal(r.inputs[0].rows_used, 2);
    assert.equal(r.totals.orders, 2);
    const path = join(dir, "odd.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, odd);
    const file = join(dir, "odd.analysis.json");
    writeFileSync(file, JSON.stringify(analysis));
    assert.deepEqual(r, JSON.parse(cli(["report", "--config", file, path])));
    assert.match(await page.locator('[data-testid="saved-line-text"]').textContent(), /^Imported analysis “odd”/);
    // next month's export under another name, same columns: read with the same mapping
    const r2 = await page.evaluate(async (text) => {
      const el = document.getElementById("ci");
      await el.addFiles([{ name: "odd (2).csv", bytes: new TextEncoder().encode(text.replace(/X-/g, "Y-")) }]);
      return el.report();
    }, odd);
    assert.equal(r2.inputs[1].rows_used, 2);
    assert.equal(r2.totals.orders, 4);
    const now = await page.evaluate(() => document.getElementById("ci").analysis);
    assert.deepEqual(now.mappings, { ...analysis.mappings, "odd (2).csv": analysis.mappings["odd.csv"] });
    assert.deepEqual(now.headers["odd (2).csv"], ["单号", "会员", "实付", "时间"]);

    // another version: through the UI, the message says what to do; nothing changed
    await page.locator('[data-testid="tab-settings"]').click();
    await page.locator('[data-testid="saved-import-input"]').setInputFiles({
      name: "new.analysis.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"customer_insights_analysis": 2, "config": {}}'),
    });
    const err = page.locator('[data-testid="saved-error"]:not([hidden])');
    await err.waitFor();
    assert.match(await err.textContent(), /format 2; this page reads format 1/);
    assert.equal((await pageReport(page)).as_of, "2024-11-30");
    await page.screenshot({ path: join(SHOTS, "import-error-en.png"), fullPage: true });

    // an element without `persist` keeps nothing
    await page.waitForTimeout(600); // the page's own element has kept its analysis
    const keys = await page.evaluate(async () => {
      const entries = () => Object.entries(localStorage).sort();
      const before = entries();
      const el = document.createElement("customer-insights");
      document.body.append(el);
      await el.importAnalysis({ customer_insights_analysis: 1, name: "x", config: { as_of: "2024-01-01" } });
      await new Promise((r) => setTimeout(r, 800));
      el.remove();
      return { before, after: entries() };
    });
    assert.deepEqual(keys.after, keys.before);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

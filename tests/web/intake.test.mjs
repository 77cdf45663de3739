// The page's intake in headless Chromium, in both languages, as a new operator meets it: a file
// that cannot be read stays in sight (a mark on the Files tab, a banner over the dashboard, the
// Files tab when nothing could be read) and says in the UI language what happened and what to
// do; a file with unknown headers is read after "treat as orders" and a column mapping; bad
// settings are refused next to the field; the member CSV and its file name are in the UI
// language; the progress text counts up on a big file and a "computing" step follows.
// Screenshots of each state go to tests/web/screenshots/intake-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HERE, PKG, SITE, SAMPLE } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";
import { bigTaobao } from "./lib/bigfile.mjs";

const SHOTS = join(HERE, "screenshots");
const ERP = join(HERE, "data", "erp_orders.csv");
const TAOBAO = join(SAMPLE, "taobao_orders.csv");
/** A PNG renamed .csv (what an operator drops by mistake). */
const PNG = {
  name: "截图.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
    "hex",
  ),
};
let server, browser, tmp;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), "ci-intake-"));
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Latin-script words (4+ letters) in `text` once the file names are taken out. */
function latinWords(text, names = []) {
  let t = text;
  for (const n of names) t = t.split(n).join("");
  return t.match(/[A-Za-z]{4,}/g) ?? [];
}

async function open(lang, opts = {}) {
  const o = await openPage(browser, { locale: lang, ...opts });
  await o.page.goto(`${server.url}/?lang=${lang}`);
  return o;
}

const tabSelected = (page, tab) => page.locator(`[data-testid="tab-${tab}"]`).getAttribute("aria-selected");

for (const lang of ["zh-CN", "en"]) {
  const zh = lang === "zh-CN";

  test(`${lang}: a PNG renamed .csv alone keeps the Files tab, a mark on it and a translated message`, async () => {
    const { page, context, requests, errors } = await open(lang);
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles(PNG);
      const err = page.locator('[data-testid="file-error"]');
      await err.waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="files-failed-badge"]').waitFor();
      await page.waitForTimeout(300); // (the report after the read)
      assert.equal(await tabSelected(page, "files"), "true", "nothing usable: the Files tab stays");
      assert.equal(await page.locator('[data-testid="files-failed-badge"]').textContent(), "! 1");
      assert.equal(await err.getAttribute("data-code"), "not_a_table");
      const text = await page.locator('[data-testid="file-error-text"]').textContent();
      assert.match(text, zh ? /这不是表格文件/ : /not a table/);
      if (zh) assert.deepEqual(latinWords(text), [], text);
      // no "treat as" for an image
      assert.equal(await page.locator('[data-testid="treat-as"]').count(), 0);
      await page.screenshot({ path: join(SHOTS, `intake-png-alone-${lang}.png`), fullPage: true });
      // the dashboard names it too, with a way back
      await page.locator('[data-testid="tab-dashboard"]').click();
      const banner = page.locator('[data-testid="failed-banner"]');
      await banner.waitFor();
      assert.match(await banner.textContent(), /截图\.csv/);
      await page.screenshot({ path: join(SHOTS, `intake-dashboard-failed-${lang}.png`), fullPage: true });
      // by keyboard: Tab reaches the banner's button, Enter goes to the Files tab and to the error
      const active = () =>
        page.evaluate(() => {
          const a = document.getElementById("ci").shadowRoot.activeElement;
          return a ? `${a.dataset.testid}@${a.closest("[data-file]")?.dataset.file ?? ""}` : null;
        });
      let tabs = 0;
      while ((await active()) !== "banner-go-files@" && tabs++ < 40) await page.keyboard.press("Tab");
      assert.equal(await active(), "banner-go-files@", "Tab reaches the banner's button");
      await page.keyboard.press("Enter");
      assert.equal(await tabSelected(page, "files"), "true");
      assert.equal(await active(), "file-error@截图.csv");
      assert.deepEqual(foreign(requests), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: unreadable files among good ones: badge, banner on the dashboard; treat as orders + mapping reads the ERP file`, async () => {
    const { page, context, requests, errors } = await open(lang);
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles([TAOBAO, ERP]);
      await page.locator('[data-testid="file-input"]').setInputFiles(PNG);
      // the good file's report: the page went to the dashboard, which names both failed files
      const banner = page.locator('[data-testid="failed-banner"]');
      await banner.waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
      assert.equal(await tabSelected(page, "dashboard"), "true");
      const btext = await banner.textContent();
      assert.match(btext, /erp_orders\.csv/);
      assert.match(btext, /截图\.csv/);
      assert.match(btext, zh ? /2 个文件/ : /2 files/);
      if (zh) assert.deepEqual(latinWords(btext, ["erp_orders.csv"]), [], btext);
      assert.equal(await page.locator('[data-testid="files-failed-badge"]').textContent(), "! 2");
      await page.screenshot({ path: join(SHOTS, `intake-banner-${lang}.png`) });

      // to the Files tab: the ERP file says its headers are unknown, in the UI language
      await page.locator('[data-testid="banner-go-files"]').click();
      const card = page.locator('[data-testid="file-card"][data-file="erp_orders.csv"]');
      assert.equal(await card.locator('[data-testid="file-error"]').getAttribute("data-code"), "no_header");
      const text = await card.locator('[data-testid="file-error-text"]').textContent();
      assert.match(text, zh ? /认不出这个文件的列名/ : /column names are not recognised/);
      if (zh) {
        assert.deepEqual(latinWords(text), [], text);
        // the engine's English message is nowhere in the zh page, not even as a tooltip
        assert.equal(await card.locator('[data-testid="file-error"]').getAttribute("title"), null);
      } else {
        assert.match(await card.locator('[data-testid="file-error"]').getAttribute("title"), /no recognisable header/);
      }
      // "treat as orders", then the columns
      await card.locator('[data-testid="treat-as"]').selectOption("orders");
      const grid = card.locator('[data-testid="treat-as-mapping"]');
      await grid.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(SHOTS, `intake-treat-as-${lang}.png`), fullPage: true });
      // what it cannot be read without is said before anything is sent
      await grid.locator('select[data-role="order_id"]').selectOption("单据编号");
      await card.locator('[data-testid="treat-as-apply"]').click();
      const missing = await card.locator('[data-testid="treat-as-missing"]').textContent();
      assert.equal(
        missing,
        zh
          ? "还需要选择：实付金额、创建时间（标 * 的列）"
          : "Still needed: Amount paid, Created (the columns marked *)",
      );
      assert.equal(await card.locator('[data-testid="file-error"]').getAttribute("data-code"), "no_header");
      for (const [role, col] of [
        ["order_id", "单据编号"],
        ["customer", "往来单位"],
        ["amount", "价税合计"],
        ["created", "单据日期"],
        ["province", "收货省份"],
      ])
        await grid.locator(`select[data-role="${role}"]`).selectOption(col);
      await card.locator('[data-testid="treat-as-apply"]').click();
      await card.locator('[data-testid="file-kind"]').waitFor({ timeout: 30_000 });
      assert.equal(await card.locator('[data-testid="file-kind"]').textContent(), zh ? "订单" : "Orders");
      assert.match(await card.locator('[data-testid="file-rows"]').textContent(), /7/);
      assert.equal(await page.locator('[data-testid="files-failed-badge"]').textContent(), "! 1");
      assert.deepEqual(foreign(requests), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: bad settings are refused next to the field; an analysis date after the data too; Apply says what changed`, async () => {
    const { page, context, requests, errors } = await open(lang);
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles(TAOBAO);
      await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
      const chip = page.locator('[data-panel="dashboard"] [data-testid="settings-chip-text"]');
      const chipBefore = await chip.textContent();
      const latest = /(\d{4}-\d{2}-\d{2})/.exec(chipBefore)[1];
      const sleepingBefore = await page.locator('[data-testid="lifecycle-sleeping-customers"]').textContent();
      await page.locator('[data-testid="tab-settings"]').click();
      await page.locator('[data-testid="setting-active_days"]').fill("400");
      await page.locator('[data-testid="setting-sleeping_days"]').fill("300");
      await page.locator('[data-testid="settings-apply"]').click();
      const msg = page.locator('[data-testid="setting-error-active_days"]');
      await msg.waitFor();
      const m = await msg.textContent();
      assert.equal(
        m,
        zh
          ? "活跃天数（400）不能大于沉睡天数（300）"
          : "The active window (400) cannot be longer than the sleeping window (300)",
      );
      assert.equal(await page.locator('[data-testid="setting-active_days"]').getAttribute("aria-invalid"), "true");
      await page.screenshot({ path: join(SHOTS, `intake-settings-bad-${lang}.png`), fullPage: true });
      // not applied: the active settings and the numbers are as before
      assert.equal(await page.locator('[data-testid="settings-applied"]').isVisible(), false);
      await page.locator('[data-testid="tab-dashboard"]').click();
      assert.equal(await chip.textContent(), chipBefore);
      assert.equal(await page.locator('[data-testid="lifecycle-sleeping-customers"]').textContent(), sleepingBefore);

      // an analysis date after the latest order is refused too
      await page.locator('[data-testid="tab-settings"]').click();
      await page.locator('[data-testid="setting-active_days"]').fill("180");
      await page.locator('[data-testid="setting-sleeping_days"]').fill("365");
      await page.locator('[data-testid="setting-as_of"]').fill("2030-01-01");
      await page.locator('[data-testid="settings-apply"]').click();
      const asOfMsg = await page.locator('[data-testid="setting-error-as_of"]').textContent();
      assert.match(asOfMsg, new RegExp(`2030-01-01.*${latest}`));
      if (zh) assert.deepEqual(latinWords(asOfMsg), [], asOfMsg);
      await page.locator('[data-testid="tab-dashboard"]').click();
      assert.equal(await chip.textContent(), chipBefore);

      // a good change is applied and said
      await page.locator('[data-testid="tab-settings"]').click();
      const earlier = `${Number(latest.slice(0, 4)) - 1}${latest.slice(4)}`;
      await page.locator('[data-testid="setting-as_of"]').fill(earlier);
      await page.locator('[data-testid="settings-apply"]').click();
      const applied = page.locator('[data-testid="settings-applied"]');
      await applied.waitFor({ timeout: 30_000 });
      const said = await applied.textContent();
      assert.ok(said.includes(zh ? "已应用：截止日期" : "Applied: as of"), said);
      assert.ok(said.includes(`→ ${earlier}`), said);
      await page.screenshot({ path: join(SHOTS, `intake-settings-applied-${lang}.png`), fullPage: true });
      await page.locator('[data-testid="tab-dashboard"]').click();
      assert.ok((await chip.textContent()).includes(earlier));
      // the chip's reset goes back to the defaults
      await page.locator('[data-panel="dashboard"] [data-testid="settings-chip-reset"]').click();
      await page.waitForFunction(
        (want) => {
          const el = document
            .getElementById("ci")
            ?.shadowRoot?.querySelector('[data-panel="dashboard"] [data-testid="settings-chip-text"]');
          return el?.textContent === want;
        },
        chipBefore,
        { timeout: 30_000 },
      );
      assert.deepEqual(foreign(requests), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: the member CSV is named what and when, with headers and values in the UI language`, async (t) => {
    const { page, context, errors } = await open(lang);
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles(TAOBAO);
      await page.locator('[data-testid="lifecycle-sleeping"]').waitFor({ timeout: 60_000 });
      const asOf = /(\d{4}-\d{2}-\d{2})/.exec(
        await page.locator('[data-panel="dashboard"] [data-testid="settings-chip-text"]').textContent(),
      )[1];
      await page.locator('[data-testid="lifecycle-sleeping"]').click();
      await page.locator('[data-testid="members-table"] tbody tr').first().waitFor({ timeout: 30_000 });
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator('[data-testid="members-csv"]').click(),
      ]);
      assert.equal(download.suggestedFilename(), zh ? `会员名单_沉睡_${asOf}.csv` : `members_Sleeping_${asOf}.csv`);
      const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
      const [header, first] = csv.split(/\r?\n/);
      // ENGINE: membersCsv(selector, config, {lang}) is the lead's change (tracker issue 22);
      // until the merged engine declares it, the language of the CSV cannot be asserted.
      const dts = readFileSync(join(PKG, "customer_insights.d.ts"), "utf8");
      if (!/membersCsv\(selector: MemberSelector, config\?: ReportConfig \| null, options\?/.test(dts)) {
        t.skip("the engine's membersCsv has no `lang` option yet (lead's change); file name checked only");
        return;
      }
      assert.match(header, /lifecycle_code/);
      assert.match(header, /rfm_segment_code/);
      if (zh) {
        assert.ok(header.startsWith("客户"), header);
        assert.match(header, /生命周期/);
        assert.match(first, /沉睡/);
        assert.ok(!/,sleeping,/.test(first.split(",").slice(0, -2).join(",")), first);
      } else {
        assert.ok(header.startsWith("Customer") || header.startsWith("customer"), header);
        assert.match(first, /Sleeping|sleeping/);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test("a big file: the progress text counts rows up while the bar moves, then a 'computing' step", async () => {
  const file = join(tmp, "ExportOrderList_big.csv");
  writeFileSync(file, bigTaobao(48, false, 4 << 20, "page"));
  const { page, context, errors } = await open("zh-CN");
  try {
    // record every progress text and whether the computing step shows, as the page changes
    await page.evaluate(() => {
      const root = document.getElementById("ci").shadowRoot;
      window.__texts = [];
      window.__computing = false;
      new MutationObserver(() => {
        const t = root.querySelector('[data-testid="file-progress-text"]')?.textContent;
        if (t && window.__texts.at(-1) !== t) window.__texts.push(t);
        const c = root.querySelector('[data-testid="computing"]');
        if (c && !c.hidden) window.__computing = true;
      }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    await page.locator('[data-testid="file-progress"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, "intake-progress-zh-CN.png") });
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 180_000 });
    const texts = await page.evaluate(() => window.__texts);
    const rows = texts.map((s) => Number(/已读 ([\d,]+) 行/.exec(s)?.[1].replace(/,/g, "") ?? -1));
    const pcts = texts.map((s) => Number(/^(\d+)%/.exec(s)?.[1] ?? -1));
    assert.ok(texts.length >= 4, `progress texts: ${JSON.stringify(texts)}`);
    assert.ok(
      rows.some((r, i) => r > 0 && pcts[i] < 100),
      `rows count before the end: ${JSON.stringify(texts)}`,
    );
    for (let i = 1; i < rows.length; i++) assert.ok(pcts[i] >= pcts[i - 1], JSON.stringify(texts));
    assert.ok(new Set(rows).size >= 3, `rows move: ${JSON.stringify(texts)}`);
    // the rows keep pace with the bytes, also while a helper reads a later part (with one helper
    // the bar moves for both readers: rows counted on one side only would lag at half the pace)
    await page.locator('[data-testid="tab-files"]').click();
    const total = Number(
      /([\d,]+)\s*$/.exec(await page.locator('[data-testid="file-rows"]').textContent())[1].replace(/,/g, ""),
    );
    for (const [i, pct] of pcts.entries())
      if (pct >= 20 && pct < 100)
        assert.ok(
          rows[i] >= 0.7 * total * (pct / 100),
          `rows lag the bytes at ${texts[i]} (of ${total}): ${JSON.stringify(texts)}`,
        );
    assert.equal(await page.evaluate(() => window.__computing), true, "the computing step showed");
    // (the step is short; for the screenshot, the Files tab as it looks while a report runs)
    await page.locator('[data-testid="tab-files"]').click();
    await page.evaluate(() => document.getElementById("ci")._session._setBusy(1));
    await page.screenshot({ path: join(SHOTS, "intake-computing-zh-CN.png") });
    await page.evaluate(() => document.getElementById("ci")._session._setBusy(-1));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const [lang, theme] of [
  ["zh-CN", "light"],
  ["en", "dark"],
]) {
  test(`phone width, ${lang} ${theme}: the banner, the chip and the treat-as box fit the screen`, async () => {
    const { page, context, errors } = await openPage(browser, { width: 390, height: 844, locale: lang });
    try {
      await page.goto(`${server.url}/?lang=${lang}&theme=${theme}`);
      await page.locator('[data-testid="file-input"]').setInputFiles([TAOBAO, ERP]);
      await page.locator('[data-testid="failed-banner"]').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
      const overflow = () => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      assert.ok((await overflow()) <= 0, `the dashboard scrolls sideways by ${await overflow()} px`);
      await page.screenshot({ path: join(SHOTS, `intake-mobile-banner-${lang}-${theme}.png`) });
      await page.locator('[data-testid="banner-go-files"]').click();
      await page.locator('[data-testid="treat-as"]').selectOption("orders");
      await page.locator('[data-testid="treat-as-mapping"]').waitFor({ timeout: 30_000 });
      assert.ok((await overflow()) <= 0, `the Files tab scrolls sideways by ${await overflow()} px`);
      await page.locator('[data-testid="treat-as-box"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `intake-mobile-treat-as-${lang}-${theme}.png`) });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

/** axe-core from node_modules (never a CDN), over the element and its shadow DOM: serious or critical. */
async function axe(page) {
  // a missing file would leave the route unanswered and the test hanging: fail at once instead
  assert.ok(
    existsSync(join(HERE, "node_modules", "axe-core", "axe.min.js")),
    "axe-core is not installed: run npm ci in tests/web",
  );
  await page.route("**/__test__/axe.min.js", (route) =>
    route.fulfill({ path: join(HERE, "node_modules", "axe-core", "axe.min.js"), contentType: "text/javascript" }),
  );
  await page.addScriptTag({ url: `${server.url}/__test__/axe.min.js` });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document.querySelector("customer-insights"), { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
  return res.filter((v) => v.impact === "serious" || v.impact === "critical");
}

for (const theme of ["light", "dark"]) {
  test(`axe-core, ${theme}: the banner, the failed cards with treat-as, the guide and the settings messages`, async () => {
    const { page, context } = await openPage(browser, { locale: "zh-CN" });
    try {
      await page.goto(`${server.url}/?lang=zh-CN&theme=${theme}`);
      await page.locator('[data-testid="file-input"]').setInputFiles([TAOBAO, ERP]);
      await page.locator('[data-testid="file-input"]').setInputFiles(PNG);
      await page.locator('[data-testid="failed-banner"]').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
      assert.deepEqual(await axe(page), [], "dashboard with the banner and the chip");
      await page.locator('[data-testid="banner-go-files"]').click();
      await page.locator('[data-testid="treat-as"]').selectOption("orders");
      await page.locator('[data-testid="treat-as-mapping"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="treat-as-apply"]').click();
      await page.locator('[data-testid="export-guide"] summary').click();
      assert.deepEqual(await axe(page), [], "Files tab: failed cards, treat-as, guide");
      await page.locator('[data-testid="tab-settings"]').click();
      await page.locator('[data-testid="setting-active_days"]').fill("400");
      await page.locator('[data-testid="setting-sleeping_days"]').fill("300");
      await page.locator('[data-testid="settings-apply"]').click();
      await page.locator('[data-testid="setting-error-active_days"]').waitFor();
      assert.deepEqual(await axe(page), [], "Settings with a field message");
    } finally {
      await context.close();
    }
  });
}

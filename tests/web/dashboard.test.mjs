// The dashboard as an operator reads it, in both languages (headless Chromium on target/site,
// built by `make site`): numbers in reading form with the exact value in titles and tables;
// the conversion verdict names the group; the members dialog by keyboard; a table row opened by
// keyboard; a tag built with the translated pickers counts what the CLI counts; chart exports
// in the UI language; no tile clipped on a phone; axe-core finds nothing serious in light or
// dark; screenshots (the README's www/screenshot-zh-light.png and -en-dark.png are the two
// desktop ones, passed by hand through `pngquant --strip --nofs 128` to stay under ~400 KB: with
// the second wave's cards the page is ~7,800 px tall).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HERE, SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const SHOTS = join(HERE, "screenshots");
const AXE = join(HERE, "node_modules", "axe-core", "axe.min.js");
const FILES = [
  "taobao_orders.csv",
  "crm_customers.csv",
  "interest_events.csv",
  "outbound_calls.csv",
  "aftersales_tickets.csv",
  "shopify_orders.csv",
].map((n) => join(SAMPLE, n));
const LANGS = ["zh-CN", "en"];
let server, browser, report;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(SITE);
  browser = await launch();
  report = JSON.parse(cli(["report", ...FILES]));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const digits = (s) => (s ?? "").replace(/[^0-9.]/g, "");
const tid = (id) => `[data-testid="${id}"]`;

/** The sample on the dashboard. */
async function open(lang, { width = 1440, height = 900, theme = "light" } = {}) {
  const o = await openPage(browser, { width, height, locale: lang });
  await o.page.goto(`${server.url}/?sample=1&lang=${lang}&theme=${theme}`);
  await o.page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
  await o.page
    .locator(`${tid("region-card")} canvas`)
    .first()
    .waitFor({ timeout: 30_000 });
  return o;
}

/** The data-testid of the focused element inside the element's shadow root, and whether it is in the dialog. */
const focus = (page) =>
  page.evaluate(() => {
    const a = document.querySelector("customer-insights")?.shadowRoot?.activeElement;
    return {
      id: a?.getAttribute("data-testid") ?? a?.tagName ?? null,
      inDialog: Boolean(a?.closest('[data-testid="members-dialog"]')),
    };
  });

for (const lang of LANGS) {
  const zh = lang === "zh-CN";

  test(`${lang}: tiles read 万/K with the exact value in the title and in the table`, async () => {
    const { page, context, errors, requests } = await open(lang);
    try {
      const lost = report.lifecycle.find((s) => s.stage === "lost");
      const rev = page.locator(tid("lifecycle-lost-revenue"));
      const text = await rev.textContent();
      assert.match(text, zh ? /^¥\d+(\.\d)?万$/ : /^¥\d+(\.\d+)?K$/, text);
      assert.equal(digits(await rev.getAttribute("title")), lost.revenue);
      assert.equal(await rev.getAttribute("data-value"), lost.revenue);
      // Counts under 10,000 stay exact.
      const t365 = page.locator(tid("headline-transacted_365d"));
      assert.equal(await t365.textContent(), String(report.headline.transacted_365d));
      // The table behind the chart has exact money.
      await page.locator(tid("lifecycle-toggle")).click();
      const cell = page.locator(`${tid("lifecycle-table")} tr[data-key="lost"] td[data-col="revenue"]`);
      assert.equal(digits(await cell.textContent()), lost.revenue);
      // The new-interest tile says which day it counts; the sleeping stage says its exact rule.
      const newDay = await page.locator(tid("kpi-interested_new_1d")).textContent();
      assert.match(newDay, zh ? /12月31日/ : /Dec 31/);
      assert.equal(
        await page.locator(tid("lifecycle-sleeping-desc")).textContent(),
        zh ? "最近一次购买在 180–364 天前" : "last order 180–364 days ago",
      );
      // Who to wake up: the sleeping customers' count and revenue, exact in the title.
      const sleeping = report.lifecycle.find((s) => s.stage === "sleeping");
      assert.equal(await page.locator(tid("wake-customers")).getAttribute("data-value"), String(sleeping.customers));
      assert.equal(digits(await page.locator(tid("wake-revenue")).getAttribute("title")), sleeping.revenue);
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests), []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: the conversion verdict names the group that differs, or says none does`, async () => {
    const { page, context } = await open(lang);
    try {
      const verdict = page.locator(tid("conversion-verdict"));
      // The card opens on the breakdown with an answer (source); by region nothing differs.
      assert.equal(
        await page.locator(`${tid("conversion-by-switch")} button[aria-checked="true"]`).getAttribute("data-value"),
        "source",
      );
      await page.locator(`${tid("conversion-by-switch")} button[data-value="region"]`).click();
      assert.match(await verdict.textContent(), zh ? /^没有哪个地区/ : /^No group differs/);
      await page.locator(`${tid("conversion-by-switch")} button[data-value="source"]`).click();
      const src = report.conversion.find((c) => c.by === "source");
      const best = src.groups.filter((g) => g.p_adjusted < 0.05).sort((a, b) => a.p_adjusted - b.p_adjusted)[0];
      assert.ok(best, "the sample has a significant source");
      const text = await page.locator(tid("conversion-verdict")).textContent();
      assert.ok(text.startsWith(best.key), text);
      assert.match(
        text,
        zh ? /显著高于其他来源（p[=<]0\.\d+）/ : /significantly above the other sources \(p[=<]0\.\d+\)/,
      );
      // The chart says it too, for screen readers.
      const chart = page.locator(tid("conversion-chart"));
      assert.equal(await chart.getAttribute("role"), "img");
      assert.ok((await chart.getAttribute("aria-label")).includes(best.key));
    } finally {
      await context.close();
    }
  });

  test(`${lang}: the members dialog by keyboard (focus in, Tab stays in, Esc closes, focus returns)`, async () => {
    const { page, context } = await open(lang);
    try {
      const opener = page.locator(tid("wake-list"));
      await opener.focus();
      await page.keyboard.press("Enter");
      await page
        .locator(`${tid("members-table")} tbody tr`)
        .first()
        .waitFor({ timeout: 30_000 });
      assert.equal((await focus(page)).inDialog, true, "the dialog takes focus");
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press("Tab");
        assert.equal((await focus(page)).inDialog, true, `Tab ${i + 1} stays in the dialog`);
      }
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press("Shift+Tab");
        assert.equal((await focus(page)).inDialog, true, `Shift+Tab ${i + 1} stays in the dialog`);
      }
      await page.keyboard.press("Escape");
      await page.locator(tid("members-dialog")).waitFor({ state: "detached" });
      assert.equal((await focus(page)).id, "wake-list", "focus is back on the opener");
    } finally {
      await context.close();
    }
  });

  test(`${lang}: a table row opens its members on Enter and on Space`, async () => {
    const { page, context } = await open(lang);
    try {
      await page.locator(tid("segments-toggle")).click();
      const row = page.locator(`${tid("segments-table")} tr[data-key="Champions"]`);
      await row.focus();
      await page.keyboard.press("Enter");
      const head = page.locator(`${tid("members-dialog")} h3`);
      await page
        .locator(`${tid("members-table")} tbody tr`)
        .first()
        .waitFor({ timeout: 30_000 });
      const champions = report.rfm.segments.find((s) => s.segment === "Champions").customers;
      assert.match(await head.textContent(), new RegExp(`^${zh ? "重要价值客户" : "Champions"} · ${champions}`));
      await page.keyboard.press("Escape");
      await page.locator(tid("members-dialog")).waitFor({ state: "detached" });
      await page.locator(tid("lifecycle-toggle")).click();
      await page.locator(`${tid("lifecycle-table")} tr[data-key="lost"]`).focus();
      await page.keyboard.press(" ");
      await page
        .locator(`${tid("members-table")} tbody tr`)
        .first()
        .waitFor({ timeout: 30_000 });
      assert.match(await head.textContent(), zh ? /^流失 · / : /^Lost · /);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: a tag built with the translated pickers counts what the CLI counts`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "ci-tag-"));
    const config = join(dir, "config.json");
    const conditions = [
      { field: "lifecycle", op: "=", value: "sleeping" },
      { field: "orders", op: ">=", value: 3 },
    ];
    writeFileSync(config, JSON.stringify({ tags: [{ name: "t", match: "all", conditions }] }));
    const expected = JSON.parse(cli(["report", "--config", config, ...FILES])).tags[0].customers;
    const { page, context } = await open(lang);
    try {
      await page.locator(tid("tab-tags")).click();
      await page.locator(tid("tag-add")).click();
      const field0 = page.locator(tid("tag-0-field-0"));
      assert.equal(await field0.getAttribute("aria-label"), zh ? "条件字段" : "Field");
      await field0.selectOption({ label: zh ? "生命周期" : "lifecycle stage" });
      const value0 = page.locator(tid("tag-0-value-0"));
      assert.equal(await value0.evaluate((el) => el.tagName), "SELECT", "a fixed-choice value is picked from a list");
      assert.equal(await value0.getAttribute("aria-label"), zh ? "取值" : "Value");
      await value0.selectOption({ label: zh ? "沉睡" : "Sleeping" });
      await page.locator(tid("tag-0-add-condition")).click();
      await page.locator(tid("tag-0-field-1")).selectOption({ label: zh ? "订单数" : "orders" });
      await page.locator(tid("tag-0-op-1")).selectOption({ label: "≥" });
      await page.locator(tid("tag-0-value-1")).fill("3");
      const count = page.locator(tid("tag-count-0"));
      const want = new RegExp(`^${expected} ${zh ? "位客户" : "customers"}`);
      await page.waitForFunction(
        ([re]) =>
          new RegExp(re).test(
            document.querySelector("customer-insights")?.shadowRoot?.querySelector('[data-testid="tag-count-0"]')
              ?.textContent ?? "",
          ),
        [want.source],
        { timeout: 30_000 },
      );
      assert.match(await count.textContent(), want);
    } finally {
      await context.close();
    }
  });
}

test("Shopify orders alone: no member count, and age/gender say which file would fill them", async () => {
  const { page, context } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.locator(tid("file-input")).setInputFiles(join(SAMPLE, "shopify_orders.csv"));
    await page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
    for (const lang of LANGS) {
      if (lang === "en") {
        await page.locator(tid("lang-select")).selectOption("en");
        await page.locator(tid("tab-dashboard")).click();
      }
      assert.equal(await page.locator(tid("headline-members")).textContent(), "—");
      assert.match(
        await page.locator(tid("kpi-members")).textContent(),
        lang === "en" ? /customer list with member levels/ : /客户列表（含会员等级）/,
      );
      assert.match(await page.locator(tid("gender-empty")).textContent(), lang === "en" ? /gender column/ : /“性别”列/);
      assert.match(
        await page.locator(tid("age-empty")).textContent(),
        lang === "en" ? /age or birthday/ : /“年龄”或“生日”/,
      );
      assert.equal(await page.locator(`${tid("gender-card")} canvas`).count(), 0, "no one-bar chart");
    }
  } finally {
    await context.close();
  }
});

test("zh-CN: chart CSV export has Chinese headers, names and percentages, and a dated file name", async () => {
  const { page, context } = await open("zh-CN");
  try {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(tid("lifecycle-csv")).click()]);
    assert.equal(download.suggestedFilename(), `客户生命周期_${report.as_of}.csv`);
    const lines = readFileSync(await download.path(), "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r\n/);
    assert.equal(lines[0], "阶段,客户数,客户占比 (%),销售额,销售额占比 (%)");
    const sleeping = report.lifecycle.find((s) => s.stage === "sleeping");
    const share = (Math.round(sleeping.customer_share * 10000) / 100).toFixed(2);
    assert.ok(
      lines.includes(
        `沉睡,${sleeping.customers},${share},${sleeping.revenue},${(Math.round(sleeping.revenue_share * 10000) / 100).toFixed(2)}`,
      ),
      lines.join("\n"),
    );
    const [d2] = await Promise.all([page.waitForEvent("download"), page.locator(tid("segments-csv")).click()]);
    const seg = readFileSync(await d2.path(), "utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r\n/);
    assert.equal(seg[0], "分群,客户数,客户占比 (%),销售额,销售额占比 (%)");
    assert.ok(
      seg.some((l) => l.startsWith("重要价值客户,")),
      seg.join("\n"),
    );
    assert.ok(!seg.some((l) => /\d\.\d{5,}/.test(l)), "no raw long fractions");
    // Who to wake up → export: the sleeping customers, in Chinese, named by what and when.
    const [d3] = await Promise.all([page.waitForEvent("download"), page.locator(tid("wake-csv")).click()]);
    assert.equal(d3.suggestedFilename(), `会员名单_沉睡_${report.as_of}.csv`); // a member list: ui-intake's naming
    const wake = readFileSync(await d3.path(), "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r\n/);
    assert.match(wake[0], /^客户,/);
    const sleeping2 = report.lifecycle.find((s) => s.stage === "sleeping").customers;
    assert.equal(wake.length - 1, sleeping2);
    assert.ok(
      wake.slice(1).every((l) => l.includes(",沉睡,")),
      wake[1],
    );
  } finally {
    await context.close();
  }
});

test("phone 390×844: nothing overflows and no tile amount is clipped", async () => {
  for (const lang of LANGS) {
    const { page, context } = await open(lang, { width: 390, height: 844 });
    try {
      const bad = await page.evaluate(() => {
        const root = document.querySelector("customer-insights").shadowRoot;
        const out = [];
        for (const el of root.querySelectorAll(
          ".kpi-value, .stage-count, .stage-rev, .stage-share, .wake-n, .kpi-label",
        )) {
          if (el.scrollWidth > el.clientWidth + 0.5) out.push(`${el.className}: ${el.textContent}`);
          const box = el.getBoundingClientRect();
          const card = el.closest(".kpi, .stage, .wake")?.getBoundingClientRect();
          if (card && box.right > card.right + 0.5) out.push(`${el.className} sticks out: ${el.textContent}`);
        }
        if (document.documentElement.scrollWidth > innerWidth)
          out.push(`page ${document.documentElement.scrollWidth}px wide`);
        return out;
      });
      assert.deepEqual(bad, [], lang);
    } finally {
      await context.close();
    }
  }
});

/** axe-core from node_modules (never a CDN), over the page and the element's shadow DOM. */
async function axe(page) {
  // a missing file would leave the route unanswered and the test hanging: fail at once instead
  assert.ok(existsSync(AXE), `axe-core is not installed (${AXE}): run npm ci in tests/web`);
  // The page's CSP allows scripts from 'self' only (no inline), so axe is served under the
  // page's own origin straight from node_modules.
  await page.route("**/__test__/axe.min.js", (route) =>
    route.fulfill({ path: AXE, contentType: "text/javascript; charset=utf-8" }),
  );
  await page.addScriptTag({ url: `${server.url}/__test__/axe.min.js` });
  const res = await page.evaluate(async () => {
    // The element (its shadow DOM included, and the dialog in it); the host page is www/'s.
    const r = await window.axe.run(document.querySelector("customer-insights"), { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
  return res.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** WCAG contrast of two computed colours (rgb(), or color(srgb …) from color-mix). */
function contrast(a, b) {
  const rgb = (c) => {
    const n = (c.match(/[\d.]+/g) ?? []).map(Number);
    return c.startsWith("color(") ? n.slice(0, 3) : n.slice(0, 3).map((x) => x / 255);
  };
  const lum = (c) => {
    const [r, g, bl] = rgb(c).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const theme of ["light", "dark"]) {
  test(`axe-core on the dashboard, ${theme}: no serious or critical violation; accent text ≥ 4.5:1`, async () => {
    const { page, context } = await open(theme === "dark" ? "en" : "zh-CN", { theme });
    try {
      await page.waitForTimeout(800);
      // The accent as text (the selected tab on the page background) and as a button's fill.
      const pairs = await page.evaluate(() => {
        const host = document.querySelector("customer-insights");
        const root = host.shadowRoot;
        const tab = getComputedStyle(root.querySelector('.tab[aria-selected="true"]'));
        const btn = getComputedStyle(root.querySelector(".btn.primary"));
        return [
          [tab.color, getComputedStyle(host).backgroundColor],
          [btn.color, btn.backgroundColor],
        ];
      });
      for (const [fg, bg] of pairs)
        assert.ok(contrast(fg, bg) >= 4.5, `${fg} on ${bg}: ${contrast(fg, bg).toFixed(2)}`);
      assert.deepEqual(await axe(page), []);
      await page.locator(tid("lifecycle-sleeping")).click();
      await page
        .locator(`${tid("members-table")} tbody tr`)
        .first()
        .waitFor({ timeout: 30_000 });
      assert.deepEqual(await axe(page), [], "with the members dialog open");
    } finally {
      await context.close();
    }
  });
}

for (const [size, width, height] of [
  ["desktop", 1440, 900],
  ["phone", 390, 844],
]) {
  for (const [lang, theme] of [
    ["zh-CN", "light"],
    ["en", "dark"],
  ]) {
    test(`screenshot: ${size} ${lang} ${theme}`, async () => {
      const { page, context, errors } = await open(lang, { width, height, theme });
      try {
        await page.waitForTimeout(1200); // chart animations
        const file = join(SHOTS, `dashboard-${size}-${lang}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

// Issue 17 on the page, in both languages (headless Chromium on target/site, built by
// `make site`): the change-over-time cards show the CLI's `periods`, `trends`, `repurchase`,
// `cohorts` and `migration` for the sample; the day/week/month, metric, counts/% and
// lifecycle/RFM switches redraw from the right numbers; a migration cell (by click and by
// keyboard) lists as many customers as the cell says, all of them on that move, and its CSV has
// that many rows; axe-core finds nothing serious on the cards, light and dark; screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
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
const CARDS = ["periods", "trends", "repurchase", "cohorts", "migration"];
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

const tid = (id) => `[data-testid="${id}"]`;
/** The digits of a shown number ("1,905" → 1905, "¥23,338.99" → 23338.99). */
const digits = (s) => Number((s ?? "").replace(/[^0-9.]/g, ""));

/** The sample on the dashboard, the cohort heatmap drawn. */
async function open(lang, { theme = "light", width = 1440, height = 900 } = {}) {
  const o = await openPage(browser, { width, height, locale: lang });
  await o.page.goto(`${server.url}/?sample=1&lang=${lang}&theme=${theme}`);
  await o.page.locator(tid("periods-card")).waitFor({ timeout: 60_000 });
  await o.page
    .locator(`${tid("cohorts-card")} canvas`)
    .first()
    .waitFor({ timeout: 30_000 });
  return o;
}

/** A CSV download's data lines and header. */
async function csvOf(download) {
  const lines = readFileSync(await download.path(), "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r\n/);
  return { head: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** The text of a table's column, row by row. */
const column = (page, card, col) =>
  page
    .locator(`${tid(`${card}-table`)} tbody td[data-col="${col}"]`)
    .evaluateAll((tds) => tds.map((td) => td.textContent));

test("the sample has what the cards need (so the checks below can fail)", () => {
  const p = report.periods;
  assert.ok(p.current.orders > 0 && p.previous.orders > 0);
  assert.ok(
    report.migration.lifecycle.some((m) => m.from === "none"),
    "customers new since",
  );
  assert.ok(
    report.migration.lifecycle.some((m) => m.from !== m.to && m.from !== "none"),
    "customers who moved",
  );
  assert.ok(report.cohorts.filter((c) => c.customers > 0).length >= 12);
  assert.ok(report.repurchase.repeat_customers > 0);
});

for (const lang of LANGS) {
  const zh = lang === "zh-CN";

  test(`${lang}: period tiles show the CLI's current, previous and change; the test's verdict in words`, async () => {
    const { page, context, errors, requests } = await open(lang);
    try {
      const p = report.periods;
      for (const k of ["revenue", "orders", "aov", "customers", "new_customers", "interested", "conversion_rate"]) {
        const v = (what) => page.locator(tid(`period-${k}-${what}`)).getAttribute("data-value");
        assert.equal(await v("current"), String(p.current[k]), `${k} current`);
        assert.equal(await v("previous"), String(p.previous[k]), `${k} previous`);
        assert.equal(Number(await v("change")), p.change[k], `${k} change`);
        const badge = await page.locator(tid(`period-${k}-change`)).textContent();
        assert.equal(badge[0], p.change[k] > 0 ? "↑" : "↓", `${k}: ${badge}`);
        if (k === "conversion_rate")
          assert.equal(badge, `↓ ${(Math.abs(p.change[k]) * 100).toFixed(1)}${zh ? " 个百分点" : " pts"}`);
        else assert.equal(digits(badge), Number((Math.abs(p.change[k]) * 100).toFixed(1)), `${k}: ${badge}`);
      }
      // The exact value is one hover away when the tile reads 万/K.
      const rev = page.locator(tid("period-revenue-current"));
      assert.equal(await rev.textContent(), zh ? "¥2.33万" : "¥23.3K");
      assert.equal(digits(await rev.getAttribute("title")), Number(p.current.revenue));
      // p = 0.067: not significant, said so in words, with the rates and p.
      assert.ok(p.conversion_test.p_value > 0.05 && p.conversion_test.p_value < 0.1);
      const verdict = page.locator(tid("periods-verdict"));
      assert.equal(Number(await verdict.getAttribute("data-p")), p.conversion_test.p_value);
      const text = await verdict.textContent();
      const pct = (r) => `${(r * 100).toFixed(1)}%`;
      assert.ok(text.includes(pct(p.previous.conversion_rate)) && text.includes(pct(p.current.conversion_rate)), text);
      assert.ok(text.includes(`p=${p.conversion_test.p_value.toFixed(3)}`), text);
      assert.match(
        text,
        zh ? /降到本期.*差异不显著.*正常波动/ : /went down .* not significant .* ordinary ups and downs/,
      );
      const range = await page.locator(tid("periods-range")).textContent();
      assert.equal(
        range,
        zh ? "本期 12月2日–12月31日，上期 11月2日–12月1日" : "This period Dec 2–Dec 31; the one before Nov 2–Dec 1",
      );
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests), []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: trends switch day/week/month and metric; the table is the CLI's periods`, async () => {
    const { page, context, errors } = await open(lang);
    try {
      const grain = page.locator(tid("trends-grain-switch"));
      const metric = page.locator(tid("trends-metric-switch"));
      for (const g of ["day", "week", "month"]) {
        if (g !== "day") await grain.locator(`[data-value="${g}"]`).click();
        const rows = report.trends[g];
        assert.equal(rows.length, { day: 30, week: 26, month: 24 }[g]);
        assert.equal(await grain.locator(`[data-value="${g}"]`).getAttribute("aria-checked"), "true");
        // Newest first in the table.
        const want = [...rows].reverse();
        assert.deepEqual(
          (await column(page, "trends", "orders")).map(digits),
          want.map((x) => x.orders),
          `${g} orders`,
        );
        assert.deepEqual(
          (await column(page, "trends", "revenue")).map(digits),
          want.map((x) => Number(x.revenue)),
        );
        assert.deepEqual(
          (await column(page, "trends", "new_interested")).map(digits),
          want.map((x) => x.new_interested),
        );
        assert.equal(
          await page
            .locator(`${tid("trends-table")} tbody tr`)
            .first()
            .getAttribute("data-key"),
          want[0].period,
        );
        // The chart's summary names the metric's total over the periods shown.
        await metric.locator('[data-value="customers"]').click();
        const label = await page.locator(tid("trends-chart")).getAttribute("aria-label");
        const total = rows.reduce((a, x) => a + x.customers, 0);
        assert.ok(label.includes(total.toLocaleString("en")), `${g}: ${label} has ${total}`);
        assert.equal(await metric.locator('[data-value="customers"]').getAttribute("aria-checked"), "true");
        await metric.locator('[data-value="orders"]').click();
      }
      // The switch is remembered across the metric switch's re-render.
      assert.equal(await grain.locator('[data-value="month"]').getAttribute("aria-checked"), "true");
      // Periods are named in the UI language: the newest week is ISO 2025-W01 (Dec 30, 2024 on).
      await grain.locator('[data-value="week"]').click();
      assert.equal(report.trends.week.at(-1).period, "2025-W01");
      assert.equal((await column(page, "trends", "name"))[0], zh ? "2025年第1周" : "2025 W1");
      await grain.locator('[data-value="month"]').click();
      assert.equal((await column(page, "trends", "name"))[0], zh ? "2024年12月" : "Dec 2024");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: repurchase tiles and the orders-per-customer table are the CLI's`, async () => {
    const { page, context } = await open(lang);
    try {
      const rp = report.repurchase;
      const v = (id) => page.locator(tid(`repurchase-${id}`)).getAttribute("data-value");
      assert.equal(Number(await v("repeat_rate")), rp.repeat_rate);
      assert.equal(await v("aov"), rp.aov);
      assert.equal(await v("revenue_per_customer"), rp.revenue_per_customer);
      assert.equal(Number(await v("days_to_second_order")), rp.days_to_second_order.median);
      assert.equal(Number(await v("interval_days_median")), rp.interval_days_median);
      const sub = await page.locator(tid("repurchase-days_to_second_order-sub")).textContent();
      const d = rp.days_to_second_order;
      for (const x of [d.p25, d.p75]) assert.ok(sub.includes(String(x)), `${sub} has ${x}`);
      assert.ok(sub.includes(d.mean.toFixed(1)), sub);
      assert.deepEqual(
        (await column(page, "repurchase", "customers")).map(digits),
        rp.orders_distribution.map((x) => x.customers),
      );
      assert.deepEqual(
        (await column(page, "repurchase", "revenue")).map(digits),
        rp.orders_distribution.map((x) => Number(x.revenue)),
      );
      assert.equal(
        rp.orders_distribution.reduce((a, x) => a + x.customers, 0),
        rp.customers,
        "the distribution covers every customer",
      );
    } finally {
      await context.close();
    }
  });

  test(`${lang}: the cohort table switches between % of the cohort, counts and revenue`, async () => {
    const { page, context, errors } = await open(lang);
    try {
      const list = report.cohorts.filter((c) => c.customers > 0);
      const sw = page.locator(tid("cohorts-view-switch"));
      const cell = (k) => column(page, "cohorts", `m${k}`);
      // % (the default): retained[k] / customers, one decimal.
      const pct = (r) =>
        new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
      assert.deepEqual(
        await cell(1),
        list.map((c) => (c.retained.length > 1 ? pct(c.retained[1] / c.customers) : "")),
      );
      assert.deepEqual(
        (await column(page, "cohorts", "customers")).map(digits),
        list.map((c) => c.customers),
      );
      await sw.locator('[data-value="customers"]').click();
      for (const k of [1, 3, 12])
        assert.deepEqual(
          await cell(k),
          list.map((c) => (c.retained.length > k ? String(c.retained[k]) : "")),
          `M+${k}`,
        );
      await sw.locator('[data-value="revenue"]').click();
      const rev = (await cell(2)).map((s) => (s === "" ? null : s));
      list.forEach((c, i) => {
        if (c.retained.length <= 2) assert.equal(rev[i], null);
        else if (Number(c.revenue[2]) < 10_000) assert.equal(digits(rev[i]), Number(c.revenue[2]), c.cohort);
      });
      // Rows are the cohorts in order, keyed by month.
      assert.deepEqual(
        await page.locator(`${tid("cohorts-table")} tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.dataset.key)),
        list.map((c) => c.cohort),
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: migration cells are the CLI's moves; a cell lists and exports exactly its customers`, async () => {
    const { page, context, errors } = await open(lang);
    try {
      const mg = report.migration;
      assert.equal(await page.locator(tid("migration-from")).getAttribute("data-value"), mg.from);
      for (const dim of ["lifecycle", "rfm"]) {
        if (dim === "rfm") await page.locator(`${tid("migration-by-switch")} [data-value="rfm"]`).click();
        const shown = await page
          .locator(`${tid(`migration-${dim}`)} button.move`)
          .evaluateAll((bs) => bs.map((b) => [b.dataset.testid, Number(b.dataset.value)]));
        assert.deepEqual(
          shown.sort(),
          mg[dim].map((m) => [`move-${dim}-${m.from}-${m.to}`, m.customers]).sort(),
          `${dim}: one button per non-empty move, with its count`,
        );
      }
      // One cell that moved, one of customers new since (before = none), one RFM move.
      const picks = [
        ["rfm", mg.rfm.find((m) => m.from === "Loyal Customers" && m.to === "At Risk")],
        ["lifecycle", mg.lifecycle.find((m) => m.from === "active" && m.to === "sleeping")],
        ["lifecycle", mg.lifecycle.find((m) => m.from === "none" && m.to === "new")],
      ];
      for (const [dim, m] of picks) {
        assert.ok(m, dim);
        await page.locator(`${tid("migration-by-switch")} [data-value="${dim}"]`).click();
        const cell = page.locator(tid(`move-${dim}-${m.from}-${m.to}`));
        await cell.click();
        const dialog = page.locator(tid("members-dialog"));
        await dialog
          .locator(`${tid("members-table")} tbody tr`)
          .first()
          .waitFor({ timeout: 30_000 });
        assert.equal(
          await dialog.locator(`${tid("members-table")} tbody tr`).count(),
          m.customers,
          `${m.from}→${m.to}`,
        );
        const [d] = await Promise.all([page.waitForEvent("download"), dialog.locator(tid("members-csv")).click()]);
        const { head, rows } = await csvOf(d);
        assert.equal(rows.length, m.customers, `${m.from}→${m.to} CSV rows`);
        // Everyone listed is on that move now (the codes are the CSV's last two columns).
        const code = head.indexOf(dim === "lifecycle" ? "lifecycle_code" : "rfm_segment_code");
        assert.ok(code > 0, head.join(","));
        assert.ok(
          rows.every((r) => r[code] === m.to),
          `${m.from}→${m.to}: all ${m.to} now`,
        );
        const customers = head.indexOf(zh ? "客户" : "customer");
        assert.equal(new Set(rows.map((r) => r[customers])).size, m.customers, "distinct customers");
        await page.keyboard.press("Escape");
        assert.equal(await dialog.count(), 0);
      }
      // By keyboard: focus a cell, Enter opens its list; Esc gives focus back to the cell.
      const m = mg.lifecycle.find((x) => x.from === "sleeping" && x.to === "active");
      const cell = page.locator(tid(`move-lifecycle-${m.from}-${m.to}`));
      await cell.focus();
      await page.keyboard.press("Enter");
      const rowsSel = `${tid("members-dialog")} ${tid("members-table")} tbody tr`;
      await page.locator(rowsSel).first().waitFor({ timeout: 30_000 });
      assert.equal(await page.locator(rowsSel).count(), m.customers);
      await page.keyboard.press("Escape");
      const back = await page.evaluate(
        () =>
          document.querySelector("customer-insights")?.shadowRoot?.activeElement?.getAttribute("data-testid") ?? null,
      );
      assert.equal(back, `move-lifecycle-${m.from}-${m.to}`);
      // The card's own CSV: one line per move, names in the UI language.
      const [d] = await Promise.all([page.waitForEvent("download"), page.locator(tid("migration-csv")).click()]);
      assert.equal(d.suggestedFilename(), `${zh ? "客户迁移_生命周期" : "migration_Lifecycle"}_${report.as_of}.csv`);
      const { head, rows } = await csvOf(d);
      assert.equal(head[0], zh ? "原来" : "From");
      assert.equal(rows.length, mg.lifecycle.length);
      assert.equal(rows[0][0], zh ? "当时还不是客户" : "Not a customer then");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test("orders alone: the period tiles leave interest out and say no verdict; trends offer no interest", async () => {
  const { page, context } = await openPage(browser, { locale: "en" });
  try {
    await page.goto(`${server.url}/?lang=en`);
    await page.locator(tid("file-input")).setInputFiles(join(SAMPLE, "taobao_orders.csv"));
    await page.locator(tid("periods-card")).waitFor({ timeout: 60_000 });
    await page.locator(tid("tab-dashboard")).click();
    assert.equal(await page.locator(tid("period-orders")).count(), 1);
    assert.equal(await page.locator(tid("period-interested")).count(), 0);
    assert.equal(await page.locator(tid("period-conversion_rate")).count(), 0);
    assert.equal(await page.locator(tid("periods-verdict")).count(), 0);
    assert.equal(await page.locator(`${tid("trends-metric-switch")} [data-value="interested"]`).count(), 0);
  } finally {
    await context.close();
  }
});

/** axe-core from node_modules over the element (see dashboard.test.mjs), serious and critical only. */
async function axe(page) {
  assert.ok(existsSync(AXE), `axe-core is not installed (${AXE}): run npm ci in tests/web`);
  await page.route("**/__test__/axe.min.js", (route) =>
    route.fulfill({ path: AXE, contentType: "text/javascript; charset=utf-8" }),
  );
  await page.addScriptTag({ url: `${server.url}/__test__/axe.min.js` });
  const res = await page.evaluate(async (ids) => {
    const root = document.querySelector("customer-insights").shadowRoot;
    const include = ids.map((id) => [["customer-insights", `[data-testid="${id}-card"]`]]);
    const dialog = root.querySelector('[data-testid="members-dialog"]');
    if (dialog) include.push([["customer-insights", '[data-testid="members-dialog"]']]);
    const r = await window.axe.run({ include }, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  }, CARDS);
  return res.filter((v) => v.impact === "serious" || v.impact === "critical");
}

for (const [lang, theme] of [
  ["zh-CN", "light"],
  ["en", "dark"],
]) {
  test(`axe-core on the change cards, ${lang} ${theme}: no serious or critical violation; screenshot`, async () => {
    const { page, context } = await open(lang, { theme });
    try {
      await page.waitForTimeout(800);
      assert.deepEqual(await axe(page), []);
      await page.locator(`${tid("migration-by-switch")} [data-value="rfm"]`).click();
      await page.locator(`${tid("cohorts-view-switch")} [data-value="customers"]`).click();
      assert.deepEqual(await axe(page), [], "RFM matrix, counts");
      await page.waitForTimeout(800);
      const boxes = [];
      for (const id of CARDS) boxes.push(await page.locator(tid(`${id}-card`)).boundingBox());
      const sy = await page.evaluate(() => window.scrollY);
      const top = Math.min(...boxes.map((b) => b.y)) + sy - 8;
      const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + sy + 8;
      await page.screenshot({
        path: join(SHOTS, `change-${lang}-${theme}.png`),
        fullPage: true,
        clip: { x: 0, y: top, width: 1440, height: bottom - top },
      });
      await page.locator(tid("move-rfm-Champions-Loyal Customers")).click();
      await page
        .locator(`${tid("members-table")} tbody tr`)
        .first()
        .waitFor({ timeout: 30_000 });
      assert.deepEqual(await axe(page), [], "with a move's members open");
    } finally {
      await context.close();
    }
  });
}

test("phone 390×844: the change cards do not widen the page", async () => {
  const { page, context } = await open("en", { width: 390, height: 844 });
  try {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `page ${wide}px wide`);
  } finally {
    await context.close();
  }
});

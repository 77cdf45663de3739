// Issue 16 on the page, in both languages (headless Chromium on target/site, built by
// `make site`): the interest funnel shows the CLI's `interest.by_action`; the customer search
// box finds a key by keyboard and the record dialog shows the CLI's `customer KEY` orders, with
// focus in, Esc and focus back; an audience's CSV is in the UI language and includes people who
// never ordered; one screenshot per language of the new cards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HERE, SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const SHOTS = join(HERE, "screenshots");
const FILES = [
  "taobao_orders.csv",
  "crm_customers.csv",
  "interest_events.csv",
  "outbound_calls.csv",
  "aftersales_tickets.csv",
  "shopify_orders.csv",
].map((n) => join(SAMPLE, n));
const LANGS = ["zh-CN", "en"];
// A buyer with two closed (invalid) orders among five, favourites, and a ticket.
const KEY = "开心西瓜987";
let server, browser, report, record;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(SITE);
  browser = await launch();
  report = JSON.parse(cli(["report", ...FILES]));
  record = JSON.parse(cli(["customer", KEY, ...FILES]));
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const tid = (id) => `[data-testid="${id}"]`;

/** The sample on the dashboard, the funnel drawn. */
async function open(lang) {
  const o = await openPage(browser, { width: 1440, height: 900, locale: lang });
  await o.page.goto(`${server.url}/?sample=1&lang=${lang}`);
  await o.page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
  await o.page
    .locator(`${tid("interest-card")} canvas`)
    .first()
    .waitFor({ timeout: 30_000 });
  return o;
}

/** The focused element inside the element's shadow root. */
const focus = (page) =>
  page.evaluate(() => {
    const a = document.querySelector("customer-insights")?.shadowRoot?.activeElement;
    return {
      id: a?.getAttribute("data-testid") ?? a?.tagName ?? null,
      inDialog: Boolean(a?.closest('[data-testid="record-dialog"]')),
    };
  });

test("orders alone: the interest cards say once what they need, in both languages", async () => {
  const { page, context } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.locator(tid("file-input")).setInputFiles(join(SAMPLE, "taobao_orders.csv"));
    await page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
    for (const lang of LANGS) {
      if (lang === "en") {
        await page.locator(tid("lang-select")).selectOption("en");
        await page.locator(tid("tab-dashboard")).click();
      }
      const want = lang === "en" ? "Needs a favourites / add-to-cart export" : "需要收藏/加购导出文件";
      for (const id of ["interest", "audiences", "conversion"])
        assert.equal(await page.locator(tid(`${id}-needs`)).textContent(), want, `${lang} ${id}`);
      // A kind that is only a noun is still wrapped: 需要：外呼记录.
      assert.equal(
        await page.locator(tid("calls-needs")).textContent(),
        lang === "en" ? "Needs: Calls" : "需要：外呼记录",
      );
    }
  } finally {
    await context.close();
  }
});

for (const lang of LANGS) {
  const zh = lang === "zh-CN";

  test(`${lang}: the interest funnel shows the CLI's numbers per action`, async () => {
    const { page, context, errors, requests } = await open(lang);
    try {
      const shown = report.interest.by_action.filter((x) => x.action !== "other" || x.events > 0);
      assert.ok(shown.length >= 3, "the sample has favourites and carts");
      for (const x of shown) {
        const v = (what) => page.locator(tid(`interest-${x.action}-${what}`)).getAttribute("data-value");
        assert.equal(await v("buyers"), String(x.buyers), `${x.action} buyers`);
        assert.equal(await v("converted"), String(x.converted), `${x.action} converted`);
        assert.equal(Number(await v("rate")), x.rate, `${x.action} rate`);
      }
      // Shallowest first: 收藏店铺, 收藏宝贝, 加购.
      const order = await page
        .locator(`${tid("interest-rows")} li`)
        .evaluateAll((ls) => ls.map((l) => l.getAttribute("data-action")));
      assert.deepEqual(order, ["favorite_shop", "favorite_item", "cart"]);
      // The chart says what it shows; the table behind it has the interval; CSV named by what and when.
      const label = await page.locator(tid("interest-chart")).getAttribute("aria-label");
      assert.match(label, zh ? /加购 121 人，下单 46 人/ : /Added to cart 121 people, 46 ordered/);
      await page.locator(tid("interest-toggle")).click();
      const cart = report.interest.by_action.find((x) => x.action === "cart");
      const ci = await page.locator(`${tid("interest-table")} tr[data-key="cart"] td[data-col="ci"]`).textContent();
      assert.equal(ci, `${(cart.ci_low * 100).toFixed(1)}%–${(cart.ci_high * 100).toFixed(1)}%`);
      const [d] = await Promise.all([page.waitForEvent("download"), page.locator(tid("interest-csv")).click()]);
      assert.equal(d.suggestedFilename(), `${zh ? "兴趣漏斗" : "interest_funnel"}_${report.as_of}.csv`);
      // The audiences' counts are the conversion's overall ones.
      const overall = report.conversion[0].overall;
      const n = (a) => page.locator(tid(`audience-${a}-n`)).getAttribute("data-value");
      assert.equal(await n("interested"), String(overall.interested));
      assert.equal(await n("interested_converted"), String(overall.converted));
      assert.equal(await n("interested_not_converted"), String(overall.interested - overall.converted));
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests), []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: search a customer by keyboard; the record shows the CLI's orders; Esc gives focus back`, async () => {
    const { page, context, errors } = await open(lang);
    try {
      const box = page.locator(tid("customer-search"));
      await box.focus();
      await page.keyboard.type(KEY);
      const first = page.locator(`${tid("customer-matches")} li`).first();
      await first.waitFor({ timeout: 10_000 });
      assert.equal(await first.getAttribute("data-key"), KEY);
      assert.equal(await box.getAttribute("aria-expanded"), "true");
      await page.keyboard.press("ArrowDown");
      assert.equal(await first.getAttribute("aria-selected"), "true");
      assert.equal(await box.getAttribute("aria-activedescendant"), await first.getAttribute("id"));
      await page.keyboard.press("Enter");
      const dlg = page.locator(tid("record-dialog"));
      await dlg.locator(tid("record-orders-table")).waitFor({ timeout: 10_000 });
      assert.equal((await focus(page)).inDialog, true, "focus moves into the dialog");
      assert.equal(await dlg.locator(`${tid("record-orders-table")} tbody tr`).count(), record.orders.length);
      assert.equal(
        await dlg.locator(tid("record-orders")).locator("h4").textContent(),
        zh ? `订单（${record.orders.length}）` : `Orders (${record.orders.length})`,
      );
      assert.equal(await dlg.locator(tid("record-fact-phone")).textContent(), record.summary.phone);
      // The summary counts valid orders; the invalid ones are listed and marked.
      assert.equal(await dlg.locator(tid("record-fact-orders")).textContent(), String(record.summary.orders));
      const invalid = record.orders.filter((o) => !o.valid).length;
      assert.ok(invalid > 0 && record.summary.orders < record.orders.length);
      assert.equal(await dlg.locator(`${tid("record-orders-table")} tbody tr.invalid`).count(), invalid);
      assert.equal(
        await dlg
          .locator(`${tid("record-orders-table")} tbody tr.invalid td:nth-child(3)`)
          .first()
          .textContent(),
        zh ? "无效" : "invalid",
      );
      assert.equal(await dlg.locator(`${tid("record-events-table")} tbody tr`).count(), record.events.length);
      // Orders newest first, as the CLI lists them.
      const created = await dlg
        .locator(`${tid("record-orders-table")} tbody tr td:first-child`)
        .evaluateAll((tds) => tds.map((td) => td.textContent));
      assert.deepEqual(
        created,
        record.orders.map((o) => o.created),
      );
      // Tab stays inside.
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("Tab");
        assert.equal((await focus(page)).inDialog, true, `Tab ${i} stays in the dialog`);
      }
      await page.keyboard.press("Escape");
      assert.equal(await dlg.count(), 0);
      assert.equal((await focus(page)).id, "customer-search", "focus returns to the search box");
      // Esc in the box closes the list.
      await page.keyboard.press("ArrowDown");
      assert.equal(await box.getAttribute("aria-expanded"), "true");
      await page.keyboard.press("Escape");
      assert.equal(await box.getAttribute("aria-expanded"), "false");
      assert.equal(await page.locator(tid("customer-matches")).isHidden(), true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: "export non-buyers" writes the UI language's CSV with people who never ordered`, async () => {
    const { page, context } = await open(lang);
    try {
      const [d] = await Promise.all([
        page.waitForEvent("download"),
        page.locator(tid("audience-interested_not_converted-csv")).click(),
      ]);
      assert.equal(d.suggestedFilename(), `${zh ? "未成交兴趣客户" : "interested_not_ordered"}_${report.as_of}.csv`);
      const lines = readFileSync(await d.path(), "utf8")
        .replace(/^\uFEFF/, "")
        .trim()
        .split(/\r\n/);
      const head = lines[0].split(",");
      // Chinese headers in zh (the engine's codes in en, as the CLI's --lang en prints them).
      assert.equal(head[0], zh ? "客户" : "customer");
      const orders = head.indexOf(zh ? "有效订单数" : "orders");
      assert.ok(orders > 0, lines[0]);
      assert.equal(lines.length - 1, report.conversion[0].overall.interested - report.conversion[0].overall.converted);
      assert.ok(
        lines.slice(1).some((l) => l.split(",")[orders] === "0"),
        "a person who never ordered is listed",
      );
      // The list opens in the members dialog too.
      await page.locator(tid("audience-interested_not_converted-list")).click();
      await page
        .locator(`${tid("members-table")} tbody tr`)
        .first()
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press("Escape");
      assert.equal((await focus(page)).id, "audience-interested_not_converted-list");
    } finally {
      await context.close();
    }
  });

  test(`screenshot: ${lang} the interest cards and a customer record`, async () => {
    const { page, context } = await open(lang);
    try {
      await page.locator(tid("interest-card")).scrollIntoViewIfNeeded();
      const cards = await page.locator(tid("interest-card")).boundingBox();
      const aud = await page.locator(tid("audiences-card")).boundingBox();
      const sy = await page.evaluate(() => window.scrollY);
      const top = Math.min(cards.y, aud.y) + sy - 8;
      const bottom = Math.max(cards.y + cards.height, aud.y + aud.height) + sy + 8;
      await page.screenshot({
        path: join(SHOTS, `interest-${lang}.png`),
        fullPage: true,
        clip: { x: 0, y: top, width: 1440, height: bottom - top },
      });
      await page.locator(tid("customer-search")).fill(KEY);
      await page
        .locator(`${tid("customer-matches")} li`)
        .first()
        .click();
      await page.locator(`${tid("record-dialog")} ${tid("record-orders-table")}`).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SHOTS, `record-${lang}.png`) });
    } finally {
      await context.close();
    }
  });
}

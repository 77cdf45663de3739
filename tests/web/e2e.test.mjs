// The page in headless Chromium (target/site, built by `make site`), as an operator uses it:
// upload exports through the file input, read the numbers off the DOM and compare them with
// the CLI; switch language; a hostile buyer name stays text; nothing leaves 127.0.0.1;
// screenshots in both languages at desktop and phone sizes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { HERE, SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const SHOTS = join(HERE, "screenshots");
let server, browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** Digits (and the decimal point) of an exact displayed number: "¥12,117.10" → "12117.10". */
const digits = (s) => (s ?? "").replace(/[^0-9.]/g, "");

/**
 * The exact value behind a number shown in reading form (¥13.4万): its `title` (what a pointer
 * shows) when it is shortened, else its text; and both must agree with `data-value`.
 */
async function exact(page, testid) {
  const el = page.locator(`[data-testid="${testid}"]`);
  const [txt, title, value] = await Promise.all([
    el.textContent(),
    el.getAttribute("title"),
    el.getAttribute("data-value"),
  ]);
  if (txt === "—") {
    assert.equal(value, "", `${testid}: "—" has no value`);
    return null;
  }
  const shown = digits(title ?? txt);
  assert.equal(Number(shown), Number(value), `${testid}: title/text ${title ?? txt} vs data-value ${value}`);
  return shown;
}

async function readNumbers(page, segments) {
  const out = { headline: {}, lifecycle: {}, segments: {} };
  for (const k of ["interested_30d", "interested_new_1d", "transacted_365d", "members"]) {
    const v = await exact(page, `headline-${k}`);
    out.headline[k] = v === null ? null : Number(v);
  }
  for (const st of ["new", "active", "sleeping", "lost"]) {
    out.lifecycle[st] = {
      customers: Number(await exact(page, `lifecycle-${st}-customers`)),
      revenue: await exact(page, `lifecycle-${st}-revenue`),
    };
  }
  for (const seg of segments) {
    const cell = page.locator(`[data-testid="segments-table"] tr[data-key="${seg}"] td[data-col="customers"]`);
    out.segments[seg] = Number(digits(await cell.textContent()));
  }
  return out;
}

function expectedNumbers(report) {
  return {
    headline: report.headline,
    lifecycle: Object.fromEntries(
      report.lifecycle.map((s) => [s.stage, { customers: s.customers, revenue: s.revenue }]),
    ),
    segments: Object.fromEntries(report.rfm.segments.map((s) => [s.segment, s.customers])),
  };
}

test("uploaded exports: headline, lifecycle and segments equal the CLI; language switch keeps numbers", async () => {
  const files = ["taobao_orders.csv", "crm_customers.csv", "interest_events.csv"].map((n) => join(SAMPLE, n));
  const expected = expectedNumbers(JSON.parse(cli(["report", ...files])));
  const { page, context, requests, errors, dialogs } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.locator('[data-testid="file-input"]').setInputFiles(files);
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="segments-toggle"]').click(); // the table behind the chart
    const zh = await readNumbers(page, Object.keys(expected.segments));
    assert.deepEqual(zh, expected);
    assert.equal(await page.locator('[data-testid="tab-dashboard"]').textContent(), "概览");

    // Files tab: one card per file with the detected kind.
    await page.locator('[data-testid="tab-files"]').click();
    assert.equal(await page.locator('[data-testid="file-card"]').count(), 3);
    assert.deepEqual(
      (await page.locator('[data-testid="file-kind"]').allTextContents()).sort(),
      ["客户列表", "收藏加购", "订单"].sort(),
    );

    // Switch to English: labels change, numbers do not.
    await page.locator('[data-testid="lang-select"]').selectOption("en");
    await page.locator('[data-testid="tab-dashboard"]').click();
    assert.equal(await page.locator('[data-testid="tab-dashboard"]').textContent(), "Dashboard");
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor();
    await page.locator('[data-testid="segments-toggle"]').click();
    const en = await readNumbers(page, Object.keys(expected.segments));
    assert.deepEqual(en, zh);
    assert.match(await page.locator('[data-testid="kpi-transacted_365d"]').textContent(), /Buyers, last 365 days/);

    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign(requests), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a buyer named <img src=x onerror=alert(1)> is shown as text and runs nothing", async () => {
  const { page, context, requests, dialogs } = await openPage(browser, { locale: "en" });
  try {
    await page.goto(`${server.url}/?lang=en`);
    await page.locator('[data-testid="file-input"]').setInputFiles(join(HERE, "data", "xss_orders.csv"));
    await page.locator('[data-testid="lifecycle-new"]').click();
    const cells = page.locator('[data-testid="members-table"] tbody td:first-child');
    await cells.first().waitFor({ timeout: 30_000 });
    const names = await cells.allTextContents();
    assert.ok(names.includes("<img src=x onerror=alert(1)>"), JSON.stringify(names));
    // No element was made from the name, anywhere (light or shadow DOM).
    const imgs = await page.evaluate(() => {
      const all = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll("*")) {
          if (el.tagName === "IMG") all.push(el.outerHTML);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return all;
    });
    assert.deepEqual(imgs, []);
    // Members CSV export: the formula cell is neutralised.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="members-csv"]').click(),
    ]);
    const csv = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
    assert.match(csv, /'=HYPERLINK/);
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(foreign(requests), []);
  } finally {
    await context.close();
  }
});

for (const [label, width, height] of [
  ["desktop", 1440, 900],
  ["mobile", 390, 844],
]) {
  for (const lang of ["zh-CN", "en"]) {
    test(`sample data, ${label} ${lang}: screenshot, numbers equal the CLI, no foreign requests`, async () => {
      const { page, context, requests, errors, dialogs } = await openPage(browser, { width, height, locale: lang });
      try {
        await page.goto(`${server.url}/?sample=1&lang=${lang}`);
        await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
        await page.locator('[data-testid="region-card"] canvas').first().waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1200); // chart animations
        await page.screenshot({ path: join(SHOTS, `${label}-${lang}.png`), fullPage: true });
        if (label === "desktop") {
          const files = [
            "aftersales_tickets.csv",
            "crm_customers.csv",
            "interest_events.csv",
            "outbound_calls.csv",
            "shopify_orders.csv",
            "taobao_orders.csv",
          ];
          const expected = expectedNumbers(JSON.parse(cli(["report", ...files.map((n) => join(SAMPLE, n))])));
          await page.locator('[data-testid="segments-toggle"]').click();
          assert.deepEqual(await readNumbers(page, Object.keys(expected.segments)), expected);
        }
        assert.deepEqual(dialogs, []);
        assert.deepEqual(foreign(requests), []);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

// The Settings panel's second-wave fields (pkg-config/ui/settings.js): period length, the date
// customers moved since, the response SLA (typed in hours or minutes, kept in minutes), the days
// a call's order is verified in, and the prediction switch. In Node: the form's rules against the
// engine's own (a value the page takes, the engine takes; one the engine refuses, the page
// refuses first), the change list and the reset. In headless Chromium, in both languages: each
// field set through the form changes its card as the CLI says it should, bad values are refused
// next to the field and nothing is applied, the chip and its reset include them, and a saved
// analysis carries them page → file → CLI and back into the form.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HERE, PKG, SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const settings = await import(join(PKG, "ui", "settings.js"));
const { translator } = await import(join(PKG, "i18n", "messages.js"));
const { Workspace, default: init } = await import(join(PKG, "index.node.js"));
await init();

const NAMES = [
  "taobao_orders.csv",
  "crm_customers.csv",
  "interest_events.csv",
  "outbound_calls.csv",
  "aftersales_tickets.csv",
  "shopify_orders.csv",
];
const FILES = NAMES.map((n) => join(SAMPLE, n));
const LANGS = ["zh-CN", "en"];
const tid = (id) => `[data-testid="${id}"]`;
const SHOTS = join(HERE, "screenshots");

/** What the tests set through the form, and the config it must come to. */
const SET = { periods: 7, from: "2024-12-01", sla: "2", unit: "hours", verify: 60 };
const CHANGED = {
  periods: { days: 7 },
  migration: { from: "2024-12-01" },
  service: { response_sla_minutes: 120 },
  calls: { verify_days: 60 },
  prediction: { enabled: false },
};

let dir, base, changed;

before(() => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "ci-settings-"));
  base = JSON.parse(cli(["report", ...FILES]));
  const file = join(dir, "changed.json");
  writeFileSync(file, JSON.stringify(CHANGED));
  changed = JSON.parse(cli(["report", "--config", file, ...FILES]));
});

// ------------------------------------------------------------------ Node: the form's rules

/** The form's values with the defaults (what the panel shows on a fresh page). */
const FORM = {
  as_of: "",
  new_days: "30",
  active_days: "180",
  sleeping_days: "365",
  interest_days: "30",
  transacted_days: "365",
  conversion_days: "30",
  periods_days: "30",
  migration_from: "",
  response_sla: "24",
  response_sla_unit: "hours",
  verify_days: "7",
};

test("the sample moves with every new setting (so the browser checks below can fail)", () => {
  assert.equal(base.as_of, "2024-12-31");
  assert.equal(changed.periods.days, 7);
  assert.equal(changed.periods.current.from, "2024-12-25");
  assert.notEqual(changed.periods.current.orders, base.periods.current.orders);
  assert.equal(base.migration.from, "2024-10-02");
  assert.equal(changed.migration.from, "2024-12-01");
  assert.notDeepEqual(changed.migration.lifecycle, base.migration.lifecycle);
  assert.notEqual(changed.service.overall.on_time_response_rate, base.service.overall.on_time_response_rate);
  assert.notEqual(changed.calls.verified_ordered, base.calls.verified_ordered);
  assert.ok(base.prediction, base.prediction_error);
  assert.equal(changed.prediction, null);
  assert.equal(changed.prediction_error, null);
});

test("the form's rules: days, the migration date before the analysis date, the SLA in hours or minutes", () => {
  const t = translator("en");
  const bad = (over, latest = "2024-12-31") => settings.validateSettings(t, { ...FORM, ...over }, latest);
  assert.deepEqual(bad({}), {});
  for (const v of ["0", "-1", "1.5", "", "3651"]) {
    assert.equal(bad({ periods_days: v }).periods_days, t("settings.bad_days"), `periods ${v}`);
    assert.equal(bad({ verify_days: v }).verify_days, t("settings.bad_days"), `verify ${v}`);
  }
  assert.deepEqual(bad({ periods_days: "1", verify_days: "3650" }), {});
  // migration.from: before the analysis date (typed, else the latest order date)
  assert.deepEqual(bad({ migration_from: "2024-12-30" }), {});
  assert.equal(
    bad({ migration_from: "2024-12-31" }).migration_from,
    "The date customers moved since (2024-12-31) must be before the analysis date (2024-12-31)",
  );
  assert.match(bad({ migration_from: "2025-01-05" }).migration_from, /2025-01-05.*2024-12-31/);
  assert.match(bad({ as_of: "2024-11-30", migration_from: "2024-12-01" }).migration_from, /2024-12-01.*2024-11-30/);
  assert.deepEqual(bad({ as_of: "2024-11-30", migration_from: "2024-11-29" }), {});
  assert.equal(bad({ migration_from: "2024-02-30" }).migration_from, t("settings.bad_date"));
  // the SLA: whole minutes from 1 to 720 hours
  for (const [v, unit, minutes] of [
    ["24", "hours", 1440],
    ["1.5", "hours", 90],
    ["0.25", "hours", 15],
    ["90", "minutes", 90],
    ["1", "minutes", 1],
    ["720", "hours", 43200],
    ["0", "minutes", null],
    ["0.5", "minutes", null],
    ["0.01", "hours", null],
    ["721", "hours", null],
    ["43201", "minutes", null],
    ["-5", "minutes", null],
    ["", "hours", null],
    ["abc", "hours", null],
  ]) {
    assert.equal(settings.slaMinutes(v, unit), minutes, `${v} ${unit}`);
    assert.equal(
      bad({ response_sla: v, response_sla_unit: unit }).response_sla,
      minutes === null ? t("settings.bad_sla") : undefined,
      `${v} ${unit}`,
    );
  }
  assert.deepEqual(settings.slaShown(1440), { value: 24, unit: "hours" });
  assert.deepEqual(settings.slaShown(90), { value: 90, unit: "minutes" });
  assert.equal(settings.addDays("2024-12-31", -90), "2024-10-02");
  assert.equal(settings.addDays("2024-03-01", -1), "2024-02-29");
});

test("what the page takes the engine takes; what the engine refuses the page refuses first", () => {
  const ws = new Workspace();
  for (const n of NAMES) ws.addFile(n, readFileSync(join(SAMPLE, n)));
  const t = translator("zh-CN");
  const engine = (config) => {
    try {
      ws.report(config);
      return "ok";
    } catch (e) {
      assert.equal(e.code, "bad_config", e.message);
      return e.message;
    }
  };
  /** form values → the config Apply sends (as renderSettings builds it) */
  const cases = [
    [{ periods_days: "1" }, { periods: { days: 1 } }],
    [{ periods_days: "0" }, { periods: { days: 0 } }],
    [{ verify_days: "1" }, { calls: { verify_days: 1 } }],
    [{ migration_from: "2024-12-30" }, { migration: { from: "2024-12-30" } }],
    [{ migration_from: "2024-12-31" }, { migration: { from: "2024-12-31" } }],
    [{ migration_from: "2025-03-01" }, { migration: { from: "2025-03-01" } }],
    [{ migration_from: "2019-01-01" }, { migration: { from: "2019-01-01" } }],
    [
      { as_of: "2024-06-30", migration_from: "2024-07-01" },
      { as_of: "2024-06-30", migration: { from: "2024-07-01" } },
    ],
    [
      { as_of: "2024-06-30", migration_from: "2024-06-29" },
      { as_of: "2024-06-30", migration: { from: "2024-06-29" } },
    ],
    [{ response_sla: "1", response_sla_unit: "minutes" }, { service: { response_sla_minutes: 1 } }],
    [{ response_sla: "720", response_sla_unit: "hours" }, { service: { response_sla_minutes: 43200 } }],
  ];
  for (const [form, config] of cases) {
    const page = Object.keys(settings.validateSettings(t, { ...FORM, ...form }, base.as_of)).length ? "refused" : "ok";
    const eng = engine({ ...config, prediction: { enabled: false } });
    if (page === "ok") assert.equal(eng, "ok", `${JSON.stringify(form)}: the page takes it, the engine must`);
    if (eng !== "ok") assert.equal(page, "refused", `${JSON.stringify(form)}: the engine refuses it (${eng})`);
  }
  // the engine's defaults are the page's
  const r = ws.report({});
  assert.equal(r.periods.days, settings.DEFAULTS.periods_days);
  assert.equal(r.migration.from, settings.addDays(r.as_of, -settings.MIGRATION_DAYS));
  assert.deepEqual(ws.report(settings.withoutSettings(CHANGED)), r);
  const sla = ws.report({ service: { response_sla_minutes: settings.SLA_MINUTES } });
  assert.equal(sla.service.overall.on_time_response_rate, r.service.overall.on_time_response_rate);
  const verify = ws.report({ calls: { verify_days: settings.DEFAULTS.verify_days } });
  assert.equal(verify.calls.verified_ordered, r.calls.verified_ordered);
  ws.free();
});

test("the change list names each new setting; reset drops them and keeps what the form does not set", () => {
  const t = translator("zh-CN");
  const lines = settings.describeChanges(t, {}, CHANGED, "2024-12-31");
  assert.deepEqual(lines, [
    "对比周期天数 30 → 7",
    "迁移起点 2024-10-02 (默认) → 2024-12-01",
    "响应时限 24 小时 → 2 小时",
    "外呼核实天数 7 → 60",
    "预测价值 开 → 关",
  ]);
  const en = settings.describeChanges(translator("en"), {}, { service: { response_sla_minutes: 90 } }, null);
  assert.deepEqual(en, ["response time limit 24 h → 90 min"]);
  // the default migration date follows the analysis date: said once, by the as_of line
  assert.deepEqual(settings.describeChanges(t, {}, { as_of: "2024-11-30" }, "2024-12-31"), [
    "截止日期 2024-12-31 (默认) → 2024-11-30",
  ]);
  const kept = {
    ...CHANGED,
    calls: { by: ["task"], verify_days: 3 },
    tags: [{ name: "x", conditions: [] }],
    conversion: { by: ["region"] },
  };
  assert.deepEqual(settings.withoutSettings(kept), {
    calls: { by: ["task"] },
    tags: [{ name: "x", conditions: [] }],
    conversion: { by: ["region"] },
  });
  assert.deepEqual(settings.withoutSettings(CHANGED), {});
  for (const k of Object.keys(CHANGED)) assert.ok(settings.hasSettings({ [k]: CHANGED[k] }), k);
  assert.ok(!settings.hasSettings({ calls: { by: ["hour"] }, tags: [] }));
});

// ------------------------------------------------------------------ the page

let server, browser;
before(async () => {
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The sample on the dashboard. */
async function open(lang, theme = "light") {
  const o = await openPage(browser, { locale: lang });
  await o.page.goto(`${server.url}/?sample=1&lang=${lang}&theme=${theme}`);
  await o.page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
  return o;
}

const pageReport = (page) => page.evaluate(() => document.getElementById("ci").report());
const value = (page, id) => page.locator(tid(id)).getAttribute("data-value");
const chipText = (page) => page.locator(`[data-panel="dashboard"] ${tid("settings-chip-text")}`).textContent();

/** Types the SET values into the Settings form (not applied). */
async function fillNew(page) {
  await page.locator(tid("tab-settings")).click();
  await page.locator(tid("setting-periods_days")).fill(String(SET.periods));
  await page.locator(tid("setting-migration_from")).fill(SET.from);
  await page.locator(tid("setting-response_sla")).fill(SET.sla);
  await page.locator(tid("setting-response_sla_unit")).selectOption(SET.unit);
  await page.locator(tid("setting-verify_days")).fill(String(SET.verify));
  await page.locator(tid("setting-prediction")).uncheck();
}

/** The move buttons of the migration card's lifecycle matrix, as [testid, customers]. */
const moves = (page) =>
  page
    .locator(`${tid("migration-lifecycle")} button.move`)
    .evaluateAll((bs) => bs.map((b) => [b.dataset.testid, Number(b.dataset.value)]).sort());

for (const lang of LANGS) {
  const zh = lang === "zh-CN";

  test(`${lang}: each new setting, applied from the form, changes its card as the CLI says; the chip and its reset include them`, async () => {
    const { page, context, errors, requests } = await open(lang);
    try {
      assert.deepEqual(await pageReport(page), base);
      // the defaults, as the form shows them
      await page.locator(tid("tab-settings")).click();
      assert.equal(await page.locator(tid("setting-periods_days")).inputValue(), "30");
      assert.equal(await page.locator(tid("setting-migration_from")).inputValue(), "");
      assert.equal(await page.locator(tid("setting-response_sla")).inputValue(), "24");
      assert.equal(await page.locator(tid("setting-response_sla_unit")).inputValue(), "hours");
      assert.equal(await page.locator(tid("setting-verify_days")).inputValue(), "7");
      assert.equal(await page.locator(tid("setting-prediction")).isChecked(), true);
      const hint = page.locator("#hint-migration_from");
      assert.equal(
        await hint.textContent(),
        zh ? "留空 = 分析日期前 90 天（2024-10-02）" : "Empty = 90 days before the analysis date (2024-10-02)",
      );
      // the hint follows an analysis date typed above it
      await page.locator(tid("setting-as_of")).fill("2024-11-30");
      assert.match(await hint.textContent(), /2024-09-01/);
      await page.locator(tid("setting-as_of")).fill("");

      await fillNew(page);
      await page.locator(tid("settings-apply")).click();
      const applied = page.locator(`${tid("settings-applied")}:not([hidden])`);
      await applied.waitFor({ timeout: 60_000 });
      assert.equal(
        await applied.textContent(),
        zh
          ? "已应用：对比周期天数 30 → 7；迁移起点 2024-10-02 (默认) → 2024-12-01；响应时限 24 小时 → 2 小时；外呼核实天数 7 → 60；预测价值 开 → 关"
          : "Applied: period length 30 → 7; moved since 2024-10-02 (default) → 2024-12-01; response time limit 24 h → 2 h; call verification window 7 → 60; prediction on → off",
      );
      // the page's report is the CLI's with the same settings
      const shown = await pageReport(page);
      assert.deepEqual(shown, changed);
      const saved = await page.evaluate(() => document.getElementById("ci").analysis.config);
      for (const [k, v] of Object.entries(CHANGED)) assert.deepEqual(saved[k], v, k);

      await page.locator(tid("tab-dashboard")).click();
      // periods: a 7-day window against the 7 days before
      const cur = changed.periods.current;
      assert.equal(
        await page.locator(`${tid("periods-card")} h3`).textContent(),
        zh ? "最近 7 天 vs 前 7 天" : "Last 7 days vs the 7 days before",
      );
      assert.match(
        await page.locator(tid("periods-range")).textContent(),
        zh
          ? /^本期 12月25日–12月31日，上期 12月18日–12月24日$/
          : /^This period Dec 25–Dec 31; the one before Dec 18–Dec 24$/,
      );
      assert.equal(await value(page, "period-orders-current"), String(cur.orders));
      assert.notEqual(String(cur.orders), String(base.periods.current.orders));
      // migration: from the date set, with the CLI's moves
      assert.equal(await value(page, "migration-from"), "2024-12-01");
      assert.match(await page.locator(tid("migration-from")).textContent(), zh ? /2024年12月1日/ : /Dec 1, 2024/);
      assert.deepEqual(
        await moves(page),
        changed.migration.lifecycle.map((m) => [`move-lifecycle-${m.from}-${m.to}`, m.customers]).sort(),
      );
      // service: the on-time rate against 2 hours, said in words
      assert.equal(Number(await value(page, "service-on_time")), changed.service.overall.on_time_response_rate);
      const facts = await page.locator(tid("service-facts")).textContent();
      assert.ok(facts.includes(zh ? "2 小时内首次响应" : "first response within 2 hours"), facts);
      assert.ok(
        (await page.locator(tid("service-legend")).textContent()).includes(
          zh ? "「设置 → 售后与外呼」" : "Settings → Service & calls",
        ),
      );
      // calls: verified within 60 days
      const task = changed.calls.by.find((b) => b.by === "task");
      for (const g of task.groups)
        assert.equal(
          Number(
            await page
              .locator(`${tid("calls-task-rows")} li[data-key="${g.key}"] ${tid("calls-task-verified")}`)
              .getAttribute("data-value"),
          ),
          g.verified_order_rate,
          g.key,
        );
      assert.match(
        await page.locator(tid("calls-task-legend")).textContent(),
        zh ? /60 天内真的有一笔有效订单/ : /valid order within 60 days/,
      );
      // prediction: switched off, and the card says so and where to switch it on
      assert.equal(
        await page.locator(tid("prediction-off")).textContent(),
        zh
          ? "预测价值已关闭：没有拟合模型，也没有每位客户的预测值。"
          : "Predicted value is switched off: no model was fitted and no customer has a prediction.",
      );
      assert.equal(await page.locator(tid("prediction-total")).count(), 0);
      assert.equal(await page.locator(tid("wake-value-card")).count(), 0);
      // the chip says all of it
      const chip = await chipText(page);
      for (const part of zh
        ? ["对比周期 7 天", "迁移起点 2024-12-01", "响应时限 2 小时", "外呼核实 60 天", "预测价值 关"]
        : [
            "periods of 7 d",
            "moved since 2024-12-01",
            "response within 2 h",
            "calls verified in 60 d",
            "prediction off",
          ])
        assert.ok(chip.includes(part), `${part} in ${chip}`);

      // the chip's reset: the defaults again, in the report and in the form
      await page.locator(`[data-panel="dashboard"] ${tid("settings-chip-reset")}`).click();
      await page.locator(tid("prediction-total")).waitFor({ timeout: 60_000 });
      assert.deepEqual(await pageReport(page), base);
      const chip2 = await chipText(page);
      assert.ok(chip2.includes(zh ? "迁移起点 2024-10-02（默认）" : "moved since 2024-10-02 (default)"), chip2);
      assert.equal(await page.locator(`[data-panel="dashboard"] ${tid("settings-chip-reset")}`).count(), 0);
      await page.locator(tid("tab-settings")).click();
      assert.equal(await page.locator(tid("setting-periods_days")).inputValue(), "30");
      assert.equal(await page.locator(tid("setting-migration_from")).inputValue(), "");
      assert.equal(await page.locator(tid("setting-response_sla")).inputValue(), "24");
      assert.equal(await page.locator(tid("setting-verify_days")).inputValue(), "7");
      assert.equal(await page.locator(tid("setting-prediction")).isChecked(), true);
      assert.deepEqual(foreign(requests), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: bad new settings are refused next to the field, in the UI language; nothing is applied`, async () => {
    const { page, context, errors } = await open(lang);
    try {
      const chipBefore = await chipText(page);
      const t = translator(lang);
      await page.locator(tid("tab-settings")).click();
      const apply = () => page.locator(tid("settings-apply")).click();
      /** The field's message after Apply, checked to be the one its aria-describedby names. */
      const refused = async (name) => {
        const msg = page.locator(tid(`setting-error-${name}`));
        await msg.waitFor();
        const input = page.locator(tid(`setting-${name}`));
        assert.equal(await input.getAttribute("aria-invalid"), "true", name);
        const described = (await input.getAttribute("aria-describedby")).split(" ");
        assert.ok(described.includes(await msg.getAttribute("id")), `${name}: ${described}`);
        assert.equal(await page.locator(tid("settings-error")).textContent(), t("settings.fix"));
        return msg.textContent();
      };
      const fresh = async (name) => {
        assert.equal(await page.locator(tid(`setting-${name}`)).getAttribute("aria-invalid"), "false", name);
        assert.equal(await page.locator(tid(`setting-error-${name}`)).isVisible(), false, name);
      };

      await page.locator(tid("setting-periods_days")).fill("0");
      await page.locator(tid("setting-verify_days")).fill("0");
      await page.locator(tid("setting-migration_from")).fill("2024-12-31");
      await page.locator(tid("setting-response_sla")).fill("0");
      await apply();
      assert.equal(
        await refused("periods_days"),
        zh ? "请填 1 到 3650 之间的整数天数" : "Enter a whole number of days from 1 to 3650",
      );
      assert.equal(await refused("verify_days"), t("settings.bad_days"));
      assert.equal(
        await refused("migration_from"),
        zh
          ? "迁移的起点 2024-12-31 必须早于分析日期 2024-12-31"
          : "The date customers moved since (2024-12-31) must be before the analysis date (2024-12-31)",
      );
      assert.equal(
        await refused("response_sla"),
        zh
          ? "请填 1 分钟到 720 小时之间的时长（换算后须为整分钟）"
          : "Enter a time from 1 minute to 720 hours (a whole number of minutes)",
      );
      await page.screenshot({ path: join(SHOTS, `settings-bad-${lang}.png`), fullPage: true });

      // fixed one by one: the others stay marked
      await page.locator(tid("setting-periods_days")).fill("14");
      await page.locator(tid("setting-verify_days")).fill("3");
      await page.locator(tid("setting-response_sla")).fill("1.5");
      await page.locator(tid("setting-response_sla_unit")).selectOption("minutes");
      await apply();
      await fresh("periods_days");
      await fresh("verify_days");
      assert.equal(await refused("response_sla"), t("settings.bad_sla"));
      assert.ok(await page.locator(tid("setting-error-migration_from")).isVisible());
      // a migration date that is fine until the analysis date moves before it
      await page.locator(tid("setting-response_sla")).fill("90");
      await page.locator(tid("setting-migration_from")).fill("2024-12-01");
      await page.locator(tid("setting-as_of")).fill("2024-11-30");
      await apply();
      await fresh("response_sla");
      assert.match(await refused("migration_from"), /2024-12-01.*2024-11-30/);

      // nothing was applied: the chip and the report are as before
      assert.equal(await page.locator(tid("settings-applied")).isVisible(), false);
      assert.deepEqual(await pageReport(page), base);
      await page.locator(tid("tab-dashboard")).click();
      assert.equal(await chipText(page), chipBefore);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test("saved analysis: the new settings go page → file → CLI, come back after a reload and with an import", async () => {
  const { page, context, errors } = await open("zh-CN");
  try {
    await fillNew(page);
    await page.locator(tid("settings-apply")).click();
    await page.locator(`${tid("settings-applied")}:not([hidden])`).waitFor({ timeout: 60_000 });
    await page.locator(tid("saved-name")).fill("七天复盘");
    await page.locator(tid("saved-name")).blur();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(tid("saved-export")).click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const a = JSON.parse(readFileSync(file, "utf8"));
    for (const [k, v] of Object.entries(CHANGED)) assert.deepEqual(a.config[k], v, k);
    assert.deepEqual(JSON.parse(cli(["report", "--config", file, ...FILES])), changed);

    /** The new fields as the form shows them. */
    const form = (p = page) =>
      Promise.all(
        ["periods_days", "migration_from", "response_sla", "response_sla_unit", "verify_days"].map((n) =>
          p.locator(tid(`setting-${n}`)).inputValue(),
        ),
      ).then(async (v) => [...v, await p.locator(tid("setting-prediction")).isChecked()]);
    const want = ["7", "2024-12-01", "2", "hours", "60", false];

    // restored after a reload (the element keeps the analysis)
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes("七天复盘")));
    await page.reload();
    await page.locator(tid("saved-line-text")).waitFor();
    await page.locator(tid("tab-settings")).click();
    assert.deepEqual(await form(), want);
    await page.locator(tid("tab-dashboard")).click();
    await page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
    assert.deepEqual(await pageReport(page), changed);

    // imported in a browser that has nothing kept; an SLA of 90 minutes shows in minutes
    const other = { ...a, config: { ...a.config, service: { response_sla_minutes: 90 } } };
    const fresh = await open("zh-CN");
    const p2 = fresh.page;
    try {
      await p2.locator(tid("tab-settings")).click();
      assert.deepEqual(await form(p2), ["30", "", "24", "hours", "7", true]);
      await p2.locator(tid("saved-import-input")).setInputFiles({
        name: "七天复盘.analysis.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(other)),
      });
      await p2.locator(tid("saved-line-text")).waitFor();
      await p2.locator(tid("tab-settings")).click();
      await p2.waitForFunction(
        () =>
          document.getElementById("ci").shadowRoot.querySelector('[data-testid="setting-response_sla"]')?.value ===
          "90",
      );
      assert.deepEqual(await form(p2), ["7", "2024-12-01", "90", "minutes", "60", false]);
      const otherFile = join(dir, "other.analysis.json");
      writeFileSync(otherFile, JSON.stringify(other));
      assert.deepEqual(await pageReport(p2), JSON.parse(cli(["report", "--config", otherFile, ...FILES])));
      assert.deepEqual(fresh.errors, []);
    } finally {
      await fresh.context.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

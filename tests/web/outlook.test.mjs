// Issues 18 and 19 on the page, in both languages (headless Chromium on target/site, built by
// `make site`): the service card (SLA gauge, satisfaction scores, the orders link), calls by
// task (ticked vs verified), contact screening with its two exports, and predicted value (by
// segment, P(alive) of repeat buyers apart, the customers worth waking) show the CLI's numbers;
// the worth-waking count is the CLI's member lists filtered here; a fit that cannot be made
// says why in the operator's language; axe-core finds nothing serious; screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HERE, SITE, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

const SHOTS = join(HERE, "screenshots");
const AXE = join(HERE, "node_modules", "axe-core", "axe.min.js");
const LANGS = ["zh-CN", "en"];
const SAMPLE_FILES = readdirSync(SAMPLE)
  .filter((n) => n.endsWith(".csv"))
  .map((n) => join(SAMPLE, n));
let server, browser, tmp;
/** The sample (fitted prediction, masked phones), a shop with full phone numbers, a small one. */
const data = { sample: { files: SAMPLE_FILES }, full: {}, small: {} };

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), "ci-outlook-"));
  // 2,000 orders with unmasked phones (some invalid, some shared) and enough repeat buyers for
  // a fit; 200 orders: too few customers for one.
  for (const [name, args] of [
    ["full", ["--rows", "2000", "--messy", "1", "--full-phones", "--seed", "7"]],
    ["small", ["--rows", "200", "--full-phones"]],
  ]) {
    const dir = join(tmp, name);
    cli(["sample", ...args, "--out", dir, "-q"]);
    data[name].files = readdirSync(dir).map((n) => join(dir, n));
  }
  for (const d of Object.values(data)) d.report = JSON.parse(cli(["report", ...d.files]));
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const tid = (id) => `[data-testid="${id}"]`;

/** The files on the dashboard, its last card listed. */
async function open(which, lang, { theme = "light" } = {}) {
  const o = await openPage(browser, { width: 1440, height: 900, locale: lang });
  await o.page.goto(`${server.url}/?lang=${lang}&theme=${theme}`);
  await o.page.locator(tid("file-input")).setInputFiles(data[which].files);
  await o.page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
  await o.page.locator(tid("prediction-card")).waitFor({ timeout: 30_000 });
  if (data[which].report.prediction)
    await o.page.locator(`${tid("wake-value-count")}:not([data-value=""])`).waitFor({ timeout: 30_000 });
  return o;
}

/** A CSV (quotes, doubled quotes, CRLF) as rows of cells, BOM dropped. */
function parseCsv(text) {
  const rows = [];
  let row = [],
    cell = "",
    q = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** The CLI's member list of a selector as objects by header. */
function members(files, args) {
  const [head, ...rows] = parseCsv(cli(["members", ...args, ...files]));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

/** A downloaded file's text. */
async function download(page, id) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.locator(tid(id)).click()]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), "utf8") };
}

const value = (page, id) => page.locator(tid(id)).getAttribute("data-value");

for (const lang of LANGS) {
  const zh = lang === "zh-CN";

  test(`${lang}: the service card shows the CLI's SLA rate, satisfaction scores and orders link`, async () => {
    const { report } = data.sample;
    const { page, context, errors, requests } = await open("sample", lang);
    try {
      const o = report.service.overall;
      assert.equal(Number(await value(page, "service-on_time")), o.on_time_response_rate);
      assert.equal(Number(await value(page, "service-csat")), o.csat);
      assert.equal(Number(await value(page, "service-resolution_p90")), o.resolution_hours_p90);
      assert.equal(Number(await value(page, "service-resolution_median")), o.resolution_hours_median);
      const so = report.service.orders;
      assert.ok(so.linked_tickets > 0 && so.unlinked_tickets > 0, "the sample has both");
      assert.equal(Number(await value(page, "service-after_sales_rate")), so.after_sales_rate);
      assert.equal(Number(await value(page, "service-within_15_days")), so.within_15_days);
      assert.equal(await value(page, "service-linked"), String(so.linked_tickets));
      assert.equal(await value(page, "service-unlinked"), String(so.unlinked_tickets));
      // The standard in words, the default 1440 minutes.
      const facts = await page.locator(tid("service-facts")).textContent();
      assert.ok(facts.includes(zh ? "24 小时内首次响应" : "first response within 24 hours"), facts);
      // Every group's scores 1–5 in the table.
      await page.locator(tid("service-toggle")).click();
      const rows = [
        ["overall", o],
        ...report.service.by_type.map((x) => [`type:${x.key}`, x]),
        ...report.service.by_channel.map((x) => [`channel:${x.key}`, x]),
      ];
      for (const [key, x] of rows)
        for (const s of ["1", "2", "3", "4", "5"]) {
          const td = page.locator(`${tid("service-table")} tr[data-key="${key}"] td[data-col="score_${s}"]`);
          assert.equal(await td.textContent(), String(x.satisfaction_distribution[s]), `${key} score ${s}`);
        }
      assert.deepEqual(errors, []);
      assert.deepEqual(foreign(requests), []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: calls by task put the ticked and the verified order rate side by side`, async () => {
    const { report } = data.sample;
    const { page, context } = await open("sample", lang);
    try {
      const task = report.calls.by.find((b) => b.by === "task");
      assert.ok(task.groups.length >= 3, "the sample has call tasks");
      assert.ok(
        task.groups.some((g) => g.ordered !== g.verified_ordered),
        "ticked and verified differ somewhere",
      );
      for (const g of task.groups) {
        const li = page.locator(`${tid("calls-task-rows")} li[data-key="${g.key}"]`);
        const v = (id) => li.locator(tid(id)).getAttribute("data-value");
        assert.equal(await v("calls-task-calls"), String(g.calls), g.key);
        assert.equal(Number(await v("calls-task-connect")), g.connect_rate, g.key);
        assert.equal(Number(await v("calls-task-ticked")), g.order_rate, g.key);
        assert.equal(Number(await v("calls-task-verified")), g.verified_order_rate, g.key);
      }
      const pct = (x) => `${(x * 100).toFixed(1)}%`;
      const overall = await page.locator(tid("calls-task-overall")).textContent();
      assert.ok(overall.includes(pct(report.calls.order_rate)), overall);
      assert.ok(overall.includes(pct(report.calls.verified_order_rate)), overall);
      const legend = await page.locator(tid("calls-task-legend")).textContent();
      assert.match(legend, zh ? /7 天内真的有一笔有效订单/ : /valid order within 7 days/);
      // Both intervals in the table.
      await page.locator(tid("calls-task-toggle")).click();
      const g = task.groups[0];
      const td = (col) => page.locator(`${tid("calls-task-table")} tr[data-key="${g.key}"] td[data-col="${col}"]`);
      assert.equal(await td("ci").textContent(), `${pct(g.ci_low)}–${pct(g.ci_high)}`);
      assert.equal(await td("verified_ci").textContent(), `${pct(g.verified_ci_low)}–${pct(g.verified_ci_high)}`);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: screening counts are the CLI's and both exports are the package's CSV`, async () => {
    const { report, files } = data.full;
    const { page, context } = await open("full", lang);
    try {
      const s = report.screening;
      assert.ok(s.invalid > 0 && s.duplicate_numbers > 0, JSON.stringify(s));
      for (const k of ["phones", "masked", "valid", "invalid", "duplicate_numbers", "customers_sharing"])
        assert.equal(await value(page, `screening-${k}`), String(s[k]), k);
      for (const kind of ["invalid", "duplicate"]) {
        const d = await download(page, `screening-${kind}-csv`);
        assert.equal(
          d.name,
          `${zh ? (kind === "invalid" ? "无效号码" : "重复号码") : kind === "invalid" ? "invalid_phones" : "shared_phones"}_${report.as_of}.csv`,
        );
        assert.equal(d.text, cli(["members", "--screening", kind, "--lang", lang, ...files]), kind);
        const rows = parseCsv(d.text).slice(1);
        if (kind === "invalid") assert.ok(rows.length >= s.invalid, `${rows.length} rows`);
      }
    } finally {
      await context.close();
    }
  });

  test(`${lang}: predicted value by segment, P(alive) of repeat buyers apart, fitted parameters`, async () => {
    const { report } = data.sample;
    const pr = report.prediction;
    assert.ok(pr, report.prediction_error);
    const { page, context } = await open("sample", lang);
    try {
      assert.equal(await value(page, "prediction-total"), pr.predicted_revenue_365d);
      await page.locator(tid("prediction-toggle")).click();
      for (const x of pr.by_segment) {
        const td = page.locator(
          `${tid("prediction-table")} tr[data-key="${x.key}"] td[data-col="predicted_revenue_365d"]`,
        );
        assert.equal(Number((await td.textContent()).replace(/[^0-9.]/g, "")), Number(x.predicted_revenue_365d), x.key);
      }
      await page.locator(`${tid("prediction-by-switch")} button[data-value="lifecycle"]`).click();
      await page.locator(tid("prediction-toggle")).click();
      for (const x of pr.by_lifecycle) {
        const td = page.locator(`${tid("prediction-table")} tr[data-key="${x.key}"] td[data-col="customers"]`);
        assert.equal(await td.textContent(), String(x.customers), x.key);
      }
      await page.locator(tid("p-alive-toggle")).click();
      for (const [i, b] of pr.p_alive_bands.entries()) {
        const td = (col) => page.locator(`${tid("p-alive-table")} tr[data-key="${b.key}"] td[data-col="${col}"]`);
        assert.equal(await td("all").textContent(), String(b.customers), b.key);
        assert.equal(await td("repeat").textContent(), String(pr.p_alive_bands_repeat[i].customers), b.key);
      }
      // One-time buyers are all in the top band: the note says how many.
      const oneTime = pr.p_alive_bands.at(-1).customers - pr.p_alive_bands_repeat.at(-1).customers;
      assert.ok(oneTime > 0);
      const note = await page.locator(tid("p-alive-note")).textContent();
      assert.ok(note.includes(String(oneTime)) && note.includes(zh ? "恒为 1" : "P(alive) = 1"), note);
      const params = page.locator(tid("prediction-params"));
      await params.locator("summary").click();
      const shown = await params
        .locator("td")
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-value"))));
      assert.deepEqual(shown, [
        pr.bgnbd.r,
        pr.bgnbd.alpha,
        pr.bgnbd.a,
        pr.bgnbd.b,
        pr.bgnbd.log_likelihood,
        pr.gamma_gamma.p,
        pr.gamma_gamma.q,
        pr.gamma_gamma.v,
        pr.gamma_gamma.log_likelihood,
      ]);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: a fit that cannot be made says why in the operator's language`, async () => {
    const { report } = data.small;
    assert.equal(report.prediction, null);
    const m = /have (\d+) customers and (\d+) repeat buyers/.exec(report.prediction_error);
    assert.ok(m, report.prediction_error);
    const { page, context } = await open("small", lang);
    try {
      const text = await page.locator(tid("prediction-error")).textContent();
      assert.ok(text.includes(m[1]) && text.includes(m[2]) && text.includes("300"), text);
      if (zh) assert.match(text, /^预测价值至少需要 300 位客户/);
      else assert.equal(text, report.prediction_error);
      assert.equal(await page.locator(tid("wake-value-card")).count(), 0);
      assert.equal(await page.locator(tid("p-alive-card")).count(), 0);
    } finally {
      await context.close();
    }
  });
}

test("customers worth waking: the count is the CLI's sleeping and lost members filtered here; the CSV lists them", async () => {
  const { files, report } = data.sample;
  const all = [...members(files, ["--lifecycle", "sleeping"]), ...members(files, ["--lifecycle", "lost"])];
  const worth = (p, v) =>
    all.filter((m) => {
      const a = Number(m.p_alive);
      return a >= p && a < 1 && Number(m.predicted_revenue_365d) >= v;
    });
  const { page, context } = await open("sample", "zh-CN");
  try {
    for (const [p, v] of [
      [0.3, 100],
      [0.5, 50],
      [0.3, 50],
    ]) {
      const want = worth(p, v);
      const pSwitch = page.locator(`${tid("wake-p-switch")} button[data-value="${p}"]`);
      if ((await pSwitch.getAttribute("aria-checked")) !== "true") await pSwitch.click();
      const vSwitch = page.locator(`${tid("wake-value-switch")} button[data-value="${v}"]`);
      if ((await vSwitch.getAttribute("aria-checked")) !== "true") await vSwitch.click();
      await page.locator(`${tid("wake-value-count")}[data-value="${want.length}"]`).waitFor({ timeout: 10_000 });
      assert.ok(want.length > 0, `${p} ${v}`);
      const rule = await page.locator(tid("wake-value-rule")).textContent();
      assert.ok(rule.includes(`P(alive) ≥ ${p}`) && rule.includes(`¥${v}.00`), rule);
      // The card lists the top ones by predicted value.
      const keys = await page
        .locator(`${tid("wake-value-table")} tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-key")));
      const top = [...want]
        .sort((a, b) => Number(b.predicted_revenue_365d) - Number(a.predicted_revenue_365d))
        .slice(0, 10)
        .map((m) => m.customer);
      assert.deepEqual(keys, top);
    }
    const d = await download(page, "wake-value-csv");
    assert.equal(d.name, `值得唤醒客户_${report.as_of}.csv`);
    const [head, ...rows] = parseCsv(d.text);
    assert.equal(head[0], "客户");
    assert.deepEqual(
      rows.map((r) => r[0]).sort(),
      worth(0.3, 50)
        .map((m) => m.customer)
        .sort(),
    );
    // The members dialog lists the same people.
    await page.locator(tid("wake-value-members")).click();
    await page
      .locator(`${tid("members-table")} tbody tr`)
      .first()
      .waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`${tid("members-table")} tbody tr`).count(), worth(0.3, 50).length);
  } finally {
    await context.close();
  }
});

test("orders alone: service and screening say what they need, calls by task is not drawn, prediction is fitted", async () => {
  const { page, context } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/?lang=zh-CN`);
    await page.locator(tid("file-input")).setInputFiles(join(SAMPLE, "taobao_orders.csv"));
    await page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator(tid("service-needs")).textContent(), "需要：售后工单");
    assert.equal(await page.locator(tid("screening-needs")).textContent(), "需要：带手机号的客户列表或外呼记录");
    assert.equal(await page.locator(tid("calls-needs")).count(), 1);
    assert.equal(await page.locator(tid("calls-task-card")).count(), 0);
    await page.locator(tid("prediction-total")).waitFor({ timeout: 10_000 });
  } finally {
    await context.close();
  }
});

/** axe-core from node_modules over the element (its shadow DOM included). */
async function axe(page) {
  assert.ok(existsSync(AXE), `axe-core is not installed (${AXE}): run npm ci in tests/web`);
  await page.route("**/__test__/axe.min.js", (route) =>
    route.fulfill({ path: AXE, contentType: "text/javascript; charset=utf-8" }),
  );
  await page.addScriptTag({ url: `${server.url}/__test__/axe.min.js` });
  const res = await page.evaluate(async () => {
    const root = document.querySelector("customer-insights").shadowRoot;
    const ids = [
      "service-card",
      "calls-task-card",
      "screening-card",
      "prediction-card",
      "p-alive-card",
      "wake-value-card",
    ];
    const els = ids.map((id) => root.querySelector(`[data-testid="${id}"]`)).filter(Boolean);
    const out = [];
    for (const el of els) {
      const r = await window.axe.run(el, { resultTypes: ["violations"] });
      out.push(
        ...r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        })),
      );
    }
    return { n: els.length, violations: out };
  });
  return res;
}

for (const [which, lang, theme] of [
  ["full", "zh-CN", "light"],
  ["full", "en", "dark"],
  ["small", "zh-CN", "dark"],
]) {
  test(`axe-core on the new cards, ${which} ${lang} ${theme}; screenshot`, async () => {
    const { page, context, errors } = await open(which, lang, { theme });
    try {
      await page.waitForTimeout(800);
      const { n, violations } = await axe(page);
      assert.ok(n >= (which === "full" ? 6 : 4), `${n} cards checked`);
      assert.deepEqual(
        violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
        [],
      );
      const top = await page.locator(tid("calls-card")).boundingBox();
      const last = await page.locator(tid(which === "full" ? "wake-value-card" : "prediction-card")).boundingBox();
      const sy = await page.evaluate(() => window.scrollY);
      await page.screenshot({
        path: join(SHOTS, `outlook-${which}-${lang}-${theme}.png`),
        fullPage: true,
        clip: { x: 0, y: top.y + sy - 8, width: 1440, height: last.y + last.height - top.y + 16 },
      });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

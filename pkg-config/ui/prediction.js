// Predicted value (issue 19): revenue next 365 days by segment or stage, the P(alive) bands of
// repeat buyers beside all customers (one-time buyers are 1 by construction), the customers
// worth waking (an ad-hoc tag over the member lists, the report untouched), and a fit that
// cannot be made said in the operator's language.

import { h } from "./dom.js";
import { chartCard, segmented, base, axis } from "./charts.js";
import { label } from "../i18n/messages.js";
import { num, needs } from "./dashboard.js";
import { exportButtons } from "./members.js";

/** @typedef {import("../customer_insights.js").Report} Report */
/** @typedef {import("../customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("./dashboard.js").DashContext} DashContext */

/**
 * `prediction_error` in the operator's language: the engine's sentences are English, so the
 * known ones are matched and said again; anything else is shown as it is after a lead-in.
 * @param {DashContext} c @param {string} e
 */
export function predictionError(c, e) {
  const { t } = c;
  const few =
    /needs at least (\d+) customers and (\d+) repeat buyers .*?have (\d+) customers? and (\d+) repeat buyers?/.exec(e);
  if (few) return t("predict.err.few", { min: few[1], min_repeat: few[2], n: few[3], repeat: few[4] });
  const q = /gives q = ([\d.]+)/.exec(e);
  if (q) return t("predict.err.q", { q: q[1] });
  if (/span more than/.test(e)) return t("predict.err.span");
  const fit = /the (BG\/NBD purchase|Gamma-Gamma spend) model cannot be fitted/.exec(e);
  if (fit) {
    const model = t(fit[1].startsWith("BG") ? "predict.model.bgnbd" : "predict.model.gg");
    const why = /did not settle/.test(e)
      ? "settle"
      : /saddle or a ridge/.test(e)
        ? "saddle"
        : /towards an edge/.test(e)
          ? "edge"
          : /cannot be evaluated/.test(e)
            ? "start"
            : "";
    return why ? t(`predict.err.fit_${why}`, { model }) : t("predict.err.other", { text: e });
  }
  return c.lang === "en" ? e : t("predict.err.other", { text: e });
}

/** The P(alive) bands, lowest first. */
const BANDS = ["[0,0.2)", "[0.2,0.4)", "[0.4,0.6)", "[0.6,0.8)", "[0.8,1]"];

/**
 * Predicted value: revenue next 365 days by segment or stage, and the P(alive) bands of all
 * customers beside those of repeat buyers (one-time buyers are 1 by construction).
 * @param {DashContext} c @param {Report} r
 * @returns {HTMLElement[]}
 */
export function prediction(c, r) {
  const { t, fmt, palette: p } = c;
  const pr = r.prediction;
  if (!pr) {
    // Switched off in the settings: say so, and where to switch it on; else no orders were read.
    if (c.config.prediction?.enabled === false)
      return [
        h(
          "section",
          { class: "card empty", "data-testid": "prediction-card" },
          h("header", { class: "card-head" }, h("h3", {}, t("section.prediction"))),
          h("p", { "data-testid": "prediction-off" }, t("predict.off")),
          h(
            "p",
            { class: "muted small" },
            t(c.sections.has("settings") ? "predict.off_settings" : "predict.off_config"),
          ),
        ),
      ];
    if (!r.prediction_error) return [needs(c, "prediction", "section.prediction", "headline.need_orders")];
    return [
      h(
        "section",
        { class: "card empty", "data-testid": "prediction-card" },
        h("header", { class: "card-head" }, h("h3", {}, t("section.prediction"))),
        h(
          "p",
          { "data-testid": "prediction-error", title: r.prediction_error },
          predictionError(c, r.prediction_error),
        ),
        h("p", { class: "muted small" }, t("predict.err.hint")),
      ),
    ];
  }
  const by = c.view.predictBy === "lifecycle" ? "lifecycle" : "segment";
  const src = by === "lifecycle" ? pr.by_lifecycle : pr.by_segment;
  const rows = src.map((x) => ({
    _key: x.key,
    ...x,
    name: label(c.lang, by === "lifecycle" ? "stage" : "seg", x.key),
    value: Number(x.predicted_revenue_365d),
  }));
  const bg = pr.bgnbd;
  const gg = pr.gamma_gamma;
  const params = [
    ["BG/NBD r", bg.r],
    ["BG/NBD α", bg.alpha],
    ["BG/NBD a", bg.a],
    ["BG/NBD b", bg.b],
    [t("predict.ll", { model: "BG/NBD", n: fmt.int(bg.customers) }), bg.log_likelihood],
    ["Gamma-Gamma p", gg.p],
    ["Gamma-Gamma q", gg.q],
    ["Gamma-Gamma v", gg.v],
    [t("predict.ll", { model: "Gamma-Gamma", n: fmt.int(gg.customers) }), gg.log_likelihood],
  ];
  const revenue = chartCard(c, {
    id: "prediction",
    title: t("section.prediction"),
    height: Math.max(220, 26 * rows.length + 40),
    controls: [
      segmented(
        "prediction-by",
        [
          { value: "segment", label: t("predict.by_segment") },
          { value: "lifecycle", label: t("predict.by_lifecycle") },
        ],
        by,
        (v) => {
          c.view.predictBy = v;
          c.rerender();
        },
      ),
    ],
    option: () => ({
      ...base(p),
      // A fixed margin for the names (containLabel measures them a few pixels short in en).
      grid: { left: c.lang === "en" ? 130 : 96, right: 90, top: 8, bottom: 24 },
      tooltip: { ...base(p).tooltip, trigger: "axis", axisPointer: { type: "shadow" } },
      yAxis: axis(p, {
        type: "category",
        inverse: true,
        data: rows.map((x) => x.name),
        axisLabel: { color: p.fg, interval: 0, width: c.lang === "en" ? 120 : 88, overflow: "truncate" },
      }),
      xAxis: axis(p, {
        type: "value",
        axisLabel: {
          color: p.muted,
          hideOverlap: true,
          formatter: (/** @type {number} */ v) => fmt.cash(v).replace(/\.00$/, ""),
        },
      }),
      series: [
        {
          type: "bar",
          name: t("predict.revenue"),
          barMaxWidth: 20,
          itemStyle: { color: p.accent, borderRadius: [0, 4, 4, 0] },
          data: rows.map((x) => x.value),
          // (a prediction to the cent is false precision: whole yuan on the bars, cents in the table)
          label: {
            show: true,
            position: "right",
            color: p.fg,
            formatter: (/** @type {any} */ e) => fmt.cash(Math.round(e.value)).replace(/\.00$/, ""),
          },
          tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.money(v) },
        },
      ],
    }),
    table: () => ({
      cols: [
        { key: "name", label: by === "lifecycle" ? t("col.stage") : t("col.segment") },
        { key: "customers", label: t("col.customers"), num: true, text: (x) => fmt.int(x.customers) },
        {
          key: "predicted_revenue_365d",
          label: t("predict.revenue"),
          num: true,
          text: (x) => fmt.money(x.predicted_revenue_365d),
        },
      ],
      rows,
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "p",
        { class: "ol-total" },
        t("predict.total_label"),
        " ",
        num(fmt.cash(pr.predicted_revenue_365d), fmt.money(pr.predicted_revenue_365d), pr.predicted_revenue_365d, {
          class: "wake-n",
          "data-testid": "prediction-total",
        }),
      ),
      h("p", { class: "muted small" }, t("predict.legend")),
      h(
        "details",
        { "data-testid": "prediction-params" },
        h("summary", {}, t("predict.params")),
        h(
          "table",
          {},
          h(
            "tbody",
            {},
            params.map(([k, v]) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, String(k)),
                h("td", { class: "num", "data-value": v }, Number(v).toPrecision(6)),
              ),
            ),
          ),
        ),
      ),
    ),
  });
  const bands = BANDS.map((k) => ({
    _key: k,
    band: k,
    all: pr.p_alive_bands.find((x) => x.key === k)?.customers ?? 0,
    repeat: pr.p_alive_bands_repeat.find((x) => x.key === k)?.customers ?? 0,
  }));
  const allName = t("predict.all_customers");
  const repName = t("predict.repeat_buyers");
  const alive = chartCard(c, {
    id: "p-alive",
    title: t("section.p_alive"),
    height: 240,
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted }, data: [repName, allName] },
      tooltip: { ...base(p).tooltip, trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: axis(p, { type: "category", data: BANDS, axisLabel: { color: p.muted, interval: 0 } }),
      yAxis: axis(p, {
        type: "value",
        minInterval: 1,
        axisLabel: { color: p.muted, hideOverlap: true, formatter: (/** @type {number} */ v) => fmt.axis(v) },
      }),
      series: [
        {
          type: "bar",
          name: repName,
          barMaxWidth: 28,
          itemStyle: { color: p.accent },
          data: bands.map((b) => b.repeat),
          label: { show: true, position: "top", color: p.fg, formatter: (/** @type {any} */ e) => fmt.count(e.value) },
          tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.int(v) },
        },
        {
          type: "bar",
          name: allName,
          barMaxWidth: 28,
          itemStyle: { color: p.dark ? "#4a5568" : "#c5cdd9" },
          data: bands.map((b) => b.all),
          tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.int(v) },
        },
      ],
    }),
    table: () => ({
      cols: [
        { key: "band", label: t("col.p_alive_band") },
        { key: "repeat", label: repName, num: true, text: (b) => fmt.int(b.repeat) },
        { key: "all", label: allName, num: true, text: (b) => fmt.int(b.all) },
      ],
      rows: bands,
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "p",
        { "data-testid": "p-alive-note" },
        t("predict.one_time_note", {
          n: fmt.int((bands.at(-1)?.all ?? 0) - (bands.at(-1)?.repeat ?? 0)),
        }),
      ),
    ),
  });
  return [revenue, alive, worthWaking(c)];
}

/** P(alive) and value thresholds the worth-waking card offers. */
export const WAKE_P = ["0.3", "0.5", "0.7"];
export const WAKE_VALUE = ["50", "100", "200"];

/**
 * The config that lists the customers worth waking: sleeping or lost, repeat buyers (P(alive)
 * below 1: one-time buyers have exactly 1), P(alive) and predicted value at least the
 * thresholds, as the only tag (the member lists read it; the report is untouched).
 * @param {ReportConfig} config @param {number} pMin @param {number} valueMin
 * @returns {ReportConfig}
 */
export function wakeConfig(config, pMin, valueMin) {
  return {
    ...config,
    tags: [
      {
        name: WAKE_TAG,
        conditions: [
          { field: "lifecycle", op: "in", value: ["sleeping", "lost"] },
          { field: "p_alive", op: ">=", value: pMin },
          { field: "p_alive", op: "<", value: 1 },
          { field: "predicted_revenue_365d", op: ">=", value: valueMin },
        ],
      },
    ],
  };
}
/** The tag name of {@link wakeConfig}. */
export const WAKE_TAG = "__worth_waking";

/** How many of the worth-waking customers the card lists (the CSV has all). */
const WAKE_SHOWN = 10;

/**
 * Customers worth waking: sleeping or lost repeat buyers still likely alive and worth money,
 * listed by predicted value, with the thresholds shown and switchable, and exportable.
 * @param {DashContext} c
 */
function worthWaking(c) {
  const { t, fmt } = c;
  const pMin = WAKE_P.includes(c.view.wakeP ?? "") ? /** @type {string} */ (c.view.wakeP) : "0.3";
  const vMin = WAKE_VALUE.includes(c.view.wakeValue ?? "") ? /** @type {string} */ (c.view.wakeValue) : "100";
  const config = wakeConfig(c.config, Number(pMin), Number(vMin));
  const sel = { tag: WAKE_TAG };
  const name = t("predict.wake_title");
  const count = h("span", { class: "audience-n", "data-testid": "wake-value-count", "data-value": "" }, "…");
  const list = h(
    "div",
    { class: "ol-wake-list", "data-testid": "wake-value-list" },
    h("p", { class: "muted" }, t("members.loading")),
  );
  const listBtn = h(
    "button",
    {
      type: "button",
      class: "btn small",
      "data-testid": "wake-value-members",
      disabled: true,
      onclick: () => c.openMembers(sel, name, config),
    },
    t("btn.members"),
  );
  const saveBtns = exportButtons(
    t,
    "wake-value",
    (f) => c.exportMembers(sel, name, t("file.worth_waking"), config, f),
    {
      disabled: true,
      primary: true,
      small: true,
    },
  );
  // the engine sorts by predicted value and sends the first rows only, with the count
  const show = (/** @type {import("../customer_insights.js").MemberPage} */ page) => {
    const n = page.total;
    count.textContent = fmt.int(n);
    count.setAttribute("data-value", String(n));
    listBtn.toggleAttribute("disabled", n === 0);
    for (const b of saveBtns) b.toggleAttribute("disabled", n === 0);
    const top = page.members;
    list.replaceChildren(
      n === 0
        ? h("p", { class: "muted" }, t("predict.wake_none"))
        : h(
            "div",
            { class: "table-wrap", tabindex: 0, role: "region", "aria-label": name },
            h(
              "table",
              { "data-testid": "wake-value-table" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  [
                    t("col.customer"),
                    t("col.stage"),
                    t("col.last_order"),
                    t("col.orders"),
                    "P(alive)",
                    t("predict.revenue_short"),
                  ].map((x, i) => h("th", { class: i >= 3 ? "num" : null }, x)),
                ),
              ),
              h(
                "tbody",
                {},
                top.map((m) =>
                  h(
                    "tr",
                    { "data-key": m.customer },
                    h("td", {}, m.customer),
                    h("td", {}, label(c.lang, "stage", m.lifecycle)),
                    h("td", {}, m.last_order),
                    h("td", { class: "num" }, fmt.int(m.orders)),
                    h("td", { class: "num", "data-value": m.p_alive ?? "" }, fmt.pct(m.p_alive)),
                    h(
                      "td",
                      { class: "num", "data-value": m.predicted_revenue_365d ?? "" },
                      fmt.money(m.predicted_revenue_365d),
                    ),
                  ),
                ),
              ),
            ),
          ),
      n > top.length
        ? h("p", { class: "muted small" }, t("predict.wake_more", { shown: top.length, n: fmt.int(n) }))
        : "",
    );
  };
  c.fetchMembersPage?.(sel, { limit: WAKE_SHOWN, sort: "predicted_revenue_365d" }, config)
    .then(show)
    .catch(() => list.replaceChildren(h("p", { class: "muted" }, "—")));
  return h(
    "section",
    { class: "card", "data-testid": "wake-value-card" },
    h(
      "header",
      { class: "card-head" },
      h("h3", {}, name),
      h(
        "div",
        { class: "card-tools" },
        segmented(
          "wake-p",
          WAKE_P.map((v) => ({ value: v, label: `P ≥ ${v}` })),
          pMin,
          (v) => {
            c.view.wakeP = v;
            c.rerender();
          },
        ),
        segmented(
          "wake-value",
          WAKE_VALUE.map((v) => ({ value: v, label: `≥ ¥${v}` })),
          vMin,
          (v) => {
            c.view.wakeValue = v;
            c.rerender();
          },
        ),
      ),
    ),
    h(
      "p",
      { class: "ol-wake-head", "data-testid": "wake-value-rule" },
      count,
      " ",
      t("predict.wake_rule", { p: pMin, v: fmt.money(vMin) }),
    ),
    // (the actions on their own row: beside the two switches they wrapped a button alone in English)
    h("div", { class: "ol-wake-actions" }, listBtn, ...saveBtns),
    list,
    h("p", { class: "muted small" }, t("predict.wake_legend")),
  );
}

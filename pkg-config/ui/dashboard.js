// The dashboard: a customer search box, headline cards, lifecycle, RFM, regions (China map),
// age, gender, conversion, the interest funnel and audiences, calls; service, calls by task and
// screening are in outlook.js, predicted value in prediction.js. Everything is drawn from one Report; every number is text in the DOM or one click away in a card's table.

import { h } from "./dom.js";
import { chartCard, segmented, base, axis, errorBars, errorBarsH } from "./charts.js";
import { label, REGION_EN, PROVINCES } from "../i18n/messages.js";
import { periods, trends, repurchase, cohorts, migration } from "./change.js";
import { service, callTasks, screening } from "./outlook.js";
import { prediction } from "./prediction.js";
import { exportButtons } from "./members.js";

/** @typedef {import("../customer_insights.js").Report} Report */
/** @typedef {import("../customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("../customer_insights.js").MemberSelector} MemberSelector */
/** @typedef {import("../customer_insights.js").ChiSquareOut} ChiSquareOut */
/** @typedef {import("./format.js").Fmt} Fmt */
/** @typedef {import("./charts.js").CardContext} CardContext */
/** @typedef {import("../i18n/messages.js").Lang} Lang */

/**
 * What the dashboard needs from the element.
 * @typedef {CardContext & {
 *   lang: Lang, fmt: Fmt, config: ReportConfig, sections: Set<string>,
 *   view: Record<string, string>, rerender: () => void,
 *   openMembers: (selector: MemberSelector, title: string, config?: ReportConfig) => void,
 *   exportMembers: (selector: MemberSelector, title: string, file?: string, config?: ReportConfig, format?: "csv" | "xlsx") => void,
 *   fetchMembersPage?: (selector: MemberSelector, page: import("../customer_insights.js").PageQuery, config?: ReportConfig) => Promise<import("../customer_insights.js").MemberPage>,
 *   search?: HTMLElement | null,
 * }} DashContext
 */

/** Dashboard sections, in order (the `sections` attribute picks among them). */
export const DASH_SECTIONS = [
  "headline",
  "periods",
  "lifecycle",
  "trends",
  "repurchase",
  "cohorts",
  "rfm",
  "migration",
  "region",
  "age",
  "gender",
  "conversion",
  "interest",
  "calls",
  "service",
  "screening",
  "prediction",
];

/** @param {DashContext} c @param {string} key */
const regionName = (c, key) => (c.lang === "en" ? (REGION_EN[key] ?? label(c.lang, "key", key)) : key);
/** @param {DashContext} c @param {string} key */
const keyName = (c, key) => label(c.lang, "key", key);

/**
 * @param {DashContext} c
 * @param {Report} r
 * @returns {HTMLElement}
 */
export function renderDashboard(c, r) {
  const { t, fmt } = c;
  const root = h("div", { class: "dashboard" });
  const has = (/** @type {string} */ s) => c.sections.has(s);

  if (r.as_of || r.totals) {
    root.append(
      h(
        "p",
        { class: "asof", "data-testid": "asof" },
        r.as_of ? t("asof", { date: r.as_of }) : "",
        r.totals
          ? " · " +
              t("totals", {
                orders: fmt.int(r.totals.orders),
                valid: fmt.int(r.totals.valid_orders),
                revenue: fmt.money(r.totals.revenue),
                customers: fmt.int(r.totals.customers),
              })
          : "",
      ),
    );
  }
  if (c.search) root.append(c.search);
  if (has("headline")) root.append(headline(c, r));
  if (has("periods")) root.append(periods(c, r));
  if (has("lifecycle")) root.append(wake(c, r) ?? "");

  const grid = h("div", { class: "grid" });
  root.append(grid);
  if (has("lifecycle")) grid.append(lifecycle(c, r));
  if (has("trends")) grid.append(trends(c, r));
  if (has("repurchase")) grid.append(repurchase(c, r));
  if (has("cohorts")) grid.append(cohorts(c, r));
  if (has("rfm")) grid.append(...rfm(c, r));
  if (has("migration")) grid.append(migration(c, r));
  if (has("region")) grid.append(...region(c, r));
  if (has("age")) grid.append(distCard(c, r, "age_band", "section.age", "bar"));
  if (has("gender")) grid.append(distCard(c, r, "gender", "section.gender", "pie"));
  if (has("conversion")) grid.append(conversion(c, r));
  if (has("interest")) grid.append(interestFunnel(c, r), audiences(c, r));
  if (has("calls")) grid.append(calls(c, r), callTasks(c, r) ?? "");
  if (has("service")) grid.append(service(c, r));
  if (has("screening")) grid.append(screening(c, r));
  if (has("prediction")) grid.append(...prediction(c, r));
  return root;
}

/**
 * A number in reading form with its exact value in `title` and `data-value` (for tests and
 * screen readers).
 * @param {string} short @param {string} exact @param {string | number | null | undefined} value
 * @param {Record<string, string>} [attrs]
 */
export function num(short, exact, value, attrs = {}) {
  return h(
    "span",
    {
      ...attrs,
      title: short === exact ? null : exact,
      "data-value": value === null || value === undefined ? "" : value,
    },
    short,
  );
}

/**
 * A message with nodes for some of its `{placeholders}`.
 * @param {string} text @param {Record<string, Node | string>} parts
 */
function fill(text, parts) {
  return text.split(/(\{\w+\})/).map((x) => {
    const m = /^\{(\w+)\}$/.exec(x);
    return m && m[1] in parts ? parts[m[1]] : x;
  });
}

/** "12月31日" / "Dec 31" from a `YYYY-MM-DD` date. @param {Lang} lang @param {string} ymd */
function dayName(lang, ymd) {
  const [y, m, d] = ymd.split("-").map(Number);
  if (!y || !m || !d) return ymd;
  if (lang !== "en") return `${m}月${d}日`;
  return new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** The lifecycle windows in force. @param {DashContext} c */
function windows(c) {
  const lc = c.config.lifecycle ?? {};
  return { new: lc.new_days ?? 30, active: lc.active_days ?? 180, sleeping: lc.sleeping_days ?? 365 };
}

/** @param {DashContext} c @param {Report} r */
function headline(c, r) {
  const { t, fmt } = c;
  const hl = r.headline;
  const w = c.config.windows ?? {};
  // Member levels come only from a customers file with a member-level column; without one a 0
  // would read as "no members", so the tile says what is missing instead.
  const levels = (r.inputs ?? []).some(
    (i) => i.kind === "customers" && !i.error && "member_level" in (i.columns ?? {}),
  );
  /** @type {[keyof import("../customer_insights.js").Headline, string, string][]} */
  const items = [
    ["interested_30d", t("headline.interested_30d", { n: w.interest_days ?? 30 }), t("headline.need_interest")],
    [
      "interested_new_1d",
      r.as_of ? t("headline.interested_new_on", { date: dayName(c.lang, r.as_of) }) : t("headline.interested_new_1d"),
      t("headline.need_interest"),
    ],
    ["transacted_365d", t("headline.transacted_365d", { n: w.transacted_days ?? 365 }), t("headline.need_orders")],
    ["members", t("headline.members"), t("headline.need_customers")],
  ];
  return h(
    "div",
    { class: "headline", "data-testid": "headline" },
    items.map(([key, title, need]) => {
      const v = hl && (key !== "members" || levels) ? hl[key] : null;
      return h(
        "div",
        { class: `kpi${v === null ? " missing" : ""}`, "data-testid": `kpi-${key}` },
        h("div", { class: "kpi-label" }, title),
        num(fmt.count(v), fmt.int(v), v, { class: "kpi-value", "data-testid": `headline-${key}` }),
        v === null ? h("div", { class: "kpi-hint" }, need) : null,
      );
    }),
  );
}

/**
 * Who to wake up: the sleeping customers, their count and revenue, a list and an export.
 * @param {DashContext} c @param {Report} r
 */
function wake(c, r) {
  const { t, fmt } = c;
  const s = r.lifecycle?.find((x) => x.stage === "sleeping");
  if (!s) return null;
  const d = windows(c);
  const name = label(c.lang, "stage", "sleeping");
  return h(
    "section",
    { class: "wake", "data-testid": "wake" },
    h(
      "div",
      { class: "wake-text" },
      h("h3", {}, t("wake.title")),
      h(
        "p",
        {},
        fill(t("wake.body", { a: d.active, b: d.sleeping - 1 }), {
          n: num(fmt.count(s.customers), fmt.int(s.customers), s.customers, {
            class: "wake-n",
            "data-testid": "wake-customers",
          }),
          revenue: num(fmt.cash(s.revenue), fmt.money(s.revenue), s.revenue, {
            class: "wake-n",
            "data-testid": "wake-revenue",
          }),
        }),
      ),
    ),
    h(
      "div",
      { class: "card-tools" },
      h(
        "button",
        {
          type: "button",
          class: "btn primary",
          "data-testid": "wake-list",
          disabled: s.customers === 0,
          onclick: () => c.openMembers({ lifecycle: "sleeping" }, name),
        },
        t("wake.list"),
      ),
      ...exportButtons(t, "wake", (f) => c.exportMembers({ lifecycle: "sleeping" }, name, undefined, undefined, f), {
        disabled: s.customers === 0,
      }),
    ),
  );
}

/**
 * A card saying what is needed. `needKey` is either a whole hint (`headline.need_*`, which
 * already says "需要…") or a file kind that `hint.section_needs` wraps: "需要" is said once.
 * @param {DashContext} c @param {string} id @param {string} titleKey @param {string} needKey
 */
export function needs(c, id, titleKey, needKey) {
  const what = c.t(needKey);
  return h(
    "section",
    { class: "card empty", "data-testid": `${id}-card` },
    h("header", { class: "card-head" }, h("h3", {}, c.t(titleKey))),
    h(
      "p",
      { class: "muted", "data-testid": `${id}-needs` },
      needKey.startsWith("headline.need_") ? what : c.t("hint.section_needs", { what }),
    ),
  );
}

/** @param {DashContext} c @param {Report} r */
function lifecycle(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.lifecycle) return needs(c, "lifecycle", "section.lifecycle", "headline.need_orders");
  const d = windows(c);
  // Each stage's rule, exactly (metrics.md: first match wins; recency in whole days).
  /** @type {Record<string, Record<string, number>>} */
  const vars = {
    new: { n: d.new },
    active: { n: d.active },
    sleeping: { a: d.active, b: d.sleeping - 1 },
    lost: { n: d.sleeping },
  };
  const rows = r.lifecycle.map((s) => ({ _key: s.stage, ...s, name: label(c.lang, "stage", s.stage) }));
  const open = (/** @type {string} */ stage) => c.openMembers({ lifecycle: stage }, label(c.lang, "stage", stage));
  const tiles = h(
    "div",
    { class: "stages" },
    rows.map((s) =>
      h(
        "button",
        {
          type: "button",
          class: `stage stage-${s.stage}`,
          "data-testid": `lifecycle-${s.stage}`,
          title: t("hint.click_members"),
          onclick: () => open(s.stage),
        },
        h("span", { class: "stage-name" }, s.name),
        h(
          "span",
          { class: "stage-desc", "data-testid": `lifecycle-${s.stage}-desc` },
          t(`stage.desc.${s.stage}`, vars[s.stage]),
        ),
        num(fmt.count(s.customers), fmt.int(s.customers), s.customers, {
          class: "stage-count",
          "data-testid": `lifecycle-${s.stage}-customers`,
        }),
        num(fmt.cash(s.revenue), fmt.money(s.revenue), s.revenue, {
          class: "stage-rev",
          "data-testid": `lifecycle-${s.stage}-revenue`,
        }),
        h("span", { class: "stage-share" }, fmt.pct(s.customer_share)),
      ),
    ),
  );
  const card = chartCard(c, {
    id: "lifecycle",
    title: t("section.lifecycle"),
    height: 240,
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted } },
      tooltip: { ...base(p).tooltip, trigger: "axis" },
      xAxis: axis(p, { type: "category", data: rows.map((s) => s.name), axisLabel: { color: p.muted, interval: 0 } }),
      yAxis: [
        axis(p, { type: "value", axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => fmt.axis(v) } }),
        axis(p, {
          type: "value",
          splitLine: { show: false },
          axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => fmt.cash(v).replace(/\.00$/, "") },
        }),
      ],
      series: [
        {
          type: "bar",
          name: t("col.customers"),
          data: rows.map((s) => s.customers),
          barMaxWidth: 48,
          itemStyle: { borderRadius: [4, 4, 0, 0] },
          label: { show: true, position: "top", color: p.fg, formatter: (/** @type {any} */ e) => fmt.count(e.value) },
          tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.int(v) },
        },
        {
          type: "line",
          name: t("col.revenue"),
          yAxisIndex: 1,
          data: rows.map((s) => Number(s.revenue)),
          symbolSize: 8,
          tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.money(v) },
        },
      ],
    }),
    onClick: (e) => {
      const s = rows[e.dataIndex];
      if (s) open(s.stage);
    },
    onRow: (s) => open(s.stage),
    table: () => ({
      cols: [
        { key: "name", label: t("col.stage") },
        { key: "customers", label: t("col.customers"), num: true, text: (s) => fmt.int(s.customers) },
        {
          key: "customer_share",
          label: t("col.customer_share"),
          num: true,
          share: true,
          text: (s) => fmt.pct(s.customer_share),
        },
        { key: "revenue", label: t("col.revenue"), num: true, text: (s) => fmt.money(s.revenue) },
        {
          key: "revenue_share",
          label: t("col.revenue_share"),
          num: true,
          share: true,
          text: (s) => fmt.pct(s.revenue_share),
        },
      ],
      rows,
    }),
  });
  card.classList.add("wide");
  card.querySelector(".card-body")?.before(tiles);
  return card;
}

/** @param {DashContext} c @param {Report} r */
function rfm(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.rfm) return [needs(c, "rfm", "section.rfm", "headline.need_orders")];
  const mode = c.view.rfmColor ?? "customers";
  /** @type {Map<string, {r: number, f: number, customers: number, revenue: number}>} */
  const cells = new Map();
  for (let rs = 1; rs <= 5; rs++)
    for (let fs = 1; fs <= 5; fs++) cells.set(`${rs}${fs}`, { r: rs, f: fs, customers: 0, revenue: 0 });
  const revCents = new Map();
  for (const cell of r.rfm.cells) {
    const x = cells.get(`${cell.r}${cell.f}`);
    if (!x) continue;
    x.customers += cell.customers;
    revCents.set(
      `${cell.r}${cell.f}`,
      (revCents.get(`${cell.r}${cell.f}`) ?? 0) + Math.round(Number(cell.revenue) * 100),
    );
  }
  for (const [k, v] of revCents) {
    const x = cells.get(k);
    if (x) x.revenue = v / 100;
  }
  const cellRows = [...cells.values()]
    .sort((a, b) => b.r - a.r || b.f - a.f)
    .map((x) => ({ _key: `${x.r}${x.f}`, ...x }));
  const max = Math.max(1, ...cellRows.map((x) => (mode === "revenue" ? x.revenue : x.customers)));
  // Quantile scores give ties one score, so with most buyers at one order F 2 and 3 can be
  // empty: such columns (and rows) are left out of the grid and the note says why.
  const used = (/** @type {"r" | "f"} */ k) =>
    [1, 2, 3, 4, 5].filter((v) => cellRows.some((x) => x[k] === v && x.customers > 0));
  const fs = used("f");
  const rs = used("r");
  const fShown = fs.length ? fs : [1, 2, 3, 4, 5];
  const rShown = rs.length ? rs : [1, 2, 3, 4, 5];
  const missing = (/** @type {number[]} */ have) => [1, 2, 3, 4, 5].filter((v) => !have.includes(v));
  const gaps = [
    missing(fs).length && fs.length
      ? t("rfm.empty_scores", { axis: "F", scores: missing(fs).join(c.lang === "en" ? ", " : "、") })
      : "",
    missing(rs).length && rs.length
      ? t("rfm.empty_scores", { axis: "R", scores: missing(rs).join(c.lang === "en" ? ", " : "、") })
      : "",
  ].filter(Boolean);
  const shownCells = cellRows.filter((x) => fShown.includes(x.f) && rShown.includes(x.r));
  const heat = chartCard(c, {
    id: "rfm",
    title: t("section.rfm"),
    height: 340,
    summary: t("rfm.summary", {
      f: fShown.join(","),
      r: rShown.join(","),
      top: (() => {
        const best = [...shownCells].sort((x, y) => y.customers - x.customers)[0];
        return best ? `R${best.r} F${best.f} ${fmt.int(best.customers)}` : "";
      })(),
    }),
    controls: [
      segmented(
        "rfm-color",
        [
          { value: "customers", label: t("col.customers") },
          { value: "revenue", label: t("col.revenue") },
        ],
        mode,
        (v) => {
          c.view.rfmColor = v;
          c.rerender();
        },
      ),
    ],
    option: () => ({
      ...base(p),
      grid: { left: 36, right: 16, top: 16, bottom: 80, containLabel: true },
      tooltip: {
        ...base(p).tooltip,
        formatter: (/** @type {any} */ e) =>
          `R${rShown[e.value[1]]} · F${fShown[e.value[0]]}\n${t("col.customers")}: ${fmt.int(e.value[3])}\n${t("col.revenue")}: ${fmt.money(e.value[4])}`,
      },
      xAxis: axis(p, {
        type: "category",
        name: t("rfm.f_axis"),
        nameLocation: "middle",
        nameGap: 26,
        data: fShown.map(String),
        splitArea: { show: false },
      }),
      yAxis: axis(p, {
        type: "category",
        name: t("rfm.r_axis"),
        nameLocation: "middle",
        nameGap: 26,
        nameRotate: 90,
        data: rShown.map(String),
      }),
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemWidth: 12,
        itemHeight: 120,
        textStyle: { color: p.muted },
        text: [mode === "revenue" ? fmt.cash(max) : fmt.count(max), "0"],
        inRange: { color: p.dark ? ["#1f2937", p.accent] : ["#eef4ff", p.accent] },
        dimension: 2,
      },
      series: [
        {
          type: "heatmap",
          data: shownCells.map((x) => [
            fShown.indexOf(x.f),
            rShown.indexOf(x.r),
            mode === "revenue" ? x.revenue : x.customers,
            x.customers,
            x.revenue,
          ]),
          label: {
            show: true,
            color: p.fg,
            formatter: (/** @type {any} */ e) => (mode === "revenue" ? fmt.cash(e.value[4]) : fmt.count(e.value[3])),
          },
          itemStyle: { borderColor: p.card, borderWidth: 2 },
        },
      ],
    }),
    table: () => ({
      cols: [
        { key: "r", label: t("col.r"), num: true },
        { key: "f", label: t("col.f"), num: true },
        { key: "customers", label: t("col.customers"), num: true, text: (x) => fmt.int(x.customers) },
        {
          key: "revenue",
          label: t("col.revenue"),
          num: true,
          text: (x) => fmt.money(x.revenue),
          csv: (x) => x.revenue.toFixed(2),
        },
      ],
      rows: cellRows,
    }),
    note: h(
      "div",
      { class: "note" },
      h("p", { class: "muted small" }, t("rfm.scale")),
      gaps.length
        ? h("p", { class: "muted small", "data-testid": "rfm-gaps" }, `${gaps.join(" ")} ${t("rfm.ties")}`)
        : null,
    ),
  });
  const segs = r.rfm.segments.map((s) => ({ _key: s.segment, ...s, name: label(c.lang, "seg", s.segment) }));
  const shown = [...segs].reverse();
  const open = (/** @type {string} */ seg) => c.openMembers({ segment: seg }, label(c.lang, "seg", seg));
  const segCard = chartCard(c, {
    id: "segments",
    title: t("section.segments"),
    height: 380,
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted } },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const s = shown[ps[0].dataIndex];
          return s
            ? `${s.name}\n${t("col.customers")}: ${fmt.int(s.customers)} (${fmt.pct(s.customer_share)})\n${t("col.revenue")}: ${fmt.money(s.revenue)} (${fmt.pct(s.revenue_share)})`
            : "";
        },
      },
      grid: { left: 124, right: 40, top: 32, bottom: 24, containLabel: false },
      xAxis: axis(p, {
        type: "value",
        splitNumber: 3,
        axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => `${Math.round(v * 100)}%` },
      }),
      yAxis: axis(p, {
        type: "category",
        data: shown.map((s) => s.name),
        axisLabel: { color: p.fg, interval: 0, width: 112, overflow: "truncate" },
      }),
      series: [
        {
          type: "bar",
          name: t("col.customer_share"),
          data: shown.map((s) => s.customer_share),
          label: {
            show: true,
            position: "right",
            color: p.muted,
            formatter: (/** @type {any} */ e) => fmt.count(shown[e.dataIndex]?.customers ?? 0),
          },
        },
        { type: "bar", name: t("col.revenue_share"), data: shown.map((s) => s.revenue_share) },
      ],
    }),
    onClick: (e) => {
      const s = shown[e.dataIndex];
      if (s) open(s.segment);
    },
    table: () => ({
      cols: [
        { key: "name", label: t("col.segment") },
        { key: "customers", label: t("col.customers"), num: true, text: (s) => fmt.int(s.customers) },
        {
          key: "customer_share",
          label: t("col.customer_share"),
          num: true,
          share: true,
          text: (s) => fmt.pct(s.customer_share),
        },
        { key: "revenue", label: t("col.revenue"), num: true, text: (s) => fmt.money(s.revenue) },
        {
          key: "revenue_share",
          label: t("col.revenue_share"),
          num: true,
          share: true,
          text: (s) => fmt.pct(s.revenue_share),
        },
      ],
      rows: segs,
    }),
    onRow: (s) => open(s.segment),
    note: h("p", { class: "note" }, t("hint.click_members")),
  });
  return [heat, segCard];
}

/** @param {DashContext} c @param {Report} r */
function region(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.distributions) return [needs(c, "region", "section.region", "headline.need_orders")];
  const all = r.distributions.region.map((d) => ({ _key: d.key, ...d, name: regionName(c, d.key) }));
  const china = all.filter((d) => PROVINCES.includes(d.key) || d.key === "未知");
  const abroad = all.filter((d) => !PROVINCES.includes(d.key) && d.key !== "未知");
  const total = all.reduce((a, d) => a + d.customers, 0) || 1;
  const max = Math.max(1, ...china.filter((d) => d.key !== "未知").map((d) => d.customers));
  const cols = /** @type {import("./charts.js").Col[]} */ ([
    { key: "name", label: t("col.region") },
    { key: "customers", label: t("col.customers"), num: true, text: (d) => fmt.int(d.customers) },
    {
      key: "share",
      label: t("col.customer_share"),
      num: true,
      share: true,
      text: (d) => fmt.pct(d.customers / total),
      csv: (d) => fmt.pctPlain(d.customers / total),
    },
    { key: "revenue", label: t("col.revenue"), num: true, text: (d) => fmt.money(d.revenue) },
  ]);
  const sorted = [...china].sort((a, b) => b.customers - a.customers);
  const out = [
    chartCard(c, {
      id: "region",
      title: t("section.region"),
      height: 420,
      option: () => ({
        ...base(p),
        tooltip: {
          ...base(p).tooltip,
          trigger: "item",
          formatter: (/** @type {any} */ e) => {
            const d = china.find((x) => x.key === e.name);
            return `${regionName(c, e.name)}\n${t("col.customers")}: ${fmt.int(d?.customers ?? 0)}\n${t("col.revenue")}: ${fmt.money(d?.revenue ?? 0)}`;
          },
        },
        visualMap: {
          min: 0,
          max,
          left: 8,
          bottom: 8,
          calculable: true,
          itemHeight: 100,
          textStyle: { color: p.muted },
          inRange: { color: p.dark ? ["#1f2937", p.accent] : ["#e8f0fe", p.accent] },
        },
        series: [
          {
            type: "map",
            map: "china",
            roam: false,
            layoutCenter: ["50%", "52%"],
            layoutSize: "100%",
            emphasis: { label: { show: true, color: p.fg }, itemStyle: { areaColor: "#f5b041" } },
            itemStyle: { borderColor: p.dark ? "#555" : "#fff", areaColor: p.dark ? "#2a2f3a" : "#f1f3f5" },
            label: { show: false },
            data: china.filter((d) => d.key !== "未知").map((d) => ({ name: d.key, value: d.customers })),
          },
        ],
      }),
      table: () => ({ cols, rows: sorted }),
    }),
  ];
  out[0].classList.add("tall");
  if (abroad.length) {
    out.push(
      chartCard(c, { id: "abroad", title: t("section.abroad"), option: null, table: () => ({ cols, rows: abroad }) }),
    );
  }
  return out;
}

/**
 * @param {DashContext} c @param {Report} r @param {"age_band" | "gender"} dim @param {string} titleKey @param {"bar" | "pie"} kind
 */
function distCard(c, r, dim, titleKey, kind) {
  const { t, fmt, palette: p } = c;
  const id = dim === "age_band" ? "age" : "gender";
  if (!r.distributions) return needs(c, id, titleKey, "headline.need_orders");
  const rows = r.distributions[dim].map((d) => ({ _key: d.key, ...d, name: keyName(c, d.key) }));
  const total = rows.reduce((a, d) => a + d.customers, 0) || 1;
  // All unknown: a one-bar chart says nothing; say which file would fill it.
  if (rows.every((d) => d.customers === 0 || d.key === "未知" || d.key === "unknown"))
    return h(
      "section",
      { class: "card empty", "data-testid": `${id}-card` },
      h("header", { class: "card-head" }, h("h3", {}, c.t(titleKey))),
      h("p", { class: "muted", "data-testid": `${id}-empty` }, c.t(`hint.all_unknown.${id}`, { n: fmt.int(total) })),
    );
  return chartCard(c, {
    id,
    title: t(titleKey),
    height: 260,
    option: () =>
      kind === "pie"
        ? {
            ...base(p),
            tooltip: { ...base(p).tooltip, trigger: "item" },
            legend: { bottom: 0, textStyle: { color: p.muted } },
            series: [
              {
                type: "pie",
                radius: ["32%", "56%"],
                center: ["50%", "45%"],
                data: rows.map((d) => ({ name: d.name, value: d.customers })),
                label: { color: p.fg, formatter: "{b}\n{d}%", overflow: "none" },
                labelLine: { length: 8, length2: 6 },
                itemStyle: { borderColor: p.card, borderWidth: 2 },
              },
            ],
          }
        : {
            ...base(p),
            tooltip: { ...base(p).tooltip, trigger: "axis" },
            xAxis: axis(p, {
              type: "category",
              data: rows.map((d) => d.name),
              axisLabel: { color: p.muted, interval: 0, fontSize: 11 },
            }),
            yAxis: axis(p, {
              type: "value",
              axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => fmt.axis(v) },
            }),
            series: [
              {
                type: "bar",
                name: t("col.customers"),
                data: rows.map((d) => d.customers),
                barMaxWidth: 40,
                itemStyle: { borderRadius: [4, 4, 0, 0] },
                label: {
                  show: true,
                  position: "top",
                  color: p.muted,
                  formatter: (/** @type {any} */ e) => fmt.count(e.value),
                },
              },
            ],
          },
    table: () => ({
      cols: [
        { key: "name", label: t(dim === "age_band" ? "col.age_band" : "col.gender") },
        { key: "customers", label: t("col.customers"), num: true, text: (d) => fmt.int(d.customers) },
        {
          key: "share",
          label: t("col.customer_share"),
          num: true,
          share: true,
          text: (d) => fmt.pct(d.customers / total),
          csv: (d) => fmt.pctPlain(d.customers / total),
        },
        { key: "revenue", label: t("col.revenue"), num: true, text: (d) => fmt.money(d.revenue) },
      ],
      rows,
    }),
  });
}

/** @param {number} v */
function effect(v) {
  return v < 0.1 ? "negligible" : v < 0.3 ? "weak" : v < 0.5 ? "moderate" : "strong";
}

/**
 * The χ² line and what it means.
 * @param {DashContext} c @param {ChiSquareOut | null} chi @param {string} dimLabel @param {"conv" | "calls"} what
 */
function chiLine(c, chi, dimLabel, what) {
  const { t, fmt } = c;
  if (!chi) return h("p", { class: "chi muted", "data-testid": "chi" }, t("conv.nochi"));
  return h(
    "div",
    { class: "chi", "data-testid": "chi" },
    h(
      "p",
      { class: "chi-stats" },
      t("conv.chi", {
        stat: fmt.stat(chi.statistic),
        df: chi.dof,
        p: fmt.p(chi.p_value).startsWith("<") ? `p${fmt.p(chi.p_value)}` : `p=${fmt.p(chi.p_value)}`,
        v: chi.cramers_v.toFixed(3),
      }),
    ),
    h(
      "p",
      { class: `chi-plain${chi.p_value < 0.05 ? " sig" : ""}` },
      chi.p_value < 0.05
        ? t(`${what}.sig`, { dim: dimLabel, effect: t(`effect.${effect(chi.cramers_v)}`) })
        : t(`${what}.nosig`, { dim: dimLabel }),
    ),
  );
}

/** @param {{p_adjusted: number | null, z: number | null}} g */
function sigOf(g) {
  if (g.p_adjusted === null || g.z === null || g.p_adjusted >= 0.05) return "";
  return g.z > 0 ? "up" : "down";
}

/** How many conversion groups show before "show all" (significant ones always show). */
const CONV_TOP = 12;

/**
 * The sentence that names the answer: which groups convert significantly above or below the
 * rest (Holm-adjusted p < 0.05), or that none does.
 * @param {DashContext} c @param {{name: string, rate: number | null, p_adjusted: number | null, sig: string}[]} rows @param {string} by
 */
function verdict(c, rows, by) {
  const { t, fmt } = c;
  const sig = rows.filter((g) => g.sig).sort((x, y) => (x.p_adjusted ?? 1) - (y.p_adjusted ?? 1));
  const others = label(c.lang, "dimp", by);
  if (!sig.length) return t("verdict.none", { dim: others });
  const named = sig.slice(0, 3).map((g) =>
    t(`verdict.${g.sig}`, {
      name: g.name,
      rate: fmt.pct(g.rate),
      dim: others,
      p: fmt.p(g.p_adjusted).startsWith("<") ? `p${fmt.p(g.p_adjusted)}` : `p=${fmt.p(g.p_adjusted)}`,
    }),
  );
  const more = sig.length > 3 ? t("verdict.more", { n: sig.length - 3 }) : "";
  return `${named.join(t("verdict.sep"))}${more}${t("verdict.end")}`;
}

/** @param {DashContext} c @param {Report} r */
function conversion(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.conversion || r.conversion.length === 0)
    return needs(c, "conversion", "section.conversion", "headline.need_interest");
  const dims = r.conversion.map((x) => x.by);
  // Until the operator picks one, open on the first breakdown that has an answer to show.
  const answered = r.conversion.find((x) => x.groups.some((g) => sigOf(g)))?.by ?? dims[0];
  const by = dims.includes(c.view.convBy ?? "") ? /** @type {string} */ (c.view.convBy) : answered;
  const conv = r.conversion.find((x) => x.by === by) ?? r.conversion[0];
  const all = conv.groups.map((g) => ({
    _key: g.key,
    ...g,
    name: conv.by === "region" ? regionName(c, g.key) : keyName(c, g.key),
    sig: sigOf(g),
  }));
  // Highest rate first; groups under 30 people after the others (greyed), so the order reads
  // as the answer. Significant groups are shown even when the list is cut to the top.
  const byRate = (/** @type {typeof all[number]} */ x, /** @type {typeof all[number]} */ y) =>
    (y.rate ?? -1) - (x.rate ?? -1) || y.interested - x.interested;
  const rows = [...all.filter((g) => !g.small_sample).sort(byRate), ...all.filter((g) => g.small_sample).sort(byRate)];
  const showAll = c.view.convAll === "1";
  const shown = showAll ? rows : rows.filter((g, i) => i < CONV_TOP || g.sig);
  const grey = p.dark ? "#5b6270" : "#c3c8d0";
  const good = p.dark ? "#4cc38a" : "#2e9d5b";
  const bad = p.dark ? "#ff7b72" : "#d9534f";
  const sentence = verdict(c, all, conv.by);
  const more =
    rows.length > shown.length || showAll
      ? h(
          "button",
          {
            type: "button",
            class: "btn small",
            "data-testid": "conversion-all",
            "aria-expanded": String(showAll),
            onclick: () => {
              c.view.convAll = showAll ? "" : "1";
              c.rerender();
            },
          },
          showAll ? t("conv.top", { n: CONV_TOP }) : t("conv.all", { n: rows.length }),
        )
      : null;
  const card = chartCard(c, {
    id: "conversion",
    title: t("section.conversion"),
    file: t("file.conversion", { dim: label(c.lang, "dim", conv.by) }),
    height: Math.max(200, 26 * shown.length + 56),
    summary: `${t("section.conversion")}: ${sentence}`,
    controls: [
      segmented(
        "conversion-by",
        dims.map((d) => ({ value: d, label: label(c.lang, "dim", d) })),
        by,
        (v) => {
          c.view.convBy = v;
          c.rerender();
        },
      ),
      more,
    ],
    option: () => ({
      ...base(p),
      grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const g = shown[ps[0].dataIndex];
          return g
            ? `${g.name}\n${t("col.rate")}: ${fmt.pct(g.rate)} (${fmt.pct(g.ci_low)}–${fmt.pct(g.ci_high)})\n${fmt.int(g.converted)} / ${fmt.int(g.interested)}\n${t("col.p_adjusted")}: ${fmt.p(g.p_adjusted)}${g.sig ? `\n${t(`sig.${g.sig}`)}` : ""}${g.small_sample ? `\n${t("sig.small")}` : ""}`
            : "";
        },
      },
      yAxis: axis(p, {
        type: "category",
        inverse: true,
        data: shown.map((g) => g.name),
        axisLabel: {
          color: p.fg,
          interval: 0,
          width: 120,
          overflow: "truncate",
          // The ↑/↓ sits beside the name, where no whisker can cover it.
          formatter: (/** @type {string} */ v, /** @type {number} */ i) => {
            const g = shown[i];
            const mark = g?.sig === "up" ? "{up|↑} " : g?.sig === "down" ? "{down|↓} " : "";
            return `${mark}${g?.small_sample ? `{small|${v}}` : v}`;
          },
          rich: {
            up: { color: good, fontWeight: "bold", fontSize: 14 },
            down: { color: bad, fontWeight: "bold", fontSize: 14 },
            small: { color: p.muted },
          },
        },
      }),
      xAxis: axis(p, {
        type: "value",
        max: (/** @type {{max: number}} */ v) => Math.min(1, Math.ceil((v.max + 0.05) * 10) / 10),
        axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => `${Math.round(v * 100)}%` },
      }),
      series: [
        {
          type: "bar",
          name: t("col.rate"),
          barMaxWidth: 16,
          data: shown.map((g) => ({
            value: g.rate,
            itemStyle: {
              color: g.sig === "up" ? good : g.sig === "down" ? bad : g.small_sample ? grey : p.accent,
              opacity: g.small_sample && g.sig ? 0.6 : 1,
            },
          })),
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: p.muted, type: "dashed" },
            // (the category axis runs top-down, so "start" is the top end, clear of the ticks)
            label: { color: p.muted, position: "start", formatter: () => fmt.pct(conv.overall.rate) },
            data: [{ xAxis: conv.overall.rate }],
          },
        },
        errorBarsH(
          shown.map((g, i) => [i, g.ci_low, g.ci_high]),
          p.fg,
        ),
      ],
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.group") },
        { key: "interested", label: t("col.interested"), num: true, text: (g) => fmt.int(g.interested) },
        { key: "converted", label: t("col.converted"), num: true, text: (g) => fmt.int(g.converted) },
        { key: "rate", label: t("col.rate"), num: true, share: true, text: (g) => fmt.pct(g.rate) },
        {
          key: "ci",
          label: t("col.ci"),
          num: true,
          text: (g) => `${fmt.pct(g.ci_low)}–${fmt.pct(g.ci_high)}`,
          csv: (g) => `${fmt.pctPlain(g.ci_low)}–${fmt.pctPlain(g.ci_high)}`,
        },
        { key: "p_adjusted", label: t("col.p_adjusted"), num: true, text: (g) => fmt.p(g.p_adjusted) },
        {
          key: "sig",
          label: t("col.signal"),
          text: (g) =>
            [g.sig ? t(`sig.${g.sig}`) : "", g.small_sample ? t("sig.small") : ""].filter(Boolean).join(" · "),
        },
      ],
      rows,
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "p",
        { class: `verdict${all.some((g) => g.sig) ? " sig" : ""}`, "data-testid": "conversion-verdict" },
        sentence,
      ),
      h(
        "p",
        {},
        t("conv.overall", {
          interested: fmt.int(conv.overall.interested),
          converted: fmt.int(conv.overall.converted),
          days: conv.window_days,
          rate: fmt.pct(conv.overall.rate),
        }),
      ),
      chiLine(c, conv.chi_square, label(c.lang, "dimn", conv.by), "conv"),
      h("p", { class: "muted small" }, t("conv.legend")),
    ),
  });
  card.classList.add("wide");
  return card;
}

/** @param {DashContext} c @param {Report} r */
function calls(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.calls) return needs(c, "calls", "section.calls", "kind.calls");
  const cl = r.calls;
  const dims = cl.by.map((x) => x.by);
  if (!dims.length) return needs(c, "calls", "section.calls", "kind.calls");
  const by = dims.includes(c.view.callsBy ?? "") ? /** @type {string} */ (c.view.callsBy) : dims[0];
  const br = cl.by.find((x) => x.by === by) ?? cl.by[0];
  /** @param {string} k */
  const name = (k) => (br.by === "weekday" ? label(c.lang, "weekday", k) : br.by === "hour" ? t("hour", { h: k }) : k);
  const rows = br.groups.map((g) => ({ _key: g.key, ...g, name: name(g.key), sig: sigOf(g) }));
  const card = chartCard(c, {
    id: "calls",
    title: t("section.calls"),
    height: 320,
    controls: [
      segmented(
        "calls-by",
        dims.map((d) => ({ value: d, label: label(c.lang, "dim", d) })),
        by,
        (v) => {
          c.view.callsBy = v;
          c.rerender();
        },
      ),
    ],
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted }, data: [t("col.connect_rate"), t("col.order_rate")] },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const g = rows[ps[0].dataIndex];
          return g
            ? `${g.name}\n${t("col.calls")}: ${fmt.int(g.calls)}\n${t("col.connect_rate")}: ${fmt.pct(g.connect_rate)}\n${t("col.order_rate")}: ${fmt.pct(g.order_rate)} (${fmt.pct(g.ci_low)}–${fmt.pct(g.ci_high)})`
            : "";
        },
      },
      xAxis: axis(p, {
        type: "category",
        data: rows.map((g) => g.name),
        axisLabel: {
          color: p.muted,
          rotate: rows.length > 10 ? 40 : 0,
          hideOverlap: true,
          // ↑/↓ under the group's name, where the whiskers cannot cover it.
          formatter: (/** @type {string} */ v, /** @type {number} */ i) => {
            const s = rows[i]?.sig;
            return s === "up" ? `${v}\n{up|↑}` : s === "down" ? `${v}\n{down|↓}` : v;
          },
          rich: {
            up: { color: p.dark ? "#4cc38a" : "#2e9d5b", fontWeight: "bold" },
            down: { color: p.dark ? "#ff7b72" : "#d9534f", fontWeight: "bold" },
          },
        },
      }),
      yAxis: axis(p, {
        type: "value",
        axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => `${Math.round(v * 100)}%` },
      }),
      series: [
        {
          type: "bar",
          name: t("col.connect_rate"),
          barMaxWidth: 24,
          itemStyle: { color: p.accent },
          data: rows.map((g) => ({ value: g.connect_rate, itemStyle: { opacity: g.small_sample ? 0.45 : 1 } })),
        },
        {
          type: "bar",
          name: t("col.order_rate"),
          barMaxWidth: 24,
          // One colour for the series (the legend's swatch); small samples only fade it.
          itemStyle: { color: p.palette[1] },
          data: rows.map((g) => ({ value: g.order_rate, itemStyle: { opacity: g.small_sample ? 0.45 : 1 } })),
        },
        errorBars(
          rows.map((g, i) => [i, g.ci_low, g.ci_high]),
          p.fg,
          2,
          1,
        ),
      ],
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.group") },
        { key: "calls", label: t("col.calls"), num: true, text: (g) => fmt.int(g.calls) },
        { key: "connected", label: t("col.connected"), num: true, text: (g) => fmt.int(g.connected) },
        {
          key: "connect_rate",
          label: t("col.connect_rate"),
          num: true,
          share: true,
          text: (g) => fmt.pct(g.connect_rate),
        },
        { key: "ordered", label: t("col.ordered"), num: true, text: (g) => fmt.int(g.ordered) },
        { key: "order_rate", label: t("col.order_rate"), num: true, share: true, text: (g) => fmt.pct(g.order_rate) },
        {
          key: "ci",
          label: t("col.ci"),
          num: true,
          text: (g) => `${fmt.pct(g.ci_low)}–${fmt.pct(g.ci_high)}`,
          csv: (g) => `${fmt.pctPlain(g.ci_low)}–${fmt.pctPlain(g.ci_high)}`,
        },
        { key: "p_adjusted", label: t("col.p_adjusted"), num: true, text: (g) => fmt.p(g.p_adjusted) },
        {
          key: "sig",
          label: t("col.signal"),
          text: (g) =>
            [g.sig ? t(`sig.${g.sig}`) : "", g.small_sample ? t("sig.small") : ""].filter(Boolean).join(" · "),
        },
      ],
      rows,
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "p",
        { "data-testid": "calls-overall" },
        t("calls.overall", {
          calls: fmt.int(cl.calls),
          connected: fmt.int(cl.connected),
          cr: fmt.pct(cl.connect_rate),
          ordered: fmt.int(cl.ordered),
          or: fmt.pct(cl.order_rate),
        }),
      ),
      chiLine(c, br.chi_square, label(c.lang, "dimn", br.by), "calls"),
      h("p", { class: "muted small" }, t("calls.legend")),
    ),
  });
  card.classList.add("wide");
  return card;
}

/** The funnel's actions, shallowest first (收藏 → 加购; 下单 is each row's converted). */
const FUNNEL = ["favorite_shop", "favorite_item", "cart", "other"];

/**
 * The interest funnel: per deepest action, how many people and how many of them ordered, with
 * the rate and its Wilson interval.
 * @param {DashContext} c @param {Report} r
 */
function interestFunnel(c, r) {
  const { t, fmt, palette: p } = c;
  const it = r.interest;
  if (!it) return needs(c, "interest", "section.interest", "headline.need_interest");
  const rows = FUNNEL.flatMap((a) => it.by_action.filter((x) => x.action === a))
    .filter((x) => x.action !== "other" || x.events > 0)
    .map((x) => ({ _key: x.action, ...x, name: keyName(c, x.action) }));
  const summary = t("interest.summary", {
    days: it.window_days,
    events: fmt.int(it.events),
    rows: rows
      .map((x) =>
        t("interest.row", {
          name: x.name,
          buyers: fmt.int(x.buyers),
          converted: fmt.int(x.converted),
          rate: fmt.pct(x.rate),
        }),
      )
      .join(c.lang === "en" ? "; " : "；"),
  });
  const maxN = Math.max(1, ...rows.map((x) => x.buyers));
  const card = chartCard(c, {
    id: "interest",
    title: t("section.interest"),
    file: t("file.interest"),
    height: Math.max(180, 56 * rows.length + 48),
    summary,
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted }, data: [t("col.buyers"), t("col.converted")] },
      // A fixed margin for the names (containLabel measures them a few pixels short in en).
      grid: { left: c.lang === "en" ? 150 : 84, right: 120, top: 28, bottom: 24 },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const x = rows[ps[0].dataIndex];
          return x
            ? `${x.name}\n${t("col.buyers")}: ${fmt.int(x.buyers)}\n${t("col.converted")}: ${fmt.int(x.converted)}\n${t("col.rate")}: ${fmt.pct(x.rate)} (${fmt.pct(x.ci_low)}–${fmt.pct(x.ci_high)})\n${t("col.events")}: ${fmt.int(x.events)}`
            : "";
        },
      },
      yAxis: axis(p, {
        type: "category",
        inverse: true,
        data: rows.map((x) => x.name),
        axisLabel: { color: p.fg, interval: 0, width: c.lang === "en" ? 136 : 72, overflow: "truncate" },
      }),
      xAxis: axis(p, {
        type: "value",
        max: maxN,
        axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => fmt.axis(v) },
      }),
      series: [
        {
          type: "bar",
          name: t("col.buyers"),
          barGap: "-100%",
          barMaxWidth: 28,
          itemStyle: { color: p.dark ? "#3a4150" : "#d7dde6", borderRadius: [0, 4, 4, 0] },
          data: rows.map((x) => x.buyers),
          label: {
            show: true,
            position: "right",
            color: p.fg,
            formatter: (/** @type {any} */ e) => {
              const x = rows[e.dataIndex];
              return x ? `${fmt.count(x.converted)} / ${fmt.count(x.buyers)} · ${fmt.pct(x.rate)}` : "";
            },
          },
        },
        {
          type: "bar",
          name: t("col.converted"),
          barMaxWidth: 28,
          itemStyle: { color: p.accent, borderRadius: [0, 4, 4, 0] },
          data: rows.map((x) => x.converted),
        },
      ],
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.action") },
        { key: "events", label: t("col.events"), num: true, text: (x) => fmt.int(x.events) },
        { key: "buyers", label: t("col.buyers"), num: true, text: (x) => fmt.int(x.buyers) },
        { key: "converted", label: t("col.converted"), num: true, text: (x) => fmt.int(x.converted) },
        { key: "rate", label: t("col.rate"), num: true, share: true, text: (x) => fmt.pct(x.rate) },
        {
          key: "ci",
          label: t("col.ci"),
          num: true,
          text: (x) => `${fmt.pct(x.ci_low)}–${fmt.pct(x.ci_high)}`,
          csv: (x) => `${fmt.pctPlain(x.ci_low)}–${fmt.pctPlain(x.ci_high)}`,
        },
      ],
      rows,
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "ul",
        { class: "funnel-rows", "data-testid": "interest-rows" },
        rows.map((x) =>
          h(
            "li",
            { "data-action": x.action },
            h("span", { class: "funnel-name" }, x.name),
            " ",
            num(fmt.count(x.buyers), fmt.int(x.buyers), x.buyers, { "data-testid": `interest-${x.action}-buyers` }),
            " → ",
            num(fmt.count(x.converted), fmt.int(x.converted), x.converted, {
              "data-testid": `interest-${x.action}-converted`,
            }),
            " · ",
            num(fmt.pct(x.rate), fmt.pct(x.rate), x.rate, { "data-testid": `interest-${x.action}-rate` }),
            h("span", { class: "muted" }, ` (${fmt.pct(x.ci_low)}–${fmt.pct(x.ci_high)})`),
          ),
        ),
      ),
      h("p", { class: "muted small" }, t("interest.legend")),
    ),
  });
  return card;
}

/** The three audiences of the interest events. */
const AUDIENCES = /** @type {const} */ (["interested", "interested_converted", "interested_not_converted"]);

/**
 * The interest audiences with their counts, each with its list and its CSV (people who never
 * ordered included).
 * @param {DashContext} c @param {Report} r
 */
function audiences(c, r) {
  const { t, fmt } = c;
  const conv = r.conversion?.[0];
  if (!r.interest || !conv) return needs(c, "audiences", "audience.title", "headline.need_interest");
  /** @type {Record<string, number>} */
  const n = {
    interested: conv.overall.interested,
    interested_converted: conv.overall.converted,
    interested_not_converted: conv.overall.interested - conv.overall.converted,
  };
  return h(
    "section",
    { class: "card audiences", "data-testid": "audiences-card" },
    h("header", { class: "card-head" }, h("h3", {}, t("audience.title"))),
    h(
      "ul",
      { class: "audience-list" },
      AUDIENCES.map((a) => {
        const name = t(`audience.${a}`);
        return h(
          "li",
          { class: "audience", "data-testid": `audience-${a}` },
          h("span", { class: "audience-name" }, name),
          num(fmt.count(n[a]), fmt.int(n[a]), n[a], { class: "audience-n", "data-testid": `audience-${a}-n` }),
          h(
            "span",
            { class: "card-tools" },
            h(
              "button",
              {
                type: "button",
                class: "btn small",
                "data-testid": `audience-${a}-list`,
                disabled: n[a] === 0,
                onclick: () => c.openMembers({ audience: a }, name),
              },
              t("btn.members"),
            ),
            ...exportButtons(
              t,
              `audience-${a}`,
              (f) => c.exportMembers({ audience: a }, name, t(`file.audience.${a}`), undefined, f),
              {
                disabled: n[a] === 0,
                small: true,
                primary: a === "interested_not_converted",
              },
            ),
          ),
        );
      }),
    ),
    h("p", { class: "muted small" }, t("audience.note", { days: r.interest.window_days })),
  );
}

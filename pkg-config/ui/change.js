// Change over time: this period against the one before (with the conversion test in words),
// trends by day/week/month, repurchase, first-order-month cohorts and where customers moved
// since an earlier date. Drawn from the report's `periods`, `trends`, `repurchase`, `cohorts`
// and `migration`; every number is text in the DOM or one click away in a card's table.

import { h, download } from "./dom.js";
import { chartCard, segmented, base, axis, tableCsv, fileName } from "./charts.js";
import { label } from "../i18n/messages.js";

/** @typedef {import("../customer_insights.js").Report} Report */
/** @typedef {import("../customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("../customer_insights.js").TrendRow} TrendRow */
/** @typedef {import("../customer_insights.js").MoveRow} MoveRow */
/** @typedef {import("./dashboard.js").DashContext} DashContext */
/** @typedef {import("../i18n/messages.js").Lang} Lang */

/**
 * A number in reading form with its exact value in `title` and `data-value` (as dashboard.js).
 * @param {string} short @param {string} exact @param {string | number | null | undefined} value
 * @param {Record<string, string>} [attrs]
 */
function num(short, exact, value, attrs = {}) {
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
 * A card saying what is needed (`need` is a whole "需要…" hint).
 * @param {DashContext} c @param {string} id @param {string} title @param {string} need
 */
function needs(c, id, title, need) {
  return h(
    "section",
    { class: "card empty wide", "data-testid": `${id}-card` },
    h("header", { class: "card-head" }, h("h3", {}, title)),
    h("p", { class: "muted", "data-testid": `${id}-needs` }, c.t(need)),
  );
}

/** `YYYY-MM-DD` → "12月2日" / "Dec 2" (with the year: "2024年12月2日" / "Dec 2, 2024"). @param {Lang} lang @param {string} ymd @param {boolean} [year] */
export function dayLabel(lang, ymd, year = false) {
  const [y, m, d] = ymd.split("-").map(Number);
  if (!y || !m || !d) return ymd;
  if (lang !== "en") return `${year ? `${y}年` : ""}${m}月${d}日`;
  return new Intl.DateTimeFormat("en", {
    month: "short",
    day: "numeric",
    year: year ? "numeric" : undefined,
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** `YYYY-MM` → "2024年1月" / "Jan 2024" (short: "1月" / "Jan"). @param {Lang} lang @param {string} ym @param {boolean} [short] */
function monthLabel(lang, ym, short = false) {
  const [y, m] = ym.split("-").map(Number);
  if (!y || !m) return ym;
  if (lang !== "en") return short ? `${m}月` : `${y}年${m}月`;
  return new Intl.DateTimeFormat("en", { month: "short", year: short ? undefined : "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

/** "p=0.067" / "p<0.001". @param {DashContext} c @param {number} p */
const pText = (c, p) => (c.fmt.p(p).startsWith("<") ? `p${c.fmt.p(p)}` : `p=${c.fmt.p(p)}`);

// ---------------------------------------------------------------------------------------------
// Periods

/** The tiles of the periods strip, in reading order. */
const PERIOD_KPIS = /** @type {const} */ ([
  "revenue",
  "orders",
  "aov",
  "customers",
  "new_customers",
  "interested",
  "conversion_rate",
]);

/**
 * The change of one tile: "↑ 13.0%", "↓ 9.4 个百分点", "新增" (previous 0), "持平".
 * @param {DashContext} c @param {string} key @param {number | null} change @param {number | string | null} prev @param {number | string | null} cur
 */
function changeBadge(c, key, change, prev, cur) {
  const { t, fmt } = c;
  const pct = new Intl.NumberFormat(c.lang, { style: "percent", maximumFractionDigits: 1 });
  /** @type {[string, string, string]} [class, text, aria] */
  let v;
  if (change === null) {
    v = Number(prev) === 0 && Number(cur) > 0 ? ["new", t("periods.new"), t("periods.new")] : ["flat", "—", ""];
  } else if (change === 0) {
    v = ["flat", t("periods.same"), t("periods.same")];
  } else {
    const dir = change > 0 ? "up" : "down";
    const size =
      key === "conversion_rate"
        ? t("periods.pts", { v: fmt.dec(Math.abs(change) * 100) })
        : pct.format(Math.abs(change));
    v = [dir, `${dir === "up" ? "↑" : "↓"} ${size}`, `${t(`periods.${dir}`)} ${size}`];
  }
  return h(
    "span",
    {
      class: `delta ${v[0]}`,
      "data-testid": `period-${key}-change`,
      "data-value": change === null ? "" : change,
      "aria-label": v[2] || null,
    },
    v[1],
  );
}

/**
 * This period against the one before: KPI tiles with arrows, and the conversion test in words.
 * @param {DashContext} c @param {Report} r
 */
export function periods(c, r) {
  const { t, fmt } = c;
  const days = r.periods?.days ?? c.config.periods?.days ?? 30;
  const title = t("section.periods", { n: days });
  if (!r.periods) return needs(c, "periods", title, "headline.need_orders");
  const { current: cur, previous: prev, change, conversion_test: test } = r.periods;
  /** @param {string} k @param {any} v */
  const show = (k, v) =>
    v === null || v === undefined
      ? ["—", "—"]
      : k === "revenue" || k === "aov"
        ? [fmt.cash(v), fmt.money(v)]
        : k === "conversion_rate"
          ? [fmt.pct(v), fmt.pct(v)]
          : [fmt.count(v), fmt.int(v)];
  const tiles = PERIOD_KPIS.filter((k) => cur[k] !== null || prev[k] !== null).map((k) => {
    const [short, exact] = show(k, cur[k]);
    return h(
      "div",
      { class: "kpi period", "data-testid": `period-${k}` },
      h("div", { class: "kpi-label" }, t(`periods.kpi.${k}`)),
      num(short, exact, cur[k], { class: "kpi-value", "data-testid": `period-${k}-current` }),
      h(
        "div",
        { class: "period-foot" },
        changeBadge(c, k, change[k], prev[k], cur[k]),
        h(
          "span",
          { class: "muted" },
          t("periods.before", { v: "" }).trim(),
          " ",
          num(show(k, prev[k])[0], show(k, prev[k])[1], prev[k], { "data-testid": `period-${k}-previous` }),
        ),
      ),
    );
  });
  const range = (/** @type {{from: string, to: string}} */ p) =>
    `${dayLabel(c.lang, p.from)}–${dayLabel(c.lang, p.to)}`;
  /** @type {string} */
  let verdict;
  let sig = false;
  if (cur.conversion_rate === null || prev.conversion_rate === null || test.p_value === null) {
    verdict = cur.interested === null ? "" : t("periods.test.none");
  } else if (cur.conversion_rate === prev.conversion_rate) {
    verdict = t("periods.test.same", { cur: fmt.pct(cur.conversion_rate) });
  } else {
    sig = test.p_value < 0.05;
    verdict = t(sig ? "periods.test.sig" : "periods.test.nosig", {
      prev: fmt.pct(prev.conversion_rate),
      cur: fmt.pct(cur.conversion_rate),
      dir: t(`periods.dir.${cur.conversion_rate > prev.conversion_rate ? "up" : "down"}`),
      p: pText(c, test.p_value),
    });
  }
  return h(
    "section",
    { class: "periods", "data-testid": "periods-card" },
    h(
      "header",
      { class: "card-head" },
      h("h3", {}, title),
      h(
        "span",
        { class: "muted small", "data-testid": "periods-range" },
        t("periods.range", { cur: range(cur), prev: range(prev) }),
      ),
    ),
    h("div", { class: "period-tiles" }, tiles),
    verdict
      ? h(
          "p",
          {
            class: `verdict${sig ? " sig" : ""}`,
            "data-testid": "periods-verdict",
            "data-p": test.p_value ?? "",
            title:
              test.z === null ? null : `z = ${fmt.stat(test.z)}, ${pText(c, /** @type {number} */ (test.p_value))}`,
          },
          verdict,
          " ",
          h("span", { class: "muted small" }, t("periods.test.how")),
        )
      : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Trends

const GRAINS = /** @type {const} */ (["day", "week", "month"]);
const METRICS = /** @type {const} */ (["orders", "revenue", "customers", "interested"]);

/** What each metric switch draws: the bars, and a second series where it pairs. */
const SERIES = {
  orders: ["orders"],
  revenue: ["revenue"],
  customers: ["customers", "new_customers"],
  interested: ["interested", "new_interested"],
};

/** The column label of a trend field. @param {DashContext} c @param {string} k */
const trendCol = (c, k) =>
  c.t(
    {
      orders: "col.orders",
      revenue: "col.revenue",
      customers: "col.customers",
      new_customers: "col.new_customers",
      interested: "col.interested",
      new_interested: "col.new_interested",
    }[k] ?? k,
  );

/**
 * A period's axis label: "12月2日" / "Dec 2", "第49周" / "W49", "1月" / "Jan" (with the year on
 * the first one and on each January).
 * @param {DashContext} c @param {"day" | "week" | "month"} grain @param {string} p @param {number} i
 */
function periodLabel(c, grain, p, i) {
  if (grain === "day") return dayLabel(c.lang, p);
  if (grain === "week") {
    const m = /^(\d{4})-W(\d{2})$/.exec(p);
    return m ? c.t("trends.week", { w: Number(m[2]) }) : p;
  }
  return monthLabel(c.lang, p, i !== 0 && !p.endsWith("-01"));
}

/** The whole name of a period, for tooltips and tables. @param {DashContext} c @param {"day" | "week" | "month"} grain @param {string} p */
function periodName(c, grain, p) {
  if (grain === "day") return dayLabel(c.lang, p, true);
  if (grain === "month") return monthLabel(c.lang, p);
  const m = /^(\d{4})-W(\d{2})$/.exec(p);
  return m ? (c.lang === "en" ? `${m[1]} W${Number(m[2])}` : `${m[1]}年第${Number(m[2])}周`) : p;
}

/**
 * Trends with a day/week/month switch and a metric switch.
 * @param {DashContext} c @param {Report} r
 */
export function trends(c, r) {
  const { t, fmt, palette: p } = c;
  const tr = r.trends;
  if (!tr) return needs(c, "trends", t("section.trends"), "hint.needs_orders_trend");
  const grain = GRAINS.includes(/** @type {any} */ (c.view.trendGrain))
    ? /** @type {"day" | "week" | "month"} */ (c.view.trendGrain)
    : "day";
  const rows0 = tr[grain];
  const have = (/** @type {keyof TrendRow} */ k) => rows0.some((x) => x[k] !== null);
  const metrics = METRICS.filter((m) => have(m));
  if (!metrics.length) return needs(c, "trends", t("section.trends"), "hint.needs_orders_trend");
  const metric = metrics.includes(/** @type {any} */ (c.view.trendMetric))
    ? /** @type {typeof METRICS[number]} */ (c.view.trendMetric)
    : metrics[0];
  const keys = SERIES[metric];
  const money = metric === "revenue";
  const rows = rows0.map((x, i) => ({
    _key: x.period,
    ...x,
    name: periodName(c, grain, x.period),
    label: periodLabel(c, grain, x.period, i),
  }));
  const val = (/** @type {any} */ x, /** @type {string} */ k) => (x[k] === null ? null : Number(x[k]));
  const main = rows.map((x) => val(x, keys[0]) ?? 0);
  const max = Math.max(...main);
  const at = rows[main.indexOf(max)];
  const total = money
    ? rows.reduce((a, x) => a + Math.round(Number(x.revenue ?? 0) * 100), 0) / 100
    : main.reduce((a, v) => a + v, 0);
  const f = (/** @type {number} */ v) => (money ? fmt.money(v) : fmt.int(v));
  // Columns of the table: every field the report fills.
  const fields = ["orders", "revenue", "customers", "new_customers", "interested", "new_interested"].filter((k) =>
    have(/** @type {keyof TrendRow} */ (k)),
  );
  const card = chartCard(c, {
    id: "trends",
    title: t("section.trends"),
    file: t("file.trends", { grain: t(`trends.grain.${grain}`) }),
    height: 300,
    summary: t("trends.summary", {
      grain: t(`trends.grain.${grain}`),
      n: rows.length,
      first: rows[0]?.name ?? "",
      last: rows[rows.length - 1]?.name ?? "",
      metric: trendCol(c, keys[0]),
      total: f(total),
      max: f(max),
      at: at?.name ?? "",
    }),
    controls: [
      segmented(
        "trends-grain",
        GRAINS.map((g) => ({ value: g, label: t(`trends.grain.${g}`) })),
        grain,
        (v) => {
          c.view.trendGrain = v;
          c.rerender();
        },
      ),
      segmented(
        "trends-metric",
        metrics.map((m) => ({ value: m, label: t(`trends.metric.${m}`) })),
        metric,
        (v) => {
          c.view.trendMetric = v;
          c.rerender();
        },
      ),
    ],
    option: () => ({
      ...base(p),
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { color: p.muted } },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const x = rows[ps[0]?.dataIndex];
          return x
            ? [
                x.name,
                ...keys.map((k) => `${trendCol(c, k)}: ${money ? fmt.money(x.revenue) : fmt.int(val(x, k))}`),
              ].join("\n")
            : "";
        },
      },
      xAxis: axis(p, {
        type: "category",
        data: rows.map((x) => x.label),
        axisLabel: { color: p.muted, hideOverlap: true },
      }),
      yAxis: axis(p, {
        type: "value",
        minInterval: money ? 0 : 1,
        axisLabel: {
          color: p.muted,
          formatter: (/** @type {number} */ v) => (money ? fmt.cash(v).replace(/\.00$/, "") : fmt.axis(v)),
        },
      }),
      series: keys.map((k, i) => ({
        type: i === 0 ? "bar" : "line",
        name: trendCol(c, k),
        data: rows.map((x) => val(x, k)),
        barMaxWidth: 28,
        symbolSize: 6,
        itemStyle: i === 0 ? { color: p.accent, borderRadius: [3, 3, 0, 0] } : { color: p.palette[0] },
        lineStyle: i === 0 ? undefined : { width: 2 },
      })),
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.period") },
        ...fields.map((k) => ({
          key: k,
          label: trendCol(c, k),
          num: true,
          text: (/** @type {any} */ x) => (k === "revenue" ? fmt.money(x.revenue) : fmt.int(x[k])),
        })),
      ],
      rows: [...rows].reverse(),
    }),
    note: h("p", { class: "muted small" }, t("trends.legend")),
  });
  card.classList.add("wide");
  return card;
}

// ---------------------------------------------------------------------------------------------
// Repurchase

/**
 * Repeat rate, AOV, revenue per customer, days to the second order and between orders, and the
 * customers by number of orders.
 * @param {DashContext} c @param {Report} r
 */
export function repurchase(c, r) {
  const { t, fmt, palette: p } = c;
  const rp = r.repurchase;
  if (!rp) return needs(c, "repurchase", t("section.repurchase"), "headline.need_orders");
  const d2 = rp.days_to_second_order;
  const days = (/** @type {number | null} */ n) =>
    n === null ? "—" : t("repurchase.days", { n: fmt.dec(n).replace(/\.0$/, "") });
  /** @type {[string, string, string, string | number | null, string][]} [id, label, shown, value, sub] */
  const items = [
    [
      "repeat_rate",
      t("repurchase.repeat_rate"),
      fmt.pct(rp.repeat_rate),
      rp.repeat_rate,
      t("repurchase.repeat_of", { n: fmt.int(rp.repeat_customers), of: fmt.int(rp.customers) }),
    ],
    ["aov", t("repurchase.aov"), fmt.money(rp.aov), rp.aov, t("repurchase.aov_of", { orders: fmt.int(rp.orders) })],
    [
      "revenue_per_customer",
      t("repurchase.rpc"),
      fmt.money(rp.revenue_per_customer),
      rp.revenue_per_customer,
      t("repurchase.rpc_of", { revenue: fmt.cash(rp.revenue) }),
    ],
    [
      "days_to_second_order",
      t("repurchase.second"),
      days(d2.median),
      d2.median,
      d2.count === 0
        ? t("repurchase.no_repeat")
        : t("repurchase.second_of", {
            p25: fmt.dec(d2.p25).replace(/\.0$/, ""),
            p75: fmt.dec(d2.p75).replace(/\.0$/, ""),
            mean: fmt.dec(d2.mean),
          }),
    ],
    [
      "interval_days_median",
      t("repurchase.interval"),
      days(rp.interval_days_median),
      rp.interval_days_median,
      t("repurchase.interval_of"),
    ],
  ];
  const tiles = h(
    "div",
    { class: "mini-kpis" },
    items.map(([id, name, shown, value, sub]) =>
      h(
        "div",
        { class: "mini-kpi", "data-testid": `repurchase-${id}-tile` },
        h("div", { class: "kpi-label" }, name),
        num(shown, shown, value, { class: "mini-value", "data-testid": `repurchase-${id}` }),
        h("div", { class: "muted small", "data-testid": `repurchase-${id}-sub` }, sub),
      ),
    ),
  );
  const rows = rp.orders_distribution.map((x) => ({
    _key: x.key,
    ...x,
    name: x.key === "1" ? t("repurchase.once") : t("repurchase.times", { n: x.key }),
    share: rp.customers ? x.customers / rp.customers : null,
  }));
  const card = chartCard(c, {
    id: "repurchase",
    title: t("section.repurchase"),
    file: t("file.repurchase"),
    height: 220,
    summary: t("repurchase.summary", {
      rows: rows.map((x) => `${x.name} ${fmt.int(x.customers)}`).join(c.lang === "en" ? ", " : "，"),
    }),
    option: () => ({
      ...base(p),
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const x = rows[ps[0]?.dataIndex];
          return x
            ? `${t("col.orders_count")}: ${x.name}\n${t("col.customers")}: ${fmt.int(x.customers)} (${fmt.pct(x.share)})\n${t("col.revenue")}: ${fmt.money(x.revenue)}`
            : "";
        },
      },
      xAxis: axis(p, {
        type: "category",
        data: rows.map((x) => x.name),
        axisLabel: { color: p.muted, interval: 0 },
      }),
      yAxis: axis(p, {
        type: "value",
        axisLabel: { color: p.muted, formatter: (/** @type {number} */ v) => fmt.axis(v) },
      }),
      series: [
        {
          type: "bar",
          name: t("col.customers"),
          data: rows.map((x) => x.customers),
          barMaxWidth: 48,
          itemStyle: { color: p.accent, borderRadius: [4, 4, 0, 0] },
          label: {
            show: true,
            position: "top",
            color: p.fg,
            formatter: (/** @type {any} */ e) => `${fmt.count(e.value)} · ${fmt.pct(rows[e.dataIndex]?.share)}`,
          },
        },
      ],
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.orders_count") },
        { key: "customers", label: t("col.customers"), num: true, text: (x) => fmt.int(x.customers) },
        { key: "share", label: t("col.customer_share"), num: true, share: true, text: (x) => fmt.pct(x.share) },
        { key: "revenue", label: t("col.revenue"), num: true, text: (x) => fmt.money(x.revenue) },
      ],
      rows,
    }),
  });
  card.classList.add("wide", "repurchase");
  card.querySelector(".card-body")?.before(tiles);
  return card;
}

// ---------------------------------------------------------------------------------------------
// Cohorts

const COHORT_VIEWS = /** @type {const} */ (["pct", "customers", "revenue"]);

/**
 * Retention by first-order month: rows = cohorts, columns = months since, as counts, % of the
 * cohort or revenue.
 * @param {DashContext} c @param {Report} r
 */
export function cohorts(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.cohorts) return needs(c, "cohorts", t("section.cohorts"), "headline.need_orders");
  const view = COHORT_VIEWS.includes(/** @type {any} */ (c.view.cohortView))
    ? /** @type {typeof COHORT_VIEWS[number]} */ (c.view.cohortView)
    : "pct";
  // Months in which nobody started are listed by the report; a row of zeros says nothing here.
  const list = r.cohorts.filter((x) => x.customers > 0);
  if (!list.length) return needs(c, "cohorts", t("section.cohorts"), "headline.need_orders");
  const width = Math.max(...list.map((x) => x.retained.length));
  const ks = Array.from({ length: width }, (_, k) => k);
  /** @param {typeof list[number]} x @param {number} k */
  const value = (x, k) =>
    view === "pct" ? x.retained[k] / x.customers : view === "revenue" ? Number(x.revenue[k]) : x.retained[k];
  /** @param {number | null} v */
  const show = (v) =>
    v === null || v === undefined ? "" : view === "pct" ? fmt.pct(v) : view === "revenue" ? fmt.cash(v) : fmt.int(v);
  const cells = list.flatMap((x, i) =>
    x.retained.map((n, k) => [k, i, value(x, k), n, x.customers, Number(x.revenue[k] ?? 0)]),
  );
  // The colour scale leaves out month 0 (everyone, by definition), so later months are readable.
  const later = cells.filter((v) => v[0] > 0).map((v) => /** @type {number} */ (v[2]));
  const max = Math.max(view === "pct" ? 0.01 : 1, ...later);
  const rows = list.map((x) => ({ _key: x.cohort, ...x, name: monthLabel(c.lang, x.cohort) }));
  const m1 = list.filter((x) => x.retained.length > 1);
  const m1Rate = m1.length ? m1.reduce((a, x) => a + x.retained[1], 0) / m1.reduce((a, x) => a + x.customers, 0) : null;
  const card = chartCard(c, {
    id: "cohorts",
    title: t("section.cohorts"),
    file: t("file.cohorts"),
    height: Math.max(260, 22 * list.length + 130),
    summary: `${t("section.cohorts")}: ${t("cohorts.summary", { n: list.length, m1: fmt.pct(m1Rate) })}`,
    controls: [
      segmented(
        "cohorts-view",
        COHORT_VIEWS.map((v) => ({ value: v, label: t(`cohorts.view.${v}`) })),
        view,
        (v) => {
          c.view.cohortView = v;
          c.rerender();
        },
      ),
    ],
    option: () => {
      // Numbers in the cells only where a cell is wide enough to hold them (not on a phone).
      const box = card.querySelector(".chart");
      const cellWidth = ((box?.clientWidth ?? 0) - 110) / Math.max(1, width);
      const roomy = cellWidth >= 34;
      return {
        ...base(p),
        grid: { left: 8, right: 16, top: 44, bottom: 56, containLabel: true },
        tooltip: {
          ...base(p).tooltip,
          formatter: (/** @type {any} */ e) => {
            const [k, i, , n, size, rev] = e.value;
            const x = rows[i];
            if (!x) return "";
            return k === 0
              ? t("cohorts.tip0", { cohort: x.name, size: fmt.int(size), revenue: fmt.money(rev) })
              : t("cohorts.tip", {
                  cohort: x.name,
                  size: fmt.int(size),
                  k,
                  n: fmt.int(n),
                  pct: fmt.pct(n / size),
                  revenue: fmt.money(rev),
                });
          },
        },
        xAxis: axis(p, {
          type: "category",
          position: "top",
          data: ks.map(String),
          name: t("cohorts.x"),
          nameLocation: "middle",
          nameGap: 22,
          axisLabel: { color: p.muted, interval: roomy ? 0 : "auto" },
          splitArea: { show: false },
        }),
        yAxis: axis(p, {
          type: "category",
          inverse: true,
          data: rows.map((x) => x.name),
          axisLabel: { color: p.muted, interval: 0 },
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
          text: [show(max), show(0)],
          inRange: { color: p.dark ? ["#1f2937", p.accent] : ["#eef4ff", p.accent] },
          dimension: 2,
          seriesIndex: 0,
        },
        series: [
          {
            type: "heatmap",
            data: cells,
            label: {
              show: roomy,
              fontSize: 10,
              color: p.fg,
              formatter: (/** @type {any} */ e) =>
                view === "pct"
                  ? `${Math.round(e.value[2] * 100)}%`
                  : view === "revenue"
                    ? ""
                    : String(e.value[3] || ""),
            },
            itemStyle: { borderColor: p.card, borderWidth: 1 },
          },
        ],
      };
    },
    table: () => ({
      cols: [
        { key: "name", label: t("col.cohort") },
        { key: "customers", label: t("col.customers"), num: true, text: (x) => fmt.int(x.customers) },
        ...ks.slice(1).map((k) => ({
          key: `m${k}`,
          label: t("cohorts.month", { k }),
          num: true,
          text: (/** @type {any} */ x) => (k < x.retained.length ? show(value(x, k)) : ""),
          csv: (/** @type {any} */ x) =>
            k >= x.retained.length
              ? ""
              : view === "pct"
                ? fmt.pctPlain(value(x, k))
                : view === "revenue"
                  ? x.revenue[k]
                  : x.retained[k],
        })),
      ],
      rows,
    }),
    note: h("div", { class: "note" }, h("p", { class: "muted small" }, t("cohorts.legend"))),
  });
  card.classList.add("wide");
  return card;
}

// ---------------------------------------------------------------------------------------------
// Migration

/** Lifecycle stages in report order. */
const STAGES = ["new", "active", "sleeping", "lost"];

/**
 * The members of one move, as an ad-hoc tag on the before/now fields (the members API takes a
 * config; the report's own tags are kept so the export's tags column stays the operator's).
 * @param {DashContext} c @param {"lifecycle" | "rfm"} dim @param {MoveRow} m @param {string} name
 * @returns {ReportConfig}
 */
export function moveConfig(c, dim, m, name) {
  const [before, now] = dim === "lifecycle" ? ["lifecycle_before", "lifecycle"] : ["rfm_segment_before", "rfm_segment"];
  const tag = {
    name,
    conditions: [
      { field: before, op: "=", value: m.from },
      { field: now, op: "=", value: m.to },
    ],
  };
  const own = c.config.tags ?? [];
  // (at most 100 tags per analysis: at the limit the move is listed without the operator's tags)
  return /** @type {ReportConfig} */ ({ ...c.config, tags: own.length < 100 ? [...own, tag] : [tag] });
}

/**
 * Where the customers of an earlier date are now: a from × to matrix of lifecycle stages or RFM
 * segments; each cell opens its members (with their CSV).
 * @param {DashContext} c @param {Report} r
 */
export function migration(c, r) {
  const { t, fmt } = c;
  const mg = r.migration;
  if (!mg) return needs(c, "migration", t("section.migration"), "headline.need_orders");
  const dim = c.view.migrationBy === "rfm" ? "rfm" : "lifecycle";
  const moves = mg[dim];
  const name = (/** @type {string} */ k) =>
    k === "none" ? t("migration.none") : dim === "lifecycle" ? label(c.lang, "stage", k) : label(c.lang, "seg", k);
  // Rows and columns in the report's order (stage order, or segment order), `none` first.
  const order = dim === "lifecycle" ? STAGES : (r.rfm?.segments ?? []).map((s) => s.segment);
  const rank = (/** @type {string} */ k) =>
    k === "none" ? -1 : order.indexOf(k) === -1 ? order.length : order.indexOf(k);
  const uniq = (/** @type {string[]} */ xs) => [...new Set(xs)].sort((a, b) => rank(a) - rank(b));
  const froms = uniq(moves.map((m) => m.from));
  const tos = uniq(moves.map((m) => m.to));
  const at = new Map(moves.map((m) => [`${m.from}\u0000${m.to}`, m]));
  const maxN = Math.max(1, ...moves.map((m) => m.customers));
  const asOf = r.as_of ?? "";
  const date = dayLabel(c.lang, mg.from, true);
  const taken = new Set((c.config.tags ?? []).map((x) => x.name));
  /** @param {MoveRow} m */
  const open = (m) => {
    const title = t("migration.title", { from: name(m.from), to: name(m.to), date });
    let tag = t("migration.tag", { from: name(m.from), to: name(m.to) });
    while (taken.has(tag)) tag += "·";
    c.openMembers({ tag }, title, moveConfig(c, dim, m, tag));
  };
  const sum = (/** @type {MoveRow[]} */ ms) => ms.reduce((a, m) => a + m.customers, 0);
  const stayed = sum(moves.filter((m) => m.from === m.to));
  const fresh = sum(moves.filter((m) => m.from === "none"));
  const moved = sum(moves) - stayed - fresh;
  const head = h(
    "tr",
    {},
    h("th", { scope: "col", class: "corner" }, `${t("migration.then", { date })} → ${t("migration.now")}`),
    tos.map((to) => h("th", { scope: "col", class: "num" }, name(to))),
    h("th", { scope: "col", class: "num" }, t("migration.total")),
  );
  const body = froms.map((from) =>
    h(
      "tr",
      { "data-from": from },
      h("th", { scope: "row" }, name(from)),
      tos.map((to) => {
        const m = at.get(`${from}\u0000${to}`);
        if (!m) return h("td", { class: "num move-empty" }, "");
        const cell = h(
          "button",
          {
            type: "button",
            class: `move${from === to ? " stay" : ""}`,
            "data-testid": `move-${dim}-${from}-${to}`,
            "data-value": m.customers,
            "aria-label": t("migration.cell", { from: name(from), to: name(to), n: fmt.int(m.customers) }),
            title: `${fmt.int(m.customers)} · ${fmt.money(m.revenue)}`,
            onclick: () => open(m),
          },
          fmt.count(m.customers),
        );
        // The cell's shade says how many (CSSOM, allowed under a strict style-src).
        cell.style.setProperty("--share", `${Math.round((m.customers / maxN) * 45)}%`);
        return h("td", { class: "num" }, cell);
      }),
      h("td", { class: "num total" }, fmt.int(sum(moves.filter((m) => m.from === from)))),
    ),
  );
  const foot = h(
    "tr",
    { class: "total" },
    h("th", { scope: "row" }, t("migration.total")),
    tos.map((to) => h("td", { class: "num" }, fmt.int(sum(moves.filter((m) => m.to === to))))),
    h("td", { class: "num" }, fmt.int(sum(moves))),
  );
  const list = () => ({
    cols: /** @type {import("./charts.js").Col[]} */ ([
      { key: "from", label: t("col.from"), text: (m) => name(m.from) },
      { key: "to", label: t("col.to"), text: (m) => name(m.to) },
      { key: "customers", label: t("col.customers"), num: true, text: (m) => fmt.int(m.customers) },
      { key: "revenue", label: t("col.revenue"), num: true, text: (m) => fmt.money(m.revenue) },
    ]),
    rows: moves,
  });
  const file = t("file.migration", { dim: t(`migration.view.${dim}`) });
  return h(
    "section",
    { class: "card wide migration", "data-testid": "migration-card" },
    h(
      "header",
      { class: "card-head" },
      h("h3", {}, t("section.migration")),
      h(
        "div",
        { class: "card-tools" },
        segmented(
          "migration-by",
          ["lifecycle", "rfm"].map((v) => ({ value: v, label: t(`migration.view.${v}`) })),
          dim,
          (v) => {
            c.view.migrationBy = v;
            c.rerender();
          },
        ),
        h(
          "button",
          {
            type: "button",
            class: "btn small",
            title: t("btn.csv_title"),
            "data-testid": "migration-csv",
            onclick: () =>
              download(
                fileName(file, asOf, "csv"),
                new Blob([tableCsv(list(), fmt)], { type: "text/csv;charset=utf-8" }),
              ),
          },
          t("btn.csv"),
        ),
      ),
    ),
    h(
      "p",
      { class: "muted small", "data-testid": "migration-from", "data-value": mg.from },
      t("migration.from_to", { from: date, to: asOf ? dayLabel(c.lang, asOf, true) : "" }),
    ),
    h(
      "div",
      { class: "table-wrap", tabindex: 0, role: "region", "aria-label": t("section.migration") },
      h(
        "table",
        { class: "moves", "data-testid": `migration-${dim}` },
        h("thead", {}, head),
        h("tbody", {}, body, foot),
      ),
    ),
    h(
      "p",
      { class: "note", "data-testid": "migration-summary" },
      t("migration.summary", { stayed: fmt.int(stayed), moved: fmt.int(moved), fresh: fmt.int(fresh) }),
    ),
  );
}

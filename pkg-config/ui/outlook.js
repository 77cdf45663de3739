// The cards of issue 18: after-sales service (SLA gauge, satisfaction, the orders link), calls
// by task (what the agent ticked beside what the orders say), contact screening with its two
// exports; predicted value (issue 19) is in prediction.js.
// Every number is text in the DOM with its exact value in `data-value`, or in a card's table.

import { h } from "./dom.js";
import { chartCard, base, axis, errorBars } from "./charts.js";
import { num, needs } from "./dashboard.js";
import { exportButtons } from "./members.js";

/** @typedef {import("../customer_insights.js").Report} Report */
/** @typedef {import("../customer_insights.js").ServiceRow} ServiceRow */
/** @typedef {import("./dashboard.js").DashContext} DashContext */

/** Satisfaction scores, lowest first. */
const SCORES = /** @type {const} */ (["1", "2", "3", "4", "5"]);

/**
 * A fact: a label over a number (the number carries `data-testid` and its exact value).
 * @param {string} name @param {Node} value @param {string} [hint]
 */
function fact(name, value, hint) {
  return h(
    "div",
    { class: "ol-fact" },
    h("dt", {}, name),
    h("dd", {}, value),
    hint ? h("dd", { class: "muted small" }, hint) : null,
  );
}

/** A share as a number with its exact value. @param {DashContext} c @param {number | null | undefined} v @param {string} id */
const pctNum = (c, v, id) => num(c.fmt.pct(v), c.fmt.pct(v), v ?? null, { "data-testid": id });
/** A count as a number with its exact value. @param {DashContext} c @param {number | null | undefined} v @param {string} id */
const intNum = (c, v, id) => num(c.fmt.count(v), c.fmt.int(v), v ?? null, { "data-testid": id });

/** The response standard in words: "24 小时内首次响应" (one hour, one minute in the singular). @param {DashContext} c */
function slaWords(c) {
  const m = c.config.service?.response_sla_minutes ?? 1440;
  if (m === 60) return c.t("service.sla_hour");
  if (m === 1) return c.t("service.sla_minute");
  return m % 60 === 0 ? c.t("service.sla_hours", { n: m / 60 }) : c.t("service.sla_minutes", { n: m });
}

/** Where a standard is set, when this element shows its Settings tab (else ""). @param {DashContext} c @param {string} key */
const settingsHint = (c, key) => (c.sections.has("settings") ? ` ${c.t(key)}` : "");

/**
 * After-sales service: the share answered within the SLA as a gauge, the satisfaction scores
 * 1–5 with CSAT, resolution times, and how tickets tie to orders; every group in the table.
 * @param {DashContext} c @param {Report} r
 */
export function service(c, r) {
  const { t, fmt, palette: p } = c;
  if (!r.service) return needs(c, "service", "section.service", "kind.tickets");
  const s = r.service;
  const o = s.overall;
  const sla = slaWords(c);
  const dist = SCORES.map((k) => ({ score: k, n: o.satisfaction_distribution?.[k] ?? 0 }));
  const rows = [
    { _key: "overall", group: t("service.overall"), ...o, key: "" },
    ...s.by_type.map((x) => ({ _key: `type:${x.key}`, group: `${t("service.by_type")} · ${x.key ?? ""}`, ...x })),
    ...s.by_channel.map((x) => ({
      _key: `channel:${x.key}`,
      group: `${t("service.by_channel")} · ${x.key ?? ""}`,
      ...x,
    })),
  ];
  /** @type {(key: string, labelKey: string, text: (x: ServiceRow) => string, share?: boolean) => import("./charts.js").Col} */
  const col = (key, labelKey, text, share = false) => ({ key, label: t(labelKey), num: true, share, text });
  const hours = (/** @type {number | null | undefined} */ v) =>
    v === null || v === undefined ? "—" : t("unit.hours", { n: fmt.dec(v) });
  const so = s.orders;
  const facts = h(
    "dl",
    { class: "ol-facts", "data-testid": "service-facts" },
    fact(t("service.on_time"), pctNum(c, o.on_time_response_rate, "service-on_time"), sla),
    fact(
      t("service.csat"),
      pctNum(c, o.csat, "service-csat"),
      t("service.csat_hint", { n: fmt.int(o.satisfaction_count) }),
    ),
    fact(
      t("service.resolution_median"),
      num(hours(o.resolution_hours_median), hours(o.resolution_hours_median), o.resolution_hours_median, {
        "data-testid": "service-resolution_median",
      }),
    ),
    fact(
      t("service.resolution_p90_short"),
      num(hours(o.resolution_hours_p90), hours(o.resolution_hours_p90), o.resolution_hours_p90, {
        "data-testid": "service-resolution_p90",
      }),
      t("service.resolution_p90_hint"),
    ),
  );
  const link = so
    ? h(
        "dl",
        { class: "ol-facts", "data-testid": "service-orders" },
        fact(
          t("service.after_sales_rate"),
          pctNum(c, so.after_sales_rate, "service-after_sales_rate"),
          t("service.after_sales_rate_hint"),
        ),
        fact(
          t("service.within_15_days"),
          pctNum(c, so.within_15_days, "service-within_15_days"),
          t("service.within_15_days_hint"),
        ),
        fact(t("service.linked"), intNum(c, so.linked_tickets, "service-linked")),
        fact(t("service.unlinked"), intNum(c, so.unlinked_tickets, "service-unlinked"), t("service.unlinked_hint")),
      )
    : h("p", { class: "muted small", "data-testid": "service-orders-needs" }, t("service.orders_needs"));
  const good = p.dark ? "#4cc38a" : "#2e9d5b";
  const bad = p.dark ? "#ff7b72" : "#d9534f";
  const card = chartCard(c, {
    id: "service",
    title: t("section.service"),
    height: 260,
    summary: t("service.summary", {
      sla,
      rate: fmt.pct(o.on_time_response_rate),
      csat: fmt.pct(o.csat),
      scores: dist.map((d) => `${d.score}: ${fmt.int(d.n)}`).join(c.lang === "en" ? ", " : "，"),
    }),
    option: () => ({
      baseOption: {
        ...base(p),
        title: [
          {
            text: sla,
            left: "22%",
            top: 0,
            textAlign: "center",
            textStyle: { color: p.muted, fontSize: 13, fontWeight: "normal" },
          },
          {
            text: t("service.dist_title", { csat: fmt.pct(o.csat) }),
            left: "72%",
            top: 0,
            textAlign: "center",
            textStyle: { color: p.muted, fontSize: 13, fontWeight: "normal" },
          },
        ],
        grid: { left: "50%", right: 16, top: 40, bottom: 8, containLabel: true },
        tooltip: { ...base(p).tooltip, trigger: "item" },
        xAxis: axis(p, {
          type: "category",
          data: dist.map((d) => t("service.score", { n: d.score })),
          axisLabel: { color: p.muted, interval: 0 },
        }),
        yAxis: axis(p, {
          type: "value",
          minInterval: 1,
          axisLabel: { color: p.muted, hideOverlap: true, formatter: (/** @type {number} */ v) => fmt.axis(v) },
        }),
        series: [
          {
            type: "gauge",
            center: ["22%", "62%"],
            radius: "78%",
            min: 0,
            max: 100,
            startAngle: 200,
            endAngle: -20,
            progress: {
              show: true,
              width: 14,
              itemStyle: { color: (o.on_time_response_rate ?? 0) >= 0.9 ? good : p.accent },
            },
            axisLine: { lineStyle: { width: 14, color: [[1, p.grid]] } },
            axisTick: { show: false },
            splitLine: { show: false },
            axisLabel: { show: false },
            pointer: { show: false },
            anchor: { show: false },
            title: { show: false },
            detail: {
              valueAnimation: false,
              offsetCenter: [0, "10%"],
              fontSize: 26,
              fontWeight: "bold",
              color: p.fg,
              formatter: () => fmt.pct(o.on_time_response_rate),
            },
            tooltip: { valueFormatter: () => fmt.pct(o.on_time_response_rate) },
            data: [{ value: (o.on_time_response_rate ?? 0) * 100, name: t("service.on_time") }],
          },
          {
            type: "bar",
            name: t("col.satisfaction_count"),
            barMaxWidth: 32,
            data: dist.map((d) => ({
              value: d.n,
              itemStyle: { color: d.score >= "4" ? good : d.score <= "2" ? bad : p.muted, borderRadius: [4, 4, 0, 0] },
            })),
            label: {
              show: true,
              position: "top",
              color: p.fg,
              formatter: (/** @type {any} */ e) => fmt.count(e.value),
            },
            tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.int(v) },
          },
        ],
      },
      // A phone: a smaller gauge that stays inside its half.
      media: [
        {
          query: { maxWidth: 560 },
          option: {
            title: [
              { left: "25%", textStyle: { fontSize: 11 } },
              { left: "74%", textStyle: { fontSize: 11 }, text: t("service.dist_short", { csat: fmt.pct(o.csat) }) },
            ],
            grid: { left: "52%" },
            series: [{ center: ["25%", "60%"], radius: "52%", detail: { fontSize: 18 } }, {}],
          },
        },
      ],
    }),
    table: () => ({
      cols: [
        { key: "group", label: t("col.group") },
        col("tickets", "col.tickets", (x) => fmt.int(x.tickets)),
        col("on_time_response_rate", "service.on_time", (x) => fmt.pct(x.on_time_response_rate), true),
        col("first_response_minutes_median", "col.first_response_median", (x) =>
          fmt.dec(x.first_response_minutes_median),
        ),
        col("first_response_minutes_p90", "col.first_response_p90", (x) => fmt.dec(x.first_response_minutes_p90)),
        col("resolution_hours_median", "col.resolution_median", (x) => fmt.dec(x.resolution_hours_median)),
        col("resolution_hours_p90", "service.resolution_p90", (x) => fmt.dec(x.resolution_hours_p90)),
        col("resolution_rate", "col.resolution_rate", (x) => fmt.pct(x.resolution_rate), true),
        col("satisfaction_mean", "col.satisfaction", (x) =>
          x.satisfaction_mean === null ? "—" : x.satisfaction_mean.toFixed(2),
        ),
        col("satisfaction_count", "col.satisfaction_count", (x) => fmt.int(x.satisfaction_count)),
        ...SCORES.map((k) => ({
          key: `score_${k}`,
          label: t("service.score", { n: k }),
          num: true,
          text: (/** @type {ServiceRow} */ x) => fmt.int(x.satisfaction_distribution?.[k] ?? 0),
          csv: (/** @type {ServiceRow} */ x) => x.satisfaction_distribution?.[k] ?? 0,
        })),
        col("csat", "service.csat", (x) => fmt.pct(x.csat), true),
        col("complaint_share", "col.complaint_share", (x) => fmt.pct(x.complaint_share), true),
      ],
      rows,
    }),
    note: h(
      "div",
      { class: "note" },
      facts,
      link,
      h(
        "p",
        { class: "muted small", "data-testid": "service-legend" },
        t("service.legend", { sla }) + settingsHint(c, "service.sla_where"),
      ),
    ),
  });
  card.classList.add("wide");
  return card;
}

/**
 * Calls by task: connect rate, the order rate the agents ticked and the one the orders verify,
 * side by side with their 95% intervals.
 * @param {DashContext} c @param {Report} r
 */
export function callTasks(c, r) {
  const { t, fmt, palette: p } = c;
  const cl = r.calls;
  const br = cl?.by.find((x) => x.by === "task");
  // Without calls the calls card already says what it needs; without a task column, nothing to show.
  if (!cl || !br || br.groups.length === 0) return null;
  const days = c.config.calls?.verify_days ?? 7;
  const verified = cl.verified_order_rate !== null && cl.verified_order_rate !== undefined;
  const rows = br.groups.map((g) => ({ _key: g.key, ...g, name: g.key }));
  const ticked = t("calls.ticked");
  const checked = t("calls.verified", { n: days });
  const names = [t("col.connect_rate"), ticked, ...(verified ? [checked] : [])];
  const ci = (/** @type {number | null | undefined} */ lo, /** @type {number | null | undefined} */ hi) =>
    lo === null || lo === undefined ? "—" : `${fmt.pct(lo)}–${fmt.pct(hi)}`;
  const ciCsv = (/** @type {number | null | undefined} */ lo, /** @type {number | null | undefined} */ hi) =>
    lo === null || lo === undefined ? "" : `${fmt.pctPlain(lo)}–${fmt.pctPlain(hi)}`;
  const n = names.length;
  const card = chartCard(c, {
    id: "calls-task",
    title: t("section.calls_task"),
    height: 300,
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted }, data: names },
      tooltip: {
        ...base(p).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (/** @type {any[]} */ ps) => {
          const g = rows[ps[0].dataIndex];
          if (!g) return "";
          const lines = [
            g.name,
            `${t("col.calls")}: ${fmt.int(g.calls)}`,
            `${t("col.connect_rate")}: ${fmt.pct(g.connect_rate)}`,
            `${ticked}: ${fmt.pct(g.order_rate)} (${ci(g.ci_low, g.ci_high)})`,
          ];
          if (verified)
            lines.push(`${checked}: ${fmt.pct(g.verified_order_rate)} (${ci(g.verified_ci_low, g.verified_ci_high)})`);
          return lines.join("\n");
        },
      },
      xAxis: axis(p, {
        type: "category",
        data: rows.map((g) => g.name),
        axisLabel: { color: p.muted, interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 110, overflow: "truncate" },
      }),
      yAxis: axis(p, {
        type: "value",
        axisLabel: {
          color: p.muted,
          hideOverlap: true,
          formatter: (/** @type {number} */ v) => `${Math.round(v * 100)}%`,
        },
      }),
      series: [
        {
          type: "bar",
          name: names[0],
          barGap: "0%",
          barCategoryGap: "30%",
          barMaxWidth: 40,
          itemStyle: { color: p.dark ? "#4a5568" : "#c5cdd9" },
          data: rows.map((g) => g.connect_rate),
        },
        {
          type: "bar",
          name: ticked,
          barGap: "0%",
          barCategoryGap: "30%",
          barMaxWidth: 40,
          itemStyle: { color: p.palette[0] },
          data: rows.map((g) => g.order_rate),
        },
        errorBars(
          rows.map((g, i) => [i, g.ci_low, g.ci_high]),
          p.fg,
          n,
          1,
        ),
        ...(verified
          ? [
              {
                type: "bar",
                name: checked,
                barGap: "0%",
                barCategoryGap: "30%",
                barMaxWidth: 40,
                itemStyle: { color: p.palette[1] },
                data: rows.map((g) => g.verified_order_rate),
              },
              errorBars(
                rows.map((g, i) => [i, g.verified_ci_low ?? null, g.verified_ci_high ?? null]),
                p.fg,
                n,
                2,
              ),
            ]
          : []),
      ],
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.task") },
        { key: "calls", label: t("col.calls"), num: true, text: (g) => fmt.int(g.calls) },
        {
          key: "connect_rate",
          label: t("col.connect_rate"),
          num: true,
          share: true,
          text: (g) => fmt.pct(g.connect_rate),
        },
        {
          key: "talk_seconds_mean",
          label: t("col.talk_seconds"),
          num: true,
          text: (g) => fmt.dec(g.talk_seconds_mean),
        },
        { key: "ordered", label: `${ticked} · ${t("col.ordered")}`, num: true, text: (g) => fmt.int(g.ordered) },
        { key: "order_rate", label: ticked, num: true, share: true, text: (g) => fmt.pct(g.order_rate) },
        {
          key: "ci",
          label: `${ticked} · ${t("col.ci")}`,
          num: true,
          text: (g) => ci(g.ci_low, g.ci_high),
          csv: (g) => ciCsv(g.ci_low, g.ci_high),
        },
        ...(verified
          ? [
              {
                key: "verified_ordered",
                label: `${checked} · ${t("col.ordered")}`,
                num: true,
                text: (/** @type {any} */ g) => fmt.int(g.verified_ordered),
              },
              {
                key: "verified_order_rate",
                label: checked,
                num: true,
                share: true,
                text: (/** @type {any} */ g) => fmt.pct(g.verified_order_rate),
              },
              {
                key: "verified_ci",
                label: `${checked} · ${t("col.ci")}`,
                num: true,
                text: (/** @type {any} */ g) => ci(g.verified_ci_low, g.verified_ci_high),
                csv: (/** @type {any} */ g) => ciCsv(g.verified_ci_low, g.verified_ci_high),
              },
            ]
          : []),
      ],
      rows,
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "ul",
        { class: "ol-rows", "data-testid": "calls-task-rows" },
        rows.map((g) =>
          h(
            "li",
            { "data-key": g.key },
            h("span", { class: "ol-name" }, g.name),
            " ",
            intNum(c, g.calls, "calls-task-calls"),
            ` ${t("calls.unit")} · ${t("col.connect_rate")} `,
            pctNum(c, g.connect_rate, "calls-task-connect"),
            ` · ${ticked} `,
            pctNum(c, g.order_rate, "calls-task-ticked"),
            verified ? ` · ${checked} ` : "",
            verified ? pctNum(c, g.verified_order_rate, "calls-task-verified") : "",
          ),
        ),
      ),
      h(
        "p",
        { "data-testid": "calls-task-overall" },
        verified
          ? t("calls.overall_verified", {
              ticked: fmt.pct(cl.order_rate),
              verified: fmt.pct(cl.verified_order_rate),
              talk: fmt.dec(cl.talk_seconds_mean),
              n: days,
            })
          : t("calls.overall_ticked", { ticked: fmt.pct(cl.order_rate), talk: fmt.dec(cl.talk_seconds_mean) }),
      ),
      h(
        "p",
        { class: "muted small", "data-testid": "calls-task-legend" },
        verified
          ? t("calls.verified_legend", { n: days }) + settingsHint(c, "calls.verify_where")
          : t("calls.verified_needs"),
      ),
    ),
  });
  card.classList.add("wide");
  return card;
}

/** The screening counts, in reading order. */
const SCREEN_KEYS = /** @type {const} */ ([
  "phones",
  "masked",
  "valid",
  "invalid",
  "duplicate_numbers",
  "customers_sharing",
]);

/**
 * Contact screening: how many phone cells are usable, and the invalid and duplicate rows as
 * a list or a CSV (the rows themselves: file, row, customer, phone, number).
 * @param {DashContext} c @param {Report} r
 */
export function screening(c, r) {
  const { t, fmt, palette: p } = c;
  const s = r.screening;
  if (!s) return needs(c, "screening", "section.screening", "screening.need");
  const parts = [
    { _key: "valid", name: t("screening.valid"), n: s.valid, color: p.dark ? "#4cc38a" : "#2e9d5b" },
    { _key: "invalid", name: t("screening.invalid"), n: s.invalid, color: p.dark ? "#ff7b72" : "#d9534f" },
    { _key: "masked", name: t("screening.masked"), n: s.masked, color: p.dark ? "#5b6473" : "#b8c0cc" },
  ];
  /** @param {"invalid" | "duplicate"} kind @param {number} n */
  const tools = (kind, n) => {
    const name = t(`screening.list.${kind}`);
    return h(
      "span",
      { class: "card-tools" },
      h(
        "button",
        {
          type: "button",
          class: "btn small",
          "data-testid": `screening-${kind}-list`,
          disabled: n === 0,
          onclick: () => c.openMembers({ screening: kind }, name),
        },
        t("btn.members"),
      ),
      ...exportButtons(
        t,
        `screening-${kind}`,
        (f) => c.exportMembers({ screening: kind }, name, t(`file.screening.${kind}`), undefined, f),
        { disabled: n === 0, primary: true, small: true },
      ),
    );
  };
  const card = chartCard(c, {
    id: "screening",
    title: t("section.screening"),
    height: 120,
    summary: t("screening.summary", {
      phones: fmt.int(s.phones),
      valid: fmt.int(s.valid),
      invalid: fmt.int(s.invalid),
      masked: fmt.int(s.masked),
    }),
    option: () => ({
      ...base(p),
      legend: { top: 0, textStyle: { color: p.muted }, data: parts.map((x) => x.name) },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { ...base(p).tooltip, trigger: "item" },
      yAxis: axis(p, { type: "category", data: [t("screening.phones")], axisLabel: { show: false } }),
      xAxis: axis(p, {
        type: "value",
        max: Math.max(1, s.phones),
        axisLabel: { color: p.muted, hideOverlap: true, formatter: (/** @type {number} */ v) => fmt.axis(v) },
      }),
      series: parts.map((x) => ({
        type: "bar",
        name: x.name,
        stack: "phones",
        barMaxWidth: 36,
        itemStyle: { color: x.color },
        data: [x.n],
        tooltip: { valueFormatter: (/** @type {number} */ v) => fmt.int(v) },
      })),
    }),
    table: () => ({
      cols: [
        { key: "name", label: t("col.what") },
        { key: "n", label: t("col.count"), num: true, text: (x) => fmt.int(x.n) },
      ],
      rows: SCREEN_KEYS.map((k) => ({ _key: k, name: t(`screening.${k}`), n: s[k] })),
    }),
    note: h(
      "div",
      { class: "note" },
      h(
        "dl",
        { class: "ol-facts", "data-testid": "screening-facts" },
        SCREEN_KEYS.map((k) => fact(t(`screening.${k}`), intNum(c, s[k], `screening-${k}`))),
      ),
      h(
        "ul",
        { class: "audience-list" },
        h(
          "li",
          { class: "audience" },
          h("span", { class: "audience-name" }, t("screening.invalid_rows")),
          tools("invalid", s.invalid),
        ),
        h(
          "li",
          { class: "audience" },
          h("span", { class: "audience-name" }, t("screening.duplicate_rows")),
          tools("duplicate", s.duplicate_numbers),
        ),
      ),
      s.phones > 0 && s.masked === s.phones
        ? h("p", { class: "muted small", "data-testid": "screening-all-masked" }, t("screening.all_masked"))
        : null,
      h("p", { class: "muted small" }, t("screening.legend")),
    ),
  });
  return card;
}

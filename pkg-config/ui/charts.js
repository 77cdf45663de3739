// ECharts, loaded on first use from the package's own vendor/ folder (no CDN), and the card
// every chart sits in: title, a one-click table toggle, PNG and CSV export.

import { h, clear, toCsv, download } from "./dom.js";

/**
 * The part of the ECharts API used here.
 * @typedef {{
 *   setOption(option: object, notMerge?: boolean): void,
 *   resize(): void,
 *   dispose(): void,
 *   isDisposed(): boolean,
 *   getDataURL(opts: {type?: string, pixelRatio?: number, backgroundColor?: string}): string,
 *   on(event: string, handler: (params: any) => void): void,
 * }} Chart
 * @typedef {{
 *   init(el: HTMLElement, theme?: string | null, opts?: {renderer?: string, locale?: string}): Chart,
 *   registerMap(name: string, geoJson: object): void,
 * }} ECharts
 */

/** @type {Promise<ECharts> | null} */
let loading = null;

/**
 * Loads ECharts and registers the China province map (once per page).
 * @returns {Promise<ECharts>}
 */
export function loadECharts() {
  if (!loading) {
    loading = (async () => {
      const url = new URL("../vendor/echarts.js", import.meta.url).href;
      const ec = /** @type {ECharts} */ (await import(/* webpackIgnore: true */ /* @vite-ignore */ url));
      const res = await fetch(new URL("../vendor/china.json", import.meta.url));
      if (res.ok) ec.registerMap("china", await res.json());
      return ec;
    })();
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

/**
 * Colours for charts, from the element's CSS custom properties.
 * @typedef {{accent: string, fg: string, muted: string, grid: string, card: string, palette: string[], font: string, dark: boolean}} Palette
 */

/**
 * A table column. In the CSV export a column's value is `csv(row)` if given, else a share
 * (`share`) as a percentage with two decimals under "label (%)", a number column's raw value,
 * else the shown text (so names are exported in the UI language, never as codes).
 * @typedef {{key: string, label: string, num?: boolean, share?: boolean, text?: (row: any) => string, csv?: (row: any) => unknown, title?: (row: any) => string}} Col
 */

/**
 * @typedef {object} CardSpec
 * @property {string} id Used for `data-testid` and file names.
 * @property {string} title
 * @property {(Node | null)[]} [controls] Extra controls in the header (switches).
 * @property {Node | null} [note] Text under the chart.
 * @property {(() => object | null) | null} [option] The ECharts option; null: the card is a table only.
 * @property {() => {cols: Col[], rows: any[]}} table The numbers behind the chart.
 * @property {(params: any) => void} [onClick] Chart click handler.
 * @property {(row: any) => void} [onRow] Opens a table row (click, Enter or Space).
 * @property {string} [summary] What the chart shows, for screen readers (default: its first rows).
 * @property {string} [file] The export file name's first part (default: the title).
 * @property {number} [height=300] Chart height in px (default 300).
 * @property {boolean} [startWithTable=false] Show the table first (default false).
 */

/**
 * The context cards need from the element.
 * @typedef {{t: (key: string, vars?: Record<string, string | number>) => string, fmt: import("./format.js").Fmt, palette: Palette, echarts: ECharts | null, charts: Set<Chart>, lang: string, asOf?: string | null}} CardContext
 */

/** The text of a cell. @param {Col} c @param {any} r */
const cellText = (c, r) => (c.text ? c.text(r) : String(r[c.key] ?? ""));

/**
 * Builds a table from columns and rows (text only). Rows that open something (`onRow`) are
 * focusable and open on Enter or Space as well as on click.
 * @param {Col[]} cols @param {any[]} rows @param {(row: any) => void} [onRow]
 * @param {string} [name] The table's accessible name (its wrapper scrolls, so it is focusable).
 */
export function dataTable(cols, rows, onRow, name) {
  return h(
    "div",
    { class: "table-wrap", tabindex: name ? 0 : null, role: name ? "region" : null, "aria-label": name ?? null },
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          cols.map((c) => h("th", { class: c.num ? "num" : "", scope: "col" }, c.label)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((r) => {
          const tr = h(
            "tr",
            { "data-key": String(r._key ?? ""), class: onRow ? "clickable" : "", tabindex: onRow ? 0 : null },
            cols.map((c) =>
              h(
                "td",
                { class: c.num ? "num" : "", "data-col": c.key, title: c.title ? c.title(r) : null },
                cellText(c, r),
              ),
            ),
          );
          if (onRow) {
            tr.addEventListener("click", () => onRow(r));
            tr.addEventListener("keydown", (e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onRow(r);
              }
            });
          }
          return tr;
        }),
      ),
    ),
  );
}

/**
 * The CSV of a table: headers and values in the UI language, shares as percentages.
 * @param {{cols: Col[], rows: any[]}} d @param {import("./format.js").Fmt} fmt
 */
export function tableCsv(d, fmt) {
  return toCsv(
    d.cols.map((c) => (c.share ? `${c.label} (%)` : c.label)),
    d.rows.map((r) =>
      d.cols.map((c) =>
        c.csv ? c.csv(r) : c.share ? fmt.pctPlain(r[c.key]) : c.num ? (r[c.key] ?? "") : cellText(c, r),
      ),
    ),
  );
}

/**
 * A download file name that says what and when: `客户生命周期_2024-12-31.csv`.
 * @param {string} what @param {string | null | undefined} asOf @param {string} ext
 */
export function fileName(what, asOf, ext) {
  const name = what
    .split(/[（(]/)[0]
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, "_");
  return `${name}${asOf ? `_${asOf}` : ""}.${ext}`;
}

/**
 * A short summary of a table for a chart's `aria-label`: the title and the first rows.
 * @param {string} title @param {{cols: Col[], rows: any[]}} d
 */
function summarize(title, d) {
  const [first, second] = d.cols;
  const items = d.rows.slice(0, 8).map((r) => `${cellText(first, r)} ${second ? cellText(second, r) : ""}`.trim());
  return `${title}: ${items.join("; ")}${d.rows.length > 8 ? "; …" : ""}`;
}

/**
 * A card with a chart, its table one click away, and PNG/CSV export.
 * @param {CardContext} ctx
 * @param {CardSpec} spec
 * @returns {HTMLElement}
 */
export function chartCard(ctx, spec) {
  const { t } = ctx;
  let showTable = Boolean(spec.startWithTable) || !spec.option || !ctx.echarts;
  /** @type {Chart | null} */
  let chart = null;
  const body = h("div", { class: "card-body" });
  const data = spec.table();
  const chartBox = h("div", {
    class: "chart",
    role: "img",
    "aria-label": spec.summary ?? summarize(spec.title, data),
    "data-testid": `${spec.id}-chart`,
  });
  chartBox.style.height = `${spec.height ?? 300}px`; // CSSOM, allowed under a strict style-src
  const tableBox = h("div", { class: "table-box", "data-testid": `${spec.id}-table` });
  const toggle = h("button", { type: "button", class: "btn small", "data-testid": `${spec.id}-toggle` });
  const png = h(
    "button",
    { type: "button", class: "btn small", title: t("btn.png_title"), "data-testid": `${spec.id}-png` },
    t("btn.png"),
  );
  const csv = h(
    "button",
    { type: "button", class: "btn small", title: t("btn.csv_title"), "data-testid": `${spec.id}-csv` },
    t("btn.csv"),
  );

  tableBox.appendChild(dataTable(data.cols, data.rows, spec.onRow, spec.title));

  const makeChart = () => {
    if (chart || !ctx.echarts || !spec.option) return;
    const option = spec.option();
    if (!option) return;
    if (chartBox.clientWidth === 0 || chartBox.clientHeight === 0) return; // not laid out yet; the observer calls again
    chart = ctx.echarts.init(chartBox, null, { renderer: "canvas", locale: ctx.lang === "en" ? "EN" : "ZH" });
    chart.setOption(option);
    if (spec.onClick) chart.on("click", spec.onClick);
    ctx.charts.add(chart);
  };
  const ro = new ResizeObserver(() => {
    if (!chartBox.isConnected) {
      ro.disconnect();
      return;
    }
    if (chartBox.clientWidth === 0 || chartBox.clientHeight === 0) return; // hidden: keep the last layout
    if (!chart) makeChart();
    else if (chart.isDisposed()) ro.disconnect();
    else chart.resize();
  });
  ro.observe(chartBox);

  const update = () => {
    chartBox.hidden = showTable;
    tableBox.hidden = !showTable;
    toggle.textContent = showTable ? t("btn.chart") : t("btn.table");
    toggle.setAttribute("aria-pressed", String(showTable));
    toggle.hidden = !spec.option || !ctx.echarts;
    png.hidden = showTable || !spec.option || !ctx.echarts;
    if (!showTable) queueMicrotask(makeChart);
  };
  toggle.addEventListener("click", () => {
    showTable = !showTable;
    update();
  });
  const what = spec.file ?? spec.title;
  png.addEventListener("click", () => {
    if (chart)
      download(
        fileName(what, ctx.asOf, "png"),
        chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: ctx.palette.card }),
      );
  });
  csv.addEventListener("click", () => {
    download(
      fileName(what, ctx.asOf, "csv"),
      new Blob([tableCsv(spec.table(), ctx.fmt)], { type: "text/csv;charset=utf-8" }),
    );
  });

  body.append(chartBox, tableBox);
  const card = h(
    "section",
    { class: "card", "data-testid": `${spec.id}-card` },
    h(
      "header",
      { class: "card-head" },
      h("h3", {}, spec.title),
      h("div", { class: "card-tools" }, ...(spec.controls ?? []), toggle, png, csv),
    ),
    body,
    spec.note ?? null,
  );
  update();
  return card;
}

/**
 * A segmented switch (radio buttons).
 * @param {string} name @param {{value: string, label: string}[]} options @param {string} current
 * @param {(value: string) => void} onChange
 */
export function segmented(name, options, current, onChange) {
  return h(
    "div",
    { class: "segmented", role: "radiogroup", "data-testid": `${name}-switch` },
    options.map((o) =>
      h(
        "button",
        {
          type: "button",
          role: "radio",
          "aria-checked": String(o.value === current),
          class: o.value === current ? "on" : "",
          "data-value": o.value,
          onclick: () => onChange(o.value),
        },
        o.label,
      ),
    ),
  );
}

/**
 * Base option parts shared by all charts.
 * @param {Palette} p
 */
export function base(p) {
  return {
    backgroundColor: "transparent",
    color: p.palette,
    textStyle: { color: p.fg, fontFamily: p.font },
    // richText: tooltips are drawn on the canvas, so no data string is ever parsed as HTML.
    tooltip: {
      confine: true,
      renderMode: "richText",
      backgroundColor: p.card,
      borderColor: p.grid,
      textStyle: { color: p.fg },
    },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    // The chart's box carries role="img" and a summary; ECharts' own aria text would repeat it.
    aria: { enabled: false },
    animationDuration: 300,
  };
}

/**
 * Axis styling.
 * @param {Palette} p @param {object} extra
 */
export function axis(p, extra) {
  return {
    axisLine: { lineStyle: { color: p.grid } },
    axisTick: { show: false },
    axisLabel: { color: p.muted, hideOverlap: true },
    splitLine: { lineStyle: { color: p.grid, type: "dashed" } },
    nameTextStyle: { color: p.muted },
    ...extra,
  };
}

/**
 * An error-bar series (custom series drawing a whisker per category).
 * @param {[number, number | null, number | null][]} items [category index, low, high]
 * @param {string} color
 * @param {number} [seriesCount] bars per category, to offset the whisker
 *   @default 1
 * @param {number} [seriesIndex] which bar of the category
 *   @default 0
 */
export function errorBars(items, color, seriesCount = 1, seriesIndex = 0) {
  return {
    type: "custom",
    name: "95%",
    silent: true,
    z: 10,
    tooltip: { show: false },
    data: items.filter((d) => d[1] !== null && d[2] !== null),
    /** @param {any} _params @param {any} api */
    renderItem(_params, api) {
      const x = api.value(0);
      const lo = api.coord([x, api.value(1)]);
      const hi = api.coord([x, api.value(2)]);
      const band = api.size([1, 0])[0];
      const slot = (band * 0.7) / seriesCount;
      const cx = lo[0] - band * 0.35 + slot * (seriesIndex + 0.5);
      const w = Math.min(8, slot * 0.3);
      const style = { stroke: color, lineWidth: 1.5 };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: cx, y1: lo[1], x2: cx, y2: hi[1] }, style },
          { type: "line", shape: { x1: cx - w, y1: lo[1], x2: cx + w, y2: lo[1] }, style },
          { type: "line", shape: { x1: cx - w, y1: hi[1], x2: cx + w, y2: hi[1] }, style },
        ],
      };
    },
    encode: { x: 0, y: [1, 2] },
  };
}

/**
 * Error bars on horizontal bars: one whisker per category (y), from low to high (x).
 * @param {[number, number | null, number | null][]} items [category index, low, high]
 * @param {string} color
 */
export function errorBarsH(items, color) {
  return {
    type: "custom",
    name: "95%",
    silent: true,
    z: 10,
    tooltip: { show: false },
    data: items.filter((d) => d[1] !== null && d[2] !== null).map((d) => [d[1], d[2], d[0]]),
    /** @param {any} _params @param {any} api */
    renderItem(_params, api) {
      const y = api.value(2);
      const lo = api.coord([api.value(0), y]);
      const hi = api.coord([api.value(1), y]);
      const w = Math.min(5, api.size([0, 1])[1] * 0.25);
      const style = { stroke: color, lineWidth: 1.2, opacity: 0.8 };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
          { type: "line", shape: { x1: lo[0], y1: lo[1] - w, x2: lo[0], y2: lo[1] + w }, style },
          { type: "line", shape: { x1: hi[0], y1: hi[1] - w, x2: hi[0], y2: hi[1] + w }, style },
        ],
      };
    },
    encode: { x: [0, 1], y: 2 },
  };
}

/** Removes children and disposes charts. @param {Element} el @param {Set<Chart>} charts */
export function disposeAll(el, charts) {
  for (const c of charts) if (!c.isDisposed()) c.dispose();
  charts.clear();
  clear(el);
}

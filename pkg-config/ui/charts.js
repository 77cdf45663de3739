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
 * A table column.
 * @typedef {{key: string, label: string, num?: boolean, text?: (row: any) => string, raw?: (row: any) => unknown}} Col
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
 * @property {number} [height=300] Chart height in px (default 300).
 * @property {boolean} [startWithTable=false] Show the table first (default false).
 */

/**
 * The context cards need from the element.
 * @typedef {{t: (key: string, vars?: Record<string, string | number>) => string, palette: Palette, echarts: ECharts | null, charts: Set<Chart>, lang: string}} CardContext
 */

/**
 * Builds a table from columns and rows (text only).
 * @param {Col[]} cols @param {any[]} rows @param {(row: any) => void} [onRow]
 */
export function dataTable(cols, rows, onRow) {
  return h(
    "div",
    { class: "table-wrap" },
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
            { "data-key": String(r._key ?? ""), class: onRow ? "clickable" : "" },
            cols.map((c) =>
              h("td", { class: c.num ? "num" : "", "data-col": c.key }, c.text ? c.text(r) : String(r[c.key] ?? "")),
            ),
          );
          if (onRow) tr.addEventListener("click", () => onRow(r));
          return tr;
        }),
      ),
    ),
  );
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
  const chartBox = h("div", { class: "chart" });
  chartBox.style.height = `${spec.height ?? 300}px`; // CSSOM, allowed under a strict style-src
  const tableBox = h("div", { class: "table-box", "data-testid": `${spec.id}-table` });
  const toggle = h("button", { type: "button", class: "btn small", "data-testid": `${spec.id}-toggle` });
  const png = h("button", { type: "button", class: "btn small", title: "PNG" }, t("btn.png"));
  const csv = h("button", { type: "button", class: "btn small", "data-testid": `${spec.id}-csv` }, t("btn.csv"));

  const data = spec.table();
  tableBox.appendChild(dataTable(data.cols, data.rows));

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
    toggle.hidden = !spec.option || !ctx.echarts;
    png.hidden = showTable || !spec.option || !ctx.echarts;
    if (!showTable) queueMicrotask(makeChart);
  };
  toggle.addEventListener("click", () => {
    showTable = !showTable;
    update();
  });
  png.addEventListener("click", () => {
    if (chart)
      download(`${spec.id}.png`, chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: ctx.palette.card }));
  });
  csv.addEventListener("click", () => {
    const d = spec.table();
    download(
      `${spec.id}.csv`,
      new Blob(
        [
          toCsv(
            d.cols.map((c) => c.label),
            d.rows.map((r) => d.cols.map((c) => (c.raw ? c.raw(r) : r[c.key]))),
          ),
        ],
        { type: "text/csv;charset=utf-8" },
      ),
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

/** Removes children and disposes charts. @param {Element} el @param {Set<Chart>} charts */
export function disposeAll(el, charts) {
  for (const c of charts) if (!c.isDisposed()) c.dispose();
  charts.clear();
  clear(el);
}

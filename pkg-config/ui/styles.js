// The element's styles (a constructable stylesheet, so a strict style-src CSP is fine).
// Themable from outside with CSS custom properties: --ci-accent, --ci-bg, --ci-card, --ci-fg,
// --ci-muted, --ci-border, --ci-radius, --ci-font. Text in the accent colour uses --ci-link, a
// shade of --ci-accent that keeps 4.5:1 against the theme's backgrounds whatever accent a host
// sets (a host page's --ci-accent applies in both themes).

export const CSS = `
:host {
  --ci-accent: #3b6fd8;
  --ci-bg: #f5f7fb;
  --ci-card: #ffffff;
  --ci-fg: #1d2433;
  --ci-muted: #667085;
  --ci-border: #e3e8ef;
  --ci-good: #2e9d5b;
  --ci-bad: #d9534f;
  --ci-radius: 10px;
  --ci-link: color-mix(in srgb, var(--ci-accent) 86%, #000);
  --ci-accent-bg: var(--ci-accent);
  --ci-on-accent: #fff;
  --ci-font: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif;
  display: block;
  color: var(--ci-fg);
  background: var(--ci-bg);
  font: 14px/1.5 var(--ci-font);
  border-radius: var(--ci-radius);
  container-type: inline-size;
}
:host([theme="dark"]) {
  --ci-accent: #6c9cff;
  --ci-bg: #11151c;
  --ci-card: #1a2029;
  --ci-fg: #e6e9ef;
  --ci-muted: #98a2b3;
  --ci-border: #2b3340;
  --ci-link: color-mix(in srgb, var(--ci-accent) 55%, #fff);
  --ci-accent-bg: var(--ci-link);
  --ci-on-accent: #0b1220;
  color-scheme: dark;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
h1, h2, h3 { margin: 0; font-weight: 600; }
h3 { font-size: 15px; }
.muted { color: var(--ci-muted); }
.small { font-size: 12px; }
.warn { color: #b7791f; }
.app { padding: 16px 20px 24px; }
.topbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-bottom: 12px; }
.brand { flex: 1 1 240px; min-width: 0; }
.brand h2 { font-size: 20px; }
.brand p { margin: 2px 0 0; color: var(--ci-muted); font-size: 12px; }
.top-tools { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--ci-border); margin-bottom: 16px; overflow-x: auto; scrollbar-width: none; }
.tab { appearance: none; border: 0; background: none; color: var(--ci-muted); font: inherit; padding: 8px 14px; cursor: pointer; border-bottom: 2px solid transparent; white-space: nowrap; }
.tab[aria-selected="true"] { color: var(--ci-link); border-bottom-color: var(--ci-accent); font-weight: 600; }
.tab .badge { display: inline-block; min-width: 18px; margin-left: 6px; padding: 0 5px; border-radius: 9px; background: var(--ci-border); color: var(--ci-fg); font-size: 11px; text-align: center; }
.btn { appearance: none; display: inline-flex; align-items: center; gap: 6px; border: 1px solid var(--ci-border); background: var(--ci-card); color: var(--ci-fg); font: inherit; padding: 6px 12px; border-radius: 8px; cursor: pointer; white-space: nowrap; }
.btn:hover { border-color: var(--ci-accent); }
.btn:disabled { opacity: .55; filter: grayscale(1); cursor: not-allowed; }
.btn.primary { background: var(--ci-accent-bg); border-color: var(--ci-accent-bg); color: var(--ci-on-accent); }
:focus-visible { outline: 2px solid var(--ci-link); outline-offset: 2px; }
.btn.small { padding: 2px 8px; font-size: 12px; border-radius: 6px; }
.btn.ghost { border-color: transparent; background: transparent; color: var(--ci-muted); }
select, input[type="text"], input[type="number"], input[type="date"] { font: inherit; color: var(--ci-fg); background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: 6px; padding: 4px 8px; min-width: 0; }
.segmented { display: inline-flex; border: 1px solid var(--ci-border); border-radius: 6px; overflow: hidden; flex-wrap: wrap; }
.segmented button { appearance: none; border: 0; background: var(--ci-card); color: var(--ci-muted); font: inherit; font-size: 12px; padding: 2px 10px; cursor: pointer; }
.segmented button.on { background: var(--ci-accent-bg); color: var(--ci-on-accent); }
.busy { color: var(--ci-muted); font-size: 12px; }
.error-bar { background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; padding: 8px 12px; border-radius: 8px; margin-bottom: 12px; }
:host([theme="dark"]) .error-bar { background: #3b1d1d; color: #ffb4b0; border-color: #5c2b2b; }

/* files */
.drop-row { display: flex; gap: 12px; flex-wrap: wrap; align-items: stretch; margin-bottom: 16px; }
.drop { flex: 1 1 320px; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px; text-align: center; padding: 28px 16px; border: 2px dashed var(--ci-border); border-radius: var(--ci-radius); background: var(--ci-card); cursor: pointer; }
.drop.over { border-color: var(--ci-accent); background: color-mix(in srgb, var(--ci-accent) 8%, var(--ci-card)); }
.drop-icon { font-size: 28px; color: var(--ci-link); line-height: 1; }
.file-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.file-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.file-card { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 12px 14px; min-width: 0; }
.file-card.error { border-color: #f5c2c0; }
.file-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.file-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.file-card progress { width: 100%; height: 8px; margin-top: 10px; accent-color: var(--ci-accent); }
.facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; margin: 10px 0 6px; }
.facts div { min-width: 0; }
.facts dt { color: var(--ci-muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.skips { margin: 4px 0; padding-left: 18px; font-size: 12px; color: var(--ci-muted); }
.file-error { background: #fdecea; color: #8a1c1c; border-radius: 6px; padding: 6px 10px; margin: 8px 0; overflow-wrap: anywhere; }
.file-error p { margin: 2px 0 0; }
:host([theme="dark"]) .file-error { background: #3b1d1d; color: #ffb4b0; }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--ci-link); font-size: 13px; }
.map-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 10px; }
.map-grid label { display: flex; flex-direction: column; font-size: 12px; color: var(--ci-muted); min-width: 0; }
.map-grid label.mapped span { color: var(--ci-fg); font-weight: 600; }
.map-grid select { width: 100%; }

/* dashboard */
.asof { margin: 0 0 12px; color: var(--ci-muted); font-size: 13px; }
.headline { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin-bottom: 16px; }
.kpi { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 14px 16px; border-top: 3px solid var(--ci-accent); min-width: 0; }
.kpi.missing { border-top-color: var(--ci-border); }
.kpi-label { color: var(--ci-muted); font-size: 13px; }
.kpi-value { display: block; font-size: 30px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.3; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wake { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 10px 16px; margin: -4px 0 16px; padding: 12px 16px; background: var(--ci-card); border: 1px solid var(--ci-border); border-left: 4px solid #e0a100; border-radius: var(--ci-radius); }
.wake-text { flex: 1 1 320px; min-width: 0; }
.wake-text p { margin: 2px 0 0; }
.wake-n { font-weight: 700; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; }
.verdict.sig { color: var(--ci-fg); }
.kpi-hint { color: var(--ci-muted); font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.card { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 12px 14px; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.card.tall { grid-row: span 2; }
.card.empty p { margin: 8px 0 0; }
.card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
.card-tools { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.chart { width: 100%; }
.note { color: var(--ci-fg); font-size: 13px; }
.note p { margin: 6px 0 0; }
.chi { margin-top: 6px; padding: 8px 10px; border-radius: 8px; background: color-mix(in srgb, var(--ci-accent) 6%, var(--ci-card)); }
.chi p { margin: 0; }
.chi-stats { font-variant-numeric: tabular-nums; color: var(--ci-muted); font-size: 12px; }
.chi-plain.sig { font-weight: 600; }
.stages { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; margin-bottom: 8px; }
.stage { appearance: none; text-align: left; font: inherit; color: var(--ci-fg); background: var(--ci-bg); border: 1px solid var(--ci-border); border-left: 4px solid var(--ci-accent); border-radius: 8px; padding: 8px 10px; cursor: pointer; display: grid; grid-template-columns: 1fr auto; gap: 0 8px; min-width: 0; }
.stage:hover { border-color: var(--ci-accent); }
.stage-new { border-left-color: #2e9d5b; } .stage-active { border-left-color: var(--ci-accent); }
.stage-sleeping { border-left-color: #e0a100; } .stage-lost { border-left-color: #98a2b3; }
.stage-name { font-weight: 600; } .stage-share { color: var(--ci-muted); text-align: right; }
.stage-desc { grid-column: 1 / -1; color: var(--ci-muted); font-size: 12px; }
.stage-count { min-width: 0; white-space: nowrap; font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
.stage-rev { min-width: 0; white-space: nowrap; color: var(--ci-muted); align-self: end; text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; max-height: 420px; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--ci-border); text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: var(--ci-card); color: var(--ci-muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.value { max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
tr.clickable { cursor: pointer; }
tr.clickable:hover td, tr.clickable:focus-visible td { background: color-mix(in srgb, var(--ci-accent) 7%, var(--ci-card)); }
.empty-state { text-align: center; padding: 48px 16px; background: var(--ci-card); border: 1px dashed var(--ci-border); border-radius: var(--ci-radius); }
.empty-state p { color: var(--ci-muted); }

/* tags & settings */
.toolbar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
.tag-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
.tag-card { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 12px 14px; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.tag-head { display: flex; gap: 8px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.tag-name { font-weight: 600; flex: 1 1 160px; }
.tag-count { color: var(--ci-link); font-weight: 600; font-variant-numeric: tabular-nums; }
.cond { display: grid; grid-template-columns: minmax(0, 1.4fr) 92px minmax(0, 1fr) 28px; gap: 6px; align-items: center; margin-bottom: 6px; }
.settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; align-items: start; }
.settings fieldset { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 10px 14px 12px; margin: 0; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.settings legend { font-weight: 600; padding: 0 4px; }
.settings label { display: flex; justify-content: space-between; align-items: center; gap: 10px; font-size: 13px; }
.settings label input[type="number"] { width: 90px; }
.settings fieldset.cuts { border-style: dashed; }
.settings fieldset.cuts.off { opacity: .55; }
.settings fieldset.cuts label { flex-direction: column; align-items: stretch; gap: 4px; }
.settings fieldset.cuts input { width: 100%; box-sizing: border-box; }
.settings .toolbar, .settings .file-error { grid-column: 1 / -1; }

/* interest funnel, audiences, customer search and record */
.funnel-rows { list-style: none; margin: 0 0 6px; padding: 0; display: grid; gap: 2px; }
.funnel-rows .funnel-name { display: inline-block; min-width: 7em; font-weight: 600; }
.audience-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.audience { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; padding: 8px 0; border-bottom: 1px solid var(--ci-border); }
.audience-name { flex: 1 1 10em; }
.audience-n { font-size: 1.4em; font-weight: 600; min-width: 3em; text-align: right; font-variant-numeric: tabular-nums; }
.customer-search { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin: 0 0 12px; }
.search-label { font-weight: 600; }
.search-field { position: relative; flex: 0 1 360px; min-width: 220px; }
.search-input { width: 100%; box-sizing: border-box; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--ci-muted); background: var(--ci-card); color: var(--ci-fg); font: inherit; }
.search-list { position: absolute; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 4px 0; list-style: none; background: var(--ci-card); color: var(--ci-fg); border: 1px solid var(--ci-muted); border-radius: 6px; box-shadow: 0 8px 24px rgba(0,0,0,.18); z-index: 20; max-height: 320px; overflow: auto; }
.search-item { padding: 4px 10px; cursor: pointer; }
.search-item[aria-selected="true"], .search-item:hover { background: var(--ci-accent); color: #fff; }
.search-item[aria-selected="true"] .muted, .search-item:hover .muted { color: inherit; }
.record-body { overflow: auto; display: flex; flex-direction: column; gap: 10px; }
.record-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 6px 16px; margin: 0; }
.record-facts dt { color: var(--ci-muted); font-size: .85em; }
.record-facts dd { margin: 0; font-weight: 600; }
.record-part h4 { margin: 4px 0; }
.record-part tr.invalid td { color: var(--ci-muted); text-decoration: line-through; }
.record-part tr.invalid td:nth-child(3) { text-decoration: none; color: var(--ci-bad); }
/* change over time: periods strip, repurchase tiles, migration matrix */
.periods { margin: 0 0 16px; padding: 12px 14px; background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); }
.period-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.kpi.period { padding: 8px 12px; border-top-width: 2px; background: var(--ci-bg); }
.kpi.period .kpi-value { font-size: 22px; }
.period-foot { display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; font-size: 12px; font-variant-numeric: tabular-nums; }
.delta { font-weight: 700; white-space: nowrap; }
.delta.up { color: #1e7b45; } .delta.down { color: #b42318; } .delta.new { color: var(--ci-link); } .delta.flat { color: var(--ci-muted); }
:host([theme="dark"]) .delta.up { color: #4cc38a; } :host([theme="dark"]) .delta.down { color: #ff7b72; }
.periods .verdict { margin: 10px 0 0; font-weight: 400; }
.periods .verdict.sig { font-weight: 600; }
.mini-kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin-bottom: 8px; }
.mini-kpi { background: var(--ci-bg); border: 1px solid var(--ci-border); border-radius: 8px; padding: 8px 10px; min-width: 0; }
.mini-value { display: block; font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
.migration .table-wrap { max-height: none; }
table.moves { width: auto; min-width: 100%; }
table.moves thead th { white-space: normal; vertical-align: bottom; min-width: 4.5em; }
table.moves th[scope="row"] { color: var(--ci-fg); position: static; }
table.moves th.corner { font-weight: 400; font-size: 12px; }
table.moves td { padding: 3px 4px; }
table.moves td.total, table.moves tr.total td, table.moves tr.total th { color: var(--ci-muted); font-variant-numeric: tabular-nums; }
.move { appearance: none; width: 100%; min-width: 44px; font: inherit; font-variant-numeric: tabular-nums; text-align: right; color: var(--ci-fg); padding: 4px 8px; border: 1px solid var(--ci-border); border-radius: 6px; cursor: pointer; background: color-mix(in srgb, var(--ci-accent) var(--share, 0%), var(--ci-card)); }
.move:hover { border-color: var(--ci-accent); }
.move.stay { border-style: dashed; border-color: var(--ci-muted); }
/* dialog */
.overlay { position: fixed; inset: 0; background: rgba(15, 20, 30, .45); display: flex; align-items: center; justify-content: center; padding: 16px; z-index: 1000; }
.dialog { background: var(--ci-card); color: var(--ci-fg); border-radius: var(--ci-radius); padding: 14px 16px; width: min(1000px, 100%); max-height: 90vh; display: flex; flex-direction: column; gap: 8px; box-shadow: 0 12px 40px rgba(0,0,0,.25); }
.dialog .table-wrap { max-height: 70vh; }
.dialog-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }

/* service, calls by task, screening, predicted value (outlook.js) */
.ol-facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px 16px; margin: 8px 0; }
.ol-fact { min-width: 0; }
.ol-fact dt { color: var(--ci-muted); font-size: 12px; }
.ol-fact dd { margin: 0; font-weight: 600; font-size: 18px; font-variant-numeric: tabular-nums; }
.ol-fact dd.small { font-weight: normal; font-size: 12px; }
.ol-rows { list-style: none; margin: 0 0 6px; padding: 0; display: grid; gap: 2px; font-variant-numeric: tabular-nums; }
.ol-name { display: inline-block; min-width: 8em; font-weight: 600; }
.ol-total { font-size: 15px; }
.ol-wake-head { margin: 0 0 8px; }
.ol-wake-head .audience-n { margin-right: 4px; }
.ol-wake-actions { display: flex; gap: 6px; flex-wrap: wrap; margin: 0 0 8px; }
.ol-wake-list .table-wrap { max-height: 360px; }
.card details table { margin-top: 6px; width: auto; }

@container (max-width: 760px) {
  .app { padding: 12px 10px 20px; }
  .headline { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .kpi { padding: 10px 12px; }
  .kpi-value { font-size: 24px; }
  .grid { grid-template-columns: minmax(0, 1fr); }
  .stages { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .period-tiles, .mini-kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .facts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .file-list, .tag-list { grid-template-columns: minmax(0, 1fr); }
  .brand h2 { font-size: 18px; }
}
`;

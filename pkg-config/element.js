// <customer-insights>: the whole dashboard as one custom element. Importing this module
// registers it (once; importing twice or alongside another copy is harmless).
//
//   <script type="module" src="…/customer-insights/element.js"></script>
//   <customer-insights lang="zh-CN" theme="light"></customer-insights>
//
// Each element owns its own engine Worker, so several on one page never share data.
// User data reaches the DOM only as text.

import { WorkspaceClient } from "./client.js";
import { InsightsSession } from "./session.js";
import { translator, pickLang } from "./i18n/messages.js";
import { h, clear, download, exportName } from "./ui/dom.js";
import { formatter } from "./ui/format.js";
import { loadECharts, disposeAll } from "./ui/charts.js";
import { renderFiles, renderGuide, progressText } from "./ui/files.js";
import { renderDashboard, DASH_SECTIONS } from "./ui/dashboard.js";
import { renderTags } from "./ui/tags.js";
import { renderSettings, settingsChip, describeChanges, withoutSettings } from "./ui/settings.js";
import { errorText } from "./ui/errors.js";
import { membersDialog, trapFocus, SHOWN } from "./ui/members.js";
import { searchBox, recordDialog, MATCHES } from "./ui/customer.js";
import { CSS } from "./ui/styles.js";
import { INTAKE_CSS } from "./ui/intake-styles.js";
import {
  SAVED_CSS,
  AnalysisError,
  parseAnalysis,
  isBlank,
  storageKey,
  loadSaved,
  storeSaved,
  fileName,
  renderSavedLine,
  renderSavedPanel,
} from "./ui/saved.js";

/** @typedef {import("./customer_insights.js").Report} Report */
/** @typedef {import("./customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("./customer_insights.js").IngestSummary} IngestSummary */
/** @typedef {import("./customer_insights.js").MemberSelector} MemberSelector */
/** @typedef {import("./i18n/messages.js").Lang} Lang */
/** @typedef {import("./ui/charts.js").Chart} Chart */
/** @typedef {import("./ui/charts.js").ECharts} ECharts */
/** @typedef {import("./ui/saved.js").Analysis} Analysis */

/**
 * A file to add: a browser File, or a name with bytes.
 * @typedef {File | {name: string, bytes: Uint8Array | ArrayBuffer | Blob}} FileInput
 */

/** The element's tag name. */
export const TAG = "customer-insights";
/** Tabs (also names for the `sections` attribute). */
export const TABS = ["files", "dashboard", "tags", "settings"];
/** Every name the `sections` attribute understands. */
export const SECTIONS = [...TABS.filter((x) => x !== "dashboard"), ...DASH_SECTIONS];

/** The media type of an .xlsx download. */
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PALETTE = ["#f0a030", "#2e9d5b", "#9b59b6", "#e05c5c", "#17a2b8", "#8d6e63", "#5c6bc0"];

/** localStorage, or null where the page may not use it (a sandboxed frame). */
function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

// (`CSS` here is the stylesheet text of ui/styles.js: the browser's CSS.escape is globalThis.CSS)
/** @param {string} s */
const cssEscape = (s) => (globalThis.CSS?.escape ? globalThis.CSS.escape(s) : s.replace(/["\\]/g, "\\$&"));

export class CustomerInsightsElement extends HTMLElement {
  /**
   * Attributes:
   * - `lang`: `zh-CN` or `en`. @default from navigator.language (zh-CN for Chinese, else en)
   * - `as-of`: the analysis date `YYYY-MM-DD`. @default the latest order date in the data
   * - `sections`: comma list of what to show: files, tags, settings, headline, periods,
   *   lifecycle, trends, repurchase, cohorts, rfm, migration, region, age, gender, conversion,
   *   interest (the funnel and the audiences), calls, service, screening, prediction (predicted
   *   value, P(alive) and the customers worth waking).
   *   @default all of them
   * - `theme`: `light` or `dark`; each change fires `themechange` ({theme}) so a host page can
   *   follow it (or style `html:has(customer-insights[theme="dark"])`). @default "light"
   * - `memory-budget`: bytes the engine may hold; a file that would need more is refused with
   *   `over_budget` before it is read (when its size is known) or as soon as it exceeds it.
   *   @default none
   * - `persist`: keep the analysis (settings, tags, file mappings, open tab, language; never
   *   the data) in localStorage and restore it when the element is next created: `persist` or
   *   `persist="on"` under one key for the origin, `persist="NAME"` under its own key (one per
   *   element of a page), `persist="off"` or no attribute: nothing is kept (read when the
   *   element is connected; later changes switch saving on or off).
   *   @default off
   */
  static get observedAttributes() {
    return ["lang", "as-of", "sections", "theme", "memory-budget"];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet !== "undefined") {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS + INTAKE_CSS + SAVED_CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      /** @type {ShadowRoot} */ (root).appendChild(h("style", {}, CSS + INTAKE_CSS + SAVED_CSS));
    }
    /** The files, config, tags and report (session.js); this element renders it. */
    this._session = new InsightsSession();
    this._wire(this._session);
    this._tab = "files";
    this._autoSwitched = false;
    /** @type {Record<string, string>} */
    this._view = {};
    /** @type {Set<Chart>} */
    this._charts = new Set();
    /** @type {ECharts | null} */
    this._echarts = null;
    /** @type {{update: (rows: import("./customer_insights.js").TagRow[] | null, error: string | null) => void} | null} */
    this._tagsView = null;
    /** @type {Element | null} */
    this._overlay = null;
    /** The customer search box, per language. @type {{lang: string, el: HTMLElement} | null} */
    this._search = null;
    /** The operator opened (true) or closed (false) the export guide; null: not yet. @type {boolean | null} */
    this._guideOpen = null;
    /** What the last Apply of the settings changed (shown once on the Settings tab). @type {string | null} */
    this._applied = null;
    this._built = false;
    /** The saved analysis: its name, when it was last kept, and whether it was looked for. */
    /** @type {string | null} */
    this._analysisName = null;
    /** @type {string | null} */
    this._savedAt = null;
    this._restoreTried = false;
    /** The line over the tabs after a restore or an import. @type {{how: "restored" | "imported", analysis: Analysis} | null} */
    this._savedLine = null;
    /** An import that failed, in the UI language. @type {string | null} */
    this._savedError = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this._saveTimer = undefined;
  }

  /** Renders what the session tells. @param {InsightsSession} s */
  _wire(s) {
    s.addEventListener("files", () => this._renderFiles());
    s.addEventListener("progress", (ev) => {
      const p = /** @type {CustomEvent<import("./client.js").FileProgress>} */ (ev).detail;
      const card = this.shadowRoot?.querySelector(`[data-file="${cssEscape(p.name)}"]`);
      const bar = card?.querySelector("progress");
      if (bar) /** @type {HTMLProgressElement} */ (bar).value = p.bytes;
      const text = card?.querySelector('[data-testid="file-progress-text"]');
      if (text) text.textContent = progressText(this._t, this._fmt, p.bytes, p.total, p.rows);
      this.dispatchEvent(new CustomEvent("progress", { detail: p }));
    });
    s.addEventListener("busy", () => {
      const b = this.shadowRoot?.querySelector(".busy");
      if (b) /** @type {HTMLElement} */ (b).hidden = s.busy <= 0;
      this._renderComputing();
    });
    s.addEventListener("status", () => this._renderError());
    s.addEventListener("report", (ev) =>
      this.dispatchEvent(new CustomEvent("report", { detail: /** @type {CustomEvent} */ (ev).detail })),
    );
    s.addEventListener("error", (ev) =>
      this.dispatchEvent(new CustomEvent("error", { detail: /** @type {CustomEvent} */ (ev).detail })),
    );
    s.addEventListener("refreshed", () => {
      this._renderAfterReport();
      this._scheduleSave();
    });
    s.addEventListener("files", () => this._scheduleSave());
  }

  /** @returns {Lang} */
  get _lang() {
    return pickLang(this.getAttribute("lang"));
  }
  get _t() {
    return translator(this._lang);
  }
  get _fmt() {
    return formatter(this._lang);
  }
  /** @returns {Set<string>} */
  get _sections() {
    const a = this.getAttribute("sections");
    if (!a?.trim()) return new Set(SECTIONS);
    return new Set(
      a
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }

  connectedCallback() {
    if (!this._session.client) {
      this._applyBudget();
      this._session.attach(new WorkspaceClient());
    }
    if (!this._restoreTried) {
      this._restoreTried = true;
      this._restore();
    }
    if (!this._built) {
      this._built = true;
      this._render();
    }
  }

  disconnectedCallback() {
    // Moving the element re-connects it at once; only a real removal stops the worker.
    setTimeout(() => {
      const client = this._session.client;
      if (this.isConnected || !client) return;
      this._session.detach();
      /** @type {WorkspaceClient} */ (client).close();
      for (const c of this._charts) if (!c.isDisposed()) c.dispose();
      this._charts.clear();
      this._built = false;
    }, 0);
  }

  /** Passes the `memory-budget` attribute to the engine. */
  _applyBudget() {
    const b = Number(this.getAttribute("memory-budget"));
    this._session.setBudget(Number.isFinite(b) && b > 0 ? b : undefined);
  }

  /** @param {string} name @param {string | null} old @param {string | null} value */
  attributeChangedCallback(name, old, value) {
    if (name === "memory-budget") {
      this._applyBudget();
      return;
    }
    if (name === "as-of") this._session.asOf = value;
    if (name === "theme" && old !== value)
      this.dispatchEvent(new CustomEvent("themechange", { detail: { theme: value === "dark" ? "dark" : "light" } }));
    if (old === value || !this._built) return;
    if (name === "lang") this._scheduleSave();
    if (name === "as-of") {
      void this._session.refresh();
      return;
    }
    this._render();
  }

  // ------------------------------------------------------------------ public API

  /**
   * Reads files into this element's workspace (one after the other, streamed to its worker)
   * and recomputes the report. Files with a name already present replace it.
   * @param {FileInput[] | FileList} files
   * @returns {Promise<IngestSummary[]>} one summary per file (with `error` when unreadable)
   */
  async addFiles(files) {
    const list = [...files].map((f) =>
      f instanceof Blob
        ? { name: f.name, blob: /** @type {Blob} */ (f) }
        : {
            name: f.name,
            blob:
              f.bytes instanceof Blob
                ? f.bytes
                : new Blob([f.bytes instanceof Uint8Array ? new Uint8Array(f.bytes) : f.bytes]),
          },
    );
    const out = await this._session.addFiles(list);
    const s = this._session;
    if (!s.hasUsable() && s.failedFiles().length && this._tab !== "files" && this._visibleTabs().includes("files")) {
      // nothing could be read: the reasons, and what to do, are on the Files tab
      this._tab = "files";
      this._render();
    } else if (
      !this._autoSwitched &&
      this._tab === "files" &&
      s.report &&
      s.hasUsable() &&
      this._sectionsShowDashboard()
    ) {
      this._autoSwitched = true;
      this._tab = "dashboard";
      this._render();
    }
    return out;
  }

  /**
   * Replaces the report config (spec/api.md) and recomputes. Tags made in the Tags tab are
   * added to `config.tags`.
   * @param {ReportConfig} config
   * @returns {Promise<Report>}
   */
  async setConfig(config) {
    try {
      return await this._session.setConfig(config);
    } finally {
      this._render();
    }
  }

  /**
   * The current report (computed if needed).
   * @returns {Promise<Report>}
   */
  report() {
    return this._session.ensureReport();
  }

  /** The config the report is computed with (tags included). @returns {ReportConfig} */
  get config() {
    return this._session.effectiveConfig();
  }

  /**
   * The analysis as it stands (the format of `*.analysis.json`, pkg-config/README.md): the
   * config the report is computed with (tags included), each file's options and column mapping
   * by file name, and the view (tab, language, chart toggles). Never the data.
   * @returns {Analysis}
   */
  get analysis() {
    const s = this._session;
    return {
      customer_insights_analysis: 1,
      name: this._analysisName,
      saved_at: this._savedAt,
      config: s.effectiveConfig(),
      mappings: s.mappings(),
      headers: s.headers(),
      view: { tab: this._tab, lang: this._lang, dashboard: { ...this._view } },
    };
  }

  /**
   * Takes a saved analysis (an object or the JSON text of a `*.analysis.json`, or a bare
   * report config) and recomputes; says so over the tabs. Rejects with a `bad_analysis` or
   * `bad_analysis_version` error (nothing changed) for a file that is not one this package reads.
   * @param {Analysis | string | Record<string, unknown>} input
   * @returns {Promise<void>}
   */
  async importAnalysis(input) {
    const a = parseAnalysis(input);
    this._savedLine = { how: "imported", analysis: a };
    this._savedError = null;
    const view = a.view ?? {};
    if (view.lang) this.setAttribute("lang", pickLang(view.lang));
    const done = this._applyAnalysis(a);
    this._render();
    await done;
    this._render();
    this._scheduleSave();
  }

  /**
   * Downloads the analysis as `NAME.analysis.json` (what the CLI takes as `--config`).
   * @returns {Analysis} what was written
   */
  exportAnalysis() {
    const a = { ...this.analysis, saved_at: new Date().toISOString() };
    download(
      fileName(a.name ?? this._t("saved.untitled")),
      new Blob([`${JSON.stringify(a, null, 2)}\n`], { type: "application/json" }),
    );
    return a;
  }

  /** The storage key the `persist` attribute asks for (null: nothing is kept). */
  get _persistKey() {
    return storageKey(this.getAttribute("persist"));
  }

  /** Restores the kept analysis, if `persist` asks and there is one. */
  _restore() {
    const key = this._persistKey;
    const a = key ? loadSaved(storage(), key) : null;
    if (!a || isBlank(a)) return;
    this._savedLine = { how: "restored", analysis: a };
    const view = a.view ?? {};
    if (view.lang && !this.hasAttribute("lang")) this.setAttribute("lang", pickLang(view.lang));
    void this._applyAnalysis(a).then(() => {
      if (this._built) this._render();
    });
  }

  /**
   * The analysis's name, tab and chart toggles now; its config and mappings through the
   * session (which reads files again whose options changed).
   * @param {Analysis} a
   */
  _applyAnalysis(a) {
    this._analysisName = a.name;
    this._savedAt = a.saved_at;
    const view = a.view ?? {};
    if (view.dashboard && typeof view.dashboard === "object") this._view = { ...view.dashboard };
    // the dashboard comes by itself once files are read
    if (typeof view.tab === "string" && TABS.includes(view.tab) && view.tab !== "dashboard") this._tab = view.tab;
    return this._session.applyAnalysis(a);
  }

  /** Keeps the analysis (when `persist` asks) once nothing changed for a moment. */
  _scheduleSave() {
    if (!this._persistKey) return;
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => this._saveNow(), 400);
  }

  _saveNow() {
    const key = this._persistKey;
    if (!key) return;
    const a = { ...this.analysis, saved_at: new Date().toISOString() };
    if (storeSaved(storage(), key, a) && !isBlank(a)) this._savedAt = a.saved_at;
  }

  /** Forgets the kept analysis and goes back to the default settings (files stay as read). */
  _clearSaved() {
    const key = this._persistKey;
    try {
      if (key) storage()?.removeItem(key);
    } catch {
      /* nothing kept */
    }
    this._savedLine = null;
    this._analysisName = null;
    this._savedAt = null;
    this._savedError = null;
    void this._session.applyAnalysis({ config: {}, mappings: {}, headers: {} }).then(() => this._render());
    this._render();
  }

  /** An analysis file picked on the Settings tab. @param {File} file */
  async _importFile(file) {
    try {
      await this.importAnalysis(await file.text());
    } catch (e) {
      const err = /** @type {AnalysisError} */ (e);
      this._savedError =
        err instanceof AnalysisError && err.code === "bad_analysis_version"
          ? this._t("saved.bad_version", { version: JSON.stringify(err.version) })
          : this._t("saved.bad_file", { error: err.message });
      this._renderSettings();
    }
  }

  // ------------------------------------------------------------------ engine

  /** @param {string} name */
  async _remove(name) {
    await this._session.removeFile(name);
    if (this._session.files.length === 0) this._render();
  }

  /**
   * Downloads the members of a selector as CSV or Excel, named by what and when.
   * @param {MemberSelector} selector @param {string} title
   * @param {string} [file] the file name's first part instead of 会员名单_{title}
   *   (e.g. 未成交兴趣客户_2024-12-31.csv)
   *   @default undefined
   * @param {import("./customer_insights.js").ReportConfig} [override] the config to list with
   *   instead of the session's (a card's ad-hoc tag, e.g. one migration move)
   *   @default undefined
   * @param {"csv" | "xlsx"} [format] @default "csv"
   */
  async _exportMembers(selector, title, file = undefined, override = undefined, format = "csv") {
    const s = this._session;
    if (!s.client) return;
    const config = override ?? s.effectiveConfig();
    const options = { lang: this._lang };
    const data =
      format === "xlsx"
        ? new Blob([await s.membersXlsx(selector, config, options)], { type: XLSX_TYPE })
        : new Blob([await s.membersCsv(selector, config, options)], { type: "text/csv;charset=utf-8" });
    // a member list says so, what and when: 会员名单_沉睡_2024-12-31.csv (chart tables: fileName)
    const date = config.as_of ?? s.report?.as_of ?? "";
    download(
      file ? exportName(file, "", date, format) : exportName(this._t("export.members"), title, date, format),
      data,
    );
  }

  /** Downloads the whole report as an Excel workbook: 客户洞察报告_2024-12-31.xlsx. */
  async _exportReport() {
    const s = this._session;
    if (!s.client || !s.report) return;
    const bytes = await s.reportXlsx(s.effectiveConfig(), { lang: this._lang });
    download(
      exportName(this._t("export.report"), "", s.report.as_of ?? "", "xlsx"),
      new Blob([bytes], { type: XLSX_TYPE }),
    );
  }

  /**
   * The members dialog: it takes focus, keeps Tab inside, closes on Esc (or a click outside)
   * and gives focus back to the control that opened it.
   * @param {MemberSelector} selector @param {string} title
   * @param {import("./customer_insights.js").ReportConfig} [override] the config to list with
   *   instead of the session's (a card's ad-hoc tag, e.g. one migration move)
   *   @default undefined
   */
  async _openMembers(selector, title, override = undefined) {
    const s = this._session;
    if (!s.client) return;
    const root = /** @type {ShadowRoot} */ (this.shadowRoot);
    const opener = /** @type {HTMLElement | null} */ (root.activeElement ?? null);
    const config = override ?? s.effectiveConfig();
    const ctx = { t: this._t, fmt: this._fmt, lang: this._lang };
    let closed = false;
    const close = () => {
      closed = true;
      this._closeOverlay(opener);
    };
    const save = (/** @type {"csv" | "xlsx"} */ f) => this._exportMembers(selector, title, undefined, override, f);
    const show = (/** @type {import("./customer_insights.js").MemberPage | null} */ m) => {
      if (closed) return;
      const d = membersDialog(ctx, title, m, (f) => void save(f).catch(() => undefined), close);
      const had = this._overlay?.contains(root.activeElement ?? null);
      trapFocus(d, close);
      if (this._overlay) this._overlay.replaceWith(d);
      else root.appendChild(d);
      this._overlay = d;
      if (m === null || had || !root.activeElement || root.activeElement === document.body)
        /** @type {HTMLElement | null} */ (d.querySelector(".dialog"))?.focus();
    };
    show(null);
    try {
      show(await s.membersPage(selector, { limit: SHOWN }, config));
    } catch {
      if (!closed) close(); // (the session shows the error)
    }
  }

  /**
   * Removes the open dialog and gives focus back to what opened it; the opener may have been
   * re-rendered meanwhile, so its twin is found by test id.
   * @param {HTMLElement | null} opener
   */
  _closeOverlay(opener) {
    const root = /** @type {ShadowRoot} */ (this.shadowRoot);
    this._overlay?.remove();
    this._overlay = null;
    const id = opener?.getAttribute("data-testid");
    const back = opener?.isConnected
      ? opener
      : id
        ? /** @type {HTMLElement | null} */ (root.querySelector(`[data-testid="${cssEscape(id)}"]`))
        : null;
    back?.focus();
  }

  /**
   * The customer record dialog, with the same focus rules as the members dialog.
   * @param {string} key
   */
  async _openCustomer(key) {
    const s = this._session;
    if (!s.client) return;
    const root = /** @type {ShadowRoot} */ (this.shadowRoot);
    const opener = /** @type {HTMLElement | null} */ (root.activeElement ?? null);
    const ctx = { t: this._t, fmt: this._fmt, lang: this._lang };
    let closed = false;
    const close = () => {
      closed = true;
      this._closeOverlay(opener);
    };
    const show = (/** @type {import("./customer_insights.js").CustomerRecord | null} */ rec) => {
      if (closed) return;
      const d = recordDialog(ctx, key, rec, close);
      trapFocus(d, close);
      if (this._overlay) this._overlay.replaceWith(d);
      else root.appendChild(d);
      this._overlay = d;
      /** @type {HTMLElement | null} */ (d.querySelector(".dialog"))?.focus();
    };
    show(null);
    try {
      show(await s.customer(key));
    } catch {
      if (!closed) close(); // (the session shows the error)
    }
  }

  _sectionsShowDashboard() {
    const s = this._sections;
    return DASH_SECTIONS.some((x) => s.has(x));
  }

  // ------------------------------------------------------------------ rendering

  _visibleTabs() {
    const s = this._sections;
    return TABS.filter((tab) => (tab === "dashboard" ? this._sectionsShowDashboard() : s.has(tab)));
  }

  _palette() {
    const cs = getComputedStyle(this);
    const v = (/** @type {string} */ n, /** @type {string} */ d) => cs.getPropertyValue(n).trim() || d;
    const accent = v("--ci-accent", "#3b6fd8");
    return {
      accent,
      fg: v("--ci-fg", "#1d2433"),
      muted: v("--ci-muted", "#667085"),
      grid: v("--ci-border", "#e3e8ef"),
      card: v("--ci-card", "#ffffff"),
      palette: [accent, ...PALETTE],
      font: v("--ci-font", "sans-serif"),
      dark: this.getAttribute("theme") === "dark",
    };
  }

  _render() {
    const root = /** @type {ShadowRoot} */ (this.shadowRoot);
    const t = this._t;
    const tabs = this._visibleTabs();
    if (!tabs.includes(this._tab)) this._tab = tabs[0] ?? "dashboard";
    for (const c of this._charts) if (!c.isDisposed()) c.dispose();
    this._charts.clear();
    const old = root.querySelector(".app");
    const lang = h(
      "select",
      { "aria-label": t("language"), "data-testid": "lang-select" },
      h("option", { value: "zh-CN" }, "中文"),
      h("option", { value: "en" }, "English"),
    );
    lang.value = this._lang;
    lang.addEventListener("change", () => this.setAttribute("lang", lang.value));
    const dark = this.getAttribute("theme") === "dark";
    const theme = h(
      "button",
      {
        type: "button",
        class: "btn small",
        "data-testid": "theme-toggle",
        title: t("theme"),
        onclick: () => this.setAttribute("theme", dark ? "light" : "dark"),
      },
      dark ? t("theme.light") : t("theme.dark"),
    );
    const app = h(
      "div",
      { class: "app", lang: this._lang },
      h(
        "header",
        { class: "topbar" },
        h("div", { class: "brand" }, h("h2", {}, t("title")), h("p", {}, t("subtitle"))),
        h(
          "div",
          { class: "top-tools" },
          h("span", { class: "busy", hidden: this._session.busy <= 0 }, t("busy")),
          h(
            "button",
            {
              type: "button",
              class: "btn small",
              "data-testid": "report-xlsx",
              title: t("btn.report_xlsx_title"),
              hidden: !this._session.report,
              onclick: () => void this._exportReport().catch(() => undefined),
            },
            t("btn.report_xlsx"),
          ),
          lang,
          theme,
        ),
      ),
      h(
        "div",
        { class: "error-bar", role: "alert", hidden: !this._errorText(), "data-testid": "error-bar" },
        this._errorText(),
      ),
      this._savedLine
        ? renderSavedLine({
            t,
            lang: this._lang,
            how: this._savedLine.how,
            analysis: this._savedLine.analysis,
            onClear: () => this._clearSaved(),
          })
        : null,
      h(
        "nav",
        { class: "tabs", role: "tablist" },
        tabs.map((tab) =>
          h(
            "button",
            {
              type: "button",
              role: "tab",
              class: "tab",
              "aria-selected": String(tab === this._tab),
              "data-testid": `tab-${tab}`,
              onclick: () => {
                this._tab = tab;
                this._render();
                this._scheduleSave();
              },
            },
            t(`tab.${tab}`),
            tab === "files" && this._session.files.length
              ? h("span", { class: "badge" }, String(this._session.files.length))
              : null,
            tab === "files" ? this._failedBadge() : null,
          ),
        ),
      ),
      h("div", { class: "panel", "data-panel": "files", hidden: this._tab !== "files" }),
      h("div", { class: "panel", "data-panel": "dashboard", hidden: this._tab !== "dashboard" }),
      h("div", { class: "panel", "data-panel": "tags", hidden: this._tab !== "tags" }),
      h("div", { class: "panel", "data-panel": "settings", hidden: this._tab !== "settings" }),
    );
    if (old) old.replaceWith(app);
    else root.prepend(app);
    this._renderFiles();
    this._renderDashboard();
    this._renderTags();
    this._renderSettings();
  }

  /** @param {string} name */
  _panel(name) {
    return /** @type {HTMLElement | null} */ (this.shadowRoot?.querySelector(`[data-panel="${name}"]`) ?? null);
  }

  /** The error bar's text: the session's error by its code in the UI language. */
  _errorText() {
    const e = this._session.error;
    return e ? (e.restart ? this._t("error.internal_panic") : errorText(this._t, e.code)) : "";
  }

  /** The Files tab's mark of the files that could not be read (null when none). */
  _failedBadge() {
    const n = this._session.failedFiles().length;
    if (!n) return null;
    const text = this._t(n === 1 ? "tab.files_failed_one" : "tab.files_failed", { n });
    return h(
      "span",
      { class: "badge bad", "data-testid": "files-failed-badge", title: text, "aria-label": text },
      `! ${n}`,
    );
  }

  /** The banner over the dashboard naming the files that could not be read (null when none). */
  _failedBanner() {
    const failed = this._session.failedFiles();
    if (!failed.length) return null;
    const t = this._t;
    const sep = this._lang === "en" ? ", " : "、";
    return h(
      "div",
      { class: "failed-banner", role: "alert", "data-testid": "failed-banner" },
      h(
        "div",
        {},
        h(
          "strong",
          {},
          t(failed.length === 1 ? "banner.failed_one" : "banner.failed", {
            n: failed.length,
            files: failed.map((f) => f.name).join(sep),
          }),
        ),
        h("p", {}, t(this._session.hasUsable() ? "banner.failed_body" : "banner.failed_none")),
      ),
      h(
        "button",
        {
          type: "button",
          class: "btn primary small",
          "data-testid": "banner-go-files",
          onclick: () => {
            this._tab = "files";
            this._render();
            /** @type {HTMLElement | null | undefined} */ (
              this.shadowRoot?.querySelector(".file-card.error [data-testid=file-error]")
            )?.focus();
          },
        },
        t("banner.go_files"),
      ),
    );
  }

  /** Shows the "computing the report" step on the Files tab while a report runs after reading. */
  _renderComputing() {
    const el = /** @type {HTMLElement | null | undefined} */ (
      this.shadowRoot?.querySelector('[data-testid="computing"]')
    );
    if (!el) return;
    const s = this._session;
    el.hidden = !(s.busy > 0 && s.files.length > 0 && !s.files.some((f) => f.state === "reading"));
  }

  _renderError() {
    const bar = this.shadowRoot?.querySelector(".error-bar");
    const text = this._errorText();
    if (bar) {
      /** @type {HTMLElement} */ (bar).hidden = !text;
      bar.textContent = text;
    }
  }

  _renderAfterReport() {
    this._renderError();
    this._renderDashboard();
    if (this._tagsView) this._tagsView.update(this._session.report?.tags ?? null, this._tagsErrorText());
    const s = this._panel("settings");
    if (s && !s.hidden) this._renderSettings();
  }

  /** The tags' engine error in the UI language (null when none). */
  _tagsErrorText() {
    return this._session.tagsError ? this._t("errcode.bad_config_tags") : null;
  }

  _renderFiles() {
    const p = this._panel("files");
    if (!p) return;
    // keeps which file cards had their mapping or problems open across the re-render
    const open = new Set(
      [...p.querySelectorAll("details[open][data-keep]")].map((d) => d.getAttribute("data-keep") ?? ""),
    );
    clear(p);
    const t = this._t;
    p.append(
      renderFiles({
        t,
        fmt: this._fmt,
        lang: this._lang,
        files: this._session.files,
        onFiles: (fs) => void this.addFiles(fs),
        onMapping: (name, m) => void this._session.setMapping(name, m).then(() => this._afterFix()),
        onOptions: (name, o) => void this._session.setOptions(name, o).then(() => this._afterFix()),
        onRemove: (name) => void this._remove(name),
        extra: h("slot", { name: "files-extra" }),
        open,
        guideOpen: this._guideOpen,
        onGuide: (o) => {
          this._guideOpen = o;
        },
      }),
    );
    this._renderComputing();
    // the tab's marks: how many files, and how many could not be read
    const tab = this.shadowRoot?.querySelector('[data-testid="tab-files"]');
    if (tab) {
      for (const b of tab.querySelectorAll(".badge")) b.remove();
      const n = this._session.files.length;
      if (n) tab.append(h("span", { class: "badge" }, String(n)));
      const failed = this._failedBadge();
      if (failed) tab.append(failed);
    }
  }

  /** A file was read again with the operator's kind or mapping: the dashboard when it now reads. */
  _afterFix() {
    const s = this._session;
    if (!this._autoSwitched && s.hasUsable() && !s.failedFiles().length && this._sectionsShowDashboard()) {
      this._autoSwitched = true;
      this._tab = "dashboard";
      this._render();
    }
  }

  async _renderDashboard() {
    const p = this._panel("dashboard");
    if (!p || p.hidden) return;
    const t = this._t;
    const r = this._session.report;
    if (!r || !this._session.hasUsable()) {
      disposeAll(p, this._charts);
      p.append(
        ...[
          this._failedBanner(),
          h(
            "div",
            { class: "empty-state", "data-testid": "dashboard-empty" },
            h("h3", {}, t(this._session.files.length ? "empty.none_read" : "empty.title")),
            h("p", {}, t("empty.body")),
            renderGuide(t, this._guideOpen ?? true, (o) => {
              this._guideOpen = o;
            }),
          ),
        ].filter((x) => x !== null),
      );
      return;
    }
    if (!this._echarts) {
      try {
        this._echarts = await loadECharts();
      } catch (e) {
        console.warn("customer-insights: charts unavailable, showing tables", e);
      }
      if (this._session.report !== r) return; // a newer report renders itself
    }
    disposeAll(p, this._charts);
    const banner = this._failedBanner();
    if (banner) p.append(banner);
    p.append(
      settingsChip({
        t,
        config: this._session.config,
        asOf: r.as_of ?? null,
        onReset: () => this._applySettings(withoutSettings(this._session.config)),
      }),
    );
    p.append(
      renderDashboard(
        {
          t,
          fmt: this._fmt,
          lang: this._lang,
          palette: this._palette(),
          echarts: this._echarts,
          charts: this._charts,
          config: this._session.effectiveConfig(),
          sections: this._sections,
          view: this._view,
          rerender: () => this._renderDashboard(),
          openMembers: (sel, title, config) => void this._openMembers(sel, title, config),
          exportMembers: (sel, title, file, config, format) =>
            void this._exportMembers(sel, title, file, config, format).catch(() => undefined),
          fetchMembersPage: (sel, page, config) => this._session.membersPage(sel, page, config),
          search: this._customerSearch(),
          asOf: r.as_of ?? null,
        },
        r,
      ),
    );
  }

  /** The dashboard's customer search box (kept across re-renders, so typing is not lost). */
  _customerSearch() {
    const key = `${this._lang}`;
    if (this._search?.lang !== key) {
      const el = searchBox({
        t: this._t,
        fmt: this._fmt,
        lang: this._lang,
        search: (text) => this._session.customers({ search: text, limit: MATCHES }),
        open: (k) => void this._openCustomer(k),
      });
      this._search = { lang: key, el };
    }
    return this._search.el;
  }

  _renderTags() {
    const p = this._panel("tags");
    if (!p) return;
    clear(p);
    const r = this._session.report;
    /** @type {Record<string, string[]>} */
    const suggestions = {
      lifecycle: ["new", "active", "sleeping", "lost"],
      rfm_segment: r?.rfm?.segments.map((s) => s.segment) ?? [],
      region: r?.distributions?.region.map((d) => d.key) ?? [],
      gender: r?.distributions?.gender.map((d) => d.key) ?? [],
      tag: this._session.tags.map((x) => x.name),
    };
    const view = renderTags({
      t: this._t,
      fmt: this._fmt,
      lang: this._lang,
      drafts: this._session.tags,
      suggestions,
      onChange: (structural) => {
        if (structural) this._renderTags();
        this._session.tagsChanged();
      },
      onMembers: (name) => void this._openMembers({ tag: name }, name),
    });
    this._tagsView = view;
    p.append(view.el);
    view.update(r?.tags ?? null, this._tagsErrorText());
  }

  _renderSettings() {
    const p = this._panel("settings");
    if (!p) return;
    clear(p);
    const s = this._session;
    const t = this._t;
    p.append(
      settingsChip({
        t,
        config: s.config,
        asOf: s.report?.as_of ?? null,
        onReset: () => this._applySettings(withoutSettings(s.config)),
      }),
      renderSettings({
        t,
        config: s.config,
        asOf: s.report?.as_of ?? null,
        latest: s.latest,
        error: s.settingsError ? errorText(t, s.settingsError.code) : null,
        applied: this._applied,
        onApply: (config) => this._applySettings(config),
      }),
      renderSavedPanel({
        t,
        lang: this._lang,
        name: this._analysisName,
        savedAt: this._savedAt,
        persist: this._persistKey !== null,
        error: this._savedError,
        onName: (name) => {
          this._analysisName = name.trim() || null;
          this._scheduleSave();
        },
        onExport: () => void this.exportAnalysis(),
        onImport: (file) => void this._importFile(file),
      }),
    );
  }

  /**
   * Applies settings and says what changed (once the engine took them).
   * @param {ReportConfig} config
   */
  _applySettings(config) {
    const s = this._session;
    const t = this._t;
    const changes = describeChanges(t, s.config, config, s.latest);
    this._applied = null;
    void s.applySettings(config).then(() => {
      this._applied = s.settingsError
        ? null
        : changes.length
          ? t("settings.applied", { changes: changes.join(this._lang === "en" ? "; " : "；") })
          : t("settings.applied_none");
      this._renderSettings();
      void this._renderDashboard();
    });
  }
}

/** Registers the element under `customer-insights` unless something already is. */
export function define() {
  if (typeof customElements !== "undefined" && !customElements.get(TAG))
    customElements.define(TAG, CustomerInsightsElement);
}
define();

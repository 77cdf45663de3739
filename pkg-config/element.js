// <customer-insights>: the whole dashboard as one custom element. Importing this module
// registers it (once; importing twice or alongside another copy is harmless).
//
//   <script type="module" src="…/customer-insights/element.js"></script>
//   <customer-insights lang="zh-CN" theme="light"></customer-insights>
//
// Each element owns its own engine Worker, so several on one page never share data.
// User data reaches the DOM only as text.

import { WorkspaceClient } from "./client.js";
import { translator, pickLang } from "./i18n/messages.js";
import { h, clear, download } from "./ui/dom.js";
import { formatter } from "./ui/format.js";
import { loadECharts, disposeAll } from "./ui/charts.js";
import { renderFiles } from "./ui/files.js";
import { renderDashboard, DASH_SECTIONS } from "./ui/dashboard.js";
import { renderTags, toConfig, fromConfig } from "./ui/tags.js";
import { renderSettings } from "./ui/settings.js";
import { membersDialog } from "./ui/members.js";
import { CSS } from "./ui/styles.js";

/** @typedef {import("./customer_insights.js").Report} Report */
/** @typedef {import("./customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("./customer_insights.js").IngestSummary} IngestSummary */
/** @typedef {import("./customer_insights.js").MemberSelector} MemberSelector */
/** @typedef {import("./i18n/messages.js").Lang} Lang */
/** @typedef {import("./ui/files.js").FileEntry} FileEntry */
/** @typedef {import("./ui/tags.js").DraftTag} DraftTag */
/** @typedef {import("./ui/charts.js").Chart} Chart */
/** @typedef {import("./ui/charts.js").ECharts} ECharts */

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

const PALETTE = ["#f0a030", "#2e9d5b", "#9b59b6", "#e05c5c", "#17a2b8", "#8d6e63", "#5c6bc0"];

/** @param {string} s */
const cssEscape = (s) => (typeof CSS !== "undefined" && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, "\\$&"));

export class CustomerInsightsElement extends HTMLElement {
  /**
   * Attributes:
   * - `lang`: `zh-CN` or `en`. @default from navigator.language (zh-CN for Chinese, else en)
   * - `as-of`: the analysis date `YYYY-MM-DD`. @default the latest order date in the data
   * - `sections`: comma list of what to show: files, tags, settings, headline, lifecycle, rfm,
   *   region, age, gender, conversion, calls, service. @default all of them
   * - `theme`: `light` or `dark`. @default "light"
   * - `memory-budget`: bytes the engine may hold; a file that would need more is refused with
   *   `over_budget` before it is read (when its size is known) or as soon as it exceeds it.
   *   @default none
   */
  static get observedAttributes() { return ["lang", "as-of", "sections", "theme", "memory-budget"]; }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet !== "undefined") {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      /** @type {ShadowRoot} */ (root).appendChild(h("style", {}, CSS));
    }
    /** @type {WorkspaceClient | null} */
    this._client = null;
    /** @type {FileEntry[]} */
    this._files = [];
    /** @type {ReportConfig} */
    this._config = {};
    /** @type {DraftTag[]} */
    this._tags = [];
    /** @type {Report | null} */
    this._report = null;
    /** @type {string | null} */
    this._error = null;
    /** @type {string | null} */
    this._tagsError = null;
    /** @type {string | null} */
    this._settingsError = null;
    this._tab = "files";
    this._autoSwitched = false;
    /** @type {Record<string, string>} */
    this._view = {};
    /** @type {Set<Chart>} */
    this._charts = new Set();
    /** @type {ECharts | null} */
    this._echarts = null;
    this._busy = 0;
    /** @type {Promise<Report | null> | null} */
    this._running = null;
    this._dirty = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this._tagTimer = undefined;
    /** @type {{update: (rows: import("./customer_insights.js").TagRow[] | null, error: string | null) => void} | null} */
    this._tagsView = null;
    /** @type {Element | null} */
    this._overlay = null;
    this._built = false;
  }

  /** @returns {Lang} */
  get _lang() { return pickLang(this.getAttribute("lang")); }
  get _t() { return translator(this._lang); }
  get _fmt() { return formatter(this._lang); }
  /** @returns {Set<string>} */
  get _sections() {
    const a = this.getAttribute("sections");
    if (!a || !a.trim()) return new Set(SECTIONS);
    return new Set(a.split(",").map((s) => s.trim()).filter(Boolean));
  }

  connectedCallback() {
    if (!this._client) {
      this._client = new WorkspaceClient();
      this._client.addEventListener("restart", () => this._onRestart());
      this._applyBudget();
    }
    if (!this._built) { this._built = true; this._render(); }
  }

  disconnectedCallback() {
    // Moving the element re-connects it at once; only a real removal stops the worker.
    setTimeout(() => {
      if (this.isConnected || !this._client) return;
      this._client.close();
      this._client = null;
      for (const c of this._charts) if (!c.isDisposed()) c.dispose();
      this._charts.clear();
      this._built = false;
    }, 0);
  }

  /** @param {string} name @param {string | null} old @param {string | null} value */
  /** Passes the `memory-budget` attribute to the engine. */
  _applyBudget() {
    const b = Number(this.getAttribute("memory-budget"));
    if (this._client) void this._client.setBudget(Number.isFinite(b) && b > 0 ? b : undefined).catch(() => undefined);
  }

  attributeChangedCallback(name, old, value) {
    if (name === "memory-budget") { this._applyBudget(); return; }
    if (old === value || !this._built) return;
    if (name === "as-of") { void this._refresh(); return; }
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
    const list = [...files].map((f) => (f instanceof Blob ? { name: f.name, blob: /** @type {Blob} */ (f) } : { name: f.name, blob: f.bytes instanceof Blob ? f.bytes : new Blob([f.bytes instanceof Uint8Array ? new Uint8Array(f.bytes) : f.bytes]) }));
    /** @type {FileEntry[]} */
    const entries = list.map(({ name, blob }) => {
      const old = this._files.findIndex((x) => x.name === name);
      /** @type {FileEntry} */
      const e = { name, blob, state: "reading", bytes: 0, rows: 0, summary: null, error: null };
      if (old >= 0) this._files.splice(old, 1, e); else this._files.push(e);
      return e;
    });
    this._renderFiles();
    /** @type {IngestSummary[]} */
    const out = [];
    for (const e of entries) out.push(await this._read(e));
    await this._refresh();
    if (!this._autoSwitched && this._tab === "files" && this._report && this._sectionsShowDashboard()) {
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
    this._config = { ...(config ?? {}) };
    if (config?.tags) {
      this._tags = fromConfig(config.tags);
      delete this._config.tags;
    }
    const r = await this._refresh(true);
    this._render();
    if (!r) throw this._lastError ?? new Error("no report");
    return r;
  }

  /**
   * The current report (computed if needed).
   * @returns {Promise<Report>}
   */
  async report() {
    if (this._running) await this._running;
    if (!this._report) await this._refresh(true);
    if (!this._report) throw this._lastError ?? new Error("no report");
    return this._report;
  }

  /** The config the report is computed with (tags included). @returns {ReportConfig} */
  get config() { return this._effectiveConfig(); }

  // ------------------------------------------------------------------ engine

  /** @returns {ReportConfig} */
  _effectiveConfig() {
    /** @type {ReportConfig} */
    const c = { ...this._config };
    const asOf = this.getAttribute("as-of");
    if (asOf && !c.as_of) c.as_of = asOf;
    const tags = toConfig(this._tags).filter((x) => x.conditions.length > 0);
    if (tags.length) c.tags = tags;
    return c;
  }

  /** @param {FileEntry} e @returns {Promise<IngestSummary>} */
  async _read(e) {
    const client = /** @type {WorkspaceClient} */ (this._client);
    try {
      const s = await client.addFile(e.name, e.blob, (p) => {
        e.bytes = p.bytes; e.rows = p.rows;
        const bar = this.shadowRoot?.querySelector(`[data-file="${cssEscape(e.name)}"] progress`);
        if (bar) /** @type {HTMLProgressElement} */ (bar).value = p.bytes;
        this.dispatchEvent(new CustomEvent("progress", { detail: p }));
      });
      e.summary = s; e.state = s.error ? "error" : "done";
    } catch (err) {
      const error = /** @type {Error & {code?: string}} */ (err);
      e.state = "error";
      e.error = error.message;
      const listed = (await client.files().catch(() => [])).find((x) => x.name === e.name);
      e.summary = listed ?? null;
      this.dispatchEvent(new CustomEvent("error", { detail: { error, file: e.name } }));
    }
    this._renderFiles();
    return e.summary ?? /** @type {IngestSummary} */ ({
      name: e.name, kind: null, platform: null, encoding: null, bom: false, container: null, rows_total: 0, rows_used: 0,
      rows_skipped: {}, customer_key: [], rows_without_key: 0, errors: [], columns: {}, header: [], unknown_status: {},
      replaced_bytes: false, error: { code: "internal_panic", message: e.error ?? "" },
    });
  }

  /**
   * Recomputes the report (one at a time; a request while one runs runs once more after it).
   * @param {boolean} [force] also when no file is loaded
   *   @default false
   * @returns {Promise<Report | null>}
   */
  async _refresh(force = false) {
    if (this._running) { this._dirty = true; return this._running.then(() => this._report); }
    if (!this._client || (!force && this._files.length === 0 && !this._report)) return null;
    this._running = (async () => {
      this._setBusy(1);
      try {
        do {
          this._dirty = false;
          try {
            const config = this._effectiveConfig();
            const r = /** @type {Report} */ (await this._client?.report(config));
            this._report = r;
            this._error = null; this._tagsError = null; this._settingsError = null;
            this._lastError = null;
            this.dispatchEvent(new CustomEvent("report", { detail: r }));
          } catch (err) {
            const error = /** @type {Error & {code?: string}} */ (err);
            this._lastError = error;
            if (error.code === "bad_config" && this._tags.length) this._tagsError = error.message;
            else if (error.code === "bad_config") this._settingsError = error.message;
            else this._error = error.message;
            this.dispatchEvent(new CustomEvent("error", { detail: { error } }));
          }
        } while (this._dirty);
      } finally {
        this._setBusy(-1);
      }
      return this._report;
    })();
    try {
      const r = await this._running;
      this._renderAfterReport();
      return r;
    } finally {
      this._running = null;
    }
  }

  /** @type {Error | null} */
  _lastError = null;

  /** @param {number} d */
  _setBusy(d) {
    this._busy += d;
    const b = this.shadowRoot?.querySelector(".busy");
    if (b) /** @type {HTMLElement} */ (b).hidden = this._busy <= 0;
  }

  async _onRestart() {
    this._applyBudget();
    this._error = this._t("error.internal_panic");
    this._renderError();
    const again = this._files.filter((f) => f.state !== "reading");
    for (const e of again) { e.state = "reading"; e.bytes = 0; e.rows = 0; }
    this._renderFiles();
    for (const e of again) await this._read(e);
    await this._refresh();
  }

  /** @param {string} name @param {Record<string, string>} mapping */
  async _setMapping(name, mapping) {
    const e = this._files.find((f) => f.name === name);
    if (!e || !this._client) return;
    await this._client.setMapping(name, mapping);
    e.state = "reading"; e.bytes = 0; e.rows = 0;
    this._renderFiles();
    await this._read(e);
    await this._refresh();
  }

  /** @param {string} name */
  async _remove(name) {
    this._files = this._files.filter((f) => f.name !== name);
    await this._client?.removeFile(name);
    this._renderFiles();
    if (this._files.length === 0) { this._report = null; this._render(); } else await this._refresh();
  }

  /** @param {MemberSelector} selector @param {string} title */
  async _openMembers(selector, title) {
    const client = this._client;
    if (!client) return;
    const config = this._effectiveConfig();
    const ctx = { t: this._t, fmt: this._fmt, lang: this._lang };
    const close = () => { this._overlay?.remove(); this._overlay = null; };
    const csv = async () => {
      const text = await client.membersCsv(selector, config);
      download(`${title.replace(/[\\/:*?"<>|]+/g, "_")}.csv`, new Blob([text], { type: "text/csv;charset=utf-8" }));
    };
    const show = (/** @type {import("./customer_insights.js").Member[] | null} */ m) => {
      const d = membersDialog(ctx, title, m, () => void csv(), close);
      if (this._overlay) this._overlay.replaceWith(d); else this.shadowRoot?.appendChild(d);
      this._overlay = d;
    };
    show(null);
    try {
      show(await client.members(selector, config));
    } catch (err) {
      close();
      this._error = /** @type {Error} */ (err).message;
      this._renderError();
    }
  }

  _sectionsShowDashboard() { const s = this._sections; return DASH_SECTIONS.some((x) => s.has(x)); }

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
      accent, fg: v("--ci-fg", "#1d2433"), muted: v("--ci-muted", "#667085"), grid: v("--ci-border", "#e3e8ef"),
      card: v("--ci-card", "#ffffff"), palette: [accent, ...PALETTE], font: v("--ci-font", "sans-serif"),
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
    const lang = h("select", { "aria-label": t("language"), "data-testid": "lang-select" },
      h("option", { value: "zh-CN" }, "中文"), h("option", { value: "en" }, "English"));
    lang.value = this._lang;
    lang.addEventListener("change", () => this.setAttribute("lang", lang.value));
    const dark = this.getAttribute("theme") === "dark";
    const theme = h("button", { type: "button", class: "btn small", "data-testid": "theme-toggle", title: t("theme"), onclick: () => this.setAttribute("theme", dark ? "light" : "dark") },
      dark ? t("theme.light") : t("theme.dark"));
    const app = h("div", { class: "app", lang: this._lang },
      h("header", { class: "topbar" },
        h("div", { class: "brand" }, h("h2", {}, t("title")), h("p", {}, t("subtitle"))),
        h("div", { class: "top-tools" }, h("span", { class: "busy", hidden: this._busy <= 0 }, t("busy")), lang, theme)),
      h("div", { class: "error-bar", role: "alert", hidden: !this._error, "data-testid": "error-bar" }, this._error ?? ""),
      h("nav", { class: "tabs", role: "tablist" }, tabs.map((tab) => h("button", {
        type: "button", role: "tab", class: "tab", "aria-selected": String(tab === this._tab), "data-testid": `tab-${tab}`,
        onclick: () => { this._tab = tab; this._render(); },
      }, t(`tab.${tab}`), tab === "files" && this._files.length ? h("span", { class: "badge" }, String(this._files.length)) : null))),
      h("div", { class: "panel", "data-panel": "files", hidden: this._tab !== "files" }),
      h("div", { class: "panel", "data-panel": "dashboard", hidden: this._tab !== "dashboard" }),
      h("div", { class: "panel", "data-panel": "tags", hidden: this._tab !== "tags" }),
      h("div", { class: "panel", "data-panel": "settings", hidden: this._tab !== "settings" }));
    if (old) old.replaceWith(app); else root.prepend(app);
    this._renderFiles();
    this._renderDashboard();
    this._renderTags();
    this._renderSettings();
  }

  /** @param {string} name */
  _panel(name) { return /** @type {HTMLElement | null} */ (this.shadowRoot?.querySelector(`[data-panel="${name}"]`) ?? null); }

  _renderError() {
    const bar = this.shadowRoot?.querySelector(".error-bar");
    if (bar) { /** @type {HTMLElement} */ (bar).hidden = !this._error; bar.textContent = this._error ?? ""; }
  }

  _renderAfterReport() {
    this._renderError();
    this._renderDashboard();
    if (this._tagsView) this._tagsView.update(this._report?.tags ?? null, this._tagsError);
    const s = this._panel("settings");
    if (s && !s.hidden) this._renderSettings();
  }

  _renderFiles() {
    const p = this._panel("files");
    if (!p) return;
    clear(p);
    const t = this._t;
    p.append(renderFiles({
      t, fmt: this._fmt, lang: this._lang, files: this._files,
      onFiles: (fs) => void this.addFiles(fs),
      onMapping: (name, m) => void this._setMapping(name, m),
      onRemove: (name) => void this._remove(name),
      extra: h("slot", { name: "files-extra" }),
    }));
    const badge = this.shadowRoot?.querySelector('[data-testid="tab-files"] .badge');
    if (badge) badge.textContent = String(this._files.length);
  }

  async _renderDashboard() {
    const p = this._panel("dashboard");
    if (!p || p.hidden) return;
    const t = this._t;
    const r = this._report;
    if (!r) {
      disposeAll(p, this._charts);
      p.append(h("div", { class: "empty-state", "data-testid": "dashboard-empty" }, h("h3", {}, t("empty.title")), h("p", {}, t("empty.body"))));
      return;
    }
    if (!this._echarts) {
      try { this._echarts = await loadECharts(); } catch (e) { console.warn("customer-insights: charts unavailable, showing tables", e); }
      if (this._report !== r) return; // a newer report renders itself
    }
    disposeAll(p, this._charts);
    p.append(renderDashboard({
      t, fmt: this._fmt, lang: this._lang, palette: this._palette(), echarts: this._echarts, charts: this._charts,
      config: this._effectiveConfig(), sections: this._sections, view: this._view,
      rerender: () => this._renderDashboard(),
      openMembers: (sel, title) => void this._openMembers(sel, title),
    }, r));
  }

  _renderTags() {
    const p = this._panel("tags");
    if (!p) return;
    clear(p);
    const r = this._report;
    /** @type {Record<string, string[]>} */
    const suggestions = {
      lifecycle: ["new", "active", "sleeping", "lost"],
      rfm_segment: r?.rfm?.segments.map((s) => s.segment) ?? [],
      region: r?.distributions?.region.map((d) => d.key) ?? [],
      gender: r?.distributions?.gender.map((d) => d.key) ?? [],
      tag: this._tags.map((x) => x.name),
    };
    const view = renderTags({
      t: this._t, fmt: this._fmt, lang: this._lang, drafts: this._tags, suggestions,
      onChange: (structural) => {
        if (structural) this._renderTags();
        clearTimeout(this._tagTimer);
        this._tagTimer = setTimeout(() => void this._refresh(), 350);
      },
      onMembers: (name) => void this._openMembers({ tag: name }, name),
    });
    this._tagsView = view;
    p.append(view.el);
    view.update(r?.tags ?? null, this._tagsError);
  }

  _renderSettings() {
    const p = this._panel("settings");
    if (!p) return;
    clear(p);
    p.append(renderSettings({
      t: this._t, config: this._config, asOf: this._report?.as_of ?? null, error: this._settingsError,
      onApply: (config) => { this._config = config; void this._refresh(true).then(() => this._renderSettings()); },
    }));
  }
}

/** Registers the element under `customer-insights` unless something already is. */
export function define() {
  if (typeof customElements !== "undefined" && !customElements.get(TAG)) customElements.define(TAG, CustomerInsightsElement);
}
define();


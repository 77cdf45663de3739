// Saved analyses: what an operator set up (report config with tags, each file's options and
// column mapping, the open tab, language and chart toggles), never the data itself, as one JSON
// object (`*.analysis.json`, the format in README.md) that the element keeps in localStorage
// (when its `persist` attribute asks), exports and imports, and that the CLI takes as
// `--config`. The functions up to `renderSavedPanel` are DOM-free (tested in Node).

import { h } from "./dom.js";

/** @typedef {import("../customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("../customer_insights.js").FileOptions} FileOptions */
/** @typedef {(key: string, vars?: Record<string, string | number>) => string} T */

/**
 * The page's own state in a saved analysis (the CLI does not read it).
 * @typedef {{tab?: string, lang?: string, dashboard?: Record<string, string>}} AnalysisView
 */

/**
 * A saved analysis.
 * @typedef {{
 *   customer_insights_analysis: 1,
 *   name: string | null,
 *   saved_at: string | null,
 *   config: ReportConfig,
 *   mappings: Record<string, FileOptions>,
 *   headers: Record<string, string[]>,
 *   view: AnalysisView,
 * }} Analysis
 */

/** The key that marks a saved analysis; its value is the format version. */
export const MARK = "customer_insights_analysis";
/** The format version this package reads and writes (the CLI's `saved::VERSION`). */
export const VERSION = 1;
/** localStorage key of the element's saved analysis (`persist="NAME"` adds `:NAME`). */
export const STORAGE_KEY = `customer-insights:analysis:v${VERSION}`;

/** An error of a file that is not a saved analysis this package reads (`code`, `version`). */
export class AnalysisError extends Error {
  /** @param {string} message @param {"bad_analysis" | "bad_analysis_version"} code @param {unknown} [version] */
  constructor(message, code, version) {
    super(message);
    this.name = "CustomerInsightsError";
    this.code = code;
    this.version = version;
  }
}

/** @param {unknown} x @returns {x is Record<string, any>} */
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * A saved analysis from its JSON text or object; a bare report config is read as an analysis
 * holding only it (as the CLI's `--config` does). Throws {@link AnalysisError}: not JSON, not
 * an object, a format version other than {@link VERSION}, or a part of the wrong shape. The
 * config's keys and values are checked by the engine when it computes (`bad_config`).
 * @param {string | unknown} input
 * @returns {Analysis}
 */
export function parseAnalysis(input) {
  let v = input;
  if (typeof input === "string") {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new AnalysisError(`not JSON: ${/** @type {Error} */ (e).message}`, "bad_analysis");
    }
  }
  if (!isObject(v)) throw new AnalysisError("not a JSON object", "bad_analysis");
  if (!(MARK in v)) return { ...empty(), config: /** @type {ReportConfig} */ ({ ...v }) };
  if (v[MARK] !== VERSION)
    throw new AnalysisError(
      `${MARK}: format ${JSON.stringify(v[MARK])}; this package reads format ${VERSION}`,
      "bad_analysis_version",
      v[MARK],
    );
  const bad = (/** @type {string} */ what) => new AnalysisError(`${what} is not a JSON object`, "bad_analysis");
  if (v.config !== undefined && !isObject(v.config)) throw bad("config");
  if (v.mappings !== undefined && !isObject(v.mappings)) throw bad("mappings");
  for (const [name, o] of Object.entries(v.mappings ?? {})) if (!isObject(o)) throw bad(`mappings.${name}`);
  if (v.headers !== undefined && !isObject(v.headers)) throw bad("headers");
  for (const [name, x] of Object.entries(v.headers ?? {}))
    if (!Array.isArray(x) || x.some((c) => typeof c !== "string"))
      throw new AnalysisError(`headers.${name} is not a list of column names`, "bad_analysis");
  if (v.view !== undefined && v.view !== null && !isObject(v.view)) throw bad("view");
  return {
    customer_insights_analysis: VERSION,
    name: typeof v.name === "string" && v.name.trim() ? v.name : null,
    saved_at: typeof v.saved_at === "string" ? v.saved_at : null,
    config: { ...(v.config ?? {}) },
    mappings: { ...(v.mappings ?? {}) },
    headers: { ...(v.headers ?? {}) },
    view: { ...(v.view ?? {}) },
  };
}

/** An analysis with nothing in it. @returns {Analysis} */
export function empty() {
  return {
    customer_insights_analysis: VERSION,
    name: null,
    saved_at: null,
    config: {},
    mappings: {},
    headers: {},
    view: {},
  };
}

/**
 * Whether an analysis holds nothing an operator set up (no name, no config, no mappings): such
 * a one is not kept (the open tab alone is no analysis to restore).
 * @param {Analysis} a
 */
export function isBlank(a) {
  return !a.name && Object.keys(a.config).length === 0 && Object.keys(a.mappings).length === 0;
}

/**
 * The storage key for a `persist` attribute's value; null when persistence is off (no
 * attribute, or `persist="off"`).
 * @param {string | null} attr
 * @returns {string | null}
 */
export function storageKey(attr) {
  if (attr === null || attr.trim().toLowerCase() === "off") return null;
  const name = attr.trim();
  return name && name.toLowerCase() !== "on" ? `${STORAGE_KEY}:${name}` : STORAGE_KEY;
}

/**
 * The analysis kept under `key`, or null (none, unreadable, or of another format).
 * @param {Pick<Storage, "getItem"> | null | undefined} storage @param {string} key
 * @returns {Analysis | null}
 */
export function loadSaved(storage, key) {
  try {
    const text = storage?.getItem(key);
    return text ? parseAnalysis(text) : null;
  } catch {
    return null;
  }
}

/**
 * Keeps `a` under `key` (removes the key for a blank analysis). False when the storage refused
 * (private mode, quota).
 * @param {Pick<Storage, "setItem" | "removeItem"> | null | undefined} storage @param {string} key
 * @param {Analysis} a
 */
export function storeSaved(storage, key, a) {
  try {
    if (isBlank(a)) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(a));
    return Boolean(storage);
  } catch {
    return false;
  }
}

/**
 * The download's file name: `双十一复盘.analysis.json` (characters a file system refuses become `_`).
 * @param {string} name
 */
export function fileName(name) {
  return `${name.trim().replace(/[\\/:*?"<>|\s]+/g, "_") || "analysis"}.analysis.json`;
}

/**
 * When it was saved, in the UI language ("2026年12月7日 14:30" / "Dec 7, 2026, 2:30 PM").
 * @param {string} lang @param {string | null} iso
 */
export function savedWhen(lang, iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

// ------------------------------------------------------------------ rendering

/** The styles of the line and the panel (added to the element's stylesheet). */
export const SAVED_CSS = `
.saved-line { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; font-size: 13px; color: var(--ci-fg); background: var(--ci-card); border: 1px solid var(--ci-border); border-left: 3px solid var(--ci-accent); border-radius: 8px; padding: 6px 12px; margin-bottom: 12px; }
.saved-line .linklike { appearance: none; border: none; background: none; padding: 0; font: inherit; color: var(--ci-link); text-decoration: underline; cursor: pointer; }
.saved-panel { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 12px 14px; margin-top: 12px; display: flex; flex-direction: column; gap: 8px; max-width: 640px; }
.saved-panel p { margin: 0; font-size: 13px; }
.saved-panel .saved-name { display: flex; align-items: center; gap: 10px; font-size: 13px; }
.saved-panel .saved-name input { flex: 1; min-width: 0; font: inherit; padding: 4px 8px; border: 1px solid var(--ci-border); border-radius: 6px; background: var(--ci-bg); color: var(--ci-fg); }
.saved-panel .saved-actions { display: flex; gap: 8px; flex-wrap: wrap; }
`;

/**
 * The line over the tabs after an analysis was restored or imported: what, from when, and a
 * Clear button (forgets the saved copy and goes back to the default settings).
 * @param {{t: T, lang: string, how: "restored" | "imported", analysis: Analysis, onClear: () => void}} c
 */
export function renderSavedLine(c) {
  const { t, analysis: a } = c;
  return h(
    "div",
    { class: "saved-line", role: "status", "data-testid": "saved-line" },
    h(
      "span",
      { "data-testid": "saved-line-text" },
      t(`saved.${c.how}`, { name: a.name ?? t("saved.untitled"), when: savedWhen(c.lang, a.saved_at) }),
    ),
    " · ",
    h(
      "button",
      {
        type: "button",
        class: "linklike",
        "data-testid": "saved-clear",
        "aria-label": t("saved.clear_label"),
        onclick: () => c.onClear(),
      },
      t("saved.clear"),
    ),
  );
}

/**
 * The Settings tab's box of the saved analysis: its name, export and import, and whether it is
 * kept in this browser.
 * @param {{
 *   t: T, lang: string, name: string | null, savedAt: string | null, persist: boolean,
 *   error: string | null,
 *   onName: (name: string) => void, onExport: () => void, onImport: (file: File) => void,
 * }} c
 */
export function renderSavedPanel(c) {
  const { t } = c;
  const input = h("input", {
    type: "text",
    value: c.name ?? "",
    placeholder: t("saved.untitled"),
    maxlength: 120,
    "data-testid": "saved-name",
    "aria-label": t("saved.name"),
  });
  input.addEventListener("change", () => c.onName(/** @type {HTMLInputElement} */ (input).value));
  const picker = h("input", {
    type: "file",
    accept: ".json,application/json",
    class: "file-input",
    "data-testid": "saved-import-input",
    "aria-label": t("saved.import"),
  });
  picker.addEventListener("change", () => {
    const f = /** @type {HTMLInputElement} */ (picker).files?.[0];
    if (f) c.onImport(f);
    /** @type {HTMLInputElement} */ (picker).value = "";
  });
  return h(
    "section",
    { class: "saved-panel", "data-testid": "saved-panel", "aria-label": t("saved.title") },
    h("h3", {}, t("saved.title")),
    h("p", { class: "muted" }, t(c.persist ? "saved.hint" : "saved.hint_off")),
    h("label", { class: "saved-name" }, h("span", {}, t("saved.name")), input),
    h(
      "div",
      { class: "saved-actions" },
      h(
        "button",
        { type: "button", class: "btn", "data-testid": "saved-export", onclick: () => c.onExport() },
        t("saved.export"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "btn",
          "data-testid": "saved-import",
          onclick: () => /** @type {HTMLInputElement} */ (picker).click(),
        },
        t("saved.import"),
      ),
      picker,
    ),
    c.persist && c.savedAt
      ? h(
          "p",
          { class: "muted", "data-testid": "saved-at" },
          t("saved.saved_at", { when: savedWhen(c.lang, c.savedAt) }),
        )
      : null,
    h("p", { class: "file-error", role: "alert", hidden: !c.error, "data-testid": "saved-error" }, c.error ?? ""),
  );
}

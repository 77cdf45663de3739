// Tiny DOM helpers. User data only ever becomes text (textContent / text nodes), never HTML.

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Attrs
 */

/**
 * Creates an element. Attributes named `on…` with a function become listeners; `text` sets
 * textContent; everything else is `setAttribute` (false/null/undefined skip it).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {(Child | Child[])[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function")
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else if (k === "text") el.textContent = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} el
 * @param {(Child | Child[])[]} children
 */
export function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/** Removes all children. @param {Node} el */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * Neutralises a CSV cell a spreadsheet would run as a formula, and quotes it when needed.
 * @param {unknown} v
 * @returns {string}
 */
export function csvCell(v) {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text (with a BOM so that Excel reads UTF-8) from a header and rows.
 * @param {string[]} header
 * @param {unknown[][]} rows
 */
export function toCsv(header, rows) {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/**
 * Offers a download.
 * @param {string} filename
 * @param {Blob | string} data a Blob, or a data: URL
 */
export function download(filename, data) {
  const url = typeof data === "string" ? data : URL.createObjectURL(data);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (typeof data !== "string") setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A download's file name that says what and when: `会员名单_沉睡_2024-12-31.csv` /
 * `members_Sleeping_2024-12-31.csv` (characters a file system refuses become `_`).
 * @param {string} what @param {string} which @param {string} date @param {string} [ext] @default "csv"
 */
export function exportName(what, which, date, ext = "csv") {
  const name = [what, which, date].filter(Boolean).join("_");
  return `${name.replace(/[\\/:*?"<>|\s]+/g, "_")}.${ext}`;
}

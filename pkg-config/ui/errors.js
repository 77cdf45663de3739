// Engine errors in the operator's language, and what the page can tell about a file the engine
// could not read. The engine's own message is English, for logs and the CLI: the page shows the
// i18n text of the error's `code` (`errcode.<code>` in i18n/messages.js), and keeps the message
// only as a tooltip in the English UI.

/** @typedef {import("../customer_insights.js").ErrorCode} ErrorCode */
/** @typedef {(key: string, vars?: Record<string, string | number>) => string} T */

/** Every `ErrorCode` of the engine (tests/web/node.test.mjs checks this list against the d.ts). */
export const ERROR_CODES = /** @type {const} */ ([
  "empty_file",
  "not_a_table",
  "unknown_encoding",
  "no_header",
  "bad_xlsx",
  "bad_json",
  "bad_mapping",
  "bad_config",
  "unknown_file",
  "bad_sequence",
  "over_budget",
  "unknown_selector",
  "unknown_customer",
  "io_error",
  "export_failed",
  "bad_argument",
  "internal_panic",
]);

/**
 * What happened and what to do, for an error code, in the UI language.
 * @param {T} t @param {string | null | undefined} code
 */
export function errorText(t, code) {
  return code && /** @type {readonly string[]} */ (ERROR_CODES).includes(code)
    ? t(`errcode.${code}`)
    : t("errcode.unknown");
}

/**
 * The first line of a file the engine found no header in, as cells, for the column mapping of
 * a file the operator says the kind of; `binary` when the bytes are not text (an image renamed
 * `.csv`), so that no mapping is offered for it.
 * @typedef {{binary: boolean, header: string[]}} Sniffed
 */

/** Signatures of common non-table files. */
const MAGIC = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0xd0, 0xcf, 0x11, 0xe0], // old Office (.xls/.doc)
];

/**
 * Reads the start of `blob` and guesses its first line's cells (UTF-8, else GBK; comma, tab or
 * semicolon; `="…"` and quotes removed; cells trimmed).
 * @param {Blob} blob
 * @returns {Promise<Sniffed>}
 */
export async function sniffHeader(blob) {
  const bytes = new Uint8Array(await blob.slice(0, 65536).arrayBuffer());
  return sniffBytes(bytes);
}

/** @param {Uint8Array} bytes @returns {Sniffed} */
export function sniffBytes(bytes) {
  if (MAGIC.some((m) => m.every((b, i) => bytes[i] === b))) return { binary: true, header: [] };
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  let nul = 0;
  for (let i = 0; i < Math.min(body.length, 4096); i++) if (body[i] === 0) nul++;
  // UTF-16 text has a NUL in every other byte of ASCII; anything else with NULs is binary
  if (nul > 0 && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff))
    return { binary: true, header: [] };
  /** @type {string} */
  let text;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else {
    try {
      // (a multi-byte character cut at the end of the slice is not an error)
      text = new TextDecoder("utf-8", { fatal: true }).decode(body, { stream: true });
    } catch {
      try {
        text = new TextDecoder("gbk").decode(body);
      } catch {
        return { binary: false, header: [] };
      }
    }
  }
  const line = text.split(/\r?\n|\r/).find((l) => l.trim() !== "") ?? "";
  const delims = ["\t", ",", ";", "，"];
  const delim = delims.reduce((a, b) => (line.split(b).length > line.split(a).length ? b : a), ",");
  /** @type {string[]} */
  const cells = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delim) {
      cells.push(cur);
      cur = "";
    } else cur += ch;
  }
  cells.push(cur);
  const header = cells.map((c) => c.replace(/^=/, "").trim()).filter((c) => c !== "");
  // control characters in the "header": not a text table after all
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
  if (header.some((c) => /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(c))) return { binary: true, header: [] };
  return { binary: false, header: [...new Set(header)] };
}

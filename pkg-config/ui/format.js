// Number formatting with Intl: the one rule set for every number on the page. Money in the
// report is a decimal string in yuan (CNY).
//
// Exact forms (`int`, `money`, …) go into tables, tooltips and titles. Short forms (`count`,
// `cash`, `axis`) are the reading form of tiles and chart labels: in Chinese 万 from 10,000 and
// 亿 from 100,000,000 (¥387.2万, 12.3万, 1.23亿); in English K from 10,000, M and B
// (¥3.87M, 123K). Below 10,000 both read the exact value. A short form that rounds up to the
// next unit moves to it (99,999,999 → 1亿, not 10000万).

/**
 * Units of the short form, largest first.
 * @type {Record<import("../i18n/messages.js").Lang, [number, string][]>}
 */
const UNITS = {
  "zh-CN": [
    [1e8, "亿"],
    [1e4, "万"],
  ],
  en: [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ],
};

/** The smallest magnitude that is shortened (both languages). */
export const SHORT_FROM = 10_000;

/**
 * @param {import("../i18n/messages.js").Lang} lang
 */
export function formatter(lang) {
  const int = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(lang, {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const pct = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const units = UNITS[lang] ?? UNITS.en;
  /** Digits of a scaled value: 3 significant ones in English, one decimal (two below 10) in Chinese. @param {number} x */
  const digits = (x) => (x < 10 ? 2 : lang === "en" && x >= 100 ? 0 : 1);

  /**
   * The short form of |n| (no sign), or null when n is not shortened.
   * @param {number} n
   * @returns {string | null}
   */
  const shortAbs = (n) => {
    const a = Math.abs(n);
    if (a < SHORT_FROM) return null;
    for (let i = 0; i < units.length; i++) {
      const [size, unit] = units[i];
      if (a < size) continue;
      const d = digits(a / size);
      const rounded = Number((a / size).toFixed(d));
      const bigger = units[i - 1];
      // Rounded up to the next unit (9999.96万 → 1亿).
      if (bigger && rounded * size >= bigger[0]) return `${trim((rounded * size) / bigger[0], 2)}${bigger[1]}`;
      return `${trim(rounded, d)}${unit}`;
    }
    return null;
  };
  /** @param {number} x @param {number} d */
  const trim = (x, d) => new Intl.NumberFormat(lang, { maximumFractionDigits: d, useGrouping: true }).format(x);
  const isNone = (/** @type {unknown} */ v) =>
    v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));

  return {
    /** @param {number | null | undefined} n */
    int: (n) => (isNone(n) ? "—" : int.format(/** @type {number} */ (n))),
    /** @param {number | null | undefined} n */
    dec: (n) => (isNone(n) ? "—" : dec.format(/** @type {number} */ (n))),
    /** @param {string | number | null | undefined} s A decimal string such as "12117.10". */
    money: (s) => (isNone(s) ? "—" : money.format(Number(s))),
    /** @param {number | null | undefined} r A share 0..1. */
    pct: (r) => (isNone(r) ? "—" : pct.format(/** @type {number} */ (r))),
    /**
     * A share as a percentage string for exports: "4.81" (two decimals, no sign).
     * @param {number | null | undefined} r
     */
    pctPlain: (r) => (isNone(r) ? "" : (Math.round(/** @type {number} */ (r) * 10000) / 100).toFixed(2)),
    /** @param {number | null | undefined} p A p-value. */
    p: (p) => (isNone(p) ? "—" : /** @type {number} */ (p) < 0.001 ? "<0.001" : /** @type {number} */ (p).toFixed(3)),
    /** @param {number | null | undefined} x */
    stat: (x) => (isNone(x) ? "—" : /** @type {number} */ (x).toFixed(2)),
    /**
     * A count in reading form: 12.3万 / 12.3K; exact below 10,000.
     * @param {number | null | undefined} n
     */
    count: (n) => {
      if (isNone(n)) return "—";
      const v = /** @type {number} */ (n);
      const s = shortAbs(v);
      return s === null ? int.format(v) : `${v < 0 ? "-" : ""}${s}`;
    },
    /**
     * Money in reading form: ¥387.2万 / ¥3.87M; exact (¥9,999.96) below ¥10,000.
     * @param {string | number | null | undefined} m
     */
    cash: (m) => {
      if (isNone(m)) return "—";
      const v = Number(m);
      const s = shortAbs(v);
      return s === null ? money.format(v) : `${v < 0 ? "-" : ""}¥${s}`;
    },
    /**
     * An axis tick: like `count`, but shortens from 1,000 in English (5K) to keep axes narrow.
     * @param {number} n
     */
    axis: (n) => {
      const a = Math.abs(n);
      if (lang === "en" && a >= 1000 && a < SHORT_FROM) return `${n < 0 ? "-" : ""}${trim(a / 1000, 1)}K`;
      const s = shortAbs(n);
      return s === null ? int.format(n) : `${n < 0 ? "-" : ""}${s}`;
    },
    /** Whether `count`/`cash` shorten this value (so the exact one belongs in a title). @param {number | string | null | undefined} n */
    isShort: (n) => !isNone(n) && Math.abs(Number(n)) >= SHORT_FROM,
  };
}
/** @typedef {ReturnType<typeof formatter>} Fmt */

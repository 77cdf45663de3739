// Number formatting with Intl. Money in the report is a decimal string in yuan (CNY).

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
  return {
    /** @param {number | null | undefined} n */
    int: (n) => (n === null || n === undefined ? "—" : int.format(n)),
    /** @param {number | null | undefined} n */
    dec: (n) => (n === null || n === undefined ? "—" : dec.format(n)),
    /** @param {string | number | null | undefined} s A decimal string such as "12117.10". */
    money: (s) => (s === null || s === undefined ? "—" : money.format(Number(s))),
    /** @param {number | null | undefined} r A share 0..1. */
    pct: (r) => (r === null || r === undefined || Number.isNaN(r) ? "—" : pct.format(r)),
    /** @param {number | null | undefined} p A p-value. */
    p: (p) => (p === null || p === undefined ? "—" : p < 0.001 ? "<0.001" : p.toFixed(3)),
    /** @param {number | null | undefined} x */
    stat: (x) => (x === null || x === undefined ? "—" : x.toFixed(2)),
  };
}
/** @typedef {ReturnType<typeof formatter>} Fmt */

// Shared by the harness and its engine scripts: the standard report's parameters, the province
// rule, and the one result shape every engine is reduced to before the agreement check.
//
// Result shape (all integers; money in cents):
//   { customers, revenue, items, new_30d,
//     rfm:        { "r,f,m": [customers, revenue] },   // non-empty cells only
//     province:   { name: [customers, revenue] },
//     conversion: { name: [interested, converted] } }  // buyers without a 交易成功 order: 未知
// `items` is null where an engine's output has no such number (our report).
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const LIB = dirname(fileURLToPath(import.meta.url));
export const BENCH = dirname(LIB);
export const ROOT = join(BENCH, "..", "..");
export const STD = JSON.parse(readFileSync(join(LIB, "standard.json"), "utf8"));
const PROV = JSON.parse(readFileSync(join(LIB, "provinces.json"), "utf8"));
export const PROVINCE_MAP = PROV.map;
export const UNKNOWN = PROV.unknown;

/** The standard report's province of an address: its first token, normalised; else 未知. */
export function province(address) {
  if (!address) return UNKNOWN;
  const t = address.trim().split(" ", 1)[0].toLowerCase();
  return PROVINCE_MAP[t] ?? UNKNOWN;
}

/** "1,234.50" / "83.9" → cents (the generator writes plain two-decimal amounts). */
export function cents(s) {
  if (s === null || s === undefined || s === "") return 0;
  return Math.round(Number(String(s).replace(/,/g, "")) * 100);
}

/** Whole days from a `YYYY-MM-DD…` text to as_of. */
const AS_OF_MS = Date.parse(`${STD.as_of}T00:00:00Z`);
export function daysToAsOf(day) {
  return Math.round((AS_OF_MS - Date.parse(`${day.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

export function sha256(text) {
  return createHash("sha256").update(text).digest("hex");
}

/** Reduces our report (JSON text or object) to the result shape: rfm.cells, distributions.region,
 * conversion[by=region], totals, lifecycle[new]. */
export function fromOurReport(report) {
  const r = typeof report === "string" ? JSON.parse(report) : report;
  const rfm = {},
    prov = {},
    conv = {};
  for (const c of r.rfm?.cells ?? [])
    if (c.customers > 0) rfm[`${c.r},${c.f},${c.m}`] = [c.customers, cents(c.revenue)];
  for (const g of r.distributions?.region ?? []) if (g.customers > 0) prov[g.key] = [g.customers, cents(g.revenue)];
  const byRegion = (r.conversion ?? []).find((c) => c.by === "region");
  for (const g of byRegion?.groups ?? []) if (g.interested > 0) conv[g.key] = [g.interested, g.converted];
  const isNew = (r.lifecycle ?? []).find((s) => s.stage === "new");
  return {
    customers: r.totals?.customers ?? 0,
    revenue: cents(r.totals?.revenue ?? "0"),
    items: null,
    new_30d: isNew ? isNew.customers : 0,
    rfm,
    province: prov,
    conversion: conv,
  };
}

/** Differences between two results, as lines (empty when they agree). `items` null = not compared. */
export function diff(a, b, nameA = "a", nameB = "b", max = 12) {
  const out = [];
  for (const k of ["customers", "revenue", "items", "new_30d"]) {
    if (a[k] === null || b[k] === null || a[k] === undefined || b[k] === undefined) continue;
    if (a[k] !== b[k]) out.push(`${k}: ${nameA}=${a[k]} ${nameB}=${b[k]}`);
  }
  for (const sec of ["rfm", "province", "conversion"]) {
    const keys = new Set([...Object.keys(a[sec] ?? {}), ...Object.keys(b[sec] ?? {})]);
    for (const k of [...keys].sort()) {
      const x = JSON.stringify(a[sec]?.[k] ?? null),
        y = JSON.stringify(b[sec]?.[k] ?? null);
      if (x !== y) out.push(`${sec}[${k}]: ${nameA}=${x} ${nameB}=${y}`);
    }
  }
  return out.length > max ? [...out.slice(0, max), `… and ${out.length - max} more`] : out;
}

/** Writes an engine's output file: timings, its result, and anything else it reports. */
export function writeOut(path, obj) {
  writeFileSync(path, JSON.stringify(obj));
}

/** Reads a file argument pair from an engine's argv: <data dir> <out json>. */
export function args() {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error(`usage: node ${process.argv[1]} DATA_DIR OUT_JSON`);
    process.exit(2);
  }
  return { dir, out, orders: join(dir, STD.orders_file), events: join(dir, STD.events_file) };
}

/** Compares two parsed JSON values: exact, except numbers that are not both integers, which may
 * differ by `relTol` relatively. Returns {hard: [paths], soft: count of such float differences}. */
export function jsonCompare(a, b, relTol = 1e-12, path = "$", acc = { hard: [], soft: 0 }) {
  if (typeof a === "number" && typeof b === "number") {
    if (a !== b) {
      const ok =
        !(Number.isInteger(a) && Number.isInteger(b)) && Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
      if (ok) acc.soft++;
      else acc.hard.push(`${path}: ${a} vs ${b}`);
    }
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) acc.hard.push(`${path}: length ${a.length} vs ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) jsonCompare(a[i], b[i], relTol, `${path}[${i}]`, acc);
  } else if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      jsonCompare(a[k], b[k], relTol, `${path}.${k}`, acc);
  } else if (a !== b) {
    acc.hard.push(`${path}: ${JSON.stringify(a)?.slice(0, 60)} vs ${JSON.stringify(b)?.slice(0, 60)}`);
  }
  return acc;
}

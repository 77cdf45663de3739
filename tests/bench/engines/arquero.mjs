// Peer: Arquero (Node), the standard report of spec/bench.md as Arquero verbs. Arquero reads
// text, so the GBK bytes are decoded while streaming into its CSV parser (TextDecoderStream('gbk')
// → fromCSVStream): the decoding is inside total_ms and cannot be split off, as in bench.md's
// table ("streamed"). For information, decode_alone_ms times the same decoding by itself
// (outside total_ms).
//   node engines/arquero.mjs DATA_DIR OUT_JSON
// biome-ignore-all lint/complexity/useLiteralKeys: Arquero compiles its callbacks from their source; d["列名"] is its column syntax
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: Arquero passes (row, params) by position; (d, $) is its signature
import { readFileSync } from "node:fs";
import * as aq from "arquero";
import { STD, UNKNOWN, args, cents, daysToAsOf, province, writeOut } from "../lib/common.mjs";

const op = aq.op;
const { orders, events, out } = args();
const gbk = { orders: readFileSync(orders), events: readFileSync(events) };

/** A stream of text decoded from GBK bytes. */
const gbkText = (bytes) => new Blob([bytes]).stream().pipeThrough(new TextDecoderStream("gbk"));

async function decodeAlone(bytes) {
  let n = 0;
  for await (const s of gbkText(bytes)) n += s.length;
  return n;
}

const td = performance.now();
await decodeAlone(gbk.orders);
await decodeAlone(gbk.events);
const decode_alone_ms = performance.now() - td;

aq.addFunction("province", province, { override: true });
aq.addFunction("days_to_as_of", daysToAsOf, { override: true });

const t0 = performance.now();
// 1. parse the orders; keep 交易成功 orders and the fields the report needs
const raw = await aq.fromCSVStream(gbkText(gbk.orders), {
  autoType: false,
  parse: { 买家实际支付金额: cents, 宝贝总数量: (v) => (v ? parseInt(v, 10) : 0) },
});
const addr = raw.columnNames().find((n) => n.trim() === "收货地址");
const ok = raw
  .params({ status: STD.status, end: `${STD.as_of} 23:59:59`, lo: STD.window_start })
  .filter((d, $) => d["订单状态"] === $.status && !!d["买家会员名"] && d["订单创建时间"] <= $.end)
  .derive({
    buyer: (d) => d["买家会员名"],
    paid: (d) => d["买家实际支付金额"],
    items: (d) => d["宝贝总数量"],
    day: (d) => op.substring(d["订单创建时间"], 0, 10),
    sortkey: (d) => d["订单创建时间"] + d["订单编号"],
    prov: aq.escape((d) => province(d[addr])),
  })
  .select("buyer", "paid", "items", "day", "sortkey", "prov");

// 2. per buyer: orders, revenue, items, recency, first order; province of the latest order
const latest = ok
  .groupby("buyer")
  .orderby(aq.desc("sortkey"))
  .filter(() => op.row_number() === 1)
  .select("buyer", "prov");
const agg = ok
  .groupby("buyer")
  .rollup({
    orders: op.count(),
    revenue: op.sum("paid"),
    items: op.sum("items"),
    last: op.max("day"),
    first: op.min("day"),
  })
  .derive({ recency: (d) => op.days_to_as_of(d.last) })
  .join(latest, "buyer");

// 3. quantile scores: rank() - 1 = customers with a strictly smaller (R: larger) value
const n = agg.numRows();
const scored = agg
  .params({ n })
  .orderby(aq.desc("recency"))
  .derive({ r: (d, $) => 1 + op.floor((5 * (op.rank() - 1)) / $.n) })
  .orderby("orders")
  .derive({ f: (d, $) => 1 + op.floor((5 * (op.rank() - 1)) / $.n) })
  .orderby("revenue")
  .derive({ m: (d, $) => 1 + op.floor((5 * (op.rank() - 1)) / $.n) })
  .unorder();

// 4. customers per cell; customers and revenue per province
const cells = scored.groupby("r", "f", "m").rollup({ customers: op.count(), revenue: op.sum("revenue") });
const provs = scored.groupby("prov").rollup({ customers: op.count(), revenue: op.sum("revenue") });
const totals = scored.params({ lo: STD.window_start }).rollup({
  customers: op.count(),
  revenue: op.sum("revenue"),
  items: op.sum("items"),
  new_30d: (d, $) => op.sum(d.first >= $.lo ? 1 : 0),
});

// 5. conversion by province
const ev = await aq.fromCSVStream(gbkText(gbk.events), { autoType: false });
const win = { lo: STD.window_start, hi: STD.as_of };
const interested = ev
  .params(win)
  .filter(
    (d, $) => !!d["买家会员名"] && op.substring(d["时间"], 0, 10) >= $.lo && op.substring(d["时间"], 0, 10) <= $.hi,
  )
  .select({ 买家会员名: "buyer" })
  .dedupe("buyer");
const converted = ok
  .params(win)
  .filter((d, $) => d.day >= $.lo && d.day <= $.hi)
  .select("buyer")
  .dedupe("buyer")
  .derive({ hit: () => 1 });
const conversion = interested
  .join_left(converted, "buyer")
  .join_left(scored.select("buyer", { prov: "home" }), "buyer")
  .params({ unknown: UNKNOWN })
  .derive({ home: (d, $) => (d.home == null ? $.unknown : d.home), hit: (d) => (d.hit == null ? 0 : 1) })
  .groupby("home")
  .rollup({ interested: op.count(), converted: op.sum("hit") });

const objects = (t) => t.objects();
const rows = {
  cells: objects(cells),
  provs: objects(provs),
  totals: objects(totals)[0],
  conversion: objects(conversion),
};
const total_ms = performance.now() - t0;

const t = rows.totals ?? {};
const result = {
  customers: t.customers ?? 0,
  revenue: t.revenue ?? 0,
  items: t.items ?? 0,
  new_30d: t.new_30d ?? 0,
  rfm: Object.fromEntries(rows.cells.map((c) => [`${c.r},${c.f},${c.m}`, [c.customers, c.revenue]])),
  province: Object.fromEntries(rows.provs.map((p) => [p.prov, [p.customers, p.revenue]])),
  conversion: Object.fromEntries(rows.conversion.map((c) => [c.home, [c.interested, c.converted]])),
};
const version = JSON.parse(
  readFileSync(new URL("../node_modules/arquero/package.json", import.meta.url), "utf8"),
).version;
writeOut(out, {
  engine: "arquero",
  version,
  total_ms,
  decode_ms: null,
  decode_alone_ms,
  init_ms: 0,
  result,
  maxrss_self_kb: process.resourceUsage().maxRSS,
});

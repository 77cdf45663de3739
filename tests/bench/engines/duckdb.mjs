// Peer: DuckDB-WASM (Node, blocking API), the standard report of spec/bench.md as SQL over the
// two files registered as in-memory buffers. DuckDB reads UTF-8 only, so the GBK bytes are first
// decoded and re-encoded to UTF-8 in memory (timed: decode_ms, part of total_ms). Instantiating
// DuckDB is timed apart (init_ms).
//   node engines/duckdb.mjs DATA_DIR OUT_JSON
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH, PROVINCE_MAP, STD, UNKNOWN, args, writeOut } from "../lib/common.mjs";

const require = createRequire(import.meta.url);
const duckdb = require("@duckdb/duckdb-wasm/blocking");
const DIST = join(BENCH, "node_modules", "@duckdb", "duckdb-wasm", "dist");
const { orders, events, out } = args();

/** GBK bytes → UTF-8 bytes, streaming through TextDecoder in 16 MiB pieces (no giant string). */
function gbkToUtf8(gbk) {
  const dec = new TextDecoder("gbk");
  const enc = new TextEncoder();
  const outBuf = new Uint8Array(Math.ceil(gbk.length * 1.5) + 16); // 2 GBK bytes → ≤ 3 UTF-8 bytes
  const STEP = 16 << 20;
  let w = 0;
  for (let off = 0; off < gbk.length; off += STEP) {
    const end = Math.min(gbk.length, off + STEP);
    const s = dec.decode(gbk.subarray(off, end), { stream: end < gbk.length });
    w += enc.encodeInto(s, outBuf.subarray(w)).written;
  }
  return outBuf.subarray(0, w);
}

const sqlText = (s) => `'${String(s).replace(/'/g, "''")}'`;
const provValues = Object.entries(PROVINCE_MAP)
  .map(([k, v]) => `(${sqlText(k)}, ${sqlText(v)})`)
  .join(", ");
const AS_OF = `DATE ${sqlText(STD.as_of)}`,
  LO = `DATE ${sqlText(STD.window_start)}`;
const CSV = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'";

const QUERIES = [
  `CREATE OR REPLACE TEMP TABLE prov_map AS SELECT * FROM (VALUES ${provValues}) t(token, name)`,
  // 1. 交易成功 orders, the needed fields
  `CREATE OR REPLACE TEMP TABLE ok AS
   SELECT o."买家会员名" AS buyer,
          CAST(o."买家实际支付金额" AS DECIMAL(18, 2)) AS paid,
          CAST(o."宝贝总数量" AS BIGINT) AS items,
          CAST(o."订单创建时间" AS TIMESTAMP) AS created,
          o."订单编号" AS oid,
          coalesce(p.name, ${sqlText(UNKNOWN)}) AS prov
   FROM read_csv('orders.csv', ${CSV}) o
   LEFT JOIN prov_map p ON p.token = lower(split_part(trim(coalesce(o."收货地址", '')), ' ', 1))
   WHERE o."订单状态" = ${sqlText(STD.status)} AND coalesce(o."买家会员名", '') <> ''
     AND CAST(o."订单创建时间" AS TIMESTAMP) < ${AS_OF} + INTERVAL 1 DAY`,
  // 2. per buyer; 3. quantile scores (rank() - 1 = customers with a strictly smaller value)
  `CREATE OR REPLACE TEMP TABLE cust AS
   WITH c AS (
     SELECT buyer, count(*) AS orders, sum(paid) AS revenue, sum(items) AS items,
            ${AS_OF} - max(created)::DATE AS recency, min(created)::DATE AS first_order,
            arg_max(prov, strftime(created, '%Y-%m-%d %H:%M:%S') || oid) AS prov
     FROM ok GROUP BY buyer)
   SELECT *,
     1 + (5 * (rank() OVER (ORDER BY recency DESC) - 1)) // count(*) OVER () AS r,
     1 + (5 * (rank() OVER (ORDER BY orders) - 1)) // count(*) OVER () AS f,
     1 + (5 * (rank() OVER (ORDER BY revenue) - 1)) // count(*) OVER () AS m
   FROM c`,
];
const RESULTS = {
  totals: `SELECT count(*)::BIGINT AS customers, CAST(sum(revenue) * 100 AS BIGINT) AS revenue,
             sum(items)::BIGINT AS items, (count(*) FILTER (WHERE first_order >= ${LO}))::BIGINT AS new_30d FROM cust`,
  // 4. cells and provinces
  rfm: `SELECT r, f, m, count(*)::BIGINT AS n, CAST(sum(revenue) * 100 AS BIGINT) AS rev FROM cust GROUP BY r, f, m`,
  province: `SELECT prov AS k, count(*)::BIGINT AS n, CAST(sum(revenue) * 100 AS BIGINT) AS rev FROM cust GROUP BY prov`,
  // 5. conversion by province
  conversion: `WITH ev AS (
       SELECT DISTINCT "买家会员名" AS buyer FROM read_csv('events.csv', ${CSV})
       WHERE coalesce("买家会员名", '') <> ''
         AND CAST("时间" AS TIMESTAMP)::DATE BETWEEN ${LO} AND ${AS_OF}),
     conv AS (SELECT DISTINCT buyer FROM ok WHERE created::DATE BETWEEN ${LO} AND ${AS_OF})
   SELECT coalesce(c.prov, ${sqlText(UNKNOWN)}) AS k, count(*)::BIGINT AS n, count(conv.buyer)::BIGINT AS conv
   FROM ev LEFT JOIN conv ON conv.buyer = ev.buyer LEFT JOIN cust c ON c.buyer = ev.buyer
   GROUP BY 1`,
};

const ti = performance.now();
const bundles = {
  mvp: { mainModule: join(DIST, "duckdb-mvp.wasm"), mainWorker: join(DIST, "duckdb-node-mvp.worker.cjs") },
  eh: { mainModule: join(DIST, "duckdb-eh.wasm"), mainWorker: join(DIST, "duckdb-node-eh.worker.cjs") },
};
const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
await db.instantiate();
const conn = db.connect();
const init_ms = performance.now() - ti;

const gbk = { orders: readFileSync(orders), events: readFileSync(events) };

const t0 = performance.now();
const utf8 = { orders: gbkToUtf8(gbk.orders), events: gbkToUtf8(gbk.events) };
const decode_ms = performance.now() - t0;
db.registerFileBuffer("orders.csv", utf8.orders);
db.registerFileBuffer("events.csv", utf8.events);
for (const q of QUERIES) conn.query(q);
const rows = {};
for (const [k, q] of Object.entries(RESULTS))
  rows[k] = conn
    .query(q)
    .toArray()
    .map((r) => r.toJSON());
const total_ms = performance.now() - t0;

const N = (x) => Number(x);
const t = rows.totals[0];
const result = {
  customers: N(t.customers),
  revenue: N(t.revenue ?? 0),
  items: N(t.items ?? 0),
  new_30d: N(t.new_30d),
  rfm: Object.fromEntries(rows.rfm.map((r) => [`${r.r},${r.f},${r.m}`, [N(r.n), N(r.rev)]])),
  province: Object.fromEntries(rows.province.map((r) => [r.k, [N(r.n), N(r.rev)]])),
  conversion: Object.fromEntries(rows.conversion.map((r) => [r.k, [N(r.n), N(r.conv)]])),
};
writeOut(out, {
  engine: "duckdb-wasm",
  version: `${duckdb.PACKAGE_VERSION} (DuckDB ${db.getVersion()})`,
  total_ms,
  decode_ms,
  init_ms,
  result,
  maxrss_self_kb: process.resourceUsage().maxRSS,
});
conn.close();

"""The warehouse path's canonical tables (`customer-insights normalize`), read by DuckDB.

On two datasets: the bundled sample (www/sample: UTF-8, a little messy, Taobao and Shopify
orders) with a copy of its Taobao orders under another name (every order of it a duplicate
across files: the first file wins), and a GBK export generated at messy level 2 (repeated
headers, cut lines, bad cells) read on two threads (its big files in parts):
- each file's JSON (files/*.json) has the report's inputs[] entry for it, and each of its
  Parquet files the rows its JSON counts (rows_used for all but line-item orders);
- what SQL over the Parquet gives equals the JSON report of the same files: totals (orders
  deduplicated across files by order_key in the order the files were given, valid orders,
  revenue in cents, customers, orders without a key, duplicates, orders after as_of), interest
  events in the conversion window per action, calls (placed, connected, ordered), tickets
  (overall, by type, and linked to a valid order by order_key).

Run: python3 tests/reference/parquet_check.py   (builds target/debug/customer-insights first,
or takes CUSTOMER_INSIGHTS_CLI).
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "www", "sample")
CLI = os.environ.get("CUSTOMER_INSIGHTS_CLI") or os.path.join(ROOT, "target", "debug", "customer-insights")
KINDS = ("orders", "customers", "interest", "calls", "tickets")
FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    if not ok:
        FAILURES.append(what)


def same(got, want, what: str) -> None:
    check(got == want, f"{what}: SQL {got!r}, report {want!r}")


def cli(*args: str, ok=(0,)) -> bytes:
    p = subprocess.run([CLI, *args], capture_output=True)
    if p.returncode not in ok:
        raise SystemExit(f"{' '.join(args[:2])}: exit {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def table(out: str, kind: str) -> str:
    """Every Parquet file of a table, as one relation."""
    return f"read_parquet('{out}/{kind}/*.parquet')"


def check_dataset(label: str, files: list[str], threads: str) -> None:
    names = [os.path.basename(f) for f in files]
    failures_before = len(FAILURES)
    report = json.loads(cli("report", "--threads", threads, *files))
    with tempfile.TemporaryDirectory() as out:
        listed = cli("normalize", "--threads", threads, *files, "--out", out).decode().split()
        manifests = {}
        for path in glob.glob(os.path.join(out, "files", "*.json")):
            m = json.load(open(path, encoding="utf-8"))
            manifests[m["name"]] = m
            check(os.path.relpath(path, out) in listed, f"{label}: {path} not on stdout")
        same(sorted(manifests), sorted(names), f"{label}: one JSON per file")
        con = duckdb.connect()
        inputs = {i["name"]: i for i in report["inputs"]}
        for name, m in manifests.items():
            same(m["summary"], inputs[name], f"{label}/{name}: the JSON's summary")
            for kind, t in m["tables"].items():
                n = con.sql(f"select count(*) from read_parquet('{os.path.join(out, t['path'])}')").fetchone()[0]
                same(n, t["rows"], f"{label}/{name}: rows in {t['path']}")
                per_row = kind != "orders" or m["summary"]["platform"] in ("taobao", "pinduoduo")
                if per_row:
                    same(n, m["summary"]["rows_used"], f"{label}/{name}: rows used")
        as_of = dt.date.fromisoformat(report["as_of"])
        con.execute("create table file_order(name varchar, pos integer)")
        con.executemany("insert into file_order values (?, ?)", [(n, i) for i, n in enumerate(names)])
        con.execute(
            f"""create view orders as
            select * exclude (rn) from (
              select o.*, row_number() over (partition by order_key order by f.pos, o.seq) as rn
              from {table(out, 'orders')} o join file_order f on o.file = f.name)
            where rn = 1"""
        )
        con.execute(f"create view upto as select * from orders where cast(created as date) <= '{as_of}'")
        all_rows = con.sql(f"select count(*) from {table(out, 'orders')}").fetchone()[0]
        q = lambda sql: con.sql(sql).fetchone()  # noqa: E731
        orders, valid, revenue, customers, keyless = q(
            """select count(*), count(*) filter (valid), coalesce(sum(revenue_cents) filter (valid), 0),
                      count(distinct customer_key) filter (valid), count(*) filter (valid and customer_key is null)
               from upto"""
        )
        distinct = q("select count(*) from orders")[0]
        totals = report["totals"]
        same(orders, totals["orders"], f"{label}: orders")
        same(valid, totals["valid_orders"], f"{label}: valid orders")
        same(money(int(revenue)), totals["revenue"], f"{label}: revenue")
        same(customers, totals["customers"], f"{label}: customers")
        same(keyless, totals["valid_orders_without_key"], f"{label}: valid orders without a key")
        same(all_rows - distinct, totals["duplicate_orders_across_files"], f"{label}: duplicates across files")
        same(distinct - orders, totals["orders_after_as_of"], f"{label}: orders after as_of")

        window = report["interest"]["window_days"]
        events = dict(
            con.execute(
                f"""select action, count(*) from {table(out, 'interest')}
                    where date_diff('day', cast(time as date), $1::date) between 0 and $2 - 1 group by action""",
                [as_of, window],
            ).fetchall()
        )
        for row in report["interest"]["by_action"]:
            same(events.get(row["action"], 0), row["events"], f"{label}: interest events, {row['action']}")
        same(sum(events.values()), report["interest"]["events"], f"{label}: interest events")

        calls = q(
            f"""select count(*), count(*) filter (connected), count(*) filter (ordered)
                from {table(out, 'calls')} where cast(time as date) <= '{as_of}'"""
        )
        c = report["calls"]
        same(calls, (c["calls"], c["connected"], c["ordered"]), f"{label}: calls, connected, ordered")

        tickets = f"(select * from {table(out, 'tickets')} where cast(created as date) <= '{as_of}')"
        s = report["service"]
        same(q(f"select count(*) from {tickets}")[0], s["overall"]["tickets"], f"{label}: tickets")
        by_type = dict(con.sql(f"select coalesce(ticket_type, '未知'), count(*) from {tickets} group by 1").fetchall())
        same(by_type, {r["key"]: r["tickets"] for r in s["by_type"]}, f"{label}: tickets by type")
        linked = q(f"select count(*) from {tickets} t where t.order_key in (select order_key from upto where valid)")[0]
        same(linked, s["orders"]["linked_tickets"], f"{label}: tickets linked to a valid order")

        profiles = q(f"select count(*), count(distinct customer_key) from {table(out, 'customers')}")
        same(profiles[0], profiles[1], f"{label}: one profile row per customer key")
    verdict = "agree" if len(FAILURES) == failures_before else f"{len(FAILURES) - failures_before} differences"
    print(f"parquet_check: {label}: {len(files)} files, {all_rows} order rows; totals, interest, calls, service {verdict}")


def main() -> int:
    if "CUSTOMER_INSIGHTS_CLI" not in os.environ:
        subprocess.run(["cargo", "build", "-q", "--locked"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        sample = sorted(os.path.join(SAMPLE, f) for f in os.listdir(SAMPLE) if f.endswith(".csv"))
        again = os.path.join(tmp, "taobao_orders_again.csv")
        shutil.copy(os.path.join(SAMPLE, "taobao_orders.csv"), again)
        check_dataset("sample", sample + [again], "1")
        gbk = os.path.join(tmp, "gbk")
        cli("sample", "--rows", "20000", "--messy", "2", "--encoding", "gbk", "--seed", "7", "--out", gbk, "-q")
        check_dataset("gbk", sorted(glob.glob(os.path.join(gbk, "*.csv"))), "2")
    for f in FAILURES[:40]:
        print("FAIL", f)
    if FAILURES:
        print(f"parquet_check: {len(FAILURES)} failures", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

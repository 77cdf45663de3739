"""The warehouse path end to end: normalize -> sql -> (DuckDB or Spark) -> report --from-aggregates.

For every golden fixture (tests/fixtures/*), under three configs (the default; one that sets
as_of, the conversion window, the periods' length, migration.from and tags; the case's own
case.json when it has one), and for a generated shop of every kind of file at messy level 2
with two orders files (duplicates across files): the report finished from the aggregates is
byte-identical to `customer-insights report` on the raw files given in the order of their names.
Also: a config whose settings are not the aggregates' is refused, as is a folder without them.

Run: python3 tests/reference/warehouse_check.py            (DuckDB, the `duckdb` package)
     python3 tests/reference/warehouse_check.py --spark    (Spark local mode, `pyspark`; make
                                                             test-spark, which installs it)
Builds target/debug/customer-insights first unless CUSTOMER_INSIGHTS_CLI names a binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
CLI = os.environ.get("CUSTOMER_INSIGHTS_CLI") or os.path.join(ROOT, "target", "debug", "customer-insights")
NOT_INPUT = {"expected.json", "manifest.json", "case.json", "case.toml", "known_failure"}
SET_ALL = (
    '{"as_of": "2024-11-15", "windows": {"conversion_days": 14}, "periods": {"days": 7},'
    ' "migration": {"from": "2024-06-01"},'
    ' "tags": [{"name": "woken", "conditions": [{"field": "lifecycle_before", "op": "=", "value": "sleeping"},'
    ' {"field": "lifecycle", "op": "=", "value": "active"}]},'
    ' {"name": "worth", "conditions": [{"field": "p_alive", "op": ">=", "value": 0.5}, {"field": "tickets", "op": "<", "value": 2}]}]}'
)
# Ties the rules break (hand-made): two orders of u1 at the same second (the larger order id
# gives the region: 广东); two events of u4 at the same second in one file (the later row: 江苏),
# two of u3 in two files (the later file: 广东); and an empty file.
TIES = {
    "a_orders.csv": "Order ID,Customer ID,Created,Status,Amount,Refund,Quantity,Province\n"
    "5001,u1,2024-10-01 09:00:00,paid,100.00,0.00,1,Zhejiang\n"
    "5002,u1,2024-10-01 09:00:00,paid,50.00,0.00,1,Guangdong\n"
    "5003,u2,2024-10-02 10:00:00,paid,80.00,0.00,1,Beijing\n"
    "5004,u4,2024-10-03 10:00:00,paid,30.00,0.00,1,\n"
    "5005,u3,2024-10-04 10:00:00,cancelled,30.00,0.00,1,\n",
    "b_events.csv": "买家会员名,行为,时间,宝贝ID,省份\n"
    "u3,加购,2024-09-20 10:00:00,1,浙江省\n"
    "u4,收藏宝贝,2024-09-21 10:00:00,1,浙江省\n"
    "u4,收藏宝贝,2024-09-21 10:00:00,1,江苏省\n",
    "c_events.csv": "买家会员名,行为,时间,宝贝ID,省份\nu3,加购,2024-09-20 10:00:00,1,广东省\n",
    # a file that cannot be read: listed with its error, exit status 3 both ways
    "d_empty.csv": "",
}
FAILURES: list[str] = []


def run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, **kw)


class Duck:
    name = "duckdb"

    def __init__(self) -> None:
        import duckdb

        self.duckdb = duckdb

    def execute(self, sql: str) -> None:
        con = self.duckdb.connect()
        try:
            con.execute(sql)
        finally:
            con.close()


class Spark:
    """One local Spark session for every case; the SQL's statements run one by one."""

    name = "spark"

    def __init__(self) -> None:
        from pyspark.sql import SparkSession

        self.spark = (
            SparkSession.builder.master("local[2]")
            .appName("customer-insights warehouse check")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")

    def execute(self, sql: str) -> None:
        for st in statements(sql):
            self.spark.sql(st).collect()
        self.spark.catalog.clearCache()


def statements(sql: str) -> list[str]:
    """The statements of the SQL as printed: `;` at a line's end ends one; `--` lines are comments."""
    out, cur = [], []
    for line in sql.splitlines():
        if line.lstrip().startswith("--"):
            continue
        if line.rstrip().endswith(";"):
            cur.append(line.rstrip()[:-1])
            out.append("\n".join(cur).strip())
            cur = []
        else:
            cur.append(line)
    if "\n".join(cur).strip():
        out.append("\n".join(cur).strip())
    return [s for s in out if s]


def case_files(folder: str) -> list[str]:
    return sorted(
        os.path.join(folder, f)
        for f in os.listdir(folder)
        if f not in NOT_INPUT and os.path.isfile(os.path.join(folder, f))
    )


def one(engine, label: str, files: list[str], config: str | None, work: str) -> None:
    w = os.path.join(work, label)
    os.makedirs(w)
    args: list[str] = []
    if config:
        with open(os.path.join(w, "config.json"), "w", encoding="utf-8") as f:
            f.write(config)
        args = ["--config", os.path.join(w, "config.json")]
    normalized, aggregates = os.path.join(w, "normalized"), os.path.join(w, "aggregates")
    n = run(["normalize", *files, "--out", normalized])
    if n.returncode not in (0, 3):
        FAILURES.append(f"{label}: normalize exited {n.returncode}: {n.stderr.decode()[:300]}")
        return
    q = run(["sql", "--dialect", engine.name, "--input", normalized, "--output", aggregates, *args], text=True)
    if q.returncode != 0:
        FAILURES.append(f"{label}: sql exited {q.returncode}: {q.stderr[:300]}")
        return
    try:
        engine.execute(q.stdout)
    except Exception as e:  # noqa: BLE001 - the engine's error, reported
        FAILURES.append(f"{label}: {engine.name} failed: {str(e)[:500]}")
        return
    finished = run(["report", "--from-aggregates", aggregates, *args])
    raw = run(["report", *files, *args])
    if finished.returncode != raw.returncode or finished.stdout != raw.stdout:
        with open(os.path.join(w, "finished.json"), "wb") as f:
            f.write(finished.stdout)
        with open(os.path.join(w, "raw.json"), "wb") as f:
            f.write(raw.stdout)
        FAILURES.append(
            f"{label}: the report from the aggregates differs from the raw files' ({w}; exit "
            f"{finished.returncode}: {finished.stderr.decode()[:300]})"
        )
        return
    print(f"  {label}: same {len(raw.stdout):,} bytes", flush=True)
    return aggregates, args


def refusals(aggregates: str, work: str) -> None:
    """A config whose settings the aggregates were not made for, and a folder without them."""
    cfg = os.path.join(work, "other.json")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write('{"windows": {"conversion_days": 9}}')
    for args, want in [
        (["--config", cfg], "windows.conversion_days: the aggregates were made for 30"),
        (["--as-of", "2020-01-01"], "as_of: the aggregates were made for"),
    ]:
        r = run(["report", "--from-aggregates", aggregates, *args], text=True)
        if r.returncode != 2 or want not in r.stderr:
            FAILURES.append(f"refusal {args}: exit {r.returncode}, {r.stderr[:300]!r}")
    r = run(["report", "--from-aggregates", work], text=True)
    if r.returncode != 2 or "no facts/" not in r.stderr:
        FAILURES.append(f"a folder without aggregates: exit {r.returncode}, {r.stderr[:300]!r}")
    # a file normalized twice (another way): one name, two outputs; refused, not joined twice
    twice, agg2 = os.path.join(work, "twice"), os.path.join(work, "twice-aggregates")
    orders = os.path.join(FIXTURES, "generic_en", "orders.csv")
    run(["normalize", orders, "--out", twice])
    run(["normalize", "--kind", "orders", "--platform", "generic", orders, "--out", twice])
    q = run(["sql", "--dialect", "duckdb", "--input", twice, "--output", agg2], text=True)
    Duck().execute(q.stdout)
    r = run(["report", "--from-aggregates", agg2], text=True)
    if r.returncode != 2 or "was normalized twice" not in r.stderr:
        FAILURES.append(f"a file normalized twice: exit {r.returncode}, {r.stderr[:300]!r}")
    # a missing aggregate, and one that does not add up, are refused: no row vanishes unsaid
    for name, change, want in [
        ("sales", None, "no sales/"),
        ("buyers", "SELECT * REPLACE (orders + 1 AS orders) FROM read_parquet('{}/*.parquet')", "orders by day"),
        ("keys", "SELECT * REPLACE (customer_id * 2 AS customer_id) FROM read_parquet('{}/*.parquet')", "customer ids are not 0, 1, 2"),
        ("interested", "SELECT * FROM read_parquet('{0}/*.parquet') UNION ALL (SELECT * FROM read_parquet('{0}/*.parquet') LIMIT 1)", "has two rows"),
    ]:
        broken = os.path.join(work, f"broken-{name}")
        shutil.copytree(aggregates, broken)
        folder = os.path.join(broken, name)
        if change is None:
            shutil.rmtree(folder)
        else:
            con = Duck().duckdb.connect()
            con.execute(f"CREATE TABLE t AS {change.format(folder)}")
            shutil.rmtree(folder)
            os.makedirs(folder)
            con.execute(f"COPY t TO '{os.path.join(folder, 'data_0.parquet')}' (FORMAT parquet)")
            con.close()
        r = run(["report", "--from-aggregates", broken], text=True)
        if r.returncode != 2 or want not in r.stderr:
            FAILURES.append(f"broken {name}: exit {r.returncode}, {r.stderr[:300]!r}")
    done = os.path.join(aggregates, "done")
    shutil.rmtree(done)
    r = run(["report", "--from-aggregates", aggregates], text=True)
    if r.returncode != 2 or "incomplete" not in r.stderr:
        FAILURES.append(f"aggregates without done/: exit {r.returncode}, {r.stderr[:300]!r}")


def main() -> int:
    spark = "--spark" in sys.argv
    if "CUSTOMER_INSIGHTS_CLI" not in os.environ:
        subprocess.run(["cargo", "build", "--locked", "--quiet", "--bin", "customer-insights"], cwd=ROOT, check=True)
    engine = Spark() if spark else Duck()
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="ci-warehouse-") as work:
        # a generated shop: every kind of file, messy, two orders files (Taobao and Shopify)
        gen = os.path.join(work, "generated")
        s = run(["sample", "--rows", "3000", "--messy", "2", "--encoding", "utf8", "--seed", "7", "--out", gen, "-q"])
        if s.returncode != 0:
            FAILURES.append(f"sample exited {s.returncode}: {s.stderr.decode()[:300]}")
        ties = os.path.join(work, "ties")
        os.makedirs(ties)
        for name, text in TIES.items():
            with open(os.path.join(ties, name), "w", encoding="utf-8") as f:
                f.write(text)
        cases = [("generated", case_files(gen)), ("ties", case_files(ties))]
        for case in sorted(os.listdir(FIXTURES)):
            folder = os.path.join(FIXTURES, case)
            if os.path.isdir(folder) and case != "hostile":
                cases.append((case, case_files(folder)))
        first = None
        for case, files in cases:
            own = os.path.join(FIXTURES, case, "case.json")
            configs = [("default", None), ("settings", SET_ALL)]
            if os.path.exists(own):
                with open(own, encoding="utf-8") as f:
                    configs.append(("case", f.read()))
            for name, config in configs:
                got = one(engine, f"{case}-{name}", files, config, work)
                if got and first is None and name == "default":
                    first = got[0]
        if first and not spark:
            refusals(first, work)
    print(f"{len(cases)} cases through {engine.name} in {time.time() - t0:.0f} s")
    for f in FAILURES:
        print("FAIL", f)
    print("warehouse_check: ok" if not FAILURES else f"warehouse_check: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())

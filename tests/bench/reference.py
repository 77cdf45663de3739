#!/usr/bin/env python3
"""The standard report of spec/bench.md in pandas: the harness's independent reference.

    python3 tests/bench/reference.py DATA_DIR OUT_JSON [--success-copy PATH]   (also writes
        interest_events_no_province.csv beside PATH)

Writes the result shape of lib/common.mjs (integers, money in cents). With --success-copy it also
writes a copy of the orders file holding only the 交易成功 rows with 退款金额 set to 0.00 (GBK, CRLF,
same header): on that copy the valid orders of our module (metrics.md: paid, not closed, not fully
refunded; revenue = paid - refund) are exactly the standard report's 交易成功 orders with revenue =
paid, so our report's rfm.cells, distributions.region and conversion by region must equal the
standard report.
"""
import csv
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
STD = json.loads((HERE / "lib" / "standard.json").read_text("utf-8"))
PROV = json.loads((HERE / "lib" / "provinces.json").read_text("utf-8"))
AS_OF = pd.Timestamp(STD["as_of"])
LO = pd.Timestamp(STD["window_start"])
UNKNOWN = PROV["unknown"]


def province(addr) -> str:
    if not isinstance(addr, str) or not addr.strip():
        return UNKNOWN
    return PROV["map"].get(addr.strip().split(" ", 1)[0].lower(), UNKNOWN)


def cents(s) -> int:
    if not isinstance(s, str) or not s:
        return 0
    return int(round(float(s.replace(",", "")) * 100))


def standard(data: Path) -> dict:
    o = pd.read_csv(data / STD["orders_file"], encoding="gbk", dtype=str, keep_default_na=False)
    o.columns = [c.strip() for c in o.columns]
    o = o[(o["订单状态"] == STD["status"]) & (o["买家会员名"] != "")].copy()
    o["created"] = pd.to_datetime(o["订单创建时间"], format="%Y-%m-%d %H:%M:%S")
    o = o[o["created"] < AS_OF + pd.Timedelta(days=1)]
    o["paid"] = o["买家实际支付金额"].map(cents).astype("int64")
    o["items"] = pd.to_numeric(o["宝贝总数量"]).astype("int64")
    o["prov"] = o["收货地址"].map(province)
    o["day"] = o["created"].dt.normalize()
    o["sortkey"] = o["订单创建时间"] + o["订单编号"]

    latest = o.sort_values("sortkey").groupby("买家会员名")["prov"].last()
    c = o.groupby("买家会员名").agg(orders=("paid", "size"), revenue=("paid", "sum"), items=("items", "sum"),
                                  last=("day", "max"), first=("day", "min"))
    c["prov"] = latest
    c["recency"] = (AS_OF - c["last"]).dt.days
    n = len(c)

    def score(values: pd.Series, larger_is_worse: bool) -> pd.Series:
        # number of customers with a strictly smaller (R: strictly larger) value
        v = values.to_numpy()
        s = np.sort(v)
        below = len(v) - np.searchsorted(s, v, side="right") if larger_is_worse else np.searchsorted(s, v, side="left")
        return pd.Series(1 + (5 * below) // n, index=values.index)

    if n:
        c["r"] = score(c["recency"], True)
        c["f"] = score(c["orders"], False)
        c["m"] = score(c["revenue"], False)
    else:
        c["r"] = c["f"] = c["m"] = 0

    rfm = {f"{r},{f},{m}": [int(g.shape[0]), int(g["revenue"].sum())] for (r, f, m), g in c.groupby(["r", "f", "m"])}
    prov = {k: [int(g.shape[0]), int(g["revenue"].sum())] for k, g in c.groupby("prov")}

    e = pd.read_csv(data / STD["events_file"], encoding="gbk", dtype=str, keep_default_na=False, usecols=["买家会员名", "时间"])
    e = e[e["买家会员名"] != ""]
    eday = pd.to_datetime(e["时间"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    interested = pd.Index(e.loc[(eday >= LO) & (eday <= AS_OF), "买家会员名"].unique())
    converted = set(o.loc[(o["day"] >= LO) & (o["day"] <= AS_OF), "买家会员名"])
    iv = pd.DataFrame({"buyer": interested})
    iv["prov"] = iv["buyer"].map(c["prov"]).fillna(UNKNOWN)
    iv["conv"] = iv["buyer"].isin(converted).astype(int)
    conv = {k: [int(g.shape[0]), int(g["conv"].sum())] for k, g in iv.groupby("prov")}

    return {
        "customers": int(n), "revenue": int(c["revenue"].sum()), "items": int(c["items"].sum()),
        "new_30d": int((c["first"] >= LO).sum()),
        "rfm": rfm, "province": prov, "conversion": conv,
    }


def success_copy(data: Path, dest: Path) -> int:
    """The 交易成功 rows of the orders file, 退款金额 = 0.00; returns the number of rows kept."""
    text = (data / STD["orders_file"]).read_bytes().decode("gbk")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows)
    names = [h.strip() for h in header]
    st, rf = names.index("订单状态"), names.index("退款金额")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    kept = 0
    for row in rows:
        if len(row) > st and row[st] == STD["status"]:
            row[rf] = "0.00"
            w.writerow(row)
            kept += 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue().encode("gbk"))
    tmp.replace(dest)
    return kept


def events_copy(data: Path, dest: Path) -> None:
    """The events file with its 省份 column emptied: the standard report groups an interested
    buyer without a 交易成功 order as 未知, where our report (metrics.md, "Distributions") takes
    the province of the buyer's latest event; without the column both say 未知."""
    text = (data / STD["events_file"]).read_bytes().decode("gbk")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows)
    col = [h.strip() for h in header].index("省份")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        if len(row) > col:
            row[col] = ""
        w.writerow(row)
    tmp = dest.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue().encode("gbk"))
    tmp.replace(dest)


def main() -> None:
    argv = sys.argv[1:]
    copy = None
    if "--success-copy" in argv:
        i = argv.index("--success-copy")
        copy = Path(argv[i + 1])
        del argv[i:i + 2]
    data, out = Path(argv[0]), Path(argv[1])
    t0 = time.perf_counter()
    result = standard(data)
    ms = (time.perf_counter() - t0) * 1000
    kept = success_copy(data, copy) if copy else None
    if copy:
        events_copy(data, copy.with_name("interest_events_no_province.csv"))
    out.write_text(json.dumps({"engine": "reference (pandas)", "total_ms": ms, "result": result,
                               "success_rows": kept}, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()

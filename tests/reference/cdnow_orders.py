#!/usr/bin/env python3
"""Writes the CDNOW transactions that ship with `lifetimes` (lifetimes/datasets/) as a generic
orders CSV our reader detects by its English headers:

    python3 tests/reference/cdnow_orders.py [--master] OUT.csv

CDNOW_sample.txt (default; the 2,357-customer sample of Fader, Hardie & Lee 2005, whose
calibration period ends 1997-09-30) has rows `sample id, master id, YYYYMMDD, CDs, dollars`;
CDNOW_master.txt (`--master`, 23,570 customers) `id, YYYYMMDD, CDs, dollars` under a header.
Each row becomes one order: `Order ID` (C1, C2, … in file order), `Customer ID` (cdnow-<id>),
`Created` (the day at 12:00:00), `Amount` (dollars, two places, read as yuan), `Quantity`,
`Status` paid.
"""
from __future__ import annotations

import argparse
import csv
import os


def datasets_dir() -> str:
    import lifetimes.datasets  # noqa: PLC0415

    return os.path.dirname(lifetimes.datasets.__file__)


def rows(master: bool):
    name = "CDNOW_master.txt" if master else "CDNOW_sample.txt"
    with open(os.path.join(datasets_dir(), name), encoding="ascii") as f:
        for line in f:
            cells = line.split()
            if not cells or not cells[-1].replace(".", "", 1).isdigit():
                continue  # the master file's header
            if master:
                cid, day, cds, dollars = cells
            else:
                cid, _master_id, day, cds, dollars = cells
            yield cid, day, cds, dollars


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--master", action="store_true", help="the 23,570-customer master file")
    a = ap.parse_args(argv)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Order ID", "Customer ID", "Created", "Status", "Amount", "Quantity"])
        for i, (cid, day, cds, dollars) in enumerate(rows(a.master), 1):
            created = f"{day[:4]}-{day[4:6]}-{day[6:8]} 12:00:00"
            w.writerow([f"C{i}", f"cdnow-{cid}", created, "paid", f"{float(dollars):.2f}", cds])


if __name__ == "__main__":
    main()

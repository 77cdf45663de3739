#!/usr/bin/env python3
"""Writes the CDNOW data set that the `lifetimes` package ships as a generic orders CSV.

    python3 tests/reference/cdnow.py [--sample] OUT.csv

CDNOW_master.txt (69,659 purchases of 23,570 customers, 1997-01 to 1998-06) or, with --sample,
CDNOW_sample.txt, from `lifetimes`' datasets folder (`pip install lifetimes==0.11.3`). Each line
is a purchase: customer id, [the sample's second id,] date YYYYMMDD, number of CDs, dollar value.
Each becomes one paid order of a generic orders file: `Order ID` (CD + line number), `Customer ID`,
`Created` (the day, 00:00:00), `Status` paid, `Amount` (dollars, two places), `Quantity`.
Prints the number of orders written. Exits 2 when `lifetimes` is not installed.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys


def datasets_dir():
    try:
        import lifetimes  # noqa: PLC0415
    except ImportError:
        return None
    return os.path.join(os.path.dirname(lifetimes.__file__), "datasets")


def convert(src, out):
    n = 0
    with open(src, encoding="ascii") as f, open(out, "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["Order ID", "Customer ID", "Created", "Status", "Amount", "Quantity"])
        for line_no, line in enumerate(f, 1):
            cells = line.split()
            if len(cells) < 4 or not cells[-3].isdigit():
                continue  # the header line
            customer, day, cds, dollars = cells[0], cells[-3], cells[-2], cells[-1]
            created = f"{day[:4]}-{day[4:6]}-{day[6:]} 00:00:00"
            w.writerow([f"CD{line_no}", customer, created, "paid", f"{float(dollars):.2f}", cds])
            n += 1
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--sample", action="store_true", help="CDNOW_sample.txt instead of CDNOW_master.txt")
    a = ap.parse_args(argv)
    d = datasets_dir()
    if d is None:
        print("lifetimes is not installed: pip install lifetimes==0.11.3", file=sys.stderr)
        return 2
    n = convert(os.path.join(d, "CDNOW_sample.txt" if a.sample else "CDNOW_master.txt"), a.out)
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks that re-blessed golden reports only ADD to the committed ones.

    python3 tests/reference/additive.py [BASE] [--grow PATH ...]

Compares every tests/fixtures/*/expected.json with its version at git ref BASE (default HEAD):
every old value must still be there, unchanged; new keys are listed; a list keeps its old
elements in order and may grow only at a PATH given with --grow (e.g. `.calls.by`, which gained
`task` in issue 18). Exits 1 on anything that is not additive.
"""
import argparse
import glob
import json
import re
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base", nargs="?", default="HEAD")
    ap.add_argument("--grow", action="append", default=[])
    a = ap.parse_args()
    bad, added = [], set()

    def walk(o, n, path):
        if isinstance(o, dict):
            if not isinstance(n, dict):
                bad.append((path, "not an object any more"))
                return
            added.update(f"{path}.{k}" for k in n if k not in o)
            for k, v in o.items():
                if k not in n:
                    bad.append((f"{path}.{k}", "removed"))
                else:
                    walk(v, n[k], f"{path}.{k}")
        elif isinstance(o, list):
            if not isinstance(n, list) or len(n) < len(o) or (len(n) > len(o) and path not in a.grow):
                bad.append((path, f"list of {len(o)} -> {len(n) if isinstance(n, list) else n!r}"))
                return
            added.update(f"{path}[+{e.get('by', e.get('key')) if isinstance(e, dict) else e}]" for e in n[len(o):])
            for x, y in zip(o, n):
                walk(x, y, path)
        elif o != n:
            bad.append((path, f"{o!r} -> {n!r}"))

    for f in sorted(glob.glob("tests/fixtures/*/expected.json")):
        old = subprocess.run(["git", "show", f"{a.base}:{f}"], capture_output=True, text=True).stdout
        if old:
            walk(json.loads(old), json.loads(open(f, encoding="utf-8").read()), "")
    print("added:")
    for p in sorted({re.sub(r"^\.", "", x) for x in added}):
        print("  ", p)
    for p, why in bad[:50]:
        print(f"NOT ADDITIVE {p}: {why}")
    print("additive: ok" if not bad else f"{len(bad)} changes are not additive")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compares every report section of our CLI with the independent reference implementation.

    python3 tests/reference/compare.py [--keep DIR] [--jobs N] [--rows N]

Generates data sets with our own `customer-insights sample` (src/sample/; or, with $DATAGEN set to
a gen_exports.py, with that) for a matrix of encodings (gbk, utf8-bom, utf8, utf16) x
messy levels 0..3, plus cases with a config (thresholds RFM, custom windows and lifecycle, tags,
an extra conversion dimension) and with an explicit --as-of. With $DATAGEN naming a missing file
it falls back to the committed data sets under tests/fixtures/*/ (each a folder of export files,
optionally with config.json and as_of.txt); without either it prints a SKIP line and exits 0.

For each case it runs `target/debug/customer-insights report` (built with `cargo build -q` when
missing) and tests/reference/reference.py on the same files, and compares every value the
reference computes: counts, strings and money exactly, floats to 1e-9 relative (1e-12 absolute
near 0), null against null, lists in order. Prints one line per case (and, for a failing case,
JSON path / ours / reference of each mismatch), then `N passed, M failed`; exits 1 on a failure.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REFERENCE = os.path.join(HERE, "reference.py")
CLI = os.path.join(REPO, "target", "debug", "customer-insights")
REL, ABS = 1e-9, 1e-12
MAX_SHOWN = 25

ENCODINGS = ["gbk", "utf8-bom", "utf8", "utf16"]
MESSY = [0, 1, 2, 3]

# Thresholds RFM, custom windows and lifecycle, tags of several condition kinds, an extra
# conversion dimension (a customers-file column) and a calls subset.
CONFIG = {
    "lifecycle": {"new_days": 45, "active_days": 120, "sleeping_days": 300},
    "windows": {"interest_days": 14, "transacted_days": 200, "conversion_days": 60},
    "rfm": {"method": "thresholds",
            "cuts": {"r": [30, 90, 180, 365], "f": [2, 3, 5, 10], "m": [100, 300, 1000, 3000]}},
    "tags": [
        {"name": "repeat big spenders", "match": "all",
         "conditions": [{"field": "orders", "op": ">=", "value": 3}, {"field": "revenue", "op": ">", "value": 500}]},
        {"name": "east or young", "match": "any",
         "conditions": [{"field": "region", "op": "in", "value": ["浙江", "上海市", "Jiangsu"]},
                        {"field": "age", "op": "between", "value": [18, 24]}]},
        {"name": "vip women at risk", "match": "all",
         "conditions": [{"field": "member_level", "op": ">=", "value": 1},
                        {"field": "gender", "op": "=", "value": "女"},
                        {"field": "rfm_segment", "op": "in", "value": ["At Risk", "Can't Lose Them", "Hibernating"]}]},
        {"name": "recent repeat", "match": "all",
         "conditions": [{"field": "tag", "op": "=", "value": "repeat big spenders"},
                        {"field": "last_order", "op": ">=", "value": "2024-07-01"},
                        {"field": "lifecycle", "op": "!=", "value": "lost"}]},
        {"name": "crm label", "match": "all",
         "conditions": [{"field": "tag", "op": "=", "value": "复购客"}, {"field": "items", "op": ">", "value": 4},
                        {"field": "source", "op": "!=", "value": "抖音"}]},
    ],
    "conversion": {"by": ["region", "source", "age_band", "gender", "会员等级"]},
    "calls": {"by": ["hour", "weekday", "agent"]},
}
# Service and calls tied to orders and customers (issue 18): a tight response SLA, a short
# verification window, the task breakdown first, and tags on the customers' tickets.
CONFIG_SERVICE = {
    "service": {"response_sla_minutes": 60},
    "calls": {"by": ["task", "agent"], "verify_days": 2},
    "tags": [
        {"name": "any ticket", "match": "all", "conditions": [{"field": "tickets", "op": ">=", "value": 1}]},
        {"name": "complainers", "match": "all", "conditions": [{"field": "complaints", "op": ">", "value": 0}]},
        {"name": "quiet buyers", "match": "all", "conditions": [{"field": "tickets", "op": "=", "value": 0},
                                                                 {"field": "orders", "op": ">=", "value": 2}]},
    ],
}
# Range-rule segments and the quantile method, with an as_of inside the data.
CONFIG_SEGMENTS = {
    "as_of": "2024-06-30",
    "rfm": {"method": "quantile", "segments": [
        {"name": "Best", "r": [4, 5], "f": [4, 5], "m": [4, 5]},
        {"name": "Slipping", "r": [1, 2], "f": [3, 5], "m": [1, 5]},
        {"name": "Fresh", "r": [5, 5], "f": [1, 2], "m": [1, 5]}]},
    "tags": [{"name": "young", "match": "all", "conditions": [{"field": "age_band", "op": "in", "value": ["<18", "18-24"]}]}],
}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def compare(ours, ref, path, out):
    """Appends (path, ours, reference) for each difference; every value of `ref` is checked."""
    if isinstance(ref, dict):
        if not isinstance(ours, dict):
            out.append((path, ours, ref))
            return
        for k, v in ref.items():
            if k not in ours:
                out.append((f"{path}.{k}", "<missing>", v))
            else:
                compare(ours[k], v, f"{path}.{k}", out)
    elif isinstance(ref, list):
        if not isinstance(ours, list):
            out.append((path, ours, ref))
            return
        if len(ours) != len(ref):
            keyed = lambda xs: [x.get("key", x.get("name", x.get("segment", x.get("stage")))) if isinstance(x, dict)  # noqa: E731
                                else x for x in xs]
            out.append((f"{path}[len]", f"{len(ours)} {keyed(ours)}", f"{len(ref)} {keyed(ref)}"))
            return
        for i, (a, b) in enumerate(zip(ours, ref)):
            label = b.get("key", b.get("name", b.get("segment", b.get("stage", b.get("by"))))) \
                if isinstance(b, dict) else None
            compare(a, b, f"{path}[{i}{'=' + str(label) if label is not None else ''}]", out)
    elif ref is None or ours is None:
        if ref is not ours:
            out.append((path, ours, ref))
    elif isinstance(ref, bool) or isinstance(ours, bool):
        if ref is not ours:
            out.append((path, ours, ref))
    elif is_num(ref) and is_num(ours):
        if isinstance(ref, int) and isinstance(ours, int):
            if ref != ours:
                out.append((path, ours, ref))
        else:
            a, b = float(ours), float(ref)
            if math.isnan(a) or math.isnan(b) or abs(a - b) > max(ABS, REL * max(abs(a), abs(b))):
                out.append((path, ours, ref))
    elif ref != ours:
        out.append((path, ours, ref))


def compare_reports(ours, ref):
    out = []
    # inputs: matched by file name; everything else by path
    ours_inputs = {i.get("name"): i for i in ours.get("inputs") or []}
    for i in ref.get("inputs") or []:
        o = ours_inputs.get(i["name"])
        p = f"inputs[{i['name']}]"
        if o is None:
            out.append((p, "<missing>", i))
            continue
        for k in ("kind", "rows_total", "rows_used"):
            compare(o.get(k), i[k], f"{p}.{k}", out)
        compare({k: v for k, v in (o.get("rows_skipped") or {}).items() if v}, i["rows_skipped"],
                f"{p}.rows_skipped", out)
        if set(k for k, v in (o.get("rows_skipped") or {}).items() if v) != set(i["rows_skipped"]):
            out.append((f"{p}.rows_skipped(keys)", o.get("rows_skipped"), i["rows_skipped"]))
    for k, v in ref.items():
        if k != "inputs":
            compare(ours.get(k, "<missing>"), v, k, out)
    return out


def ensure_cli():
    """Builds the CLI (a no-op when it is up to date, so a stale binary is never compared)."""
    if shutil.which("cargo") is None:
        return None if os.path.exists(CLI) else f"no cargo and no {CLI}"
    r = run(["cargo", "build", "-q"], cwd=REPO)
    if r.returncode != 0 or not os.path.exists(CLI):
        return f"cargo build failed:\n{r.stderr[-3000:]}"
    return None


def data_files(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.endswith((".csv", ".txt", ".tsv")) and not f.startswith("."))


def reference_report(files, as_of, config):
    """reference.py's report, computed in this (forked) process: pandas, scipy and statsmodels are
    imported once for all cases instead of once per case. `--subprocess` runs the script instead."""
    import reference  # noqa: PLC0415 (tests/reference is on sys.path)
    cfg = json.load(open(config, encoding="utf-8")) if config else {}
    return json.loads(json.dumps(reference.report(files, as_of, cfg), ensure_ascii=False))


def run_case(case, subprocess_reference=False):
    name, files, as_of, config = case["name"], case["files"], case.get("as_of"), case.get("config")
    extra = []
    if as_of:
        extra += ["--as-of", as_of]
    if config:
        extra += ["--config", config]
    t0 = time.time()
    r1 = run([CLI, "report", *extra, *files])
    if r1.returncode != 0:
        return name, time.time() - t0, [("(our CLI failed)", r1.stderr.strip()[-2000:], "")]
    if subprocess_reference:
        r2 = run([sys.executable, REFERENCE, *extra, *files])
        if r2.returncode != 0:
            return name, time.time() - t0, [("(reference failed)", "", r2.stderr.strip()[-2000:])]
        ref = json.loads(r2.stdout)
    else:
        try:
            ref = reference_report(files, as_of, config)
        except Exception as e:  # noqa: BLE001 - report any crash of the reference as a failure
            import traceback  # noqa: PLC0415
            return name, time.time() - t0, [("(reference failed)", "", traceback.format_exc()[-2000:] or str(e))]
    return name, time.time() - t0, compare_reports(json.loads(r1.stdout), ref)


def generate(datagen, out, enc, messy, rows, seed, extra=()):
    """Writes one data set with `customer-insights sample` (datagen None) or that gen_exports.py;
    returns its export files."""
    opts = ["--rows", str(rows), "--encoding", enc, "--messy", str(messy), "--seed", str(seed), "--out", out, "-q",
            *extra]
    r = run([sys.executable, datagen, *opts] if datagen else [CLI, "sample", *opts])
    if r.returncode != 0:
        raise RuntimeError(f"{datagen or 'customer-insights sample'} failed: {r.stderr[-2000:]}")
    return data_files(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description="our report vs the reference implementation")
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--jobs", type=int, default=max(1, os.cpu_count() or 1))
    ap.add_argument("--keep", help="write the data sets here and keep them")
    ap.add_argument("--subprocess", action="store_true", help="run reference.py as a script for every case")
    a = ap.parse_args(argv)
    t_start = time.time()
    datagen = os.environ.get("DATAGEN") or None  # None: our own `customer-insights sample`
    have_gen = datagen is None or os.path.exists(datagen)
    fixtures = os.environ.get("REFERENCE_FIXTURES") or os.path.join(REPO, "tests", "fixtures")
    fixture_sets = sorted(d for d in (os.path.join(fixtures, x) for x in (os.listdir(fixtures) if os.path.isdir(fixtures) else []))
                          if os.path.isdir(d) and data_files(d))
    if not have_gen and not fixture_sets:
        print(f"SKIP reference comparison: no generator at {datagen} and no data sets under tests/fixtures/*/")
        return 0
    err = ensure_cli()
    if err:
        print(f"FAIL build: {err}")
        print("0 passed, 1 failed")
        return 1
    tmp = a.keep or tempfile.mkdtemp(prefix="ci-reference-")
    os.makedirs(tmp, exist_ok=True)
    cases = []
    try:
        if have_gen:
            cfg_path = os.path.join(tmp, "config.json")
            with open(cfg_path, "w", encoding="utf-8") as f:
                json.dump(CONFIG, f, ensure_ascii=False, indent=1)
            svc_path = os.path.join(tmp, "config_service.json")
            with open(svc_path, "w", encoding="utf-8") as f:
                json.dump(CONFIG_SERVICE, f, ensure_ascii=False, indent=1)
            seg_path = os.path.join(tmp, "config_segments.json")
            with open(seg_path, "w", encoding="utf-8") as f:
                json.dump(CONFIG_SEGMENTS, f, ensure_ascii=False, indent=1)
            t_gen = time.time()
            sets = [(enc, m, a.rows, 42 + m) for enc in ENCODINGS for m in MESSY]
            # seed 50 at 6000 rows: the generator duplicates a row whose amount it blanked
            sets.append(("utf8", 3, 6000, 50))
            with ThreadPoolExecutor(a.jobs) as ex:
                made = list(ex.map(lambda s: generate(datagen, os.path.join(tmp, f"{s[0]}_m{s[1]}_r{s[2]}_s{s[3]}"),
                                                      *s), sets))
            print(f"generated {len(sets)} data sets with {datagen or 'customer-insights sample'} in {time.time() - t_gen:.1f}s")
            for (enc, m, rows, seed), files in zip(sets, made):
                cases.append({"name": f"{enc} messy={m} rows={rows} seed={seed}", "files": files})
            by = {s[:2]: files for s, files in zip(sets, made) if s[2] == a.rows}
            cases.append({"name": "gbk messy=2 config(thresholds, windows, tags) as_of=2024-12-31",
                          "files": by[("gbk", 2)], "config": cfg_path, "as_of": "2024-12-31"})
            cases.append({"name": "utf16 messy=3 config(thresholds, windows, tags) as_of=2024-09-15",
                          "files": by[("utf16", 3)], "config": cfg_path, "as_of": "2024-09-15"})
            cases.append({"name": "utf8-bom messy=1 config(range segments) as_of=2024-06-30 (config)",
                          "files": by[("utf8-bom", 1)], "config": seg_path})
            cases.append({"name": "utf8 messy=0 taobao+crm only as_of=2024-11-11",
                          "files": [f for f in by[("utf8", 0)] if "taobao" in f or "crm" in f], "as_of": "2024-11-11"})
            cases.append({"name": "gbk messy=3 without the customers file",
                          "files": [f for f in by[("gbk", 3)] if "crm" not in f]})
            cases.append({"name": "utf8 messy=2 without orders (as_of from other rows)",
                          "files": [f for f in by[("utf8", 2)] if "orders" not in f]})
            if datagen is None:
                # unmasked phones with households and malformed numbers (contact screening)
                for m in (0, 3):
                    d = os.path.join(tmp, f"full_phones_m{m}")
                    files = generate(None, d, "utf8", m, a.rows, 60 + m, ("--full-phones",))
                    cases.append({"name": f"utf8 messy={m} --full-phones", "files": files})
                    cases.append({"name": f"utf8 messy={m} --full-phones config(service sla, verify_days, ticket tags)",
                                  "files": files, "config": svc_path})
            # two exports of the same shop (same seed, other encoding): duplicates across files
            both = os.path.join(tmp, "two_exports")
            os.makedirs(both, exist_ok=True)
            files = []
            for tag, key in (("a", ("gbk", 0)), ("b", ("utf8-bom", 0))):
                for f in by[key]:
                    dst = os.path.join(both, f"{tag}_{os.path.basename(f)}")
                    shutil.copyfile(f, dst)
                    files.append(dst)
            cases.append({"name": "gbk + utf8-bom copies of one shop (duplicates across files)", "files": files})
        else:
            sys.path.insert(0, HERE)
            import reference  # noqa: PLC0415
            print(f"no generator at {datagen}: comparing the data sets under {fixtures}")
            for d in fixture_sets:
                # only the export layouts the reference reads (the generator's kinds)
                files = [f for f in data_files(d) if reference.Input(f).kind]
                if not files:
                    continue
                case = {"name": f"fixture {os.path.basename(d)}", "files": files}
                if os.path.exists(os.path.join(d, "config.json")):
                    case["config"] = os.path.join(d, "config.json")
                if os.path.exists(os.path.join(d, "as_of.txt")):
                    case["as_of"] = open(os.path.join(d, "as_of.txt")).read().strip()
                cases.append(case)
        passed = failed = 0
        if not a.subprocess:
            sys.path.insert(0, HERE)
            import reference  # noqa: F401,PLC0415 - imported once, before the workers fork
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(a.jobs, mp_context=ctx) as ex:
            for name, dt, diffs in ex.map(functools.partial(run_case, subprocess_reference=a.subprocess), cases):
                if diffs:
                    failed += 1
                    print(f"FAIL {name} ({len(diffs)} mismatches, {dt:.1f}s)")
                    for p, o, r in diffs[:MAX_SHOWN]:
                        print(f"    {p}: ours={json.dumps(o, ensure_ascii=False)} "
                              f"reference={json.dumps(r, ensure_ascii=False)}")
                    if len(diffs) > MAX_SHOWN:
                        print(f"    ... {len(diffs) - MAX_SHOWN} more")
                else:
                    passed += 1
                    print(f"ok   {name} ({dt:.1f}s)")
                sys.stdout.flush()
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"total {time.time() - t_start:.1f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

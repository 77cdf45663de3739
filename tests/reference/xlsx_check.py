"""The XLSX exports, read back by openpyxl (what an operator's spreadsheet sees).

On the bundled sample (www/sample):
- the CLI's `report --format xlsx` has an About sheet, then one sheet per table of the JSON report
  laid out by the rule of src/export/tables.rs (re-implemented here from the JSON alone), each
  with its header row frozen; every cell equals the JSON report's value, with its type: numbers
  as numbers, two-decimal money as numbers formatted `#,##0.00`, days as dates, rates and shares
  as percentages, text as text;
- the Chinese workbook has the same numbers and dates in the same cells;
- the workbooks the npm package writes in Node (the page's engine) are byte-identical to the
  CLI's (report in both languages, a member list);
- a member list whose cells look like formulas (`=cmd|…`, `+86…`, `-1`, `@SUM`) has them as text
  cells, quote-prefixed, and no formula anywhere in the file.

Run: python3 tests/reference/xlsx_check.py   (needs target/debug/customer-insights, or builds
it, and pkg/ from `make pkg`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "www", "sample")
FILES = sorted(os.path.join(SAMPLE, f) for f in os.listdir(SAMPLE) if f.endswith(".csv"))
CLI = os.environ.get("CUSTOMER_INSIGHTS_CLI") or os.path.join(ROOT, "target", "debug", "customer-insights")
MAPS = ("columns", "rows_skipped")
MONEY = re.compile(r"-?\d+\.\d\d")
DAY = re.compile(r"\d{4}-\d\d-\d\d")
FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    if not ok:
        FAILURES.append(what)


def cli(*args: str) -> bytes:
    return subprocess.run([CLI, *args], check=True, capture_output=True).stdout


# ---------------------------------------------------------------- the layout, from the JSON alone


def split(obj: dict, prefix: str, scalars: list, nested: list) -> None:
    for k, v in obj.items():
        key = prefix + k
        if isinstance(v, dict) and k in MAPS:
            nested.append((key, [{"key": a, "value": b} for a, b in v.items()]))
        elif isinstance(v, dict):
            split(v, key + ".", scalars, nested)
        elif isinstance(v, list) and any(isinstance(x, dict) for x in v):
            nested.append((key, v))
        elif isinstance(v, list):
            scalars.append((key, json.dumps(v, ensure_ascii=False, separators=(",", ":"))))
        else:
            scalars.append((key, v))


def rows(path: str, items: list, prefix: list, out: dict) -> None:
    t = out.setdefault(path, {"columns": [], "rows": []})
    parent = path.rsplit(".", 1)[-1]
    for item in items:
        scalars, nested = [], []
        if isinstance(item, dict):
            split(item, "", scalars, nested)
        else:
            scalars.append(("value", item))
        row = list(prefix) + scalars
        for c, _ in row:
            if c not in t["columns"]:
                t["columns"].append(c)
        t["rows"].append(dict(row))
        child = list(prefix) + ([(f"{parent}.{scalars[0][0]}", scalars[0][1])] if scalars else [])
        for key, lst in nested:
            rows(f"{path}.{key}", lst, child, out)


def tables(report: dict) -> dict:
    out: dict = {}
    for k, v in report.items():
        if k in ("as_of", "prediction_error") or v is None:
            continue
        if isinstance(v, dict):
            scalars, nested = [], []
            split(v, "", scalars, nested)
            if scalars:
                out[k] = {"columns": ["field", "value"], "rows": [{"field": a, "value": b} for a, b in scalars]}
            for key, lst in nested:
                rows(f"{k}.{key}", lst, [], out)
        elif isinstance(v, list):
            rows(k, v, [], out)
    return out


def sheet_names(paths: list[str]) -> list[str]:
    seen, names = ["about"], []
    for p in paths:
        clean = re.sub(r"[\[\]:*?/\\]", "_", p)
        name, k = clean[:31], 2
        while name.lower() in seen:
            tail = f"~{k}"
            name, k = clean[: 31 - len(tail)] + tail, k + 1
        seen.append(name.lower())
        names.append(name)
    return names


def percent(key: str) -> bool:
    last = key.rsplit(".", 1)[-1]
    return any(last.endswith(e) for e in ("rate", "share", "ci_low", "ci_high"))


def valid_day(s: str) -> bool:
    try:
        return DAY.fullmatch(s) is not None and dt.date.fromisoformat(s).year >= 1900
    except ValueError:
        return False


def expect(cell, key: str, v, where: str) -> None:
    """The cell holds the JSON value `v` of key `key`, typed."""
    if v is None or v == "":
        # (an empty text is an empty cell in a spreadsheet)
        check(cell.value is None, f"{where}: {cell.value!r} for {v!r}")
    elif isinstance(v, bool):
        check(cell.value is v, f"{where}: {cell.value!r} for {v!r}")
    elif isinstance(v, (int, float)):
        check(isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.value == v,
              f"{where}: {cell.value!r} for {v!r}")
        want = "0.00%" if isinstance(v, float) and percent(key) else "General"
        check(cell.number_format == want, f"{where}: format {cell.number_format!r}, want {want!r} ({key})")
    elif MONEY.fullmatch(v):
        check(isinstance(cell.value, (int, float)) and f"{cell.value:.2f}" == v, f"{where}: money {cell.value!r} for {v!r}")
        check(cell.number_format == "#,##0.00", f"{where}: money format {cell.number_format!r}")
    elif valid_day(v):
        check(isinstance(cell.value, dt.datetime) and cell.value.date().isoformat() == v, f"{where}: date {cell.value!r} for {v!r}")
        check(cell.number_format == "yyyy-mm-dd", f"{where}: date format {cell.number_format!r}")
    else:
        check(cell.data_type == "s" and cell.value == v, f"{where}: text {cell.value!r} for {v!r}")
        if v[:1] in ("=", "+", "-", "@"):
            check(cell.quotePrefix, f"{where}: {v!r} not quote-prefixed")


def check_report(path: str, report: dict) -> None:
    wb = openpyxl.load_workbook(path)
    want = tables(report)
    names = sheet_names(list(want))
    check(wb.sheetnames == ["About", *names], f"sheets {wb.sheetnames} != About + {names}")
    about = wb["About"]
    check([c.value for c in about[1]] == ["sheet", "what it is", "rows"], "About header")
    listed = {about.cell(r, 1).value: about.cell(r, 3).value for r in range(2, len(names) + 2)}
    for name, (p, t) in zip(names, want.items()):
        check(listed.get(name) == len(t["rows"]), f"About: {name} has {listed.get(name)} rows, want {len(t['rows'])}")
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        check(ws.freeze_panes == "A2", f"{name}: frozen at {ws.freeze_panes}")
        check([c.value for c in ws[1]] == t["columns"], f"{name}: header {[c.value for c in ws[1]]} != {t['columns']}")
        check(ws.max_row == len(t["rows"]) + 1, f"{name}: {ws.max_row - 1} rows, want {len(t['rows'])}")
        for i, row in enumerate(t["rows"]):
            for j, c in enumerate(t["columns"]):
                v = row.get(c)
                cell = ws.cell(i + 2, j + 1)
                if t["columns"] == ["field", "value"] and c == "value":
                    expect(cell, row["field"], v, f"{name}!{cell.coordinate}")
                else:
                    expect(cell, c, v, f"{name}!{cell.coordinate}")
    # the as_of and every file on the About sheet
    col_a = [about.cell(r, 1).value for r in range(1, about.max_row + 1)]
    if report["as_of"]:
        r = col_a.index("as_of") + 1
        check(about.cell(r, 2).value == dt.datetime.fromisoformat(report["as_of"]), "About: as_of")
    files = [about.cell(r, 2).value for r in range(1, about.max_row + 1) if about.cell(r, 1).value == "file"]
    check(files == [i["name"] for i in report["inputs"]], f"About: files {files}")


def check_zh(en_path: str, zh_path: str) -> None:
    en, zh = openpyxl.load_workbook(en_path), openpyxl.load_workbook(zh_path)
    check(zh.sheetnames[0] == "说明", f"zh first sheet {zh.sheetnames[0]}")
    check(len(en.sheetnames) == len(zh.sheetnames), "zh: as many sheets")
    check("合计" in zh.sheetnames and "RFM·分群" in zh.sheetnames, f"zh sheet names {zh.sheetnames[:10]}")
    check(zh["合计"]["A1"].value == "项目" and zh["合计"]["A4"].value == "销售额", "zh: totals in Chinese")
    for a, b in zip(en.worksheets[1:], zh.worksheets[1:]):
        for ra, rb in zip(a.iter_rows(min_row=2), b.iter_rows(min_row=2)):
            for ca, cb in zip(ra, rb):
                if ca.data_type != "s":
                    check((ca.value, ca.number_format) == (cb.value, cb.number_format), f"zh {b.title}!{cb.coordinate}")
    # a column of Chinese text is about twice as wide as its characters
    ws = zh["文件"]
    head = ws["A1"].value
    check(ws.column_dimensions["A"].width >= 2 * len(head), f"zh: column A width {ws.column_dimensions['A'].width} for {head!r}")


def check_formulas(tmp: str) -> None:
    crm = os.path.join(tmp, "crm.csv")
    names = ["=cmd|' /C calc'!A0", "+8613800000000", "-1", "@SUM(A1)", "小鱼"]
    with open(crm, "w", encoding="utf-8") as f:
        f.write("买家会员名,手机号,会员等级,省份\n")
        for i, n in enumerate(names):
            f.write(f'"{n}",{names[(i + 1) % len(names)]},VIP1,浙江\n')
    out = os.path.join(tmp, "crm.xlsx")
    orders = os.path.join(tmp, "orders.csv")
    with open(orders, "w", encoding="utf-8") as f:
        f.write("订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址\n")
        for i, n in enumerate(names):
            f.write(f'{1000 + i},"{n}",12.50,交易成功,2024-12-0{i + 1} 10:00:00,浙江省 杭州市\n')
    cli("members", "--lifecycle", "new", "--format", "xlsx", "--out", out, orders, crm)
    ws = openpyxl.load_workbook(out).active
    got = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(2, ws.max_row + 1)}
    check(sorted(got) == sorted(names), f"formula test members {sorted(got)}")
    for n, cell in got.items():
        check(cell.data_type == "s" and cell.value == n, f"{n!r} read back as {cell.value!r} ({cell.data_type})")
        if n[:1] in "=+-@":
            check(cell.quotePrefix, f"{n!r} not quote-prefixed")
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            check(b"<f>" not in z.read(name) and b"<f " not in z.read(name), f"a formula in {name}")


def main() -> int:
    if not os.path.exists(CLI):
        subprocess.run(["cargo", "build", "-q", "--locked"], cwd=ROOT, check=True)
    pkg = os.path.join(ROOT, "pkg")
    if not os.path.exists(os.path.join(pkg, "index.node.js")):
        print("xlsx_check: pkg/ is missing; run `make pkg` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        report = json.loads(cli("report", *FILES))
        en, zh = os.path.join(tmp, "cli.xlsx"), os.path.join(tmp, "cli-zh.xlsx")
        cli("report", "--format", "xlsx", "--out", en, *FILES)
        cli("report", "--format", "xlsx", "--lang", "zh-CN", "--out", zh, *FILES)
        members = cli("members", "--audience", "interested_not_converted", "--lang", "zh-CN", "--format", "xlsx", *FILES)
        check_report(en, report)
        check_zh(en, zh)
        node = os.path.join(tmp, "node")
        os.mkdir(node)
        subprocess.run(["node", os.path.join(ROOT, "tests", "reference", "xlsx_node.mjs"), pkg, node, *FILES], check=True)
        for mine, theirs in [(en, "report.xlsx"), (zh, "report-zh.xlsx")]:
            check(open(mine, "rb").read() == open(os.path.join(node, theirs), "rb").read(), f"CLI and Node {theirs} differ")
        check(members == open(os.path.join(node, "members-zh.xlsx"), "rb").read(), "CLI and Node member lists differ")
        ws = openpyxl.load_workbook(os.path.join(node, "members-zh.xlsx")).active
        check(ws.title == "名单" and ws["A1"].value == "客户" and ws.freeze_panes == "A2", "members sheet")
        check(ws["C1"].value == "销售额" and ws["C2"].number_format == "#,##0.00", "members: revenue is money")
        check_formulas(tmp)
        sheets = len(openpyxl.load_workbook(en).sheetnames)
    for f in FAILURES[:40]:
        print("FAIL", f)
    if FAILURES:
        print(f"xlsx_check: {len(FAILURES)} failures", file=sys.stderr)
        return 1
    print(f"xlsx_check: {sheets} sheets equal to the JSON report; CLI = Node byte for byte; formulas stay text")
    return 0


if __name__ == "__main__":
    sys.exit(main())

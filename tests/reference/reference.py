#!/usr/bin/env python3
"""Independent reference implementation of the customer-insights report.

    python3 tests/reference/reference.py FILE... [--as-of YYYY-MM-DD] [--config CONFIG.json]

prints a JSON report with the keys of `spec/api.md` for the sections the test suite checks:
as_of, inputs (rows_total / rows_used / rows_skipped), totals, headline, lifecycle, rfm,
distributions, conversion, tags, calls and service.

It reads the raw export files itself (encoding sniffing, CSV/TSV, Excel text wrappers, money,
dates, provinces) with pandas, and computes every statistic with scipy / statsmodels / numpy,
following `spec/metrics.md` and, where that page is silent, the decisions written down in the
project README ("How every number is computed"). It shares no code with the Rust crate: it is
the second opinion the report is compared against (tests/reference/compare.py).

Scope: the export kinds and layouts that `shared/datagen/gen_exports.py` writes (Taobao order
report as CSV in GBK / UTF-8 / UTF-8 with BOM or as Excel's UTF-16 "Unicode text", Shopify orders
export, CRM customer list, interest events, outbound calls, after-sales tickets), at every
`--messy` level. XLSX / JSON containers and other platforms are out of scope here.
"""
from __future__ import annotations

import argparse
import gc
import csv
import io
import json
import math
import os
import re
import sys
import warnings
from collections import Counter, OrderedDict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

warnings.simplefilter("ignore")

UNKNOWN = "未知"

# ------------------------------------------------------------------------------------------------
# Provinces: built from the generator's PROVINCES list (full name, short name, pinyin, Shopify
# code), plus the three divisions the generator does not use. Canonical = the official name of
# the division (municipalities with 市).
# ------------------------------------------------------------------------------------------------
_GEN_PROVINCES = [
    ("广东省", "广东", "Guangdong", "GD"), ("浙江省", "浙江", "Zhejiang", "ZJ"),
    ("江苏省", "江苏", "Jiangsu", "JS"), ("上海", "上海", "Shanghai", "SH"),
    ("北京", "北京", "Beijing", "BJ"), ("山东省", "山东", "Shandong", "SD"),
    ("福建省", "福建", "Fujian", "FJ"), ("四川省", "四川", "Sichuan", "SC"),
    ("河南省", "河南", "Henan", "HA"), ("湖北省", "湖北", "Hubei", "HB"),
    ("湖南省", "湖南", "Hunan", "HN"), ("河北省", "河北", "Hebei", "HE"),
    ("安徽省", "安徽", "Anhui", "AH"), ("辽宁省", "辽宁", "Liaoning", "LN"),
    ("陕西省", "陕西", "Shaanxi", "SN"), ("重庆", "重庆", "Chongqing", "CQ"),
    ("天津", "天津", "Tianjin", "TJ"), ("江西省", "江西", "Jiangxi", "JX"),
    ("广西壮族自治区", "广西", "Guangxi", "GX"), ("云南省", "云南", "Yunnan", "YN"),
    ("山西省", "山西", "Shanxi", "SX"), ("黑龙江省", "黑龙江", "Heilongjiang", "HL"),
    ("吉林省", "吉林", "Jilin", "JL"), ("贵州省", "贵州", "Guizhou", "GZ"),
    ("内蒙古自治区", "内蒙古", "Inner Mongolia", "NM"), ("新疆维吾尔自治区", "新疆", "Xinjiang", "XJ"),
    ("甘肃省", "甘肃", "Gansu", "GS"), ("海南省", "海南", "Hainan", "HI"),
    ("宁夏回族自治区", "宁夏", "Ningxia", "NX"), ("青海省", "青海", "Qinghai", "QH"),
    ("西藏自治区", "西藏", "Tibet", "XZ"),
    # not in the generator
    ("台湾省", "台湾", "Taiwan", "TW"), ("香港特别行政区", "香港", "Hong Kong", "HK"),
    ("澳门特别行政区", "澳门", "Macau", "MO"),
]


def _canonical(full: str) -> str:
    return full if full.endswith(("省", "市", "区")) else full + "市"


PROVINCE_ALIASES: dict[str, str] = {}      # any spelling (ASCII lower-cased) -> canonical
ADDRESS_NAMES: list[tuple[str, str]] = []  # (name as it may appear in an address, canonical)
for _full, _short, _py, _code in _GEN_PROVINCES:
    _canon = _canonical(_full)
    for _alias in {_full, _short, _canon}:
        PROVINCE_ALIASES[_alias] = _canon
        ADDRESS_NAMES.append((_alias, _canon))
    PROVINCE_ALIASES[_py.lower()] = _canon
    PROVINCE_ALIASES[_py.lower().replace(" ", "")] = _canon
    PROVINCE_ALIASES[_code.lower()] = _canon
    ADDRESS_NAMES.append((_py.lower(), _canon))
PROVINCE_ALIASES.update({"xizang": "西藏自治区", "nei mongol": "内蒙古自治区", "macao": "澳门特别行政区"})


# Interest actions (metrics.md Part 2): the 行为 spellings, deepest first.
ACTION_ORDER = ["cart", "favorite_item", "favorite_shop", "other"]
ACTIONS = {"加购": "cart", "加入购物车": "cart", "addtocart": "cart", "cart": "cart",
           "收藏宝贝": "favorite_item", "收藏商品": "favorite_item", "favoriteitem": "favorite_item",
           "收藏店铺": "favorite_shop", "关注店铺": "favorite_shop", "followshop": "favorite_shop"}


def normalize_province(s: str):
    t = clean_cell(s)
    if not t:
        return None
    if t.startswith("中国"):
        t = t[2:].strip()
    return PROVINCE_ALIASES.get(t.lower() if t.isascii() else t)


def _address_regex():
    parts = []
    for name, _ in sorted(ADDRESS_NAMES, key=lambda x: -len(x[0])):
        if not name.isascii() and not name.endswith(("省", "市", "区")):
            # a short Chinese name followed by 路/街/道/巷 is a street (湖南路), not the province
            parts.append(re.escape(name) + "(?![路街道巷])")
        else:
            parts.append(re.escape(name))
    return re.compile("|".join(parts), re.IGNORECASE)


_ADDRESS_RE = None
_ADDRESS_CANON = {name: canon for name, canon in ADDRESS_NAMES}


def province_in_address(addr: str):
    """The province named first in an address (any spelling; at one position the longest name)."""
    global _ADDRESS_RE
    a = clean_cell(addr)
    if not a:
        return None
    if _ADDRESS_RE is None:
        _ADDRESS_RE = _address_regex()
    m = _ADDRESS_RE.search(a)
    if not m:
        return None
    t = m.group(0)
    return _ADDRESS_CANON.get(t) or _ADDRESS_CANON.get(t.lower())


# ------------------------------------------------------------------------------------------------
# Cells
# ------------------------------------------------------------------------------------------------
_WS = " \t\r\n\u3000\u00a0\ufeff\u200b"
MISSING = {"", "-", "--", "—", "——", "null", "none", "n/a", "na", "无", "暂无", "/", "nan"}


def clean_cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    s = str(v).strip(_WS)
    if len(s) >= 3 and s.startswith('="') and s.endswith('"'):
        s = s[2:-1].strip(_WS)
    if s.startswith("'"):
        s = s[1:].strip(_WS)
    return s


def is_missing(s: str) -> bool:
    return s.lower() in MISSING


def present(s: str) -> bool:
    return not is_missing(s)


def unmasked(s: str) -> bool:
    return present(s) and "*" not in s


_MONEY_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_money_cents(s: str):
    """`¥1,234.50`, `12.00元`, `$12`, `(12.00)` -> cents (half away from zero); None if not money."""
    t = clean_cell(s)
    if is_missing(t):
        return None
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1].strip(_WS)
    for sym in ("RMB", "CNY", "¥", "￥", "$", "元"):
        t = t.replace(sym, "")
    t = t.replace(",", "").replace("，", "").strip(_WS)
    if not _MONEY_RE.match(t):
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    cents = int((d * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -cents if neg else cents


def parse_count(s: str):
    t = clean_cell(s)
    for unit in ("件", "个", "次", "单", "笔", "份", "人", "秒"):
        if t.endswith(unit):
            t = t[: -len(unit)].strip(_WS)
            break
    t = t.replace(",", "")
    if re.fullmatch(r"\+?\d+(\.0*)?", t):
        return int(t.lstrip("+").split(".")[0])
    return None


_OFFSET_RE = re.compile(r"\s*(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)$")
DT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
              "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日",
              "%Y年%m月%d日 %H:%M:%S", "%Y%m%d", "%Y.%m.%d"]


def parse_datetimes(values, lo_year=1970, hi_year=2100) -> list:
    """Wall-clock timestamps as written (an offset is dropped, not applied); NaT if not a date."""
    s = pd.Series([clean_cell(v) for v in values], dtype=object)
    s = s.str.replace(_OFFSET_RE, "", regex=True).str.replace(r"(:\d{2})\.\d+$", r"\1", regex=True)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for fmt in DT_FORMATS:
        todo = out.isna() & (s != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(s[todo], format=fmt, errors="coerce")
    bad = out.notna() & ((out.dt.year < lo_year) | (out.dt.year > hi_year))
    out[bad] = pd.NaT
    return [None if pd.isna(t) else t.to_pydatetime() for t in out]


def parse_bool(s: str):
    t = clean_cell(s).lower()
    if t in ("是", "接通", "已接通", "接听", "已接听", "成交", "已成交", "成功", "y", "yes", "true", "t", "1"):
        return True
    if t in ("否", "未接通", "未接听", "未成交", "失败", "n", "no", "false", "f", "0"):
        return False
    return None


def parse_gender(s: str) -> str:
    t = clean_cell(s).lower()
    if t in ("女", "女士", "女性", "女生", "小姐", "f", "female", "woman", "w"):
        return "女"
    if t in ("男", "男士", "男性", "男生", "先生", "m", "male", "man"):
        return "男"
    return UNKNOWN


def parse_age(s: str):
    t = clean_cell(s)
    t = re.sub(r"(周岁|岁)$", "", t)
    if re.fullmatch(r"\d+(\.0*)?", t):
        a = int(t.split(".")[0])
        if 1 <= a <= 119:
            return a
    return None


def parse_member_level(s: str):
    """VIPn / Vn -> n, 普通会员 (ordinary) -> 0, else None (README: `VIPn`, `Vn`; 普通会员 = 0)."""
    t = clean_cell(s)
    if is_missing(t):
        return None
    m = re.search(r"(?:VIP|V)(\d+)", t.upper())
    if m:
        return int(m.group(1))
    if "普通" in t or "非会员" in t:
        return 0
    return None


def age_at(birth: date, at: date):
    if birth > at:
        return None
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


# ------------------------------------------------------------------------------------------------
# Reading a file
# ------------------------------------------------------------------------------------------------

def detect_encoding(raw: bytes) -> tuple[str, int]:
    """(python codec, bytes of BOM to skip)"""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if raw.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if raw.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    head = raw[:4096]
    if len(head) >= 4:
        odd_nul = head[1::2].count(0) / max(1, len(head[1::2]))
        even_nul = head[0::2].count(0) / max(1, len(head[0::2]))
        if odd_nul > 0.3 and even_nul < 0.05:
            return "utf-16-le", 0
        if even_nul > 0.3 and odd_nul < 0.05:
            return "utf-16-be", 0
    sample = raw[:65536]
    try:
        sample.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and len(raw) > 65536:
            return "utf-8", 0
    return "gb18030", 0


def sniff_delimiter(first_line: str) -> str:
    counts = {d: 0 for d in (",", "\t", ";", "|")}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    if best == 0:
        return ","
    return next(d for d in (",", "\t", ";", "|") if counts[d] == best)


def norm_header(h: str) -> str:
    t = clean_cell(h)
    t = t.translate(str.maketrans({"（": "(", "）": ")", "：": ":", "＃": "#"}))
    t = re.sub(r"\s+", "", t)
    return "".join(c.lower() if c.isascii() else c for c in t)


# Layouts: kind, platform, required normalized headers, role -> candidate headers (first found)
LAYOUTS = [
    ("orders", "taobao", {"订单编号", "买家会员名", "买家实际支付金额", "订单状态"}, {
        "order_id": ["订单编号"], "customer": ["买家会员名"], "payer": ["买家支付宝账号"],
        "amount": ["买家实际支付金额"], "refund": ["退款金额"], "status": ["订单状态"],
        "created": ["订单创建时间"], "items": ["宝贝总数量"], "address": ["收货地址"],
        "receiver": ["收货人姓名"], "phone": ["联系手机"],
    }),
    ("orders", "shopify", {"name", "financialstatus", "createdat", "total", "lineitemquantity"}, {
        "order_id": ["name"], "email": ["email"], "phone": ["phone"], "amount": ["total"],
        "refund": ["refundedamount"], "status": ["financialstatus"], "created": ["createdat"],
        "items": ["lineitemquantity"], "cancelled": ["cancelledat"],
        "province": ["shippingprovincename", "shippingprovince", "billingprovincename", "billingprovince"],
        "country": ["shippingcountry", "billingcountry"], "address": ["shippingaddress1"],
        "receiver": ["shippingname"],
    }),
    ("customers", "taobao", {"买家会员名", "会员等级"}, {
        "customer": ["买家会员名"], "email": ["邮箱"], "gender": ["性别"], "age": ["年龄"],
        "birthday": ["生日"], "province": ["省份"], "member_level": ["会员等级"], "source": ["来源"],
        "tags": ["标签"], "phone": ["手机号", "手机", "联系电话", "电话", "phone", "mobile"],
    }),
    ("interest", "taobao", {"买家会员名", "行为", "时间"}, {
        "customer": ["买家会员名"], "time": ["时间"], "action": ["行为"], "province": ["省份"],
    }),
    ("calls", "generic", {"坐席", "呼叫时间"}, {
        "agent": ["坐席"], "task": ["外呼任务"], "customer": ["客户"], "phone": ["客户手机", "手机号", "手机", "电话"],
        "time": ["呼叫时间"],
        "duration": ["通话时长(秒)"], "connected": ["是否接通"], "ordered": ["是否成交"],
    }),
    ("tickets", "taobao", {"工单号", "创建时间", "状态"}, {
        "ticket_id": ["工单号"], "customer": ["买家会员名"], "order_ref": ["订单编号"], "ticket_type": ["类型"],
        "channel": ["渠道"],
        "created": ["创建时间"], "first_response": ["首次响应时间"], "resolved": ["解决时间"],
        "status": ["状态"], "satisfaction": ["满意度"],
    }),
]

VALID_STATUS = {"交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货", "卖家已发货,等待买家确认",
                "买家已付款,等待卖家发货", "paid", "partially_paid", "partially_refunded", "authorized"}
INVALID_STATUS = {"交易关闭", "等待买家付款", "pending", "refunded", "voided", "expired"}


def match_layout(cells):
    hdr = [norm_header(c) for c in cells]
    hs = set(hdr)
    for kind, platform, required, roles in LAYOUTS:
        if required <= hs:
            cols = {}
            for role, cands in roles.items():
                for c in cands:
                    if c in hs:
                        cols[role] = hdr.index(c)
                        break
            return kind, platform, cols, hdr
    return None


class Input:
    """One file: its layout, its data rows (cleaned, as a DataFrame) and its row accounting."""

    def __init__(self, path: str):
        self.path = path
        self.name = os.path.basename(path)
        self.kind = None
        self.platform = None
        self.rows_total = 0
        self.rows_used = 0
        self.skipped: dict[str, int] = {}
        self.error = None
        self._read()

    def skip(self, reason: str, n: int = 1):
        if n:
            self.skipped[reason] = self.skipped.get(reason, 0) + n

    def _read(self):
        raw = open(self.path, "rb").read()
        enc, bom = detect_encoding(raw)
        text = raw[bom:].decode(enc, errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        # the last line without a line end is kept apart: it may be a truncated row
        terminated = text.endswith("\n") or text.endswith("\r")
        if terminated:
            body, tail = text, ""
        else:
            cut = max(text.rfind("\n"), text.rfind("\r"))
            body, tail = text[: cut + 1], text[cut + 1:]
        first_line = text.split("\n", 1)[0]
        sep = sniff_delimiter(first_line)
        # field counts of every non-empty record (pandas pads short rows, so count them apart)
        counts = [len(r) for r in csv.reader(io.StringIO(body, newline=""), delimiter=sep) if r]
        width = max(counts + [1])
        if counts:
            df = pd.read_csv(io.StringIO(body), sep=sep, header=None, names=list(range(width)), dtype=str,
                             keep_default_na=False, na_filter=False, skip_blank_lines=True, quotechar='"',
                             engine="c")
            records = df.values.tolist()
        else:
            records = []
        if len(records) != len(counts):
            raise RuntimeError(f"{self.name}: pandas read {len(records)} records, csv module {len(counts)}")
        records = [r[:n] for r, n in zip(records, counts)]
        term = [True] * len(records)
        if tail:
            last = next(csv.reader(io.StringIO(tail, newline=""), delimiter=sep), [])
            if last:
                records.append(last)
                term.append(False)
        # header: the first record (of the first 11 non-blank ones) that matches a layout
        idx = 0
        seen = 0
        layout = None
        while idx < len(records) and seen < 11:
            r = records[idx]
            if all(clean_cell(c) == "" for c in r) and seen == 0:
                idx += 1
                continue
            layout = match_layout(r)
            if layout:
                break
            seen += 1
            idx += 1
        if not layout:
            self.error = "no recognisable header"
            return
        self.kind, self.platform, self.cols, self.header = layout
        preamble = seen
        self.rows_total += preamble
        self.skip("preamble", preamble)
        data = records[idx + 1:]
        dterm = term[idx + 1:]
        needed = max(self.cols.values()) + 1
        hdr_norm = self.header
        good = []
        h0 = clean_cell(records[idx][0])
        for r, t in zip(data, dterm):
            self.rows_total += 1
            if not any(clean_cell(c) for c in r):
                self.skip("blank")
                continue
            if clean_cell(r[0]) == h0 and [norm_header(c) for c in r] == hdr_norm:
                self.skip("repeated_header")
                continue
            if len(r) < needed:
                self.skip("field_count" if t else "truncated")
                continue
            if not t and len(r) < len(hdr_norm):
                self.skip("truncated")
                continue
            good.append(list(r))
        self.raw = good
        # cleaned cells, one column per role
        self.df = pd.DataFrame({role: [r[i] if i < len(r) else "" for r in good] for role, i in self.cols.items()},
                               index=range(len(good)), dtype=object)
        for role in self.df.columns:
            self.df[role] = self.df[role].map(clean_cell)
        self.c = {role: self.df[role].tolist() for role in self.df.columns}
        self.header_cells = [clean_cell(h) for h in records[idx]]
        getattr(self, "_rows_" + self.kind)()

    def col(self, role):
        """The cleaned cells of a role, as a list ("" when the file lacks the column)."""
        if role not in self.c:
            self.c[role] = [""] * len(self.raw)
        return self.c[role]

    # --- per kind -----------------------------------------------------------------------------

    def _key(self, i, plan):
        """The customer key of row i by the fallback plan: list of (space, role or roles)."""
        for space, roles in plan:
            if space == "receiver":
                parts = [self.col(r)[i] for r in roles]
                if all(not present(p) for p in parts):
                    continue
                return "receiver:" + "|".join(p if present(p) else "" for p in parts)
            v = self.col(roles)[i]
            if not unmasked(v):
                continue
            if space == "email":
                v = v.lower()
            return f"{space}:{v}"
        return None

    def _rows_orders(self):
        df = self.df
        created = parse_datetimes(self.col("created"))
        shopify = self.platform == "shopify"
        if shopify:
            plan = [("email", "email"), ("phone", "phone"), ("receiver", ("receiver", "phone", "address"))]
        else:
            plan = [("nick", "customer"), ("email", "email"), ("payer", "payer"),
                    ("receiver", ("receiver", "phone", "address"))]
        orders = OrderedDict()      # order id -> dict
        first_raw = {}
        for i in range(len(df)):
            oid = self.col("order_id")[i]
            if not present(oid):
                self.skip("missing_order_id")
                continue
            items = parse_count(self.col("items")[i]) if "items" in self.cols else 1
            items = items or 0
            if oid in first_raw:
                if not shopify or self.raw[i] == first_raw[oid]:
                    self.skip("duplicate")
                    continue
                if oid in orders:
                    orders[oid]["items"] += items
                self.rows_used += 1
                continue
            first_raw[oid] = self.raw[i]
            if created[i] is None:
                self.skip("bad_date")
                continue
            paid = parse_money_cents(self.col("amount")[i])
            if paid is None:
                self.skip("bad_amount")
                continue
            rraw = self.col("refund")[i]
            refund = parse_money_cents(rraw)
            if refund is None:
                if any(ch.isdigit() for ch in rraw):
                    self.skip("bad_amount")
                    continue
                refund = 0
            st = self.col("status")[i]
            key_st = st.lower() if st.isascii() else st
            status_ok = key_st in VALID_STATUS
            cancelled = present(self.col("cancelled")[i])
            full_refund = refund > 0 and refund >= paid
            valid = status_ok and not cancelled and not full_refund
            # region: the province column (with a foreign country: country/state), else address
            region = None
            country = self.col("country")[i]
            china = not present(country) or country.lower() in ("cn", "china", "中国", "中国大陆", "chn", "prc")
            prov = self.col("province")[i]
            if not china:
                region = f"{country}/{prov}" if present(prov) else country
            else:
                region = normalize_province(prov) or province_in_address(self.col("address")[i])
            orders[oid] = {
                "id": oid, "customer": self._key(i, plan), "created": created[i],
                "paid": paid, "refund": refund, "items": items, "valid": valid, "region": region or UNKNOWN,
            }
            self.rows_used += 1
        self.orders = list(orders.values())

    def _rows_customers(self):
        plan = [("nick", "customer"), ("email", "email")]
        births = parse_datetimes(self.col("birthday"), lo_year=1900)
        seen = set()
        self.profiles = []
        for i in range(len(self.df)):
            key = self._key(i, plan)
            if key is None:
                self.skip("missing_customer")
                continue
            if key in seen:
                self.skip("duplicate")
                continue
            seen.add(key)
            b = births[i]
            tags = [t.strip() for t in re.split(r"[;,，、|；]", self.col("tags")[i]) if t.strip()]
            src = self.col("source")[i]
            self.profiles.append({
                "customer": key,
                "gender": parse_gender(self.col("gender")[i]),
                "age": parse_age(self.col("age")[i]),
                "birth": None if b is None else b.date(),
                "region": normalize_province(self.col("province")[i]),
                "member_level": parse_member_level(self.col("member_level")[i]),
                "source": src if present(src) else None,
                "tags": set(tags),
                "raw": self.raw[i], "header": self.header_cells,
                "phone": self.col("phone")[i] if "phone" in self.cols else "",
            })
            self.rows_used += 1

    def _rows_interest(self):
        plan = [("nick", "customer"), ("email", "email")]
        times = parse_datetimes(self.col("time"))
        self.events = []
        for i in range(len(self.df)):
            t = times[i]
            if t is None:
                self.skip("bad_date")
                continue
            key = self._key(i, plan)
            if key is None:
                self.skip("missing_customer")
                continue
            act = ACTIONS.get(clean_cell(self.col("action")[i]).replace(" ", "").lower(), "other")
            prov = normalize_province(self.col("province")[i])
            self.events.append((key, t, act, prov))
            self.rows_used += 1

    def _rows_calls(self):
        times = parse_datetimes(self.col("time"))
        self.calls = []
        for i in range(len(self.df)):
            t = times[i]
            if t is None:
                self.skip("bad_date")
                continue
            draw = self.col("duration")[i]
            dur = parse_count(draw)
            if dur is None:
                if present(draw):
                    self.skip("bad_value")
                    continue
                dur = 0
            craw = self.col("connected")[i]
            conn = parse_bool(craw)
            if conn is None:
                if present(craw):
                    self.skip("bad_value")
                    continue
                conn = dur > 0
            oraw = self.col("ordered")[i]
            ordered = parse_bool(oraw)
            if ordered is None:
                if present(oraw):
                    self.skip("bad_value")
                    continue
                ordered = False
            agent = self.col("agent")[i]
            task = self.col("task")[i]
            self.calls.append({"time": t, "agent": agent if present(agent) else UNKNOWN,
                               "task": task if present(task) else UNKNOWN, "duration": dur,
                               "connected": conn, "ordered": ordered,
                               "key": self._key(i, [("nick", "customer"), ("phone", "phone")]),
                               "phone": self.col("phone")[i]})
            self.rows_used += 1

    def _rows_tickets(self):
        created = parse_datetimes(self.col("created"))
        first = parse_datetimes(self.col("first_response"))
        solved = parse_datetimes(self.col("resolved"))
        seen = set()
        self.tickets = []
        for i in range(len(self.df)):
            tid = self.col("ticket_id")[i]
            if present(tid):
                if tid in seen:
                    self.skip("duplicate")
                    continue
                seen.add(tid)
            if created[i] is None:
                self.skip("bad_date")
                continue
            bad = False
            for role, ser in (("first_response", first), ("resolved", solved)):
                if present(self.col(role)[i]) and ser[i] is None:
                    bad = True
            if bad:
                self.skip("bad_date")
                continue
            sat = parse_count(self.col("satisfaction")[i])
            ty = self.col("ticket_type")[i]
            ch = self.col("channel")[i]
            status = self.col("status")[i].lower()
            buyer = self.col("customer")[i]
            oref = self.col("order_ref")[i]
            self.tickets.append({
                "created": created[i],
                "first": None if first[i] is None else first[i],
                "resolved": None if solved[i] is None else solved[i],
                "is_resolved": status in ("已解决", "已关闭", "resolved", "closed"),
                "satisfaction": sat if sat is not None and 1 <= sat <= 5 else None,
                "type": ty if present(ty) else UNKNOWN,
                "channel": ch if present(ch) else UNKNOWN,
                "buyer": f"nick:{buyer}" if unmasked(buyer) else None,
                "order": oref if present(oref) else None,
            })
            self.rows_used += 1

    def summary(self):
        return {"name": self.name, "kind": self.kind, "rows_total": self.rows_total, "rows_used": self.rows_used,
                "rows_skipped": {k: v for k, v in sorted(self.skipped.items()) if v}}


# ------------------------------------------------------------------------------------------------
# Statistics
# ------------------------------------------------------------------------------------------------

def fnum(v):
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


def wilson(x, n):
    if n == 0:
        return None, None
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    return fnum(lo), fnum(hi)


def two_prop(x1, n1, x2, n2):
    """z test of group vs rest, pooled variance; None when undefined."""
    if n1 == 0 or n2 == 0:
        return None, None
    p = (x1 + x2) / (n1 + n2)
    if p <= 0 or p >= 1:
        return None, None
    z, pv = proportions_ztest([x1, x2], [n1, n2])
    return fnum(z), fnum(pv)


def chi_square(rows):
    kept = [r for r in rows if sum(r) > 0]
    if len(kept) < 2:
        return None
    t = np.array(kept, dtype=np.int64)
    if (t.sum(axis=0) == 0).any():
        return None
    res = chi2_contingency(t, correction=False)
    v = association(t, method="cramer", correction=False)
    return {"statistic": fnum(res.statistic), "dof": int(res.dof), "p_value": fnum(res.pvalue),
            "cramers_v": fnum(v)}


def compare_groups(groups):
    """groups: list of (key, n, x) -> group rows (without key names) and chi-square."""
    nt = sum(g[1] for g in groups)
    xt = sum(g[2] for g in groups)
    tests = [two_prop(x, n, xt - x, nt - n) for _, n, x in groups]
    ps = [t[1] for t in tests if t[1] is not None]
    adj = list(multipletests(ps, method="holm")[1]) if ps else []
    it = iter(adj)
    out = []
    for (key, n, x), (z, p) in zip(groups, tests):
        lo, hi = wilson(x, n)
        out.append({"key": key, "n": n, "x": x, "rate": x / n if n else 0.0, "ci_low": lo, "ci_high": hi,
                    "z": z, "p_value": p, "p_adjusted": None if p is None else fnum(next(it)),
                    "small_sample": n < 30})
    chi = chi_square([[x, n - x] for _, n, x in groups])
    return out, chi


# ------------------------------------------------------------------------------------------------
# The report
# ------------------------------------------------------------------------------------------------
SEGMENTS = [
    ("Champions", "555 554 544 545 454 455 445"),
    ("Loyal Customers", "543 444 435 355 354 345 344 335"),
    ("Potential Loyalist", "553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 353 352 351 342 "
                           "341 333 323"),
    ("New Customers", "512 511 422 421 412 411 311"),
    ("Promising", "525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313"),
    ("Need Attention", "535 534 443 434 343 334 325 324"),
    ("About To Sleep", "331 321 312 221 213"),
    ("At Risk", "255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 125 124"),
    ("Can't Lose Them", "155 154 144 214 215 115 114 113"),
    ("Hibernating", "332 322 231 241 251 233 232 223 222 132 123 122 212 211"),
    ("Lost", "111 112 121 131 141 151"),
]
CODE_SEGMENT = {tuple(int(ch) for ch in code): name for name, codes in SEGMENTS for code in codes.split()}
assert len(CODE_SEGMENT) == 125
STAGES = ["new", "active", "sleeping", "lost"]
AGE_BANDS = ["<18", "18-24", "25-29", "30-34", "35-39", "40-49", "50+", "unknown"]
GENDERS = ["女", "男", UNKNOWN]


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    c = abs(int(cents))
    return f"{sign}{c // 100}.{c % 100:02d}"


def share(a, b):
    return a / b if b else 0.0


def age_band(a):
    if a is None:
        return "unknown"
    for hi, band in ((17, "<18"), (24, "18-24"), (29, "25-29"), (34, "30-34"), (39, "35-39"), (49, "40-49")):
        if a <= hi:
            return band
    return "50+"


def unknown_last(keys):
    return sorted(keys, key=lambda k: (k == UNKNOWN, k))


def within(as_of: date, d: date, n: int) -> bool:
    return 0 <= (as_of - d).days < n


def report(paths, as_of_arg=None, config=None):
    config = config or {}
    inputs = [Input(p) for p in paths]
    gc.freeze()  # statsmodels' multipletests calls gc.collect() each time: keep that cheap
    ok = [f for f in inputs if f.kind]
    has = lambda kind: any(f.kind == kind for f in ok)  # noqa: E731
    # ---- as_of
    as_of_s = as_of_arg or config.get("as_of")
    if as_of_s:
        as_of = date.fromisoformat(as_of_s)
    else:
        dates = [o["created"].date() for f in ok if f.kind == "orders" for o in f.orders]
        if not dates:
            dates = [e[1].date() for f in ok if f.kind == "interest" for e in f.events]
            dates += [c["time"].date() for f in ok if f.kind == "calls" for c in f.calls]
            dates += [t["created"].date() for f in ok if f.kind == "tickets" for t in f.tickets]
        as_of = max(dates) if dates else None
    lc = config.get("lifecycle") or {}
    win = config.get("windows") or {}
    new_days, active_days, sleeping_days = lc.get("new_days", 30), lc.get("active_days", 180), lc.get("sleeping_days", 365)
    interest_days, transacted_days = win.get("interest_days", 30), win.get("transacted_days", 365)
    conversion_days = win.get("conversion_days", 30)

    rep = OrderedDict()
    rep["as_of"] = as_of.isoformat() if as_of else None
    rep["inputs"] = [f.summary() for f in inputs]
    if as_of is None:
        return rep

    # ---- orders: first file wins across files, rows after as_of left out
    seen_ids = set()
    orders = []
    for f in ok:
        if f.kind != "orders":
            continue
        for o in f.orders:
            if o["id"] in seen_ids:
                continue
            seen_ids.add(o["id"])
            if o["created"].date() <= as_of:
                orders.append(o)
    has_orders = has("orders")
    odf = pd.DataFrame(orders, columns=["id", "customer", "created", "paid", "refund", "items", "valid", "region"])
    odf["revenue"] = np.where(odf["valid"].astype(bool), (odf["paid"] - odf["refund"]).clip(lower=0), 0).astype(np.int64) \
        if len(odf) else pd.Series(dtype=np.int64)
    odf["day"] = [t.toordinal() for t in odf["created"]]
    valid = odf[odf["valid"].astype(bool)] if len(odf) else odf
    # ---- customers (valid orders with a key)
    vk = valid[valid["customer"].notna()].copy() if len(valid) else valid
    cust = {}
    if len(vk):
        vk["oidkey"] = vk["id"].map(lambda s: (0, int(s), "") if s.isdigit() else (1, 0, s))
        vk = vk.sort_values(["created", "oidkey"], kind="stable")
        g = vk.groupby("customer", sort=True)
        agg = pd.DataFrame({
            "orders": g.size(), "revenue": g["revenue"].sum(), "items": g["items"].sum(),
            "first": g["day"].min(), "last": g["day"].max(), "region": g["region"].last(),
        })
        for k, r in agg.iterrows():
            cust[k] = {"orders": int(r["orders"]), "revenue": int(r["revenue"]), "items": int(r["items"]),
                       "first": date.fromordinal(int(r["first"])), "last": date.fromordinal(int(r["last"])),
                       "recency": as_of.toordinal() - int(r["last"]),
                       "order_region": r["region"]}
    keys = sorted(cust)
    # ---- profiles: first row wins across files
    profiles = {}
    for f in ok:
        if f.kind == "customers":
            for p in f.profiles:
                profiles.setdefault(p["customer"], p)

    # the province of each buyer's latest interest event (on or before as_of) that has one; of
    # two at the same time the later row (files in order)
    event_province = {}
    for e in [e for f in ok if f.kind == "interest" for e in f.events if e[1].date() <= as_of]:
        if e[3] and (e[0] not in event_province or e[1] >= event_province[e[0]][0]):
            event_province[e[0]] = (e[1], e[3])

    def region_of(k):
        p = profiles.get(k)
        if p and p["region"]:
            return p["region"]
        if k in cust and cust[k]["order_region"] not in (None, "", UNKNOWN):
            return cust[k]["order_region"]
        if k in event_province:
            return event_province[k][1]
        return UNKNOWN

    def age_of(k):
        p = profiles.get(k)
        if not p:
            return None
        if p["age"] is not None:
            return p["age"]
        if p["birth"] is not None:
            return age_at(p["birth"], as_of)
        return None

    def gender_of(k):
        p = profiles.get(k)
        return p["gender"] if p else UNKNOWN

    def source_of(k):
        p = profiles.get(k)
        return p["source"] if p and p["source"] else UNKNOWN

    def column_of(k, col):
        p = profiles.get(k)
        v = ""
        if p and col in p["header"]:
            i = p["header"].index(col)
            v = clean_cell(p["raw"][i]) if i < len(p["raw"]) else ""
        return v if v else UNKNOWN

    def stage_of(c):
        if within(as_of, c["first"], new_days):
            return "new"
        if c["recency"] < active_days:
            return "active"
        if c["recency"] < sleeping_days:
            return "sleeping"
        return "lost"

    if has_orders:
        rep["totals"] = {"orders": len(odf), "valid_orders": len(valid),
                         "revenue": money(int(valid["revenue"].sum()) if len(valid) else 0), "customers": len(keys)}
    else:
        rep["totals"] = None

    # ---- headline
    events = [e for f in ok if f.kind == "interest" for e in f.events if e[1].date() <= as_of]
    head = None
    if has("interest") or has_orders or has("customers"):
        head = {"interested_30d": None, "interested_new_1d": None, "transacted_365d": None, "members": None}
        if has("interest"):
            edf = pd.DataFrame([(e[0], e[1]) for e in events], columns=["customer", "time"])
            edf["day"] = [as_of.toordinal() - t.toordinal() for t in edf["time"]]   # days before as_of
            first = edf.groupby("customer")["day"].max()                            # earliest event
            recent = set(edf.loc[(edf["day"] >= 0) & (edf["day"] < interest_days), "customer"])
            head["interested_30d"] = len(recent)
            head["interested_new_1d"] = sum(1 for k in recent if first[k] == 0)
        if has_orders:
            head["transacted_365d"] = sum(1 for k in keys if within(as_of, cust[k]["last"], transacted_days))
        if has("customers"):
            head["members"] = sum(1 for p in profiles.values() if (p["member_level"] or 0) >= 1)
    rep["headline"] = head

    # ---- lifecycle
    stage = {k: stage_of(cust[k]) for k in keys}
    total_rev = sum(cust[k]["revenue"] for k in keys)
    if has_orders:
        rows = []
        for st in STAGES:
            ks = [k for k in keys if stage[k] == st]
            rev = sum(cust[k]["revenue"] for k in ks)
            rows.append({"stage": st, "customers": len(ks), "revenue": money(rev),
                         "customer_share": share(len(ks), len(keys)), "revenue_share": share(max(rev, 0), max(total_rev, 0))})
        rep["lifecycle"] = rows
    else:
        rep["lifecycle"] = None

    # ---- rfm
    rcfg = config.get("rfm") or {}
    method = rcfg.get("method", "quantile")
    n = len(keys)
    rec = np.array([cust[k]["recency"] for k in keys], dtype=np.int64)
    frq = np.array([cust[k]["orders"] for k in keys], dtype=np.int64)
    mon = np.array([cust[k]["revenue"] for k in keys], dtype=np.int64)
    if method == "quantile":
        def qs(v, larger_is_better=True):
            s = np.sort(v)
            below = np.searchsorted(s, v, side="left") if larger_is_better else n - np.searchsorted(s, v, side="right")
            return np.minimum(1 + (5 * below) // max(n, 1), 5)
        R, F, M = qs(rec, larger_is_better=False), qs(frq), qs(mon)
    else:
        cuts = rcfg["cuts"]
        cr, cf, cm = (np.array(cuts[d], dtype=float) for d in ("r", "f", "m"))
        R = np.array([5 - min(4, int((cr <= x).sum())) for x in rec])
        F = np.array([1 + int((cf <= x).sum()) for x in frq])
        cm_cents = [int((Decimal(str(c)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for c in cuts["m"]]
        M = np.array([1 + sum(1 for c in cm_cents if c <= x) for x in mon])
    rules = rcfg.get("segments")
    if rules:
        seg_names = [r["name"] for r in rules] + ["Others"]

        def seg_of(code):
            for r in rules:
                if all(r[d][0] <= v <= r[d][1] for d, v in zip("rfm", code)):
                    return r["name"]
            return "Others"
    else:
        seg_names = [s for s, _ in SEGMENTS]
        seg_of = CODE_SEGMENT.__getitem__
    score = {k: (int(R[i]), int(F[i]), int(M[i])) for i, k in enumerate(keys)}
    segment = {k: seg_of(score[k]) for k in keys}
    if has_orders:
        cells = {}
        for k in keys:
            c = cells.setdefault(score[k], [0, 0])
            c[0] += 1
            c[1] += cust[k]["revenue"]
        segs = []
        for s in seg_names:
            ks = [k for k in keys if segment[k] == s]
            rev = sum(cust[k]["revenue"] for k in ks)
            segs.append({"segment": s, "customers": len(ks), "revenue": money(rev),
                         "customer_share": share(len(ks), n), "revenue_share": share(max(rev, 0), max(total_rev, 0))})
        rep["rfm"] = {"method": method,
                      "cells": [{"r": r, "f": f, "m": m, "customers": v[0], "revenue": money(v[1])}
                                for (r, f, m), v in sorted(cells.items())],
                      "segments": segs}
    else:
        rep["rfm"] = None

    # ---- distributions
    dims = {"region": {k: region_of(k) for k in keys}, "age_band": {k: age_band(age_of(k)) for k in keys},
            "gender": {k: gender_of(k) for k in keys}}

    def order_keys(dim, present_keys):
        if dim == "action":
            return [a for a in ACTION_ORDER if a in present_keys]
        if dim == "age_band":
            return [b for b in AGE_BANDS if b in present_keys]
        if dim == "gender":
            return [g for g in GENDERS if g in present_keys]
        return unknown_last(present_keys)

    if has_orders:
        dist = OrderedDict()
        cross = []
        for dim in ("region", "age_band", "gender"):
            vals = dims[dim]
            ks = order_keys(dim, set(vals.values()))
            cnt, rev = Counter(), Counter()
            for k in keys:
                cnt[vals[k]] += 1
                rev[vals[k]] += cust[k]["revenue"]
            dist[dim] = [{"key": v, "customers": cnt[v], "revenue": money(rev[v])} for v in ks]
            for against, cols, of in (("lifecycle", STAGES, stage), ("rfm_segment", seg_names, segment)):
                pair = Counter((vals[k], of[k]) for k in keys)
                cross.append({"by": dim, "against": against, "columns": list(cols),
                              "rows": [{"key": v, "customers": [pair[(v, c)] for c in cols]} for v in ks]})
        dist["cross"] = cross
        rep["distributions"] = dist
    else:
        rep["distributions"] = None

    # ---- conversion
    if has("interest"):
        by = (config.get("conversion") or {}).get("by") or ["region", "source", "age_band", "gender", "action"]
        pop = sorted({e[0] for e in events if within(as_of, e[1].date(), conversion_days)})
        conv_keys = set()
        if len(odf):
            w = odf[odf["valid"].astype(bool) & odf["customer"].notna()]
            ago = as_of.toordinal() - w["day"]
            conv_keys = set(w.loc[(ago >= 0) & (ago < conversion_days), "customer"])
        conv = {k: k in conv_keys for k in pop}
        in_window = [e for e in events if within(as_of, e[1].date(), conversion_days)]
        did = {}
        for e in in_window:
            did.setdefault(e[0], set()).add(e[2])
        deepest = {k: min(did[k], key=ACTION_ORDER.index) for k in did}
        sections = []
        for b in by:
            fn = {"region": region_of, "source": source_of, "age_band": lambda k: age_band(age_of(k)),
                  "gender": gender_of, "action": lambda k: deepest[k]}.get(b, lambda k, b=b: column_of(k, b))
            g = {}
            for k in pop:
                e = g.setdefault(fn(k), [0, 0])
                e[0] += 1
                e[1] += conv[k]
            ks = order_keys(b, set(g))
            groups, chi = compare_groups([(key, g[key][0], g[key][1]) for key in ks])
            nn, xx = len(pop), sum(conv.values())
            lo, hi = wilson(xx, nn)
            sections.append({
                "by": b, "window_days": conversion_days,
                "overall": {"interested": nn, "converted": xx, "rate": share(xx, nn), "ci_low": lo, "ci_high": hi},
                "chi_square": chi,
                "groups": [{"key": r["key"], "interested": r["n"], "converted": r["x"], "rate": r["rate"],
                            "ci_low": r["ci_low"], "ci_high": r["ci_high"], "z": r["z"], "p_value": r["p_value"],
                            "p_adjusted": r["p_adjusted"], "small_sample": r["small_sample"]} for r in groups],
            })
        rep["conversion"] = sections
        rows = []
        for act in ACTION_ORDER:
            who = [k for k in did if act in did[k]]
            n, x = len(who), sum(1 for k in who if k in conv_keys)
            lo, hi = wilson(x, n)
            rows.append({"action": act, "events": sum(1 for e in in_window if e[2] == act), "buyers": n,
                         "converted": x, "rate": (x / n) if n else None, "ci_low": lo, "ci_high": hi})
        rep["interest"] = {"window_days": conversion_days, "events": len(in_window), "by_action": rows}
    else:
        rep["conversion"] = None
        rep["interest"] = None

    # ---- tags (tickets and complaints by the tickets' buyer cell, a buyer id)
    ticket_counts = None
    if has("tickets"):
        ticket_counts = {}
        for f in ok:
            if f.kind == "tickets":
                for t in f.tickets:
                    if t["created"].date() <= as_of and t["buyer"] is not None:
                        c = ticket_counts.setdefault(t["buyer"], [0, 0])
                        c[0] += 1
                        c[1] += t["type"].lower() in ("投诉", "complaint")
    tag_cfg = config.get("tags")
    if has_orders and tag_cfg is not None:
        rep["tags"] = tags_section(tag_cfg, keys, cust, score, segment, stage, region_of, age_of, gender_of,
                                   source_of, profiles, ticket_counts)
    else:
        rep["tags"] = None

    # ---- calls
    if has("calls"):
        calls = [c for f in ok if f.kind == "calls" for c in f.calls if c["time"].date() <= as_of]
        days = (config.get("calls") or {}).get("verify_days", 7)
        # valid order times by customer key (orders on or before as_of, first file wins)
        otimes = {}
        for o in orders:
            if o["valid"] and o["customer"] is not None:
                otimes.setdefault(o["customer"], []).append(o["created"])
        span = timedelta(days=days)
        for c in calls:
            k = c["key"]
            c["verified"] = bool(k and k.startswith("nick:")
                                 and any(c["time"] <= t <= c["time"] + span for t in otimes.get(k, [])))
            c["talk"] = c["duration"] if c["connected"] else 0
        cdf = pd.DataFrame(calls, columns=["time", "agent", "task", "connected", "ordered", "verified", "talk"])
        cdf["hour"] = cdf["time"].map(lambda t: t.hour)
        cdf["weekday"] = cdf["time"].map(lambda t: t.isoweekday())
        nc = len(cdf)
        nconn, nord = int(cdf["connected"].sum()), int(cdf["ordered"].sum())
        by = []
        for b in (config.get("calls") or {}).get("by") or ["hour", "weekday", "agent", "task"]:
            agg = cdf.groupby(b, sort=True).agg(calls=("time", "size"), connected=("connected", "sum"),
                                                ordered=("ordered", "sum"), verified=("verified", "sum"),
                                                talk=("talk", "sum"))
            grp = [(str(k), int(r["calls"]), int(r["ordered"])) for k, r in agg.iterrows()]
            tested, chi = compare_groups(grp)
            conn_chi = chi_square([[int(r["connected"]), int(r["calls"] - r["connected"])] for _, r in agg.iterrows()])
            groups = []
            for (k, r), t in zip(agg.iterrows(), tested):
                cl, ch = wilson(int(r["connected"]), int(r["calls"]))
                groups.append({"key": str(k), "calls": int(r["calls"]), "connected": int(r["connected"]),
                               "connect_rate": share(int(r["connected"]), int(r["calls"])),
                               "connect_ci_low": cl, "connect_ci_high": ch, "ordered": int(r["ordered"]),
                               "order_rate": t["rate"], "ci_low": t["ci_low"], "ci_high": t["ci_high"], "z": t["z"],
                               "p_value": t["p_value"], "p_adjusted": t["p_adjusted"],
                               "small_sample": t["small_sample"]} | call_extra(r, has_orders))
            ver_chi = chi_square([[int(r["verified"]), int(r["calls"] - r["verified"])] for _, r in agg.iterrows()]) \
                if has_orders else None
            by.append({"by": b, "chi_square": chi, "connect_chi_square": conn_chi, "verified_chi_square": ver_chi,
                       "groups": groups})
        tot = {"calls": nc, "connected": nconn, "verified": int(cdf["verified"].sum()), "talk": int(cdf["talk"].sum())}
        extra = call_extra(tot, has_orders)
        del extra["verified_ci_low"], extra["verified_ci_high"]
        if not nc:
            extra["verified_order_rate"] = None
        rep["calls"] = {"calls": nc, "connected": nconn, "connect_rate": share(nconn, nc), "ordered": nord,
                        "order_rate": share(nord, nc), **extra, "by": by}
    else:
        rep["calls"] = None

    # ---- service
    if has("tickets"):
        ts = [t for f in ok if f.kind == "tickets" for t in f.tickets if t["created"].date() <= as_of]
        sla = (config.get("service") or {}).get("response_sla_minutes", 1440)
        rep["service"] = {
            "overall": service_row(None, ts, sla),
            "by_type": [service_row(k, [t for t in ts if t["type"] == k], sla) for k in sorted({t["type"] for t in ts})],
            "by_channel": [service_row(k, [t for t in ts if t["channel"] == k], sla)
                           for k in sorted({t["channel"] for t in ts})],
            "orders": service_orders(ts, orders) if has_orders else None,
        }
    else:
        rep["service"] = None
    rep["screening"] = screening_section(ok, as_of) if has("customers") or has("calls") else None
    return rep


def call_extra(r, has_orders):
    """talk time and the verified counts of a group of calls (r: calls, connected, verified, talk)."""
    n, conn, ver = int(r["calls"]), int(r["connected"]), int(r["verified"])
    lo, hi = wilson(ver, n) if has_orders else (None, None)
    return {"talk_seconds_mean": (int(r["talk"]) / conn) if conn else None,
            "verified_ordered": ver if has_orders else None,
            "verified_order_rate": share(ver, n) if has_orders else None,
            "verified_ci_low": lo, "verified_ci_high": hi}


def rate_or_none(a, b):
    return a / b if b else None


def service_orders(ts, orders):
    """Tickets linked to valid orders by order id alone."""
    valid = {}
    for o in orders:
        if o["valid"]:
            valid.setdefault(o["id"], o)
    linked = [(t, valid[t["order"]]) for t in ts if t["order"] is not None and t["order"] in valid]
    within = sum(1 for t, o in linked if 0 <= (t["created"].date() - o["created"].date()).days <= 14)
    with_ticket = {o["id"] for _, o in linked}
    return {"linked_tickets": len(linked), "unlinked_tickets": len(ts) - len(linked),
            "after_sales_rate": rate_or_none(len(with_ticket), len(valid)),
            "within_15_days": rate_or_none(within, len(linked))}


def classify_phone(cell):
    if "*" in cell or "＊" in cell:
        return "masked", None
    s = cell.replace(" ", "").replace("-", "")
    for p in ("+86", "0086", "86"):
        if s.startswith(p):
            s = s[len(p):]
            break
    if re.fullmatch(r"1[3-9][0-9]{9}", s) and s.isascii():
        return "valid", s
    return "invalid", None


def screening_section(ok, as_of):
    """phones of the customers files' rows used and of the call logs' rows (on or before as_of)."""
    cells = []  # (key or None, phone)
    for f in ok:
        if f.kind == "customers":
            cells += [(p["customer"], p["phone"]) for p in f.profiles if present(p["phone"])]
        elif f.kind == "calls":
            for c in f.calls:
                if c["time"].date() <= as_of and present(c["phone"]):
                    k = c["key"]
                    cells.append((k if k and not k.startswith("phone:") else None, c["phone"]))
    kinds = [classify_phone(p) for _, p in cells]
    owners = {}
    for (k, _), (kind, num) in zip(cells, kinds):
        if kind == "valid":
            owners.setdefault(num, set())
            if k is not None:
                owners[num].add(k)
    dup = {n: ks for n, ks in owners.items() if len(ks) >= 2}
    return {"phones": len(cells), "masked": sum(1 for k, _ in kinds if k == "masked"),
            "valid": sum(1 for k, _ in kinds if k == "valid"), "invalid": sum(1 for k, _ in kinds if k == "invalid"),
            "duplicate_numbers": len(dup), "customers_sharing": len(set().union(*dup.values()) if dup else set())}


def service_row(key, ts, sla=1440):
    fr = [(t["first"] - t["created"]).total_seconds() for t in ts if t["first"] is not None]
    fr = np.array([s / 60.0 for s in fr if s >= 0])
    rs = [(t["resolved"] - t["created"]).total_seconds() for t in ts if t["is_resolved"] and t["resolved"] is not None]
    rs = np.array([s / 3600.0 for s in rs if s >= 0])
    sat = np.array([t["satisfaction"] for t in ts if t["satisfaction"] is not None], dtype=float)
    n = len(ts)
    row = {"key": key} if key is not None else {}
    return row | {
        "tickets": n,
        "first_response_minutes_median": fnum(np.median(fr)) if len(fr) else None,
        "first_response_minutes_p90": fnum(np.percentile(fr, 90)) if len(fr) else None,
        "resolution_hours_median": fnum(np.median(rs)) if len(rs) else None,
        "resolution_rate": share(sum(1 for t in ts if t["is_resolved"]), n),
        "satisfaction_mean": fnum(np.mean(sat)) if len(sat) else None,
        "satisfaction_count": int(len(sat)),
        "complaint_share": share(sum(1 for t in ts if t["type"].lower() in ("投诉", "complaint")), n),
        "resolution_hours_p90": fnum(np.percentile(rs, 90)) if len(rs) else None,
        "on_time_response_rate": rate_or_none(sum(
            1 for t in ts if t["first"] is not None and 0 <= (t["first"] - t["created"]).total_seconds() <= sla * 60), n),
        "satisfaction_distribution": {str(v): int((sat == v).sum()) for v in range(1, 6)},
        "csat": rate_or_none(int((sat >= 4).sum()), len(sat)),
    }


def tags_section(tag_cfg, keys, cust, score, segment, stage, region_of, age_of, gender_of, source_of, profiles,
                 ticket_counts=None):
    """Tags: each a list of conditions joined by all/any; a missing value makes a condition false."""
    members = {}
    out = []

    def value(k, field):
        c = cust[k]
        p = profiles.get(k)
        if field in ("orders", "items", "recency_days"):
            return {"orders": c["orders"], "items": c["items"], "recency_days": c["recency"]}[field]
        if field == "revenue":
            return Decimal(c["revenue"]) / 100
        if field in ("first_order", "last_order"):
            return (c["first"] if field == "first_order" else c["last"]).isoformat()
        if field in ("r_score", "f_score", "m_score"):
            return score[k]["rfm".index(field[0])]
        if field == "age":
            return age_of(k)
        if field == "member_level":
            return p["member_level"] if p else None
        if field == "region":
            return region_of(k)
        if field == "gender":
            return gender_of(k)
        if field == "source":
            return source_of(k)
        if field == "lifecycle":
            return stage[k]
        if field == "rfm_segment":
            return segment[k]
        if field == "age_band":
            return age_band(age_of(k))
        if field in ("tickets", "complaints"):
            if ticket_counts is None:
                return None
            return ticket_counts.get(k, [0, 0])[field == "complaints"]
        raise ValueError(f"unknown tag field {field}")

    def conv(field, v):
        if field == "revenue":
            return Decimal(str(v))
        if field == "region":
            return normalize_province(str(v)) or v
        if field == "gender":
            return parse_gender(str(v))
        if field == "member_level" and isinstance(v, str):
            return parse_member_level(v)
        return v

    def test(k, cond):
        field, op, want = cond["field"], cond["op"], cond.get("value")
        if field == "tag":
            if want in members:
                has = members[want][k]
            else:
                p = profiles.get(k)
                has = bool(p) and want in p["tags"]
            return has if op == "=" else not has
        x = value(k, field)
        if x is None:
            return False
        if op == "in":
            return any(x == conv(field, w) for w in want)
        if op == "between":
            return conv(field, want[0]) <= x <= conv(field, want[1])
        w = conv(field, want)
        return {"=": x == w, "!=": x != w, "<": x < w, "<=": x <= w, ">": x > w, ">=": x >= w}[op]

    for t in tag_cfg:
        conds = t.get("conditions") or []
        anym = t.get("match", "all") == "any"
        m = {}
        for k in keys:
            rs = [test(k, c) for c in conds]
            m[k] = (any(rs) if anym else all(rs)) if rs else True
        members[t["name"]] = m
        ks = [k for k in keys if m[k]]
        out.append({"name": t["name"], "customers": len(ks), "revenue": money(sum(cust[k]["revenue"] for k in ks))})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--as-of")
    ap.add_argument("--config")
    a = ap.parse_args(argv)
    cfg = json.load(open(a.config, encoding="utf-8")) if a.config else {}
    rep = report(a.files, a.as_of, cfg)
    json.dump(rep, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

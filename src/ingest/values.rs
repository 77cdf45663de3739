//! Parsing of single cell values as e-commerce platforms write them.
//!
//! Every function here is pure, never panics on any input and does not allocate: text results
//! borrow from the input, numbers are scanned by hand, and case-insensitive ASCII comparisons use
//! small stack buffers. They are called once per cell, millions of times per file.
//!
//! Conventions:
//! * every parser runs [`clean`] first, so callers may pass raw cells;
//! * money is integer cents (fen), rounded half away from zero;
//! * timestamps are the shop's wall clock ([`NaiveDateTime`]): a UTC offset written in the text
//!   is ignored, never applied, and fractional seconds are truncated;
//! * provinces are the 34 canonical Chinese names of [`PROVINCES`].

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use core::fmt::Write as _;

// ------------------------------------------------------------------------------------------------
// Cleaning
// ------------------------------------------------------------------------------------------------

/// ASCII whitespace as trimmed from cells (space, `\t`, `\n`, `\r`, form feed, vertical tab).
fn is_ascii_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Trims ASCII whitespace, U+3000, U+00A0 and U+FEFF from both ends, byte-wise. The multi-byte
/// sequences start with a lead byte, so a match at either end is always that whole character.
fn trim_ws(s: &str) -> &str {
    let b = s.as_bytes();
    // Fast path: neither end can be part of a trimmed character.
    if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
        let may_start = first <= b' ' || matches!(first, 0x7f | 0xC2 | 0xE3 | 0xEF);
        let may_end = last <= b' ' || matches!(last, 0x7f | 0x80 | 0xA0 | 0xBF);
        if !may_start && !may_end {
            return s;
        }
    }
    let mut start = 0usize;
    let mut end = b.len();
    loop {
        let step = match b.get(start..end) {
            Some([c, ..]) if is_ascii_ws(*c) => 1,
            Some([0xE3, 0x80, 0x80, ..]) | Some([0xEF, 0xBB, 0xBF, ..]) => 3,
            Some([0xC2, 0xA0, ..]) => 2,
            _ => break,
        };
        start = start.saturating_add(step);
    }
    loop {
        let step = match b.get(start..end) {
            Some([.., c]) if is_ascii_ws(*c) => 1,
            Some([.., 0xE3, 0x80, 0x80]) | Some([.., 0xEF, 0xBB, 0xBF]) => 3,
            Some([.., 0xC2, 0xA0]) => 2,
            _ => break,
        };
        end = end.saturating_sub(step);
    }
    s.get(start..end).unwrap_or("")
}

/// Trims ASCII whitespace, tabs, U+3000 (full-width space), U+00A0 and a UTF-8 BOM U+FEFF, then
/// removes Excel text wrappers: `="…"` → `…` (the Taobao way to keep 19-digit ids), a single
/// leading apostrophe `'` (Shopify/Taobao phones and zips, `'310012`), and a leading tab
/// (Pinduoduo masks with `\t`). Trims again after unwrapping.
///
/// Only one wrapper is removed (`="'1"` gives `'1`). Returns a slice of the input.
pub fn clean(s: &str) -> &str {
    // Fast path: nothing to trim or unwrap.
    if let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last()) {
        if first.is_ascii_graphic() && first != b'=' && first != b'\'' && last.is_ascii_graphic() {
            return s;
        }
    }
    let t = trim_ws(s);
    let inner = if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        inner
    } else if let Some(rest) = t.strip_prefix('\'') {
        rest
    } else {
        return t;
    };
    trim_ws(inner)
}

/// True when a cell means "no value". Runs [`clean`] first, then accepts: `""`, any run of
/// dashes (`-`, `--`, `—`, `–`, `——`, mixed), `/`, `\`, `无`, `暂无`, `空`, the zero dates
/// `0000-00-00` and `0000-00-00 00:00:00`, and, ignoring ASCII case, `null`, `none`, `nil`,
/// `n/a`, `#n/a`. `NaN` is *not* missing (it is a bad value).
pub fn is_missing(s: &str) -> bool {
    let t = clean(s);
    if t.is_empty() {
        return true;
    }
    if t.chars().all(|c| matches!(c, '-' | '—' | '–' | '－')) {
        return true;
    }
    match t {
        "/" | "\\" | "无" | "暂无" | "空" | "0000-00-00" | "0000-00-00 00:00:00" => true,
        _ => t.len() <= 4 && ["null", "none", "nil", "n/a", "#n/a"].iter().any(|w| t.eq_ignore_ascii_case(w)),
    }
}

// ------------------------------------------------------------------------------------------------
// Numbers
// ------------------------------------------------------------------------------------------------

/// An unsigned decimal number as written: integer part, the first two fraction digits and how
/// the rest rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    /// Integer part.
    int: u64,
    /// First two fraction digits as a number 0..=99 (`.5` → 50).
    frac2: u64,
    /// The third fraction digit is 5 or more (round half away from zero to cents).
    round_up: bool,
    /// Every fraction digit is zero (or there is none).
    frac_zero: bool,
}

/// Scans `digits[,ddd]*[.digits]` (or `.digits`). Thousands separators must group by three
/// (`1,234,567`), never in the fraction. At least one digit. `None` for anything else, and for
/// integer parts above `u64::MAX`.
fn scan_decimal(b: &[u8]) -> Option<Decimal> {
    let (int_part, frac_part) = match b.iter().position(|&c| c == b'.') {
        Some(p) => (b.get(..p)?, b.get(p.checked_add(1)?..)?),
        None => (b, &[][..]),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut int: u64 = 0;
    // digits since the last comma; u8::MAX once past 3 (only matters with commas)
    let mut group: u8 = 0;
    let mut seen_comma = false;
    for &c in int_part {
        let d = c.wrapping_sub(b'0');
        if d <= 9 {
            int = int.checked_mul(10)?.checked_add(u64::from(d))?;
            group = group.saturating_add(1);
        } else if c == b',' && (group == 3 || (!seen_comma && (1..=3).contains(&group))) {
            seen_comma = true;
            group = 0;
        } else {
            return None;
        }
    }
    if seen_comma && group != 3 {
        return None;
    }
    let mut dec = Decimal { int, frac2: 0, round_up: false, frac_zero: true };
    for (k, &c) in frac_part.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        let d = u64::from(d);
        match k {
            0 => dec.frac2 = d * 10,
            1 => dec.frac2 = dec.frac2.saturating_add(d),
            2 => dec.round_up = d >= 5,
            _ => {}
        }
        dec.frac_zero &= d == 0;
    }
    Some(dec)
}

/// `s` without the ASCII-case-insensitive prefix `p`.
fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.get(..p.len())?;
    if head.eq_ignore_ascii_case(p) {
        s.get(p.len()..)
    } else {
        None
    }
}

/// `s` without the ASCII-case-insensitive suffix `p`.
fn strip_suffix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(p.len())?;
    let tail = s.get(cut..)?;
    if tail.eq_ignore_ascii_case(p) {
        s.get(..cut)
    } else {
        None
    }
}

/// Takes an optional sign off the front of `t`. `None` when a second sign appears.
fn take_sign<'a>(t: &'a str, neg: &mut bool, signed: &mut bool) -> Option<&'a str> {
    let (rest, minus) = if let Some(r) = t.strip_prefix('-') {
        (r, true)
    } else if let Some(r) = t.strip_prefix('−').or_else(|| t.strip_prefix('－')) {
        (r, true)
    } else if let Some(r) = t.strip_prefix('+') {
        (r, false)
    } else {
        return Some(t);
    };
    if *signed {
        return None;
    }
    *signed = true;
    *neg = minus;
    Some(trim_ws(rest))
}

/// Largest money amount accepted, exclusive, in cents: 10^13 yuan.
const MONEY_LIMIT_CENTS: i64 = 1_000_000_000_000_000;

/// Money in integer cents (fen). Accepts `12.00`, `12`, `-3.5`, `1,234.50`, `¥1,234.50`,
/// `￥ 1,234.50`, `$12.00`, `12.00元`, `RMB 12`, `CNY12.00`, `12.00 CNY`, `(12.00)` (negative),
/// `1234.5`, `.5`, `12.`, `+3`, `-¥12`, `¥-12`, and Excel's float artifacts like
/// `59.900000000000006` (round half away from zero to the cent, on the decimal digits as
/// written). Runs [`clean`] first. Returns `None` for anything else (letters, `1e30`, `NaN`,
/// `inf`, empty, two decimal points, misplaced commas like `1,23`, two signs, amounts with
/// absolute value >= 10^13 yuan). `-0.00` gives `Some(0)`.
pub fn parse_money_cents(s: &str) -> Option<i64> {
    let mut t = clean(s);
    // Fast path: a plain number.
    if let (Some(f), Some(l)) = (t.as_bytes().first(), t.as_bytes().last()) {
        if f.is_ascii_digit() && l.is_ascii_digit() {
            return cents_of(scan_decimal(t.as_bytes())?, false);
        }
    }
    let mut neg = false;
    let mut signed = false;
    if let Some(inner) = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| t.strip_prefix('（').and_then(|r| r.strip_suffix('）')))
    {
        neg = true;
        signed = true;
        t = trim_ws(inner);
    }
    t = take_sign(t, &mut neg, &mut signed)?;
    let prefixed = t
        .strip_prefix('¥')
        .or_else(|| t.strip_prefix('￥'))
        .or_else(|| t.strip_prefix('$'))
        .or_else(|| strip_prefix_ci(t, "RMB"))
        .or_else(|| strip_prefix_ci(t, "CNY"));
    if let Some(rest) = prefixed {
        t = take_sign(trim_ws(rest), &mut neg, &mut signed)?;
    }
    let suffixed = t.strip_suffix('元').or_else(|| strip_suffix_ci(t, "CNY")).or_else(|| strip_suffix_ci(t, "RMB"));
    if let Some(rest) = suffixed {
        t = trim_ws(rest);
    }
    cents_of(scan_decimal(t.as_bytes())?, neg)
}

/// Cents of a scanned amount, rounded half away from zero; `None` at 10^13 yuan or more.
fn cents_of(d: Decimal, neg: bool) -> Option<i64> {
    if d.int >= 10_000_000_000_000 {
        return None;
    }
    let cents = i64::try_from(d.int)
        .ok()?
        .checked_mul(100)?
        .checked_add(i64::try_from(d.frac2).ok()?)?
        .checked_add(i64::from(d.round_up))?;
    if cents >= MONEY_LIMIT_CENTS {
        return None;
    }
    if neg {
        cents.checked_neg()
    } else {
        Some(cents)
    }
}

/// A fixed-size stack buffer that `core::fmt` can write into.
struct StackBuf {
    buf: [u8; 64],
    len: usize,
}

impl core::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Money from an XLSX float cell (calamine gives f64): rounds half away from zero to cents;
/// `None` for NaN/inf/|x| >= 1e13.
///
/// Halves are decided on the shortest decimal text of `x` (what Excel shows), like
/// [`parse_money_cents`]: `0.125` gives 13 and `1.005` gives 101, although the double nearest
/// to 1.005 lies slightly below the half cent.
pub fn money_from_f64(x: f64) -> Option<i64> {
    if !x.is_finite() || x.abs() >= 1e13 {
        return None;
    }
    let y = x * 100.0;
    let r = y.round();
    if (y - r).abs() <= 0.3 {
        // Far from a half cent: the binary value and its decimal text round alike.
        // |r| <= 1e15 < 2^53, so the conversion is exact.
        let c = r as i64;
        return (c.abs() < MONEY_LIMIT_CENTS).then_some(c);
    }
    // Near a half cent: round the decimal text, as written by Display (never in exponent form).
    let mut buf = StackBuf { buf: [0; 64], len: 0 };
    write!(buf, "{x}").ok()?;
    let text = core::str::from_utf8(buf.buf.get(..buf.len)?).ok()?;
    parse_money_cents(text)
}

/// Whole non-negative counts: `3`, `3.0`, `3.00`, `+3`, `3件` (also 个 次 单 笔 份 人 秒 and
/// `pcs`), ` 3 `, `1,200`. Runs [`clean`] first. `None` otherwise (negative, fractional like
/// `2.5`, letters, > 10^12).
pub fn parse_count(s: &str) -> Option<u64> {
    let mut t = clean(s);
    match t.as_bytes().last() {
        Some(c) if !c.is_ascii() => {
            for unit in ["件", "个", "次", "单", "笔", "份", "人", "秒"] {
                if let Some(r) = t.strip_suffix(unit) {
                    t = trim_ws(r);
                    break;
                }
            }
        }
        Some(b's' | b'S') => {
            if let Some(r) = strip_suffix_ci(t, "pcs") {
                t = trim_ws(r);
            }
        }
        _ => {}
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    let d = scan_decimal(t.as_bytes())?;
    (d.frac_zero && d.int <= 1_000_000_000_000).then_some(d.int)
}

/// Age in whole years when the cell is a whole number 1..=119 (`31`, `31岁`, `31周岁`,
/// `31.0`); `None` for `0`, `-1`, `118.5`, `未知`, `120`, blank. Runs [`clean`] first.
pub fn parse_age(s: &str) -> Option<u8> {
    let mut t = clean(s);
    if let Some(r) = t.strip_suffix("周岁").or_else(|| t.strip_suffix('岁')) {
        t = trim_ws(r);
    }
    let d = scan_decimal(t.as_bytes())?;
    if !d.frac_zero || !(1..=119).contains(&d.int) {
        return None;
    }
    u8::try_from(d.int).ok()
}

// ------------------------------------------------------------------------------------------------
// Dates and times
// ------------------------------------------------------------------------------------------------

/// Fields of a timestamp as written, not yet validated as a calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts {
    y: i32,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
}

impl Parts {
    /// The timestamp, when the fields make a real date and time.
    fn to_datetime(self) -> Option<NaiveDateTime> {
        let date = NaiveDate::from_ymd_opt(self.y, self.mo, self.d)?;
        let time = NaiveTime::from_hms_opt(self.h, self.mi, self.s)?;
        Some(NaiveDateTime::new(date, time))
    }
}

/// A byte cursor that never panics.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    fn bump(&mut self) {
        self.i = self.i.saturating_add(1);
    }

    fn eat(&mut self, x: u8) -> bool {
        if self.peek() == Some(x) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, p: &str) -> bool {
        match self.b.get(self.i..) {
            Some(rest) if rest.starts_with(p.as_bytes()) => {
                self.i = self.i.saturating_add(p.len());
                true
            }
            _ => false,
        }
    }

    fn eat_ci(&mut self, p: &str) -> bool {
        let end = self.i.saturating_add(p.len());
        match self.b.get(self.i..end) {
            Some(r) if r.eq_ignore_ascii_case(p.as_bytes()) => {
                self.i = end;
                true
            }
            _ => false,
        }
    }

    fn skip_spaces(&mut self) -> usize {
        let mut n = 0usize;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.bump();
            n = n.saturating_add(1);
        }
        n
    }

    /// Length of the run of ASCII digits at the cursor.
    fn digit_run(&self) -> usize {
        self.b.get(self.i..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    }

    /// Reads exactly `n` digits (more digits may follow).
    fn fixed(&mut self, n: usize) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
            self.bump();
        }
        Some(v)
    }

    /// Reads a whole run of digits whose length is within `min..=max` (`max` <= 9).
    fn var(&mut self, min: usize, max: usize) -> Option<u32> {
        let mut v: u32 = 0;
        let mut n = 0usize;
        while let Some(c) = self.peek() {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            if n >= max {
                return None;
            }
            v = v.checked_mul(10)?.checked_add(u32::from(d))?;
            n = n.saturating_add(1);
            self.bump();
        }
        (n >= min).then_some(v)
    }
}

/// Two ASCII digits as a number.
fn d2(a: u8, b: u8) -> Option<u32> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    } else {
        None
    }
}

/// The common layout `YYYY-MM-DD HH:MM:SS` (or with `T`), without any general machinery.
fn parse_fast(b: &[u8]) -> Option<Parts> {
    let b: &[u8; 19] = b.try_into().ok()?;
    let [y0, y1, y2, y3, dash1, m0, m1, dash2, d0, d1, sep, h0, h1, colon1, n0, n1, colon2, s0, s1] =
        b.map(|c| c.wrapping_sub(b'0'));
    // separators, shifted by '0' like the digits
    let minus = b'-'.wrapping_sub(b'0');
    let colon = b':'.wrapping_sub(b'0');
    let space_or_t = sep == b' '.wrapping_sub(b'0') || sep == b'T'.wrapping_sub(b'0');
    if dash1 != minus || dash2 != minus || colon1 != colon || colon2 != colon || !space_or_t {
        return None;
    }
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1, h0, h1, n0, n1, s0, s1];
    if digits.iter().any(|&x| x > 9) {
        return None;
    }
    let n2 = |hi: u8, lo: u8| u32::from(hi) * 10 + u32::from(lo);
    Some(Parts {
        y: i32::try_from(n2(y0, y1) * 100 + n2(y2, y3)).ok()?,
        mo: n2(m0, m1),
        d: n2(d0, d1),
        h: n2(h0, h1),
        mi: n2(n0, n1),
        s: n2(s0, s1),
    })
}

/// Skips an optional time zone after a time: `Z`, `UTC`, `GMT`, `CST`, `UTC+8`, `+08:00`,
/// `+0800`, `+08`, `-05:00`, with optional spaces before. `None` when something else follows.
fn skip_zone(c: &mut Cur<'_>) -> Option<()> {
    c.skip_spaces();
    if c.at_end() {
        return Some(());
    }
    if c.eat(b'Z') || c.eat(b'z') {
        return Some(());
    }
    let word = c.eat_ci("UTC") || c.eat_ci("GMT");
    if !word && c.eat_ci("CST") {
        return Some(());
    }
    if !matches!(c.peek(), Some(b'+' | b'-')) {
        return word.then_some(());
    }
    c.bump();
    match c.digit_run() {
        1 | 2 => {
            let h = c.var(1, 2)?;
            let m = if c.eat(b':') { c.fixed(2)? } else { 0 };
            (h <= 23 && m <= 59).then_some(())
        }
        4 => {
            let h = c.fixed(2)?;
            let m = c.fixed(2)?;
            (h <= 23 && m <= 59).then_some(())
        }
        _ => None,
    }
}

/// Hand-written scanner for every accepted layout (see [`parse_datetime`]).
fn parse_general(s: &str) -> Option<Parts> {
    let mut c = Cur { b: s.as_bytes(), i: 0 };
    let mut p = Parts { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 };
    let mut need_sep = true;
    match c.digit_run() {
        8 | 14 => {
            let compact_time = c.digit_run() == 14;
            p.y = i32::try_from(c.fixed(4)?).ok()?;
            p.mo = c.fixed(2)?;
            p.d = c.fixed(2)?;
            if compact_time {
                p.h = c.fixed(2)?;
                p.mi = c.fixed(2)?;
                p.s = c.fixed(2)?;
                return c.at_end().then_some(p);
            }
        }
        4 => {
            p.y = i32::try_from(c.fixed(4)?).ok()?;
            if c.eat_str("年") {
                p.mo = c.var(1, 2)?;
                if !c.eat_str("月") {
                    return None;
                }
                p.d = c.var(1, 2)?;
                let _ = c.eat_str("日") || c.eat_str("号");
                c.skip_spaces();
                need_sep = false;
            } else {
                let sep = c.peek()?;
                if !matches!(sep, b'-' | b'/' | b'.') {
                    return None;
                }
                c.bump();
                p.mo = c.var(1, 2)?;
                if !c.eat(sep) {
                    return None;
                }
                p.d = c.var(1, 2)?;
            }
        }
        _ => return None,
    }
    if c.at_end() {
        return Some(p);
    }
    if need_sep && !(c.eat(b'T') || c.eat(b't') || c.skip_spaces() > 0) {
        return None;
    }
    p.h = c.var(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    p.mi = c.var(2, 2)?;
    if c.eat(b':') {
        p.s = c.var(2, 2)?;
        skip_fraction(&mut c)?;
    }
    skip_zone(&mut c)?;
    c.at_end().then_some(p)
}

/// Skips optional fractional seconds (`.123`, `,5`, 1 to 9 digits) after the seconds.
fn skip_fraction(c: &mut Cur<'_>) -> Option<()> {
    if c.eat(b'.') || c.eat(b',') {
        let n = c.digit_run();
        if !(1..=9).contains(&n) {
            return None;
        }
        c.i = c.i.saturating_add(n);
    }
    Some(())
}

/// Fields of a date or timestamp in any accepted layout.
fn parse_parts(s: &str) -> Option<Parts> {
    let t = clean(s);
    let b = t.as_bytes();
    // Fast path: `YYYY-MM-DD HH:MM:SS`, possibly followed by fractions and a zone.
    if let Some(p) = b.get(..19).and_then(parse_fast) {
        let mut c = Cur { b, i: 19 };
        skip_fraction(&mut c)?;
        skip_zone(&mut c)?;
        return c.at_end().then_some(p);
    }
    parse_general(t)
}

/// A timestamp as the shop's wall clock. Accepts `2024-03-05 14:22:10`, `2024-03-05 14:22`,
/// `2024/3/5 14:22`, `2024/03/05 14:22:10`, `2024-03-05T14:22:10`, `2024-03-05T14:22:10Z`,
/// `2024-03-05T14:22:10.123+08:00`, `2024-03-05 14:22:10 +0800` (any UTC offset or `Z` or
/// ` UTC`/` GMT`/` CST` is IGNORED, not applied: the wall-clock text is kept; fractional seconds
/// are truncated), `2024-03-05` (midnight), `2024/3/5`, `2024.3.5`, `20240305`,
/// `20240305142210`, `2024年3月5日`, `2024年3月5日 14:22:10`, `2024-3-5 9:05:07`. Runs [`clean`]
/// first. Returns `None` for anything else (including day-first layouts like `5/3/2024`), for
/// impossible dates (2023-02-30, hour 25, second 60), and for years outside 1970..=2100.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let p = parse_parts(s)?;
    if !(1970..=2100).contains(&p.y) {
        return None;
    }
    p.to_datetime()
}

/// A calendar date with a year (birthdays): same layouts as [`parse_datetime`] (a time part
/// must still be valid, but is dropped); `05-12` (no year) → `None`; years 1900..=2100 allowed
/// here.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let p = parse_parts(s)?;
    if !(1900..=2100).contains(&p.y) {
        return None;
    }
    p.to_datetime().map(|dt| dt.date())
}

/// Excel serial to timestamp without the 1970..=2100 range check (1900 date system).
fn excel_serial_unchecked(serial: f64) -> Option<NaiveDateTime> {
    // 2_958_466 = 9999-12-31, Excel's last date.
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // < 2.6e11: exact in f64 and in i64.
    let secs = (serial * 86_400.0).round() as i64;
    let days = secs.div_euclid(86_400);
    let sod = u32::try_from(secs.rem_euclid(86_400)).ok()?;
    let date = match days {
        // Serial 1 = 1900-01-01 … 59 = 1900-02-28.
        0..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_days(Days::new(u64::try_from(days).ok()?))?,
        // The fake 1900-02-29 of Lotus 1-2-3 that Excel kept.
        60 => return None,
        // Serial 61 = 1900-03-01: from here on, day 0 is 1899-12-30.
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(u64::try_from(days).ok()?))?,
    };
    Some(NaiveDateTime::new(date, NaiveTime::from_num_seconds_from_midnight_opt(sod, 0)?))
}

/// Excel serial date number (1900 date system, with Excel's 1900-leap-year bug: serial 60 is the
/// fake 1900-02-29; serial 61 = 1900-03-01; serial 45000.5 = 2023-03-15 12:00:00) to a
/// wall-clock timestamp, rounded to the nearest second. `None` for NaN, negative, or out of
/// 1970..=2100.
pub fn excel_serial_to_datetime(serial: f64) -> Option<NaiveDateTime> {
    let dt = excel_serial_unchecked(serial)?;
    (1970..=2100).contains(&dt.year()).then_some(dt)
}

/// Whole years between a birth date and a day (birthday not yet reached this year → one less;
/// Feb 29 birthdays have their birthday on Mar 1 in non-leap years). `None` if birth is after
/// `at`.
pub fn age_at(birth: NaiveDate, at: NaiveDate) -> Option<u32> {
    if birth > at {
        return None;
    }
    let years = at.year().checked_sub(birth.year())?;
    // (2, 29) sorts after (2, 28) and before (3, 1): a Feb 29 birthday is reached on Mar 1 in a
    // common year and on Feb 29 in a leap year.
    let reached = (at.month(), at.day()) >= (birth.month(), birth.day());
    let age = if reached { years } else { years.checked_sub(1)? };
    u32::try_from(age).ok()
}

// ------------------------------------------------------------------------------------------------
// Yes/no and gender
// ------------------------------------------------------------------------------------------------

/// Lower-cases an ASCII cell into `buf`, mapping `_` and `-` to a space and collapsing runs of
/// spaces. `None` when the text is not ASCII or does not fit.
fn ascii_key<'b>(s: &str, buf: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let mut n = 0usize;
    let mut prev_space = false;
    for &c in s.as_bytes() {
        if !c.is_ascii() {
            return None;
        }
        let c = match c {
            b'_' | b'-' | b' ' | b'\t' => b' ',
            _ => c.to_ascii_lowercase(),
        };
        if c == b' ' && prev_space {
            continue;
        }
        prev_space = c == b' ';
        *buf.get_mut(n)? = c;
        n = n.saturating_add(1);
    }
    buf.get(..n)
}

/// Yes/no cells: 是/否, Y/N, yes/no, true/false, T/F, 1/0, 接通/未接通, 已接通/未接通,
/// 接听/已接听/未接听, 成交/未成交, 已成交/未成交, 成功/失败, 对/错, √/×, ✓/✗,
/// connected/not connected, answered/no answer/unanswered. Case-insensitive for ASCII (`_` and
/// `-` count as spaces). 有/无 are not read (无 means missing). Runs [`clean`] first. `None`
/// otherwise.
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = clean(s);
    match t {
        "是" | "接通" | "已接通" | "接听" | "已接听" | "成交" | "已成交" | "成功" | "对" | "√" | "✓" | "✔" => {
            return Some(true)
        }
        "否" | "未接通" | "未接听" | "未成交" | "失败" | "未成功" | "错" | "×" | "✗" | "✘" => {
            return Some(false)
        }
        _ => {}
    }
    let mut buf = [0u8; 24];
    match ascii_key(t, &mut buf)? {
        b"y" | b"yes" | b"true" | b"t" | b"1" | b"connected" | b"answered" => Some(true),
        b"n" | b"no" | b"false" | b"f" | b"0" | b"not connected" | b"no answer" | b"unanswered" => Some(false),
        _ => None,
    }
}

/// Gender as the report keys it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    /// 女
    Female,
    /// 男
    Male,
    /// 未知: blank, 保密, anything unrecognised.
    Unknown,
}

impl Gender {
    /// "女" / "男" / "未知"
    pub fn key(self) -> &'static str {
        match self {
            Gender::Female => "女",
            Gender::Male => "男",
            Gender::Unknown => "未知",
        }
    }
}

/// 女, 女士, 女性, 女生, 小姐, F, female, woman, w → Female; 男, 男士, 男性, 男生, 先生, M,
/// male, man → Male; everything else (未知, 保密, blank) → Unknown. Case-insensitive ASCII.
/// Runs [`clean`] first.
pub fn parse_gender(s: &str) -> Gender {
    let t = clean(s);
    match t {
        "女" | "女士" | "女性" | "女生" | "小姐" => return Gender::Female,
        "男" | "男士" | "男性" | "男生" | "先生" => return Gender::Male,
        _ => {}
    }
    let mut buf = [0u8; 24];
    match ascii_key(t, &mut buf) {
        Some(b"f" | b"female" | b"woman" | b"w") => Gender::Female,
        Some(b"m" | b"male" | b"man") => Gender::Male,
        _ => Gender::Unknown,
    }
}

// ------------------------------------------------------------------------------------------------
// Provinces
// ------------------------------------------------------------------------------------------------

/// The 34 province-level divisions of China under their canonical Chinese names, in the standard
/// administrative-code order (北京市 110000 first … 台湾省, 香港特别行政区, 澳门特别行政区
/// last).
pub const PROVINCES: [&str; 34] = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "台湾省",
    "香港特别行政区",
    "澳门特别行政区",
];

/// First two digits of the 6-digit administrative code (GB/T 2260) of each entry of
/// [`PROVINCES`].
const ADMIN_CODES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82,
];

/// Other spellings of one province.
struct Alias {
    /// Chinese names besides the canonical one; the first is the short name.
    zh: &'static [&'static str],
    /// The one-character abbreviation (浙, 沪, 粤 …), read only as a whole cell.
    abbr: &'static str,
    /// Latin names, lower case, letters only.
    latin: &'static [&'static str],
    /// Two-letter codes, lower case.
    codes: &'static [&'static str],
}

/// Spellings per entry of [`PROVINCES`], same order.
///
/// Two-letter codes are those of ISO 3166-2:CN (= GB/T 2260 alpha codes), which both the
/// generator (`gen_exports.py`) and Shopify use: HE Hebei, HA Henan, HB Hubei, HN Hunan,
/// HI Hainan, SX Shanxi, SN Shaanxi, GZ Guizhou. The only difference is Xizang: ISO and the
/// generator write XZ, Shopify writes YZ; both are read as 西藏自治区 (no other code uses them).
const ALIASES: [Alias; 34] = [
    Alias { zh: &["北京"], abbr: "京", latin: &["beijing", "peking", "peiping"], codes: &["bj"] },
    Alias { zh: &["天津"], abbr: "津", latin: &["tianjin", "tientsin"], codes: &["tj"] },
    Alias { zh: &["河北"], abbr: "冀", latin: &["hebei"], codes: &["he"] },
    Alias { zh: &["山西"], abbr: "晋", latin: &["shanxi"], codes: &["sx"] },
    Alias {
        zh: &["内蒙古", "内蒙"],
        abbr: "蒙",
        latin: &["neimenggu", "neimongol", "innermongolia", "neimeng"],
        codes: &["nm"],
    },
    Alias { zh: &["辽宁"], abbr: "辽", latin: &["liaoning"], codes: &["ln"] },
    Alias { zh: &["吉林"], abbr: "吉", latin: &["jilin"], codes: &["jl"] },
    Alias { zh: &["黑龙江"], abbr: "黑", latin: &["heilongjiang"], codes: &["hl"] },
    Alias { zh: &["上海"], abbr: "沪", latin: &["shanghai"], codes: &["sh"] },
    Alias { zh: &["江苏"], abbr: "苏", latin: &["jiangsu"], codes: &["js"] },
    Alias { zh: &["浙江"], abbr: "浙", latin: &["zhejiang"], codes: &["zj"] },
    Alias { zh: &["安徽"], abbr: "皖", latin: &["anhui"], codes: &["ah"] },
    Alias { zh: &["福建"], abbr: "闽", latin: &["fujian"], codes: &["fj"] },
    Alias { zh: &["江西"], abbr: "赣", latin: &["jiangxi"], codes: &["jx"] },
    Alias { zh: &["山东"], abbr: "鲁", latin: &["shandong"], codes: &["sd"] },
    Alias { zh: &["河南"], abbr: "豫", latin: &["henan"], codes: &["ha"] },
    Alias { zh: &["湖北"], abbr: "鄂", latin: &["hubei"], codes: &["hb"] },
    Alias { zh: &["湖南"], abbr: "湘", latin: &["hunan"], codes: &["hn"] },
    Alias { zh: &["广东"], abbr: "粤", latin: &["guangdong"], codes: &["gd"] },
    Alias { zh: &["广西", "广西壮族"], abbr: "桂", latin: &["guangxi", "guangxizhuang"], codes: &["gx"] },
    Alias { zh: &["海南"], abbr: "琼", latin: &["hainan"], codes: &["hi"] },
    Alias { zh: &["重庆"], abbr: "渝", latin: &["chongqing", "chungking"], codes: &["cq"] },
    Alias { zh: &["四川"], abbr: "川", latin: &["sichuan", "szechuan", "szechwan"], codes: &["sc"] },
    Alias { zh: &["贵州"], abbr: "黔", latin: &["guizhou"], codes: &["gz"] },
    Alias { zh: &["云南"], abbr: "滇", latin: &["yunnan"], codes: &["yn"] },
    Alias { zh: &["西藏"], abbr: "藏", latin: &["xizang", "tibet"], codes: &["xz", "yz"] },
    Alias { zh: &["陕西"], abbr: "陕", latin: &["shaanxi"], codes: &["sn"] },
    Alias { zh: &["甘肃"], abbr: "甘", latin: &["gansu"], codes: &["gs"] },
    Alias { zh: &["青海"], abbr: "青", latin: &["qinghai"], codes: &["qh"] },
    Alias { zh: &["宁夏", "宁夏回族"], abbr: "宁", latin: &["ningxia", "ningxiahui"], codes: &["nx"] },
    Alias {
        zh: &["新疆", "新疆维吾尔", "新疆维吾尔族"],
        abbr: "新",
        latin: &["xinjiang", "xinjianguygur", "xinjianguyghur", "xinjianguighur", "xinjiangweiwuer"],
        codes: &["xj"],
    },
    Alias { zh: &["台湾", "臺灣", "台灣", "臺湾"], abbr: "台", latin: &["taiwan"], codes: &["tw"] },
    Alias { zh: &["香港"], abbr: "港", latin: &["hongkong", "xianggang"], codes: &["hk"] },
    Alias { zh: &["澳门", "澳門"], abbr: "澳", latin: &["macau", "macao", "aomen"], codes: &["mo"] },
];

/// Canonical name of entry `i` of [`PROVINCES`].
fn province_at(i: usize) -> Option<&'static str> {
    PROVINCES.get(i).copied()
}

/// Packs the first six bytes (two CJK characters) of a name into a number; 0 when shorter.
const fn key6(b: &[u8]) -> u64 {
    if b.len() < 6 {
        return 0;
    }
    let mut k = 0u64;
    let mut i = 0;
    while i < 6 {
        k = (k << 8) | b[i] as u64;
        i += 1;
    }
    k
}

/// Room in [`ZH_KEYS`].
const ZH_KEY_CAP: usize = 64;

/// Builds [`ZH_KEYS`]: the distinct first-two-character keys of every Chinese name.
const fn build_zh_keys() -> ([(u64, u8); ZH_KEY_CAP], usize) {
    let mut out = [(0u64, 0u8); ZH_KEY_CAP];
    let mut n = 0usize;
    let mut i = 0usize;
    while i < PROVINCES.len() {
        let zh = ALIASES[i].zh;
        // j == zh.len() stands for the canonical name
        let mut j = 0usize;
        while j <= zh.len() {
            let name = if j == zh.len() { PROVINCES[i] } else { zh[j] };
            let k = key6(name.as_bytes());
            let mut seen = false;
            let mut m = 0usize;
            while m < n {
                if out[m].0 == k {
                    seen = true;
                }
                m += 1;
            }
            if !seen && k != 0 && n < ZH_KEY_CAP {
                out[n] = (k, i as u8);
                n += 1;
            }
            j += 1;
        }
        i += 1;
    }
    (out, n)
}

/// First two characters of every Chinese province name → index in [`PROVINCES`]. No two
/// provinces share them (山西/陕西, 河北/河南, 内蒙古/内蒙 … are all told apart by two
/// characters), so one lookup picks the only candidate.
const ZH_KEYS: ([(u64, u8); ZH_KEY_CAP], usize) = build_zh_keys();

/// The only province whose Chinese names start like `t`.
fn zh_candidate(t: &str) -> Option<usize> {
    let k = t.as_bytes().get(..6).map_or(0, key6);
    if k == 0 {
        return None;
    }
    let (keys, n) = &ZH_KEYS;
    keys.get(..*n)?.iter().find(|(key, _)| *key == k).map(|&(_, i)| usize::from(i))
}

/// A Chinese province cell: exact names, one-character abbreviations, and names with a
/// different administrative suffix (广西省, 新疆自治区, 香港特区).
fn zh_province(t: &str) -> Option<usize> {
    let t = t.strip_prefix("中国").map_or(t, trim_ws);
    let Some(i) = zh_candidate(t) else {
        return ALIASES.iter().position(|a| a.abbr == t);
    };
    let (canon, alias) = (PROVINCES.get(i)?, ALIASES.get(i)?);
    if *canon == t || alias.zh.contains(&t) {
        return Some(i);
    }
    for suffix in ["特别行政区", "自治区", "特区", "省", "市"] {
        if let Some(base) = t.strip_suffix(suffix) {
            if alias.zh.contains(&base) {
                return Some(i);
            }
        }
    }
    None
}

/// Lower-cases the letters and digits of an ASCII cell into `buf`, dropping spaces and
/// `-_.',()`. `None` for other characters or when it does not fit.
fn latin_key<'b>(s: &str, buf: &'b mut [u8; 64]) -> Option<&'b [u8]> {
    let mut out = buf.iter_mut();
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() {
            *out.next()? = c.to_ascii_lowercase();
        } else if !matches!(c, b' ' | b'\t' | b'-' | b'_' | b'.' | b'\'' | b',' | b'(' | b')') {
            return None;
        }
    }
    let len = 64usize.checked_sub(out.len())?;
    buf.get(..len)
}

/// Index of a two-digit administrative code prefix (`33` → 浙江省).
fn admin_code(a: u8, b: u8) -> Option<usize> {
    let code = u8::try_from(d2(a, b)?).ok()?;
    ADMIN_CODES.iter().position(|&c| c == code)
}

/// Exact match of a normalised Latin key: 2-letter code, 6-digit admin code or a name.
fn latin_exact(k: &[u8]) -> Option<usize> {
    match k {
        [a, _] if a.is_ascii_alphabetic() => ALIASES.iter().position(|al| al.codes.iter().any(|c| c.as_bytes() == k)),
        &[a, b, b'0', b'0', b'0', b'0'] => admin_code(a, b),
        _ => ALIASES.iter().position(|al| al.latin.iter().any(|n| n.as_bytes() == k)),
    }
}

/// Suffixes dropped from Latin province names, longest first.
const LATIN_SUFFIXES: [&str; 12] = [
    "specialadministrativeregion",
    "autonomousregion",
    "municipality",
    "autonomous",
    "province",
    "zizhiqu",
    "region",
    "china",
    "sheng",
    "city",
    "sar",
    "shi",
];

/// A Latin (pinyin/English/code) province cell.
fn latin_province(s: &str) -> Option<usize> {
    let mut buf = [0u8; 64];
    let k = latin_key(s, &mut buf)?;
    if let Some(i) = latin_exact(k) {
        return Some(i);
    }
    // ISO 3166-2: CN-ZJ, CN-33.
    if let Some(rest) = k.strip_prefix(b"cn") {
        return match *rest {
            [a, b] if a.is_ascii_digit() => admin_code(a, b),
            [_, _] => latin_exact(rest),
            _ => None,
        };
    }
    let mut cur = k;
    for _ in 0..3 {
        let stripped =
            LATIN_SUFFIXES.iter().find_map(|suf| cur.strip_suffix(suf.as_bytes()).filter(|rest| !rest.is_empty()));
        cur = stripped?;
        if let Some(i) = latin_exact(cur) {
            return Some(i);
        }
    }
    None
}

/// Canonical Chinese province name from any common spelling: full name (浙江省, 广西壮族自治区,
/// 上海市, 内蒙古自治区, 新疆维吾尔自治区, 香港特别行政区…), short name (浙江, 广西, 上海,
/// 内蒙古, 内蒙, 新疆, 香港, 澳门, 台湾), other suffixes (广西省, 香港特区), a `中国` prefix,
/// the one-character abbreviation as a whole cell (浙, 沪, 粤…), pinyin/English in any case and
/// spacing (Zhejiang, ZHEJIANG, zhe jiang, Zhejiang Province, Zhejiang Sheng, Guangxi Zhuang
/// Autonomous Region, Inner Mongolia, Nei Mongol, Neimenggu, Tibet, Xizang, Hong Kong SAR,
/// Macau, Macao, Taiwan, Peking; Shaanxi 陕西 and Shanxi 山西 are distinct), two-letter codes
/// (ISO 3166-2:CN as used by the generator and Shopify; Xizang is read from both XZ and
/// Shopify's YZ), ISO 3166-2 `CN-ZJ` / `CN-33`, and the 6-digit admin code (330000). Runs
/// [`clean`] first. `None` when unknown.
pub fn normalize_province(s: &str) -> Option<&'static str> {
    let t = clean(s);
    if t.is_empty() {
        return None;
    }
    let i = if t.is_ascii() { latin_province(t)? } else { zh_province(t)? };
    province_at(i)
}

/// A short Chinese name followed by one of these is a street or a prefecture, not the province
/// (湖南路, 江苏路, 海南藏族自治州).
fn blocks_short_name(next: Option<char>) -> bool {
    matches!(next, Some('路' | '街' | '道' | '巷' | '藏'))
}

/// Province named at the start of one address part.
fn province_prefix(part: &str) -> Option<&'static str> {
    let t = trim_ws(part);
    let t = t.strip_prefix("中国").map_or(t, trim_ws);
    // Chinese: the longest name of the only candidate province that starts the text.
    if let Some(i) = zh_candidate(t) {
        let (canon, alias) = (PROVINCES.get(i)?, ALIASES.get(i)?);
        let found = core::iter::once(canon).chain(alias.zh.iter()).any(|name| {
            if !t.starts_with(name) {
                return false;
            }
            let is_short = !(name.ends_with('省') || name.ends_with('市') || name.ends_with('区'));
            let next = t.get(name.len()..).and_then(|r| r.chars().next());
            !(is_short && blocks_short_name(next))
        });
        return found.then_some(*canon);
    }
    latin_prefix(t)
}

/// Province named by the leading Latin words of an address (`Inner Mongolia 呼和浩特市 …`),
/// trying the longest run of words first. A two-letter code counts only in upper case.
fn latin_prefix(t: &str) -> Option<&'static str> {
    let b = t.as_bytes();
    // Ends of the first words (letters, with ' . - inside or between them).
    let mut ends = [0usize; 6];
    let mut n = 0usize;
    let mut prev_alpha = false;
    let mut to_end = true;
    for (i, &c) in b.iter().enumerate() {
        let alpha = c.is_ascii_alphabetic();
        if prev_alpha && !alpha {
            if let Some(slot) = ends.get_mut(n) {
                *slot = i;
                n = n.saturating_add(1);
            }
        }
        if n >= ends.len() || !(alpha || matches!(c, b' ' | b'\'' | b'.' | b'-')) {
            to_end = false;
            break;
        }
        prev_alpha = alpha;
    }
    if to_end && prev_alpha {
        if let Some(slot) = ends.get_mut(n) {
            *slot = b.len();
            n = n.saturating_add(1);
        }
    }
    for &end in ends.get(..n)?.iter().rev() {
        let cand = t.get(..end)?;
        if end == 2 && !cand.bytes().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let mut buf = [0u8; 64];
        let key = latin_key(cand, &mut buf)?;
        if let Some(i) = latin_exact(key).or_else(|| latin_province(cand)) {
            return province_at(i);
        }
    }
    None
}

/// Province of a Chinese shipping address as exported: `浙江省 杭州市 西湖区 文三路123号(310012)`,
/// `上海 上海市 浦东新区 …`, `Zhejiang 杭州市 …`, `Inner Mongolia 呼和浩特市 …`, `浙江 杭州市 …`,
/// and without spaces `浙江省杭州市西湖区…`, `广西壮族自治区南宁市…`, `内蒙古呼和浩特市…`,
/// `北京市朝阳区…` (prefix match on the known names, longest first; a short name directly
/// followed by 路/街/道/巷/藏 is a street, not a province). Also Tmall's `姓名，86-手机号，地址`
/// comma form: the last comma-separated part (full-width or ASCII comma) is tried first, then
/// every part in order. Runs [`clean`] first. `None` when no province can be found.
pub fn province_from_address(addr: &str) -> Option<&'static str> {
    let a = clean(addr);
    if a.is_empty() {
        return None;
    }
    let is_sep = |c: char| c == '，' || c == ',';
    if !a.as_bytes().contains(&b',') && !a.contains('，') {
        return province_prefix(a);
    }
    if let Some(p) = a.rsplit(is_sep).next().and_then(province_prefix) {
        return Some(p);
    }
    a.split(is_sep).find_map(province_prefix)
}

// ------------------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    #[test]
    fn clean_table() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("abc", "abc"),
            ("  abc\t", "abc"),
            ("\u{feff}订单编号", "订单编号"),
            ("\u{3000}浙江省\u{3000}", "浙江省"),
            ("\u{a0}12.00\u{a0}", "12.00"),
            ("\r\n x \r\n", "x"),
            ("=\"3631582800001999147\"", "3631582800001999147"),
            (" =\" 123 \" ", "123"),
            ("=\"\"", ""),
            ("=\"", "=\""),
            ("=abc", "=abc"),
            ("'310012", "310012"),
            ("'177****8176", "177****8176"),
            ("''5", "'5"),
            ("'", ""),
            ("\t138****0000", "138****0000"),
            ("\t", ""),
            ("' \t 42 ", "42"),
            ("=\"'1\"", "'1"),
            ("Xi'an", "Xi'an"),
            ("a b", "a b"),
        ];
        for &(input, want) in cases {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn clean_borrows_from_input() {
        let s = String::from("  ='\"x");
        let c = clean(&s);
        let start = s.as_ptr() as usize;
        let p = c.as_ptr() as usize;
        assert!(p >= start && p + c.len() <= start + s.len());
    }

    #[test]
    fn is_missing_table() {
        let yes = [
            "",
            " ",
            "-",
            "--",
            "---",
            "—",
            "–",
            "——",
            "－",
            "null",
            "NULL",
            "Null",
            "None",
            "none",
            "N/A",
            "n/a",
            "#N/A",
            "nil",
            "无",
            "暂无",
            "空",
            "/",
            "\\",
            " \u{3000}- ",
            "'",
            "=\"\"",
            "0000-00-00",
            "0000-00-00 00:00:00",
        ];
        for s in yes {
            assert!(is_missing(s), "is_missing({s:?})");
        }
        let no = ["NaN", "0", "0.00", "a", "无效", "否", "-1", "x-", "nulls", "N", "NA ok", "未知"];
        for s in no {
            assert!(!is_missing(s), "!is_missing({s:?})");
        }
    }

    #[test]
    fn money_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("12.00", Some(1200)),
            ("12", Some(1200)),
            ("0", Some(0)),
            ("0.00", Some(0)),
            ("-3.5", Some(-350)),
            ("1,234.50", Some(123_450)),
            ("12,345,678.9", Some(1_234_567_890)),
            ("¥1,234.50", Some(123_450)),
            ("￥ 1,234.50", Some(123_450)),
            ("￥96.90", Some(9690)),
            ("$12.00", Some(1200)),
            ("12.00元", Some(1200)),
            ("34.00元", Some(3400)),
            ("0元", Some(0)),
            ("12 元", Some(1200)),
            ("RMB 12", Some(1200)),
            ("rmb12", Some(1200)),
            ("CNY12.00", Some(1200)),
            ("12.00 CNY", Some(1200)),
            ("12.00cny", Some(1200)),
            ("12 RMB", Some(1200)),
            ("(12.00)", Some(-1200)),
            ("( ¥12.00 )", Some(-1200)),
            ("（12.00）", Some(-1200)),
            ("1234.5", Some(123_450)),
            (".5", Some(50)),
            ("12.", Some(1200)),
            ("+3", Some(300)),
            ("-¥12", Some(-1200)),
            ("¥-12", Some(-1200)),
            ("- 12", Some(-1200)),
            ("−12", Some(-1200)),
            ("59.900000000000006", Some(5990)),
            ("59.899999999999999", Some(5990)),
            ("0.125", Some(13)),
            ("0.124999", Some(12)),
            ("-0.125", Some(-13)),
            ("0.005", Some(1)),
            ("0.0049", Some(0)),
            ("-0.00", Some(0)),
            ("-0", Some(0)),
            ("007.50", Some(750)),
            ("=\"12.00\"", Some(1200)),
            ("'12.00", Some(1200)),
            (" 12.00 ", Some(1200)),
            ("9999999999999.99", Some(999_999_999_999_999)),
            ("-9999999999999.99", Some(-999_999_999_999_999)),
            ("9999999999999.995", None),
            ("10000000000000", None),
            ("10,000,000,000,000.00", None),
            ("99999999999999999999999", None),
            ("", None),
            ("-", None),
            ("--", None),
            ("abc", None),
            ("12a", None),
            ("1e30", None),
            ("1E3", None),
            ("NaN", None),
            ("nan", None),
            ("inf", None),
            ("-inf", None),
            ("1.2.3", None),
            ("1..2", None),
            ("1,23", None),
            ("1,2345", None),
            (",123", None),
            ("1,,234", None),
            ("1234,567", None),
            ("1,234,56", None),
            ("1.234,50", None),
            ("12,", None),
            (".", None),
            ("+", None),
            ("¥", None),
            ("元", None),
            ("--12", None),
            ("+-12", None),
            ("-(12)", None),
            ("(-12)", None),
            ("¥12元", Some(1200)),
            ("12-", None),
            ("1 234", None),
            ("(12", None),
            ("12)", None),
            ("$$12", None),
            ("１２", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_money_cents(input), want, "parse_money_cents({input:?})");
        }
    }

    #[test]
    fn money_text_round_trip() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let c = (rng.next() % 2_000_000_000_000_000) as i64 - 1_000_000_000_000_000 + 1;
            let (sign, a) = if c < 0 { ("-", -c) } else { ("", c) };
            let plain = format!("{sign}{}.{:02}", a / 100, a % 100);
            assert_eq!(parse_money_cents(&plain), Some(c), "{plain}");
            let grouped = format!("{sign}¥{}.{:02}", group_thousands(a / 100), a % 100);
            assert_eq!(parse_money_cents(&grouped), Some(c), "{grouped}");
        }
    }

    fn group_thousands(mut n: i64) -> String {
        let mut parts = Vec::new();
        loop {
            if n < 1000 {
                parts.push(format!("{n}"));
                break;
            }
            parts.push(format!("{:03}", n % 1000));
            n /= 1000;
        }
        parts.reverse();
        parts.join(",")
    }

    #[test]
    fn money_f64_table() {
        let cases: &[(f64, Option<i64>)] = &[
            (12.0, Some(1200)),
            (0.0, Some(0)),
            (-0.0, Some(0)),
            (59.900000000000006, Some(5990)),
            (96.9, Some(9690)),
            (0.1 + 0.2, Some(30)),
            (1.005, Some(101)),
            (-1.005, Some(-101)),
            (0.125, Some(13)),
            (-0.125, Some(-13)),
            (2.675, Some(268)),
            (0.004, Some(0)),
            (0.005, Some(1)),
            (1e-300, Some(0)),
            (-3.5, Some(-350)),
            (1234.5, Some(123_450)),
            (9_999_999_999_999.99, Some(999_999_999_999_999)),
            (1e13, None),
            (-1e13, None),
            (1e30, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (f64::NEG_INFINITY, None),
            (f64::MAX, None),
            (f64::MIN_POSITIVE, Some(0)),
        ];
        for &(x, want) in cases {
            assert_eq!(money_from_f64(x), want, "money_from_f64({x:?})");
        }
    }

    #[test]
    fn money_f64_round_trip() {
        let mut rng = XorShift(12345);
        for _ in 0..5000 {
            let c = (rng.next() % 2_000_000_000_000_000) as i64 - 1_000_000_000_000_000 + 1;
            let x = c as f64 / 100.0;
            assert_eq!(money_from_f64(x), Some(c), "{c} -> {x:?}");
            // Small amounts too, where the text path is taken for halves.
            let small = (rng.next() % 2_000_000) as i64 - 1_000_000;
            let half = (small as f64 + 0.5) / 100.0;
            let want = if small >= 0 { small + 1 } else { small };
            assert_eq!(money_from_f64(half), Some(want), "{half:?}");
        }
    }

    #[test]
    fn datetime_table() {
        let t = dt(2024, 3, 5, 14, 22, 10);
        let t0 = dt(2024, 3, 5, 14, 22, 0);
        let mid = dt(2024, 3, 5, 0, 0, 0);
        let cases: &[(&str, Option<NaiveDateTime>)] = &[
            ("2024-03-05 14:22:10", Some(t)),
            ("2024-03-05 14:22", Some(t0)),
            ("2024/3/5 14:22", Some(t0)),
            ("2024/12/31 23:58", Some(dt(2024, 12, 31, 23, 58, 0))),
            ("2024/03/05 14:22:10", Some(t)),
            ("2024-03-05T14:22:10", Some(t)),
            ("2024-03-05t14:22:10", Some(t)),
            ("2024-03-05T14:22:10Z", Some(t)),
            ("2024-03-05T14:22:10.123+08:00", Some(t)),
            ("2024-03-05T14:22:10.999999999Z", Some(t)),
            ("2024-03-05 14:22:10,5", Some(t)),
            ("2024-03-05 14:22:10 +0800", Some(t)),
            ("2024-03-05 14:22:10 +0000", Some(t)),
            ("2024-03-05 14:22:10 -05:00", Some(t)),
            ("2024-03-05 14:22:10+08", Some(t)),
            ("2024-03-05 14:22:10 UTC", Some(t)),
            ("2024-03-05 14:22:10 utc", Some(t)),
            ("2024-03-05 14:22:10 GMT+8", Some(t)),
            ("2024-03-05 14:22:10 UTC+08:00", Some(t)),
            ("2024-03-05 14:22:10 CST", Some(t)),
            ("2024-03-05 14:22 +0800", Some(t0)),
            ("2024-03-05", Some(mid)),
            ("2024/3/5", Some(mid)),
            ("2024.3.5", Some(mid)),
            ("2024.03.05 14:22:10", Some(t)),
            ("20240305", Some(mid)),
            ("20240305 14:22:10", Some(t)),
            ("20240305142210", Some(t)),
            ("2024年3月5日", Some(mid)),
            ("2024年03月05日", Some(mid)),
            ("2024年3月5日 14:22:10", Some(t)),
            ("2024年3月5日14:22:10", Some(t)),
            ("2024年3月5号", Some(mid)),
            ("2024-3-5 9:05:07", Some(dt(2024, 3, 5, 9, 5, 7))),
            ("2024-03-05  14:22:10", Some(t)),
            ("2024-03-05 00:00:00", Some(mid)),
            ("2024-02-29 23:59:59", Some(dt(2024, 2, 29, 23, 59, 59))),
            ("1970-01-01 00:00:00", Some(dt(1970, 1, 1, 0, 0, 0))),
            ("2100-12-31 23:59:59", Some(dt(2100, 12, 31, 23, 59, 59))),
            (" 2024-03-05 14:22:10 ", Some(t)),
            ("=\"2024-03-05 14:22:10\"", Some(t)),
            ("'2024-03-05", Some(mid)),
            // rejected
            ("", None),
            ("-", None),
            ("2023-02-30", None),
            ("2023-02-29 10:00:00", None),
            ("2024-13-01", None),
            ("2024-00-10", None),
            ("2024-01-00", None),
            ("2024-03-05 25:00:00", None),
            ("2024-03-05 24:00:00", None),
            ("2024-03-05 14:60:00", None),
            ("2024-03-05 14:22:60", None),
            ("2024-03-05 14", None),
            ("2024-03-05 14:2", None),
            ("2024-03-05 14:222", None),
            ("2024-03-05 123:22", None),
            ("2024-03-05 14:22:10.", None),
            ("2024-03-05 14:22:10.1234567890", None),
            ("2024-03-05 14:22:10 +080", None),
            ("2024-03-05 14:22:10 +", None),
            ("2024-03-05 14:22:10 +25:00", None),
            ("2024-03-05 14:22:10 PST", None),
            ("2024-03-05 14:22:10 abc", None),
            ("2024-03-05T", None),
            ("2024-03-05 ", Some(mid)),
            ("2024-03-05x", None),
            ("2024-03-0514:22:10", None),
            ("2024-03/05", None),
            ("2024-003-05", None),
            ("2024-3-005", None),
            ("24-03-05", None),
            ("02024-03-05", None),
            ("5/3/2024", None),
            ("03/05/2024 14:22", None),
            ("05-12", None),
            ("2024-03", None),
            ("2024", None),
            ("202403051", None),
            ("2024030514221", None),
            ("2024年3月", None),
            ("2024年3月5日 下午2:22", None),
            ("0000-01-01 00:00:00", None),
            ("9999-12-31 23:59:59", None),
            ("1969-12-31 23:59:59", None),
            ("2101-01-01", None),
            ("1900-01-01", None),
            ("abcd-ef-gh ij:kl:mn", None),
            ("2024-03-05 14:22:1x", None),
            ("２０２４-03-05", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_datetime(input), want, "parse_datetime({input:?})");
        }
    }

    #[test]
    fn date_table() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("1990-05-12", Some(date(1990, 5, 12))),
            ("1990/5/12", Some(date(1990, 5, 12))),
            ("1990.5.12", Some(date(1990, 5, 12))),
            ("19900512", Some(date(1990, 5, 12))),
            ("1990年5月12日", Some(date(1990, 5, 12))),
            ("1990-05-12 00:00:00", Some(date(1990, 5, 12))),
            ("2024-03-05 14:22:10 +0800", Some(date(2024, 3, 5))),
            ("1900-01-01", Some(date(1900, 1, 1))),
            ("1952-02-29", Some(date(1952, 2, 29))),
            ("2100-12-31", Some(date(2100, 12, 31))),
            ("1899-12-31", None),
            ("2101-01-01", None),
            ("1953-02-29", None),
            ("1990-05-12 25:00", None),
            ("05-12", None),
            ("5/12", None),
            ("0000-05-12", None),
            ("9999-05-12", None),
            ("", None),
            ("未知", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_date(input), want, "parse_date({input:?})");
        }
    }

    #[test]
    fn fast_path_agrees_with_general() {
        let mut rng = XorShift(777);
        let digits = b"0123456789";
        for _ in 0..20_000 {
            // Mostly plausible digits, sometimes anything.
            let mut b = *b"2024-03-05 14:22:10";
            for (k, slot) in b.iter_mut().enumerate() {
                if matches!(k, 4 | 7 | 10 | 13 | 16) {
                    continue;
                }
                let r = rng.next();
                *slot = if r % 3 == 0 {
                    digits[(r / 3 % 10) as usize]
                } else if r % 97 == 1 {
                    b'x'
                } else {
                    *slot
                };
            }
            let s = core::str::from_utf8(&b).unwrap();
            assert_eq!(parse_fast(&b), parse_general(s), "{s}");
            let suffixes =
                ["", "Z", ".123", " +0800", ".5+08:00", " UTC", "x", " ", ".", "+", ",1", "1", " GMT-5", ".1234567890"];
            let suffix = suffixes[(rng.next() % suffixes.len() as u64) as usize];
            let long = format!("{s}{suffix}");
            assert_eq!(parse_parts(&long), parse_general(clean(&long)), "{long}");
        }
    }

    #[test]
    fn datetime_round_trip() {
        let mut rng = XorShift(4242);
        for _ in 0..3000 {
            let day = (rng.next() % 47_846) as i64; // 1970-01-01 ..= 2100-12-31
            let sec = (rng.next() % 86_400) as u32;
            let d = date(1970, 1, 1) + chrono::Duration::days(day);
            let t = NaiveDateTime::new(d, NaiveTime::from_num_seconds_from_midnight_opt(sec, 0).unwrap());
            let (y, mo, dd) = (d.year(), d.month(), d.day());
            let (h, mi, s) = (sec / 3600, sec / 60 % 60, sec % 60);
            let layouts = [
                format!("{y:04}-{mo:02}-{dd:02} {h:02}:{mi:02}:{s:02}"),
                format!("{y:04}-{mo:02}-{dd:02}T{h:02}:{mi:02}:{s:02}.5Z"),
                format!("{y:04}/{mo}/{dd} {h}:{mi:02}:{s:02}"),
                format!("{y:04}年{mo}月{dd}日 {h:02}:{mi:02}:{s:02}"),
                format!("{y:04}{mo:02}{dd:02}{h:02}{mi:02}{s:02}"),
                format!("{y:04}-{mo}-{dd} {h}:{mi:02}:{s:02} +0800"),
            ];
            for l in &layouts {
                assert_eq!(parse_datetime(l), Some(t), "{l}");
            }
            assert_eq!(parse_date(&layouts[2]), Some(d));
        }
    }

    #[test]
    fn excel_serial_table() {
        let cases: &[(f64, Option<NaiveDateTime>)] = &[
            (45000.5, Some(dt(2023, 3, 15, 12, 0, 0))),
            (45000.0, Some(dt(2023, 3, 15, 0, 0, 0))),
            (25569.0, Some(dt(1970, 1, 1, 0, 0, 0))),
            (25568.999, None),
            (45356.5988425926, Some(dt(2024, 3, 5, 14, 22, 20))),
            (45_356.598_726_851_85, Some(dt(2024, 3, 5, 14, 22, 10))),
            // 0.1 s before midnight rounds to the next day.
            (45000.0 + 86_399.9 / 86_400.0, Some(dt(2023, 3, 16, 0, 0, 0))),
            (73415.0, Some(dt(2100, 12, 31, 0, 0, 0))),
            (73416.0, None),
            (61.0, None),
            (60.0, None),
            (0.0, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
            (1e300, None),
        ];
        for &(x, want) in cases {
            assert_eq!(excel_serial_to_datetime(x), want, "excel_serial_to_datetime({x:?})");
        }
        // The 1900 leap-year bug, below the public range.
        let u = excel_serial_unchecked;
        assert_eq!(u(1.0), Some(dt(1900, 1, 1, 0, 0, 0)));
        assert_eq!(u(59.0), Some(dt(1900, 2, 28, 0, 0, 0)));
        assert_eq!(u(60.0), None);
        assert_eq!(u(61.0), Some(dt(1900, 3, 1, 0, 0, 0)));
        assert_eq!(u(61.25), Some(dt(1900, 3, 1, 6, 0, 0)));
    }

    #[test]
    fn excel_serial_round_trip() {
        let base = date(1899, 12, 30);
        let mut rng = XorShift(99);
        for _ in 0..3000 {
            let day = 25_569 + (rng.next() % 47_846) as i64;
            let sec = (rng.next() % 86_400) as i64;
            let serial = day as f64 + sec as f64 / 86_400.0;
            let want =
                NaiveDateTime::new(base + chrono::Duration::days(day), NaiveTime::MIN) + chrono::Duration::seconds(sec);
            assert_eq!(excel_serial_to_datetime(serial), Some(want), "{serial}");
        }
    }

    #[test]
    fn count_table() {
        let cases: &[(&str, Option<u64>)] = &[
            ("3", Some(3)),
            ("0", Some(0)),
            ("3.0", Some(3)),
            ("3.00", Some(3)),
            ("3件", Some(3)),
            ("3 件", Some(3)),
            ("2个", Some(2)),
            ("79秒", Some(79)),
            ("5 pcs", Some(5)),
            (" 3 ", Some(3)),
            ("+3", Some(3)),
            ("1,200", Some(1200)),
            ("1000000000000", Some(1_000_000_000_000)),
            ("1000000000001", None),
            ("99999999999999999999999", None),
            ("-1", None),
            ("-0", None),
            ("2.5", None),
            ("3.01", None),
            ("abc", None),
            ("3a", None),
            ("", None),
            ("件", None),
            ("1,20", None),
            ("1e3", None),
            ("NaN", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_count(input), want, "parse_count({input:?})");
        }
    }

    #[test]
    fn age_table() {
        let cases: &[(&str, Option<u8>)] = &[
            ("31", Some(31)),
            ("31岁", Some(31)),
            ("31 岁", Some(31)),
            ("31周岁", Some(31)),
            ("31.0", Some(31)),
            ("1", Some(1)),
            ("119", Some(119)),
            ("118", Some(118)),
            (" 16 ", Some(16)),
            ("0", None),
            ("-1", None),
            ("118.5", None),
            ("未知", None),
            ("120", None),
            ("300", None),
            ("", None),
            ("abc", None),
            ("3 1", None),
            ("99999999999999999999999", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_age(input), want, "parse_age({input:?})");
        }
    }

    #[test]
    fn age_at_table() {
        type Ymd = (i32, u32, u32);
        let cases: &[(Ymd, Ymd, Option<u32>)] = &[
            ((1990, 5, 12), (2024, 5, 12), Some(34)),
            ((1990, 5, 12), (2024, 5, 11), Some(33)),
            ((1990, 5, 12), (2024, 12, 31), Some(34)),
            ((1990, 5, 12), (1990, 5, 12), Some(0)),
            ((1990, 5, 12), (1990, 5, 11), None),
            ((2000, 2, 29), (2023, 2, 28), Some(22)),
            ((2000, 2, 29), (2023, 3, 1), Some(23)),
            ((2000, 2, 29), (2024, 2, 28), Some(23)),
            ((2000, 2, 29), (2024, 2, 29), Some(24)),
            ((2000, 3, 1), (2023, 2, 28), Some(22)),
            ((1900, 1, 1), (2100, 12, 31), Some(200)),
        ];
        for &((by, bm, bd), (ay, am, ad), want) in cases {
            assert_eq!(age_at(date(by, bm, bd), date(ay, am, ad)), want, "{by}-{bm}-{bd} at {ay}-{am}-{ad}");
        }
        assert_eq!(
            age_at(NaiveDate::MIN, NaiveDate::MAX),
            u32::try_from(NaiveDate::MAX.year() - NaiveDate::MIN.year()).ok()
        );
    }

    #[test]
    fn bool_table() {
        let cases: &[(&str, Option<bool>)] = &[
            ("是", Some(true)),
            ("否", Some(false)),
            ("Y", Some(true)),
            ("y", Some(true)),
            ("N", Some(false)),
            ("yes", Some(true)),
            ("YES", Some(true)),
            ("No", Some(false)),
            ("true", Some(true)),
            ("TRUE", Some(true)),
            ("False", Some(false)),
            ("FALSE", Some(false)),
            ("T", Some(true)),
            ("f", Some(false)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("接通", Some(true)),
            ("已接通", Some(true)),
            ("未接通", Some(false)),
            ("已接听", Some(true)),
            ("未接听", Some(false)),
            ("成交", Some(true)),
            ("已成交", Some(true)),
            ("未成交", Some(false)),
            ("成功", Some(true)),
            ("失败", Some(false)),
            ("√", Some(true)),
            ("×", Some(false)),
            ("connected", Some(true)),
            ("Connected", Some(true)),
            ("not connected", Some(false)),
            ("Not  Connected", Some(false)),
            ("not_connected", Some(false)),
            ("answered", Some(true)),
            ("no answer", Some(false)),
            ("No-Answer", Some(false)),
            (" 是 ", Some(true)),
            ("有", None),
            ("无", None),
            ("", None),
            ("2", None),
            ("1.0", None),
            ("maybe", None),
            ("yess", None),
            ("是的吗", None),
            ("a very long text that does not fit", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_bool(input), want, "parse_bool({input:?})");
        }
    }

    #[test]
    fn gender_table() {
        use Gender::{Female as F, Male as M, Unknown as U};
        let cases: &[(&str, Gender)] = &[
            ("女", F),
            ("女士", F),
            ("女性", F),
            ("小姐", F),
            ("F", F),
            ("f", F),
            ("female", F),
            ("Female", F),
            ("FEMALE", F),
            ("woman", F),
            ("W", F),
            ("男", M),
            ("男士", M),
            ("男性", M),
            ("先生", M),
            ("M", M),
            ("m", M),
            ("male", M),
            ("Male", M),
            ("man", M),
            (" 男 ", M),
            ("未知", U),
            ("保密", U),
            ("", U),
            ("-", U),
            ("x", U),
            ("男女", U),
            ("females", U),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_gender(input), want, "parse_gender({input:?})");
        }
        assert_eq!(Gender::Female.key(), "女");
        assert_eq!(Gender::Male.key(), "男");
        assert_eq!(Gender::Unknown.key(), "未知");
    }

    #[test]
    fn zh_keys_are_unique_per_province() {
        let (keys, n) = &ZH_KEYS;
        assert!(*n < ZH_KEY_CAP, "ZH_KEYS is full");
        for (i, (canon, alias)) in PROVINCES.iter().zip(ALIASES.iter()).enumerate() {
            for name in core::iter::once(canon).chain(alias.zh.iter()) {
                assert_eq!(zh_candidate(name), Some(i), "{name}");
            }
        }
        let mut ks: Vec<u64> = keys[..*n].iter().map(|k| k.0).collect();
        ks.sort_unstable();
        ks.dedup();
        assert_eq!(ks.len(), *n);
    }

    #[test]
    fn provinces_are_consistent() {
        assert_eq!(PROVINCES.len(), 34);
        assert_eq!(PROVINCES[0], "北京市");
        assert_eq!(PROVINCES[10], "浙江省");
        assert_eq!(PROVINCES[33], "澳门特别行政区");
        for (i, p) in PROVINCES.iter().enumerate() {
            // every canonical name, short name, code, admin code and Latin name maps back
            assert_eq!(normalize_province(p), Some(*p), "{p}");
            let a = &ALIASES[i];
            for z in a.zh {
                assert_eq!(normalize_province(z), Some(*p), "{z}");
            }
            assert_eq!(normalize_province(a.abbr), Some(*p), "{}", a.abbr);
            for l in a.latin {
                assert_eq!(normalize_province(l), Some(*p), "{l}");
                assert_eq!(normalize_province(&l.to_uppercase()), Some(*p), "{l}");
            }
            for c in a.codes {
                assert_eq!(normalize_province(c), Some(*p), "{c}");
                assert_eq!(normalize_province(&format!("CN-{}", c.to_uppercase())), Some(*p));
            }
            let code = ADMIN_CODES[i];
            assert_eq!(normalize_province(&format!("{code}0000")), Some(*p));
            assert_eq!(normalize_province(&format!("CN-{code}")), Some(*p));
            assert_eq!(province_from_address(&format!("{p}某某市某某区")), Some(*p));
            assert_eq!(province_from_address(&format!("{p} 某某市")), Some(*p));
        }
        // no two provinces share a spelling
        let mut all: Vec<String> = Vec::new();
        for a in &ALIASES {
            all.extend(a.latin.iter().map(|s| s.to_string()));
            all.extend(a.codes.iter().map(|s| s.to_string()));
            all.extend(a.zh.iter().map(|s| s.to_string()));
            all.push(a.abbr.to_string());
        }
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn normalize_province_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("浙江省", Some("浙江省")),
            ("浙江", Some("浙江省")),
            (" 浙江省 ", Some("浙江省")),
            ("\u{3000}浙江省", Some("浙江省")),
            ("中国浙江", Some("浙江省")),
            ("浙", Some("浙江省")),
            ("广西壮族自治区", Some("广西壮族自治区")),
            ("广西", Some("广西壮族自治区")),
            ("广西省", Some("广西壮族自治区")),
            ("广西自治区", Some("广西壮族自治区")),
            ("上海市", Some("上海市")),
            ("上海", Some("上海市")),
            ("沪", Some("上海市")),
            ("内蒙古自治区", Some("内蒙古自治区")),
            ("内蒙古", Some("内蒙古自治区")),
            ("内蒙", Some("内蒙古自治区")),
            ("新疆维吾尔自治区", Some("新疆维吾尔自治区")),
            ("新疆", Some("新疆维吾尔自治区")),
            ("新疆自治区", Some("新疆维吾尔自治区")),
            ("宁夏回族自治区", Some("宁夏回族自治区")),
            ("香港特别行政区", Some("香港特别行政区")),
            ("香港", Some("香港特别行政区")),
            ("香港特区", Some("香港特别行政区")),
            ("中国香港", Some("香港特别行政区")),
            ("澳门", Some("澳门特别行政区")),
            ("澳門", Some("澳门特别行政区")),
            ("台湾", Some("台湾省")),
            ("臺灣", Some("台湾省")),
            ("Zhejiang", Some("浙江省")),
            ("ZHEJIANG", Some("浙江省")),
            ("zhe jiang", Some("浙江省")),
            ("Zhejiang Province", Some("浙江省")),
            ("Zhejiang Sheng", Some("浙江省")),
            ("Zhejiang, China", Some("浙江省")),
            ("Zhejiang Province, China", Some("浙江省")),
            ("Guangxi Zhuang Autonomous Region", Some("广西壮族自治区")),
            ("Guangxi", Some("广西壮族自治区")),
            ("Inner Mongolia", Some("内蒙古自治区")),
            ("Inner Mongolia Autonomous Region", Some("内蒙古自治区")),
            ("Nei Mongol", Some("内蒙古自治区")),
            ("Neimenggu", Some("内蒙古自治区")),
            ("Tibet", Some("西藏自治区")),
            ("Tibet Autonomous Region", Some("西藏自治区")),
            ("Xizang", Some("西藏自治区")),
            ("Xinjiang Uygur Autonomous Region", Some("新疆维吾尔自治区")),
            ("Xinjiang Uyghur", Some("新疆维吾尔自治区")),
            ("Ningxia Hui Autonomous Region", Some("宁夏回族自治区")),
            ("Hong Kong", Some("香港特别行政区")),
            ("HongKong", Some("香港特别行政区")),
            ("Hong Kong SAR", Some("香港特别行政区")),
            ("Hong Kong S.A.R.", Some("香港特别行政区")),
            ("Hong Kong Special Administrative Region", Some("香港特别行政区")),
            ("Macau", Some("澳门特别行政区")),
            ("Macao", Some("澳门特别行政区")),
            ("Macao SAR", Some("澳门特别行政区")),
            ("Taiwan", Some("台湾省")),
            ("Shaanxi", Some("陕西省")),
            ("Shanxi", Some("山西省")),
            ("Shan Xi", Some("山西省")),
            ("Shaanxi Province", Some("陕西省")),
            ("Peking", Some("北京市")),
            ("Beijing Shi", Some("北京市")),
            ("Beijing Municipality", Some("北京市")),
            ("Shanghai City", Some("上海市")),
            ("Chongqing", Some("重庆市")),
            ("Sichuan", Some("四川省")),
            ("Szechuan", Some("四川省")),
            ("Heilongjiang", Some("黑龙江省")),
            // Shopify codes (= generator codes, except Xizang YZ vs XZ)
            ("ZJ", Some("浙江省")),
            ("zj", Some("浙江省")),
            ("GD", Some("广东省")),
            ("BJ", Some("北京市")),
            ("SH", Some("上海市")),
            ("JS", Some("江苏省")),
            ("SD", Some("山东省")),
            ("HE", Some("河北省")),
            ("HA", Some("河南省")),
            ("HB", Some("湖北省")),
            ("HN", Some("湖南省")),
            ("HI", Some("海南省")),
            ("NM", Some("内蒙古自治区")),
            ("NX", Some("宁夏回族自治区")),
            ("XJ", Some("新疆维吾尔自治区")),
            ("YZ", Some("西藏自治区")),
            ("XZ", Some("西藏自治区")),
            ("GX", Some("广西壮族自治区")),
            ("GZ", Some("贵州省")),
            ("YN", Some("云南省")),
            ("SC", Some("四川省")),
            ("CQ", Some("重庆市")),
            ("TJ", Some("天津市")),
            ("SX", Some("山西省")),
            ("SN", Some("陕西省")),
            ("GS", Some("甘肃省")),
            ("QH", Some("青海省")),
            ("JL", Some("吉林省")),
            ("LN", Some("辽宁省")),
            ("HL", Some("黑龙江省")),
            ("AH", Some("安徽省")),
            ("FJ", Some("福建省")),
            ("JX", Some("江西省")),
            ("HK", Some("香港特别行政区")),
            ("MO", Some("澳门特别行政区")),
            ("TW", Some("台湾省")),
            ("CN-ZJ", Some("浙江省")),
            ("cn-zj", Some("浙江省")),
            ("CN-33", Some("浙江省")),
            ("CN-11", Some("北京市")),
            ("CN-91", None),
            ("330000", Some("浙江省")),
            ("110000", Some("北京市")),
            ("820000", Some("澳门特别行政区")),
            ("'330000", Some("浙江省")),
            ("330100", None),
            ("990000", None),
            ("33", None),
            ("", None),
            ("-", None),
            ("未知", None),
            ("浙江省杭州市", None),
            ("杭州", None),
            ("Hangzhou", None),
            ("XX", None),
            ("Z", None),
            ("CN", None),
            ("China", None),
            ("Province", None),
            ("Zhejiang/Jiangsu", None),
            ("Zhe-jiang", Some("浙江省")),
            ("an", None),
            ("a very long string of letters that does not fit into the small buffer at all", None),
        ];
        for &(input, want) in cases {
            assert_eq!(normalize_province(input), want, "normalize_province({input:?})");
        }
    }

    /// Every spelling `gen_exports.py` writes, per province of its PROVINCES table:
    /// (expected, full name as written, short, pinyin, Shopify code, first city, first district).
    const GENERATOR: [(&str, &str, &str, &str, &str, &str, &str); 31] = [
        ("广东省", "广东省", "广东", "Guangdong", "GD", "广州市", "天河区"),
        ("浙江省", "浙江省", "浙江", "Zhejiang", "ZJ", "杭州市", "西湖区"),
        ("江苏省", "江苏省", "江苏", "Jiangsu", "JS", "南京市", "玄武区"),
        ("上海市", "上海", "上海", "Shanghai", "SH", "上海市", "浦东新区"),
        ("北京市", "北京", "北京", "Beijing", "BJ", "北京市", "朝阳区"),
        ("山东省", "山东省", "山东", "Shandong", "SD", "济南市", "历下区"),
        ("福建省", "福建省", "福建", "Fujian", "FJ", "福州市", "鼓楼区"),
        ("四川省", "四川省", "四川", "Sichuan", "SC", "成都市", "武侯区"),
        ("河南省", "河南省", "河南", "Henan", "HA", "郑州市", "金水区"),
        ("湖北省", "湖北省", "湖北", "Hubei", "HB", "武汉市", "武昌区"),
        ("湖南省", "湖南省", "湖南", "Hunan", "HN", "长沙市", "岳麓区"),
        ("河北省", "河北省", "河北", "Hebei", "HE", "石家庄市", "长安区"),
        ("安徽省", "安徽省", "安徽", "Anhui", "AH", "合肥市", "蜀山区"),
        ("辽宁省", "辽宁省", "辽宁", "Liaoning", "LN", "沈阳市", "和平区"),
        ("陕西省", "陕西省", "陕西", "Shaanxi", "SN", "西安市", "雁塔区"),
        ("重庆市", "重庆", "重庆", "Chongqing", "CQ", "重庆市", "渝北区"),
        ("天津市", "天津", "天津", "Tianjin", "TJ", "天津市", "南开区"),
        ("江西省", "江西省", "江西", "Jiangxi", "JX", "南昌市", "东湖区"),
        ("广西壮族自治区", "广西壮族自治区", "广西", "Guangxi", "GX", "南宁市", "青秀区"),
        ("云南省", "云南省", "云南", "Yunnan", "YN", "昆明市", "五华区"),
        ("山西省", "山西省", "山西", "Shanxi", "SX", "太原市", "小店区"),
        ("黑龙江省", "黑龙江省", "黑龙江", "Heilongjiang", "HL", "哈尔滨市", "南岗区"),
        ("吉林省", "吉林省", "吉林", "Jilin", "JL", "长春市", "朝阳区"),
        ("贵州省", "贵州省", "贵州", "Guizhou", "GZ", "贵阳市", "云岩区"),
        ("内蒙古自治区", "内蒙古自治区", "内蒙古", "Inner Mongolia", "NM", "呼和浩特市", "新城区"),
        ("新疆维吾尔自治区", "新疆维吾尔自治区", "新疆", "Xinjiang", "XJ", "乌鲁木齐市", "天山区"),
        ("甘肃省", "甘肃省", "甘肃", "Gansu", "GS", "兰州市", "城关区"),
        ("海南省", "海南省", "海南", "Hainan", "HI", "海口市", "龙华区"),
        ("宁夏回族自治区", "宁夏回族自治区", "宁夏", "Ningxia", "NX", "银川市", "兴庆区"),
        ("青海省", "青海省", "青海", "Qinghai", "QH", "西宁市", "城中区"),
        ("西藏自治区", "西藏自治区", "西藏", "Tibet", "XZ", "拉萨市", "城关区"),
    ];

    #[test]
    fn generator_spellings() {
        for &(want, full, short, pinyin, code, city, district) in &GENERATOR {
            let w = Some(want);
            // CRM 省份 / events 省份: full, short, pinyin, padded full
            for cell in [full, short, pinyin] {
                assert_eq!(normalize_province(cell), w, "{cell}");
            }
            assert_eq!(normalize_province(&format!(" {full} ")), w, "padded {full}");
            // Shopify Billing/Shipping Province (code) and Province Name (pinyin)
            assert_eq!(normalize_province(code), w, "{code}");
            // Taobao 收货地址: first token full (municipalities without 市), short or pinyin
            let tail = "文三路123号阳光花园3幢2单元1203室(310012)";
            for token in [full, short, pinyin] {
                let addr = format!("{token} {city} {district} {tail}");
                assert_eq!(province_from_address(&addr), w, "{addr}");
            }
            // without spaces, and the Tmall comma form
            let joined = format!("{full}{city}{district}{tail}");
            assert_eq!(province_from_address(&joined), w, "{joined}");
            let tmall = format!("王芳，86-13800000000，{want} {city} {district} {tail}");
            assert_eq!(province_from_address(&tmall), w, "{tmall}");
        }
    }

    #[test]
    fn address_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("浙江省 杭州市 西湖区 文三路123号(310012)", Some("浙江省")),
            ("上海 上海市 浦东新区 世纪大道1号", Some("上海市")),
            ("Zhejiang 杭州市 西湖区", Some("浙江省")),
            ("Inner Mongolia 呼和浩特市 新城区", Some("内蒙古自治区")),
            ("Hong Kong SAR 九龙", Some("香港特别行政区")),
            ("浙江 杭州市 西湖区", Some("浙江省")),
            ("浙江省杭州市西湖区文三路", Some("浙江省")),
            ("广西壮族自治区南宁市青秀区", Some("广西壮族自治区")),
            ("广西南宁市青秀区", Some("广西壮族自治区")),
            ("内蒙古呼和浩特市", Some("内蒙古自治区")),
            ("内蒙古自治区呼和浩特市", Some("内蒙古自治区")),
            ("内蒙呼和浩特市", Some("内蒙古自治区")),
            ("北京市朝阳区", Some("北京市")),
            ("北京朝阳区", Some("北京市")),
            ("黑龙江省哈尔滨市", Some("黑龙江省")),
            ("陕西省西安市", Some("陕西省")),
            ("山西省太原市", Some("山西省")),
            ("中国 浙江省 杭州市", Some("浙江省")),
            ("中国浙江省杭州市", Some("浙江省")),
            ("香港特别行政区 九龙", Some("香港特别行政区")),
            ("王芳，86-13800000000，浙江省 杭州市 西湖区", Some("浙江省")),
            ("王芳，86-138****0000，广东省深圳市南山区", Some("广东省")),
            ("浙江省 杭州市 西湖区 文三路，123号", Some("浙江省")),
            ("浙江省 杭州市 西湖区 文三路,123号", Some("浙江省")),
            ("123 Wensan Rd, Hangzhou, Zhejiang", Some("浙江省")),
            ("123 Wensan Rd, Hangzhou, Zhejiang, China", Some("浙江省")),
            ("ZJ 杭州市", Some("浙江省")),
            ("Shaanxi Xi'an", Some("陕西省")),
            ("Shanxi Taiyuan", Some("山西省")),
            // not provinces
            ("湖南路123号", None),
            ("江苏路5号", None),
            ("海南藏族自治州共和县", None),
            ("杭州市西湖区", None),
            ("Zj 杭州市", None),
            ("he said", None),
            ("No. 5 Renmin Rd", None),
            ("", None),
            ("-", None),
            ("，，，", None),
            ("王芳，86-138****0000，", None),
        ];
        for &(input, want) in cases {
            assert_eq!(province_from_address(input), want, "province_from_address({input:?})");
        }
    }

    // -------------------------------------------------------------------------------------------
    // Never panics
    // -------------------------------------------------------------------------------------------

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
    }

    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "5",
        "9",
        "00",
        "12",
        "59",
        "60",
        "2024",
        "1970",
        "2100",
        "0000",
        "9999",
        "99999999999999999999",
        "20240305",
        "-",
        "/",
        ".",
        ",",
        ":",
        " ",
        "  ",
        "T",
        "Z",
        "+",
        "年",
        "月",
        "日",
        "¥",
        "￥",
        "$",
        "(",
        ")",
        "（",
        "）",
        "=",
        "\"",
        "'",
        "\t",
        "\u{3000}",
        "\u{feff}",
        "\u{a0}",
        "元",
        "件",
        "岁",
        "周岁",
        "省",
        "市",
        "自治区",
        "特别行政区",
        "浙江",
        "内蒙",
        "内蒙古",
        "广西壮族",
        "中国",
        "，",
        "a",
        "e",
        "E",
        "N",
        "x",
        "NaN",
        "inf",
        "UTC",
        "GMT",
        "RMB",
        "cny",
        "CN",
        "CN-",
        "Inner",
        "Mongolia",
        "Hong",
        "Kong",
        "SAR",
        "Province",
        "zj",
        "ZJ",
        "YZ",
        "是",
        "否",
        "未接通",
        "not",
        "connected",
        "女",
        "男",
        "🙂",
        "é",
        "\u{0}",
        "\u{10ffff}",
        "路",
        "藏",
        "—",
        "−",
        "－",
        "２",
    ];

    fn random_string(rng: &mut XorShift) -> String {
        let mut s = String::new();
        let n = rng.next() % 12;
        for _ in 0..n {
            let r = rng.next();
            if r % 7 == 0 {
                if let Some(c) = char::from_u32((r >> 8) as u32 % 0x11_0000) {
                    s.push(c);
                }
            } else {
                s.push_str(PIECES[(r >> 8) as usize % PIECES.len()]);
            }
        }
        s
    }

    #[test]
    fn never_panics() {
        let mut rng = XorShift(0xDEAD_BEEF_CAFE_F00D);
        for _ in 0..5_000 {
            let s = random_string(&mut rng);
            let c = clean(&s);
            let start = s.as_ptr() as usize;
            assert!(c.as_ptr() as usize >= start && c.as_ptr() as usize + c.len() <= start + s.len());
            let _ = is_missing(&s);
            if let Some(m) = parse_money_cents(&s) {
                assert!(m.abs() < MONEY_LIMIT_CENTS, "{s:?}");
            }
            if let Some(t) = parse_datetime(&s) {
                assert!((1970..=2100).contains(&t.year()), "{s:?}");
            }
            if let Some(d) = parse_date(&s) {
                assert!((1900..=2100).contains(&d.year()), "{s:?}");
            }
            if let Some(n) = parse_count(&s) {
                assert!(n <= 1_000_000_000_000, "{s:?}");
            }
            if let Some(a) = parse_age(&s) {
                assert!((1..=119).contains(&a), "{s:?}");
            }
            let _ = parse_bool(&s);
            let _ = parse_gender(&s).key();
            if let Some(p) = normalize_province(&s) {
                assert!(PROVINCES.contains(&p));
            }
            if let Some(p) = province_from_address(&s) {
                assert!(PROVINCES.contains(&p));
            }
            // every prefix and suffix at a char boundary too
            for (k, _) in s.char_indices() {
                let (a, b) = s.split_at(k);
                for part in [a, b] {
                    let _ = parse_money_cents(part);
                    let _ = parse_datetime(part);
                    let _ = province_from_address(part);
                    let _ = normalize_province(part);
                }
            }
        }
        for _ in 0..20_000 {
            let bits = rng.next();
            for x in [f64::from_bits(bits), (bits % 200_000) as f64 / 7.0 - 1000.0] {
                if let Some(m) = money_from_f64(x) {
                    assert!(m.abs() < MONEY_LIMIT_CENTS);
                }
                if let Some(t) = excel_serial_to_datetime(x) {
                    assert!((1970..=2100).contains(&t.year()));
                }
                let _ = excel_serial_unchecked(x);
            }
            let a = NaiveDate::from_num_days_from_ce_opt((bits % 200_000) as i32 - 100_000);
            let b = NaiveDate::from_num_days_from_ce_opt((bits >> 32) as i32);
            if let (Some(a), Some(b)) = (a, b) {
                let _ = age_at(a, b);
                let _ = age_at(b, a);
            }
        }
    }
}

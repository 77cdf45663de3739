//! Numbers as shops write them: money in integer cents, counts, ages.

use super::text::{clean, strip_prefix_ci, strip_suffix_ci, trim_ws};
use core::fmt::Write as _;

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
pub(super) const MONEY_LIMIT_CENTS: i64 = 1_000_000_000_000_000;

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

#[cfg(test)]
mod tests {
    use super::super::tests::XorShift;
    use super::*;

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
}

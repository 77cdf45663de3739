//! Parsing of single cell values as e-commerce platforms write them.
//!
//! Every function here is pure, never panics on any input and does not allocate: text results
//! borrow from the input, numbers are scanned by hand, and case-insensitive ASCII comparisons use
//! small stack buffers. They are called once per cell, millions of times per file.
//!
//! Conventions:
//! * every parser runs [`clean`] first, so callers may pass raw cells;
//! * money is integer cents (fen), rounded half away from zero;
//! * timestamps are the shop's wall clock ([`NaiveDateTime`](chrono::NaiveDateTime)): a UTC
//!   offset written in the text is ignored, never applied, and fractional seconds are truncated;
//! * provinces are the 34 canonical Chinese names of [`PROVINCES`].

mod choice;
mod datetime;
mod number;
mod province;
mod text;

pub use crate::model::{Gender, PROVINCES};
pub use choice::{parse_bool, parse_gender};
pub use datetime::{age_at, excel_serial_to_datetime, parse_date, parse_datetime};
pub use number::{money_from_f64, parse_age, parse_count, parse_money_cents};
pub use province::{normalize_province, province_from_address};
pub use text::{clean, is_missing};

#[cfg(test)]
mod tests {
    use super::datetime::excel_serial_unchecked;
    use super::number::MONEY_LIMIT_CENTS;
    use super::*;
    use chrono::{Datelike, NaiveDate};

    // -------------------------------------------------------------------------------------------
    // Never panics
    // -------------------------------------------------------------------------------------------

    /// A tiny deterministic generator for the random tests of the parsers.
    pub(super) struct XorShift(pub(super) u64);

    impl XorShift {
        pub(super) fn next(&mut self) -> u64 {
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

//! Dates and times as the shop's wall clock, in every layout the platforms write, Excel serial
//! dates, and ages from birthdays.

use super::text::clean;
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

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
pub(super) fn d2(a: u8, b: u8) -> Option<u32> {
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
pub(super) fn excel_serial_unchecked(serial: f64) -> Option<NaiveDateTime> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::XorShift;
    use super::*;

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap()
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
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
}

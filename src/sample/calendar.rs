//! The shop's calendar: the window of days ending on the as-of day, each day's weight (growth,
//! weekday, the promotion days 38节 / 618 / 99 / 双11 / 双12, the Chinese New Year trough), the
//! hour-of-day curve, and timestamps written as the platforms write them.
//!
//! A timestamp is whole seconds since 00:00 of the window's first day, on the shop's wall clock.

use super::rng::{cumulative, Rng};
use super::tables::HOUR_W;
use chrono::{Datelike, Duration, NaiveDate};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Chinese New Year's days the window may cover (the trough is −8 … +6 days around them).
const NEW_YEAR: [(i32, u32, u32); 12] = [
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
];

/// The window and its seasonality.
pub struct Clock {
    /// The first day.
    pub start: NaiveDate,
    /// Days in the window, the as-of day included.
    pub days: i64,
    /// 23:59:59 of the as-of day: nothing is later.
    pub now: i64,
    /// 0 = a normal day, 1 = promotion, 2 = the big promotion day (11/11, 6/18).
    pub promo: Vec<u8>,
    /// Weekday of each day, Monday = 0.
    pub weekday: Vec<u8>,
    /// `YYYY-MM-DD` of each day (and 60 days past the window, for times that run over).
    dates: Vec<[u8; 10]>,
    /// (year, month, day) of each day, for Excel's `2024/3/5`.
    ymd: Vec<(i32, u32, u32)>,
    /// Cumulative day weights, from 0: `day_cw[d + 1] - day_cw[d]` is day d's weight.
    day_cw: Vec<f64>,
    hour_cw: Vec<f64>,
}

impl Clock {
    /// The window of `days` days ending on `as_of`.
    pub fn new(as_of: NaiveDate, days: i64) -> Clock {
        let start = as_of - Duration::days(days - 1);
        let mut weights = Vec::with_capacity(days as usize);
        let mut promo = Vec::with_capacity(days as usize);
        let mut weekday = Vec::with_capacity(days as usize);
        let mut dates = Vec::with_capacity(days as usize + 60);
        let mut ymd = Vec::with_capacity(days as usize + 60);
        let new_years: Vec<NaiveDate> =
            NEW_YEAR.iter().filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)).collect();
        for i in 0..days + 60 {
            let d = start + Duration::days(i);
            let mut s = [b'0'; 10];
            let text = format!("{:04}-{:02}-{:02}", d.year().clamp(0, 9999), d.month(), d.day());
            s.copy_from_slice(text.as_bytes().get(..10).unwrap_or(b"0000-00-00"));
            dates.push(s);
            ymd.push((d.year(), d.month(), d.day()));
            if i >= days {
                continue;
            }
            let wd = d.weekday().num_days_from_monday() as usize;
            let mut f = 1.0 + 0.35 * i as f64 / days.max(1) as f64; // the business grows
            f *= [1.08, 1.0, 0.97, 0.96, 0.98, 1.03, 1.1][wd];
            let md = (d.month(), d.day());
            let (factor, p) = match md {
                (11, 11) => (9.0, 2),
                (10, 24..=26) | (10, 31) | (11, 1..=3) => (2.6, 1),
                (11, 4..=10) => (1.4, 1),
                (6, 18) => (5.0, 2),
                (5, 31) | (6, 1) => (3.0, 1),
                (6, 2..=17) => (1.35, 1),
                (12, 12) => (2.6, 1),
                (3, 8) => (2.2, 1),
                (9, 9) => (1.6, 1),
                (11, 12) => (1.6, 0),
                _ => (1.0, 0),
            };
            f *= factor;
            if new_years.iter().any(|&ny| (-8..=6).contains(&(d - ny).num_days())) {
                f *= 0.45;
            }
            weights.push(f);
            promo.push(p);
            weekday.push(wd as u8);
        }
        let mut day_cw = vec![0.0];
        day_cw.extend(cumulative(weights));
        Clock {
            start,
            days,
            now: days * DAY - 1,
            promo,
            weekday,
            dates,
            ymd,
            day_cw,
            hour_cw: cumulative(HOUR_W.iter().copied()),
        }
    }

    /// The promotion level of the day of `ts`.
    pub fn promo_at(&self, ts: i64) -> u8 {
        self.promo.get((ts / DAY) as usize).copied().unwrap_or(0)
    }

    /// A day in [d0, d1] drawn by the days' weights.
    pub fn day_in(&self, rng: &mut Rng, d0: i64, d1: i64) -> i64 {
        let d1 = d1.min(self.days - 1);
        if d1 <= d0 {
            return d0.max(0);
        }
        let (a, b) = (self.cw(d0), self.cw(d1 + 1));
        let x = a + rng.f64() * (b - a);
        // the last d with day_cw[d] <= x
        let d = self.day_cw.partition_point(|&c| c <= x) as i64 - 1;
        d.clamp(d0, d1)
    }

    fn cw(&self, d: i64) -> f64 {
        self.day_cw.get(d.max(0) as usize).copied().unwrap_or(0.0)
    }

    /// A second of the day by the hour-of-day curve; the big promotion days have a midnight rush.
    pub fn sec_of_day(&self, rng: &mut Rng, day: i64) -> i64 {
        if self.promo.get(day as usize) == Some(&2) && rng.chance(0.35) {
            return rng.range(0, 5400);
        }
        let h = rng.weighted(&self.hour_cw) as i64;
        h * 3600 + rng.range(0, 3600)
    }

    /// A seasonal moment in [d0, d1].
    pub fn moment(&self, rng: &mut Rng, d0: i64, d1: i64) -> i64 {
        let d = self.day_in(rng, d0, d1);
        d * DAY + self.sec_of_day(rng, d)
    }

    /// `YYYY-MM-DD` of day `d` (clamped to the table).
    pub fn date(&self, d: i64) -> &str {
        let i = (d.max(0) as usize).min(self.dates.len().saturating_sub(1));
        self.dates.get(i).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("0000-00-00")
    }

    /// Appends `YYYY-MM-DD HH:MM:SS`.
    pub fn push(&self, out: &mut String, ts: i64) {
        let (d, s) = (ts.div_euclid(DAY), ts.rem_euclid(DAY));
        out.push_str(self.date(d));
        out.push(' ');
        push2(out, s / 3600);
        out.push(':');
        push2(out, s / 60 % 60);
        out.push(':');
        push2(out, s % 60);
    }

    /// Appends what Excel shows for the timestamp after opening a CSV: `2024/3/5 14:22`.
    pub fn push_excel(&self, out: &mut String, ts: i64) {
        let (d, s) = (ts.div_euclid(DAY), ts.rem_euclid(DAY));
        let i = (d.max(0) as usize).min(self.ymd.len().saturating_sub(1));
        let (y, m, dd) = self.ymd.get(i).copied().unwrap_or((2000, 1, 1));
        use std::fmt::Write;
        let _ = write!(out, "{y}/{m}/{dd} ");
        push2(out, s / 3600);
        out.push(':');
        push2(out, s / 60 % 60);
    }
}

/// Appends a number below 100 as two digits.
pub fn push2(out: &mut String, n: i64) {
    let n = n.clamp(0, 99) as u8;
    out.push(char::from(b'0' + n / 10));
    out.push(char::from(b'0' + n % 10));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> Clock {
        Clock::new(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(), 731)
    }

    #[test]
    fn the_window_ends_on_the_as_of_day() {
        let c = clock();
        assert_eq!(c.start, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        let mut s = String::new();
        c.push(&mut s, c.now);
        assert_eq!(s, "2024-12-31 23:59:59");
        s.clear();
        c.push_excel(&mut s, 63 * DAY + 14 * 3600 + 22 * 60 + 10);
        assert_eq!(s, "2023/3/5 14:22");
        assert_eq!(c.weekday[0], 6); // 2023-01-01 was a Sunday
    }

    #[test]
    fn double_eleven_outsells_a_normal_day_and_new_year_is_a_trough() {
        let c = clock();
        let mut r = Rng::new(1);
        let mut per_day = vec![0u32; 731];
        for _ in 0..200_000 {
            let d = c.day_in(&mut r, 0, 730);
            per_day[d as usize] += 1;
        }
        let d1111 = (NaiveDate::from_ymd_opt(2024, 11, 11).unwrap() - c.start).num_days() as usize;
        let d1120 = d1111 + 9;
        let cny = (NaiveDate::from_ymd_opt(2024, 2, 10).unwrap() - c.start).num_days() as usize;
        assert!(per_day[d1111] > 5 * per_day[d1120], "{} {}", per_day[d1111], per_day[d1120]);
        assert!(per_day[cny] * 3 < per_day[cny + 30] * 2);
        assert_eq!(c.promo[d1111], 2);
        for _ in 0..1000 {
            let d = c.day_in(&mut r, 100, 105);
            assert!((100..=105).contains(&d));
            assert!((0..DAY).contains(&c.sec_of_day(&mut r, d)));
        }
    }
}

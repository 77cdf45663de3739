//! What the change-over-time sections (repurchase, cohorts, trends, periods, migration) share:
//! the calendar (months `YYYY-MM`, ISO weeks `YYYY-Www`), the periods of the trend windows as a
//! table by day, the valid orders by day, and what the sections need of every customer's sales
//! from one walk of them ([`Summary`]). The sales come grouped by customer and sorted by day from
//! the aggregate ([`Grouped`]: a counting sort by the dense customer id, made while each range
//! of customers is summed), and the buyers' interest periods are marked in the one pass over the
//! interest events ([`Events`]): nothing here hashes, sorts every order or walks them again.

use super::customers::{DaySale, Grouped};
use super::events::Events;
use super::tiering::each_chunk;
use super::Context;
use chrono::{Datelike, NaiveDate};
use std::cell::RefCell;

/// Day number of 1970-01-01 in chrono's days-from-CE count.
const EPOCH_CE: i64 = 719_163;

/// Periods listed by `trends.day`, `trends.week` and `trends.month`.
pub const TREND_DAYS: usize = 30;
/// ISO weeks listed by `trends.week`.
pub const TREND_WEEKS: usize = 26;
/// Months listed by `trends.month` (and cohorts).
pub const TREND_MONTHS: usize = 24;

/// "Not in this window" in a [`Windows`] table.
pub const OUT: u8 = u8::MAX;

/// The date of a day number.
pub fn date_of(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + EPOCH_CE).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The day number of a date.
fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - EPOCH_CE
}

/// Months since year 0 (`year * 12 + month - 1`) of a day number.
pub fn month_of(day: i64) -> i64 {
    date_of(day).map_or(0, |d| i64::from(d.year()) * 12 + i64::from(d.month0()))
}

/// The first day of a month (months since year 0).
pub fn month_start(month: i64) -> i64 {
    let (y, m) = (month.div_euclid(12), month.rem_euclid(12));
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, u32::try_from(m + 1).unwrap_or(1), 1))
        .map_or(0, day_number)
}

/// `YYYY-MM` of a month (months since year 0).
pub fn month_text(month: i64) -> String {
    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// The Monday of a day's ISO week (1970-01-01 was a Thursday).
pub fn monday(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// `YYYY-Www` (ISO year and week) of a day's week.
pub fn week_text(day: i64) -> String {
    date_of(day).map(|d| d.iso_week()).map_or_else(String::new, |w| format!("{:04}-W{:02}", w.year(), w.week()))
}

/// The trend windows of as_of: the 30 days ending at as_of, the 26 ISO weeks ending with its
/// week, the 24 months ending with its month; each day from the earliest of their starts to
/// as_of mapped to its period in each (oldest period 0).
#[derive(Debug, Clone)]
pub struct Windows {
    /// as_of.
    pub as_of: i64,
    /// The first day in the table.
    pub lo: i64,
    /// The first day of each listed day, week and month, oldest first.
    pub starts: [Vec<i64>; 3],
    /// The month (since year 0) of the oldest listed month.
    pub month0: i64,
    /// By `day - lo`: the day's period index in the day, week and month window, or [`OUT`].
    table: Vec<[u8; 3]>,
}

impl Windows {
    /// The windows of as_of.
    pub fn new(as_of: i64) -> Windows {
        let days: Vec<i64> = (0..TREND_DAYS as i64).map(|k| as_of - (TREND_DAYS as i64 - 1) + k).collect();
        let last_week = monday(as_of);
        let weeks: Vec<i64> = (0..TREND_WEEKS as i64).map(|k| last_week - 7 * (TREND_WEEKS as i64 - 1 - k)).collect();
        let month0 = month_of(as_of) - (TREND_MONTHS as i64 - 1);
        let months: Vec<i64> = (0..TREND_MONTHS as i64).map(|k| month_start(month0 + k)).collect();
        let lo = [days.first(), weeks.first(), months.first()].into_iter().flatten().copied().min().unwrap_or(as_of);
        let span = usize::try_from(as_of - lo + 1).unwrap_or(0);
        let mut table = vec![[OUT; 3]; span];
        for (g, starts) in [&days, &weeks, &months].into_iter().enumerate() {
            for (k, start) in starts.iter().enumerate() {
                let end = starts.get(k + 1).copied().unwrap_or(as_of + 1);
                for d in (*start).max(lo)..end.min(as_of + 1) {
                    if let Some(e) = usize::try_from(d - lo).ok().and_then(|i| table.get_mut(i)) {
                        if let Some(x) = e.get_mut(g) {
                            *x = k as u8;
                        }
                    }
                }
            }
        }
        Windows { as_of, lo, starts: [days, weeks, months], month0, table }
    }

    /// A day's period index in the day, week and month windows ([`OUT`] when outside).
    #[inline]
    pub fn periods(&self, day: i64) -> [u8; 3] {
        if day > self.as_of {
            return [OUT; 3];
        }
        usize::try_from(day - self.lo).ok().and_then(|i| self.table.get(i)).copied().unwrap_or([OUT; 3])
    }

    /// The labels of the periods of window `g` (0 day, 1 week, 2 month), oldest first.
    pub fn labels(&self, g: usize) -> Vec<String> {
        match g {
            0 => self.starts[0].iter().map(|d| super::day_text(*d)).collect(),
            1 => self.starts[1].iter().map(|d| week_text(*d)).collect(),
            _ => (0..TREND_MONTHS as i64).map(|k| month_text(self.month0 + k)).collect(),
        }
    }
}

/// The valid orders of every customer (on or before as_of), grouped by customer in the order of
/// `ctx.customers` and sorted by day (made while the aggregates were summed:
/// [`Grouped`]); and the valid orders and revenue of every day from a first day to as_of,
/// keyless orders included.
#[derive(Debug, Clone)]
pub struct Sales<'a> {
    grouped: &'a Grouped,
    /// The first day of `daily`.
    lo: i64,
    /// By `day - lo`: valid orders and their revenue.
    daily: Vec<(u64, i64)>,
}

impl<'a> Sales<'a> {
    /// The grouped sales of `ctx`, totalled by day from `lo` on.
    pub fn new(ctx: &'a Context<'a>, lo: i64) -> Sales<'a> {
        let g = &ctx.grouped;
        let span = usize::try_from(ctx.s.as_of - lo + 1).unwrap_or(0);
        let mut daily = vec![(0u64, 0i64); span];
        for x in g.all().iter().chain(&g.keyless) {
            if let Some(d) = usize::try_from(x.day - lo).ok().and_then(|i| daily.get_mut(i)) {
                d.0 += 1;
                d.1 += x.revenue;
            }
        }
        Sales { grouped: g, lo, daily }
    }

    /// The sales of `ctx.customers[i]`, sorted by day.
    pub fn of(&self, i: usize) -> &'a [DaySale] {
        self.grouped.of(i)
    }

    /// Valid orders (keyless ones included) and their revenue on each day from `from` to `to`
    /// (days before the first day of the totals count for nothing).
    pub fn between(&self, from: i64, to: i64) -> (u64, i64) {
        let i = |d: i64| usize::try_from((d - self.lo).max(0)).unwrap_or(0).min(self.daily.len());
        self.daily.get(i(from)..i(to + 1)).unwrap_or(&[]).iter().fold((0, 0), |a, d| (a.0 + d.0, a.1 + d.1))
    }

    /// Valid orders and revenue of each day from the first day of the totals, with the day.
    pub fn days(&self) -> impl Iterator<Item = (i64, u64, i64)> + '_ {
        self.daily.iter().enumerate().map(|(i, d)| (self.lo + i as i64, d.0, d.1))
    }
}

/// What the change sections need of every customer's sales, from one pass over them (each
/// pass over 400k customers and 900k sales costs as much as the counting it does).
#[derive(Debug, Clone)]
pub struct Summary {
    /// Customers by valid orders 1, 2, 3, 4, 5+: count and revenue.
    pub buckets: [(u64, i64); 5],
    /// Days from the first to the second valid order of each repeat customer.
    pub second: DayCounts,
    /// Days between consecutive valid orders of every customer.
    pub gaps: DayCounts,
    /// By cohort (month of the window), by month of the window: customers with an order.
    pub retained: [[u64; TREND_MONTHS]; TREND_MONTHS],
    /// By cohort, by month: their revenue.
    pub cohort_revenue: [[i64; TREND_MONTHS]; TREND_MONTHS],
    /// By window (day, week, month), by period: customers with a valid order in it.
    pub customers: [Vec<u64>; 3],
    /// By window, by period: customers whose first valid order is in it.
    pub new_customers: [Vec<u64>; 3],
    /// Current and previous period of the `periods` section: customers, new customers, and
    /// customers with an interest event and a valid order in the period.
    pub periods: [[u64; 3]; 2],
    /// The customers of `migration.from` with their aggregates then (items and region are not
    /// needed then and left 0 and none), and their index in `ctx.customers`: read by
    /// [`Before`](super::migration::Before) once, and let go then ([`Summary::release_then`]),
    /// so that what runs after the migration (the prediction) reuses their memory.
    then: RefCell<Then>,
}

/// The customers of `migration.from`, a column each: what their RFM scores and lifecycle stage
/// then read (36 bytes a customer; an aggregate each was 56, and the scoring copied three of
/// its fields into columns anyway).
#[derive(Debug, Clone, Default)]
pub struct Then {
    /// The last valid order's day on or before D minus D: the recency at D negated, as the
    /// scores read it (larger is better).
    pub minus_recency: Vec<i64>,
    /// Valid orders on or before D.
    pub orders: Vec<i64>,
    /// Their revenue in cents.
    pub revenue: Vec<i64>,
    /// Day of the first valid order.
    pub first: Vec<i64>,
    /// Index in `ctx.customers`.
    pub at: Vec<u32>,
}

impl Then {
    fn with_capacity(n: usize) -> Then {
        Then {
            minus_recency: Vec::with_capacity(n),
            orders: Vec::with_capacity(n),
            revenue: Vec::with_capacity(n),
            first: Vec::with_capacity(n),
            at: Vec::with_capacity(n),
        }
    }
}

impl Summary {
    /// The customers of `migration.from` (empty once released).
    pub fn then(&self) -> std::cell::Ref<'_, Then> {
        self.then.borrow()
    }

    /// Lets go of the customers of `migration.from` (their stages and segments then are made).
    pub fn release_then(&self) {
        self.then.take();
    }
}

impl Summary {
    /// One pass over every customer's sales (`events`: what the buyers did in the interest
    /// events, when an interest file was read).
    pub fn new(ctx: &Context<'_>, sales: &Sales, w: &Windows, events: Option<&Events>) -> Summary {
        let (as_of, n, from) = (ctx.s.as_of, ctx.s.periods_days, ctx.s.migration_from);
        let mut out = Summary {
            buckets: [(0, 0); 5],
            second: DayCounts::default(),
            gaps: DayCounts::default(),
            retained: [[0; TREND_MONTHS]; TREND_MONTHS],
            cohort_revenue: [[0; TREND_MONTHS]; TREND_MONTHS],
            customers: [vec![0; TREND_DAYS], vec![0; TREND_WEEKS], vec![0; TREND_MONTHS]],
            new_customers: [vec![0; TREND_DAYS], vec![0; TREND_WEEKS], vec![0; TREND_MONTHS]],
            periods: [[0; 3]; 2],
            then: RefCell::new(Then::default()),
        };
        let mut then = Then::with_capacity(ctx.customers.len());
        each_chunk(&ctx.customers, &mut |start, chunk| {
            for (i, c) in (start..).zip(chunk) {
                let s = sales.of(i);
                let b = usize::try_from(c.orders.clamp(1, 5) - 1).unwrap_or(0);
                if let Some(e) = out.buckets.get_mut(b) {
                    e.0 += 1;
                    e.1 += c.revenue;
                }
                if let (Some(x), Some(y)) = (s.first(), s.get(1)) {
                    out.second.add(y.day - x.day);
                }
                let first = w.periods(c.first);
                for (counts, k) in out.new_customers.iter_mut().zip(first) {
                    if let Some(x) = counts.get_mut(usize::from(k)) {
                        *x += 1;
                    }
                }
                let cohort = usize::from(first[2]);
                // sales are sorted by day, so their periods never go back: a customer is counted in
                // a period at their first sale in it
                let mut last = [OUT; 3];
                let (mut bought, mut prev_day, mut k_then, mut rev_then) = (0u8, None, 0usize, 0i64);
                for x in s {
                    if let Some(d) = prev_day {
                        out.gaps.add(x.day - d);
                    }
                    prev_day = Some(x.day);
                    if x.day <= from {
                        k_then += 1;
                        rev_then += x.revenue;
                    }
                    bought |= period_bit(as_of, n, x.day);
                    let p = w.periods(x.day);
                    if p == [OUT; 3] {
                        continue;
                    }
                    let new_month = p[2] != last[2];
                    for ((counts, k), seen) in out.customers.iter_mut().zip(p).zip(last.iter_mut()) {
                        if k != *seen {
                            if let Some(e) = counts.get_mut(usize::from(k)) {
                                *e += 1;
                            }
                            *seen = k;
                        }
                    }
                    if let Some(r) = out.cohort_revenue.get_mut(cohort).and_then(|r| r.get_mut(usize::from(p[2]))) {
                        *r += x.revenue;
                    }
                    // the cohort retains the customer in each month they ordered in
                    if new_month {
                        if let Some(e) = out.retained.get_mut(cohort).and_then(|r| r.get_mut(usize::from(p[2]))) {
                            *e += 1;
                        }
                    }
                }
                let looked = events.map_or(0, |e| e.periods(c.id as usize));
                let new = period_bit(as_of, n, c.first);
                for (k, e) in out.periods.iter_mut().enumerate() {
                    let bit = 1u8 << k;
                    e[0] += u64::from(bought & bit != 0);
                    e[1] += u64::from(new & bit != 0);
                    e[2] += u64::from(bought & looked & bit != 0);
                }
                if let (Some(f), Some(l)) = (s.first(), k_then.checked_sub(1).and_then(|k| s.get(k))) {
                    then.minus_recency.push(l.day - from);
                    then.orders.push(k_then as i64);
                    then.revenue.push(rev_then);
                    then.first.push(f.day);
                    then.at.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
        });
        out.then.replace(then);
        out
    }
}

/// Counts of whole numbers of days (`counts[v]` values equal to `v`): how many there are, their
/// sum, and the value at a rank.
#[derive(Debug, Clone, Default)]
pub struct DayCounts {
    counts: Vec<u64>,
    total: u64,
    sum: u128,
}

impl DayCounts {
    /// Counts one value (negative values cannot occur: days are sorted).
    pub fn add(&mut self, v: i64) {
        let Ok(i) = usize::try_from(v) else { return };
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        if let Some(c) = self.counts.get_mut(i) {
            *c += 1;
            self.total += 1;
            self.sum += i as u128;
        }
    }

    /// How many values.
    pub fn len(&self) -> u64 {
        self.total
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The value at 0-based rank `r` of the sorted values.
    fn at(&self, r: u64) -> Option<f64> {
        let mut seen = 0u64;
        for (v, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen > r {
                return Some(v as f64);
            }
        }
        None
    }

    /// The `q` quantile with linear interpolation, as numpy's default (the same arithmetic as
    /// [`stats::quantile_sorted`](crate::stats::quantile_sorted) on the two neighbours).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let last = self.total.checked_sub(1)?;
        let h = last as f64 * q;
        let i = h.floor();
        let a = self.at(i as u64)?;
        let b = if (i as u64) < last { self.at(i as u64 + 1)? } else { a };
        crate::stats::quantile_sorted(&[a, b], h - i)
    }

    /// The mean.
    pub fn mean(&self) -> Option<f64> {
        (self.total > 0).then(|| self.sum as f64 / self.total as f64)
    }
}

/// Period bits of the `periods` section: a day in the current period, in the previous one.
pub const CURRENT: u8 = 1;
/// See [`CURRENT`].
pub const PREVIOUS: u8 = 2;

/// Where a day falls in the periods of the `periods` section: [`CURRENT`], [`PREVIOUS`] or 0.
#[inline]
pub fn period_bit(as_of: i64, days: i64, day: i64) -> u8 {
    let d = as_of - day;
    if (0..days).contains(&d) {
        CURRENT
    } else if (days..2 * days).contains(&d) {
        PREVIOUS
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::parse_day;

    fn day(s: &str) -> i64 {
        parse_day(s).unwrap()
    }

    #[test]
    fn months_and_iso_weeks_read_as_the_calendar_says() {
        assert_eq!(month_text(month_of(day("2024-02-29"))), "2024-02");
        assert_eq!(month_start(month_of(day("2024-02-29"))), day("2024-02-01"));
        assert_eq!(month_start(month_of(day("2024-01-15")) - 1), day("2023-12-01"));
        // 2024-12-30 (a Monday) starts ISO week 1 of 2025; 2021-01-03 (a Sunday) is in 2020-W53
        assert_eq!(monday(day("2025-01-01")), day("2024-12-30"));
        assert_eq!(week_text(day("2024-12-31")), "2025-W01");
        assert_eq!(week_text(day("2021-01-03")), "2020-W53");
        assert_eq!(week_text(day("2021-01-04")), "2021-W01");
        assert_eq!(monday(day("1970-01-01")), day("1969-12-29"));
    }

    #[test]
    fn windows_list_every_period_and_map_each_day_to_its_own() {
        let as_of = day("2025-01-02"); // a Thursday
        let w = Windows::new(as_of);
        let days = w.labels(0);
        assert_eq!((days.len(), days[0].as_str(), days[29].as_str()), (30, "2024-12-04", "2025-01-02"));
        let weeks = w.labels(1);
        // the last week spans the year end: ISO year 2025, week 1
        assert_eq!((weeks.len(), weeks[25].as_str(), weeks[24].as_str()), (26, "2025-W01", "2024-W52"));
        let months = w.labels(2);
        assert_eq!((months.len(), months[0].as_str(), months[23].as_str()), (24, "2023-02", "2025-01"));
        assert_eq!(w.periods(day("2024-12-31")), [27, 25, 22]);
        assert_eq!(w.periods(day("2024-12-29")), [25, 24, 22]);
        assert_eq!(w.periods(day("2024-07-08")), [OUT, 0, 17]);
        assert_eq!(w.periods(day("2024-07-07")), [OUT, OUT, 17]);
        assert_eq!(w.periods(day("2023-02-01")), [OUT, OUT, 0]);
        assert_eq!(w.periods(day("2023-01-31")), [OUT; 3]);
        assert_eq!(w.periods(as_of + 1), [OUT; 3]);
    }

    #[test]
    fn period_bits_split_the_two_periods() {
        assert_eq!(period_bit(100, 30, 100), CURRENT);
        assert_eq!(period_bit(100, 30, 71), CURRENT);
        assert_eq!(period_bit(100, 30, 70), PREVIOUS);
        assert_eq!(period_bit(100, 30, 41), PREVIOUS);
        assert_eq!(period_bit(100, 30, 40), 0);
        assert_eq!(period_bit(100, 30, 101), 0);
    }
}

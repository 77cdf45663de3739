//! Trends (日/周/月增量): orders, revenue, customers, new customers, interested and newly
//! interested buyers per day (30), ISO week (26) and month (24), every period listed.

use super::analysis::Analysis;
use super::money;
use super::timeline::{Windows, TREND_DAYS, TREND_MONTHS, TREND_WEEKS};
use crate::model::Kind;
use crate::report::{TrendRow, Trends};

/// Counts per period of one window.
#[derive(Debug, Clone, Copy, Default)]
struct Period {
    orders: u64,
    revenue: i64,
    customers: u64,
    new_customers: u64,
    interested: u64,
    new_interested: u64,
}

/// The section: null without orders and interest files.
pub fn section(a: &Analysis<'_>) -> Option<Trends> {
    let ctx = a.ctx;
    let has_interest = ctx.store.has(Kind::Interest);
    if !ctx.has_orders && !has_interest {
        return None;
    }
    let w: &Windows = a.windows();
    let mut g: [Vec<Period>; 3] = [
        vec![Period::default(); TREND_DAYS],
        vec![Period::default(); TREND_WEEKS],
        vec![Period::default(); TREND_MONTHS],
    ];
    if ctx.has_orders {
        let sales = a.sales();
        for (day, n, revenue) in sales.days() {
            for (periods, k) in g.iter_mut().zip(w.periods(day)) {
                if let Some(p) = periods.get_mut(usize::from(k)) {
                    p.orders += n;
                    p.revenue += revenue;
                }
            }
        }
        let t = a.summary();
        for (periods, (all, new)) in g.iter_mut().zip(t.customers.iter().zip(&t.new_customers)) {
            for (p, (all, new)) in periods.iter_mut().zip(all.iter().zip(new)) {
                p.customers = *all;
                p.new_customers = *new;
            }
        }
    }
    if has_interest {
        let i = a.interested();
        for ((periods, all), new) in g.iter_mut().zip(&i.windows).zip(&i.new) {
            for ((p, all), new) in periods.iter_mut().zip(all).zip(new) {
                p.interested = *all;
                p.new_interested = *new;
            }
        }
    }
    let orders = ctx.has_orders;
    let rows = |gi: usize| -> Vec<TrendRow> {
        w.labels(gi)
            .into_iter()
            .zip(g.get(gi).map_or(&[][..], Vec::as_slice))
            .map(|(period, p)| TrendRow {
                period,
                orders: orders.then_some(p.orders),
                revenue: orders.then(|| money(p.revenue)),
                customers: orders.then_some(p.customers),
                new_customers: orders.then_some(p.new_customers),
                interested: has_interest.then_some(p.interested),
                new_interested: has_interest.then_some(p.new_interested),
            })
            .collect()
    };
    Some(Trends { day: rows(0), week: rows(1), month: rows(2) })
}

#[cfg(test)]
mod tests {
    use crate::metrics::testing::{report, store};
    use crate::report::TrendRow;

    fn row<'a>(rows: &'a [TrendRow], period: &str) -> &'a TrendRow {
        rows.iter().find(|r| r.period == period).unwrap()
    }

    #[test]
    fn a_week_across_the_year_end_is_of_the_iso_year_and_every_period_is_listed() {
        // as_of 2025-01-02: e orders on Dec 30 and Jan 1, f on Dec 29, and a keyless order
        let orders = [
            ("e", "2024-12-30", 1000, true),
            ("f", "2024-12-29", 500, true),
            ("e", "2025-01-01", 2000, true),
            ("", "2025-01-02", 100, true),
        ];
        let events = [("e", "2024-12-31"), ("g", "2024-12-20"), ("g", "2025-01-02")];
        let t = report(&store(Some(&orders), Some(&events)), "{}").unwrap().trends.unwrap();
        assert_eq!((t.day.len(), t.week.len(), t.month.len()), (30, 26, 24));
        let w = |p| {
            let r = row(&t.week, p);
            (r.orders, r.revenue.as_deref(), r.customers, r.new_customers, r.interested, r.new_interested)
        };
        // Mon 2024-12-30 .. Sun 2025-01-05 is 2025-W01
        assert_eq!(t.week[25].period, "2025-W01");
        assert_eq!(w("2025-W01"), (Some(3), Some("31.00"), Some(1), Some(1), Some(2), Some(1)));
        assert_eq!(w("2024-W52"), (Some(1), Some("5.00"), Some(1), Some(1), Some(0), Some(0)));
        assert_eq!(w("2024-W51"), (Some(0), Some("0.00"), Some(0), Some(0), Some(1), Some(1)));
        let m = |p| {
            let r = row(&t.month, p);
            (r.orders, r.revenue.as_deref(), r.customers, r.new_customers, r.interested, r.new_interested)
        };
        assert_eq!(m("2025-01"), (Some(2), Some("21.00"), Some(1), Some(0), Some(1), Some(0)));
        assert_eq!(m("2024-12"), (Some(2), Some("15.00"), Some(2), Some(2), Some(2), Some(2)));
        assert_eq!(m("2023-02"), (Some(0), Some("0.00"), Some(0), Some(0), Some(0), Some(0)));
        let d = row(&t.day, "2025-01-02");
        assert_eq!((d.orders, d.customers, d.interested), (Some(1), Some(0), Some(1)));
        assert_eq!(t.day[0].period, "2024-12-04");
    }

    #[test]
    fn fields_of_an_absent_input_are_null() {
        let t = report(&store(Some(&[("e", "2024-12-30", 1000, true)]), None), "{}").unwrap().trends.unwrap();
        assert!(t.month.iter().all(|r| r.interested.is_none() && r.new_interested.is_none() && r.orders.is_some()));
        let t = report(&store(None, Some(&[("g", "2024-12-20")])), "{}").unwrap().trends.unwrap();
        assert!(t.day.iter().all(|r| r.orders.is_none() && r.revenue.is_none() && r.interested.is_some()));
        assert_eq!(row(&t.day, "2024-12-20").new_interested, Some(1));
    }
}

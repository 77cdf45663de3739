//! This period against the one before: the `periods.days` days ending at as_of against the
//! `periods.days` days before them, with the relative change of each number and a two-proportion
//! z-test of the conversion rates.

use super::analysis::Analysis;
use super::repurchase::{cents_ratio, rate};
use super::{day_text, money};
use crate::model::Kind;
use crate::report::{PeriodChange, PeriodRow, Periods, ZTest};
use crate::stats;

/// The counts of one period.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    orders: u64,
    revenue: i64,
    customers: u64,
    new_customers: u64,
    interested: u64,
    converted: u64,
}

/// `(now - before) / before`, None when `before` is 0 or either is missing.
fn change(now: Option<f64>, before: Option<f64>) -> Option<f64> {
    match (now, before) {
        (Some(a), Some(b)) if b != 0.0 => Some((a - b) / b),
        _ => None,
    }
}

/// The section: null without orders and interest files.
pub fn section(a: &Analysis<'_>) -> Option<Periods> {
    let ctx = a.ctx;
    let has_interest = ctx.store.has(Kind::Interest);
    let orders = ctx.has_orders;
    if !orders && !has_interest {
        return None;
    }
    let (as_of, n) = (ctx.s.as_of, ctx.s.periods_days);
    // index 0 current, 1 previous
    let mut p = [Counts::default(); 2];
    if orders {
        for (k, x) in p.iter_mut().enumerate() {
            let to = as_of - n * k as i64;
            (x.orders, x.revenue) = a.sales().between(to - n + 1, to);
        }
    }
    if has_interest {
        for (x, n) in p.iter_mut().zip(a.interested().periods) {
            x.interested = n;
        }
    }
    if orders {
        for (x, [customers, new, converted]) in p.iter_mut().zip(a.summary().periods) {
            (x.customers, x.new_customers, x.converted) = (customers, new, converted);
        }
    }
    let aov = |x: &Counts| if orders { cents_ratio(x.revenue, x.orders) } else { None };
    let row = |k: usize, x: &Counts| {
        let to = as_of - n * k as i64;
        PeriodRow {
            from: day_text(to - n + 1),
            to: day_text(to),
            orders: orders.then_some(x.orders),
            revenue: orders.then(|| money(x.revenue)),
            aov: aov(x).map(money),
            customers: orders.then_some(x.customers),
            new_customers: orders.then_some(x.new_customers),
            interested: has_interest.then_some(x.interested),
            converted: has_interest.then_some(x.converted),
            conversion_rate: if has_interest { rate(x.converted, x.interested) } else { None },
        }
    };
    let [cur, prev] = p;
    let (current, previous) = (row(0, &cur), row(1, &prev));
    let num = |v: Option<u64>| v.map(|v| v as f64);
    let rev = |x: &Counts| orders.then_some(x.revenue as f64);
    let cents = |x: &Counts| aov(x).map(|c| c as f64);
    let test = if has_interest {
        stats::two_proportion_z(cur.converted, cur.interested, prev.converted, prev.interested)
    } else {
        None
    };
    let change = PeriodChange {
        orders: change(num(current.orders), num(previous.orders)),
        revenue: change(rev(&cur), rev(&prev)),
        aov: change(cents(&cur), cents(&prev)),
        customers: change(num(current.customers), num(previous.customers)),
        new_customers: change(num(current.new_customers), num(previous.new_customers)),
        interested: change(num(current.interested), num(previous.interested)),
        conversion_rate: match (current.conversion_rate, previous.conversion_rate) {
            (Some(a), Some(b)) => Some(a - b),
            _ => None,
        },
    };
    Some(Periods {
        days: u32::try_from(n).unwrap_or(u32::MAX),
        current,
        previous,
        change,
        conversion_test: ZTest { z: test.map(|t| t.0), p_value: test.map(|t| t.1) },
    })
}

#[cfg(test)]
mod tests {
    use crate::metrics::testing::{report, store, SHOP};
    use crate::stats;

    #[test]
    fn this_week_against_the_last() {
        // as_of 2024-03-10; current Mar 4–10, previous Feb 26 – Mar 3. x never orders; c's
        // order of Mar 1 is not valid, so c does not convert in the previous week.
        let events =
            [("a", "2024-03-09"), ("c", "2024-03-08"), ("x", "2024-03-07"), ("d", "2024-03-02"), ("c", "2024-02-27")];
        let p = report(&store(Some(SHOP), Some(&events)), r#"{"periods":{"days":7}}"#).unwrap().periods.unwrap();
        let (c, v) = (&p.current, &p.previous);
        assert_eq!(
            (p.days, c.from.as_str(), c.to.as_str(), v.from.as_str(), v.to.as_str()),
            (7, "2024-03-04", "2024-03-10", "2024-02-26", "2024-03-03")
        );
        // a 30.01, d 3 × 1.00, the keyless 5.00; d's first order was the week before
        assert_eq!(
            (c.orders, c.revenue.as_deref(), c.aov.as_deref(), c.customers, c.new_customers),
            (Some(5), Some("38.01"), Some("7.60"), Some(2), Some(0))
        );
        assert_eq!(
            (v.orders, v.revenue.as_deref(), v.aov.as_deref(), v.customers, v.new_customers),
            (Some(3), Some("3.00"), Some("1.00"), Some(1), Some(1))
        );
        assert_eq!((c.interested, c.converted, c.conversion_rate), (Some(3), Some(1), Some(1.0 / 3.0)));
        assert_eq!((v.interested, v.converted, v.conversion_rate), (Some(2), Some(1), Some(0.5)));
        let ch = &p.change;
        assert_eq!((ch.orders, ch.revenue, ch.aov), (Some(2.0 / 3.0), Some(3501.0 / 300.0), Some(6.6)));
        assert_eq!((ch.customers, ch.new_customers, ch.interested), (Some(1.0), Some(-1.0), Some(0.5)));
        assert_eq!(ch.conversion_rate, Some(1.0 / 3.0 - 0.5));
        let (z, pv) = stats::two_proportion_z(1, 3, 1, 2).unwrap();
        assert_eq!((p.conversion_test.z, p.conversion_test.p_value), (Some(z), Some(pv)));
    }

    #[test]
    fn a_change_from_nothing_and_an_undefined_test_are_null() {
        // one day against the day before: nothing on Mar 9
        let p = report(&store(Some(SHOP), Some(&[("a", "2024-03-10")])), r#"{"periods":{"days":1}}"#)
            .unwrap()
            .periods
            .unwrap();
        assert_eq!((p.previous.orders, p.previous.aov.as_deref(), p.previous.conversion_rate), (Some(0), None, None));
        assert_eq!(
            (p.change.orders, p.change.aov, p.change.interested, p.change.conversion_rate),
            (None, None, None, None)
        );
        assert_eq!((p.conversion_test.z, p.conversion_test.p_value), (None, None));
        // without an interest file: the interest fields are null
        let p = report(&store(Some(SHOP), None), "{}").unwrap().periods.unwrap();
        assert_eq!((p.current.interested, p.current.converted, p.current.conversion_rate), (None, None, None));
        let e = report(&store(Some(SHOP), None), r#"{"periods":{"days":0}}"#).unwrap_err().to_string();
        assert!(e.starts_with("config: periods.days"), "{e}");
    }
}

//! This period against the one before: the `periods.days` days ending at as_of against the
//! `periods.days` days before them, with the relative change of each number and a two-proportion
//! z-test of the conversion rates.

use super::analysis::Analysis;
use super::repurchase::{cents_ratio, rate};
use super::timeline::{period_bit, CURRENT, PREVIOUS};
use super::{day_text, money};
use crate::model::Kind;
use crate::report::{PeriodChange, PeriodRow, Periods, ZTest};
use crate::stats;
use crate::store::day_of;

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
    let slot = |bit: u8| match bit {
        CURRENT => Some(0usize),
        PREVIOUS => Some(1),
        _ => None,
    };
    if orders {
        for o in ctx.orders.iter().filter(|o| o.valid) {
            if let Some(x) = slot(period_bit(as_of, n, day_of(o.created))).and_then(|i| p.get_mut(i)) {
                x.orders += 1;
                x.revenue += o.revenue();
            }
        }
    }
    let marks = has_interest.then(|| a.marks());
    if let Some(m) = marks {
        for bits in &m.periods {
            for (i, x) in p.iter_mut().enumerate() {
                x.interested += u64::from(bits & (1 << i) != 0);
            }
        }
    }
    if orders {
        let sales = a.sales();
        for (i, c) in ctx.customers.iter().enumerate() {
            let bought = sales.of(i).iter().fold(0u8, |b, s| b | period_bit(as_of, n, s.day));
            let looked = marks.and_then(|m| m.periods.get(c.id as usize)).copied().unwrap_or(0);
            let first = period_bit(as_of, n, c.first);
            for (k, x) in p.iter_mut().enumerate() {
                let bit = 1u8 << k;
                x.customers += u64::from(bought & bit != 0);
                x.new_customers += u64::from(first & bit != 0);
                x.converted += u64::from(bought & looked & bit != 0);
            }
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

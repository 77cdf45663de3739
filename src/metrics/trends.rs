//! Trends (日/周/月增量): orders, revenue, customers, new customers, interested and newly
//! interested buyers per day (30), ISO week (26) and month (24), every period listed.

use super::analysis::Analysis;
use super::money;
use super::timeline::{Windows, OUT, TREND_DAYS, TREND_MONTHS, TREND_WEEKS};
use crate::model::Kind;
use crate::report::{TrendRow, Trends};
use crate::store::day_of;

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

/// Adds 1 to `field` of the period of every set bit of `bits`.
fn count_bits(mut bits: u32, periods: &mut [Period], field: fn(&mut Period) -> &mut u64) {
    while bits != 0 {
        if let Some(p) = periods.get_mut(bits.trailing_zeros() as usize) {
            *field(p) += 1;
        }
        bits &= bits - 1;
    }
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
        for o in ctx.orders.iter().filter(|o| o.valid) {
            for (periods, k) in g.iter_mut().zip(w.periods(day_of(o.created))) {
                if let Some(p) = periods.get_mut(usize::from(k)) {
                    p.orders += 1;
                    p.revenue += o.revenue();
                }
            }
        }
        let sales = a.sales();
        for (i, c) in ctx.customers.iter().enumerate() {
            let mut bits = [0u32; 3];
            for s in sales.of(i) {
                for (b, k) in bits.iter_mut().zip(w.periods(s.day)) {
                    if k != OUT {
                        *b |= 1 << k;
                    }
                }
            }
            for ((periods, b), k) in g.iter_mut().zip(bits).zip(w.periods(c.first)) {
                count_bits(b, periods, |p| &mut p.customers);
                if let Some(p) = periods.get_mut(usize::from(k)) {
                    p.new_customers += 1;
                }
            }
        }
    }
    if has_interest {
        let marks = a.marks();
        for bits in &marks.windows {
            for (periods, b) in g.iter_mut().zip(bits) {
                count_bits(*b, periods, |p| &mut p.interested);
            }
        }
        let days = ctx.interest_days();
        for c in 0..days.len() {
            let Some(first) = days.first(c) else { continue };
            for (periods, k) in g.iter_mut().zip(w.periods(first)) {
                if let Some(p) = periods.get_mut(usize::from(k)) {
                    p.new_interested += 1;
                }
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

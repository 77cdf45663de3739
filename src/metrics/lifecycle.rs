//! new / active / sleeping / lost: each customer in exactly one stage, first match wins.

use super::analysis::Analysis;
use super::{money, share, within, CustomerAgg, Settings};
use crate::report::StageRow;

/// The stages, in order.
pub const STAGES: [&str; 4] = ["new", "active", "sleeping", "lost"];

/// The stage index of a customer.
pub fn stage(c: &CustomerAgg, s: &Settings) -> usize {
    stage_of(c.first, c.recency, s)
}

/// The stage index of a customer whose first valid order was on day `first` and last
/// `recency` days before as_of.
pub fn stage_of(first: i64, recency: i64, s: &Settings) -> usize {
    if within(s.as_of, first, s.new_days) {
        0
    } else if recency < s.active_days {
        1
    } else if recency < s.sleeping_days {
        2
    } else {
        3
    }
}

/// The section: all four stages, in order.
pub fn section(a: &Analysis<'_>) -> Vec<StageRow> {
    let ctx = a.ctx;
    let mut n = [0u64; 4];
    let mut rev = [0i64; 4];
    for c in &ctx.customers {
        let i = stage(c, &ctx.s);
        if let (Some(a), Some(b)) = (n.get_mut(i), rev.get_mut(i)) {
            *a += 1;
            *b += c.revenue;
        }
    }
    let total_n: u64 = n.iter().sum();
    let total_rev: i64 = rev.iter().sum();
    STAGES
        .iter()
        .zip(n.iter().zip(rev.iter()))
        .map(|(st, (n, r))| StageRow {
            stage: (*st).to_string(),
            customers: *n,
            revenue: money(*r),
            customer_share: share(*n, total_n),
            revenue_share: share((*r).max(0) as u64, total_rev.max(0) as u64),
        })
        .collect()
}

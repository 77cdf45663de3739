//! Cohorts: customers by the month of their first valid order (the 24 months ending with as_of's
//! month, oldest first, empty months listed), and how many of them ordered, and for how much, in
//! each month since.

use super::analysis::Analysis;
use super::money;
use super::timeline::{month_of, month_text, OUT, TREND_MONTHS};
use crate::report::Cohort;

/// The section: null without an orders file.
pub fn section(a: &Analysis<'_>) -> Option<Vec<Cohort>> {
    let ctx = a.ctx;
    if !ctx.has_orders {
        return None;
    }
    let (w, sales) = (a.windows(), a.sales());
    // by cohort, by month of the window: customers who ordered, their revenue
    let mut retained = [[0u64; TREND_MONTHS]; TREND_MONTHS];
    let mut revenue = [[0i64; TREND_MONTHS]; TREND_MONTHS];
    for (i, c) in ctx.customers.iter().enumerate() {
        let Ok(k) = usize::try_from(month_of(c.first) - w.month0) else { continue };
        let (Some(ret), Some(rev)) = (retained.get_mut(k), revenue.get_mut(k)) else { continue };
        let mut months = 0u32;
        for s in sales.of(i) {
            let m = w.periods(s.day)[2];
            if m == OUT {
                continue;
            }
            months |= 1 << m;
            if let Some(r) = rev.get_mut(usize::from(m)) {
                *r += s.revenue;
            }
        }
        while months != 0 {
            if let Some(r) = ret.get_mut(months.trailing_zeros() as usize) {
                *r += 1;
            }
            months &= months - 1;
        }
    }
    Some(
        retained
            .iter()
            .zip(&revenue)
            .enumerate()
            .map(|(k, (ret, rev))| Cohort {
                cohort: month_text(w.month0 + k as i64),
                customers: ret.get(k).copied().unwrap_or(0),
                retained: ret.get(k..).unwrap_or(&[]).to_vec(),
                revenue: rev.get(k..).unwrap_or(&[]).iter().map(|r| money(*r)).collect(),
            })
            .collect(),
    )
}

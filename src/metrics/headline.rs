//! The four numbers of a seller CRM home page.

use super::{within, Context};
use crate::model::Kind;
use crate::report::Headline;
use crate::store::day_of;
use rustc_hash::FxHashMap as HashMap;

/// The headline; null when neither orders, interest nor customers were read.
pub fn headline(ctx: &Context<'_>) -> Option<Headline> {
    let s = &ctx.s;
    let has = |k: Kind| ctx.ws.files.iter().any(|f| f.summary.kind == Some(k));
    let (interested, new) = if has(Kind::Interest) {
        // first event day of each buyer (on or before as_of), and whether in the window;
        // customer ids are dense, so plain vectors
        let n = ctx.ws.customers.len();
        let mut first: Vec<i64> = vec![i64::MAX; n];
        let mut recent: Vec<bool> = vec![false; n];
        for f in &ctx.ws.files {
            for e in &f.table.interest {
                let d = day_of(e.time);
                if d > s.as_of {
                    continue;
                }
                let i = e.customer as usize;
                if let Some(v) = first.get_mut(i) {
                    *v = (*v).min(d);
                }
                if within(s.as_of, d, s.interest_days) {
                    if let Some(r) = recent.get_mut(i) {
                        *r = true;
                    }
                }
            }
        }
        let new = recent.iter().zip(&first).filter(|(r, f)| **r && **f == s.as_of).count() as u64;
        (Some(recent.iter().filter(|r| **r).count() as u64), Some(new))
    } else {
        (None, None)
    };
    let transacted = ctx
        .has_orders
        .then(|| ctx.customers.iter().filter(|c| within(s.as_of, c.last, s.transacted_days)).count() as u64);
    let members = if has(Kind::Customers) {
        let mut seen = HashMap::default();
        for f in &ctx.ws.files {
            for p in &f.table.profiles {
                seen.entry(p.customer).or_insert(p.member_level);
            }
        }
        Some(seen.values().filter(|l| l.is_some_and(|l| l >= 1)).count() as u64)
    } else {
        None
    };
    if interested.is_none() && transacted.is_none() && members.is_none() {
        return None;
    }
    Some(Headline { interested_30d: interested, interested_new_1d: new, transacted_365d: transacted, members })
}

//! The four numbers of a seller CRM home page.

use super::analysis::Analysis;
use super::within;
use crate::model::Kind;
use crate::report::Headline;
use rustc_hash::FxHashMap as HashMap;

/// The headline; null when neither orders, interest nor customers were read.
pub fn section(a: &Analysis<'_>) -> Option<Headline> {
    let ctx = a.ctx;
    let s = &ctx.s;
    let has = |k: Kind| ctx.store.has(k);
    let (interested, new) = if has(Kind::Interest) {
        let people = a.people();
        (Some(people.recent), Some(people.new_today))
    } else {
        (None, None)
    };
    let transacted = ctx
        .has_orders
        .then(|| ctx.customers.iter().filter(|c| within(s.as_of, c.last, s.transacted_days)).count() as u64);
    // only a customers file with a member-level column can say who is a member (a Shopify
    // customers export has none: null, not 0)
    let levels = ctx
        .store
        .files
        .iter()
        .any(|f| f.summary.kind == Some(Kind::Customers) && f.summary.columns.contains_key("member_level"));
    let members = if levels {
        let mut seen = HashMap::default();
        for t in ctx.store.tables() {
            for p in &t.profiles {
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

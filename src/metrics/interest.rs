//! Interest in depth (metrics.md Part 2): in the conversion window, the events, and per action
//! the buyers who did it and how many of them bought, with a Wilson interval.

use super::analysis::Analysis;
use crate::model::{Action, Kind};
use crate::report::{ActionRow, InterestSection};
use crate::stats;

/// The section: null without interest events.
pub fn section(a: &Analysis<'_>) -> Option<InterestSection> {
    let ctx = a.ctx;
    if !ctx.store.has(Kind::Interest) {
        return None;
    }
    let events = ctx.interest_days();
    let ordered = ctx.ordered_in_window();
    let mut buyers = [0u64; 4];
    let mut converted = [0u64; 4];
    for c in 0..events.len() {
        for act in Action::ALL {
            if events.did(c, act) {
                let i = act as usize;
                if let (Some(b), Some(x)) = (buyers.get_mut(i), converted.get_mut(i)) {
                    *b += 1;
                    *x += u64::from(ordered.get(c).copied().unwrap_or(false));
                }
            }
        }
    }
    let by_action = Action::ALL
        .iter()
        .zip(buyers.iter().zip(&converted).zip(&events.in_window))
        .map(|(act, ((&n, &x), &ev))| {
            let ci = stats::wilson(x, n, stats::Z95);
            ActionRow {
                action: act.key().to_string(),
                events: ev,
                buyers: n,
                converted: x,
                rate: (n > 0).then(|| x as f64 / n as f64),
                ci_low: ci.map(|c| c.0),
                ci_high: ci.map(|c| c.1),
            }
        })
        .collect();
    Some(InterestSection {
        window_days: u32::try_from(ctx.s.conversion_days).unwrap_or(u32::MAX),
        events: events.in_window.iter().sum(),
        by_action,
    })
}

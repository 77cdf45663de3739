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
    // people who did each action in the conversion window, and of them those who bought in it
    let counts = a.people().by_action;
    let by_action = Action::ALL
        .iter()
        .zip(&events.in_window)
        .map(|(act, &ev)| {
            let (n, x) = counts.get(*act as usize).copied().unwrap_or((0, 0));
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

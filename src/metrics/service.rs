//! After-sales service KPIs: overall, by ticket type, by channel.

use super::analysis::Analysis;
use super::{share, Context};
use crate::report::{Service, ServiceRow};
use crate::stats;
use crate::store::{day_of, Ticket, NO_LABEL};
use std::collections::BTreeMap;

/// The type of complaint tickets.
pub const COMPLAINT: [&str; 2] = ["投诉", "complaint"];

fn row(ctx: &Context<'_>, key: Option<String>, ts: &[&Ticket]) -> ServiceRow {
    let mut first: Vec<f64> = ts
        .iter()
        .filter_map(|t| t.first_response.map(|r| r - t.created))
        .filter(|d| *d >= 0)
        .map(|d| d as f64 / 60.0)
        .collect();
    first.sort_by(f64::total_cmp);
    let mut resolution: Vec<f64> = ts
        .iter()
        .filter(|t| t.is_resolved)
        .filter_map(|t| t.resolved.map(|r| r - t.created))
        .filter(|d| *d >= 0)
        .map(|d| d as f64 / 3600.0)
        .collect();
    resolution.sort_by(f64::total_cmp);
    let scores: Vec<f64> = ts.iter().filter_map(|t| t.satisfaction.map(f64::from)).collect();
    let n = ts.len() as u64;
    let complaints = ts
        .iter()
        .filter(|t| {
            t.ticket_type != NO_LABEL
                && COMPLAINT.contains(&ctx.store.labels.name(t.ticket_type).to_lowercase().as_str())
        })
        .count() as u64;
    ServiceRow {
        key,
        tickets: n,
        first_response_minutes_median: stats::median_sorted(&first),
        first_response_minutes_p90: stats::quantile_sorted(&first, 0.9),
        resolution_hours_median: stats::median_sorted(&resolution),
        resolution_rate: share(ts.iter().filter(|t| t.is_resolved).count() as u64, n),
        satisfaction_mean: stats::mean(&scores),
        satisfaction_count: scores.len() as u64,
        complaint_share: share(complaints, n),
    }
}

fn label(ctx: &Context<'_>, id: u32) -> String {
    if id == NO_LABEL {
        "未知".to_string()
    } else {
        ctx.store.labels.name(id).to_string()
    }
}

/// The section: null without a tickets file.
pub fn section(a: &Analysis<'_>) -> Option<Service> {
    let ctx = a.ctx;
    if !ctx.store.has(crate::model::Kind::Tickets) {
        return None;
    }
    let ts: Vec<&Ticket> =
        ctx.store.tables().flat_map(|t| t.tickets.iter()).filter(|t| day_of(t.created) <= ctx.s.as_of).collect();
    let group = |f: &dyn Fn(&Ticket) -> u32| {
        let mut g: BTreeMap<String, Vec<&Ticket>> = BTreeMap::new();
        for t in &ts {
            g.entry(label(ctx, f(t))).or_default().push(t);
        }
        g.into_iter().map(|(k, v)| row(ctx, Some(k), &v)).collect()
    };
    Some(Service {
        overall: row(ctx, None, &ts),
        by_type: group(&|t| t.ticket_type),
        by_channel: group(&|t| t.channel),
    })
}

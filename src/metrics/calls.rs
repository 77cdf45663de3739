//! Outbound calls: connect rate and order rate by hour of day, ISO weekday and agent, with the
//! same statistics as conversion (order rate tested; connect rate with its own interval and its
//! own chi-square).

use super::analysis::Analysis;
use super::groups::{chi_out, compare, Counts};
use super::share;
use crate::config::{CallDim, CallsConfig};
use crate::error::Result;
use crate::report::{CallBreakdown, CallGroup, Calls};
use crate::stats;
use crate::store::{day_of, NO_LABEL};
use chrono::{Datelike, Timelike};
use std::collections::BTreeMap;

/// The section: null without a calls file.
pub fn section(a: &Analysis<'_>, cfg: Option<&CallsConfig>) -> Result<Option<Calls>> {
    let ctx = a.ctx;
    let by: Vec<CallDim> = cfg.and_then(|c| c.by.clone()).unwrap_or_else(|| CallDim::ALL.to_vec());
    if !ctx.store.has(crate::model::Kind::Calls) {
        return Ok(None);
    }
    let calls: Vec<&crate::store::Call> =
        ctx.store.tables().flat_map(|t| t.calls.iter()).filter(|c| day_of(c.time) <= ctx.s.as_of).collect();
    let n = calls.len() as u64;
    let connected = calls.iter().filter(|c| c.connected).count() as u64;
    let ordered = calls.iter().filter(|c| c.ordered).count() as u64;
    let mut breakdowns = Vec::new();
    for b in &by {
        // key → (calls, connected, ordered); numeric dimensions sort numerically
        let mut g: BTreeMap<(i64, String), (u64, u64, u64)> = BTreeMap::new();
        for c in &calls {
            let t = chrono::DateTime::from_timestamp(c.time, 0).map(|d| d.naive_utc());
            let key = match b {
                CallDim::Hour => t.map_or((-1, String::new()), |t| (i64::from(t.hour()), t.hour().to_string())),
                CallDim::Weekday => t.map_or((-1, String::new()), |t| {
                    let d = t.weekday().number_from_monday();
                    (i64::from(d), d.to_string())
                }),
                CallDim::Agent => (
                    0,
                    if c.agent == NO_LABEL { "未知".to_string() } else { ctx.store.labels.name(c.agent).to_string() },
                ),
            };
            let e = g.entry(key).or_insert((0, 0, 0));
            e.0 += 1;
            e.1 += u64::from(c.connected);
            e.2 += u64::from(c.ordered);
        }
        let order_counts: Vec<Counts> =
            g.iter().map(|((_, k), (n, _, o))| Counts { key: k.clone(), n: *n, x: *o }).collect();
        let (tested, chi) = compare(&order_counts);
        let connect_table: Vec<[u64; 2]> = g.values().map(|(n, c, _)| [*c, n - c]).collect();
        let groups = g
            .values()
            .zip(tested)
            .map(|((n, c, _), t)| {
                let cci = stats::wilson(*c, *n, stats::Z95);
                CallGroup {
                    key: t.key,
                    calls: *n,
                    connected: *c,
                    connect_rate: share(*c, *n),
                    connect_ci_low: cci.map(|x| x.0),
                    connect_ci_high: cci.map(|x| x.1),
                    ordered: t.converted,
                    order_rate: t.rate,
                    ci_low: t.ci_low,
                    ci_high: t.ci_high,
                    z: t.z,
                    p_value: t.p_value,
                    p_adjusted: t.p_adjusted,
                    small_sample: t.small_sample,
                }
            })
            .collect();
        breakdowns.push(CallBreakdown {
            by: b.as_str().to_string(),
            chi_square: chi,
            connect_chi_square: chi_out(stats::chi_square_2col(&connect_table)),
            groups,
        });
    }
    Ok(Some(Calls {
        calls: n,
        connected,
        connect_rate: share(connected, n),
        ordered,
        order_rate: share(ordered, n),
        by: breakdowns,
    }))
}

//! Outbound calls: connect rate and order rate by hour of day, ISO weekday, agent and task, with
//! the same statistics as conversion (order rate tested; connect rate with its own interval and
//! its own chi-square); talk time; and, with an orders file, what the orders say beside what the
//! agent ticked: calls verified by a valid order of their customer within `calls.verify_days`.

use super::analysis::Analysis;
use super::groups::{chi_out, compare, Counts};
use super::{share, Context};
use crate::config::{CallDim, CallsConfig};
use crate::error::Result;
use crate::model::KeySpace;
use crate::report::{CallBreakdown, CallGroup, Calls};
use crate::stats;
use crate::store::{day_of, Call, NO_LABEL};
use chrono::{Datelike, Timelike};
use std::collections::BTreeMap;

/// Default `calls.verify_days`.
pub const VERIFY_DAYS: u32 = 7;

/// By call (aligned with `calls`): whether its customer, a key in the buyer-id key space, has a
/// valid order created from the call time up to `days` days later, to the second. A call
/// without a customer (or keyed by its phone) cannot verify. Linear in calls and orders, plus
/// sorting the orders of the called customers.
pub fn verified(ctx: &Context<'_>, calls: &[&Call], days: u32) -> Vec<bool> {
    let customers = &ctx.store.customers;
    let n = customers.len();
    let mut called = vec![false; n];
    for c in calls {
        if customers.space(c.customer) == Some(KeySpace::Nick) {
            if let Some(x) = called.get_mut(c.customer as usize) {
                *x = true;
            }
        }
    }
    let mut times: Vec<(u32, i64)> = ctx
        .orders()
        .iter()
        .filter(|o| o.valid && called.get(o.customer as usize).copied().unwrap_or(false))
        .map(|o| (o.customer, o.created))
        .collect();
    times.sort_unstable();
    let span = i64::from(days) * 86_400;
    calls
        .iter()
        .map(|c| {
            if !called.get(c.customer as usize).copied().unwrap_or(false) {
                return false;
            }
            // the first order of this customer at or after the call
            let i = times.partition_point(|&(k, t)| (k, t) < (c.customer, c.time));
            times.get(i).is_some_and(|&(k, t)| k == c.customer && t - c.time <= span)
        })
        .collect()
}

/// Per group: calls, connected, ordered, verified, talk seconds of connected calls.
#[derive(Default, Clone, Copy)]
struct Tally {
    n: u64,
    connected: u64,
    ordered: u64,
    verified: u64,
    talk: u64,
}

impl Tally {
    fn add(&mut self, c: &Call, verified: bool) {
        self.n += 1;
        self.connected += u64::from(c.connected);
        self.ordered += u64::from(c.ordered);
        self.verified += u64::from(verified);
        if c.connected {
            self.talk += u64::from(c.duration);
        }
    }

    fn talk_mean(&self) -> Option<f64> {
        (self.connected > 0).then(|| self.talk as f64 / self.connected as f64)
    }
}

fn label(a: &Analysis<'_>, id: u32) -> String {
    if id == NO_LABEL {
        "未知".to_string()
    } else {
        a.ctx.store.labels.name(id).to_string()
    }
}

/// The group key of a call along a dimension; numeric dimensions sort numerically.
fn key(a: &Analysis<'_>, b: CallDim, c: &Call) -> (i64, String) {
    let t = chrono::DateTime::from_timestamp(c.time, 0).map(|d| d.naive_utc());
    match b {
        CallDim::Hour => t.map_or((-1, String::new()), |t| (i64::from(t.hour()), t.hour().to_string())),
        CallDim::Weekday => t.map_or((-1, String::new()), |t| {
            let d = t.weekday().number_from_monday();
            (i64::from(d), d.to_string())
        }),
        CallDim::Agent => (0, label(a, c.agent)),
        CallDim::Task => (0, label(a, c.task)),
    }
}

/// The section: null without a calls file.
pub fn section(a: &Analysis<'_>, cfg: Option<&CallsConfig>) -> Result<Option<Calls>> {
    let ctx = a.ctx;
    let by: Vec<CallDim> = cfg.and_then(|c| c.by.clone()).unwrap_or_else(|| CallDim::ALL.to_vec());
    if !ctx.store.has(crate::model::Kind::Calls) {
        return Ok(None);
    }
    let calls: Vec<&Call> =
        ctx.store.tables().flat_map(|t| t.calls.iter()).filter(|c| day_of(c.time) <= ctx.s.as_of).collect();
    let with_orders = ctx.has_orders;
    let ver = if with_orders {
        verified(ctx, &calls, cfg.and_then(|c| c.verify_days).unwrap_or(VERIFY_DAYS))
    } else {
        vec![false; calls.len()]
    };
    let mut all = Tally::default();
    for (c, v) in calls.iter().zip(&ver) {
        all.add(c, *v);
    }
    let mut breakdowns = Vec::new();
    for b in &by {
        let mut g: BTreeMap<(i64, String), Tally> = BTreeMap::new();
        for (c, v) in calls.iter().zip(&ver) {
            g.entry(key(a, *b, c)).or_default().add(c, *v);
        }
        let order_counts: Vec<Counts> =
            g.iter().map(|((_, k), t)| Counts { key: k.clone(), n: t.n, x: t.ordered }).collect();
        let (tested, chi) = compare(&order_counts);
        let connect_table: Vec<[u64; 2]> = g.values().map(|t| [t.connected, t.n - t.connected]).collect();
        let verified_table: Vec<[u64; 2]> = g.values().map(|t| [t.verified, t.n - t.verified]).collect();
        let groups = g
            .values()
            .zip(tested)
            .map(|(g, t)| {
                let cci = stats::wilson(g.connected, g.n, stats::Z95);
                let vci = if with_orders { stats::wilson(g.verified, g.n, stats::Z95) } else { None };
                CallGroup {
                    key: t.key,
                    calls: g.n,
                    connected: g.connected,
                    connect_rate: share(g.connected, g.n),
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
                    talk_seconds_mean: g.talk_mean(),
                    verified_ordered: with_orders.then_some(g.verified),
                    verified_order_rate: with_orders.then(|| share(g.verified, g.n)),
                    verified_ci_low: vci.map(|x| x.0),
                    verified_ci_high: vci.map(|x| x.1),
                }
            })
            .collect();
        breakdowns.push(CallBreakdown {
            by: b.as_str().to_string(),
            chi_square: chi,
            connect_chi_square: chi_out(stats::chi_square_2col(&connect_table)),
            verified_chi_square: if with_orders { chi_out(stats::chi_square_2col(&verified_table)) } else { None },
            groups,
        });
    }
    let n = all.n;
    Ok(Some(Calls {
        calls: n,
        connected: all.connected,
        connect_rate: share(all.connected, n),
        ordered: all.ordered,
        order_rate: share(all.ordered, n),
        talk_seconds_mean: all.talk_mean(),
        verified_ordered: with_orders.then_some(all.verified),
        verified_order_rate: if with_orders && n > 0 { Some(share(all.verified, n)) } else { None },
        by: breakdowns,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::context::context;
    use crate::model::{IngestSummary, Kind};
    use crate::store::{FileEntry, Order, Store, Table, NO_CUSTOMER, NO_REGION};

    const T0: i64 = 100 * 86_400 + 10 * 3600; // day 100, 10:00:00

    use crate::metrics::testing::settings;

    fn order(key: u128, customer: u32, created: i64, valid: bool) -> Order {
        Order { key, customer, created, paid: 100, refund: 0, items: 1, region: NO_REGION, valid }
    }

    fn call(customer: u32, time: i64, ordered: bool) -> Call {
        Call {
            agent: NO_LABEL,
            customer,
            time,
            duration: 0,
            connected: false,
            ordered,
            task: NO_LABEL,
            phone: NO_LABEL,
            row: 0,
        }
    }

    fn file(kind: Kind, table: Table) -> FileEntry {
        FileEntry { summary: IngestSummary { kind: Some(kind), ..Default::default() }, table }
    }

    #[test]
    fn an_order_verifies_a_call_up_to_verify_days_to_the_second() {
        let mut st = Store::default();
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|k| st.customers.intern(KeySpace::Nick, k));
        let phone_key = st.customers.intern(KeySpace::Phone, "13800000000");
        let span = 7 * 86_400;
        st.files.push(file(
            Kind::Orders,
            Table {
                orders: vec![
                    order(1, a, T0 + span, true),         // exactly 7 days later: in
                    order(2, b, T0 + span + 1, true),     // one second later: out
                    order(3, c, T0 - 1, true),            // before the call: out
                    order(4, d, T0 + 60, false),          // not valid: out
                    order(5, phone_key, T0 + 60, true),   // keyed by a phone: cannot verify
                    order(6, NO_CUSTOMER, T0 + 60, true), // no customer
                ],
                ..Table::default()
            },
        ));
        let calls =
            [call(a, T0, false), call(b, T0, true), call(c, T0, false), call(d, T0, true), call(phone_key, T0, true)];
        let mut with_none = calls.to_vec();
        with_none.push(call(NO_CUSTOMER, T0, true)); // no customer: counts, cannot verify
        st.files.push(file(Kind::Calls, Table { calls: with_none, ..Table::default() }));
        let ctx = context(&st, settings(120));
        let refs: Vec<&Call> = st.files.iter().flat_map(|f| f.table.calls.iter()).collect();
        assert_eq!(verified(&ctx, &refs, 7), [true, false, false, false, false, false]);
        // one day less: the order 7 days later is out too
        assert_eq!(verified(&ctx, &refs, 6), [false; 6]);
        // the section: every call counts in the rates, ticked beside verified
        let cfg = crate::config::ReportConfig::default();
        let an = Analysis::new(&ctx, &cfg).unwrap();
        let s = section(&an, None).unwrap().unwrap();
        assert_eq!((s.calls, s.ordered, s.verified_ordered, s.verified_order_rate), (6, 4, Some(1), Some(1.0 / 6.0)));
        assert_eq!(s.talk_seconds_mean, None); // no connected call
        let task = s.by.iter().find(|b| b.by == "task").unwrap();
        assert_eq!((task.groups[0].key.as_str(), task.groups[0].calls), ("未知", 6));
    }

    #[test]
    fn talk_time_is_over_connected_calls_and_nothing_verifies_without_orders() {
        let mut st = Store::default();
        let a = st.customers.intern(KeySpace::Nick, "a");
        let mut calls = vec![call(a, T0, false), call(a, T0 + 1, false), call(a, T0 + 2, false)];
        calls[0].connected = true;
        calls[0].duration = 30;
        calls[1].connected = true;
        calls[1].duration = 61;
        calls[2].duration = 999; // not connected: left out
        st.files.push(file(Kind::Calls, Table { calls, ..Table::default() }));
        let ctx = context(&st, settings(120));
        let cfg = crate::config::ReportConfig::default();
        let an = Analysis::new(&ctx, &cfg).unwrap();
        let s = section(&an, None).unwrap().unwrap();
        assert_eq!(s.talk_seconds_mean, Some(45.5));
        assert_eq!((s.verified_ordered, s.verified_order_rate), (None, None));
        assert!(s
            .by
            .iter()
            .all(|b| b.verified_chi_square.is_none() && b.groups.iter().all(|g| g.verified_ordered.is_none())));
    }
}

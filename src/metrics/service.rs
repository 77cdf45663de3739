//! After-sales service KPIs: overall, by ticket type, by channel; tickets tied to orders by their
//! order id, and to customers by their buyer cell.

use super::analysis::Analysis;
use super::{share, Context};
use crate::config::ServiceConfig;
use crate::model::KeySpace;
use crate::report::{SatisfactionCounts, Service, ServiceOrders, ServiceRow};
use crate::stats;
use crate::store::{day_of, Store, Ticket, NO_CUSTOMER, NO_LABEL};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The type of complaint tickets.
pub const COMPLAINT: [&str; 2] = ["投诉", "complaint"];

/// Default `service.response_sla_minutes`.
pub const RESPONSE_SLA_MINUTES: u32 = 1440;

/// Whether a ticket is a complaint (type 投诉).
pub fn is_complaint(store: &Store, t: &Ticket) -> bool {
    t.ticket_type != NO_LABEL && COMPLAINT.contains(&store.labels.name(t.ticket_type).to_lowercase().as_str())
}

/// A rate whose denominator is 0 is null (metrics.md Part 2).
fn rate(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn row(ctx: &Context<'_>, sla_seconds: i64, key: Option<String>, ts: &[&Ticket]) -> ServiceRow {
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
    let mut dist = [0u64; 5];
    for s in ts.iter().filter_map(|t| t.satisfaction) {
        if let Some(x) = dist.get_mut(usize::from(s).wrapping_sub(1)) {
            *x += 1;
        }
    }
    let n = ts.len() as u64;
    let complaints = ts.iter().filter(|t| is_complaint(ctx.store, t)).count() as u64;
    let on_time =
        ts.iter().filter(|t| t.first_response.is_some_and(|r| (0..=sla_seconds).contains(&(r - t.created)))).count()
            as u64;
    let [s1, s2, s3, s4, s5] = dist;
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
        resolution_hours_p90: stats::quantile_sorted(&resolution, 0.9),
        on_time_response_rate: rate(on_time, n),
        satisfaction_distribution: SatisfactionCounts { s1, s2, s3, s4, s5 },
        csat: rate(s4 + s5, scores.len() as u64),
    }
}

fn label(ctx: &Context<'_>, id: u32) -> String {
    if id == NO_LABEL {
        "未知".to_string()
    } else {
        ctx.store.labels.name(id).to_string()
    }
}

/// The tickets on or before as_of, in file order.
pub fn tickets<'a>(ctx: &Context<'a>) -> Vec<&'a Ticket> {
    let as_of = ctx.s.as_of;
    ctx.store.tables().flat_map(|t| t.tickets.iter()).filter(|t| day_of(t.created) <= as_of).collect()
}

/// Tickets tied to the valid orders by their order id alone (whatever the buyer cell says).
fn orders(ctx: &Context<'_>, ts: &[&Ticket]) -> ServiceOrders {
    // valid order key → (created, has a linked ticket)
    let mut valid: FxHashMap<u128, (i64, bool)> = FxHashMap::default();
    for o in ctx.orders().iter().filter(|o| o.valid) {
        valid.entry(o.key).or_insert((o.created, false));
    }
    let (mut linked, mut within) = (0u64, 0u64);
    for t in ts {
        let Some(o) = t.order.and_then(|k| valid.get_mut(&k)) else { continue };
        linked += 1;
        o.1 = true;
        within += u64::from((0..=14).contains(&(day_of(t.created) - day_of(o.0))));
    }
    let with_ticket = valid.values().filter(|v| v.1).count() as u64;
    ServiceOrders {
        linked_tickets: linked,
        unlinked_tickets: ts.len() as u64 - linked,
        // (the valid orders' keys are distinct: the aggregates count them, as the warehouse
        // path's orders hold only those the tickets name)
        after_sales_rate: rate(with_ticket, ctx.valid_orders()),
        within_15_days: rate(within, linked),
    }
}

/// By customer id: (tickets, complaints) of the tickets on or before as_of whose buyer cell is
/// the customer's buyer-id key (empty without a tickets file).
pub fn by_customer(ctx: &Context<'_>) -> Vec<(u32, u32)> {
    if !ctx.store.has(crate::model::Kind::Tickets) {
        return Vec::new();
    }
    let mut v = vec![(0u32, 0u32); ctx.store.customers.len()];
    // the buyer labels of a file repeat: look each up once
    let mut ids: FxHashMap<u32, u32> = FxHashMap::default();
    for t in tickets(ctx).into_iter().filter(|t| t.buyer != NO_LABEL) {
        let c = *ids.entry(t.buyer).or_insert_with(|| {
            ctx.store.customers.get(KeySpace::Nick, ctx.store.labels.name(t.buyer)).unwrap_or(NO_CUSTOMER)
        });
        if let Some(x) = v.get_mut(c as usize) {
            x.0 += 1;
            x.1 += u32::from(is_complaint(ctx.store, t));
        }
    }
    v
}

/// The section: null without a tickets file.
pub fn section(a: &Analysis<'_>, cfg: Option<&ServiceConfig>) -> Option<Service> {
    let ctx = a.ctx;
    if !ctx.store.has(crate::model::Kind::Tickets) {
        return None;
    }
    let sla = i64::from(cfg.and_then(|c| c.response_sla_minutes).unwrap_or(RESPONSE_SLA_MINUTES)) * 60;
    let ts = tickets(ctx);
    let group = |f: &dyn Fn(&Ticket) -> u32| {
        let mut g: BTreeMap<String, Vec<&Ticket>> = BTreeMap::new();
        for t in &ts {
            g.entry(label(ctx, f(t))).or_default().push(t);
        }
        g.into_iter().map(|(k, v)| row(ctx, sla, Some(k), &v)).collect()
    };
    Some(Service {
        overall: row(ctx, sla, None, &ts),
        by_type: group(&|t| t.ticket_type),
        by_channel: group(&|t| t.channel),
        orders: ctx.has_orders.then(|| orders(ctx, &ts)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::context::context;
    use crate::model::{IngestSummary, Kind};
    use crate::store::{FileEntry, Order, Table, NO_REGION};

    const DAY: i64 = 86_400;

    use crate::metrics::testing::settings;

    fn ticket(created: i64, order: Option<u128>) -> Ticket {
        Ticket {
            ticket_type: NO_LABEL,
            channel: NO_LABEL,
            created,
            first_response: None,
            resolved: None,
            is_resolved: false,
            satisfaction: None,
            buyer: NO_LABEL,
            order,
        }
    }

    fn file(kind: Kind, table: Table) -> FileEntry {
        FileEntry { summary: IngestSummary { kind: Some(kind), ..Default::default() }, table }
    }

    #[test]
    fn tickets_link_by_order_id_to_valid_orders_and_count_for_their_buyer() {
        let mut st = Store::default();
        let alice = st.customers.intern(KeySpace::Nick, "alice");
        let bob_mail = st.customers.intern(KeySpace::Email, "bob");
        let order = |key: u128, created: i64, valid: bool| Order {
            key,
            customer: alice,
            created,
            paid: 100,
            refund: 0,
            items: 1,
            region: NO_REGION,
            valid,
        };
        st.files.push(file(
            Kind::Orders,
            Table {
                orders: vec![order(1, 100 * DAY + 3600, true), order(2, 100 * DAY, false), order(3, 101 * DAY, true)],
                ..Table::default()
            },
        ));
        let (complaint, alice_l, bob_l) =
            (st.labels.intern("投诉"), st.labels.intern("alice"), st.labels.intern("bob"));
        let mut ts = vec![
            ticket(114 * DAY + 86_399, Some(1)), // 14 days after its order: within
            ticket(115 * DAY, Some(1)),          // 15 days: linked, not within
            ticket(100 * DAY, Some(2)),          // an invalid order: unlinked
            ticket(100 * DAY, Some(99)),         // matches nothing: unlinked
            ticket(100 * DAY, None),             // no order id: unlinked
            ticket(130 * DAY, Some(3)),          // after as_of: not counted at all
        ];
        ts[0].first_response = Some(ts[0].created + 60 * 60); // exactly the SLA of 60 minutes
        ts[1].first_response = Some(ts[1].created + 60 * 60 + 1); // one second late
        ts[2].first_response = Some(ts[2].created - 1); // before creation: never on time
        ts[0].satisfaction = Some(5);
        ts[1].satisfaction = Some(4);
        ts[2].satisfaction = Some(1);
        ts[0].buyer = alice_l;
        ts[1].buyer = alice_l;
        ts[1].ticket_type = complaint;
        ts[2].buyer = bob_l; // bob is only an e-mail key: not a buyer id
        st.files.push(file(Kind::Tickets, Table { tickets: ts, ..Table::default() }));
        let ctx = context(&st, settings(120));
        let cfg = crate::config::ReportConfig::default();
        let an = Analysis::new(&ctx, &cfg).unwrap();
        let s = section(&an, Some(&ServiceConfig { response_sla_minutes: Some(60) })).unwrap();
        let o = s.orders.unwrap();
        assert_eq!((o.linked_tickets, o.unlinked_tickets), (2, 3));
        assert_eq!((o.after_sales_rate, o.within_15_days), (Some(0.5), Some(0.5)));
        let all = &s.overall;
        assert_eq!(all.tickets, 5);
        assert_eq!(all.on_time_response_rate, Some(0.2));
        assert_eq!(all.satisfaction_distribution, SatisfactionCounts { s1: 1, s2: 0, s3: 0, s4: 1, s5: 1 });
        assert_eq!(all.csat, Some(2.0 / 3.0));
        assert_eq!((ctx.tickets_of(alice), ctx.tickets_of(bob_mail)), (Some((2, 1)), Some((0, 0))));
        // the default SLA (a day): both first responses after creation are on time
        assert_eq!(section(&an, None).unwrap().overall.on_time_response_rate, Some(0.4));
    }
}

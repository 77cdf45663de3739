//! Tiny hand-made stores for the sections' unit tests: orders and interest events of named
//! buyers on given days, as a workspace would have read them.

use crate::config::ReportConfig;
use crate::model::{Action, IngestSummary, KeySpace, Kind};
use crate::report::Report;
use crate::store::{order_key, FileEntry, Interest, Order, Store, Table, NO_CUSTOMER, NO_REGION};

/// An order: buyer (`""` for none), `YYYY-MM-DD`, amount in cents, valid.
pub type O<'a> = (&'a str, &'a str, i64, bool);

/// A hand-checked shop (as_of 2024-03-10): a buys on Jan 1, Jan 11 and Mar 10 (100.00, 50.00,
/// 30.01); b twice on Feb 1 (20.00 each); c once (10.00, and an invalid order); d six times
/// Mar 1–6 (1.00 each); one keyless order.
pub const SHOP: &[O<'static>] = &[
    ("a", "2024-01-01", 10000, true),
    ("a", "2024-01-11", 5000, true),
    ("b", "2024-02-01", 2000, true),
    ("b", "2024-02-01", 2000, true),
    ("c", "2024-02-15", 1000, true),
    ("c", "2024-03-01", 99900, false),
    ("d", "2024-03-01", 100, true),
    ("d", "2024-03-02", 100, true),
    ("d", "2024-03-03", 100, true),
    ("d", "2024-03-04", 100, true),
    ("d", "2024-03-05", 100, true),
    ("d", "2024-03-06", 100, true),
    ("", "2024-03-05", 500, true),
    ("a", "2024-03-10", 3001, true),
];

/// A store with an orders file (when `orders` is `Some`) and an interest file (when `events` is
/// `Some`: buyer and `YYYY-MM-DD`). Orders are numbered in the order given, at noon.
pub fn store(orders: Option<&[O<'_>]>, events: Option<&[(&str, &str)]>) -> Store {
    let mut s = Store::default();
    let stamp = |d: &str| super::parse_day(d).unwrap_or(0) * 86_400 + 12 * 3600;
    if let Some(orders) = orders {
        let mut t = Table::default();
        for (i, (who, day, cents, valid)) in orders.iter().enumerate() {
            let customer = if who.is_empty() { NO_CUSTOMER } else { s.customers.intern(KeySpace::Nick, who) };
            t.orders.push(Order {
                key: order_key(&(1000 + i).to_string()),
                customer,
                created: stamp(day),
                paid: *cents,
                refund: 0,
                items: 1,
                region: NO_REGION,
                valid: *valid,
            });
        }
        let summary = IngestSummary { name: "orders.csv".into(), kind: Some(Kind::Orders), ..Default::default() };
        s.files.push(FileEntry { summary, table: t });
    }
    if let Some(events) = events {
        let mut t = Table::default();
        for (who, day) in events {
            let customer = s.customers.intern(KeySpace::Nick, who);
            t.interest.push(Interest { customer, time: stamp(day), region: NO_REGION, action: Action::Other });
        }
        let summary = IngestSummary { name: "interest.csv".into(), kind: Some(Kind::Interest), ..Default::default() };
        s.files.push(FileEntry { summary, table: t });
    }
    s
}

/// The report of a store with a config given as JSON.
pub fn report(store: &Store, config: &str) -> crate::error::Result<Report> {
    super::compute(store, &ReportConfig::from_json(config)?)
}

/// The settings of metrics.md's defaults at `as_of` (windows 30/180/365, conversion 30 days,
/// periods 30 days, migration from as_of − 90 days).
pub fn settings(as_of: i64) -> crate::metrics::Settings {
    crate::metrics::Settings {
        as_of,
        new_days: 30,
        active_days: 180,
        sleeping_days: 365,
        interest_days: 30,
        transacted_days: 365,
        conversion_days: 30,
        periods_days: 30,
        migration_from: as_of - 90,
    }
}

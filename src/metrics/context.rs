//! What every section reads: the resolved settings, the orders deduplicated across files and cut
//! at as_of, the per-customer aggregates, and each customer's interest days.

use super::customers::{self, CustomerAgg, Grouped};
use super::events::Events;
use super::memo::{Fitted, Memo};
use super::parse_day;
use super::tiering::each_chunk;
use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::store::{day_of, Order, Store};
use std::sync::Arc;

/// The resolved settings of one report.
#[derive(Debug, Clone)]
pub struct Settings {
    /// as_of day number.
    pub as_of: i64,
    /// Lifecycle windows.
    pub new_days: i64,
    /// Recency below this: active.
    pub active_days: i64,
    /// Recency below this: sleeping.
    pub sleeping_days: i64,
    /// Headline interest window.
    pub interest_days: i64,
    /// Headline transacted window.
    pub transacted_days: i64,
    /// Conversion window.
    pub conversion_days: i64,
    /// Length of the periods compared by the `periods` section.
    pub periods_days: i64,
    /// The earlier date of the `migration` section (day number, before as_of).
    pub migration_from: i64,
}

/// What the orders give every section: the orders deduplicated across files and cut at as_of,
/// the per-customer aggregates and each customer's sales by day. It depends only on what was
/// read and as_of, so a [`Memo`] keeps it across reports, member lists and record look-ups.
#[derive(Debug)]
pub struct OrderPart {
    /// The as_of it was made for.
    pub as_of: i64,
    /// The orders on or before as_of, deduplicated (first file wins) when they are not simply
    /// the one orders file's rows (None: those rows, borrowed from the store).
    own: Option<Vec<Order>>,
    /// Per customer with at least one valid order, sorted by customer id.
    pub customers: Vec<CustomerAgg>,
    /// Each customer's valid orders (day and revenue) in the order of `customers`, sorted by
    /// day, and the keyless ones: what the change-over-time sections read.
    pub grouped: Grouped,
    /// Whether any orders file was read.
    pub has_orders: bool,
    /// Distinct orders over all files (any date).
    pub distinct_orders: u64,
    /// Distinct orders dated after as_of.
    pub orders_after_as_of: u64,
    /// Order rows over all files (any date, duplicates across files included).
    pub order_rows: u64,
}

impl OrderPart {
    /// The part made elsewhere (the warehouse path: its last step reads it from the
    /// aggregates a SQL engine wrote): `orders` are the deduplicated orders on or before as_of
    /// that the sections read one by one (the calls' verification, the tickets' links), the
    /// rest as [`order_part`] makes them.
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        as_of: i64,
        orders: Vec<Order>,
        customers: Vec<CustomerAgg>,
        grouped: Grouped,
        has_orders: bool,
        distinct_orders: u64,
        orders_after_as_of: u64,
        order_rows: u64,
    ) -> OrderPart {
        OrderPart {
            as_of,
            own: Some(orders),
            customers,
            grouped,
            has_orders,
            distinct_orders,
            orders_after_as_of,
            order_rows,
        }
    }

    /// The valid orders on or before as_of (keyless ones included), from the aggregates.
    pub fn valid_orders(&self) -> u64 {
        self.customers.iter().map(|c| c.orders).sum::<u64>() + self.grouped.keyless.len() as u64
    }

    /// The distinct orders on or before as_of.
    pub fn kept_orders(&self) -> u64 {
        self.distinct_orders - self.orders_after_as_of
    }
}

/// Everything the sections read: the store, the settings, and (through `Deref`) the
/// [`OrderPart`] of their as_of.
pub struct Context<'a> {
    /// What was read.
    pub store: &'a Store,
    /// Settings.
    pub s: Settings,
    /// The orders' part, shared with the memo that keeps it (if any).
    part: Arc<OrderPart>,
    /// Where derived data is kept across calls (None: made for this context only).
    memo: Option<&'a Memo>,
    /// What each customer did in the interest events, made on first use.
    interest: std::cell::OnceCell<Arc<Events>>,
    /// By customer id: a valid order in the conversion window, made on first use.
    ordered: std::cell::OnceCell<Vec<bool>>,
    /// By customer id: (tickets, complaints), made on first use.
    tickets: std::cell::OnceCell<Vec<(u32, u32)>>,
}

impl std::ops::Deref for Context<'_> {
    type Target = OrderPart;

    fn deref(&self) -> &OrderPart {
        &self.part
    }
}

impl<'a> Context<'a> {
    /// The context of `s` over `store` with the orders' part `part` (made for `s.as_of`), and
    /// `memo` to take and keep what else it derives.
    pub fn new(store: &'a Store, s: Settings, part: Arc<OrderPart>, memo: Option<&'a Memo>) -> Context<'a> {
        Context {
            store,
            s,
            part,
            memo,
            interest: std::cell::OnceCell::new(),
            ordered: std::cell::OnceCell::new(),
            tickets: std::cell::OnceCell::new(),
        }
    }

    /// The orders on or before as_of, deduplicated across files (first file wins).
    pub fn orders(&self) -> &[Order] {
        match &self.part.own {
            Some(v) => v,
            None => single_orders(self.store),
        }
    }

    /// The orders' part (to share with another thread).
    pub fn part(&self) -> &Arc<OrderPart> {
        &self.part
    }

    /// The memo this context takes and keeps derived data in, if any.
    pub fn memo(&self) -> Option<&'a Memo> {
        self.memo
    }

    /// The prediction of these orders (the memo's, if it has one for as_of), or why there is
    /// none.
    pub fn prediction(&self) -> Arc<Fitted> {
        let fit = || super::prediction::predict(self);
        match self.memo {
            Some(m) => m.prediction(self.s.as_of, fit),
            None => Arc::new(fit()),
        }
    }
}

impl Context<'_> {
    /// Gives the interest pass made elsewhere (a second thread: [`super::compute`]) if none
    /// was made yet; it must be `Events::new(self.store, &self.s)`.
    pub fn set_interest(&self, e: Arc<Events>) {
        let _ = self.interest.set(e);
    }

    /// What each customer did in the interest events (computed on first use, or the memo's).
    pub fn interest_days(&self) -> &Events {
        self.interest.get_or_init(|| match self.memo {
            Some(m) => m.events(self.store, &self.s),
            None => Arc::new(Events::new(self.store, &self.s)),
        })
    }

    /// By customer id: whether the customer has a valid order in the conversion window (the
    /// "converted" of conversion, the interest section and the audiences).
    pub fn ordered_in_window(&self) -> &[bool] {
        self.ordered.get_or_init(|| {
            // a customer's valid orders are all on or before as_of, so one is in the window
            // exactly when the last one is: the aggregates answer without a pass over the orders
            let mut v = vec![false; self.store.customers.len()];
            let (as_of, w) = (self.s.as_of, self.s.conversion_days);
            each_chunk(&self.customers, &mut |_, customers| {
                for c in customers.iter().filter(|c| within(as_of, c.last, w)) {
                    if let Some(x) = v.get_mut(c.id as usize) {
                        *x = true;
                    }
                }
            });
            v
        })
    }
}

impl Context<'_> {
    /// The customer's (tickets, complaints) on or before as_of by the tickets' buyer cell; None
    /// without a tickets file (computed on first use).
    pub fn tickets_of(&self, c: u32) -> Option<(u32, u32)> {
        if !self.store.has(crate::model::Kind::Tickets) {
            return None;
        }
        let v = self.tickets.get_or_init(|| super::service::by_customer(self));
        Some(v.get(c as usize).copied().unwrap_or((0, 0)))
    }
}

/// Within the last `n` days of as_of: `0 <= as_of - day < n`.
pub fn within(as_of: i64, day: i64, n: i64) -> bool {
    let d = as_of - day;
    (0..n).contains(&d)
}

/// The resolved settings of `c` over what was read; None when there is no dated row at all.
pub fn settings(store: &Store, c: &ReportConfig) -> Result<Option<Settings>> {
    let as_of = match config_as_of(c)? {
        Some(d) => Some(d),
        None => default_as_of(store),
    };
    let Some(as_of) = as_of else { return Ok(None) };
    let l = c.lifecycle.clone().unwrap_or_default();
    let w = c.windows.clone().unwrap_or_default();
    let (conversion_days, periods_days) = pass_windows(c)?;
    let s = Settings {
        as_of,
        new_days: i64::from(l.new_days.unwrap_or(30)),
        active_days: i64::from(l.active_days.unwrap_or(180)),
        sleeping_days: i64::from(l.sleeping_days.unwrap_or(365)),
        interest_days: i64::from(w.interest_days.unwrap_or(30)),
        transacted_days: i64::from(w.transacted_days.unwrap_or(365)),
        conversion_days,
        periods_days,
        migration_from: migration_from(c, as_of)?,
    };
    if s.active_days > s.sleeping_days {
        return Err(Error::Config(format!(
            "lifecycle: active_days ({}) must not exceed sleeping_days ({})",
            s.active_days, s.sleeping_days
        )));
    }
    for (name, v) in [("windows.interest_days", s.interest_days), ("windows.transacted_days", s.transacted_days)] {
        if v == 0 {
            return Err(Error::Config(format!("{name} must be at least 1")));
        }
    }
    Ok(Some(s))
}

/// The config's `as_of` as a day number (None: not given).
pub fn config_as_of(c: &ReportConfig) -> Result<Option<i64>> {
    c.as_of
        .as_ref()
        .map(|s| parse_day(s).ok_or_else(|| Error::Config(format!("as_of: {s:?} is not a date YYYY-MM-DD"))))
        .transpose()
}

/// The windows the interest pass depends on besides as_of (and so what the warehouse path's
/// aggregates are made for): `windows.conversion_days` and `periods.days`, 30 each by default,
/// at least 1.
pub fn pass_windows(c: &ReportConfig) -> Result<(i64, i64)> {
    let conversion = i64::from(c.windows.as_ref().and_then(|w| w.conversion_days).unwrap_or(30));
    let periods = i64::from(c.periods.as_ref().and_then(|p| p.days).unwrap_or(30));
    for (name, v) in [("windows.conversion_days", conversion), ("periods.days", periods)] {
        if v == 0 {
            return Err(Error::Config(format!("{name} must be at least 1")));
        }
    }
    Ok((conversion, periods))
}

/// `migration.from`, default as_of − 90 days; a date on or after as_of is a config error.
fn migration_from(c: &ReportConfig, as_of: i64) -> Result<i64> {
    let Some(text) = c.migration.as_ref().and_then(|m| m.from.as_ref()) else { return Ok(as_of - 90) };
    let day =
        parse_day(text).ok_or_else(|| Error::Config(format!("migration.from: {text:?} is not a date YYYY-MM-DD")))?;
    if day >= as_of {
        return Err(Error::Config(format!(
            "migration.from: {} must be before as_of {}",
            super::day_text(day),
            super::day_text(as_of)
        )));
    }
    Ok(day)
}

/// The settings, or an error when there is no dated row to analyse.
pub fn settings_or_err(store: &Store, c: &ReportConfig) -> Result<Settings> {
    settings(store, c)?.ok_or_else(|| Error::Config("no dated rows: add an orders file first".to_string()))
}

/// Default as_of: the latest order date; without orders, the latest date of any other row.
pub fn default_as_of(store: &Store) -> Option<i64> {
    let orders = store.files.iter().flat_map(|f| f.table.orders.iter().map(|o| o.created)).max();
    let t = orders.or_else(|| {
        store
            .files
            .iter()
            .flat_map(|f| {
                let t = &f.table;
                t.interest
                    .iter()
                    .map(|i| i.time)
                    .chain(t.calls.iter().map(|c| c.time))
                    .chain(t.tickets.iter().map(|k| k.created))
            })
            .max()
    })?;
    Some(day_of(t))
}

/// The one orders file's rows (empty without one).
fn single_orders(store: &Store) -> &[Order] {
    store.files.iter().map(|f| f.table.orders.as_slice()).find(|o| !o.is_empty()).unwrap_or(&[])
}

/// Builds the shared context: orders deduplicated across files and cut at as_of, aggregates
/// (nothing kept across calls).
pub fn context(store: &Store, s: Settings) -> Context<'_> {
    let part = Arc::new(order_part(store, s.as_of));
    Context::new(store, s, part, None)
}

/// The context of `s`, with the orders' part and what else it derives taken from and kept in
/// `memo`.
pub fn context_with<'a>(store: &'a Store, s: Settings, memo: &'a Memo) -> Context<'a> {
    let part = memo.orders(store, s.as_of);
    Context::new(store, s, part, Some(memo))
}

/// Whether a time is on a day after `day` (`day_of(t) > day`), as one comparison of seconds.
fn after_day(day: i64) -> impl Fn(crate::store::Stamp) -> bool {
    // the day's last second, or where the day is beyond the seconds' range, every time or none
    let last = day.checked_add(1).and_then(|d| d.checked_mul(86_400)).and_then(|s| s.checked_sub(1));
    let none_after = last.is_none() && day > 0;
    move |t| !none_after && last.is_none_or(|l| t > l)
}

/// The orders deduplicated across files and cut at `as_of`, and their aggregates.
pub fn order_part(store: &Store, as_of: i64) -> OrderPart {
    let order_files = store.files.iter().filter(|f| !f.table.orders.is_empty()).count();
    let has_orders = store.files.iter().any(|f| f.summary.kind == Some(crate::model::Kind::Orders));
    let total: usize = store.files.iter().map(|f| f.table.orders.len()).sum();
    if order_files <= 1 {
        // one orders file: nothing to deduplicate; borrow its rows unless some are after as_of
        let single = single_orders(store);
        let mut late = false;
        let after = after_day(as_of);
        each_chunk(single, &mut |_, c| late |= c.iter().any(|o| after(o.created)));
        if !late {
            let (customers, grouped) = customers::aggregate_grouped(single, as_of, store.customers.len());
            return OrderPart {
                as_of,
                own: None,
                customers,
                grouped,
                has_orders,
                distinct_orders: single.len() as u64,
                orders_after_as_of: 0,
                order_rows: total as u64,
            };
        }
    }
    let mut orders = Vec::with_capacity(total);
    let mut after = 0u64;
    let mut distinct = 0u64;
    // Within a file duplicates were dropped at ingest; across files the first file wins.
    let mut seen = rustc_hash::FxHashSet::default();
    for f in &store.files {
        for o in &f.table.orders {
            if order_files > 1 && !seen.insert(o.key) {
                continue;
            }
            distinct += 1;
            if day_of(o.created) <= as_of {
                orders.push(*o);
            } else {
                after += 1;
            }
        }
    }
    let (customers, grouped) = customers::aggregate_grouped(&orders, as_of, store.customers.len());
    OrderPart::from_parts(as_of, orders, customers, grouped, has_orders, distinct, after, total as u64)
}

#[cfg(test)]
mod after_day_tests {
    use super::*;

    #[test]
    fn after_day_is_day_of_compared() {
        let stamps = [i64::MIN, i64::MIN + 1, -86_401, -86_400, -86_399, -1, 0, 1, 86_399, 86_400, 86_401, i64::MAX];
        let days = [i64::MIN, -106_751_991_167_301, -106_751_991_167_300, -2, -1, 0, 1, 106_751_991_167_300, i64::MAX];
        for d in days {
            let after = after_day(d);
            for t in stamps {
                assert_eq!(after(t), day_of(t) > d, "t {t}, day {d}");
            }
        }
    }
}

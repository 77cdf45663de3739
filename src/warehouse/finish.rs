//! The warehouse path, step 3 (issue 21): the exact report from the aggregates the SQL of
//! [`sql`](super::sql) wrote. The aggregates become what the engine's own passes over the rows
//! would have made — the orders' part ([`OrderPart`]) and the interest pass ([`Events`]) — in
//! a [`Store`] that holds the files' accounting and the rows that pass as they are (customers,
//! calls, tickets, and the few orders the calls and tickets name); the report is then the
//! engine's [`compute_with`](crate::metrics::compute_with) over them, section for section the
//! code that reads raw files. The SQL numbered the customers in the order their keys were
//! first seen, as reading the files in the order of their names numbers them, so every id is
//! the one reading the files gives (the report itself does not depend on the order of ids:
//! its sums are exact, its groups sorted by name; what breaks ties by id would match too).
//! Flat aggregates are read column by column (the record reader is kept for the customers'
//! list columns).

use super::read::{count, each, io, parts, small};
use super::rows::{calls, profiles, region, seconds, tickets};
use super::sql::FORMAT;
use super::Manifest;
use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::metrics::customers::{CustomerAgg, DaySale, Grouped};
use crate::metrics::events::{Buyer, Events};
use crate::metrics::{self, context::OrderPart, Memo};
use crate::model::Kind;
use crate::report::Report;
use crate::store::{FileEntry, Order, Store, Table, NO_CUSTOMER, NO_REGION};
use std::path::Path;

/// What [`report`] read besides the rows.
struct Facts {
    as_of: Option<i64>,
    conversion_days: i64,
    periods_days: i64,
    order_rows: u64,
    distinct_orders: u64,
    orders_after_as_of: u64,
    in_window: [u64; 4],
}

fn facts(dir: &Path) -> Result<Facts> {
    let mut out = None;
    let there = each(dir, "facts", |r| {
        let format = r.req("format")?;
        if format != FORMAT {
            return Err(r.at("format", &format!("aggregates of format {format}; this build reads format {FORMAT}")));
        }
        out = Some(Facts {
            as_of: r.int("as_of")?,
            conversion_days: r.req("conversion_days")?,
            periods_days: r.req("periods_days")?,
            order_rows: count(r, "order_rows")?,
            distinct_orders: count(r, "distinct_orders")?,
            orders_after_as_of: count(r, "orders_after_as_of")?,
            in_window: [count(r, "cart")?, count(r, "favorite_item")?, count(r, "favorite_shop")?, count(r, "other")?],
        });
        Ok(())
    })?;
    let done = parts(dir, "done")?.is_some_and(|p| !p.is_empty());
    match out {
        Some(f) if done => Ok(f),
        _ if !there => {
            Err(io(dir, "not a folder of aggregates (no facts/): run the SQL of `customer-insights sql` first"))
        }
        _ => Err(io(dir, "the aggregates are incomplete (no done/): the SQL did not run to its end")),
    }
}

/// The settings the config gives, checked against those the aggregates were made for; returns
/// the config with the aggregates' as_of.
fn check(config: &ReportConfig, f: &Facts) -> Result<ReportConfig> {
    let mut c = config.clone();
    match (metrics::context::config_as_of(config)?.map(metrics::day_text), f.as_of.map(metrics::day_text)) {
        (Some(want), Some(have)) if want != have => {
            return Err(Error::Config(format!(
                "as_of: the aggregates were made for {have}, not {want}: run `customer-insights sql --as-of {want}` again"
            )));
        }
        (Some(want), None) => {
            return Err(Error::Config(format!("as_of: the aggregates were made without a dated row, not for {want}")));
        }
        (_, made) => c.as_of = made,
    }
    let (conv, pd) = metrics::context::pass_windows(config)?;
    for (key, want, have) in
        [("windows.conversion_days", conv, f.conversion_days), ("periods.days", pd, f.periods_days)]
    {
        if want != have {
            return Err(Error::Config(format!(
                "{key}: the aggregates were made for {have}, the config says {want}: run `customer-insights sql` with this config again"
            )));
        }
    }
    Ok(c)
}

/// The files, in rank order, as the store's entries (rows to come).
fn files(dir: &Path, store: &mut Store) -> Result<()> {
    let mut files: Vec<(i64, Manifest)> = Vec::new();
    each(dir, "files", |r| {
        let text = r.text("manifest")?.unwrap_or_default();
        let m: Manifest = serde_json::from_str(&text).map_err(|e| r.at("manifest", &e.to_string()))?;
        files.push((r.req("rank")?, m));
        Ok(())
    })?;
    files.sort_by_key(|f| f.0);
    // one name is one file to `report` (a later one replaces it); here both would be joined
    // with the rows of either: refuse, saying which
    for w in files.windows(2) {
        if let [(_, a), (_, b)] = w {
            if a.name == b.name {
                return Err(io(
                    &dir.join("files"),
                    &format!(
                        "{:?} was normalized twice (hashes {} and {}): keep one of its outputs in the folder normalize wrote, then run the SQL again",
                        a.name, a.hash, b.hash
                    ),
                ));
            }
        }
    }
    for (_, m) in files {
        let header = if m.summary.kind == Some(Kind::Customers) { m.summary.header.clone() } else { Vec::new() };
        store.files.push(FileEntry { summary: m.summary, table: Table { profile_header: header, ..Table::default() } });
    }
    Ok(())
}

/// The aggregates the files' kinds need are all there: one missing is an error, never a
/// section left empty (the SQL writes each, even with no rows, for every table it read).
fn require(dir: &Path, store: &Store) -> Result<()> {
    let linked = store.has(Kind::Orders) && (store.has(Kind::Calls) || store.has(Kind::Tickets));
    let needed: [(bool, &str); 8] = [
        (true, "keys"),
        (store.has(Kind::Orders), "buyers"),
        (store.has(Kind::Orders), "sales"),
        (linked, "linked_orders"),
        (store.has(Kind::Interest), "interested"),
        (store.has(Kind::Customers), "customers"),
        (store.has(Kind::Calls), "calls"),
        (store.has(Kind::Tickets), "tickets"),
    ];
    for (_, name) in needed.iter().filter(|n| n.0) {
        if parts(dir, name)?.is_none_or(|p| p.is_empty()) {
            return Err(io(
                dir,
                &format!("no {name}/, which the files read need: run the SQL of `customer-insights sql` again"),
            ));
        }
    }
    Ok(())
}

/// Interns every customer key in the order of its id (the order it was first seen). The ids
/// must be 0, 1, 2, … each once (a gap, a repeat or a repeated key is an error, never a
/// customer silently dropped or two merged).
fn keys(dir: &Path, store: &mut Store) -> Result<()> {
    let mut keys: Vec<(i64, String)> = Vec::new();
    each(dir, "keys", |r| {
        let key = r.text("customer_key")?.ok_or_else(|| r.bad("customer_key", "null"))?;
        keys.push((r.req("customer_id")?, key));
        Ok(())
    })?;
    keys.sort_unstable_by_key(|k| k.0);
    let bad = |m: String| io(&dir.join("keys"), &m);
    if let Some((i, (id, _))) = (0i64..).zip(&keys).find(|(i, (id, _))| i != id) {
        return Err(bad(format!("customer ids are not 0, 1, 2, … each once: {id} where {i} belongs")));
    }
    // one batch, in id order (the interner overlaps its cache misses)
    let mut text = String::with_capacity(keys.iter().map(|k| k.1.len()).sum());
    let mut ends = Vec::with_capacity(keys.len());
    for (_, k) in &keys {
        text.push_str(k);
        ends.push(text.len());
    }
    let mut ids = Vec::with_capacity(ends.len());
    store.customers.intern_tagged(&text, &ends, &mut ids);
    if let Some((_, k)) = ids.iter().zip(&keys).enumerate().find(|(i, (id, _))| **id as usize != *i).map(|x| x.1) {
        return Err(bad(format!("the customer key {:?} is there twice", k.1)));
    }
    Ok(())
}

/// The orders' part: the buyers' aggregates, their sales by day, the orders the calls and
/// tickets name.
fn order_part(dir: &Path, store: &mut Store, f: &Facts, as_of: i64) -> Result<OrderPart> {
    let mut buyers: Vec<CustomerAgg> = Vec::new();
    each(dir, "buyers", |r| {
        let id = customer_of(r, store)?;
        let last = r.req("last_day")?;
        let region = region(store, r.text("region")?);
        let (orders, revenue, items, first) =
            (count(r, "orders")?, r.req("revenue")?, count(r, "items")?, r.req("first_day")?);
        buyers.push(CustomerAgg { id, orders, revenue, items, first, last, recency: as_of - last, region });
        Ok(())
    })?;
    once_each(dir, "buyers", &mut buyers, |b| b.id)?;
    // each buyer's sales by day, in the buyers' order; a day of n orders is n sales, its
    // revenue on the first (every section sums them: the same totals by day and customer)
    let mut place: Vec<u32> = vec![u32::MAX; store.customers.len()];
    for (i, b) in buyers.iter().enumerate() {
        if let Some(p) = place.get_mut(b.id as usize) {
            *p = u32::try_from(i).unwrap_or(u32::MAX);
        }
    }
    let mut days: Vec<(u32, i64, u64, i64)> = Vec::new();
    let mut keyless: Vec<(i64, u64, i64)> = Vec::new();
    each(dir, "sales", |r| {
        let (day, n, revenue) = (r.req("day")?, count(r, "orders")?, r.req("revenue")?);
        match r.customer(store, "customer_id")? {
            NO_CUSTOMER => keyless.push((day, n, revenue)),
            c => match place.get(c as usize).copied().filter(|p| *p != u32::MAX) {
                Some(p) => days.push((p, day, n, revenue)),
                None => return Err(r.at("customer_id", &format!("customer {c} has sales but no buyers row"))),
            },
        }
        Ok(())
    })?;
    days.sort_unstable();
    keyless.sort_unstable();
    // the orders of a buyer's days add up to the buyer's, the keyless ones stay within the
    // orders on or before as_of (so no count can blow the memory up)
    let mismatch = |what: String| io(&dir.join("sales"), &what);
    let kept = f.distinct_orders.saturating_sub(f.orders_after_as_of);
    let keyless_orders = keyless.iter().map(|k| k.1).fold(0u64, u64::saturating_add);
    if keyless_orders > kept {
        return Err(mismatch(format!("{keyless_orders} orders without a key, of {kept} orders in all")));
    }
    let expand = |out: &mut Vec<DaySale>, day: i64, n: u64, revenue: i64| {
        for k in 0..n {
            out.push(DaySale { revenue: if k == 0 { revenue } else { 0 }, day });
        }
    };
    let mut start = Vec::with_capacity(buyers.len() + 1);
    let mut sales = Vec::new();
    let mut rest = days.as_slice();
    for (i, b) in buyers.iter().enumerate() {
        start.push(sales.len());
        let (mine, after) = rest.split_at(rest.iter().position(|d| d.0 as usize != i).unwrap_or(rest.len()));
        rest = after;
        let n = mine.iter().map(|d| d.2).fold(0u64, u64::saturating_add);
        if n != b.orders {
            return Err(mismatch(format!("customer {}: {n} orders by day, {} in buyers", b.id, b.orders)));
        }
        for &(_, day, n, revenue) in mine {
            expand(&mut sales, day, n, revenue);
        }
    }
    start.push(sales.len());
    let mut keyless_sales = Vec::new();
    for (day, n, revenue) in keyless {
        expand(&mut keyless_sales, day, n, revenue);
    }
    let mut linked: Vec<(i64, i64, Order)> = Vec::new();
    each(dir, "linked_orders", |r| {
        let o = Order {
            key: r.key("order_key")?.unwrap_or(0),
            customer: r.customer(store, "customer_id")?,
            created: seconds(r.req("created_us")?),
            paid: 0,
            refund: 0,
            items: 0,
            region: NO_REGION,
            valid: true,
        };
        linked.push((r.req("rank")?, r.req("seq")?, o));
        Ok(())
    })?;
    linked.sort_by_key(|o| (o.0, o.1));
    Ok(OrderPart::from_parts(
        as_of,
        linked.into_iter().map(|o| o.2).collect(),
        buyers,
        Grouped::from_parts(start, sales, keyless_sales),
        store.has(Kind::Orders),
        f.distinct_orders,
        f.orders_after_as_of,
        f.order_rows,
    ))
}

/// The interest pass.
fn events(dir: &Path, store: &mut Store, f: &Facts, s: &metrics::Settings) -> Result<Events> {
    let mut buyers: Vec<(u32, Buyer)> = Vec::new();
    each(dir, "interested", |r| {
        let c = customer_of(r, store)?;
        let bits = |name: &str| -> Result<u32> { u32::try_from(r.req(name)?).map_err(|_| r.at(name, "out of range")) };
        let b = Buyer {
            first: r.req("first_day")?,
            last: r.req("last_day")?,
            region: region(store, r.text("region")?),
            actions: small::<u8>(r, "actions")?.unwrap_or(0),
            windows: [bits("day_bits")?, bits("week_bits")?, bits("month_bits")?],
            periods: small::<u8>(r, "periods")?.unwrap_or(0),
        };
        buyers.push((c, b));
        Ok(())
    })?;
    once_each(dir, "interested", &mut buyers, |b| b.0)?;
    Ok(Events::from_buyers(store.customers.len(), s, f.in_window, &buyers))
}

/// The customer of a row of an aggregate with one row per customer (null is an error).
fn customer_of(r: &super::read::Row<'_>, store: &Store) -> Result<u32> {
    match r.customer(store, "customer_id")? {
        NO_CUSTOMER => Err(r.bad("customer_id", "null")),
        c => Ok(c),
    }
}

/// Sorts the rows of an aggregate of one row per customer by customer id, refusing a second
/// row of one customer (it would replace or double the first).
fn once_each<T>(dir: &Path, name: &str, rows: &mut [T], id: impl Fn(&T) -> u32) -> Result<()> {
    rows.sort_unstable_by_key(|r| id(r));
    match rows.windows(2).find(|w| w.first().map(&id) == w.get(1).map(&id)) {
        Some(w) => Err(io(&dir.join(name), &format!("customer id {} has two rows", w.first().map_or(0, &id)))),
        None => Ok(()),
    }
}

/// The report of `config` from the aggregates in `dir`: the same report, byte for byte, as
/// `customer-insights report` on the files, given in the order of their names, with the same
/// config.
pub fn report(dir: &Path, config: &ReportConfig) -> Result<Report> {
    let f = facts(dir)?;
    let config = check(config, &f)?;
    let mut store = Store::default();
    files(dir, &mut store)?;
    require(dir, &store)?;
    keys(dir, &mut store)?;
    profiles(dir, &mut store)?;
    calls(dir, &mut store)?;
    tickets(dir, &mut store)?;
    let Some(as_of) = f.as_of else {
        // nothing dated: the report of the files' accounting alone
        return metrics::compute(&store, &config);
    };
    let part = order_part(dir, &mut store, &f, as_of)?;
    let s = metrics::settings(&store, &config)?
        .ok_or_else(|| Error::Config("as_of: the aggregates have none".to_string()))?;
    let events = if store.has(Kind::Interest) { Some(events(dir, &mut store, &f, &s)?) } else { None };
    let memo = Memo::seeded(part, &s, events);
    metrics::compute_with(&store, Some(&memo), &config)
}

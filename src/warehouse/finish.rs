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
    let made = f.as_of.map(metrics::day_text);
    match (&config.as_of, &made) {
        (Some(want), Some(have)) if metrics::parse_day(want) != f.as_of => {
            return Err(Error::Config(format!(
                "as_of: the aggregates were made for {have}, not {want}: run `customer-insights sql --as-of {want}` again"
            )));
        }
        (Some(want), None) => {
            return Err(Error::Config(format!("as_of: the aggregates were made without a dated row, not for {want}")));
        }
        _ => c.as_of = made,
    }
    let conv = i64::from(config.windows.as_ref().and_then(|w| w.conversion_days).unwrap_or(30));
    let pd = i64::from(config.periods.as_ref().and_then(|p| p.days).unwrap_or(30));
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
fn files(dir: &Path, store: &mut Store) -> Result<Vec<String>> {
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
    let mut names = Vec::new();
    for (_, m) in files {
        let header = if m.summary.kind == Some(Kind::Customers) { m.summary.header.clone() } else { Vec::new() };
        names.push(m.summary.name.clone());
        store.files.push(FileEntry { summary: m.summary, table: Table { profile_header: header, ..Table::default() } });
    }
    Ok(names)
}

/// Interns every customer key in the order of its id (the order it was first seen).
fn keys(dir: &Path, store: &mut Store) -> Result<()> {
    let mut keys: Vec<Option<String>> = Vec::new();
    let mut bad = None;
    each(dir, "keys", |r| {
        let id = usize::try_from(r.req("customer_id")?).map_err(|_| r.bad("customer_id", "an id"))?;
        if keys.len() <= id {
            keys.resize(id + 1, None);
        }
        if let Some(slot) = keys.get_mut(id) {
            if slot.is_some() {
                bad = Some(id);
            }
            *slot = r.text("customer_key")?;
        }
        Ok(())
    })?;
    // one batch, in id order (the interner overlaps its cache misses)
    let mut text = String::new();
    let mut ends = Vec::with_capacity(keys.len());
    for (id, k) in keys.iter().enumerate() {
        let Some(k) = k.as_ref().filter(|_| bad.is_none()) else {
            return Err(io(&dir.join("keys"), &format!("customer id {} is missing or twice", bad.unwrap_or(id))));
        };
        text.push_str(k);
        ends.push(text.len());
    }
    let mut ids = Vec::with_capacity(ends.len());
    store.customers.intern_tagged(&text, &ends, &mut ids);
    if ids.iter().enumerate().any(|(i, id)| *id as usize != i) {
        return Err(io(&dir.join("keys"), "a customer key is there twice"));
    }
    Ok(())
}
/// The orders' part: the buyers' aggregates, their sales by day, the orders the calls and
/// tickets name.
fn order_part(dir: &Path, store: &mut Store, f: &Facts, as_of: i64) -> Result<OrderPart> {
    let mut buyers: Vec<CustomerAgg> = Vec::new();
    let mut regions: Vec<(usize, Option<String>)> = Vec::new();
    each(dir, "buyers", |r| {
        let c = r.customer(store, "customer_id")?;
        let last = r.req("last_day")?;
        regions.push((buyers.len(), r.text("region")?));
        buyers.push(CustomerAgg {
            id: c,
            orders: count(r, "orders")?,
            revenue: r.req("revenue")?,
            items: count(r, "items")?,
            first: r.req("first_day")?,
            last,
            recency: as_of - last,
            region: NO_REGION,
        });
        Ok(())
    })?;
    for (i, reg) in regions {
        let id = region(store, reg);
        if let Some(b) = buyers.get_mut(i) {
            b.region = id;
        }
    }
    buyers.sort_unstable_by_key(|b| b.id);
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
            c => days.push((place.get(c as usize).copied().unwrap_or(u32::MAX), day, n, revenue)),
        }
        Ok(())
    })?;
    days.sort_unstable();
    keyless.sort_unstable();
    let expand = |out: &mut Vec<DaySale>, day: i64, n: u64, revenue: i64| {
        for k in 0..n {
            out.push(DaySale { revenue: if k == 0 { revenue } else { 0 }, day });
        }
    };
    let mut start = Vec::with_capacity(buyers.len() + 1);
    let mut sales = Vec::new();
    let mut it = days.into_iter().peekable();
    for i in 0..buyers.len() {
        start.push(sales.len());
        while let Some((_, day, n, revenue)) = it.next_if(|d| d.0 as usize == i) {
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
    let mut buyers = Vec::new();
    each(dir, "interested", |r| {
        let c = r.customer(store, "customer_id")?;
        let bits = |name: &str| -> Result<u32> { u32::try_from(r.req(name)?).map_err(|_| r.at(name, "out of range")) };
        let b = Buyer {
            first: r.req("first_day")?,
            last: r.req("last_day")?,
            region: NO_REGION,
            actions: small::<u8>(r, "actions")?.unwrap_or(0),
            windows: [bits("day_bits")?, bits("week_bits")?, bits("month_bits")?],
            periods: small::<u8>(r, "periods")?.unwrap_or(0),
        };
        buyers.push((c, b, r.text("region")?));
        Ok(())
    })?;
    let buyers: Vec<(u32, Buyer)> = buyers
        .into_iter()
        .map(|(c, mut b, reg)| {
            b.region = region(store, reg);
            (c, b)
        })
        .collect();
    Ok(Events::from_buyers(store.customers.len(), s, f.in_window, &buyers))
}

/// The report of `config` from the aggregates in `dir`: the same report, byte for byte, as
/// `customer-insights report` on the files, given in the order of their names, with the same
/// config.
pub fn report(dir: &Path, config: &ReportConfig) -> Result<Report> {
    let f = facts(dir)?;
    let config = check(config, &f)?;
    let mut store = Store::default();
    files(dir, &mut store)?;
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

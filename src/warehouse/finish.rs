//! The warehouse path, step 3 (issue 21): the exact report from the aggregates the SQL of
//! [`sql`](super::sql) wrote. The aggregates become what the engine's own passes over the rows
//! would have made — the orders' part ([`OrderPart`]) and the interest pass ([`Events`]) — in
//! a [`Store`] that holds the files' accounting and the rows that pass as they are (customers,
//! calls, tickets, and the few orders the calls and tickets name); the report is then the
//! engine's [`compute_with`](crate::metrics::compute_with) over them, section for section the
//! code that reads raw files. Customer ids are numbered in the order their keys were first
//! seen, as reading the files in the order of their names numbers them, so every sum is taken
//! in the same order and the report is the same to the byte.

use super::sql::FORMAT;
use super::Manifest;
use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::metrics::customers::{CustomerAgg, DaySale, Grouped};
use crate::metrics::events::{Buyer, Events};
use crate::metrics::{self, context::OrderPart, Memo};
use crate::model::{Gender, Kind};
use crate::report::Report;
use crate::store::{Call, FileEntry, Order, Profile, Store, Table, Ticket, NO_CUSTOMER, NO_LABEL, NO_REGION};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::path::{Path, PathBuf};

/// The Parquet files of one aggregate (its folder's `*.parquet`, without Spark's and Hadoop's
/// hidden `_`/`.` files), in name order; None when the folder is not there.
fn parts(dir: &Path, name: &str) -> Result<Option<Vec<PathBuf>>> {
    let folder = dir.join(name);
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(None) };
    let mut files = Vec::new();
    for e in entries {
        let p = e.map_err(|e| io(&folder, &e.to_string()))?.path();
        let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if n.ends_with(".parquet") && !n.starts_with('_') && !n.starts_with('.') {
            files.push(p);
        }
    }
    files.sort();
    Ok(Some(files))
}

fn io(path: &Path, message: &str) -> Error {
    Error::Io { file: path.display().to_string(), message: message.to_string() }
}

/// One row of an aggregate, with its column names, to read values by name.
struct Row<'a> {
    path: &'a Path,
    index: u64,
    fields: Vec<(&'a str, Field)>,
}

impl Row<'_> {
    fn field(&self, name: &str) -> Result<&Field> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f)
            .ok_or_else(|| io(self.path, &format!("row {}: no column {name:?}", self.index + 1)))
    }

    fn bad(&self, name: &str, f: &Field, what: &str) -> Error {
        io(self.path, &format!("row {}, column {name}: {f} is not {what}", self.index + 1))
    }

    /// An integer (any width), None when null.
    fn int(&self, name: &str) -> Result<Option<i64>> {
        Ok(match self.field(name)? {
            Field::Null => None,
            Field::Byte(v) => Some(i64::from(*v)),
            Field::Short(v) => Some(i64::from(*v)),
            Field::Int(v) | Field::Date(v) => Some(i64::from(*v)),
            Field::Long(v) | Field::TimestampMicros(v) => Some(*v),
            Field::UByte(v) => Some(i64::from(*v)),
            Field::UShort(v) => Some(i64::from(*v)),
            Field::UInt(v) => Some(i64::from(*v)),
            Field::ULong(v) => {
                Some(i64::try_from(*v).map_err(|_| self.bad(name, &Field::ULong(*v), "a 64-bit integer"))?)
            }
            f => return Err(self.bad(name, f, "an integer")),
        })
    }

    fn req(&self, name: &str) -> Result<i64> {
        self.int(name)?.ok_or_else(|| self.bad(name, &Field::Null, "a value"))
    }

    fn text(&self, name: &str) -> Result<Option<String>> {
        Ok(match self.field(name)? {
            Field::Null => None,
            Field::Str(s) => Some(s.clone()),
            Field::Bytes(b) => Some(String::from_utf8_lossy(b.data()).into_owned()),
            f => return Err(self.bad(name, f, "a text")),
        })
    }

    fn bool(&self, name: &str) -> Result<bool> {
        match self.field(name)? {
            Field::Bool(b) => Ok(*b),
            f => Err(self.bad(name, f, "true or false")),
        }
    }

    /// An order key (16 bytes, big-endian).
    fn key(&self, name: &str) -> Result<Option<u128>> {
        Ok(match self.field(name)? {
            Field::Null => None,
            Field::Bytes(b) => {
                let a: [u8; 16] = b.data().try_into().map_err(|_| self.bad(name, &Field::Null, "16 bytes"))?;
                Some(u128::from_be_bytes(a))
            }
            f => return Err(self.bad(name, f, "an order key")),
        })
    }

    fn list(&self, name: &str) -> Result<Vec<String>> {
        match self.field(name)? {
            Field::Null => Ok(Vec::new()),
            Field::ListInternal(l) => l
                .elements()
                .iter()
                .map(|e| match e {
                    Field::Str(s) => Ok(s.clone()),
                    Field::Bytes(b) => Ok(String::from_utf8_lossy(b.data()).into_owned()),
                    f => Err(self.bad(name, f, "a list of texts")),
                })
                .collect(),
            f => Err(self.bad(name, f, "a list")),
        }
    }
}

/// The names of a Parquet file's top-level columns, in order.
pub fn column_names<R: FileReader>(reader: &R) -> Vec<String> {
    reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .root_schema()
        .get_fields()
        .iter()
        .map(|c| c.name().to_string())
        .collect()
}

/// Calls `f` with every row of aggregate `name` (none when its folder is not there).
fn each(dir: &Path, name: &str, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<bool> {
    let Some(files) = parts(dir, name)? else { return Ok(false) };
    for path in &files {
        let file = std::fs::File::open(path).map_err(|e| io(path, &e.to_string()))?;
        let reader = SerializedFileReader::new(file).map_err(|e| io(path, &e.to_string()))?;
        let names = column_names(&reader);
        let rows = reader.get_row_iter(None).map_err(|e| io(path, &e.to_string()))?;
        for (index, row) in (0u64..).zip(rows) {
            let row = row.map_err(|e| io(path, &e.to_string()))?;
            let fields = names.iter().map(String::as_str).zip(row.into_columns().into_iter().map(|(_, f)| f)).collect();
            f(&Row { path, index, fields })?;
        }
    }
    Ok(true)
}

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

fn count(r: &Row<'_>, name: &str) -> Result<u64> {
    u64::try_from(r.req(name)?).map_err(|_| io(r.path, &format!("row {}, column {name}: below 0", r.index + 1)))
}

fn facts(dir: &Path) -> Result<Facts> {
    let mut out = None;
    let there = each(dir, "facts", |r| {
        let format = r.req("format")?;
        if format != FORMAT {
            return Err(io(r.path, &format!("aggregates of format {format}; this build reads format {FORMAT}")));
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
        let m: Manifest = serde_json::from_str(&text)
            .map_err(|e| io(r.path, &format!("row {}, column manifest: {e}", r.index + 1)))?;
        files.push((r.req("rank")?, m));
        Ok(())
    })?;
    files.sort_by_key(|f| f.0);
    let mut names = Vec::new();
    for (_, m) in files {
        let header = if m.summary.kind == Some(Kind::Customers) { m.summary.header.clone() } else { Vec::new() };
        names.push(m.summary.name.clone());
        store.files.push(FileEntry { summary: m.summary, table: Table { profile_header: header, ..Table::default() } });
    }
    Ok(names)
}

/// Interns every customer key in the order it was first seen.
fn keys(dir: &Path, store: &mut Store) -> Result<()> {
    let mut keys: Vec<(i64, String)> = Vec::new();
    each(dir, "keys", |r| {
        if let Some(k) = r.text("customer_key")? {
            keys.push((r.req("first_seen")?, k));
        }
        Ok(())
    })?;
    keys.sort_unstable();
    let mut ids = Vec::new();
    for (_, k) in &keys {
        ids.clear();
        store.customers.intern_tagged(k, &[k.len()], &mut ids);
    }
    Ok(())
}

/// The id of a tagged customer key (every key was interned by [`keys`]).
fn customer(store: &mut Store, key: Option<String>) -> u32 {
    let Some(k) = key else { return NO_CUSTOMER };
    let mut ids = Vec::with_capacity(1);
    store.customers.intern_tagged(&k, &[k.len()], &mut ids);
    ids.first().copied().unwrap_or(NO_CUSTOMER)
}

fn label(store: &mut Store, t: Option<String>) -> u32 {
    t.map_or(NO_LABEL, |t| store.labels.intern(&t))
}

fn region(store: &mut Store, t: Option<String>) -> u16 {
    t.map_or(NO_REGION, |t| store.regions.intern(&t))
}

fn small<T: TryFrom<i64>>(r: &Row<'_>, name: &str) -> Result<Option<T>> {
    r.int(name)?
        .map(|v| {
            T::try_from(v).map_err(|_| io(r.path, &format!("row {}, column {name}: {v} out of range", r.index + 1)))
        })
        .transpose()
}

/// The rows of aggregate `name` that pass as they are: each read by `read` into a row and its
/// texts, the texts then interned by `intern` (after every row is read: the reader borrows
/// nothing from the store), and the rows put into their file's table (`table`) in seq order.
fn passed<T, X>(
    dir: &Path,
    store: &mut Store,
    name: &str,
    read: impl Fn(&Row<'_>) -> Result<(T, X)>,
    intern: impl Fn(&mut Store, &mut T, X),
    table: impl Fn(&mut Table) -> &mut Vec<T>,
) -> Result<()> {
    let mut rows = Vec::new();
    each(dir, name, |r| {
        rows.push((r.req("rank")?, r.req("seq")?, read(r)?));
        Ok(())
    })?;
    rows.sort_by_key(|r| (r.0, r.1));
    for (rank, _, (mut row, texts)) in rows {
        intern(store, &mut row, texts);
        if let Some(f) = usize::try_from(rank).ok().and_then(|i| store.files.get_mut(i)) {
            table(&mut f.table).push(row);
        }
    }
    Ok(())
}

type ProfileTexts = (Option<String>, Option<String>, Option<String>, Vec<String>, Vec<String>);

fn profiles(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>| -> Result<(Profile, ProfileTexts)> {
        let gender = match r.text("gender")?.as_deref() {
            Some("女") => Gender::Female,
            Some("男") => Gender::Male,
            _ => Gender::Unknown,
        };
        let p = Profile {
            customer: NO_CUSTOMER,
            gender,
            age: small::<u8>(r, "age")?,
            birth: r.int("birth")?,
            region: NO_REGION,
            member_level: small::<u8>(r, "member_level")?,
            source: NO_LABEL,
            tags: Vec::new(),
            cells: Vec::new(),
            row: small::<u32>(r, "row")?.unwrap_or(0),
        };
        let texts = (r.text("customer_key")?, r.text("region")?, r.text("source")?, r.list("tags")?, r.list("cells")?);
        Ok((p, texts))
    };
    let intern = |store: &mut Store, p: &mut Profile, (key, reg, source, tags, cells): ProfileTexts| {
        p.customer = customer(store, key);
        p.region = region(store, reg);
        p.source = label(store, source);
        p.tags = tags.iter().map(|t| store.labels.intern(t)).collect();
        p.cells = cells.iter().map(|t| store.labels.intern(t)).collect();
    };
    passed(dir, store, "customers", read, intern, |t| &mut t.profiles)
}

fn seconds(us: i64) -> i64 {
    us.div_euclid(1_000_000)
}

type Texts4 = (Option<String>, Option<String>, Option<String>, Option<String>);

fn calls(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>| -> Result<(Call, Texts4)> {
        let c = Call {
            agent: NO_LABEL,
            customer: NO_CUSTOMER,
            time: seconds(r.req("time_us")?),
            duration: small::<u32>(r, "duration_seconds")?.unwrap_or(0),
            connected: r.bool("connected")?,
            ordered: r.bool("ordered")?,
            task: NO_LABEL,
            phone: NO_LABEL,
            row: small::<u32>(r, "row")?.unwrap_or(0),
        };
        Ok((c, (r.text("customer_key")?, r.text("agent")?, r.text("task")?, r.text("phone")?)))
    };
    let intern = |store: &mut Store, c: &mut Call, (key, agent, task, phone): Texts4| {
        c.customer = customer(store, key);
        c.agent = label(store, agent);
        c.task = label(store, task);
        c.phone = label(store, phone);
    };
    passed(dir, store, "calls", read, intern, |t| &mut t.calls)
}

fn tickets(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>| -> Result<(Ticket, Texts4)> {
        let k = Ticket {
            ticket_type: NO_LABEL,
            channel: NO_LABEL,
            created: seconds(r.req("created_us")?),
            first_response: r.int("first_response_us")?.map(seconds),
            resolved: r.int("resolved_us")?.map(seconds),
            is_resolved: r.bool("is_resolved")?,
            satisfaction: small::<u8>(r, "satisfaction")?,
            buyer: NO_LABEL,
            order: r.key("order_key")?,
        };
        Ok((k, (r.text("ticket_type")?, r.text("channel")?, r.text("buyer")?, None)))
    };
    let intern = |store: &mut Store, k: &mut Ticket, (kind, channel, buyer, _): Texts4| {
        k.ticket_type = label(store, kind);
        k.channel = label(store, channel);
        k.buyer = label(store, buyer);
    };
    passed(dir, store, "tickets", read, intern, |t| &mut t.tickets)
}

/// The orders' part: the buyers' aggregates, their sales by day, the orders the calls and
/// tickets name.
fn order_part(dir: &Path, store: &mut Store, f: &Facts, as_of: i64) -> Result<OrderPart> {
    let mut buyers: Vec<CustomerAgg> = Vec::new();
    let mut regions: Vec<(usize, Option<String>)> = Vec::new();
    each(dir, "buyers", |r| {
        let c = customer(store, r.text("customer_key")?);
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
        match r.text("customer_key")? {
            None => keyless.push((day, n, revenue)),
            Some(k) => {
                let c = customer(store, Some(k));
                let at = place.get(c as usize).copied().unwrap_or(u32::MAX);
                days.push((at, day, n, revenue));
            }
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
            customer: customer(store, r.text("customer_key")?),
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
        let c = customer(store, r.text("customer_key")?);
        let bits = |name: &str| -> Result<u32> {
            u32::try_from(r.req(name)?)
                .map_err(|_| io(r.path, &format!("row {}, column {name}: out of range", r.index + 1)))
        };
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

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
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType, Int32Type, Int64Type,
};
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
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

/// A cell as the readers below take it.
enum V<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Bytes(&'a [u8]),
    /// A list (from the record reader).
    List(&'a Field),
    /// Anything else, described.
    Other(String),
}

fn of_field(f: &Field) -> V<'_> {
    match f {
        Field::Null => V::Null,
        Field::Bool(b) => V::Bool(*b),
        Field::Byte(v) => V::Int(i64::from(*v)),
        Field::Short(v) => V::Int(i64::from(*v)),
        Field::Int(v) | Field::Date(v) => V::Int(i64::from(*v)),
        Field::Long(v) | Field::TimestampMicros(v) => V::Int(*v),
        Field::UByte(v) => V::Int(i64::from(*v)),
        Field::UShort(v) => V::Int(i64::from(*v)),
        Field::UInt(v) => V::Int(i64::from(*v)),
        Field::Str(s) => V::Bytes(s.as_bytes()),
        Field::Bytes(b) => V::Bytes(b.data()),
        Field::ListInternal(_) => V::List(f),
        f => V::Other(f.to_string()),
    }
}

/// One column of a row group, read whole (null: absent).
enum Col {
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Bytes(Vec<Option<ByteArray>>),
}

/// Where a row's cells are: the record reader's row (a file with a list column), or row `i`
/// of a row group read column by column (every other file: most of the rows, read several
/// times faster than as records).
enum Cells<'a> {
    Record(Vec<Field>),
    Batch(&'a [Col], usize),
}

/// One row of an aggregate, to read values by column name.
struct Row<'a> {
    path: &'a Path,
    index: u64,
    names: &'a [String],
    cells: Cells<'a>,
}

impl Row<'_> {
    fn value(&self, name: &str) -> Result<V<'_>> {
        let i = self
            .names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| io(self.path, &format!("row {}: no column {name:?}", self.index + 1)))?;
        let missing = || V::Other("missing".to_string());
        Ok(match &self.cells {
            Cells::Record(fields) => fields.get(i).map_or_else(missing, of_field),
            Cells::Batch(cols, r) => match cols.get(i) {
                Some(Col::Int(v)) => v.get(*r).map_or_else(missing, |x| x.map_or(V::Null, V::Int)),
                Some(Col::Bool(v)) => v.get(*r).map_or_else(missing, |x| x.map_or(V::Null, V::Bool)),
                Some(Col::Bytes(v)) => {
                    v.get(*r).map_or_else(missing, |x| x.as_ref().map_or(V::Null, |b| V::Bytes(b.data())))
                }
                None => missing(),
            },
        })
    }

    fn bad(&self, name: &str, what: &str) -> Error {
        io(self.path, &format!("row {}, column {name}: not {what}", self.index + 1))
    }

    /// An integer (any width), None when null.
    fn int(&self, name: &str) -> Result<Option<i64>> {
        match self.value(name)? {
            V::Null => Ok(None),
            V::Int(v) => Ok(Some(v)),
            _ => Err(self.bad(name, "an integer")),
        }
    }

    fn req(&self, name: &str) -> Result<i64> {
        self.int(name)?.ok_or_else(|| self.bad(name, "null"))
    }

    fn text(&self, name: &str) -> Result<Option<String>> {
        match self.value(name)? {
            V::Null => Ok(None),
            V::Bytes(b) => Ok(Some(String::from_utf8_lossy(b).into_owned())),
            _ => Err(self.bad(name, "a text")),
        }
    }

    /// The customer id in column `name` (NO_CUSTOMER for null): the SQL numbered the keys as
    /// the engine does ([`keys`]), so no key is looked up.
    fn customer(&self, store: &Store, name: &str) -> Result<u32> {
        match self.int(name)? {
            None => Ok(NO_CUSTOMER),
            Some(v) => u32::try_from(v)
                .ok()
                .filter(|id| (*id as usize) < store.customers.len())
                .ok_or_else(|| self.bad(name, &format!("a customer id below {}", store.customers.len()))),
        }
    }

    fn bool(&self, name: &str) -> Result<bool> {
        match self.value(name)? {
            V::Bool(b) => Ok(b),
            _ => Err(self.bad(name, "true or false")),
        }
    }

    /// An order key (16 bytes, big-endian).
    fn key(&self, name: &str) -> Result<Option<u128>> {
        match self.value(name)? {
            V::Null => Ok(None),
            V::Bytes(b) => {
                let a: [u8; 16] = b.try_into().map_err(|_| self.bad(name, "16 bytes"))?;
                Ok(Some(u128::from_be_bytes(a)))
            }
            _ => Err(self.bad(name, "an order key")),
        }
    }

    fn list(&self, name: &str) -> Result<Vec<String>> {
        match self.value(name)? {
            V::Null => Ok(Vec::new()),
            V::List(Field::ListInternal(l)) => l
                .elements()
                .iter()
                .map(|e| match of_field(e) {
                    V::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
                    _ => Err(self.bad(name, "a list of texts")),
                })
                .collect(),
            V::Other(what) => Err(self.bad(name, &format!("a list ({what})"))),
            _ => Err(self.bad(name, "a list")),
        }
    }
}

/// A Parquet file's top-level columns, in order.
fn top_columns<R: FileReader>(reader: &R) -> &[parquet::schema::types::TypePtr] {
    reader.metadata().file_metadata().schema_descr().root_schema().get_fields()
}

/// The names of a Parquet file's top-level columns, in order.
pub fn column_names<R: FileReader>(reader: &R) -> Vec<String> {
    top_columns(reader).iter().map(|c| c.name().to_string()).collect()
}

/// Reads column `i` of a row group of `rows` rows whole.
fn column(rg: &dyn RowGroupReader, i: usize, rows: usize) -> parquet::errors::Result<Col> {
    let max_def = rg.metadata().column(i).column_descr().max_def_level();
    let mut def = Vec::with_capacity(rows);
    macro_rules! typed {
        ($r:expr, $t:ty, $map:expr, $variant:ident) => {{
            let mut r: ColumnReaderImpl<$t> = $r;
            let mut values = Vec::with_capacity(rows);
            r.read_records(rows, Some(&mut def), None, &mut values)?;
            let mut it = values.into_iter().map($map);
            let out = if max_def == 0 {
                it.map(Some).collect()
            } else {
                def.iter().map(|d| if *d == max_def { it.next() } else { None }).collect()
            };
            Col::$variant(out)
        }};
    }
    Ok(match rg.get_column_reader(i)? {
        ColumnReader::Int64ColumnReader(r) => typed!(r, Int64Type, |v: i64| v, Int),
        ColumnReader::Int32ColumnReader(r) => typed!(r, Int32Type, i64::from, Int),
        ColumnReader::BoolColumnReader(r) => typed!(r, BoolType, |v: bool| v, Bool),
        ColumnReader::ByteArrayColumnReader(r) => typed!(r, ByteArrayType, |v: ByteArray| v, Bytes),
        ColumnReader::FixedLenByteArrayColumnReader(r) => {
            typed!(r, FixedLenByteArrayType, |v: FixedLenByteArray| ByteArray::from(v.data().to_vec()), Bytes)
        }
        _ => {
            return Err(parquet::errors::ParquetError::General(format!("column {i}: a type the aggregates never have")))
        }
    })
}

/// Calls `f` with every row of aggregate `name` (none when its folder is not there).
fn each(dir: &Path, name: &str, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<bool> {
    let Some(files) = parts(dir, name)? else { return Ok(false) };
    for path in &files {
        let file = std::fs::File::open(path).map_err(|e| io(path, &e.to_string()))?;
        let reader = SerializedFileReader::new(file).map_err(|e| io(path, &e.to_string()))?;
        let names = column_names(&reader);
        let flat = top_columns(&reader).iter().all(|c| c.is_primitive());
        let pq = |e: parquet::errors::ParquetError| io(path, &e.to_string());
        if !flat {
            let rows = reader.get_row_iter(None).map_err(pq)?;
            for (index, row) in (0u64..).zip(rows) {
                let fields = row.map_err(pq)?.into_columns().into_iter().map(|(_, f)| f).collect();
                f(&Row { path, index, names: &names, cells: Cells::Record(fields) })?;
            }
            continue;
        }
        let mut index = 0u64;
        for g in 0..reader.num_row_groups() {
            let rg = reader.get_row_group(g).map_err(pq)?;
            let rows = usize::try_from(rg.metadata().num_rows()).unwrap_or(0);
            let cols = (0..names.len())
                .map(|i| column(rg.as_ref(), i, rows))
                .collect::<parquet::errors::Result<Vec<Col>>>()
                .map_err(pq)?;
            for r in 0..rows {
                f(&Row { path, index, names: &names, cells: Cells::Batch(&cols, r) })?;
                index += 1;
            }
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
    read: impl Fn(&Row<'_>, &Store) -> Result<(T, X)>,
    intern: impl Fn(&mut Store, &mut T, X),
    table: impl Fn(&mut Table) -> &mut Vec<T>,
) -> Result<()> {
    let mut rows = Vec::new();
    each(dir, name, |r| {
        rows.push((r.req("rank")?, r.req("seq")?, read(r, store)?));
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

type ProfileTexts = (Option<String>, Option<String>, Vec<String>, Vec<String>);

fn profiles(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>, store: &Store| -> Result<(Profile, ProfileTexts)> {
        let gender = match r.text("gender")?.as_deref() {
            Some("女") => Gender::Female,
            Some("男") => Gender::Male,
            _ => Gender::Unknown,
        };
        let p = Profile {
            customer: r.customer(store, "customer_id")?,
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
        let texts = (r.text("region")?, r.text("source")?, r.list("tags")?, r.list("cells")?);
        Ok((p, texts))
    };
    let intern = |store: &mut Store, p: &mut Profile, (reg, source, tags, cells): ProfileTexts| {
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

type Texts3 = (Option<String>, Option<String>, Option<String>);

fn calls(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>, store: &Store| -> Result<(Call, Texts3)> {
        let c = Call {
            agent: NO_LABEL,
            customer: r.customer(store, "customer_id")?,
            time: seconds(r.req("time_us")?),
            duration: small::<u32>(r, "duration_seconds")?.unwrap_or(0),
            connected: r.bool("connected")?,
            ordered: r.bool("ordered")?,
            task: NO_LABEL,
            phone: NO_LABEL,
            row: small::<u32>(r, "row")?.unwrap_or(0),
        };
        Ok((c, (r.text("agent")?, r.text("task")?, r.text("phone")?)))
    };
    let intern = |store: &mut Store, c: &mut Call, (agent, task, phone): Texts3| {
        c.agent = label(store, agent);
        c.task = label(store, task);
        c.phone = label(store, phone);
    };
    passed(dir, store, "calls", read, intern, |t| &mut t.calls)
}

fn tickets(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>, _: &Store| -> Result<(Ticket, Texts3)> {
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
        Ok((k, (r.text("ticket_type")?, r.text("channel")?, r.text("buyer")?)))
    };
    let intern = |store: &mut Store, k: &mut Ticket, (kind, channel, buyer): Texts3| {
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

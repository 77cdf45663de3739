//! One file's rows of one table as Parquet, through the `parquet` crate's low-level column
//! writers (no arrow): the Store's ids turned back into their text, column by column in the
//! order of [`schema`](super::schema), in row groups of [`ROW_GROUP`] rows.

use super::schema::{ColumnType, Table};
use crate::store::{FileEntry, Store, NO_CUSTOMER, NO_LABEL, NO_REGION};
use parquet::basic::{Compression, Encoding};
use parquet::column::writer::{ColumnWriter, ColumnWriterImpl};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, DataType, FixedLenByteArray, FixedLenByteArrayType, Int32Type, Int64Type,
};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::types::ColumnPath;
use std::io::Write;
use std::sync::Arc;

type Result<T> = std::result::Result<T, ParquetError>;

/// Rows per row group: big enough for few groups, small enough that a reader can split a big
/// file's work (DuckDB and Spark parallelise over row groups).
pub const ROW_GROUP: usize = 1 << 20;

/// The key-value metadata key of the format version (also in the file's JSON).
pub const FORMAT_KEY: &str = "customer_insights.format";
/// The key-value metadata key of a customers file's header (the names of `cells`), as JSON.
pub const HEADER_KEY: &str = "customer_insights.header";

/// Writes the rows of `entry` of its kind's table to `out` as one Parquet file; returns how
/// many rows. Every text comes from `store`'s keys and labels.
pub fn write_table<W: Write + Send>(out: W, table: &Table, entry: &FileEntry, store: &Store) -> Result<(u64, W)> {
    let schema = parquet::schema::parser::parse_message_type(&table.message())?;
    let mut kv = vec![KeyValue::new(FORMAT_KEY.to_string(), super::FORMAT.to_string())];
    if table.kind == crate::model::Kind::Customers {
        let header = serde_json::to_string(&entry.table.profile_header).unwrap_or_default();
        kv.push(KeyValue::new(HEADER_KEY.to_string(), header));
    }
    let mut w = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(properties(table, kv)))?;
    let mut t = Texts::new(store, &entry.summary.name);
    let rows = &entry.table;
    let n = match table.kind {
        crate::model::Kind::Orders => {
            groups(&mut w, table, &rows.orders, |g, rows, first| orders(g, rows, first, &mut t))?
        }
        crate::model::Kind::Customers => {
            groups(&mut w, table, &rows.profiles, |g, rows, first| customers(g, rows, first, &mut t))?
        }
        crate::model::Kind::Interest => {
            groups(&mut w, table, &rows.interest, |g, rows, first| interest(g, rows, first, &mut t))?
        }
        crate::model::Kind::Calls => {
            groups(&mut w, table, &rows.calls, |g, rows, first| calls(g, rows, first, &mut t))?
        }
        crate::model::Kind::Tickets => {
            groups(&mut w, table, &rows.tickets, |g, rows, first| tickets(g, rows, first, &mut t))?
        }
    };
    // (writes the footer)
    Ok((n, w.into_inner()?))
}

/// Snappy for every column (fast, pure Rust, what Spark and DuckDB write by default: text
/// already dictionary-encoded shrinks little more with a heavier codec); dictionaries for the
/// repeating columns; the row counters delta-encoded; none for unique keys and times.
fn properties(table: &Table, kv: Vec<KeyValue>) -> WriterProperties {
    let mut b = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("customer-insights {} (normalize)", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(kv));
    for c in table.columns {
        let path = ColumnPath::from(c.name);
        match (c.name, c.kind) {
            ("seq" | "row", _) => {
                b = b
                    .set_column_dictionary_enabled(path.clone(), false)
                    .set_column_encoding(path, Encoding::DELTA_BINARY_PACKED)
            }
            (_, ColumnType::OrderKey | ColumnType::Timestamp) => b = b.set_column_dictionary_enabled(path, false),
            _ => {}
        }
    }
    b.build()
}

/// Writes `rows` in row groups of [`ROW_GROUP`], each by `fill(group, rows, index of the first)`.
fn groups<W: Write + Send, R>(
    w: &mut SerializedFileWriter<W>,
    table: &Table,
    rows: &[R],
    mut fill: impl FnMut(&mut Group<'_, '_, W>, &[R], usize) -> Result<()>,
) -> Result<u64> {
    for (i, chunk) in rows.chunks(ROW_GROUP).enumerate() {
        let mut g = Group { rg: w.next_row_group()?, table, next: 0 };
        fill(&mut g, chunk, i * ROW_GROUP)?;
        if g.next != table.columns.len() {
            return Err(ParquetError::General(format!("{}: {} columns written", table.kind, g.next)));
        }
        g.rg.close()?;
    }
    Ok(rows.len() as u64)
}

/// The texts of a Store's ids, each made once (a clone of a [`ByteArray`] shares its bytes).
struct Texts<'s> {
    store: &'s Store,
    file: ByteArray,
    customers: Vec<Option<ByteArray>>,
    labels: Vec<Option<ByteArray>>,
    regions: Vec<Option<ByteArray>>,
    words: Vec<(&'static str, ByteArray)>,
}

fn cached(cache: &mut Vec<Option<ByteArray>>, id: usize, text: impl FnOnce() -> String) -> ByteArray {
    if cache.len() <= id {
        cache.resize(id + 1, None);
    }
    match cache.get_mut(id) {
        Some(Some(b)) => b.clone(),
        Some(slot) => slot.insert(ByteArray::from(text().into_bytes())).clone(),
        None => ByteArray::from(text().into_bytes()),
    }
}

impl<'s> Texts<'s> {
    fn new(store: &'s Store, file: &str) -> Texts<'s> {
        Texts {
            store,
            file: ByteArray::from(file),
            customers: Vec::new(),
            labels: Vec::new(),
            regions: Vec::new(),
            words: Vec::new(),
        }
    }

    /// The tagged customer key (`n:alice`); None for no customer.
    fn customer(&mut self, id: u32) -> Option<ByteArray> {
        (id != NO_CUSTOMER && (id as usize) < self.store.customers.len())
            .then(|| cached(&mut self.customers, id as usize, || self.store.customers.tagged(id).to_string()))
    }

    fn label(&mut self, id: u32) -> Option<ByteArray> {
        (id != NO_LABEL && (id as usize) < self.store.labels.len())
            .then(|| cached(&mut self.labels, id as usize, || self.store.labels.name(id).to_string()))
    }

    fn region(&mut self, id: u16) -> Option<ByteArray> {
        (id != NO_REGION && usize::from(id) < self.store.regions.len())
            .then(|| cached(&mut self.regions, usize::from(id), || self.store.regions.name(id).to_string()))
    }

    /// A fixed word (an action or gender key).
    fn word(&mut self, w: &'static str) -> ByteArray {
        if let Some((_, b)) = self.words.iter().find(|(x, _)| *x == w) {
            return b.clone();
        }
        let b = ByteArray::from(w);
        self.words.push((w, b.clone()));
        b
    }
}

/// A row group being written, column after column in the table's order.
struct Group<'g, 'w, W: Write + Send> {
    rg: SerializedRowGroupWriter<'w, W>,
    table: &'g Table,
    next: usize,
}

/// The column writer of a physical type, picked out of [`ColumnWriter`] (an error, not a
/// panic, when the schema says otherwise).
trait Physical: DataType + Sized {
    fn writer<'a, 'b>(w: &'b mut ColumnWriter<'a>) -> Option<&'b mut ColumnWriterImpl<'a, Self>>;
}

macro_rules! physical {
    ($t:ty, $v:ident) => {
        impl Physical for $t {
            fn writer<'a, 'b>(w: &'b mut ColumnWriter<'a>) -> Option<&'b mut ColumnWriterImpl<'a, Self>> {
                match w {
                    ColumnWriter::$v(x) => Some(x),
                    _ => None,
                }
            }
        }
    };
}
physical!(BoolType, BoolColumnWriter);
physical!(Int32Type, Int32ColumnWriter);
physical!(Int64Type, Int64ColumnWriter);
physical!(ByteArrayType, ByteArrayColumnWriter);
physical!(FixedLenByteArrayType, FixedLenByteArrayColumnWriter);

fn mismatch(what: &str, name: &str) -> ParquetError {
    ParquetError::General(format!("column {name}: written as {what}, which its schema is not"))
}

impl<W: Write + Send> Group<'_, '_, W> {
    /// The next column's schema entry, checked against the type written.
    fn column(&mut self, types: &[ColumnType]) -> Result<(&'static str, bool)> {
        let c = self.table.columns.get(self.next).ok_or_else(|| ParquetError::General("too many columns".into()))?;
        if !types.contains(&c.kind) {
            return Err(mismatch(types.first().map_or("", |t| t.label()), c.name));
        }
        self.next += 1;
        Ok((c.name, c.nullable))
    }

    /// Writes the next column: its present values, with definition levels when it is nullable
    /// (a required column with a missing value is an error).
    fn put<T: Physical>(&mut self, types: &[ColumnType], it: impl Iterator<Item = Option<T::T>>) -> Result<()> {
        let (name, nullable) = self.column(types)?;
        let (lo, _) = it.size_hint();
        let mut values = Vec::with_capacity(lo);
        let mut def = Vec::with_capacity(if nullable { lo } else { 0 });
        for v in it {
            match v {
                Some(v) => {
                    values.push(v);
                    def.push(1);
                }
                None if nullable => def.push(0),
                None => return Err(ParquetError::General(format!("column {name}: a missing value"))),
            }
        }
        let def = nullable.then_some(def.as_slice());
        self.write::<T>(name, &values, def, None)
    }

    fn write<T: Physical>(
        &mut self,
        name: &str,
        values: &[T::T],
        def: Option<&[i16]>,
        rep: Option<&[i16]>,
    ) -> Result<()> {
        let mut col =
            self.rg.next_column()?.ok_or_else(|| ParquetError::General(format!("column {name}: no writer")))?;
        T::writer(col.untyped()).ok_or_else(|| mismatch("another type", name))?.write_batch(values, def, rep)?;
        col.close()
    }

    fn int64(&mut self, it: impl Iterator<Item = Option<i64>>) -> Result<()> {
        self.put::<Int64Type>(&[ColumnType::Int64], it)
    }

    fn int32(&mut self, it: impl Iterator<Item = Option<i32>>) -> Result<()> {
        self.put::<Int32Type>(&[ColumnType::Int32], it)
    }

    fn date(&mut self, it: impl Iterator<Item = Option<i64>>) -> Result<()> {
        self.put::<Int32Type>(&[ColumnType::Date], it.map(|d| d.and_then(|d| i32::try_from(d).ok())))
    }

    /// Seconds of the wall clock, written as microseconds.
    fn time(&mut self, it: impl Iterator<Item = Option<i64>>) -> Result<()> {
        self.put::<Int64Type>(&[ColumnType::Timestamp], it.map(|t| t.map(|t| t.saturating_mul(1_000_000))))
    }

    fn bool(&mut self, it: impl Iterator<Item = bool>) -> Result<()> {
        self.put::<BoolType>(&[ColumnType::Bool], it.map(Some))
    }

    fn text(&mut self, it: impl Iterator<Item = Option<ByteArray>>) -> Result<()> {
        self.put::<ByteArrayType>(&[ColumnType::Text], it)
    }

    /// An order key, big-endian.
    fn key(&mut self, it: impl Iterator<Item = Option<u128>>) -> Result<()> {
        let it = it.map(|k| k.map(|k| FixedLenByteArray::from(k.to_be_bytes().to_vec())));
        self.put::<FixedLenByteArrayType>(&[ColumnType::OrderKey], it)
    }

    /// A required list of texts: definition level 0 for an empty list, 1 for an element;
    /// repetition level 0 at a row's first element, 1 after.
    fn list(&mut self, it: impl Iterator<Item = Vec<ByteArray>>) -> Result<()> {
        let (name, _) = self.column(&[ColumnType::TextList])?;
        let (mut values, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
        for row in it {
            if row.is_empty() {
                def.push(0);
                rep.push(0);
            }
            for (i, v) in row.into_iter().enumerate() {
                values.push(v);
                def.push(1);
                rep.push(i16::from(i > 0));
            }
        }
        self.write::<ByteArrayType>(name, &values, Some(&def), Some(&rep))
    }

    /// The `file` and `seq` columns of `n` rows from the `first`.
    fn file_seq(&mut self, t: &Texts<'_>, first: usize, n: usize) -> Result<()> {
        self.text((0..n).map(|_| Some(t.file.clone())))?;
        self.int64((first..first + n).map(|i| i64::try_from(i).ok()))
    }
}

fn orders<W: Write + Send>(
    g: &mut Group<'_, '_, W>,
    rows: &[crate::store::Order],
    first: usize,
    t: &mut Texts<'_>,
) -> Result<()> {
    g.file_seq(t, first, rows.len())?;
    g.key(rows.iter().map(|o| Some(o.key)))?;
    g.text(rows.iter().map(|o| t.customer(o.customer)))?;
    g.time(rows.iter().map(|o| Some(o.created)))?;
    g.int64(rows.iter().map(|o| Some(o.paid)))?;
    g.int64(rows.iter().map(|o| Some(o.refund)))?;
    g.int64(rows.iter().map(|o| Some(o.revenue())))?;
    g.int64(rows.iter().map(|o| Some(i64::from(o.items))))?;
    g.text(rows.iter().map(|o| t.region(o.region)))?;
    g.bool(rows.iter().map(|o| o.valid))
}

fn customers<W: Write + Send>(
    g: &mut Group<'_, '_, W>,
    rows: &[crate::store::Profile],
    first: usize,
    t: &mut Texts<'_>,
) -> Result<()> {
    g.file_seq(t, first, rows.len())?;
    g.int64(rows.iter().map(|p| Some(i64::from(p.row))))?;
    g.text(rows.iter().map(|p| t.customer(p.customer)))?;
    g.text(rows.iter().map(|p| Some(t.word(p.gender.key()))))?;
    g.int32(rows.iter().map(|p| p.age.map(i32::from)))?;
    g.date(rows.iter().map(|p| p.birth))?;
    g.text(rows.iter().map(|p| t.region(p.region)))?;
    g.int32(rows.iter().map(|p| p.member_level.map(i32::from)))?;
    g.text(rows.iter().map(|p| t.label(p.source)))?;
    g.list(rows.iter().map(|p| p.tags.iter().filter_map(|x| t.label(*x)).collect()))?;
    // a cell is never unlabelled; were one, it would read as empty (as the customer record does)
    g.list(rows.iter().map(|p| p.cells.iter().map(|x| t.label(*x).unwrap_or_else(|| t.word(""))).collect()))
}

fn interest<W: Write + Send>(
    g: &mut Group<'_, '_, W>,
    rows: &[crate::store::Interest],
    first: usize,
    t: &mut Texts<'_>,
) -> Result<()> {
    g.file_seq(t, first, rows.len())?;
    g.text(rows.iter().map(|e| t.customer(e.customer)))?;
    g.time(rows.iter().map(|e| Some(e.time)))?;
    g.text(rows.iter().map(|e| t.region(e.region)))?;
    g.text(rows.iter().map(|e| Some(t.word(e.action.key()))))
}

fn calls<W: Write + Send>(
    g: &mut Group<'_, '_, W>,
    rows: &[crate::store::Call],
    first: usize,
    t: &mut Texts<'_>,
) -> Result<()> {
    g.file_seq(t, first, rows.len())?;
    g.int64(rows.iter().map(|c| Some(i64::from(c.row))))?;
    g.text(rows.iter().map(|c| t.customer(c.customer)))?;
    g.text(rows.iter().map(|c| t.label(c.agent)))?;
    g.text(rows.iter().map(|c| t.label(c.task)))?;
    g.text(rows.iter().map(|c| t.label(c.phone)))?;
    g.time(rows.iter().map(|c| Some(c.time)))?;
    g.int64(rows.iter().map(|c| Some(i64::from(c.duration))))?;
    g.bool(rows.iter().map(|c| c.connected))?;
    g.bool(rows.iter().map(|c| c.ordered))
}

fn tickets<W: Write + Send>(
    g: &mut Group<'_, '_, W>,
    rows: &[crate::store::Ticket],
    first: usize,
    t: &mut Texts<'_>,
) -> Result<()> {
    g.file_seq(t, first, rows.len())?;
    g.text(rows.iter().map(|k| t.label(k.ticket_type)))?;
    g.text(rows.iter().map(|k| t.label(k.channel)))?;
    g.time(rows.iter().map(|k| Some(k.created)))?;
    g.time(rows.iter().map(|k| k.first_response))?;
    g.time(rows.iter().map(|k| k.resolved))?;
    g.bool(rows.iter().map(|k| k.is_resolved))?;
    g.int32(rows.iter().map(|k| k.satisfaction.map(i32::from)))?;
    g.text(rows.iter().map(|k| t.label(k.buyer)))?;
    g.key(rows.iter().map(|k| k.order))
}

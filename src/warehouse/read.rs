//! Reading the aggregates (step 3 of the warehouse path): each one a folder of Parquet files as
//! DuckDB or Spark wrote them. A flat file (every aggregate but the customers' rows, whose tags
//! and cells are lists) is read column by column, each row group whole, several times faster
//! than the record reader, which is kept for files with a list column. Values are read by
//! column name, whatever the engine's integer widths; a value of the wrong kind is an error
//! that names the file, row and column.

use crate::error::{Error, Result};
use crate::store::{Store, NO_CUSTOMER};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType, Int32Type, Int64Type,
};
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
use parquet::record::Field;
use std::path::{Path, PathBuf};

/// The Parquet files of one aggregate (its folder's `*.parquet`, without Spark's and Hadoop's
/// hidden `_`/`.` files), in name order; None when the folder is not there.
pub(super) fn parts(dir: &Path, name: &str) -> Result<Option<Vec<PathBuf>>> {
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

/// An error reading an aggregate: its file (or folder) and what is wrong.
pub(super) fn io(path: &Path, message: &str) -> Error {
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
pub(super) struct Row<'a> {
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

    /// An error at this row's cell of column `name`.
    pub(super) fn at(&self, name: &str, message: &str) -> Error {
        io(self.path, &format!("row {}, column {name}: {message}", self.index + 1))
    }

    pub(super) fn bad(&self, name: &str, what: &str) -> Error {
        self.at(name, &format!("not {what}"))
    }

    /// An integer (any width), None when null.
    pub(super) fn int(&self, name: &str) -> Result<Option<i64>> {
        match self.value(name)? {
            V::Null => Ok(None),
            V::Int(v) => Ok(Some(v)),
            _ => Err(self.bad(name, "an integer")),
        }
    }

    pub(super) fn req(&self, name: &str) -> Result<i64> {
        self.int(name)?.ok_or_else(|| self.bad(name, "null"))
    }

    pub(super) fn text(&self, name: &str) -> Result<Option<String>> {
        match self.value(name)? {
            V::Null => Ok(None),
            V::Bytes(b) => Ok(Some(String::from_utf8_lossy(b).into_owned())),
            _ => Err(self.bad(name, "a text")),
        }
    }

    /// The customer id in column `name` (NO_CUSTOMER for null): the SQL numbered the keys as
    /// the engine does ([`keys`]), so no key is looked up.
    pub(super) fn customer(&self, store: &Store, name: &str) -> Result<u32> {
        match self.int(name)? {
            None => Ok(NO_CUSTOMER),
            Some(v) => u32::try_from(v)
                .ok()
                .filter(|id| (*id as usize) < store.customers.len())
                .ok_or_else(|| self.bad(name, &format!("a customer id below {}", store.customers.len()))),
        }
    }

    pub(super) fn bool(&self, name: &str) -> Result<bool> {
        match self.value(name)? {
            V::Bool(b) => Ok(b),
            _ => Err(self.bad(name, "true or false")),
        }
    }

    /// An order key (16 bytes, big-endian).
    pub(super) fn key(&self, name: &str) -> Result<Option<u128>> {
        match self.value(name)? {
            V::Null => Ok(None),
            V::Bytes(b) => {
                let a: [u8; 16] = b.try_into().map_err(|_| self.bad(name, "16 bytes"))?;
                Ok(Some(u128::from_be_bytes(a)))
            }
            _ => Err(self.bad(name, "an order key")),
        }
    }

    pub(super) fn list(&self, name: &str) -> Result<Vec<String>> {
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
pub(super) fn each(dir: &Path, name: &str, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<bool> {
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

/// A count (an integer not below 0).
pub(super) fn count(r: &Row<'_>, name: &str) -> Result<u64> {
    u64::try_from(r.req(name)?).map_err(|_| r.at(name, "below 0"))
}

/// An integer that fits `T`, None when null.
pub(super) fn small<T: TryFrom<i64>>(r: &Row<'_>, name: &str) -> Result<Option<T>> {
    r.int(name)?.map(|v| T::try_from(v).map_err(|_| r.at(name, &format!("{v} out of range")))).transpose()
}

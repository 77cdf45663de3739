//! The warehouse path (issue 21), for shops whose history is too big for one machine's memory:
//! 1. `normalize` writes what one file gave the [`Store`] as canonical tables in Parquet, with
//!    the file's row accounting beside them (here and in [`writer`]);
//! 2. `sql` prints the SQL that reduces those tables, on DuckDB or Spark, to the per-customer
//!    aggregates the report needs ([`sql`]);
//! 3. `report --from-aggregates` finishes the exact report from them ([`finish`]).
//!
//! Native only: the wasm build never compiles it.
//!
//! One input file gives, under the output folder, with `<base>` = `<stem>-<hash>`
//! ([`layout::base_name`], [`layout::content_hash`]):
//!
//! ```text
//! DIR/files/<base>.json           the Manifest: name, bytes, hash, options, the tables
//!                                 written and the summary (the report's inputs[] entry)
//! DIR/<table>/<base>.parquet      the file's rows: table = its kind (orders, customers,
//!                                 interest, calls, tickets); none for a file that could not
//!                                 be read (its JSON says why)
//! ```
//!
//! The JSON is written last: a file is done when its JSON is there. The columns of each table
//! are in [`schema`] (and the README).

pub mod finish;
pub mod layout;
pub mod read;
mod rows;
pub mod schema;
pub mod sql;
mod writer;

pub use layout::{base_name, content_hash, OutDir, FILES_DIR};
pub use schema::{Column, ColumnType, Table, TABLES};
pub use writer::{FORMAT_KEY, HEADER_KEY, ROW_GROUP};

use crate::error::{Error, Result};
use crate::ingest::{FileOptions, IngestSummary};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format version of the outputs (the tables' columns and the JSON).
pub const FORMAT: u32 = 1;

/// What normalizing one file wrote: `DIR/files/<base>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Marks the file as this JSON; the format version ([`FORMAT`]).
    pub customer_insights_normalized: u32,
    /// The file's name as the report lists it (`inputs[].name`, the `file` column).
    pub name: String,
    /// The file's size in bytes (null when it could not be opened).
    pub bytes: Option<u64>,
    /// The hash in the outputs' names (16 hex digits, [`content_hash`]).
    pub hash: String,
    /// The options the file was read with (`--kind`, `--platform`, `--encoding`, a saved
    /// analysis's mapping).
    pub options: FileOptions,
    /// The tables written, by name (`orders`, …): the Parquet file and its rows.
    pub tables: BTreeMap<String, TableFile>,
    /// The row accounting, exactly the report's `inputs[]` entry for this file: rows read,
    /// used, skipped by reason, the first row problems, the columns, or why it could not be read.
    pub summary: IngestSummary,
}

/// One Parquet file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableFile {
    /// Its path under the output folder, with `/`.
    pub path: String,
    /// Its rows. Equal to `summary.rows_used` except for orders of a line-item export (Shopify,
    /// WooCommerce, JD), whose rows of one order are one order.
    pub rows: u64,
}

/// Writes the file `name` that `store` read (its rows of its kind's table, then its JSON) into
/// `out`; `hash` names the outputs. Returns the JSON's path under `out` and what it holds.
pub fn write_file(
    out: &OutDir,
    store: &Store,
    name: &str,
    options: &FileOptions,
    hash: u64,
    bytes: Option<u64>,
) -> Result<(String, Manifest)> {
    let entry =
        store.files.iter().rev().find(|f| f.summary.name == name).ok_or_else(|| Error::UnknownFile(name.into()))?;
    let base = base_name(name, hash);
    let mut tables = BTreeMap::new();
    if let (Some(kind), None) = (entry.summary.kind, &entry.summary.error) {
        let table = Table::of(kind);
        let path = format!("{}/{base}.parquet", table.dir());
        let rows = out.write(&path, |f| {
            writer::write_table(f, table, entry, store).map_err(|e| Error::Export(format!("{path}: {e}")))
        })?;
        tables.insert(kind.as_str().to_string(), TableFile { path, rows });
    }
    let manifest = Manifest {
        customer_insights_normalized: FORMAT,
        name: name.to_string(),
        bytes,
        hash: format!("{hash:016x}"),
        options: options.clone(),
        tables,
        summary: entry.summary.clone(),
    };
    let json_path = format!("{FILES_DIR}/{base}.json");
    let mut text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Export(e.to_string()))?;
    text.push('\n');
    out.write(&json_path, |mut f| {
        std::io::Write::write_all(&mut f, text.as_bytes())
            .map_err(|e| Error::Export(format!("cannot write {json_path}: {e}")))?;
        Ok(((), f))
    })?;
    Ok((json_path, manifest))
}

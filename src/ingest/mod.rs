//! Bytes → rows. A file arrives in chunks ([`FileIngest::push`]); its container (CSV/TSV text,
//! XLSX, JSON) and encoding are sniffed from the first bytes; GBK and UTF-8 text is split into
//! records on the raw bytes (`split.rs`) and only the cells read are decoded (other encodings are
//! decoded chunk by chunk first), so a file is never held twice. XLSX and
//! JSON are parsed when the last chunk arrived. Each record goes to a [`rows::Sink`] that turns
//! it into typed rows and counts it as used or skipped with a reason.

mod accounting;
pub mod cells;
#[cfg(test)]
pub(crate) mod csv_oracle;
pub mod detect;
pub mod encoding;
mod file;
pub mod rows;
pub mod split;
pub mod table;
pub mod values;
mod wire;

pub use crate::model::{FileError, IngestSummary, RowIssue, SkipReason};
pub use accounting::{Accounting, MAX_ERRORS, MAX_VALUE_CHARS};
use accounting::{LoggedSkip, SkipLog};
pub use file::{FileIngest, FileOptions, Part, MAX_PREAMBLE, SNIFF_BYTES};

/// The interners the rows go into.
pub use rows::Shared;

//! What reading one file gave, as the report lists it in `inputs[]`: the counts, the row
//! problems and why rows were skipped, or why the file could not be read.

use super::Kind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a row was not used. Serialised as snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// Every cell empty.
    Blank,
    /// The same order / customer / ticket again (first one wins).
    Duplicate,
    /// The amount is missing or not money.
    BadAmount,
    /// A required date is missing or not a date.
    BadDate,
    /// No customer key where one is required.
    MissingCustomer,
    /// No order id.
    MissingOrderId,
    /// The last line of the file is cut off.
    Truncated,
    /// The header row again (two exports glued together).
    RepeatedHeader,
    /// Fewer cells than the columns the row needs.
    FieldCount,
    /// Rows above the header row.
    Preamble,
    /// A yes/no or count cell that means neither.
    BadValue,
}

impl SkipReason {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Blank => "blank",
            SkipReason::Duplicate => "duplicate",
            SkipReason::BadAmount => "bad_amount",
            SkipReason::BadDate => "bad_date",
            SkipReason::MissingCustomer => "missing_customer",
            SkipReason::MissingOrderId => "missing_order_id",
            SkipReason::Truncated => "truncated",
            SkipReason::RepeatedHeader => "repeated_header",
            SkipReason::FieldCount => "field_count",
            SkipReason::Preamble => "preamble",
            SkipReason::BadValue => "bad_value",
        }
    }
}

/// One row problem: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct RowIssue {
    /// 1-based row number in the file, the header row being row 1 (as a spreadsheet shows it).
    pub row: u64,
    /// The column's header, when one column is at fault.
    pub column: Option<String>,
    /// The raw cell (at most 200 characters), when one cell is at fault.
    pub value: Option<String>,
    /// Why the row was skipped.
    pub reason: SkipReason,
}

/// What reading one file gave: the report's `inputs[]` entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null, hashmap_as_object))]
pub struct IngestSummary {
    /// The file's name as given.
    pub name: String,
    /// What a row is; null when the file could not be read.
    pub kind: Option<Kind>,
    /// Where it comes from.
    pub platform: Option<String>,
    /// The encoding of a text file (`GBK`, `UTF-8`, `UTF-16LE`, …); null for XLSX.
    pub encoding: Option<String>,
    /// Whether the text started with a byte-order mark.
    pub bom: bool,
    /// `csv`, `tsv`, `xlsx` or `json`.
    pub container: Option<String>,
    /// Data rows seen (not counting the header row and empty lines).
    pub rows_total: u64,
    /// Rows that went into the analysis.
    pub rows_used: u64,
    /// Rows skipped, by reason; `rows_total = rows_used + Σ rows_skipped`.
    pub rows_skipped: BTreeMap<String, u64>,
    /// The customer-key columns used, in fallback order.
    pub customer_key: Vec<String>,
    /// Rows with no usable customer key (orders: they count in shop totals only).
    pub rows_without_key: u64,
    /// The first row problems.
    pub errors: Vec<RowIssue>,
    /// Role → column header, as detected or mapped.
    pub columns: BTreeMap<String, String>,
    /// The header row as read.
    pub header: Vec<String>,
    /// Order status texts that no rule knows, with their counts (such orders are not valid).
    pub unknown_status: BTreeMap<String, u64>,
    /// Interest action texts (行为) that no spelling names, with their counts (such events count
    /// as `other`). Empty for other kinds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub unknown_action: BTreeMap<String, u64>,
    /// Whether malformed bytes had to be replaced while decoding the cells read. In a
    /// per-order export (Taobao, Pinduoduo) these are the cells every order row reads; the
    /// address, a fallback customer key and an unknown status's text, which only a kept order
    /// reads, do not count (so that a file read in parts reports what it does read whole).
    pub replaced_bytes: bool,
    /// Why the file could not be read at all.
    pub error: Option<FileError>,
}

/// A file that could not be read, as data in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct FileError {
    /// Stable code (see `Error::code`): one of the `ErrorCode` union.
    #[cfg_attr(feature = "wasm", tsify(type = "ErrorCode"))]
    pub code: String,
    /// The message.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_reasons_serialise_as_their_names() {
        let cases = [
            (SkipReason::Blank, "blank"),
            (SkipReason::Duplicate, "duplicate"),
            (SkipReason::BadAmount, "bad_amount"),
            (SkipReason::BadDate, "bad_date"),
            (SkipReason::MissingCustomer, "missing_customer"),
            (SkipReason::MissingOrderId, "missing_order_id"),
            (SkipReason::Truncated, "truncated"),
            (SkipReason::RepeatedHeader, "repeated_header"),
            (SkipReason::FieldCount, "field_count"),
            (SkipReason::Preamble, "preamble"),
            (SkipReason::BadValue, "bad_value"),
        ];
        for (r, name) in cases {
            assert_eq!(r.as_str(), name);
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<SkipReason>(&format!("\"{name}\"")).unwrap(), r);
        }
    }

    #[test]
    fn a_summary_round_trips_through_json() {
        let s = IngestSummary {
            name: "订单.csv".into(),
            kind: Some(Kind::Orders),
            rows_total: 3,
            rows_used: 2,
            rows_skipped: [("bad_date".to_string(), 1)].into(),
            errors: vec![RowIssue {
                row: 3,
                column: Some("订单创建时间".into()),
                value: Some("x".into()),
                reason: SkipReason::BadDate,
            }],
            error: Some(FileError { code: "no_header".into(), message: "m".into() }),
            ..IngestSummary::default()
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<IngestSummary>(&json).unwrap(), s);
        assert!(json.contains("\"rows_skipped\":{\"bad_date\":1}"), "{json}");
    }
}

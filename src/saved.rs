//! A saved analysis: what the page's settings, tags and file mappings hold, in one JSON file
//! (`*.analysis.json`) that the page exports and imports and the CLI takes as `--config`:
//!
//! ```json
//! {"customer_insights_analysis": 1, "name": "双十一复盘", "saved_at": "2026-12-07T06:30:00.000Z",
//!  "config": {"as_of": "2024-12-31", "tags": []},
//!  "mappings": {"订单报表.csv": {"kind": "orders", "mapping": {"customer": "买家会员名"}}},
//!  "view": {"tab": "dashboard", "lang": "zh-CN"}}
//! ```
//!
//! `config` is a [`ReportConfig`]; `mappings` are [`FileOptions`] by file name (a file's column
//! names, never its rows); `headers` the first line of each of those files (the page matches a
//! file of another name by it; the CLI matches by name only); `view` is the page's own (tab,
//! language, chart toggles), kept as it is. A bare `ReportConfig` is read as an analysis holding only it, so `--config` takes both.

use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::ingest::FileOptions;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The key that marks a saved analysis, and whose value is its format version.
pub const MARK: &str = "customer_insights_analysis";
/// The format version this build reads and writes.
pub const VERSION: u64 = 1;

/// A saved analysis (see the module documentation for the file).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedAnalysis {
    /// The format version ([`VERSION`]).
    pub customer_insights_analysis: u64,
    /// The name the operator gave it.
    #[serde(default)]
    pub name: Option<String>,
    /// When it was saved (ISO 8601, as the page's clock gave it).
    #[serde(default)]
    pub saved_at: Option<String>,
    /// The report config.
    #[serde(default)]
    pub config: ReportConfig,
    /// Options (kind, platform, encoding, delimiter, column mapping) by file name.
    #[serde(default)]
    pub mappings: BTreeMap<String, FileOptions>,
    /// The cells of the first line of each file in `mappings`, with which the page recognises
    /// a file of another name with the same columns. Not read here: the CLI matches by name.
    #[serde(default)]
    pub headers: BTreeMap<String, Vec<String>>,
    /// The page's view state, not read here.
    #[serde(default)]
    pub view: Option<serde_json::Value>,
}

impl SavedAnalysis {
    /// Reads a saved analysis, or a bare report config as one holding only that config. A bad
    /// key or value is refused with its key path (`config.rfm.method: unknown variant …`), a
    /// version other than [`VERSION`] with what to do.
    pub fn from_json(text: &str) -> Result<SavedAnalysis> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Error::Config(format!("not JSON: {e}")))?;
        let Some(version) = value.get(MARK) else {
            let config = ReportConfig::from_json(text)?;
            return Ok(SavedAnalysis { customer_insights_analysis: VERSION, config, ..SavedAnalysis::default() });
        };
        if version.as_u64() != Some(VERSION) {
            return Err(Error::Config(format!(
                "{MARK}: this is a saved analysis of format {version}, and this program reads format \
                 {VERSION}; export it again from a page of this version"
            )));
        }
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            Error::Config(format!("{path}: {}", e.into_inner()))
        })
    }

    /// The options for the file named `name`: the saved ones, each field overridden by `over`'s
    /// when that is set (the CLI's `--kind`, `--encoding`, … win over the file).
    pub fn options_for(&self, name: &str, over: &FileOptions) -> FileOptions {
        let saved = self.mappings.get(name).cloned().unwrap_or_default();
        FileOptions {
            encoding: over.encoding.clone().or(saved.encoding),
            kind: over.kind.or(saved.kind),
            platform: over.platform.or(saved.platform),
            delimiter: over.delimiter.clone().or(saved.delimiter),
            mapping: over.mapping.clone().or(saved.mapping),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn a_bare_config_and_a_saved_analysis_give_the_same_config() {
        let bare = SavedAnalysis::from_json(r#"{"as_of":"2024-12-31","rfm":{"method":"quantile"}}"#).unwrap();
        let saved = SavedAnalysis::from_json(
            r#"{"customer_insights_analysis":1,"name":"n","saved_at":"2026-12-07T06:00:00Z",
                "config":{"as_of":"2024-12-31","rfm":{"method":"quantile"}},
                "mappings":{"a.csv":{"kind":"orders","mapping":{"customer":"买家"}}},
                "headers":{"a.csv":["单号","买家"]},
                "view":{"tab":"tags","anything":[1,2]}}"#,
        )
        .unwrap();
        assert_eq!(bare.config, saved.config);
        assert_eq!(bare.config.as_of.as_deref(), Some("2024-12-31"));
        assert!(bare.mappings.is_empty());
        assert_eq!(saved.name.as_deref(), Some("n"));
        let a = saved.options_for("a.csv", &FileOptions::default());
        assert_eq!(a.kind, Some(Kind::Orders));
        assert_eq!(a.mapping.unwrap().get("customer").map(String::as_str), Some("买家"));
        assert_eq!(saved.options_for("b.csv", &FileOptions::default()), FileOptions::default());
        // a CLI option wins over the file's, field by field
        let over = FileOptions { kind: Some(Kind::Customers), ..FileOptions::default() };
        let o = saved.options_for("a.csv", &over);
        assert_eq!((o.kind, o.mapping.is_some()), (Some(Kind::Customers), true));
    }

    #[test]
    fn bad_files_are_refused_with_their_key_path_or_version() {
        let err = |json: &str| SavedAnalysis::from_json(json).unwrap_err().to_string();
        for (json, want) in [
            (
                r#"{"customer_insights_analysis":2,"config":{}}"#,
                "config: customer_insights_analysis: this is a saved analysis of format 2",
            ),
            (
                r#"{"customer_insights_analysis":"1"}"#,
                "config: customer_insights_analysis: this is a saved analysis of format \"1\"",
            ),
            (
                r#"{"customer_insights_analysis":1,"config":{"rfm":{"method":"bogus"}}}"#,
                "config: config.rfm.method: unknown variant `bogus`",
            ),
            (
                r#"{"customer_insights_analysis":1,"mappings":{"a.csv":{"kind":"order"}}}"#,
                "config: mappings.a.csv.kind: unknown variant `order`",
            ),
            (r#"{"customer_insights_analysis":1,"extra":1}"#, "config: extra: unknown field `extra`"),
            (r#"{"rfm":{"method":"bogus"}}"#, "config: rfm.method: unknown variant `bogus`"),
            ("[1", "config: not JSON"),
        ] {
            let e = err(json);
            assert!(e.starts_with(want), "{json}: {e}");
        }
    }
}

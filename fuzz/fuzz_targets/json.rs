//! JSON exports: the records reader on the text, and `add_file` (which sniffs the encoding and
//! reads the bytes as JSON when they start with `[` or `{`).

#![no_main]

mod common;

use customer_insights::ingest::table::json_records;
use customer_insights::{FileOptions, ReportConfig, Workspace};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut width = None;
    let _ = json_records(&text, &mut |f| {
        // every record has the header's width
        let w = *width.get_or_insert(f.len());
        assert_eq!(f.len(), w, "a JSON record is not as wide as the header");
    });
    let mut ws = Workspace::new();
    if common::add(&mut ws, "export.json", data, FileOptions::default()).is_ok() {
        let _ = ws.report_json(&ReportConfig::default());
    }
});

//! The whole path bytes → report: the input is a config and up to three files separated by
//! `\n--8<--\n` (no separator: the whole input is one file). A config that does not parse is
//! replaced by the default one, so the files are read anyway; `report_json` must not panic.

#![no_main]

mod common;

use customer_insights::{FileOptions, ReportConfig, Workspace};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data);
    let (config, files) = match parts.split_first() {
        Some((c, f)) if !f.is_empty() => (String::from_utf8_lossy(c).into_owned(), f),
        _ => (String::new(), &parts[..]),
    };
    let mut ws = Workspace::new();
    for (i, f) in files.iter().take(3).enumerate() {
        let _ = common::add(&mut ws, &format!("file{i}"), f, FileOptions::default());
    }
    let config = ReportConfig::from_json(&config).unwrap_or_default();
    let _ = ws.report_json(&config);
});

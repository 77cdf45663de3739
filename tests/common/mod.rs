//! Helpers shared by the golden, CLI, property and hostile tests: the fixture cases, a tiny
//! subset-of-TOML reader for `case.toml`, a JSON "spec ⊆ report" matcher and a minimal zip
//! writer for crafted XLSX files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::string_slice)]

use customer_insights::{ReportConfig, Workspace};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// Files of a case directory that are not inputs.
pub const NOT_INPUTS: &[&str] = &["expected.json", "case.json", "case.toml", "manifest.json", "known_failure"];

/// The error codes adding a file can end in when no options and no memory budget are given
/// (`unknown_encoding` and `bad_mapping` need options, `over_budget` a budget).
pub const FILE_ERROR_CODES: &[&str] = &["empty_file", "not_a_table", "no_header", "bad_xlsx", "bad_json"];

/// Every golden case: a directory under `tests/fixtures` with at least one input file, sorted
/// (`hostile/` holds pieces for tests/hostile.rs, not a case).
pub fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && name_of(p) != "hostile" && !inputs(p).is_empty())
        .collect();
    v.sort();
    v
}

/// The input files of a case, sorted by name.
pub fn inputs(case: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(case)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            p.is_file() && !NOT_INPUTS.contains(&n.as_str()) && !n.ends_with(".md") && !n.ends_with(".py")
        })
        .collect();
    v.sort();
    v
}

/// The name of a path's last component.
pub fn name_of(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().to_string()
}

/// The case's config (`case.json`), or the default.
pub fn config(case: &Path) -> ReportConfig {
    let p = case.join("case.json");
    if p.exists() {
        ReportConfig::from_json(&std::fs::read_to_string(&p).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    } else {
        ReportConfig::default()
    }
}

/// A workspace with the given files added whole, in order. Files that cannot be read stay in
/// the workspace with their error (as the CLI does).
pub fn workspace(files: &[PathBuf]) -> Workspace {
    let mut ws = Workspace::new();
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        let _ = ws.add_file(&name_of(f), &bytes);
    }
    ws
}

/// The report JSON of a case, as the core gives it.
pub fn case_report_json(case: &Path) -> String {
    let ws = workspace(&inputs(case));
    ws.report_json(&config(case)).unwrap_or_else(|e| panic!("{}: report: {e}", case.display()))
}

/// The report of a case without its `inputs` (for comparing the same data in other containers).
pub fn without_inputs(json: &str) -> Value {
    let mut v: Value = serde_json::from_str(json).unwrap();
    v.as_object_mut().unwrap().remove("inputs");
    v
}

/// The first line where two texts differ, for a readable failure.
pub fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: expected {:?}, got {:?}", i + 1, x, y);
        }
    }
    format!("lengths differ: expected {} lines, got {}", a.lines().count(), b.lines().count())
}

/// `rows_total == rows_used + Σ rows_skipped` for every input of a report.
pub fn accounting_problems(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for i in report["inputs"].as_array().unwrap() {
        let total = i["rows_total"].as_u64().unwrap();
        let used = i["rows_used"].as_u64().unwrap();
        let skipped: u64 = i["rows_skipped"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        if total != used + skipped {
            out.push(format!("{}: rows_total {total} != rows_used {used} + skipped {skipped}", i["name"]));
        }
    }
    out
}

// ------------------------------------------------------------------------------------------
// case.toml: a subset of TOML (tables with dotted / quoted names, key = int | float | "string"
// | true | false | inline table). A [table] must be a subset of the report; an inline table
// `{ … }` must match exactly (no other keys).
// ------------------------------------------------------------------------------------------

/// What a case.toml says.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// A value.
    Leaf(Value),
    /// A table; `exact` for inline tables.
    Table(BTreeMap<String, Spec>, bool),
}

fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

fn split_path(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn parse_value(s: &str) -> Spec {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        let mut m = BTreeMap::new();
        for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or_else(|| panic!("bad inline table entry {part:?}"));
            m.insert(k.trim().trim_matches('"').to_string(), parse_value(v));
        }
        return Spec::Table(m, true);
    }
    if let Some(t) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return Spec::Leaf(Value::String(t.replace("\\\"", "\"").replace("\\\\", "\\")));
    }
    match s {
        "true" => return Spec::Leaf(Value::Bool(true)),
        "false" => return Spec::Leaf(Value::Bool(false)),
        _ => {}
    }
    if let Ok(i) = s.parse::<i64>() {
        return Spec::Leaf(Value::from(i));
    }
    if let Ok(f) = s.parse::<f64>() {
        return Spec::Leaf(Value::from(f));
    }
    panic!("case.toml: cannot read value {s:?}")
}

/// Reads a case.toml.
pub fn parse_toml(text: &str) -> Spec {
    let mut root = BTreeMap::new();
    let mut path: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            path = split_path(h);
            continue;
        }
        let (k, v) = line.split_once('=').unwrap_or_else(|| panic!("case.toml: cannot read line {raw:?}"));
        let mut table = &mut root;
        for seg in &path {
            let e = table.entry(seg.clone()).or_insert_with(|| Spec::Table(BTreeMap::new(), false));
            table = match e {
                Spec::Table(m, _) => m,
                Spec::Leaf(_) => panic!("case.toml: {seg} is a value and a table"),
            };
        }
        table.insert(k.trim().trim_matches('"').to_string(), parse_value(v));
    }
    Spec::Table(root, false)
}

fn find_in_array<'a>(arr: &'a [Value], key: &str) -> Option<&'a Value> {
    arr.iter()
        .find(|e| ["name", "segment", "stage", "key"].iter().any(|f| e.get(*f).and_then(Value::as_str) == Some(key)))
}

fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if a.is_number() && b.is_number() => x == y,
        _ => a == b,
    }
}

/// Where the report disagrees with the spec. Arrays of objects are addressed by their `name`,
/// `segment`, `stage` or `key` field.
pub fn spec_problems(spec: &Spec, actual: &Value, at: &str, out: &mut Vec<String>) {
    match spec {
        Spec::Leaf(v) => {
            if !same(v, actual) {
                out.push(format!("{at}: hand-checked {v}, report has {actual}"));
            }
        }
        Spec::Table(m, exact) => {
            for (k, sub) in m {
                let child = match actual {
                    Value::Array(a) => find_in_array(a, k),
                    Value::Object(o) => o.get(k),
                    _ => None,
                };
                match child {
                    Some(c) => spec_problems(sub, c, &format!("{at}.{k}"), out),
                    None => out.push(format!("{at}.{k}: missing in the report")),
                }
            }
            if *exact {
                if let Value::Object(o) = actual {
                    for k in o.keys() {
                        if !m.contains_key(k) {
                            out.push(format!("{at}.{k}: not in the hand-checked table (value {})", o[k]));
                        }
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------------------------------------
// Zip / XLSX
// ------------------------------------------------------------------------------------------

mod zip;
pub use zip::*;

/// Cell style 0 = General, 1 = a date (built-in number format 14).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// The package parts of a one-sheet workbook around a given sheet entry and shared strings.
pub fn xlsx_with(sheet: ZipEntry, shared_strings: &str) -> Vec<u8> {
    zip(&[
        ZipEntry::stored("[Content_Types].xml", CT.as_bytes()),
        ZipEntry::stored("_rels/.rels", RELS.as_bytes()),
        ZipEntry::stored("xl/workbook.xml", WORKBOOK.as_bytes()),
        ZipEntry::stored("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
        ZipEntry::stored("xl/sharedStrings.xml", shared_strings.as_bytes()),
        ZipEntry::stored("xl/styles.xml", STYLES.as_bytes()),
        sheet,
    ])
}

/// A one-sheet XLSX from sheet XML (`<sheetData>` content) and shared strings.
pub fn xlsx(sheet_data: &str, shared: &[&str]) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let sst: String = shared.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{sst}</sst>"#,
        n = shared.len()
    );
    xlsx_with(ZipEntry::stored("xl/worksheets/sheet1.xml", sheet.as_bytes()), &sst)
}

/// A one-sheet XLSX without shared strings whose cells may use style 1 (a date format).
pub fn xlsx_dated(sheet_data: &str) -> Vec<u8> {
    xlsx(sheet_data, &[])
}

/// Runs `f` and fails when it takes 10 s or more (a hang guard, not a benchmark).
pub fn within_10s<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = std::time::Instant::now();
    let r = f();
    let el = t.elapsed();
    eprintln!("{what}: {el:.2?}");
    assert!(el < std::time::Duration::from_secs(10), "{what}: took {el:?} (hang guard: 10 s)");
    r
}

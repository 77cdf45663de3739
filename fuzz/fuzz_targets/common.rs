//! Shared by the fuzz targets: add a file, check what every success must satisfy.

#![allow(dead_code)]

use customer_insights::{Error, FileOptions, IngestSummary, Workspace};

#[path = "../../tests/common/zip.rs"]
mod zip;
pub use zip::*;

/// Separates the config and the files of the `report` target's input.
pub const SEP: &[u8] = b"\n--8<--\n";

/// A success accounts for every row it saw.
pub fn check(name: &str, r: &Result<IngestSummary, Error>) {
    if let Ok(s) = r {
        let skipped: u64 = s.rows_skipped.values().sum();
        assert_eq!(s.rows_total, s.rows_used + skipped, "{name}: rows not accounted: {s:?}");
        assert!(s.errors.len() <= customer_insights::ingest::MAX_ERRORS, "{name}: {} errors kept", s.errors.len());
    }
}

/// `add_file` with options; the outcome is checked.
pub fn add(ws: &mut Workspace, name: &str, bytes: &[u8], options: FileOptions) -> Result<IngestSummary, Error> {
    ws.set_options(name, options);
    let r = ws.add_file(name, bytes);
    check(name, &r);
    r
}

/// The same file in chunks through `begin_file` / `push` / `finish_file`: first `first` bytes,
/// then chunks of `sizes` (cycled).
pub fn chunked(
    ws: &mut Workspace,
    name: &str,
    bytes: &[u8],
    first: usize,
    sizes: &[usize],
) -> Result<IngestSummary, Error> {
    ws.begin_file(name, None)?;
    let (head, mut rest) = bytes.split_at(first.min(bytes.len()));
    if !head.is_empty() {
        ws.push(head)?;
    }
    let mut sizes = sizes.iter().cycle();
    while !rest.is_empty() {
        let n = sizes.next().copied().unwrap_or(rest.len()).clamp(1, rest.len());
        let (c, r) = rest.split_at(n);
        ws.push(c)?;
        rest = r;
    }
    let r = ws.finish_file();
    check(name, &r);
    r
}

/// The file read with its bytes from `cut` on (just after a line end) read by a part of their
/// own ([`Workspace::part`]), sent through bytes as between two workers, and taken in; a part
/// refused (or a file that cannot be read in parts) has those bytes pushed in order instead.
/// Returns the outcome and the report JSON.
pub fn in_parts(ws: &mut Workspace, name: &str, bytes: &[u8], cut: usize) -> (Result<IngestSummary, Error>, String) {
    let r = (|| {
        ws.begin_file(name, None)?;
        let (head, tail) = bytes.split_at(cut.min(bytes.len()));
        ws.push(head)?;
        let part = ws.part(tail.len() as u64).and_then(|mut p| {
            p.push(tail).ok()?;
            let part = p.finish(true).ok()?;
            customer_insights::Part::from_bytes(&part.to_bytes()).ok()
        });
        if !part.is_some_and(|p| ws.absorb_part(p)) {
            ws.push(tail)?;
        }
        ws.finish_file()
    })();
    if r.is_err() {
        ws.abort_file();
    }
    check(name, &r);
    let report = ws.report_json(&customer_insights::ReportConfig::default()).unwrap_or_default();
    (r, report)
}

/// An outcome in a form two runs can be compared by.
pub fn outcome(r: &Result<IngestSummary, Error>) -> String {
    match r {
        Ok(s) => format!("{s:?}"),
        Err(e) => format!("{}: {e}", e.code()),
    }
}

/// Splits `data` at every `SEP`.
pub fn parts(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
        parts.push(&rest[..i]);
        rest = &rest[i + SEP.len()..];
    }
    parts.push(rest);
    parts
}

/// A zip archive of stored (uncompressed) entries with correct CRCs, so that a fuzzed part
/// reaches the XML readers instead of failing the checksum.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip(&entries.iter().map(|(name, data)| ZipEntry::stored(name, data)).collect::<Vec<_>>())
}

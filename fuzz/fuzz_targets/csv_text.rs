//! CSV/TSV text in any encoding. The last byte steers: the bytes go through `add_file` with
//! detection, then with one forced encoding (of a few) and maybe a forced delimiter; then the
//! same bytes are streamed after a sniffing prefix (a preamble row and blank lines), in chunks whose sizes come
//! from the first four bytes, and must come out as when pushed at once; and read in two parts (the
//! second on its own, sent through bytes, merged), which must give the same summary and report.

#![no_main]

mod common;

use customer_insights::ingest::SNIFF_BYTES;
use customer_insights::{FileOptions, ReportConfig, Workspace};
use libfuzzer_sys::fuzz_target;

const ENCODINGS: [&str; 8] = ["utf-8", "gbk", "gb18030", "utf-16le", "utf-16be", "big5", "shift_jis", "windows-1252"];
const DELIMITERS: [Option<&str>; 5] = [None, Some(","), Some("\t"), Some(";"), Some("|")];

fuzz_target!(|data: &[u8]| {
    let ctl = usize::from(data.last().copied().unwrap_or(0));
    let label = ENCODINGS[ctl % ENCODINGS.len()];
    let delimiter = DELIMITERS[(ctl / ENCODINGS.len()) % DELIMITERS.len()];

    // whole: detection, then the forced encoding and delimiter
    let mut ws = Workspace::new();
    let _ = common::add(&mut ws, "auto.csv", data, FileOptions::default());
    let o = FileOptions {
        encoding: Some(label.to_string()),
        delimiter: delimiter.map(str::to_string),
        ..FileOptions::default()
    };
    let _ = common::add(&mut ws, "forced.csv", data, o.clone());

    // streamed: a prefix ends the sniffing, so that the bytes reach the splitter and the
    // streaming decoder in chunks of 1..=256 bytes. The prefix is a one-cell row (a preamble
    // row) and blank lines (skipped by the splitter): cheap to sniff and to split.
    let (first, newline): (&[u8], &[u8]) = match label {
        "utf-16le" => (b"#\0\n\0", b"\n\0"),
        "utf-16be" => (b"\0#\0\n", b"\0\n"),
        _ => (b"#\n", b"\n"),
    };
    let mut stream = first.to_vec();
    stream.extend(newline.repeat((SNIFF_BYTES - first.len()) / newline.len()));
    stream.extend_from_slice(data);
    let sizes: Vec<usize> = data.iter().take(4).map(|b| usize::from(*b) + 1).collect();
    let mut ws = Workspace::new();
    ws.set_options("stream.csv", o.clone());
    let a = common::chunked(&mut ws, "stream.csv", &stream, SNIFF_BYTES, &sizes);
    let mut ws = Workspace::new();
    ws.set_options("stream.csv", o.clone());
    let b = common::chunked(&mut ws, "stream.csv", &stream, stream.len(), &[]);
    assert_eq!(common::outcome(&a), common::outcome(&b), "chunking changed the outcome (sizes {sizes:?})");
    let whole = ws.report_json(&ReportConfig::default()).unwrap_or_default();

    // in parts: the bytes after a line end in the data (the second byte steers which) read on
    // their own and merged, or refused and pushed: either way what reading it whole gives
    let steer = usize::from(data.get(1).copied().unwrap_or(0));
    let ends: Vec<usize> = (SNIFF_BYTES + 1..stream.len()).filter(|&i| stream[i - 1] == b'\n').collect();
    if let Some(&cut) = ends.get(steer % ends.len().max(1)) {
        let mut ws = Workspace::new();
        ws.set_options("stream.csv", o);
        let (c, report) = common::in_parts(&mut ws, "stream.csv", &stream, cut);
        assert_eq!(common::outcome(&c), common::outcome(&b), "reading in parts changed the outcome (cut {cut})");
        assert_eq!(report, whole, "reading in parts changed the report (cut {cut})");
    }
});

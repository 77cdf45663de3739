//! Shared by the fuzz targets: add a file, check what every success must satisfy.

#![allow(dead_code)]

use customer_insights::{Error, FileOptions, IngestSummary, Workspace};

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

/// CRC-32 (IEEE), bitwise.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
        }
    }
    !c
}

/// A zip archive of stored (uncompressed) entries with correct CRCs, so that a fuzzed part
/// reaches the XML readers instead of failing the checksum.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in entries {
        let offset = out.len() as u32;
        let (crc, len) = (crc32(data), data.len() as u32);
        le32(&mut out, 0x0403_4b50);
        for x in [20, 0, 0, 0, 0x21] {
            le16(&mut out, x);
        }
        for x in [crc, len, len] {
            le32(&mut out, x);
        }
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        le32(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, 0, 0, 0x21] {
            le16(&mut central, x);
        }
        for x in [crc, len, len] {
            le32(&mut central, x);
        }
        for x in [name.len() as u16, 0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, cd_len);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

//! Containers → records: CSV/TSV text through `csv-core` (push-based, so chunks can arrive as
//! they are read), XLSX/XLS/ODS through `calamine`, JSON arrays of objects through `serde_json`.

use super::values;

/// The delimiter of a text table from its first line: the most frequent of `,` `\t` `;` `|`
/// outside quotes (`,` when none).
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b'\t', b';', b'|'];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = cands.iter().position(|c| *c == b) {
                    if let Some(n) = counts.get_mut(i) {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let mut best = 0usize;
    for i in 1..4 {
        if counts.get(i) > counts.get(best) {
            best = i;
        }
    }
    if counts.get(best).copied().unwrap_or(0) == 0 {
        b','
    } else {
        cands.get(best).copied().unwrap_or(b',')
    }
}

/// A number as a spreadsheet shows it: integers without `.0`.
pub fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The rows of the first non-empty sheet of an XLSX/XLS/ODS workbook, as text cells. Excel
/// dates become `YYYY-MM-DD HH:MM:SS`.
pub fn workbook_records(bytes: &[u8], f: &mut dyn FnMut(&[&str])) -> Result<(), String> {
    use calamine::{Data, Reader as _};
    if bytes.starts_with(b"PK") {
        check_inflated_size(bytes, MAX_INFLATED)?;
    }
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names = wb.sheet_names().to_vec();
    for name in names {
        check_extent(&mut wb, &name)?;
        let range = wb.worksheet_range(&name).map_err(|e| format!("sheet {name:?}: {e}"))?;
        if range.is_empty() {
            continue;
        }
        let mut cells: Vec<String> = Vec::new();
        for row in range.rows() {
            cells.clear();
            for c in row {
                cells.push(match c {
                    Data::Empty | Data::Error(_) => String::new(),
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                    Data::Float(x) => number_text(*x),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
                    Data::DateTime(d) => serial_text(d.as_f64()),
                });
            }
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            f(&refs);
        }
        return Ok(());
    }
    Err("every sheet is empty".to_string())
}

/// The most bytes the parts of a workbook may inflate to: more is a zip bomb, or a sheet too
/// big to hold in a browser tab as cells (export it as CSV instead, which streams).
pub const MAX_INFLATED: u64 = 1 << 30;

/// Inflates every part of the zip once, counting bytes, and refuses the workbook past `limit`
/// (declared sizes can lie, so they are not trusted).
pub fn check_inflated_size(bytes: &[u8], limit: u64) -> Result<(), String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let refuse = |total: u64| {
        format!(
            "the workbook inflates to more than {} MiB ({} bytes on disk, at least {total} inflated): refused as a zip bomb or a sheet too large for memory; save it as CSV instead",
            limit >> 20,
            bytes.len()
        )
    };
    // the declared sizes first (cheap), then the real bytes (declared sizes can lie)
    let mut declared = 0u64;
    for i in 0..zip.len() {
        declared = declared.saturating_add(zip.by_index_raw(i).map_err(|e| e.to_string())?.size());
        if declared > limit {
            return Err(refuse(declared));
        }
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| e.to_string())?;
        let shared_strings = part.name().map(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")).unwrap_or(true);
        let mut head: Vec<u8> = Vec::new();
        let mut count = CountScan::default();
        let mut size = 0u64;
        loop {
            let n = part.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            if shared_strings {
                if head.len() < SST_HEAD {
                    head.extend_from_slice(buf.get(..n.min(SST_HEAD - head.len())).unwrap_or(&[]));
                }
                count.feed(buf.get(..n).unwrap_or(&[]));
            }
            size += n as u64;
            total += n as u64;
            if total > limit {
                return Err(refuse(total));
            }
        }
        if shared_strings {
            check_shared_strings(&head, size, count.largest())?;
        }
    }
    Ok(())
}

/// How much of the shared-string part is searched for its `<sst …>` tag.
const SST_HEAD: usize = 64 * 1024;

/// calamine reserves room for the number of strings the `<sst uniqueCount="N">` tag claims
/// before reading any: a lying count is a capacity overflow (a panic, fatal in wasm) or a huge
/// allocation. Every string takes at least a few bytes of XML, so a count above the part's size
/// is refused (found by fuzzing). `claimed` is the largest `uniqueCount` anywhere in the part
/// ([`CountScan`]).
fn check_shared_strings(head: &[u8], size: u64, claimed: Option<u64>) -> Result<(), String> {
    let tag = (0..head.len()).find(|&i| {
        head.get(i..i + 3) == Some(b"sst")
            && i > 0
            && matches!(head.get(i - 1), Some(b'<') | Some(b':'))
            && matches!(head.get(i + 3), Some(b' ') | Some(b'>') | Some(b'\t') | Some(b'\r') | Some(b'\n') | Some(b'/'))
    });
    if tag.is_none() {
        return Err(
            "the shared-string table has no <sst> tag near its start: not a workbook this reader accepts".to_string()
        );
    }
    match claimed {
        Some(n) if n > size => Err(format!(
            "the shared-string table claims {n} strings but holds {size} bytes: a broken or hostile workbook"
        )),
        _ => Ok(()),
    }
}

/// Every `uniqueCount = "N"` in a stream of bytes, however the chunks split it, read as an XML
/// reader takes it (spaces around `=`, either quote, leading zeros): the largest N, saturated.
/// Every occurrence counts, wherever it stands, because calamine takes the first `<sst>` start
/// tag, which may follow comments, other elements, or a `>` inside an attribute value (issue 7:
/// the fuzzer hid a count from a check that stopped at the first `>`).
#[derive(Default)]
struct CountScan {
    /// The last 16 bytes, big-endian.
    window: u128,
    /// 0 searching, 1 after the name, 2 after `=`, 3 in the digits.
    state: u8,
    value: u64,
    largest: Option<u64>,
}

impl CountScan {
    const NAME: u128 = u128::from_be_bytes(*b"\0\0\0\0\0uniqueCount");
    const MASK: u128 = (1 << 88) - 1;

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.state = match (self.state, b) {
                (1, b'=') => 2,
                (1 | 2, b' ' | b'\t' | b'\r' | b'\n') => self.state,
                (2, b'"' | b'\'') => {
                    self.value = 0;
                    3
                }
                (3, b'0'..=b'9') => {
                    self.value = self.value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
                    3
                }
                (3, _) => {
                    self.largest = self.largest.max(Some(self.value));
                    0
                }
                _ => 0,
            };
            self.window = (self.window << 8) | u128::from(b);
            if self.window & Self::MASK == Self::NAME {
                self.state = 1;
            }
        }
    }

    fn largest(&self) -> Option<u64> {
        if self.state == 3 {
            self.largest.max(Some(self.value))
        } else {
            self.largest
        }
    }
}

/// The most cells a sheet may span from its first to its last non-empty cell: calamine holds
/// that whole rectangle in memory, so a tiny file with two far-apart cells (A1 and XFD1048576)
/// would ask for hundreds of GB (issue 7, found by fuzzing).
pub const MAX_SHEET_CELLS: u64 = 50_000_000;

/// Refuses a sheet whose rectangle is over [`MAX_SHEET_CELLS`], or over 4 M cells and 64 times
/// its non-empty cells (mostly void: a few cells placed far apart), before calamine allocates
/// it. One extra streaming pass over the cells of an XLSX/XLSB sheet; XLS rows and columns are
/// 16-bit and ODS is read as it stands.
fn check_extent(wb: &mut calamine::Sheets<std::io::Cursor<&[u8]>>, name: &str) -> Result<(), String> {
    use calamine::{DataRef, Sheets};
    let (mut r0, mut r1, mut c0, mut c1, mut n) = (u32::MAX, 0u32, u32::MAX, 0u32, 0u64);
    let mut add = |(r, c): (u32, u32)| {
        (r0, r1, c0, c1, n) = (r0.min(r), r1.max(r), c0.min(c), c1.max(c), n + 1);
    };
    // a sheet that cannot be read is left to `worksheet_range` to report
    match wb {
        Sheets::Xlsx(x) => {
            if let Ok(mut cells) = x.worksheet_cells_reader(name) {
                while let Ok(Some(cell)) = cells.next_cell() {
                    if !matches!(cell.get_value(), DataRef::Empty) {
                        add(cell.get_position());
                    }
                }
            }
        }
        Sheets::Xlsb(x) => {
            if let Ok(mut cells) = x.worksheet_cells_reader(name) {
                while let Ok(Some(cell)) = cells.next_cell() {
                    if !matches!(cell.get_value(), DataRef::Empty) {
                        add(cell.get_position());
                    }
                }
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {}
    }
    if n == 0 {
        return Ok(());
    }
    let span = (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1);
    if span > MAX_SHEET_CELLS || (span > 4_000_000 && span / 64 > n) {
        return Err(format!(
            "sheet {name:?} spans {span} cells (rows {}-{}, columns {}-{}) for {n} non-empty ones: refused, too large to hold in memory; save it as CSV instead",
            u64::from(r0) + 1,
            u64::from(r1) + 1,
            u64::from(c0) + 1,
            u64::from(c1) + 1
        ));
    }
    Ok(())
}

/// An Excel serial date (1900 system) as `YYYY-MM-DD HH:MM:SS`, for any year 1900–9999 (birth
/// dates before 1970 included); the number itself when it is not a date.
pub fn serial_text(serial: f64) -> String {
    if let Some(t) = values::excel_serial_to_datetime(serial) {
        return t.format("%Y-%m-%d %H:%M:%S").to_string();
    }
    if serial.is_finite() && (1.0..2_958_466.0).contains(&serial) {
        // serial 60 is Excel's fictitious 1900-02-29; 61 onward count from 1899-12-30
        let base = if serial >= 61.0 { (1899, 12, 30) } else { (1899, 12, 31) };
        if let Some(d) = chrono::NaiveDate::from_ymd_opt(base.0, base.1, base.2) {
            let secs = (serial * 86_400.0).round() as i64;
            if let Some(t) = d.and_hms_opt(0, 0, 0).and_then(|t| t.checked_add_signed(chrono::TimeDelta::seconds(secs)))
            {
                return t.format("%Y-%m-%d %H:%M:%S").to_string();
            }
        }
    }
    number_text(serial)
}

/// The records of a JSON array of objects (or an object holding one such array): the union of
/// the keys in first-seen order is the header.
pub fn json_records(text: &str, f: &mut dyn FnMut(&[&str])) -> Result<(), String> {
    use serde_json::Value;
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let arr = match v {
        Value::Array(a) => a,
        Value::Object(o) => {
            let mut arrays = o.into_iter().filter_map(|(_, v)| if let Value::Array(a) = v { Some(a) } else { None });
            match (arrays.next(), arrays.next()) {
                (Some(a), None) => a,
                _ => return Err("expected an array of objects (or an object with one array)".to_string()),
            }
        }
        _ => return Err("expected an array of objects".to_string()),
    };
    let mut header: Vec<String> = Vec::new();
    for item in &arr {
        let Value::Object(o) = item else {
            return Err("the array holds something other than objects".to_string());
        };
        for k in o.keys() {
            if !header.iter().any(|h| h == k) {
                header.push(k.clone());
            }
        }
    }
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    f(&refs);
    let mut cells: Vec<String> = Vec::with_capacity(header.len());
    for item in &arr {
        let Value::Object(o) = item else { continue };
        cells.clear();
        for h in &header {
            cells.push(match o.get(h) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Bool(b)) => b.to_string(),
                Some(other) => other.to_string(),
            });
        }
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        f(&refs);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::csv_oracle::Records;

    fn split(text: &str, chunk: usize) -> Vec<(Vec<String>, bool)> {
        let mut r = Records::new(b',');
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut push = |fields: &[&str], t: bool| out.push((fields.iter().map(|s| s.to_string()).collect(), t));
        for c in bytes.chunks(chunk.max(1)) {
            r.feed(c, false, &mut push);
        }
        r.feed(&[], true, &mut push);
        out
    }

    #[test]
    fn records_with_quotes_formulas_and_a_cut_last_line() {
        let text = "a,b,c\r\n=\"123\",\"x, y\",要\"大号\"的\r\n\"multi\nline\",2,3\r\n4,5";
        let want = vec![
            (vec!["a", "b", "c"], true),
            (vec!["=\"123\"", "x, y", "要\"大号\"的"], true),
            (vec!["multi\nline", "2", "3"], true),
            (vec!["4", "5"], false),
        ];
        let want: Vec<(Vec<String>, bool)> =
            want.into_iter().map(|(v, t)| (v.into_iter().map(String::from).collect(), t)).collect();
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(split(text, chunk), want, "chunk {chunk}");
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a\tb\tc\r\n1,2\t3"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("\"a,b\";c"), b';');
        assert_eq!(sniff_delimiter("abc"), b',');
    }

    #[test]
    fn json_rows() {
        let mut rows = Vec::new();
        json_records(r#"[{"a":1,"b":"x"},{"b":null,"c":true}]"#, &mut |f| rows.push(f.join("|"))).unwrap();
        assert_eq!(rows, vec!["a|b|c", "1|x|", "||true"]);
        assert!(json_records("[1,2]", &mut |_| {}).is_err());
        assert!(json_records(&"[".repeat(100_000), &mut |_| {}).is_err());
    }

    #[test]
    fn a_lying_shared_string_count_is_refused() {
        fn check(part: &[u8]) -> Result<(), String> {
            // fed in 7-byte chunks: a count split across reads is still found
            let mut scan = CountScan::default();
            part.chunks(7).for_each(|c| scan.feed(c));
            check_shared_strings(part, part.len() as u64, scan.largest())
        }
        let ok = br#"<?xml version="1.0"?><sst xmlns="x" count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        assert!(check(ok).is_ok());
        let lie = br#"<?xml version="1.0"?><x:sst xmlns:x="x" uniqueCount="18446744073709551615"><x:si/></x:sst>"#;
        assert!(check(lie).unwrap_err().contains("claims"));
        let overflow = br#"<sst uniqueCount="99999999999999999999999"/>"#;
        assert!(check(overflow).is_err());
        assert!(check(b"<nothing/>").is_err());
        // hidden behind a `>` in an attribute, spaces around `=`, another attribute's value
        for hidden in [
            &br#"<sst xmlns="a>b" uniqueCount="4444444444444444444"/>"#[..],
            b"<sst uniqueCount\n = '0004444444444444444444'/>",
            br#"<sst foo="uniqueCount" uniqueCount="4444444444444444444"/>"#,
        ] {
            assert!(check(hidden).is_err(), "{}", String::from_utf8_lossy(hidden));
        }
    }

    #[test]
    fn excel_serials_before_1970_are_dates() {
        assert_eq!(serial_text(21682.0), "1959-05-12 00:00:00");
        assert_eq!(serial_text(45000.5), "2023-03-15 12:00:00");
        assert_eq!(serial_text(1.0), "1900-01-01 00:00:00");
        assert_eq!(serial_text(-3.0), "-3");
    }

    #[test]
    fn numbers_read_like_a_spreadsheet() {
        assert_eq!(number_text(35.0), "35");
        assert_eq!(number_text(59.9), "59.9");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }
}

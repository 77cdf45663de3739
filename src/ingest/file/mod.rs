//! The reader of one file: bytes in chunks → container and encoding sniffed → header found →
//! records to the row sink; and the later parts of a text file read on their own ([`Part`]).

mod part;

pub use part::Part;

use super::accounting::Accounting;
use super::cells::{self, Cells};
use super::rows::{self, Shared};
use super::{detect, encoding, split, table, values};
use crate::error::{Error, FileProblem};
use crate::model::{IngestSummary, Kind, Platform, SkipReason};
use crate::store::{self, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many bytes are sniffed before the container and encoding are decided.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// How many rows may come before the header row.
pub const MAX_PREAMBLE: usize = 10;

/// Overrides for one file; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields, default)]
pub struct FileOptions {
    /// Any WHATWG encoding label (`gbk`, `utf-8`, `utf-16le`, …) instead of detection.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub encoding: Option<String>,
    /// The kind instead of detection.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub kind: Option<Kind>,
    /// The platform instead of detection.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub platform: Option<Platform>,
    /// The field delimiter of a text file (one character) instead of sniffing.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub delimiter: Option<String>,
    /// Role → column header, e.g. `{"customer": "买家会员名", "amount": "买家实际支付金额"}`.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub mapping: Option<BTreeMap<String, String>>,
}

/// A file being read, chunk by chunk.
pub struct FileIngest {
    name: String,
    options: FileOptions,
    state: State,
    bytes: u64,
    /// The file's size when known (sizes the row vectors).
    size: Option<u64>,
    splitter: split::Splitter,
    /// Boxed so that lending it out for a record moves a pointer, not the struct (two
    /// memcpy calls a row, `memory.copy` in wasm).
    cache: Option<Box<cells::CellCache>>,
    /// The columns the sink reads on every row: decoded up front into one reused buffer.
    eager: Vec<usize>,
    /// The bytes the splitter sees are GBK (else UTF-8).
    gbk: bool,
    acc: Accounting,
    sink: Option<rows::Sink>,
    /// The sink's first header cell, trimmed: a row that starts with it may repeat the header.
    header0: String,
    pending: Vec<Vec<String>>,
    row_no: u64,
    container: &'static str,
    encoding: Option<&'static encoding_rs::Encoding>,
    bom: bool,
    replaced: bool,
}

enum State {
    Sniffing(Vec<u8>),
    /// `decoder` is None when the splitter reads the raw bytes (UTF-8, GBK/GB18030).
    Text {
        decoder: Option<encoding::TextDecoder>,
        text: String,
    },
    Buffered(Vec<u8>, Container),
    Failed,
}

#[derive(Clone, Copy)]
enum Container {
    Workbook,
    Json,
}

/// A fast 64-bit hash of a whole row's bytes (only compared within one order id).
fn row_hash(rec: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(rec);
    h.finish()
}

/// Whether a cell is the header cell `h`, `h` already trimmed (the per-row check: trimming the
/// header's text again on every row cost ~90 instructions), testing a prefix before trimming: a
/// cell that starts with neither whitespace nor `h` is rejected without scanning it.
fn is_trimmed_header_cell(cell: &str, h: &str) -> bool {
    match cell.as_bytes().first() {
        // lead bytes of Unicode whitespace: U+0085/U+00A0 (C2), U+1680 (E1), U+2000.. (E2), U+3000 (E3)
        Some(&f) if !(f <= b' ' || matches!(f, 0xC2 | 0xE1 | 0xE2 | 0xE3)) => cell.starts_with(h) && cell.trim() == h,
        _ => cell.trim() == h,
    }
}

impl FileIngest {
    /// Starts reading a file.
    pub fn new(name: &str, options: FileOptions) -> Result<FileIngest, Error> {
        if let Some(label) = &options.encoding {
            if encoding::from_label(label).is_none() {
                return Err(Error::in_file(name, FileProblem::UnknownEncoding(label.clone())));
            }
        }
        if let Some(d) = &options.delimiter {
            if d.len() != 1 {
                return Err(Error::in_file(
                    name,
                    FileProblem::NotATable(format!("the delimiter must be one ASCII character, not {d:?}")),
                ));
            }
        }
        Ok(FileIngest {
            name: name.to_string(),
            options,
            state: State::Sniffing(Vec::new()),
            bytes: 0,
            size: None,
            splitter: split::Splitter::new(b','),
            cache: Some(Box::default()),
            eager: Vec::new(),
            gbk: false,
            acc: Accounting::default(),
            sink: None,
            header0: String::new(),
            pending: Vec::new(),
            row_no: 0,
            container: "csv",
            encoding: None,
            bom: false,
            replaced: false,
        })
    }

    /// Tells the file's size in bytes, when known before its chunks arrive.
    pub fn set_size(&mut self, size: Option<u64>) {
        self.size = size;
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Bytes received so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Rows seen so far.
    pub fn rows(&self) -> u64 {
        self.acc.rows_total
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, chunk: &[u8], sh: &mut Shared<'_>) -> Result<(), Error> {
        self.bytes += chunk.len() as u64;
        match &mut self.state {
            State::Sniffing(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= SNIFF_BYTES {
                    let head = std::mem::take(buf);
                    self.start(head, false, sh)?;
                }
                Ok(())
            }
            State::Text { .. } => self.feed_text(chunk, false, sh),
            State::Buffered(buf, _) => {
                buf.extend_from_slice(chunk);
                Ok(())
            }
            State::Failed => Err(Error::Sequence(format!("{}: the file already failed", self.name))),
        }
    }

    /// Ends the file: flushes what is pending and returns the typed rows and the summary.
    pub fn finish(mut self, sh: &mut Shared<'_>) -> Result<(Table, IngestSummary), Error> {
        match std::mem::replace(&mut self.state, State::Failed) {
            State::Sniffing(head) => {
                if head.is_empty() {
                    return Err(Error::in_file(&self.name, FileProblem::Empty));
                }
                // With `complete`, start() also flushes the decoder and the last record.
                self.start(head, true, sh)?;
            }
            State::Text { decoder, text } => {
                self.state = State::Text { decoder, text };
                self.feed_text(&[], true, sh)?;
            }
            State::Buffered(buf, c) => self.parse_buffered(&buf, c, sh)?,
            State::Failed => return Err(Error::Sequence(format!("{}: the file already failed", self.name))),
        }
        if let State::Buffered(buf, c) = std::mem::replace(&mut self.state, State::Failed) {
            self.parse_buffered(&buf, c, sh)?;
        }
        self.flush_pending(sh)?;
        let Some(sink) = self.sink.take() else {
            return Err(self.no_header());
        };
        let layout = sink.layout().clone();
        let summary = IngestSummary {
            name: self.name.clone(),
            kind: Some(layout.kind),
            platform: Some(layout.platform.as_str().to_string()),
            encoding: self.encoding.map(|e| encoding::display_name(e).to_string()),
            bom: self.bom,
            container: Some(self.container.to_string()),
            rows_total: self.acc.rows_total,
            rows_used: self.acc.rows_used,
            rows_skipped: self.acc.skipped.iter().map(|(k, v)| (k.as_str().to_string(), *v)).collect(),
            customer_key: sink.key_columns(),
            rows_without_key: self.acc.rows_without_key,
            errors: self.acc.errors.clone(),
            columns: layout.columns(),
            header: layout.header.clone(),
            unknown_status: self.acc.unknown_status.clone(),
            unknown_action: self.acc.unknown_action.clone(),
            replaced_bytes: self.replaced,
            error: None,
        };
        Ok((sink.into_table(sh), summary))
    }

    fn no_header(&self) -> Error {
        let first = self
            .pending
            .first()
            .map(|r| r.iter().take(8).map(|c| c.chars().take(30).collect::<String>()).collect::<Vec<_>>().join(", "));
        let why = match first {
            Some(f) => format!("first row: {f}"),
            None if self.acc.rows_total == 0 && self.row_no == 0 => "no rows".to_string(),
            None => "no header among the first rows".to_string(),
        };
        let kind_hint = match self.options.kind {
            Some(k) => format!(" (expected a {k} file)"),
            None => String::new(),
        };
        Error::in_file(&self.name, FileProblem::NoHeader(format!("{why}{kind_hint}")))
    }

    fn start(&mut self, head: Vec<u8>, complete: bool, sh: &mut Shared<'_>) -> Result<(), Error> {
        if let Some(what) = not_a_table(&head) {
            return Err(Error::in_file(
                &self.name,
                FileProblem::NotATable(format!("{what}, whatever its name says; export the data as CSV or Excel")),
            ));
        }
        if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            self.container = "xlsx";
            self.state = State::Buffered(head, Container::Workbook);
            return Ok(());
        }
        let enc = match self.options.encoding.as_deref().and_then(encoding::from_label) {
            Some(e) => encoding::Detected { encoding: e, bom: encoding_rs::Encoding::for_bom(&head).is_some() },
            None => {
                let n = head.len().min(SNIFF_BYTES);
                encoding::detect(head.get(..n).unwrap_or(&head), complete && n == head.len())
            }
        };
        self.encoding = Some(enc.encoding);
        self.bom = enc.bom;
        let mut decoder = encoding::TextDecoder::new(enc.encoding);
        let raw_split = [encoding_rs::UTF_8, encoding_rs::GBK, encoding_rs::GB18030].contains(&enc.encoding);
        let mut text = String::new();
        if raw_split {
            // only a look at the start, to sniff JSON and the delimiter
            let (t, _) =
                enc.encoding.decode_without_bom_handling(head.get(..SNIFF_BYTES.min(head.len())).unwrap_or(&head));
            text.push_str(&t);
        } else {
            decoder.decode(&head, &mut text, complete);
            self.replaced |= decoder.had_replacements;
        }
        let first = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        if first.starts_with('[') || first.starts_with('{') {
            self.container = "json";
            self.state = State::Buffered(head, Container::Json);
            return Ok(());
        }
        let delim = match &self.options.delimiter {
            Some(d) => d.as_bytes().first().copied().unwrap_or(b','),
            None => table::sniff_delimiter(&text),
        };
        self.container = if delim == b'\t' { "tsv" } else { "csv" };
        self.splitter = split::Splitter::new(delim);
        let e = enc.encoding;
        if raw_split {
            // Split the raw bytes; decode only the cells the report reads.
            self.gbk = e != encoding_rs::UTF_8;
            self.state = State::Text { decoder: None, text: String::new() };
            let body = if enc.bom && e == encoding_rs::UTF_8 { head.get(3..).unwrap_or(&[]) } else { &head[..] };
            let r = self.split(body, complete, sh);
            self.reserve_rows(head.len());
            r
        } else {
            self.state = State::Text { decoder: Some(decoder), text: String::new() };
            let r = self.split(text.as_bytes(), complete, sh);
            r
        }
    }

    /// After the first `seen` bytes: sizes the row vectors for the whole file, from the rows
    /// those bytes held and the file's size (5% over; nothing when either is unknown or small).
    fn reserve_rows(&mut self, seen: usize) {
        let (Some(size), Some(sink)) = (self.size, self.sink.as_mut()) else { return };
        let rows = self.acc.rows_total;
        if rows < 20 || seen == 0 || size <= seen as u64 {
            return;
        }
        let est = (size as f64 / seen as f64 * rows as f64 * 1.05).min(50e6) as usize;
        sink.reserve(est.saturating_sub(rows as usize));
    }

    fn feed_text(&mut self, chunk: &[u8], last: bool, sh: &mut Shared<'_>) -> Result<(), Error> {
        let State::Text { decoder, text } = &mut self.state else {
            return Ok(());
        };
        let Some(decoder) = decoder else {
            return self.split(chunk, last, sh);
        };
        text.clear();
        decoder.decode(chunk, text, last);
        self.replaced |= decoder.had_replacements;
        let t = std::mem::take(text);
        let r = self.split(t.as_bytes(), last, sh);
        if let State::Text { text, .. } = &mut self.state {
            *text = t;
        }
        r
    }

    fn split(&mut self, bytes: &[u8], last: bool, sh: &mut Shared<'_>) -> Result<(), Error> {
        let mut splitter = std::mem::replace(&mut self.splitter, split::Splitter::new(b','));
        let mut result = Ok(());
        splitter.feed(bytes, last, &mut |rec: &[u8], fields: &[split::Field], terminated: bool| {
            if result.is_ok() {
                result = self.raw_record(rec, fields, terminated, sh);
            }
        });
        self.splitter = splitter;
        result
    }

    /// One record of a text file, as raw bytes and field ranges.
    fn raw_record(
        &mut self,
        rec: &[u8],
        fields: &[split::Field],
        terminated: bool,
        sh: &mut Shared<'_>,
    ) -> Result<(), Error> {
        let ready = self.sink.is_some();
        if ready {
            // A quick look at the bytes before any decoding.
            let delim = self.splitter_delim();
            if rec.iter().all(|b| *b == delim || matches!(b, b'"' | b' ' | b'\t')) {
                self.row_no += 1;
                self.acc.rows_total += 1;
                self.acc.skip(self.row_no, SkipReason::Blank, None, None);
                return Ok(());
            }
        }
        let mut cache = self.cache.take().unwrap_or_default();
        let eager = std::mem::take(&mut self.eager);
        let r = {
            let cells = cache.cells(rec, fields, self.gbk, &eager);
            // the row's hash tells a duplicate line-item row from another item; only orders of
            // line-item layouts need it
            let hash = match self.sink.as_ref().map(|s| s.layout()) {
                Some(l) if l.kind == Kind::Orders && !l.platform.one_row_per_order() => row_hash(rec),
                _ => 0,
            };
            self.record(&cells, terminated, hash, ready, sh)
        };
        self.cache = Some(cache);
        if self.eager.is_empty() {
            // (the header row sets the columns while this record is read)
            self.eager = eager;
        }
        r
    }

    fn splitter_delim(&self) -> u8 {
        self.splitter.delim()
    }

    fn parse_buffered(&mut self, buf: &[u8], c: Container, sh: &mut Shared<'_>) -> Result<(), Error> {
        let name = self.name.clone();
        let encoding = self.encoding;
        let mut result = Ok(());
        let mut each = |fields: &[&str]| {
            if result.is_ok() {
                let mut h = 0u64;
                for (i, c) in fields.iter().enumerate() {
                    h = h.rotate_left(7) ^ store::hash64(c.as_bytes(), i as u64);
                }
                result = self.record(&Cells::text(fields), true, h, false, sh);
            }
        };
        match c {
            Container::Workbook => {
                table::workbook_records(buf, &mut each).map_err(|e| Error::in_file(&name, FileProblem::Xlsx(e)))?
            }
            Container::Json => {
                let text = match encoding {
                    Some(enc) => enc.decode_with_bom_removal(buf).0.into_owned(),
                    None => String::from_utf8_lossy(buf).into_owned(),
                };
                table::json_records(&text, &mut each).map_err(|e| Error::in_file(&name, FileProblem::Json(e)))?
            }
        }
        result
    }

    /// One record from any container. `terminated`: a line end followed it (text files).
    /// `raw`: a text record whose blankness was already judged on its bytes.
    fn record(
        &mut self,
        fields: &Cells<'_>,
        terminated: bool,
        hash: u64,
        raw: bool,
        sh: &mut Shared<'_>,
    ) -> Result<(), Error> {
        self.row_no += 1;
        let row = self.row_no;
        let blank = !raw && (0..fields.len()).all(|i| values::clean(fields.get(i)).is_empty());
        let Some(sink) = self.sink.as_mut() else {
            if blank && self.pending.is_empty() {
                // Blank lines before anything else: not rows.
                self.row_no -= 1;
                return Ok(());
            }
            self.pending.push(fields.to_strings());
            self.replaced |= fields.replaced();
            return self.try_header(sh);
        };
        let header = &sink.layout().header;
        if blank {
            self.acc.rows_total += 1;
            self.acc.skip(row, SkipReason::Blank, None, None);
            return Ok(());
        }
        let first_is_header = !header.is_empty() && is_trimmed_header_cell(fields.get(0), &self.header0);
        if first_is_header
            && detect::is_same_header(&(0..fields.len()).map(|i| fields.get(i)).collect::<Vec<_>>(), header)
        {
            self.acc.rows_total += 1;
            self.acc.skip(row, SkipReason::RepeatedHeader, None, None);
            return Ok(());
        }
        let n = fields.len();
        let last = || (n > 0).then(|| fields.get(n - 1).to_string());
        if n < sink.layout().width {
            self.acc.rows_total += 1;
            let reason = if terminated { SkipReason::FieldCount } else { SkipReason::Truncated };
            self.acc.skip(row, reason, None, last());
            return Ok(());
        }
        if !terminated && n < header.len() {
            self.acc.rows_total += 1;
            self.acc.skip(row, SkipReason::Truncated, None, last());
            return Ok(());
        }
        sink.row(fields, row, hash, &mut self.acc, sh);
        self.replaced |= fields.replaced();
        Ok(())
    }

    fn try_header(&mut self, sh: &mut Shared<'_>) -> Result<(), Error> {
        let ov = detect::Overrides {
            kind: self.options.kind,
            platform: self.options.platform,
            mapping: self.options.mapping.as_ref(),
        };
        let last = self.pending.len().saturating_sub(1);
        let Some(cand) = self.pending.last() else { return Ok(()) };
        match detect::detect(cand, &ov) {
            Ok(layout) => {
                let pre = last as u64;
                let header_row = self.row_no;
                for i in 0..pre {
                    self.acc.rows_total += 1;
                    self.acc.skip(header_row - pre + i, SkipReason::Preamble, None, None);
                }
                self.pending.clear();
                self.eager = rows::eager_columns(&layout);
                self.header0 = layout.header.first().map(|h| h.trim().to_string()).unwrap_or_default();
                self.sink = Some(rows::Sink::new(layout));
                let _ = sh;
                Ok(())
            }
            Err(why) => {
                // A mapping error is about the user's mapping, not the file: say so at once.
                if why.starts_with("unknown role") || why.starts_with(detect::MAPPING_INCOMPLETE) {
                    return Err(Error::in_file(&self.name, FileProblem::Mapping(why)));
                }
                // a mapped column missing from this row: not the header; the rows after may be
                if self.pending.len() >= MAX_PREAMBLE && why.starts_with(detect::NO_COLUMN) {
                    return Err(Error::in_file(&self.name, FileProblem::Mapping(why)));
                }
                if self.pending.len() >= MAX_PREAMBLE {
                    let first = self.pending.first().cloned().unwrap_or_default();
                    let shown = first
                        .iter()
                        .take(8)
                        .map(|c| c.chars().take(30).collect::<String>())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(Error::in_file(
                        &self.name,
                        FileProblem::NoHeader(format!("{why}; first row: {shown}")),
                    ));
                }
                Ok(())
            }
        }
    }

    fn flush_pending(&mut self, _sh: &mut Shared<'_>) -> Result<(), Error> {
        if self.sink.is_none() && !self.pending.is_empty() {
            let ov = detect::Overrides {
                kind: self.options.kind,
                platform: self.options.platform,
                mapping: self.options.mapping.as_ref(),
            };
            let first = self.pending.first().cloned().unwrap_or_default();
            let why = detect::detect(&first, &ov).err().unwrap_or_default();
            if why.starts_with(detect::NO_COLUMN) || why.starts_with(detect::MAPPING_INCOMPLETE) {
                return Err(Error::in_file(&self.name, FileProblem::Mapping(why)));
            }
            let shown =
                first.iter().take(8).map(|c| c.chars().take(30).collect::<String>()).collect::<Vec<_>>().join(", ");
            return Err(Error::in_file(&self.name, FileProblem::NoHeader(format!("{why}; first row: {shown}"))));
        }
        Ok(())
    }
}

/// What a file is when its first bytes are the signature of a format that is never a table (an
/// image, a PDF, an archive): a file renamed `.csv` is recognised by its bytes, not its name.
fn not_a_table(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 8] = [
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"Rar!\x1a\x07", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"\x1F\x8B\x08", "a gzip archive"),
    ];
    if head.get(..4) == Some(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    SIGNATURES.iter().find(|(sig, _)| head.starts_with(sig)).map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_never_tables_are_known_by_their_bytes() {
        for (head, what) in [
            (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], Some("a PNG image")),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Some("a JPEG image")),
            (b"%PDF-1.7\n", Some("a PDF document")),
            (b"RIFF\x10\0\0\0WEBPVP8 ", Some("a WebP image")),
            (b"\x1F\x8B\x08\0", Some("a gzip archive")),
            (b"PK\x03\x04", None),
            ("订单编号,买家会员名\r\n".as_bytes(), None),
            (b"GIF", None),
            (b"", None),
        ] {
            assert_eq!(not_a_table(head), what, "{head:?}");
        }
    }

    /// Whether a cell is the header cell `h` (both trimmed), testing a prefix before trimming: a
    /// cell that starts with neither whitespace nor `h` is rejected without scanning it.
    fn is_header_cell(cell: &str, h: &str) -> bool {
        let h = h.trim();
        is_trimmed_header_cell(cell, h)
    }

    #[test]
    fn header_cells_match_like_trimmed_equality() {
        let h = "订单编号";
        for c in [
            "订单编号",
            " 订单编号 ",
            "\u{3000}订单编号",
            "\u{a0}订单编号\t",
            "订单编号x",
            "订单",
            "",
            "=\"1\"",
            "买家",
            "\u{2003}订单编号",
        ] {
            assert_eq!(is_header_cell(c, h), c.trim() == h.trim(), "{c:?}");
            assert_eq!(is_header_cell(c, " 订单编号"), c.trim() == h, "{c:?}");
        }
        assert!(is_header_cell("  ", ""));
        assert!(!is_header_cell("x", ""));
    }
}

//! One output file: rows built as text in a reused buffer, encoded (GBK, UTF-8 with or without
//! BOM, UTF-16LE with BOM) and streamed through a `BufWriter`, CRLF line ends. The last row is
//! held back one row so that a messy run can cut it off mid-row, as an interrupted download does.

use super::rng::Rng;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// How the Chinese files are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// GBK, as the platforms export (default).
    Gbk,
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// Excel's "Unicode text": UTF-16LE with BOM, tab-separated, `.txt`, cells as Excel shows them.
    Utf16,
}

impl Encoding {
    /// From the option's value.
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().as_str() {
            "gbk" => Some(Encoding::Gbk),
            "utf8" | "utf-8" => Some(Encoding::Utf8),
            "utf8-bom" | "utf-8-bom" => Some(Encoding::Utf8Bom),
            "utf16" | "utf-16" | "utf-16le" => Some(Encoding::Utf16),
            _ => None,
        }
    }

    /// Field separator.
    pub fn sep(self) -> char {
        if self == Encoding::Utf16 {
            '\t'
        } else {
            ','
        }
    }

    /// File name extension, with the dot.
    pub fn ext(self) -> &'static str {
        if self == Encoding::Utf16 {
            ".txt"
        } else {
            ".csv"
        }
    }

    /// The currency sign a formatted amount gets (`￥` is in GBK, `¥` is not).
    pub fn yen(self) -> &'static str {
        if self == Encoding::Gbk {
            "￥"
        } else {
            "¥"
        }
    }
}

/// A file being written.
pub struct Out {
    w: BufWriter<File>,
    enc: Encoding,
    gbk: Option<GbkTable>,
    sep: char,
    /// The row being built.
    line: String,
    /// The previous row, not written yet (no line end).
    held: Option<String>,
    spare: String,
    bytes: Vec<u8>,
    cells: usize,
    /// Data rows and other lines written (header excluded).
    pub lines: u64,
}

impl Out {
    /// Creates `path` with the BOM of `enc` and the header row.
    pub fn create(path: &Path, enc: Encoding, header: &[&str]) -> std::io::Result<Out> {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
        match enc {
            Encoding::Utf8Bom => w.write_all(b"\xEF\xBB\xBF")?,
            Encoding::Utf16 => w.write_all(b"\xFF\xFE")?,
            _ => {}
        }
        let gbk = (enc == Encoding::Gbk).then(GbkTable::new);
        let mut out = Out {
            w,
            enc,
            gbk,
            sep: enc.sep(),
            line: String::with_capacity(1024),
            held: None,
            spare: String::with_capacity(1024),
            bytes: Vec::with_capacity(4096),
            cells: 0,
            lines: 0,
        };
        for h in header {
            out.text(h);
        }
        out.end()?;
        out.lines = 0;
        Ok(out)
    }

    /// The separator.
    pub fn sep(&self) -> char {
        self.sep
    }

    /// Starts a cell and returns the row buffer to write it into, as is (no quoting).
    pub fn cell(&mut self) -> &mut String {
        if self.cells > 0 {
            self.line.push(self.sep);
        }
        self.cells += 1;
        &mut self.line
    }

    /// A cell written as is (the caller knows it needs no quotes).
    pub fn raw(&mut self, s: &str) {
        self.cell().push_str(s);
    }

    /// A text cell, quoted when it holds the separator, a quote or a line break.
    pub fn text(&mut self, s: &str) {
        let sep = self.sep;
        let quote = s.contains([sep, '"', '\n', '\r']);
        let line = self.cell();
        if quote {
            line.push('"');
            for c in s.chars() {
                if c == '"' {
                    line.push('"');
                }
                line.push(c);
            }
            line.push('"');
        } else {
            line.push_str(s);
        }
    }

    /// A number cell.
    pub fn int(&mut self, n: i64) {
        use std::fmt::Write;
        let _ = write!(self.cell(), "{n}");
    }

    /// Money in cents as `12.30` (Excel's `12.3`, `12` when `excel`).
    pub fn money(&mut self, cents: i64, excel: bool) {
        push_money(self.cell(), cents, excel);
    }

    /// Ends the row: the previous row is written and this one held.
    pub fn end(&mut self) -> std::io::Result<()> {
        self.cells = 0;
        self.lines += 1;
        let next = std::mem::take(&mut self.spare);
        let row = std::mem::replace(&mut self.line, next);
        if let Some(prev) = self.held.replace(row) {
            self.emit(&prev, true)?;
            let mut prev = prev;
            prev.clear();
            self.spare = prev;
        }
        Ok(())
    }

    /// A whole line as is (a blank line, a repeated header).
    pub fn line(&mut self, s: &str) -> std::io::Result<()> {
        self.line.push_str(s);
        self.end()
    }

    /// The row just ended, once more (a duplicated row).
    pub fn repeat(&mut self) -> std::io::Result<()> {
        self.line.clear();
        self.line.push_str(self.held.as_deref().unwrap_or(""));
        self.end()
    }

    fn emit(&mut self, text: &str, line_end: bool) -> std::io::Result<()> {
        self.bytes.clear();
        match self.enc {
            Encoding::Utf8 | Encoding::Utf8Bom => self.bytes.extend_from_slice(text.as_bytes()),
            Encoding::Utf16 => {
                for u in text.encode_utf16() {
                    self.bytes.extend_from_slice(&u.to_le_bytes());
                }
            }
            Encoding::Gbk => {
                if text.is_ascii() {
                    self.bytes.extend_from_slice(text.as_bytes());
                } else if let Some(table) = &mut self.gbk {
                    table.encode(text, &mut self.bytes);
                }
            }
        }
        if line_end {
            match self.enc {
                Encoding::Utf16 => self.bytes.extend_from_slice(b"\r\0\n\0"),
                _ => self.bytes.extend_from_slice(b"\r\n"),
            }
        }
        self.w.write_all(&self.bytes)
    }

    /// Writes the held last row — whole, or with `cut` cut off after 35–65 % of its characters
    /// and without its line end — and closes the file.
    pub fn finish(mut self, cut: Option<&mut Rng>) -> std::io::Result<()> {
        if let Some(last) = self.held.take() {
            match cut {
                Some(rng) => {
                    let n = last.chars().count();
                    let keep = ((n as f64 * rng.uniform(0.35, 0.65)) as usize).max(1);
                    let end = last.char_indices().nth(keep).map_or(last.len(), |(i, _)| i);
                    self.emit(last.get(..end).unwrap_or(""), false)?;
                }
                None => self.emit(&last, true)?,
            }
        }
        self.w.flush()
    }
}

/// Appends money in cents: `12.30`, or as Excel re-displays it: `12.3`, `12`.
pub fn push_money(out: &mut String, cents: i64, excel: bool) {
    use std::fmt::Write;
    let sign = if cents < 0 { "-" } else { "" };
    let (y, c) = (cents.abs() / 100, cents.abs() % 100);
    if !excel {
        let _ = write!(out, "{sign}{y}.{c:02}");
    } else if c == 0 {
        let _ = write!(out, "{sign}{y}");
    } else if c % 10 == 0 {
        let _ = write!(out, "{sign}{y}.{}", c / 10);
    } else {
        let _ = write!(out, "{sign}{y}.{c:02}");
    }
}

/// Money with a currency sign and thousands separators: `￥1,234.50`.
pub fn formatted_money(yen: &str, cents: i64) -> String {
    let y = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in y.chars().enumerate() {
        if i > 0 && (y.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{yen}{grouped}.{:02}", cents % 100)
}

/// GBK bytes of each character met so far, by code point: encoding_rs's GBK encoder favours
/// small tables over speed (it searches), and the files use a few thousand distinct characters,
/// so each is looked up once.
struct GbkTable {
    /// 0: not looked up yet; 0xFFFF: not in GBK (written `?`); else lead << 8 | trail.
    codes: Vec<u16>,
}

impl GbkTable {
    fn new() -> GbkTable {
        GbkTable { codes: vec![0; 0x1_0000] }
    }

    fn encode(&mut self, text: &str, dst: &mut Vec<u8>) {
        for ch in text.chars() {
            if ch.is_ascii() {
                dst.push(ch as u8);
                continue;
            }
            let cp = ch as usize;
            let code = match self.codes.get(cp).copied() {
                Some(0) => {
                    let code = gbk_code(ch);
                    if let Some(slot) = self.codes.get_mut(cp) {
                        *slot = code;
                    }
                    code
                }
                Some(code) => code,
                None => 0xFFFF, // beyond the BMP: not in GBK
            };
            match code {
                0xFFFF => dst.push(b'?'),
                c => dst.extend_from_slice(&c.to_be_bytes()),
            }
        }
    }
}

/// One character's two GBK bytes (0xFFFF when it has none).
fn gbk_code(ch: char) -> u16 {
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(ch.encode_utf8(&mut buf));
    match (unmappable, bytes.as_ref()) {
        (false, &[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0xFFFF,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_written_and_as_excel_shows_it() {
        let mut s = String::new();
        for (c, excel) in [(3500, false), (3500, true), (3550, true), (3555, true), (5, false)] {
            push_money(&mut s, c, excel);
            s.push(' ');
        }
        assert_eq!(s, "35.00 35 35.5 35.55 0.05 ");
        assert_eq!(formatted_money("￥", 123_450), "￥1,234.50");
        assert_eq!(formatted_money("¥", 99_900), "¥999.00");
        assert_eq!(formatted_money("¥", 123_456_789), "¥1,234,567.89");
    }

    fn write(enc: Encoding, cut: bool) -> Vec<u8> {
        let dir = std::env::temp_dir().join(format!("ci-sample-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{enc:?}{cut}.csv"));
        let mut o = Out::create(&path, enc, &["订单编号", "收货地址 "]).unwrap();
        o.raw("=\"1\"");
        o.text("上海 上海市, 浦东新区");
        o.end().unwrap();
        o.raw("2");
        o.text("要\"大号\"的");
        o.end().unwrap();
        o.finish(cut.then_some(&mut Rng::new(1))).unwrap();
        let b = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        b
    }

    #[test]
    fn encodings_quotes_and_the_cut_last_line() {
        let gbk = write(Encoding::Gbk, false);
        let (text, _, bad) = encoding_rs::GBK.decode(&gbk);
        assert!(!bad);
        assert_eq!(text, "订单编号,收货地址 \r\n=\"1\",\"上海 上海市, 浦东新区\"\r\n2,\"要\"\"大号\"\"的\"\r\n");
        let u16 = write(Encoding::Utf16, false);
        assert_eq!(&u16[..2], b"\xFF\xFE");
        let (text, _, _) = encoding_rs::UTF_16LE.decode(&u16);
        assert!(text.starts_with("订单编号\t收货地址 \r\n=\"1\"\t上海 上海市, 浦东新区\r\n"));
        assert!(write(Encoding::Utf8Bom, false).starts_with("\u{FEFF}订单编号".as_bytes()));
        let cut = write(Encoding::Utf8, true);
        let text = String::from_utf8(cut).unwrap();
        assert!(!text.ends_with("\r\n"));
        let mut bytes = Vec::new();
        GbkTable::new().encode("￥1,234 花间集 ¥ 😀", &mut bytes);
        assert_eq!(encoding_rs::GBK.decode(&bytes).0, "￥1,234 花间集 ? ?");
        let last = text.rsplit("\r\n").next().unwrap();
        assert!(!last.is_empty() && last.len() < "2,\"要\"\"大号\"\"的\"".len());
    }
}

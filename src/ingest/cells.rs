//! The cells of one record, decoded lazily or up front. A text file's record stays raw bytes;
//! the columns a sink is known to read are decoded (GBK → UTF-8, checked UTF-8, unquoted) into
//! one buffer reused from record to record, and any other cell is decoded only when read. No
//! allocation per record unless a cell outside the known columns needs decoding.

use super::split::{unquote, Field};
use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};

/// A span of [`CellCache::text`] that is not set.
const UNSET: (usize, usize) = (usize::MAX, usize::MAX);

/// One record's cells.
pub struct Cells<'a> {
    src: Src<'a>,
    /// Per cell, once read lazily: None when the raw bytes are the text (ASCII or valid UTF-8,
    /// not quoted), else the decoded text.
    lazy: &'a [OnceCell<Option<String>>],
    /// Which lazy cells were filled (so the next record resets only those).
    touched: Option<&'a RefCell<Vec<usize>>>,
    /// The cells decoded up front, and where each one is in it.
    text: &'a str,
    spans: &'a [(usize, usize)],
    replaced: Cell<bool>,
    /// While set, a cell decoded lazily does not count in [`Cells::replaced`].
    quiet: Cell<bool>,
}

/// The reusable state behind [`Cells`] of a text file: lazy slots, the buffer of cells decoded
/// up front, and scratch space.
#[derive(Default)]
pub struct CellCache {
    lazy: Vec<OnceCell<Option<String>>>,
    touched: RefCell<Vec<usize>>,
    text: String,
    bytes: Vec<u8>,
    spans: Vec<(usize, usize)>,
    set: Vec<usize>,
    scratch: Vec<u8>,
}

impl CellCache {
    /// The cells of a raw record of a text file (`gbk`: the bytes are GBK, else UTF-8); the
    /// columns in `eager` are decoded now, the others when read.
    pub fn cells<'a>(&'a mut self, rec: &'a [u8], fields: &'a [Field], gbk: bool, eager: &[usize]) -> Cells<'a> {
        let n = fields.len();
        for i in self.touched.get_mut().drain(..) {
            if let Some(c) = self.lazy.get_mut(i) {
                c.take();
            }
        }
        if self.lazy.len() < n {
            self.lazy.resize_with(n, OnceCell::new);
        }
        for i in self.set.drain(..) {
            if let Some(s) = self.spans.get_mut(i) {
                *s = UNSET;
            }
        }
        if self.spans.len() < n {
            self.spans.resize(n, UNSET);
        }
        // The cells go into a byte buffer, ASCII copied and GBK decoded into it, and the buffer
        // is checked as UTF-8 once per record rather than once per cell.
        self.bytes.clear();
        let mut replaced = false;
        for &i in eager {
            let (Some(f), Some(span)) = (fields.get(i), self.spans.get_mut(i)) else { continue };
            let raw = rec.get(f.start as usize..f.end as usize).unwrap_or(&[]);
            let bytes = if f.quoted {
                unquote(raw, &mut self.scratch);
                &self.scratch[..]
            } else {
                raw
            };
            let a = self.bytes.len();
            if gbk && !bytes.is_ascii() {
                replaced |= decode_gbk_into(bytes, &mut self.bytes);
            } else {
                self.bytes.extend_from_slice(bytes);
            }
            *span = (a, self.bytes.len());
            self.set.push(i);
        }
        // the two buffers trade places, so neither is ever reallocated
        let mut spare = std::mem::take(&mut self.text).into_bytes();
        spare.clear();
        std::mem::swap(&mut spare, &mut self.bytes);
        match String::from_utf8(spare) {
            Ok(t) => self.text = t,
            Err(e) => {
                // a UTF-8 file with malformed bytes in a cell: decode cell by cell, replacing them
                self.bytes = e.into_bytes();
                self.text = String::with_capacity(self.bytes.len() + 16);
                for &i in &self.set {
                    let Some(span) = self.spans.get_mut(i) else { continue };
                    let cell = self.bytes.get(span.0..span.1).unwrap_or(&[]);
                    let a = self.text.len();
                    replaced |= decode_into(cell, false, &mut self.text);
                    *span = (a, self.text.len());
                }
                self.bytes.clear();
            }
        }
        Cells {
            src: Src::Raw { rec, fields, gbk },
            lazy: self.lazy.get(..n).unwrap_or(&[]),
            touched: Some(&self.touched),
            text: &self.text,
            spans: &self.spans,
            replaced: Cell::new(replaced),
            quiet: Cell::new(false),
        }
    }
}

/// Appends the text of `bytes` to `out`; true when malformed bytes were replaced.
fn decode_into(bytes: &[u8], gbk: bool, out: &mut String) -> bool {
    if !gbk {
        return match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                false
            }
            Err(_) => {
                out.push_str(&String::from_utf8_lossy(bytes));
                true
            }
        };
    }
    if bytes.is_ascii() {
        // most cells (ids, amounts, dates): no decoder needed
        out.push_str(std::str::from_utf8(bytes).unwrap_or(""));
        return false;
    }
    let mut v = std::mem::take(out).into_bytes();
    let bad = decode_gbk_into(bytes, &mut v);
    *out = String::from_utf8(v).unwrap_or_default();
    bad
}

/// Second bytes of a two-byte GBK character: 0x40..=0xFE (0x7F is not one).
const TRAILS: usize = 0xFF - 0x40;

/// The character of every two-byte GBK sequence (lead 0x81..=0xFE, then a trail byte), by
/// `(lead - 0x81) * TRAILS + (trail - 0x40)`; 0 where encoding_rs does not decode the pair to
/// one character. Built once from encoding_rs's own decoder, which stays the definition: 24k
/// entries, 96 KB, about a millisecond.
fn gbk_pairs() -> &'static [u32] {
    static PAIRS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut t = vec![0u32; 126 * TRAILS];
        let mut buf = [0u8; 16];
        for lead in 0x81..=0xFEu8 {
            for trail in 0x40..=0xFEu8 {
                let mut d = encoding_rs::GBK.new_decoder_without_bom_handling();
                let (res, read, written) = d.decode_to_utf8_without_replacement(&[lead, trail], &mut buf, true);
                let text = buf.get(..written).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("");
                let mut chars = text.chars();
                if let (encoding_rs::DecoderResult::InputEmpty, 2, Some(c), None) =
                    (res, read, chars.next(), chars.next())
                {
                    if let Some(x) = t.get_mut(usize::from(lead - 0x81) * TRAILS + usize::from(trail - 0x40)) {
                        *x = u32::from(c);
                    }
                }
            }
        }
        t
    })
}

/// Appends the UTF-8 text of GBK `bytes` to `out`; true when malformed bytes were replaced.
///
/// ASCII and two-byte characters, nearly every cell of a Chinese export, are looked up in
/// [`gbk_pairs`]; anything else (a four-byte GB18030 sequence, 0x80, a malformed byte) sends
/// the whole cell to encoding_rs. Setting up an encoding_rs decoder per cell cost more than the
/// decoding: ~650 instructions for a short name. A test holds the two to the same output.
fn decode_gbk_into(bytes: &[u8], out: &mut Vec<u8>) -> bool {
    let pairs = gbk_pairs();
    let start = out.len();
    out.reserve(bytes.len() * 3 / 2 + 1);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            out.push(b);
            i += 1;
            continue;
        }
        let c = match (b, bytes.get(i + 1)) {
            (0x81..=0xFE, Some(&t @ 0x40..=0xFE)) => {
                pairs.get(usize::from(b - 0x81) * TRAILS + usize::from(t - 0x40)).copied().unwrap_or(0)
            }
            _ => 0,
        };
        // UTF-8 by hand: extend_from_slice of one character's 2-3 bytes was a memcpy call each
        match c {
            0x80..=0x7FF => out.extend([0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8]),
            0x800..=0xFFFF if !(0xD800..=0xDFFF).contains(&c) => {
                out.extend([0xE0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3F) as u8, 0x80 | (c & 0x3F) as u8])
            }
            _ => {
                out.truncate(start);
                return decode_gbk_library(bytes, out);
            }
        }
        i += 2;
    }
    false
}

/// [`decode_gbk_into`] by encoding_rs alone (the fallback, and the tests' oracle).
fn decode_gbk_library(bytes: &[u8], out: &mut Vec<u8>) -> bool {
    let mut d = encoding_rs::GBK.new_decoder_without_bom_handling();
    let mut rest = bytes;
    let mut bad = false;
    loop {
        let start = out.len();
        let room = d.max_utf8_buffer_length(rest.len()).unwrap_or(rest.len().saturating_mul(3)).max(4);
        out.resize(start + room, 0);
        let (res, read, written, had) = d.decode_to_utf8(rest, out.get_mut(start..).unwrap_or(&mut []), true);
        out.truncate(start + written);
        bad |= had;
        rest = rest.get(read..).unwrap_or(&[]);
        if res == encoding_rs::CoderResult::InputEmpty || read == 0 && written == 0 {
            return bad;
        }
    }
}

enum Src<'a> {
    Raw { rec: &'a [u8], fields: &'a [Field], gbk: bool },
    Text(&'a [&'a str]),
}

impl<'a> Cells<'a> {
    /// Cells already decoded (workbooks, JSON, tests).
    pub fn text(cells: &'a [&'a str]) -> Cells<'a> {
        Cells {
            src: Src::Text(cells),
            lazy: &[],
            touched: None,
            text: "",
            spans: &[],
            replaced: Cell::new(false),
            quiet: Cell::new(false),
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        match &self.src {
            Src::Raw { fields, .. } => fields.len(),
            Src::Text(t) => t.len(),
        }
    }

    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a malformed byte sequence had to be replaced while decoding.
    pub fn replaced(&self) -> bool {
        self.replaced.get()
    }

    /// Sets whether cells decoded from now on leave [`Cells::replaced`] alone (for reads that
    /// only some rows make, depending on more than the row: see `Sink::add_order`).
    pub fn set_quiet(&self, quiet: bool) {
        self.quiet.set(quiet);
    }

    /// Cell `i` as text ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        match &self.src {
            Src::Text(t) => t.get(i).copied().unwrap_or(""),
            Src::Raw { rec, fields, gbk } => {
                if let Some(&(a, b)) = self.spans.get(i) {
                    if a != usize::MAX {
                        return self.text.get(a..b).unwrap_or("");
                    }
                }
                let Some(f) = fields.get(i) else { return "" };
                let Some(slot) = self.lazy.get(i) else { return "" };
                let raw = rec.get(f.start as usize..f.end as usize).unwrap_or(&[]);
                let v = slot.get_or_init(|| {
                    if let Some(t) = self.touched {
                        t.borrow_mut().push(i);
                    }
                    if !f.quoted && (raw.is_ascii() || (!*gbk && std::str::from_utf8(raw).is_ok())) {
                        return None;
                    }
                    let bytes: Cow<'_, [u8]> = if f.quoted {
                        let mut v = Vec::new();
                        unquote(raw, &mut v);
                        Cow::Owned(v)
                    } else {
                        Cow::Borrowed(raw)
                    };
                    let mut s = String::new();
                    if decode_into(&bytes, *gbk, &mut s) && !self.quiet.get() {
                        self.replaced.set(true);
                    }
                    Some(s)
                });
                match v {
                    Some(s) => s,
                    None => std::str::from_utf8(raw).unwrap_or(""),
                }
            }
        }
    }

    /// The undecoded bytes of cell `i` when they can be read as they are (not a quoted field):
    /// a key for memoising what a cell means without decoding it.
    pub fn raw_bytes(&self, i: usize) -> Option<&'a [u8]> {
        match &self.src {
            Src::Text(t) => t.get(i).map(|s| s.as_bytes()),
            Src::Raw { rec, fields, .. } => {
                let f = fields.get(i)?;
                if f.quoted {
                    return None;
                }
                rec.get(f.start as usize..f.end as usize)
            }
        }
    }

    /// Every cell as an owned string (header detection).
    pub fn to_strings(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i).to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn gbk_fast_path_decodes_as_encoding_rs_does() {
        let oracle = |b: &[u8]| {
            let mut v = b"x".to_vec();
            let bad = super::decode_gbk_library(b, &mut v);
            (v, bad)
        };
        let fast = |b: &[u8]| {
            let mut v = b"x".to_vec();
            let bad = super::decode_gbk_into(b, &mut v);
            (v, bad)
        };
        // every two-byte sequence, alone and between ASCII
        for lead in 0x80..=0xFFu8 {
            for trail in 0x00..=0xFFu8 {
                for b in [vec![lead, trail], vec![b'a', lead, trail, b'z']] {
                    assert_eq!(fast(&b), oracle(&b), "{b:02x?}");
                }
            }
        }
        // random mixes of ASCII, two- and four-byte characters, 0x80, 0xFF and cut sequences
        let mut x = 0x0123_4567_89ab_cdefu64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let mut b = Vec::new();
            for _ in 0..len {
                let r = next();
                match r % 6 {
                    0 => b.push(b'0' + (r >> 8) as u8 % 10),
                    1 | 2 => b.extend_from_slice(&[0x81 + (r >> 8) as u8 % 126, 0x40 + (r >> 16) as u8 % 191]),
                    3 => b.extend_from_slice(&[
                        0x81 + (r >> 8) as u8 % 126,
                        0x30 + (r >> 16) as u8 % 10,
                        0x81 + (r >> 24) as u8 % 126,
                        0x30 + (r >> 32) as u8 % 10,
                    ]),
                    4 => b.push([0x80, 0xFF, 0x81, 0xFE][(r >> 8) as usize % 4]),
                    _ => b.push((r >> 8) as u8),
                }
            }
            assert_eq!(fast(&b), oracle(&b), "{b:02x?}");
        }
    }

    use super::*;
    use crate::ingest::split::Splitter;

    #[test]
    fn decodes_gbk_utf8_quoted_and_invalid_cells() {
        let gbk = encoding_rs::GBK.encode("=\"1\",交易成功,\"a\"\"b\"\r\n").0.into_owned();
        let mut s = Splitter::new(b',');
        let mut got = Vec::new();
        s.feed(&gbk, true, &mut |rec, fields, _| {
            let mut cache = CellCache::default();
            let c = cache.cells(rec, fields, true, &[]);
            got = c.to_strings();
            assert!(!c.replaced());
        });
        assert_eq!(got, vec!["=\"1\"", "交易成功", "a\"b"]);
        let bad = b"ok,\xff\xfe\r\n";
        s = Splitter::new(b',');
        s.feed(bad, true, &mut |rec, fields, _| {
            let mut cache = CellCache::default();
            let c = cache.cells(rec, fields, false, &[]);
            assert_eq!(c.get(1), "\u{fffd}\u{fffd}");
            assert!(c.replaced());
            assert_eq!(c.get(7), "");
        });
    }

    #[test]
    fn eager_and_lazy_cells_agree_and_nothing_leaks_between_records() {
        let text = "=\"1\",交易成功,\"a\"\"b\",x\r\n2,\"浙江省 杭州市\",,长一点的文字\r\n3,b\r\n\"\",¥,c,d,e\r\n";
        for gbk in [true, false] {
            let bytes = if gbk { encoding_rs::GBK.encode(text).0.into_owned() } else { text.as_bytes().to_vec() };
            for eager in [&[][..], &[0, 2][..], &[1, 3, 9][..], &[0, 1, 2, 3, 4][..]] {
                let mut cache = CellCache::default();
                let mut s = Splitter::new(b',');
                s.feed(&bytes, true, &mut |rec, fields, _| {
                    let lazy = CellCache::default().cells(rec, fields, gbk, &[]).to_strings();
                    let c = cache.cells(rec, fields, gbk, eager);
                    // read some cells twice, in another order
                    let again: Vec<String> = (0..c.len()).rev().map(|i| c.get(i).to_string()).collect();
                    assert_eq!(c.to_strings(), lazy, "gbk {gbk} eager {eager:?}");
                    assert_eq!(again.into_iter().rev().collect::<Vec<_>>(), lazy);
                    assert_eq!(c.get(fields.len() + 3), "");
                });
            }
        }
    }

    #[test]
    fn eager_cells_of_malformed_utf8_are_replaced_like_lazy_ones() {
        let bad = b"ok,\xff\xfe,\"x\xc3\",\xe6\xb5\x99\r\n";
        let mut s = Splitter::new(b',');
        s.feed(bad, true, &mut |rec, fields, _| {
            let lazy = CellCache::default().cells(rec, fields, false, &[]).to_strings();
            let mut cache = CellCache::default();
            let c = cache.cells(rec, fields, false, &[0, 1, 2, 3]);
            assert_eq!(c.to_strings(), lazy);
            assert_eq!(lazy, vec!["ok", "\u{fffd}\u{fffd}", "x\u{fffd}", "浙"]);
            assert!(c.replaced());
        });
    }
}

//! The cells of one record, decoded lazily: a text file's record stays raw bytes and a cell is
//! decoded (GBK → UTF-8, or checked as UTF-8) only when a sink reads it. ASCII cells borrow the
//! raw bytes; only non-ASCII GBK cells and quoted cells with `""` allocate.

use super::split::{unquote, Field};
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

/// One record's cells.
pub struct Cells<'a> {
    src: Src<'a>,
    /// Per cell, once read: None when the raw bytes are the text (ASCII or valid UTF-8, not
    /// quoted), else the decoded text. Owned by the caller and reused across records.
    cache: &'a [OnceCell<Option<String>>],
    replaced: Cell<bool>,
}

/// A cache for [`Cells::raw`], reused from record to record so reading a record allocates
/// nothing unless a cell needs decoding.
#[derive(Default)]
pub struct CellCache(Vec<OnceCell<Option<String>>>);

impl CellCache {
    /// Empties the cache for a record of `n` cells.
    pub fn reset(&mut self, n: usize) -> &[OnceCell<Option<String>>] {
        if self.0.len() < n {
            self.0.resize_with(n, OnceCell::new);
        }
        for c in self.0.iter_mut().take(n) {
            c.take();
        }
        self.0.get(..n).unwrap_or(&[])
    }
}

enum Src<'a> {
    Raw { rec: &'a [u8], fields: &'a [Field], gbk: bool },
    Text(&'a [&'a str]),
}

impl<'a> Cells<'a> {
    /// Cells of a raw record of a text file (`gbk`: the bytes are GBK, else UTF-8).
    pub fn raw(rec: &'a [u8], fields: &'a [Field], gbk: bool, cache: &'a [OnceCell<Option<String>>]) -> Cells<'a> {
        Cells { src: Src::Raw { rec, fields, gbk }, cache, replaced: Cell::new(false) }
    }

    /// Cells already decoded (workbooks, JSON, tests).
    pub fn text(cells: &'a [&'a str]) -> Cells<'a> {
        Cells { src: Src::Text(cells), cache: &[], replaced: Cell::new(false) }
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

    /// Cell `i` as text ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        match &self.src {
            Src::Text(t) => t.get(i).copied().unwrap_or(""),
            Src::Raw { rec, fields, gbk } => {
                let Some(f) = fields.get(i) else { return "" };
                let Some(slot) = self.cache.get(i) else { return "" };
                let raw = rec.get(f.start as usize..f.end as usize).unwrap_or(&[]);
                let v = slot.get_or_init(|| {
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
                    Some(decode(bytes, *gbk, &self.replaced).into_owned())
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

fn decode<'a>(bytes: Cow<'a, [u8]>, gbk: bool, replaced: &Cell<bool>) -> Cow<'a, str> {
    if bytes.is_ascii() || !gbk {
        match bytes {
            Cow::Borrowed(b) => match std::str::from_utf8(b) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => {
                    replaced.set(true);
                    Cow::Owned(String::from_utf8_lossy(b).into_owned())
                }
            },
            Cow::Owned(v) => match String::from_utf8(v) {
                Ok(s) => Cow::Owned(s),
                Err(e) => {
                    replaced.set(true);
                    Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned())
                }
            },
        }
    } else {
        let (s, bad) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
        if bad {
            replaced.set(true);
        }
        Cow::Owned(s.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::split::Splitter;

    #[test]
    fn decodes_gbk_utf8_quoted_and_invalid_cells() {
        let gbk = encoding_rs::GBK.encode("=\"1\",交易成功,\"a\"\"b\"\r\n").0.into_owned();
        let mut s = Splitter::new(b',');
        let mut got = Vec::new();
        s.feed(&gbk, true, &mut |rec, fields, _| {
            let mut cache = CellCache::default();
            let c = Cells::raw(rec, fields, true, cache.reset(fields.len()));
            got = c.to_strings();
            assert!(!c.replaced());
        });
        assert_eq!(got, vec!["=\"1\"", "交易成功", "a\"b"]);
        let bad = b"ok,\xff\xfe\r\n";
        s = Splitter::new(b',');
        s.feed(bad, true, &mut |rec, fields, _| {
            let mut cache = CellCache::default();
            let c = Cells::raw(rec, fields, false, cache.reset(fields.len()));
            assert_eq!(c.get(1), "\u{fffd}\u{fffd}");
            assert!(c.replaced());
            assert_eq!(c.get(7), "");
        });
    }
}

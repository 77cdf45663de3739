//! A fast CSV splitter over ASCII-compatible bytes (UTF-8, GBK/GB18030, or text already decoded
//! to UTF-8). Every byte of a CSV's structure (`,` `"` CR LF, `\t` `;` `|`) is below 0x40 and
//! never appears inside a multi-byte UTF-8 or GBK character, so rows and fields are found on
//! the raw bytes, and only the cells the report needs are decoded.
//!
//! It follows `csv-core`'s reading of a file, which stays the oracle in the tests: a field that
//! starts with `"` is quoted (`""` inside is one quote, the text after the closing quote up to
//! the delimiter is kept), a quote elsewhere is a plain character, CR, LF and CRLF end a record,
//! and empty lines are not records.

/// One field of a record: a byte range of the record's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Field {
    /// Start offset.
    pub start: u32,
    /// End offset (exclusive).
    pub end: u32,
    /// Whether the field started with a quote (its bytes then need [`unquote`]).
    pub quoted: bool,
}

/// Marks the bytes that end an unquoted field.
fn table(delim: u8) -> [bool; 256] {
    let mut t = [false; 256];
    for b in [delim, b'\r', b'\n'] {
        if let Some(x) = t.get_mut(usize::from(b)) {
            *x = true;
        }
    }
    t
}

/// What receives each record: its bytes, its fields, and whether a line end followed it.
pub type OnRecord<'a> = dyn FnMut(&[u8], &[Field], bool) + 'a;

/// Splits a stream of chunks into records.
pub struct Splitter {
    delim: u8,
    stop: [bool; 256],
    pending: Vec<u8>,
    fields: Vec<Field>,
    /// A CR ended the previous chunk: a LF starting the next one belongs to it.
    skip_lf: bool,
    /// Tests: scan with the SWAR blocks instead of this build's native ones.
    #[cfg(test)]
    swar: bool,
}

/// How a record scan ended.
enum Scan {
    /// The record's content ends at `end`; the next record starts at `next`.
    Done { end: usize, next: usize },
    /// The buffer ended inside the record.
    More,
}

impl Splitter {
    /// A splitter for one delimiter.
    pub fn new(delim: u8) -> Splitter {
        Splitter {
            delim,
            stop: table(delim),
            pending: Vec::new(),
            fields: Vec::with_capacity(64),
            skip_lf: false,
            #[cfg(test)]
            swar: false,
        }
    }

    /// Whether the bytes fed so far ended at the end of a record (nothing is pending).
    pub fn at_record_start(&self) -> bool {
        self.pending.is_empty() && !self.skip_lf
    }

    /// The delimiter.
    pub fn delim(&self) -> u8 {
        self.delim
    }

    /// Feeds bytes; calls `f(record, fields, terminated)` for each record. With `last`, a final
    /// record without a line end is emitted with `terminated = false`.
    pub fn feed(&mut self, chunk: &[u8], last: bool, f: &mut OnRecord<'_>) {
        let mut chunk = chunk;
        if self.skip_lf {
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
                self.skip_lf = false;
            } else if !chunk.is_empty() {
                self.skip_lf = false;
            }
        }
        if self.pending.is_empty() {
            let used = self.run(chunk, last, f);
            if let Some(rest) = chunk.get(used..) {
                self.pending.extend_from_slice(rest);
            }
        } else {
            // A record was cut by the previous chunk's end. Complete it with the lines of this
            // chunk it needs (usually one), then split the rest of the chunk in place: copying
            // every chunk behind the pending bytes cost a memcpy of the whole file.
            let mut buf = std::mem::take(&mut self.pending);
            let mut taken = 0usize;
            let mut tries = 0;
            loop {
                let rest = chunk.get(taken..).unwrap_or(&[]);
                let line = match rest.iter().position(|b| *b == b'\n') {
                    // a long record (a quoted field with many line ends) takes the whole chunk
                    Some(k) if tries < 8 => k + 1,
                    _ => rest.len(),
                };
                buf.extend_from_slice(rest.get(..line).unwrap_or(&[]));
                taken += line;
                tries += 1;
                let done = taken >= chunk.len();
                let used = self.run(&buf, last && done, f);
                buf.drain(..used.min(buf.len()));
                if buf.is_empty() || done {
                    break;
                }
            }
            if buf.is_empty() && taken < chunk.len() {
                let rest = chunk.get(taken..).unwrap_or(&[]);
                let used = self.run(rest, last, f);
                if let Some(r) = rest.get(used..) {
                    buf.extend_from_slice(r);
                }
            }
            self.pending = buf;
        }
        if last {
            self.pending.clear();
        }
    }

    /// Scans whole records of `buf`; returns how many bytes were consumed.
    fn run(&mut self, buf: &[u8], last: bool, f: &mut OnRecord<'_>) -> usize {
        let mut pos = 0usize;
        let n = buf.len();
        while pos < n {
            // skip empty lines
            match buf.get(pos) {
                Some(b'\n') | Some(b'\r') => {
                    pos += 1;
                    continue;
                }
                _ => {}
            }
            match self.scan(buf, pos) {
                Scan::Done { end, next } => {
                    // a CR at the very end of the buffer may have its LF in the next chunk
                    if next == n && next == end + 1 && buf.get(end) == Some(&b'\r') {
                        self.skip_lf = true;
                    }
                    f(buf.get(pos..end).unwrap_or(&[]), &self.fields, true);
                    pos = next;
                }
                Scan::More => {
                    if last {
                        f(buf.get(pos..).unwrap_or(&[]), &self.fields, false);
                        return n;
                    }
                    return pos;
                }
            }
        }
        n
    }

    /// Scans one record starting at `start`, filling `self.fields` with offsets relative to
    /// `start`. Unquoted fields are found eight bytes at a time: each word's delimiter and line
    /// end bytes become a bit mask whose set bits end one field each, so a word is read once
    /// however many fields it holds.
    fn scan(&mut self, buf: &[u8], start: usize) -> Scan {
        #[cfg(test)]
        if self.swar {
            return self.scan_with::<stops::swar::Swar>(buf, start);
        }
        self.scan_with::<stops::Native>(buf, start)
    }

    fn scan_with<S: stops::Mask>(&mut self, buf: &[u8], start: usize) -> Scan {
        self.fields.clear();
        let n = buf.len();
        let stops = S::new(self.delim);
        let mut fs = start;
        'field: loop {
            if buf.get(fs) == Some(&b'"') {
                let Some(end) = quoted_end(buf, fs + 1, self.delim) else {
                    // the buffer ended inside the quotes (or right after the closing one)
                    self.fields.push(Field { start: off(fs, start), end: off(n, start), quoted: true });
                    return Scan::More;
                };
                match self.stop_at(buf, start, fs, end, true) {
                    Step::Ret(r) => return r,
                    Step::Next(f) => fs = f,
                }
                continue 'field;
            }
            let mut w = fs;
            while let Some(block) = buf.get(w..w + S::LEN) {
                let mut m = stops.mask(block);
                while m != 0 {
                    let p = w + (m.trailing_zeros() / S::BITS) as usize;
                    m &= m - 1;
                    match self.stop_at(buf, start, fs, p, false) {
                        Step::Ret(r) => return r,
                        Step::Next(f) => fs = f,
                    }
                    if buf.get(fs) == Some(&b'"') {
                        continue 'field;
                    }
                }
                w += S::LEN;
            }
            // fewer than a block of bytes left
            let mut i = w;
            while i < n {
                if self.stop.get(usize::from(buf.get(i).copied().unwrap_or(0))).copied().unwrap_or(false) {
                    match self.stop_at(buf, start, fs, i, false) {
                        Step::Ret(r) => return r,
                        Step::Next(f) => fs = f,
                    }
                    if buf.get(fs) == Some(&b'"') {
                        continue 'field;
                    }
                }
                i += 1;
            }
            self.fields.push(Field { start: off(fs, start), end: off(n, start), quoted: false });
            return Scan::More;
        }
    }

    /// Ends the field `fs..p` at the stop byte at `p` (or the buffer's end): the next field's
    /// start, or how the record ended.
    #[inline(always)]
    fn stop_at(&mut self, buf: &[u8], start: usize, fs: usize, p: usize, quoted: bool) -> Step {
        self.fields.push(Field { start: off(fs, start), end: off(p, start), quoted });
        match buf.get(p) {
            None => Step::Ret(Scan::More),
            Some(&b) if b == self.delim => {
                let f = p + 1;
                if f >= buf.len() {
                    // the file may end here: the record then has a last, empty field
                    self.fields.push(Field { start: off(f, start), end: off(f, start), quoted: false });
                    return Step::Ret(Scan::More);
                }
                Step::Next(f)
            }
            Some(b'\r') => {
                let next = if buf.get(p + 1) == Some(&b'\n') { p + 2 } else { p + 1 };
                Step::Ret(Scan::Done { end: p, next })
            }
            Some(_) => Step::Ret(Scan::Done { end: p, next: p + 1 }),
        }
    }
}

/// What follows the end of a field.
enum Step {
    /// The next field starts here.
    Next(usize),
    /// The record (or the buffer) ended.
    Ret(Scan),
}

/// For a quoted field whose content starts at `i`: where the field ends (its closing quote, then
/// plain bytes up to the delimiter or a line end), or None when the buffer ends first, also right
/// after a closing quote that a quote in the next chunk could turn into `""`.
fn quoted_end(buf: &[u8], mut i: usize, delim: u8) -> Option<usize> {
    let n = buf.len();
    loop {
        let k = buf.get(i..).and_then(|s| s.iter().position(|b| *b == b'"'))?;
        i += k + 1;
        if buf.get(i) == Some(&b'"') {
            i += 1;
            continue;
        }
        if i >= n {
            return None;
        }
        break;
    }
    while let Some(&b) = buf.get(i) {
        if b == delim || b == b'\r' || b == b'\n' {
            break;
        }
        i += 1;
    }
    Some(i)
}

/// The masks of a block's stop bytes (the delimiter, CR, LF): sixteen bytes at a time with SSE2
/// (x86_64) or wasm SIMD (`simd128`), else eight in a `u64` (SWAR, which the tests also run on
/// x86_64 against the native path).
mod stops {
    /// Finds a block's stop bytes.
    pub trait Mask {
        /// Bytes per block.
        const LEN: usize;
        /// Mask bits per byte: a stop byte's offset is `trailing_zeros / BITS`.
        const BITS: u32;
        /// The stop bytes of this delimiter.
        fn new(delim: u8) -> Self;
        /// The stop bytes of `block` (LEN bytes) as mask bits.
        fn mask(&self, block: &[u8]) -> u64;
    }

    /// Eight bytes in a `u64`: the block path of targets with neither SSE2 nor wasm SIMD, and
    /// the tests' second opinion on the native one (unused in other builds).
    pub mod swar {
        #![cfg_attr(
            all(not(test), any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))),
            allow(dead_code)
        )]
        use super::Mask;

        const ONES: u64 = 0x0101_0101_0101_0101;
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

        /// 0x80 in every byte of `v` that is zero, 0 elsewhere (exact: no borrow crosses bytes).
        #[inline(always)]
        pub fn zero_bytes(v: u64) -> u64 {
            !((v & LOW7).wrapping_add(LOW7) | v | LOW7)
        }

        /// The stop bytes, broadcast to eight lanes.
        pub struct Swar(u64, u64, u64);

        impl Mask for Swar {
            const LEN: usize = 8;
            const BITS: u32 = 8;

            fn new(delim: u8) -> Swar {
                Swar(ONES * u64::from(delim), ONES * u64::from(b'\r'), ONES * u64::from(b'\n'))
            }

            /// 0x80 in each byte of `block` that is a stop byte.
            #[inline(always)]
            fn mask(&self, block: &[u8]) -> u64 {
                let x = u64::from_le_bytes(<[u8; 8]>::try_from(block).unwrap_or([0; 8]));
                zero_bytes(x ^ self.0) | zero_bytes(x ^ self.1) | zero_bytes(x ^ self.2)
            }
        }
    }

    /// Sixteen bytes in an SSE2 register (every x86_64 has SSE2; the intrinsics need `unsafe`
    /// only because Rust cannot see that from a trait method).
    #[cfg(target_arch = "x86_64")]
    pub struct Sse2(core::arch::x86_64::__m128i, core::arch::x86_64::__m128i, core::arch::x86_64::__m128i);

    #[cfg(target_arch = "x86_64")]
    impl Mask for Sse2 {
        const LEN: usize = 16;
        const BITS: u32 = 1;

        fn new(delim: u8) -> Sse2 {
            use core::arch::x86_64::_mm_set1_epi8;
            // SAFETY: SSE2 is part of every x86_64 target; the intrinsics touch registers only.
            unsafe { Sse2(_mm_set1_epi8(delim as i8), _mm_set1_epi8(b'\r' as i8), _mm_set1_epi8(b'\n' as i8)) }
        }

        /// Bit i set when byte i of `block` is a stop byte.
        #[inline(always)]
        fn mask(&self, block: &[u8]) -> u64 {
            use core::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x};
            let word = |i: usize| {
                let b = block.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).unwrap_or([0; 8]);
                i64::from_le_bytes(b)
            };
            // (the two halves of an unaligned load; LLVM makes them one)
            // SAFETY: SSE2 is part of every x86_64 target; the intrinsics touch registers only.
            let bits = unsafe {
                let v = _mm_set_epi64x(word(8), word(0));
                let hit = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, self.0), _mm_cmpeq_epi8(v, self.1)),
                    _mm_cmpeq_epi8(v, self.2),
                );
                _mm_movemask_epi8(hit)
            };
            u64::from(bits as u32 & 0xFFFF)
        }
    }

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    use core::arch::wasm32::{u8x16, u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_or};

    /// Sixteen bytes in a wasm SIMD vector.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    pub struct Simd128(v128, v128, v128);

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    impl Mask for Simd128 {
        const LEN: usize = 16;
        const BITS: u32 = 1;

        fn new(delim: u8) -> Simd128 {
            Simd128(u8x16_splat(delim), u8x16_splat(b'\r'), u8x16_splat(b'\n'))
        }

        /// Bit i set when byte i of `block` is a stop byte.
        #[inline(always)]
        fn mask(&self, block: &[u8]) -> u64 {
            let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = <[u8; 16]>::try_from(block).unwrap_or([0; 16]);
            let v = u8x16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p);
            let hit = v128_or(v128_or(u8x16_eq(v, self.0), u8x16_eq(v, self.1)), u8x16_eq(v, self.2));
            u64::from(u8x16_bitmask(hit))
        }
    }

    /// This build's block path.
    #[cfg(target_arch = "x86_64")]
    pub type Native = Sse2;
    /// This build's block path.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    pub type Native = Simd128;
    /// This build's block path.
    #[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
    pub type Native = swar::Swar;
}

fn off(i: usize, start: usize) -> u32 {
    u32::try_from(i.saturating_sub(start)).unwrap_or(u32::MAX)
}

/// The content of a quoted field: the opening quote removed, `""` as `"`, the closing quote
/// removed, anything after it kept.
pub fn unquote(raw: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut i = 1usize;
    let mut open = true;
    while let Some(&b) = raw.get(i) {
        if open && b == b'"' {
            if raw.get(i + 1) == Some(&b'"') {
                out.push(b'"');
                i += 2;
                continue;
            }
            open = false;
            i += 1;
            continue;
        }
        out.push(b);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::csv_oracle::Records;
    use proptest::prelude::*;

    /// The splitter's records, by the native block path, checked equal to the SWAR path's.
    fn fast(text: &[u8], chunk: usize) -> Vec<(Vec<Vec<u8>>, bool)> {
        let native = fast_with(text, chunk, false);
        assert_eq!(native, fast_with(text, chunk, true), "SWAR and native blocks disagree on {text:?}");
        native
    }

    fn fast_with(text: &[u8], chunk: usize, swar: bool) -> Vec<(Vec<Vec<u8>>, bool)> {
        let mut s = Splitter::new(b',');
        s.swar = swar;
        let mut out = Vec::new();
        let mut f = |rec: &[u8], fields: &[Field], t: bool| {
            let mut cells = Vec::new();
            for fl in fields {
                let raw = rec.get(fl.start as usize..fl.end as usize).unwrap_or(&[]);
                if fl.quoted {
                    let mut v = Vec::new();
                    unquote(raw, &mut v);
                    cells.push(v);
                } else {
                    cells.push(raw.to_vec());
                }
            }
            out.push((cells, t));
        };
        let chunks: Vec<&[u8]> = text.chunks(chunk.max(1)).collect();
        for c in &chunks {
            s.feed(c, false, &mut f);
        }
        s.feed(&[], true, &mut f);
        out
    }

    /// The oracle: csv-core through our `Records` driver.
    fn oracle(text: &[u8]) -> Vec<(Vec<Vec<u8>>, bool)> {
        let mut r = Records::new(b',');
        let mut out = Vec::new();
        let mut f = |fields: &[&str], t: bool| out.push((fields.iter().map(|s| s.as_bytes().to_vec()).collect(), t));
        let s = String::from_utf8_lossy(text).into_owned();
        r.feed(s.as_bytes(), false, &mut f);
        r.feed(&[], true, &mut f);
        out
    }

    #[test]
    fn zero_bytes_marks_exactly_the_zero_bytes() {
        for pos in 0..8 {
            for fill in [0x01u8, 0x7f, 0x80, 0xff, 0x2c] {
                for z in 0..8 {
                    let mut w = [fill; 8];
                    w[pos] = 0;
                    if z != pos {
                        w[z] = 0;
                    }
                    let m = stops::swar::zero_bytes(u64::from_le_bytes(w));
                    let want =
                        w.iter().enumerate().fold(0u64, |m, (i, b)| if *b == 0 { m | 0x80 << (8 * i) } else { m });
                    assert_eq!(m, want, "{w:?}");
                }
            }
        }
    }

    #[test]
    fn fields_of_every_length_around_a_word() {
        // every field length from 0 to 20 next to every other, quoted or not
        for a in 0..20 {
            for b in 0..20 {
                let x = "x".repeat(a);
                let y = "店".repeat(b / 3) + &"y".repeat(b % 3);
                let text = format!("{x},{y}\r\n\"{y}\",{x}\n{x}\r{y},\"\"");
                for chunk in [7, 4096] {
                    assert_eq!(fast(text.as_bytes(), chunk), oracle(text.as_bytes()), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn splits_like_csv_core() {
        let cases: &[&str] = &[
            "a,b,c\r\n1,2,3\r\n",
            "a,b\n\n\n1,2",
            "=\"123\",\"x, y\",要\"大号\"的\r\n",
            "\"multi\nline\",2\r\n3,4",
            "\"a\"\"b\",c\r\n",
            "\"ab\"cd,e\n",
            ",,\r\n,\r\n",
            "a\rb\rc",
            "x,\"unterminated\n\nstill",
            "\"\"",
            "a,",
            // a record that ends with CRLF exactly at a chunk's end, then an open quote
            "\n\"a,\"\"\n,\"a\r\n\n\"\r\n",
        ];
        for c in cases {
            for chunk in [1, 2, 3, 5, 1000] {
                assert_eq!(fast(c.as_bytes(), chunk), oracle(c.as_bytes()), "{c:?} chunk {chunk}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn agrees_with_csv_core_on_any_text(
            cells in proptest::collection::vec(proptest::collection::vec("[a-c\"，,\r\n 浙]{0,6}", 1..5), 1..8),
            chunk in 1usize..17,
            quote in proptest::collection::vec(any::<bool>(), 0..40),
        ) {
            let mut text = String::new();
            let mut q = quote.into_iter().cycle();
            for row in &cells {
                let line: Vec<String> = row.iter().map(|c| {
                    if q.next().unwrap_or(false) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.replace(['\r', '\n', ','], "") }
                }).collect();
                text.push_str(&line.join(","));
                text.push_str("\r\n");
            }
            prop_assert_eq!(fast(text.as_bytes(), chunk), oracle(text.as_bytes()));
        }

        #[test]
        fn agrees_with_csv_core_on_long_fields(
            rows in proptest::collection::vec(proptest::collection::vec("[a-z0-9 ,\"\r\n店]{0,30}", 1..6), 1..6),
            chunk in prop_oneof![Just(4096usize), 1usize..40],
        ) {
            // fields longer than a word, so the eight-bytes-at-a-time path and its tail both run
            let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
            prop_assert_eq!(fast(text.as_bytes(), chunk), oracle(text.as_bytes()));
        }

        #[test]
        fn agrees_with_csv_core_on_arbitrary_ascii(s in "[a\",\r\n]{0,40}", chunk in 1usize..9) {
            prop_assert_eq!(fast(s.as_bytes(), chunk), oracle(s.as_bytes()));
        }
    }
}

//! Which encoding a text export is in, and streaming decoding to UTF-8.
//!
//! Detection order: a byte-order mark (UTF-8, UTF-16LE, UTF-16BE); then UTF-16 without a BOM
//! (NUL bytes in every other position); then "valid UTF-8" over the sniffed prefix; otherwise GBK
//! (which in `encoding_rs` decodes the whole of GB18030). The user can override with any WHATWG
//! label (`gbk`, `gb18030`, `utf-8`, `utf-16le`, `big5`, `shift_jis`, `windows-1252`, …).

use encoding_rs::{Decoder, Encoding, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// The result of sniffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Whether the bytes start with a byte-order mark.
    pub bom: bool,
}

/// Looks at the first bytes of a file. `complete` says whether `head` is the whole file (so a
/// multi-byte sequence cut at the end of `head` is an error, not a chunk boundary).
pub fn detect(head: &[u8], complete: bool) -> Detected {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return Detected { encoding: enc, bom: true };
    }
    if let Some(enc) = utf16_without_bom(head) {
        return Detected { encoding: enc, bom: false };
    }
    let _ = complete;
    let (multi, invalid) = utf8_stats(head);
    // A few stray bytes in an otherwise UTF-8 export keep it UTF-8 (they are replaced and
    // reported); GBK text read as UTF-8 is mostly invalid.
    let utf8 = invalid == 0 || multi >= 8 * invalid;
    Detected { encoding: if utf8 { UTF_8 } else { GBK }, bom: false }
}

/// Valid multi-byte UTF-8 characters and invalid sequences in `b`; an incomplete character at
/// the very end (a chunk boundary, or a file cut inside its last character) counts as neither.
fn utf8_stats(b: &[u8]) -> (usize, usize) {
    let (mut multi, mut invalid) = (0usize, 0usize);
    let mut rest = b;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multi += s.bytes().filter(|x| *x >= 0xC0).count();
                return (multi, invalid);
            }
            Err(e) => {
                let good = rest.get(..e.valid_up_to()).unwrap_or(&[]);
                multi += good.iter().filter(|x| **x >= 0xC0).count();
                match e.error_len() {
                    None => return (multi, invalid),
                    Some(n) => {
                        invalid += 1;
                        rest = rest.get(e.valid_up_to() + n..).unwrap_or(&[]);
                    }
                }
            }
        }
    }
}

fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let n = head.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in head.iter().take(n).enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = n / 2;
    // ASCII-heavy UTF-16 text has a NUL in nearly every high byte; CJK text has few. Require a
    // clear majority of one side and almost none on the other.
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// An encoding from a user's label (WHATWG names and aliases, case-insensitive).
pub fn from_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim();
    let l = match l.to_ascii_lowercase().as_str() {
        "utf-16" | "utf16" | "unicode" => "utf-16le",
        "utf8" | "utf-8-bom" | "utf8-bom" | "utf-8-sig" => "utf-8",
        "ansi" | "cp936" | "gb2312" => "gbk",
        _ => l,
    };
    Encoding::for_label(l.as_bytes())
}

/// The name the report shows.
pub fn display_name(enc: &'static Encoding) -> &'static str {
    enc.name()
}

/// A streaming decoder that turns chunks of bytes into UTF-8 text, carrying split characters
/// from one chunk to the next.
pub struct TextDecoder {
    decoder: Decoder,
    /// Whether any malformed byte sequence was replaced by U+FFFD.
    pub had_replacements: bool,
}

impl TextDecoder {
    /// A decoder that also strips a leading BOM of its own encoding.
    pub fn new(enc: &'static Encoding) -> TextDecoder {
        TextDecoder { decoder: enc.new_decoder_with_bom_removal(), had_replacements: false }
    }

    /// Appends the decoded text of `chunk` to `out`. `last` flushes a pending partial character
    /// (then replaced by U+FFFD, as the file really ends inside it).
    pub fn decode(&mut self, chunk: &[u8], out: &mut String, last: bool) {
        let need = self
            .decoder
            .max_utf8_buffer_length(chunk.len())
            .unwrap_or(chunk.len().saturating_mul(3).saturating_add(16));
        out.reserve(need);
        let mut rest = chunk;
        loop {
            let (result, read, replaced) = self.decoder.decode_to_string(rest, out, last);
            self.had_replacements |= replaced;
            rest = rest.get(read..).unwrap_or(&[]);
            match result {
                encoding_rs::CoderResult::InputEmpty => break,
                encoding_rs::CoderResult::OutputFull => out.reserve(rest.len().saturating_mul(3) + 16),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_boms_utf16_utf8_and_gbk() {
        let gbk = GBK.encode("订单编号,买家会员名\r\n").0.into_owned();
        let u16le: Vec<u8> = "订单编号\tabc\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let ascii16: Vec<u8> = "Name,Email\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let cases: Vec<(Vec<u8>, &str, bool)> = vec![
            (b"\xEF\xBB\xBFa,b".to_vec(), "UTF-8", true),
            ([&[0xFF, 0xFE][..], &u16le].concat(), "UTF-16LE", true),
            (ascii16, "UTF-16LE", false),
            ("订单编号,买家".as_bytes().to_vec(), "UTF-8", false),
            (gbk, "GBK", false),
            (b"plain,ascii\r\n".to_vec(), "UTF-8", false),
        ];
        for (bytes, name, bom) in cases {
            let d = detect(&bytes, true);
            assert_eq!((d.encoding.name(), d.bom), (name, bom), "{bytes:?}");
        }
    }

    #[test]
    fn a_utf8_character_cut_at_the_sniff_boundary_is_still_utf8() {
        let s = "买家会员名".as_bytes();
        let cut = &s[..4];
        assert_eq!(detect(cut, false).encoding, UTF_8);
        // a file cut inside its last character is still UTF-8
        assert_eq!(detect(cut, true).encoding, UTF_8);
        // one stray byte among many Chinese characters: UTF-8; GBK text: GBK
        let mut stray = "订单编号,买家会员名,买家实际支付金额,订单状态\r\n".as_bytes().to_vec();
        stray.push(0xFF);
        stray.extend_from_slice("收货地址,浙江省".as_bytes());
        assert_eq!(detect(&stray, true).encoding, UTF_8);
        let gbk = GBK.encode("订单编号,买家会员名,买家实际支付金额,订单状态,收货地址,浙江省").0.into_owned();
        assert_eq!(detect(&gbk, true).encoding, GBK);
    }

    #[test]
    fn decoding_in_one_byte_chunks_equals_decoding_at_once() {
        let text = "订单编号,收货地址\r\n1,浙江省 杭州市\r\n";
        for enc in [GBK, UTF_8, UTF_16LE, UTF_16BE] {
            let bytes = enc.encode(text).0.into_owned();
            let bytes = if enc == UTF_16LE || enc == UTF_16BE {
                text.encode_utf16()
                    .flat_map(|u| if enc == UTF_16LE { u.to_le_bytes() } else { u.to_be_bytes() })
                    .collect()
            } else {
                bytes
            };
            let mut d = TextDecoder::new(enc);
            let mut out = String::new();
            for b in bytes.chunks(1) {
                d.decode(b, &mut out, false);
            }
            d.decode(&[], &mut out, true);
            assert_eq!(out, text, "{}", enc.name());
            assert!(!d.had_replacements);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(from_label("GB2312"), Some(GBK));
        assert_eq!(from_label("utf-16"), Some(UTF_16LE));
        assert_eq!(from_label("ANSI"), Some(GBK));
        assert_eq!(from_label("klingon"), None);
    }
}

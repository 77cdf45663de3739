//! Cleaning cells as exported (whitespace, Excel text wrappers), "no value" cells, and the
//! case-insensitive ASCII helpers the other parsers share.

/// ASCII whitespace as trimmed from cells (space, `\t`, `\n`, `\r`, form feed, vertical tab).
fn is_ascii_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Trims ASCII whitespace, U+3000, U+00A0 and U+FEFF from both ends, byte-wise. The multi-byte
/// sequences start with a lead byte, so a match at either end is always that whole character.
pub(super) fn trim_ws(s: &str) -> &str {
    let b = s.as_bytes();
    // Fast path: neither end can be part of a trimmed character.
    if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
        let may_start = first <= b' ' || matches!(first, 0x7f | 0xC2 | 0xE3 | 0xEF);
        let may_end = last <= b' ' || matches!(last, 0x7f | 0x80 | 0xA0 | 0xBF);
        if !may_start && !may_end {
            return s;
        }
    }
    let mut start = 0usize;
    let mut end = b.len();
    loop {
        let step = match b.get(start..end) {
            Some([c, ..]) if is_ascii_ws(*c) => 1,
            Some([0xE3, 0x80, 0x80, ..]) | Some([0xEF, 0xBB, 0xBF, ..]) => 3,
            Some([0xC2, 0xA0, ..]) => 2,
            _ => break,
        };
        start = start.saturating_add(step);
    }
    loop {
        let step = match b.get(start..end) {
            Some([.., c]) if is_ascii_ws(*c) => 1,
            Some([.., 0xE3, 0x80, 0x80]) | Some([.., 0xEF, 0xBB, 0xBF]) => 3,
            Some([.., 0xC2, 0xA0]) => 2,
            _ => break,
        };
        end = end.saturating_sub(step);
    }
    s.get(start..end).unwrap_or("")
}

/// Trims ASCII whitespace, tabs, U+3000 (full-width space), U+00A0 and a UTF-8 BOM U+FEFF, then
/// removes Excel text wrappers: `="…"` → `…` (the Taobao way to keep 19-digit ids), a single
/// leading apostrophe `'` (Shopify/Taobao phones and zips, `'310012`), and a leading tab
/// (Pinduoduo masks with `\t`). Trims again after unwrapping.
///
/// Only one wrapper is removed (`="'1"` gives `'1`). Returns a slice of the input.
pub fn clean(s: &str) -> &str {
    // Fast path: nothing to trim or unwrap.
    if let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last()) {
        if first.is_ascii_graphic() && first != b'=' && first != b'\'' && last.is_ascii_graphic() {
            return s;
        }
    }
    let t = trim_ws(s);
    let inner = if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        inner
    } else if let Some(rest) = t.strip_prefix('\'') {
        rest
    } else {
        return t;
    };
    trim_ws(inner)
}

/// True when a cell means "no value". Runs [`clean`] first, then accepts: `""`, any run of
/// dashes (`-`, `--`, `—`, `–`, `——`, mixed), `/`, `\`, `无`, `暂无`, `空`, the zero dates
/// `0000-00-00` and `0000-00-00 00:00:00`, and, ignoring ASCII case, `null`, `none`, `nil`,
/// `n/a`, `#n/a`. `NaN` is *not* missing (it is a bad value).
pub fn is_missing(s: &str) -> bool {
    let t = clean(s);
    if t.is_empty() {
        return true;
    }
    if t.chars().all(|c| matches!(c, '-' | '—' | '–' | '－')) {
        return true;
    }
    match t {
        "/" | "\\" | "无" | "暂无" | "空" | "0000-00-00" | "0000-00-00 00:00:00" => true,
        _ => t.len() <= 4 && ["null", "none", "nil", "n/a", "#n/a"].iter().any(|w| t.eq_ignore_ascii_case(w)),
    }
}

/// `s` without the ASCII-case-insensitive prefix `p`.
pub(super) fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.get(..p.len())?;
    if head.eq_ignore_ascii_case(p) {
        s.get(p.len()..)
    } else {
        None
    }
}

/// `s` without the ASCII-case-insensitive suffix `p`.
pub(super) fn strip_suffix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(p.len())?;
    let tail = s.get(cut..)?;
    if tail.eq_ignore_ascii_case(p) {
        s.get(..cut)
    } else {
        None
    }
}

/// Lower-cases an ASCII cell into `buf`, mapping `_` and `-` to a space and collapsing runs of
/// spaces. `None` when the text is not ASCII or does not fit.
pub(super) fn ascii_key<'b>(s: &str, buf: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let mut n = 0usize;
    let mut prev_space = false;
    for &c in s.as_bytes() {
        if !c.is_ascii() {
            return None;
        }
        let c = match c {
            b'_' | b'-' | b' ' | b'\t' => b' ',
            _ => c.to_ascii_lowercase(),
        };
        if c == b' ' && prev_space {
            continue;
        }
        prev_space = c == b' ';
        *buf.get_mut(n)? = c;
        n = n.saturating_add(1);
    }
    buf.get(..n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_table() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("abc", "abc"),
            ("  abc\t", "abc"),
            ("\u{feff}订单编号", "订单编号"),
            ("\u{3000}浙江省\u{3000}", "浙江省"),
            ("\u{a0}12.00\u{a0}", "12.00"),
            ("\r\n x \r\n", "x"),
            ("=\"3631582800001999147\"", "3631582800001999147"),
            (" =\" 123 \" ", "123"),
            ("=\"\"", ""),
            ("=\"", "=\""),
            ("=abc", "=abc"),
            ("'310012", "310012"),
            ("'177****8176", "177****8176"),
            ("''5", "'5"),
            ("'", ""),
            ("\t138****0000", "138****0000"),
            ("\t", ""),
            ("' \t 42 ", "42"),
            ("=\"'1\"", "'1"),
            ("Xi'an", "Xi'an"),
            ("a b", "a b"),
        ];
        for &(input, want) in cases {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn clean_borrows_from_input() {
        let s = String::from("  ='\"x");
        let c = clean(&s);
        let start = s.as_ptr() as usize;
        let p = c.as_ptr() as usize;
        assert!(p >= start && p + c.len() <= start + s.len());
    }

    #[test]
    fn is_missing_table() {
        let yes = [
            "",
            " ",
            "-",
            "--",
            "---",
            "—",
            "–",
            "——",
            "－",
            "null",
            "NULL",
            "Null",
            "None",
            "none",
            "N/A",
            "n/a",
            "#N/A",
            "nil",
            "无",
            "暂无",
            "空",
            "/",
            "\\",
            " \u{3000}- ",
            "'",
            "=\"\"",
            "0000-00-00",
            "0000-00-00 00:00:00",
        ];
        for s in yes {
            assert!(is_missing(s), "is_missing({s:?})");
        }
        let no = ["NaN", "0", "0.00", "a", "无效", "否", "-1", "x-", "nulls", "N", "NA ok", "未知"];
        for s in no {
            assert!(!is_missing(s), "!is_missing({s:?})");
        }
    }
}

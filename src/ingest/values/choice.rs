//! Cells that pick one of a few words: yes/no and gender.

use super::text::{ascii_key, clean};
use crate::model::Gender;

/// Yes/no cells: 是/否, Y/N, yes/no, true/false, T/F, 1/0, 接通/未接通, 已接通/未接通,
/// 接听/已接听/未接听, 成交/未成交, 已成交/未成交, 成功/失败, 对/错, √/×, ✓/✗,
/// connected/not connected, answered/no answer/unanswered. Case-insensitive for ASCII (`_` and
/// `-` count as spaces). 有/无 are not read (无 means missing). Runs [`clean`] first. `None`
/// otherwise.
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = clean(s);
    match t {
        "是" | "接通" | "已接通" | "接听" | "已接听" | "成交" | "已成交" | "成功" | "对" | "√" | "✓" | "✔" => {
            return Some(true)
        }
        "否" | "未接通" | "未接听" | "未成交" | "失败" | "未成功" | "错" | "×" | "✗" | "✘" => {
            return Some(false)
        }
        _ => {}
    }
    let mut buf = [0u8; 24];
    match ascii_key(t, &mut buf)? {
        b"y" | b"yes" | b"true" | b"t" | b"1" | b"connected" | b"answered" => Some(true),
        b"n" | b"no" | b"false" | b"f" | b"0" | b"not connected" | b"no answer" | b"unanswered" => Some(false),
        _ => None,
    }
}

/// 女, 女士, 女性, 女生, 小姐, F, female, woman, w → Female; 男, 男士, 男性, 男生, 先生, M,
/// male, man → Male; everything else (未知, 保密, blank) → Unknown. Case-insensitive ASCII.
/// Runs [`clean`] first.
pub fn parse_gender(s: &str) -> Gender {
    let t = clean(s);
    match t {
        "女" | "女士" | "女性" | "女生" | "小姐" => return Gender::Female,
        "男" | "男士" | "男性" | "男生" | "先生" => return Gender::Male,
        _ => {}
    }
    let mut buf = [0u8; 24];
    match ascii_key(t, &mut buf) {
        Some(b"f" | b"female" | b"woman" | b"w") => Gender::Female,
        Some(b"m" | b"male" | b"man") => Gender::Male,
        _ => Gender::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bool_table() {
        let cases: &[(&str, Option<bool>)] = &[
            ("是", Some(true)),
            ("否", Some(false)),
            ("Y", Some(true)),
            ("y", Some(true)),
            ("N", Some(false)),
            ("yes", Some(true)),
            ("YES", Some(true)),
            ("No", Some(false)),
            ("true", Some(true)),
            ("TRUE", Some(true)),
            ("False", Some(false)),
            ("FALSE", Some(false)),
            ("T", Some(true)),
            ("f", Some(false)),
            ("1", Some(true)),
            ("0", Some(false)),
            ("接通", Some(true)),
            ("已接通", Some(true)),
            ("未接通", Some(false)),
            ("已接听", Some(true)),
            ("未接听", Some(false)),
            ("成交", Some(true)),
            ("已成交", Some(true)),
            ("未成交", Some(false)),
            ("成功", Some(true)),
            ("失败", Some(false)),
            ("√", Some(true)),
            ("×", Some(false)),
            ("connected", Some(true)),
            ("Connected", Some(true)),
            ("not connected", Some(false)),
            ("Not  Connected", Some(false)),
            ("not_connected", Some(false)),
            ("answered", Some(true)),
            ("no answer", Some(false)),
            ("No-Answer", Some(false)),
            (" 是 ", Some(true)),
            ("有", None),
            ("无", None),
            ("", None),
            ("2", None),
            ("1.0", None),
            ("maybe", None),
            ("yess", None),
            ("是的吗", None),
            ("a very long text that does not fit", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_bool(input), want, "parse_bool({input:?})");
        }
    }

    #[test]
    fn gender_table() {
        use Gender::{Female as F, Male as M, Unknown as U};
        let cases: &[(&str, Gender)] = &[
            ("女", F),
            ("女士", F),
            ("女性", F),
            ("小姐", F),
            ("F", F),
            ("f", F),
            ("female", F),
            ("Female", F),
            ("FEMALE", F),
            ("woman", F),
            ("W", F),
            ("男", M),
            ("男士", M),
            ("男性", M),
            ("先生", M),
            ("M", M),
            ("m", M),
            ("male", M),
            ("Male", M),
            ("man", M),
            (" 男 ", M),
            ("未知", U),
            ("保密", U),
            ("", U),
            ("-", U),
            ("x", U),
            ("男女", U),
            ("females", U),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_gender(input), want, "parse_gender({input:?})");
        }
        assert_eq!(Gender::Female.key(), "女");
        assert_eq!(Gender::Male.key(), "男");
        assert_eq!(Gender::Unknown.key(), "未知");
    }
}

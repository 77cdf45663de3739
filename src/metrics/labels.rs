//! The operator's words for the engine's codes: lifecycle stages and the classic RFM segments in
//! Chinese and English, for exports in the UI language and for reading a Chinese name where a
//! code is expected (a tag `生命周期 = 沉睡`, a selector `{segment: "重要价值客户"}`). The page's
//! i18n table (`pkg-config/i18n/messages.js`) uses the same words; a test holds the two equal.

use crate::config::Lang;

/// Lifecycle stage codes with their Chinese and English names, in stage order.
pub const STAGE_NAMES: [(&str, &str, &str); 4] =
    [("new", "新客", "New"), ("active", "活跃", "Active"), ("sleeping", "沉睡", "Sleeping"), ("lost", "流失", "Lost")];

/// The default segments (and `Others`) with their Chinese names; the English name is the code.
pub const SEGMENT_NAMES: [(&str, &str); 12] = [
    ("Champions", "重要价值客户"),
    ("Loyal Customers", "忠诚客户"),
    ("Potential Loyalist", "潜力客户"),
    ("New Customers", "新客户"),
    ("Promising", "有望客户"),
    ("Need Attention", "需要关注"),
    ("About To Sleep", "即将沉睡"),
    ("At Risk", "流失风险"),
    ("Can't Lose Them", "不能失去"),
    ("Hibernating", "休眠客户"),
    ("Lost", "已流失"),
    ("Others", "其他"),
];

/// The stage code of a stage code or name in either language (`沉睡`, `Sleeping`, `sleeping`).
pub fn stage_code(s: &str) -> Option<&'static str> {
    let s = s.trim();
    STAGE_NAMES.iter().find(|(c, zh, en)| *c == s || *zh == s || en.eq_ignore_ascii_case(s)).map(|(c, _, _)| *c)
}

/// The segment code of a default segment's Chinese name; other text is returned as it is (a
/// segment of the user's own rules goes by its own name).
pub fn segment_code(s: &str) -> &str {
    let t = s.trim();
    SEGMENT_NAMES.iter().find(|(_, zh)| *zh == t).map_or(s, |(c, _)| c)
}

/// A stage code in `lang`.
pub fn stage_name(code: &str, lang: Lang) -> &str {
    match STAGE_NAMES.iter().find(|(c, _, _)| *c == code) {
        Some((_, zh, en)) => match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        },
        None => code,
    }
}

/// A segment name in `lang` (a name of the user's own rules stays as it is).
pub fn segment_name(code: &str, lang: Lang) -> &str {
    match (lang, SEGMENT_NAMES.iter().find(|(c, _)| *c == code)) {
        (Lang::ZhCn, Some((_, zh))) => zh,
        _ => code,
    }
}

/// Interest action codes with their Chinese and English names, deepest first.
pub const ACTION_NAMES: [(&str, &str, &str); 4] = [
    ("cart", "加购", "Add to cart"),
    ("favorite_item", "收藏宝贝", "Favorite item"),
    ("favorite_shop", "收藏店铺", "Follow shop"),
    ("other", "其他", "Other"),
];

/// An action code in `lang`.
pub fn action_name(code: &str, lang: Lang) -> &str {
    match ACTION_NAMES.iter().find(|(c, _, _)| *c == code) {
        Some((_, zh, en)) => match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        },
        None => code,
    }
}

/// The 未知 / `unknown` of every dimension, and the gender keys, in `lang`.
pub fn key_name(key: &str, lang: Lang) -> &str {
    match (lang, key) {
        (Lang::ZhCn, "unknown") => "未知",
        (Lang::En, "unknown" | "未知") => "Unknown",
        (Lang::En, "女") => "Female",
        (Lang::En, "男") => "Male",
        _ => key,
    }
}

/// A member level (0 ordinary, n = VIPn) in `lang`.
pub fn member_level_name(level: Option<u8>, lang: Lang) -> String {
    match (level, lang) {
        (None, _) => String::new(),
        (Some(0), Lang::ZhCn) => "普通会员".to_string(),
        (Some(0), Lang::En) => "Regular".to_string(),
        (Some(n), _) => format!("VIP{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_codes() {
        for (text, code) in [
            ("沉睡", Some("sleeping")),
            ("Sleeping", Some("sleeping")),
            (" 新客 ", Some("new")),
            ("lost", Some("lost")),
            ("睡", None),
        ] {
            assert_eq!(stage_code(text), code, "{text}");
        }
        assert_eq!(segment_code("重要价值客户"), "Champions");
        assert_eq!(segment_code("其他"), "Others");
        assert_eq!(segment_code("我的分群"), "我的分群");
        assert_eq!(stage_name("sleeping", Lang::ZhCn), "沉睡");
        assert_eq!(segment_name("At Risk", Lang::ZhCn), "流失风险");
        assert_eq!(segment_name("At Risk", Lang::En), "At Risk");
        assert_eq!(
            (key_name("unknown", Lang::ZhCn), key_name("女", Lang::En), key_name("未知", Lang::En)),
            ("未知", "Female", "Unknown")
        );
        assert_eq!(member_level_name(Some(0), Lang::ZhCn), "普通会员");
        assert_eq!(member_level_name(Some(3), Lang::En), "VIP3");
    }

    #[test]
    fn the_segment_list_is_the_rfm_table_plus_others() {
        let codes: Vec<&str> = super::super::rfm::SEGMENTS.iter().map(|(n, _)| *n).chain(["Others"]).collect();
        assert_eq!(codes, SEGMENT_NAMES.iter().map(|(c, _)| *c).collect::<Vec<_>>());
    }

    /// The page shows the same words: `"stage.sleeping": { "zh-CN": "沉睡", en: "Sleeping" }` and
    /// `"seg.Champions": { "zh-CN": "重要价值客户", … }` in the one i18n table.
    #[test]
    fn the_page_uses_the_same_words() {
        let js = include_str!("../../pkg-config/i18n/messages.js");
        for (code, zh, en) in STAGE_NAMES {
            let line = format!("\"stage.{code}\": {{ \"zh-CN\": \"{zh}\", en: \"{en}\" }}");
            assert!(js.contains(&line), "messages.js lacks {line}");
        }
        for (code, zh) in SEGMENT_NAMES {
            let line = format!("\"seg.{code}\": {{ \"zh-CN\": \"{zh}\", en: \"{code}\" }}");
            assert!(js.contains(&line), "messages.js lacks {line}");
        }
    }
}

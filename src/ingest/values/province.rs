//! Province names from cells and shipping addresses, in any common spelling, to the canonical
//! names of [`PROVINCES`].

use super::datetime::d2;
use super::text::{clean, trim_ws};
use crate::model::province::{ADMIN_CODES, ALIASES, PROVINCES};

/// Canonical name of entry `i` of [`PROVINCES`].
fn province_at(i: usize) -> Option<&'static str> {
    PROVINCES.get(i).copied()
}

/// Packs the first six bytes (two CJK characters) of a name into a number; 0 when shorter.
const fn key6(b: &[u8]) -> u64 {
    if b.len() < 6 {
        return 0;
    }
    let mut k = 0u64;
    let mut i = 0;
    while i < 6 {
        k = (k << 8) | b[i] as u64;
        i += 1;
    }
    k
}

/// Room in [`ZH_KEYS`].
const ZH_KEY_CAP: usize = 64;

/// Builds [`ZH_KEYS`]: the distinct first-two-character keys of every Chinese name.
const fn build_zh_keys() -> ([(u64, u8); ZH_KEY_CAP], usize) {
    let mut out = [(0u64, 0u8); ZH_KEY_CAP];
    let mut n = 0usize;
    let mut i = 0usize;
    while i < PROVINCES.len() {
        let zh = ALIASES[i].zh;
        // j == zh.len() stands for the canonical name
        let mut j = 0usize;
        while j <= zh.len() {
            let name = if j == zh.len() { PROVINCES[i] } else { zh[j] };
            let k = key6(name.as_bytes());
            let mut seen = false;
            let mut m = 0usize;
            while m < n {
                if out[m].0 == k {
                    seen = true;
                }
                m += 1;
            }
            if !seen && k != 0 && n < ZH_KEY_CAP {
                out[n] = (k, i as u8);
                n += 1;
            }
            j += 1;
        }
        i += 1;
    }
    (out, n)
}

/// First two characters of every Chinese province name → index in [`PROVINCES`]. No two
/// provinces share them (山西/陕西, 河北/河南, 内蒙古/内蒙 … are all told apart by two
/// characters), so one lookup picks the only candidate.
const ZH_KEYS: ([(u64, u8); ZH_KEY_CAP], usize) = build_zh_keys();

/// The only province whose Chinese names start like `t`.
fn zh_candidate(t: &str) -> Option<usize> {
    let k = t.as_bytes().get(..6).map_or(0, key6);
    if k == 0 {
        return None;
    }
    let (keys, n) = &ZH_KEYS;
    keys.get(..*n)?.iter().find(|(key, _)| *key == k).map(|&(_, i)| usize::from(i))
}

/// A Chinese province cell: exact names, one-character abbreviations, and names with a
/// different administrative suffix (广西省, 新疆自治区, 香港特区).
fn zh_province(t: &str) -> Option<usize> {
    let t = t.strip_prefix("中国").map_or(t, trim_ws);
    let Some(i) = zh_candidate(t) else {
        return ALIASES.iter().position(|a| a.abbr == t);
    };
    let (canon, alias) = (PROVINCES.get(i)?, ALIASES.get(i)?);
    if *canon == t || alias.zh.contains(&t) {
        return Some(i);
    }
    for suffix in ["特别行政区", "自治区", "特区", "省", "市"] {
        if let Some(base) = t.strip_suffix(suffix) {
            if alias.zh.contains(&base) {
                return Some(i);
            }
        }
    }
    None
}

/// Lower-cases the letters and digits of an ASCII cell into `buf`, dropping spaces and
/// `-_.',()`. `None` for other characters or when it does not fit.
fn latin_key<'b>(s: &str, buf: &'b mut [u8; 64]) -> Option<&'b [u8]> {
    let mut out = buf.iter_mut();
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() {
            *out.next()? = c.to_ascii_lowercase();
        } else if !matches!(c, b' ' | b'\t' | b'-' | b'_' | b'.' | b'\'' | b',' | b'(' | b')') {
            return None;
        }
    }
    let len = 64usize.checked_sub(out.len())?;
    buf.get(..len)
}

/// Index of a two-digit administrative code prefix (`33` → 浙江省).
fn admin_code(a: u8, b: u8) -> Option<usize> {
    let code = u8::try_from(d2(a, b)?).ok()?;
    ADMIN_CODES.iter().position(|&c| c == code)
}

/// Exact match of a normalised Latin key: 2-letter code, 6-digit admin code or a name.
fn latin_exact(k: &[u8]) -> Option<usize> {
    match k {
        [a, _] if a.is_ascii_alphabetic() => ALIASES.iter().position(|al| al.codes.iter().any(|c| c.as_bytes() == k)),
        &[a, b, b'0', b'0', b'0', b'0'] => admin_code(a, b),
        _ => ALIASES.iter().position(|al| al.latin.iter().any(|n| n.as_bytes() == k)),
    }
}

/// Suffixes dropped from Latin province names, longest first.
const LATIN_SUFFIXES: [&str; 12] = [
    "specialadministrativeregion",
    "autonomousregion",
    "municipality",
    "autonomous",
    "province",
    "zizhiqu",
    "region",
    "china",
    "sheng",
    "city",
    "sar",
    "shi",
];

/// A Latin (pinyin/English/code) province cell.
fn latin_province(s: &str) -> Option<usize> {
    let mut buf = [0u8; 64];
    let k = latin_key(s, &mut buf)?;
    if let Some(i) = latin_exact(k) {
        return Some(i);
    }
    // ISO 3166-2: CN-ZJ, CN-33.
    if let Some(rest) = k.strip_prefix(b"cn") {
        return match *rest {
            [a, b] if a.is_ascii_digit() => admin_code(a, b),
            [_, _] => latin_exact(rest),
            _ => None,
        };
    }
    let mut cur = k;
    for _ in 0..3 {
        let stripped =
            LATIN_SUFFIXES.iter().find_map(|suf| cur.strip_suffix(suf.as_bytes()).filter(|rest| !rest.is_empty()));
        cur = stripped?;
        if let Some(i) = latin_exact(cur) {
            return Some(i);
        }
    }
    None
}

/// Canonical Chinese province name from any common spelling: full name (浙江省, 广西壮族自治区,
/// 上海市, 内蒙古自治区, 新疆维吾尔自治区, 香港特别行政区…), short name (浙江, 广西, 上海,
/// 内蒙古, 内蒙, 新疆, 香港, 澳门, 台湾), other suffixes (广西省, 香港特区), a `中国` prefix,
/// the one-character abbreviation as a whole cell (浙, 沪, 粤…), pinyin/English in any case and
/// spacing (Zhejiang, ZHEJIANG, zhe jiang, Zhejiang Province, Zhejiang Sheng, Guangxi Zhuang
/// Autonomous Region, Inner Mongolia, Nei Mongol, Neimenggu, Tibet, Xizang, Hong Kong SAR,
/// Macau, Macao, Taiwan, Peking; Shaanxi 陕西 and Shanxi 山西 are distinct), two-letter codes
/// (ISO 3166-2:CN as used by the generator and Shopify; Xizang is read from both XZ and
/// Shopify's YZ), ISO 3166-2 `CN-ZJ` / `CN-33`, and the 6-digit admin code (330000). Runs
/// [`clean`] first. `None` when unknown.
pub fn normalize_province(s: &str) -> Option<&'static str> {
    let t = clean(s);
    if t.is_empty() {
        return None;
    }
    let i = if t.is_ascii() { latin_province(t)? } else { zh_province(t)? };
    province_at(i)
}

/// A short Chinese name followed by one of these is a street or a prefecture, not the province
/// (湖南路, 江苏路, 海南藏族自治州).
fn blocks_short_name(next: Option<char>) -> bool {
    matches!(next, Some('路' | '街' | '道' | '巷' | '藏'))
}

/// Province named at the start of one address part.
fn province_prefix(part: &str) -> Option<&'static str> {
    let t = trim_ws(part);
    let t = t.strip_prefix("中国").map_or(t, trim_ws);
    // Chinese: the longest name of the only candidate province that starts the text.
    if let Some(i) = zh_candidate(t) {
        let (canon, alias) = (PROVINCES.get(i)?, ALIASES.get(i)?);
        let found = core::iter::once(canon).chain(alias.zh.iter()).any(|name| {
            if !t.starts_with(name) {
                return false;
            }
            let is_short = !(name.ends_with('省') || name.ends_with('市') || name.ends_with('区'));
            let next = t.get(name.len()..).and_then(|r| r.chars().next());
            !(is_short && blocks_short_name(next))
        });
        return found.then_some(*canon);
    }
    latin_prefix(t)
}

/// Province named by the leading Latin words of an address (`Inner Mongolia 呼和浩特市 …`),
/// trying the longest run of words first. A two-letter code counts only in upper case.
fn latin_prefix(t: &str) -> Option<&'static str> {
    let b = t.as_bytes();
    // Ends of the first words (letters, with ' . - inside or between them).
    let mut ends = [0usize; 6];
    let mut n = 0usize;
    let mut prev_alpha = false;
    let mut to_end = true;
    for (i, &c) in b.iter().enumerate() {
        let alpha = c.is_ascii_alphabetic();
        if prev_alpha && !alpha {
            if let Some(slot) = ends.get_mut(n) {
                *slot = i;
                n = n.saturating_add(1);
            }
        }
        if n >= ends.len() || !(alpha || matches!(c, b' ' | b'\'' | b'.' | b'-')) {
            to_end = false;
            break;
        }
        prev_alpha = alpha;
    }
    if to_end && prev_alpha {
        if let Some(slot) = ends.get_mut(n) {
            *slot = b.len();
            n = n.saturating_add(1);
        }
    }
    for &end in ends.get(..n)?.iter().rev() {
        let cand = t.get(..end)?;
        if end == 2 && !cand.bytes().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let mut buf = [0u8; 64];
        let key = latin_key(cand, &mut buf)?;
        if let Some(i) = latin_exact(key).or_else(|| latin_province(cand)) {
            return province_at(i);
        }
    }
    None
}

/// Province of a Chinese shipping address as exported: `浙江省 杭州市 西湖区 文三路123号(310012)`,
/// `上海 上海市 浦东新区 …`, `Zhejiang 杭州市 …`, `Inner Mongolia 呼和浩特市 …`, `浙江 杭州市 …`,
/// and without spaces `浙江省杭州市西湖区…`, `广西壮族自治区南宁市…`, `内蒙古呼和浩特市…`,
/// `北京市朝阳区…` (prefix match on the known names, longest first; a short name directly
/// followed by 路/街/道/巷/藏 is a street, not a province). Also Tmall's `姓名，86-手机号，地址`
/// comma form: the last comma-separated part (full-width or ASCII comma) is tried first, then
/// every part in order. Runs [`clean`] first. `None` when no province can be found.
pub fn province_from_address(addr: &str) -> Option<&'static str> {
    let a = clean(addr);
    if a.is_empty() {
        return None;
    }
    let is_sep = |c: char| c == '，' || c == ',';
    if !a.as_bytes().contains(&b',') && !a.contains('，') {
        return province_prefix(a);
    }
    if let Some(p) = a.rsplit(is_sep).next().and_then(province_prefix) {
        return Some(p);
    }
    a.split(is_sep).find_map(province_prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zh_keys_are_unique_per_province() {
        let (keys, n) = &ZH_KEYS;
        assert!(*n < ZH_KEY_CAP, "ZH_KEYS is full");
        for (i, (canon, alias)) in PROVINCES.iter().zip(ALIASES.iter()).enumerate() {
            for name in core::iter::once(canon).chain(alias.zh.iter()) {
                assert_eq!(zh_candidate(name), Some(i), "{name}");
            }
        }
        let mut ks: Vec<u64> = keys[..*n].iter().map(|k| k.0).collect();
        ks.sort_unstable();
        ks.dedup();
        assert_eq!(ks.len(), *n);
    }

    #[test]
    fn provinces_are_consistent() {
        assert_eq!(PROVINCES.len(), 34);
        assert_eq!(PROVINCES[0], "北京市");
        assert_eq!(PROVINCES[10], "浙江省");
        assert_eq!(PROVINCES[33], "澳门特别行政区");
        for (i, p) in PROVINCES.iter().enumerate() {
            // every canonical name, short name, code, admin code and Latin name maps back
            assert_eq!(normalize_province(p), Some(*p), "{p}");
            let a = &ALIASES[i];
            for z in a.zh {
                assert_eq!(normalize_province(z), Some(*p), "{z}");
            }
            assert_eq!(normalize_province(a.abbr), Some(*p), "{}", a.abbr);
            for l in a.latin {
                assert_eq!(normalize_province(l), Some(*p), "{l}");
                assert_eq!(normalize_province(&l.to_uppercase()), Some(*p), "{l}");
            }
            for c in a.codes {
                assert_eq!(normalize_province(c), Some(*p), "{c}");
                assert_eq!(normalize_province(&format!("CN-{}", c.to_uppercase())), Some(*p));
            }
            let code = ADMIN_CODES[i];
            assert_eq!(normalize_province(&format!("{code}0000")), Some(*p));
            assert_eq!(normalize_province(&format!("CN-{code}")), Some(*p));
            assert_eq!(province_from_address(&format!("{p}某某市某某区")), Some(*p));
            assert_eq!(province_from_address(&format!("{p} 某某市")), Some(*p));
        }
        // no two provinces share a spelling
        let mut all: Vec<String> = Vec::new();
        for a in &ALIASES {
            all.extend(a.latin.iter().map(|s| s.to_string()));
            all.extend(a.codes.iter().map(|s| s.to_string()));
            all.extend(a.zh.iter().map(|s| s.to_string()));
            all.push(a.abbr.to_string());
        }
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn normalize_province_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("浙江省", Some("浙江省")),
            ("浙江", Some("浙江省")),
            (" 浙江省 ", Some("浙江省")),
            ("\u{3000}浙江省", Some("浙江省")),
            ("中国浙江", Some("浙江省")),
            ("浙", Some("浙江省")),
            ("广西壮族自治区", Some("广西壮族自治区")),
            ("广西", Some("广西壮族自治区")),
            ("广西省", Some("广西壮族自治区")),
            ("广西自治区", Some("广西壮族自治区")),
            ("上海市", Some("上海市")),
            ("上海", Some("上海市")),
            ("沪", Some("上海市")),
            ("内蒙古自治区", Some("内蒙古自治区")),
            ("内蒙古", Some("内蒙古自治区")),
            ("内蒙", Some("内蒙古自治区")),
            ("新疆维吾尔自治区", Some("新疆维吾尔自治区")),
            ("新疆", Some("新疆维吾尔自治区")),
            ("新疆自治区", Some("新疆维吾尔自治区")),
            ("宁夏回族自治区", Some("宁夏回族自治区")),
            ("香港特别行政区", Some("香港特别行政区")),
            ("香港", Some("香港特别行政区")),
            ("香港特区", Some("香港特别行政区")),
            ("中国香港", Some("香港特别行政区")),
            ("澳门", Some("澳门特别行政区")),
            ("澳門", Some("澳门特别行政区")),
            ("台湾", Some("台湾省")),
            ("臺灣", Some("台湾省")),
            ("Zhejiang", Some("浙江省")),
            ("ZHEJIANG", Some("浙江省")),
            ("zhe jiang", Some("浙江省")),
            ("Zhejiang Province", Some("浙江省")),
            ("Zhejiang Sheng", Some("浙江省")),
            ("Zhejiang, China", Some("浙江省")),
            ("Zhejiang Province, China", Some("浙江省")),
            ("Guangxi Zhuang Autonomous Region", Some("广西壮族自治区")),
            ("Guangxi", Some("广西壮族自治区")),
            ("Inner Mongolia", Some("内蒙古自治区")),
            ("Inner Mongolia Autonomous Region", Some("内蒙古自治区")),
            ("Nei Mongol", Some("内蒙古自治区")),
            ("Neimenggu", Some("内蒙古自治区")),
            ("Tibet", Some("西藏自治区")),
            ("Tibet Autonomous Region", Some("西藏自治区")),
            ("Xizang", Some("西藏自治区")),
            ("Xinjiang Uygur Autonomous Region", Some("新疆维吾尔自治区")),
            ("Xinjiang Uyghur", Some("新疆维吾尔自治区")),
            ("Ningxia Hui Autonomous Region", Some("宁夏回族自治区")),
            ("Hong Kong", Some("香港特别行政区")),
            ("HongKong", Some("香港特别行政区")),
            ("Hong Kong SAR", Some("香港特别行政区")),
            ("Hong Kong S.A.R.", Some("香港特别行政区")),
            ("Hong Kong Special Administrative Region", Some("香港特别行政区")),
            ("Macau", Some("澳门特别行政区")),
            ("Macao", Some("澳门特别行政区")),
            ("Macao SAR", Some("澳门特别行政区")),
            ("Taiwan", Some("台湾省")),
            ("Shaanxi", Some("陕西省")),
            ("Shanxi", Some("山西省")),
            ("Shan Xi", Some("山西省")),
            ("Shaanxi Province", Some("陕西省")),
            ("Peking", Some("北京市")),
            ("Beijing Shi", Some("北京市")),
            ("Beijing Municipality", Some("北京市")),
            ("Shanghai City", Some("上海市")),
            ("Chongqing", Some("重庆市")),
            ("Sichuan", Some("四川省")),
            ("Szechuan", Some("四川省")),
            ("Heilongjiang", Some("黑龙江省")),
            // Shopify codes (= generator codes, except Xizang YZ vs XZ)
            ("ZJ", Some("浙江省")),
            ("zj", Some("浙江省")),
            ("GD", Some("广东省")),
            ("BJ", Some("北京市")),
            ("SH", Some("上海市")),
            ("JS", Some("江苏省")),
            ("SD", Some("山东省")),
            ("HE", Some("河北省")),
            ("HA", Some("河南省")),
            ("HB", Some("湖北省")),
            ("HN", Some("湖南省")),
            ("HI", Some("海南省")),
            ("NM", Some("内蒙古自治区")),
            ("NX", Some("宁夏回族自治区")),
            ("XJ", Some("新疆维吾尔自治区")),
            ("YZ", Some("西藏自治区")),
            ("XZ", Some("西藏自治区")),
            ("GX", Some("广西壮族自治区")),
            ("GZ", Some("贵州省")),
            ("YN", Some("云南省")),
            ("SC", Some("四川省")),
            ("CQ", Some("重庆市")),
            ("TJ", Some("天津市")),
            ("SX", Some("山西省")),
            ("SN", Some("陕西省")),
            ("GS", Some("甘肃省")),
            ("QH", Some("青海省")),
            ("JL", Some("吉林省")),
            ("LN", Some("辽宁省")),
            ("HL", Some("黑龙江省")),
            ("AH", Some("安徽省")),
            ("FJ", Some("福建省")),
            ("JX", Some("江西省")),
            ("HK", Some("香港特别行政区")),
            ("MO", Some("澳门特别行政区")),
            ("TW", Some("台湾省")),
            ("CN-ZJ", Some("浙江省")),
            ("cn-zj", Some("浙江省")),
            ("CN-33", Some("浙江省")),
            ("CN-11", Some("北京市")),
            ("CN-91", None),
            ("330000", Some("浙江省")),
            ("110000", Some("北京市")),
            ("820000", Some("澳门特别行政区")),
            ("'330000", Some("浙江省")),
            ("330100", None),
            ("990000", None),
            ("33", None),
            ("", None),
            ("-", None),
            ("未知", None),
            ("浙江省杭州市", None),
            ("杭州", None),
            ("Hangzhou", None),
            ("XX", None),
            ("Z", None),
            ("CN", None),
            ("China", None),
            ("Province", None),
            ("Zhejiang/Jiangsu", None),
            ("Zhe-jiang", Some("浙江省")),
            ("an", None),
            ("a very long string of letters that does not fit into the small buffer at all", None),
        ];
        for &(input, want) in cases {
            assert_eq!(normalize_province(input), want, "normalize_province({input:?})");
        }
    }

    /// Every spelling `gen_exports.py` writes, per province of its PROVINCES table:
    /// (expected, full name as written, short, pinyin, Shopify code, first city, first district).
    const GENERATOR: [(&str, &str, &str, &str, &str, &str, &str); 31] = [
        ("广东省", "广东省", "广东", "Guangdong", "GD", "广州市", "天河区"),
        ("浙江省", "浙江省", "浙江", "Zhejiang", "ZJ", "杭州市", "西湖区"),
        ("江苏省", "江苏省", "江苏", "Jiangsu", "JS", "南京市", "玄武区"),
        ("上海市", "上海", "上海", "Shanghai", "SH", "上海市", "浦东新区"),
        ("北京市", "北京", "北京", "Beijing", "BJ", "北京市", "朝阳区"),
        ("山东省", "山东省", "山东", "Shandong", "SD", "济南市", "历下区"),
        ("福建省", "福建省", "福建", "Fujian", "FJ", "福州市", "鼓楼区"),
        ("四川省", "四川省", "四川", "Sichuan", "SC", "成都市", "武侯区"),
        ("河南省", "河南省", "河南", "Henan", "HA", "郑州市", "金水区"),
        ("湖北省", "湖北省", "湖北", "Hubei", "HB", "武汉市", "武昌区"),
        ("湖南省", "湖南省", "湖南", "Hunan", "HN", "长沙市", "岳麓区"),
        ("河北省", "河北省", "河北", "Hebei", "HE", "石家庄市", "长安区"),
        ("安徽省", "安徽省", "安徽", "Anhui", "AH", "合肥市", "蜀山区"),
        ("辽宁省", "辽宁省", "辽宁", "Liaoning", "LN", "沈阳市", "和平区"),
        ("陕西省", "陕西省", "陕西", "Shaanxi", "SN", "西安市", "雁塔区"),
        ("重庆市", "重庆", "重庆", "Chongqing", "CQ", "重庆市", "渝北区"),
        ("天津市", "天津", "天津", "Tianjin", "TJ", "天津市", "南开区"),
        ("江西省", "江西省", "江西", "Jiangxi", "JX", "南昌市", "东湖区"),
        ("广西壮族自治区", "广西壮族自治区", "广西", "Guangxi", "GX", "南宁市", "青秀区"),
        ("云南省", "云南省", "云南", "Yunnan", "YN", "昆明市", "五华区"),
        ("山西省", "山西省", "山西", "Shanxi", "SX", "太原市", "小店区"),
        ("黑龙江省", "黑龙江省", "黑龙江", "Heilongjiang", "HL", "哈尔滨市", "南岗区"),
        ("吉林省", "吉林省", "吉林", "Jilin", "JL", "长春市", "朝阳区"),
        ("贵州省", "贵州省", "贵州", "Guizhou", "GZ", "贵阳市", "云岩区"),
        ("内蒙古自治区", "内蒙古自治区", "内蒙古", "Inner Mongolia", "NM", "呼和浩特市", "新城区"),
        ("新疆维吾尔自治区", "新疆维吾尔自治区", "新疆", "Xinjiang", "XJ", "乌鲁木齐市", "天山区"),
        ("甘肃省", "甘肃省", "甘肃", "Gansu", "GS", "兰州市", "城关区"),
        ("海南省", "海南省", "海南", "Hainan", "HI", "海口市", "龙华区"),
        ("宁夏回族自治区", "宁夏回族自治区", "宁夏", "Ningxia", "NX", "银川市", "兴庆区"),
        ("青海省", "青海省", "青海", "Qinghai", "QH", "西宁市", "城中区"),
        ("西藏自治区", "西藏自治区", "西藏", "Tibet", "XZ", "拉萨市", "城关区"),
    ];

    #[test]
    fn generator_spellings() {
        for &(want, full, short, pinyin, code, city, district) in &GENERATOR {
            let w = Some(want);
            // CRM 省份 / events 省份: full, short, pinyin, padded full
            for cell in [full, short, pinyin] {
                assert_eq!(normalize_province(cell), w, "{cell}");
            }
            assert_eq!(normalize_province(&format!(" {full} ")), w, "padded {full}");
            // Shopify Billing/Shipping Province (code) and Province Name (pinyin)
            assert_eq!(normalize_province(code), w, "{code}");
            // Taobao 收货地址: first token full (municipalities without 市), short or pinyin
            let tail = "文三路123号阳光花园3幢2单元1203室(310012)";
            for token in [full, short, pinyin] {
                let addr = format!("{token} {city} {district} {tail}");
                assert_eq!(province_from_address(&addr), w, "{addr}");
            }
            // without spaces, and the Tmall comma form
            let joined = format!("{full}{city}{district}{tail}");
            assert_eq!(province_from_address(&joined), w, "{joined}");
            let tmall = format!("王芳，86-13800000000，{want} {city} {district} {tail}");
            assert_eq!(province_from_address(&tmall), w, "{tmall}");
        }
    }

    #[test]
    fn address_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("浙江省 杭州市 西湖区 文三路123号(310012)", Some("浙江省")),
            ("上海 上海市 浦东新区 世纪大道1号", Some("上海市")),
            ("Zhejiang 杭州市 西湖区", Some("浙江省")),
            ("Inner Mongolia 呼和浩特市 新城区", Some("内蒙古自治区")),
            ("Hong Kong SAR 九龙", Some("香港特别行政区")),
            ("浙江 杭州市 西湖区", Some("浙江省")),
            ("浙江省杭州市西湖区文三路", Some("浙江省")),
            ("广西壮族自治区南宁市青秀区", Some("广西壮族自治区")),
            ("广西南宁市青秀区", Some("广西壮族自治区")),
            ("内蒙古呼和浩特市", Some("内蒙古自治区")),
            ("内蒙古自治区呼和浩特市", Some("内蒙古自治区")),
            ("内蒙呼和浩特市", Some("内蒙古自治区")),
            ("北京市朝阳区", Some("北京市")),
            ("北京朝阳区", Some("北京市")),
            ("黑龙江省哈尔滨市", Some("黑龙江省")),
            ("陕西省西安市", Some("陕西省")),
            ("山西省太原市", Some("山西省")),
            ("中国 浙江省 杭州市", Some("浙江省")),
            ("中国浙江省杭州市", Some("浙江省")),
            ("香港特别行政区 九龙", Some("香港特别行政区")),
            ("王芳，86-13800000000，浙江省 杭州市 西湖区", Some("浙江省")),
            ("王芳，86-138****0000，广东省深圳市南山区", Some("广东省")),
            ("浙江省 杭州市 西湖区 文三路，123号", Some("浙江省")),
            ("浙江省 杭州市 西湖区 文三路,123号", Some("浙江省")),
            ("123 Wensan Rd, Hangzhou, Zhejiang", Some("浙江省")),
            ("123 Wensan Rd, Hangzhou, Zhejiang, China", Some("浙江省")),
            ("ZJ 杭州市", Some("浙江省")),
            ("Shaanxi Xi'an", Some("陕西省")),
            ("Shanxi Taiyuan", Some("山西省")),
            // not provinces
            ("湖南路123号", None),
            ("江苏路5号", None),
            ("海南藏族自治州共和县", None),
            ("杭州市西湖区", None),
            ("Zj 杭州市", None),
            ("he said", None),
            ("No. 5 Renmin Rd", None),
            ("", None),
            ("-", None),
            ("，，，", None),
            ("王芳，86-138****0000，", None),
        ];
        for &(input, want) in cases {
            assert_eq!(province_from_address(input), want, "province_from_address({input:?})");
        }
    }
}

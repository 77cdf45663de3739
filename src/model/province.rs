//! The 34 province-level divisions of China: canonical names, administrative codes and the
//! other spellings they are written with.

/// The 34 province-level divisions of China under their canonical Chinese names, in the standard
/// administrative-code order (北京市 110000 first … 台湾省, 香港特别行政区, 澳门特别行政区
/// last).
pub const PROVINCES: [&str; 34] = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "台湾省",
    "香港特别行政区",
    "澳门特别行政区",
];

/// First two digits of the 6-digit administrative code (GB/T 2260) of each entry of
/// [`PROVINCES`].
pub(crate) const ADMIN_CODES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82,
];

/// Other spellings of one province.
pub(crate) struct Alias {
    /// Chinese names besides the canonical one; the first is the short name.
    pub(crate) zh: &'static [&'static str],
    /// The one-character abbreviation (浙, 沪, 粤 …), read only as a whole cell.
    pub(crate) abbr: &'static str,
    /// Latin names, lower case, letters only.
    pub(crate) latin: &'static [&'static str],
    /// Two-letter codes, lower case.
    pub(crate) codes: &'static [&'static str],
}

/// Spellings per entry of [`PROVINCES`], same order.
///
/// Two-letter codes are those of ISO 3166-2:CN (= GB/T 2260 alpha codes), which both the
/// generator (`gen_exports.py`) and Shopify use: HE Hebei, HA Henan, HB Hubei, HN Hunan,
/// HI Hainan, SX Shanxi, SN Shaanxi, GZ Guizhou. The only difference is Xizang: ISO and the
/// generator write XZ, Shopify writes YZ; both are read as 西藏自治区 (no other code uses them).
pub(crate) const ALIASES: [Alias; 34] = [
    Alias { zh: &["北京"], abbr: "京", latin: &["beijing", "peking", "peiping"], codes: &["bj"] },
    Alias { zh: &["天津"], abbr: "津", latin: &["tianjin", "tientsin"], codes: &["tj"] },
    Alias { zh: &["河北"], abbr: "冀", latin: &["hebei"], codes: &["he"] },
    Alias { zh: &["山西"], abbr: "晋", latin: &["shanxi"], codes: &["sx"] },
    Alias {
        zh: &["内蒙古", "内蒙"],
        abbr: "蒙",
        latin: &["neimenggu", "neimongol", "innermongolia", "neimeng"],
        codes: &["nm"],
    },
    Alias { zh: &["辽宁"], abbr: "辽", latin: &["liaoning"], codes: &["ln"] },
    Alias { zh: &["吉林"], abbr: "吉", latin: &["jilin"], codes: &["jl"] },
    Alias { zh: &["黑龙江"], abbr: "黑", latin: &["heilongjiang"], codes: &["hl"] },
    Alias { zh: &["上海"], abbr: "沪", latin: &["shanghai"], codes: &["sh"] },
    Alias { zh: &["江苏"], abbr: "苏", latin: &["jiangsu"], codes: &["js"] },
    Alias { zh: &["浙江"], abbr: "浙", latin: &["zhejiang"], codes: &["zj"] },
    Alias { zh: &["安徽"], abbr: "皖", latin: &["anhui"], codes: &["ah"] },
    Alias { zh: &["福建"], abbr: "闽", latin: &["fujian"], codes: &["fj"] },
    Alias { zh: &["江西"], abbr: "赣", latin: &["jiangxi"], codes: &["jx"] },
    Alias { zh: &["山东"], abbr: "鲁", latin: &["shandong"], codes: &["sd"] },
    Alias { zh: &["河南"], abbr: "豫", latin: &["henan"], codes: &["ha"] },
    Alias { zh: &["湖北"], abbr: "鄂", latin: &["hubei"], codes: &["hb"] },
    Alias { zh: &["湖南"], abbr: "湘", latin: &["hunan"], codes: &["hn"] },
    Alias { zh: &["广东"], abbr: "粤", latin: &["guangdong"], codes: &["gd"] },
    Alias { zh: &["广西", "广西壮族"], abbr: "桂", latin: &["guangxi", "guangxizhuang"], codes: &["gx"] },
    Alias { zh: &["海南"], abbr: "琼", latin: &["hainan"], codes: &["hi"] },
    Alias { zh: &["重庆"], abbr: "渝", latin: &["chongqing", "chungking"], codes: &["cq"] },
    Alias { zh: &["四川"], abbr: "川", latin: &["sichuan", "szechuan", "szechwan"], codes: &["sc"] },
    Alias { zh: &["贵州"], abbr: "黔", latin: &["guizhou"], codes: &["gz"] },
    Alias { zh: &["云南"], abbr: "滇", latin: &["yunnan"], codes: &["yn"] },
    Alias { zh: &["西藏"], abbr: "藏", latin: &["xizang", "tibet"], codes: &["xz", "yz"] },
    Alias { zh: &["陕西"], abbr: "陕", latin: &["shaanxi"], codes: &["sn"] },
    Alias { zh: &["甘肃"], abbr: "甘", latin: &["gansu"], codes: &["gs"] },
    Alias { zh: &["青海"], abbr: "青", latin: &["qinghai"], codes: &["qh"] },
    Alias { zh: &["宁夏", "宁夏回族"], abbr: "宁", latin: &["ningxia", "ningxiahui"], codes: &["nx"] },
    Alias {
        zh: &["新疆", "新疆维吾尔", "新疆维吾尔族"],
        abbr: "新",
        latin: &["xinjiang", "xinjianguygur", "xinjianguyghur", "xinjianguighur", "xinjiangweiwuer"],
        codes: &["xj"],
    },
    Alias { zh: &["台湾", "臺灣", "台灣", "臺湾"], abbr: "台", latin: &["taiwan"], codes: &["tw"] },
    Alias { zh: &["香港"], abbr: "港", latin: &["hongkong", "xianggang"], codes: &["hk"] },
    Alias { zh: &["澳门", "澳門"], abbr: "澳", latin: &["macau", "macao", "aomen"], codes: &["mo"] },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_admin_code_order() {
        let cases = [(0, "北京市", 11), (10, "浙江省", 33), (26, "陕西省", 61), (33, "澳门特别行政区", 82)];
        for (i, name, code) in cases {
            assert_eq!((PROVINCES[i], ADMIN_CODES[i]), (name, code), "entry {i}");
        }
        assert!(ADMIN_CODES.windows(2).all(|w| w[0] < w[1]), "codes ascend");
    }

    #[test]
    fn no_two_provinces_share_a_spelling() {
        let mut all: Vec<&str> = PROVINCES.to_vec();
        for a in &ALIASES {
            all.extend(a.latin.iter().chain(a.codes).chain(a.zh).copied());
            all.push(a.abbr);
        }
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}

//! The workbook's words: sheet names, column headers and what each section is, in Chinese and
//! English. English headers are the report's own keys (so a column is found by its JSON key);
//! Chinese ones translate the keys an operator reads most and keep the key for the rest.

use crate::config::Lang;

/// A report key in `lang` (the key itself in English, or when there is no Chinese word for it).
pub fn key(k: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return k;
    }
    ZH.iter().find(|(e, _)| *e == k).map_or(k, |(_, z)| z)
}

/// A dotted key path in `lang`, each part translated (`rows_skipped.truncated` → `跳过行数·truncated`).
pub fn path(p: &str, lang: Lang) -> String {
    match lang {
        Lang::En => p.to_string(),
        Lang::ZhCn => p.split('.').map(|k| key(k, lang)).collect::<Vec<_>>().join("·"),
    }
}

/// What a top-level section is, in `lang`.
pub fn about(section: &str, lang: Lang) -> &'static str {
    let row = ABOUT.iter().find(|(k, _, _)| *k == section);
    match (row, lang) {
        (Some((_, zh, _)), Lang::ZhCn) => zh,
        (Some((_, _, en)), Lang::En) => en,
        (None, Lang::ZhCn) => "报告的一部分",
        (None, Lang::En) => "part of the report",
    }
}

/// The About sheet's own words: (name, sheet, what, rows, analysis date, file, rows used, no data).
pub fn about_words(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::ZhCn => ["说明", "工作表", "内容", "行数", "分析日期", "文件", "已用行数", "本节无数据"],
        Lang::En => ["About", "sheet", "what it is", "rows", "as_of", "file", "rows_used", "no data"],
    }
}

const ABOUT: &[(&str, &str, &str)] = &[
    (
        "inputs",
        "读入的文件：类型、平台、编码、字段映射、跳过行数与错误",
        "the files read: kind, platform, encoding, column mapping, rows skipped and errors",
    ),
    (
        "totals",
        "店铺合计：订单数、有效订单数、销售额、成交客户数",
        "shop totals: orders, valid orders, revenue, customers",
    ),
    (
        "headline",
        "首页四个数：近 30 天兴趣人数、今日新增、近 365 天成交人数、会员数",
        "the four headline numbers: interested (30 days), new today, buyers (365 days), members",
    ),
    (
        "lifecycle",
        "生命周期：新客、活跃、沉睡、流失的人数与销售额",
        "lifecycle: customers and revenue of new, active, sleeping and lost",
    ),
    ("rfm", "RFM：方法、分段点、R×F×M 单元格与分群", "RFM: method, cut points, R×F×M cells and segments"),
    (
        "distributions",
        "分布：按地区、年龄段、性别的客户与销售额",
        "distributions: customers and revenue by region, age band and gender",
    ),
    (
        "conversion",
        "转化：兴趣客户的成交比例，按维度分组，附区间与检验",
        "conversion of interested buyers by dimension, with intervals and tests",
    ),
    ("tags", "标签：人数与销售额", "tags: customers and revenue"),
    ("calls", "外呼：接通率与成交率，按时段、星期、坐席", "calls: connect and order rates by hour, weekday and agent"),
    (
        "service",
        "售后：工单、响应与解决时长、解决率、满意度",
        "service: tickets, response and resolution times, resolution rate, satisfaction",
    ),
    ("interest", "兴趣：按行为的事件、人数与转化", "interest: events, buyers and conversion by action"),
    (
        "screening",
        "号码筛查：有效、无效、打码、重复号码",
        "contact screening: valid, invalid, masked and shared numbers",
    ),
    ("repurchase", "复购：复购率、复购间隔、客单价", "repeat purchases: repeat rate, days between orders, order value"),
    ("cohorts", "首单月份群组及其留存", "first-order month cohorts and their retention"),
    ("trends", "按日、周、月的订单、客户与兴趣", "orders, customers and interest per day, week and month"),
    ("periods", "本期与上期对比", "this period against the one before"),
    ("migration", "生命周期与分群的迁移", "lifecycle stage and segment moves"),
    ("prediction", "预测价值（BG/NBD + Gamma-Gamma）", "predicted value (BG/NBD + Gamma-Gamma)"),
];

const ZH: &[(&str, &str)] = &[
    ("inputs", "文件"),
    ("totals", "合计"),
    ("headline", "概览"),
    ("lifecycle", "生命周期"),
    ("rfm", "RFM"),
    ("distributions", "分布"),
    ("conversion", "转化"),
    ("tags", "标签"),
    ("calls", "外呼"),
    ("service", "售后"),
    ("interest", "兴趣"),
    ("screening", "号码筛查"),
    ("repurchase", "复购"),
    ("cohorts", "群组"),
    ("trends", "趋势"),
    ("periods", "周期对比"),
    ("migration", "迁移"),
    ("prediction", "预测价值"),
    ("field", "项目"),
    ("value", "值"),
    ("name", "名称"),
    ("kind", "类型"),
    ("platform", "平台"),
    ("encoding", "编码"),
    ("rows_total", "总行数"),
    ("rows_used", "已用行数"),
    ("rows_skipped", "跳过行数"),
    ("rows_without_key", "无客户键行数"),
    ("errors", "错误"),
    ("columns", "字段映射"),
    ("row", "行号"),
    ("column", "列"),
    ("reason", "原因"),
    ("orders", "订单数"),
    ("valid_orders", "有效订单数"),
    ("revenue", "销售额"),
    ("customers", "客户数"),
    ("customer", "客户"),
    ("stage", "阶段"),
    ("segment", "分群"),
    ("segments", "分群"),
    ("cells", "单元格"),
    ("cuts", "分段点"),
    ("method", "方法"),
    ("customer_share", "客户占比"),
    ("revenue_share", "销售额占比"),
    ("key", "分组"),
    ("dim", "维度"),
    ("groups", "分组"),
    ("interested", "兴趣人数"),
    ("converted", "成交人数"),
    ("buyers", "人数"),
    ("events", "事件数"),
    ("action", "行为"),
    ("by_action", "按行为"),
    ("rate", "比例"),
    ("conversion_rate", "转化率"),
    ("ci_low", "95%区间下限"),
    ("ci_high", "95%区间上限"),
    ("p_value", "p 值"),
    ("p_adjusted", "校正后 p 值"),
    ("small_sample", "小样本"),
    ("region", "地区"),
    ("province", "省份"),
    ("age_band", "年龄段"),
    ("gender", "性别"),
    ("source", "来源"),
    ("calls", "外呼"),
    ("connected", "接通数"),
    ("connect_rate", "接通率"),
    ("order_rate", "成交率"),
    ("agent", "坐席"),
    ("hour", "时段"),
    ("weekday", "星期"),
    ("tickets", "工单数"),
    ("resolution_rate", "解决率"),
    ("complaint_share", "投诉占比"),
    ("aov", "客单价"),
    ("repeat_rate", "复购率"),
    ("repeat_customers", "复购客户数"),
    ("cohort", "群组"),
    ("month", "月份"),
    ("week", "周"),
    ("day", "日期"),
    ("period", "期间"),
    ("from", "起"),
    ("to", "止"),
    ("current", "本期"),
    ("previous", "上期"),
    ("change", "变化"),
    ("new_customers", "新客户数"),
    ("retained", "留存"),
    ("count", "数量"),
    ("phones", "号码数"),
    ("valid", "有效"),
    ("invalid", "无效"),
    ("masked", "打码"),
    ("duplicate_numbers", "重复号码数"),
    ("customers_sharing", "共用号码客户数"),
    ("members", "会员数"),
    ("window_days", "窗口天数"),
];

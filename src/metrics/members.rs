//! The customers behind a number: members of a segment, tag, lifecycle stage or audience, as rows
//! and as CSV whose cells a spreadsheet cannot execute.

use super::analysis::Analysis;
use super::context::{context_with, settings_or_err};
use super::lifecycle::{stage, STAGES};
use super::memo::Memo;
use super::{day_text, labels, money, select};
use crate::config::{CsvOptions, Lang, MemberSelector, MemberSort, ReportConfig};
use crate::error::Result;
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// One customer of a member list. A person of an audience who never ordered has 0 orders, empty
/// order days, no scores and an empty stage and segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Member {
    /// The customer key (buyer id, e-mail, …).
    pub customer: String,
    /// Valid orders.
    pub orders: u64,
    /// Revenue.
    pub revenue: String,
    /// Items.
    pub items: u64,
    /// First valid order day ("" without one).
    pub first_order: String,
    /// Last valid order day ("" without one).
    pub last_order: String,
    /// Days since the last order (null without one).
    pub recency_days: Option<i64>,
    /// Lifecycle stage ("" without a valid order).
    pub lifecycle: String,
    /// R score (0 without a valid order).
    pub r: u8,
    /// F score.
    pub f: u8,
    /// M score.
    pub m: u8,
    /// RFM segment ("" without a valid order).
    pub rfm_segment: String,
    /// Region.
    pub region: String,
    /// Age band.
    pub age_band: String,
    /// Gender.
    pub gender: String,
    /// Source.
    pub source: String,
    /// Member level (0 = ordinary, n = VIPn).
    pub member_level: Option<u8>,
    /// The customers file's phone, as exported (masked or not; "" without one).
    pub phone: String,
    /// The day of the latest interest event in the conversion window ("" without one).
    pub last_interest: String,
    /// The deepest interest action in the conversion window ("" without one).
    pub action: String,
    /// After-sales tickets whose buyer cell is this customer (null without a tickets file).
    pub tickets: Option<u32>,
    /// Those of type 投诉 (null without a tickets file).
    pub complaints: Option<u32>,
    /// Lifecycle stage at `migration.from` (`none`: a customer new since; "" without a valid order).
    pub lifecycle_before: String,
    /// RFM segment at `migration.from` (`none`: a customer new since; "" without a valid order).
    pub rfm_segment_before: String,
    /// BG/NBD probability that the customer is still a customer (null without a prediction).
    pub p_alive: Option<f64>,
    /// Expected purchase days in the next 90 days.
    pub expected_orders_90d: Option<f64>,
    /// Expected value of a purchase day, yuan (an estimate, not rounded).
    pub expected_order_value: Option<f64>,
    /// Expected purchase days in the next 365 days × expected value, yuan (not rounded).
    pub predicted_revenue_365d: Option<f64>,
}

/// The members a selector picks, sorted by revenue (desc) then key.
pub fn members(store: &Store, memo: &Memo, config: &ReportConfig, sel: &MemberSelector) -> Result<Vec<Member>> {
    Ok(members_page(store, memo, config, sel, &PageQuery { offset: None, limit: Some(u32::MAX), sort: None })?.members)
}

/// Which rows of a member list [`members_page`] gives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct PageQuery {
    /// Rows to skip first.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub offset: Option<u32>,
    /// At most this many rows (default 200).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limit: Option<u32>,
    /// The order (default by revenue).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub sort: Option<MemberSort>,
}

/// A page of a member list and how many members there are in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct MemberPage {
    /// How many members the selector picks (all pages).
    pub total: u64,
    /// This page, in the order of [`members`].
    pub members: Vec<Member>,
}

/// A page of the members a selector picks (a list of 145,000 active customers at 1M orders is
/// sorted by its ids and only the page's rows are made).
pub fn members_page(
    store: &Store,
    memo: &Memo,
    config: &ReportConfig,
    sel: &MemberSelector,
    page: &PageQuery,
) -> Result<MemberPage> {
    let ctx = context_with(store, settings_or_err(store, config)?, memo);
    let a = Analysis::new(&ctx, config)?;
    let picked = select::pick(&a, sel)?;
    let mut ids: Vec<(i64, u32)> = picked
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .filter_map(|(c, _)| u32::try_from(c).ok())
        .map(|c| (a.dims.buyer(c).map_or(0, |b| b.revenue), c))
        .collect();
    let key = |c: u32| store.customers.key(c);
    let by_revenue =
        |x: &(i64, u32), y: &(i64, u32)| y.0.cmp(&x.0).then_with(|| key(x.1).cmp(key(y.1))).then(x.1.cmp(&y.1));
    match page.sort.unwrap_or(MemberSort::Revenue) {
        MemberSort::Revenue => ids.sort_unstable_by(by_revenue),
        MemberSort::PredictedRevenue => {
            let predicted = a.prediction().and_then(|p| p.as_ref().ok());
            let value = |c: u32| {
                let i = a.dims.buyer_index(c)?;
                predicted?.customer(i).map(|p| p.predicted_revenue_365d).filter(|v| v.is_finite())
            };
            let mut keyed: Vec<(Option<f64>, (i64, u32))> = ids.iter().map(|&x| (value(x.1), x)).collect();
            keyed.sort_unstable_by(|x, y| {
                match (x.0, y.0) {
                    (Some(a), Some(b)) => b.total_cmp(&a),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then_with(|| by_revenue(&x.1, &y.1))
            });
            ids = keyed.into_iter().map(|(_, x)| x).collect();
        }
    }
    let (offset, limit) = (page.offset.unwrap_or(0) as usize, page.limit.unwrap_or(200) as usize);
    Ok(MemberPage {
        total: ids.len() as u64,
        members: ids.iter().skip(offset).take(limit).map(|(_, c)| member(&a, *c)).collect(),
    })
}

/// The member-list row of customer `c` (by id).
pub fn member(a: &Analysis<'_>, c: u32) -> Member {
    let (ctx, dims, scores) = (a.ctx, &a.dims, &a.scores);
    let events = ctx.interest_days();
    let w = ctx.s.conversion_days;
    let in_window = ctx.store.has(crate::model::Kind::Interest) && events.within(c as usize, ctx.s.as_of, w);
    let buyer = dims.buyer_index(c).and_then(|i| ctx.customers.get(i).map(|b| (i, b)));
    let sc = buyer.and_then(|(i, _)| scores.rfm.get(i).copied()).unwrap_or([0, 0, 0]);
    let pred = buyer.and_then(|(i, _)| a.prediction()?.as_ref().ok()?.customer(i));
    Member {
        customer: ctx.store.customers.key(c).to_string(),
        orders: buyer.map_or(0, |(_, b)| b.orders),
        revenue: money(buyer.map_or(0, |(_, b)| b.revenue)),
        items: buyer.map_or(0, |(_, b)| b.items),
        first_order: buyer.map(|(_, b)| day_text(b.first)).unwrap_or_default(),
        last_order: buyer.map(|(_, b)| day_text(b.last)).unwrap_or_default(),
        recency_days: buyer.map(|(_, b)| b.recency),
        lifecycle: buyer.and_then(|(_, b)| STAGES.get(stage(b, &ctx.s))).copied().unwrap_or("").to_string(),
        r: sc[0],
        f: sc[1],
        m: sc[2],
        rfm_segment: buyer
            .and_then(|(i, _)| scores.segment.get(i))
            .and_then(|s| scores.names.get(*s))
            .cloned()
            .unwrap_or_default(),
        region: dims.region_key(c).to_string(),
        age_band: dims.age_band(c).to_string(),
        gender: dims.gender(c).key().to_string(),
        source: dims.source(c).to_string(),
        member_level: dims.member_level(c),
        phone: dims.phone(c).to_string(),
        last_interest: if in_window {
            events.last(c as usize).map(day_text).unwrap_or_default()
        } else {
            String::new()
        },
        action: if in_window {
            events.deepest(c as usize).map(|x| x.key().to_string()).unwrap_or_default()
        } else {
            String::new()
        },
        tickets: ctx.tickets_of(c).map(|t| t.0),
        complaints: ctx.tickets_of(c).map(|t| t.1),
        lifecycle_before: buyer.and_then(|(i, _)| Some(a.before().ok()?.stage(i).to_string())).unwrap_or_default(),
        rfm_segment_before: buyer.and_then(|(i, _)| Some(a.before().ok()?.segment(i).to_string())).unwrap_or_default(),
        p_alive: pred.map(|p| p.p_alive),
        expected_orders_90d: pred.map(|p| p.expected_orders_90d),
        expected_order_value: pred.map(|p| p.expected_order_value),
        predicted_revenue_365d: pred.map(|p| p.predicted_revenue_365d),
    }
}

/// The members as CSV: a BOM (so Excel reads Chinese right), CRLF lines, formula cells
/// neutralised. `options.lang` writes headers and values in that language, with the stable codes
/// of the stage and segment in two last columns.
pub fn members_csv(ms: &[Member], options: &CsvOptions) -> String {
    let header = member_header(options.lang);
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for m in ms {
        let row: Vec<String> = member_cells(m, options.lang).iter().map(Cell::csv).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One cell of a member list, typed, so that the CSV and the XLSX writer say the same thing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text from the files (keys, regions, phones): neutralised in CSV.
    Text(String),
    /// One of our own words or codes (stage, gender, age band), written as it is.
    Word(String),
    /// A whole number; empty when None.
    Int(Option<i64>),
    /// Money as its two-decimal text.
    Money(String),
    /// A day `YYYY-MM-DD`, or "" without one.
    Day(String),
    /// A number not rounded (shortest text that reads back to the same double); empty when None.
    Num(Option<f64>),
}

impl Cell {
    /// The cell as CSV text.
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_cell(s),
            Cell::Word(s) | Cell::Money(s) | Cell::Day(s) => s.clone(),
            Cell::Int(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            Cell::Num(v) => v.map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

/// The header of a member list: the codes' English names without `lang`; in `lang`, with the
/// stable codes of the stage and segment in two last columns.
pub fn member_header(lang: Option<Lang>) -> Vec<&'static str> {
    let Some(lang) = lang else {
        return [&HEADER[..], &PREDICTION_HEADER[..]].concat();
    };
    let (header, prediction): (&[&str], &[&str]) = match lang {
        Lang::ZhCn => (&HEADER_ZH, &PREDICTION_HEADER_ZH),
        Lang::En => (&HEADER, &PREDICTION_HEADER),
    };
    // the prediction columns after the others, the codes still last
    [header, prediction, &["lifecycle_code", "rfm_segment_code"]].concat()
}

/// A member's row under [`member_header`]`(lang)`.
pub fn member_cells(m: &Member, lang: Option<Lang>) -> Vec<Cell> {
    let mut c = cells(m, lang);
    c.extend([m.p_alive, m.expected_orders_90d, m.expected_order_value, m.predicted_revenue_365d].map(Cell::Num));
    if lang.is_some() {
        c.push(Cell::Word(m.lifecycle.clone()));
        c.push(Cell::Text(m.rfm_segment.clone()));
    }
    c
}

/// The prediction columns, after the columns of before so that those keep their places (in a
/// list in the UI language, before the two code columns, which stay last).
const PREDICTION_HEADER: [&str; 4] =
    ["p_alive", "expected_orders_90d", "expected_order_value", "predicted_revenue_365d"];

/// The same in Chinese.
const PREDICTION_HEADER_ZH: [&str; 4] = ["存活概率", "预计90天购买次数", "预计客单价", "预计365天销售额"];

/// The columns of a member list, as the CLI prints them.
const HEADER: [&str; 24] = [
    "customer",
    "orders",
    "revenue",
    "items",
    "first_order",
    "last_order",
    "recency_days",
    "lifecycle",
    "r",
    "f",
    "m",
    "rfm_segment",
    "region",
    "age_band",
    "gender",
    "source",
    "member_level",
    "phone",
    "last_interest",
    "action",
    "tickets",
    "complaints",
    "lifecycle_before",
    "rfm_segment_before",
];

/// The same columns in Chinese.
const HEADER_ZH: [&str; 24] = [
    "客户",
    "有效订单数",
    "销售额",
    "商品件数",
    "首单日期",
    "末单日期",
    "距上次购买天数",
    "生命周期",
    "R 分",
    "F 分",
    "M 分",
    "RFM 分群",
    "地区",
    "年龄段",
    "性别",
    "来源",
    "会员等级",
    "手机号",
    "最近兴趣日期",
    "最深行为",
    "售后工单数",
    "投诉数",
    "迁移前生命周期",
    "迁移前 RFM 分群",
];

/// A member's cells: codes as they are, or in `lang`.
fn cells(m: &Member, lang: Option<Lang>) -> Vec<Cell> {
    let word = |code: &str, f: fn(&str, Lang) -> &str| lang.map_or(code, |l| f(code, l)).to_string();
    let score = |s: u8| Cell::Int(if s == 0 { None } else { Some(i64::from(s)) });
    let count = |n: u64| Cell::Int(Some(i64::try_from(n).unwrap_or(i64::MAX)));
    vec![
        Cell::Text(m.customer.clone()),
        count(m.orders),
        Cell::Money(m.revenue.clone()),
        count(m.items),
        Cell::Day(m.first_order.clone()),
        Cell::Day(m.last_order.clone()),
        Cell::Int(m.recency_days),
        Cell::Word(word(&m.lifecycle, labels::stage_name)),
        score(m.r),
        score(m.f),
        score(m.m),
        Cell::Text(word(&m.rfm_segment, labels::segment_name)),
        Cell::Text(word(&m.region, labels::key_name)),
        Cell::Word(word(&m.age_band, labels::key_name)),
        Cell::Word(word(&m.gender, labels::key_name)),
        Cell::Text(word(&m.source, labels::key_name)),
        match lang {
            Some(l) => Cell::Word(labels::member_level_name(m.member_level, l)),
            None => Cell::Int(m.member_level.map(i64::from)),
        },
        Cell::Text(m.phone.clone()),
        Cell::Day(m.last_interest.clone()),
        Cell::Word(word(&m.action, labels::action_name)),
        Cell::Int(m.tickets.map(i64::from)),
        Cell::Int(m.complaints.map(i64::from)),
        Cell::Word(before(&m.lifecycle_before, lang, labels::stage_name)),
        Cell::Text(before(&m.rfm_segment_before, lang, labels::segment_name)),
    ]
}

/// A stage or segment at `migration.from` in `lang`: `none` (not a customer then) is 无 / None.
fn before(code: &str, lang: Option<Lang>, name: fn(&str, Lang) -> &str) -> String {
    match (code, lang) {
        (_, None) => code.to_string(),
        ("none", Some(Lang::ZhCn)) => "无".to_string(),
        ("none", Some(Lang::En)) => "None".to_string(),
        (_, Some(l)) => name(code, l).to_string(),
    }
}

/// A CSV cell: quoted when needed, and prefixed with `'` when a spreadsheet would read it as a
/// formula (`= + - @`, tab, CR).
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_page_is_a_slice_of_the_whole_list_and_counts_it() {
        let st = crate::metrics::testing::store(Some(crate::metrics::testing::SHOP), None);
        let (memo, config) = (Memo::default(), ReportConfig::default());
        for stage in ["new", "active"] {
            let sel: MemberSelector = serde_json::from_value(serde_json::json!({ "lifecycle": stage })).unwrap();
            let all = members(&st, &memo, &config, &sel).unwrap();
            assert!(all.len() >= 2, "{stage}: {all:?}");
            assert!(all.windows(2).all(|w| {
                let cents = |m: &Member| m.revenue.replace('.', "").parse::<i64>().unwrap();
                (cents(&w[1]), &w[0].customer) < (cents(&w[0]), &w[1].customer)
            }));
            for (offset, limit) in [(0, 1), (1, 2), (0, 200), (2, 5), (9, 1)] {
                let q = PageQuery { offset: Some(offset), limit: Some(limit), sort: None };
                let p = members_page(&st, &memo, &config, &sel, &q).unwrap();
                let want: Vec<Member> = all.iter().skip(offset as usize).take(limit as usize).cloned().collect();
                assert_eq!((p.total, p.members), (all.len() as u64, want), "{stage} {q:?}");
            }
        }
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for (i, o) in [
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("a,b", "\"a,b\""),
            ("=\"x\"", "\"'=\"\"x\"\"\""),
            ("小鱼", "小鱼"),
        ] {
            assert_eq!(csv_cell(i), o);
        }
    }
}

//! The customers behind a number: members of a segment, tag or lifecycle stage, as rows and as
//! CSV whose cells a spreadsheet cannot execute.

use super::analysis::Analysis;
use super::context::{context, settings_or_err};
use super::lifecycle::{stage, STAGES};
use super::{day_text, labels, money, select};
use crate::config::{CsvOptions, Lang, MemberSelector, ReportConfig};
use crate::error::Result;
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// One customer of a member list.
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
    /// First valid order day.
    pub first_order: String,
    /// Last valid order day.
    pub last_order: String,
    /// Days since the last order.
    pub recency_days: i64,
    /// Lifecycle stage.
    pub lifecycle: String,
    /// R score.
    pub r: u8,
    /// F score.
    pub f: u8,
    /// M score.
    pub m: u8,
    /// RFM segment.
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
    /// BG/NBD probability that the customer is still a customer (null without a prediction).
    pub p_alive: Option<f64>,
    /// Expected purchase days in the next 90 days.
    pub expected_orders_90d: Option<f64>,
    /// Expected value of a purchase day, yuan (an estimate, not rounded).
    pub expected_order_value: Option<f64>,
    /// Expected purchase days in the next 365 days × expected value, yuan (not rounded).
    pub predicted_revenue_365d: Option<f64>,
}

/// The members of a segment, tag or stage, sorted by revenue (desc) then key.
pub fn members(store: &Store, config: &ReportConfig, sel: &MemberSelector) -> Result<Vec<Member>> {
    let ctx = context(store, settings_or_err(store, config)?);
    let a = Analysis::new(&ctx, config)?;
    let mask = select::mask(&a, sel)?;
    let pick = |ci: usize| mask.get(ci).copied().unwrap_or(false);
    let mut out: Vec<(i64, Member)> = ctx
        .customers
        .iter()
        .enumerate()
        .filter(|(ci, _)| pick(*ci))
        .map(|(ci, c)| (c.revenue, member(&a, ci)))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.customer.cmp(&b.1.customer)));
    Ok(out.into_iter().map(|(_, m)| m).collect())
}

fn member(a: &Analysis<'_>, ci: usize) -> Member {
    let (ctx, dims, scores) = (a.ctx, &a.dims, &a.scores);
    let sc = scores.rfm.get(ci).copied().unwrap_or([0, 0, 0]);
    let c = ctx.customers.get(ci).copied();
    let Some(c) = c else {
        return Member {
            customer: String::new(),
            orders: 0,
            revenue: money(0),
            items: 0,
            first_order: String::new(),
            last_order: String::new(),
            recency_days: 0,
            lifecycle: String::new(),
            r: 0,
            f: 0,
            m: 0,
            rfm_segment: String::new(),
            region: String::new(),
            age_band: String::new(),
            gender: String::new(),
            source: String::new(),
            member_level: None,
            p_alive: None,
            expected_orders_90d: None,
            expected_order_value: None,
            predicted_revenue_365d: None,
        };
    };
    let pred = a.prediction().and_then(|p| p.as_ref().ok()).and_then(|p| p.customers.get(ci));
    Member {
        customer: ctx.store.customers.key(c.id).to_string(),
        orders: c.orders,
        revenue: money(c.revenue),
        items: c.items,
        first_order: day_text(c.first),
        last_order: day_text(c.last),
        recency_days: c.recency,
        lifecycle: STAGES.get(stage(&c, &ctx.s)).copied().unwrap_or("").to_string(),
        r: sc[0],
        f: sc[1],
        m: sc[2],
        rfm_segment: scores.segment.get(ci).and_then(|s| scores.names.get(*s)).cloned().unwrap_or_default(),
        region: dims.region_key(c.id).to_string(),
        age_band: dims.age_band(c.id).to_string(),
        gender: dims.gender(c.id).key().to_string(),
        source: dims.source(c.id).to_string(),
        member_level: dims.member_level(c.id),
        p_alive: pred.map(|p| p.p_alive),
        expected_orders_90d: pred.map(|p| p.expected_orders_90d),
        expected_order_value: pred.map(|p| p.expected_order_value),
        predicted_revenue_365d: pred.map(|p| p.predicted_revenue_365d),
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

/// Members as CSV (UTF-8 with BOM so Excel opens Chinese text right; CRLF line ends).
pub fn members_csv(ms: &[Member], options: &CsvOptions) -> String {
    let Some(lang) = options.lang else {
        return csv(&[&HEADER[..], &PREDICTION_HEADER[..]].concat(), ms, |m| {
            let mut c = cells(m, None);
            c.extend(prediction_cells(m));
            c
        });
    };
    let header: Vec<&str> = match lang {
        Lang::ZhCn => HEADER_ZH.to_vec(),
        Lang::En => HEADER.to_vec(),
    };
    let prediction: &[&str] = match lang {
        Lang::ZhCn => &PREDICTION_HEADER_ZH,
        Lang::En => &PREDICTION_HEADER,
    };
    // the prediction columns after the 17 of before, the codes still last
    let header = [header, prediction.to_vec(), vec!["lifecycle_code", "rfm_segment_code"]].concat();
    csv(&header, ms, |m| {
        let mut c = cells(m, Some(lang));
        c.extend(prediction_cells(m));
        c.push(m.lifecycle.clone());
        c.push(csv_cell(&m.rfm_segment));
        c
    })
}

/// The columns of a member list, as the CLI prints them.
const HEADER: [&str; 17] = [
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
];

/// The same columns in Chinese.
const HEADER_ZH: [&str; 17] = [
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
];

/// The prediction columns, after the 17 columns of before so that those keep their places (in a
/// list in the UI language, before the two code columns, which stay last).
const PREDICTION_HEADER: [&str; 4] =
    ["p_alive", "expected_orders_90d", "expected_order_value", "predicted_revenue_365d"];

/// The same in Chinese.
const PREDICTION_HEADER_ZH: [&str; 4] = ["存活概率", "预计90天购买次数", "预计客单价", "预计365天销售额"];

/// The prediction cells: the numbers unrounded (shortest text that reads back to the same
/// double), empty without a prediction.
fn prediction_cells(m: &Member) -> [String; 4] {
    [m.p_alive, m.expected_orders_90d, m.expected_order_value, m.predicted_revenue_365d]
        .map(|v| v.map(|v| v.to_string()).unwrap_or_default())
}

fn csv(header: &[&str], ms: &[Member], row: impl Fn(&Member) -> Vec<String>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for m in ms {
        out.push_str(&row(m).join(","));
        out.push_str("\r\n");
    }
    out
}

/// A member's cells: codes as they are, or in `lang`.
fn cells(m: &Member, lang: Option<Lang>) -> Vec<String> {
    let word = |code: &str, f: fn(&str, Lang) -> &str| lang.map_or(code, |l| f(code, l)).to_string();
    vec![
        csv_cell(&m.customer),
        m.orders.to_string(),
        m.revenue.clone(),
        m.items.to_string(),
        m.first_order.clone(),
        m.last_order.clone(),
        m.recency_days.to_string(),
        word(&m.lifecycle, labels::stage_name),
        m.r.to_string(),
        m.f.to_string(),
        m.m.to_string(),
        csv_cell(&word(&m.rfm_segment, labels::segment_name)),
        csv_cell(&word(&m.region, labels::key_name)),
        word(&m.age_band, labels::key_name),
        word(&m.gender, labels::key_name),
        csv_cell(&word(&m.source, labels::key_name)),
        match lang {
            Some(l) => labels::member_level_name(m.member_level, l),
            None => m.member_level.map(|l| l.to_string()).unwrap_or_default(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! One customer's whole story (客户档案), and the customer list it is found from (metrics.md
//! Part 2, "Customer record"): every row the files hold for a key, with the derived fields.

use super::analysis::Analysis;
use super::context::{context_with, settings_or_err, Context};
use super::customers::Dims;
use super::members::{member, Member};
use super::memo::Memo;
use super::{day_text, money};
use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::store::{day_of, Stamp, Store, NO_LABEL, NO_REGION};
use serde::{Deserialize, Serialize};

/// Everything the files say about one customer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CustomerRecord {
    /// The derived fields, as a member list shows them (orders, revenue, scores, segment,
    /// stage, region, age band, gender, source, member level, phone, interest).
    pub summary: Member,
    /// `buyer` (a valid order), `interested` (an interest event, no valid order), `profile`
    /// (only in a customers file) or `other`.
    pub kind: String,
    /// The config's tags the customer is in.
    pub tags: Vec<String>,
    /// The customers file's row: every column, by header (null without one).
    pub profile: Option<Vec<Cell>>,
    /// Every order of the key in every file, any status and date, newest first.
    pub orders: Vec<OrderRow>,
    /// Interest events, newest first.
    pub events: Vec<EventRow>,
    /// Outbound calls, newest first.
    pub calls: Vec<CallRow>,
    /// After-sales tickets whose buyer cell is this key (a buyer id), newest first.
    pub tickets: Vec<TicketRow>,
}

/// One after-sales ticket of a customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct TicketRow {
    /// Created (`YYYY-MM-DD HH:MM:SS`).
    pub created: String,
    /// Type (`未知` when blank).
    pub ticket_type: String,
    /// Channel (`未知` when blank).
    pub channel: String,
    /// Status 已解决 or 已关闭.
    pub resolved: bool,
    /// Satisfaction 1–5 (null without a score).
    pub satisfaction: Option<u8>,
    /// The order id when it is a number (null otherwise or without one).
    pub order_id: Option<String>,
    /// Dated after as_of (left out of the report).
    pub after_as_of: bool,
    /// The file it came from.
    pub file: String,
}

/// One column of a customers-file row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Cell {
    /// The header.
    pub column: String,
    /// The value as exported.
    pub value: String,
}

/// One order of a customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct OrderRow {
    /// The order id when it was a number (other ids are kept only as a hash).
    pub order_id: Option<String>,
    /// Creation time `YYYY-MM-DD HH:MM:SS`.
    pub created: String,
    /// Paid, not closed, not fully refunded.
    pub valid: bool,
    /// Amount paid.
    pub paid: String,
    /// Amount refunded.
    pub refund: String,
    /// Revenue (valid orders only).
    pub revenue: String,
    /// Items.
    pub items: u32,
    /// Region of the shipping address.
    pub region: String,
    /// Dated after as_of (left out of every section).
    pub after_as_of: bool,
    /// The file it came from.
    pub file: String,
}

/// One interest event of a customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EventRow {
    /// When, `YYYY-MM-DD HH:MM:SS`.
    pub time: String,
    /// `cart`, `favorite_item`, `favorite_shop` or `other`.
    pub action: String,
    /// The event's province (未知 without one).
    pub province: String,
}

/// One outbound call of a customer record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CallRow {
    /// When, `YYYY-MM-DD HH:MM:SS`.
    pub time: String,
    /// The agent (未知 without one).
    pub agent: String,
    /// Talk time in seconds.
    pub duration_seconds: u32,
    /// Someone answered.
    pub connected: bool,
    /// The agent ticked an order.
    pub ordered: bool,
    /// The call task (外呼任务; 未知 without one).
    pub task: String,
}

/// Which customers a [`CustomerQuery`] lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct CustomerQuery {
    /// Keys containing this text (any case); keys starting with it come first.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub search: Option<String>,
    /// `buyer` (成交客户), `interested` (未成交客户: interest events, no valid order) or
    /// `profile` (其他: only in a customers file).
    #[cfg_attr(feature = "wasm", tsify(optional, type = "\"buyer\" | \"interested\" | \"profile\""))]
    pub kind: Option<String>,
    /// At most this many rows (default 50, at most 1000).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limit: Option<u32>,
    /// Rows to skip first.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub offset: Option<u32>,
}

/// A page of the customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CustomerList {
    /// How many customers match (all pages).
    pub total: u64,
    /// This page: prefix matches first, then by revenue (desc), then key.
    pub customers: Vec<CustomerListRow>,
}

/// One row of the customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CustomerListRow {
    /// The key.
    pub customer: String,
    /// `buyer`, `interested`, `profile` or `other`.
    pub kind: String,
    /// Valid orders.
    pub orders: u64,
    /// Revenue.
    pub revenue: String,
    /// Last valid order day ("" without one).
    pub last_order: String,
    /// Last interest event day on or before as_of ("" without one).
    pub last_interest: String,
}

const KINDS: [&str; 3] = ["buyer", "interested", "profile"];

/// What kind of customer id `c` is.
fn kind_of(ctx: &Context<'_>, dims: &Dims<'_>, c: u32) -> &'static str {
    if dims.buyer_index(c).is_some() {
        "buyer"
    } else if ctx.store.has(Kind::Interest) && ctx.interest_days().last(c as usize).is_some() {
        "interested"
    } else if dims.profile(c).is_some() {
        "profile"
    } else {
        "other"
    }
}

fn time_text(t: Stamp) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// The record of one key (as the customer sees it: `alice`, an e-mail, …); an unknown key is an
/// [`Error::UnknownCustomer`] that names it.
pub fn customer(store: &Store, memo: &Memo, config: &ReportConfig, key: &str) -> Result<CustomerRecord> {
    let c = store
        .customers
        .find(key.trim())
        .filter(|c| memo.present(store).get(*c as usize).copied().unwrap_or(false))
        .ok_or_else(|| Error::UnknownCustomer(key.to_string()))?;
    let ctx = context_with(store, settings_or_err(store, config)?, memo);
    let a = Analysis::new(&ctx, config)?;
    let tags = match a.dims.buyer_index(c) {
        Some(i) => {
            a.tags.tags.iter().filter(|(_, m)| m.get(i).copied().unwrap_or(false)).map(|(n, _)| n.clone()).collect()
        }
        None => Vec::new(),
    };
    let mut profile = None;
    let (mut orders, mut events, mut calls, mut tickets) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // a ticket's buyer is a label: the label of this key, when it is a buyer id
    let buyer = (store.customers.space(c) == Some(crate::model::KeySpace::Nick))
        .then(|| store.labels.get(store.customers.key(c)))
        .flatten();
    let label = |id: u32| if id == NO_LABEL { crate::store::UNKNOWN_REGION } else { store.labels.name(id) };
    for f in &store.files {
        let t = &f.table;
        if profile.is_none() {
            if let Some(p) = t.profiles.iter().find(|p| p.customer == c) {
                let cells = t.profile_header.iter().zip(&p.cells).map(|(h, v)| Cell {
                    column: h.clone(),
                    value: if *v == NO_LABEL { String::new() } else { store.labels.name(*v).to_string() },
                });
                profile = Some(cells.collect());
            }
        }
        for o in t.orders.iter().filter(|o| o.customer == c) {
            orders.push((
                o.created,
                OrderRow {
                    order_id: (o.key >> 127 == 0).then(|| o.key.to_string()),
                    created: time_text(o.created),
                    valid: o.valid,
                    paid: money(o.paid),
                    refund: money(o.refund),
                    revenue: money(o.revenue()),
                    items: o.items,
                    region: store.regions.name(o.region).to_string(),
                    after_as_of: day_of(o.created) > ctx.s.as_of,
                    file: f.summary.name.clone(),
                },
            ));
        }
        for e in t.interest.iter().filter(|e| e.customer == c) {
            let province =
                if e.region == NO_REGION { crate::store::UNKNOWN_REGION } else { store.regions.name(e.region) };
            events.push((
                e.time,
                EventRow {
                    time: time_text(e.time),
                    action: e.action.key().to_string(),
                    province: province.to_string(),
                },
            ));
        }
        for k in t.calls.iter().filter(|k| k.customer == c) {
            let agent = label(k.agent);
            calls.push((
                k.time,
                CallRow {
                    time: time_text(k.time),
                    agent: agent.to_string(),
                    duration_seconds: k.duration,
                    connected: k.connected,
                    ordered: k.ordered,
                    task: label(k.task).to_string(),
                },
            ));
        }
    }
    for f in &store.files {
        for k in f.table.tickets.iter().filter(|k| buyer.is_some_and(|b| k.buyer == b)) {
            tickets.push((
                k.created,
                TicketRow {
                    created: time_text(k.created),
                    ticket_type: label(k.ticket_type).to_string(),
                    channel: label(k.channel).to_string(),
                    resolved: k.is_resolved,
                    satisfaction: k.satisfaction,
                    order_id: k.order.filter(|o| o >> 127 == 0).map(|o| o.to_string()),
                    after_as_of: day_of(k.created) > ctx.s.as_of,
                    file: f.summary.name.clone(),
                },
            ));
        }
    }
    // newest first (a stable sort: rows of one time stay in file order)
    orders.sort_by_key(|x| std::cmp::Reverse(x.0));
    events.sort_by_key(|x| std::cmp::Reverse(x.0));
    calls.sort_by_key(|x| std::cmp::Reverse(x.0));
    tickets.sort_by_key(|x| std::cmp::Reverse(x.0));
    Ok(CustomerRecord {
        summary: member(&a, c),
        kind: kind_of(&ctx, &a.dims, c).to_string(),
        tags,
        profile,
        orders: orders.into_iter().map(|x| x.1).collect(),
        events: events.into_iter().map(|x| x.1).collect(),
        calls: calls.into_iter().map(|x| x.1).collect(),
        tickets: tickets.into_iter().map(|x| x.1).collect(),
    })
}

/// A page of the customers matching `q`. It reads no RFM score or tag, so it does not make
/// them: at 1M orders the list answers a keystroke of the page's search box in tens of
/// milliseconds (the memo keeps the orders' part and the interest pass).
pub fn customers(store: &Store, memo: &Memo, config: &ReportConfig, q: &CustomerQuery) -> Result<CustomerList> {
    if let Some(k) = q.kind.as_deref().filter(|k| !KINDS.contains(k)) {
        return Err(Error::Config(format!("customers.kind: {k:?} is not one of {}", KINDS.join(", "))));
    }
    let ctx = context_with(store, settings_or_err(store, config)?, memo);
    let dims = super::customers::dims(&ctx);
    let needle = q.search.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
    // (not a prefix match, −revenue, id): the order of the list, the key breaking ties
    let mut hits: Vec<(bool, i64, u32)> = Vec::new();
    let present = memo.present(store);
    for c in 0..u32::try_from(store.customers.len()).unwrap_or(u32::MAX) {
        if !present.get(c as usize).copied().unwrap_or(false) {
            continue;
        }
        if q.kind.as_deref().is_some_and(|k| k != kind_of(&ctx, &dims, c)) {
            continue;
        }
        let prefix = match &needle {
            None => true,
            Some(n) => match match_any_case(store.customers.key(c), n) {
                Some(prefix) => prefix,
                None => continue,
            },
        };
        hits.push((!prefix, -dims.buyer(c).map_or(0, |b| b.revenue), c));
    }
    let order = |x: &(bool, i64, u32), y: &(bool, i64, u32)| {
        (x.0, x.1).cmp(&(y.0, y.1)).then_with(|| store.customers.key(x.2).cmp(store.customers.key(y.2)))
    };
    let (offset, limit) = (q.offset.unwrap_or(0) as usize, q.limit.unwrap_or(50).min(1000) as usize);
    // only the rows up to the page's end need their order
    let end = offset.saturating_add(limit).min(hits.len());
    let total = hits.len() as u64;
    let mut page = hits;
    if end < page.len() && end > 0 {
        page.select_nth_unstable_by(end - 1, order);
        page.truncate(end);
    }
    page.sort_unstable_by(order);
    let events = ctx.interest_days();
    let rows = page
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&(_, _, c)| {
            let b = dims.buyer(c);
            CustomerListRow {
                customer: store.customers.key(c).to_string(),
                kind: kind_of(&ctx, &dims, c).to_string(),
                orders: b.map_or(0, |b| b.orders),
                revenue: money(b.map_or(0, |b| b.revenue)),
                last_order: b.map(|b| day_text(b.last)).unwrap_or_default(),
                last_interest: if store.has(Kind::Interest) {
                    events.last(c as usize).map(day_text).unwrap_or_default()
                } else {
                    String::new()
                },
            }
        })
        .collect();
    Ok(CustomerList { total, customers: rows })
}

/// Whether `key` read in lower case contains `needle` (lower-cased), and if so whether it starts
/// with it. An ASCII needle is matched on the key's bytes without allocating: only ASCII bytes
/// can match it, and lower-casing keeps them in place and makes none (but for the Kelvin sign
/// and the dotted capital I, which take the slow way).
fn match_any_case(key: &str, needle: &str) -> Option<bool> {
    if needle.is_ascii() && (key.is_ascii() || !key.contains(['\u{212A}', '\u{0130}'])) {
        let (k, n) = (key.as_bytes(), needle.as_bytes());
        if n.is_empty() {
            return Some(true);
        }
        return k
            .windows(n.len())
            .position(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b))
            .map(|i| i == 0);
    }
    key.to_lowercase().find(needle).map(|i| i == 0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::metrics::testing::store;

    fn list(st: &Store, search: &str, offset: u32, limit: u32) -> CustomerList {
        let q = CustomerQuery { search: Some(search.into()), kind: None, limit: Some(limit), offset: Some(offset) };
        customers(st, &Memo::default(), &ReportConfig::default(), &q).unwrap()
    }

    #[test]
    fn matches_any_case_prefixes_first_then_by_revenue_and_pages_are_slices() {
        let st = store(
            Some(&[
                ("mali", "2024-03-01", 9000, true),
                ("Alice", "2024-03-01", 100, true),
                ("ALI", "2024-03-02", 100, true),
                ("小Ali", "2024-03-03", 5000, true),
                ("bob", "2024-03-04", 7000, true),
                ("alibaba", "2024-03-05", 300, true),
            ]),
            None,
        );
        let names = |l: &CustomerList| l.customers.iter().map(|r| r.customer.clone()).collect::<Vec<_>>();
        let all = list(&st, "ALI", 0, 1000);
        // prefix matches first (by revenue, then key), then the others
        assert_eq!(names(&all), ["alibaba", "ALI", "Alice", "mali", "小Ali"]);
        assert_eq!(all.total, 5);
        for offset in 0..6 {
            for limit in 1..6 {
                let page = list(&st, "ali", offset, limit);
                let want: Vec<String> = names(&all).into_iter().skip(offset as usize).take(limit as usize).collect();
                assert_eq!((names(&page), page.total), (want, 5), "{offset} {limit}");
            }
        }
        assert_eq!(names(&list(&st, "小a", 0, 10)), ["小Ali"]);
        assert_eq!(list(&st, "zz", 0, 10).total, 0);
    }

    #[test]
    fn the_byte_match_agrees_with_lower_casing_the_key() {
        let keys =
            ["Alice", "小Ali", "ÀLI", "\u{212A}ELVIN", "\u{0130}stanbul", "Ⱥli", "王燕娜44", "a.b@EXAMPLE.com", ""];
        let needles = ["ali", "li", "kelvin", "i̇stan", "stan", "ⱥli", "燕娜", "example", "a", "44"];
        for k in keys {
            for n in needles {
                let lower = k.to_lowercase();
                let want = lower.find(n).map(|i| i == 0);
                assert_eq!(match_any_case(k, n), want, "{k:?} {n:?}");
            }
        }
    }
}

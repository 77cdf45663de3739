//! Predicted value through the public API (issue 19): the guards and their sentence, the section's
//! sums, `prediction.enabled`, the tag fields and the member columns. The numbers themselves are
//! checked against `lifetimes` by tests/reference/clv_reference.py and the math's unit tests.

// Tests may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use customer_insights::config::MemberSelector;
use customer_insights::{ReportConfig, Workspace};

/// A deterministic generator (64-bit LCG, Knuth's MMIX constants) of numbers in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A generic orders CSV of `customers` buyers over 2024, BG/NBD-like: each starts on a random
/// day, buys every ~`gap` days (exponential gaps, the mean gap differing by buyer) and leaves
/// after each purchase with a probability that differs by buyer (with one probability for all,
/// the beta distribution degenerates and BG/NBD has no interior maximum).
fn orders(customers: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::from("Order ID,Customer ID,Created,Status,Amount\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut n = 0;
    for c in 0..customers {
        let gap = 5.0 + 150.0 * rng.next() * rng.next();
        let leave = 0.02 + 0.9 * rng.next() * rng.next();
        let spend = 50.0 + 300.0 * rng.next();
        let mut day = (rng.next() * 330.0) as i64;
        loop {
            n += 1;
            let date = start + chrono::Duration::days(day);
            let amount = spend * (0.5 + rng.next());
            out.push_str(&format!("O{n},buyer{c},{date} 10:00:00,paid,{amount:.2}\n"));
            if rng.next() < leave {
                break;
            }
            day += 1 + (-gap * (1.0 - rng.next()).ln()) as i64;
            if day > 365 {
                break;
            }
        }
    }
    out
}

fn workspace(csv: &str) -> Workspace {
    let mut ws = Workspace::new();
    ws.add_file("orders.csv", csv.as_bytes()).unwrap();
    ws
}

/// A selector from its JSON (`{"tag": …}`, `{"lifecycle": …}`).
fn selector(kind: &str, name: &str) -> MemberSelector {
    serde_json::from_value(serde_json::json!({ kind: name })).unwrap()
}

fn config(json: &str) -> ReportConfig {
    ReportConfig::from_json(json).unwrap()
}

#[test]
fn too_few_customers_give_null_and_say_what_is_missing() {
    let ws = workspace(&orders(120, 7));
    let r = ws.report(&ReportConfig::default()).unwrap();
    assert!(r.prediction.is_none());
    let e = r.prediction_error.unwrap();
    assert!(e.starts_with("Predicted value needs at least 300 customers and 100 repeat buyers"), "{e}");
    assert!(e.contains("these orders have 120 customers and"), "{e}");
    // members have empty prediction fields, and a tag on them matches nobody
    let c = config(r#"{"tags":[{"name":"alive","conditions":[{"field":"p_alive","op":">=","value":0}]}]}"#);
    let r = ws.report(&c).unwrap();
    assert_eq!(r.tags.unwrap()[0].customers, 0);
    let all = ws.members(&c, &selector("lifecycle", "active")).unwrap();
    assert!(all.iter().all(|m| m.p_alive.is_none() && m.predicted_revenue_365d.is_none()));
}

#[test]
fn without_orders_or_when_turned_off_both_are_null() {
    let ws = Workspace::new();
    let r = ws.report(&ReportConfig::default()).unwrap();
    assert!(r.prediction.is_none() && r.prediction_error.is_none());
    let ws = workspace(&orders(120, 7));
    let r = ws.report(&config(r#"{"prediction":{"enabled":false}}"#)).unwrap();
    assert!(r.prediction.is_none() && r.prediction_error.is_none());
}

#[test]
fn the_section_sums_the_customers_and_the_tags_read_their_fields() {
    let ws = workspace(&orders(900, 3));
    let r = ws.report(&ReportConfig::default()).unwrap();
    let p = r.prediction.as_ref().unwrap_or_else(|| panic!("{:?}", r.prediction_error));
    assert!(r.prediction_error.is_none());
    let customers = r.totals.as_ref().unwrap().customers;
    assert_eq!(p.bgnbd.customers, customers);
    let sum = |rows: &[customer_insights::report::PredictionRow]| rows.iter().map(|r| r.customers).sum::<u64>();
    assert_eq!(sum(&p.by_lifecycle), customers);
    assert_eq!(sum(&p.by_segment), customers);
    assert_eq!(p.p_alive_bands.iter().map(|b| b.customers).sum::<u64>(), customers);
    let repeat: u64 = p.p_alive_bands_repeat.iter().map(|b| b.customers).sum();
    assert!(repeat >= 100 && repeat < customers && p.gamma_gamma.customers == repeat, "{repeat}");
    // one-time buyers are all in [0.8,1]: the difference of the two band lists is there alone
    for (all, rep) in p.p_alive_bands.iter().zip(&p.p_alive_bands_repeat).take(4) {
        assert_eq!(all.customers, rep.customers, "{}", all.key);
    }
    let keys: Vec<&str> = p.p_alive_bands.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["[0,0.2)", "[0.2,0.4)", "[0.4,0.6)", "[0.6,0.8)", "[0.8,1]"]);
    assert!(p.gamma_gamma.q > 1.0 && p.bgnbd.log_likelihood < 0.0);

    // tags on the prediction fields, and the member columns behind them
    let c = config(
        r#"{"tags":[
            {"name":"fading","conditions":[{"field":"p_alive","op":"<","value":0.5}]},
            {"name":"worth","conditions":[{"field":"predicted_revenue_365d","op":">=","value":300},
                                          {"field":"expected_orders_90d","op":">","value":0.2},
                                          {"field":"expected_order_value","op":">","value":0}]}]}"#,
    );
    let r = ws.report(&c).unwrap();
    let tag = |t: &str| selector("tag", t);
    let fading = ws.members(&c, &tag("fading")).unwrap();
    assert_eq!(fading.len() as u64, r.tags.as_ref().unwrap()[0].customers);
    assert!(!fading.is_empty() && fading.iter().all(|m| m.p_alive.unwrap() < 0.5 && m.orders >= 2));
    let worth = ws.members(&c, &tag("worth")).unwrap();
    assert!(!worth.is_empty());
    assert!(worth.iter().all(|m| m.predicted_revenue_365d.unwrap() >= 300.0 && m.expected_orders_90d.unwrap() > 0.2));
    // one-time buyers: P(alive) 1, the population's mean order value
    let all: Vec<_> = ["new", "active", "sleeping", "lost"]
        .iter()
        .flat_map(|s| ws.members(&c, &selector("lifecycle", s)).unwrap())
        .collect();
    assert_eq!(all.len() as u64, r.totals.as_ref().unwrap().customers);
    let once: Vec<_> = all.iter().filter(|m| m.orders == 1).collect();
    assert!(!once.is_empty() && once.iter().all(|m| m.p_alive == Some(1.0)));
    let gg = &p.gamma_gamma;
    let mean = gg.p * gg.v / (gg.q - 1.0);
    assert!(once.iter().all(|m| (m.expected_order_value.unwrap() - mean).abs() < 1e-9 * mean));
    // the total is the sum of the customers' values, rounded to cents
    let total: f64 = all.iter().map(|m| m.predicted_revenue_365d.unwrap()).sum();
    let shown: f64 = p.predicted_revenue_365d.parse().unwrap();
    assert!((total - shown).abs() < 1.0, "{total} vs {shown}");

    // the CSV: the four columns last, unrounded
    let csv = ws.members_csv(&c, &tag("fading"), &Default::default()).unwrap();
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(header.ends_with(
        ",complaints,lifecycle_before,rfm_segment_before,p_alive,expected_orders_90d,expected_order_value,predicted_revenue_365d"
    ));
    let zh = ws
        .members_csv(&c, &tag("fading"), &customer_insights::CsvOptions { lang: Some(customer_insights::Lang::ZhCn) })
        .unwrap();
    let header = zh.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(header
        .ends_with(",投诉数,迁移前生命周期,迁移前 RFM 分群,存活概率,预计90天购买次数,预计客单价,预计365天销售额,lifecycle_code,rfm_segment_code"));
}

/// The rows in reverse order intern the customers in another order: the prediction must not
/// change by a bit (the histories are condensed in sorted order, the warm-up sample taken from
/// them, the sums exact). 24,000 customers, so that the warm-up sample is used.
#[test]
fn the_prediction_does_not_depend_on_the_order_of_the_rows() {
    let csv = orders(24_000, 11);
    let mut lines: Vec<&str> = csv.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let reversed = format!("{header}\n{}\n", lines.join("\n"));
    let json = |csv: &str| {
        let r = workspace(csv).report(&ReportConfig::default()).unwrap();
        assert!(r.prediction.is_some(), "{:?}", r.prediction_error);
        serde_json::to_string(&r.prediction).unwrap()
    };
    assert_eq!(json(&csv), json(&reversed));
}

#[test]
fn a_page_sorted_by_predicted_value_is_the_list_sorted_by_it() {
    let ws = workspace(&orders(2000, 11));
    let c = config(r#"{"as_of": "2024-12-31"}"#);
    for sel in [selector("lifecycle", "sleeping"), selector("lifecycle", "active")] {
        let mut want = ws.members(&c, &sel).unwrap();
        assert!(want.len() > 20, "{}", want.len());
        // the list is by revenue, then key: a stable sort by predicted value keeps that for ties
        want.sort_by(|a, b| {
            let v = |m: &customer_insights::metrics::Member| m.predicted_revenue_365d.unwrap_or(f64::NEG_INFINITY);
            v(b).total_cmp(&v(a))
        });
        for (offset, limit) in [(0, 10), (5, 7), (0, 100_000)] {
            let q: customer_insights::metrics::PageQuery = serde_json::from_value(serde_json::json!(
                {"offset": offset, "limit": limit, "sort": "predicted_revenue_365d"}
            ))
            .unwrap();
            let page = ws.members_page(&c, &sel, &q).unwrap();
            assert_eq!(page.total as usize, want.len());
            let got: Vec<&str> = page.members.iter().map(|m| m.customer.as_str()).collect();
            let exp: Vec<&str> = want.iter().skip(offset).take(limit).map(|m| m.customer.as_str()).collect();
            assert_eq!(got, exp, "{sel:?} {offset} {limit}");
        }
        assert!(want[0].predicted_revenue_365d.unwrap() > want[want.len() - 1].predicted_revenue_365d.unwrap_or(0.0));
    }
}

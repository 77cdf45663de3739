//! A workspace keeps what reports derive from the files alone across calls (`metrics::memo`).
//! Whatever was asked before, and whatever was added or removed since, every answer must be the
//! one a fresh workspace of the same files gives: reports under configs that share or do not
//! share the kept values, member lists, customer records, the customer list and the screening
//! rows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use customer_insights::config::{MemberSelector, Screening};
use customer_insights::metrics::record::CustomerQuery;
use customer_insights::{ReportConfig, Workspace};
use serde_json::json;

/// Orders of 600 buyers over 2024 (enough for the prediction), in the generic layout.
fn synthetic_orders() -> Vec<u8> {
    let mut out = String::from("Order ID,Customer ID,Created,Status,Amount\n");
    let mut x: u64 = 7;
    let mut next = move || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut n = 0;
    for c in 0..600 {
        let (gap, leave, spend) = (5.0 + 120.0 * next(), 0.05 + 0.6 * next() * next(), 50.0 + 300.0 * next());
        let mut day = (next() * 300.0) as i64;
        while day <= 364 {
            n += 1;
            let date = start + chrono::Duration::days(day);
            out.push_str(&format!("S{n},buyer{c},{date} 11:00:00,paid,{:.2}\n", spend * (0.5 + next())));
            if next() < leave {
                break;
            }
            day += 1 + (gap * next()) as i64;
        }
    }
    out.into_bytes()
}

fn files() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> =
        inputs(&fixtures().join("gen_gbk_m0")).iter().map(|p| (name_of(p), std::fs::read(p).unwrap())).collect();
    v.push(("synthetic_orders.csv".to_string(), synthetic_orders()));
    v
}

fn fresh(files: &[(String, Vec<u8>)]) -> Workspace {
    let mut ws = Workspace::new();
    for (name, bytes) in files {
        ws.add_file(name, bytes).unwrap();
    }
    ws
}

fn config(v: serde_json::Value) -> ReportConfig {
    ReportConfig::from_json(&v.to_string()).unwrap()
}

/// Everything `ws` answers under `c`, as text: the report, two member lists, a record, a page
/// of the customer list, the screening rows.
fn answers(ws: &Workspace, c: &ReportConfig) -> Vec<String> {
    let sel = |v: serde_json::Value| -> MemberSelector { serde_json::from_value(v).unwrap() };
    let q: CustomerQuery = serde_json::from_value(json!({"search": "buyer1", "limit": 5})).unwrap();
    vec![
        ws.report_json(c).unwrap(),
        format!("{:?}", ws.members(c, &sel(json!({"lifecycle": "active"})))),
        format!("{:?}", ws.members(c, &sel(json!({"segment": "Champions"})))),
        format!("{:?}", ws.customer(c, "buyer12")),
        format!("{:?}", ws.customers(c, &q)),
        format!("{:?}", ws.screening_rows(c, Screening::Invalid)),
    ]
}

#[test]
fn kept_values_give_what_a_fresh_workspace_gives() {
    let files = files();
    let configs = [
        json!({}),
        json!({"as_of": "2024-11-30"}),
        json!({"as_of": "2024-11-30", "windows": {"conversion_days": 7}}),
        json!({"periods": {"days": 14}, "rfm": {"method": "thresholds",
               "cuts": {"r": [30, 90, 180, 365], "f": [2, 3, 5, 10], "m": [100, 300, 1000, 3000]}}}),
        json!({"prediction": {"enabled": false}}),
        json!({"tags": [{"name": "alive", "match": "all", "conditions": [{"field": "p_alive", "op": ">=", "value": 0.5}]}]}),
        json!({}),
    ];
    let ws = fresh(&files);
    let first = ws.report_json(&config(json!({}))).unwrap();
    assert!(first.contains("\"bgnbd\""), "the synthetic orders are enough for a prediction");
    for c in configs {
        let c = config(c);
        assert_eq!(answers(&ws, &c), answers(&fresh(&files), &c), "config {c:?}");
    }
}

/// One step of a workspace's history.
enum Step<'a> {
    Add(&'a (String, Vec<u8>)),
    Remove(&'a str),
}

/// A workspace that went through `steps` and was asked nothing on the way.
fn replay(steps: &[Step<'_>]) -> Workspace {
    let mut ws = Workspace::new();
    for s in steps {
        match s {
            Step::Add((name, bytes)) => drop(ws.add_file(name, bytes).unwrap()),
            Step::Remove(name) => assert!(ws.remove_file(name)),
        }
    }
    ws
}

#[test]
fn what_was_read_changing_forgets_what_was_kept() {
    // (a removed file's customers stay in the workspace's key table, named by no row: the
    // answers must not show them, so they equal a fresh workspace's of the files left)
    let files = files();
    let c = config(json!({"as_of": "2024-12-29"}));
    let mut steps: Vec<Step<'_>> = files.iter().map(Step::Add).collect();
    let mut ws = replay(&steps);
    let before = answers(&ws, &c);
    assert_eq!(before, answers(&fresh(&files), &c));
    let gone: Vec<&(String, Vec<u8>)> =
        files.iter().filter(|(n, _)| n.starts_with("interest") || n.starts_with("synthetic")).collect();
    for (name, _) in &gone {
        assert!(ws.remove_file(name));
        steps.push(Step::Remove(name));
    }
    // the one orders file left: its rows are borrowed, not copied
    let without = answers(&ws, &c);
    assert_ne!(without[0], before[0]);
    assert_eq!(without, answers(&replay(&steps), &c));
    let left: Vec<(String, Vec<u8>)> = files.iter().filter(|f| !gone.contains(f)).cloned().collect();
    assert_eq!(without, answers(&fresh(&left), &c));
    assert!(without[3].contains("UnknownCustomer"), "buyer12 was only in a removed file: {}", without[3]);
    for f in gone {
        ws.add_file(&f.0, &f.1).unwrap();
        steps.push(Step::Add(f));
    }
    let again = answers(&ws, &c);
    assert_ne!(again[0], without[0]);
    assert_eq!(again, answers(&replay(&steps), &c));
}

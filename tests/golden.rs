//! Golden fixture directories: every directory under `tests/fixtures` with input files is a
//! case. The core reads its files (sorted by name) with the config of `case.json` (if any) and
//! the report JSON must equal `expected.json` byte for byte. `BLESS=1 cargo test --test golden`
//! rewrites the expected files. A `known_failure` file (its text says why) marks a case that
//! is expected to fail; the test fails when such a case passes, so the marker gets removed.
//!
//! Besides the bytes, every case is checked for:
//! * row accounting: `rows_total == rows_used + Σ rows_skipped` for every input;
//! * `case.toml`: numbers computed by hand from the rows (hand-written exports);
//! * `manifest.json`: the generator's own counts of rows and injected dirt (generated exports).
//!
//! The inputs are made by `tests/fixtures/make_fixtures.py`.

// Tests may unwrap; string slices here are at ASCII or char_indices boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)]

mod common;

use common::*;
use customer_insights::{ReportConfig, Workspace};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// All checks of one case; the problems found.
fn check_case(case: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let json = case_report_json(case);
    let expected_path = case.join("expected.json");
    let printed = format!("{json}\n");
    if bless() {
        std::fs::write(&expected_path, &printed).unwrap();
    } else {
        match std::fs::read_to_string(&expected_path) {
            Ok(want) if want == printed => {}
            Ok(want) => {
                problems.push(format!("report differs from expected.json: {}", first_difference(&want, &printed)))
            }
            Err(_) => problems.push("no expected.json (run BLESS=1 cargo test --test golden)".to_string()),
        }
    }
    let report: Value = serde_json::from_str(&json).unwrap();
    problems.extend(accounting_problems(&report));
    let toml = case.join("case.toml");
    if toml.exists() {
        let spec = parse_toml(&std::fs::read_to_string(&toml).unwrap());
        spec_problems(&spec, &report, "report", &mut problems);
    }
    if case.join("manifest.json").exists() {
        problems.extend(manifest_problems(case, &report));
    }
    problems
}

#[test]
fn golden_cases() {
    let cases = cases();
    assert!(cases.len() >= 20, "expected the fixture cases of make_fixtures.py, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = name_of(case);
        let problems = check_case(case);
        let known = case.join("known_failure");
        match (known.exists(), problems.is_empty()) {
            (false, true) => {}
            (false, false) => failures.push(format!("{name}:\n  {}", problems.join("\n  "))),
            (true, false) => eprintln!("{name}: known failure ({} problems)", problems.len()),
            (true, true) => failures.push(format!("{name}: passes now; delete its known_failure file")),
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

// ------------------------------------------------------------------------------------------
// Ground truth from the generator's manifest.json
// ------------------------------------------------------------------------------------------

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

/// Decodes a generated file as the generator wrote it.
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let units: Vec<u16> =
            bytes[2..].chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

/// Lines of a generated file made only of separators (the generator's "all-separator" blank
/// lines). Truly empty lines are not rows at all.
fn separator_lines(path: &Path) -> u64 {
    let sep = if name_of(path).ends_with(".txt") { '\t' } else { ',' };
    text_of(path).split("\r\n").filter(|l| !l.is_empty() && l.chars().all(|c| c == sep)).count() as u64
}

fn empty_lines(path: &Path) -> u64 {
    let t = text_of(path);
    let lines: Vec<&str> = t.split("\r\n").collect();
    // the last piece after the final CRLF is not a line
    lines.iter().take(lines.len().saturating_sub(1)).filter(|l| l.is_empty()).count() as u64
}

/// Distinct 买家会员名 of the complete CRM lines whose 会员等级 is VIP1 or higher (the
/// generator quotes no CRM cell, so splitting on the separator is exact).
fn crm_members(path: &Path) -> u64 {
    let sep = if name_of(path).ends_with(".txt") { '\t' } else { ',' };
    let text = text_of(path);
    let mut lines: Vec<&str> = text.split("\r\n").collect();
    lines.pop(); // after the last CRLF: nothing, or the cut last line
    let header: Vec<&str> = lines[0].split(sep).collect();
    let nick = header.iter().position(|h| *h == "买家会员名").unwrap();
    let level = header.iter().position(|h| *h == "会员等级").unwrap();
    let mut vip = std::collections::BTreeSet::new();
    for l in &lines[1..] {
        let cells: Vec<&str> = l.split(sep).collect();
        if cells.len() == header.len() && cells[level].starts_with("VIP") && cells[level] != "VIP0" {
            vip.insert(cells[nick].to_string());
        }
    }
    vip.len() as u64
}

fn input<'a>(report: &'a Value, stem: &str) -> Option<&'a Value> {
    report["inputs"].as_array().unwrap().iter().find(|i| i["name"].as_str().unwrap().starts_with(stem))
}

fn skipped(i: &Value, reason: &str) -> u64 {
    u(&i["rows_skipped"][reason])
}

/// Statuses of metrics.md that make a Taobao order valid.
const VALID_TAOBAO: [&str; 3] = ["交易成功", "卖家已发货，等待买家确认", "买家已付款，等待卖家发货"];

fn eq(p: &mut Vec<String>, what: &str, got: u64, want: u64) {
    if got != want {
        p.push(format!("manifest: {what}: report {got}, ground truth {want}"));
    }
}

fn manifest_problems(case: &Path, report: &Value) -> Vec<String> {
    let m: Value = serde_json::from_str(&std::fs::read_to_string(case.join("manifest.json")).unwrap()).unwrap();
    let messy = u(&m["params"]["messy"]);
    let mess = &m["injected_mess"];
    let rows = &m["rows"];
    let mut p = Vec::new();
    let files = inputs(case);
    let file = |stem: &str| files.iter().find(|f| name_of(f).starts_with(stem)).cloned();

    // Blank lines: the generator counts both kinds; only all-separator lines are rows.
    let sep_lines: u64 = files.iter().map(|f| separator_lines(f)).sum();
    let empties: u64 = files.iter().map(|f| empty_lines(f)).sum();
    eq(
        &mut p,
        "separator-only + empty lines in the files vs injected blank_lines",
        sep_lines + empties,
        u(&mess["blank_lines"]),
    );
    let blank_rows: u64 = report["inputs"].as_array().unwrap().iter().map(|i| skipped(i, "blank")).sum();
    eq(&mut p, "Σ rows_skipped.blank (all files) vs separator-only lines", blank_rows, sep_lines);

    let trunc = u64::from(messy >= 1);
    if input(report, "taobao_orders").is_none() || file("taobao_orders").is_none() {
        p.push("manifest: every generated case has a taobao orders file".to_string());
    }
    if let (Some(t), Some(f)) = (input(report, "taobao_orders"), file("taobao_orders")) {
        let n = u(&rows[name_of(&f)]);
        let dup = u(&mess["duplicate_order_rows"]);
        let bad = u(&mess["bad_amount"]);
        let header = u64::from(messy >= 2);
        eq(
            &mut p,
            "taobao rows_total = orders + duplicated rows + repeated header + blank rows",
            u(&t["rows_total"]),
            n + dup + header + separator_lines(&f),
        );
        eq(&mut p, "taobao rows_skipped.duplicate = injected duplicate_order_rows", skipped(t, "duplicate"), dup);
        eq(&mut p, "taobao rows_skipped.bad_amount = injected bad_amount", skipped(t, "bad_amount"), bad);
        eq(&mut p, "taobao rows_skipped.truncated", skipped(t, "truncated"), trunc);
        eq(&mut p, "taobao rows_skipped.repeated_header", skipped(t, "repeated_header"), header);
        eq(&mut p, "taobao rows_used = orders - bad amounts - the cut last row", u(&t["rows_used"]), n - bad - trunc);
        eq(&mut p, "taobao rows_without_key", u(&t["rows_without_key"]), 0);
        // The taobao file alone: orders and valid orders against the status counts.
        let ws = workspace(std::slice::from_ref(&f));
        let r: Value = serde_json::from_str(&ws.report_json(&ReportConfig::default()).unwrap()).unwrap();
        let tot = &r["totals"];
        eq(&mut p, "taobao alone: totals.orders = distinct order ids read", u(&tot["orders"]), n - bad - trunc);
        let by_status = m["ground_truth"]["orders_by_status"].as_object().unwrap();
        let valid_status: u64 = VALID_TAOBAO.iter().map(|s| by_status.get(*s).map_or(0, u)).sum();
        let lost = bad + trunc; // rows that never became orders, of unknown status
        let valid = u(&tot["valid_orders"]);
        if !(valid_status.saturating_sub(lost)..=valid_status).contains(&valid) {
            p.push(format!(
                "manifest: taobao alone: valid_orders {valid} not within [{}, {valid_status}] (valid statuses {valid_status}, rows lost {lost})",
                valid_status.saturating_sub(lost)
            ));
        }
        let gt = &m["ground_truth"];
        let customers = u(&tot["customers"]);
        if customers > u(&gt["customers_who_ever_ordered"]) {
            p.push(format!("manifest: taobao alone: customers {customers} > customers_who_ever_ordered"));
        }
        if lost == 0 && customers < u(&gt["success_buyers"]) {
            p.push(format!("manifest: taobao alone: customers {customers} < success_buyers {}", gt["success_buyers"]));
        }
        if lost == 0 && valid_status == u(&gt["success_orders"]) {
            // no order in flight: valid = 交易成功 exactly, and so are the buyers
            eq(
                &mut p,
                "taobao alone: customers = success_buyers (no order in flight)",
                customers,
                u(&gt["success_buyers"]),
            );
        }
    }
    if let (Some(c), Some(f)) = (input(report, "crm_customers"), file("crm_customers")) {
        let n = u(&rows[name_of(&f)]);
        let dup = u(&mess["crm_duplicate_rows"]);
        eq(
            &mut p,
            "crm rows_total = customers + duplicated rows + blank rows",
            u(&c["rows_total"]),
            n + dup + separator_lines(&f),
        );
        eq(&mut p, "crm rows_skipped.duplicate", skipped(c, "duplicate"), dup);
        eq(&mut p, "crm rows_skipped.truncated", skipped(c, "truncated"), trunc);
        eq(&mut p, "crm rows_used", u(&c["rows_used"]), n - trunc);
        eq(
            &mut p,
            "headline.members = distinct CRM buyers at VIP1+",
            u(&report["headline"]["members"]),
            crm_members(&f),
        );
    }
    if let (Some(e), Some(f)) = (input(report, "interest_events"), file("interest_events")) {
        let n = u(&rows[name_of(&f)]);
        let dup = u(&mess["event_duplicate_rows"]);
        eq(&mut p, "interest_events ground truth = rows", u(&m["ground_truth"]["interest_events"]), n);
        eq(
            &mut p,
            "events rows_total = events + duplicated rows + blank rows",
            u(&e["rows_total"]),
            n + dup + separator_lines(&f),
        );
        eq(&mut p, "events rows_skipped.truncated", skipped(e, "truncated"), trunc);
        // events are not deduplicated (a buyer may favourite twice): every complete row is used
        eq(&mut p, "events rows_used", u(&e["rows_used"]), n + dup - trunc);
    }
    if let (Some(c), Some(f)) = (input(report, "outbound_calls"), file("outbound_calls")) {
        let n = u(&rows[name_of(&f)]);
        eq(&mut p, "calls rows_total = calls + blank rows", u(&c["rows_total"]), n + separator_lines(&f));
        eq(&mut p, "calls rows_used", u(&c["rows_used"]), n - trunc);
        eq(&mut p, "report calls.calls", u(&report["calls"]["calls"]), n - trunc);
    }
    if let (Some(t), Some(f)) = (input(report, "aftersales_tickets"), file("aftersales_tickets")) {
        let n = u(&rows[name_of(&f)]);
        eq(&mut p, "tickets rows_total", u(&t["rows_total"]), n);
        eq(&mut p, "tickets rows_used", u(&t["rows_used"]), n - trunc);
        eq(&mut p, "report service.overall.tickets", u(&report["service"]["overall"]["tickets"]), n - trunc);
    }
    if let Some(s) = input(report, "shopify_orders") {
        eq(&mut p, "shopify rows_skipped.truncated", skipped(s, "truncated"), trunc);
        eq(&mut p, "shopify rows_without_key", u(&s["rows_without_key"]), 0);
    }
    p
}

// ------------------------------------------------------------------------------------------
// Same data, other encodings and containers
// ------------------------------------------------------------------------------------------

#[test]
fn the_same_export_in_every_encoding_gives_the_same_report() {
    for level in 0..4 {
        let reports: Vec<(String, Value)> = ["gbk", "utf8-bom", "utf8", "utf16"]
            .iter()
            .map(|e| {
                let case = fixtures().join(format!("gen_{e}_m{level}"));
                // the config of gen_gbk_m0 is not the others'
                let ws = workspace(&inputs(&case));
                (e.to_string(), without_inputs(&ws.report_json(&ReportConfig::default()).unwrap()))
            })
            .collect();
        for (e, r) in &reports[1..] {
            let a = serde_json::to_string_pretty(&reports[0].1).unwrap();
            let b = serde_json::to_string_pretty(r).unwrap();
            assert!(a == b, "messy {level}: gbk vs {e}: {}", first_difference(&a, &b));
        }
    }
}

fn csv_and_saves() -> (Workspace, Workspace) {
    let src = fixtures().join("gen_utf8_m0");
    let csvs: Vec<PathBuf> =
        ["crm_customers.csv", "interest_events.csv", "taobao_orders.csv"].iter().map(|n| src.join(n)).collect();
    let saves = inputs(&fixtures().join("excel_saves"));
    assert_eq!(saves.len(), 3);
    (workspace(&csvs), workspace(&saves))
}

/// Everything but the age bands (see issue_4) is the same for the XLSX/JSON saves and the CSVs.
#[test]
fn excel_and_json_saves_give_the_same_numbers_as_the_csvs() {
    let (csv_ws, ws) = csv_and_saves();
    for s in ws.files() {
        assert!(s.error.is_none(), "{}: {:?}", s.name, s.error);
        let want = if s.name.ends_with(".json") { "json" } else { "xlsx" };
        assert_eq!(s.container.as_deref(), Some(want), "{}", s.name);
    }
    for (x, y) in csv_ws.files().iter().zip(ws.files().iter()) {
        assert_eq!(
            (x.kind, x.rows_total, x.rows_used, &x.rows_skipped, &x.customer_key),
            (y.kind, y.rows_total, y.rows_used, &y.rows_skipped, &y.customer_key),
            "{} vs {}",
            x.name,
            y.name
        );
    }
    let a = without_inputs(&csv_ws.report_json(&ReportConfig::default()).unwrap());
    let b = without_inputs(&ws.report_json(&ReportConfig::default()).unwrap());
    for section in ["as_of", "totals", "headline", "lifecycle", "rfm", "calls", "service"] {
        assert_eq!(a[section], b[section], "{section}");
    }
    for d in ["region", "gender"] {
        assert_eq!(a["distributions"][d], b["distributions"][d], "distributions.{d}");
    }
    let by = |r: &Value, k: &str| r["conversion"].as_array().unwrap().iter().find(|c| c["by"] == k).cloned();
    for k in ["region", "source", "gender"] {
        assert_eq!(by(&a, k), by(&b, k), "conversion by {k}");
    }
}

/// The whole report, age bands included.
#[test]
fn excel_and_json_saves_give_the_same_report_as_the_csvs() {
    let (csv_ws, ws) = csv_and_saves();
    let a = without_inputs(&csv_ws.report_json(&ReportConfig::default()).unwrap());
    let b = without_inputs(&ws.report_json(&ReportConfig::default()).unwrap());
    let (a, b) = (serde_json::to_string_pretty(&a).unwrap(), serde_json::to_string_pretty(&b).unwrap());
    assert!(a == b, "xlsx/json vs csv: {}", first_difference(&a, &b));
}

#[test]
fn case_toml_reader_and_matcher() {
    let spec = parse_toml(
        "# c\n[inputs.\"a.csv\"]\nrows_total = 3 # x\nrows_skipped = { blank = 1 }\n[totals]\nrevenue = \"1.00\"\n",
    );
    let report: Value = serde_json::json!({
        "inputs": [{"name": "a.csv", "rows_total": 3, "rows_skipped": {"blank": 1}}],
        "totals": {"revenue": "1.00", "orders": 2}
    });
    let mut p = Vec::new();
    spec_problems(&spec, &report, "r", &mut p);
    assert!(p.is_empty(), "{p:?}");
    let report2: Value = serde_json::json!({
        "inputs": [{"name": "a.csv", "rows_total": 4, "rows_skipped": {"blank": 1, "duplicate": 1}}],
        "totals": {"revenue": "1.00"}
    });
    spec_problems(&spec, &report2, "r", &mut p);
    assert_eq!(p.len(), 2, "{p:?}");
}

// ------------------------------------------------------------------------------------------
// Regressions and findings (issue_N), small inputs written here
// ------------------------------------------------------------------------------------------

fn one(name: &str, text: &str) -> (Workspace, customer_insights::IngestSummary) {
    let mut ws = Workspace::new();
    let s = ws.add_file(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    (ws, s)
}

/// A byte-for-byte copy of the *second* line-item row of a multi-SKU order (JD, Shopify) is a
/// duplicate row, not one more item of the order.
#[test]
fn issue_1_copy_of_a_later_line_item_row_is_a_duplicate() {
    let text = "订单号,商品ID,订购数量,下单时间,应付金额,订单状态,下单帐号\r\n\
                1001,A,1,2024-11-02 10:00:00,30.00,完成,jd_a\r\n\
                1001,B,2,2024-11-02 10:00:00,30.00,完成,jd_a\r\n\
                1001,B,2,2024-11-02 10:00:00,30.00,完成,jd_a\r\n";
    let (ws, s) = one("jd.csv", text);
    assert_eq!(s.platform.as_deref(), Some("jd"));
    assert_eq!(s.rows_skipped.get("duplicate"), Some(&1), "{:?}", s.rows_skipped);
    let m = ws
        .members(
            &ReportConfig::default(),
            &customer_insights::MemberSelector {
                segment: None,
                tag: None,
                lifecycle: Some("new".into()),
                audience: None,
                screening: None,
            },
        )
        .unwrap();
    assert_eq!(m[0].items, 3);
}

/// WooCommerce's display labels (Analytics export) name statuses with a blank: "On hold",
/// "Pending payment". They are not valid orders, and they are WooCommerce's own words, so they
/// should not be listed as unknown statuses.
#[test]
fn issue_2_woocommerce_display_labels_are_known_statuses() {
    let text =
        "Date,Order #,N. Revenue (formatted),Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net Sales\n\
                2024-11-01T10:00:00,1,$10.00,On hold,A,new,x,1,,10\n\
                2024-11-02T10:00:00,2,$10.00,Pending payment,B,new,x,1,,10\n\
                2024-11-03T10:00:00,3,$10.00,Completed,C,new,x,1,,10\n";
    let (ws, s) = one("woo.csv", text);
    let r = ws.report(&ReportConfig::default()).unwrap();
    assert_eq!(r.totals.as_ref().unwrap().valid_orders, 1);
    assert!(s.unknown_status.is_empty(), "unknown statuses: {:?}", s.unknown_status);
}

/// "Order Date" is the most common name of the order time in home-made English exports.
#[test]
fn issue_3_order_date_header_is_recognised() {
    let text = "Order ID,Customer,Order Date,Status,Total\nA1,alice,2024-11-01,paid,10.00\n";
    let (_, s) = one("orders.csv", text);
    assert_eq!(s.rows_used, 1);
}

/// A customers file saved by Excel: a birthday before 1970 is an Excel date like any other.
#[test]
fn issue_4_xlsx_birthday_before_1970_gives_an_age() {
    // 买家会员名, 性别, 生日 (Excel serial 21682 = 1959-05-12, date-formatted), 省份
    let sheet = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>买家会员名</t></is></c><c r="B1" t="inlineStr"><is><t>性别</t></is></c><c r="C1" t="inlineStr"><is><t>生日</t></is></c><c r="D1" t="inlineStr"><is><t>省份</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>old_buyer</t></is></c><c r="B2" t="inlineStr"><is><t>女</t></is></c><c r="C2" s="1"><v>21682</v></c><c r="D2" t="inlineStr"><is><t>浙江省</t></is></c></row>"#;
    let bytes = xlsx_dated(sheet);
    let mut ws = Workspace::new();
    let s = ws.add_file("crm.xlsx", &bytes).unwrap();
    assert_eq!(s.kind, Some(customer_insights::Kind::Customers));
    ws.add_file(
        "o.csv",
        "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n1,old_buyer,10.00,交易成功,2024-12-30 10:00:00\n"
            .as_bytes(),
    )
    .unwrap();
    let r = ws.report(&ReportConfig::default()).unwrap();
    let bands = &r.distributions.unwrap().age_band;
    assert!(bands.iter().any(|b| b.key == "50+" && b.customers == 1), "{bands:?}");
}

/// The same orders exported twice (GBK and UTF-8): counted once, and said so.
#[test]
fn the_same_orders_in_two_files_count_once() {
    let a = fixtures().join("gen_gbk_m0").join("taobao_orders.csv");
    let b = fixtures().join("gen_utf8_m0").join("taobao_orders.csv");
    let one: Value =
        serde_json::from_str(&workspace(std::slice::from_ref(&a)).report_json(&ReportConfig::default()).unwrap())
            .unwrap();
    let mut ws = Workspace::new();
    ws.add_file("a.csv", &std::fs::read(&a).unwrap()).unwrap();
    ws.add_file("b.csv", &std::fs::read(&b).unwrap()).unwrap();
    let two: Value = serde_json::from_str(&ws.report_json(&ReportConfig::default()).unwrap()).unwrap();
    for k in ["orders", "valid_orders", "revenue", "customers"] {
        assert_eq!(one["totals"][k], two["totals"][k], "{k}");
    }
    assert_eq!(two["totals"]["duplicate_orders_across_files"], one["totals"]["orders"]);
    assert_eq!(one["rfm"], two["rfm"]);
}

/// Conversion between two customer sets (config `conversion.sets`), counted by hand:
/// interested within 30 days of 2024-12-31 are new1, lost1 and x (new2's event is 30 days old);
/// new1 bought in the window, lost1 last bought in 2022.
#[test]
fn conversion_between_two_customer_sets() {
    let orders = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址\r\n\
                  1,new1,10.00,交易成功,2024-12-30 10:00:00,浙江省 杭州市\r\n\
                  2,new2,10.00,交易成功,2024-12-20 10:00:00,浙江省 杭州市\r\n\
                  3,lost1,10.00,交易成功,2022-01-01 10:00:00,上海 上海市\r\n";
    let events = "买家会员名,行为,时间,宝贝ID,省份\r\n\
                  new1,加购,2024-12-25 10:00:00,1,浙江省\r\n\
                  new2,加购,2024-12-01 10:00:00,1,浙江省\r\n\
                  lost1,收藏宝贝,2024-12-28 10:00:00,1,上海\r\n\
                  x,加购,2024-12-28 10:00:00,1,上海\r\n";
    let mut ws = Workspace::new();
    ws.add_file("orders.csv", orders.as_bytes()).unwrap();
    ws.add_file("events.csv", events.as_bytes()).unwrap();
    let cfg = ReportConfig::from_json(
        r#"{"as_of": "2024-12-31", "conversion": {"by": ["region"], "sets": [{"name": "new vs lost", "a": {"lifecycle": "new"}, "b": {"lifecycle": "lost"}}]}}"#,
    )
    .unwrap();
    let r = ws.report(&cfg).unwrap();
    let conv = r.conversion.unwrap();
    assert_eq!(conv[0].overall.interested, 3);
    let set = conv.iter().find(|c| c.by == "set:new vs lost").expect("the set comparison");
    assert_eq!((set.overall.interested, set.overall.converted), (2, 1));
    let g: Vec<(&str, u64, u64)> = set.groups.iter().map(|g| (g.key.as_str(), g.interested, g.converted)).collect();
    assert_eq!(g, vec![("lifecycle:new", 1, 1), ("lifecycle:lost", 1, 0)]);
    // a wrong name is a clear error
    let bad = ReportConfig::from_json(
        r#"{"conversion": {"sets": [{"name": "n", "a": {"segment": "Nope"}, "b": {"lifecycle": "new"}}]}}"#,
    )
    .unwrap();
    assert_eq!(ws.report(&bad).unwrap_err().code(), "unknown_selector");
}

/// The operator's words work where codes do (issue 22): a tag `生命周期 = 沉睡` picks what
/// `lifecycle = sleeping` picks, `RFM 分群 = 重要价值客户` what `Champions` picks, and selectors
/// take the Chinese names too; a member list in zh has Chinese headers and values, codes last.
#[test]
fn issue_22_chinese_names_of_stages_and_segments_work_like_codes() {
    let case = fixtures().join("gen_utf8_m0");
    let ws = workspace(&inputs(&case));
    let tag = |name: &str, field: &str, value: &str| {
        format!(
            r#"{{"name": "{name}", "conditions": [{{"field": "{field}", "op": "=", "value": "{value}"}}, {{"field": "orders", "op": ">=", "value": 1}}]}}"#
        )
    };
    let cfg = ReportConfig::from_json(&format!(
        r#"{{"tags": [{}, {}, {}, {}, {}, {}]}}"#,
        tag("zh", "lifecycle", "沉睡"),
        tag("code", "lifecycle", "sleeping"),
        tag("seg-zh", "rfm_segment", "重要价值客户"),
        tag("seg-code", "rfm_segment", "Champions"),
        tag("age-zh", "age_band", "未知"),
        tag("age-code", "age_band", "unknown"),
    ))
    .unwrap();
    let r = ws.report(&cfg).unwrap();
    let n: Vec<u64> = r.tags.unwrap().iter().map(|t| t.customers).collect();
    assert!(n[1] > 0 && n[3] > 0 && n[5] > 0, "the fixture has sleeping, Champions and unknown-age customers: {n:?}");
    assert_eq!((n[0], n[2], n[4]), (n[1], n[3], n[5]));
    let sel = |s: &str| serde_json::from_str::<customer_insights::MemberSelector>(s).unwrap();
    let none = customer_insights::CsvOptions::default();
    let d = ReportConfig::default();
    assert_eq!(
        ws.members_csv(&d, &sel(r#"{"lifecycle": "沉睡"}"#), &none).unwrap(),
        ws.members_csv(&d, &sel(r#"{"lifecycle": "sleeping"}"#), &none).unwrap()
    );
    assert_eq!(
        ws.members_csv(&d, &sel(r#"{"segment": "重要价值客户"}"#), &none).unwrap(),
        ws.members_csv(&d, &sel(r#"{"segment": "Champions"}"#), &none).unwrap()
    );
    let zh = customer_insights::CsvOptions { lang: Some(customer_insights::Lang::ZhCn) };
    let csv = ws.members_csv(&d, &sel(r#"{"lifecycle": "sleeping"}"#), &zh).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap().trim_start_matches('\u{feff}');
    assert!(
        header.starts_with("客户,有效订单数,销售额,")
            && header.ends_with(concat!(
                ",会员等级,手机号,最近兴趣日期,最深行为,售后工单数,投诉数,迁移前生命周期,迁移前 RFM 分群,",
                "存活概率,预计90天购买次数,预计客单价,预计365天销售额,lifecycle_code,rfm_segment_code"
            )),
        "{header}"
    );
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!((row[7], row[row.len() - 2]), ("沉睡", "sleeping"));
    assert!(!csv.contains(",unknown,") && !csv.contains("Loyal Customers,"), "values are in Chinese");
    // and without a language, the codes as before
    let plain = ws.members_csv(&d, &sel(r#"{"lifecycle": "sleeping"}"#), &none).unwrap();
    assert!(plain.starts_with("\u{feff}customer,orders,revenue,") && plain.contains(",sleeping,"));
}

/// Issue 16: with orders and interest events but no customers file, an interested buyer who
/// never ordered takes the province of their latest event (on or before as_of) that names one;
/// only buyers with no such event are 未知. Before, every such buyer was 未知 at a 0 % rate and
/// the chi-square called the regions different on data whose regions do not differ.
#[test]
fn issue_16_interested_non_buyers_take_the_province_of_their_latest_event() {
    let orders = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址\r\n\
                  1,buyer,10.00,交易成功,2024-12-30 10:00:00,浙江省 杭州市\r\n\
                  2,noaddr,10.00,交易成功,2024-12-29 10:00:00,火星\r\n";
    let events = "买家会员名,行为,时间,宝贝ID,省份\r\n\
                  buyer,加购,2024-12-25 10:00:00,1,上海\r\n\
                  noaddr,收藏宝贝,2024-12-20 10:00:00,1,江苏\r\n\
                  looker,加购,2024-12-20 10:00:00,1,广东\r\n\
                  looker,收藏店铺,2024-12-28 10:00:00,,\r\n\
                  tie,加购,2024-12-21 10:00:00,1,四川\r\n\
                  tie,加购,2024-12-21 10:00:00,1,云南\r\n\
                  late,加购,2024-12-20 10:00:00,1,福建\r\n\
                  late,加购,2025-01-05 10:00:00,1,山东\r\n\
                  blank,浏览,2024-12-21 10:00:00,1,\r\n";
    let mut ws = Workspace::new();
    ws.add_file("orders.csv", orders.as_bytes()).unwrap();
    let s = ws.add_file("events.csv", events.as_bytes()).unwrap();
    assert_eq!(s.unknown_action.get("浏览"), Some(&1), "an unknown action text is counted: {s:?}");
    let cfg =
        ReportConfig::from_json(r#"{"as_of": "2024-12-31", "conversion": {"by": ["region", "action"]}}"#).unwrap();
    let r = ws.report(&cfg).unwrap();
    let conv = r.conversion.unwrap();
    let g: Vec<(&str, u64, u64)> = conv[0].groups.iter().map(|g| (g.key.as_str(), g.interested, g.converted)).collect();
    // buyer: the order's 浙江; noaddr: no readable address, so the event's 江苏; looker: the
    // latest event with a province (广东; the later one has none); tie: the later row (云南);
    // late: the event after as_of does not count (福建); blank: no province at all
    assert_eq!(
        g,
        vec![("云南省", 1, 0), ("广东省", 1, 0), ("江苏省", 1, 1), ("浙江省", 1, 1), ("福建省", 1, 0), ("未知", 1, 0)]
    );
    // the buyer whose address cannot be read is in the distribution under the event's province
    let d = r.distributions.unwrap();
    let dist: Vec<&str> = d.region.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(dist, vec!["江苏省", "浙江省"]);
    // deepest action in the window: looker did cart (12-20) and favorite_shop (12-28) → cart
    let a: Vec<(&str, u64, u64)> = conv[1].groups.iter().map(|g| (g.key.as_str(), g.interested, g.converted)).collect();
    assert_eq!(a, vec![("cart", 4, 1), ("favorite_item", 1, 1), ("other", 1, 0)]);
    let i = r.interest.unwrap();
    let rows: Vec<(&str, u64, u64, u64)> =
        i.by_action.iter().map(|x| (x.action.as_str(), x.events, x.buyers, x.converted)).collect();
    assert_eq!(i.events, 8);
    assert_eq!(
        rows,
        vec![("cart", 5, 4, 1), ("favorite_item", 1, 1, 1), ("favorite_shop", 1, 1, 0), ("other", 1, 1, 0)]
    );
    assert_eq!(i.by_action[3].rate, Some(0.0));
}

/// Issue 16: audiences include people who never ordered, with their phone, last interest day and
/// deepest action; a customer record holds every row of the key; the customer list searches
/// keys and filters by kind; an unknown key is a clear error.
#[test]
fn issue_16_audiences_records_and_the_customer_list() {
    let orders = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址\r\n\
                  1,buyer,10.00,交易成功,2024-12-30 10:00:00,浙江省 杭州市\r\n\
                  2,buyer,5.00,交易关闭,2024-12-30 11:00:00,浙江省 杭州市\r\n\
                  3,old,20.00,交易成功,2024-06-01 10:00:00,上海 上海市\r\n";
    let events = "买家会员名,行为,时间,宝贝ID,省份\r\n\
                  buyer,加购,2024-12-25 10:00:00,1,上海\r\n\
                  old,收藏宝贝,2024-12-20 10:00:00,1,江苏\r\n\
                  looker,收藏店铺,2024-12-28 10:00:00,,广东\r\n\
                  looker,加购,2024-12-29 10:00:00,1,广东\r\n";
    let crm = "客户ID,买家会员名,性别,年龄,省份,会员等级,来源,手机号\r\n\
               C1,looker,女,30,广东,VIP1,抖音,'138****0001\r\n\
               C2,quiet,男,40,四川,普通会员,直通车,13900000002\r\n";
    let mut ws = Workspace::new();
    ws.add_file("orders.csv", orders.as_bytes()).unwrap();
    ws.add_file("events.csv", events.as_bytes()).unwrap();
    ws.add_file("crm.csv", crm.as_bytes()).unwrap();
    let cfg = ReportConfig::from_json(r#"{"as_of": "2024-12-31"}"#).unwrap();
    let aud = |a: customer_insights::config::Audience| {
        let ms = ws.members(&cfg, &customer_insights::MemberSelector::audience(a)).unwrap();
        ms.into_iter().map(|m| (m.customer, m.orders, m.phone, m.last_interest, m.action)).collect::<Vec<_>>()
    };
    use customer_insights::config::Audience::*;
    let s = |x: &str| x.to_string();
    assert_eq!(
        aud(Interested),
        vec![
            (s("old"), 1, s(""), s("2024-12-20"), s("favorite_item")),
            (s("buyer"), 1, s(""), s("2024-12-25"), s("cart")),
            (s("looker"), 0, s("138****0001"), s("2024-12-29"), s("cart")),
        ]
    );
    assert_eq!(aud(InterestedConverted).len(), 1);
    let not: Vec<String> = aud(InterestedNotConverted).into_iter().map(|m| m.0).collect();
    assert_eq!(not, vec!["old", "looker"]);
    let csv = ws
        .members_csv(&cfg, &customer_insights::MemberSelector::audience(InterestedNotConverted), &Default::default())
        .unwrap();
    assert!(
        csv.contains("\r\nlooker,0,0.00,0,,,,,,,,,广东省,30-34,女,抖音,1,138****0001,2024-12-29,cart,,,,,,,,\r\n"),
        "{csv}"
    );

    // the record: every order of the key (the closed one too), events, the profile
    let r = ws.customer(&cfg, "buyer").unwrap();
    assert_eq!((r.kind.as_str(), r.summary.orders, r.summary.revenue.as_str()), ("buyer", 1, "10.00"));
    let o: Vec<(Option<&str>, bool, &str)> =
        r.orders.iter().map(|o| (o.order_id.as_deref(), o.valid, o.created.as_str())).collect();
    assert_eq!(o, vec![(Some("2"), false, "2024-12-30 11:00:00"), (Some("1"), true, "2024-12-30 10:00:00")]);
    assert_eq!((r.events.len(), r.events[0].province.as_str()), (1, "上海市"));
    assert!(r.profile.is_none());
    let l = ws.customer(&cfg, "looker").unwrap();
    assert_eq!((l.kind.as_str(), l.summary.region.as_str()), ("interested", "广东省"));
    assert_eq!(l.profile.unwrap().iter().find(|c| c.column == "手机号").unwrap().value, "138****0001");
    assert_eq!(ws.customer(&cfg, "quiet").unwrap().kind, "profile");
    assert_eq!(ws.customer(&cfg, "nobody").unwrap_err().code(), "unknown_customer");

    // the list: by kind, by search (prefix first), paged
    let list = |q: &str| {
        let q: customer_insights::metrics::record::CustomerQuery = serde_json::from_str(q).unwrap();
        let l = ws.customers(&cfg, &q).unwrap();
        (l.total, l.customers.into_iter().map(|c| c.customer).collect::<Vec<_>>())
    };
    assert_eq!(list(r#"{"kind": "buyer"}"#), (2, vec![s("old"), s("buyer")]));
    assert_eq!(list(r#"{"kind": "interested"}"#), (1, vec![s("looker")]));
    assert_eq!(list(r#"{"kind": "profile"}"#), (1, vec![s("quiet")]));
    assert_eq!(list(r#"{"search": "O"}"#), (2, vec![s("old"), s("looker")]));
    assert_eq!(list(r#"{"limit": 2, "offset": 1}"#), (4, vec![s("buyer"), s("looker")]));
    let bad: customer_insights::metrics::record::CustomerQuery = serde_json::from_str(r#"{"kind": "vip"}"#).unwrap();
    assert_eq!(ws.customers(&cfg, &bad).unwrap_err().code(), "bad_config");
}

/// Issue 22: a mapping that leaves out a role the kind needs says so, instead of blaming a
/// column the file has ("the file has no column 价税合计" came from trying the mapping on the
/// data row after the header); a mapped column the file lacks is named.
#[test]
fn issue_22_an_incomplete_mapping_names_what_is_missing() {
    let csv = "单号,会员,价税合计,日期\r\n1,alice,10.00,2024-12-01 10:00:00\r\n";
    let mut ws = Workspace::new();
    let mut opts = customer_insights::FileOptions { kind: Some(customer_insights::Kind::Orders), ..Default::default() };
    let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    opts.mapping = Some(map(&[("order_id", "单号"), ("customer", "会员")]));
    ws.set_options("erp.csv", opts.clone());
    let e = ws.add_file("erp.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "bad_mapping");
    let msg = e.to_string();
    assert!(msg.contains("needs order id, amount, created time") && !msg.contains("no column"), "{msg}");
    opts.mapping = Some(map(&[("order_id", "单号"), ("customer", "会员"), ("amount", "金额"), ("created", "日期")]));
    ws.set_options("erp.csv", opts.clone());
    let e = ws.add_file("erp.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "bad_mapping");
    assert!(e.to_string().contains("no column \"金额\""), "{e}");
    opts.mapping =
        Some(map(&[("order_id", "单号"), ("customer", "会员"), ("amount", "价税合计"), ("created", "日期")]));
    ws.set_options("erp.csv", opts);
    assert_eq!(ws.add_file("erp.csv", csv.as_bytes()).unwrap().rows_used, 1);
}

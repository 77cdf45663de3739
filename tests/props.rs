//! Properties (proptest, at most 64 cases each so the suite stays fast):
//! * any bytes through `add_file` never panic, and give accounted rows or an `Err`;
//! * the report does not depend on the order of the data rows, nor on how the bytes are cut
//!   into chunks for `begin_file` / `push` / `finish_file` (cuts inside GBK, UTF-8 and UTF-16
//!   characters and inside quoted fields included);
//! * the sections partition the customers: RFM segments and cells, lifecycle stages, region,
//!   age band and gender each add up to `totals.customers` and to the same revenue, which is
//!   `totals.revenue` less the revenue of keyless orders.

// Tests may unwrap; string slices here are at ASCII or char_indices boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)]

mod common;

use common::*;
use customer_insights::{ReportConfig, Workspace};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

fn cfg(cases: u32) -> Config {
    // No regression files: tests/ is shared, and every input here is small enough to print.
    Config { cases, failure_persistence: None, ..Config::default() }
}

fn report_value(ws: &Workspace) -> Value {
    serde_json::from_str(&ws.report_json(&ReportConfig::default()).unwrap()).unwrap()
}

// ------------------------------------------------------------------------------------------
// Any bytes
// ------------------------------------------------------------------------------------------

const TAOBAO_HEADER: &str = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址,退款金额\r\n";

fn check_any_bytes(name: &str, bytes: &[u8]) {
    let mut ws = Workspace::new();
    match ws.add_file(name, bytes) {
        Ok(s) => {
            let skipped: u64 = s.rows_skipped.values().sum();
            assert_eq!(s.rows_total, s.rows_used + skipped, "{s:?}");
            assert!(s.kind.is_some());
        }
        Err(e) => {
            assert!(FILE_ERROR_CODES.contains(&e.code()), "{name}: unexpected error code {:?}: {e}", e.code());
            assert!(e.to_string().starts_with(&format!("{name}: ")), "the message names the file: {e}");
            // the failed file is listed with its error, and nothing else is there
            let files = ws.files();
            assert!(files.iter().all(|f| f.error.is_some() && f.rows_total == 0), "{files:?}");
        }
    }
    // whatever happened, the report of what was read is made, and accounts for every row
    let r = ws.report(&ReportConfig::default()).unwrap_or_else(|e| panic!("{name}: report: {e}"));
    let v = serde_json::to_value(&r).unwrap();
    let problems = accounting_problems(&v);
    assert!(problems.is_empty(), "{problems:?}");
}

fn noisy_text() -> impl Strategy<Value = Vec<u8>> {
    // pieces that steer the bytes into the parsers' corners
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just("交易成功".as_bytes().to_vec()),
        Just("=\"3631583710999999129\"".as_bytes().to_vec()),
        Just(b"2024-03-05 14:22:10".to_vec()),
        Just(b"12.50".to_vec()),
        Just("浙江省 杭州市".as_bytes().to_vec()),
        Just(vec![0xB6, 0xA9]), // GBK 订 (first half alone too:)
        Just(vec![0xB6]),
        Just(vec![0xE8, 0xAE]), // a cut UTF-8 character
        Just(vec![0xFF, 0xFE]), // a UTF-16 BOM in the middle
        Just(vec![0]),
        prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(cfg(64))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        check_any_bytes("x.csv", &bytes);
    }

    #[test]
    fn rows_under_a_known_header_never_panic(body in noisy_text(), utf16 in any::<bool>()) {
        let mut bytes = TAOBAO_HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(&body);
        if utf16 {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            bytes = [0xFF, 0xFE].to_vec();
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
        check_any_bytes("orders.csv", &bytes);
    }

    #[test]
    fn broken_containers_never_panic(kind in 0..3u8, body in prop::collection::vec(any::<u8>(), 0..2000)) {
        let mut bytes = match kind {
            0 => b"PK\x03\x04".to_vec(),
            1 => vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            _ => b"[{\"".to_vec(),
        };
        bytes.extend_from_slice(&body);
        check_any_bytes("x.xlsx", &bytes);
    }

    /// A real workbook with some bytes flipped.
    #[test]
    fn corrupted_workbooks_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20)) {
        let mut bytes = std::fs::read(fixtures().join("excel_saves").join("crm_customers.xlsx")).unwrap();
        for (i, b) in flips {
            let k = i.index(bytes.len());
            bytes[k] ^= b | 1;
        }
        check_any_bytes("crm.xlsx", &bytes);
    }
}

// ------------------------------------------------------------------------------------------
// Synthetic orders (and customers) for the order and partition properties
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Row {
    customer: usize, // 0 = none
    cents: Option<u32>,
    status: usize,
    day: u32,
    second: u32,
    refund: u8, // 0 none, 1 partial, 2 full
    province: usize,
}

const NICKS: [&str; 9] = ["", "小鱼", "tb_alice", "=1+1", "bob 2", "陈*", "小鱼 ", "@x", "客户9"];
const STATUSES: [&str; 7] = [
    "交易成功",
    "交易关闭",
    "等待买家付款",
    "卖家已发货，等待买家确认",
    "买家已付款，等待卖家发货",
    "交易成功",
    "神秘状态",
];
const PROVINCES: [&str; 7] = ["浙江省", "浙江", "Zhejiang", "广东省", "上海", "", "新疆维吾尔自治区"];

fn row() -> impl Strategy<Value = Row> {
    (
        0..NICKS.len(),
        prop::option::weighted(0.95, 0u32..200_000),
        0..STATUSES.len(),
        0u32..400,
        0u32..86_400,
        0u8..3,
        0..PROVINCES.len(),
    )
        .prop_map(|(customer, cents, status, day, second, refund, province)| Row {
            customer,
            cents,
            status,
            day,
            second,
            refund,
            province,
        })
}

fn date(day: u32, second: u32) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    format!("{} {:02}:{:02}:{:02}", d.format("%Y-%m-%d"), second / 3600, second / 60 % 60, second % 60)
}

fn order_line(i: usize, r: &Row) -> String {
    let amount = r.cents.map_or("-".to_string(), |c| format!("{}.{:02}", c / 100, c % 100));
    let refund = match (r.refund, r.cents) {
        (1, Some(c)) => format!("{}.{:02}", c / 300, (c / 3) % 100),
        (2, Some(c)) => format!("{}.{:02}", c / 100, c % 100),
        _ => "0.00".to_string(),
    };
    let addr = if PROVINCES[r.province].is_empty() {
        String::new()
    } else {
        format!("{} 杭州市 西湖区 文三路1号", PROVINCES[r.province])
    };
    format!(
        "=\"{}\",{},{},{},{},{},{}\r\n",
        1_000_000 + i,
        NICKS[r.customer],
        amount,
        STATUSES[r.status],
        date(r.day, r.second),
        addr,
        refund
    )
}

#[derive(Debug, Clone)]
struct Profile {
    customer: usize,
    gender: usize,
    age: Option<u8>,
    province: usize,
    level: usize,
}

fn profile() -> impl Strategy<Value = Profile> {
    (1..NICKS.len(), 0..4usize, prop::option::of(0u8..130), 0..PROVINCES.len(), 0..4usize)
        .prop_map(|(customer, gender, age, province, level)| Profile { customer, gender, age, province, level })
}

fn customers_file(ps: &[Profile]) -> String {
    let mut s = String::from("买家会员名,性别,年龄,省份,会员等级\r\n");
    for p in ps {
        let g = ["女", "男", "未知", ""][p.gender];
        let a = p.age.map_or(String::new(), |a| a.to_string());
        let l = ["普通会员", "VIP1", "VIP3", ""][p.level];
        s.push_str(&format!("{},{g},{a},{},{l}\r\n", NICKS[p.customer], PROVINCES[p.province]));
    }
    s
}

/// Orders (each id once, some rows copied exactly) and an optional customers file.
fn shop() -> impl Strategy<Value = (Vec<String>, Option<String>)> {
    (prop::collection::vec((row(), any::<bool>()), 1..40), prop::option::of(prop::collection::vec(profile(), 0..12)))
        .prop_map(|(rows, profiles)| {
            let mut lines = Vec::new();
            for (i, (r, copy)) in rows.iter().enumerate() {
                let l = order_line(i, r);
                if *copy && i % 5 == 0 {
                    lines.push(l.clone());
                }
                lines.push(l);
            }
            (lines, profiles.map(|p| customers_file(&p)))
        })
}

fn shop_workspace(lines: &[String], customers: Option<&String>) -> Workspace {
    let mut ws = Workspace::new();
    let text = format!("{TAOBAO_HEADER}{}", lines.concat());
    ws.add_file("orders.csv", text.as_bytes()).unwrap();
    if let Some(c) = customers {
        ws.add_file("customers.csv", c.as_bytes()).unwrap();
    }
    ws
}

/// The report without what legitimately depends on row positions (row numbers of issues).
fn order_free(mut v: Value) -> Value {
    for i in v["inputs"].as_array_mut().unwrap() {
        i.as_object_mut().unwrap().remove("errors");
    }
    v
}

fn cents(s: &Value) -> i64 {
    let t = s.as_str().unwrap();
    let neg = t.starts_with('-');
    let (a, b) = t.trim_start_matches('-').split_once('.').unwrap();
    let c = a.parse::<i64>().unwrap() * 100 + b.parse::<i64>().unwrap();
    if neg {
        -c
    } else {
        c
    }
}

/// Every partition of the customers adds up.
fn partition_problems(r: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let Some(t) = r.get("totals").filter(|t| !t.is_null()) else { return p };
    let customers = t["customers"].as_u64().unwrap();
    let revenue = cents(&t["revenue"]);
    let mut sums = Vec::new();
    let mut add = |what: String, rows: &Value, count: &str| {
        let rows = rows.as_array().unwrap();
        let c: u64 = rows.iter().map(|x| x[count].as_u64().unwrap()).sum();
        let m: i64 = rows.iter().map(|x| cents(&x["revenue"])).sum();
        sums.push((what, c, m));
    };
    add("lifecycle".into(), &r["lifecycle"], "customers");
    add("rfm.segments".into(), &r["rfm"]["segments"], "customers");
    add("rfm.cells".into(), &r["rfm"]["cells"], "customers");
    for d in ["region", "age_band", "gender"] {
        add(format!("distributions.{d}"), &r["distributions"][d], "customers");
    }
    let keyed = sums[0].2;
    for (what, c, m) in &sums {
        if *c != customers {
            p.push(format!("{what}: {c} customers, totals.customers {customers}"));
        }
        if *m != keyed {
            p.push(format!("{what}: revenue {m}, lifecycle revenue {keyed}"));
        }
    }
    if t["valid_orders_without_key"] == 0 && keyed != revenue {
        p.push(format!("no keyless orders, yet customer revenue {keyed} != totals.revenue {revenue}"));
    }
    if keyed > revenue {
        p.push(format!("customer revenue {keyed} > totals.revenue {revenue}"));
    }
    for ct in r["distributions"]["cross"].as_array().unwrap() {
        let n: u64 = ct["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|x| x["customers"].as_array().unwrap())
            .map(|x| x.as_u64().unwrap())
            .sum();
        if n != customers {
            p.push(format!("cross {} x {}: {n} customers", ct["by"], ct["against"]));
        }
    }
    p
}

proptest! {
    #![proptest_config(cfg(64))]

    #[test]
    fn synthetic_shops_partition_their_customers((lines, customers) in shop()) {
        let ws = shop_workspace(&lines, customers.as_ref());
        let r = report_value(&ws);
        prop_assert!(accounting_problems(&r).is_empty());
        let p = partition_problems(&r);
        prop_assert!(p.is_empty(), "{:?}", p);
    }

    #[test]
    fn synthetic_shops_do_not_depend_on_row_order(
        ((lines, customers), perm) in shop().prop_flat_map(|s| {
            let n = s.0.len();
            (Just(s), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let a = order_free(report_value(&shop_workspace(&lines, customers.as_ref())));
        let shuffled: Vec<String> = perm.iter().map(|&i| lines[i].clone()).collect();
        let b = order_free(report_value(&shop_workspace(&shuffled, customers.as_ref())));
        prop_assert_eq!(a, b);
    }
}

#[test]
fn every_golden_case_partitions_its_customers() {
    for case in cases() {
        let r: Value = serde_json::from_str(&case_report_json(&case)).unwrap();
        let p = partition_problems(&r);
        assert!(p.is_empty(), "{}: {p:?}", case.display());
    }
}

// ------------------------------------------------------------------------------------------
// Fixture files: row order and chunking
// ------------------------------------------------------------------------------------------

/// Splits a decoded text file into header line, data lines (with their line ends) and an
/// unterminated last piece.
fn lines_of(text: &str) -> (String, Vec<String>, String) {
    let mut parts: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    let tail = if parts.last().is_some_and(|l| !l.ends_with('\n')) { parts.pop().unwrap() } else { String::new() };
    let header = parts.remove(0);
    (header, parts, tail)
}

fn encode(text: &str, enc: &str) -> Vec<u8> {
    match enc {
        "gbk" => encoding_rs::GBK.encode(text).0.into_owned(),
        "utf16" => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
        "utf8-bom" => [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect(),
        _ => text.as_bytes().to_vec(),
    }
}

fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let u: Vec<u16> = rest.chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return String::from_utf16(&u).unwrap();
    }
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    std::str::from_utf8(b).map(String::from).unwrap_or_else(|_| encoding_rs::GBK.decode(b).0.into_owned())
}

/// The Chinese files of a generated case, decoded: (name, text).
fn case_texts(case: &str) -> Vec<(String, String)> {
    inputs(&fixtures().join(case))
        .iter()
        .filter(|p| !name_of(p).starts_with("shopify"))
        .map(|p| (name_of(p), decode(&std::fs::read(p).unwrap())))
        .collect()
}

proptest! {
    #![proptest_config(cfg(12))]

    /// gen_*_m2: duplicates, a repeated header, a bad amount, a cut last line (kept last);
    /// gen_*_m0: every kind, so calls (verified orders, task), tickets (linked orders, buyers)
    /// and the screened phones of the customers file and the call log are shuffled too.
    #[test]
    fn fixture_reports_do_not_depend_on_row_order(enc_i in 0..4usize, m in prop_oneof![Just(0u8), Just(2)], seed in any::<u64>()) {
        let enc = ["gbk", "utf8-bom", "utf8", "utf16"][enc_i];
        let files = case_texts(&format!("gen_{enc}_m{m}"));
        let build = |shuffle: Option<u64>| {
            let mut ws = Workspace::new();
            for (name, text) in &files {
                let (header, mut body, tail) = lines_of(text);
                if let Some(s) = shuffle {
                    // Fisher-Yates with a small xorshift: proptest picks the seed
                    let mut x = s | 1;
                    for i in (1..body.len()).rev() {
                        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                        body.swap(i, (x % (i as u64 + 1)) as usize);
                    }
                }
                let t = format!("{header}{}{tail}", body.concat());
                ws.add_file(name, &encode(&t, enc)).unwrap();
            }
            order_free(report_value(&ws))
        };
        prop_assert_eq!(build(None), build(Some(seed)));
    }
}

/// A text file above the 64 KiB sniffing prefix, so chunks reach the streaming decoder and
/// splitter: the data rows of the four taobao files of one encoding, one after the other (the
/// cut last lines of the dirty ones glue onto the next file's first row: a garbled row is fine,
/// it only has to be garbled the same way for every chunking).
fn big_taobao(enc: &str) -> Vec<u8> {
    let mut text = String::new();
    for level in 0..4 {
        let f = inputs(&fixtures().join(format!("gen_{enc}_m{level}")))
            .into_iter()
            .find(|p| name_of(p).starts_with("taobao"))
            .unwrap();
        let t = decode(&std::fs::read(f).unwrap());
        if level == 0 {
            text.push_str(&t);
        } else {
            text.push_str(t.split_once('\n').unwrap().1);
        }
    }
    let bytes = encode(&text, enc);
    assert!(bytes.len() > 90_000, "{enc}: {} bytes", bytes.len());
    bytes
}

/// `big_taobao` and its result read whole, computed once per encoding.
fn big_and_whole(enc: &'static str) -> std::sync::Arc<(Vec<u8>, (String, String))> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Cache = Mutex<HashMap<&'static str, Arc<(Vec<u8>, (String, String))>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut m = CACHE.get_or_init(Default::default).lock().unwrap();
    m.entry(enc)
        .or_insert_with(|| {
            let bytes = big_taobao(enc);
            let w = whole(big_name(enc), &bytes);
            Arc::new((bytes, w))
        })
        .clone()
}

fn big_name(enc: &str) -> &'static str {
    if enc == "utf16" {
        "taobao_orders.txt"
    } else {
        "taobao_orders.csv"
    }
}

fn chunked(name: &str, bytes: &[u8], sizes: &mut dyn FnMut() -> usize) -> (String, String) {
    let mut ws = Workspace::new();
    ws.begin_file(name, None).unwrap();
    let mut at = 0;
    while at < bytes.len() {
        let n = sizes().clamp(1, bytes.len() - at);
        ws.push(&bytes[at..at + n]).unwrap();
        at += n;
    }
    let s = ws.finish_file().unwrap();
    (serde_json::to_string(&s).unwrap(), ws.report_json(&ReportConfig::default()).unwrap())
}

fn whole(name: &str, bytes: &[u8]) -> (String, String) {
    let mut ws = Workspace::new();
    let s = ws.add_file(name, bytes).unwrap();
    (serde_json::to_string(&s).unwrap(), ws.report_json(&ReportConfig::default()).unwrap())
}

proptest! {
    #![proptest_config(cfg(12))]

    #[test]
    fn big_text_files_do_not_depend_on_chunking(enc_i in 0..4usize, seed in any::<u64>(), max in prop_oneof![Just(1usize), Just(3), 2usize..64, 64usize..70_000]) {
        let enc = ["gbk", "utf8-bom", "utf8", "utf16"][enc_i];
        let big = big_and_whole(enc);
        let (bytes, want) = (&big.0, &big.1);
        let mut x = seed | 1;
        let mut sizes = move || {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            if x % 10 == 0 { 1 } else { (x >> 8) as usize % max + 1 }
        };
        prop_assert_eq!(&chunked(big_name(enc), bytes, &mut sizes), want);
    }

    #[test]
    fn small_files_of_every_kind_do_not_depend_on_chunking(pick in 0..8usize, seed in any::<u64>(), max in 1usize..200) {
        let (case, file) = [
            ("jd_gbk", "jd_orders.csv"),
            ("pinduoduo_utf8bom", "pdd_orders.csv"),
            ("gen_utf16_m3", "interest_events.txt"),
            ("gen_utf8-bom_m0", "crm_customers.csv"),
            ("gen_gbk_m1", "aftersales_tickets.csv"),
            ("gen_gbk_m3", "outbound_calls.csv"),
            ("excel_saves", "crm_customers.xlsx"),
            ("excel_saves", "interest_events.json"),
        ][pick];
        let bytes = std::fs::read(fixtures().join(case).join(file)).unwrap();
        let mut x = seed | 1;
        let mut sizes = move || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; (x >> 8) as usize % max + 1 };
        prop_assert_eq!(chunked(file, &bytes, &mut sizes), whole(file, &bytes));
    }
}

/// Every cut point in a stretch of a big file past the sniffing prefix, around a quoted field
/// and multi-byte characters: three chunks [0, 64 KiB), [64 KiB, p), [p, end).
#[test]
fn every_cut_near_a_quoted_field_gives_the_same_result() {
    for enc in ["gbk", "utf8", "utf16"] {
        let name = big_name(enc);
        let big = big_and_whole(enc);
        let (bytes, want) = (&big.0, &big.1);
        let after = |from: usize, pat: &[u8]| from + bytes[from..].windows(pat.len()).position(|w| w == pat).unwrap();
        let points: Vec<usize> = if enc == "utf16" {
            // the UTF-16 save has no quoted fields: cut around and inside non-ASCII characters
            let p = 66_000 + bytes[66_000..].chunks(2).position(|u| u[1] != 0).unwrap() * 2;
            (p - 2..p + 14).collect()
        } else {
            // a quoted field (`,"…, …"`, a title or a ¥ amount) past the prefix: cut at each
            // byte around its opening quote and before its closing quote (inside GBK / UTF-8
            // characters too)
            let open = after(66_000, b",\"") + 1;
            let close = after(open + 1, b"\"");
            (open - 2..open + 4).chain(close - 10..close + 3).collect()
        };
        for p in points {
            let cuts = [65_536, p, bytes.len()];
            let mut k = 0;
            let mut prev = 0;
            let mut sizes = || {
                let n = cuts[k] - prev;
                prev = cuts[k];
                k += 1;
                n
            };
            assert_eq!(&chunked(name, bytes, &mut sizes), want, "{enc}: cut at {p}");
        }
    }
}

// ------------------------------------------------------------------------------------------
// A shop bigger than a batch of customer keys
// ------------------------------------------------------------------------------------------

/// Customer keys are interned in batches of a few hundred rows, their ids written into the rows
/// afterwards. One big file (many batches, a batch boundary at every place in a row's life) must
/// give what the same rows give as files small enough to be one batch each, and must lose no key.
#[test]
fn one_big_file_and_many_small_ones_agree_on_every_customer() {
    let as_of = "2024-12-31";
    let orders: Vec<String> = (0..3000u32)
        .map(|i| {
            let buyer = if i % 97 == 0 { String::new() } else { format!("买家{}", (i * 37) % 900) };
            format!(
                "{},{buyer},{}.{:02},交易成功,2024-{:02}-{:02} 10:00:00\r\n",
                100_000 + i,
                5 + i % 50,
                i % 100,
                1 + i % 12,
                1 + i % 28
            )
        })
        .collect();
    let events: Vec<String> = (0..2000u32)
        .map(|i| format!("买家{},加购,2024-12-{:02} 09:00:00,1,浙江省\r\n", (i * 13) % 1300, 1 + i % 30))
        .collect();
    const ORDERS_HEADER: &str = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\r\n";
    const EVENTS_HEADER: &str = "买家会员名,行为,时间,宝贝ID,省份\r\n";
    let build = |per_file: usize| {
        let mut ws = Workspace::new();
        for (n, part) in orders.chunks(per_file).enumerate() {
            ws.add_file(&format!("orders{n}.csv"), format!("{ORDERS_HEADER}{}", part.concat()).as_bytes()).unwrap();
        }
        for (n, part) in events.chunks(per_file).enumerate() {
            ws.add_file(&format!("events{n}.csv"), format!("{EVENTS_HEADER}{}", part.concat()).as_bytes()).unwrap();
        }
        let cfg = ReportConfig { as_of: Some(as_of.to_string()), ..ReportConfig::default() };
        let r: Value = serde_json::from_str(&ws.report_json(&cfg).unwrap()).unwrap();
        r
    };
    let big = build(usize::MAX);
    let small = build(100);
    let buyers: std::collections::BTreeSet<u32> =
        (0..3000u32).filter(|i| i % 97 != 0).map(|i| (i * 37) % 900).collect();
    assert_eq!(big["totals"]["customers"], buyers.len() as u64);
    assert_eq!(big["totals"]["valid_orders_without_key"], 31);
    for section in ["totals", "headline", "lifecycle", "rfm", "conversion", "distributions"] {
        assert_eq!(big[section], small[section], "{section}");
    }
}

// ------------------------------------------------------------------------------------------
// A file read in parts (one reader per part, on threads or in workers), then merged
// ------------------------------------------------------------------------------------------

/// The messy generated rows of one kind (`taobao` or `interest`) at every mess level, then rows
/// that make the parts of a file depend on each other: repeats of earlier orders (of used and of
/// skipped ones), buyer messages with line ends inside quotes, unknown statuses and actions, rows
/// without a key, ids that are not numbers, provinces that name none, blank rows and a repeated
/// header. Returns the decoded text.
fn parts_text(kind: &str) -> String {
    let mut header = String::new();
    let mut data: Vec<String> = Vec::new();
    // (the event files are small: their rows come round again, as a shop's repeat visitors do)
    while data.iter().map(String::len).sum::<usize>() < 150_000 {
        for level in 0..4 {
            let Some(f) = inputs(&fixtures().join(format!("gen_utf8_m{level}")))
                .into_iter()
                .find(|p| name_of(p).starts_with(kind))
            else {
                continue;
            };
            let (h, lines, tail) = lines_of(&decode(&std::fs::read(f).unwrap()));
            header = h;
            data.extend(lines);
            if !tail.is_empty() {
                data.push(tail + "\r\n");
            }
        }
    }
    let width = header.split(',').count();
    let mut out = vec![header.clone()];
    // (a plain row's fields: no quoted commas)
    let fields = |l: &str| -> Option<Vec<String>> {
        let f: Vec<String> = l.trim_end().split(',').map(String::from).collect();
        (f.len() == width && !l.contains("\"\"")).then_some(f)
    };
    let mut n = 0;
    for (i, line) in data.iter().enumerate() {
        out.push(line.clone());
        let Some(f) = fields(line) else { continue };
        n += 1;
        let mut v = f.clone();
        let set = |v: &mut Vec<String>, i: usize, s: &str| v[i] = s.to_string();
        match (kind, n % 9) {
            (_, 0) => out.push(data[i / 2].clone()),
            (_, 1) => out.push(",".repeat(width - 1) + "\r\n"),
            (_, 2) if n % 4 == 0 => out.push(header.clone()),
            ("taobao", 3) => {
                set(&mut v, 0, &format!("=\"9{i:06}\""));
                set(&mut v, 11, "\"留言第一行\n第二行,含逗号\r\n\"\"引号\"\"\"");
            }
            ("taobao", 4) => {
                set(&mut v, 0, &format!("=\"8{i:06}\""));
                set(&mut v, 10, if n % 2 == 0 { "神秘状态" } else { "" });
            }
            ("taobao", 5) => {
                // a bad date on a new id, and that id again later, well formed: a duplicate
                set(&mut v, 0, &format!("=\"7{i:06}\""));
                set(&mut v, 17, "昨天");
                let mut w = f.clone();
                set(&mut w, 0, &format!("=\"7{i:06}\""));
                out.push(v.join(",") + "\r\n");
                out.push(w.join(",") + "\r\n");
                continue;
            }
            ("taobao", 6) => {
                set(&mut v, 0, &format!("TB-{i}"));
                for k in [1, 2, 12, 15, 16] {
                    set(&mut v, k, "");
                }
            }
            ("taobao", 7) => set(&mut v, 8, "abc"),
            ("interest", 3) => set(&mut v, 2, "不是时间"),
            ("interest", 4) => set(&mut v, 0, ""),
            // action texts no spelling names (counted by text, in row order, across parts) and
            // provinces that name none (the region fallback skips them)
            ("interest", 5) => set(&mut v, 1, ["浏览", "分享", "Viewed"][i % 3]),
            ("interest", 6) => set(&mut v, 4, if n % 2 == 0 { "火星" } else { "" }),
            _ => continue,
        }
        out.push(v.join(",") + "\r\n");
    }
    // repeats of early orders at the end, in the last part for certain
    out.extend(data.iter().take(40).cloned());
    out.concat()
}

/// `parts_text(kind)` in `enc`, and its summary and report read whole, once per pair.
fn parts_case(kind: &'static str, enc: &'static str) -> std::sync::Arc<(Vec<u8>, (String, String))> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Cache = Mutex<HashMap<(&'static str, &'static str), Arc<(Vec<u8>, (String, String))>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut m = CACHE.get_or_init(Default::default).lock().unwrap();
    m.entry((kind, enc))
        .or_insert_with(|| {
            let bytes = encode(&parts_text(kind), enc);
            assert!(bytes.len() > 120_000, "{kind} {enc}: {} bytes", bytes.len());
            let w = whole(&format!("{kind}.csv"), &bytes);
            Arc::new((bytes, w))
        })
        .clone()
}

/// Reads `bytes` with the first `cuts[0]` bytes pushed here and each later stretch between cuts
/// read by a part of its own, then taken in in order; a part that cannot be taken in has its
/// bytes (and all after) pushed here instead. Returns the summary and report, and how many
/// parts were taken in.
fn in_parts(name: &str, bytes: &[u8], cuts: &[usize], chunk: usize) -> ((String, String), usize) {
    let mut ws = Workspace::new();
    ws.begin_file(name, Some(bytes.len() as u64)).unwrap();
    for c in bytes[..cuts[0]].chunks(chunk) {
        ws.push(c).unwrap();
    }
    let mut bounds = cuts.to_vec();
    bounds.push(bytes.len());
    let last = bounds.len() - 2;
    let parts: Vec<_> = (0..=last)
        .map(|i| {
            let (a, b) = (bounds[i], bounds[i + 1]);
            let mut p = ws.part((b - a) as u64)?;
            for c in bytes[a..b].chunks(chunk) {
                p.push(c).ok()?;
            }
            // (sent as bytes, as between two wasm workers)
            p.finish(i == last).ok().map(|p| customer_insights::Part::from_bytes(&p.to_bytes()).unwrap())
        })
        .collect();
    let mut absorbed = 0;
    for (i, p) in parts.into_iter().enumerate() {
        if p.is_some_and(|p| ws.absorb_part(p)) {
            absorbed += 1;
        } else {
            {
                for c in bytes[bounds[i]..].chunks(chunk) {
                    ws.push(c).unwrap();
                }
                break;
            }
        }
    }
    let s = ws.finish_file().unwrap();
    ((serde_json::to_string(&s).unwrap(), ws.report_json(&ReportConfig::default()).unwrap()), absorbed)
}

proptest! {
    #![proptest_config(cfg(16))]

    /// Read in parts and merged, a file gives what reading it whole gives, byte for byte: the
    /// summary (counts, skip reasons, the listed issues with their rows, unknown statuses, key
    /// columns) and the report (every id, so every order of output). Cuts fall after line ends,
    /// some inside quoted fields (those parts must be refused and read again).
    #[test]
    fn a_file_read_in_parts_is_the_file_read_whole(
        kind_i in 0..2usize,
        enc_i in 0..3usize,
        picks in prop::collection::vec(0.0f64..1.0, 1..4),
        chunk in prop_oneof![Just(1usize << 20), 1usize..5000],
    ) {
        let kind = ["taobao", "interest"][kind_i];
        let enc = ["gbk", "utf8", "utf8-bom"][enc_i];
        let case = parts_case(kind, enc);
        let (bytes, want) = (&case.0, &case.1);
        // line ends past the sniffed prefix (so the header is read before the parts start)
        let ends: Vec<usize> = (70_000..bytes.len()).filter(|&i| bytes[i - 1] == b'\n').collect();
        let mut cuts: Vec<usize> = picks.iter().map(|p| ends[(p * ends.len() as f64) as usize]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let (got, _) = in_parts(&format!("{kind}.csv"), bytes, &cuts, chunk);
        prop_assert_eq!(&got.0, &want.0);
        prop_assert_eq!(&got.1, &want.1);
    }
}

/// The parts are taken in (not all refused and read again, which would pass the test above
/// too), except a part that starts inside a quoted field; and a file that cannot be read in
/// parts (UTF-16, line items) gives no part.
#[test]
fn parts_are_taken_in_unless_they_start_inside_quotes() {
    let case = parts_case("taobao", "gbk");
    let bytes = &case.0;
    let ends: Vec<usize> = (70_000..bytes.len()).filter(|&i| bytes[i - 1] == b'\n').collect();
    let inside = |i: usize| bytes[..i].iter().filter(|&&b| b == b'"').count() % 2 == 1;
    let clean: Vec<usize> = ends.iter().copied().filter(|&i| !inside(i)).collect();
    let quoted: Vec<usize> = ends.iter().copied().filter(|&i| inside(i)).collect();
    assert!(quoted.len() > 10, "the case has line ends inside quotes");
    let (got, absorbed) = in_parts("taobao.csv", bytes, &[clean[10], clean[clean.len() / 2]], 1 << 16);
    assert_eq!(absorbed, 2);
    assert_eq!(&got, &case.1);
    let (got, absorbed) = in_parts("taobao.csv", bytes, &[clean[10], quoted[quoted.len() / 2]], 1 << 16);
    assert_eq!(absorbed, 0, "the part before the quoted cut ends inside a record");
    assert_eq!(&got, &case.1);
    // UTF-16 is decoded in order: no parts
    let u16 = encode(&parts_text("taobao"), "utf16");
    let mut ws = Workspace::new();
    ws.begin_file("t.txt", Some(u16.len() as u64)).unwrap();
    ws.push(&u16[..100_000]).unwrap();
    assert_eq!(ws.can_read_in_parts(), Some(false));
    assert!(ws.part(1000).is_none());
}

/// A repeat of an earlier order whose address (read only for kept orders) holds a malformed GBK
/// byte: the reader of the later part keeps the order until the merge drops it, so what it
/// decodes there must not decide `replaced_bytes`. Found by the csv_text fuzz target.
#[test]
fn a_malformed_byte_in_a_repeat_read_in_a_later_part_is_reported_as_whole() {
    let text = parts_text("taobao");
    let mut bytes = encode(&text, "gbk");
    let cut = bytes.len();
    // the first plain order row again, with its address (收货地址, field 13) malformed
    let (header, lines, _) = lines_of(&text);
    let width = header.split(',').count();
    let first = lines.iter().map(|l| l.trim_end().split(',').map(String::from).collect::<Vec<_>>());
    let mut row = first.into_iter().find(|f| f.len() == width && f[0].starts_with("=\"")).unwrap();
    row[13] = "ADDRESS".to_string();
    let line = encode(&(row.join(",") + "\r\n"), "gbk");
    let at = line.windows(7).position(|w| w == b"ADDRESS").unwrap();
    bytes.extend_from_slice(&line[..at]);
    bytes.extend_from_slice(b"\xb9\xe3\xb6\xab \x81\x20\xc9\xee\xdb\xda");
    bytes.extend_from_slice(&line[at + 7..]);
    let want = whole("taobao.csv", &bytes);
    let (got, absorbed) = in_parts("taobao.csv", &bytes, &[cut], 1 << 16);
    assert_eq!(absorbed, 1, "the repeat was read as a part of its own");
    assert_eq!(got.0, want.0);
    assert_eq!(got.1, want.1);
}

/// The key columns a merged file names are those of the orders it keeps: a fallback key first
/// used in a later part is named, one used there only by a repeat of an earlier order is not.
#[test]
fn a_key_column_first_used_in_a_later_part_is_named() {
    let m0 = inputs(&fixtures().join("gen_utf8_m0")).into_iter().find(|p| name_of(p).starts_with("taobao")).unwrap();
    let (header, lines, _) = lines_of(&decode(&std::fs::read(m0).unwrap()));
    let width = header.split(',').count();
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| l.trim_end().split(',').map(String::from).collect::<Vec<_>>())
        .filter(|f| f.len() == width && !f[1].is_empty())
        .collect();
    let mut out = vec![header];
    let mut id = 5_000_000u64;
    while out.iter().map(String::len).sum::<usize>() < 120_000 {
        for r in &rows {
            let mut v = r.clone();
            v[0] = id.to_string();
            id += 1;
            out.push(v.join(",") + "\r\n");
        }
    }
    let cut = out.iter().map(String::len).sum::<usize>();
    // the later part: a buyer known only by the payer account, then a repeat of the first order
    // known only by its receiver
    let mut payer = rows[0].clone();
    (payer[0], payer[1], payer[2]) = ("6000001".into(), String::new(), "13800001111".into());
    let mut repeat = rows[1].clone();
    (repeat[0], repeat[1], repeat[2]) = ("5000000".into(), String::new(), String::new());
    let (mut a, mut b) = (rows[2].clone(), rows[3].clone());
    (a[0], b[0]) = ("6000002".into(), "6000003".into());
    for v in [&payer, &a, &repeat, &b] {
        out.push(v.join(",") + "\r\n");
    }
    let bytes = out.concat().into_bytes();
    let want = whole("taobao.csv", &bytes);
    let keys: serde_json::Value = serde_json::from_str(&want.0).unwrap();
    assert_eq!(keys["customer_key"], serde_json::json!(["买家会员名", "买家支付宝账号"]));
    let (got, absorbed) = in_parts("taobao.csv", &bytes, &[cut], 1 << 16);
    assert_eq!(absorbed, 1);
    assert_eq!(got, want);
}

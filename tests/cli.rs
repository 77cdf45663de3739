//! The native door: the built `customer-insights` binary on the golden cases prints exactly the
//! bytes of `expected.json` plus a newline (CLI and core byte-equal), and its exit codes,
//! `members` CSV and `inspect` behave as documented.

// Tests may unwrap; string slices here are at ASCII or char_indices boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)]

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_customer-insights");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn run_paths(cmd: &[&str], files: &[PathBuf]) -> Output {
    let mut c = Command::new(BIN);
    c.args(cmd);
    c.args(files);
    c.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// CLI stdout = the core's report JSON + "\n" (always), = expected.json (unless the case is a
/// known failure, see golden.rs).
#[test]
fn report_prints_expected_json_for_every_case() {
    let cases = cases();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for case in &cases {
        let mut cmd = vec!["report".to_string()];
        if case.join("case.json").exists() {
            cmd.push("--config".into());
            cmd.push(case.join("case.json").to_string_lossy().into_owned());
        }
        let cmd: Vec<&str> = cmd.iter().map(String::as_str).collect();
        let out = run_paths(&cmd, &inputs(case));
        let name = name_of(case);
        let core = format!("{}\n", case_report_json(case));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.code() != Some(0) {
            failures.push(format!("{name}: exit {:?}: {}", out.status.code(), stderr(&out)));
            continue;
        }
        if !out.stderr.is_empty() {
            failures.push(format!("{name}: unexpected stderr {}", stderr(&out)));
        }
        if stdout != core {
            failures.push(format!("{name}: CLI and core differ: {}", first_difference(&core, &stdout)));
        }
        if !case.join("known_failure").exists() {
            let want = std::fs::read_to_string(case.join("expected.json")).unwrap_or_default();
            if stdout != want {
                failures
                    .push(format!("{name}: stdout differs from expected.json: {}", first_difference(&want, &stdout)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn exit_3_when_a_file_cannot_be_read_and_the_others_still_count() {
    let case = fixtures().join("generic_en");
    let empty = tmp("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let missing = tmp("does-not-exist.csv");
    let _ = std::fs::remove_file(&missing);
    let mut files = inputs(&case);
    files.push(empty);
    files.push(missing);
    let out = run_paths(&["report"], &files);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("empty.csv") && err.contains("empty_file"), "{err}");
    assert!(err.contains("does-not-exist.csv"), "{err}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    // the readable file is fully there
    assert_eq!(r["totals"]["revenue"], "1220.00");
    let inputs = r["inputs"].as_array().unwrap();
    let e = inputs.iter().find(|i| i["name"] == "empty.csv").expect("the unreadable file is listed");
    assert_eq!(e["error"]["code"], "empty_file");
    assert!(e["kind"].is_null());
    let m = inputs.iter().find(|i| i["name"] == "does-not-exist.csv").expect("the missing file is listed");
    assert_eq!(m["error"]["code"], "io_error");
}

/// A directory or a missing file given as an input is an `io_error` naming it, listed in
/// `inputs` beside the files that were read, whether the files are read one by one or on threads.
#[test]
fn a_directory_or_missing_file_is_an_io_error_listed_in_inputs() {
    let case = fixtures().join("generic_en");
    let dir = tmp("a-folder.csv");
    std::fs::create_dir_all(&dir).unwrap();
    let missing = tmp("gone.csv");
    let _ = std::fs::remove_file(&missing);
    for threads in ["1", "2"] {
        let mut files = inputs(&case);
        files.push(dir.clone());
        files.push(missing.clone());
        let out = run_paths(&["report", "--threads", threads], &files);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("[io_error]") && err.contains("a-folder.csv"), "{err}");
        assert!(!err.contains("no such file in the workspace"), "{err}");
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["totals"]["revenue"], "1220.00");
        let inputs = r["inputs"].as_array().unwrap();
        for name in ["a-folder.csv", "gone.csv"] {
            let e = inputs.iter().find(|i| i["name"] == name).unwrap_or_else(|| panic!("{name} is listed: {inputs:?}"));
            assert_eq!(e["error"]["code"], "io_error", "{name}");
            assert!(e["error"]["message"].as_str().unwrap().contains(name), "{e}");
        }
    }
}

#[test]
fn exit_2_for_a_config_with_an_unknown_key_names_the_key() {
    let orders = fixtures().join("generic_en").join("orders.csv");
    for (cfg, key) in [
        (r#"{"as_of": "2024-11-30", "colour": "red"}"#, "colour"),
        (r#"{"lifecycle": {"new_days": 30, "stale_days": 9}}"#, "stale_days"),
        (r#"{"tags": [{"name": "t", "conditions": [{"fild": "orders", "op": ">", "value": 1}]}]}"#, "fild"),
    ] {
        let p = tmp(&format!("bad-{key}.json"));
        std::fs::write(&p, cfg).unwrap();
        let out = run(&["report", "--config", p.to_str().unwrap(), orders.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{cfg}: {}", stderr(&out));
        assert!(stderr(&out).contains(key), "{cfg}: message does not name {key}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{cfg}: no report on a bad config");
    }
    // an unknown operator is a config error too, with the operator in the message
    let p = tmp("bad-op.json");
    std::fs::write(&p, r#"{"tags": [{"name": "t", "conditions": [{"field": "orders", "op": "~=", "value": 1}]}]}"#)
        .unwrap();
    let out = run(&["report", "--config", p.to_str().unwrap(), orders.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("~="), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(run(&["report"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate", "x.csv"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
    let h = run(&["--help"]);
    assert_eq!(h.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&h.stdout).contains("customer-insights report"));
}

fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

#[test]
fn members_csv_has_a_header_and_neutralised_formula_cells() {
    // generic_en: =1+2 (455) and @admin (544) are the Champions (hand-checked in its case.toml)
    let orders = fixtures().join("generic_en").join("orders.csv");
    let out = run(&["members", "--segment", "Champions", orders.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM so Excel reads Chinese right");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let header = csv_cells(lines[0]);
    assert_eq!(&header[..4], &["customer", "orders", "revenue", "items"]);
    assert!(header.contains(&"rfm_segment".to_string()));
    assert_eq!(lines.len(), 3, "{text}");
    let rows: Vec<Vec<String>> = lines[1..].iter().map(|l| csv_cells(l)).collect();
    assert_eq!(rows[0][0], "'=1+2");
    assert_eq!(rows[0][2], "820.00");
    assert_eq!(rows[1][0], "'@admin");
    assert_eq!(rows[1][2], "280.00");
    for r in &rows {
        assert_eq!(r.len(), header.len());
        for c in r {
            assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "cell {c:?} would run as a formula");
        }
    }
    // in Chinese: the operator's headers and words, the codes last, formulas still neutralised
    let out = run(&["members", "--segment", "重要价值客户", "--lang", "zh-CN", orders.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let zh = String::from_utf8(out.stdout).unwrap();
    let zl: Vec<&str> = zh.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(&csv_cells(zl[0])[..3], &["客户", "有效订单数", "销售额"]);
    let row = csv_cells(zl[1]);
    assert_eq!(
        (row[0].as_str(), row[11].as_str(), row[row.len() - 1].as_str()),
        ("'=1+2", "重要价值客户", "Champions")
    );
    let out = run(&["members", "--segment", "Champions", "--lang", "fr", orders.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an unknown language is a usage error");
    // members of another segment: -5 dash (New Customers) is neutralised too
    let out = run(&["members", "--segment", "New Customers", orders.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\r\n'-5 dash,"), "{text}");
    // an unknown segment is an error that names it
    let out = run(&["members", "--segment", "Nobody", orders.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Nobody"), "{}", stderr(&out));
}

#[test]
fn inspect_prints_the_ingest_summaries() {
    let case = fixtures().join("gen_gbk_m2");
    let files = inputs(&case);
    let out = run_paths(&["inspect"], &files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), files.len());
    for (s, f) in arr.iter().zip(&files) {
        assert_eq!(s["name"], name_of(f).as_str());
        assert!(s["kind"].is_string(), "{s}");
    }
    assert!(accounting_problems(&serde_json::json!({ "inputs": v })).is_empty());
    // the same summaries as the report's inputs
    let r: Value = serde_json::from_str(&case_report_json(&case)).unwrap();
    assert_eq!(&r["inputs"], &v);
}

#[test]
fn as_of_flag_overrides_the_default_and_the_config() {
    let orders = fixtures().join("generic_en").join("orders.csv");
    let cfg = tmp("asof.json");
    std::fs::write(&cfg, r#"{"as_of": "2024-12-31"}"#).unwrap();
    let out = run(&["report", "--config", cfg.to_str().unwrap(), "--as-of", "2024-11-25", orders.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["as_of"], "2024-11-25");
    // A-1009 (11-28), A-1011 (11-30) are after as_of and left out
    assert_eq!(r["totals"]["orders_after_as_of"], 2);
    assert_eq!(r["totals"]["orders"], 10);
    let bad = run(&["report", "--as-of", "25/11/2024", orders.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("25/11/2024"), "{}", stderr(&bad));
}

#[test]
fn forced_encoding_kind_and_platform_apply() {
    // a JD file read as UTF-8 on purpose: the header is mojibake, so it is not recognised
    let jd = fixtures().join("jd_gbk").join("jd_orders.csv");
    let out = run(&["report", "--encoding", "utf-8", jd.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let out = run(&["inspect", "--encoding", "gb18030", "--platform", "generic", jd.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["platform"], "generic");
    assert_eq!(v[0]["encoding"], "gb18030");
    assert_eq!(v[0]["rows_used"], 9);
}

/// Several files are read on threads, each into its own workspace, then taken in in the order
/// given: the output must be byte for byte what reading them one by one gives (a budget makes
/// the CLI read one by one), with a repeated name, a file that fails and files of every kind.
#[test]
fn files_read_on_threads_give_the_same_bytes_as_one_by_one() {
    let g = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gen_gbk_m2");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&g)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy() != "expected.json")
        .collect();
    files.sort();
    let bad = tmp("threads_bad.csv");
    std::fs::write(&bad, b"not,a,known\nheader,row,here\n").unwrap();
    let jd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jd_gbk");
    let mut all = files.clone();
    all.insert(1, bad);
    all.extend(std::fs::read_dir(&jd).unwrap().map(|e| e.unwrap().path()).filter(|p| !p.ends_with("expected.json")));
    // files with regions outside China, after others with their own: their region ids differ
    // between a file read alone and the files read in order
    for case in ["woocommerce_webtoffee", "generic_en", "woocommerce_analytics"] {
        let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(case);
        let mut more: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv" || x == "xlsx"))
            .collect();
        more.sort();
        all.extend(more);
    }
    // and one whose only regions are new, read after all the others
    let jp = tmp("threads_jp_orders.csv");
    std::fs::write(
        &jp,
        "order_id,order_number,order_date,status,order_total,customer_email,billing_first_name,billing_state,billing_country\n\
         9001,9001,2024-12-02 14:05:33,wc-completed,19.00,kenji@example.jp,Kenji,13,JP\n\
         9002,9002,2024-12-04 09:00:00,wc-completed,29.00,alice@example.com,Alice,27,JP\n",
    )
    .unwrap();
    all.push(jp);
    all.push(files[0].clone()); // the same name again: replaces the first
    for cmd in
        [&["report", "--as-of", "2024-12-31"][..], &["members", "--as-of", "2024-12-31", "--segment", "Champions"][..]]
    {
        let threads = run_paths(cmd, &all);
        let budget: Vec<&str> = cmd.iter().copied().chain(["--budget", "100000000000"]).collect();
        let one_by_one = run_paths(&budget, &all);
        assert_eq!(threads.status.code(), one_by_one.status.code(), "{}", stderr(&threads));
        assert_eq!(stderr(&threads), stderr(&one_by_one));
        assert!(threads.stdout == one_by_one.stdout, "{cmd:?}: outputs differ");
        assert!(threads.stdout.len() > 200, "{}", stderr(&threads));
    }
}

/// A big GBK Taobao export of about `mb` MiB from the messy generated one: copies of its rows,
/// two in three with fresh order ids (the third repeats earlier orders, which become duplicates
/// across the parts), and, when `quoted` is set, one order whose buyer message runs over
/// thousands of lines where the CLI cuts the file in two.
fn big_taobao(mb: usize, quoted: bool) -> Vec<u8> {
    let src = std::fs::read(fixtures().join("gen_gbk_m2").join("taobao_orders.csv")).unwrap();
    let text = encoding_rs::GBK.decode(&src).0.into_owned();
    let (header, body) = text.split_at(text.find('\n').unwrap() + 1);
    let body = body.trim_end_matches(['\r', '\n']).to_string() + "\r\n";
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let body_gbk = gbk(&body);
    let target = mb << 20;
    // the cut with two threads: half-way through what follows the first 1 MiB
    let cut = (target + (1 << 20)) / 2;
    let mut out = gbk(header);
    let mut k = 0;
    let mut giant_done = !quoted;
    while out.len() < target {
        k += 1;
        let at = out.len();
        out.extend_from_slice(&body_gbk);
        if k % 3 != 0 {
            // `="3631174680000059037",…`: the id's first four digits become the copy's number
            // (GBK leaves ASCII as it is)
            let starts: Vec<usize> = (at..out.len())
                .filter(|&i| i == at || out[i - 1] == b'\n')
                .filter(|&i| out[i..].starts_with(b"=\""))
                .collect();
            for i in starts {
                if out[i + 2..i + 6].iter().all(u8::is_ascii_digit) {
                    out[i + 2..i + 6].copy_from_slice(format!("{k:04}").as_bytes());
                }
            }
        }
        if !giant_done && out.len() > cut - (200 << 10) {
            let mut f: Vec<String> = body.lines().next().unwrap().split(',').map(String::from).collect();
            f[0] = "=\"9999000000000000001\"".into();
            f[11] =
                format!("\"{}\"", (0..16_000).map(|i| format!("第{i}行，留言,\"\"引号\"\"\r\n")).collect::<String>());
            out.extend(gbk(&(f.join(",") + "\r\n")));
            assert!(out.len() > cut + (1 << 16), "the message spans the cut");
            giant_done = true;
        }
    }
    out
}

/// Read with several threads (a big file in parts, merged), the CLI prints exactly what one
/// thread prints, and says (-v) how it read: in parts, or, when the cut falls inside a quoted
/// field, the later part again in order.
#[test]
fn a_big_file_read_on_threads_prints_what_one_thread_prints() {
    for quoted in [false, true] {
        let path = tmp(&format!("big_taobao_{quoted}.csv"));
        std::fs::write(&path, big_taobao(4, quoted)).unwrap();
        let p = path.to_str().unwrap();
        let one = run(&["report", "--threads", "1", "-v", p]);
        assert!(one.status.success(), "{}", stderr(&one));
        assert!(stderr(&one).contains(": in order"), "{}", stderr(&one));
        // (the report's inputs are the summaries `inspect` prints: counts, issues, rows)
        let rows: Value = serde_json::from_slice(&one.stdout).unwrap();
        let rows = &rows["inputs"];
        assert!(rows[0]["rows_used"].as_u64().unwrap() > 5_000, "{}", rows[0]);
        assert!(rows[0]["rows_skipped"]["duplicate"].as_u64().unwrap() > 2_000, "{}", rows[0]);
        for (threads, how) in [
            (
                "2",
                if quoted { "in 2 parts on 2 threads, 1 read again" } else { "in 2 parts on 2 threads, 0 read again" },
            ),
            ("3", "in 3 parts on 3 threads, 0 read again"),
        ] {
            let many = run(&["report", "--threads", threads, "-v", p]);
            assert!(stderr(&many).contains(how), "{threads} threads, quoted {quoted}: {}", stderr(&many));
            assert!(many.stdout == one.stdout, "{threads} threads, quoted {quoted}: the reports differ");
        }
    }
}

// ------------------------------------------------------------------------------ `sample`

/// Runs `sample ARGS --out DIR -q` into a fresh temporary folder.
fn sample_into(name: &str, args: &[&str]) -> PathBuf {
    let dir = tmp(name);
    let _ = std::fs::remove_dir_all(&dir);
    let mut c = Command::new(BIN);
    c.arg("sample").args(args).arg("--out").arg(&dir).arg("-q");
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut f: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    f.sort();
    f
}

fn report_on(dir: &Path) -> Value {
    let out = run_paths(&["report"], &files_in(dir));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (name, kind, platform) of every input of a report.
fn kinds(report: &Value) -> Vec<(String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    report["inputs"].as_array().unwrap().iter().map(|i| (s(&i["name"]), s(&i["kind"]), s(&i["platform"]))).collect()
}

#[test]
fn sample_clean_files_are_read_whole_and_every_kind_is_detected() {
    for (enc, ext, encoding) in [("gbk", "csv", "GBK"), ("utf16", "txt", "UTF-16LE"), ("utf8-bom", "csv", "UTF-8")] {
        let dir = sample_into(&format!("sample-clean-{enc}"), &["--rows", "1500", "--encoding", enc, "--full-phones"]);
        let report = report_on(&dir);
        for i in report["inputs"].as_array().unwrap() {
            assert!(i["error"].is_null(), "{enc}: {i}");
            assert!(i["rows_total"].as_u64().unwrap() > 0, "{enc}: {i}");
            assert_eq!(i["rows_total"], i["rows_used"], "{enc}: every row read: {}", i["name"]);
            assert_eq!(i["rows_skipped"], serde_json::json!({}), "{enc}: {}", i["name"]);
        }
        let want =
            |name: &str, e: &str, kind: &str, platform: &str| (format!("{name}.{e}"), kind.into(), platform.into());
        assert_eq!(
            kinds(&report),
            vec![
                want("aftersales_tickets", ext, "tickets", "taobao"),
                want("crm_customers", ext, "customers", "taobao"),
                want("interest_events", ext, "interest", "taobao"),
                want("outbound_calls", ext, "calls", "generic"),
                want("shopify_orders", "csv", "orders", "shopify"),
                want("taobao_orders", ext, "orders", "taobao"),
            ],
            "{enc}"
        );
        let taobao = &report["inputs"][5];
        assert_eq!(taobao["encoding"], encoding);
        assert_eq!(taobao["rows_used"], 1500);
        // the tickets' orders and the calls' customers are real ones
        assert_eq!(report["totals"]["orders_after_as_of"], 0);
        assert_eq!(report["totals"]["valid_orders_without_key"], 0);
    }
}

#[test]
fn sample_messy_rows_are_skipped_by_reason() {
    let dir = sample_into("sample-messy", &["--rows", "3000", "--messy", "2"]);
    let report = report_on(&dir);
    let skipped = |name: &str| -> Value {
        report["inputs"].as_array().unwrap().iter().find(|i| i["name"] == name).unwrap()["rows_skipped"].clone()
    };
    for i in report["inputs"].as_array().unwrap() {
        assert_eq!(i["rows_skipped"]["truncated"], 1, "every file's last line is cut: {}", i["name"]);
    }
    let blank: u64 =
        report["inputs"].as_array().unwrap().iter().filter_map(|i| i["rows_skipped"]["blank"].as_u64()).sum();
    assert!(blank > 0, "separator-only lines");
    let taobao = skipped("taobao_orders.csv");
    for reason in ["duplicate", "repeated_header", "bad_amount", "bad_date"] {
        assert!(taobao[reason].as_u64().unwrap_or(0) > 0, "taobao {reason}: {taobao}");
    }
    let events = skipped("interest_events.csv");
    for reason in ["bad_date", "missing_customer"] {
        assert!(events[reason].as_u64().unwrap_or(0) > 0, "events {reason}: {events}");
    }
    let crm = skipped("crm_customers.csv");
    for reason in ["duplicate", "missing_customer"] {
        assert!(crm[reason].as_u64().unwrap_or(0) > 0, "crm {reason}: {crm}");
    }
}

#[test]
fn sample_is_byte_identical_for_one_seed_and_differs_for_another() {
    let args = ["--rows", "800", "--messy", "1", "--seed", "7"];
    let a = sample_into("sample-seed-a", &args);
    let b = sample_into("sample-seed-b", &args);
    let c = sample_into("sample-seed-c", &["--rows", "800", "--messy", "1", "--seed", "8"]);
    let (fa, fb, fc) = (files_in(&a), files_in(&b), files_in(&c));
    assert_eq!(fa.len(), 6);
    for ((x, y), z) in fa.iter().zip(&fb).zip(&fc) {
        let bytes = std::fs::read(x).unwrap();
        assert_eq!(bytes, std::fs::read(y).unwrap(), "{}", x.display());
        assert_ne!(bytes, std::fs::read(z).unwrap(), "{}", z.display());
    }
    // --only writes the same bytes as the full set (what the bench generates is a subset of it)
    let d = sample_into("sample-seed-only", &[&args[..], &["--only", "taobao,events"]].concat());
    let fd = files_in(&d);
    assert_eq!(fd.len(), 2);
    for f in &fd {
        let same = a.join(f.file_name().unwrap());
        assert!(std::fs::read(f).unwrap() == std::fs::read(&same).unwrap(), "{}", f.display());
    }
}

/// The page's sample exports (www/sample/) are exactly what the command the README gives
/// writes: regenerate them with it, never by hand.
pub const WWW_SAMPLE_ARGS: [&str; 5] = ["sample", "--rows", "2000", "--messy", "1"];

#[test]
fn www_sample_is_what_the_documented_command_writes() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let command = format!("customer-insights {} --out www/sample", WWW_SAMPLE_ARGS.join(" "));
    assert!(readme.contains(&command), "README.md names `{command}`");
    let dir = sample_into("sample-www", &WWW_SAMPLE_ARGS[1..]);
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www").join("sample");
    let (want, got) = (files_in(&www), files_in(&dir));
    let names = |f: &[PathBuf]| f.iter().map(|p| p.file_name().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(names(&want), names(&got));
    for (w, g) in want.iter().zip(&got) {
        assert!(
            std::fs::read(w).unwrap() == std::fs::read(g).unwrap(),
            "{} differs from the command's output",
            w.display()
        );
    }
}

/// Issue 16 at the CLI: `members --audience` lists interested people who never ordered,
/// `customer KEY` prints one record, an unknown key exits 2 naming it.
#[test]
fn audiences_and_the_customer_record() {
    let case = fixtures().join("gen_utf8_m0");
    let files = inputs(&case);
    let out = run_paths(&["members", "--audience", "interested_not_converted"], &files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<String>> = text.split("\r\n").skip(1).filter(|l| !l.is_empty()).map(csv_cells).collect();
    assert!(rows.iter().any(|r| r[1] == "0"), "people who never ordered are listed: {text}");
    assert!(rows.iter().all(|r| !r[18].is_empty() && !r[19].is_empty()), "each has a last interest day and an action");
    let key = rows[0][0].clone();
    let out = run_paths(&["customer", &key], &files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["customer"], key.as_str());
    assert!(!r["events"].as_array().unwrap().is_empty());
    let out = run_paths(&["customer", "no-such-buyer"], &files);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[unknown_customer]") && stderr(&out).contains("no-such-buyer"), "{}", stderr(&out));
    let out = run_paths(&["members", "--audience", "everyone"], &files);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Issue 18 at the CLI: `members --screening invalid|duplicate` lists the rows behind the
/// report's screening counts, byte-equal to the core's CSV; a bad kind exits 2.
#[test]
fn screening_rows_behind_the_counts() {
    let dir = sample_into("screening", &["--rows", "600", "--messy", "3", "--seed", "5", "--full-phones"]);
    let files = files_in(&dir);
    let report = report_on(&dir);
    let s = &report["screening"];
    let mut ws = customer_insights::Workspace::new();
    for f in &files {
        ws.add_file(&f.file_name().unwrap().to_string_lossy(), &std::fs::read(f).unwrap()).unwrap();
    }
    let cfg = customer_insights::ReportConfig::default();
    for kind in ["invalid", "duplicate"] {
        let out = run_paths(&["members", "--screening", kind], &files);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        let sel: customer_insights::MemberSelector =
            serde_json::from_str(&format!(r#"{{"screening": "{kind}"}}"#)).unwrap();
        assert_eq!(text, ws.members_csv(&cfg, &sel, &Default::default()).unwrap(), "CLI = core");
        let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
        assert_eq!(lines.next(), Some("\u{feff}file,row,customer,phone,number"));
        let rows: Vec<Vec<String>> = lines.map(csv_cells).collect();
        if kind == "invalid" {
            assert_eq!(rows.len() as u64, s["invalid"].as_u64().unwrap(), "{text}");
            assert!(rows.iter().all(|r| r[4].is_empty()));
        } else {
            let numbers: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[4].as_str()).collect();
            assert_eq!(numbers.len() as u64, s["duplicate_numbers"].as_u64().unwrap(), "{text}");
            let keys: std::collections::BTreeSet<&str> =
                rows.iter().map(|r| r[2].as_str()).filter(|k| !k.is_empty()).collect();
            assert_eq!(keys.len() as u64, s["customers_sharing"].as_u64().unwrap());
        }
    }
    assert!(s["invalid"].as_u64().unwrap() > 0 && s["duplicate_numbers"].as_u64().unwrap() > 0, "{s}");
    let out = run_paths(&["members", "--screening", "broken"], &files);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Issue 18: a customer record lists the tickets whose buyer cell is the key, and its summary
/// counts those on or before as_of (the member lists' `tickets` column).
#[test]
fn a_customer_record_lists_its_tickets() {
    let dir = sample_into("record-tickets", &["--rows", "600", "--seed", "7"]);
    let files = files_in(&dir);
    let out = run_paths(&["members", "--lifecycle", "active"], &files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let header = csv_cells(text.split("\r\n").next().unwrap().trim_start_matches('\u{feff}'));
    let col = header.iter().position(|h| h == "tickets").unwrap();
    let rows: Vec<Vec<String>> = text.split("\r\n").skip(1).filter(|l| !l.is_empty()).map(csv_cells).collect();
    let with = rows.iter().find(|r| r[col] != "0").expect("an active buyer with a ticket");
    let out = run_paths(&["customer", &with[0]], &files);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let tickets = r["tickets"].as_array().unwrap();
    let counted = tickets.iter().filter(|t| t["after_as_of"] == false).count();
    assert_eq!(counted.to_string(), with[col]);
    assert_eq!(r["summary"]["tickets"].as_u64(), Some(counted as u64));
}

/// `--config` takes a saved analysis (`*.analysis.json`, what the page exports): its config
/// gives the same report as the bare config, its mappings apply to the file of that name (a
/// file no layout matches reads with them), and a format version it does not know is a config
/// error that says so.
#[test]
fn config_takes_a_saved_analysis_with_its_mappings() {
    let orders = fixtures().join("generic_en").join("orders.csv");
    let odd = tmp("odd_orders.csv");
    std::fs::write(&odd, "单号,会员,实付,时间\nX-1,amy,12.50,2024-11-01 10:00:00\nX-2,bob,7.00,2024-11-02 11:00:00\n")
        .unwrap();
    let bare = tmp("bare.json");
    let cfg = r#"{"as_of": "2024-11-30", "tags": [{"name": "big", "conditions": [{"field": "revenue", "op": ">=", "value": 100}]}]}"#;
    std::fs::write(&bare, cfg).unwrap();
    let saved = tmp("shop.analysis.json");
    std::fs::write(
        &saved,
        format!(
            r#"{{"customer_insights_analysis": 1, "name": "周报", "saved_at": "2026-12-07T06:30:00.000Z",
                "config": {cfg},
                "mappings": {{"odd_orders.csv": {{"kind": "orders",
                  "mapping": {{"order_id": "单号", "customer": "会员", "amount": "实付", "created": "时间"}}}}}},
                "view": {{"tab": "tags", "lang": "en"}}}}"#
        ),
    )
    .unwrap();
    let files = [orders.clone(), odd.clone()];
    let with_bare = run_paths(&["report", "--config", bare.to_str().unwrap()], &files);
    let with_saved = run_paths(&["report", "--config", saved.to_str().unwrap()], &files);
    // without the mapping the odd file cannot be read (exit 3); with it, it reads
    assert_eq!(with_bare.status.code(), Some(3), "{}", stderr(&with_bare));
    assert_eq!(with_saved.status.code(), Some(0), "{}", stderr(&with_saved));
    let (b, s): (Value, Value) =
        (serde_json::from_slice(&with_bare.stdout).unwrap(), serde_json::from_slice(&with_saved.stdout).unwrap());
    assert_eq!(s["as_of"], "2024-11-30");
    assert_eq!(s["inputs"][1]["rows_used"], 2);
    assert_eq!(s["totals"]["orders"].as_u64().unwrap(), b["totals"]["orders"].as_u64().unwrap() + 2);
    assert_eq!(s["tags"][0]["name"], "big");
    // the same config from both shapes: on the one file they share, the same bytes
    let one = [orders.clone()];
    let a = run_paths(&["report", "--config", bare.to_str().unwrap()], &one);
    let z = run_paths(&["report", "--config", saved.to_str().unwrap()], &one);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, z.stdout);
    // a command-line --kind wins over the saved mapping's kind
    let forced =
        run_paths(&["inspect", "--config", saved.to_str().unwrap(), "--kind", "customers"], std::slice::from_ref(&odd));
    let v: Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_ne!(v[0]["kind"], "orders", "{v}");
    // a newer format is refused, naming the version
    let newer = tmp("newer.analysis.json");
    std::fs::write(&newer, r#"{"customer_insights_analysis": 2, "config": {}}"#).unwrap();
    let out = run_paths(&["report", "--config", newer.to_str().unwrap()], &one);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("saved analysis of format 2"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn format_xlsx_writes_a_workbook_to_out_or_stdout_with_formulas_as_text() {
    use calamine::{Data, Reader, Xlsx};
    let orders = fixtures().join("generic_en").join("orders.csv");
    let o = orders.to_str().unwrap();
    // to --out, and the same bytes to a (redirected) stdout
    let path = tmp("champions.xlsx");
    let out = run(&["members", "--segment", "Champions", "--format", "xlsx", "--out", path.to_str().unwrap(), o]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(&path).unwrap();
    let piped = run(&["members", "--segment", "Champions", "--format", "xlsx", o]);
    assert_eq!(piped.stdout, bytes, "stdout and --out give the same workbook");
    // read back: the formula-looking keys are text cells, revenue a number
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["members"]);
    let range = book.worksheet_range("members").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows[0][0], Data::String("customer".into()));
    assert_eq!(rows[1][0], Data::String("=1+2".into()));
    assert_eq!(rows[1][2], Data::Float(820.0));
    assert_eq!(rows[2][0], Data::String("@admin".into()));
    assert!(book.worksheet_formula("members").unwrap().used_cells().next().is_none(), "no formula cell");
    // the report: About first, then its tables; totals' revenue a number
    let out = run(&["report", "--format", "xlsx", "--lang", "zh-CN", o]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book = Xlsx::new(std::io::Cursor::new(out.stdout)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "说明");
    assert!(names.contains(&"合计".to_string()), "{names:?}");
    let totals = book.worksheet_range("合计").unwrap();
    let revenue = totals.rows().find(|r| r[0] == Data::String("销售额".into())).unwrap();
    assert!(matches!(revenue[1], Data::Float(_)), "{revenue:?}");
    // xlsx is for report and members only
    let out = run(&["inspect", "--format", "xlsx", o]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

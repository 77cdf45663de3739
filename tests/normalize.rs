//! `customer-insights normalize` (the warehouse path, step 1): every golden case's files go
//! through the binary into Parquet + JSON; the JSON's accounting is the report's `inputs[]`
//! entry, and the Parquet read back with the `parquet` crate's own reader holds every row the
//! Store holds, value for value, plus a few rows known by hand. Bad input and an unwritable
//! folder fail as `report` does.

// Tests may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use customer_insights::store::{order_key, Store};
use customer_insights::warehouse::{Manifest, Table, TABLES};
use customer_insights::{Kind, Workspace};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_customer-insights");

fn normalize(args: &[&str], files: &[PathBuf], out: &Path) -> Output {
    Command::new(BIN).arg("normalize").args(args).args(files).arg("--out").arg(out).output().unwrap()
}

fn fresh(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("normalize").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every JSON of an output folder, by file name (each name once).
fn manifests(out: &Path) -> BTreeMap<String, Manifest> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(out.join("files")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let man: Manifest = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let name = man.name.clone();
        assert!(m.insert(name.clone(), man).is_none(), "{name} twice");
    }
    m
}

/// A cell as compared here.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Int(i64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
    List(Vec<String>),
}

fn of_field(f: &Field) -> V {
    match f {
        Field::Null => V::Null,
        Field::Bool(b) => V::Bool(*b),
        Field::Int(i) | Field::Date(i) => V::Int(i64::from(*i)),
        Field::Long(i) | Field::TimestampMicros(i) => V::Int(*i),
        Field::Str(s) => V::Text(s.clone()),
        Field::Bytes(b) => V::Bytes(b.data().to_vec()),
        Field::ListInternal(l) => V::List(
            l.elements()
                .iter()
                .map(|e| match e {
                    Field::Str(s) => s.clone(),
                    other => panic!("a list element {other:?}"),
                })
                .collect(),
        ),
        other => panic!("unexpected field {other:?}"),
    }
}

/// The rows of a Parquet file, with the names of its columns.
fn read_parquet(path: &Path) -> (Vec<String>, Vec<Vec<V>>) {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let names = customer_insights::warehouse::read::column_names(&reader);
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap().get_column_iter().map(|(_, f)| of_field(f)).collect())
        .collect();
    (names, rows)
}

/// What the canonical table of `name` should hold, from the Store of a workspace that read the
/// file alone: the same mapping as the writer, written again here from the row types' docs.
fn expected(store: &Store, name: &str) -> Vec<Vec<V>> {
    let f = store.files.iter().find(|f| f.summary.name == name).unwrap();
    let t = &f.table;
    let text = |s: &str| V::Text(s.to_string());
    let cust = |c: u32| if c == u32::MAX { V::Null } else { text(store.customers.tagged(c)) };
    let label = |l: u32| if l == u32::MAX { V::Null } else { text(store.labels.name(l)) };
    let region = |r: u16| if r == u16::MAX { V::Null } else { text(store.regions.name(r)) };
    let time = |s: i64| V::Int(s * 1_000_000);
    let key = |k: u128| V::Bytes(k.to_be_bytes().to_vec());
    let head = |i: usize| vec![text(name), V::Int(i as i64)];
    let mut out = Vec::new();
    for (i, o) in t.orders.iter().enumerate() {
        let mut r = head(i);
        r.extend([key(o.key), cust(o.customer), time(o.created), V::Int(o.paid), V::Int(o.refund)]);
        r.extend([V::Int(o.revenue()), V::Int(i64::from(o.items)), region(o.region), V::Bool(o.valid)]);
        out.push(r);
    }
    for (i, p) in t.profiles.iter().enumerate() {
        let mut r = head(i);
        r.extend([V::Int(i64::from(p.row)), cust(p.customer), text(p.gender.key())]);
        r.extend([p.age.map_or(V::Null, |a| V::Int(i64::from(a))), p.birth.map_or(V::Null, V::Int)]);
        r.extend([region(p.region), p.member_level.map_or(V::Null, |m| V::Int(i64::from(m))), label(p.source)]);
        r.push(V::List(p.tags.iter().map(|l| store.labels.name(*l).to_string()).collect()));
        r.push(V::List(p.cells.iter().map(|l| store.labels.name(*l).to_string()).collect()));
        out.push(r);
    }
    for (i, e) in t.interest.iter().enumerate() {
        let mut r = head(i);
        r.extend([cust(e.customer), time(e.time), region(e.region), text(e.action.key())]);
        out.push(r);
    }
    for (i, c) in t.calls.iter().enumerate() {
        let mut r = head(i);
        r.extend([V::Int(i64::from(c.row)), cust(c.customer), label(c.agent), label(c.task), label(c.phone)]);
        r.extend([time(c.time), V::Int(i64::from(c.duration)), V::Bool(c.connected), V::Bool(c.ordered)]);
        out.push(r);
    }
    for (i, k) in t.tickets.iter().enumerate() {
        let mut r = head(i);
        r.extend([label(k.ticket_type), label(k.channel), time(k.created)]);
        r.extend([k.first_response.map_or(V::Null, time), k.resolved.map_or(V::Null, time)]);
        r.extend([V::Bool(k.is_resolved), k.satisfaction.map_or(V::Null, |s| V::Int(i64::from(s)))]);
        r.extend([label(k.buyer), k.order.map_or(V::Null, key)]);
        out.push(r);
    }
    out
}

/// Every case: the binary's JSON per file is the report's inputs[] entry and names its tables;
/// each table's Parquet has the Store's rows, value for value, in the Store's order.
#[test]
fn every_case_normalizes_to_the_stores_rows_and_the_reports_accounting() {
    let mut seen_kinds = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for case in cases() {
        let case_name = name_of(&case);
        let files = inputs(&case);
        let out = fresh(&case_name);
        let o = normalize(&[], &files, &out);
        assert_eq!(o.status.code(), Some(0), "{case_name}: {}", stderr(&o));
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
        let man = manifests(&out);
        assert_eq!(man.len(), files.len(), "{case_name}: one JSON per input");
        // stdout lists what was written, the JSON of each file after its table
        let listed: Vec<String> = String::from_utf8(o.stdout).unwrap().lines().map(str::to_string).collect();
        let want: Vec<String> = files
            .iter()
            .flat_map(|f| {
                let m = &man[&name_of(f)];
                let base = m.tables.values().map(|t| t.path.clone()).collect::<Vec<_>>();
                base.into_iter().chain([format!("files/{}-{}.json", stem(f), m.hash)])
            })
            .collect();
        assert_eq!(listed, want, "{case_name}");
        for f in &files {
            let name = name_of(f);
            let m = &man[&name];
            let input = report["inputs"].as_array().unwrap().iter().find(|i| i["name"] == name.as_str()).unwrap();
            if &serde_json::to_value(&m.summary).unwrap() != input {
                failures.push(format!("{case_name}/{name}: the JSON's summary is not the report's inputs[] entry"));
            }
            assert_eq!(m.bytes, Some(std::fs::metadata(f).unwrap().len()));
            let kind = m.summary.kind.unwrap();
            seen_kinds.insert(kind);
            assert_eq!(m.tables.keys().collect::<Vec<_>>(), [kind.as_str()], "{case_name}/{name}");
            let tf = &m.tables[kind.as_str()];
            assert_eq!(tf.path, format!("{}/{}-{}.parquet", kind.as_str(), stem(f), m.hash));
            let (cols, rows) = read_parquet(&out.join(&tf.path));
            let table: &Table = Table::of(kind);
            assert_eq!(cols, table.columns.iter().map(|c| c.name).collect::<Vec<_>>());
            assert_eq!(rows.len() as u64, tf.rows, "{case_name}/{name}: rows in the Parquet vs the JSON");
            let line_items =
                kind == Kind::Orders && !["taobao", "pinduoduo"].contains(&m.summary.platform.as_deref().unwrap());
            if !line_items {
                assert_eq!(tf.rows, m.summary.rows_used, "{case_name}/{name}: one row per row used");
            } else {
                assert!(tf.rows <= m.summary.rows_used, "{case_name}/{name}");
            }
            let mut ws = Workspace::new();
            let _ = ws.add_file(&name, &std::fs::read(f).unwrap());
            if rows != expected(ws.store(), &name) {
                failures.push(format!("{case_name}/{name}: the Parquet rows are not the Store's"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(seen_kinds.len(), Kind::ALL.len(), "the cases have every kind: {seen_kinds:?}");
}

fn stem(f: &Path) -> String {
    f.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Rows known by hand (tests/fixtures/*/case.toml), not through the Store.
#[test]
fn known_rows_read_back_as_the_fixtures_say() {
    let out = fresh("known");
    let files: Vec<PathBuf> = [("generic_en", "orders.csv"), ("shopify_customers", "shopify_orders.csv")]
        .iter()
        .map(|(c, f)| fixtures().join(c).join(f))
        .chain(
            inputs(&fixtures().join("shopify_customers")).into_iter().filter(|p| name_of(p) == "shopify_customers.csv"),
        )
        .collect();
    let o = normalize(&[], &files, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let man = manifests(&out);
    let rows = |file: &str, kind: &str| read_parquet(&out.join(&man[file].tables[kind].path)).1;
    let t = |s: &str| V::Text(s.into());
    let ts = |s: &str| {
        V::Int(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap().and_utc().timestamp() * 1_000_000)
    };

    // generic_en: A-1003 =1+2 shipped 500.00 refund 100 valid, revenue 400.00, 3 items, Zhejiang
    let g = rows("orders.csv", "orders");
    assert_eq!(g.len(), 12);
    let a1003 = &g[2];
    assert_eq!(a1003[2], V::Bytes(order_key("A-1003").to_be_bytes().to_vec()));
    assert_eq!(
        &a1003[3..],
        &[
            t("n:=1+2"),
            ts("2024-11-20 11:00:00"),
            V::Int(50000),
            V::Int(10000),
            V::Int(40000),
            V::Int(3),
            t("浙江省"),
            V::Bool(true)
        ]
    );
    // A-1005 bob paid 60.00 refund 60: not valid (fully refunded), so no revenue; A-1007 keyless
    assert_eq!((&g[4][7], &g[4][10]), (&V::Int(0), &V::Bool(false)));
    assert_eq!(g[6][3], V::Null);
    // the bad_amount row (A-1008) is not there: the next row is A-1009
    assert_eq!(g[7][2], V::Bytes(order_key("A-1009").to_be_bytes().to_vec()));

    // Shopify: #1001's two line items are one order of 3 items, keyed by e-mail
    let s = rows("shopify_orders.csv", "orders");
    assert_eq!(s.len(), 7);
    assert_eq!((&s[0][3], &s[0][5], &s[0][8]), (&t("e:alice@example.com"), &V::Int(12000), &V::Int(3)));
    // #1002 partially refunded 200.00 − 50.00; #1003 refunded: not valid
    assert_eq!((&s[1][7], &s[2][10]), (&V::Int(15000), &V::Bool(false)));
    // customers: Bob@Example.com is the e-mail key lower-cased; the duplicate 7001 is left out
    let c = rows("shopify_customers.csv", "customers");
    assert_eq!(c.len(), 5);
    assert_eq!(c[1][3], t("e:bob@example.com"));
    assert_eq!(c[1][7], t("广东省"));
}

/// Bad input fails as in `report`: the unreadable file's JSON carries the error and no table,
/// stderr names it with its code, the other files are written, exit 3.
#[test]
fn a_file_that_cannot_be_read_is_listed_with_its_error_and_exit_3() {
    let out = fresh("bad");
    let dir = fresh("bad-inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let missing = dir.join("gone.csv");
    let mut files = inputs(&fixtures().join("generic_en"));
    files.push(empty.clone());
    files.push(missing.clone());
    let o = normalize(&[], &files, &out);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("error [empty_file]") && err.contains("empty.csv"), "{err}");
    assert!(err.contains("error [io_error]") && err.contains("gone.csv"), "{err}");
    let man = manifests(&out);
    assert_eq!(man["orders.csv"].summary.rows_used, 12);
    // the same entries `report` lists for them
    let r = Command::new(BIN).arg("report").args(&files).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    for name in ["empty.csv", "gone.csv"] {
        let m = &man[name];
        assert!(m.tables.is_empty(), "{name}");
        assert_eq!(
            m.summary.error.as_ref().map(|e| e.code.as_str()),
            Some(if name == "gone.csv" { "io_error" } else { "empty_file" })
        );
        let input = report["inputs"].as_array().unwrap().iter().find(|i| i["name"] == name).unwrap();
        assert_eq!(&serde_json::to_value(&m.summary).unwrap(), input, "{name}");
    }
    assert_eq!(man["gone.csv"].bytes, None);
}

/// A folder that cannot be written is a clear error before anything is read (exit 2); no
/// `--out` is a usage error.
#[test]
fn an_unwritable_out_is_an_error_naming_it() {
    let blocker = fresh("blocker");
    std::fs::create_dir_all(blocker.parent().unwrap()).unwrap();
    std::fs::write(&blocker, b"a file, not a folder").unwrap();
    let files = inputs(&fixtures().join("generic_en"));
    let o = normalize(&[], &files, &blocker.join("out"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("error [export_failed]") && err.contains("cannot write") && err.contains("blocker"), "{err}");
    assert!(o.stdout.is_empty());
    let o = Command::new(BIN).arg("normalize").args(&files).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("normalize needs --out DIR"), "{}", stderr(&o));
}

/// Many machines into one folder: each file normalized alone writes the bytes the run over all
/// of them writes, under the same names; the names change with the reading options.
#[test]
fn files_normalized_apart_write_the_same_bytes_under_the_same_names() {
    let files = inputs(&fixtures().join("gen_gbk_m0"));
    let together = fresh("together");
    assert_eq!(normalize(&[], &files, &together).status.code(), Some(0));
    let apart = fresh("apart");
    for f in &files {
        assert_eq!(normalize(&["--threads", "1"], std::slice::from_ref(f), &apart).status.code(), Some(0));
    }
    let listing = |d: &Path| {
        let mut v = Vec::new();
        for t in TABLES.iter().map(|t| t.dir()).chain(["files"]) {
            for e in std::fs::read_dir(d.join(t)).unwrap() {
                let p = e.unwrap().path();
                v.push((format!("{t}/{}", name_of(&p)), std::fs::read(&p).unwrap()));
            }
        }
        v.sort();
        v
    };
    let (a, b) = (listing(&together), listing(&apart));
    assert_eq!(a.len(), 2 * files.len(), "a table and a JSON per file, nothing hidden left over");
    assert!(a == b, "the same names and bytes");
    // another kind forced on the interest file: another name beside the first
    let events: Vec<PathBuf> = files.iter().filter(|f| name_of(f).starts_with("interest")).cloned().collect();
    let o = normalize(&["--kind", "interest"], &events, &apart);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = listing(&apart);
    assert_eq!(after.len(), 2 * files.len() + 2);
    let jsons: Vec<&String> = after.iter().map(|(n, _)| n).filter(|n| n.starts_with("files/interest")).collect();
    assert_eq!(jsons.len(), 2, "{jsons:?}");
}

/// The README's schema tables are the columns of src/warehouse/schema.rs, word for word.
#[test]
fn the_readme_lists_every_column_as_the_schema_has_it() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut missing = Vec::new();
    for t in TABLES {
        let mut block = format!("| `{}` column | type | null | meaning |\n| --- | --- | --- | --- |\n", t.dir());
        for c in t.columns {
            let null = if c.nullable { "yes" } else { "no" };
            let meaning = c.meaning.replace('|', "\\|");
            block.push_str(&format!("| `{}` | {} | {null} | {meaning} |\n", c.name, c.kind.label()));
        }
        if !readme.contains(&block) {
            missing.push(block);
        }
    }
    assert!(missing.is_empty(), "README.md lacks (or has other words for) these tables:\n\n{}", missing.join("\n"));
}

/// A saved analysis's column mapping (`--config`) applies as in `report`: here the province
/// column taken as the customer key, which the rows and the JSON then show.
#[test]
fn a_saved_analysis_mapping_applies_as_in_report() {
    let dir = fresh("config-inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("mapped.analysis.json");
    std::fs::write(
        &config,
        r#"{"customer_insights_analysis": 1,
            "mappings": {"orders.csv": {"kind": "orders", "mapping": {"customer": "Province"}}}}"#,
    )
    .unwrap();
    let files = inputs(&fixtures().join("generic_en"));
    let out = fresh("config");
    let cfg = config.to_string_lossy().into_owned();
    let o = normalize(&["--config", &cfg], &files, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = &manifests(&out)["orders.csv"];
    assert_eq!(m.options.mapping.as_ref().unwrap()["customer"], "Province");
    let r = Command::new(BIN).args(["report", "--config", &cfg]).args(&files).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(serde_json::to_value(&m.summary).unwrap(), report["inputs"][0]);
    assert_eq!(m.summary.columns["customer"], "Province");
    let rows = read_parquet(&out.join(&m.tables["orders"].path)).1;
    assert_eq!(rows[0][3], V::Text("n:Zhejiang".into()));
    // and the same file unmapped has other names: both can sit in one folder
    let plain = fresh("config-plain");
    assert_eq!(normalize(&[], &files, &plain).status.code(), Some(0));
    assert_ne!(manifests(&plain)["orders.csv"].hash, m.hash);
    let o = normalize(&["--as-of", "2024-12-31"], &files, &plain);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("normalize takes no --as-of"), "{}", stderr(&o));
}

/// The README's table of aggregates is `AGGREGATES` of src/warehouse/sql.rs, word for word.
#[test]
fn the_readme_lists_every_aggregate() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for a in customer_insights::warehouse::sql::AGGREGATES {
        let row = format!("| `{}` | {} |", a.name, a.meaning);
        assert!(readme.contains(&row), "README.md lacks the aggregate row\n{row}");
    }
}

/// `sql` prints SQL for the tables the folder holds, with the config's settings, and refuses
/// what it cannot do; `report --from-aggregates` refuses a folder without aggregates.
#[test]
fn sql_reads_the_folder_and_the_config_and_refuses_what_it_cannot_do() {
    let out = fresh("sql");
    let o = normalize(&[], &[fixtures().join("jd_gbk").join("jd_orders.csv")], &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let sql = |args: &[&str]| Command::new(BIN).arg("sql").args(args).output().unwrap();
    let dir = out.to_str().unwrap();
    let agg = out.join("agg");
    let o = sql(&["--dialect", "duckdb", "--input", dir, "--output", agg.to_str().unwrap(), "--as-of", "2024-12-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains(&format!("read_parquet('{dir}/orders/*.parquet')")));
    assert!(!text.contains("/interest/") && !text.contains("linked_orders"), "only the tables there are");
    assert!(text.contains("CAST(20058 AS BIGINT) AS as_of"), "2024-12-01 is day 20058");
    assert!(agg.is_dir(), "the DuckDB output folder is made (COPY does not make parents)");
    for (args, want) in [
        (vec!["--dialect", "oracle", "--input", dir, "--output", "x"], "--dialect takes duckdb or spark"),
        (vec!["--dialect", "spark", "--input", dir], "sql needs --dialect"),
        (vec!["--dialect", "spark", "--input", "/no/such/folder", "--output", "x"], "not a folder normalize wrote"),
        (
            vec!["--dialect", "spark", "--input", dir, "--output", "x", "--as-of", "soon"],
            "as_of: \"soon\" is not a date",
        ),
    ] {
        let o = sql(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    let o = Command::new(BIN).args(["report", "--from-aggregates", dir]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a folder of aggregates (no facts/)"), "{}", stderr(&o));
    let o = Command::new(BIN).args(["report", "--from-aggregates", dir, "x.csv"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

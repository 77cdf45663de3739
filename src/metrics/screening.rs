//! Contact screening (筛选重复/无效): the phone cells of the rows used from customers files and
//! call logs, told apart as masked, valid (a mainland mobile) or invalid; valid numbers that
//! belong to two or more customer keys; and the rows behind the invalid and duplicate counts.
//!
//! A phone cell of any shape never fails a row: it is only classified here. Normalising removes
//! ASCII spaces and `-` and one leading `+86`, `0086` or `86`, nothing else (a full-width
//! `１３８…` stays invalid, as metrics.md words it). The key of a row is its customer key; a call
//! row keyed by its phone (no 客户 cell) adds the number but no key.

use super::context::{context_with, settings_or_err};
use super::members::csv_cell;
use super::memo::Memo;
use super::Context;
use crate::config::{ReportConfig, Screening};
use crate::error::Result;
use crate::ingest::values::is_missing;
use crate::model::{KeySpace, Kind};
use crate::report::ScreeningSection;
use crate::store::{day_of, Store, NO_CUSTOMER, NO_LABEL};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// What a phone cell is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    /// Contains `*` or `＊`.
    Masked,
    /// A mainland mobile, normalised to its 11 digits.
    Valid(String),
    /// Anything else.
    Invalid,
}

/// Classifies a non-empty phone cell.
pub fn classify(cell: &str) -> Phone {
    if cell.contains(['*', '＊']) {
        return Phone::Masked;
    }
    let s: String = cell.chars().filter(|c| *c != ' ' && *c != '-').collect();
    let s = ["+86", "0086", "86"].iter().find_map(|p| s.strip_prefix(p)).unwrap_or(&s);
    let b = s.as_bytes();
    let mobile = b.len() == 11
        && b.first() == Some(&b'1')
        && b.get(1).is_some_and(|d| (b'3'..=b'9').contains(d))
        && b.iter().all(u8::is_ascii_digit);
    if mobile {
        Phone::Valid(s.to_string())
    } else {
        Phone::Invalid
    }
}

/// One row behind a screening count: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ScreeningRow {
    /// The file the row is in.
    pub file: String,
    /// Its row number (as the file's errors count rows).
    pub row: u32,
    /// The row's customer key ("" for a call keyed by its phone alone).
    pub customer: String,
    /// The phone cell as exported.
    pub phone: String,
    /// The normalised number ("" for an invalid one).
    pub number: String,
}

/// A phone cell of a used row.
struct Cell<'a> {
    file: usize,
    row: u32,
    /// Customer id, or [`NO_CUSTOMER`] when the row has no key of its own.
    customer: u32,
    phone: &'a str,
    class: Phone,
}

/// Every non-empty phone cell of the rows used from customers files and call logs (calls on or
/// before as_of), in file and row order.
fn cells<'a>(ctx: &Context<'a>) -> Vec<Cell<'a>> {
    let store: &'a Store = ctx.store;
    let mut out = Vec::new();
    let name = |id: u32| if id == NO_LABEL { "" } else { store.labels.name(id) };
    for (fi, f) in store.files.iter().enumerate() {
        let t = &f.table;
        let col = f.summary.columns.get("phone").and_then(|h| t.profile_header.iter().position(|x| x == h));
        if let Some(col) = col.filter(|_| f.summary.kind == Some(Kind::Customers)) {
            for p in &t.profiles {
                let phone = p.cells.get(col).map_or("", |id| name(*id));
                if !is_missing(phone) {
                    out.push(Cell { file: fi, row: p.row, customer: p.customer, phone, class: classify(phone) });
                }
            }
        }
        for c in t.calls.iter().filter(|c| day_of(c.time) <= ctx.s.as_of) {
            let phone = name(c.phone);
            if is_missing(phone) {
                continue;
            }
            let keyed = c.customer != NO_CUSTOMER && store.customers.space(c.customer) != Some(KeySpace::Phone);
            let customer = if keyed { c.customer } else { NO_CUSTOMER };
            out.push(Cell { file: fi, row: c.row, customer, phone, class: classify(phone) });
        }
    }
    out
}

/// Normalised valid number → its distinct customer keys (sorted), of the numbers with two or
/// more.
fn shared(cells: &[Cell<'_>]) -> FxHashMap<String, Vec<u32>> {
    let mut by: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for c in cells {
        if let Phone::Valid(n) = &c.class {
            let keys = by.entry(n.clone()).or_default();
            if c.customer != NO_CUSTOMER && !keys.contains(&c.customer) {
                keys.push(c.customer);
            }
        }
    }
    by.retain(|_, k| k.len() >= 2);
    by
}

/// The section: null without a customers file and a call log.
pub fn section(ctx: &Context<'_>) -> Option<ScreeningSection> {
    if !ctx.store.has(Kind::Customers) && !ctx.store.has(Kind::Calls) {
        return None;
    }
    let cells = cells(ctx);
    let count = |f: &dyn Fn(&Phone) -> bool| cells.iter().filter(|c| f(&c.class)).count() as u64;
    let dup = shared(&cells);
    let mut sharing: Vec<u32> = dup.values().flatten().copied().collect();
    sharing.sort_unstable();
    sharing.dedup();
    Some(ScreeningSection {
        phones: cells.len() as u64,
        masked: count(&|p| *p == Phone::Masked),
        valid: count(&|p| matches!(p, Phone::Valid(_))),
        invalid: count(&|p| *p == Phone::Invalid),
        duplicate_numbers: dup.len() as u64,
        customers_sharing: sharing.len() as u64,
    })
}

/// The rows behind a count: invalid rows in file and row order; the rows of duplicate numbers
/// by number, then file and row (every row of such a number, keyed or not).
pub fn rows_of(ctx: &Context<'_>, kind: Screening) -> Vec<ScreeningRow> {
    let cells = cells(ctx);
    let dup = shared(&cells);
    let mut picked: Vec<(&str, &Cell<'_>)> = cells
        .iter()
        .filter_map(|c| match (&c.class, kind) {
            (Phone::Invalid, Screening::Invalid) => Some(("", c)),
            (Phone::Valid(n), Screening::Duplicate) if dup.contains_key(n) => Some((n.as_str(), c)),
            _ => None,
        })
        .collect();
    picked.sort_by(|a, b| (a.0, a.1.file, a.1.row).cmp(&(b.0, b.1.file, b.1.row)));
    let store = ctx.store;
    picked
        .into_iter()
        .map(|(n, c)| ScreeningRow {
            file: store.files.get(c.file).map(|f| f.summary.name.clone()).unwrap_or_default(),
            row: c.row,
            customer: if c.customer == NO_CUSTOMER {
                String::new()
            } else {
                store.customers.key(c.customer).to_string()
            },
            phone: c.phone.to_string(),
            number: n.to_string(),
        })
        .collect()
}

/// By customer id: whether a row behind the count has this customer.
pub fn customers_of(ctx: &Context<'_>, kind: Screening) -> Vec<bool> {
    let cells = cells(ctx);
    let dup = shared(&cells);
    let mut v = vec![false; ctx.store.customers.len()];
    for c in &cells {
        let hit = match (&c.class, kind) {
            (Phone::Invalid, Screening::Invalid) => true,
            (Phone::Valid(n), Screening::Duplicate) => dup.contains_key(n),
            _ => false,
        };
        if let Some(x) = v.get_mut(c.customer as usize).filter(|_| hit) {
            *x = true;
        }
    }
    v
}

/// The rows behind a screening count of what was read.
pub fn screening_rows(store: &Store, memo: &Memo, config: &ReportConfig, kind: Screening) -> Result<Vec<ScreeningRow>> {
    let ctx = context_with(store, settings_or_err(store, config)?, memo);
    Ok(rows_of(&ctx, kind))
}

/// The rows as CSV: a BOM, CRLF lines, formula cells neutralised (a `+86 …` phone reads as text).
pub fn screening_csv(rows: &[ScreeningRow]) -> String {
    let mut out = String::from("\u{feff}file,row,customer,phone,number\r\n");
    for r in rows {
        let cells = [csv_cell(&r.file), r.row.to_string(), csv_cell(&r.customer), csv_cell(&r.phone), r.number.clone()];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_shapes() {
        let v = |s: &str| Phone::Valid(s.to_string());
        for (cell, want) in [
            ("13800000000", v("13800000000")),
            ("+86 138-0000-0000", v("13800000000")),
            ("0086 13800000000", v("13800000000")),
            ("8613800000000", v("13800000000")),
            ("86-138 0000 0000", v("13800000000")),
            ("138****0000", Phone::Masked),
            ("138＊＊＊＊0000", Phone::Masked),
            ("１３８００００００００", Phone::Invalid), // full-width: not normalised
            ("1380000000", Phone::Invalid),             // 10 digits
            ("138000000008", Phone::Invalid),           // 12 digits
            ("0571-88000000", Phone::Invalid),          // landline
            ("12800000000", Phone::Invalid),            // 12x is no mobile prefix
            ("1380000O000", Phone::Invalid),            // a letter O
            ("+8613800000000", v("13800000000")),
            ("+86+8613800000000", Phone::Invalid), // one prefix only
        ] {
            assert_eq!(classify(cell), want, "{cell}");
        }
    }

    #[test]
    fn numbers_shared_by_two_keys_are_duplicates_and_invalid_rows_are_listed() {
        use crate::metrics::context::context;
        use crate::model::IngestSummary;
        use crate::store::{Call, FileEntry, Profile, Table};
        let mut st = Store::default();
        let [a, b, c] = ["a", "b", "c"].map(|k| st.customers.intern(KeySpace::Nick, k));
        let by_phone = st.customers.intern(KeySpace::Phone, "13900000000");
        let mut profile = |customer: u32, phone: &str, row: u32| Profile {
            customer,
            gender: crate::model::Gender::Unknown,
            age: None,
            birth: None,
            region: crate::store::NO_REGION,
            member_level: None,
            source: NO_LABEL,
            tags: vec![],
            cells: vec![st.labels.intern("x"), st.labels.intern(phone)],
            row,
        };
        let profiles = vec![
            profile(a, "+86 138-0000-0000", 2),
            profile(b, "13800000000", 3), // the same number as a's: a duplicate
            profile(c, "138****0000", 4),
            profile(c, "", 5),             // empty: not a phone
            profile(c, "0571-8800000", 6), // a landline: invalid
        ];
        let mut call = |customer: u32, phone: &str, row: u32, time: i64| Call {
            agent: NO_LABEL,
            customer,
            time,
            duration: 0,
            connected: false,
            ordered: false,
            task: NO_LABEL,
            phone: st.labels.intern(phone),
            row,
        };
        let calls = vec![
            call(a, "13800000000", 2, 0),          // a again: no new key
            call(by_phone, "13900000000", 3, 0),   // keyed by its phone: no key
            call(c, "13900000000", 4, 0),          // one key for 139…: no duplicate
            call(NO_CUSTOMER, "1380000000", 5, 0), // 10 digits, no customer: invalid
            call(b, "12", 6, 200 * 86_400),        // after as_of: left out
        ];
        let mut columns = std::collections::BTreeMap::new();
        columns.insert("phone".to_string(), "手机号".to_string());
        let crm = IngestSummary { name: "crm.csv".into(), kind: Some(Kind::Customers), columns, ..Default::default() };
        let header = vec!["买家会员名".to_string(), "手机号".to_string()];
        st.files
            .push(FileEntry { summary: crm, table: Table { profiles, profile_header: header, ..Table::default() } });
        let log = IngestSummary { name: "calls.csv".into(), kind: Some(Kind::Calls), ..Default::default() };
        st.files.push(FileEntry { summary: log, table: Table { calls, ..Table::default() } });
        let s = crate::metrics::testing::settings(100);
        let ctx = context(&st, s);
        let got = section(&ctx).unwrap();
        let want =
            ScreeningSection { phones: 8, masked: 1, valid: 5, invalid: 2, duplicate_numbers: 1, customers_sharing: 2 };
        assert_eq!(got, want);
        let rows = |k| rows_of(&ctx, k).iter().map(|r| (r.file.clone(), r.row, r.customer.clone())).collect::<Vec<_>>();
        let r = |f: &str, n: u32, c: &str| (f.to_string(), n, c.to_string());
        assert_eq!(rows(Screening::Invalid), [r("crm.csv", 6, "c"), r("calls.csv", 5, "")]);
        assert_eq!(rows(Screening::Duplicate), [r("crm.csv", 2, "a"), r("crm.csv", 3, "b"), r("calls.csv", 2, "a")]);
        let who = customers_of(&ctx, Screening::Duplicate);
        assert_eq!((who[a as usize], who[b as usize], who[c as usize]), (true, true, false));
    }

    #[test]
    fn csv_rows_neutralise_formula_phones() {
        let r = ScreeningRow {
            file: "crm.csv".into(),
            row: 3,
            customer: "alice".into(),
            phone: "+86 138".into(),
            number: String::new(),
        };
        assert_eq!(screening_csv(&[r]), "\u{feff}file,row,customer,phone,number\r\ncrm.csv,3,alice,'+86 138,\r\n");
    }
}

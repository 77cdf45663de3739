//! XLSX workbooks (by `rust_xlsxwriter`): the report with a sheet per table and a first sheet
//! saying what each is, and member lists beside their CSV. Numbers are numbers, money has two
//! decimals (`#,##0.00`), rates and shares are percentages, days are Excel dates, the header row
//! is frozen and columns are as wide as their text (a CJK character counts twice). Text cells
//! are text, never formulas: one that a spreadsheet would read as a formula (`= + - @`) is also
//! marked quote-prefixed, so editing it in Excel keeps it text.
//!
//! The bytes are a function of the input alone (the document's creation date is the report's
//! as_of, or 1980-01-01), so the CLI and the page write the same file.

use super::tables::{section, Table};
use super::words;
use crate::config::Lang;
use crate::error::{Error, Result};
use crate::metrics::{labels, member_cells, member_header, Cell, Member, ScreeningRow};
use crate::report::Report;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use serde_json::Value;

/// Excel's last row (1,048,576) less the header.
const MAX_ROWS: usize = 1_048_575;
/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;

/// A typed cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
enum X {
    Empty,
    Text(String),
    Num(f64),
    Pct(f64),
    Money(f64),
    Date(u16, u8, u8),
    Bool(bool),
}

/// The formats of a workbook, made once.
struct Formats {
    header: Format,
    money: Format,
    pct: Format,
    date: Format,
    quoted: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            money: Format::new().set_num_format("#,##0.00"),
            pct: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            quoted: Format::new().set_quote_prefix(),
        }
    }
}

fn fail(e: XlsxError) -> Error {
    Error::Export(e.to_string())
}

/// The whole report as a workbook: `说明`/`About` first, then one sheet per table.
pub fn report_xlsx(report: &Report, lang: Option<Lang>) -> Result<Vec<u8>> {
    let lang = lang.unwrap_or(Lang::En);
    let v = serde_json::to_value(report).map_err(|e| Error::Export(e.to_string()))?;
    let mut tables: Vec<(String, Table)> = Vec::new();
    let mut empty: Vec<String> = Vec::new();
    if let Value::Object(o) = &v {
        for (k, v) in o {
            if matches!(k.as_str(), "as_of" | "prediction_error") {
                continue;
            }
            let ts = section(k, v);
            if ts.is_empty() {
                empty.push(k.clone());
            }
            tables.extend(ts.into_iter().map(|t| (k.clone(), t)));
        }
    }
    let names = sheet_names(tables.iter().map(|(_, t)| words::path(&t.path, lang)), lang);
    let f = Formats::new();
    let mut wb = workbook(report.as_of.as_deref())?;
    let w = words::about_words(lang);
    let mut about: Vec<Vec<X>> = tables
        .iter()
        .zip(&names)
        .map(|((top, t), name)| {
            let what = words::about(top, lang);
            let what =
                if t.path == *top { what.to_string() } else { format!("{what} — {}", words::path(&t.path, lang)) };
            vec![X::Text(name.clone()), X::Text(what), X::Num(t.rows.len() as f64)]
        })
        .collect();
    about.extend(empty.iter().map(|k| vec![X::Text(words::path(k, lang)), X::Text(w[7].into()), X::Empty]));
    about.push(vec![]);
    about.push(vec![X::Text(w[4].into()), report.as_of.as_deref().map_or(X::Empty, |d| typed("as_of", &d.into()))]);
    if let Some(e) = &report.prediction_error {
        about.push(vec![X::Text("prediction_error".into()), X::Text(e.clone())]);
    }
    for i in &report.inputs {
        about.push(vec![X::Text(w[5].into()), X::Text(i.name.clone()), X::Num(i.rows_used as f64)]);
    }
    sheet(wb.add_worksheet(), w[0], &[w[1].into(), w[2].into(), w[3].into()], &about, &f)?;
    for ((_, t), name) in tables.iter().zip(&names) {
        let header: Vec<String> = t.columns.iter().map(|c| words::path(c, lang)).collect();
        let rows: Vec<Vec<X>> =
            (0..t.rows.len()).map(|i| t.columns.iter().map(|c| cell(t, i, c, lang)).collect()).collect();
        sheet(wb.add_worksheet(), name, &header, &rows, &f)?;
    }
    wb.save_to_buffer().map_err(fail)
}

/// A member list as a workbook of one sheet, with the columns of its CSV (in `lang`).
pub fn members_xlsx(ms: &[Member], lang: Option<Lang>) -> Result<Vec<u8>> {
    let header: Vec<String> = member_header(lang).into_iter().map(String::from).collect();
    let rows: Vec<Vec<X>> = ms.iter().map(|m| member_cells(m, lang).into_iter().map(from_cell).collect()).collect();
    let name = if lang == Some(Lang::ZhCn) { "名单" } else { "members" };
    one_sheet(name, &header, &rows)
}

/// The rows behind a screening count as a workbook of one sheet (file, row, customer, phone,
/// number; in `lang`).
pub fn screening_xlsx(rs: &[ScreeningRow], lang: Option<Lang>) -> Result<Vec<u8>> {
    let header: Vec<String> = match lang {
        Some(Lang::ZhCn) => ["文件", "行号", "客户", "手机号", "号码"],
        _ => ["file", "row", "customer", "phone", "number"],
    }
    .map(String::from)
    .to_vec();
    let rows: Vec<Vec<X>> = rs
        .iter()
        .map(|r| {
            [
                Cell::Text(r.file.clone()),
                Cell::Int(Some(i64::from(r.row))),
                Cell::Text(r.customer.clone()),
                Cell::Text(r.phone.clone()),
                Cell::Text(r.number.clone()),
            ]
            .into_iter()
            .map(from_cell)
            .collect()
        })
        .collect();
    let name = if lang == Some(Lang::ZhCn) { "筛查" } else { "screening" };
    one_sheet(name, &header, &rows)
}

fn one_sheet(name: &str, header: &[String], rows: &[Vec<X>]) -> Result<Vec<u8>> {
    let mut wb = workbook(None)?;
    sheet(wb.add_worksheet(), name, header, rows, &Formats::new())?;
    wb.save_to_buffer().map_err(fail)
}

/// A workbook whose creation date is `as_of` (or 1980-01-01): no clock, the same bytes everywhere.
fn workbook(as_of: Option<&str>) -> Result<Workbook> {
    let day = as_of.and_then(ymd).unwrap_or((1980, 1, 1));
    let date = ExcelDateTime::from_ymd(day.0, day.1, day.2).map_err(fail)?;
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date));
    Ok(wb)
}

/// Writes one sheet: a frozen bold header row, typed cells, columns as wide as their text.
fn sheet(ws: &mut Worksheet, name: &str, header: &[String], rows: &[Vec<X>], f: &Formats) -> Result<()> {
    if rows.len() > MAX_ROWS {
        return Err(Error::Export(format!(
            "{} rows do not fit in one sheet (Excel's limit is {MAX_ROWS})",
            rows.len()
        )));
    }
    ws.set_name(name).map_err(fail)?;
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, h, &f.header).map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|e| Error::Export(e.to_string()))?;
        for (c, x) in row.iter().enumerate() {
            let text_width = write(ws, r, col(c)?, x, f)?;
            match widths.get_mut(c) {
                Some(w) => *w = (*w).max(text_width),
                None => widths.push(text_width),
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c)?, (*w + 2).clamp(6, 60) as f64).map_err(fail)?;
    }
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    Ok(())
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|e| Error::Export(e.to_string()))
}

/// Writes a cell; returns the width of its text.
fn write(ws: &mut Worksheet, r: u32, c: u16, x: &X, f: &Formats) -> Result<usize> {
    let w = match x {
        X::Empty => 0,
        X::Text(s) => {
            let s: String = s.chars().take(MAX_TEXT).collect();
            if formula_like(&s) {
                ws.write_string_with_format(r, c, &s, &f.quoted).map_err(fail)?;
            } else {
                ws.write_string(r, c, &s).map_err(fail)?;
            }
            width(&s)
        }
        X::Num(n) => {
            ws.write_number(r, c, *n).map_err(fail)?;
            n.to_string().len().min(14)
        }
        X::Pct(n) => {
            ws.write_number_with_format(r, c, *n, &f.pct).map_err(fail)?;
            8
        }
        X::Money(n) => {
            ws.write_number_with_format(r, c, *n, &f.money).map_err(fail)?;
            let digits = format!("{n:.2}").len();
            digits + digits.saturating_sub(4) / 3
        }
        X::Date(y, m, d) => {
            let date = ExcelDateTime::from_ymd(*y, *m, *d).map_err(fail)?;
            ws.write_datetime_with_format(r, c, &date, &f.date).map_err(fail)?;
            10
        }
        X::Bool(b) => {
            ws.write_boolean(r, c, *b).map_err(fail)?;
            5
        }
    };
    Ok(w)
}

/// Text a spreadsheet would take for a formula if it were typed in.
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Display width: a wide (CJK, full-width) character counts as two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 }).sum()
}

/// A report value as a typed cell, by its key and shape: two-decimal text is money, a
/// `YYYY-MM-DD` day is a date, a fraction under a `rate`/`share`/`ci_*` key is a percentage.
fn typed(key: &str, v: &Value) -> X {
    match v {
        Value::Null => X::Empty,
        Value::Bool(b) => X::Bool(*b),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if n.is_f64() && percent_key(key) {
                X::Pct(x)
            } else {
                X::Num(x)
            }
        }
        Value::String(s) => text(s),
        other => X::Text(other.to_string()),
    }
}

/// Cell `column` of row `i`: a `field` of a `field | value` table in `lang`, the value typed by
/// its field's key; in Chinese, stage, segment, action and 未知 codes by their names.
fn cell(t: &Table, i: usize, column: &str, lang: Lang) -> X {
    let field = t.get(i, "field").as_str().filter(|_| t.columns == ["field", "value"]);
    let (key, x) = match (column, field) {
        ("field", Some(f)) => return X::Text(words::path(f, lang)),
        ("value", Some(f)) => (f, typed(f, t.get(i, column))),
        _ => (column, typed(column, t.get(i, column))),
    };
    match x {
        X::Text(s) if lang == Lang::ZhCn => X::Text(word(key, &s).to_string()),
        x => x,
    }
}

/// A code of our own under `key` in Chinese (anything else as it is).
fn word<'a>(key: &str, code: &'a str) -> &'a str {
    let lang = Lang::ZhCn;
    match key.rsplit('.').next().unwrap_or(key) {
        "stage" | "lifecycle" => labels::stage_name(code, lang),
        "segment" | "rfm_segment" => labels::segment_name(code, lang),
        "action" => labels::action_name(code, lang),
        "key" => labels::key_name(code, lang),
        _ => code,
    }
}

fn percent_key(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    ["rate", "share", "ci_low", "ci_high"].iter().any(|e| last.ends_with(e))
}

/// Text that is money (`-12.50`) or a day (`2024-12-31`) becomes a number or a date.
fn text(s: &str) -> X {
    if is_money(s) {
        if let Ok(x) = s.parse::<f64>() {
            return X::Money(x);
        }
    }
    match ymd(s) {
        Some((y, m, d)) => X::Date(y, m, d),
        None => X::Text(s.to_string()),
    }
}

fn is_money(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let Some((int, frac)) = digits.split_once('.') else { return false };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() == 2
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` of a real day from 1900 on (Excel's dates), else None.
fn ymd(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y: u16 = s.get(0..4)?.parse().ok()?;
    let m: u8 = s.get(5..7)?.parse().ok()?;
    let d: u8 = s.get(8..10)?.parse().ok()?;
    let ok = y >= 1900 && chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)).is_some();
    ok.then_some((y, m, d))
}

/// A member-list cell in the workbook.
fn from_cell(c: Cell) -> X {
    match c {
        Cell::Text(s) | Cell::Word(s) => X::Text(s),
        Cell::Int(v) => v.map_or(X::Empty, |v| X::Num(v as f64)),
        Cell::Num(v) => v.map_or(X::Empty, X::Num),
        Cell::Money(s) => match s.parse::<f64>() {
            Ok(x) if is_money(&s) => X::Money(x),
            _ => X::Text(s),
        },
        Cell::Day(s) if s.is_empty() => X::Empty,
        Cell::Day(s) => ymd(&s).map_or(X::Text(s), |(y, m, d)| X::Date(y, m, d)),
    }
}

/// Sheet names as Excel takes them: at most 31 characters, none of `[]:*?/\`, unique
/// (case-insensitively) against each other and the About sheet.
fn sheet_names(names: impl Iterator<Item = String>, lang: Lang) -> Vec<String> {
    let mut seen: Vec<String> = vec![words::about_words(lang)[0].to_lowercase()];
    let mut out = Vec::new();
    for n in names {
        let clean: String = n.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
        let mut name: String = clean.chars().take(31).collect();
        let mut k = 2;
        while seen.contains(&name.to_lowercase()) {
            let tail = format!("~{k}");
            name = clean.chars().take(31 - tail.len()).collect::<String>() + &tail;
            k += 1;
        }
        seen.push(name.to_lowercase());
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_get_their_types() {
        assert_eq!(typed("revenue", &Value::from("1234.50")), X::Money(1234.5));
        assert_eq!(typed("revenue", &Value::from("-0.10")), X::Money(-0.1));
        assert_eq!(typed("as_of", &Value::from("2024-12-31")), X::Date(2024, 12, 31));
        assert_eq!(typed("x", &Value::from("2024-02-30")), X::Text("2024-02-30".into()));
        assert_eq!(typed("cohort", &Value::from("2024-12")), X::Text("2024-12".into()));
        assert_eq!(typed("groups.rate", &serde_json::json!(0.25)), X::Pct(0.25));
        assert_eq!(typed("customer_share", &serde_json::json!(0.5)), X::Pct(0.5));
        assert_eq!(typed("customers", &serde_json::json!(3)), X::Num(3.0));
        assert_eq!(typed("key", &Value::from("1.5")), X::Text("1.5".into()));
        assert_eq!(typed("small_sample", &Value::Bool(true)), X::Bool(true));
        assert_eq!(typed("p", &Value::Null), X::Empty);
        assert_eq!(word("rfm.segments.segment", "Champions"), "重要价值客户");
        assert_eq!(word("lifecycle.stage", "sleeping"), "沉睡");
        assert_eq!(word("by_action.action", "cart"), "加购");
        assert_eq!(word("key", "unknown"), "未知");
        assert_eq!(word("name", "sleeping"), "sleeping");
    }

    #[test]
    fn wide_characters_count_twice_and_names_fit_excel() {
        assert_eq!(width("浙江省 ab"), 9);
        let long = "a".repeat(40);
        let names = sheet_names(["rfm".into(), "RFM".into(), long.clone(), long, "a/b".into()].into_iter(), Lang::En);
        assert_eq!(names[0], "rfm");
        assert_eq!(names[1], "RFM~2");
        assert_eq!(names[2].chars().count(), 31);
        assert_eq!(names[3], format!("{}~2", "a".repeat(29)));
        assert_eq!(names[4], "a_b");
    }

    #[test]
    fn formula_text_is_text_and_quote_prefixed() {
        let m = |k: &str| Member {
            customer: k.to_string(),
            orders: 2,
            revenue: "10.00".into(),
            items: 1,
            first_order: "2024-01-02".into(),
            last_order: "".into(),
            recency_days: Some(3),
            lifecycle: "active".into(),
            r: 5,
            f: 0,
            m: 1,
            rfm_segment: "Champions".into(),
            region: "浙江".into(),
            age_band: "".into(),
            gender: "".into(),
            source: "".into(),
            member_level: None,
            phone: "+86 138".into(),
            last_interest: "".into(),
            action: "".into(),
            tickets: None,
            complaints: None,
            lifecycle_before: "".into(),
            rfm_segment_before: "".into(),
            p_alive: None,
            expected_orders_90d: None,
            expected_order_value: None,
            predicted_revenue_365d: None,
        };
        let cells: Vec<X> = member_cells(&m("=cmd|' /C calc'!A0"), None).into_iter().map(from_cell).collect();
        assert_eq!(cells[0], X::Text("=cmd|' /C calc'!A0".into()));
        assert_eq!(cells[2], X::Money(10.0));
        assert_eq!(cells[4], X::Date(2024, 1, 2));
        assert_eq!(cells[5], X::Empty);
        assert!(formula_like("=cmd|' /C calc'!A0") && formula_like("+86 138") && formula_like("@SUM(A1)"));
        assert!(!formula_like("小鱼"));
        // the bytes: no formula element anywhere, the same twice
        let a = members_xlsx(&[m("=1+1"), m("@SUM(A1)")], Some(Lang::ZhCn)).unwrap();
        assert_eq!(a, members_xlsx(&[m("=1+1"), m("@SUM(A1)")], Some(Lang::ZhCn)).unwrap());
        assert_eq!(&a[..2], b"PK");
    }
}

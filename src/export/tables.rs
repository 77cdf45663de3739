//! The report laid out as flat tables, one per sheet: a section that is an object gives a
//! `field | value` table of its numbers and one table per list inside it; a list of rows gives a
//! table whose columns are the rows' keys (nested objects as dotted keys, `columns.created`); a
//! list inside a row gives a table of its own whose first columns repeat the parent row's first
//! key (`conversion.dim`). Every value of the JSON report is in exactly one cell.
//!
//! The report is walked through its serde form (`serde_json::to_value` of the typed report, no
//! text parsed), so a field added to the report appears in the workbook without a change here,
//! under the same key the JSON has.

use serde_json::{Map, Value};

/// One table: where it is in the report (`rfm.cells`), its columns (key paths) and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The key path of the table in the report, dotted (`conversion.groups`).
    pub path: String,
    /// The columns, in the order the keys first appear.
    pub columns: Vec<String>,
    /// The rows: (column, value) pairs.
    pub rows: Vec<Vec<(String, Value)>>,
}

impl Table {
    /// The value of `column` in row `i` (`Null` when the row has none).
    pub fn get(&self, i: usize, column: &str) -> &Value {
        self.rows.get(i).and_then(|r| r.iter().find(|(c, _)| c == column)).map_or(&Value::Null, |(_, v)| v)
    }
}

/// The tables of one top-level section `key` with value `v` (nothing for `null`).
pub fn section(key: &str, v: &Value) -> Vec<Table> {
    let mut out = Vec::new();
    match v {
        Value::Object(o) => object(key, o, &mut out),
        Value::Array(a) => rows(key, a, &[], &mut out),
        Value::Null => {}
        other => out.push(Table {
            path: key.to_string(),
            columns: vec!["value".into()],
            rows: vec![vec![("value".into(), other.clone())]],
        }),
    }
    out
}

/// An object: its scalars as `field | value`, then a table per list of rows inside it.
fn object(path: &str, o: &Map<String, Value>, out: &mut Vec<Table>) {
    let (mut scalars, mut nested) = (Vec::new(), Vec::new());
    split(o, "", &mut scalars, &mut nested);
    if !scalars.is_empty() {
        out.push(Table {
            path: path.to_string(),
            columns: vec!["field".into(), "value".into()],
            rows: scalars
                .into_iter()
                .map(|(k, v)| vec![("field".into(), Value::String(k)), ("value".into(), v)])
                .collect(),
        });
    }
    for (key, items) in nested {
        rows(&format!("{path}.{key}"), &items, &[], out);
    }
}

/// Objects keyed by data rather than by the report's own names (a file's column mapping, its
/// skipped rows by reason): a table of `key | value` rows each, not a column per key.
const MAPS: [&str; 2] = ["columns", "rows_skipped"];

/// Splits an object into its scalar leaves (dotted keys; a list of scalars as its JSON text)
/// and its lists of objects; a map of [`MAPS`] becomes a list of `{key, value}` (owned, in `owned`).
fn split(
    o: &Map<String, Value>,
    prefix: &str,
    scalars: &mut Vec<(String, Value)>,
    nested: &mut Vec<(String, Vec<Value>)>,
) {
    for (k, v) in o {
        let key = format!("{prefix}{k}");
        match v {
            Value::Object(inner) if MAPS.contains(&k.as_str()) => {
                let list = inner.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect();
                nested.push((key, list));
            }
            Value::Object(inner) => split(inner, &format!("{key}."), scalars, nested),
            Value::Array(a) if a.iter().any(Value::is_object) => nested.push((key, a.clone())),
            Value::Array(_) => scalars.push((key, Value::String(v.to_string()))),
            _ => scalars.push((key, v.clone())),
        }
    }
}

/// A list of rows at `path`, each row led by `prefix` (the parent rows' first keys).
fn rows(path: &str, items: &[Value], prefix: &[(String, Value)], out: &mut Vec<Table>) {
    let at = match out.iter().position(|t| t.path == path) {
        Some(i) => i,
        None => {
            out.push(Table { path: path.to_string(), columns: Vec::new(), rows: Vec::new() });
            out.len() - 1
        }
    };
    let parent = path.rsplit('.').next().unwrap_or(path);
    for item in items {
        let (mut scalars, mut nested) = (Vec::new(), Vec::new());
        match item {
            Value::Object(o) => split(o, "", &mut scalars, &mut nested),
            other => scalars.push(("value".to_string(), other.clone())),
        }
        let mut row: Vec<(String, Value)> = prefix.to_vec();
        row.extend(scalars.iter().cloned());
        if let Some(t) = out.get_mut(at) {
            for (c, _) in &row {
                if !t.columns.contains(c) {
                    t.columns.push(c.clone());
                }
            }
            t.rows.push(row);
        }
        let mut child_prefix = prefix.to_vec();
        if let Some((k, v)) = scalars.first() {
            child_prefix.push((format!("{parent}.{k}"), v.clone()));
        }
        for (key, list) in nested {
            rows(&format!("{path}.{key}"), &list, &child_prefix, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_lists_and_nested_lists_become_flat_tables() {
        let v = json!({"n": 3, "cuts": [1, 2], "by": {"x": 1.5}, "columns": {"customer": "买家"}, "groups": [
            {"dim": "region", "rows": [{"key": "浙江", "n": 2}, {"key": "=1+1", "n": 1}]},
            {"dim": "age", "rows": [{"key": "18-24", "n": 0}]},
        ]});
        let t = section("conversion", &v);
        let paths: Vec<&str> = t.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["conversion", "conversion.columns", "conversion.groups", "conversion.groups.rows"]);
        assert_eq!(t[1].columns, ["key", "value"]);
        assert_eq!(t[1].get(0, "value"), &json!("买家"));
        assert_eq!(t[0].get(1, "field"), &json!("cuts"));
        assert_eq!(t[0].get(1, "value"), &json!("[1,2]"));
        assert_eq!(t[0].get(2, "field"), &json!("by.x"));
        assert_eq!(t[2].columns, ["dim"]);
        assert_eq!(t[3].columns, ["groups.dim", "key", "n"]);
        assert_eq!(t[3].rows.len(), 3);
        assert_eq!(t[3].get(2, "groups.dim"), &json!("age"));
        assert_eq!(t[3].get(1, "key"), &json!("=1+1"));
        assert!(section("x", &Value::Null).is_empty());
    }
}

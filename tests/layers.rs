//! The house's layers (README, "Layout"): a module may use modules of its own layer or below,
//! never above, and two modules of one layer never use each other both ways. Read off the
//! source: every `crate::NAME` path in `src/NAME/**` or `src/NAME.rs`.

// Tests may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules by layer, lowest first.
const LAYERS: &[&[&str]] = &[
    &["error", "model", "stats"],
    &["store"],
    &["ingest"],
    &["config", "report", "saved"],
    &["metrics"],
    &["export", "warehouse"],
    &["sample", "workspace"],
    &["wasm", "lib", "main", "cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a source file belongs to.
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::NAME` in the code of a file (comments and tests count too: a test of a lower
/// layer that needs a higher one belongs in tests/).
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let before = text.get(..i).unwrap_or("");
        // `customer_insights::` in doc examples is the public API, not a layer edge
        if before.ends_with("_insights::") {
            continue;
        }
        let rest = text.get(i + "crate::".len()..).unwrap_or("");
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            out.insert(name);
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let m = module_of(p.strip_prefix(&src).unwrap());
                let text = std::fs::read_to_string(&p).unwrap();
                let set = edges.entry(m.clone()).or_default();
                set.extend(uses(&text).into_iter().filter(|u| *u != m));
            }
        }
    }
    edges
}

/// What breaks the rule in `edges`: an arrow upward, or two modules using each other.
fn violations(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (from, tos) in edges {
        let Some(lf) = layer(from) else {
            bad.push(format!("src/{from} is in no layer of tests/layers.rs"));
            continue;
        };
        for to in tos {
            match layer(to) {
                None => bad.push(format!("{from} uses crate::{to}, which is in no layer")),
                Some(lt) if lt > lf => bad.push(format!("{from} (layer {lf}) uses {to} (layer {lt}): an arrow upward")),
                Some(lt) if lt == lf && edges.get(to).is_some_and(|s| s.contains(from)) => {
                    bad.push(format!("{from} and {to} use each other: a circle"))
                }
                _ => {}
            }
        }
    }
    bad
}

#[test]
fn no_module_uses_a_higher_layer_and_no_two_use_each_other() {
    let edges = graph();
    assert!(edges.len() >= 10, "read the source tree: {edges:?}");
    let bad = violations(&edges);
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn the_check_sees_an_upward_arrow_and_a_circle() {
    let mut edges = graph();
    edges.entry("store".into()).or_default().insert("metrics".into());
    edges.entry("config".into()).or_default().insert("report".into());
    edges.entry("report".into()).or_default().insert("config".into());
    let bad = violations(&edges);
    assert!(bad.iter().any(|b| b.starts_with("store (layer 1) uses metrics")), "{bad:?}");
    assert!(bad.iter().any(|b| b.contains("config and report use each other")), "{bad:?}");
    assert_eq!(
        uses("use crate::store::{Order};\n/// [`crate::metrics`]\nx::crate::Y"),
        ["metrics", "store"].map(String::from).into()
    );
}

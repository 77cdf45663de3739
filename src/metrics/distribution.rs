//! Customers and revenue by region, age band and gender, and their cross-tabs with lifecycle
//! stage and RFM segment. Over customers with at least one valid order, so each adds up to
//! `totals.customers`.

use super::customers::AGE_BANDS;
use super::lifecycle::{stage, STAGES};
use super::rfm::Scores;
use super::{money, Context, Dims};
use crate::report::{CrossRow, CrossTab, DistRow, Distributions};
use crate::store::UNKNOWN_REGION;
use std::collections::BTreeMap;

/// Gender keys in order.
pub const GENDERS: [&str; 3] = ["女", "男", "未知"];

/// Region keys sort by code point, with 未知 last.
pub fn region_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a == UNKNOWN_REGION, a).cmp(&(b == UNKNOWN_REGION, b))
}

/// The three dimensions' keys of every customer, in `ctx.customers` order.
pub fn keys<'a>(ctx: &Context<'a>, dims: &Dims<'a>) -> Vec<[&'a str; 3]> {
    ctx.customers.iter().map(|c| [dims.region_key(c.id), dims.age_band(c.id), dims.gender(c.id).key()]).collect()
}

fn ordered_keys(dim: usize, present: &BTreeMap<&str, (u64, i64)>) -> Vec<String> {
    match dim {
        0 => {
            let mut k: Vec<&str> = present.keys().copied().collect();
            k.sort_by(|a, b| region_order(a, b));
            k.into_iter().map(String::from).collect()
        }
        1 => AGE_BANDS.iter().filter(|b| present.contains_key(*b)).map(|b| (*b).to_string()).collect(),
        _ => GENDERS.iter().filter(|g| present.contains_key(*g)).map(|g| (*g).to_string()).collect(),
    }
}

/// The section.
pub fn section(ctx: &Context<'_>, dims: &Dims<'_>, scores: &Scores) -> Distributions {
    let keys = keys(ctx, dims);
    let mut out: Vec<Vec<DistRow>> = Vec::new();
    let mut cross = Vec::new();
    for (dim, name) in ["region", "age_band", "gender"].iter().enumerate() {
        let mut groups: BTreeMap<&str, (u64, i64)> = BTreeMap::new();
        for (c, k) in ctx.customers.iter().zip(&keys) {
            let e = groups.entry(k.get(dim).copied().unwrap_or("")).or_insert((0, 0));
            e.0 += 1;
            e.1 += c.revenue;
        }
        let order = ordered_keys(dim, &groups);
        out.push(
            order
                .iter()
                .filter_map(|k| {
                    groups.get(k.as_str()).map(|(n, r)| DistRow { key: k.clone(), customers: *n, revenue: money(*r) })
                })
                .collect(),
        );
        for against in ["lifecycle", "rfm_segment"] {
            let columns: Vec<String> = if against == "lifecycle" {
                STAGES.iter().map(|s| (*s).to_string()).collect()
            } else {
                scores.names.clone()
            };
            let mut rows: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
            for (i, (c, k)) in ctx.customers.iter().zip(&keys).enumerate() {
                let col =
                    if against == "lifecycle" { stage(c, &ctx.s) } else { scores.segment.get(i).copied().unwrap_or(0) };
                let row = rows.entry(k.get(dim).copied().unwrap_or("")).or_insert_with(|| vec![0; columns.len()]);
                if let Some(x) = row.get_mut(col) {
                    *x += 1;
                }
            }
            cross.push(CrossTab {
                by: (*name).to_string(),
                against: against.to_string(),
                columns,
                rows: order
                    .iter()
                    .filter_map(|k| rows.get(k.as_str()).map(|v| CrossRow { key: k.clone(), customers: v.clone() }))
                    .collect(),
            });
        }
    }
    let mut it = out.into_iter();
    Distributions {
        region: it.next().unwrap_or_default(),
        age_band: it.next().unwrap_or_default(),
        gender: it.next().unwrap_or_default(),
        cross,
    }
}

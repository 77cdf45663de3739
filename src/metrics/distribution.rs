//! Customers and revenue by region, age band and gender, and their cross-tabs with lifecycle
//! stage and RFM segment. Over customers with at least one valid order, so each adds up to
//! `totals.customers`.

use super::analysis::Analysis;
use super::customers::AGE_BANDS;
use super::lifecycle::{stage, STAGES};
use super::money;
use super::tiering::{each_chunk, map_chunks};
use crate::model::Gender;
use crate::report::{CrossRow, CrossTab, DistRow, Distributions};
use crate::store::UNKNOWN_REGION;

/// Gender keys in order.
pub const GENDERS: [&str; 3] = ["女", "男", "未知"];

/// Region keys sort by code point, with 未知 last.
pub fn region_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a == UNKNOWN_REGION, a).cmp(&(b == UNKNOWN_REGION, b))
}

/// The section. Customers are counted into dense group ids (region id, band index, gender
/// index) and only the groups present are named and sorted at the end.
pub fn section(a: &Analysis<'_>) -> Distributions {
    let (ctx, dims, scores) = (a.ctx, &a.dims, &a.scores);
    let n_regions = ctx.store.regions.len() + 1; // + unknown
    let region_ix = |r: u16| if r == crate::store::NO_REGION { n_regions - 1 } else { usize::from(r) };
    let gender_ix = |g: Gender| match g {
        Gender::Female => 0,
        Gender::Male => 1,
        Gender::Unknown => 2,
    };
    let seg_names = &scores.names;
    let mut out: Vec<Vec<DistRow>> = Vec::new();
    let mut cross = Vec::new();
    let groups: [usize; 3] = [n_regions, AGE_BANDS.len(), GENDERS.len()];
    // group of each customer along each dimension
    let keys: Vec<[usize; 3]> = map_chunks(&ctx.customers, |c| {
        let band = dims.age_band(c.id);
        [
            region_ix(dims.region(c.id)),
            AGE_BANDS.iter().position(|b| *b == band).unwrap_or(AGE_BANDS.len() - 1),
            gender_ix(dims.gender(c.id)),
        ]
    });
    let stages: Vec<usize> = map_chunks(&ctx.customers, |c| stage(c, &ctx.s));
    for (dim, name) in ["region", "age_band", "gender"].iter().enumerate() {
        let g = groups.get(dim).copied().unwrap_or(0);
        let mut count = vec![(0u64, 0i64); g];
        let mut by_stage = vec![vec![0u64; STAGES.len()]; g];
        let mut by_seg = vec![vec![0u64; seg_names.len()]; g];
        each_chunk(&ctx.customers, &mut |start, chunk| {
            for ((i, c), k) in (start..).zip(chunk).zip(keys.get(start..).unwrap_or(&[])) {
                let gi = k.get(dim).copied().unwrap_or(0);
                if let Some(e) = count.get_mut(gi) {
                    e.0 += 1;
                    e.1 += c.revenue;
                }
                if let Some(x) = by_stage.get_mut(gi).and_then(|r| r.get_mut(stages.get(i).copied().unwrap_or(0))) {
                    *x += 1;
                }
                if let Some(x) = by_seg.get_mut(gi).and_then(|r| r.get_mut(scores.segment.get(i).copied().unwrap_or(0)))
                {
                    *x += 1;
                }
            }
        });
        let key_of = |gi: usize| -> String {
            match dim {
                0 if gi == n_regions - 1 => UNKNOWN_REGION.to_string(),
                0 => ctx.store.regions.name(u16::try_from(gi).unwrap_or(u16::MAX)).to_string(),
                1 => AGE_BANDS.get(gi).copied().unwrap_or("unknown").to_string(),
                _ => GENDERS.get(gi).copied().unwrap_or("未知").to_string(),
            }
        };
        let mut present: Vec<(String, usize)> =
            (0..g).filter(|gi| count.get(*gi).is_some_and(|c| c.0 > 0)).map(|gi| (key_of(gi), gi)).collect();
        if dim == 0 {
            present.sort_by(|a, b| region_order(&a.0, &b.0));
        }
        out.push(
            present
                .iter()
                .filter_map(|(k, gi)| {
                    count.get(*gi).map(|(n, r)| DistRow { key: k.clone(), customers: *n, revenue: money(*r) })
                })
                .collect(),
        );
        for (against, columns, table) in [
            ("lifecycle", STAGES.iter().map(|s| (*s).to_string()).collect::<Vec<_>>(), &by_stage),
            ("rfm_segment", seg_names.clone(), &by_seg),
        ] {
            cross.push(CrossTab {
                by: (*name).to_string(),
                against: against.to_string(),
                columns,
                rows: present
                    .iter()
                    .filter_map(|(k, gi)| table.get(*gi).map(|v| CrossRow { key: k.clone(), customers: v.clone() }))
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

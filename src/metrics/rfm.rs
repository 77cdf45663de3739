//! RFM: scores 1–5 by quantile (ties share a score) or by the shop's own cut points, the 125
//! codes mapped onto the 11 classic segments, or the user's range rules.

use super::analysis::Analysis;
use super::tiering::{each_chunk, map_chunks};
use super::{money, share, Context, CustomerAgg};
use crate::config::{RfmConfig, RfmCuts, RfmMethod};
use crate::error::{Error, Result};
use crate::report::{Rfm, RfmCell, SegmentRow};
use std::collections::BTreeMap;

/// The 11 classic segments and their codes (metrics.md table), in table order.
pub const SEGMENTS: [(&str, &[u16]); 11] = [
    ("Champions", &[555, 554, 544, 545, 454, 455, 445]),
    ("Loyal Customers", &[543, 444, 435, 355, 354, 345, 344, 335]),
    (
        "Potential Loyalist",
        &[
            553, 551, 552, 541, 542, 533, 532, 531, 452, 451, 442, 441, 431, 453, 433, 432, 423, 353, 352, 351, 342,
            341, 333, 323,
        ],
    ),
    ("New Customers", &[512, 511, 422, 421, 412, 411, 311]),
    ("Promising", &[525, 524, 523, 522, 521, 515, 514, 513, 425, 424, 413, 414, 415, 315, 314, 313]),
    ("Need Attention", &[535, 534, 443, 434, 343, 334, 325, 324]),
    ("About To Sleep", &[331, 321, 312, 221, 213]),
    (
        "At Risk",
        &[255, 254, 245, 244, 253, 252, 243, 242, 235, 234, 225, 224, 153, 152, 145, 143, 142, 135, 134, 133, 125, 124],
    ),
    ("Can't Lose Them", &[155, 154, 144, 214, 215, 115, 114, 113]),
    ("Hibernating", &[332, 322, 231, 241, 251, 233, 232, 223, 222, 132, 123, 122, 212, 211]),
    ("Lost", &[111, 112, 121, 131, 141, 151]),
];

/// Scores and segments of every customer (aligned with `Context::customers`).
#[derive(Debug, Clone)]
pub struct Scores {
    /// `quantile` or `thresholds`.
    pub method: RfmMethod,
    /// Cut points (thresholds).
    pub cuts: Option<RfmCuts>,
    /// (r, f, m) per customer.
    pub rfm: Vec<[u8; 3]>,
    /// Segment index per customer, into `names`.
    pub segment: Vec<usize>,
    /// Segment names in report order.
    pub names: Vec<String>,
}

/// Quantile scores of values where larger is better: `1 + floor(5 * #(strictly smaller) / n)`.
///
/// Values within a narrow range are counted (`quantile_scores_by_count`). Else no sort: a
/// score is at least `k` exactly when at least `c = ceil((k-1)·n/5)` values are
/// smaller, that is when the value is above the `c`-th smallest. Four selections (each O(n),
/// on a shrinking slice) find those four cut values, then one pass compares every value with
/// them. (Sorting (value, position) pairs, as before, was the report's largest single cost.)
pub fn quantile_scores(values: &[i64]) -> Vec<u8> {
    let n = values.len();
    if let Some(scores) = quantile_scores_by_count(values) {
        return scores;
    }
    let mut sorted_part = values.to_vec();
    let mut cuts = [i64::MAX; 4];
    let mut lo = 0usize;
    for (k, cut) in (1..=4usize).zip(cuts.iter_mut()) {
        // the c-th smallest is at index c - 1; c >= 1 when n >= 1
        let Some(idx) = (k * n).div_ceil(5).checked_sub(1) else { continue };
        // after the previous selection, everything from `lo` on is at least the value there
        if let Some(rest) = sorted_part.get_mut(lo..) {
            if idx >= lo && idx - lo < rest.len() {
                let (_, v, _) = rest.select_nth_unstable(idx - lo);
                *cut = *v;
                lo = idx;
            }
        }
    }
    map_chunks(values, |v| 1 + cuts.iter().filter(|c| v > *c).count() as u8)
}

/// [`quantile_scores`] of values within a narrow range (recency days, order counts): a count of
/// each value, then each value's score from the number below it. None when the range is wider
/// than the number of values (and 65 536): money in cents, say.
fn quantile_scores_by_count(values: &[i64]) -> Option<Vec<u8>> {
    let n = values.len();
    let (lo, hi) = (values.iter().min()?, values.iter().max()?);
    let span = usize::try_from(hi.abs_diff(*lo)).ok()?;
    if span >= n.max(1 << 16) {
        return None;
    }
    let at = |v: &i64| usize::try_from(v.abs_diff(*lo)).unwrap_or(usize::MAX);
    let mut count = vec![0usize; span + 1];
    each_chunk(values, &mut |_, chunk| {
        for v in chunk {
            if let Some(c) = count.get_mut(at(v)) {
                *c += 1;
            }
        }
    });
    // the score of each value: 1 + floor(5 · #(strictly smaller) / n)
    let mut below = 0usize;
    let score: Vec<u8> = count
        .iter()
        .map(|c| {
            let s = (1 + 5 * below / n).min(5) as u8;
            below += c;
            s
        })
        .collect();
    Some(map_chunks(values, |v| score.get(at(v)).copied().unwrap_or(1)))
}

/// Index of an (r, f, m) score triple (each 1–5) in a dense table of 6 × 6 × 6 entries.
fn cell_index([r, f, m]: [u8; 3]) -> usize {
    (usize::from(r) * 6 + usize::from(f)) * 6 + usize::from(m)
}

/// The default segment of every (r, f, m) triple, by [`cell_index`] (the last segment, "Others",
/// for triples no list names).
fn segment_table() -> [usize; 216] {
    let mut t = [SEGMENTS.len() - 1; 216];
    for (i, (_, codes)) in SEGMENTS.iter().enumerate().rev() {
        for &c in codes.iter() {
            let s = [(c / 100) as u8, (c / 10 % 10) as u8, (c % 10) as u8];
            if let Some(x) = t.get_mut(cell_index(s)) {
                *x = i;
            }
        }
    }
    t
}

fn cut_count(cuts: &[f64], v: f64) -> u8 {
    cuts.iter().filter(|c| **c <= v).count() as u8
}

fn check_cuts(name: &str, c: &[f64]) -> Result<()> {
    if c.len() != 4 || c.iter().any(|x| !x.is_finite()) || c.windows(2).any(|w| w.first() >= w.get(1)) {
        return Err(Error::Config(format!("rfm.cuts.{name}: four strictly ascending numbers are needed, got {c:?}")));
    }
    Ok(())
}

/// Scores every customer.
pub fn score(ctx: &Context<'_>, cfg: Option<&RfmConfig>) -> Result<Scores> {
    score_customers(&ctx.customers, cfg)
}

/// Scores the customers of `cs` over their own population (as [`score`] scores those of a
/// context).
pub fn score_customers(cs: &[CustomerAgg], cfg: Option<&RfmConfig>) -> Result<Scores> {
    // recency: lower is better, so the column is its negation, larger better as the other two
    let minus_recency = map_chunks(cs, |c| -c.recency);
    let orders = map_chunks(cs, |c| c.orders as i64);
    let revenue = map_chunks(cs, |c| c.revenue);
    score_columns(Columns { minus_recency: &minus_recency, orders: &orders, revenue: &revenue }, cfg)
}

/// What RFM scores read of each customer, a column each (aligned).
#[derive(Clone, Copy)]
pub struct Columns<'a> {
    /// Days since the last valid order, negated (larger is better, as for the other two: a
    /// "strictly larger recency" counts as worse).
    pub minus_recency: &'a [i64],
    /// Valid orders.
    pub orders: &'a [i64],
    /// Revenue in cents.
    pub revenue: &'a [i64],
}

/// [`score_customers`] of customers given as columns (the migration section scores the
/// customers of an earlier date so, without an aggregate each).
pub fn score_columns(cs: Columns<'_>, cfg: Option<&RfmConfig>) -> Result<Scores> {
    let method = cfg.and_then(|c| c.method).unwrap_or(RfmMethod::Quantile);
    let (rfm, cuts) = match method {
        RfmMethod::Quantile => {
            let r = quantile_scores(cs.minus_recency);
            let f = quantile_scores(cs.orders);
            let m = quantile_scores(cs.revenue);
            (r.iter().zip(&f).zip(&m).map(|((r, f), m)| [*r, *f, *m]).collect(), None)
        }
        RfmMethod::Thresholds => {
            let cuts = cfg
                .and_then(|c| c.cuts.clone())
                .ok_or_else(|| Error::Config("rfm.method \"thresholds\" needs rfm.cuts".to_string()))?;
            check_cuts("r", &cuts.r)?;
            check_cuts("f", &cuts.f)?;
            check_cuts("m", &cuts.m)?;
            let v: Vec<[u8; 3]> = cs
                .minus_recency
                .iter()
                .zip(cs.orders)
                .zip(cs.revenue)
                .map(|((minus_recency, orders), revenue)| {
                    let r = 5 - cut_count(&cuts.r, minus_recency.wrapping_neg() as f64).min(4);
                    let f = 1 + cut_count(&cuts.f, *orders as f64);
                    // M cut points are yuan; compare in whole cents.
                    let m = 1 + cuts.m.iter().filter(|x| (**x * 100.0).round() <= *revenue as f64).count() as u8;
                    [r, f, m]
                })
                .collect();
            (v, Some(cuts))
        }
    };
    let rules = cfg.and_then(|c| c.segments.clone());
    let (segment, names) = match rules {
        None => {
            let names = SEGMENTS.iter().map(|(n, _)| (*n).to_string()).collect();
            // the segment of each (r, f, m) once, then one lookup per customer (a search of the
            // code lists per customer was a fifth of the wasm report's time at 400k customers)
            let table = segment_table();
            let seg = map_chunks(&rfm, |s| table.get(cell_index(*s)).copied().unwrap_or(SEGMENTS.len() - 1));
            (seg, names)
        }
        Some(rules) => {
            for r in &rules {
                for (d, [lo, hi]) in [("r", r.r), ("f", r.f), ("m", r.m)] {
                    if !(1..=5).contains(&lo) || !(1..=5).contains(&hi) || lo > hi {
                        return Err(Error::Config(format!(
                            "rfm.segments {:?}: {d} range [{lo}, {hi}] must lie within 1..5, low first",
                            r.name
                        )));
                    }
                }
            }
            let mut names: Vec<String> = rules.iter().map(|r| r.name.clone()).collect();
            names.push("Others".to_string());
            let seg = rfm
                .iter()
                .map(|[r, f, m]| {
                    rules
                        .iter()
                        .position(|x| {
                            (x.r[0]..=x.r[1]).contains(r)
                                && (x.f[0]..=x.f[1]).contains(f)
                                && (x.m[0]..=x.m[1]).contains(m)
                        })
                        .unwrap_or(rules.len())
                })
                .collect();
            (seg, names)
        }
    };
    Ok(Scores { method, cuts, rfm, segment, names })
}

/// The section.
pub fn section(a: &Analysis<'_>) -> Rfm {
    let (ctx, s) = (a.ctx, &a.scores);
    // scores are 1–5, so the cells are counted in a dense table (a map entry per customer cost
    // a tenth of the wasm report) and gathered into the map after
    let mut dense = [(0u64, 0i64); 216];
    let mut cells: BTreeMap<[u8; 3], (u64, i64)> = BTreeMap::new();
    let mut segs = vec![(0u64, 0i64); s.names.len()];
    each_chunk(&ctx.customers, &mut |start, chunk| {
        for (i, c) in (start..).zip(chunk) {
            if let Some(code) = s.rfm.get(i) {
                let e = match dense.get_mut(cell_index(*code)) {
                    Some(e) if code.iter().all(|x| *x <= 5) => e,
                    _ => cells.entry(*code).or_insert((0, 0)),
                };
                e.0 += 1;
                e.1 += c.revenue;
            }
            if let Some(e) = s.segment.get(i).and_then(|g| segs.get_mut(*g)) {
                e.0 += 1;
                e.1 += c.revenue;
            }
        }
    });
    for (r, f, m) in (0..6u8).flat_map(|r| (0..6u8).flat_map(move |f| (0..6u8).map(move |m| (r, f, m)))) {
        if let Some(&(n, rev)) = dense.get(cell_index([r, f, m])).filter(|e| e.0 > 0) {
            cells.insert([r, f, m], (n, rev));
        }
    }
    let n = ctx.customers.len() as u64;
    let total: i64 = ctx.customers.iter().map(|c| c.revenue).sum();
    Rfm {
        method: s.method,
        cuts: s.cuts.clone(),
        cells: cells
            .into_iter()
            .map(|([r, f, m], (n, rev))| RfmCell { r, f, m, customers: n, revenue: money(rev) })
            .collect(),
        segments: s
            .names
            .iter()
            .zip(segs)
            .map(|(name, (c, rev))| SegmentRow {
                segment: name.clone(),
                customers: c,
                revenue: money(rev),
                customer_share: share(c, n),
                revenue_share: share(rev.max(0) as u64, total.max(0) as u64),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `1 + floor(5 * below / n)`: the quantile score for `below` customers with a worse value.
    fn qscore(below: usize, n: usize) -> u8 {
        if n == 0 {
            return 1;
        }
        (1 + (5 * below) / n).min(5) as u8
    }

    #[test]
    fn quantile_scores_equal_the_counting_definition() {
        // many ties, negatives, one value, none
        let mut x = 0x1234_5678_9abc_def1u64;
        for n in [0usize, 1, 2, 5, 7, 100, 1001, 4000] {
            for spread in [1u64, 3, 50, 70_000, 1 << 40, u64::MAX] {
                let v: Vec<i64> = (0..n)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        ((x % spread) as i64).wrapping_sub((spread / 2) as i64)
                    })
                    .collect();
                let want: Vec<u8> = v.iter().map(|a| qscore(v.iter().filter(|b| *b < a).count(), n)).collect();
                assert_eq!(quantile_scores(&v), want, "n {n} spread {spread}");
            }
        }
        // money's shape: most values small, a long tail, a few huge, and the extremes of i64
        let mut v: Vec<i64> = (0..3000u64)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let base = (x % 20_000) as i64;
                if i % 97 == 0 {
                    base * 1_000_000
                } else {
                    base
                }
            })
            .collect();
        v.extend([i64::MIN, i64::MAX, i64::MAX, 0, -1]);
        let n = v.len();
        let want: Vec<u8> = v.iter().map(|a| qscore(v.iter().filter(|b| *b < a).count(), n)).collect();
        assert_eq!(quantile_scores(&v), want, "heavy tail");
    }

    #[test]
    fn the_code_map_names_all_125_codes_once() {
        let mut all: Vec<u16> = SEGMENTS.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        all.sort_unstable();
        let want: Vec<u16> =
            (1..=5).flat_map(|r| (1..=5).flat_map(move |f| (1..=5).map(move |m| r * 100 + f * 10 + m))).collect();
        assert_eq!(all, want);
    }

    #[test]
    fn the_segment_table_agrees_with_the_code_lists() {
        let t = segment_table();
        for code in (1..=5u16).flat_map(|r| (1..=5).flat_map(move |f| (1..=5).map(move |m| r * 100 + f * 10 + m))) {
            let want = SEGMENTS.iter().position(|(_, c)| c.contains(&code)).unwrap_or(SEGMENTS.len() - 1);
            let s = [(code / 100) as u8, (code / 10 % 10) as u8, (code % 10) as u8];
            assert_eq!(t[cell_index(s)], want, "code {code}");
        }
    }

    #[test]
    fn quantile_ties_share_a_score() {
        // 10 customers: six with 1 order, two with 2, one with 5, one with 9
        let v = [1, 1, 1, 1, 1, 1, 2, 2, 5, 9];
        let s = quantile_scores(&v);
        // 1 → 0 below → 1; 2 → 6 below → 1+floor(30/10)=4; 5 → 8 below → 5; 9 → 9 below → 5
        assert_eq!(s, vec![1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
        assert_eq!(quantile_scores(&[]), Vec::<u8>::new());
        assert_eq!(quantile_scores(&[7]), vec![1]);
    }
}

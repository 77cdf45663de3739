//! Conversion of interested buyers, compared across groups with honest statistics: Wilson
//! intervals, a two-proportion z-test of each group against the rest, Holm adjustment, a
//! chi-square test of independence with Cramér's V, and small-sample flags.

use super::customers::AGE_BANDS;
use super::distribution::{region_order, GENDERS};
use super::{share, within, Context, Dims};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::report::{ChiSquareOut, ConvGroup, Conversion, ConversionConfig, Rate};
use crate::stats;
use crate::store::day_of;
use std::collections::BTreeMap;

/// Groups with fewer than this many in the population are flagged `small_sample`.
pub const SMALL_SAMPLE: u64 = 30;

/// Turns a chi-square result into its report shape.
pub fn chi_out(c: Option<stats::ChiSquare>) -> Option<ChiSquareOut> {
    c.map(|c| ChiSquareOut { statistic: c.statistic, dof: c.dof, p_value: c.p_value, cramers_v: c.cramers_v })
}

/// A population's rate with its 95 % Wilson interval.
pub fn rate(converted: u64, interested: u64) -> Rate {
    let ci = stats::wilson(converted, interested, stats::Z95);
    Rate {
        interested,
        converted,
        rate: share(converted, interested),
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
    }
}

/// One group's counts.
#[derive(Debug, Clone)]
pub struct Counts {
    /// Key.
    pub key: String,
    /// Population.
    pub n: u64,
    /// Converted.
    pub x: u64,
}

/// Statistics of every group against the rest, Holm-adjusted, plus the chi-square test.
pub fn compare(groups: &[Counts]) -> (Vec<ConvGroup>, Option<ChiSquareOut>) {
    let (nt, xt): (u64, u64) = groups.iter().fold((0, 0), |(n, x), g| (n + g.n, x + g.x));
    let tests: Vec<Option<(f64, f64)>> =
        groups.iter().map(|g| stats::two_proportion_z(g.x, g.n, xt - g.x, nt - g.n)).collect();
    let adjusted = stats::holm(&tests.iter().map(|t| t.map(|(_, p)| p)).collect::<Vec<_>>());
    let out = groups
        .iter()
        .zip(tests.iter().zip(adjusted))
        .map(|(g, (t, adj))| {
            let ci = stats::wilson(g.x, g.n, stats::Z95);
            ConvGroup {
                key: g.key.clone(),
                interested: g.n,
                converted: g.x,
                rate: share(g.x, g.n),
                ci_low: ci.map(|c| c.0),
                ci_high: ci.map(|c| c.1),
                z: t.map(|t| t.0),
                p_value: t.map(|t| t.1),
                p_adjusted: adj,
                small_sample: g.n < SMALL_SAMPLE,
            }
        })
        .collect();
    let table: Vec<[u64; 2]> = groups.iter().map(|g| [g.x, g.n - g.x]).collect();
    (out, chi_out(stats::chi_square_2col(&table)))
}

/// The dimensions conversion understands besides customers-file columns.
pub const BUILTIN: [&str; 4] = ["region", "source", "age_band", "gender"];

/// The section: null without interest events.
pub fn section(
    ctx: &Context<'_>,
    dims: &Dims<'_>,
    cfg: Option<&ConversionConfig>,
    scores: &super::rfm::Scores,
    tag_sets: &super::tags::TagSets,
) -> Result<Option<Vec<Conversion>>> {
    // the customer sets to compare, resolved first so a wrong name is an error with or without
    // interest events
    let mut set_masks = Vec::new();
    for sc in cfg.and_then(|c| c.sets.as_ref()).map_or(&[][..], |v| v.as_slice()) {
        let a = super::members::selector_mask(ctx, scores, tag_sets, &sc.a)?;
        let b = super::members::selector_mask(ctx, scores, tag_sets, &sc.b)?;
        set_masks.push((sc, a, b));
    }
    let by: Vec<String> =
        cfg.and_then(|c| c.by.clone()).unwrap_or_else(|| BUILTIN.iter().map(|s| (*s).to_string()).collect());
    for b in &by {
        if !BUILTIN.contains(&b.as_str()) && !dims.has_column(b) {
            return Err(Error::Config(format!(
                "conversion.by: {b:?} is neither one of {} nor a column of a customers file",
                BUILTIN.join(", ")
            )));
        }
    }
    if !ctx.ws.files.iter().any(|f| f.summary.kind == Some(Kind::Interest)) {
        return Ok(None);
    }
    let s = &ctx.s;
    let w = s.conversion_days;
    let n_ids = ctx.ws.customers.len();
    let days = ctx.interest_days();
    let population: Vec<u32> =
        (0..n_ids).filter(|c| days.within(*c, s.as_of, w)).filter_map(|c| u32::try_from(c).ok()).collect();
    let mut is_converted = vec![false; n_ids];
    for o in ctx.orders.iter().filter(|o| o.valid && within(s.as_of, day_of(o.created), w)) {
        if let Some(x) = is_converted.get_mut(o.customer as usize) {
            *x = true;
        }
    }
    let converted = |c: &u32| is_converted.get(*c as usize).copied().unwrap_or(false);
    let window_days = u32::try_from(w).unwrap_or(u32::MAX);
    let overall = rate(population.iter().filter(|c| converted(c)).count() as u64, population.len() as u64);
    let mut out = Vec::new();
    for b in &by {
        let mut g: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for c in &population {
            let key = match b.as_str() {
                "region" => dims.region_key(*c),
                "source" => dims.source(*c),
                "age_band" => dims.age_band(*c),
                "gender" => dims.gender(*c).key(),
                col => dims.column(*c, col),
            };
            let e = g.entry(key).or_insert((0, 0));
            e.0 += 1;
            if converted(c) {
                e.1 += 1;
            }
        }
        let mut keys: Vec<&str> = g.keys().copied().collect();
        match b.as_str() {
            "age_band" => keys.sort_by_key(|k| AGE_BANDS.iter().position(|x| x == k)),
            "gender" => keys.sort_by_key(|k| GENDERS.iter().position(|x| x == k)),
            _ => keys.sort_by(|a, b| region_order(a, b)),
        }
        let counts: Vec<Counts> =
            keys.iter().filter_map(|k| g.get(k).map(|(n, x)| Counts { key: (*k).to_string(), n: *n, x: *x })).collect();
        let (groups, chi) = compare(&counts);
        out.push(Conversion { by: b.clone(), window_days, overall: overall.clone(), chi_square: chi, groups });
    }
    // Two customer sets: the interested members of each, A tested against B (a customer in
    // both counts in both).
    let index_of: Vec<Option<usize>> = {
        let mut v = vec![None; n_ids];
        for (i, c) in ctx.customers.iter().enumerate() {
            if let Some(x) = v.get_mut(c.id as usize) {
                *x = Some(i);
            }
        }
        v
    };
    for (sc, a, b) in &set_masks {
        let member = |mask: &Vec<bool>, c: &u32| {
            index_of.get(*c as usize).copied().flatten().and_then(|i| mask.get(i).copied()).unwrap_or(false)
        };
        let count = |mask: &Vec<bool>| {
            let n = population.iter().filter(|c| member(mask, c)).count() as u64;
            let x = population.iter().filter(|c| member(mask, c) && converted(c)).count() as u64;
            (n, x)
        };
        let (na, xa) = count(a);
        let (nb, xb) = count(b);
        let counts = vec![
            Counts { key: super::members::selector_label(&sc.a), n: na, x: xa },
            Counts { key: super::members::selector_label(&sc.b), n: nb, x: xb },
        ];
        let (groups, chi) = compare(&counts);
        let either: Vec<&u32> = population.iter().filter(|c| member(a, c) || member(b, c)).collect();
        let x = either.iter().filter(|c| converted(c)).count() as u64;
        out.push(Conversion {
            by: format!("set:{}", sc.name),
            window_days,
            overall: rate(x, either.len() as u64),
            chi_square: chi,
            groups,
        });
    }
    Ok(Some(out))
}

//! Conversion of interested buyers, compared across groups with honest statistics: Wilson
//! intervals, a two-proportion z-test of each group against the rest, Holm adjustment, a
//! chi-square test of independence with Cramér's V, and small-sample flags.

use super::analysis::Analysis;
use super::customers::AGE_BANDS;
use super::distribution::{region_order, GENDERS};
use super::groups::{compare, rate, Counts};
use super::select;
use super::tiering::each_chunk;
use crate::config::{ConversionConfig, ConversionDim};
use crate::error::{Error, Result};
use crate::model::{Action, Kind};
use crate::report::Conversion;
use crate::store::NO_REGION;
use std::collections::BTreeMap;

/// The section: null without interest events.
pub fn section(a: &Analysis<'_>, cfg: Option<&ConversionConfig>) -> Result<Option<Vec<Conversion>>> {
    let (ctx, dims) = (a.ctx, &a.dims);
    // the customer sets to compare, resolved first so a wrong name is an error with or without
    // interest events
    let mut set_masks = Vec::new();
    for sc in cfg.and_then(|c| c.sets.as_ref()).map_or(&[][..], |v| v.as_slice()) {
        set_masks.push((sc, select::pick(a, &sc.a)?, select::pick(a, &sc.b)?));
    }
    let by: Vec<ConversionDim> = cfg.and_then(|c| c.by.clone()).unwrap_or_else(|| ConversionDim::BUILTIN.to_vec());
    for b in &by {
        if let ConversionDim::Column(col) = b {
            if !dims.has_column(col) {
                let builtin: Vec<&str> = ConversionDim::BUILTIN.iter().map(ConversionDim::as_str).collect();
                return Err(Error::Config(format!(
                    "conversion.by: {col:?} is neither one of {} nor a column of a customers file",
                    builtin.join(", ")
                )));
            }
        }
    }
    if !ctx.store.has(Kind::Interest) {
        return Ok(None);
    }
    let s = &ctx.s;
    let w = s.conversion_days;
    let days = ctx.interest_days();
    let population = &a.people().in_window;
    let is_converted = ctx.ordered_in_window();
    let converted = |c: &u32| is_converted.get(*c as usize).copied().unwrap_or(false);
    let window_days = u32::try_from(w).unwrap_or(u32::MAX);
    let overall = rate(population.iter().filter(|c| converted(c)).count() as u64, population.len() as u64);
    let mut out = Vec::new();
    for b in &by {
        let mut g: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        if matches!(b, ConversionDim::Region) {
            // by region id first (a map entry per customer cost more than the rest of the
            // dimension), then by name, as the other dimensions count; unknown last
            let regions = &ctx.store.regions;
            let slot = |r: u16| if r == NO_REGION { regions.len() } else { usize::from(r) };
            let mut by_id = vec![(0u64, 0u64); regions.len() + 1];
            each_chunk(population, &mut |_, chunk| {
                for c in chunk {
                    if let Some(e) = by_id.get_mut(slot(dims.region(*c))) {
                        e.0 += 1;
                        e.1 += u64::from(converted(c));
                    }
                }
            });
            for (i, (n, x)) in by_id.into_iter().enumerate().filter(|(_, e)| e.0 > 0) {
                let r = if i == regions.len() { NO_REGION } else { u16::try_from(i).unwrap_or(NO_REGION) };
                let e = g.entry(regions.name(r)).or_insert((0, 0));
                e.0 += n;
                e.1 += x;
            }
        } else {
            each_chunk(population, &mut |_, chunk| {
                for c in chunk {
                    let key = match b {
                        ConversionDim::Region => dims.region_key(*c),
                        ConversionDim::Source => dims.source(*c),
                        ConversionDim::AgeBand => dims.age_band(*c),
                        ConversionDim::Gender => dims.gender(*c).key(),
                        ConversionDim::Action => days.deepest(*c as usize).unwrap_or(Action::Other).key(),
                        ConversionDim::Column(col) => dims.column(*c, col),
                    };
                    let e = g.entry(key).or_insert((0, 0));
                    e.0 += 1;
                    if converted(c) {
                        e.1 += 1;
                    }
                }
            });
        }
        let mut keys: Vec<&str> = g.keys().copied().collect();
        match b {
            ConversionDim::AgeBand => keys.sort_by_key(|k| AGE_BANDS.iter().position(|x| x == k)),
            ConversionDim::Gender => keys.sort_by_key(|k| GENDERS.iter().position(|x| x == k)),
            ConversionDim::Action => keys.sort_by_key(|k| Action::ALL.iter().position(|x| x.key() == *k)),
            _ => keys.sort_by(|a, b| region_order(a, b)),
        }
        let counts: Vec<Counts> =
            keys.iter().filter_map(|k| g.get(k).map(|(n, x)| Counts { key: (*k).to_string(), n: *n, x: *x })).collect();
        let (groups, chi) = compare(&counts);
        out.push(Conversion {
            by: b.as_str().to_string(),
            window_days,
            overall: overall.clone(),
            chi_square: chi,
            groups,
        });
    }
    // Two customer sets: the interested members of each, A tested against B (a customer in
    // both counts in both).
    for (sc, a, b) in &set_masks {
        let member = |mask: &Vec<bool>, c: &u32| mask.get(*c as usize).copied().unwrap_or(false);
        let count = |mask: &Vec<bool>| {
            let n = population.iter().filter(|c| member(mask, c)).count() as u64;
            let x = population.iter().filter(|c| member(mask, c) && converted(c)).count() as u64;
            (n, x)
        };
        let (na, xa) = count(a);
        let (nb, xb) = count(b);
        let counts = vec![
            Counts { key: select::label(&sc.a), n: na, x: xa },
            Counts { key: select::label(&sc.b), n: nb, x: xb },
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

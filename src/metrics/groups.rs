//! Group statistics shared by the sections that compare groups (conversion, calls): a rate with
//! its Wilson interval, each group against the rest (two-proportion z, Holm), and the chi-square
//! test of independence with Cramér's V.

use super::share;
use crate::report::{ChiSquareOut, ConvGroup, Rate};
use crate::stats;

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

//! Pure statistical functions for the conversion comparison, the after-sales
//! summaries and the predicted value ([`clv`]; shared/spec/metrics.md, "Conversion comparison", "After-sales
//! service", "Precision").
//!
//! Every function here is total: it never panics, and it never returns NaN or an
//! infinity. Where no number can honestly be given (no observations, a test
//! whose standard error is 0, invalid input) it returns `None`.
//!
//! # Precision
//!
//! Rates, intervals, test statistics and p-values match scipy / statsmodels to
//! 1e-9 relative (the spec's requirement); in practice the agreement is far
//! tighter, about 1e-13 even in the far tails. The unit tests check this
//! against reference values computed offline by
//! `tests/reference/stats_reference.py`, which writes `src/stats/reference.rs` and `reference_chi2.rs`.
//! Both sides of a comparison count as equal when both are below 1e-300: in that
//! range doubles are subnormal, and scipy itself returns 0 or a number with few
//! correct digits.
//!
//! # Tails of the normal and chi-square distributions
//!
//! The report must be byte-identical natively and in wasm, so every float returned
//! here is computed with IEEE-exact operations (`+ − × ÷ √`) and the pure-Rust
//! [`libm`] crate only, never with `f64::exp`/`ln`/…: natively those come from the
//! platform's C library (glibc), in wasm32 from Rust's own libm port, and the two
//! differ in the last bit now and then. `libm` runs the same code on every target.
//!
//! * The two-sided normal p-value is `erfc(|z|/√2)` ([`libm::erfc`], the FreeBSD/musl
//!   algorithm, as Cephes' that scipy uses).
//! * The chi-square survival function is the regularized upper incomplete gamma
//!   function `Q(k/2, x/2)`: the power series of `P = 1 − Q` for `x < a + 1`, the
//!   continued fraction of `Q` (modified Lentz) otherwise. Their common factor
//!   `xᵃe⁻ˣ/Γ(a)` is taken in the saddle-point form
//!   `√(a/2π)·exp(−bd0(a, x) − stirlerr(a))` (Loader 2000, as R's `dpois`), which keeps
//!   full relative precision for large `a` and in the far tail, where
//!   `exp(a·ln x − x − lnΓ(a))` would lose about `ε·a·ln x`.
//!
//! Worst relative difference from 60-digit mpmath seen on a grid: 1.6e-13 for the
//! normal p-value (z ≈ 36), 1.3e-13 for the chi-square survival function with 1 to
//! 1000 degrees of freedom down to p = 1e-300 (in the far tail that is the
//! conditioning of the problem itself, about `ε·x/2`), 2.9e-13 up to 2^32 degrees of
//! freedom. Against scipy the unit tests see at most 2.3e-13, scipy's own error.
//! `tests/wasm_common/stats_bits.rs` pins the bits of about 180 values (the [`clv`] fit included), checked
//! natively (unit test) and in wasm (Node and Chromium).

pub mod clv;

/// The 97.5 % point of the standard normal distribution, `scipy.stats.norm.ppf(0.975)`
/// to full double precision: the `z` of a two-sided 95 % interval.
///
/// statsmodels' `proportion_confint(alpha=0.05)` uses `norm.isf(0.025)`, which is one
/// ulp larger (1.9599639845400545); the difference is 2e-16 relative.
pub const Z95: f64 = 1.959963984540054;

/// Largest number of degrees of freedom [`chi2_sf`] accepts. Beyond it the
/// incomplete gamma series and continued fraction need too many terms; no
/// contingency table that fits in memory gets near it.
pub const MAX_CHI2_DOF: u64 = 1 << 32;

/// `ln √(2π)`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Most terms [`upper_regularized_gamma`] sums. About `9·√a` are needed near
/// `x = a`, so 2·10⁶ covers `a` up to [`MAX_CHI2_DOF`]`/2` with room to spare.
const MAX_TERMS: u32 = 2_000_000;

/// Stirling's error `stirlerr(a) = lnΓ(a) − ((a − ½)·ln a − a + ln √(2π))`, for `a > 0`.
fn stirling_error(a: f64) -> f64 {
    if a < 10.0 {
        // Terms below 25 in size: the cancellation costs a few 1e-15 at most.
        let (ln_gamma, _) = libm::lgamma_r(a);
        ln_gamma - (a - 0.5) * libm::log(a) + a - LN_SQRT_2PI
    } else {
        // The asymptotic series; its first omitted term, 3617/(122400·a¹⁵), is below 3e-17.
        let r = 1.0 / a;
        let r2 = r * r;
        r * (1.0 / 12.0
            - r2 * (1.0 / 360.0
                - r2 * (1.0 / 1260.0
                    - r2 * (1.0 / 1680.0 - r2 * (1.0 / 1188.0 - r2 * (691.0 / 360_360.0 - r2 / 156.0))))))
    }
}

/// `bd0(a, x) = a·ln(a/x) + x − a ≥ 0` for `a, x > 0`, without the cancellation of the
/// direct formula when `x` is near `a` (Loader 2000): with `v = (a − x)/(a + x)`,
/// `bd0 = (a − x)·v + 2a·Σ_{j≥1} v^(2j+1)/(2j + 1)`.
fn bd0(a: f64, x: f64) -> f64 {
    let d = a - x;
    let v = d / (a + x);
    if v.abs() <= 0.5 {
        let v2 = v * v;
        let mut sum = d * v;
        let mut term = 2.0 * a * v;
        // |v| ≤ 1/2: each term is at most a quarter of the one before; 60 is plenty.
        for j in 1..60_u32 {
            term *= v2;
            let next = sum + term / f64::from(2 * j + 1);
            if next == sum {
                break;
            }
            sum = next;
        }
        sum
    } else {
        // x ≥ 3a or x ≤ a/3: the two parts differ by a factor 2 or more.
        a * libm::log(a / x) + x - a
    }
}

/// The regularized upper incomplete gamma function `Q(a, x) = Γ(a, x) / Γ(a)`,
/// the same quantity as `scipy.special.gammaincc(a, x)`, clamped into [0, 1].
///
/// `Q(a, 0) = 1` and `Q(a, ∞) = 0`. `None` for `a` not finite and positive, or `x`
/// NaN or negative.
fn upper_regularized_gamma(a: f64, x: f64) -> Option<f64> {
    if !(a.is_finite() && a > 0.0) || x.is_nan() || x < 0.0 {
        return None;
    }
    if x == 0.0 {
        return Some(1.0);
    }
    if x == f64::INFINITY {
        return Some(0.0);
    }
    // ln(xᵃe⁻ˣ/Γ(a)) = exponent + ln √(a/2π)
    let exponent = -bd0(a, x) - stirling_error(a);
    let scale = (a / (2.0 * core::f64::consts::PI)).sqrt();
    let q = if x < a + 1.0 {
        // P(a, x) = xᵃe⁻ˣ/Γ(a + 1) · Σ_{n≥0} xⁿ/((a+1)…(a+n)); Q = 1 − P ≥ 0.08 here.
        let mut term = 1.0_f64;
        let mut sum = 1.0_f64;
        let mut n = 1.0_f64;
        for _ in 0..MAX_TERMS {
            term *= x / (a + n);
            sum += term;
            if term <= sum * (f64::EPSILON / 4.0) {
                break;
            }
            n += 1.0;
        }
        1.0 - libm::exp(exponent) * scale / a * sum
    } else {
        // Q(a, x) = xᵃe⁻ˣ/Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))),
        // evaluated by the modified Lentz method.
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        let mut i = 1.0_f64;
        for _ in 0..MAX_TERMS {
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() <= f64::EPSILON {
                break;
            }
            i += 1.0;
        }
        if exponent > -600.0 {
            libm::exp(exponent) * scale * h
        } else {
            // Far tail: exp(exponent) alone would be subnormal, or 0.
            libm::exp(exponent + libm::log(scale * h))
        }
    };
    q.is_finite().then_some(q.clamp(0.0, 1.0))
}

/// Two-sided p-value of a standard normal test statistic: `2·Φ(−|z|)`, as
/// statsmodels' `_zstat_generic2` computes it, `2 * scipy.stats.norm.sf(abs(z))`.
///
/// Computed as `erfc(|z|/√2)` with [`libm::erfc`], which keeps full relative
/// precision in the far tail (z = 8: p ≈ 1.2e-15; z = 37: p ≈ 1e-299).
/// Underflows to 0 beyond |z| ≈ 38.5, as scipy's does.
/// `None` for NaN; `Some(0.0)` for an infinite `z`.
pub fn normal_two_sided_p(z: f64) -> Option<f64> {
    if z.is_nan() {
        return None;
    }
    // scipy's ndtr multiplies by 1/√2 too.
    let p = libm::erfc(z.abs() * core::f64::consts::FRAC_1_SQRT_2);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// Survival function of the chi-square distribution with `dof` degrees of freedom,
/// `P(X > x) = Q(dof/2, x/2)`, as `scipy.stats.chi2.sf(x, dof)`.
///
/// `Some(1.0)` for `x <= 0`, `Some(0.0)` for `x = +inf`. `None` for NaN,
/// `dof == 0` or `dof >` [`MAX_CHI2_DOF`].
pub fn chi2_sf(x: f64, dof: u64) -> Option<f64> {
    if x.is_nan() || dof == 0 || dof > MAX_CHI2_DOF {
        return None;
    }
    if x <= 0.0 {
        return Some(1.0);
    }
    upper_regularized_gamma(dof as f64 / 2.0, x / 2.0)
}

/// Wilson score interval for `x` successes out of `n` trials at normal quantile `z`
/// (use [`Z95`] for 95 %), as
/// `statsmodels.stats.proportion.proportion_confint(x, n, alpha, method="wilson")`:
///
/// ```text
/// p̂ = x/n,  d = 1 + z²/n
/// centre = (p̂ + z²/(2n)) / d,   half = z·√(p̂(1−p̂)/n + z²/(4n²)) / d
/// (centre − half, centre + half), clamped into [0, 1]
/// ```
///
/// The lower bound is taken from the product of the two roots,
/// `lower · upper = p̂²/d`, rather than from `centre − half`, so it keeps full
/// relative precision when x is small and n large; the interval of `n − x` is
/// the mirror image `(1 − upper, 1 − lower)`, so `x = 0` gives a lower bound of
/// exactly 0 and `x = n` an upper bound of exactly 1.
///
/// `None` when `n == 0`, `x > n`, or `z` is negative or not finite.
pub fn wilson(x: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || x > n || !z.is_finite() || z < 0.0 {
        return None;
    }
    let rest = n - x;
    let mirrored = x > rest;
    let k = if mirrored { rest } else { x };

    let nf = n as f64;
    let q = k as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (q + z2 / (2.0 * nf)) / denom;
    let half = z * (q * (1.0 - q) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    let upper = centre + half;
    let lower = if k == 0 || upper <= 0.0 { 0.0 } else { q * q / (denom * upper) };
    let (lower, upper) = if mirrored { (1.0 - upper, 1.0 - lower) } else { (lower, upper) };
    if !(lower.is_finite() && upper.is_finite()) {
        return None;
    }
    let lower = lower.clamp(0.0, 1.0);
    let upper = upper.clamp(lower, 1.0);
    Some((lower, upper))
}

/// Two-sided two-proportion z-test with pooled variance of `x1` of `n1` against
/// `x2` of `n2`, as `statsmodels.stats.proportion.proportions_ztest([x1, x2], [n1, n2])`:
///
/// ```text
/// p̄ = (x1 + x2)/(n1 + n2),   z = (x1/n1 − x2/n2) / √(p̄(1 − p̄)(1/n1 + 1/n2))
/// p = 2·Φ(−|z|)
/// ```
///
/// Returns `(z, p_value)`; z is positive when group 1 has the higher rate. The
/// p-value comes from [`normal_two_sided_p`]. `None` when `n1 == 0`, `n2 == 0`,
/// `x1 > n1`, `x2 > n2`, or the pooled p̄ is 0 or 1 (standard error 0: no test
/// is possible).
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    let x_sum = u128::from(x1) + u128::from(x2);
    let n_sum = u128::from(n1) + u128::from(n2);
    if x_sum == 0 || x_sum == n_sum {
        return None;
    }
    // The operations in statsmodels' order, so that z agrees to the last bit or two.
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let diff = x1 as f64 / n1f - x2 as f64 / n2f;
    let pooled = x_sum as f64 / n_sum as f64;
    let var = pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f);
    let z = diff / var.sqrt();
    if !z.is_finite() {
        return None;
    }
    let p = normal_two_sided_p(z)?;
    Some((z, p))
}

/// Holm step-down adjusted p-values, in the input order, as
/// `statsmodels.stats.multitest.multipletests(p, method="holm")[1]`:
/// with the m valid p-values sorted ascending, `p̃(i) = min(1, max_{j≤i} (m − j + 1)·p(j))`
/// (1-based ranks), so the adjusted values are monotone in p and capped at 1;
/// tied p-values get the same adjusted value.
///
/// Inputs that are `None` stay `None` and do not count in m; so do inputs that
/// are not p-values (NaN or outside [0, 1]), which come back as `None`.
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut valid: Vec<(usize, f64)> =
        p.iter().enumerate().filter_map(|(i, v)| v.filter(|v| (0.0..=1.0).contains(v)).map(|v| (i, v.abs()))).collect();
    valid.sort_by(|a, b| a.1.total_cmp(&b.1));
    let m = valid.len();
    let mut adjusted = vec![None; p.len()];
    let mut running = 0.0_f64;
    for (rank, &(index, value)) in valid.iter().enumerate() {
        running = running.max(value * (m - rank) as f64);
        if let Some(slot) = adjusted.get_mut(index) {
            *slot = Some(running.min(1.0));
        }
    }
    adjusted
}

/// The result of a chi-square test of independence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquare {
    /// Pearson's statistic `Σ (O − E)²/E`, `E = row total · column total / N`.
    pub statistic: f64,
    /// Degrees of freedom `(r − 1)(c − 1)` of the table after dropping empty rows.
    pub dof: u64,
    /// `P(χ²_dof > statistic)`, see [`chi2_sf`].
    pub p_value: f64,
    /// Cramér's V, `√(χ² / (N·(min(r, c) − 1)))`, in [0, 1].
    pub cramers_v: f64,
}

/// Chi-square test of independence on an r×C table of counts (rows = groups),
/// without continuity correction, as
/// `scipy.stats.chi2_contingency(table, correction=False)`, with Cramér's V as
/// `scipy.stats.contingency.association(table, method="cramer", correction=False)`:
///
/// ```text
/// E_ij = R_i·C_j / N,   χ² = Σ (O_ij − E_ij)² / E_ij,   dof = (r − 1)(C − 1)
/// p = Q(dof/2, χ²/2),   V = √(χ² / (N·(min(r, C) − 1)))
/// ```
///
/// Rows whose total is 0 are dropped first. `None` when fewer than 2 rows remain,
/// `C < 2`, or a column total is 0 (an expected count of 0, for which scipy
/// raises), or the degrees of freedom exceed [`MAX_CHI2_DOF`].
pub fn chi_square<const C: usize>(rows: &[[u64; C]]) -> Option<ChiSquare> {
    if C < 2 {
        return None;
    }
    let kept: Vec<&[u64; C]> = rows.iter().filter(|r| r.iter().any(|&c| c != 0)).collect();
    let r = kept.len();
    if r < 2 {
        return None;
    }
    let mut col_totals = [0_u128; C];
    for row in &kept {
        for (total, &count) in col_totals.iter_mut().zip(row.iter()) {
            *total += u128::from(count);
        }
    }
    if col_totals.contains(&0) {
        return None;
    }
    let n_total: u128 = col_totals.iter().sum();
    let nf = n_total as f64;

    // scipy's order of operations: E = (R·C)/N in doubles, then (O − E)²/E.
    let mut sum = NeumaierSum::default();
    for row in &kept {
        let row_total = row.iter().map(|&c| u128::from(c)).sum::<u128>() as f64;
        for (&count, &col_total) in row.iter().zip(col_totals.iter()) {
            let expected = row_total * col_total as f64 / nf;
            let d = count as f64 - expected;
            sum.add(d * d / expected);
        }
    }
    let statistic = sum.total();
    let dof = u64::try_from(r - 1).ok()?.checked_mul(u64::try_from(C - 1).ok()?)?;
    let p_value = chi2_sf(statistic, dof)?;
    let min_dim = r.min(C) as f64;
    let cramers_v = (statistic / nf / (min_dim - 1.0)).sqrt().min(1.0);
    if !(statistic.is_finite() && cramers_v.is_finite()) {
        return None;
    }
    Some(ChiSquare { statistic, dof, p_value, cramers_v })
}

/// Chi-square test of independence on a k×2 table, rows = groups, columns =
/// `[converted, not converted]`, no continuity correction, as
/// `scipy.stats.chi2_contingency(table, correction=False)`, with Cramér's V
/// `√(χ²/(N·(min(r, c) − 1)))` as in
/// `scipy.stats.contingency.association(table, method="cramer", correction=False)`.
/// This is [`chi_square`] with two columns (dof = k − 1).
///
/// Rows whose total is 0 are dropped first. `None` when fewer than 2 rows remain
/// or a column total is 0 (everyone converted, or no one: an expected count of 0,
/// for which scipy raises).
pub fn chi_square_2col(rows: &[[u64; 2]]) -> Option<ChiSquare> {
    chi_square(rows)
}

/// Quantile `q` ∈ [0, 1] of an ascending-sorted slice with linear interpolation,
/// as `numpy.percentile(values, q * 100)` with its default method `"linear"`:
///
/// ```text
/// h = (n − 1)·q,  i = ⌊h⌋,  t = h − i
/// result = v[i] + (v[i+1] − v[i])·t        (t < 0.5)
///        = v[i+1] − (v[i+1] − v[i])·(1 − t) (t ≥ 0.5, numpy's `_lerp`)
/// ```
///
/// `None` for an empty slice, `q` outside [0, 1] or NaN, a slice that is not
/// ascending or holds NaN, or a result that is not finite (infinite values).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if !(0.0..=1.0).contains(&q) || sorted.iter().any(|v| v.is_nan()) {
        return None;
    }
    if !sorted.is_sorted_by(|a, b| a <= b) {
        return None;
    }
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q;
    let (i, t) = if h >= last as f64 {
        (last, 0.0)
    } else {
        let floor = h.floor();
        (floor as usize, h - floor)
    };
    let a = *sorted.get(i)?;
    if t == 0.0 {
        // Exactly on a data point (numpy gives the same, except that it turns an
        // infinite neighbour into NaN).
        return a.is_finite().then_some(a);
    }
    let b = sorted.get(i + 1).copied().unwrap_or(a);
    let diff = b - a;
    let result = if t >= 0.5 { b - diff * (1.0 - t) } else { a + diff * t };
    result.is_finite().then_some(result)
}

/// Median of an ascending-sorted slice, `quantile_sorted(sorted, 0.5)`, as
/// `numpy.median(values)`: the middle value, or the mean of the two middle
/// values. `None` as for [`quantile_sorted`].
pub fn median_sorted(sorted: &[f64]) -> Option<f64> {
    quantile_sorted(sorted, 0.5)
}

/// Arithmetic mean `Σv / n`, as `numpy.mean(values)`.
///
/// The sum is compensated (Neumaier's variant of Kahan summation), so the result
/// is within a few ulps of the exactly rounded mean (`math.fsum(values) / n`),
/// at least as accurate as numpy's pairwise sum. If the sum overflows, it is
/// taken again over values scaled down by a power of two, so a mean of huge
/// finite values stays finite (numpy returns inf there).
/// `None` when empty or when any value is NaN or infinite.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = values.len() as f64;
    let mut sum = NeumaierSum::default();
    values.iter().for_each(|&v| sum.add(v));
    let total = sum.total();
    let result = if total.is_finite() {
        total / n
    } else {
        // The sum overflowed: sum v·2^−k with 2^k ≥ 2n (exact scaling by a power of
        // two), so the partial sums stay below f64::MAX / 2, then scale back.
        let k = i32::try_from(usize::BITS - values.len().leading_zeros()).ok()? + 1;
        let down = 2f64.powi(-k);
        let mut scaled = NeumaierSum::default();
        values.iter().for_each(|&v| scaled.add(v * down));
        scaled.total() / n * 2f64.powi(k)
    };
    result.is_finite().then_some(result)
}

/// Compensated summation (Neumaier 1974): the running sum plus the rounding
/// errors it lost, added back at the end.
#[derive(Debug, Default, Clone, Copy)]
struct NeumaierSum {
    sum: f64,
    compensation: f64,
}

impl NeumaierSum {
    fn add(&mut self, v: f64) {
        let t = self.sum + v;
        if self.sum.abs() >= v.abs() {
            self.compensation += (self.sum - t) + v;
        } else {
            self.compensation += (v - t) + self.sum;
        }
        self.sum = t;
    }

    fn total(self) -> f64 {
        let total = self.sum + self.compensation;
        // After an overflow the compensation is NaN (inf − inf); report the overflow.
        if total.is_nan() && !self.sum.is_nan() {
            self.sum
        } else {
            total
        }
    }
}

#[cfg(test)]
#[rustfmt::skip] // generated by tests/reference/stats_reference.py
mod reference;
#[cfg(test)]
#[rustfmt::skip] // generated by tests/reference/stats_reference.py
mod reference_chi2;

#[cfg(test)]
mod tests {
    //! Reference values: `src/stats/reference.rs` and `reference_chi2.rs`, generated by
    //! `tests/reference/stats_reference.py` (scipy / statsmodels / numpy;
    //! regenerate with `python3 tests/reference/stats_reference.py`, which writes
    //! `src/stats/reference.rs` and `reference_chi2.rs`). Tolerance: 1e-9 relative (spec, "Precision"),
    //! with values both below 1e-300 counting as equal.

    use super::reference::*;
    use super::reference_chi2::*;
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    /// The spec's tolerance: 1e-9 relative.
    const TOL: f64 = 1e-9;

    thread_local! {
        static WORST: Cell<f64> = const { Cell::new(0.0) };
    }

    /// Relative difference `|a − b| / max(|a|, |b|)`, 0 when both are below 1e-300.
    fn rel_diff(a: f64, b: f64) -> f64 {
        if a == b || (a.abs() < 1e-300 && b.abs() < 1e-300) {
            0.0
        } else {
            (a - b).abs() / a.abs().max(b.abs())
        }
    }

    /// `|a − b| <= rel · max(|a|, |b|)`, or both below 1e-300 (subnormal range).
    #[track_caller]
    fn assert_close(a: f64, b: f64, rel: f64) {
        assert!(a.is_finite() && b.is_finite(), "not finite: {a:e} vs {b:e}");
        let d = rel_diff(a, b);
        WORST.with(|w| w.set(w.get().max(d)));
        assert!(d <= rel, "{a:e} vs {b:e}: relative difference {d:e} > {rel:e}");
    }

    /// Resets and returns the worst relative difference seen by `assert_close`.
    fn take_worst() -> f64 {
        WORST.with(|w| w.replace(0.0))
    }

    #[test]
    fn z95_is_scipy_ppf_0975() {
        assert_eq!(Z95.to_bits(), SCIPY_Z95.to_bits());
    }

    #[test]
    fn wilson_matches_statsmodels() {
        assert!(WILSON.len() >= 15);
        take_worst();
        for &(x, n, z, lo, hi) in WILSON {
            let got = wilson(x, n, z);
            let Some((got_lo, got_hi)) = got else { panic!("wilson({x}, {n}, {z}) = None") };
            assert_close(got_lo, lo, TOL);
            assert_close(got_hi, hi, TOL);
            assert!(got_lo <= x as f64 / n as f64 && x as f64 / n as f64 <= got_hi);
            if x == 0 {
                assert_eq!(got_lo, 0.0);
            }
            if x == n {
                assert_eq!(got_hi, 1.0);
            }
        }
        eprintln!("wilson: worst relative difference {:e}", take_worst());
    }

    #[test]
    fn wilson_edge_cases() {
        assert_eq!(wilson(0, 0, Z95), None);
        assert_eq!(wilson(3, 2, Z95), None);
        assert_eq!(wilson(1, 2, f64::NAN), None);
        assert_eq!(wilson(1, 2, -1.0), None);
        assert_eq!(wilson(1, 2, f64::INFINITY), None);
        assert_eq!(wilson(1, 4, 0.0), Some((0.25, 0.25)));
        // The interval of n − x is the mirror image of the interval of x.
        for (x, n) in [(0, 1), (1, 3), (17, 1234), (2, 10_000_000)] {
            let (lo, hi) = wilson(x, n, Z95).unwrap();
            let (mlo, mhi) = wilson(n - x, n, Z95).unwrap();
            assert!((lo - (1.0 - mhi)).abs() <= f64::EPSILON);
            assert!((hi - (1.0 - mlo)).abs() <= f64::EPSILON);
        }
        // u64::MAX trials: no overflow, no NaN.
        let (lo, hi) = wilson(u64::MAX / 3, u64::MAX, Z95).unwrap();
        assert!(0.0 < lo && lo < hi && hi < 1.0);
    }

    #[test]
    fn two_proportion_z_matches_statsmodels() {
        assert!(TWO_PROPORTION_Z.len() >= 15);
        take_worst();
        for &(x1, n1, x2, n2, expected) in TWO_PROPORTION_Z {
            let got = two_proportion_z(x1, n1, x2, n2);
            match (got, expected) {
                (Some((z, p)), Some((ez, ep))) => {
                    assert_close(z, ez, TOL);
                    assert_close(p, ep, TOL);
                    assert!((0.0..=1.0).contains(&p));
                }
                (None, None) => {}
                _ => {
                    panic!("two_proportion_z({x1}, {n1}, {x2}, {n2}) = {got:?}, want {expected:?}")
                }
            }
        }
        eprintln!("two_proportion_z: worst relative difference {:e}", take_worst());
    }

    #[test]
    fn two_proportion_z_edge_cases() {
        assert_eq!(two_proportion_z(0, 0, 0, 0), None);
        assert_eq!(two_proportion_z(u64::MAX, u64::MAX, u64::MAX, u64::MAX), None);
        let (z, p) = two_proportion_z(u64::MAX, u64::MAX, 0, u64::MAX).unwrap();
        assert!(z.is_finite() && p == 0.0);
        // Swapping the groups flips the sign of z and keeps p.
        let (z1, p1) = two_proportion_z(45, 300, 1400, 12000).unwrap();
        let (z2, p2) = two_proportion_z(1400, 12000, 45, 300).unwrap();
        assert_eq!(z1, -z2);
        assert_eq!(p1, p2);
    }

    #[test]
    fn holm_matches_statsmodels() {
        assert!(HOLM.len() >= 15);
        take_worst();
        for &(input, expected) in HOLM {
            let got = holm(input);
            assert_eq!(got.len(), expected.len(), "holm({input:?})");
            for (g, e) in got.iter().zip(expected.iter()) {
                match (g, e) {
                    (Some(g), Some(e)) => assert_close(*g, *e, TOL),
                    (None, None) => {}
                    _ => panic!("holm({input:?}) = {got:?}, want {expected:?}"),
                }
            }
        }
        eprintln!("holm: worst relative difference {:e}", take_worst());
    }

    #[test]
    fn holm_edge_cases() {
        assert_eq!(holm(&[]), Vec::<Option<f64>>::new());
        // Not p-values: NaN, negative, above 1: None, and not counted in m.
        assert_eq!(
            holm(&[Some(f64::NAN), Some(0.01), Some(-0.1), Some(1.5), Some(0.02)]),
            vec![None, Some(0.02), None, None, Some(0.02)]
        );
        assert_eq!(holm(&[Some(-0.0)]), vec![Some(0.0)]);
    }

    #[track_caller]
    fn check_chi_square(label: &str, got: Option<ChiSquare>, expected: Option<(f64, u64, f64, f64)>) {
        match (got, expected) {
            (Some(g), Some((stat, dof, p, v))) => {
                assert_eq!(g.dof, dof, "{label}");
                assert_close(g.statistic, stat, TOL);
                assert_close(g.p_value, p, TOL);
                assert_close(g.cramers_v, v, TOL);
            }
            (None, None) => {}
            _ => panic!("{label}: got {got:?}, want {expected:?}"),
        }
    }

    #[test]
    fn chi_square_matches_scipy() {
        assert!(CHI_SQUARE.len() >= 15);
        take_worst();
        for &(label, rows, expected) in CHI_SQUARE {
            check_chi_square(label, chi_square_2col(rows), expected);
        }
        for &(label, rows, expected) in CHI_SQUARE_3COL {
            check_chi_square(label, chi_square(rows), expected);
        }
        eprintln!("chi_square: worst relative difference {:e}", take_worst());
    }

    #[test]
    fn chi_square_edge_cases() {
        assert_eq!(chi_square_2col(&[]), None);
        assert_eq!(chi_square::<1>(&[[3], [4]]), None);
        assert_eq!(chi_square::<0>(&[[], []]), None);
        let huge = chi_square_2col(&[[u64::MAX, 1], [1, u64::MAX]]).unwrap();
        assert!(huge.statistic.is_finite() && huge.p_value == 0.0 && huge.cramers_v <= 1.0);
        // Dropping empty rows does not change the result.
        let a = chi_square_2col(&[[12, 3], [17, 16]]);
        let b = chi_square_2col(&[[0, 0], [12, 3], [0, 0], [17, 16], [0, 0]]);
        assert_eq!(a, b);
    }

    #[test]
    fn tails_match_scipy() {
        take_worst();
        for &(z, p) in NORMAL_TWO_SIDED {
            assert_close(normal_two_sided_p(z).unwrap(), p, TOL);
        }
        let worst_normal = take_worst();
        for &(x, dof, p) in CHI2_SF {
            assert_close(chi2_sf(x, dof).unwrap(), p, TOL);
        }
        let worst_chi2 = take_worst();
        for &(x, dof, p) in CHI2_SF_LARGE_DOF {
            assert_close(chi2_sf(x, dof).unwrap(), p, TOL);
        }
        let worst_large = take_worst();
        eprintln!(
            "tails: worst relative difference normal {worst_normal:e}, chi2 {worst_chi2:e}, \
             chi2 with 20000 to 2^32 dof (vs mpmath) {worst_large:e}"
        );
        // Far tighter than the spec's 1e-9 (see the module docs).
        assert!(worst_normal < 1e-12 && worst_chi2 < 1e-12 && worst_large < 1e-12);
    }

    #[test]
    fn tails_edge_cases() {
        assert_eq!(normal_two_sided_p(f64::NAN), None);
        assert_eq!(normal_two_sided_p(0.0), Some(1.0));
        assert_eq!(normal_two_sided_p(f64::INFINITY), Some(0.0));
        assert_eq!(normal_two_sided_p(f64::NEG_INFINITY), Some(0.0));
        assert_eq!(normal_two_sided_p(1e200), Some(0.0));
        assert_eq!(chi2_sf(f64::NAN, 3), None);
        assert_eq!(chi2_sf(1.0, 0), None);
        assert_eq!(chi2_sf(1.0, MAX_CHI2_DOF + 1), None);
        assert_eq!(chi2_sf(-1.0, 3), Some(1.0));
        assert_eq!(chi2_sf(0.0, 3), Some(1.0));
        assert_eq!(chi2_sf(f64::INFINITY, 3), Some(0.0));
        assert_eq!(chi2_sf(f64::MAX, 3), Some(0.0));
    }

    #[test]
    fn quantile_matches_numpy() {
        take_worst();
        for &(values, q, expected) in QUANTILE {
            let got = quantile_sorted(values, q);
            assert_close(got.unwrap(), expected, TOL);
        }
        for &(values, expected) in MEDIAN {
            assert_close(median_sorted(values).unwrap(), expected, TOL);
        }
        eprintln!("quantile: worst relative difference {:e}", take_worst());
    }

    #[test]
    fn quantile_edge_cases() {
        assert_eq!(quantile_sorted(&[], 0.5), None);
        assert_eq!(median_sorted(&[]), None);
        assert_eq!(quantile_sorted(&[1.0], -0.1), None);
        assert_eq!(quantile_sorted(&[1.0], 1.1), None);
        assert_eq!(quantile_sorted(&[1.0], f64::NAN), None);
        assert_eq!(quantile_sorted(&[f64::NAN], 0.5), None);
        assert_eq!(quantile_sorted(&[1.0, f64::NAN], 0.0), None);
        assert_eq!(quantile_sorted(&[2.0, 1.0], 0.5), None); // not sorted
        assert_eq!(quantile_sorted(&[1.0, f64::INFINITY], 0.5), None);
        assert_eq!(quantile_sorted(&[1.0, f64::INFINITY], 0.0), Some(1.0));
        assert_eq!(quantile_sorted(&[f64::MIN, f64::MAX], 0.5), None); // overflows
        assert_eq!(quantile_sorted(&[-1.0, 1.0], 0.5), Some(0.0));
        assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0], 1.0), Some(3.0));
    }

    #[test]
    fn mean_matches_numpy() {
        take_worst();
        for &(values, numpy, exact) in MEAN_SMALL {
            let got = mean(values).unwrap();
            // Within a few ulps of the exactly rounded mean; and of numpy's wherever
            // numpy's pairwise sum itself is that accurate ([1e16, 1, -1e16, 3] is not).
            assert_close(got, exact, 1e-15);
            if rel_diff(numpy, exact) <= 1e-15 {
                assert_close(got, numpy, 1e-12);
            }
        }
        eprintln!("mean (small): worst relative difference {:e}", take_worst());
    }

    /// The 1e6 values of `MEAN_LARGE`, as the reference script generates them.
    fn large_values(kind: &str) -> Vec<f64> {
        let mut state: u64 = 42;
        (0..MEAN_LARGE_N)
            .map(|_| {
                state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                let u = (z >> 11) as f64 * 2f64.powi(-53);
                match kind {
                    "Uniform1e4" => u * 1e4,
                    "Offset1e9" => u * 1000.0 + 1e9,
                    "MixedSign" => (u - 0.5) * 1e6 + 3.0,
                    _ => panic!("unknown kind {kind}"),
                }
            })
            .collect()
    }

    #[test]
    fn mean_of_a_million_values_matches_numpy() {
        take_worst();
        for &(kind, numpy, exact) in MEAN_LARGE {
            let got = mean(&large_values(kind)).unwrap();
            assert_close(got, exact, 1e-14);
            if kind != "MixedSign" {
                assert_close(got, numpy, 1e-12);
            }
        }
        eprintln!("mean (1e6 values): worst relative difference {:e}", take_worst());
    }

    #[test]
    fn mean_edge_cases() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[1.0, f64::NAN]), None);
        assert_eq!(mean(&[1.0, f64::INFINITY]), None);
        assert_eq!(mean(&[f64::MAX, f64::MAX]), Some(f64::MAX));
        assert_eq!(mean(&[f64::MAX, -f64::MAX]), Some(0.0));
        assert_eq!(mean(&[-f64::MAX, -f64::MAX, -f64::MAX]), Some(-f64::MAX));
    }

    /// The determinism table shared with the wasm door tests: the native bits must be the
    /// table's, as the wasm bits must (tests/wasm_common/stats_bits.rs).
    mod determinism {
        use crate::stats;
        include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wasm_common/stats_bits.rs"));

        #[test]
        fn native_bits_are_the_table() {
            let diffs = stats_table_differences();
            if !diffs.is_empty() {
                eprintln!("New table for tests/wasm_common/stats_bits.rs:\n{}", stats_bits_source());
            }
            assert!(diffs.is_empty(), "{} differences from STATS_BITS:\n{}", diffs.len(), diffs.join("\n"));
        }
    }

    proptest! {
        #[test]
        fn wilson_is_total(x in 0u64..2000, n in 0u64..2000, z in -1.0f64..10.0) {
            if let Some((lo, hi)) = wilson(x, n, z) {
                prop_assert!(0.0 <= lo && lo <= hi && hi <= 1.0);
                let p = x as f64 / n as f64;
                prop_assert!(lo <= p * (1.0 + 1e-12) && p <= hi * (1.0 + 1e-12));
            } else {
                prop_assert!(n == 0 || x > n || z < 0.0);
            }
        }

        #[test]
        fn two_proportion_z_is_total(x1 in 0u64..500, n1 in 0u64..500, x2 in 0u64..500, n2 in 0u64..500) {
            if let Some((z, p)) = two_proportion_z(x1, n1, x2, n2) {
                prop_assert!(z.is_finite() && (0.0..=1.0).contains(&p));
            }
        }

        #[test]
        fn holm_is_monotone_and_capped(p in proptest::collection::vec(proptest::option::of(0.0f64..=1.0), 0..40)) {
            let adj = holm(&p);
            prop_assert_eq!(adj.len(), p.len());
            for (a, b) in p.iter().zip(adj.iter()) {
                prop_assert_eq!(a.is_some(), b.is_some());
                if let (Some(a), Some(b)) = (a, b) {
                    prop_assert!(*a <= *b && *b <= 1.0);
                }
            }
            for (pa, aa) in p.iter().zip(adj.iter()) {
                for (pb, ab) in p.iter().zip(adj.iter()) {
                    if let (Some(pa), Some(aa), Some(pb), Some(ab)) = (pa, aa, pb, ab) {
                        if pa <= pb { prop_assert!(aa <= ab); }
                    }
                }
            }
        }

        #[test]
        fn chi_square_is_total(rows in proptest::collection::vec([0u64..50, 0u64..50], 0..30)) {
            let rows: Vec<[u64; 2]> = rows;
            if let Some(c) = chi_square_2col(&rows) {
                prop_assert!(c.statistic >= 0.0 && c.statistic.is_finite());
                prop_assert!((0.0..=1.0).contains(&c.p_value));
                prop_assert!((0.0..=1.0).contains(&c.cramers_v));
            }
        }

        #[test]
        fn quantile_is_total(mut v in proptest::collection::vec(-1e6f64..1e6, 0..50), q in -0.5f64..1.5) {
            v.sort_by(f64::total_cmp);
            match quantile_sorted(&v, q) {
                Some(r) => {
                    let (first, last) = (v.first().copied().unwrap(), v.last().copied().unwrap());
                    prop_assert!(first <= r && r <= last);
                }
                None => prop_assert!(v.is_empty() || !(0.0..=1.0).contains(&q)),
            }
        }

        #[test]
        fn mean_is_total(v in proptest::collection::vec(proptest::num::f64::ANY, 0..20)) {
            if let Some(m) = mean(&v) {
                prop_assert!(m.is_finite());
            }
        }
    }
}

//! The special functions the customer-value models need beyond [`libm`]: the digamma and
//! trigamma functions (the first and second derivatives of `lgamma`, for the likelihoods'
//! gradients and Hessians) and the Gauss hypergeometric function ₂F₁ (for BG/NBD's expected
//! purchases). Only IEEE-exact arithmetic and `libm`, so native and wasm give
//! the same bits.

/// The digamma function ψ(x) = d/dx ln Γ(x) for x > 0 (NaN otherwise).
///
/// Shifted up to x ≥ 10 by ψ(x) = ψ(x + 1) − 1/x, then the asymptotic series to x⁻¹⁴, whose
/// first omitted term is below 1e-17 there.
pub fn digamma(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return f64::NAN;
    }
    let (mut x, mut shift) = (x, 0.0);
    while x < 10.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f
        * (1.0 / 12.0
            - f * (1.0 / 120.0
                - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (1.0 / 132.0 - f * (691.0 / 32760.0 - f / 12.0))))));
    shift + libm::log(x) - 0.5 / x - series
}

/// The trigamma function ψ′(x) for x > 0 (NaN otherwise): shifted up to x ≥ 10 by
/// ψ′(x) = ψ′(x + 1) + 1/x², then the asymptotic series.
pub fn trigamma(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return f64::NAN;
    }
    let (mut x, mut shift) = (x, 0.0);
    while x < 10.0 {
        shift += 1.0 / (x * x);
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    // 1/x + 1/(2x²) + Σ B₂ₖ / x^(2k+1)
    let tail = f
        * (1.0 / 6.0
            - f * (1.0 / 30.0
                - f * (1.0 / 42.0 - f * (1.0 / 30.0 - f * (5.0 / 66.0 - f * (691.0 / 2730.0 - f * 7.0 / 6.0))))));
    shift + (1.0 + 0.5 / x + tail) / x
}

/// Most terms the series sums before giving up (z ≤ 0.999 needs far fewer).
const MAX_TERMS: usize = 200_000;

/// `₂F₁(a, b; c; z) · (1 − z)^k` for 0 ≤ z < 1 and c not 0, −1, −2, …, by the power series; NaN
/// when it cannot be given (z out of range, no convergence).
///
/// Where a + b > c the series' terms decay like `n^(a+b−c−1) zⁿ`, slowly for z near 1 and large
/// a, b, and the sum itself grows like `(1 − z)^(c−a−b)`; there Euler's transformation
/// `₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z)` is summed instead, and the power
/// folded into `(1 − z)^(c−a−b+k)`, so that nothing overflows on the way to a finite product.
/// (`lifetimes` takes the same transformation where scipy's direct value overflows.)
pub fn hyp2f1_times_power(a: f64, b: f64, c: f64, z: f64, k: f64) -> f64 {
    let pole = c <= 0.0 && c == libm::floor(c);
    if !((0.0..1.0).contains(&z) && !pole && [a, b, c, k].iter().all(|v| v.is_finite())) {
        return f64::NAN;
    }
    let ln1mz = libm::log1p(-z);
    if a + b > c {
        return series(c - a, c - b, c, z) * libm::exp((c - a - b + k) * ln1mz);
    }
    series(a, b, c, z) * libm::exp(k * ln1mz)
}

/// The plain series `Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ`, stopped when a term no longer changes the sum
/// (after the terms have started to shrink), NaN when that does not happen.
fn series(a: f64, b: f64, c: f64, z: f64) -> f64 {
    // The ratio of consecutive terms is below 1 where the concave quadratic
    // (a + k)(b + k)z − (c + k)(k + 1) is negative: for good once past its vertex.
    let vertex = ((a + b) * z - c - 1.0) / (2.0 * (1.0 - z));
    let (mut sum, mut term) = (1.0f64, 1.0f64);
    for n in 0..MAX_TERMS {
        let k = n as f64;
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        let next = sum + term;
        // shrinking terms (for good) that no longer move the sum
        let shrinking = k + 1.0 >= vertex && (a + k + 1.0) * (b + k + 1.0) * z <= (c + k + 1.0) * (k + 2.0);
        if next == sum && shrinking {
            return sum;
        }
        if term == 0.0 {
            return next;
        }
        sum = next;
    }
    f64::NAN
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // reason: reference values as mpmath printed them
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// ψ(x) and ψ′(x) from mpmath 1.3.0 at 40 digits (`mp.digamma(x)`, `mp.psi(1, x)`),
    /// computed 2026-12-07; scipy 1.17.1 agrees to 1e-15.
    #[test]
    fn digamma_and_trigamma_match_mpmath() {
        for (x, psi, psi1) in [
            (0.001, -1000.5755719318103005, 1000001.642533195869),
            (0.2425, -4.3601823816571433331, 18.212361262395592668),
            (0.5, -1.9635100260214234794, 4.9348022005446793094),
            (1.0, -0.57721566490153286061, 1.6449340668482264365),
            (2.5, 0.70315664064524318723, 0.49035775610023486497),
            (7.3, 1.9178203356379860984, 0.14679576813142709816),
            (12.0, 2.4426616799758120167, 0.08690187287176839075),
            (150.5, 5.0106371459337046472, 0.006666641975692716268),
            (1e6, 13.815510057964190771, 1.0000005000001666667e-6),
        ] {
            assert!(rel(digamma(x), psi) < 1e-14, "ψ({x}) = {} vs {psi}", digamma(x));
            assert!(rel(trigamma(x), psi1) < 1e-14, "ψ′({x}) = {} vs {psi1}", trigamma(x));
        }
        assert!(digamma(0.0).is_nan() && trigamma(-1.0).is_nan() && digamma(f64::NAN).is_nan());
    }

    /// ₂F₁ from mpmath 1.3.0 at 40 digits (`mp.hyp2f1`, times `(1 - z)**k` where k ≠ 0),
    /// 2026-12-07; scipy 1.17.1's `hyp2f1` agrees to 9e-15 on these (2e-15 at c = −0.4).
    #[test]
    fn hyp2f1_matches_mpmath() {
        for (a, b, c, z, k, want) in [
            (0.25, 2.4, 2.2, 0.3, 0.0, 1.1032838317447387994),
            (3.25, 5.4, 7.2, 0.9, 0.0, 130.20616407919130828),
            (20.25, 22.4, 22.2, 0.92, 0.0, 2.6568354279903252368e+22),
            (20.25, 22.4, 22.2, 0.92, 20.25, 1.6290592882629487814),
            (0.24, 2.43, 2.21, 0.05, 0.0, 1.013649562958269592),
            (1.5, 0.8, 0.4, 0.7, 0.0, 17.299787270494980331),
            (5.2, 3.3, 0.9, 0.95, 0.0, 198347643625.94636055),
            (0.3, 0.5, -0.4, 0.6, 0.0, 0.11165275573256116138),
            (0.3, 0.5, -0.4, 0.6, 1.25, 0.035517667368113363466),
        ] {
            let got = hyp2f1_times_power(a, b, c, z, k);
            assert!(rel(got, want) < 1e-13, "2F1({a},{b};{c};{z})(1-z)^{k}: {got} vs {want}");
        }
        assert_eq!(hyp2f1_times_power(1.0, 2.0, 3.0, 0.0, 5.0), 1.0);
        for (c, z) in [(3.0, 1.0), (0.0, 0.5), (-2.0, 0.5), (3.0, -0.1)] {
            assert!(hyp2f1_times_power(1.0, 2.0, c, z, 0.0).is_nan(), "c {c} z {z}");
        }
    }
}

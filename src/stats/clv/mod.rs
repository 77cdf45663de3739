//! Customer lifetime value: BG/NBD for the number of future purchases and Gamma-Gamma for their
//! value, fitted by maximum likelihood as the `lifetimes` package (0.11.3) fits them
//! (shared/spec/metrics.md, "Predicted value").
//!
//! * [`bgnbd`] and [`gamma_gamma`]: the log-likelihoods exactly as `lifetimes` writes them, with
//!   analytic gradients and Hessians on log-parameters, over condensed data (each distinct
//!   history once, with its number of customers), and the per-customer formulas.
//! * [`newton`]: the maximiser (Newton with a line search) and the acceptance test: gradient of
//!   the mean log-likelihood below 1e-6 in every component, Hessian negative definite, and the
//!   Newton step to the local quadratic's maximum below 1e-6.
//! * [`special`]: digamma, trigamma and ₂F₁.
//!
//! Each model is maximised from two starts ([`bgnbd::Data::starts`],
//! [`gamma_gamma::Data::starts`]); of the accepted maxima the one with the higher likelihood
//! wins. On many customers the starts are run over a sample of them (every k-th, 10,000 to 15,000),
//! and the winner is then refined over all of them: Newton's method converges quadratically, so
//! from the sample's maximum a few evaluations over all the data reach the full maximum to the
//! last digits (and the acceptance test is applied there). Only `+ − × ÷ √` and [`libm`], so
//! natively and in wasm the bits are the same.
//!
//! Unlike the functions of [`crate::stats`] above, the special functions and per-customer formulas
//! here may return NaN outside their domain (each says where); the maximiser treats a non-finite
//! likelihood as outside it, and the report refuses a prediction that is not finite.

pub mod bgnbd;
pub mod gamma_gamma;
pub mod newton;
pub mod special;

pub use newton::{Maximum, NoMaximum};

/// A model fitted: its parameters, the total log-likelihood over the customers fitted, and
/// the maximiser's work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit<P> {
    /// The parameters.
    pub params: P,
    /// Σ of the customers' log-likelihoods.
    pub log_likelihood: f64,
    /// Newton steps on all the data.
    pub iterations: usize,
    /// Likelihood evaluations over all the data.
    pub evaluations: usize,
    /// Likelihood evaluations over the warm-up sample (0 without one).
    pub warm_evaluations: usize,
}

/// Maximises from each start; the accepted maximum of highest likelihood, else why the last
/// start failed; with the Newton steps and evaluations of every start.
fn best<const N: usize>(
    f: &impl newton::Objective<N>,
    starts: &[[f64; N]],
) -> Result<(Maximum<N>, usize, usize), NoMaximum> {
    let (mut best, mut why) = (None::<Maximum<N>>, NoMaximum::BadStart);
    let (mut iterations, mut evaluations) = (0, 0);
    for s in starts {
        match newton::maximise(f, *s) {
            Ok(m) => {
                iterations += m.iterations;
                evaluations += m.evaluations;
                if best.is_none_or(|b| m.at.value > b.at.value) {
                    best = Some(m);
                }
            }
            Err(e) => why = e,
        }
    }
    best.map(|b| (b, iterations, evaluations)).ok_or(why)
}

/// Maximises `data` from its starts; with a `warm` sample (a subset of the customers), from the
/// starts over the sample first, then from the sample's maximum over all the data, where
/// Newton's method needs a few steps only (each start over all the data, should that fail).
fn fit<const N: usize, F: newton::Objective<N>>(
    data: &F,
    warm: Option<&F>,
    starts: impl Fn(&F) -> [[f64; N]; 2],
) -> Result<(Maximum<N>, usize, usize, usize), NoMaximum> {
    if let Some(Ok((w, _, warm_evaluations))) = warm.map(|w| best(w, &starts(w))) {
        if let Ok((m, i, e)) = best(data, &[w.x]) {
            return Ok((m, i, e, warm_evaluations));
        }
    }
    best(data, &starts(data)).map(|(m, i, e)| (m, i, e, 0))
}

/// Fits BG/NBD, warmed up on `warm` (a sample of the customers) when given.
pub fn fit_bgnbd(data: &bgnbd::Data, warm: Option<&bgnbd::Data>) -> Result<Fit<bgnbd::Params>, NoMaximum> {
    let (m, iterations, evaluations, warm_evaluations) = fit(data, warm, bgnbd::Data::starts)?;
    let params = bgnbd::Params::from_log(&m.x);
    Ok(Fit { params, log_likelihood: m.at.value * data.customers(), iterations, evaluations, warm_evaluations })
}

/// Fits Gamma-Gamma, warmed up on `warm` (a sample of the customers) when given.
pub fn fit_gamma_gamma(
    data: &gamma_gamma::Data,
    warm: Option<&gamma_gamma::Data>,
) -> Result<Fit<gamma_gamma::Params>, NoMaximum> {
    let (m, iterations, evaluations, warm_evaluations) = fit(data, warm, gamma_gamma::Data::starts)?;
    let params = gamma_gamma::Params::from_log(&m.x);
    let log_likelihood = m.at.value * data.customers() as f64;
    Ok(Fit { params, log_likelihood, iterations, evaluations, warm_evaluations })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bgnbd::{History, Params};

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// The hand-built histories of bgnbd's tests (23 customers): lifetimes 0.11.3's own fit
    /// (`BetaGeoFitter().fit(x, t, T, weights)`) refined to the best optimum with scipy BFGS and
    /// Newton steps on autograd's Hessian (tests/reference/clv_reference.py's `refine`):
    /// r = 0.39553187455873157, α = 27.957217864915155, a = 0.36607156413550407,
    /// b = 3.373912831462599, log-likelihood −162.42966710038468 (lifetimes' default fit is
    /// 6e-8 relative from it).
    #[test]
    fn a_small_hand_built_set_is_fitted_to_the_best_optimum() {
        let data = bgnbd::Data::new(&bgnbd::tests::hand());
        let fit = fit_bgnbd(&data, None).unwrap();
        let Params { r, alpha, a, b } = fit.params;
        let want = [0.39553187455873157, 27.957217864915155, 0.36607156413550407, 3.373912831462599];
        for (got, want) in [r, alpha, a, b].into_iter().zip(want) {
            assert!(rel(got, want) < 1e-8, "{:?}", fit.params);
        }
        assert!(rel(fit.log_likelihood, -162.42966710038468) < 1e-12, "{}", fit.log_likelihood);
        // the same from a warm-up over part of it
        let part = bgnbd::Data::new(&bgnbd::tests::hand()[3..]);
        let warm = fit_bgnbd(&data, Some(&part)).unwrap();
        assert!(rel(warm.params.r, r) < 1e-9 && rel(warm.params.b, b) < 1e-9, "{:?}", warm.params);
    }

    /// 300 one-time buyers and 100 who bought again on the last day, all observed for 100 days:
    /// nobody is seen leaving, so the likelihood rises towards r, α → ∞ (lifetimes 0.11.3 raises
    /// ConvergenceError; scipy's BFGS ends with "precision loss" at r ≈ e^16).
    #[test]
    fn a_set_without_an_interior_maximum_is_refused() {
        let h = [(History { x: 0, t: 0, big_t: 100 }, 300), (History { x: 1, t: 100, big_t: 100 }, 100)];
        let data = bgnbd::Data::new(&h);
        assert!(fit_bgnbd(&data, None).is_err());
    }
}

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
//! wins. Only `+ − × ÷ √` and [`libm`], so natively and in wasm the bits are the same.

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
    /// Newton steps, over all starts.
    pub iterations: usize,
    /// Likelihood evaluations, over all starts.
    pub evaluations: usize,
}

/// Maximises from each start; the accepted maximum of highest likelihood, else why the last
/// start failed.
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

/// Fits BG/NBD.
pub fn fit_bgnbd(data: &bgnbd::Data) -> Result<Fit<bgnbd::Params>, NoMaximum> {
    let (m, iterations, evaluations) = best(data, &data.starts())?;
    let params = bgnbd::Params::from_log(&m.x);
    Ok(Fit { params, log_likelihood: m.at.value * data.customers(), iterations, evaluations })
}

/// Fits Gamma-Gamma.
pub fn fit_gamma_gamma(data: &gamma_gamma::Data) -> Result<Fit<gamma_gamma::Params>, NoMaximum> {
    let (m, iterations, evaluations) = best(data, &data.starts())?;
    let params = gamma_gamma::Params::from_log(&m.x);
    Ok(Fit { params, log_likelihood: m.at.value * data.customers() as f64, iterations, evaluations })
}

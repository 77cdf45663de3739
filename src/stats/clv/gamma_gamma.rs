//! Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie's note 025): the
//! spend per repeat purchase day, its log-likelihood exactly as `lifetimes`' `GammaGammaFitter`
//! writes it, with the analytic gradient and Hessian on log-parameters, and the conditional
//! expected value of a purchase.
//!
//! Per customer with `x > 0` repeat purchase days of mean value `m > 0`:
//!
//! ```text
//! ℓ = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln v + (px − 1) ln m + px ln x − (px + q) ln(xm + v)
//! ```
//!
//! The `lnΓ` terms depend on `x` alone and are evaluated once per distinct `x`; the sums of
//! `ln m`, `x ln m` and `x ln x` once; what is left per customer is one `ln(xm + v)`.

use super::newton::{Eval, Objective};
use super::special::{digamma, trigamma};

/// Gamma-Gamma parameters (money in the unit of the data: yuan here).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Shape of a purchase's value given the customer.
    pub p: f64,
    /// Shape of the customers' rate parameter.
    pub q: f64,
    /// Scale of the customers' rate parameter (money).
    pub v: f64,
}

impl Params {
    /// From log-parameters `[ln p, ln q, ln v]`.
    pub fn from_log(l: &[f64; 3]) -> Params {
        Params { p: libm::exp(l[0]), q: libm::exp(l[1]), v: libm::exp(l[2]) }
    }

    /// The log-parameters.
    pub fn to_log(self) -> [f64; 3] {
        [libm::log(self.p), libm::log(self.q), libm::log(self.v)]
    }

    /// The population mean of a purchase's value, `p·v / (q − 1)` (meaningful for q > 1).
    pub fn mean(&self) -> f64 {
        self.p * self.v / (self.q - 1.0)
    }
}

/// The customers to fit: what one likelihood evaluation reads.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Distinct `x` with the number of customers having it.
    xs: Vec<(f64, f64)>,
    /// Per customer: `x` and `x·m` (the spend of the repeat purchase days).
    spends: Vec<(f64, f64)>,
    /// Σ ln m, Σ x ln m, Σ x ln x.
    sum_ln_m: f64,
    sum_x_ln_m: f64,
    sum_x_ln_x: f64,
}

impl Data {
    /// The customers `(x, m)` with `x > 0` and `m > 0`; others are left out.
    pub fn new(customers: impl IntoIterator<Item = (u32, f64)>) -> Data {
        let customers = customers.into_iter();
        let mut d = Data { spends: Vec::with_capacity(customers.size_hint().0), ..Data::default() };
        let mut xs: Vec<u32> = Vec::with_capacity(customers.size_hint().0);
        // ln x of the previous customer's x (customers come sorted by x: one log per distinct x)
        let mut ln_x = (0u32, 0.0);
        for (x, m) in customers {
            if x == 0 || !(m > 0.0 && m.is_finite()) {
                continue;
            }
            let xf = f64::from(x);
            xs.push(x);
            d.spends.push((xf, xf * m));
            let ln_m = libm::log(m);
            d.sum_ln_m += ln_m;
            d.sum_x_ln_m += xf * ln_m;
            if ln_x.0 != x {
                ln_x = (x, libm::log(xf));
            }
            d.sum_x_ln_x += xf * ln_x.1;
        }
        xs.sort_unstable();
        for x in xs {
            match d.xs.last_mut() {
                Some(last) if last.0 == f64::from(x) => last.1 += 1.0,
                _ => d.xs.push((f64::from(x), 1.0)),
            }
        }
        d
    }

    /// Customers fitted.
    pub fn customers(&self) -> usize {
        self.spends.len()
    }

    /// The total log-likelihood at `p` (not the mean).
    pub fn log_likelihood(&self, p: &Params) -> f64 {
        self.evaluate(&p.to_log(), false).value * self.spends.len() as f64
    }

    /// Two starting points: `lifetimes`' (every log-parameter 0.1) and one whose population mean
    /// is the customers' mean spend per purchase day (p = 1, q = 3).
    pub fn starts(&self) -> [[f64; 3]; 2] {
        let e = libm::exp(0.1);
        let n = self.spends.len().max(1) as f64;
        let mean = self.spends.iter().map(|(x, y)| y / x).sum::<f64>() / n;
        let moments = Params { p: 1.0, q: 3.0, v: 2.0 * mean.max(1e-6) };
        [Params { p: e, q: e, v: e }.to_log(), moments.to_log()]
    }

    /// The mean log-likelihood, with its derivatives when `full`, at log-parameters `lp`.
    fn evaluate(&self, lp: &[f64; 3], full: bool) -> Eval<3> {
        let Params { p, q, v } = Params::from_log(lp);
        let n = self.spends.len() as f64;
        let lv = libm::log(v);
        let mut val = q * lv * n + p * (self.sum_x_ln_m + self.sum_x_ln_x) - self.sum_ln_m;
        let mut g = [0.0f64; 3];
        let mut h = [[0.0f64; 3]; 3];
        let lq = libm::lgamma(q);
        let (dq, tq) = if full { (digamma(q), trigamma(q)) } else { (0.0, 0.0) };
        for &(x, w) in &self.xs {
            let px = p * x;
            val += w * (libm::lgamma(px + q) - libm::lgamma(px) - lq);
            if full {
                let (d1, d0) = (digamma(px + q), digamma(px));
                let (t1, t0) = (trigamma(px + q), trigamma(px));
                g[0] += w * x * (d1 - d0);
                g[1] += w * (d1 - dq);
                h[0][0] += w * x * x * (t1 - t0);
                h[0][1] += w * x * t1;
                h[1][1] += w * (t1 - tq);
            }
        }
        // per customer: −(px + q) ln(xm + v)
        let (mut s_l, mut s_xl, mut s_c, mut s_xu, mut s_u, mut s_cu2) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, y) in &self.spends {
            let u = y + v;
            let l = libm::log(u);
            let c = p * x + q;
            val -= c * l;
            if full {
                let iu = 1.0 / u;
                s_l += l;
                s_xl += x * l;
                s_c += c * iu;
                s_xu += x * iu;
                s_u += iu;
                s_cu2 += c * iu * iu;
            }
        }
        let nn = n.max(1.0);
        if !full {
            return Eval { value: val / nn, grad: [0.0; 3], hess: [[0.0; 3]; 3] };
        }
        g[0] += self.sum_x_ln_m + self.sum_x_ln_x - s_xl;
        g[1] += n * lv - s_l;
        g[2] += n * q / v - s_c;
        h[0][2] -= s_xu;
        h[1][2] += n / v - s_u;
        h[2][2] += -n * q / (v * v) + s_cu2;
        Eval::on_log_params(val, nn, [p, q, v], g, h)
    }
}

impl Objective<3> for Data {
    fn value(&self, x: &[f64; 3]) -> f64 {
        self.evaluate(x, false).value
    }

    fn eval(&self, x: &[f64; 3]) -> Eval<3> {
        self.evaluate(x, true)
    }
}

/// The expected value of a purchase given `x` repeat purchase days of mean value `m`:
/// `lifetimes`' `conditional_expected_average_profit`, a weighted mean of the population mean and
/// the customer's own; for `x = 0` the population mean.
pub fn expected_value(p: &Params, x: u32, m: f64) -> f64 {
    let px = p.p * f64::from(x);
    let w = px / (px + p.q - 1.0);
    (1.0 - w) * p.mean() + w * m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (x, m) of a hand-built set.
    const HAND: [(u32, f64); 8] =
        [(1, 30.0), (2, 55.5), (3, 12.25), (1, 80.0), (5, 41.0), (2, 20.0), (4, 99.9), (1, 15.0)];

    const P: Params = Params { p: 2.0, q: 3.5, v: 60.0 };

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// lifetimes 0.11.3 at p = 2, q = 3.5, v = 60:
    /// `-GammaGammaFitter._negative_log_likelihood(log([p, q, v]), x, m, ones, 0) * 8`
    /// = −37.48850408090409 and `conditional_expected_average_profit(x, m)` per customer.
    #[test]
    fn log_likelihood_and_expected_value_match_lifetimes() {
        let d = Data::new(HAND);
        assert!(rel(d.log_likelihood(&P), -37.48850408090409) < 1e-13, "{}", d.log_likelihood(&P));
        let want = [
            40.0,
            52.61538461538461,
            22.764705882352942,
            62.22222222222223,
            42.400000000000006,
            30.769230769230766,
            87.54285714285714,
            33.333333333333336,
        ];
        for ((x, m), w) in HAND.iter().zip(want) {
            assert!(rel(expected_value(&P, *x, *m), w) < 1e-14, "{x} {m}");
        }
        assert!(rel(expected_value(&P, 0, 0.0), 48.0) < 1e-15);
    }

    #[test]
    fn customers_without_repeat_spend_are_left_out() {
        let d = Data::new([(0, 10.0), (2, 0.0), (1, f64::NAN), (3, 5.0)]);
        assert_eq!(d.customers(), 1);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let d = Data::new(HAND);
        let x0 = [0.4, 1.1, 3.9];
        let e = d.eval(&x0);
        let step = 1e-5;
        for i in 0..3 {
            let (mut up, mut down) = (x0, x0);
            up[i] += step;
            down[i] -= step;
            let g = (d.value(&up) - d.value(&down)) / (2.0 * step);
            assert!((g - e.grad[i]).abs() < 1e-8, "grad {i}: {g} vs {}", e.grad[i]);
            let (gu, gd) = (d.eval(&up).grad, d.eval(&down).grad);
            for j in 0..3 {
                let h = (gu[j] - gd[j]) / (2.0 * step);
                assert!((h - e.hess[i][j]).abs() < 1e-7, "hess {i}{j}: {h} vs {}", e.hess[i][j]);
            }
        }
    }
}

//! A small maximiser for smooth log-likelihoods of a few parameters: Newton's method with the
//! analytic gradient and Hessian, Levenberg damping where the Hessian is not negative definite,
//! a cap on the step and a backtracking line search; then the acceptance test of metrics.md
//! ("Predicted value"): every component of the gradient below [`GRADIENT_TOLERANCE`] and the
//! Hessian negative definite, or no maximum.
//!
//! Newton's method is affine invariant, so the scale of the parameters (days or weeks) does not
//! change its path, and near the maximum it doubles the correct digits per step: from a fair
//! start the likelihood is evaluated a few dozen times, each costing one pass over the data.

/// Largest absolute gradient component of the mean log-likelihood a maximum may have.
pub const GRADIENT_TOLERANCE: f64 = 1e-6;

/// Largest Newton step (in every parameter) at an accepted maximum: the distance to the maximum
/// of the local quadratic model. A small gradient alone is not enough: far along a ridge that
/// rises towards infinity the gradient and the Hessian vanish together, and the step does not.
pub const STEP_TOLERANCE: f64 = 1e-6;

/// The iterations stop when the Newton step is below this (far below the acceptance
/// tolerance, so that the parameters are as exact as the data allows).
const STEP_GOAL: f64 = 1e-10;

/// Most Newton steps from one start.
const MAX_ITERATIONS: usize = 100;

/// Largest step in any (log-)parameter per iteration: a step that asks for more is shortened.
const MAX_STEP: f64 = 2.0;

/// The mean log-likelihood at a point, with its gradient and Hessian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eval<const N: usize> {
    /// The value.
    pub value: f64,
    /// First derivatives.
    pub grad: [f64; N],
    /// Second derivatives (symmetric).
    pub hess: [[f64; N]; N],
}

impl<const N: usize> Eval<N> {
    /// The mean of a total log-likelihood `value` over `n` customers, with the derivatives `g`
    /// and `h` taken in the parameters `theta` carried over to log-parameters (the chain rule:
    /// ∂/∂ln θᵢ = θᵢ ∂/∂θᵢ, ∂²/∂ln θᵢ∂ln θⱼ = θᵢθⱼ ∂²/∂θᵢ∂θⱼ, plus θᵢ ∂/∂θᵢ on the diagonal).
    /// Only the upper triangle of `h` is read.
    pub fn on_log_params(value: f64, n: f64, theta: [f64; N], g: [f64; N], h: [[f64; N]; N]) -> Eval<N> {
        let mut out = Eval { value: value / n, grad: [0.0; N], hess: [[0.0; N]; N] };
        for i in 0..N {
            out.grad[i] = theta[i] * g[i] / n;
            for j in i..N {
                let mut hij = theta[i] * theta[j] * h[i][j];
                if i == j {
                    hij += theta[i] * g[i];
                }
                out.hess[i][j] = hij / n;
                out.hess[j][i] = hij / n;
            }
        }
        out
    }
}

/// A function to maximise: its value alone (for the line search) and with its derivatives.
/// Either may be non-finite outside the function's domain; the maximiser then steps back.
pub trait Objective<const N: usize> {
    /// The value at `x`.
    fn value(&self, x: &[f64; N]) -> f64;
    /// The value with its derivatives at `x`.
    fn eval(&self, x: &[f64; N]) -> Eval<N>;
}

/// A maximum that passed the acceptance test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Maximum<const N: usize> {
    /// Where.
    pub x: [f64; N],
    /// The value and derivatives there.
    pub at: Eval<N>,
    /// Newton steps taken.
    pub iterations: usize,
    /// Evaluations of the function (with or without derivatives).
    pub evaluations: usize,
}

/// Why no maximum was accepted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoMaximum {
    /// The function is not finite at the start.
    BadStart,
    /// The iterations ended with a gradient component of this size.
    Gradient(f64),
    /// The gradient vanished but the Hessian is not negative definite (a saddle or a ridge).
    NotDefinite,
    /// The gradient vanished but the maximum of the local quadratic model is this far away:
    /// the likelihood keeps rising, ever more gently, towards a boundary.
    Flat(f64),
}

fn finite<const N: usize>(e: &Eval<N>) -> bool {
    e.value.is_finite() && e.grad.iter().all(|g| g.is_finite()) && e.hess.iter().flatten().all(|h| h.is_finite())
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// Maximises `f` from `start`, then applies the acceptance test.
pub fn maximise<const N: usize>(f: &impl Objective<N>, start: [f64; N]) -> Result<Maximum<N>, NoMaximum> {
    let mut x = start;
    let mut at = f.eval(&x);
    let mut evaluations = 1;
    if !finite(&at) {
        return Err(NoMaximum::BadStart);
    }
    let mut iterations = 0;
    let mut previous = f64::INFINITY;
    while iterations < MAX_ITERATIONS {
        // the Newton step solves (−H) d = g; damped towards the gradient where −H is not
        // positive definite
        let Some((mut d, damped)) = newton_step(&at) else { break };
        let longest = max_abs(&d);
        // done: the step is negligible, or no longer shrinks (rounding noise in the sums)
        if (!damped && (longest <= STEP_GOAL || (longest < 1e-6 && longest > 0.5 * previous))) || longest == 0.0 {
            break;
        }
        previous = if damped { f64::INFINITY } else { longest };
        iterations += 1;
        if longest > MAX_STEP {
            d.iter_mut().for_each(|v| *v *= MAX_STEP / longest);
        }
        let slope: f64 = d.iter().zip(&at.grad).map(|(d, g)| d * g).sum();
        // the full step is tried with the derivatives (near the maximum it is taken, and they
        // are needed next); shorter ones by value alone
        let y = step(&x, &d, 1.0);
        let e = f.eval(&y);
        evaluations += 1;
        // in the quadratic regime the full step's gain may be below what f resolves: take it
        let quadratic = !damped && longest < 1e-6;
        if finite(&e) && (quadratic || e.value >= at.value + 1e-4 * slope) {
            x = y;
            at = e;
            continue;
        }
        let mut t = 0.5;
        let mut next = None;
        for _ in 0..60 {
            let y = step(&x, &d, t);
            let v = f.value(&y);
            evaluations += 1;
            if v.is_finite() && v >= at.value + 1e-4 * t * slope {
                next = Some(y);
                break;
            }
            t *= 0.5;
        }
        let Some(y) = next else { break };
        let e = f.eval(&y);
        evaluations += 1;
        if !finite(&e) {
            break;
        }
        x = y;
        at = e;
    }
    let g = max_abs(&at.grad);
    if g >= GRADIENT_TOLERANCE || !g.is_finite() {
        return Err(NoMaximum::Gradient(g));
    }
    match newton_step(&at) {
        Some((d, false)) if max_abs(&d) < STEP_TOLERANCE => Ok(Maximum { x, at, iterations, evaluations }),
        Some((d, false)) => Err(NoMaximum::Flat(max_abs(&d))),
        _ => Err(NoMaximum::NotDefinite),
    }
}

fn step<const N: usize>(x: &[f64; N], d: &[f64; N], t: f64) -> [f64; N] {
    let mut y = *x;
    for (y, d) in y.iter_mut().zip(d) {
        *y += t * d;
    }
    y
}

fn negated<const N: usize>(h: &[[f64; N]; N]) -> [[f64; N]; N] {
    let mut a = *h;
    a.iter_mut().flatten().for_each(|v| *v = -*v);
    a
}

/// The ascent direction: `(−H)⁻¹ g`, or `(−H + λI)⁻¹ g` with the smallest λ (by factors of
/// 10) that makes the matrix positive definite; whether λ was needed.
fn newton_step<const N: usize>(at: &Eval<N>) -> Option<([f64; N], bool)> {
    let a = negated(&at.hess);
    if let Some(l) = cholesky(&a) {
        return Some((solve(&l, &at.grad), false));
    }
    let scale = (0..N).fold(0.0f64, |m, i| m.max(a[i][i].abs())).max(1e-12);
    let mut lambda = 1e-6 * scale;
    for _ in 0..40 {
        let mut b = a;
        for (i, row) in b.iter_mut().enumerate() {
            row[i] += lambda;
        }
        if let Some(l) = cholesky(&b) {
            return Some((solve(&l, &at.grad), true));
        }
        lambda *= 10.0;
    }
    None
}

/// The lower Cholesky factor of a symmetric positive-definite matrix, None when it is not
/// (numerically) positive definite.
#[allow(clippy::needless_range_loop)] // reason: a factorisation's index arithmetic reads as the textbook's
pub fn cholesky<const N: usize>(a: &[[f64; N]; N]) -> Option<[[f64; N]; N]> {
    let mut l = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..=i {
            let mut s = a[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if !(s > 0.0 && s.is_finite()) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// Solves `L Lᵀ x = b`.
#[allow(clippy::needless_range_loop)] // reason: as in `cholesky`
fn solve<const N: usize>(l: &[[f64; N]; N], b: &[f64; N]) -> [f64; N] {
    let mut y = [0.0; N];
    for i in 0..N {
        let s: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
        y[i] = (b[i] - s) / l[i][i];
    }
    let mut x = [0.0; N];
    for i in (0..N).rev() {
        let s: f64 = (i + 1..N).map(|k| l[k][i] * x[k]).sum();
        x[i] = (y[i] - s) / l[i][i];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// −(Rosenbrock): its maximum 0 at (1, 1) is at the end of a curved valley.
    struct Rosenbrock;
    impl Objective<2> for Rosenbrock {
        fn value(&self, x: &[f64; 2]) -> f64 {
            -((1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2))
        }
        fn eval(&self, x: &[f64; 2]) -> Eval<2> {
            let (a, b) = (x[0], x[1]);
            let grad = [2.0 * (1.0 - a) + 400.0 * a * (b - a * a), -200.0 * (b - a * a)];
            let hess = [[-2.0 - 1200.0 * a * a + 400.0 * b, 400.0 * a], [400.0 * a, -200.0]];
            Eval { value: self.value(x), grad, hess }
        }
    }

    /// x³ − 3x − y²: a local maximum at (−1, 0); at (1, 0) the gradient is 0 too, but that is a
    /// saddle (a minimum in x).
    struct Cubic;
    impl Objective<2> for Cubic {
        fn value(&self, x: &[f64; 2]) -> f64 {
            x[0].powi(3) - 3.0 * x[0] - x[1] * x[1]
        }
        fn eval(&self, x: &[f64; 2]) -> Eval<2> {
            Eval {
                value: self.value(x),
                grad: [3.0 * x[0] * x[0] - 3.0, -2.0 * x[1]],
                hess: [[6.0 * x[0], 0.0], [0.0, -2.0]],
            }
        }
    }

    /// −eˣ: rising towards x = −∞, ever more gently; its supremum 0 is never reached, and its
    /// gradient and Hessian vanish together on the way.
    struct NoTop;
    impl Objective<1> for NoTop {
        fn value(&self, x: &[f64; 1]) -> f64 {
            -libm::exp(x[0])
        }
        fn eval(&self, x: &[f64; 1]) -> Eval<1> {
            let v = -libm::exp(x[0]);
            Eval { value: v, grad: [v], hess: [[v]] }
        }
    }

    #[test]
    fn finds_the_maximum_of_a_curved_valley() {
        let m = maximise(&Rosenbrock, [-1.2, 1.0]).unwrap();
        assert!((m.x[0] - 1.0).abs() < 1e-10 && (m.x[1] - 1.0).abs() < 1e-10, "{m:?}");
        assert!(m.iterations < 40, "{m:?}");
    }

    #[test]
    fn a_saddle_or_minimum_is_no_maximum() {
        // from the saddle itself the gradient is 0: refused, not accepted
        assert_eq!(maximise(&Cubic, [1.0, 0.0]), Err(NoMaximum::NotDefinite));
        // from elsewhere it climbs to the local maximum
        let m = maximise(&Cubic, [0.5, 1.0]).unwrap();
        assert!((m.x[0] + 1.0).abs() < 1e-12 && m.x[1].abs() < 1e-12, "{m:?}");
    }

    #[test]
    fn a_supremum_at_infinity_is_no_maximum() {
        assert_eq!(maximise(&NoTop, [0.0]), Err(NoMaximum::Flat(1.0)));
    }

    #[test]
    fn cholesky_solves_and_refuses_indefinite_matrices() {
        let a = [[4.0, 2.0], [2.0, 3.0]];
        let l = cholesky(&a).unwrap();
        let x = solve(&l, &[2.0, 1.0]);
        assert!((4.0 * x[0] + 2.0 * x[1] - 2.0).abs() < 1e-15 && (2.0 * x[0] + 3.0 * x[1] - 1.0).abs() < 1e-15);
        assert!(cholesky(&[[1.0, 2.0], [2.0, 1.0]]).is_none());
        assert!(cholesky(&[[0.0]]).is_none());
    }
}

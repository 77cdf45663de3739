//! The generator's random numbers: SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of
//! `java.util.SplittableRandom` and xoshiro), small and fully specified, so the same seed gives
//! the same files on every machine and in every future version of the code that keeps the draws.
//! Floating-point draws go through `libm` (as the report's statistics do), not the platform's
//! math library, so they are the same bits everywhere.

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A stream from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for item `index` of stream `stream` under `seed`: lets a writer
    /// draw an order's cosmetic fields without depending on the draws of the orders before it.
    pub fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix(mix(seed ^ stream.wrapping_mul(GAMMA)) ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03)))
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform in [0, n) (0 when n is 0), by the multiply-shift map.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in [lo, hi) (lo when empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64) as i64
    }

    /// An index in [0, n).
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// One element of a non-empty slice (the first when empty is impossible by construction).
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        let i = self.index(xs.len());
        &xs[i.min(xs.len().saturating_sub(1))]
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * libm::log(1.0 - self.f64())
    }

    /// Normal(mu, sigma), Box–Muller (one of the pair).
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        mu + sigma * libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
    }

    /// Log-normal: exp(Normal(mu, sigma)).
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        libm::exp(self.gauss(mu, sigma))
    }

    /// Pareto with shape `alpha` and minimum 1.
    pub fn pareto(&mut self, alpha: f64) -> f64 {
        libm::pow(1.0 - self.f64(), -1.0 / alpha)
    }

    /// An index drawn by weight from cumulative weights (`cum` increasing, last = total).
    pub fn weighted(&mut self, cum: &[f64]) -> usize {
        let total = cum.last().copied().unwrap_or(0.0);
        let x = self.f64() * total;
        cum.partition_point(|&c| c <= x).min(cum.len().saturating_sub(1))
    }
}

/// Cumulative sums of weights, for [`Rng::weighted`].
pub fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut s = 0.0;
    weights
        .into_iter()
        .map(|w| {
            s += w;
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_known_answers() {
        // the reference outputs of splitmix64.c (Vigna) seeded with 0 and with 1234567
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn draws_stay_in_range_and_weights_count() {
        let mut r = Rng::new(42);
        let cum = cumulative([1.0, 0.0, 3.0]);
        let mut n = [0usize; 3];
        for _ in 0..40_000 {
            let f = r.f64();
            assert!((0.0..1.0).contains(&f));
            assert!(r.below(7) < 7);
            assert_eq!(r.range(5, 5), 5);
            n[r.weighted(&cum)] += 1;
        }
        assert_eq!(n[1], 0);
        assert!((9_000..11_000).contains(&n[0]), "{n:?}");
        let mean = (0..20_000).map(|_| r.exp(3.0)).sum::<f64>() / 20_000.0;
        assert!((2.8..3.2).contains(&mean), "{mean}");
        let g = (0..20_000).map(|_| r.gauss(30.0, 7.0)).sum::<f64>() / 20_000.0;
        assert!((29.7..30.3).contains(&g), "{g}");
    }

    #[test]
    fn derived_streams_differ_and_repeat() {
        let a = Rng::derive(42, 1, 7).next_u64();
        assert_eq!(a, Rng::derive(42, 1, 7).next_u64());
        assert_ne!(a, Rng::derive(42, 1, 8).next_u64());
        assert_ne!(a, Rng::derive(42, 2, 7).next_u64());
        assert_ne!(a, Rng::derive(43, 1, 7).next_u64());
    }
}

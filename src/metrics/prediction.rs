//! Predicted value (metrics.md, "Predicted value"): each customer's purchase days as BG/NBD and
//! Gamma-Gamma read them, the two models fitted by maximum likelihood ([`crate::stats::clv`]),
//! and per customer `p_alive`, `expected_orders_90d`, `expected_order_value` and
//! `predicted_revenue_365d`; the section sums them by lifecycle stage and RFM segment.
//!
//! A customer's purchase days are the distinct days of their valid orders (on or before as_of):
//! `frequency` x = purchase days − 1, `recency` t = last − first purchase day, `T` = as_of − first
//! purchase day, in days; `monetary` = revenue (yuan) on the purchase days after the first ÷ x.
//! Customers sharing (x, t, T) are evaluated once, so one likelihood evaluation costs the number
//! of distinct histories, not of customers.

use super::analysis::Analysis;
use super::customers::{CustomerAgg, DaySale, Grouped};
use super::lifecycle::{stage, STAGES};
use super::tiering::{each_chunk, each_range, map_chunks};
use super::{money, Context};
use crate::report::{BandRow, BgNbdFit, GammaGammaFit, PredictionRow};
use crate::stats::clv::{self, bgnbd, gamma_gamma, Fit, NoMaximum};

/// Fewest customers a prediction is made for.
pub const MIN_CUSTOMERS: usize = 300;

/// Fewest repeat buyers (two or more purchase days) a prediction is made for.
pub const MIN_REPEAT_BUYERS: usize = 100;

/// The P(alive) bands, in order.
pub const BANDS: [&str; 5] = ["[0,0.2)", "[0.2,0.4)", "[0.4,0.6)", "[0.6,0.8)", "[0.8,1]"];

/// One customer's prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Predicted {
    /// Repeat purchase days (x).
    pub frequency: u32,
    /// P(alive).
    pub p_alive: f64,
    /// Expected purchase days in the next 90 days.
    pub expected_orders_90d: f64,
    /// Expected value of a purchase day, yuan.
    pub expected_order_value: f64,
    /// Expected purchase days in the next 365 days × expected value, yuan.
    pub predicted_revenue_365d: f64,
}

/// The fitted models and every customer's prediction, aligned with `ctx.customers`
/// ([`Prediction::customer`]).
#[derive(Debug, Clone)]
pub struct Prediction {
    /// BG/NBD.
    pub bgnbd: Fit<bgnbd::Params>,
    /// Customers BG/NBD was fitted over.
    pub bgnbd_customers: u64,
    /// Gamma-Gamma.
    pub gamma_gamma: Fit<gamma_gamma::Params>,
    /// Customers Gamma-Gamma was fitted over.
    pub gamma_gamma_customers: u64,
    /// Distinct (x, t, T) histories: the cost of one BG/NBD evaluation.
    pub distinct_histories: usize,
    /// Per customer: their purchase days.
    days: Vec<Days>,
    /// Per customer: the index of their history in `per`.
    of: Vec<u32>,
    /// Per distinct history: P(alive), expected purchase days in 90 and 365 days.
    per: Vec<(f64, [f64; 2])>,
}

impl Prediction {
    /// The prediction of `ctx.customers[i]`, worked out when asked (a few multiplications from
    /// its history's values): a table of every customer's would be 16 MB at 1M orders, written
    /// once and read once by the report.
    pub fn customer(&self, i: usize) -> Option<Predicted> {
        let d = self.days.get(i)?;
        let (alive, [e90, e365]) = *self.per.get(*self.of.get(i)? as usize)?;
        let value = gamma_gamma::expected_value(&self.gamma_gamma.params, d.history.x, d.spend());
        Some(Predicted {
            frequency: d.history.x,
            p_alive: alive,
            expected_orders_90d: e90,
            expected_order_value: value,
            predicted_revenue_365d: e365 * value,
        })
    }

    /// How many customers.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

/// A customer's purchase days, as the models read them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Days {
    history: bgnbd::History,
    /// Revenue in cents on the purchase days after the first.
    repeat_cents: i64,
}

impl Days {
    /// The mean revenue of a repeat purchase day, yuan (0 for none).
    fn spend(&self) -> f64 {
        self.repeat_cents as f64 / 100.0 / f64::from(self.history.x.max(1))
    }
}

/// Each customer's purchase days, aligned with `customers`: a walk over the sales the context
/// grouped by customer and sorted by day (no pass over the orders of its own). A customer with
/// one valid order, or all on one day, needs nothing beyond the aggregates.
fn purchase_days(customers: &[CustomerAgg], grouped: &Grouped, as_of: i64) -> Vec<Days> {
    let mut out = Vec::with_capacity(customers.len());
    each_chunk(customers, &mut |start, chunk| {
        out.extend((start..).zip(chunk).map(|(i, c)| {
            if c.orders >= 2 && c.first < c.last {
                one_customer(grouped.of(i), as_of)
            } else {
                Days { history: bgnbd::History { x: 0, t: 0, big_t: days(as_of - c.first) }, repeat_cents: 0 }
            }
        }));
    });
    out
}

/// A day count as the models read it (0 for a negative one).
fn days(d: i64) -> u32 {
    u32::try_from(d.max(0)).unwrap_or(u32::MAX)
}

/// A customer's purchase days from their valid orders, sorted by day.
fn one_customer(s: &[DaySale], as_of: i64) -> Days {
    let (first, last) = (s.first().map_or(0, |s| s.day), s.last().map_or(0, |s| s.day));
    let mut distinct = 0u32;
    let mut prev = None;
    let (mut first_day_cents, mut total) = (0i64, 0i64);
    for x in s {
        if prev != Some(x.day) {
            distinct += 1;
            prev = Some(x.day);
        }
        if x.day == first {
            first_day_cents += x.revenue;
        }
        total += x.revenue;
    }
    Days {
        history: bgnbd::History { x: distinct.saturating_sub(1), t: days(last - first), big_t: days(as_of - first) },
        repeat_cents: total - first_day_cents,
    }
}

/// Why a fit is no fit, in the operator's words.
fn no_fit(model: &str, why: NoMaximum) -> String {
    let detail = match why {
        NoMaximum::BadStart => "its likelihood cannot be evaluated on this data".to_string(),
        NoMaximum::Gradient(g) => {
            format!("the search for the best fit did not settle (gradient {g:.1e}, above 1e-6)")
        }
        NoMaximum::NotDefinite => "the likelihood has no peak here, only a saddle or a ridge".to_string(),
        NoMaximum::Flat(_) => {
            "the likelihood keeps rising towards an edge of the parameters, so there is no best fit".to_string()
        }
    };
    format!("Predicted value is not available: the {model} model cannot be fitted to these orders ({detail}).")
}

/// About this many customers make the warm-up sample of a fit (see [`crate::stats::clv`]).
const WARM_SAMPLE: usize = 10_000;

/// The largest day count and frequency a history may have (11,000 years).
const MAX_DAYS: u32 = (1 << 22) - 1;

/// Distinct histories with their customer counts, and each customer's index among them.
type Condensed = (Vec<(bgnbd::History, u64)>, Vec<u32>);

/// Distinct histories of `days` (ascending by x, T, t), with each customer's index among them;
/// None when a day count is beyond [`MAX_DAYS`]. One-time buyers are counted by T, repeat buyers
/// (`repeaters` of them: the vectors are made at their size) sorted.
fn condense(days: &[Days], repeaters: usize) -> Option<Condensed> {
    let mut by_age: Vec<u64> = Vec::new();
    let mut repeat: Vec<(bgnbd::History, u32)> = Vec::with_capacity(repeaters);
    let mut beyond = false;
    each_chunk(days, &mut |start, chunk| {
        for (i, d) in (start..).zip(chunk) {
            let h = d.history;
            beyond |= h.x > MAX_DAYS || h.t > MAX_DAYS || h.big_t > MAX_DAYS;
            if beyond {
                return;
            }
            if h.x == 0 {
                let at = h.big_t as usize;
                if by_age.len() <= at {
                    by_age.resize(at + 1, 0);
                }
                if let Some(n) = by_age.get_mut(at) {
                    *n += 1;
                }
            } else {
                let Ok(i) = u32::try_from(i) else {
                    beyond = true;
                    return;
                };
                repeat.push((h, i));
            }
        }
    });
    if beyond {
        return None;
    }
    sort_histories(&mut repeat);
    let ages = by_age.iter().filter(|n| **n > 0).count();
    let mut histories: Vec<(bgnbd::History, u64)> = Vec::with_capacity(ages + repeat.len());
    // one-time buyers first (x = 0), by T: where each T's history is
    let mut age_at = vec![u32::MAX; by_age.len()];
    for (big_t, n) in by_age.iter().enumerate().filter(|(_, n)| **n > 0) {
        if let Some(a) = age_at.get_mut(big_t) {
            *a = u32::try_from(histories.len()).ok()?;
        }
        histories.push((bgnbd::History { x: 0, t: 0, big_t: u32::try_from(big_t).ok()? }, *n));
    }
    let mut of: Vec<u32> =
        map_chunks(
            days,
            |d| {
                if d.history.x == 0 {
                    age_at.get(d.history.big_t as usize).copied().unwrap_or(0)
                } else {
                    0
                }
            },
        );
    let mut last = None;
    for (h, i) in repeat {
        if last != Some(h) {
            histories.push((h, 0));
            last = Some(h);
        }
        let at = histories.len() - 1;
        if let (Some(e), Some(o)) = (histories.get_mut(at), of.get_mut(i as usize)) {
            e.1 += 1;
            *o = u32::try_from(at).ok()?;
        }
    }
    Some((histories, of))
}

/// Sorts histories by x, then T, then t: three stable counting sorts (t first) where the values
/// are small, as day counts and frequencies are; else a comparison sort.
fn sort_histories(v: &mut Vec<(bgnbd::History, u32)>) {
    let max = v.iter().fold(0u32, |m, (h, _)| m.max(h.x).max(h.t).max(h.big_t)) as usize;
    if max > 4 * v.len() + 4096 {
        v.sort_unstable_by_key(|(h, _)| (h.x, h.big_t, h.t));
        return;
    }
    let mut count = vec![0usize; max + 2];
    let mut out = vec![(bgnbd::History { x: 0, t: 0, big_t: 0 }, 0u32); v.len()];
    for field in [|h: &bgnbd::History| h.t, |h: &bgnbd::History| h.big_t, |h: &bgnbd::History| h.x] {
        count.iter_mut().for_each(|c| *c = 0);
        for (h, _) in v.iter() {
            if let Some(c) = count.get_mut(field(h) as usize + 1) {
                *c += 1;
            }
        }
        for k in 0..=max {
            let before = count.get(k).copied().unwrap_or(0);
            if let Some(c) = count.get_mut(k + 1) {
                *c += before;
            }
        }
        for e in v.iter() {
            if let Some(c) = count.get_mut(field(&e.0) as usize) {
                if let Some(o) = out.get_mut(*c) {
                    *o = *e;
                }
                *c += 1;
            }
        }
        std::mem::swap(v, &mut out);
    }
}

/// The step `k` of a warm-up sample of `n` items (about [`WARM_SAMPLE`] of them), None when
/// there are not many more than that (then the fit runs on all of them from the start).
fn warm_step(n: usize) -> Option<usize> {
    let k = n / WARM_SAMPLE;
    (k >= 2).then_some(k)
}

/// Every `k`-th customer of the condensed histories (in their sorted order, so the sample is the
/// same whatever the order of the rows), condensed again.
fn sample_histories(histories: &[(bgnbd::History, u64)], k: usize) -> Vec<(bgnbd::History, u64)> {
    let k = k as u64;
    let mut seen = 0u64;
    let mut out = Vec::new();
    for &(h, n) in histories {
        let take = (seen + n) / k - seen / k;
        seen += n;
        if take > 0 {
            out.push((h, take));
        }
    }
    out
}

/// Fits the models and predicts every customer, or says why not (an operator-readable
/// sentence).
pub fn predict(ctx: &Context<'_>) -> Result<Prediction, String> {
    predict_customers(&ctx.customers, &ctx.grouped, ctx.s.as_of)
}

/// [`predict`] from what it reads of the context: the customers' aggregates and their sales
/// grouped by day (both `Sync`, so a native build fits on a second thread while the other
/// sections run: [`super::compute`]).
pub fn predict_customers(customers: &[CustomerAgg], grouped: &Grouped, as_of: i64) -> Result<Prediction, String> {
    let days = purchase_days(customers, grouped, as_of);
    let mut repeat = 0;
    each_chunk(&days, &mut |_, chunk| repeat += chunk.iter().filter(|d| d.history.x > 0).count());
    if days.len() < MIN_CUSTOMERS || repeat < MIN_REPEAT_BUYERS {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        return Err(format!(
            "Predicted value needs at least {MIN_CUSTOMERS} customers and {MIN_REPEAT_BUYERS} repeat buyers \
             (customers with orders on two or more days); these orders have {} and {}.",
            plural(days.len(), "customer", "customers"),
            plural(repeat, "repeat buyer", "repeat buyers"),
        ));
    }
    let too_long = || "Predicted value is not available: the orders span more than 11,000 years.".to_string();
    let (histories, of) = condense(&days, repeat).ok_or_else(too_long)?;
    let data = bgnbd::Data::new(&histories);
    let warm = warm_step(days.len()).map(|k| bgnbd::Data::new(&sample_histories(&histories, k)));
    let bg = clv::fit_bgnbd(&data, warm.as_ref()).map_err(|e| no_fit("BG/NBD purchase", e))?;
    // repeat buyers' (x, spend) in a fixed order, whatever the order of the rows: the sums of the
    // likelihood, and so the last bits of the parameters, do not depend on it
    let mut repeaters: Vec<(u32, i64)> = Vec::with_capacity(repeat);
    repeaters.extend(days.iter().filter(|d| d.history.x > 0).map(|d| (d.history.x, d.repeat_cents)));
    repeaters.sort_unstable();
    let yuan_per_day = |&(x, cents): &(u32, i64)| (x, cents as f64 / 100.0 / f64::from(x.max(1)));
    let gg_data = gamma_gamma::Data::new(repeaters.iter().map(yuan_per_day));
    let gg_warm = warm_step(repeat).map(|k| gamma_gamma::Data::new(repeaters.iter().step_by(k).map(yuan_per_day)));
    let gg = clv::fit_gamma_gamma(&gg_data, gg_warm.as_ref()).map_err(|e| no_fit("Gamma-Gamma spend", e))?;
    if gg.params.q <= 1.0 {
        return Err(format!(
            "Predicted value is not available: the Gamma-Gamma spend model gives q = {:.3}, at most 1, so the \
             average spend per purchase day has no finite mean (a few very large repeat spends dominate).",
            gg.params.q
        ));
    }
    // per distinct history: P(alive), expected purchase days in 90 and 365 days
    let hs: Vec<bgnbd::History> = histories.iter().map(|(h, _)| *h).collect();
    let per = bgnbd::predict(&bg.params, &hs, [90.0, 365.0]);
    let p = Prediction {
        bgnbd: bg,
        bgnbd_customers: days.len() as u64,
        gamma_gamma: gg,
        gamma_gamma_customers: gg_data.customers() as u64,
        distinct_histories: data.distinct(),
        days,
        of,
        per,
    };
    // every customer's values finite (checked here once, so that no reader has to)
    let mut finite = true;
    each_range(p.len(), &mut |r| {
        for i in r {
            finite &= p.customer(i).is_some_and(|c| {
                c.p_alive.is_finite()
                    && c.expected_orders_90d.is_finite()
                    && c.expected_order_value.is_finite()
                    && c.predicted_revenue_365d.is_finite()
            });
        }
    });
    if !finite {
        return Err("Predicted value is not available: the fitted models give no finite prediction for some \
                    customers of these orders."
            .to_string());
    }
    Ok(p)
}

/// An estimate in yuan as a whole number of nano-yuan, so that sums are exact and do not depend
/// on the order of the customers (nor, so, of the rows).
fn nano(v: f64) -> i128 {
    let n = libm::round(v * 1e9);
    if n.is_finite() {
        n as i128
    } else {
        0
    }
}

/// A sum of nano-yuan as money text: cents rounded half away from zero.
fn yuan(n: i128) -> String {
    let half = if n < 0 { -5_000_000 } else { 5_000_000 };
    money(i64::try_from((n + half) / 10_000_000).unwrap_or(0))
}

/// The band of a P(alive).
pub fn band(p: f64) -> usize {
    match p {
        p if p < 0.2 => 0,
        p if p < 0.4 => 1,
        p if p < 0.6 => 2,
        p if p < 0.8 => 3,
        _ => 4,
    }
}

/// The section and its error: (None, None) without orders or when turned off.
pub fn section(a: &Analysis<'_>) -> (Option<crate::report::Prediction>, Option<String>) {
    let ctx = a.ctx;
    if !ctx.has_orders {
        return (None, None);
    }
    let p = match a.prediction() {
        None => return (None, None),
        Some(Err(e)) => return (None, Some(e.clone())),
        Some(Ok(p)) => p,
    };
    let names = &a.scores.names;
    let mut stages = [(0u64, 0i128); 4];
    let mut segments = vec![(0u64, 0i128); names.len()];
    let (mut bands, mut bands_repeat) = ([0u64; 5], [0u64; 5]);
    let mut total = 0i128;
    each_chunk(&ctx.customers, &mut |start, chunk| {
        for (ci, c) in (start..).zip(chunk) {
            let Some(pc) = p.customer(ci) else { continue };
            let v = nano(pc.predicted_revenue_365d);
            total += v;
            if let Some(s) = stages.get_mut(stage(c, &ctx.s)) {
                s.0 += 1;
                s.1 += v;
            }
            if let Some(s) = a.scores.segment.get(ci).and_then(|s| segments.get_mut(*s)) {
                s.0 += 1;
                s.1 += v;
            }
            let b = band(pc.p_alive);
            if let Some(n) = bands.get_mut(b) {
                *n += 1;
            }
            if pc.frequency > 0 {
                if let Some(n) = bands_repeat.get_mut(b) {
                    *n += 1;
                }
            }
        }
    });
    let row = |key: &str, (n, v): (u64, i128)| PredictionRow {
        key: key.to_string(),
        customers: n,
        predicted_revenue_365d: yuan(v),
    };
    let band_rows = |counts: [u64; 5]| {
        BANDS.iter().zip(counts).map(|(k, n)| BandRow { key: (*k).to_string(), customers: n }).collect()
    };
    let (bg, gg) = (p.bgnbd.params, p.gamma_gamma.params);
    let section = crate::report::Prediction {
        bgnbd: BgNbdFit {
            r: bg.r,
            alpha: bg.alpha,
            a: bg.a,
            b: bg.b,
            log_likelihood: p.bgnbd.log_likelihood,
            customers: p.bgnbd_customers,
        },
        gamma_gamma: GammaGammaFit {
            p: gg.p,
            q: gg.q,
            v: gg.v,
            log_likelihood: p.gamma_gamma.log_likelihood,
            customers: p.gamma_gamma_customers,
        },
        predicted_revenue_365d: yuan(total),
        by_lifecycle: STAGES.iter().zip(stages).map(|(k, s)| row(k, s)).collect(),
        by_segment: names.iter().zip(segments).map(|(k, s)| row(k, s)).collect(),
        p_alive_bands: band_rows(bands),
        p_alive_bands_repeat: band_rows(bands_repeat),
    };
    (Some(section), None)
}

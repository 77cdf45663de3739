//! Repurchase (复购) and order value (客单价) over customers: how many came back, after how
//! long, and what an order and a customer are worth.

use super::analysis::Analysis;
use super::money;
use crate::report::{DaysSummary, DistRow, Repurchase};

/// Keys of `orders_distribution`: 1, 2, 3, 4 and 5 or more valid orders.
pub const ORDER_BUCKETS: [&str; 5] = ["1", "2", "3", "4", "5+"];

/// `num / den` in cents rounded half away from zero; None when `den` is 0.
pub fn cents_ratio(num: i64, den: u64) -> Option<i64> {
    if den == 0 {
        return None;
    }
    let (n, d) = (i128::from(num).abs(), i128::from(den));
    let q = (2 * n + d) / (2 * d);
    i64::try_from(if num < 0 { -q } else { q }).ok()
}

/// A rate `a / b`, None when `b` is 0.
pub fn rate(a: u64, b: u64) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

/// The section: null without an orders file.
pub fn section(a: &Analysis<'_>) -> Option<Repurchase> {
    let ctx = a.ctx;
    if !ctx.has_orders {
        return None;
    }
    let t = a.summary();
    let (second, gaps) = (&t.second, &t.gaps);
    let (orders, revenue) = ctx.customers.iter().fold((0u64, 0i64), |(n, r), c| (n + c.orders, r + c.revenue));
    let repeat = (ctx.customers.len() as u64).saturating_sub(t.buckets.first().map_or(0, |b| b.0));
    let customers = ctx.customers.len() as u64;
    Some(Repurchase {
        customers,
        orders,
        revenue: money(revenue),
        aov: cents_ratio(revenue, orders).map(money),
        revenue_per_customer: cents_ratio(revenue, customers).map(money),
        repeat_customers: repeat,
        repeat_rate: rate(repeat, customers),
        orders_distribution: ORDER_BUCKETS
            .iter()
            .zip(t.buckets)
            .map(|(k, (n, r))| DistRow { key: (*k).to_string(), customers: n, revenue: money(r) })
            .collect(),
        days_to_second_order: DaysSummary {
            count: second.len(),
            p25: second.quantile(0.25),
            median: second.quantile(0.5),
            p75: second.quantile(0.75),
            mean: second.mean(),
        },
        interval_days_median: gaps.quantile(0.5),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testing::{report, store, SHOP};
    use crate::metrics::timeline::DayCounts;
    use crate::stats;

    #[test]
    fn money_ratios_round_half_away_from_zero() {
        assert_eq!(cents_ratio(1000, 3), Some(333));
        assert_eq!(cents_ratio(1001, 2), Some(501)); // 500.5 → 501
        assert_eq!(cents_ratio(-1001, 2), Some(-501));
        assert_eq!(cents_ratio(999, 2), Some(500)); // 499.5 → 500
        assert_eq!(cents_ratio(5, 0), None);
        assert_eq!(rate(1, 4), Some(0.25));
        assert_eq!(rate(0, 0), None);
    }

    #[test]
    fn day_counts_give_numpy_s_linear_quantiles() {
        let values = [3i64, 0, 10, 7, 7, 1, 30];
        let mut c = DayCounts::default();
        values.iter().for_each(|v| c.add(*v));
        let mut sorted: Vec<f64> = values.iter().map(|v| *v as f64).collect();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0] {
            assert_eq!(c.quantile(q), stats::quantile_sorted(&sorted, q), "q {q}");
        }
        // numpy: np.percentile([0,1,3,7,7,10,30], 25) = 2.0, median 7, p75 8.5
        assert_eq!((c.quantile(0.25), c.quantile(0.5), c.quantile(0.75)), (Some(2.0), Some(7.0), Some(8.5)));
        assert_eq!(c.mean(), Some(58.0 / 7.0));
        let empty = DayCounts::default();
        assert_eq!((empty.len(), empty.quantile(0.5), empty.mean()), (0, None, None));
        let mut one = DayCounts::default();
        one.add(4);
        assert_eq!((one.quantile(0.25), one.quantile(0.75)), (Some(4.0), Some(4.0)));
    }

    #[test]
    fn a_hand_checked_shop() {
        let r = report(&store(Some(SHOP), None), "{}").unwrap();
        let p = r.repurchase.unwrap();
        assert_eq!((p.customers, p.orders, p.revenue.as_str()), (4, 12, "236.01"));
        // 236.01 / 12 = 19.6675; 236.01 / 4 = 59.0025
        assert_eq!((p.aov.as_deref(), p.revenue_per_customer.as_deref()), (Some("19.67"), Some("59.00")));
        assert_eq!((p.repeat_customers, p.repeat_rate), (3, Some(0.75)));
        let dist: Vec<(&str, u64, &str)> =
            p.orders_distribution.iter().map(|d| (d.key.as_str(), d.customers, d.revenue.as_str())).collect();
        assert_eq!(
            dist,
            [("1", 1, "10.00"), ("2", 1, "40.00"), ("3", 1, "180.01"), ("4", 0, "0.00"), ("5+", 1, "6.00")]
        );
        // to the second order: a 10, b 0 (same day), d 1 → [0, 1, 10]
        let d = p.days_to_second_order;
        assert_eq!((d.count, d.p25, d.median, d.p75, d.mean), (3, Some(0.5), Some(1.0), Some(5.5), Some(11.0 / 3.0)));
        // gaps: a 10 and 59 (Jan 11 → Mar 10 of a leap year), b 0, d 1 ×5 → median of 8 = 1
        assert_eq!(p.interval_days_median, Some(1.0));
    }

    #[test]
    fn without_a_repeat_customer_the_count_is_0_and_the_rest_null() {
        let orders = [("a", "2024-01-01", 100, true), ("b", "2024-01-05", 300, true), ("b", "2024-01-06", 1, false)];
        let r = report(&store(Some(&orders), None), "{}").unwrap();
        let p = r.repurchase.unwrap();
        assert_eq!((p.repeat_customers, p.repeat_rate, p.aov.as_deref()), (0, Some(0.0), Some("2.00")));
        let d = p.days_to_second_order;
        assert_eq!((d.count, d.p25, d.median, d.p75, d.mean), (0, None, None, None, None));
        assert_eq!(p.interval_days_median, None);
        // without an orders file: null
        let r = report(&store(None, Some(&[("a", "2024-01-01")])), "{}").unwrap();
        assert!(r.repurchase.is_none() && r.cohorts.is_none() && r.migration.is_none());
    }
}

//! The change-over-time sections of the report (metrics.md Part 2: repurchase, cohorts, trends,
//! periods, migration), keys as `spec/api.md` fixes them.

use super::DistRow;
use serde::{Deserialize, Serialize};

data! {
    /// Repeat purchases (复购) and order value (客单价) over customers.
    pub struct Repurchase {
        /// Customers (a valid order on or before as_of).
        pub customers: u64,
        /// Their valid orders.
        pub orders: u64,
        /// Their revenue.
        pub revenue: String,
        /// revenue / orders, rounded half away from zero to cents (null without orders).
        pub aov: Option<String>,
        /// revenue / customers, rounded the same way (null without customers).
        pub revenue_per_customer: Option<String>,
        /// Customers with 2 or more valid orders.
        pub repeat_customers: u64,
        /// repeat_customers / customers (null without customers).
        pub repeat_rate: Option<f64>,
        /// Customers and revenue by valid orders: keys `1`, `2`, `3`, `4`, `5+`.
        pub orders_distribution: Vec<DistRow>,
        /// Days from the first to the second valid order, over repeat customers.
        pub days_to_second_order: DaysSummary,
        /// Median days between consecutive valid orders of a customer, over every such pair.
        pub interval_days_median: Option<f64>,
    }
}

data! {
    /// Count, quartiles (linear interpolation) and mean of a number of days.
    pub struct DaysSummary {
        /// How many values.
        pub count: u64,
        /// 25th percentile (null when count is 0).
        pub p25: Option<f64>,
        /// Median.
        pub median: Option<f64>,
        /// 75th percentile.
        pub p75: Option<f64>,
        /// Mean.
        pub mean: Option<f64>,
    }
}

data! {
    /// The customers whose first valid order is in one month, and what they did after.
    pub struct Cohort {
        /// The month `YYYY-MM`.
        pub cohort: String,
        /// Customers whose first valid order is in it.
        pub customers: u64,
        /// By k = 0, 1, … up to as_of's month: cohort customers with a valid order in month cohort + k.
        pub retained: Vec<u64>,
        /// By k: their revenue in month cohort + k.
        pub revenue: Vec<String>,
    }
}

data! {
    /// Trends per day (30), ISO week (26) and month (24), oldest first, every period listed.
    pub struct Trends {
        /// The 30 days ending at as_of (`YYYY-MM-DD`).
        pub day: Vec<TrendRow>,
        /// The 26 ISO weeks ending with as_of's week (`YYYY-Www`).
        pub week: Vec<TrendRow>,
        /// The 24 months ending with as_of's month (`YYYY-MM`).
        pub month: Vec<TrendRow>,
    }
}

data! {
    /// One period of a trend. Order fields are null without an orders file, interest fields
    /// without an interest file.
    pub struct TrendRow {
        /// The period.
        pub period: String,
        /// Valid orders created in it (keyless ones included).
        pub orders: Option<u64>,
        /// Their revenue.
        pub revenue: Option<String>,
        /// Distinct customers with a valid order in it.
        pub customers: Option<u64>,
        /// Customers whose first valid order is in it.
        pub new_customers: Option<u64>,
        /// Distinct buyers with an interest event in it.
        pub interested: Option<u64>,
        /// Buyers whose first interest event in the data is in it.
        pub new_interested: Option<u64>,
    }
}

data! {
    /// This period against the one before.
    pub struct Periods {
        /// Length of a period in days.
        pub days: u32,
        /// The `days` days ending at as_of.
        pub current: PeriodRow,
        /// The `days` days before them.
        pub previous: PeriodRow,
        /// `(current - previous) / previous` (null when previous is 0 or null); the conversion
        /// rate as a difference of rates.
        pub change: PeriodChange,
        /// Two-sided two-proportion z-test of the current conversion rate against the previous.
        pub conversion_test: ZTest,
    }
}

data! {
    /// One period. Order fields are null without an orders file, interest fields without an
    /// interest file.
    pub struct PeriodRow {
        /// First day.
        pub from: String,
        /// Last day.
        pub to: String,
        /// Valid orders created in it (keyless ones included).
        pub orders: Option<u64>,
        /// Their revenue.
        pub revenue: Option<String>,
        /// revenue / orders, rounded half away from zero to cents (null without orders).
        pub aov: Option<String>,
        /// Distinct customers with a valid order in it.
        pub customers: Option<u64>,
        /// Customers whose first valid order is in it.
        pub new_customers: Option<u64>,
        /// Distinct buyers with an interest event in it.
        pub interested: Option<u64>,
        /// Of them, those with a valid order in the same period.
        pub converted: Option<u64>,
        /// converted / interested (null when none).
        pub conversion_rate: Option<f64>,
    }
}

data! {
    /// Relative changes of a period against the one before.
    pub struct PeriodChange {
        /// Of valid orders.
        pub orders: Option<f64>,
        /// Of revenue.
        pub revenue: Option<f64>,
        /// Of the average order value (as reported, in cents).
        pub aov: Option<f64>,
        /// Of customers.
        pub customers: Option<f64>,
        /// Of new customers.
        pub new_customers: Option<f64>,
        /// Of interested buyers.
        pub interested: Option<f64>,
        /// Current conversion rate minus the previous one.
        pub conversion_rate: Option<f64>,
    }
}

data! {
    /// A two-proportion z-test.
    pub struct ZTest {
        /// z, positive when the first rate is higher (null when undefined).
        pub z: Option<f64>,
        /// Two-sided p-value (null when undefined).
        pub p_value: Option<f64>,
    }
}

data! {
    /// Where the customers were at `from` and where they are at as_of.
    pub struct Migration {
        /// The earlier date.
        pub from: String,
        /// One row per non-empty (stage at `from`, stage now) pair.
        pub lifecycle: Vec<MoveRow>,
        /// One row per non-empty (segment at `from`, segment now) pair.
        pub rfm: Vec<MoveRow>,
    }
}

data! {
    /// Customers who moved from one stage or segment to another.
    pub struct MoveRow {
        /// Stage or segment at `from` (`none`: not a customer then), in stage or segment order
        /// with `none` first.
        pub from: String,
        /// Stage or segment at as_of.
        pub to: String,
        /// Customers.
        pub customers: u64,
        /// Their revenue at as_of.
        pub revenue: String,
    }
}

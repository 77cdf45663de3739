//! The report: the JSON contract of `spec/api.md`, snake_case keys everywhere. Its config is
//! in [`crate::config`].

use crate::config::{RfmCuts, RfmMethod};
use crate::model::IngestSummary;
use serde::{Deserialize, Serialize};

macro_rules! data {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
        pub struct $name { $($body)* }
    };
}

mod change;
mod prediction;
pub use change::{
    Cohort, DaysSummary, Migration, MoveRow, PeriodChange, PeriodRow, Periods, Repurchase, TrendRow, Trends, ZTest,
};
pub use prediction::{BandRow, BgNbdFit, GammaGammaFit, Prediction, PredictionRow};

data! {
    /// The whole report. Sections whose inputs are absent are `null`.
    pub struct Report {
        /// The analysis date (`YYYY-MM-DD`); null when there is no dated row at all.
        pub as_of: Option<String>,
        /// One entry per file, in the order they were added.
        pub inputs: Vec<IngestSummary>,
        /// Shop totals (needs orders).
        pub totals: Option<Totals>,
        /// The four numbers of a seller CRM home page.
        pub headline: Option<Headline>,
        /// Customers per lifecycle stage, in stage order.
        pub lifecycle: Option<Vec<StageRow>>,
        /// RFM scores, cells and segments.
        pub rfm: Option<Rfm>,
        /// Customers and revenue by region, age band and gender.
        pub distributions: Option<Distributions>,
        /// Conversion of interested buyers, per dimension.
        pub conversion: Option<Vec<Conversion>>,
        /// Rule-based tags.
        pub tags: Option<Vec<TagRow>>,
        /// Outbound calls.
        pub calls: Option<Calls>,
        /// After-sales service KPIs.
        pub service: Option<Service>,
        /// Interest in depth: events and conversion by action (needs interest events).
        pub interest: Option<InterestSection>,
        /// Contact screening of the phone cells of customers files and call logs (needs one).
        pub screening: Option<ScreeningSection>,
        /// Repeat purchases and order value over customers (needs orders).
        pub repurchase: Option<Repurchase>,
        /// First-order month cohorts and their retention, the 24 months up to as_of's (needs orders).
        pub cohorts: Option<Vec<Cohort>>,
        /// Orders, customers and interest per day, ISO week and month (needs orders or interest).
        pub trends: Option<Trends>,
        /// This period against the one before (needs orders or interest).
        pub periods: Option<Periods>,
        /// Lifecycle stage and RFM segment at `migration.from` against now (needs orders).
        pub migration: Option<Migration>,
        /// Predicted value (BG/NBD + Gamma-Gamma); null without orders, when turned off, or
        /// when the models cannot be fitted (then `prediction_error` says why).
        pub prediction: Option<Prediction>,
        /// Why `prediction` is null although orders were read and it was asked for.
        pub prediction_error: Option<String>,
    }
}

data! {
    /// Contact screening (筛选重复/无效) over the phone cells of the rows used from customers
    /// files and call logs (calls on or before as_of).
    pub struct ScreeningSection {
        /// Non-empty phone cells.
        pub phones: u64,
        /// Cells containing `*` or `＊`.
        pub masked: u64,
        /// Unmasked cells that are a mainland mobile once spaces, `-` and a leading
        /// `+86`/`0086`/`86` are removed.
        pub valid: u64,
        /// Neither masked nor valid.
        pub invalid: u64,
        /// Valid numbers (normalised) that belong to two or more customer keys.
        pub duplicate_numbers: u64,
        /// The distinct customer keys of those numbers.
        pub customers_sharing: u64,
    }
}

data! {
    /// Interest in depth: what interested buyers did in the conversion window, and how many of
    /// them bought, by action.
    pub struct InterestSection {
        /// The window in days (the conversion window).
        pub window_days: u32,
        /// Events in the window.
        pub events: u64,
        /// One row per action: `cart`, `favorite_item`, `favorite_shop`, `other`.
        pub by_action: Vec<ActionRow>,
    }
}

data! {
    /// One action of the interest section.
    pub struct ActionRow {
        /// `cart`, `favorite_item`, `favorite_shop` or `other`.
        pub action: String,
        /// Events of this action in the window.
        pub events: u64,
        /// Distinct buyers with at least one event of this action in the window (a buyer counts
        /// under each action they did).
        pub buyers: u64,
        /// Of those buyers, the ones with a valid order in the window.
        pub converted: u64,
        /// converted / buyers (null when no buyer).
        pub rate: Option<f64>,
        /// Wilson 95 % interval low (null when no buyer).
        pub ci_low: Option<f64>,
        /// Wilson 95 % interval high.
        pub ci_high: Option<f64>,
    }
}

data! {
    /// Shop totals.
    pub struct Totals {
        /// Distinct orders of any status.
        pub orders: u64,
        /// Valid orders (keyless ones included).
        pub valid_orders: u64,
        /// Revenue of valid orders, decimal string with two places.
        pub revenue: String,
        /// Customers with at least one valid order.
        pub customers: u64,
        /// Valid orders without a customer key.
        pub valid_orders_without_key: u64,
        /// Orders that appeared in more than one file and were counted once.
        pub duplicate_orders_across_files: u64,
        /// Orders dated after as_of, left out of every section.
        pub orders_after_as_of: u64,
    }
}

data! {
    /// The four headline numbers.
    pub struct Headline {
        /// Distinct buyers with an interest event within the interest window (null without interest events).
        pub interested_30d: Option<u64>,
        /// Of those, buyers whose first interest event in the data is on as_of.
        pub interested_new_1d: Option<u64>,
        /// Distinct customers with a valid order within the transacted window (null without orders).
        pub transacted_365d: Option<u64>,
        /// Customers of the customers file with member level VIP1 or higher (null without one).
        pub members: Option<u64>,
    }
}

data! {
    /// One lifecycle stage.
    pub struct StageRow {
        /// `new`, `active`, `sleeping` or `lost`.
        pub stage: String,
        /// Customers in the stage.
        pub customers: u64,
        /// Their revenue.
        pub revenue: String,
        /// Share of all customers (0..1).
        pub customer_share: f64,
        /// Share of all customer revenue (0..1; 0 when there is none).
        pub revenue_share: f64,
    }
}

data! {
    /// RFM.
    pub struct Rfm {
        /// `quantile` or `thresholds`.
        pub method: RfmMethod,
        /// Cut points used per dimension (thresholds only).
        pub cuts: Option<RfmCuts>,
        /// Customers per (r, f, m) cell, sorted by r, f, m descending... see metrics docs.
        pub cells: Vec<RfmCell>,
        /// Customers per named segment, in table order.
        pub segments: Vec<SegmentRow>,
    }
}

data! {
    /// One RFM cell.
    pub struct RfmCell {
        /// Recency score 1..5.
        pub r: u8,
        /// Frequency score 1..5.
        pub f: u8,
        /// Monetary score 1..5.
        pub m: u8,
        /// Customers.
        pub customers: u64,
        /// Their revenue.
        pub revenue: String,
    }
}

data! {
    /// One named segment.
    pub struct SegmentRow {
        /// Segment name.
        pub segment: String,
        /// Customers.
        pub customers: u64,
        /// Their revenue.
        pub revenue: String,
        /// Share of customers (0..1).
        pub customer_share: f64,
        /// Share of revenue (0..1).
        pub revenue_share: f64,
    }
}

data! {
    /// Distributions over customers with at least one valid order.
    pub struct Distributions {
        /// By province (canonical Chinese names; `country/state` abroad; 未知).
        pub region: Vec<DistRow>,
        /// By age band.
        pub age_band: Vec<DistRow>,
        /// By gender (女, 男, 未知).
        pub gender: Vec<DistRow>,
        /// Region × lifecycle, age band × lifecycle, … : `{by, against, rows}`.
        pub cross: Vec<CrossTab>,
    }
}

data! {
    /// One group of a distribution.
    pub struct DistRow {
        /// Group key.
        pub key: String,
        /// Customers.
        pub customers: u64,
        /// Their revenue.
        pub revenue: String,
    }
}

data! {
    /// A cross-tab of customers: rows of one dimension against columns of another.
    pub struct CrossTab {
        /// Row dimension (`region`, `age_band`, `gender`).
        pub by: String,
        /// Column dimension (`lifecycle` or `rfm_segment`).
        pub against: String,
        /// Column keys in order.
        pub columns: Vec<String>,
        /// One row per key of `by`.
        pub rows: Vec<CrossRow>,
    }
}

data! {
    /// One row of a cross-tab.
    pub struct CrossRow {
        /// Key of the row dimension.
        pub key: String,
        /// Customers per column, in `columns` order.
        pub customers: Vec<u64>,
    }
}

data! {
    /// A conversion comparison along one dimension.
    pub struct Conversion {
        /// The dimension (`region`, `source`, `age_band`, `gender`, a customers-file column, or `set`).
        pub by: String,
        /// The window in days.
        pub window_days: u32,
        /// Everyone in the population.
        pub overall: Rate,
        /// Chi-square test of independence over the groups (null when it cannot be computed).
        pub chi_square: Option<ChiSquareOut>,
        /// One entry per group, sorted by key.
        pub groups: Vec<ConvGroup>,
    }
}

data! {
    /// A rate of a whole population.
    pub struct Rate {
        /// Interested buyers.
        pub interested: u64,
        /// Of them converted.
        pub converted: u64,
        /// converted / interested (0 when none).
        pub rate: f64,
        /// Wilson 95 % interval low (null when interested = 0).
        pub ci_low: Option<f64>,
        /// Wilson 95 % interval high.
        pub ci_high: Option<f64>,
    }
}

data! {
    /// A chi-square test.
    pub struct ChiSquareOut {
        /// The statistic.
        pub statistic: f64,
        /// Degrees of freedom.
        pub dof: u64,
        /// p-value.
        pub p_value: f64,
        /// Cramér's V.
        pub cramers_v: f64,
    }
}

data! {
    /// One group of a conversion comparison.
    pub struct ConvGroup {
        /// Group key.
        pub key: String,
        /// Interested buyers.
        pub interested: u64,
        /// Of them converted.
        pub converted: u64,
        /// Rate.
        pub rate: f64,
        /// Wilson 95 % low.
        pub ci_low: Option<f64>,
        /// Wilson 95 % high.
        pub ci_high: Option<f64>,
        /// z of the group against all other groups together (null when undefined).
        pub z: Option<f64>,
        /// Two-sided p-value.
        pub p_value: Option<f64>,
        /// Holm-adjusted across the groups shown.
        pub p_adjusted: Option<f64>,
        /// Fewer than 30 interested.
        pub small_sample: bool,
    }
}

data! {
    /// Tag result.
    pub struct TagRow {
        /// Tag name.
        pub name: String,
        /// Members.
        pub customers: u64,
        /// Their revenue.
        pub revenue: String,
    }
}

data! {
    /// Outbound calls.
    pub struct Calls {
        /// Calls.
        pub calls: u64,
        /// Connected calls.
        pub connected: u64,
        /// connected / calls.
        pub connect_rate: f64,
        /// Calls with an order.
        pub ordered: u64,
        /// ordered / calls.
        pub order_rate: f64,
        /// Mean talk seconds over connected calls (null without one).
        pub talk_seconds_mean: Option<f64>,
        /// Calls whose customer (buyer-id key) has a valid order from the call time up to
        /// `calls.verify_days` days later (null without an orders file).
        pub verified_ordered: Option<u64>,
        /// verified_ordered / calls (null without an orders file or without calls).
        pub verified_order_rate: Option<f64>,
        /// Breakdowns by hour, weekday, agent, task.
        pub by: Vec<CallBreakdown>,
    }
}

data! {
    /// Calls along one dimension.
    pub struct CallBreakdown {
        /// `hour`, `weekday`, `agent` or `task`.
        pub by: String,
        /// Chi-square of groups × ordered/not.
        pub chi_square: Option<ChiSquareOut>,
        /// Chi-square of groups × connected/not.
        pub connect_chi_square: Option<ChiSquareOut>,
        /// Chi-square of groups × verified/not (null without an orders file).
        pub verified_chi_square: Option<ChiSquareOut>,
        /// Groups sorted by key (hours and weekdays numerically).
        pub groups: Vec<CallGroup>,
    }
}

data! {
    /// One group of calls.
    pub struct CallGroup {
        /// Key (`9`, `1`..`7`, agent name).
        pub key: String,
        /// Calls.
        pub calls: u64,
        /// Connected.
        pub connected: u64,
        /// connected / calls.
        pub connect_rate: f64,
        /// Wilson low of the connect rate.
        pub connect_ci_low: Option<f64>,
        /// Wilson high of the connect rate.
        pub connect_ci_high: Option<f64>,
        /// Calls with an order.
        pub ordered: u64,
        /// ordered / calls.
        pub order_rate: f64,
        /// Wilson low of the order rate.
        pub ci_low: Option<f64>,
        /// Wilson high of the order rate.
        pub ci_high: Option<f64>,
        /// z of the order rate against all other groups.
        pub z: Option<f64>,
        /// p-value.
        pub p_value: Option<f64>,
        /// Holm-adjusted.
        pub p_adjusted: Option<f64>,
        /// Fewer than 30 calls.
        pub small_sample: bool,
        /// Mean talk seconds over connected calls (null without one).
        pub talk_seconds_mean: Option<f64>,
        /// Calls verified by an order (null without an orders file).
        pub verified_ordered: Option<u64>,
        /// verified_ordered / calls (null without an orders file).
        pub verified_order_rate: Option<f64>,
        /// Wilson low of the verified order rate.
        pub verified_ci_low: Option<f64>,
        /// Wilson high of the verified order rate.
        pub verified_ci_high: Option<f64>,
    }
}

data! {
    /// After-sales service.
    pub struct Service {
        /// All tickets.
        pub overall: ServiceRow,
        /// By ticket type.
        pub by_type: Vec<ServiceRow>,
        /// By channel.
        pub by_channel: Vec<ServiceRow>,
        /// Tickets tied to orders by their order id (null without an orders file).
        pub orders: Option<ServiceOrders>,
    }
}

data! {
    /// Tickets tied to orders: a ticket links by its order id alone to a valid order's id.
    pub struct ServiceOrders {
        /// Tickets whose order id is a valid order's id.
        pub linked_tickets: u64,
        /// The other tickets: no order id, or one that matches no valid order.
        pub unlinked_tickets: u64,
        /// Valid orders with at least one linked ticket / valid orders (null without one).
        pub after_sales_rate: Option<f64>,
        /// Share of linked tickets created 0–14 days after their order (null without one).
        pub within_15_days: Option<f64>,
    }
}

data! {
    /// How many scored tickets gave each score.
    pub struct SatisfactionCounts {
        /// Score 1.
        #[serde(rename = "1")]
        pub s1: u64,
        /// Score 2.
        #[serde(rename = "2")]
        pub s2: u64,
        /// Score 3.
        #[serde(rename = "3")]
        pub s3: u64,
        /// Score 4.
        #[serde(rename = "4")]
        pub s4: u64,
        /// Score 5.
        #[serde(rename = "5")]
        pub s5: u64,
    }
}

data! {
    /// Service KPIs of a group of tickets.
    pub struct ServiceRow {
        /// Group key (absent for overall).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        pub key: Option<String>,
        /// Tickets.
        pub tickets: u64,
        /// Median first-response minutes over tickets with a response.
        pub first_response_minutes_median: Option<f64>,
        /// 90th percentile (linear) of first-response minutes.
        pub first_response_minutes_p90: Option<f64>,
        /// Median resolution hours over resolved tickets.
        pub resolution_hours_median: Option<f64>,
        /// Share with status 已解决 or 已关闭.
        pub resolution_rate: f64,
        /// Mean satisfaction over scored tickets.
        pub satisfaction_mean: Option<f64>,
        /// Tickets with a score.
        pub satisfaction_count: u64,
        /// Share of type 投诉.
        pub complaint_share: f64,
        /// 90th percentile (linear) of resolution hours over resolved tickets.
        pub resolution_hours_p90: Option<f64>,
        /// Tickets first answered at or after creation and within `service.response_sla_minutes`
        /// / tickets (null without a ticket).
        pub on_time_response_rate: Option<f64>,
        /// Counts of the scores 1 … 5.
        pub satisfaction_distribution: SatisfactionCounts,
        /// Share of scored tickets scoring 4 or 5 (null without a score).
        pub csat: Option<f64>,
    }
}

impl Report {
    /// The report as pretty JSON (what the CLI prints and `reportJson` returns).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    }
}

//! The predicted value section of the report (metrics.md Part 2, "Predicted value"), keys as
//! `spec/api.md` fixes them.

use serde::{Deserialize, Serialize};

data! {
    /// Predicted value: the fitted models and what they predict, summed.
    pub struct Prediction {
        /// BG/NBD: the number of future purchase days (time in days).
        pub bgnbd: BgNbdFit,
        /// Gamma-Gamma: the value of a purchase day (money in yuan).
        pub gamma_gamma: GammaGammaFit,
        /// Σ of the customers' predicted revenue in the next 365 days (not discounted).
        pub predicted_revenue_365d: String,
        /// The same per lifecycle stage, in stage order.
        pub by_lifecycle: Vec<PredictionRow>,
        /// The same per RFM segment, in table order.
        pub by_segment: Vec<PredictionRow>,
        /// Customers per P(alive) band `[0,0.2)` … `[0.8,1]`; one-time buyers are all in the
        /// last (BG/NBD gives them 1 by construction).
        pub p_alive_bands: Vec<BandRow>,
        /// The same over repeat buyers only (two or more purchase days).
        pub p_alive_bands_repeat: Vec<BandRow>,
    }
}

data! {
    /// BG/NBD parameters (Fader, Hardie & Lee 2005), time in days.
    pub struct BgNbdFit {
        /// Shape of the purchase rate's gamma distribution.
        pub r: f64,
        /// Its scale, in days.
        pub alpha: f64,
        /// Dropout beta distribution: a.
        pub a: f64,
        /// Dropout beta distribution: b.
        pub b: f64,
        /// Total log-likelihood over the customers fitted.
        pub log_likelihood: f64,
        /// Customers fitted (all customers).
        pub customers: u64,
    }
}

data! {
    /// Gamma-Gamma parameters, money in yuan.
    pub struct GammaGammaFit {
        /// Shape of a purchase day's value given the customer.
        pub p: f64,
        /// Shape of the customers' rate parameter.
        pub q: f64,
        /// Scale of the customers' rate parameter, in yuan.
        pub v: f64,
        /// Total log-likelihood over the customers fitted.
        pub log_likelihood: f64,
        /// Customers fitted (repeat buyers with a positive repeat spend).
        pub customers: u64,
    }
}

data! {
    /// Predicted revenue of a group.
    pub struct PredictionRow {
        /// Stage or segment.
        pub key: String,
        /// Customers in the group.
        pub customers: u64,
        /// Σ of their predicted revenue in the next 365 days.
        pub predicted_revenue_365d: String,
    }
}

data! {
    /// Customers in a P(alive) band.
    pub struct BandRow {
        /// `[0,0.2)`, `[0.2,0.4)`, `[0.4,0.6)`, `[0.6,0.8)` or `[0.8,1]`.
        pub key: String,
        /// Customers.
        pub customers: u64,
    }
}

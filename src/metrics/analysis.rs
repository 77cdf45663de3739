//! The analysis every section, member list and set comparison shares, built once per request:
//! the [`Context`] (settings, orders, aggregates), every customer's RFM scores and segment, their
//! dimensions (region, age, gender, source, …), the members of every tag, and (on first use)
//! every customer's predicted value.

use super::context::Context;
use super::customers::{self, Dims};
use super::prediction::{self, Prediction};
use super::rfm::{self, Scores};
use super::tags::{self, TagSets};
use crate::config::{Field, ReportConfig};
use crate::error::Result;
use std::cell::OnceCell;

/// Scores, dimensions and tag sets over a [`Context`], aligned with `ctx.customers`.
pub struct Analysis<'a> {
    /// What the sections read.
    pub ctx: &'a Context<'a>,
    /// RFM scores and segments.
    pub scores: Scores,
    /// Each customer's dimensions.
    pub dims: Dims<'a>,
    /// The members of each tag of the config.
    pub tags: TagSets,
    /// Whether the config asks for the prediction.
    predicting: bool,
    /// The models fitted and every customer's prediction, or why not: made on first use (a
    /// member list or a section that does not need it does not pay for the fit).
    prediction: OnceCell<std::result::Result<Prediction, String>>,
}

impl<'a> Analysis<'a> {
    /// Scores the customers, looks up their dimensions and evaluates the config's tags. A bad
    /// RFM config or tag is an error here, before any section runs.
    pub fn new(ctx: &'a Context<'a>, config: &ReportConfig) -> Result<Analysis<'a>> {
        let scores = rfm::score(ctx, config.rfm.as_ref())?;
        let dims = customers::dims(ctx);
        let predicting = config.prediction_enabled();
        let prediction = OnceCell::new();
        let tag_configs = config.tags.as_deref().unwrap_or(&[]);
        let asks = tag_configs.iter().flat_map(|t| &t.conditions).any(|c| {
            matches!(
                c.field,
                Field::PAlive | Field::ExpectedOrders90d | Field::ExpectedOrderValue | Field::PredictedRevenue365d
            )
        });
        if predicting && asks {
            prediction.get_or_init(|| prediction::predict(ctx));
        }
        let predicted = prediction.get().and_then(|p| p.as_ref().ok()).map(|p| p.customers.as_slice());
        let tags = tags::evaluate(ctx, &scores, &dims, predicted, tag_configs)?;
        Ok(Analysis { ctx, scores, dims, tags, predicting, prediction })
    }

    /// The prediction (fitted on first use), or why there is none; None when the config turns
    /// it off.
    pub fn prediction(&self) -> Option<&std::result::Result<Prediction, String>> {
        self.predicting.then(|| self.prediction.get_or_init(|| prediction::predict(self.ctx)))
    }
}

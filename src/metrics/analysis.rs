//! The analysis every section, member list and set comparison shares, built once per request:
//! the [`Context`] (settings, orders, aggregates), every customer's RFM scores and segment, their
//! dimensions (region, age, gender, source, …) and the members of every tag.

use super::context::Context;
use super::customers::{self, Dims};
use super::rfm::{self, Scores};
use super::tags::{self, TagSets};
use crate::config::ReportConfig;
use crate::error::Result;

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
}

impl<'a> Analysis<'a> {
    /// Scores the customers, looks up their dimensions and evaluates the config's tags. A bad
    /// RFM config or tag is an error here, before any section runs.
    pub fn new(ctx: &'a Context<'a>, config: &ReportConfig) -> Result<Analysis<'a>> {
        let scores = rfm::score(ctx, config.rfm.as_ref())?;
        let dims = customers::dims(ctx);
        let tags = tags::evaluate(ctx, &scores, &dims, config.tags.as_deref().unwrap_or(&[]))?;
        Ok(Analysis { ctx, scores, dims, tags })
    }
}

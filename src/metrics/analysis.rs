//! The analysis every section, member list and set comparison shares, built once per request:
//! the [`Context`] (settings, orders, aggregates), every customer's RFM scores and segment, their
//! dimensions (region, age, gender, source, …) and the members of every tag; and, made on first
//! use, what the change-over-time sections share (the trend windows, the day totals, the walk of
//! every customer's sales, the buyers per period, the stages and segments at `migration.from`)
//! and every customer's predicted value.

use super::context::Context;
use super::customers::{self, Dims};
use super::events::{Interested, People};
use super::migration::Before;
use super::prediction::Prediction;
use super::rfm::{self, Scores};
use super::tags::{self, TagSets};
use super::timeline::{Sales, Summary, Windows};
use crate::config::{Field, ReportConfig, RfmConfig};
use crate::error::Result;
use std::cell::OnceCell;

/// The tag fields of the prediction.
const PREDICTED: [Field; 4] =
    [Field::PAlive, Field::ExpectedOrders90d, Field::ExpectedOrderValue, Field::PredictedRevenue365d];

/// Whether a condition of a tag of `config` reads one of `fields`.
fn asks(config: &ReportConfig, fields: &[Field]) -> bool {
    config.tags.as_deref().unwrap_or(&[]).iter().flat_map(|t| &t.conditions).any(|c| fields.contains(&c.field))
}

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
    /// The RFM settings (the migration scores an earlier date with them).
    rfm: Option<RfmConfig>,
    windows: OnceCell<Windows>,
    sales: OnceCell<Sales<'a>>,
    summary: OnceCell<Summary>,
    people: OnceCell<People>,
    before: OnceCell<Before>,
    /// Whether the config asks for the prediction.
    predicting: bool,
    /// The models fitted and every customer's prediction, or why not: made on first use (a
    /// member list or a section that does not need it does not pay for the fit).
    prediction: OnceCell<std::sync::Arc<super::memo::Fitted>>,
}

impl<'a> Analysis<'a> {
    /// Scores the customers, looks up their dimensions and evaluates the config's tags. A bad
    /// RFM config or tag is an error here, before any section runs.
    pub fn new(ctx: &'a Context<'a>, config: &ReportConfig) -> Result<Analysis<'a>> {
        let scores = rfm::score(ctx, config.rfm.as_ref())?;
        let dims = customers::dims(ctx);
        let tag_config = config.tags.as_deref().unwrap_or(&[]);
        let mut a = Analysis {
            ctx,
            scores,
            dims,
            tags: TagSets::default(),
            rfm: config.rfm.clone(),
            windows: OnceCell::new(),
            sales: OnceCell::new(),
            summary: OnceCell::new(),
            people: OnceCell::new(),
            before: OnceCell::new(),
            predicting: config.prediction_enabled(),
            prediction: OnceCell::new(),
        };
        let asks = |fields: &[Field]| asks(config, fields);
        // the stages and segments at migration.from, when a tag asks for them
        let before = if asks(&[Field::LifecycleBefore, Field::RfmSegmentBefore]) { Some(a.before()?) } else { None };
        // the prediction, when a tag asks for it
        let predicted = if asks(&PREDICTED) { a.prediction().and_then(|p| p.as_ref().ok()) } else { None };
        let tags = tags::evaluate(ctx, &a.scores, &a.dims, before, predicted, tag_config)?;
        a.tags = tags;
        Ok(a)
    }

    /// Whether a tag of `config` reads a predicted value (then [`Analysis::new`] fits the
    /// models itself, before any section).
    pub fn tags_read_prediction(config: &ReportConfig) -> bool {
        asks(config, &PREDICTED)
    }

    /// Gives the prediction made elsewhere (a second thread: [`super::compute`]) if none was
    /// made yet; it must be [`prediction::predict`] of this analysis's context.
    pub fn set_prediction(&self, p: std::sync::Arc<super::memo::Fitted>) {
        let _ = self.prediction.set(p);
    }

    /// The prediction (fitted on first use), or why there is none; None when the config turns
    /// it off.
    pub fn prediction(&self) -> Option<&std::result::Result<Prediction, String>> {
        self.predicting.then(|| &**self.prediction.get_or_init(|| self.ctx.prediction()))
    }

    /// The trend windows of as_of.
    pub fn windows(&self) -> &Windows {
        self.windows.get_or_init(|| Windows::new(self.ctx.s.as_of))
    }

    /// The first day any change section looks at: the trend windows' and the previous period's.
    fn first_day(&self) -> i64 {
        let s = &self.ctx.s;
        self.windows().lo.min(s.as_of - 2 * s.periods_days + 1)
    }

    /// Every customer's valid orders, grouped and sorted by day, and the totals by day.
    pub fn sales(&self) -> &Sales<'a> {
        self.sales.get_or_init(|| Sales::new(self.ctx, self.first_day()))
    }

    /// What the change sections need of every customer's sales, from one pass over them.
    pub fn summary(&self) -> &Summary {
        self.summary.get_or_init(|| {
            let events = self.ctx.store.has(crate::model::Kind::Interest).then(|| self.ctx.interest_days());
            Summary::new(self.ctx, self.sales(), self.windows(), events)
        })
    }

    /// Buyers per period of the trend windows and of the `periods` section.
    pub fn interested(&self) -> &Interested {
        &self.people().interested
    }

    /// What the headline, the conversion, the interest section and the change sections count
    /// of everyone with an interest event, from one pass over them.
    pub fn people(&self) -> &People {
        self.people.get_or_init(|| {
            let s = &self.ctx.s;
            let ordered = self.ctx.ordered_in_window();
            self.ctx.interest_days().people(s.as_of, s.interest_days, s.conversion_days, ordered)
        })
    }

    /// Every customer's stage and segment at `migration.from`.
    pub fn before(&self) -> Result<&Before> {
        if let Some(b) = self.before.get() {
            return Ok(b);
        }
        let b = Before::new(self.ctx, self.summary(), self.rfm.as_ref())?;
        // nothing else reads D's customers: their memory is free for what runs next
        self.summary().release_then();
        Ok(self.before.get_or_init(|| b))
    }
}

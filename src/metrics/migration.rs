//! Migration: where the customers of as_of were at an earlier date D (`migration.from`). The
//! customers of D (a valid order on or before D) get the lifecycle stage and RFM segment the
//! report would give them with as_of = D: the same aggregate, the same windows, the same scoring
//! (over D's population) and segment rules, run again with a second [`Settings`].

use super::analysis::Analysis;
use super::customers::aggregate;
use super::lifecycle::{stage, STAGES};
use super::rfm::{score_customers, Scores};
use super::{day_text, money, Context, Settings};
use crate::config::RfmConfig;
use crate::error::Result;
use crate::report::{Migration, MoveRow};

/// The stage or segment of a customer who was not a customer at D.
pub const NONE: &str = "none";

/// "Not a customer at D" in [`Before`].
const NOT_YET: u16 = u16::MAX;

/// Each customer's stage and segment at D, aligned with `ctx.customers`.
#[derive(Debug, Clone)]
pub struct Before {
    /// D.
    pub from: i64,
    /// Stage index (into [`STAGES`]) per customer, or `u16::MAX` for none.
    stage: Vec<u16>,
    /// Segment index (into `names`) per customer, or `u16::MAX` for none.
    segment: Vec<u16>,
    /// Segment names in report order (the same rules give the same names as now).
    pub names: Vec<String>,
}

impl Before {
    /// Stages and segments at `ctx.s.migration_from`.
    pub fn new(ctx: &Context<'_>, rfm: Option<&RfmConfig>) -> Result<Before> {
        let s = Settings { as_of: ctx.s.migration_from, ..ctx.s.clone() };
        let then = aggregate(&ctx.orders, s.as_of, ctx.store.customers.len());
        let scores: Scores = score_customers(&then, rfm)?;
        let n = ctx.customers.len();
        let (mut st, mut seg) = (vec![NOT_YET; n], vec![NOT_YET; n]);
        // both lists are sorted by customer id, and D's customers are customers now
        let mut j = 0usize;
        for (k, c) in then.iter().enumerate() {
            while ctx.customers.get(j).is_some_and(|x| x.id < c.id) {
                j += 1;
            }
            if ctx.customers.get(j).is_some_and(|x| x.id == c.id) {
                if let Some(x) = st.get_mut(j) {
                    *x = stage(c, &s) as u16;
                }
                if let (Some(x), Some(g)) = (seg.get_mut(j), scores.segment.get(k)) {
                    *x = u16::try_from(*g).unwrap_or(NOT_YET);
                }
            }
        }
        Ok(Before { from: s.as_of, stage: st, segment: seg, names: scores.names })
    }

    /// The stage at D of `ctx.customers[i]` (`none` when not a customer then).
    pub fn stage(&self, i: usize) -> &str {
        self.stage.get(i).and_then(|s| STAGES.get(usize::from(*s))).copied().unwrap_or(NONE)
    }

    /// The segment at D of `ctx.customers[i]` (`none` when not a customer then).
    pub fn segment(&self, i: usize) -> &str {
        self.segment.get(i).and_then(|s| self.names.get(usize::from(*s))).map_or(NONE, String::as_str)
    }
}

/// Rows `{from, to, customers, revenue}` of the non-empty pairs of a `(from + 1) × to` table
/// whose row 0 is `none`.
fn rows(table: &[(u64, i64)], from: &[&str], to: &[&str]) -> Vec<MoveRow> {
    let width = to.len();
    let mut out = Vec::new();
    for (f, from_name) in std::iter::once(NONE).chain(from.iter().copied()).enumerate() {
        for (t, to_name) in to.iter().enumerate() {
            if let Some(&(n, rev)) = table.get(f * width + t).filter(|e| e.0 > 0) {
                out.push(MoveRow {
                    from: from_name.to_string(),
                    to: (*to_name).to_string(),
                    customers: n,
                    revenue: money(rev),
                });
            }
        }
    }
    out
}

/// The section: null without an orders file.
pub fn section(a: &Analysis<'_>) -> Result<Option<Migration>> {
    let ctx = a.ctx;
    if !ctx.has_orders {
        return Ok(None);
    }
    let before = a.before()?;
    let stages = STAGES.len();
    let segments = a.scores.names.len();
    let mut life = vec![(0u64, 0i64); (stages + 1) * stages];
    let mut rfm = vec![(0u64, 0i64); (before.names.len() + 1) * segments];
    for (i, c) in ctx.customers.iter().enumerate() {
        let from_stage = before.stage.get(i).map_or(0, |s| if *s == NOT_YET { 0 } else { usize::from(*s) + 1 });
        if let Some(e) = life.get_mut(from_stage * stages + stage(c, &ctx.s)) {
            e.0 += 1;
            e.1 += c.revenue;
        }
        let from_seg = before.segment.get(i).map_or(0, |s| if *s == NOT_YET { 0 } else { usize::from(*s) + 1 });
        if let Some(e) = a.scores.segment.get(i).and_then(|to| rfm.get_mut(from_seg * segments + to)) {
            e.0 += 1;
            e.1 += c.revenue;
        }
    }
    let names: Vec<&str> = a.scores.names.iter().map(String::as_str).collect();
    let before_names: Vec<&str> = before.names.iter().map(String::as_str).collect();
    Ok(Some(Migration {
        from: day_text(before.from),
        lifecycle: rows(&life, &STAGES, &STAGES),
        rfm: rows(&rfm, &before_names, &names),
    }))
}

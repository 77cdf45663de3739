//! Migration: where the customers of as_of were at an earlier date D (`migration.from`). The
//! customers of D (a valid order on or before D) get the lifecycle stage and RFM segment the
//! report would give them with as_of = D: the same per-customer aggregates (read off the sales up
//! to D), the same windows, the same scoring (over D's population) and segment rules, run again
//! with a second [`Settings`].

use super::analysis::Analysis;
use super::lifecycle::{stage, stage_of, STAGES};
use super::rfm::{score_columns, Columns, Scores};
use super::tiering::each_chunk;
use super::timeline::Summary;
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
    /// Stages and segments at `ctx.s.migration_from`. D's customers and their aggregates
    /// (orders, revenue, first and last day, recency at D) were read off each customer's sales
    /// sorted by day, the part on or before D ([`Summary::then`]; aggregating every order again
    /// as of D cost a fifth of the report at 1M orders).
    pub fn new(ctx: &Context<'_>, summary: &Summary, rfm: Option<&RfmConfig>) -> Result<Before> {
        let s = Settings { as_of: ctx.s.migration_from, ..ctx.s.clone() };
        let then = summary.then();
        let columns = Columns { minus_recency: &then.minus_recency, orders: &then.orders, revenue: &then.revenue };
        let scores: Scores = score_columns(columns, rfm)?;
        let n = ctx.customers.len();
        let (mut st, mut seg) = (vec![NOT_YET; n], vec![NOT_YET; n]);
        let customers = then.at.iter().zip(&then.first).zip(&then.minus_recency);
        for (((i, first), minus_recency), g) in customers.zip(&scores.segment) {
            if let Some(x) = st.get_mut(*i as usize) {
                *x = stage_of(*first, minus_recency.wrapping_neg(), &s) as u16;
            }
            if let Some(x) = seg.get_mut(*i as usize) {
                *x = u16::try_from(*g).unwrap_or(NOT_YET);
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
    each_chunk(&ctx.customers, &mut |start, chunk| {
        for (i, c) in (start..).zip(chunk) {
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
    });
    let names: Vec<&str> = a.scores.names.iter().map(String::as_str).collect();
    let before_names: Vec<&str> = before.names.iter().map(String::as_str).collect();
    Ok(Some(Migration {
        from: day_text(before.from),
        lifecycle: rows(&life, &STAGES, &STAGES),
        rfm: rows(&rfm, &before_names, &names),
    }))
}

#[cfg(test)]
mod tests {
    use crate::metrics::testing::{report, store, SHOP};

    fn moves(rows: &[crate::report::MoveRow]) -> Vec<(&str, &str, u64, &str)> {
        rows.iter().map(|r| (r.from.as_str(), r.to.as_str(), r.customers, r.revenue.as_str())).collect()
    }

    #[test]
    fn customers_then_and_now_with_the_new_ones_from_none() {
        // at 2024-02-10: a (first Jan 1, last Jan 11) active, b (Feb 1) new; c and d came later
        let r = report(&store(Some(SHOP), None), r#"{"migration":{"from":"2024-02-10"}}"#).unwrap();
        let m = r.migration.unwrap();
        assert_eq!(m.from, "2024-02-10");
        assert_eq!(
            moves(&m.lifecycle),
            [("none", "new", 2, "16.00"), ("new", "active", 1, "40.00"), ("active", "active", 1, "180.01")]
        );
        // RFM at D over a and b alone: a R1 F1 M3 (113, Can't Lose Them), b R3 F1 M1 (311, New Customers)
        let from: Vec<(&str, u64)> = m.rfm.iter().map(|r| (r.from.as_str(), r.customers)).collect();
        assert_eq!(from.iter().filter(|f| f.0 == "none").map(|f| f.1).sum::<u64>(), 2);
        assert!(from.contains(&("New Customers", 1)) && from.contains(&("Can't Lose Them", 1)), "{from:?}");
        let first_real = from.iter().position(|f| f.0 != "none").unwrap();
        assert!(from[..first_real].iter().all(|f| f.0 == "none"), "none first: {from:?}");
        // default: as_of − 90 days, before every order here: everyone is new since
        let m = report(&store(Some(SHOP), None), "{}").unwrap().migration.unwrap();
        assert_eq!(m.from, "2023-12-11");
        assert!(m.lifecycle.iter().chain(&m.rfm).all(|r| r.from == "none"));
    }

    #[test]
    fn tags_on_where_the_customers_were_take_codes_and_chinese_names() {
        let config = r#"{"migration":{"from":"2024-02-10"},"tags":[
            {"name":"was new","conditions":[{"field":"lifecycle_before","op":"=","value":"新客"}]},
            {"name":"new since","conditions":[{"field":"rfm_segment_before","op":"=","value":"none"}]},
            {"name":"was precious","conditions":[{"field":"rfm_segment_before","op":"in","value":["不能失去"]}]}]}"#;
        let tags = report(&store(Some(SHOP), None), config).unwrap().tags.unwrap();
        let got: Vec<(&str, u64, &str)> =
            tags.iter().map(|t| (t.name.as_str(), t.customers, t.revenue.as_str())).collect();
        assert_eq!(got, [("was new", 1, "40.00"), ("new since", 2, "16.00"), ("was precious", 1, "180.01")]);
    }

    #[test]
    fn a_from_on_or_after_as_of_is_a_config_error_naming_the_key() {
        for from in ["2024-03-10", "2024-04-01", "2024-13-01"] {
            let config = format!(r#"{{"migration":{{"from":"{from}"}}}}"#);
            let e = report(&store(Some(SHOP), None), &config).unwrap_err();
            assert_eq!(e.code(), "bad_config");
            assert!(e.to_string().starts_with("config: migration.from: "), "{e}");
        }
        let e = crate::config::ReportConfig::from_json(r#"{"migration":{"form":"2024-01-01"}}"#).unwrap_err();
        assert!(e.to_string().starts_with("config: migration.form: unknown field"), "{e}");
    }
}

//! The report, section by section, exactly as `spec/metrics.md` defines it, over a [`Store`]
//! (what was read) and a [`ReportConfig`]. Every section is a function of the shared
//! [`Analysis`]: the [`Context`] (settings, deduplicated orders, per-customer aggregates) with
//! the scores, dimensions and tag sets built once. Sections stand side by side; what two of them
//! share lives below them: group statistics in [`groups`], selectors in [`select`].
//!
//! ```text
//!   compute / members ──> analysis ──> context ──> customers (aggregates, dimensions)
//!        │                   │
//!        └─> sections ───────┘   (totals, headline, lifecycle, rfm, distribution, conversion,
//!              │                  tags, calls, service, screening, prediction, members, record;
//!              │                  over time: repurchase, cohorts, trends, periods, migration)
//!              └─> groups, select, labels, timeline (calendar, sales by customer, interest periods)
//! ```

pub mod analysis;
pub mod calls;
pub mod cohorts;
pub mod context;
pub mod conversion;
pub mod customers;
pub mod distribution;
pub mod events;
pub mod groups;
pub mod headline;
pub mod interest;
pub mod labels;
pub mod lifecycle;
pub mod members;
pub mod memo;
pub mod migration;
pub mod periods;
pub mod prediction;
pub mod record;
pub mod repurchase;
pub mod rfm;
pub mod screening;
pub mod select;
pub mod service;
pub mod tags;
#[cfg(test)]
mod testing;
pub mod tiering;
pub mod timeline;
pub mod totals;
pub mod trends;

pub use analysis::Analysis;
pub use context::{context, context_with, default_as_of, settings, settings_or_err, within, Context, Settings};
pub use customers::{CustomerAgg, Dims};
pub use members::{
    member_cells, member_header, members, members_csv, members_page, Cell, Member, MemberPage, PageQuery,
};
pub use memo::Memo;
pub use screening::{screening_csv, screening_rows, ScreeningRow};

use crate::config::ReportConfig;
use crate::error::Result;
use crate::model::Money;
use crate::report::Report;
use crate::store::Store;
use chrono::NaiveDate;

/// Day number of 1970-01-01 in chrono's days-from-CE count.
const EPOCH_CE: i64 = 719_163;

/// `YYYY-MM-DD` of a day number (chrono's `%Y-%m-%d`: a year beyond 0..=9999 is signed).
pub fn day_text(day: i64) -> String {
    use chrono::Datelike;
    let ce = day.checked_add(EPOCH_CE).and_then(|d| i32::try_from(d).ok());
    let Some(d) = ce.and_then(NaiveDate::from_num_days_from_ce_opt) else {
        return String::new();
    };
    // the usual years written directly: chrono parses its format string on every call, which
    // the page's first report paid for as ~8 ms of not yet optimised code
    match d.year() {
        y @ 0..=9999 => format!("{y:04}-{:02}-{:02}", d.month(), d.day()),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// The day number of a `YYYY-MM-DD` text.
pub fn parse_day(s: &str) -> Option<i64> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d)) - EPOCH_CE)
}

/// Money text of cents.
pub fn money(c: i64) -> String {
    Money(c).to_string()
}

/// A share `a / b`, 0 when `b` is 0.
pub fn share(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Computes the report.
pub fn compute(store: &Store, config: &ReportConfig) -> Result<Report> {
    compute_with(store, None, config)
}

/// Computes the report, taking what it derives from the files alone from `memo` and keeping it
/// there (see [`memo`]).
pub fn compute_with(store: &Store, memo: Option<&Memo>, config: &ReportConfig) -> Result<Report> {
    let inputs = store.summaries();
    let Some(s) = settings(store, config)? else {
        return Ok(Report {
            as_of: None,
            inputs,
            totals: None,
            headline: None,
            lifecycle: None,
            rfm: None,
            distributions: None,
            conversion: None,
            tags: None,
            calls: None,
            service: None,
            interest: None,
            screening: None,
            repurchase: None,
            cohorts: None,
            trends: None,
            periods: None,
            migration: None,
            prediction: None,
            prediction_error: None,
        });
    };
    let ctx = build_context(store, s, memo);
    #[cfg(not(target_arch = "wasm32"))]
    {
        // the models are fitted on a second thread while the other sections run (unless a tag
        // needs the predictions first, or the memo has them); the same function of the same
        // data, so the same bits
        let as_of = ctx.s.as_of;
        let kept = memo.and_then(|m| m.kept_prediction(as_of));
        let fit =
            kept.is_none() && config.prediction_enabled() && ctx.has_orders && !Analysis::tags_read_prediction(config);
        std::thread::scope(|sc| {
            let part = std::sync::Arc::clone(ctx.part());
            let pending = fit.then(|| {
                sc.spawn(move || {
                    let fit = || prediction::predict_customers(&part.customers, &part.grouped, as_of);
                    match memo {
                        Some(m) => m.prediction(as_of, fit),
                        None => std::sync::Arc::new(fit()),
                    }
                })
            });
            report(&ctx, config, inputs, move || kept.or_else(|| pending.and_then(|h| h.join().ok())))
        })
    }
    #[cfg(target_arch = "wasm32")]
    report(&ctx, config, inputs, || None)
}

/// The context of `s`: natively, the interest pass runs on a second thread while the orders are
/// aggregated (unless the memo has either).
fn build_context<'a>(store: &'a Store, s: Settings, memo: Option<&'a Memo>) -> Context<'a> {
    #[cfg(not(target_arch = "wasm32"))]
    if store.has(crate::model::Kind::Interest) && memo.and_then(|m| m.kept_events(&s)).is_none() {
        return std::thread::scope(|sc| {
            let s2 = s.clone();
            let events = sc.spawn(move || events::Events::new(store, &s2));
            let ctx = match memo {
                Some(m) => context_with(store, s, m),
                None => context(store, s),
            };
            if let Ok(e) = events.join() {
                let e = std::sync::Arc::new(e);
                if let Some(m) = memo {
                    m.keep_events(&ctx.s, &e);
                }
                ctx.set_interest(e);
            }
            ctx
        });
    }
    match memo {
        Some(m) => context_with(store, s, m),
        None => context(store, s),
    }
}

/// Every section over `ctx`; `fitted` gives the prediction if it was made elsewhere, and is
/// asked for it after every other section.
fn report(
    ctx: &Context<'_>,
    config: &ReportConfig,
    inputs: Vec<crate::model::IngestSummary>,
    fitted: impl FnOnce() -> Option<std::sync::Arc<memo::Fitted>>,
) -> Result<Report> {
    let a = Analysis::new(ctx, config)?;
    let orders = ctx.has_orders;
    let mut r = Report {
        as_of: Some(day_text(ctx.s.as_of)),
        inputs,
        totals: orders.then(|| totals::section(&a)),
        headline: headline::section(&a),
        lifecycle: orders.then(|| lifecycle::section(&a)),
        rfm: orders.then(|| rfm::section(&a)),
        distributions: orders.then(|| distribution::section(&a)),
        conversion: conversion::section(&a, config.conversion.as_ref())?,
        tags: (orders && config.tags.is_some()).then(|| tags::section(&a)),
        calls: calls::section(&a, config.calls.as_ref())?,
        service: service::section(&a, config.service.as_ref()),
        interest: interest::section(&a),
        screening: screening::section(ctx),
        repurchase: repurchase::section(&a),
        cohorts: cohorts::section(&a),
        trends: trends::section(&a),
        periods: periods::section(&a),
        migration: migration::section(&a)?,
        prediction: None,
        prediction_error: None,
    };
    if let Some(p) = fitted() {
        a.set_prediction(p);
    }
    (r.prediction, r.prediction_error) = prediction::section(&a);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_text_writes_what_chrono_writes_for_every_year() {
        let chrono_text = |day: i64| {
            day.checked_add(EPOCH_CE)
                .and_then(|d| i32::try_from(d).ok())
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        // years -1030 to 10,600 (signed beyond 0..=9999), the first day of year 0, and no date
        let year = 365_i64;
        let days = (-3_000 * year..9_000 * year).step_by(97).chain([-EPOCH_CE - 1, -EPOCH_CE, i64::MIN, i64::MAX]);
        for d in days {
            assert_eq!(day_text(d), chrono_text(d), "day {d}");
        }
        assert_eq!(day_text(parse_day("2024-02-29").unwrap_or(0)), "2024-02-29");
    }
}

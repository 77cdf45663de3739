//! What every section reads: the resolved settings, the orders deduplicated across files and cut
//! at as_of, the per-customer aggregates, and each customer's interest days.

use super::customers::{self, CustomerAgg};
use super::parse_day;
use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::store::{day_of, Order, Store};

/// The resolved settings of one report.
#[derive(Debug, Clone)]
pub struct Settings {
    /// as_of day number.
    pub as_of: i64,
    /// Lifecycle windows.
    pub new_days: i64,
    /// Recency below this: active.
    pub active_days: i64,
    /// Recency below this: sleeping.
    pub sleeping_days: i64,
    /// Headline interest window.
    pub interest_days: i64,
    /// Headline transacted window.
    pub transacted_days: i64,
    /// Conversion window.
    pub conversion_days: i64,
    /// Length of the periods compared by the `periods` section.
    pub periods_days: i64,
    /// The earlier date of the `migration` section (day number, before as_of).
    pub migration_from: i64,
}

/// Everything the sections read.
pub struct Context<'a> {
    /// What was read.
    pub store: &'a Store,
    /// Settings.
    pub s: Settings,
    /// Orders on or before as_of, deduplicated across files (first file wins): the one orders
    /// file's own rows, borrowed, when nothing needs dropping.
    pub orders: std::borrow::Cow<'a, [Order]>,
    /// Per customer with at least one valid order, sorted by customer id.
    pub customers: Vec<CustomerAgg>,
    /// Whether any orders file was read.
    pub has_orders: bool,
    /// Distinct orders over all files (any date).
    pub distinct_orders: u64,
    /// Distinct orders dated after as_of.
    pub orders_after_as_of: u64,
    /// Each customer's interest event days, made on first use.
    interest: std::cell::OnceCell<InterestDays>,
}

/// The days of each customer's interest events on or before `as_of` (customer ids are dense):
/// what the headline and the conversion section ask of the events, from one pass over them.
pub struct InterestDays {
    /// By customer id: the first and the last event day, or `NO_DAYS` when none.
    days: Vec<[i64; 2]>,
}

/// [`InterestDays`] of a customer without events.
const NO_DAYS: [i64; 2] = [i64::MAX, i64::MIN];

impl InterestDays {
    /// The day of customer `c`'s first event, if any.
    pub fn first(&self, c: usize) -> Option<i64> {
        self.days.get(c).filter(|d| **d != NO_DAYS).map(|d| d[0])
    }

    /// Whether customer `c` has an event in the `n` days up to `as_of`.
    pub fn within(&self, c: usize, as_of: i64, n: i64) -> bool {
        self.days.get(c).is_some_and(|d| *d != NO_DAYS && within(as_of, d[1], n))
    }

    /// How many customers (ids) there are.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

impl Context<'_> {
    /// Each customer's interest event days (computed on first use).
    pub fn interest_days(&self) -> &InterestDays {
        self.interest.get_or_init(|| {
            let mut days = InterestDays { days: vec![NO_DAYS; self.store.customers.len()] };
            for f in &self.store.files {
                note_interest_days(&mut days, &f.table.interest, self.s.as_of);
            }
            days
        })
    }
}

fn note_interest_days(days: &mut InterestDays, events: &[crate::store::Interest], as_of: i64) {
    let mut sink = 0u32;
    for group in events.chunks(32) {
        // a customer's days are a cache miss on a big file: the group's loads overlap
        for e in group {
            if let Some(d) = days.days.get(e.customer as usize) {
                crate::store::touch(d, &mut sink, |d| d[0] as u32);
            }
        }
        for e in group {
            let d = day_of(e.time);
            if d > as_of {
                continue;
            }
            if let Some([first, last]) = days.days.get_mut(e.customer as usize) {
                *first = (*first).min(d);
                *last = (*last).max(d);
            }
        }
    }
    std::hint::black_box(sink);
}

/// Within the last `n` days of as_of: `0 <= as_of - day < n`.
pub fn within(as_of: i64, day: i64, n: i64) -> bool {
    let d = as_of - day;
    (0..n).contains(&d)
}

/// The resolved settings of `c` over what was read; None when there is no dated row at all.
pub fn settings(store: &Store, c: &ReportConfig) -> Result<Option<Settings>> {
    let as_of = match &c.as_of {
        Some(s) => Some(parse_day(s).ok_or_else(|| Error::Config(format!("as_of: {s:?} is not a date YYYY-MM-DD")))?),
        None => default_as_of(store),
    };
    let Some(as_of) = as_of else { return Ok(None) };
    let l = c.lifecycle.clone().unwrap_or_default();
    let w = c.windows.clone().unwrap_or_default();
    let s = Settings {
        as_of,
        new_days: i64::from(l.new_days.unwrap_or(30)),
        active_days: i64::from(l.active_days.unwrap_or(180)),
        sleeping_days: i64::from(l.sleeping_days.unwrap_or(365)),
        interest_days: i64::from(w.interest_days.unwrap_or(30)),
        transacted_days: i64::from(w.transacted_days.unwrap_or(365)),
        conversion_days: i64::from(w.conversion_days.unwrap_or(30)),
        periods_days: i64::from(c.periods.as_ref().and_then(|p| p.days).unwrap_or(30)),
        migration_from: migration_from(c, as_of)?,
    };
    if s.active_days > s.sleeping_days {
        return Err(Error::Config(format!(
            "lifecycle: active_days ({}) must not exceed sleeping_days ({})",
            s.active_days, s.sleeping_days
        )));
    }
    for (name, v) in [
        ("windows.interest_days", s.interest_days),
        ("windows.transacted_days", s.transacted_days),
        ("windows.conversion_days", s.conversion_days),
        ("periods.days", s.periods_days),
    ] {
        if v == 0 {
            return Err(Error::Config(format!("{name} must be at least 1")));
        }
    }
    Ok(Some(s))
}

/// `migration.from`, default as_of − 90 days; a date on or after as_of is a config error.
fn migration_from(c: &ReportConfig, as_of: i64) -> Result<i64> {
    let Some(text) = c.migration.as_ref().and_then(|m| m.from.as_ref()) else { return Ok(as_of - 90) };
    let day =
        parse_day(text).ok_or_else(|| Error::Config(format!("migration.from: {text:?} is not a date YYYY-MM-DD")))?;
    if day >= as_of {
        return Err(Error::Config(format!(
            "migration.from: {} must be before as_of {}",
            super::day_text(day),
            super::day_text(as_of)
        )));
    }
    Ok(day)
}

/// The settings, or an error when there is no dated row to analyse.
pub fn settings_or_err(store: &Store, c: &ReportConfig) -> Result<Settings> {
    settings(store, c)?.ok_or_else(|| Error::Config("no dated rows: add an orders file first".to_string()))
}

/// Default as_of: the latest order date; without orders, the latest date of any other row.
pub fn default_as_of(store: &Store) -> Option<i64> {
    let orders = store.files.iter().flat_map(|f| f.table.orders.iter().map(|o| o.created)).max();
    let t = orders.or_else(|| {
        store
            .files
            .iter()
            .flat_map(|f| {
                let t = &f.table;
                t.interest
                    .iter()
                    .map(|i| i.time)
                    .chain(t.calls.iter().map(|c| c.time))
                    .chain(t.tickets.iter().map(|k| k.created))
            })
            .max()
    })?;
    Some(day_of(t))
}

/// Builds the shared context: orders deduplicated across files and cut at as_of, aggregates.
pub fn context(store: &Store, s: Settings) -> Context<'_> {
    let order_files = store.files.iter().filter(|f| !f.table.orders.is_empty()).count();
    let has_orders = store.files.iter().any(|f| f.summary.kind == Some(crate::model::Kind::Orders));
    let total: usize = store.files.iter().map(|f| f.table.orders.len()).sum();
    if order_files <= 1 {
        // one orders file: nothing to deduplicate; borrow its rows unless some are after as_of
        let single = store.files.iter().map(|f| f.table.orders.as_slice()).find(|o| !o.is_empty()).unwrap_or(&[]);
        if single.iter().all(|o| day_of(o.created) <= s.as_of) {
            let customers = customers::aggregate(single, s.as_of, store.customers.len());
            return Context {
                store,
                s,
                orders: std::borrow::Cow::Borrowed(single),
                customers,
                has_orders,
                distinct_orders: single.len() as u64,
                orders_after_as_of: 0,
                interest: std::cell::OnceCell::new(),
            };
        }
    }
    let mut orders = Vec::with_capacity(total);
    let mut after = 0u64;
    let mut distinct = 0u64;
    // Within a file duplicates were dropped at ingest; across files the first file wins.
    let mut seen = rustc_hash::FxHashSet::default();
    for f in &store.files {
        for o in &f.table.orders {
            if order_files > 1 && !seen.insert(o.key) {
                continue;
            }
            distinct += 1;
            if day_of(o.created) <= s.as_of {
                orders.push(*o);
            } else {
                after += 1;
            }
        }
    }
    let customers = customers::aggregate(&orders, s.as_of, store.customers.len());
    Context {
        store,
        s,
        orders: std::borrow::Cow::Owned(orders),
        customers,
        has_orders,
        distinct_orders: distinct,
        orders_after_as_of: after,
        interest: std::cell::OnceCell::new(),
    }
}

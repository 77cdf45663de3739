//! What a report derives from the files alone and a few settings, kept across calls on one
//! [`Workspace`](crate::Workspace): the orders' part (deduplicated orders, per-customer
//! aggregates, sales by day: a function of the store and as_of), the interest pass (of the store,
//! as_of, the conversion window and the periods' length) and the fitted prediction (of the
//! orders' part). A page asks again and again of the same files (every change of a setting, every
//! keystroke of the customer search, every member list and record it opens); at 1M orders each
//! of these three costs tens of milliseconds to remake and gives the same bits every time.
//!
//! Each is kept for its latest key only. The workspace clears the memo whenever what was read
//! changes (any `&mut self` method), so a kept value is always the one a fresh computation would
//! give: the same function of the same data.

use super::context::{order_part, OrderPart, Settings};
use super::events::Events;
use super::prediction::Prediction;
use crate::store::Store;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The prediction, or why there is none (an operator-readable sentence).
pub type Fitted = std::result::Result<Prediction, String>;

/// The settings the interest pass depends on: as_of, the conversion window, the periods' length.
type EventsKey = (i64, i64, i64);

/// Derived data kept across calls (see the module's documentation).
#[derive(Default)]
pub struct Memo {
    inner: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    orders: Option<Arc<OrderPart>>,
    events: Option<(EventsKey, Arc<Events>)>,
    /// Keyed by as_of: the orders' part of one store and as_of is always the same.
    prediction: Option<(i64, Arc<Fitted>)>,
    /// By customer id: some row of the files read names the customer (of the store alone).
    present: Option<Arc<Vec<bool>>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let k = self.lock();
        f.debug_struct("Memo")
            .field("orders", &k.orders.as_ref().map(|p| p.as_of))
            .field("events", &k.events.as_ref().map(|e| e.0))
            .field("prediction", &k.prediction.as_ref().map(|p| p.0))
            .field("present", &k.present.is_some())
            .finish()
    }
}

impl Memo {
    /// Forgets everything (what was read changed).
    pub fn clear(&mut self) {
        *self.inner.get_mut().unwrap_or_else(PoisonError::into_inner) = Kept::default();
    }

    /// Never held across a computation: a value is made unlocked and kept after (two threads
    /// asking at once may both make it; both give the same).
    fn lock(&self) -> MutexGuard<'_, Kept> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A memo that holds an orders' part and interest pass made elsewhere (the warehouse path):
    /// a report over it with the settings `s` reads them instead of the store's rows.
    pub fn seeded(part: OrderPart, s: &Settings, events: Option<Events>) -> Memo {
        let kept = Kept {
            orders: Some(Arc::new(part)),
            events: events.map(|e| (events_key(s), Arc::new(e))),
            ..Kept::default()
        };
        Memo { inner: Mutex::new(kept) }
    }

    /// The orders' part of `as_of` (made and kept when it is not the kept one).
    pub fn orders(&self, store: &Store, as_of: i64) -> Arc<OrderPart> {
        {
            let mut kept = self.lock();
            if let Some(p) = kept.orders.as_ref().filter(|p| p.as_of == as_of) {
                return Arc::clone(p);
            }
            // another as_of: let the old part go before the new one is made (the peak)
            kept.orders = None;
            kept.prediction = None;
        }
        let p = Arc::new(order_part(store, as_of));
        self.lock().orders = Some(Arc::clone(&p));
        p
    }

    /// The kept interest pass of `s`, if there is one.
    pub fn kept_events(&self, s: &Settings) -> Option<Arc<Events>> {
        let key = events_key(s);
        self.lock().events.as_ref().filter(|(k, _)| *k == key).map(|(_, e)| Arc::clone(e))
    }

    /// Keeps `e`, the interest pass of `s`.
    pub fn keep_events(&self, s: &Settings, e: &Arc<Events>) {
        self.lock().events = Some((events_key(s), Arc::clone(e)));
    }

    /// The interest pass of `s` (made and kept when it is not the kept one).
    pub fn events(&self, store: &Store, s: &Settings) -> Arc<Events> {
        if let Some(e) = self.kept_events(s) {
            return e;
        }
        self.lock().events = None;
        let e = Arc::new(Events::new(store, s));
        self.keep_events(s, &e);
        e
    }

    /// The kept prediction of `as_of`, if there is one.
    pub fn kept_prediction(&self, as_of: i64) -> Option<Arc<Fitted>> {
        self.lock().prediction.as_ref().filter(|(d, _)| *d == as_of).map(|(_, p)| Arc::clone(p))
    }

    /// The prediction of `as_of`: the kept one, or `fit()` kept.
    pub fn prediction(&self, as_of: i64, fit: impl FnOnce() -> Fitted) -> Arc<Fitted> {
        if let Some(p) = self.kept_prediction(as_of) {
            return p;
        }
        let p = Arc::new(fit());
        self.lock().prediction = Some((as_of, Arc::clone(&p)));
        p
    }
}

impl Memo {
    /// By customer id: whether a row of the files now read (an order, a profile, an interest
    /// event, a call) names the customer. A removed file's customers stay in the store's key
    /// table (ids are stable), named by no row.
    pub fn present(&self, store: &Store) -> Arc<Vec<bool>> {
        if let Some(p) = self.lock().present.as_ref() {
            return Arc::clone(p);
        }
        let mut v = vec![false; store.customers.len()];
        let mut mark = |c: u32| {
            if let Some(x) = v.get_mut(c as usize) {
                *x = true;
            }
        };
        for t in store.tables() {
            t.orders.iter().for_each(|o| mark(o.customer));
            t.profiles.iter().for_each(|p| mark(p.customer));
            t.interest.iter().for_each(|e| mark(e.customer));
            t.calls.iter().for_each(|c| mark(c.customer));
        }
        let p = Arc::new(v);
        self.lock().present = Some(Arc::clone(&p));
        p
    }
}

fn events_key(s: &Settings) -> EventsKey {
    (s.as_of, s.conversion_days, s.periods_days)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::metrics::parse_day;
    use crate::metrics::testing::{settings, store, SHOP};

    #[test]
    fn each_value_is_kept_for_its_key_and_remade_for_another() {
        let st = store(Some(SHOP), Some(&[("a", "2024-03-09"), ("e", "2024-03-10")]));
        let (d, mut memo) = (parse_day("2024-03-10").unwrap(), Memo::default());
        let p = memo.orders(&st, d);
        assert!(Arc::ptr_eq(&p, &memo.orders(&st, d)), "the same as_of: the kept part");
        let earlier = memo.orders(&st, d - 10);
        assert!(!Arc::ptr_eq(&p, &earlier) && earlier.as_of == d - 10);
        assert_eq!(earlier.customers.len(), 3, "d's and a's last orders are after the earlier as_of");

        let s = settings(d);
        let e = memo.events(&st, &s);
        assert!(Arc::ptr_eq(&e, &memo.events(&st, &s)));
        let other = crate::metrics::Settings { conversion_days: 7, ..s.clone() };
        assert!(memo.kept_events(&other).is_none(), "another conversion window: made again");
        let interest_window = crate::metrics::Settings { interest_days: 7, ..s.clone() };
        assert!(memo.kept_events(&interest_window).is_some(), "the interest pass does not read it");

        let mut fits = 0;
        let mut fit = || {
            fits += 1;
            Err("no fit".to_string())
        };
        let _ = memo.prediction(d, &mut fit);
        let _ = memo.prediction(d, &mut fit);
        let _ = memo.prediction(d - 1, &mut fit);
        assert_eq!(fits, 2);

        memo.clear();
        assert!(memo.kept_events(&s).is_none() && memo.kept_prediction(d - 1).is_none());
        assert!(!Arc::ptr_eq(&earlier, &memo.orders(&st, d - 10)));
    }
}

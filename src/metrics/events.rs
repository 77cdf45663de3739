//! What each customer did in the interest events on or before as_of, from one pass over them:
//! the first and last event day (headline, conversion population), the province of the latest
//! event whose 省份 cell names one (the region fallback of metrics.md "Distributions"), and the
//! actions done in the conversion window (the interest section, the `action` dimension), and
//! the periods with an event of the change sections' trend windows and compared periods.

use super::context::{within, Settings};
use super::tiering::each_chunk;
use super::timeline::{period_bit, Windows};
use crate::model::Action;
use crate::store::{day_of, Interest, Stamp, Store, NO_REGION};

/// One customer's events, 32 bytes (aligned: one cache line access per event on a big file).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(align(32))]
struct Person {
    /// The time of the latest event with a province (`Stamp::MIN`: none).
    latest: Stamp,
    /// The first and last event day (`i32::MAX`, `i32::MIN`: none).
    first: i32,
    last: i32,
    /// The periods of the trend windows (day, ISO week, month) with an event: bit k of each
    /// for period k ([`Windows`]).
    windows: [u32; 3],
    /// The province of the latest event with one.
    region: u16,
    /// The actions done in the conversion window, one bit each (bit `Action as u8`).
    actions: u8,
    /// [`CURRENT`](super::timeline::CURRENT) and [`PREVIOUS`](super::timeline::PREVIOUS):
    /// an event in the periods of the `periods` section.
    periods: u8,
}

const NOBODY: Person = Person {
    latest: Stamp::MIN,
    first: i32::MAX,
    last: i32::MIN,
    windows: [0; 3],
    region: NO_REGION,
    actions: 0,
    periods: 0,
};

/// What each customer (by id; ids are dense) did in the interest events on or before as_of.
pub struct Events {
    people: Vec<Person>,
    /// Events in the conversion window, by action (`Action as usize`).
    pub in_window: [u64; 4],
    /// The trend windows of as_of.
    windows: Windows,
}

/// Buyers per period of the change sections, counted from [`Events`].
#[derive(Debug, Clone, Default)]
pub struct Interested {
    /// By trend window (day, week, month), by period: buyers with an event in it.
    pub windows: [[u64; 32]; 3],
    /// By trend window, by period: buyers whose first event is in it.
    pub new: [[u64; 32]; 3],
    /// Buyers with an event in the current and in the previous period of `periods`.
    pub periods: [u64; 2],
}

impl Interested {
    /// Counts one person with an event.
    fn add(&mut self, p: &Person, w: &Windows) {
        for ((counts, new), (bits, k)) in
            self.windows.iter_mut().zip(self.new.iter_mut()).zip(p.windows.iter().zip(w.periods(i64::from(p.first))))
        {
            let mut b = *bits;
            while b != 0 {
                if let Some(c) = counts.get_mut(b.trailing_zeros() as usize) {
                    *c += 1;
                }
                b &= b - 1;
            }
            if let Some(c) = new.get_mut(usize::from(k)) {
                *c += 1;
            }
        }
        for (k, c) in self.periods.iter_mut().enumerate() {
            *c += u64::from(p.periods & (1 << k) != 0);
        }
    }
}

/// What the sections count of everyone with an interest event ([`Events::people`]).
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Buyers per period of the trend windows and of the `periods` section.
    pub interested: Interested,
    /// People with an event in the headline's window (`interested_30d`).
    pub recent: u64,
    /// Of them, those whose first event is on as_of (`interested_new_1d`).
    pub new_today: u64,
    /// People with an event in the conversion window, by id ascending: the population of the
    /// conversion comparisons.
    pub in_window: Vec<u32>,
    /// By action (`Action as usize`): people who did it in the conversion window, and of them
    /// those with a valid order in it.
    pub by_action: [(u64, u64); 4],
}

/// What one buyer did in the interest events on or before as_of, as a SQL engine reduced
/// them (the warehouse path, [`Events::from_buyers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buyer {
    /// The first and last event day.
    pub first: i64,
    /// The last event day.
    pub last: i64,
    /// The province of the latest event with one, or [`NO_REGION`].
    pub region: u16,
    /// The actions done in the conversion window, bit `Action as u8` each.
    pub actions: u8,
    /// The periods of the trend windows (day, ISO week, month) with an event: bit k for the
    /// window's period k (oldest 0).
    pub windows: [u32; 3],
    /// [`CURRENT`](super::timeline::CURRENT) and [`PREVIOUS`](super::timeline::PREVIOUS).
    pub periods: u8,
}

impl Events {
    /// The interest pass made elsewhere: `n` customer ids, the buyers (by id) and the events in
    /// the conversion window by action, for the settings `s`.
    pub fn from_buyers(n: usize, s: &Settings, in_window: [u64; 4], buyers: &[(u32, Buyer)]) -> Events {
        let mut e = Events { people: vec![NOBODY; n], in_window, windows: Windows::new(s.as_of) };
        let day = |d: i64| i32::try_from(d).unwrap_or(if d < 0 { i32::MIN + 1 } else { i32::MAX - 1 });
        for (c, b) in buyers {
            if let Some(p) = e.people.get_mut(*c as usize) {
                *p = Person {
                    latest: Stamp::MIN,
                    first: day(b.first),
                    last: day(b.last),
                    windows: b.windows,
                    region: b.region,
                    actions: b.actions,
                    periods: b.periods,
                };
            }
        }
        e
    }

    /// One pass over every interest event of the store.
    pub fn new(store: &Store, s: &Settings) -> Events {
        let windows = Windows::new(s.as_of);
        let mut e = Events { people: vec![NOBODY; store.customers.len()], in_window: [0; 4], windows };
        for t in store.tables() {
            each_chunk(&t.interest, &mut |_, chunk| e.note(chunk, s));
        }
        e
    }

    /// What the sections count of everyone with an event, from one pass over them (it was four:
    /// the headline, the conversion population, the interest section and the change sections'
    /// periods each walked every customer id). `recent_days`: the headline's window;
    /// `window_days`: the conversion window; `ordered`: by id, a valid order in it.
    pub fn people(&self, as_of: i64, recent_days: i64, window_days: i64, ordered: &[bool]) -> People {
        let mut out = People::default();
        let mut interested = Interested::default();
        each_chunk(&self.people, &mut |start, people| {
            for (c, p) in (start..).zip(people).filter(|(_, p)| p.first != i32::MAX) {
                let last = i64::from(p.last);
                if within(as_of, last, recent_days) {
                    out.recent += 1;
                    out.new_today += u64::from(i64::from(p.first) == as_of);
                }
                if within(as_of, last, window_days) {
                    if let Ok(c) = u32::try_from(c) {
                        out.in_window.push(c);
                    }
                }
                let bought = u64::from(ordered.get(c).copied().unwrap_or(false));
                for (k, e) in out.by_action.iter_mut().enumerate() {
                    if p.actions & (1 << k) != 0 {
                        e.0 += 1;
                        e.1 += bought;
                    }
                }
                interested.add(p, &self.windows);
            }
        });
        out.interested = interested;
        out
    }

    /// [`CURRENT`](super::timeline::CURRENT) and [`PREVIOUS`](super::timeline::PREVIOUS) of
    /// customer `c`: an event in the periods of the `periods` section.
    pub fn periods(&self, c: usize) -> u8 {
        self.people.get(c).map_or(0, |p| p.periods)
    }

    fn note(&mut self, events: &[Interest], s: &Settings) {
        let mut sink = 0u32;
        for group in events.chunks(32) {
            // a customer's entry is a cache miss on a big file: the group's loads overlap
            for e in group {
                if let Some(p) = self.people.get(e.customer as usize) {
                    crate::store::touch(p, &mut sink, |p| p.first as u32);
                }
            }
            for e in group {
                let d = day_of(e.time);
                if d > s.as_of {
                    continue;
                }
                let in_window = within(s.as_of, d, s.conversion_days);
                if in_window {
                    if let Some(n) = self.in_window.get_mut(e.action as usize) {
                        *n += 1;
                    }
                }
                let Some(p) = self.people.get_mut(e.customer as usize) else { continue };
                let day = i32::try_from(d).unwrap_or(if d < 0 { i32::MIN + 1 } else { i32::MAX - 1 });
                p.first = p.first.min(day);
                p.last = p.last.max(day);
                // the latest event with a province; of two at the same time, the later row
                if e.region != NO_REGION && e.time >= p.latest {
                    p.latest = e.time;
                    p.region = e.region;
                }
                if in_window {
                    p.actions |= 1 << (e.action as u8);
                }
                for (bits, k) in p.windows.iter_mut().zip(self.windows.periods(d)) {
                    *bits |= 1u32.checked_shl(u32::from(k)).unwrap_or(0);
                }
                p.periods |= period_bit(s.as_of, s.periods_days, d);
            }
        }
        std::hint::black_box(sink);
    }

    fn get(&self, c: usize) -> Option<&Person> {
        self.people.get(c).filter(|p| p.first != i32::MAX)
    }

    /// The day of customer `c`'s first event, if any.
    pub fn first(&self, c: usize) -> Option<i64> {
        self.get(c).map(|p| i64::from(p.first))
    }

    /// The day of customer `c`'s last event, if any.
    pub fn last(&self, c: usize) -> Option<i64> {
        self.get(c).map(|p| i64::from(p.last))
    }

    /// Whether customer `c` has an event in the `n` days up to `as_of`.
    pub fn within(&self, c: usize, as_of: i64, n: i64) -> bool {
        self.get(c).is_some_and(|p| within(as_of, i64::from(p.last), n))
    }

    /// The province of customer `c`'s latest event with one, or [`NO_REGION`].
    pub fn region(&self, c: usize) -> u16 {
        self.get(c).map_or(NO_REGION, |p| p.region)
    }

    /// Whether customer `c` did `a` in the conversion window.
    pub fn did(&self, c: usize, a: Action) -> bool {
        self.get(c).is_some_and(|p| p.actions & (1 << (a as u8)) != 0)
    }

    /// Customer `c`'s deepest action in the conversion window (cart > favourite item >
    /// favourite shop > other), if they had an event in it.
    pub fn deepest(&self, c: usize) -> Option<Action> {
        let a = self.get(c)?.actions;
        Action::ALL.into_iter().find(|x| a & (1 << (*x as u8)) != 0)
    }

    /// How many customers (ids) there are.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FileEntry, Table};

    use crate::metrics::testing::settings;

    fn ev(customer: u32, day: i64, secs: i64, region: u16, action: Action) -> Interest {
        Interest { customer, time: day * 86_400 + secs, region, action }
    }

    fn store(files: Vec<Vec<Interest>>, customers: usize) -> Store {
        let mut s = Store::default();
        for i in 0..customers {
            s.customers.intern(crate::model::KeySpace::Nick, &format!("c{i}"));
        }
        for interest in files {
            s.files.push(FileEntry { summary: Default::default(), table: Table { interest, ..Table::default() } });
        }
        s
    }

    #[test]
    fn the_latest_event_with_a_province_on_or_before_as_of_gives_the_region() {
        let (zj, sh, gd) = (10, 8, 18);
        let st = store(
            vec![
                vec![
                    ev(0, 100, 10, zj, Action::Cart),
                    ev(0, 101, 10, NO_REGION, Action::Other), // later, but no province
                    ev(0, 102, 10, gd, Action::Cart),         // after as_of: not counted
                    ev(1, 90, 50, sh, Action::FavoriteShop),
                    ev(1, 90, 50, gd, Action::FavoriteItem), // same time, later row: wins
                    ev(2, 95, 0, NO_REGION, Action::Cart),
                ],
                vec![ev(1, 90, 50, zj, Action::Other)], // same time, a later file's row: wins
            ],
            4,
        );
        let e = Events::new(&st, &settings(101));
        assert_eq!((e.region(0), e.region(1), e.region(2), e.region(3)), (zj, zj, NO_REGION, NO_REGION));
        assert_eq!((e.first(0), e.last(0), e.first(3)), (Some(100), Some(101), None));
        assert_eq!(e.deepest(1), Some(Action::FavoriteItem));
        assert_eq!(e.deepest(2), Some(Action::Cart));
        assert!(e.did(1, Action::FavoriteShop) && e.did(1, Action::Other) && !e.did(1, Action::Cart));
        assert_eq!(e.in_window, [2, 1, 1, 2]);
        // a window that ends before customer 1's events: no action, but the region stays
        let e = Events::new(&st, &settings(130));
        assert_eq!((e.deepest(1), e.region(1)), (None, zj));
    }
}

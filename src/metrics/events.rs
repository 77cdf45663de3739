//! What each customer did in the interest events on or before as_of, from one pass over them:
//! the first and last event day (headline, conversion population), the province of the latest
//! event whose 省份 cell names one (the region fallback of metrics.md "Distributions"), and the
//! actions done in the conversion window (the interest section, the `action` dimension).

use super::context::{within, Settings};
use crate::model::Action;
use crate::store::{day_of, Interest, Stamp, Store, NO_REGION};

/// One customer's events, 24 bytes: one cache line access per event on a big file.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Person {
    /// The time of the latest event with a province (`Stamp::MIN`: none).
    latest: Stamp,
    /// The first and last event day (`i32::MAX`, `i32::MIN`: none).
    first: i32,
    last: i32,
    /// The province of the latest event with one.
    region: u16,
    /// The actions done in the conversion window, one bit each (bit `Action as u8`).
    actions: u8,
}

const NOBODY: Person = Person { latest: Stamp::MIN, first: i32::MAX, last: i32::MIN, region: NO_REGION, actions: 0 };

/// What each customer (by id; ids are dense) did in the interest events on or before as_of.
pub struct Events {
    people: Vec<Person>,
    /// Events in the conversion window, by action (`Action as usize`).
    pub in_window: [u64; 4],
}

impl Events {
    /// One pass over every interest event of the store.
    pub fn new(store: &Store, s: &Settings) -> Events {
        let mut e = Events { people: vec![NOBODY; store.customers.len()], in_window: [0; 4] };
        for t in store.tables() {
            e.note(&t.interest, s);
        }
        e
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

    fn settings(as_of: i64) -> Settings {
        Settings {
            as_of,
            new_days: 30,
            active_days: 180,
            sleeping_days: 365,
            interest_days: 30,
            transacted_days: 365,
            conversion_days: 30,
        }
    }

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

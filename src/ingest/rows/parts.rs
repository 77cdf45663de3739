//! A later part of a file read on its own, and taken in by the sink of the part before it as if
//! that sink had read its rows; and the order ids seen, which decide the duplicates across parts.

use super::{Shared, Sink};
use crate::ingest::{Accounting, SkipReason};
use crate::model::Kind;
use crate::store::{self, NO_CUSTOMER, NO_REGION};

/// What a sink reading a later part of a file keeps about its orders, so that the reader of the
/// part before can take them in exactly as if it had read them ([`Sink::absorb_part`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub(in crate::ingest) struct PartLog {
    /// The key column of each order's customer (`NO_KEY_COL`: the order had no key).
    pub(in crate::ingest) key_col: Vec<u8>,
    /// Unknown status texts, with the index of their order.
    pub(in crate::ingest) unknown: Vec<(usize, String)>,
}

/// The rows a sink read from a later part of a file, and what the merge needs to know about
/// them ([`Sink::into_part_rows`], [`Sink::absorb_part`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PartRows {
    pub(in crate::ingest) orders: Vec<store::Order>,
    pub(in crate::ingest) interest: Vec<store::Interest>,
    pub(in crate::ingest) log: PartLog,
    /// The key columns the part's rows used (interest events: all are kept).
    pub(in crate::ingest) key_used: Vec<bool>,
}

impl Sink {
    /// A sink of the same layout for a later part of the file, read on its own.
    pub fn for_part(&self) -> Sink {
        let mut s = Sink::new(self.layout.clone());
        s.part = Some(PartLog::default());
        s
    }

    /// Whether the order key was seen before in this file (per-order layouts), noting it as
    /// seen: as `HashSet::insert`, negated.
    pub(super) fn repeat_order(&mut self, key: u128) -> bool {
        // numeric ids (all of Taobao's) live in a set of u64: half the bytes of a u128 set,
        // and a 1M-order file makes it one cache miss per row either way
        match u64::try_from(key) {
            Ok(k) => !self.seen64.insert(k),
            Err(_) => self.seen.insert(key, ()).is_some(),
        }
    }

    /// Whether the order key was seen before in this file, without noting it.
    fn seen_order(&mut self, key: u128) -> bool {
        match u64::try_from(key) {
            Ok(k) => self.seen64.contains(k),
            Err(_) => self.seen.contains_key(&key),
        }
    }

    /// The order key of a skipped row of a later part that the merge must look up: set by a
    /// per-order row that had an id and was not a repeat within the part.
    pub(super) fn logged_key(&self, reason: SkipReason) -> Option<u128> {
        self.row_key.filter(|_| reason != SkipReason::Duplicate)
    }

    /// For the merge of a later part's log: whether its skipped row of order `key` repeats an
    /// order of the parts before (then it is a duplicate); notes the key as seen.
    pub fn repeats_earlier_part(&mut self, key: u128) -> bool {
        self.splittable() && self.layout.kind == Kind::Orders && self.repeat_order(key)
    }

    /// The rows of a finished sink made by [`Sink::for_part`] (its keys flushed).
    pub fn into_part_rows(mut self) -> PartRows {
        PartRows {
            orders: std::mem::take(&mut self.table.orders),
            interest: std::mem::take(&mut self.table.interest),
            log: self.part.take().unwrap_or_default(),
            key_used: self.key_used,
        }
    }

    /// Takes in the rows of a later part of this file, read on its own by a sink made by
    /// [`Sink::for_part`] into the customers and regions `theirs`, as if they had been read
    /// here after the rows here: an order whose id was seen here becomes a duplicate; customers
    /// and regions are interned here in the order of the rows that use them, so every id is the
    /// one reading the file in one piece gives. Counts the rows used (and the rows without a
    /// customer key, the unknown statuses) in `acc`. The keys pending here must have been
    /// flushed (they come first). Ids out of range (damaged bytes) become "none". `last`: the
    /// part runs to the end of the file (no later row needs its order ids noted as seen).
    pub fn absorb_part(
        &mut self,
        other: PartRows,
        theirs: (&store::Names, &store::Names),
        last: bool,
        acc: &mut Accounting,
        sh: &mut Shared<'_>,
    ) {
        let (their_customers, their_regions) = theirs;
        // which orders are repeats of orders before the part (duplicates)
        let repeats: Vec<bool> = if self.layout.kind == Kind::Orders {
            other.orders.iter().map(|o| if last { self.seen_order(o.key) } else { self.repeat_order(o.key) }).collect()
        } else {
            Vec::new()
        };
        // When every row of the part is kept, its customers are first used here in the order of
        // their ids there: all are interned at once. (Else one by one as the kept rows use
        // them: a customer only a duplicate used is not one of this file's.)
        let mut cust = if repeats.contains(&true) {
            vec![u32::MAX; their_customers.len()]
        } else {
            sh.customers.intern_all(their_customers)
        };
        let mut customer = |c: u32, sh: &mut Shared<'_>| -> u32 {
            match cust.get_mut(c as usize) {
                Some(m) if *m == u32::MAX => {
                    *m = sh.customers.intern_named(their_customers, c);
                    *m
                }
                Some(m) => *m,
                None => NO_CUSTOMER,
            }
        };
        let log = other.log;
        match self.layout.kind {
            Kind::Orders => {
                let mut reg = vec![u16::MAX; their_regions.len()];
                let mut unknown = log.unknown.into_iter().peekable();
                let orders = other.orders;
                self.table.orders.reserve(orders.len());
                for (i, (mut o, repeat)) in orders.into_iter().zip(repeats).enumerate() {
                    // the unknown statuses of this order (counted only when it is kept)
                    while let Some((_, s)) = unknown.next_if(|(j, _)| *j == i) {
                        if !repeat {
                            acc.unknown_status(&s);
                        }
                    }
                    if repeat {
                        acc.skip(0, SkipReason::Duplicate, None, None);
                        continue;
                    }
                    if o.customer == NO_CUSTOMER {
                        acc.rows_without_key += 1;
                    } else {
                        o.customer = customer(o.customer, sh);
                    }
                    if o.region != NO_REGION {
                        if let Some(m) = reg.get_mut(usize::from(o.region)) {
                            if *m == u16::MAX {
                                *m = sh.regions.intern(their_regions.name(usize::from(o.region)));
                            }
                            o.region = *m;
                        } else {
                            o.region = NO_REGION;
                        }
                    }
                    if let Some(u) = log.key_col.get(i).and_then(|k| self.key_used.get_mut(usize::from(*k))) {
                        *u = true;
                    }
                    acc.rows_used += 1;
                    self.table.orders.push(o);
                }
            }
            Kind::Interest => {
                let events = other.interest;
                // the part's unknown action texts, counted in row order as reading them here would
                for (_, s) in log.unknown {
                    acc.unknown_action(&s);
                }
                acc.rows_used += events.len() as u64;
                self.table.interest.reserve(events.len());
                self.table.interest.extend(events.into_iter().map(|mut e| {
                    if e.customer != NO_CUSTOMER {
                        e.customer = customer(e.customer, sh);
                    }
                    e
                }));
                for (u, o) in self.key_used.iter_mut().zip(&other.key_used) {
                    *u |= *o;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::taobao_orders;
    use super::*;
    use crate::ingest::cells::Cells;
    use crate::store::{Customers, Interner, Regions};

    fn read(sink: &mut Sink, rows: &[[&str; 6]], acc: &mut Accounting, sh: &mut Shared<'_>) {
        for (i, cells) in rows.iter().enumerate() {
            sink.row(&Cells::text(cells), i as u64 + 1, i as u64, acc, sh);
        }
        sink.flush_keys(sh);
    }

    #[test]
    fn a_part_taken_in_is_the_file_read_whole() {
        let rows: &[[&str; 6]] = &[
            ["1001", "alice", "1.00", "交易成功", "2024-12-01", "浙江省 杭州市"],
            ["1002", "bob", "2.00", "交易成功", "2024-12-02", "上海 上海市"],
            // the part
            ["1002", "bob", "2.00", "交易成功", "2024-12-02", "上海 上海市"],
            ["1003", "carol", "3.00", "新状态", "2024-12-03", "广东省 广州市"],
            ["1004", "alice", "4.00", "交易成功", "2024-12-04", "浙江省 杭州市"],
        ];
        let (mut customers, mut regions, mut labels) = (Customers::default(), Regions::default(), Interner::default());
        let mut whole = Sink::new(taobao_orders());
        let mut acc_whole = Accounting::default();
        {
            let mut sh = Shared { customers: &mut customers, regions: &mut regions, labels: &mut labels };
            read(&mut whole, rows, &mut acc_whole, &mut sh);
        }
        let whole =
            whole.into_table(&mut Shared { customers: &mut customers, regions: &mut regions, labels: &mut labels });

        let (mut customers2, mut regions2, mut labels2) =
            (Customers::default(), Regions::default(), Interner::default());
        let mut sh = Shared { customers: &mut customers2, regions: &mut regions2, labels: &mut labels2 };
        let mut first = Sink::new(taobao_orders());
        let mut acc = Accounting::default();
        read(&mut first, &rows[..2], &mut acc, &mut sh);
        let part_sink = first.for_part();
        let (mut pc, mut pr, mut pl) = (Customers::default(), Regions::default(), Interner::default());
        let mut part_sink = part_sink;
        let mut part_acc = Accounting::default();
        read(
            &mut part_sink,
            &rows[2..],
            &mut part_acc,
            &mut Shared { customers: &mut pc, regions: &mut pr, labels: &mut pl },
        );
        let (pc, pr) = (pc.into_names(), pr.into_names());
        first.absorb_part(part_sink.into_part_rows(), (&pc, &pr), true, &mut acc, &mut sh);
        let merged = first.into_table(&mut sh);

        // (key, customer, region, valid) the same either way
        let view = |t: &crate::store::Table, c: &Customers, r: &Regions| -> Vec<(u128, String, String, bool)> {
            t.orders
                .iter()
                .map(|o| (o.key, c.key(o.customer).to_string(), r.name(o.region).to_string(), o.valid))
                .collect()
        };
        assert_eq!(view(&merged, &customers2, &regions2), view(&whole, &customers, &regions));
        assert_eq!(merged.orders.len(), 4);
        assert_eq!(acc.rows_used, acc_whole.rows_used);
        assert_eq!(acc.skipped.get(&SkipReason::Duplicate), Some(&1));
        assert_eq!(acc.unknown_status, acc_whole.unknown_status);
        assert_eq!(customers2.len(), customers.len());
    }
}

//! The customer key of a row: the platform's fallback chain of key columns, and the keys of
//! recent rows interned together in batches.

use super::{cell, present, unmasked, Shared, Sink};
use crate::ingest::cells::Cells;
use crate::ingest::detect::Role;
use crate::model::{KeySpace, Kind, Platform};
use crate::store::{Customers, NO_CUSTOMER};

/// `PartLog::key_col` of an order without a customer key.
pub(super) const NO_KEY_COL: u8 = u8::MAX;

/// `PendingKeys::rows` of a key that no record waits for.
const NO_PATCH: usize = usize::MAX;
/// Keys interned in one batch, at most: a few batches of
/// [`Interner::intern_batch`](crate::store::Interner::intern_batch).
const PENDING_KEYS: usize = 256;
/// Bytes of pending key text that flush the batch early (a file of huge key cells).
const PENDING_TEXT: usize = 1 << 20;

/// Customer keys of recent rows, tagged (see `Customers::tag_key`), and the records their ids
/// go to.
#[derive(Default)]
pub(super) struct PendingKeys {
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
    /// The record of each key in the sink's table, or [`NO_PATCH`].
    rows: Vec<usize>,
    /// The ids of the last flush.
    ids: Vec<u32>,
}

/// The fallback chain of customer-key columns for a platform (metrics.md "Customer key").
pub(super) fn key_plan(kind: Kind, p: Platform) -> Vec<(Role, &'static str)> {
    use Role::*;
    match (kind, p.key_space()) {
        (Kind::Orders, KeySpace::Email) => {
            vec![(Email, "email"), (Phone, "phone"), (Customer, "customer"), (Receiver, "receiver")]
        }
        (Kind::Orders, _) => vec![(Customer, "customer"), (Email, "email"), (Payer, "payer"), (Receiver, "receiver")],
        (Kind::Customers | Kind::Interest, KeySpace::Email) => vec![(Email, "email"), (Customer, "customer")],
        (Kind::Customers | Kind::Interest, _) => vec![(Customer, "customer"), (Email, "email")],
        (Kind::Calls, _) => vec![(Customer, "customer"), (Phone, "phone")],
        (Kind::Tickets, _) => vec![(Customer, "customer"), (Email, "email")],
    }
}

fn space_of(r: Role) -> KeySpace {
    match r {
        Role::Email => KeySpace::Email,
        Role::Phone => KeySpace::Phone,
        Role::Payer => KeySpace::Payer,
        Role::Receiver => KeySpace::Receiver,
        _ => KeySpace::Nick,
    }
}

impl Sink {
    /// The key columns that were used, in fallback order, as the report names them.
    pub fn key_columns(&self) -> Vec<String> {
        self.key_cols
            .iter()
            .zip(&self.key_used)
            .filter(|(_, u)| **u)
            .map(|((r, _), _)| match r {
                Role::Receiver => [Role::Receiver, Role::Phone, Role::Address]
                    .iter()
                    .filter_map(|x| self.layout.name(*x))
                    .collect::<Vec<_>>()
                    .join("+"),
                r => self.layout.name(*r).unwrap_or("").to_string(),
            })
            .collect()
    }

    /// Appends the row's customer key, tagged with its key space, to the pending keys' text;
    /// false (nothing appended) when the row has none.
    fn key_text(&mut self, f: &Cells<'_>) -> bool {
        let (l, text) = (&self.layout, &mut self.keys.text);
        for (i, (r, _)) in self.key_cols.iter().enumerate() {
            match r {
                Role::Receiver => {
                    let parts = [Role::Receiver, Role::Phone, Role::Address].map(|x| cell(f, l, x));
                    if parts.iter().all(|p| !present(p)) {
                        continue;
                    }
                    Customers::tag_key(text, KeySpace::Receiver);
                    for (j, p) in parts.iter().enumerate() {
                        if j > 0 {
                            text.push('|');
                        }
                        if present(p) {
                            text.push_str(p);
                        }
                    }
                }
                Role::Email => {
                    let v = cell(f, l, *r);
                    if !unmasked(v) {
                        continue;
                    }
                    Customers::tag_key(text, KeySpace::Email);
                    text.push_str(&v.to_lowercase());
                }
                r => {
                    let v = cell(f, l, *r);
                    if !unmasked(v) {
                        continue;
                    }
                    Customers::tag_key(text, space_of(*r));
                    text.push_str(v);
                }
            }
            if let Some(u) = self.key_used.get_mut(i) {
                *u = true;
            }
            self.key_col = u8::try_from(i).unwrap_or(NO_KEY_COL);
            return true;
        }
        false
    }

    /// The row's customer, interned now (after the keys pending before it).
    pub(super) fn customer_key(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> u32 {
        self.flush_keys(sh);
        if !self.key_text(f) {
            return NO_CUSTOMER;
        }
        self.keys.ends.push(self.keys.text.len());
        self.keys.rows.push(NO_PATCH);
        self.flush_keys(sh);
        self.keys.ids.first().copied().unwrap_or(NO_CUSTOMER)
    }

    /// Queues the row's customer key, to be interned with the next batch and written into
    /// record `row` of this file's table (its orders or interest, by kind); false when the row
    /// has none.
    pub(super) fn defer_customer(&mut self, f: &Cells<'_>, row: usize, sh: &mut Shared<'_>) -> bool {
        // (the records of the keys pending so far exist; this row's does not yet)
        if self.keys.ends.len() >= PENDING_KEYS || self.keys.text.len() >= PENDING_TEXT {
            self.flush_keys(sh);
        }
        if !self.key_text(f) {
            return false;
        }
        self.keys.ends.push(self.keys.text.len());
        self.keys.rows.push(row);
        true
    }

    /// Interns the pending keys and writes their ids into their records.
    pub fn flush_keys(&mut self, sh: &mut Shared<'_>) {
        let k = &mut self.keys;
        k.ids.clear();
        if k.ends.is_empty() {
            return;
        }
        sh.customers.intern_tagged(&k.text, &k.ends, &mut k.ids);
        for (&row, &id) in k.rows.iter().zip(&k.ids) {
            let slot = match self.layout.kind {
                Kind::Orders => self.table.orders.get_mut(row).map(|o| &mut o.customer),
                Kind::Interest => self.table.interest.get_mut(row).map(|e| &mut e.customer),
                _ => None,
            };
            if let Some(c) = slot {
                *c = id;
            }
        }
        k.text.clear();
        k.ends.clear();
        k.rows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_plans_follow_the_platforms_key_space() {
        let names = |kind, p| key_plan(kind, p).into_iter().map(|(_, n)| n).collect::<Vec<_>>();
        let cases: &[(Kind, Platform, &[&str])] = &[
            (Kind::Orders, Platform::Taobao, &["customer", "email", "payer", "receiver"]),
            (Kind::Orders, Platform::Shopify, &["email", "phone", "customer", "receiver"]),
            (Kind::Customers, Platform::Taobao, &["customer", "email"]),
            (Kind::Interest, Platform::Woocommerce, &["email", "customer"]),
            (Kind::Calls, Platform::Shopify, &["customer", "phone"]),
            (Kind::Tickets, Platform::Jd, &["customer", "email"]),
        ];
        for &(kind, p, want) in cases {
            assert_eq!(names(kind, p), want, "{kind:?} {p:?}");
        }
    }

    #[test]
    fn key_columns_tag_their_key_space() {
        let cases = [
            (Role::Email, KeySpace::Email),
            (Role::Phone, KeySpace::Phone),
            (Role::Payer, KeySpace::Payer),
            (Role::Receiver, KeySpace::Receiver),
            (Role::Customer, KeySpace::Nick),
        ];
        for (r, want) in cases {
            assert_eq!(space_of(r), want, "{r:?}");
        }
    }
}

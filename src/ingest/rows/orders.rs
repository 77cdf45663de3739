//! Order rows: their cells, the repeats of an order id (duplicates or more line items), the
//! region of the shipping address.

use super::keys::NO_KEY_COL;
use super::status::status_valid;
use super::{cell, present, Outcome, Shared, Sink};
use crate::ingest::cells::Cells;
use crate::ingest::detect::{Layout, Role};
use crate::ingest::values;
use crate::ingest::{Accounting, SkipReason};
use crate::store::{self, Order, Regions, NO_CUSTOMER, NO_REGION};

/// An order row's own cells ([`Sink::read_order`]).
struct OrderCells {
    /// Creation time (seconds).
    created: i64,
    /// Paid, in cents.
    paid: i64,
    /// Refunded, in cents.
    refund: i64,
    /// Whether the status counts as paid; None for a status not known to the platform.
    status: Option<bool>,
    /// Whether the order is marked cancelled.
    cancelled: bool,
}

/// The first token of a raw address (bytes before the first space) when it is short and can
/// decide the province alone: the key under which a region is memoised.
fn address_token(raw: &[u8]) -> Option<&[u8]> {
    let t = raw.split(|b| *b == b' ').next()?;
    (!t.is_empty()
        && t.len() < raw.len()
        && t.len() <= 24
        && !t.contains(&b',')
        && !t.contains(&b'\'')
        && !t.contains(&b'='))
    .then_some(t)
}

pub(super) fn region_of(f: &Cells<'_>, l: &Layout, regions: &mut Regions) -> u16 {
    let country = cell(f, l, Role::Country);
    let prov = cell(f, l, Role::Province);
    let china = !present(country)
        || matches!(country.to_ascii_lowercase().as_str(), "cn" | "china" | "中国" | "中国大陆" | "chn" | "prc");
    if !china {
        if present(prov) {
            return regions.intern(&format!("{country}/{prov}"));
        }
        return regions.intern(country);
    }
    if let Some(p) = values::normalize_province(prov) {
        return regions.intern(p);
    }
    let addr = cell(f, l, Role::Address);
    if let Some(p) = values::province_from_address(addr) {
        return regions.intern(p);
    }
    NO_REGION
}

impl Sink {
    pub(super) fn order(&mut self, f: &Cells<'_>, hash: u64, acc: &mut Accounting, sh: &mut Shared<'_>) -> Outcome {
        let l = &self.layout;
        let id = cell(f, l, Role::OrderId);
        if !present(id) {
            return Outcome::Skip(SkipReason::MissingOrderId, Some(Role::OrderId));
        }
        let key = store::order_key(id);
        let items_col = l.col(Role::Items).is_some();
        let items = if items_col {
            values::parse_count(cell(f, l, Role::Items)).map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
        } else {
            1
        };
        // A repeated order id. Taobao and Pinduoduo write one row per order: any repeat is a
        // duplicate, also of a row that was skipped. Line-item layouts: a row identical to an
        // earlier row of the order is a duplicate, another row is one more item; the items of an
        // order whose first row was skipped share its fate.
        let per_order = l.platform.one_row_per_order();
        if per_order {
            self.row_key = Some(key);
            // Whether the id is a repeat is a memory access that misses the cache on a big
            // file: it is started first, and the row's cells are read while it is on its way
            // (they are read the same whatever the answer; nothing is kept from a repeat).
            if let Ok(k) = u64::try_from(key) {
                self.seen64.prefetch(k);
            }
            let read = self.read_order(f);
            if self.repeat_order(key) {
                return Outcome::Skip(SkipReason::Duplicate, Some(Role::OrderId));
            }
            return match read {
                Ok(r) => {
                    // What a kept order reads beyond the cells above (its region, a fallback
                    // customer key, an unknown status's text) does not count in
                    // `replaced_bytes`: a reader of a later part keeps orders that the merge
                    // drops as repeats of an earlier part, and a region is memoised by the
                    // address's first token, so which rows decode those cells depends on more
                    // than the rows themselves. Reading a file in parts must report what
                    // reading it whole does.
                    f.set_quiet(true);
                    let out = self.add_order(f, key, items, r, acc, sh);
                    f.set_quiet(false);
                    out
                }
                Err(out) => out,
            };
        } else {
            if !self.rows_seen.insert((key, hash)) {
                return Outcome::Skip(SkipReason::Duplicate, Some(Role::OrderId));
            }
            if let Some(&idx) = self.orders.get(&key) {
                if let Some(o) = self.table.orders.get_mut(idx as usize) {
                    o.items = o.items.saturating_add(items);
                }
                return Outcome::Used;
            }
            if let Some(&(reason, role)) = self.failed.get(&key) {
                return Outcome::Skip(reason, Some(role));
            }
        }
        let out = match self.read_order(f) {
            Ok(r) => self.add_order(f, key, items, r, acc, sh),
            Err(out) => out,
        };
        if let Outcome::Skip(reason, Some(role)) = out {
            self.failed.insert(key, (reason, role));
        }
        out
    }

    /// The order's own cells, read without changing anything but the status memo: the row is
    /// skipped (the error) when a date or amount does not read.
    fn read_order(&mut self, f: &Cells<'_>) -> Result<OrderCells, Outcome> {
        let l = &self.layout;
        let created_raw = cell(f, l, Role::Created);
        let Some(created) = values::parse_datetime(created_raw) else {
            return Err(Outcome::Skip(SkipReason::BadDate, Some(Role::Created)));
        };
        let Some(paid) = values::parse_money_cents(cell(f, l, Role::Amount)) else {
            return Err(Outcome::Skip(SkipReason::BadAmount, Some(Role::Amount)));
        };
        let refund_raw = cell(f, l, Role::Refund);
        let refund = match values::parse_money_cents(refund_raw) {
            Some(c) => c,
            None if !refund_raw.bytes().any(|b| b.is_ascii_digit()) => 0,
            None => return Err(Outcome::Skip(SkipReason::BadAmount, Some(Role::Refund))),
        };
        let status = match l.col(Role::Status) {
            None => Some(true),
            Some(col) => {
                // a file has a handful of status texts: judge each raw text once
                let raw = f.raw_bytes(col);
                match raw.and_then(|r| self.status_memo.get(r).copied()) {
                    Some(v) => v,
                    None => {
                        let v = status_valid(l.platform, cell(f, l, Role::Status));
                        if let Some(r) = raw {
                            if self.status_memo.len() < 4096 {
                                self.status_memo.insert(r.into(), v);
                            }
                        }
                        v
                    }
                }
            }
        };
        let cancelled = present(cell(f, l, Role::Cancelled));
        Ok(OrderCells { created: created.and_utc().timestamp(), paid, refund, status, cancelled })
    }

    /// Adds a new order read by [`Sink::read_order`].
    fn add_order(
        &mut self,
        f: &Cells<'_>,
        key: u128,
        items: u32,
        r: OrderCells,
        acc: &mut Accounting,
        sh: &mut Shared<'_>,
    ) -> Outcome {
        let OrderCells { created, paid, refund, status, cancelled } = r;
        let status_ok = match status {
            Some(v) => v,
            None => {
                let s = cell(f, &self.layout, Role::Status);
                let s = if s.is_empty() { "(blank)" } else { s };
                match &mut self.part {
                    // counted when the merge keeps the order
                    Some(p) => p.unknown.push((self.table.orders.len(), s.to_string())),
                    None => acc.unknown_status(s),
                }
                false
            }
        };
        let fully_refunded = refund > 0 && refund >= paid;
        let valid = status_ok && !cancelled && !fully_refunded;
        let region = self.order_region(f, sh);
        // the customer is filled in when its key is interned, with the next batch
        let customer = NO_CUSTOMER;
        if !self.defer_customer(f, self.table.orders.len(), sh) {
            acc.rows_without_key += 1;
            self.key_col = NO_KEY_COL;
        }
        if let Some(p) = &mut self.part {
            p.key_col.push(self.key_col);
        }
        if !self.layout.platform.one_row_per_order() {
            // later line items of this order add to it
            let idx = u32::try_from(self.table.orders.len()).unwrap_or(u32::MAX);
            self.orders.insert(key, idx);
        }
        self.table.orders.push(Order { key, customer, created, paid, refund, items, region, valid });
        Outcome::Used
    }

    /// The region of an order row, memoised on the raw province/country cells or on the first
    /// token of the raw address, so most rows decode nothing for it.
    fn order_region(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> u16 {
        let l = &self.layout;
        let by_columns = l.col(Role::Province).is_some() || l.col(Role::Country).is_some();
        // the memo key, built in a buffer reused from row to row
        let key = &mut self.region_key;
        key.clear();
        let keyed = if by_columns {
            let c = l.col(Role::Country).map_or(Some(&b""[..]), |i| f.raw_bytes(i));
            let p = l.col(Role::Province).map_or(Some(&b""[..]), |i| f.raw_bytes(i));
            let a = l.col(Role::Address).and_then(|i| f.raw_bytes(i)).and_then(address_token).unwrap_or(b"");
            match (c, p) {
                (Some(c), Some(p)) => {
                    for part in [c, b"\x1f", p, b"\x1f", a] {
                        key.extend_from_slice(part);
                    }
                    true
                }
                _ => false,
            }
        } else {
            match l.col(Role::Address).and_then(|i| f.raw_bytes(i)).and_then(address_token) {
                Some(t) => {
                    key.extend_from_slice(t);
                    true
                }
                None => false,
            }
        };
        if keyed {
            if let Some(r) = self.region_memo.get(key.as_slice()) {
                return *r;
            }
        }
        let r = region_of(f, l, sh.regions);
        if keyed {
            // only a known province is memoised: it was decided by the token alone
            let token_decides = by_columns || {
                let addr = cell(f, l, Role::Address);
                let token = addr.split(' ').next().unwrap_or("");
                values::province_from_address(token).is_some_and(|p| sh.regions.name(r) == p)
            };
            if r != NO_REGION && token_decides && self.region_memo.len() < 100_000 {
                self.region_memo.insert(self.region_key.as_slice().into(), r);
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_token_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("浙江省 杭州市 西湖区", Some("浙江省")),
            ("上海 上海市 浦东新区", Some("上海")),
            ("Zhejiang 杭州市", Some("Zhejiang")),
            ("浙江省杭州市西湖区", None),
            (" 浙江省 杭州市", None),
            ("张三，86-138,浙江省 杭州市", None),
            ("'浙江 杭州", None),
            ("=\"浙江\" 杭州", None),
            ("内蒙古自治区呼和浩特市回民区 某路", None),
            ("", None),
        ];
        for &(raw, want) in cases {
            assert_eq!(address_token(raw.as_bytes()), want.map(str::as_bytes), "{raw:?}");
        }
    }
}

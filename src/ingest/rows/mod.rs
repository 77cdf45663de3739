//! From one record (the cells of one row) to typed rows, with every row accounted for.
//!
//! One [`Sink`] per file: `orders.rs` reads order rows, `kinds.rs` the other kinds, `keys.rs`
//! finds and interns the customer key of a row, `status.rs` knows which order statuses count,
//! and `parts.rs` takes in a later part of a file read on its own.

mod keys;
mod kinds;
mod orders;
mod parts;
mod status;

pub(in crate::ingest) use parts::PartLog;
pub use parts::PartRows;
pub use status::status_valid;

use super::cells::Cells;
use super::detect::{Layout, Role};
use super::values::{clean, is_missing};
use super::{Accounting, SkipReason};
use crate::model::{Action, Kind};
use crate::store::{self, Customers, Interner, Regions, Table};
use keys::{key_plan, PendingKeys, NO_KEY_COL};
use rustc_hash::FxHashMap as HashMap;

/// The workspace-wide interners a sink writes into.
pub struct Shared<'a> {
    /// Customer keys.
    pub customers: &'a mut Customers,
    /// Region keys.
    pub regions: &'a mut Regions,
    /// Labels (agents, ticket types, sources, tags, customers-file cells).
    pub labels: &'a mut Interner,
}

/// The typed rows of one file being built.
pub struct Sink {
    layout: Layout,
    table: Table,
    /// order key → index in `table.orders` (line-item layouts only)
    orders: HashMap<u128, u32>,
    /// ids seen (per-order layouts), customers and tickets seen
    seen: HashMap<u128, ()>,
    /// order ids below 2^64 seen (per-order layouts)
    seen64: store::IdSet,
    /// (order key, row hash) of every row of a line-item layout
    rows_seen: rustc_hash::FxHashSet<(u128, u64)>,
    /// raw status text → valid? (None: unknown status)
    status_memo: HashMap<Box<[u8]>, Option<bool>>,
    /// raw province/country/address-token → region
    region_memo: HashMap<Box<[u8]>, u16>,
    /// raw 行为 text of an interest event → its action (None: a text no spelling names)
    action_memo: HashMap<Box<[u8]>, Option<Action>>,
    /// raw 省份 text of an interest event → one of the 34 divisions, or none
    province_memo: HashMap<Box<[u8]>, u16>,
    /// the memo key of the current row
    region_key: Vec<u8>,
    /// line-item orders whose first row was skipped, and why
    failed: HashMap<u128, (SkipReason, Role)>,
    key_cols: Vec<(Role, &'static str)>,
    /// Which key columns were used, by their position in `key_cols`.
    pub key_used: Vec<bool>,
    /// Customer keys waiting to be interned together.
    keys: PendingKeys,
    /// The key column (index in `key_cols`) of the last key found.
    key_col: u8,
    /// The order key of the current row, once known (per-order layouts).
    row_key: Option<u128>,
    /// Set when this sink reads a later part of a file on its own (see [`Sink::for_part`]).
    part: Option<PartLog>,
    /// The row number of the current row (as errors count rows).
    row_no: u32,
}

/// How a row ended.
enum Outcome {
    Used,
    Skip(SkipReason, Option<Role>),
}

fn cell<'a>(f: &'a Cells<'_>, l: &Layout, r: Role) -> &'a str {
    l.col(r).map(|i| clean(f.get(i))).unwrap_or("")
}

fn present(s: &str) -> bool {
    !is_missing(s)
}

fn unmasked(s: &str) -> bool {
    present(s) && !s.contains('*')
}

/// The columns a sink reads on every row of a layout, which a text file decodes up front: for
/// orders and interest events the fields every row needs and the first customer-key column (the
/// fallback keys are read only when it is empty); for the small kinds every column but those
/// whose raw bytes are memoised (status, region), which are decoded only on a memo miss.
pub fn eager_columns(l: &Layout) -> Vec<usize> {
    use Role::*;
    let first_key = key_plan(l.kind, l.platform).into_iter().map(|(r, _)| r).find(|r| l.col(*r).is_some());
    let roles: Vec<Role> = match l.kind {
        Kind::Orders => [OrderId, Created, Amount, Refund, Items, Cancelled].into_iter().chain(first_key).collect(),
        Kind::Interest => [Time].into_iter().chain(first_key).collect(),
        _ => {
            let memoised = [Status, Address, Province, Country];
            l.cols.keys().copied().filter(|r| !memoised.contains(r)).collect()
        }
    };
    let mut v: Vec<usize> = roles.iter().filter_map(|r| l.col(*r)).collect();
    v.sort_unstable();
    v.dedup();
    v
}
impl Sink {
    /// A sink for a detected layout.
    pub fn new(layout: Layout) -> Sink {
        let key_cols: Vec<(Role, &'static str)> = key_plan(layout.kind, layout.platform)
            .into_iter()
            .filter(|(r, _)| match r {
                Role::Receiver => [Role::Receiver, Role::Phone, Role::Address].iter().any(|x| layout.col(*x).is_some()),
                r => layout.col(*r).is_some(),
            })
            .collect();
        let key_used = vec![false; key_cols.len()];
        Sink {
            layout,
            table: Table::default(),
            orders: HashMap::default(),
            seen: HashMap::default(),
            seen64: Default::default(),
            rows_seen: Default::default(),
            failed: HashMap::default(),
            status_memo: HashMap::default(),
            region_memo: HashMap::default(),
            action_memo: HashMap::default(),
            province_memo: HashMap::default(),
            region_key: Vec::new(),
            key_cols,
            key_used,
            keys: PendingKeys::default(),
            key_col: NO_KEY_COL,
            row_key: None,
            part: None,
            row_no: 0,
        }
    }

    /// Whether a later part of a file of this layout can be read on its own and taken in
    /// exactly ([`Sink::absorb_part`]): per-order order exports and interest events. (Line items
    /// of one order may straddle the parts, and a customer list dedupes on the customer: those
    /// files are read in one piece.)
    pub fn splittable(&self) -> bool {
        match self.layout.kind {
            Kind::Orders => self.layout.platform.one_row_per_order(),
            Kind::Interest => true,
            _ => false,
        }
    }

    /// Makes room for about `rows` more rows (an estimate from the file's size), so the big
    /// vectors grow once instead of doubling and copying (in wasm a copy of tens of MB each time).
    pub fn reserve(&mut self, rows: usize) {
        // try_reserve: an estimate that does not fit is simply not reserved (never an abort)
        let t = &mut self.table;
        let _ = match self.layout.kind {
            Kind::Orders => {
                if self.layout.platform.one_row_per_order() {
                    self.seen64.reserve(rows);
                }
                t.orders.try_reserve(rows)
            }
            Kind::Interest => t.interest.try_reserve(rows),
            Kind::Calls => t.calls.try_reserve(rows),
            Kind::Tickets => t.tickets.try_reserve(rows),
            Kind::Customers => t.profiles.try_reserve(rows),
        };
    }

    /// The layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Takes one data row (cells as decoded text). Counts it in `acc`.
    /// `hash` identifies the row's whole content (to tell a duplicate from another line item).
    pub fn row(&mut self, f: &Cells<'_>, row: u64, hash: u64, acc: &mut Accounting, sh: &mut Shared<'_>) {
        acc.rows_total += 1;
        self.row_key = None;
        self.row_no = u32::try_from(row).unwrap_or(u32::MAX);
        let out = match self.layout.kind {
            Kind::Orders => self.order(f, hash, acc, sh),
            Kind::Customers => self.profile(f, sh),
            Kind::Interest => self.interest(f, acc, sh),
            Kind::Calls => self.call(f, sh),
            Kind::Tickets => self.ticket(f, sh),
        };
        match out {
            Outcome::Used => acc.rows_used += 1,
            Outcome::Skip(reason, role) => {
                let col = role.and_then(|r| self.layout.name(r)).map(str::to_string);
                let value = role.and_then(|r| self.layout.col(r)).map(|i| f.get(i).to_string());
                acc.skip_keyed(row, reason, col, value, self.logged_key(reason));
            }
        }
    }

    /// The typed rows, when the file is done.
    pub fn into_table(mut self, sh: &mut Shared<'_>) -> Table {
        self.flush_keys(sh);
        if self.layout.kind == Kind::Customers {
            self.table.profile_header = self.layout.header.clone();
        }
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Platform;
    use std::collections::BTreeMap;

    /// A Taobao order layout: id, buyer, paid, status, created, address.
    pub(super) fn taobao_orders() -> Layout {
        let header = ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "收货地址"];
        let roles = [Role::OrderId, Role::Customer, Role::Amount, Role::Status, Role::Created, Role::Address];
        let cols: BTreeMap<Role, usize> = roles.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        Layout::new(Kind::Orders, Platform::Taobao, cols, header.iter().map(|h| h.to_string()).collect())
    }

    #[test]
    fn every_row_is_used_or_skipped_with_its_reason() {
        let (mut customers, mut regions, mut labels) = Default::default();
        let mut sh = Shared { customers: &mut customers, regions: &mut regions, labels: &mut labels };
        let mut sink = Sink::new(taobao_orders());
        let mut acc = Accounting::default();
        // (cells, how the row ends: None = used)
        let cases: &[([&str; 6], Option<SkipReason>)] = &[
            (["1001", "alice", "12.50", "交易成功", "2024-12-30 10:00:00", "浙江省 杭州市"], None),
            (
                ["1001", "alice", "12.50", "交易成功", "2024-12-30 10:00:00", "浙江省 杭州市"],
                Some(SkipReason::Duplicate),
            ),
            (["", "bob", "1.00", "交易成功", "2024-12-30 10:00:00", ""], Some(SkipReason::MissingOrderId)),
            (["1002", "bob", "abc", "交易成功", "2024-12-30 10:00:00", ""], Some(SkipReason::BadAmount)),
            (["1003", "carol", "1.00", "交易成功", "30/12/2024", ""], Some(SkipReason::BadDate)),
            (["=\"1004\"", "", "￥3.00", "交易关闭", "2024-12-31", "上海 上海市"], None),
        ];
        for (i, (cells, want)) in cases.iter().enumerate() {
            let row = i as u64 + 1;
            let before = acc.clone();
            sink.row(&Cells::text(cells), row, row, &mut acc, &mut sh);
            assert_eq!(acc.rows_total, row);
            match want {
                None => assert_eq!(acc.rows_used, before.rows_used + 1, "row {row}"),
                Some(r) => {
                    assert_eq!(acc.rows_used, before.rows_used, "row {row}");
                    assert_eq!(acc.skipped.get(r), Some(&(before.skipped.get(r).unwrap_or(&0) + 1)), "row {row}");
                }
            }
        }
        // a row without a buyer falls back to the receiver's key (name|phone|address)
        assert_eq!(sink.key_columns(), ["买家会员名", "收货地址"]);
        let table = sink.into_table(&mut sh);
        let got: Vec<(u128, i64, bool, &str)> =
            table.orders.iter().map(|o| (o.key, o.paid, o.valid, sh.regions.name(o.region))).collect();
        assert_eq!(got, [(1001, 1250, true, "浙江省"), (1004, 300, false, "上海市")]);
        assert_eq!(sh.customers.key(table.orders[0].customer), "alice");
        assert_eq!(sh.customers.key(table.orders[1].customer), "||上海 上海市");
    }

    #[test]
    fn eager_columns_of_orders_are_the_fields_every_row_needs() {
        // id, buyer (the first key), paid, created; not status or address (memoised raw)
        assert_eq!(eager_columns(&taobao_orders()), [0, 1, 2, 4]);
    }
}

//! From one record (the cells of one row) to typed rows, with every row accounted for.

use super::cells::Cells;
use super::detect::{Layout, Role};
use super::values::{self, clean, is_missing};
use super::{Accounting, SkipReason};
use crate::model::{KeySpace, Kind, Platform};
use crate::store::{
    self, Call, Customers, Interest, Interner, Order, Profile, Regions, Table, Ticket, NO_CUSTOMER, NO_LABEL, NO_REGION,
};
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
}

/// What a sink reading a later part of a file keeps about its orders, so that the reader of the
/// part before can take them in exactly as if it had read them ([`Sink::absorb_part`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct PartLog {
    /// The key column of each order's customer (`NO_KEY_COL`: the order had no key).
    pub(super) key_col: Vec<u8>,
    /// Unknown status texts, with the index of their order.
    pub(super) unknown: Vec<(usize, String)>,
}

/// The rows a sink read from a later part of a file, and what the merge needs to know about
/// them ([`Sink::into_part_rows`], [`Sink::absorb_part`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PartRows {
    pub(super) orders: Vec<store::Order>,
    pub(super) interest: Vec<store::Interest>,
    pub(super) log: PartLog,
    /// The key columns the part's rows used (interest events: all are kept).
    pub(super) key_used: Vec<bool>,
}

/// `PartLog::key_col` of an order without a customer key.
const NO_KEY_COL: u8 = u8::MAX;

/// `PendingKeys::rows` of a key that no record waits for.
const NO_PATCH: usize = usize::MAX;
/// Keys interned in one batch, at most: a few batches of [`Interner::intern_batch`].
const PENDING_KEYS: usize = 256;
/// Bytes of pending key text that flush the batch early (a file of huge key cells).
const PENDING_TEXT: usize = 1 << 20;

/// Customer keys of recent rows, tagged (see `Customers::tag_key`), and the records their ids
/// go to.
#[derive(Default)]
struct PendingKeys {
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
    /// The record of each key in the sink's table, or [`NO_PATCH`].
    rows: Vec<usize>,
    /// The ids of the last flush.
    ids: Vec<u32>,
}

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

/// The fallback chain of customer-key columns for a platform (metrics.md "Customer key").
fn key_plan(kind: Kind, p: Platform) -> Vec<(Role, &'static str)> {
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

/// Whether a status text means a valid (paid, not closed) order. `None`: unknown text.
pub fn status_valid(p: Platform, s: &str) -> Option<bool> {
    const VALID: &[&str] = &[
        "交易成功",
        "卖家已发货，等待买家确认",
        "买家已付款，等待卖家发货",
        "卖家已发货,等待买家确认",
        "买家已付款,等待卖家发货",
        "等待卖家发货",
        "待发货",
        "已发货",
        "已完成",
        "完成",
        "已签收",
        "已收货",
        "待收货",
        "已发货，待收货",
        "已发货,待收货",
        "已付款",
        "已支付",
        "等待出库",
        "等待确认收货",
        "待签收",
        "部分发货",
        "卖家部分发货",
        "交易完成",
        "trade_finished",
        "wait_seller_send_goods",
        "wait_buyer_confirm_goods",
        "trade_buyer_signed",
        "seller_consigned_part",
        "paid",
        "partially_paid",
        "partially_refunded",
        "authorized",
        "completed",
        "processing",
        "wc-completed",
        "wc-processing",
        "complete",
        "shipped",
        "delivered",
        "fulfilled",
    ];
    const INVALID: &[&str] = &[
        "交易关闭",
        "交易被淘宝关闭",
        "等待买家付款",
        "已取消",
        "取消",
        "退款成功",
        "已退款",
        "待付款",
        "未付款",
        "已关闭",
        "交易取消",
        "全额退款",
        "订单关闭",
        "已作废",
        "trade_closed",
        "trade_closed_by_taobao",
        "wait_buyer_pay",
        "trade_no_create_pay",
        "pending",
        "refunded",
        "voided",
        "expired",
        "cancelled",
        "canceled",
        "failed",
        "on-hold",
        // WooCommerce's display labels (Analytics export)
        "on hold",
        "pending payment",
        "draft",
        "checkout-draft",
        "trash",
        "wc-pending",
        "wc-cancelled",
        "wc-refunded",
        "wc-failed",
        "wc-on-hold",
        "unpaid",
    ];
    let _ = p;
    if s.starts_with("(删除)") || s.starts_with("（删除）") {
        return Some(false);
    }
    let lower;
    let t = if s.is_ascii() {
        lower = s.to_ascii_lowercase();
        lower.as_str()
    } else {
        s
    };
    if VALID.contains(&t) {
        Some(true)
    } else if INVALID.contains(&t) {
        Some(false)
    } else {
        None
    }
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

fn region_of(f: &Cells<'_>, l: &Layout, regions: &mut Regions) -> u16 {
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

fn member_level(s: &str) -> Option<u8> {
    if !present(s) {
        return None;
    }
    let up = s.to_ascii_uppercase();
    if let Some(pos) = up.find("VIP").or_else(|| up.find('V')) {
        let digits: String =
            up.get(pos..)?.chars().skip_while(|c| c.is_ascii_alphabetic()).take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u8>() {
            return Some(n);
        }
    }
    if s.contains("普通") || s.contains("非会员") || up == "MEMBER" || up == "REGULAR" || s == "会员" {
        return Some(0);
    }
    None
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
            region_key: Vec::new(),
            key_cols,
            key_used,
            keys: PendingKeys::default(),
            key_col: NO_KEY_COL,
            row_key: None,
            part: None,
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

    /// A sink of the same layout for a later part of the file, read on its own.
    pub fn for_part(&self) -> Sink {
        let mut s = Sink::new(self.layout.clone());
        s.part = Some(PartLog::default());
        s
    }

    /// Whether the order key was seen before in this file (per-order layouts), noting it as
    /// seen: as `HashSet::insert`, negated.
    fn repeat_order(&mut self, key: u128) -> bool {
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
    fn logged_key(&self, reason: SkipReason) -> Option<u128> {
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
    fn customer_key(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> u32 {
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
    fn defer_customer(&mut self, f: &Cells<'_>, row: usize, sh: &mut Shared<'_>) -> bool {
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

    /// Takes one data row (cells as decoded text). Counts it in `acc`.
    /// `hash` identifies the row's whole content (to tell a duplicate from another line item).
    pub fn row(&mut self, f: &Cells<'_>, row: u64, hash: u64, acc: &mut Accounting, sh: &mut Shared<'_>) {
        acc.rows_total += 1;
        self.row_key = None;
        let out = match self.layout.kind {
            Kind::Orders => self.order(f, hash, acc, sh),
            Kind::Customers => self.profile(f, sh),
            Kind::Interest => self.interest(f, sh),
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

    fn order(&mut self, f: &Cells<'_>, hash: u64, acc: &mut Accounting, sh: &mut Shared<'_>) -> Outcome {
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

    fn profile(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let customer = self.customer_key(f, sh);
        if customer == NO_CUSTOMER {
            return Outcome::Skip(
                SkipReason::MissingCustomer,
                self.key_cols.first().map(|k| k.0).or(Some(Role::Customer)),
            );
        }
        if self.seen.insert(u128::from(customer), ()).is_some() {
            return Outcome::Skip(SkipReason::Duplicate, self.key_cols.first().map(|k| k.0));
        }
        let l = &self.layout;
        let source = cell(f, l, Role::Source);
        let tags = cell(f, l, Role::Tags)
            .split([';', ',', '，', '、', '|', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| sh.labels.intern(t))
            .collect();
        let cells = (0..f.len()).map(|i| sh.labels.intern(clean(f.get(i)))).collect();
        let region = region_of(f, l, sh.regions);
        self.table.profiles.push(Profile {
            customer,
            gender: values::parse_gender(cell(f, l, Role::Gender)),
            age: values::parse_age(cell(f, l, Role::Age)),
            birth: values::parse_date(cell(f, l, Role::Birthday))
                .map(|d| d.and_hms_opt(0, 0, 0).map_or(0, |t| store::day_of(t.and_utc().timestamp()))),
            region,
            member_level: member_level(cell(f, l, Role::MemberLevel)),
            source: if present(source) { sh.labels.intern(source) } else { NO_LABEL },
            tags,
            cells,
        });
        Outcome::Used
    }

    fn interest(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let Some(time) = values::parse_datetime(cell(f, &self.layout, Role::Time)) else {
            return Outcome::Skip(SkipReason::BadDate, Some(Role::Time));
        };
        if !self.defer_customer(f, self.table.interest.len(), sh) {
            return Outcome::Skip(
                SkipReason::MissingCustomer,
                self.key_cols.first().map(|k| k.0).or(Some(Role::Customer)),
            );
        }
        // the customer is filled in when its key is interned, with the next batch
        self.table.interest.push(Interest { customer: NO_CUSTOMER, time: time.and_utc().timestamp() });
        Outcome::Used
    }

    fn call(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let l = &self.layout;
        let Some(time) = values::parse_datetime(cell(f, l, Role::Time)) else {
            return Outcome::Skip(SkipReason::BadDate, Some(Role::Time));
        };
        let dur_raw = cell(f, l, Role::Duration);
        let duration = match values::parse_count(dur_raw) {
            Some(d) => u32::try_from(d).unwrap_or(u32::MAX),
            None if !present(dur_raw) => 0,
            None => return Outcome::Skip(SkipReason::BadValue, Some(Role::Duration)),
        };
        let conn_raw = cell(f, l, Role::Connected);
        let connected = match values::parse_bool(conn_raw) {
            Some(b) => b,
            None if !present(conn_raw) => duration > 0,
            None => return Outcome::Skip(SkipReason::BadValue, Some(Role::Connected)),
        };
        let ord_raw = cell(f, l, Role::Ordered);
        let ordered = match values::parse_bool(ord_raw) {
            Some(b) => b,
            None if !present(ord_raw) => false,
            None => return Outcome::Skip(SkipReason::BadValue, Some(Role::Ordered)),
        };
        let agent_raw = cell(f, l, Role::Agent);
        let agent = if present(agent_raw) { sh.labels.intern(agent_raw) } else { NO_LABEL };
        let customer = self.customer_key(f, sh);
        self.table.calls.push(Call { agent, customer, time: time.and_utc().timestamp(), duration, connected, ordered });
        Outcome::Used
    }

    fn ticket(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let l = &self.layout;
        let id = cell(f, l, Role::TicketId);
        if present(id) && self.seen.insert(store::order_key(id), ()).is_some() {
            return Outcome::Skip(SkipReason::Duplicate, Some(Role::TicketId));
        }
        let Some(created) = values::parse_datetime(cell(f, l, Role::Created)) else {
            return Outcome::Skip(SkipReason::BadDate, Some(Role::Created));
        };
        let opt_time = |r: Role| -> Result<Option<i64>, Role> {
            let raw = cell(f, l, r);
            if !present(raw) {
                return Ok(None);
            }
            values::parse_datetime(raw).map(|t| Some(t.and_utc().timestamp())).ok_or(r)
        };
        let first_response = match opt_time(Role::FirstResponse) {
            Ok(t) => t,
            Err(r) => return Outcome::Skip(SkipReason::BadDate, Some(r)),
        };
        let resolved = match opt_time(Role::Resolved) {
            Ok(t) => t,
            Err(r) => return Outcome::Skip(SkipReason::BadDate, Some(r)),
        };
        let label = |s: &str, labels: &mut Interner| if present(s) { labels.intern(s) } else { NO_LABEL };
        let status = cell(f, l, Role::Status).to_ascii_lowercase();
        let is_resolved =
            matches!(status.as_str(), "已解决" | "已关闭" | "resolved" | "closed" | "solved" | "已完结" | "完结");
        let satisfaction =
            values::parse_count(cell(f, l, Role::Satisfaction)).filter(|s| (1..=5).contains(s)).map(|s| s as u8);
        let ticket_type = label(cell(f, l, Role::TicketType), sh.labels);
        let channel = label(cell(f, l, Role::Channel), sh.labels);
        self.table.tickets.push(Ticket {
            ticket_type,
            channel,
            created: created.and_utc().timestamp(),
            first_response,
            resolved,
            is_resolved,
            satisfaction,
        });
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

    /// The typed rows, when the file is done.
    pub fn into_table(mut self, sh: &mut Shared<'_>) -> Table {
        self.flush_keys(sh);
        if self.layout.kind == Kind::Customers {
            self.table.profile_header = self.layout.header.clone();
        }
        self.table
    }
}

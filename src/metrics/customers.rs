//! Per-customer aggregates over valid orders, and each customer's dimensions (region, age band,
//! gender, source, any customers-file column).

use super::tiering::{each_chunk, each_index};
use super::Context;
use crate::ingest::values::age_at;
use crate::model::Gender;
use crate::store::{day_of, Order, Profile, NO_CUSTOMER, NO_LABEL, NO_REGION};
use chrono::NaiveDate;

/// One customer with at least one valid order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerAgg {
    /// Interned customer.
    pub id: u32,
    /// Valid orders.
    pub orders: u64,
    /// Revenue in cents.
    pub revenue: i64,
    /// Items.
    pub items: u64,
    /// Day of the first valid order.
    pub first: i64,
    /// Day of the last valid order.
    pub last: i64,
    /// `as_of - last`.
    pub recency: i64,
    /// Region of the latest valid order (latest creation time; ties: larger order id).
    pub region: u16,
}

/// A customer's running totals in [`aggregate`].
#[derive(Clone, Copy)]
struct Acc {
    revenue: i64,
    items: u64,
    /// Creation time of the latest valid order.
    latest: i64,
    /// Creation time of the earliest valid order.
    earliest: i64,
    /// Valid orders (0: none yet).
    orders: u32,
    /// Index of the latest valid order (its id breaks ties of `latest`).
    latest_at: u32,
    /// Region of the latest valid order.
    region: u16,
}

const EMPTY: Acc = Acc { revenue: 0, items: 0, latest: 0, earliest: 0, orders: 0, latest_at: 0, region: 0 };

/// One valid order as [`aggregate`] sums it: what its customer's totals need, in 32 bytes.
#[derive(Clone, Copy, Default)]
struct Sale {
    created: i64,
    revenue: i64,
    customer: u32,
    items: u32,
    /// Index in the orders.
    at: u32,
    region: u16,
}

/// Customer ids per range in [`aggregate`]: a range's running totals (48 bytes each, 768 KB)
/// stay in a core's L2 cache while its orders are summed.
const RANGE: usize = 1 << 14;

/// Aggregates valid orders with a customer key, sorted by customer id. `n` is the number of
/// interned customer keys (ids are dense). A customer's totals were a cache miss per order in
/// a vector over every key (hundreds of MB at 10M orders); instead the orders are first sorted
/// into ranges of customer ids (a count, then one pass writing 32 bytes an order), and each
/// range is summed in a table that stays in the cache.
pub fn aggregate(orders: &[Order], as_of: i64, n: usize) -> Vec<CustomerAgg> {
    aggregate_in_ranges(orders, as_of, n, RANGE, None)
}

/// One valid order as the change-over-time sections read it: its day and revenue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaySale {
    /// Revenue in cents.
    pub revenue: i64,
    /// Day of creation.
    pub day: i64,
}

/// The valid orders of every customer, grouped by customer in the order of the aggregates and
/// each customer's sorted by day, and the valid orders without a customer key.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    /// The sales of the aggregates' customer `i` are `sales[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    sales: Vec<DaySale>,
    /// Valid orders without a customer key.
    pub keyless: Vec<DaySale>,
}

impl Grouped {
    /// Sales grouped elsewhere (the warehouse path): customer `i`'s are
    /// `sales[start[i]..start[i + 1]]`, sorted by day; `start` ends with `sales.len()`.
    pub fn from_parts(start: Vec<usize>, sales: Vec<DaySale>, keyless: Vec<DaySale>) -> Grouped {
        Grouped { start, sales, keyless }
    }

    /// The sales of the aggregates' customer `i`, sorted by day.
    pub fn of(&self, i: usize) -> &[DaySale] {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(a), Some(b)) => self.sales.get(*a..*b).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Every customer's sales, customer after customer.
    pub fn all(&self) -> &[DaySale] {
        &self.sales
    }
}

/// [`aggregate`], and each customer's valid orders grouped as [`Grouped`]: put at their
/// customer's place while a range of customers is summed (its sales are in the cache then),
/// instead of in a second pass over every order.
pub fn aggregate_grouped(orders: &[Order], as_of: i64, n: usize) -> (Vec<CustomerAgg>, Grouped) {
    let mut g = Grouped::default();
    let out = aggregate_in_ranges(orders, as_of, n, RANGE, Some(&mut g));
    (out, g)
}

/// Sorts a customer's sales by day: insertion sort for the usual handful, else the library's.
fn sort_by_day(s: &mut [DaySale]) {
    if s.len() > 16 {
        s.sort_unstable_by_key(|x| x.day);
        return;
    }
    for i in 1..s.len() {
        let mut j = i;
        while j > 0 && s.get(j - 1).map(|x| x.day) > s.get(j).map(|x| x.day) {
            s.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn aggregate_in_ranges(
    orders: &[Order],
    as_of: i64,
    n: usize,
    range: usize,
    mut grouped: Option<&mut Grouped>,
) -> Vec<CustomerAgg> {
    let range = range.max(1);
    let keep = |o: &Order| o.valid && o.customer != NO_CUSTOMER && (o.customer as usize) < n;
    let ranges = n.div_ceil(range);
    // where each range's sales start, then the sales in range order (file order within one)
    let mut start = vec![0usize; ranges + 1];
    let mut keyless = Vec::new();
    // the customers with a valid order, one bit each (100 KB for 800k ids): how many aggregates
    // there will be, so that they are written once into a vector of their size instead of
    // copied as a growing one doubles
    let mut buyer = vec![0u64; n.div_ceil(64)];
    each_chunk(orders, &mut |_, chunk| {
        for o in chunk {
            if keep(o) {
                if let Some(c) = start.get_mut(o.customer as usize / range + 1) {
                    *c += 1;
                }
                if let Some(w) = buyer.get_mut(o.customer as usize / 64) {
                    *w |= 1 << (o.customer % 64);
                }
            } else if o.valid && o.customer == NO_CUSTOMER {
                keyless.push(DaySale { revenue: o.revenue(), day: day_of(o.created) });
            }
        }
    });
    if let Some(g) = grouped.as_deref_mut() {
        g.keyless = keyless;
    }
    for r in 0..ranges {
        let before = start.get(r).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(r + 1) {
            *c += before;
        }
    }
    let mut sales = vec![Sale::default(); start.last().copied().unwrap_or(0)];
    let mut fill = start.clone();
    each_chunk(orders, &mut |first, chunk| {
        for (at, o) in chunk.iter().enumerate().filter(|(_, o)| keep(o)) {
            let Some(f) = fill.get_mut(o.customer as usize / range) else { continue };
            if let Some(s) = sales.get_mut(*f) {
                *s = Sale {
                    created: o.created,
                    revenue: o.revenue(),
                    customer: o.customer,
                    items: o.items,
                    at: u32::try_from(first + at).unwrap_or(u32::MAX),
                    region: o.region,
                };
            }
            *f += 1;
        }
    });
    let mut acc = vec![EMPTY; range.min(n)];
    let buyers: usize = buyer.iter().map(|w| w.count_ones() as usize).sum();
    drop(buyer);
    let mut out = Vec::with_capacity(buyers);
    // grouping: each customer's next place in the range
    let mut next = vec![usize::MAX; if grouped.is_some() { range.min(n) } else { 0 }];
    if let Some(g) = grouped.as_deref_mut() {
        g.sales = vec![DaySale::default(); sales.len()];
        g.start = Vec::with_capacity(buyers + 1);
    }
    let mut placed = 0usize;
    each_index(ranges, &mut |r| {
        let base = r * range;
        let (from, to) = (start.get(r).copied().unwrap_or(0), start.get(r + 1).copied().unwrap_or(0));
        for s in sales.get(from..to).unwrap_or(&[]) {
            if let Some(e) = acc.get_mut((s.customer as usize).wrapping_sub(base)) {
                add(e, orders, s);
            }
        }
        if let Some(g) = grouped.as_deref_mut() {
            let range_first = g.start.len();
            for (a, x) in acc.iter().zip(next.iter_mut()) {
                if a.orders > 0 {
                    g.start.push(placed);
                    *x = placed;
                    placed += a.orders as usize;
                }
            }
            for s in sales.get(from..to).unwrap_or(&[]) {
                let Some(x) = next.get_mut((s.customer as usize).wrapping_sub(base)) else { continue };
                if let Some(d) = g.sales.get_mut(*x) {
                    *d = DaySale { revenue: s.revenue, day: day_of(s.created) };
                    *x += 1;
                }
            }
            // each customer's sales by day, while the range is in the cache
            for i in range_first..g.start.len() {
                let (a, b) = (g.start.get(i).copied().unwrap_or(0), g.start.get(i + 1).copied().unwrap_or(placed));
                if let Some(x) = g.sales.get_mut(a..b).filter(|x| x.len() > 1) {
                    sort_by_day(x);
                }
            }
        }
        for (k, a) in acc.iter_mut().enumerate() {
            if a.orders == 0 {
                continue;
            }
            let (first, last) = (day_of(a.earliest), day_of(a.latest));
            out.push(CustomerAgg {
                id: u32::try_from(base + k).unwrap_or(u32::MAX),
                orders: u64::from(a.orders),
                revenue: a.revenue,
                items: a.items,
                first,
                last,
                recency: as_of - last,
                region: a.region,
            });
            *a = EMPTY;
        }
    });
    if let Some(g) = grouped {
        g.start.push(placed);
    }
    out
}

/// Adds a sale to its customer's totals (`orders`: for the ids that break ties of time).
#[inline(always)]
fn add(e: &mut Acc, orders: &[Order], s: &Sale) {
    let key = |at: u32| orders.get(at as usize).map(|o| o.key);
    if e.orders == 0 {
        *e = Acc { latest: s.created, earliest: s.created, latest_at: s.at, region: s.region, ..EMPTY };
    } else if s.created > e.latest || (s.created == e.latest && key(s.at) > key(e.latest_at)) {
        e.latest = s.created;
        e.latest_at = s.at;
        e.region = s.region;
    }
    e.orders = e.orders.saturating_add(1);
    e.revenue += s.revenue;
    e.items += u64::from(s.items);
    e.earliest = e.earliest.min(s.created);
}

/// The age bands, in order.
pub const AGE_BANDS: [&str; 8] = ["<18", "18-24", "25-29", "30-34", "35-39", "40-49", "50+", "unknown"];

/// The band of an age.
pub fn age_band(age: Option<u32>) -> &'static str {
    match age {
        None => "unknown",
        Some(a) if a < 18 => "<18",
        Some(a) if a <= 24 => "18-24",
        Some(a) if a <= 29 => "25-29",
        Some(a) if a <= 34 => "30-34",
        Some(a) if a <= 39 => "35-39",
        Some(a) if a <= 49 => "40-49",
        Some(_) => "50+",
    }
}

/// A customer's profile, its file's header, and that file's phone column.
type ProfileRow<'a> = (&'a Profile, &'a [String], Option<usize>);

/// Looks up each customer's dimensions.
pub struct Dims<'a> {
    ctx: &'a Context<'a>,
    /// customer id → (profile, its file's header); first customers file wins
    profiles: Vec<Option<ProfileRow<'a>>>,
    /// customer id → index in `ctx.customers`
    buyers: Vec<u32>,
    as_of: Option<NaiveDate>,
    /// Whether an interest file was read (the last fallback of a region).
    has_events: bool,
}

/// Day number → date.
fn date_of(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + 719_163).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Builds the lookups: the first profile of each customer across customers files.
pub fn dims<'a>(ctx: &'a Context<'a>) -> Dims<'a> {
    let n = ctx.store.customers.len();
    // without a customers file no id has a profile: no table over every id (at 1M orders the
    // ids are 800k, and this table was the report's largest allocation)
    let listed = ctx.store.files.iter().any(|f| !f.table.profiles.is_empty());
    let mut profiles: Vec<Option<ProfileRow<'a>>> = if listed { vec![None; n] } else { Vec::new() };
    for f in &ctx.store.files {
        // the phone column of this customers file, as detected or mapped
        let phone_col = f.summary.columns.get("phone").and_then(|h| f.table.profile_header.iter().position(|x| x == h));
        for p in &f.table.profiles {
            if let Some(slot) = profiles.get_mut(p.customer as usize) {
                if slot.is_none() {
                    *slot = Some((p, f.table.profile_header.as_slice(), phone_col));
                }
            }
        }
    }
    let mut buyers = vec![u32::MAX; n];
    for (i, c) in ctx.customers.iter().enumerate() {
        if let Some(b) = buyers.get_mut(c.id as usize) {
            *b = u32::try_from(i).unwrap_or(u32::MAX);
        }
    }
    let has_events = ctx.store.has(crate::model::Kind::Interest);
    Dims { ctx, profiles, buyers, as_of: date_of(ctx.s.as_of), has_events }
}

impl<'a> Dims<'a> {
    /// The customer's profile, if a customers file lists them.
    pub fn profile(&self, c: u32) -> Option<&'a Profile> {
        self.profiles.get(c as usize).copied().flatten().map(|(p, _, _)| p)
    }

    /// The aggregate of a buyer.
    pub fn buyer(&self, c: u32) -> Option<&'a CustomerAgg> {
        self.buyers.get(c as usize).and_then(|i| self.ctx.customers.get(*i as usize))
    }

    /// The index of a buyer in `ctx.customers` (and so in the scores and tag sets).
    pub fn buyer_index(&self, c: u32) -> Option<usize> {
        self.buyers.get(c as usize).filter(|i| **i != u32::MAX).map(|i| *i as usize)
    }

    /// The phone of the customers file's row, as exported ("" without one).
    pub fn phone(&self, c: u32) -> &'a str {
        let Some((p, _, Some(col))) = self.profiles.get(c as usize).copied().flatten() else { return "" };
        p.cells.get(col).filter(|id| **id != NO_LABEL).map_or("", |id| self.ctx.store.labels.name(*id))
    }

    /// Region: the customers file's, else the latest valid order's shipping address's, else
    /// the province of the latest interest event that has one, else unknown (metrics.md,
    /// "Distributions": without the events' province every interested non-buyer would be 未知).
    pub fn region(&self, c: u32) -> u16 {
        if let Some(r) = self.profile(c).map(|p| p.region).filter(|r| *r != NO_REGION) {
            return r;
        }
        if let Some(r) = self.buyer(c).map(|b| b.region).filter(|r| *r != NO_REGION) {
            return r;
        }
        match self.has_events {
            true => self.ctx.interest_days().region(c as usize),
            false => NO_REGION,
        }
    }

    /// Region key.
    pub fn region_key(&self, c: u32) -> &'a str {
        self.ctx.store.regions.name(self.region(c))
    }

    /// Age in whole years at as_of: 年龄 when 1..=119, else from a full birth date.
    pub fn age(&self, c: u32) -> Option<u32> {
        let p = self.profile(c)?;
        if let Some(a) = p.age {
            return Some(u32::from(a));
        }
        let birth = date_of(p.birth?)?;
        age_at(birth, self.as_of?)
    }

    /// Age band key.
    pub fn age_band(&self, c: u32) -> &'static str {
        age_band(self.age(c))
    }

    /// Gender.
    pub fn gender(&self, c: u32) -> Gender {
        self.profile(c).map_or(Gender::Unknown, |p| p.gender)
    }

    /// Source label or 未知.
    pub fn source(&self, c: u32) -> &'a str {
        match self.profile(c).map(|p| p.source) {
            Some(s) if s != NO_LABEL => self.ctx.store.labels.name(s),
            _ => crate::store::UNKNOWN_REGION,
        }
    }

    /// Member level (0 ordinary, n = VIPn).
    pub fn member_level(&self, c: u32) -> Option<u8> {
        self.profile(c).and_then(|p| p.member_level)
    }

    /// Whether the customers file gives the customer this tag label.
    pub fn has_label_tag(&self, c: u32, label: &str) -> bool {
        let Some(id) = self.ctx.store.labels.get(label) else { return false };
        self.profile(c).is_some_and(|p| p.tags.contains(&id))
    }

    /// Whether any customers file uses this label in its tags column.
    pub fn label_exists(&self, label: &str) -> bool {
        let Some(id) = self.ctx.store.labels.get(label) else { return false };
        self.profiles.iter().flatten().any(|(p, _, _)| p.tags.contains(&id))
    }

    /// The value of any customers-file column (by header), or 未知.
    pub fn column(&self, c: u32, header: &str) -> &'a str {
        let Some((p, hdr, _)) = self.profiles.get(c as usize).copied().flatten() else {
            return crate::store::UNKNOWN_REGION;
        };
        let v = hdr
            .iter()
            .position(|h| h == header)
            .and_then(|i| p.cells.get(i))
            .map_or("", |id| self.ctx.store.labels.name(*id));
        if v.is_empty() {
            crate::store::UNKNOWN_REGION
        } else {
            v
        }
    }

    /// Whether some customers file has a column with this header.
    pub fn has_column(&self, header: &str) -> bool {
        self.ctx.store.files.iter().any(|f| f.table.profile_header.iter().any(|h| h == header))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn an_order(key: u128, customer: u32, created: i64, paid: i64, region: u16, valid: bool) -> Order {
        Order { key, customer, created, paid, refund: 0, items: 2, region, valid }
    }

    /// The aggregate by its definition: one pass, every customer's totals in a map.
    fn aggregate_by_definition(orders: &[Order], as_of: i64, n: usize) -> Vec<CustomerAgg> {
        let mut by: std::collections::BTreeMap<u32, (CustomerAgg, (i64, u128))> = Default::default();
        for o in orders.iter().filter(|o| o.valid && o.customer != NO_CUSTOMER && (o.customer as usize) < n) {
            let day = day_of(o.created);
            let e = by.entry(o.customer).or_insert((
                CustomerAgg {
                    id: o.customer,
                    orders: 0,
                    revenue: 0,
                    items: 0,
                    first: day,
                    last: day,
                    recency: 0,
                    region: o.region,
                },
                (o.created, o.key),
            ));
            e.0.orders += 1;
            e.0.revenue += o.revenue();
            e.0.items += u64::from(o.items);
            e.0.first = e.0.first.min(day);
            e.0.last = e.0.last.max(day);
            if (o.created, o.key) > e.1 {
                e.1 = (o.created, o.key);
                e.0.region = o.region;
            }
        }
        by.into_values()
            .map(|(mut c, _)| {
                c.recency = as_of - c.last;
                c
            })
            .collect()
    }

    #[test]
    fn aggregates_in_ranges_equal_the_definition() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        for n in [0usize, 1, 5, 37, 300] {
            let orders: Vec<Order> = (0..(n * 4 + 3))
                .map(|_| {
                    let customer = match next(20) {
                        0 => NO_CUSTOMER,
                        1 => n as u32 + next(3) as u32, // past the keys: not a customer
                        _ => next(n.max(1) as u64) as u32,
                    };
                    // few times and ids, so that times tie and the id decides
                    Order {
                        key: u128::from(next(50)),
                        customer,
                        created: next(4) as i64 * 86_400 + next(2) as i64,
                        paid: next(1000) as i64,
                        refund: next(3) as i64 * 100,
                        items: next(4) as u32,
                        region: next(30) as u16,
                        valid: next(5) != 0,
                    }
                })
                .collect();
            let want = aggregate_by_definition(&orders, 10, n);
            for range in [1usize, 2, 3, 7, 64, RANGE] {
                assert_eq!(aggregate_in_ranges(&orders, 10, n, range, None), want, "n {n} range {range}");
                // grouped: each customer's (day, revenue) sorted by day, and the keyless ones
                let mut g = Grouped::default();
                assert_eq!(aggregate_in_ranges(&orders, 10, n, range, Some(&mut g)), want, "n {n} range {range}");
                for (i, c) in want.iter().enumerate() {
                    let mut days: Vec<i64> =
                        orders.iter().filter(|o| o.valid && o.customer == c.id).map(|o| day_of(o.created)).collect();
                    days.sort_unstable();
                    let got: Vec<i64> = g.of(i).iter().map(|x| x.day).collect();
                    assert_eq!(got, days, "n {n} range {range} customer {}", c.id);
                    assert_eq!(g.of(i).iter().map(|x| x.revenue).sum::<i64>(), c.revenue);
                }
                assert_eq!(g.all().len() as u64, want.iter().map(|c| c.orders).sum::<u64>());
                let keyless = orders.iter().filter(|o| o.valid && o.customer == NO_CUSTOMER).count();
                assert_eq!(g.keyless.len(), keyless);
            }
        }
    }

    #[test]
    fn aggregates_take_the_region_of_the_latest_order_and_ties_go_to_the_larger_id() {
        const DAY: i64 = 86_400;
        // customer 1: the latest time is shared by orders 7 and 9 (9 wins, in either order);
        // customer 0: one invalid order that counts for nothing; customer 3: its later order
        // first, then (reversed) last
        let orders = vec![
            an_order(9, 1, 10 * DAY + 5, 300, 4, true),
            an_order(5, 1, 2 * DAY, 100, 1, true),
            an_order(7, 1, 10 * DAY + 5, 200, 2, true),
            an_order(8, 0, 3 * DAY, 900, 3, false),
            an_order(1, 3, 6 * DAY, 50, 6, true),
            an_order(2, 3, 4 * DAY, 70, 5, true),
            an_order(4, NO_CUSTOMER, 9 * DAY, 10, 0, true),
        ];
        let reversed: Vec<Order> = orders.iter().rev().copied().collect();
        for orders in [orders, reversed] {
            let got = aggregate(&orders, 20, 4);
            let c = |id, orders, revenue, first, last, region| CustomerAgg {
                id,
                orders,
                revenue,
                items: 2 * orders,
                first,
                last,
                recency: 20 - last,
                region,
            };
            assert_eq!(got, vec![c(1, 3, 600, 2, 10, 4), c(3, 2, 120, 4, 6, 6)]);
        }
    }

    #[test]
    fn bands() {
        let cases = [
            (None, "unknown"),
            (Some(17), "<18"),
            (Some(18), "18-24"),
            (Some(24), "18-24"),
            (Some(25), "25-29"),
            (Some(39), "35-39"),
            (Some(40), "40-49"),
            (Some(50), "50+"),
            (Some(119), "50+"),
        ];
        for (a, b) in cases {
            assert_eq!(age_band(a), b);
        }
    }

    fn order(key: u128, customer: u32, day: i64, paid: i64, valid: bool, region: u16) -> Order {
        Order { key, customer, created: day * 86_400 + 3600, paid, refund: 0, items: 1, region, valid }
    }

    #[test]
    fn aggregates_valid_orders_only_and_takes_the_latest_region() {
        let o = vec![
            order(1, 7, 100, 1000, true, 3),
            order(2, 7, 120, 500, true, 5),
            order(3, 7, 130, 9999, false, 9),
            order(4, NO_CUSTOMER, 130, 100, true, 1),
            order(5, 8, 90, 100, true, 2),
        ];
        let a = aggregate(&o, 130, 10);
        assert_eq!(a.len(), 2);
        let c = a[0];
        assert_eq!((c.id, c.orders, c.revenue, c.first, c.last, c.recency, c.region), (7, 2, 1500, 100, 120, 10, 5));
    }
}

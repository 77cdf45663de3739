//! What surrounds the orders: interest events (收藏宝贝 / 收藏店铺 / 加购) before orders and from
//! people who never buy, the Shopify site's orders, and after-sales tickets on real orders.

use super::calendar::{Clock, DAY};
use super::catalog::Catalog;
use super::customers::Customers;
use super::orders::Order;
use super::rng::{cumulative, Rng};
use super::tables::TICKET_CHANNELS;

/// Product code of a 收藏店铺 event (no item).
pub const SHOP_ITEM: u64 = 127;

/// An interest event packed in a u64 so a million sort fast: time (31 bits) | customer (24) |
/// product (7; [`SHOP_ITEM`] for the shop) | action (2: 0 收藏宝贝, 1 收藏店铺, 2 加购).
pub fn pack(ts: i64, cust: u32, item: u64, act: u64) -> u64 {
    ((ts.max(0) as u64) << 33) | (u64::from(cust) & 0xFF_FFFF) << 9 | (item & 0x7F) << 2 | (act & 3)
}

/// (time, customer, product, action) of a packed event.
pub fn unpack(e: u64) -> (i64, u32, u64, u64) {
    ((e >> 33) as i64, ((e >> 9) & 0xFF_FFFF) as u32, (e >> 2) & 0x7F, e & 3)
}

/// Interest events, by time: most orders follow a 加购 by minutes to hours, some a 收藏宝贝 by
/// days; every customer adds interest within their active life (non-buyers more, briefly).
pub fn events(orders: &[Order], cust: &Customers, cat: &Catalog, clock: &Clock, rng: &mut Rng) -> Vec<u64> {
    let mut ev = Vec::with_capacity(orders.len() + cust.len() * 2);
    for o in orders {
        let mut lines = o.basket.iter();
        let first = lines.next().map_or(0, |l| l.0) as u64;
        let last = lines.last().map_or(first, |l| l.0 as u64);
        if rng.chance(0.62) {
            let t = o.ts - 30 - rng.exp(14_400.0) as i64;
            if t >= 0 {
                ev.push(pack(t, o.cust, first, 2));
            }
        }
        if rng.chance(0.22) {
            let t = o.ts - 600 - rng.exp(5.0 * DAY as f64) as i64;
            if t >= 0 {
                ev.push(pack(t, o.cust, last, 0));
            }
        }
        if rng.chance(0.03) {
            let t = o.ts - 60 - rng.exp(3.0 * DAY as f64) as i64;
            if t >= 0 {
                ev.push(pack(t, o.cust, SHOP_ITEM, 1));
            }
        }
    }
    for c in 0..cust.len() {
        let j = cust.join[c];
        let (k, l) = if cust.buyer[c] {
            (rng.exp(1.2) as usize, cust.lapse[c])
        } else {
            (1 + rng.exp(2.2) as usize, (j + rng.exp(45.0) as i64).min(clock.days - 1))
        };
        for _ in 0..k {
            let t = clock.moment(rng, j, l);
            let r = rng.f64();
            let (act, item) = if r < 0.55 {
                (2, cat.draw(rng) as u64)
            } else if r < 0.9 {
                (0, cat.draw(rng) as u64)
            } else {
                (1, SHOP_ITEM)
            };
            ev.push(pack(t, c as u32, item, act));
        }
    }
    ev.sort_unstable();
    ev
}

/// Shopify orders (time, customer), by time: customers with an e-mail, by purchase weight,
/// within their active life, since the site opened (540 days before as-of).
pub fn shopify(n: usize, cust: &Customers, clock: &Clock, rng: &mut Rng) -> Vec<(i64, u32)> {
    let pool: Vec<u32> = (0..cust.len()).filter(|&i| !cust.email.get(i).is_empty()).map(|i| i as u32).collect();
    if pool.is_empty() {
        return Vec::new();
    }
    let cw = cumulative(pool.iter().map(|&c| cust.weight[c as usize]));
    let opened = (clock.days - 540).max(0);
    let mut out: Vec<(i64, u32)> = (0..n)
        .map(|_| {
            let c = pool[rng.weighted(&cw)];
            let j = opened.max(cust.join[c as usize]);
            let l = j.max(cust.lapse[c as usize]);
            (clock.moment(rng, j, l), c)
        })
        .collect();
    out.sort_unstable();
    out
}

/// What a ticket is about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ref {
    /// A Taobao order (index).
    Taobao(u32),
    /// A Shopify order (index; `#1001` is 0).
    Shopify(u32),
}

/// One after-sales ticket.
pub struct Ticket {
    /// Created.
    pub created: i64,
    /// The order.
    pub about: Ref,
    /// Index into `TICKET_TYPES`.
    pub ty: u8,
    /// Index into `TICKET_CHANNELS`.
    pub channel: u8,
    /// First response (−1: none yet).
    pub first: i64,
    /// Solved (−1: not yet).
    pub solved: i64,
    /// 0 已解决, 1 已关闭, 2 处理中, 3 待处理.
    pub status: u8,
    /// 满意度 1–5, 0 = blank.
    pub score: u8,
}

/// Tickets, by time: refunded orders almost always have one (mostly 退货), other paid orders
/// rarely (mostly 咨询); Shopify orders get 邮件 tickets. Night tickets wait until 9:00; slow
/// answers and 投诉 score lower.
pub fn tickets(orders: &[Order], shop: &[(i64, u32)], now: i64, rng: &mut Rng) -> Vec<Ticket> {
    let ch_cw = cumulative(TICKET_CHANNELS.iter().map(|c| c.1));
    let refund_types = cumulative([80.0, 3.0, 0.0, 5.0, 12.0]);
    let other_types = cumulative([8.0, 22.0, 6.0, 52.0, 12.0]);
    let shop_types = cumulative([20.0, 20.0, 5.0, 45.0, 10.0]);
    let mut out = Vec::new();
    for (i, o) in orders.iter().enumerate() {
        if o.pay_ts < 0 {
            continue;
        }
        let (p, types) = if o.refund > 0 { (0.92, &refund_types) } else { (0.022, &other_types) };
        if !rng.chance(p) {
            continue;
        }
        let ty = rng.weighted(types) as u8;
        let base = if o.ship_ts >= 0 { o.ship_ts } else { o.pay_ts };
        let created = base + (rng.uniform(0.05, 1.0) * DAY as f64 + rng.exp(3.0 * DAY as f64)) as i64;
        if created > now {
            continue;
        }
        let mut channel = rng.weighted(&ch_cw) as u8;
        if channel == 4 {
            channel = 0; // 邮件 is the Shopify site's channel
        }
        out.push(ticket(rng, created, Ref::Taobao(i as u32), ty, channel, now));
    }
    for (k, &(ts, _)) in shop.iter().enumerate() {
        if rng.chance(0.02) {
            let created = ts + (rng.uniform(1.0, 12.0) * DAY as f64) as i64;
            if created <= now {
                let ty = rng.weighted(&shop_types) as u8;
                out.push(ticket(rng, created, Ref::Shopify(k as u32), ty, 4, now));
            }
        }
    }
    out.sort_by_key(|t| t.created); // stable: ties keep the order they were made in
    out
}

fn ticket(rng: &mut Rng, created: i64, about: Ref, ty: u8, channel: u8, now: i64) -> Ticket {
    let sec = created.rem_euclid(DAY);
    let first = if (9 * 3600..23 * 3600).contains(&sec) {
        created + 20 + rng.lognormal(5.8, 1.1) as i64
    } else {
        let next = (created.div_euclid(DAY) + i64::from(sec >= 23 * 3600)) * DAY + 9 * 3600;
        next + rng.exp(1800.0) as i64
    };
    let slow = first - created > 4 * 3600;
    let mean = [3.5, 5.0, 9.0, 0.15, 2.0].get(ty as usize).copied().unwrap_or(2.0) * DAY as f64;
    let solved = first + rng.exp(mean) as i64 + 300;
    let (status, first, solved) = if first > now {
        (3, -1, -1)
    } else if solved > now {
        (2, first, -1)
    } else {
        (u8::from(rng.chance(0.08)), first, solved)
    };
    let mut score = 0;
    if status == 0 && rng.chance(0.62) {
        let m = 4.4
            - if ty == 4 { 1.6 } else { 0.0 }
            - if slow { 0.7 } else { 0.0 }
            - if solved - created > 5 * DAY { 0.5 } else { 0.0 };
        score = rng.gauss(m, 0.9).round().clamp(1.0, 5.0) as u8;
    }
    Ticket { created, about, ty, channel, first, solved, status, score }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_events_round_trip_and_sort_by_time() {
        let e = pack(63_158_399, 16_777_215, SHOP_ITEM, 1);
        assert_eq!(unpack(e), (63_158_399, 16_777_215, SHOP_ITEM, 1));
        assert!(pack(5, 9, 3, 2) < pack(6, 0, 0, 0));
    }

    #[test]
    fn tickets_answer_night_tickets_after_nine() {
        let mut r = Rng::new(5);
        for _ in 0..200 {
            let created = 10 * DAY + 2 * 3600 + r.range(0, 3600);
            let t = ticket(&mut r, created, Ref::Taobao(0), 3, 0, 100 * DAY);
            assert!(t.first >= 10 * DAY + 9 * 3600);
            assert!(t.solved < 0 || t.solved > t.first);
            assert!(t.score <= 5);
        }
    }
}

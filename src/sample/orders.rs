//! Outbound calls and Taobao orders: who orders when, what, for how much, and how far each order
//! got by the as-of moment (recent orders are still in flight, so the status mix depends on age).
//!
//! Calls come first because a won call (是否成交 = 是) is usually followed within hours by a
//! real order of that customer; agents also tick a few calls that no order follows, which later
//! checks of ticked against real orders are meant to find.

use super::calendar::{Clock, DAY};
use super::catalog::{Basket, Catalog};
use super::customers::Customers;
use super::rng::{cumulative, Rng};
use super::tables::{AGENTS, AGENT_SKILL, CLOSE_UNPAID, LOGISTICS, PROVINCES};

/// 订单状态, in the order of `STATUS_TEXT`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    /// 交易成功.
    Success = 0,
    /// 交易关闭.
    Closed = 1,
    /// 等待买家付款.
    WaitPay = 2,
    /// 卖家已发货，等待买家确认.
    Shipped = 3,
    /// 买家已付款，等待卖家发货.
    Paid = 4,
}

/// One outbound call.
pub struct Call {
    /// When.
    pub ts: i64,
    /// Index into `AGENTS`.
    pub agent: u8,
    /// Index into `CALL_TASKS`.
    pub task: u8,
    /// The customer called.
    pub cust: u32,
    /// Talk time in seconds (0 when not connected).
    pub dur: u32,
    /// 是否接通.
    pub connected: bool,
    /// 是否成交 as the agent ticked it.
    pub deal: bool,
}

/// One Taobao order.
pub struct Order {
    /// Created.
    pub ts: i64,
    /// The buyer.
    pub cust: u32,
    /// The status at the as-of moment.
    pub status: Status,
    /// What was bought.
    pub basket: Basket,
    /// 买家应付货款, cents.
    pub goods: i64,
    /// 买家应付邮费, cents.
    pub post: i64,
    /// 买家实际支付金额 (0 if never paid), cents.
    pub paid: i64,
    /// 退款金额, cents.
    pub refund: i64,
    /// Paid at (−1: not paid).
    pub pay_ts: i64,
    /// Shipped at (−1: not shipped).
    pub ship_ts: i64,
    /// Receipt confirmed at (−1: not yet).
    pub confirm_ts: i64,
    /// 订单关闭原因: 0 订单未关闭, 1 退款, 2 + i = `CLOSE_UNPAID[i]`.
    pub close: u8,
    /// Index into `LOGISTICS`.
    pub courier: u8,
    /// 订单编号, 19 digits.
    pub id: u64,
}

impl Order {
    /// 总金额 = goods + postage.
    pub fn total(&self) -> i64 {
        self.goods + self.post
    }
}

/// `n` calls over the last year: lapsed buyers (唤醒), prospects (加购未付款, 新品试用) and
/// anyone (大促预热). Connect and deal rates peak 9:00–11:30 and 14:00–17:00, dip at lunch;
/// agents differ in skill. Returns the calls (by time) and the orders won (customer, time).
pub fn calls(n: usize, cust: &Customers, clock: &Clock, rng: &mut Rng) -> (Vec<Call>, Vec<(u32, i64)>) {
    let days = clock.days;
    let first = (days - 365).max(0);
    let lapsed: Vec<u32> =
        (0..cust.len()).filter(|&i| cust.buyer[i] && cust.lapse[i] < days - 60).map(|i| i as u32).collect();
    let prospects: Vec<u32> = (0..cust.len()).filter(|&i| !cust.buyer[i]).map(|i| i as u32).collect();
    let mut out = Vec::with_capacity(n);
    let mut won = Vec::new();
    for _ in 0..n {
        let r = rng.f64();
        let (c, task, d0) = if r < 0.55 && !lapsed.is_empty() {
            let c = *rng.pick(&lapsed);
            (c, if rng.chance(0.7) { 0 } else { 1 }, (cust.lapse[c as usize] + 30).min(days - 1).max(first))
        } else if r < 0.85 && !prospects.is_empty() {
            let c = *rng.pick(&prospects);
            (c, if rng.chance(0.6) { 2 } else { 4 }, cust.join[c as usize].max(first))
        } else {
            let c = rng.index(cust.len()) as u32;
            (c, if rng.chance(0.7) { 3 } else { 1 }, cust.join[c as usize].max(first))
        };
        let mut day = if d0 < days { rng.range(d0, days) } else { days - 1 };
        if clock.weekday.get(day as usize) == Some(&6) && rng.chance(0.8) {
            day = (day - 1).max(first); // few calls on Sundays
        }
        // office hours 08:30–21:00, fewer at lunch
        let s = loop {
            let s = rng.range(30_600, 75_600);
            if !((43_200..48_600).contains(&s) && rng.chance(0.5)) {
                break s;
            }
        };
        let (pc, mut pd) = match s {
            32_400..=41_399 => (0.58, 0.16),
            50_400..=61_199 => (0.52, 0.14),
            43_200..=48_599 => (0.27, 0.05),
            64_800.. => (0.36, 0.07),
            _ => (0.38, 0.08),
        };
        let agent = rng.index(AGENTS.len());
        pd *= AGENT_SKILL[agent] * PROVINCES[cust.prov[c as usize] as usize].conv;
        pd *= match task {
            0 => 0.7,
            2 => 1.4,
            _ => 1.0,
        };
        let ts = day * DAY + s;
        let connected = rng.chance(pc);
        let deal = connected && rng.chance(pd);
        let mut dur = 0;
        if connected {
            dur = rng.lognormal(4.2, 0.8) as u32 + 5;
            if deal {
                dur += 60 + rng.exp(90.0) as u32;
            }
        }
        if deal && rng.chance(0.9) {
            let ots = ts + i64::from(dur) + 300 + rng.exp(8.0 * 3600.0) as i64;
            if ots <= clock.now {
                won.push((c, ots));
            }
        }
        out.push(Call { ts, agent: agent as u8, task, cust: c, dur, connected, deal });
    }
    out.sort_by_key(|c| (c.ts, c.cust));
    (out, won)
}

/// `n` orders: first the ones calls won, then every buyer's first order on their join day, then
/// repeat orders by purchase weight × active span; by time, with their details.
pub fn orders(
    n: usize,
    won: &[(u32, i64)],
    cust: &Customers,
    cat: &Catalog,
    clock: &Clock,
    rng: &mut Rng,
) -> Vec<Order> {
    let mut when: Vec<(i64, u32)> = won.iter().take(n).map(|&(c, t)| (t, c)).collect();
    let mut buyers: Vec<u32> = (0..cust.len()).filter(|&i| cust.buyer[i]).map(|i| i as u32).collect();
    for i in (1..buyers.len()).rev() {
        let j = rng.index(i + 1);
        buyers.swap(i, j);
    }
    buyers.truncate(n - when.len());
    for &c in &buyers {
        when.push((clock.moment(rng, cust.join[c as usize], cust.join[c as usize]), c));
    }
    let room = n - when.len();
    if room > 0 && !buyers.is_empty() {
        let w: Vec<f64> = buyers
            .iter()
            .map(|&c| {
                let c = c as usize;
                cust.weight[c] * ((cust.lapse[c] - cust.join[c]) as f64 / 365.0).max(0.0)
            })
            .collect();
        let cw = if w.iter().sum::<f64>() > 0.0 { cumulative(w) } else { cumulative(buyers.iter().map(|_| 1.0)) };
        for _ in 0..room {
            let c = buyers[rng.weighted(&cw)];
            let (j, l) = (cust.join[c as usize], cust.lapse[c as usize]);
            when.push((clock.moment(rng, j, l), c));
        }
    }
    for w in &mut when {
        w.0 = w.0.min(clock.now);
    }
    when.sort_unstable();
    let courier_cw = cumulative(LOGISTICS.iter().map(|l| l.1));
    let close_cw = cumulative(CLOSE_UNPAID.iter().map(|c| c.1));
    let kinds_cw = cumulative([72.0, 18.0, 6.0, 2.5, 1.5]);
    let mut out = Vec::with_capacity(when.len());
    for (i, &(ts, c)) in when.iter().enumerate() {
        let promo = clock.promo_at(ts);
        let mut basket = Basket::default();
        let mut goods = 0;
        for _ in 0..=rng.weighted(&kinds_cw) {
            let p = cat.draw(rng);
            let q = if rng.chance(0.8) { 1 } else { rng.range(2, 5) as u32 };
            if basket.add(p, q) {
                let price = match promo {
                    2 => cat.get(p).price * 80 / 100,
                    1 => cat.get(p).price * 88 / 100,
                    _ => cat.get(p).price,
                };
                goods += price * i64::from(q);
            }
        }
        let prov = &PROVINCES[cust.prov[c as usize] as usize];
        let post = if prov.remote && goods < 29_900 {
            *rng.pick(&[1000, 1200, 1500, 2000])
        } else if goods < 4900 && rng.chance(0.5) {
            600
        } else {
            0
        };
        // shop coupons and 红包: 买家实际支付金额 = 总金额 − discounts
        let mut disc = match goods {
            29_900.. => {
                if promo > 0 {
                    3000
                } else {
                    2000
                }
            }
            19_900.. => {
                if promo > 0 {
                    2000
                } else {
                    1000
                }
            }
            9_900.. if rng.chance(0.4) => 500,
            _ => 0,
        };
        if rng.chance(0.15) {
            disc += rng.range(1, 11) * 100;
        }
        let total = goods + post;
        let pay = total - disc.min(total - 100).max(0);
        let id = order_id(i, ts, rng.below(1000));
        let mut o = Order {
            ts,
            cust: c,
            status: Status::WaitPay,
            basket,
            goods,
            post,
            paid: 0,
            refund: 0,
            pay_ts: -1,
            ship_ts: -1,
            confirm_ts: -1,
            close: 0,
            courier: 0,
            id,
        };
        settle(&mut o, pay, clock.now, rng, &close_cw, &courier_cw);
        out.push(o);
    }
    out
}

/// 19 digits, unique by sequence: 2 or 3, 7 digits of the creation time, 8 of the sequence
/// number, 3 random. (Digits 5 on alone are unique, which lets tests make fresh ids by
/// rewriting the first four.)
fn order_id(i: usize, ts: i64, r: u64) -> u64 {
    (2 + (i as u64 % 2)) * 1_000_000_000_000_000_000
        + (ts.rem_euclid(10_000_000) as u64) * 100_000_000_000
        + (i as u64 % 100_000_000) * 1000
        + r
}

/// How far the order got by `now`: never paid (closed or waiting), refunded before shipping,
/// in flight, returned after delivery, or 交易成功 (some with a partial refund).
fn settle(o: &mut Order, pay: i64, now: i64, rng: &mut Rng, close_cw: &[f64], courier_cw: &[f64]) {
    let age = now - o.ts;
    let r = rng.f64();
    if r < 0.075 {
        if age < 3 * DAY && rng.chance(0.7) {
            o.status = Status::WaitPay;
        } else {
            o.status = Status::Closed;
            o.close = 2 + rng.weighted(close_cw) as u8;
        }
        return;
    }
    let pt = o.ts + if rng.chance(0.9) { rng.exp(90.0) as i64 + 3 } else { rng.exp(7200.0) as i64 };
    if pt > now {
        return; // still waiting for payment
    }
    o.pay_ts = pt;
    o.paid = pay;
    let ship = pt + (if rng.chance(0.8) { rng.uniform(0.1, 1.0) } else { rng.uniform(1.0, 4.0) } * DAY as f64) as i64;
    if r < 0.105 {
        o.status = Status::Closed; // refunded before shipping
        o.refund = pay;
        o.close = 1;
        return;
    }
    if ship > now {
        o.status = Status::Paid;
        return;
    }
    o.ship_ts = ship;
    o.courier = rng.weighted(courier_cw) as u8;
    let confirm =
        ship + (if rng.chance(0.65) { rng.uniform(2.0, 6.0) } else { rng.uniform(6.0, 15.0) } * DAY as f64) as i64;
    if r < 0.135 {
        if confirm > now {
            o.status = Status::Shipped;
        } else {
            o.status = Status::Closed; // returned after delivery
            o.refund = pay;
            o.close = 1;
        }
        return;
    }
    if confirm > now {
        o.status = Status::Shipped;
        return;
    }
    o.status = Status::Success;
    o.confirm_ts = confirm;
    if r > 0.955 {
        // a partial refund, still 交易成功
        o.refund = (pay - 100).min(((pay as f64 * rng.uniform(0.1, 0.5)) as i64 / 100 * 100).max(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn orders_are_by_time_unique_and_consistent() {
        let clock = Clock::new(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(), 731);
        let cust = Customers::generate(800, &clock, &mut Rng::new(1), None);
        let cat = Catalog::generate(&mut Rng::new(2));
        let (calls, won) = calls(50, &cust, &clock, &mut Rng::new(3));
        assert_eq!(calls.len(), 50);
        assert!(calls.windows(2).all(|w| w[0].ts <= w[1].ts));
        let o = orders(1000, &won, &cust, &cat, &clock, &mut Rng::new(4));
        assert_eq!(o.len(), 1000);
        assert!(o.windows(2).all(|w| w[0].ts <= w[1].ts));
        let mut ids: Vec<u64> = o.iter().map(|o| o.id % 1_000_000_000_000_000).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 1000, "unique without the first four digits");
        assert!(o.iter().all(|o| (2_000_000_000_000_000_000..4_000_000_000_000_000_000).contains(&o.id)));
        for x in &o {
            assert!(x.ts <= clock.now && !x.basket.is_empty());
            assert!(x.paid <= x.total() && x.refund <= x.paid);
            assert_eq!(x.status == Status::Success, x.confirm_ts >= 0);
            assert!(x.pay_ts < 0 || x.pay_ts >= x.ts);
        }
        let success = o.iter().filter(|x| x.status == Status::Success).count();
        assert!(success > 700, "{success}");
        // recent orders are still in flight
        let recent = o.iter().filter(|x| clock.now - x.ts < 3 * DAY).collect::<Vec<_>>();
        assert!(recent.iter().all(|x| x.status != Status::Success || x.confirm_ts <= clock.now));
    }
}

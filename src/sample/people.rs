//! The files about people: `crm_customers.csv` (客户列表: everyone, buyers or not, with purchase
//! totals that match the 交易成功 orders exactly), `interest_events.csv` (收藏/加购) and
//! `outbound_calls.csv` (外呼记录).

use super::activity::{unpack, SHOP_ITEM};
use super::orders::Status;
use super::out::{Encoding, Out};
use super::rng::Rng;
use super::tables::{ACTIONS, AGENTS, CALL_HEADER, CALL_TASKS, CRM_HEADER, EVENT_HEADER, PROVINCES, SOURCES, TAGS};
use super::{Dirt, Model, STREAM_CRM};
use crate::sample::calendar::DAY;
use std::fmt::Write;
use std::path::Path;

/// Per customer: 交易成功 orders, their paid sum, first and last, how many on promotion days,
/// refunds, and the first order of any status.
struct Totals {
    count: Vec<u32>,
    amount: Vec<i64>,
    first: Vec<i64>,
    last: Vec<i64>,
    promo: Vec<u32>,
    refunds: Vec<u32>,
    first_any: Vec<i64>,
}

fn totals(m: &Model) -> Totals {
    let n = m.customers.len();
    let mut t = Totals {
        count: vec![0; n],
        amount: vec![0; n],
        first: vec![-1; n],
        last: vec![-1; n],
        promo: vec![0; n],
        refunds: vec![0; n],
        first_any: vec![-1; n],
    };
    for o in &m.orders {
        let c = o.cust as usize;
        if t.first_any[c] < 0 {
            t.first_any[c] = o.ts;
        }
        if o.status != Status::Success {
            if o.status == Status::Closed && o.refund > 0 {
                t.refunds[c] += 1;
            }
            continue;
        }
        t.count[c] += 1;
        t.amount[c] += o.paid;
        if t.first[c] < 0 {
            t.first[c] = o.ts;
        }
        t.last[c] = o.ts;
        t.promo[c] += u32::from(m.clock.promo_at(o.ts) > 0);
        t.refunds[c] += u32::from(o.refund > 0);
    }
    t
}

/// Writes the customer list; returns the data rows written.
pub fn crm(m: &Model, dir: &Path, enc: Encoding, dirt: &mut Dirt) -> std::io::Result<u64> {
    let name = format!("crm_customers{}", enc.ext());
    let mut out = Out::create(&dir.join(&name), enc, CRM_HEADER)?;
    let t = totals(m);
    let cu = &m.customers;
    let mut rng = Rng::derive(m.seed, STREAM_CRM, 0);
    let as_of_year = m.clock_year();
    let mut tags: Vec<&str> = Vec::new();
    for c in 0..cu.len() {
        let p = &PROVINCES[cu.prov[c] as usize];
        let gender = if rng.chance(0.07) {
            "未知"
        } else if cu.female[c] {
            "女"
        } else {
            "男"
        };
        let age = i32::from(cu.age[c]);
        let born = as_of_year - age;
        let (month, day) = (rng.range(1, 13), rng.range(1, 29));
        let r = rng.f64();
        let mut age_s = String::new();
        let birthday = if r < 0.35 {
            format!("{born}-{month:02}-{day:02}")
        } else if r < 0.5 {
            format!("{born}/{month}/{day}")
        } else if r < 0.58 {
            format!("{month:02}-{day:02}") // month and day only
        } else {
            if r < 0.85 {
                age_s = age.to_string();
            }
            String::new()
        };
        if r < 0.35 && rng.chance(0.3) {
            age_s = age.to_string();
        }
        let amount = t.amount[c];
        let level = match amount {
            500_000.. => "VIP4",
            200_000.. => "VIP3",
            80_000.. => "VIP2",
            20_000.. => "VIP1",
            _ => "普通会员",
        };
        tags.clear();
        let n = t.count[c];
        if n >= 3 {
            tags.push("复购客");
        }
        if n > 0 && t.promo[c] * 2 > n {
            tags.push("大促型");
        }
        if t.refunds[c] >= 2 {
            tags.push("退货多");
        }
        if amount >= 100_000 && n > 0 && amount / i64::from(n) >= 25_000 {
            tags.push("高客单");
        }
        if rng.chance(0.45) {
            tags.push(*rng.pick(TAGS));
        }
        if n == 0 {
            tags.push("潜客");
        }
        let mut joined = cu.join[c] * DAY + rng.range(0, DAY);
        if t.first_any[c] >= 0 && t.first_any[c] < joined {
            joined = (cu.join[c] * DAY).max(t.first_any[c] - 30 - rng.range(0, 3600));
        }
        if dirt.hit(0.01, "crm_age_garbage") {
            age_s = ["未知", "0", "-1", "118"][dirt.index(4)].to_string();
        }
        let _ = write!(out.cell(), "C{:08}", c + 1);
        if dirt.hit(0.0005, "missing_buyer") {
            out.raw("");
        } else {
            out.text(cu.nick.get(c));
        }
        out.raw(gender);
        out.text(&age_s);
        out.raw(&birthday);
        let prov = dirt.province(cu.prov[c] as usize);
        out.text(&prov);
        out.raw(p.cities[cu.city[c] as usize].name);
        out.raw(level);
        out.raw(SOURCES[cu.src[c] as usize].0);
        out.text(&tags.join(";"));
        out.text(cu.phone_full.get(c));
        out.text(cu.email.get(c));
        m.clock.push(out.cell(), joined.max(0));
        let cell = out.cell();
        if t.first[c] >= 0 {
            m.clock.push(cell, t.first[c]);
        }
        let cell = out.cell();
        if t.last[c] >= 0 {
            m.clock.push(cell, t.last[c]);
        }
        out.int(i64::from(n));
        out.money(amount, false);
        out.end()?;
        if dirt.hit(0.001, "crm_duplicate_rows") {
            out.repeat()?;
        }
        dirt.blank(&mut out, CRM_HEADER.len())?;
    }
    let rows = out.lines;
    dirt.finish(out, &name)?;
    Ok(rows)
}

/// Writes the interest events; returns the data rows written.
pub fn events(m: &Model, dir: &Path, enc: Encoding, dirt: &mut Dirt) -> std::io::Result<u64> {
    let name = format!("interest_events{}", enc.ext());
    let mut out = Out::create(&dir.join(&name), enc, EVENT_HEADER)?;
    let cu = &m.customers;
    for &e in &m.events {
        let (ts, c, item, act) = unpack(e);
        let c = c as usize;
        if dirt.hit(0.0005, "missing_buyer") {
            out.raw("");
        } else {
            out.text(cu.nick.get(c));
        }
        out.raw(ACTIONS[act as usize % 3]);
        if dirt.hit(0.0005, "bad_date") {
            out.raw(["", "2024-02-30 25:61:00", "--"][dirt.index(3)]);
        } else {
            m.clock.push(out.cell(), ts);
        }
        let cell = out.cell();
        if item != SHOP_ITEM {
            let _ = write!(cell, "{}", m.catalog.get(item as usize).item_id);
        }
        let prov = dirt.province(cu.prov[c] as usize);
        out.text(&prov);
        out.end()?;
        if dirt.hit(0.002, "event_duplicate_rows") {
            out.repeat()?;
        }
        dirt.blank(&mut out, EVENT_HEADER.len())?;
    }
    let rows = out.lines;
    dirt.finish(out, &name)?;
    Ok(rows)
}

/// Writes the call log; returns the data rows written.
pub fn calls(m: &Model, dir: &Path, enc: Encoding, dirt: &mut Dirt) -> std::io::Result<u64> {
    let name = format!("outbound_calls{}", enc.ext());
    let mut out = Out::create(&dir.join(&name), enc, CALL_HEADER)?;
    let cu = &m.customers;
    for call in &m.calls {
        let c = call.cust as usize;
        out.raw(AGENTS[call.agent as usize]);
        out.raw(CALL_TASKS[call.task as usize]);
        out.text(cu.nick.get(c));
        out.text(cu.phone_full.get(c));
        if dirt.hit(0.001, "bad_date") {
            out.raw("昨天下午");
        } else {
            m.clock.push(out.cell(), call.ts);
        }
        out.int(i64::from(call.dur));
        out.raw(if call.connected { "是" } else { "否" });
        out.raw(if call.deal { "是" } else { "否" });
        out.end()?;
        dirt.blank(&mut out, CALL_HEADER.len())?;
    }
    let rows = out.lines;
    dirt.finish(out, &name)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{generate_into, rows};
    use super::super::{Model, Options};
    use super::*;

    #[test]
    fn crm_totals_are_the_success_orders_and_events_are_by_time() {
        let o = Options {
            rows: 1500,
            encoding: Encoding::Utf8,
            only: vec!["crm".into(), "events".into(), "calls".into()],
            ..Default::default()
        };
        let (dir, _) = generate_into("people", o.clone());
        let m = Model::build(&o);
        let crm = rows(&dir.join("crm_customers.csv"), ',');
        assert_eq!(crm.len(), m.customers.len());
        let count: u64 = crm.iter().map(|r| r[15].parse::<u64>().unwrap()).sum();
        let success: Vec<_> = m.orders.iter().filter(|o| o.status == Status::Success).collect();
        assert_eq!(count, success.len() as u64);
        let cents: i64 = crm.iter().map(|r| r[16].replace('.', "").parse::<i64>().unwrap()).sum();
        assert_eq!(cents, success.iter().map(|o| o.paid).sum::<i64>());
        assert!(crm.iter().any(|r| r[9].contains("潜客")));
        let ev = rows(&dir.join("interest_events.csv"), ',');
        assert_eq!(ev.len(), m.events.len());
        assert!(ev.windows(2).all(|w| w[0][2] <= w[1][2]));
        assert!(ev.iter().all(|r| ACTIONS.contains(&r[1].as_str()) && (r[1] == "收藏店铺") == r[3].is_empty()));
        let calls = rows(&dir.join("outbound_calls.csv"), ',');
        assert_eq!(calls.len(), m.calls.len());
        assert!(calls.iter().all(|r| r[7] == "否" || r[6] == "是"), "a deal needs a connected call");
    }
}

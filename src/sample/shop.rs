//! `shopify_orders.csv` (the Shopify admin's orders export: 79 columns, one row per line item,
//! order-level fields on the first row only, always UTF-8) and `aftersales_tickets.csv` (售后工单,
//! every ticket on a real Taobao or Shopify order).

use super::activity::Ref;
use super::calendar::DAY;
use super::out::{push_money, Encoding, Out};
use super::rng::Rng;
use super::tables::{PROVINCES, SHOPIFY_HEADER, SHOP_EN, STREETS, TICKET_CHANNELS, TICKET_HEADER, TICKET_TYPES};
use super::{Dirt, Model, STREAM_SHOPIFY};
use std::fmt::Write;
use std::path::Path;

/// Column index by header name (every name used here is in the header).
fn col(name: &str) -> usize {
    SHOPIFY_HEADER.iter().position(|h| *h == name).unwrap_or(0)
}

/// Writes the Shopify export; returns the line-item rows written.
pub fn shopify(m: &Model, dir: &Path, dirt: &mut Dirt) -> std::io::Result<u64> {
    let name = "shopify_orders.csv";
    let mut out = Out::create(&dir.join(name), Encoding::Utf8, SHOPIFY_HEADER)?;
    let ix: Vec<usize> = ORDER_FIELDS.iter().map(|n| col(n)).collect();
    let line_ix: Vec<usize> = LINE_FIELDS.iter().map(|n| col(n)).collect();
    let repeat_ix: Vec<usize> = ["Name", "Email", "Created at"].iter().map(|n| col(n)).collect();
    let mut cells: Vec<String> = vec![String::new(); SHOPIFY_HEADER.len()];
    let codes = ["WELCOME10", "DOUBLE11", "618VIP", "FREESHIP", "SPRING15"];
    let now = m.clock.now;
    let ts8 = |s: &mut String, ts: i64| {
        m.clock.push(s, ts);
        s.push_str(" +0800");
    };
    for (k, &(ts, c)) in m.shopify.iter().enumerate() {
        let mut rng = Rng::derive(m.seed, STREAM_SHOPIFY, k as u64);
        let c = c as usize;
        let cu = &m.customers;
        let mut lines: Vec<(usize, i64)> = Vec::with_capacity(4);
        let n = if rng.chance(0.62) { 1 } else { rng.range(2, 5) };
        for _ in 0..n {
            let p = m.catalog.draw(&mut rng);
            if lines.iter().all(|l| l.0 != p) {
                lines.push((p, if rng.chance(0.85) { 1 } else { 2 }));
            }
        }
        let sub: i64 = lines.iter().map(|&(p, q)| m.catalog.get(p).price * q).sum();
        let (code, disc) = if rng.chance(0.22) {
            let code = *rng.pick(&codes);
            (code, if code == "FREESHIP" { 0 } else { sub / 10 })
        } else {
            ("", 0)
        };
        let ship = if sub >= 9900 || code == "FREESHIP" { 0 } else { 1200 };
        let subtotal = sub - disc;
        let total = subtotal + ship;
        let r = rng.f64();
        let mut paid_at = ts + 5 + rng.exp(60.0) as i64;
        let (mut fin, mut ful, mut cancelled, mut refunded, mut fulfilled_at) = ("paid", "fulfilled", -1, 0, -1);
        if r < 0.04 {
            (fin, ful, cancelled, paid_at) = ("voided", "unfulfilled", ts + 3600 * rng.range(1, 48), -1);
        } else if now - ts < 2 * DAY && r < 0.07 {
            (fin, ful, paid_at) = ("pending", "unfulfilled", -1);
        } else {
            let f = paid_at + (rng.uniform(0.2, 3.0) * DAY as f64) as i64;
            if f > now {
                ful = "unfulfilled";
            } else {
                fulfilled_at = f;
                if lines.len() > 1 && rng.chance(0.03) {
                    ful = "partial";
                }
            }
            if r > 0.97 {
                (fin, refunded) = ("refunded", total);
            } else if r > 0.95 {
                (fin, refunded) = ("partially_refunded", subtotal / 3);
            }
        }
        let p = &PROVINCES[cu.prov[c] as usize];
        let city = &p.cities[cu.city[c] as usize];
        let street = format!("{} {}", c % 400 + 1, STREETS[c * 7 % STREETS.len()].1);
        let tail = cu.addr_tail.get(c);
        let zip = tail.rsplit('(').next().unwrap_or("").trim_end_matches(')');
        let pay_ref = format!("c{}.1", 31_000_000_000u64 + k as u64 * 7);
        for s in cells.iter_mut() {
            s.clear();
        }
        let method = if ship == 0 && rng.chance(0.3) { "SF Express" } else { "Standard Shipping" };
        let payment = *rng.pick(&["Alipay", "WeChat Pay", "Shopify Payments"]);
        let id = 5_210_000_000_000u64 + k as u64 * 37 + rng.below(30);
        let risk = if rng.chance(0.97) { "Low" } else { "Medium" };
        let source = if rng.chance(0.93) { "web" } else { "shopify_draft_order" };
        let values: [String; ORDER_FIELDS.len()] = [
            format!("#{}", 1001 + k),
            cu.email.get(c).to_string(),
            fin.to_string(),
            stamp(&ts8, paid_at),
            ful.to_string(),
            stamp(&ts8, fulfilled_at),
            (if c % 3 != 0 { "yes" } else { "no" }).to_string(),
            "CNY".to_string(),
            money(subtotal),
            money(ship),
            "0.00".to_string(),
            money(total),
            code.to_string(),
            money(disc),
            method.to_string(),
            stamp(&ts8, ts),
            cu.name.get(c).to_string(),
            street.clone(),
            street.clone(),
            city.pinyin.to_string(),
            format!("'{zip}"),
            p.code.to_string(),
            "CN".to_string(),
            format!("+86 {}", cu.phone.get(c)),
            cu.name.get(c).to_string(),
            street.clone(),
            street,
            city.pinyin.to_string(),
            format!("'{zip}"),
            p.code.to_string(),
            "CN".to_string(),
            format!("+86 {}", cu.phone.get(c)),
            stamp(&ts8, cancelled),
            payment.to_string(),
            pay_ref.clone(),
            money(refunded),
            "0.00".to_string(),
            id.to_string(),
            (if c % 11 == 0 { "VIP" } else { "" }).to_string(),
            risk.to_string(),
            source.to_string(),
            p.pinyin.to_string(),
            p.pinyin.to_string(),
            pay_ref.clone(),
            pay_ref,
        ];
        for (&i, v) in ix.iter().zip(values) {
            if let Some(cell) = cells.get_mut(i) {
                *cell = v;
            }
        }
        for (li, &(prod, q)) in lines.iter().enumerate() {
            if li > 0 {
                let keep: Vec<String> = repeat_ix.iter().map(|&i| cells.get(i).cloned().unwrap_or_default()).collect();
                for s in cells.iter_mut() {
                    s.clear();
                }
                for (&i, v) in repeat_ix.iter().zip(keep) {
                    if let Some(cell) = cells.get_mut(i) {
                        *cell = v;
                    }
                }
            }
            let pr = m.catalog.get(prod);
            let compare = if rng.chance(0.3) { money(pr.price + 2000) } else { String::new() };
            let status = if ful == "fulfilled" { "fulfilled" } else { "pending" };
            let values = [
                q.to_string(),
                pr.en.clone(),
                money(pr.price),
                compare,
                pr.sku.clone(),
                "true".into(),
                "true".into(),
                status.into(),
                SHOP_EN.into(),
                "0.00".into(),
            ];
            for (&i, v) in line_ix.iter().zip(values) {
                if let Some(cell) = cells.get_mut(i) {
                    *cell = v;
                }
            }
            for cell in &cells {
                out.text(cell);
            }
            out.end()?;
        }
    }
    let rows = out.lines;
    dirt.finish(out, name)?;
    Ok(rows)
}

const ORDER_FIELDS: [&str; 45] = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Outstanding Balance",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment References",
];

const LINE_FIELDS: [&str; 10] = [
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Vendor",
    "Lineitem discount",
];

fn money(cents: i64) -> String {
    let mut s = String::new();
    push_money(&mut s, cents, false);
    s
}

fn stamp(ts8: &impl Fn(&mut String, i64), ts: i64) -> String {
    let mut s = String::new();
    if ts >= 0 {
        ts8(&mut s, ts);
    }
    s
}

/// Writes the after-sales tickets; returns the data rows written.
pub fn tickets(m: &Model, dir: &Path, enc: Encoding, dirt: &mut Dirt) -> std::io::Result<u64> {
    let name = format!("aftersales_tickets{}", enc.ext());
    let mut out = Out::create(&dir.join(&name), enc, TICKET_HEADER)?;
    let (mut day, mut seq) = (-1, 0);
    for t in &m.tickets {
        let d = t.created / DAY;
        if d != day {
            (day, seq) = (d, 0);
        }
        seq += 1;
        let _ = write!(out.cell(), "SH{}{seq:05}", m.clock.date(d).replace('-', ""));
        match t.about {
            Ref::Taobao(i) => {
                let o = m.orders.get(i as usize);
                out.text(o.map_or("", |o| m.customers.nick.get(o.cust as usize)));
                out.int(o.map_or(0, |o| o.id as i64));
            }
            Ref::Shopify(k) => {
                let c = m.shopify.get(k as usize).map_or(0, |s| s.1 as usize);
                out.text(m.customers.nick.get(c));
                let _ = write!(out.cell(), "#{}", 1001 + k);
            }
        }
        out.raw(TICKET_TYPES[t.ty as usize % 5]);
        out.raw(TICKET_CHANNELS[t.channel as usize % 5].0);
        m.clock.push(out.cell(), t.created);
        let cell = out.cell();
        if t.first >= 0 {
            m.clock.push(cell, t.first);
        }
        let cell = out.cell();
        if t.solved >= 0 {
            m.clock.push(cell, t.solved);
        }
        out.raw(["已解决", "已关闭", "处理中", "待处理"][t.status as usize % 4]);
        let cell = out.cell();
        if t.score > 0 {
            let _ = write!(cell, "{}", t.score);
        }
        out.end()?;
        dirt.blank(&mut out, TICKET_HEADER.len())?;
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
    fn shopify_line_items_share_the_order_and_tickets_name_real_orders() {
        let o = Options {
            rows: 3000,
            encoding: Encoding::Utf8,
            only: vec!["shopify".into(), "tickets".into()],
            ..Default::default()
        };
        let (dir, _) = generate_into("shop", o.clone());
        let m = Model::build(&o);
        let shop = rows(&dir.join("shopify_orders.csv"), ',');
        assert!(shop.iter().all(|r| r.len() == SHOPIFY_HEADER.len()));
        let names: std::collections::BTreeSet<&str> = shop.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names.len(), m.shopify.len());
        // order-level fields only on an order's first row
        for w in shop.windows(2) {
            if w[0][0] == w[1][0] {
                assert!(w[1][2].is_empty() && !w[1][15].is_empty() && w[1][1] == w[0][1]);
            } else {
                assert!(!w[1][2].is_empty());
            }
        }
        let ids: std::collections::BTreeSet<String> = m.orders.iter().map(|o| o.id.to_string()).collect();
        let tickets = rows(&dir.join("aftersales_tickets.csv"), ',');
        assert_eq!(tickets.len(), m.tickets.len());
        for t in &tickets {
            assert!(ids.contains(&t[2]) || names.contains(t[2].as_str()), "{t:?}");
            assert_eq!(t[2].starts_with('#'), t[4] == "邮件");
        }
    }
}

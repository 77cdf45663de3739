//! `taobao_orders.csv`: the 订单报表 (ExportOrderList layout, 48 columns) as the seller centre
//! exports it — six header names ending in a blank, `="…"` order and tracking numbers, masked
//! `'177****8176` mobiles, `浙江省 杭州市 …` / `上海 上海市 …` addresses, newest first — or, with
//! `--encoding utf16`, as Excel saves it again after opening it (formulas evaluated, `35.00` →
//! `35`, `2024/3/5 14:22`).

use super::orders::{Order, Status};
use super::out::{formatted_money, Encoding, Out};
use super::rng::Rng;
use super::tables::{
    BUYER_MSGS, CLOSE_UNPAID, INVOICE, LOGISTICS, PROVINCES, REMARKS, SHOP_ID, SHOP_NAME, STATUS_TEXT, TAOBAO_HEADER,
};
use super::{Dirt, Model, STREAM_TAOBAO};
use std::fmt::Write;
use std::path::Path;

/// Writes the order report; returns the data rows written.
pub fn write(m: &Model, dir: &Path, enc: Encoding, dirt: &mut Dirt) -> std::io::Result<u64> {
    let name = format!("taobao_orders{}", enc.ext());
    let mut out = Out::create(&dir.join(&name), enc, TAOBAO_HEADER)?;
    let sep = out.sep();
    let header_line: String = TAOBAO_HEADER.join(&sep.to_string());
    let mid = m.orders.len() / 2;
    let mut buf = String::new();
    for (i, o) in m.orders.iter().enumerate().rev() {
        row(&mut out, m, o, i, enc, dirt, &mut buf);
        out.end()?;
        if dirt.hit(0.002, "duplicate_order_rows") {
            out.repeat()?;
        }
        dirt.blank(&mut out, TAOBAO_HEADER.len())?;
        if dirt.level >= 2 && i == mid {
            dirt.count("repeated_header");
            out.line(&header_line)?;
        }
    }
    let rows = out.lines;
    dirt.finish(out, &name)?;
    Ok(rows)
}

fn row(out: &mut Out, m: &Model, o: &Order, i: usize, enc: Encoding, dirt: &mut Dirt, buf: &mut String) {
    let excel = enc == Encoding::Utf16;
    let c = o.cust as usize;
    let cu = &m.customers;
    let p = &PROVINCES[cu.prov[c] as usize];
    let city = &p.cities[cu.city[c] as usize];
    let district = city.districts.get(cu.dist[c] as usize).copied().unwrap_or("");
    let mut rng = Rng::derive(m.seed, STREAM_TAOBAO, i as u64); // cosmetic fields only
    let msg = if rng.chance(0.05) { *rng.pick(BUYER_MSGS) } else { "" };
    let remark = if rng.chance(0.03) { *rng.pick(REMARKS) } else { "" };
    let invoice = if rng.chance(0.02) { *rng.pick(INVOICE) } else { "" };
    let mobile = rng.chance(0.92);
    let presale = m.clock.promo_at(o.ts) == 1 && rng.chance(0.04);
    let (_, _, prefix, len) = LOGISTICS[o.courier as usize];
    let digits = len.saturating_sub(prefix.len() as u32);
    let track = rng.range(10i64.pow(digits.saturating_sub(1)), 10i64.pow(digits));

    // 订单编号
    let cell = out.cell();
    if excel {
        let _ = write!(cell, "{}", o.id);
    } else {
        let _ = write!(cell, "=\"{}\"", o.id);
    }
    if dirt.hit(0.0005, "missing_buyer") {
        out.raw("");
    } else {
        out.text(cu.nick.get(c));
    }
    out.text(cu.alipay.get(c));
    out.money(o.goods, excel);
    out.money(o.post, excel);
    out.raw("0");
    out.money(o.total(), excel);
    out.raw("0");
    // 买家实际支付金额, and its dirt: a valid amount written `"￥1,234.50"`, or `-` / blank
    if dirt.hit(0.0005, "currency_formatted_amount") {
        out.text(&formatted_money(enc.yen(), o.paid));
    } else if dirt.hit(0.0005, "bad_amount") {
        out.raw(if dirt.coin() { "-" } else { "" });
    } else {
        out.money(o.paid, excel);
    }
    out.raw("0");
    out.raw(STATUS_TEXT[o.status as usize]);
    if !msg.is_empty() && dirt.hit(0.0002, "stray_quote") {
        out.raw("要\"大号\"的"); // an unescaped quote inside an unquoted field
    } else {
        out.text(msg);
    }
    out.text(cu.name.get(c));
    buf.clear();
    if !dirt.hit(0.002, "missing_address") {
        let token = if dirt.hit(0.01, "address_province_variant") {
            if dirt.coin() {
                p.short
            } else {
                p.pinyin
            }
        } else {
            p.token
        };
        let _ = write!(buf, "{token} {} {district} {}", city.name, cu.addr_tail.get(c));
    }
    out.text(buf);
    out.raw("快递");
    out.raw("");
    let cell = out.cell();
    if !excel {
        cell.push('\'');
    }
    cell.push_str(cu.phone.get(c));
    // 订单创建时间, and its dirt
    if dirt.hit(0.0005, "bad_date") {
        out.raw(["########", "", "0000-00-00 00:00:00"][dirt.index(3)]);
    } else {
        time(out, m, o.ts, excel);
    }
    time(out, m, o.pay_ts, excel);
    buf.clear();
    for (k, (prod, _)) in o.basket.iter().enumerate() {
        if k > 0 {
            buf.push('，');
        }
        buf.push_str(&m.catalog.get(prod).title);
    }
    out.text(buf);
    out.int(o.basket.len() as i64);
    let shipped = o.ship_ts >= 0;
    let cell = out.cell();
    if shipped {
        let _ = if excel { write!(cell, "{prefix}{track}") } else { write!(cell, "=\"{prefix}{track}\"") };
    }
    out.raw(if shipped { LOGISTICS[o.courier as usize].0 } else { "" });
    out.text(remark);
    out.int(i64::from(o.basket.quantity()));
    out.raw(SHOP_ID);
    out.raw(SHOP_NAME);
    out.text(match o.close {
        0 => "订单未关闭",
        1 => "退款",
        k => CLOSE_UNPAID.get(usize::from(k) - 2).map_or("其他原因", |c| c.0),
    });
    out.raw("0");
    out.raw("0元");
    out.text(invoice);
    out.raw(if mobile { "手机订单" } else { "" });
    out.raw(if presale { "定金已付，尾款已付" } else { "" });
    out.raw("");
    for _ in 0..3 {
        out.raw("否");
    }
    for _ in 0..4 {
        out.raw("");
    }
    out.raw(if excel { "0" } else { "0.00" });
    out.raw(if excel { "0" } else { "0.00" });
    out.raw("否");
    out.money(o.refund, excel);
    out.raw("");
    time(out, m, o.confirm_ts, excel);
    out.money(if o.status == Status::Success { o.paid - o.refund } else { 0 }, excel);
}

fn time(out: &mut Out, m: &Model, ts: i64, excel: bool) {
    let cell = out.cell();
    if ts < 0 {
        return;
    }
    if excel {
        m.clock.push_excel(cell, ts);
    } else {
        m.clock.push(cell, ts);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{generate_into, rows};
    use super::super::Options;
    use super::*;

    #[test]
    fn the_order_report_as_exported_and_as_excel_saves_it() {
        let only = vec!["taobao".to_string()];
        let (dir, _) = generate_into(
            "tb-utf8",
            Options { rows: 400, only: only.clone(), encoding: Encoding::Utf8, ..Default::default() },
        );
        let text = std::fs::read_to_string(dir.join("taobao_orders.csv")).unwrap();
        assert!(text.starts_with("订单编号,买家会员名,"));
        assert_eq!(TAOBAO_HEADER.iter().filter(|h| h.ends_with(' ')).count(), 6);
        let r = rows(&dir.join("taobao_orders.csv"), ',');
        assert_eq!(r.len(), 400);
        let mut last = String::from("9");
        for row in &r {
            assert_eq!(row.len(), 48, "{row:?}");
            assert!(row[0].starts_with("=\"") && row[0].len() == 22, "{}", row[0]);
            assert!(row[16].starts_with('\'') && row[16].contains("****"));
            let first = row[13].split(' ').next().unwrap();
            assert!(PROVINCES.iter().any(|p| p.token == first), "{}", row[13]);
            assert!(row[17] <= last, "newest first");
            last = row[17].clone();
            assert!(STATUS_TEXT.contains(&row[10].as_str()));
        }
        assert!(r.iter().any(|row| row[13].starts_with("上海 上海市 ") || row[13].starts_with("北京 北京市 ")));
        let (dir, _) =
            generate_into("tb-utf16", Options { rows: 400, only, encoding: Encoding::Utf16, ..Default::default() });
        let bytes = std::fs::read(dir.join("taobao_orders.txt")).unwrap();
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(&bytes);
        assert!(!bad);
        let first = text.lines().nth(1).unwrap().split('\t').collect::<Vec<_>>();
        assert_eq!(first.len(), 48);
        assert!(first[0].len() == 19 && first[0].bytes().all(|b| b.is_ascii_digit()));
        assert!(first[17].contains('/') && first[17].len() <= 16, "{}", first[17]);
        assert!(!first[3].ends_with(".00"));
    }
}

//! `customer-insights sample`: the project's own synthetic shop exports — one fictional shop
//! (花间集旗舰店 on Taobao/Tmall, plus a Shopify site) and its customers, written as the six files
//! the platforms export: `taobao_orders.csv`, `crm_customers.csv`, `interest_events.csv`,
//! `shopify_orders.csv`, `outbound_calls.csv`, `aftersales_tickets.csv`, with the platforms'
//! headers, encodings and quirks.
//!
//! The files agree with each other: the same buyer nicks everywhere, CRM purchase totals equal
//! the 交易成功 orders, every ticket's 订单编号 is a real order, a won call is followed by a real
//! order of that customer within hours (mostly: agents tick a few that none follows), interest
//! precedes the orders it leads to, non-buyers show interest too, and conversion differs by
//! province and by source. Nothing is later than the as-of day.
//!
//! Deterministic: the same options give byte-identical files ([`rng`] is SplitMix64; each part
//! of the model draws from its own stream). `--messy L` adds dirt at rates that scale with L,
//! drawn from a stream of its own, so the records underneath are those of `--messy 0`.
//!
//! Natively only (the `cli` feature): it writes files.

pub mod activity;
pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod customers;
pub mod orders;
pub mod out;
pub mod people;
pub mod rng;
pub mod shop;
pub mod tables;
pub mod taobao;

use calendar::Clock;
use catalog::Catalog;
use chrono::{Datelike, NaiveDate};
use customers::Customers;
use out::Out;
use rng::Rng;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use out::Encoding;

/// The six files, in the order they are written; `--only` names.
pub const KINDS: [&str; 6] = ["taobao", "crm", "events", "shopify", "calls", "tickets"];

// The model's random streams (see `Rng::derive`).
const STREAM_CATALOG: u64 = 1;
const STREAM_CUSTOMERS: u64 = 2;
const STREAM_PHONES: u64 = 3;
const STREAM_CALLS: u64 = 4;
const STREAM_ORDERS: u64 = 5;
const STREAM_EVENTS: u64 = 6;
const STREAM_SHOPIFY_MODEL: u64 = 7;
const STREAM_TICKETS: u64 = 8;
const STREAM_DIRT: u64 = 9;
pub(crate) const STREAM_TAOBAO: u64 = 10;
pub(crate) const STREAM_CRM: u64 = 11;
pub(crate) const STREAM_SHOPIFY: u64 = 12;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Taobao orders (one row each).
    pub rows: usize,
    /// The customer universe (default max(200, 0.8 × rows)).
    pub customers: Option<usize>,
    /// Last day of data.
    pub as_of: NaiveDate,
    /// Days of history, the as-of day included.
    pub days: i64,
    /// 0 = clean; 1, 2, … = more dirt.
    pub messy: u32,
    /// Encoding of the Chinese files.
    pub encoding: Encoding,
    /// Which files (`KINDS` names); empty = all.
    pub only: Vec<String>,
    /// Seed.
    pub seed: u64,
    /// Unmasked mobiles in the customer list and the call log.
    pub full_phones: bool,
    /// Shopify orders (default rows / 10, at least 10).
    pub shopify_orders: Option<usize>,
    /// Outbound calls (default rows / 20, at least 10).
    pub calls: Option<usize>,
    /// Output folder.
    pub out: PathBuf,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            rows: 100_000,
            customers: None,
            as_of: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default(),
            days: 731,
            messy: 0,
            encoding: Encoding::Gbk,
            only: Vec::new(),
            seed: 42,
            full_phones: false,
            shopify_orders: None,
            calls: None,
            out: PathBuf::from("out"),
        }
    }
}

/// The most customers (a customer index takes 24 bits in a packed event).
pub const MAX_CUSTOMERS: usize = 1 << 24;

impl Options {
    /// Whether file `kind` is written.
    pub fn wants(&self, kind: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|k| k == kind)
    }

    /// The customer count in effect.
    pub fn customer_count(&self) -> usize {
        self.customers.unwrap_or((self.rows as f64 * 0.8) as usize).max(200)
    }

    /// Checks the options' ranges.
    pub fn check(&self) -> Result<(), String> {
        if let Some(k) = self.only.iter().find(|k| !KINDS.contains(&k.as_str())) {
            return Err(format!("--only: unknown file {k:?} (one of {})", KINDS.join(",")));
        }
        if self.customer_count() >= MAX_CUSTOMERS {
            return Err(format!("at most {} customers", MAX_CUSTOMERS - 1));
        }
        if !(1..=20_000).contains(&self.days) {
            return Err("--days must be 1 … 20000".into());
        }
        if self.rows > 90_000_000 {
            return Err("--rows: at most 90,000,000".into());
        }
        Ok(())
    }
}

/// The shop's history, everything the files are written from.
pub struct Model {
    /// The seed (writers derive their cosmetic streams from it).
    pub seed: u64,
    /// The window.
    pub clock: Clock,
    /// The products.
    pub catalog: Catalog,
    /// The people.
    pub customers: Customers,
    /// Outbound calls, by time.
    pub calls: Vec<orders::Call>,
    /// Taobao orders, by time.
    pub orders: Vec<orders::Order>,
    /// Interest events, packed, by time.
    pub events: Vec<u64>,
    /// Shopify orders (time, customer), by time.
    pub shopify: Vec<(i64, u32)>,
    /// After-sales tickets, by creation time.
    pub tickets: Vec<activity::Ticket>,
}

impl Model {
    /// Builds the model (what is not written is not built: no events without `events`, …).
    pub fn build(o: &Options) -> Model {
        let s = o.seed;
        let clock = Clock::new(o.as_of, o.days);
        let catalog = Catalog::generate(&mut Rng::derive(s, STREAM_CATALOG, 0));
        let mut prng = Rng::derive(s, STREAM_PHONES, 0);
        let phones = o.full_phones.then_some((&mut prng, o.messy));
        let customers =
            Customers::generate(o.customer_count(), &clock, &mut Rng::derive(s, STREAM_CUSTOMERS, 0), phones);
        let n_calls = o.calls.unwrap_or(o.rows / 20).max(10);
        let (calls, won) = orders::calls(n_calls, &customers, &clock, &mut Rng::derive(s, STREAM_CALLS, 0));
        let orders = orders::orders(o.rows, &won, &customers, &catalog, &clock, &mut Rng::derive(s, STREAM_ORDERS, 0));
        let events = if o.wants("events") {
            activity::events(&orders, &customers, &catalog, &clock, &mut Rng::derive(s, STREAM_EVENTS, 0))
        } else {
            Vec::new()
        };
        let need_shop = o.wants("shopify") || o.wants("tickets");
        let n_shop = o.shopify_orders.unwrap_or(o.rows / 10).max(10);
        let shopify = if need_shop {
            activity::shopify(n_shop, &customers, &clock, &mut Rng::derive(s, STREAM_SHOPIFY_MODEL, 0))
        } else {
            Vec::new()
        };
        let tickets = if o.wants("tickets") {
            activity::tickets(&orders, &shopify, clock.now, &mut Rng::derive(s, STREAM_TICKETS, 0))
        } else {
            Vec::new()
        };
        Model { seed: s, clock, catalog, customers, calls, orders, events, shopify, tickets }
    }

    /// The as-of day's year.
    pub fn clock_year(&self) -> i32 {
        (self.clock.start + chrono::Duration::days(self.clock.days - 1)).year()
    }
}

/// The dirt of `--messy L`: its own random stream and what it injected, by kind.
pub struct Dirt {
    /// L.
    pub level: u32,
    rng: Rng,
    /// Injected defects, by kind (`file:kind` for the truncated last lines).
    pub counts: BTreeMap<String, u64>,
}

impl Dirt {
    /// Dirt of level `level` for file `file` (its own stream: files can be written at once).
    pub fn new(level: u32, seed: u64, file: u64) -> Dirt {
        Dirt { level, rng: Rng::derive(seed, STREAM_DIRT, file), counts: BTreeMap::new() }
    }

    /// Counts one defect of `kind`.
    pub fn count(&mut self, kind: &str) {
        *self.counts.entry(kind.to_string()).or_insert(0) += 1;
    }

    /// True (and counted) with probability `base` × L; never draws at L = 0.
    pub fn hit(&mut self, base: f64, kind: &str) -> bool {
        if self.level == 0 || !self.rng.chance(base * f64::from(self.level)) {
            return false;
        }
        self.count(kind);
        true
    }

    /// A fair coin from the dirt's stream.
    pub fn coin(&mut self) -> bool {
        self.rng.chance(0.5)
    }

    /// An index below `n` from the dirt's stream.
    pub fn index(&mut self, n: usize) -> usize {
        self.rng.index(n)
    }

    /// A province as a CRM or event row spells it: the full name, or (dirt) `浙江`, `Zhejiang`,
    /// ` 浙江省 `.
    pub fn province(&mut self, p: usize) -> std::borrow::Cow<'static, str> {
        let p = &tables::PROVINCES[p.min(tables::PROVINCES.len() - 1)];
        if self.level > 0 {
            let l = f64::from(self.level);
            let r = self.rng.f64();
            if r < 0.03 * l {
                self.count("province_short");
                return p.short.into();
            } else if r < 0.045 * l {
                self.count("province_pinyin");
                return p.pinyin.into();
            } else if r < 0.05 * l {
                self.count("province_padded");
                return format!(" {} ", p.full).into();
            }
        }
        p.full.into()
    }

    /// Maybe a blank line: empty, or separators only.
    pub fn blank(&mut self, out: &mut Out, columns: usize) -> std::io::Result<()> {
        if self.hit(0.0004, "blank_lines") {
            let line = if self.coin() { String::new() } else { out.sep().to_string().repeat(columns - 1) };
            out.line(&line)?;
        }
        Ok(())
    }

    /// Closes a file; at L ≥ 1 its last line is cut off mid-row.
    pub fn finish(&mut self, out: Out, file: &str) -> std::io::Result<()> {
        if self.level == 0 {
            return out.finish(None);
        }
        self.count(&format!("truncated_last_line:{file}"));
        out.finish(Some(&mut self.rng))
    }
}

/// What a run wrote.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    /// Data rows (lines after the header, dirt included) per file.
    pub rows: BTreeMap<String, u64>,
    /// Injected defects by kind.
    pub injected: BTreeMap<String, u64>,
    /// Taobao orders by 订单状态.
    pub orders_by_status: BTreeMap<String, u64>,
    /// Seconds to build the model and to write the files.
    pub seconds: (f64, f64),
}

/// Generates the files into `o.out`.
pub fn generate(o: &Options) -> Result<Summary, String> {
    o.check()?;
    let dir: &Path = &o.out;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let t0 = std::time::Instant::now();
    let m = Model::build(o);
    let t1 = std::time::Instant::now();
    let mut sum = Summary::default();
    let enc = o.encoding;
    let m = &m;
    // each file on a thread of its own: the files depend on the model only
    let written: Vec<Result<(String, u64, Dirt), String>> = std::thread::scope(|s| {
        let jobs: Vec<_> = KINDS
            .iter()
            .enumerate()
            .filter(|(_, k)| o.wants(k))
            .map(|(i, &kind)| {
                s.spawn(move || {
                    let mut dirt = Dirt::new(o.messy, o.seed, i as u64);
                    let (file, rows) = match kind {
                        "taobao" => ("taobao_orders", taobao::write(m, dir, enc, &mut dirt)),
                        "crm" => ("crm_customers", people::crm(m, dir, enc, &mut dirt)),
                        "events" => ("interest_events", people::events(m, dir, enc, &mut dirt)),
                        "shopify" => ("shopify_orders", shop::shopify(m, dir, &mut dirt)),
                        "calls" => ("outbound_calls", people::calls(m, dir, enc, &mut dirt)),
                        _ => ("aftersales_tickets", shop::tickets(m, dir, enc, &mut dirt)),
                    };
                    let ext = if kind == "shopify" { ".csv" } else { enc.ext() };
                    let name = format!("{file}{ext}");
                    rows.map(|r| (name.clone(), r, dirt)).map_err(|e| format!("{}: {e}", dir.join(&name).display()))
                })
            })
            .collect();
        jobs.into_iter().map(|j| j.join().unwrap_or_else(|_| Err("a writer thread failed".into()))).collect()
    });
    for w in written {
        let (name, rows, dirt) = w?;
        sum.rows.insert(name, rows);
        for (k, n) in dirt.counts {
            *sum.injected.entry(k).or_insert(0) += n;
        }
    }
    for ord in &m.orders {
        *sum.orders_by_status.entry(tables::STATUS_TEXT[ord.status as usize].to_string()).or_insert(0) += 1;
    }
    sum.seconds = ((t1 - t0).as_secs_f64(), t1.elapsed().as_secs_f64());
    Ok(sum)
}

/// Helpers of the module's tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Generates into a fresh temporary folder.
    pub fn generate_into(name: &str, o: Options) -> (PathBuf, Summary) {
        let dir = std::env::temp_dir().join(format!("ci-sample-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let sum = generate(&Options { out: dir.clone(), ..o }).unwrap();
        (dir, sum)
    }

    /// The data rows of a UTF-8 file (CRLF lines, header dropped), cells split at `sep` outside quotes.
    pub fn rows(path: &Path, sep: char) -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(path).unwrap();
        text.split("\r\n").skip(1).filter(|l| !l.is_empty()).map(|l| split(l, sep)).collect()
    }

    fn split(line: &str, sep: char) -> Vec<String> {
        let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' if quoted || cell.is_empty() => quoted = !quoted,
                c if c == sep && !quoted => cells.push(std::mem::take(&mut cell)),
                c => cell.push(c),
            }
        }
        cells.push(cell);
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    fn model(rows: usize) -> Model {
        Model::build(&Options { rows, ..Options::default() })
    }

    #[test]
    fn tickets_are_on_real_paid_orders_and_won_calls_are_followed_by_orders() {
        let m = model(6000);
        assert!(!m.tickets.is_empty());
        for t in &m.tickets {
            match t.about {
                activity::Ref::Taobao(i) => {
                    let o = &m.orders[i as usize];
                    assert!(o.pay_ts >= 0 && t.created >= o.pay_ts);
                }
                activity::Ref::Shopify(k) => assert!(m.shopify[k as usize].0 <= t.created),
            }
            assert!(t.created <= m.clock.now);
        }
        let deals: Vec<_> = m.calls.iter().filter(|c| c.deal && c.ts < m.clock.now - 2 * calendar::DAY).collect();
        assert!(deals.len() >= 5, "{}", deals.len());
        let followed = deals
            .iter()
            .filter(|c| m.orders.iter().any(|o| o.cust == c.cust && o.ts > c.ts && o.ts < c.ts + 2 * calendar::DAY))
            .count();
        assert!(followed * 10 >= deals.len() * 7, "{followed} of {}", deals.len());
        assert!(followed < deals.len() + 1);
    }

    #[test]
    fn conversion_differs_by_province() {
        let m = model(20_000);
        let c = &m.customers;
        let rate = |names: &[&str]| {
            let of = |i: usize| names.contains(&tables::PROVINCES[c.prov[i] as usize].short);
            let all = (0..c.len()).filter(|&i| of(i)).count() as f64;
            (0..c.len()).filter(|&i| of(i) && c.buyer[i]).count() as f64 / all
        };
        let high = rate(&["上海", "浙江", "江苏", "北京"]);
        let low = rate(&["新疆", "西藏", "青海", "甘肃", "宁夏"]);
        assert!(high > 1.6 * low, "{high} vs {low}");
        // interested non-buyers: customers with events and no order
        let mut ordered = vec![false; c.len()];
        for o in &m.orders {
            ordered[o.cust as usize] = true;
        }
        let interested_only = m.events.iter().map(|&e| activity::unpack(e).1 as usize).filter(|&i| !ordered[i]).count();
        assert!(interested_only > 1000, "{interested_only}");
    }

    #[test]
    fn messy_dirt_leaves_the_records_alone() {
        let o = Options { rows: 1500, only: vec!["crm".into()], encoding: Encoding::Utf8, ..Options::default() };
        let (clean, _) = generate_into("dirt-0", o.clone());
        let (dirty, sum) = generate_into("dirt-2", Options { messy: 2, ..o });
        assert!(sum.injected.get("crm_age_garbage").is_some_and(|&n| n > 0), "{:?}", sum.injected);
        let by_id = |dir: &Path| {
            rows(&dir.join("crm_customers.csv"), ',')
                .into_iter()
                .filter(|r| r.len() == tables::CRM_HEADER.len())
                .map(|r| (r[0].clone(), (r[8].clone(), r[15].clone(), r[16].clone())))
                .collect::<BTreeMap<_, _>>()
        };
        let (a, b) = (by_id(&clean), by_id(&dirty));
        assert_eq!(a.len(), 1200);
        assert!(b.len() >= 1199);
        // the same customers with the same source and purchase totals, dirt aside
        assert!(b.iter().all(|(id, v)| a.get(id) == Some(v)));
    }
}

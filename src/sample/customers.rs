//! The customer universe: every buyer and every person who only showed interest, with where
//! they live, where they came from (来源), when they joined and lapsed, whether and how often
//! they buy, and the names, nicks, phones and addresses the files show for them.
//!
//! Province and source each carry a conversion factor that moves both "ever buys" and purchase
//! frequency, so conversion differs by province and by source in every file set.

use super::calendar::Clock;
use super::rng::{cumulative, Rng};
use super::tables::{COMPOUNDS, GIVEN_F, GIVEN_M, NICK_ADJ, NICK_NOUN, PROVINCES, SOURCES, STREETS, SURNAMES};
use rustc_hash::FxHashSet;
use std::fmt::Write;
use std::hash::{Hash, Hasher};

/// Many short strings in one buffer: no allocation per customer.
#[derive(Default)]
pub struct Arena {
    text: String,
    ends: Vec<usize>,
}

impl Arena {
    /// Appends one string.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// String `i` ("" past the end).
    pub fn get(&self, i: usize) -> &str {
        let end = self.ends.get(i).copied().unwrap_or(0);
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(end) };
        self.text.get(start..end).unwrap_or("")
    }
}

/// The customers, one entry per customer in each vector.
#[derive(Default)]
pub struct Customers {
    /// Index into `PROVINCES`.
    pub prov: Vec<u8>,
    /// Index into `SOURCES`.
    pub src: Vec<u8>,
    /// Index into the province's cities.
    pub city: Vec<u8>,
    /// Index into the city's districts.
    pub dist: Vec<u8>,
    /// Female.
    pub female: Vec<bool>,
    /// Age in years at the as-of day.
    pub age: Vec<u8>,
    /// First day of activity (interest or first order).
    pub join: Vec<i64>,
    /// Last active day.
    pub lapse: Vec<i64>,
    /// Ever buys (most orders go to buyers; a call can still win a non-buyer over).
    pub buyer: Vec<bool>,
    /// Purchase frequency weight (Pareto tail × province × source).
    pub weight: Vec<f64>,
    /// 买家会员名, unique.
    pub nick: Arena,
    /// Real name (收货人姓名).
    pub name: Arena,
    /// Name in pinyin (e-mail, Shopify).
    pub pinyin: Arena,
    /// Street part of the address with the zip: `文三路123号(310012)`.
    pub addr_tail: Arena,
    /// Masked mobile `177****8176`.
    pub phone: Arena,
    /// Full mobile (`--full-phones`), else the masked one.
    pub phone_full: Arena,
    /// 买家支付宝账号 (masked).
    pub alipay: Arena,
    /// E-mail or "" (16 %).
    pub email: Arena,
}

impl Customers {
    /// How many.
    pub fn len(&self) -> usize {
        self.prov.len()
    }

    /// None.
    pub fn is_empty(&self) -> bool {
        self.prov.is_empty()
    }

    /// `n` customers drawn from `rng`; full phones (households, and malformed ones with
    /// `messy`) from their own stream, so every other column is the same without them.
    pub fn generate(n: usize, clock: &Clock, rng: &mut Rng, phones: Option<(&mut Rng, u32)>) -> Customers {
        let prov_cw = cumulative(PROVINCES.iter().map(|p| p.share));
        let src_cw = cumulative(SOURCES.iter().map(|s| s.1));
        let mut c = Customers::default();
        let mut used: FxHashSet<u64> = FxHashSet::default();
        let mut nick = String::new();
        let mut s = String::new();
        for _ in 0..n {
            let pi = rng.weighted(&prov_cw);
            let si = rng.weighted(&src_cw);
            let p = &PROVINCES[pi];
            let (_, _, sconv) = SOURCES[si];
            let ci = if rng.chance(0.5) { rng.index(p.cities.len()) } else { 0 };
            let city = &p.cities[ci];
            let di = rng.index(city.districts.len());
            let female = rng.chance(0.78);
            let mut age = rng.gauss(30.5, 7.5);
            if rng.chance(0.08) {
                age = rng.uniform(45.0, 68.0);
            }
            let join = clock.day_in(rng, 0, clock.days - 1);
            let mut life = rng.exp(260.0);
            if rng.chance(0.25) {
                life *= 0.15; // quick churners
            }
            let conv = 0.56 * p.conv * sconv;
            let buyer = rng.chance(conv.min(0.97));
            let weight = rng.pareto(1.35).min(120.0) * p.conv * (0.6 + 0.4 * sconv);
            c.prov.push(pi as u8);
            c.src.push(si as u8);
            c.city.push(ci as u8);
            c.dist.push(di as u8);
            c.female.push(female);
            c.age.push(age.clamp(16.0, 72.0) as u8);
            c.join.push(join);
            c.lapse.push((join + life as i64).min(clock.days - 1));
            c.buyer.push(buyer);
            c.weight.push(weight);

            // names: common surnames most often, one or two given characters
            let sn = if rng.chance(0.7) {
                (rng.pareto(1.1) as usize).saturating_sub(1).min(SURNAMES.len() - 1)
            } else {
                rng.index(SURNAMES.len())
            };
            let given = if female { GIVEN_F } else { GIVEN_M };
            let g1 = rng.pick(given);
            let g2 = if rng.chance(0.6) { *rng.pick(given) } else { ("", "") };
            let (sur, sur_py) = SURNAMES[sn];
            s.clear();
            s.push_str(sur);
            s.push_str(g1.0);
            s.push_str(g2.0);
            c.name.push(&s);
            let py = format!("{sur_py}{}{}", g1.1, g2.1);
            c.pinyin.push(&py);
            nick.clear();
            let r = rng.f64();
            if r < 0.28 {
                let _ = write!(nick, "tb{}", rng.range(1_000_000_000, 10_000_000_000));
            } else if r < 0.36 {
                let _ = write!(nick, "t_{}", rng.range(1_000_000_000_000, 10_000_000_000_000));
            } else if r < 0.66 {
                nick.push_str(&py);
                if rng.chance(0.5) {
                    let _ = write!(nick, "{}", rng.range(1975, 2008));
                } else {
                    let _ = write!(nick, "_{}", rng.range(100, 999));
                }
            } else if r < 0.9 {
                let adj: &str = rng.pick::<&str>(NICK_ADJ);
                nick.push_str(adj);
                let noun: &str = rng.pick::<&str>(NICK_NOUN);
                nick.push_str(noun);
                if rng.chance(0.5) {
                    let _ = write!(nick, "{}", rng.range(1, 999));
                }
            } else {
                let _ = write!(nick, "{s}{}", rng.range(10, 99));
            }
            while !used.insert(hash(&nick)) {
                let _ = write!(nick, "{}", rng.below(10));
            }
            c.nick.push(&nick);

            let street = rng.pick(STREETS).0;
            let zip = city.zip + 10 * (di as u32 + 1) + rng.below(8) as u32;
            s.clear();
            let _ = write!(s, "{street}{}号", rng.range(1, 999));
            if rng.chance(0.55) {
                let _ = write!(
                    s,
                    "{}{}幢{}单元{}{:02}室",
                    rng.pick(COMPOUNDS),
                    rng.range(1, 30),
                    rng.range(1, 4),
                    rng.range(1, 33),
                    rng.range(1, 6)
                );
            }
            let _ = write!(s, "({zip:06})");
            c.addr_tail.push(&s);
            s.clear();
            let _ = write!(s, "1{}{}****{:04}", rng.pick(&[3, 4, 5, 6, 7, 8, 9]), rng.below(10), rng.below(10_000));
            c.phone.push(&s);
            let r = rng.f64();
            if r < 0.6 {
                c.alipay.push(&s);
            } else if r < 0.85 {
                let head: String = py.chars().take(3).collect();
                let domain = rng.pick(&["163.com", "qq.com", "126.com", "sina.com"]);
                c.alipay.push(&format!("{head}***@{domain}"));
            } else {
                c.alipay.push(&format!("{}***@qq.com", rng.range(100, 1000)));
            }
            if rng.chance(0.16) {
                let domain = rng.pick(&["163.com", "qq.com", "gmail.com", "outlook.com", "126.com", "foxmail.com"]);
                c.email.push(&format!("{py}{}@{domain}", rng.range(1, 9999)));
            } else {
                c.email.push("");
            }
        }
        match phones {
            None => c.phone_full = clone_arena(&c.phone),
            Some((prng, messy)) => c.full_phones(prng, messy),
        }
        c
    }

    /// Unmasked mobiles: about 2 % share a number with an earlier customer (a household); with
    /// `--messy L` about 1.5 %×L are malformed as shops' own CRMs hold them.
    fn full_phones(&mut self, rng: &mut Rng, messy: u32) {
        let mut full = Arena::default();
        let mut num = String::new();
        for i in 0..self.len() {
            if i > 10 && rng.chance(0.02) {
                let j = rng.index(i);
                let shared = full.get(j).to_string();
                full.push(&shared);
                continue;
            }
            num.clear();
            let _ = write!(num, "1{}", rng.pick(&[3, 4, 5, 6, 7, 8, 9]));
            for _ in 0..9 {
                let _ = write!(num, "{}", rng.below(10));
            }
            if messy > 0 && rng.chance(0.015 * f64::from(messy)) {
                let n = num.clone();
                let part = |a: usize, b: usize| n.get(a..b).unwrap_or("").to_string();
                num = match rng.below(7) {
                    0 => part(0, 10),
                    1 => format!("{n}8"),
                    2 => format!("0571-8{}", part(4, 11)),
                    3 => format!("+86 {} {} {}", part(0, 3), part(3, 7), part(7, 11)),
                    4 => format!("{}O{}", part(0, 7), part(8, 11)),
                    5 => format!("86{n}"),
                    _ => format!("12{}", part(2, 11)),
                };
            }
            full.push(&num);
        }
        self.phone_full = full;
    }
}

fn clone_arena(a: &Arena) -> Arena {
    Arena { text: a.text.clone(), ends: a.ends.clone() }
}

fn hash(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn make(n: usize, phones: bool) -> Customers {
        let clock = Clock::new(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(), 731);
        let mut prng = Rng::new(9);
        Customers::generate(n, &clock, &mut Rng::new(7), phones.then_some((&mut prng, 0)))
    }

    #[test]
    fn nicks_are_unique_and_fields_look_right() {
        let c = make(5000, false);
        let nicks: std::collections::HashSet<&str> = (0..c.len()).map(|i| c.nick.get(i)).collect();
        assert_eq!(nicks.len(), 5000);
        for i in 0..c.len() {
            assert_eq!(c.phone.get(i).chars().count(), 11, "{}", c.phone.get(i));
            assert!(c.phone.get(i).contains("****"));
            assert!(c.addr_tail.get(i).ends_with(')'));
            assert!(c.lapse[i] >= c.join[i]);
            assert!((16..=72).contains(&c.age[i]));
        }
        let female = c.female.iter().filter(|&&f| f).count();
        assert!((3600..4200).contains(&female), "{female}");
        // conversion differs by source: 老客推荐 buys far more often than 微博
        let rate = |name: &str| {
            let si = SOURCES.iter().position(|s| s.0 == name).unwrap() as u8;
            let all = c.src.iter().filter(|&&s| s == si).count() as f64;
            (0..c.len()).filter(|&i| c.src[i] == si && c.buyer[i]).count() as f64 / all
        };
        assert!(rate("老客推荐") > 2.0 * rate("微博"));
    }

    #[test]
    fn full_phones_leave_every_other_column_alone() {
        let a = make(300, false);
        let b = make(300, true);
        for i in 0..300 {
            assert_eq!(a.nick.get(i), b.nick.get(i));
            assert_eq!(a.phone.get(i), b.phone.get(i));
            assert_eq!(a.phone_full.get(i), a.phone.get(i));
            assert_eq!(b.phone_full.get(i).len(), 11);
            assert!(!b.phone_full.get(i).contains('*'));
        }
    }
}

//! A [`Part`] as bytes, to send it from the worker that read it to the worker that takes it in
//! (wasm has no shared-memory threads without cross-origin isolation, which a page embedded in
//! an admin site cannot count on). A plain little-endian layout: the rows go as fixed-size
//! records, so a 500,000-order part is 26 MB written and read in a few milliseconds, without
//! a serialisation crate in the hot path. Reading checks every length against the bytes left
//! and returns an error on damaged input; it never panics.

use super::rows::{PartLog, PartRows};
use super::{LoggedSkip, Part, SkipLog, SkipReason};
use crate::error::Error;
use crate::model::Action;
use crate::store::{Interest, Names, Order};

/// The first bytes of a part, with the layout's version.
const MAGIC: &[u8; 8] = b"CIPART02";

const REASONS: [SkipReason; 11] = [
    SkipReason::Blank,
    SkipReason::Duplicate,
    SkipReason::BadAmount,
    SkipReason::BadDate,
    SkipReason::MissingCustomer,
    SkipReason::MissingOrderId,
    SkipReason::Truncated,
    SkipReason::RepeatedHeader,
    SkipReason::FieldCount,
    SkipReason::Preamble,
    SkipReason::BadValue,
];

const ORDER_BYTES: usize = 16 + 4 + 8 + 8 + 8 + 4 + 2 + 1;
const INTEREST_BYTES: usize = 4 + 8 + 2 + 1;

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.bytes(s.as_bytes());
            }
            None => self.u8(0),
        }
    }
    fn names(&mut self, n: &Names) {
        self.bytes(n.text.as_bytes());
        self.len(n.ends.len());
        for &e in &n.ends {
            self.len(e);
        }
    }
}

struct Reader<'a>(&'a [u8]);

fn damaged(what: &str) -> Error {
    Error::Sequence(format!("a part of a file sent between workers is damaged ({what})"))
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.0.len() < n {
            return Err(damaged("cut short"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.array::<1>()?[0])
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    /// A count of items of at least `each` bytes, checked against the bytes left.
    fn len(&mut self, each: usize) -> Result<usize, Error> {
        let n = usize::try_from(self.u64()?).map_err(|_| damaged("a length"))?;
        if n.saturating_mul(each.max(1)) > self.0.len() {
            return Err(damaged("a length past the end"));
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, Error> {
        std::str::from_utf8(self.bytes()?).map(str::to_string).map_err(|_| damaged("text"))
    }
    fn opt_string(&mut self) -> Result<Option<String>, Error> {
        match self.u8()? {
            0 => Ok(None),
            _ => self.string().map(Some),
        }
    }
    fn flag(&mut self) -> Result<bool, Error> {
        Ok(self.u8()? != 0)
    }
    fn names(&mut self) -> Result<Names, Error> {
        let text = self.string()?;
        let n = self.len(8)?;
        let mut ends = Vec::with_capacity(n);
        let mut last = 0;
        for _ in 0..n {
            let e = usize::try_from(self.u64()?).map_err(|_| damaged("a name"))?;
            if e < last || e > text.len() || !text.is_char_boundary(e) {
                return Err(damaged("a name"));
            }
            last = e;
            ends.push(e);
        }
        Ok(Names { text, ends })
    }
}

impl Part {
    /// The part as bytes, for [`Part::from_bytes`] in another worker.
    pub fn to_bytes(&self) -> Vec<u8> {
        let r = &self.rows;
        let mut w = Writer(Vec::with_capacity(
            64 + r.orders.len() * ORDER_BYTES
                + r.interest.len() * INTEREST_BYTES
                + r.log.key_col.len()
                + self.customers.text.len()
                + self.customers.ends.len() * 8,
        ));
        w.0.extend_from_slice(MAGIC);
        w.u64(self.rows_total);
        w.u64(self.row_no);
        w.u64(self.bytes);
        w.u8(u8::from(self.replaced));
        w.u8(u8::from(self.clean_end));
        w.u8(u8::from(self.last));
        w.u8(u8::from(self.log.overflow));
        w.len(self.log.skips.len());
        for s in &self.log.skips {
            w.u64(s.row);
            match s.key {
                Some(k) => {
                    w.u8(1);
                    w.0.extend_from_slice(&k.to_le_bytes());
                }
                None => w.u8(0),
            }
            w.u8(REASONS.iter().position(|x| *x == s.reason).map_or(u8::MAX, |i| i as u8));
            w.opt_str(s.column.as_deref());
            w.opt_str(s.value.as_deref());
        }
        w.len(r.orders.len());
        for o in &r.orders {
            w.0.extend_from_slice(&o.key.to_le_bytes());
            w.0.extend_from_slice(&o.customer.to_le_bytes());
            w.0.extend_from_slice(&o.created.to_le_bytes());
            w.0.extend_from_slice(&o.paid.to_le_bytes());
            w.0.extend_from_slice(&o.refund.to_le_bytes());
            w.0.extend_from_slice(&o.items.to_le_bytes());
            w.0.extend_from_slice(&o.region.to_le_bytes());
            w.u8(u8::from(o.valid));
        }
        w.len(r.interest.len());
        for e in &r.interest {
            w.0.extend_from_slice(&e.customer.to_le_bytes());
            w.0.extend_from_slice(&e.time.to_le_bytes());
            w.0.extend_from_slice(&e.region.to_le_bytes());
            w.u8(e.action as u8);
        }
        w.bytes(&r.log.key_col);
        w.len(r.log.unknown.len());
        for (i, s) in &r.log.unknown {
            w.len(*i);
            w.bytes(s.as_bytes());
        }
        let used: Vec<u8> = r.key_used.iter().map(|&u| u8::from(u)).collect();
        w.bytes(&used);
        w.names(&self.customers);
        w.names(&self.regions);
        w.0
    }

    /// A part from [`Part::to_bytes`]; an error (never a panic) when the bytes are not one.
    pub fn from_bytes(b: &[u8]) -> Result<Part, Error> {
        let mut r = Reader(b);
        if r.take(MAGIC.len())? != MAGIC {
            return Err(damaged("not a part"));
        }
        let rows_total = r.u64()?;
        let row_no = r.u64()?;
        let bytes = r.u64()?;
        let replaced = r.flag()?;
        let clean_end = r.flag()?;
        let last = r.flag()?;
        let overflow = r.flag()?;
        let n = r.len(8 + 1 + 1 + 1 + 1)?;
        let mut skips = Vec::with_capacity(n);
        for _ in 0..n {
            let row = r.u64()?;
            let key = if r.flag()? { Some(u128::from_le_bytes(r.array()?)) } else { None };
            let reason = *REASONS.get(usize::from(r.u8()?)).ok_or_else(|| damaged("a skip reason"))?;
            let column = r.opt_string()?;
            let value = r.opt_string()?;
            skips.push(LoggedSkip { row, key, reason, column, value });
        }
        let n = r.len(ORDER_BYTES)?;
        let mut orders = Vec::with_capacity(n);
        for _ in 0..n {
            orders.push(Order {
                key: u128::from_le_bytes(r.array()?),
                customer: u32::from_le_bytes(r.array()?),
                created: i64::from_le_bytes(r.array()?),
                paid: i64::from_le_bytes(r.array()?),
                refund: i64::from_le_bytes(r.array()?),
                items: u32::from_le_bytes(r.array()?),
                region: u16::from_le_bytes(r.array()?),
                valid: r.flag()?,
            });
        }
        let n = r.len(INTEREST_BYTES)?;
        let mut interest = Vec::with_capacity(n);
        for _ in 0..n {
            interest.push(Interest {
                customer: u32::from_le_bytes(r.array()?),
                time: i64::from_le_bytes(r.array()?),
                region: u16::from_le_bytes(r.array()?),
                action: Action::from_u8(u8::from_le_bytes(r.array()?)),
            });
        }
        let key_col = r.bytes()?.to_vec();
        let n = r.len(16)?;
        let mut unknown = Vec::with_capacity(n);
        for _ in 0..n {
            let i = usize::try_from(r.u64()?).map_err(|_| damaged("an order index"))?;
            unknown.push((i, r.string()?));
        }
        let key_used = r.bytes()?.iter().map(|&u| u != 0).collect();
        let customers = r.names()?;
        let regions = r.names()?;
        if !r.0.is_empty() {
            return Err(damaged("bytes after the end"));
        }
        Ok(Part {
            rows: PartRows { orders, interest, log: PartLog { key_col, unknown }, key_used },
            rows_total,
            log: SkipLog { skips, overflow },
            row_no,
            bytes,
            replaced,
            clean_end,
            last,
            customers,
            regions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let part = Part {
            rows: PartRows {
                orders: vec![Order {
                    key: 7 << 70,
                    customer: 1,
                    created: -5,
                    paid: 12_345,
                    refund: 0,
                    items: 2,
                    region: 3,
                    valid: true,
                }],
                interest: vec![Interest { customer: 0, time: 1_700_000_000, region: 10, action: Action::FavoriteShop }],
                log: PartLog { key_col: vec![0, 255], unknown: vec![(0, "神秘".into())] },
                key_used: vec![true, false],
            },
            rows_total: 9,
            log: SkipLog {
                skips: vec![LoggedSkip {
                    row: 4,
                    key: Some(99),
                    reason: SkipReason::BadDate,
                    column: Some("订单创建时间".into()),
                    value: None,
                }],
                overflow: false,
            },
            row_no: 10,
            bytes: 1000,
            replaced: true,
            clean_end: true,
            last: false,
            customers: Names { text: "n:a n:bé".into(), ends: vec![4, 9] },
            regions: Names { text: "北京".into(), ends: vec![6] },
        };
        let b = part.to_bytes();
        assert_eq!(Part::from_bytes(&b).unwrap(), part);
        // every cut, and every byte flipped, is an error or another part, never a panic
        for i in 0..b.len() {
            assert!(Part::from_bytes(&b[..i]).is_err(), "cut at {i}");
            let mut c = b.clone();
            c[i] ^= 0xA5;
            let _ = Part::from_bytes(&c);
        }
        let mut longer = b.clone();
        longer.push(0);
        assert!(Part::from_bytes(&longer).is_err());
    }
}

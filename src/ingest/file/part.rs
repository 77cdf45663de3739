//! The later parts of a text file, read on their own (on other threads or in other workers)
//! and taken in by the reader of the part before as if it had read them.

use super::{FileIngest, State};
use crate::error::Error;
use crate::ingest::accounting::{Accounting, SkipLog};
use crate::ingest::rows::{self, Shared};
use crate::ingest::split;
use crate::model::SkipReason;
use crate::store;

/// A later part of a text file, read on its own by a [`FileIngest::continuation`] (on another
/// thread, or in another worker) into interners of its own, and taken in by the reader of the
/// part before it with [`FileIngest::absorb_part`] as if that reader had read it.
/// It crosses threads as it is, and workers as bytes ([`Part::to_bytes`], [`Part::from_bytes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub(in crate::ingest) rows: rows::PartRows,
    /// The part's rows, all of them (used, skipped, blank).
    pub(in crate::ingest) rows_total: u64,
    /// The part's skipped rows (the merge judges and counts them).
    pub(in crate::ingest) log: SkipLog,
    pub(in crate::ingest) row_no: u64,
    pub(in crate::ingest) bytes: u64,
    pub(in crate::ingest) replaced: bool,
    /// The part's bytes ended at the end of a record (else the part cannot be taken in).
    pub(in crate::ingest) clean_end: bool,
    /// The part runs to the end of the file.
    pub(in crate::ingest) last: bool,
    pub(in crate::ingest) customers: store::Names,
    pub(in crate::ingest) regions: store::Names,
}

impl FileIngest {
    /// Whether the rest of this file can be read in parts ([`FileIngest::continuation`]): None
    /// while its header is not found yet; false when it is not CSV/TSV text in UTF-8 or GBK
    /// (other encodings are decoded in order) or its rows depend on rows in other parts (line
    /// items, customer lists).
    pub fn can_read_in_parts(&self) -> Option<bool> {
        let sink = self.sink.as_ref()?;
        Some(sink.splittable() && matches!(self.state, State::Text { decoder: None, .. }) && self.pending.is_empty())
    }

    /// Whether the bytes pushed so far end at the end of a record, so that a part of the file
    /// read on its own from here on can be taken in ([`FileIngest::absorb_part`]).
    fn at_record_start(&self) -> bool {
        self.can_read_in_parts() == Some(true) && self.splitter.at_record_start()
    }

    /// A reader for a later part of this file (`len` bytes, starting at a line end), to be read
    /// on its own and taken in by [`FileIngest::absorb_part`]. None when this file cannot be
    /// read in parts ([`FileIngest::can_read_in_parts`]). The part's rows are counted from 1;
    /// the merge shifts them.
    pub fn continuation(&self, len: u64) -> Option<FileIngest> {
        let sink = self.sink.as_ref().filter(|_| self.can_read_in_parts() == Some(true))?;
        let mut part_sink = sink.for_part();
        // size the rows for the part from the rows per byte so far
        if self.bytes > 0 && self.acc.rows_total >= 20 {
            let est = (len as f64 / self.bytes as f64 * self.acc.rows_total as f64 * 1.05).min(50e6) as usize;
            part_sink.reserve(est);
        }
        Some(FileIngest {
            name: self.name.clone(),
            options: self.options.clone(),
            state: State::Text { decoder: None, text: String::new() },
            bytes: 0,
            size: Some(len),
            splitter: split::Splitter::new(self.splitter.delim()),
            cache: Some(Box::default()),
            eager: self.eager.clone(),
            gbk: self.gbk,
            acc: Accounting { log: Some(SkipLog::default()), ..Accounting::default() },
            sink: Some(part_sink),
            header0: self.header0.clone(),
            pending: Vec::new(),
            row_no: 0,
            container: self.container,
            encoding: self.encoding,
            bom: false,
            replaced: false,
        })
    }

    /// Ends a part read by a [`FileIngest::continuation`] with the interners it was read into.
    /// `last`: the part runs to the end of the file (else its last record must end where the
    /// part does, or the part cannot be taken in).
    pub fn finish_part(
        mut self,
        last: bool,
        customers: store::Customers,
        regions: store::Regions,
        labels: &mut store::Interner,
    ) -> Result<Part, Error> {
        let mut customers = customers;
        let mut regions = regions;
        let mut sh = Shared { customers: &mut customers, regions: &mut regions, labels };
        let clean_end = last || self.splitter.at_record_start();
        if last {
            self.feed_text(&[], true, &mut sh)?;
        }
        let Some(mut sink) = self.sink.take() else {
            return Err(Error::Sequence(format!("{}: a part without a layout", self.name)));
        };
        sink.flush_keys(&mut sh);
        Ok(Part {
            rows: sink.into_part_rows(),
            rows_total: self.acc.rows_total,
            log: self.acc.log.unwrap_or_default(),
            row_no: self.row_no,
            bytes: self.bytes,
            replaced: self.replaced,
            clean_end,
            last,
            customers: customers.into_names(),
            regions: regions.into_names(),
        })
    }

    /// Takes in a later part of this file that was read on its own (see [`Part`]), as if its
    /// bytes had been pushed here: same rows, counts, issues, duplicates and ids. Returns false,
    /// taking nothing, when that cannot be exact: the bytes here do not end at a record's end
    /// (the part's start was inside a quoted field), the part did not end at one, or it skipped
    /// too many rows to log; the caller then pushes the part's bytes here instead.
    pub fn absorb_part(&mut self, part: Part, sh: &mut Shared<'_>) -> bool {
        let log = part.log;
        if !self.at_record_start() || !part.clean_end || log.overflow {
            return false;
        }
        let Some(sink) = self.sink.as_mut() else { return false };
        // the keys of the rows here are interned before the part's
        sink.flush_keys(sh);
        // (saturating: a part from another worker's bytes may carry any numbers)
        let off = self.row_no;
        for s in log.skips {
            let reason = match s.key {
                Some(k) if sink.repeats_earlier_part(k) => SkipReason::Duplicate,
                _ => s.reason,
            };
            self.acc.skip(s.row.saturating_add(off), reason, s.column, s.value);
        }
        sink.absorb_part(part.rows, (&part.customers, &part.regions), part.last, &mut self.acc, sh);
        self.acc.rows_total = self.acc.rows_total.saturating_add(part.rows_total);
        self.row_no = self.row_no.saturating_add(part.row_no);
        self.bytes = self.bytes.saturating_add(part.bytes);
        self.replaced |= part.replaced;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FileOptions, SNIFF_BYTES};
    use super::*;
    use crate::store::{Customers, Interner, Regions, Table};

    /// A Taobao order export past the sniffed prefix, with a multi-line quoted address, repeats
    /// of early orders and bad amounts near its end.
    fn export() -> String {
        let mut t = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址\r\n".to_string();
        let mut i = 0;
        while t.len() < SNIFF_BYTES + 4000 {
            i += 1;
            t += &format!(
                "{},buyer{},{}.50,交易成功,2024-11-{:02} 10:00:00,浙江省 杭州市\r\n",
                1000 + i,
                i % 300,
                i,
                i % 28 + 1
            );
        }
        t += "9001,late,1.00,交易成功,2024-11-30 10:00:00,\"广东省 广州市\n天河区\"\r\n";
        t += "1001,buyer1,1.50,交易成功,2024-11-02 10:00:00,浙江省 杭州市\r\n";
        t += "9002,late,abc,交易成功,2024-11-30 10:00:00,上海 上海市\r\n";
        // a bad row repeating an early order: a duplicate, also when the part logs it as bad
        t += "1002,buyer2,xyz,交易成功,2024-11-03 10:00:00,浙江省 杭州市\r\n";
        t += "9003,newcomer,3.00,新状态,2024-11-30 10:00:00,Inner Mongolia 呼和浩特市\r\n";
        t
    }

    type Read = (Table, String, Customers);

    fn whole(text: &str) -> Read {
        let (mut c, mut r, mut l) = (Customers::default(), Regions::default(), Interner::default());
        let mut sh = Shared { customers: &mut c, regions: &mut r, labels: &mut l };
        let mut f = FileIngest::new("o.csv", FileOptions::default()).unwrap();
        f.push(text.as_bytes(), &mut sh).unwrap();
        let (t, s) = f.finish(&mut sh).unwrap();
        (t, serde_json::to_string(&s).unwrap(), c)
    }

    /// Reads `text[cut..]` as a part on its own and takes it in; whether it was taken in.
    fn in_two_parts(text: &str, cut: usize) -> (Read, bool) {
        let (mut c, mut r, mut l) = (Customers::default(), Regions::default(), Interner::default());
        let mut sh = Shared { customers: &mut c, regions: &mut r, labels: &mut l };
        let (head, tail) = text.as_bytes().split_at(cut);
        let mut f = FileIngest::new("o.csv", FileOptions::default()).unwrap();
        f.push(head, &mut sh).unwrap();
        assert_eq!(f.can_read_in_parts(), Some(true));
        let mut cont = f.continuation(tail.len() as u64).unwrap();
        let (mut pc, mut pr) = (Customers::default(), Regions::default());
        cont.push(tail, &mut Shared { customers: &mut pc, regions: &mut pr, labels: &mut *sh.labels }).unwrap();
        let part = cont.finish_part(true, pc, pr, &mut *sh.labels).unwrap();
        let taken = f.absorb_part(part, &mut sh);
        if !taken {
            f.push(tail, &mut sh).unwrap();
        }
        let (t, s) = f.finish(&mut sh).unwrap();
        ((t, serde_json::to_string(&s).unwrap(), c), taken)
    }

    #[test]
    fn a_part_taken_in_reads_as_the_whole_file() {
        let text = export();
        let line_end = text.find("9001,").unwrap();
        let in_quotes = text.find("天河区").unwrap();
        // (where the part starts, whether it can be taken in)
        let cases = [(line_end, true), (in_quotes, false), (text.rfind("1001,buyer1,1.50").unwrap(), true)];
        let (t, s, c) = whole(&text);
        for (cut, can) in cases {
            let ((pt, ps, pc), taken) = in_two_parts(&text, cut);
            assert_eq!(taken, can, "cut at {cut}");
            assert_eq!(ps, s, "cut at {cut}");
            assert_eq!(pt.orders, t.orders, "cut at {cut}");
            assert_eq!(pc.len(), c.len(), "cut at {cut}");
        }
        assert!(s.contains("\"duplicate\":2") && s.contains("\"bad_amount\":1"), "{s}");
    }
}

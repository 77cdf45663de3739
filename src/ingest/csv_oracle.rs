//! The CSV oracle of the tests: `csv-core` driven over chunks, which the fast splitter
//! (`split.rs`) is held to. Test-only.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::borrow::Cow;

/// csv-core driven over chunks: the oracle the fast splitter (`split.rs`) is tested against.
pub struct Records {
    rdr: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    nout: usize,
    nend: usize,
    done: bool,
}

impl Records {
    /// A splitter for one delimiter (`"` quotes, doubled quotes inside).
    pub fn new(delimiter: u8) -> Records {
        Records {
            rdr: ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            nout: 0,
            nend: 0,
            done: false,
        }
    }

    /// Feeds text; calls `f(fields, terminated)` for each complete record. With `last`, the
    /// final record without a line end is emitted too, with `terminated = false`.
    pub fn feed(&mut self, mut input: &[u8], last: bool, f: &mut dyn FnMut(&[&str], bool)) {
        if self.done || (input.is_empty() && !last) {
            return;
        }
        loop {
            // An empty slice tells csv-core the file ended: only pass one at the real end.
            if input.is_empty() && !last {
                return;
            }
            let had_input = !input.is_empty();
            let out = self.out.get_mut(self.nout..).unwrap_or(&mut []);
            let ends = self.ends.get_mut(self.nend..).unwrap_or(&mut []);
            let (res, nin, nout, nend) = self.rdr.read_record(input, out, ends);
            input = input.get(nin..).unwrap_or(&[]);
            self.nout += nout;
            self.nend += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if !last {
                        return;
                    }
                    // Keep calling with empty input: that tells csv-core the file ended.
                }
                ReadRecordResult::OutputFull => {
                    let n = self.out.len().max(1024) * 2;
                    self.out.resize(n, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len().max(16) * 2;
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::Record => {
                    self.emit(had_input, f);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return;
                }
            }
        }
    }

    fn emit(&mut self, terminated: bool, f: &mut dyn FnMut(&[&str], bool)) {
        let data = self.out.get(..self.nout).unwrap_or(&[]);
        let mut start = 0usize;
        let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(self.nend);
        for &end in self.ends.get(..self.nend).unwrap_or(&[]) {
            let bytes = data.get(start..end).unwrap_or(&[]);
            cells.push(String::from_utf8_lossy(bytes));
            start = end;
        }
        let refs: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
        f(&refs, terminated);
        self.nout = 0;
        self.nend = 0;
    }
}

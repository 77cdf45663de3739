//! The workspace: files in, report out. The one API behind the CLI, the wasm door and the page.

use crate::config::{CsvOptions, MemberSelector, ReportConfig};
use crate::error::{Error, Result};
use crate::ingest::{FileError, FileIngest, FileOptions, IngestSummary, Part, Shared};
use crate::report::Report;
use crate::store::{Customers, FileEntry, Interner, Regions, Store, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Progress of a file being pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Progress {
    /// Bytes received.
    pub bytes: u64,
    /// Rows seen.
    pub rows: u64,
}

/// A later part of a file being added to a [`Workspace`], read on its own ([`Workspace::part`]):
/// push its bytes, finish it, give the [`Part`] to [`Workspace::absorb_part`].
pub struct FilePart {
    ingest: FileIngest,
    customers: Customers,
    regions: Regions,
    labels: Interner,
}

impl FilePart {
    /// Feeds the part's next bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        let mut sh = Shared { customers: &mut self.customers, regions: &mut self.regions, labels: &mut self.labels };
        self.ingest.push(chunk, &mut sh)
    }

    /// Ends the part; `last`: it runs to the end of the file.
    pub fn finish(mut self, last: bool) -> Result<Part> {
        self.ingest.finish_part(last, self.customers, self.regions, &mut self.labels)
    }
}

/// Files in, report out: the [`Store`] of what was read, beside the state of reading (the file
/// being pushed, per-file options, the memory budget).
#[derive(Default)]
pub struct Workspace {
    store: Store,
    options: BTreeMap<String, FileOptions>,
    current: Option<FileIngest>,
    budget: Option<u64>,
    /// What reports derive from the files alone, kept across calls; cleared by every `&mut self`
    /// method (what was read may change).
    memo: crate::metrics::Memo,
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Sets a memory budget in bytes (None: no limit). Input that would exceed it is refused
    /// before work starts when its size is known, else as soon as it is exceeded.
    pub fn set_budget(&mut self, bytes: Option<u64>) {
        self.memo.clear();
        self.budget = bytes;
    }

    fn held_bytes(&self) -> u64 {
        self.store
            .files
            .iter()
            .map(|f| {
                let t = &f.table;
                (t.orders.len() * std::mem::size_of::<crate::store::Order>()
                    + t.profiles.len() * (std::mem::size_of::<crate::store::Profile>() + 4 * t.profile_header.len())
                    + t.interest.len() * std::mem::size_of::<crate::store::Interest>()
                    + t.calls.len() * std::mem::size_of::<crate::store::Call>()
                    + t.tickets.len() * std::mem::size_of::<crate::store::Ticket>()) as u64
            })
            .sum()
    }

    fn check_budget(&self, name: &str, more: u64) -> Result<()> {
        if let Some(budget) = self.budget {
            let bytes = self.held_bytes().saturating_add(more);
            if bytes > budget {
                return Err(Error::Budget { file: name.to_string(), bytes, budget });
            }
        }
        Ok(())
    }

    /// Options for a file (encoding, kind, platform, delimiter, mapping), applied when it is
    /// (re)added. Returns true when the file was already added: it was removed and must be
    /// added again for the options to apply.
    pub fn set_options(&mut self, name: &str, options: FileOptions) -> bool {
        self.memo.clear();
        self.options.insert(name.to_string(), options);
        self.remove_file(name)
    }

    /// The options set for a file (see [`Workspace::set_options`]; the defaults when none).
    pub fn options(&self, name: &str) -> FileOptions {
        self.options.get(name).cloned().unwrap_or_default()
    }

    /// A manual column mapping (role → header) for a file; see [`Workspace::set_options`].
    pub fn set_mapping(&mut self, name: &str, mapping: BTreeMap<String, String>) -> bool {
        self.memo.clear();
        let mut o = self.options.get(name).cloned().unwrap_or_default();
        o.mapping = Some(mapping);
        self.set_options(name, o)
    }

    /// Takes in the files of `other`, a workspace that read other files on its own (the CLI
    /// reads files on threads), as if they had been read here after the files already here:
    /// its customer keys, regions and labels are interned here in its own first-seen order, so
    /// every id, and so every output, is what reading the files one after the other gives. A
    /// file of the same name is replaced, as adding it again does.
    pub fn absorb(&mut self, other: Workspace) {
        self.memo.clear();
        self.store.absorb(other.store);
    }

    /// Removes a file; true when it was there.
    pub fn remove_file(&mut self, name: &str) -> bool {
        self.memo.clear();
        self.store.remove(name)
    }

    /// Reads a whole file at once.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<IngestSummary> {
        self.memo.clear();
        self.begin_file(name, Some(bytes.len() as u64))?;
        self.push(bytes)?;
        self.finish_file()
    }

    /// Starts a file that will arrive in chunks. `size` (when known) lets the budget refuse it
    /// before any work.
    pub fn begin_file(&mut self, name: &str, size: Option<u64>) -> Result<()> {
        self.memo.clear();
        if let Some(cur) = &self.current {
            let _ = cur;
            return Err(Error::Sequence(format!(
                "{name}: begin_file while another file is being read; call finish_file first"
            )));
        }
        // Rows take about a fifth of their text's bytes once parsed.
        if let Err(e) = self.check_budget(name, size.unwrap_or(0) / 5) {
            self.list_failed(name, &e);
            return Err(e);
        }
        let options = self.options.get(name).cloned().unwrap_or_default();
        match FileIngest::new(name, options) {
            Ok(mut f) => {
                f.set_size(size);
                self.current = Some(f);
            }
            Err(e) => {
                self.list_failed(name, &e);
                return Err(e);
            }
        }
        Ok(())
    }

    /// Feeds the next chunk of the current file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Progress> {
        self.memo.clear();
        let Some(cur) = self.current.as_mut() else {
            return Err(Error::Sequence("push without begin_file".to_string()));
        };
        let mut sh = Shared {
            customers: &mut self.store.customers,
            regions: &mut self.store.regions,
            labels: &mut self.store.labels,
        };
        let r = cur.push(chunk, &mut sh);
        let progress = Progress { bytes: cur.bytes(), rows: cur.rows() };
        let name = cur.name().to_string();
        if let Err(e) = r {
            self.current = None;
            self.list_failed(&name, &e);
            return Err(e);
        }
        if let Some(budget) = self.budget {
            // parsed rows take about a fifth of their text; refuse as soon as that is too much
            let held = self.held_bytes().saturating_add(progress.bytes / 5);
            if held > budget {
                self.current = None;
                let e = Error::Budget { file: name.clone(), bytes: held, budget };
                self.list_failed(&name, &e);
                return Err(e);
            }
        }
        Ok(progress)
    }

    /// Whether the rest of the current file can be read in parts ([`Workspace::part`]): None
    /// while its header is not found yet (push more); false for a file of a kind that cannot
    /// (see [`FileIngest::can_read_in_parts`]), and for every file under a memory budget.
    pub fn can_read_in_parts(&self) -> Option<bool> {
        let can = self.current.as_ref()?.can_read_in_parts()?;
        Some(can && self.budget.is_none())
    }

    /// A reader for a later part of the current file, `len` bytes starting just after a line
    /// end, to read on another thread or in another worker while this workspace reads the
    /// bytes before it. None unless [`Workspace::can_read_in_parts`].
    pub fn part(&self, len: u64) -> Option<FilePart> {
        if self.can_read_in_parts() != Some(true) {
            return None;
        }
        let ingest = self.current.as_ref()?.continuation(len)?;
        Some(FilePart {
            ingest,
            customers: Customers::default(),
            regions: Regions::default(),
            labels: Interner::default(),
        })
    }

    /// Takes in a part of the current file read by a [`FilePart`], as if its bytes had been
    /// pushed here (the same rows, counts, issues and ids). False, taking nothing, when that
    /// cannot be exact (the part began inside a quoted field that spans lines, or skipped more
    /// rows than it can log): then push the part's bytes here instead.
    pub fn absorb_part(&mut self, part: Part) -> bool {
        self.memo.clear();
        let Some(cur) = self.current.as_mut() else { return false };
        let mut sh = Shared {
            customers: &mut self.store.customers,
            regions: &mut self.store.regions,
            labels: &mut self.store.labels,
        };
        cur.absorb_part(part, &mut sh)
    }

    /// Ends the current file. On an error the file is still listed in the report's inputs with
    /// the error, and the other files are untouched.
    pub fn finish_file(&mut self) -> Result<IngestSummary> {
        self.memo.clear();
        let Some(cur) = self.current.take() else {
            return Err(Error::Sequence("finish_file without begin_file".to_string()));
        };
        let mut sh = Shared {
            customers: &mut self.store.customers,
            regions: &mut self.store.regions,
            labels: &mut self.store.labels,
        };
        match cur.finish(&mut sh) {
            Ok((table, summary)) => {
                self.remove_file(&summary.name);
                self.store.files.push(FileEntry { summary: summary.clone(), table });
                Ok(summary)
            }
            Err(e) => {
                if let Some(name) = e.file().map(str::to_string) {
                    self.list_failed(&name, &e);
                }
                Err(e)
            }
        }
    }

    /// Lists a file that could not be read, with its error, in place of any earlier version (the
    /// workspace does so itself for what it reads; a host lists what never reached it, such as a
    /// file it could not open).
    pub fn list_failed(&mut self, name: &str, e: &Error) {
        self.memo.clear();
        self.remove_file(name);
        let summary = IngestSummary {
            name: name.to_string(),
            error: Some(FileError { code: e.code().to_string(), message: e.to_string() }),
            ..IngestSummary::default()
        };
        self.store.files.push(FileEntry { summary, table: Table::default() });
    }

    /// Abandons the file being pushed.
    pub fn abort_file(&mut self) {
        self.memo.clear();
        self.current = None;
    }

    /// The summaries of all files, in the order they were added.
    pub fn files(&self) -> Vec<IngestSummary> {
        self.store.summaries()
    }

    /// What was read.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Computes the report.
    pub fn report(&self, config: &ReportConfig) -> Result<Report> {
        crate::metrics::compute_with(&self.store, Some(&self.memo), config)
    }

    /// The report as JSON text: byte-identical for the CLI and the wasm door.
    pub fn report_json(&self, config: &ReportConfig) -> Result<String> {
        Ok(self.report(config)?.to_json())
    }

    /// The members of a segment, tag or lifecycle stage.
    pub fn members(&self, config: &ReportConfig, selector: &MemberSelector) -> Result<Vec<crate::metrics::Member>> {
        crate::metrics::members(&self.store, &self.memo, config, selector)
    }

    /// A page of the members of a segment, tag, stage, audience or move, with their number.
    pub fn members_page(
        &self,
        config: &ReportConfig,
        selector: &MemberSelector,
        page: &crate::metrics::PageQuery,
    ) -> Result<crate::metrics::MemberPage> {
        crate::metrics::members_page(&self.store, &self.memo, config, selector, page)
    }

    /// One customer's record: everything the files say about the key, with the derived fields.
    pub fn customer(&self, config: &ReportConfig, key: &str) -> Result<crate::metrics::record::CustomerRecord> {
        crate::metrics::record::customer(&self.store, &self.memo, config, key)
    }

    /// A page of the customer list (search by key, filter by kind).
    pub fn customers(
        &self,
        config: &ReportConfig,
        query: &crate::metrics::record::CustomerQuery,
    ) -> Result<crate::metrics::record::CustomerList> {
        crate::metrics::record::customers(&self.store, &self.memo, config, query)
    }

    /// The members as CSV, with cells a spreadsheet would execute neutralised. A `screening`
    /// selector lists the rows behind the count instead (file, row, customer, phone, number).
    pub fn members_csv(
        &self,
        config: &ReportConfig,
        selector: &MemberSelector,
        options: &CsvOptions,
    ) -> Result<String> {
        if let Some(kind) = selector.screening {
            return Ok(crate::metrics::screening_csv(&self.screening_rows(config, kind)?));
        }
        Ok(crate::metrics::members_csv(&self.members(config, selector)?, options))
    }

    /// The whole report as an XLSX workbook (`说明`/`About` first, a sheet per table), headers
    /// and sheet names in `options.lang` (English keys without one). The same bytes from every door.
    pub fn report_xlsx(&self, config: &ReportConfig, options: &CsvOptions) -> Result<Vec<u8>> {
        crate::export::report_xlsx(&self.report(config)?, options.lang)
    }

    /// The members as an XLSX workbook with the columns of [`Workspace::members_csv`]; a
    /// `screening` selector lists the rows behind the count.
    pub fn members_xlsx(
        &self,
        config: &ReportConfig,
        selector: &MemberSelector,
        options: &CsvOptions,
    ) -> Result<Vec<u8>> {
        if let Some(kind) = selector.screening {
            return crate::export::screening_xlsx(&self.screening_rows(config, kind)?, options.lang);
        }
        crate::export::members_xlsx(&self.members(config, selector)?, options.lang)
    }

    /// The rows behind a screening count (`invalid` or `duplicate`).
    pub fn screening_rows(
        &self,
        config: &ReportConfig,
        kind: crate::config::Screening,
    ) -> Result<Vec<crate::metrics::ScreeningRow>> {
        crate::metrics::screening_rows(&self.store, &self.memo, config, kind)
    }
}

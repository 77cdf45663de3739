//! Compact columns of what was read: orders, profiles, interest, calls and tickets, with
//! interned customer keys and labels. Everything the report needs, nothing held twice.

mod customers;
mod hash;
mod id_set;
mod interner;
mod regions;
mod rows;

pub use customers::Customers;
pub use hash::hash64;
pub(crate) use hash::touch;
pub use id_set::IdSet;
pub use interner::{Interner, Names};
pub use regions::{Regions, UNKNOWN_REGION};
pub use rows::{day_of, order_key, Call, Interest, Order, Profile, Stamp, Table, Ticket};

/// "No customer" in a `customer` column.
pub const NO_CUSTOMER: u32 = u32::MAX;
/// "No region" in a `region` column.
pub const NO_REGION: u16 = u16::MAX;
/// "No label".
pub const NO_LABEL: u32 = u32::MAX;

/// One file that was read: its summary (the report's `inputs[]` entry) and its rows.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// The summary.
    pub summary: crate::model::IngestSummary,
    /// Its rows.
    pub table: Table,
}

/// What was read: every file's rows, and the customer keys, regions and labels their ids point
/// into. The report and the member lists are functions of a `Store` (and a config) alone; how
/// the files came in (chunks, parts, options, budget) is the workspace's business.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// The files, in the order they were added (a file added again replaces its earlier self).
    pub files: Vec<FileEntry>,
    /// Customer keys.
    pub customers: Customers,
    /// Region keys.
    pub regions: Regions,
    /// Labels (sources, tags, agents, ticket types, column values).
    pub labels: Interner,
}

impl Store {
    /// Whether a file of this kind was read.
    pub fn has(&self, kind: crate::model::Kind) -> bool {
        self.files.iter().any(|f| f.summary.kind == Some(kind))
    }

    /// The tables of every file, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> + '_ {
        self.files.iter().map(|f| &f.table)
    }

    /// The summaries of all files, in the order they were added.
    pub fn summaries(&self) -> Vec<crate::model::IngestSummary> {
        self.files.iter().map(|f| f.summary.clone()).collect()
    }

    /// Removes a file; true when it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.summary.name != name);
        before != self.files.len()
    }

    /// Whether nothing was interned yet: no file, no key, no label beyond the 34 provinces.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.customers.is_empty()
            && self.labels.is_empty()
            && self.regions.len() == crate::model::PROVINCES.len()
    }

    /// Takes in the files of `other`, a store that read other files on its own, as if they had
    /// been read here after the files already here: its customer keys, regions and labels are
    /// interned here in its own first-seen order, so every id, and so every output, is what
    /// reading the files one after the other gives. A file of the same name is replaced, as
    /// adding it again does.
    pub fn absorb(&mut self, other: Store) {
        if self.is_empty() {
            // nothing here yet: its keys become ours as they are (no copy, no remap)
            *self = other;
            return;
        }
        let cust: Vec<u32> =
            (0..other.customers.len() as u32).map(|i| self.customers.intern_from(&other.customers, i)).collect();
        let reg: Vec<u16> =
            (0..other.regions.len()).map(|i| self.regions.intern(other.regions.name(i as u16))).collect();
        let lab: Vec<u32> = (0..other.labels.len() as u32).map(|i| self.labels.intern(other.labels.name(i))).collect();
        let c = |x: u32| if x == NO_CUSTOMER { x } else { cust.get(x as usize).copied().unwrap_or(NO_CUSTOMER) };
        let r = |x: u16| if x == NO_REGION { x } else { reg.get(usize::from(x)).copied().unwrap_or(NO_REGION) };
        let l = |x: u32| if x == NO_LABEL { x } else { lab.get(x as usize).copied().unwrap_or(NO_LABEL) };
        for mut f in other.files {
            let t = &mut f.table;
            for o in &mut t.orders {
                o.customer = c(o.customer);
                o.region = r(o.region);
            }
            for p in &mut t.profiles {
                p.customer = c(p.customer);
                p.region = r(p.region);
                p.source = l(p.source);
                p.tags.iter_mut().for_each(|x| *x = l(*x));
                p.cells.iter_mut().for_each(|x| *x = l(*x));
            }
            for i in &mut t.interest {
                i.customer = c(i.customer);
            }
            for k in &mut t.calls {
                k.agent = l(k.agent);
                k.task = l(k.task);
                k.phone = l(k.phone);
                k.customer = c(k.customer);
            }
            for k in &mut t.tickets {
                k.ticket_type = l(k.ticket_type);
                k.channel = l(k.channel);
                k.buyer = l(k.buyer);
            }
            self.remove(&f.summary.name);
            self.files.push(f);
        }
    }
}

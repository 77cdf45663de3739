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

//! The typed rows a file contributes (orders, profiles, interest, calls, tickets), their
//! timestamps and order keys.

use super::hash::hash64;
use crate::model::{Action, Gender};

/// Seconds since 1970-01-01 00:00:00 of the shop's wall clock (no zone).
pub type Stamp = i64;

/// The day number (days since 1970-01-01) of a stamp.
pub fn day_of(t: Stamp) -> i64 {
    t.div_euclid(86_400)
}

/// One order (Shopify: its line items merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// Order id: the number itself when all digits, else a 127-bit hash with the top bit set.
    pub key: u128,
    /// Interned customer, or [`NO_CUSTOMER`](super::NO_CUSTOMER).
    pub customer: u32,
    /// Creation time.
    pub created: Stamp,
    /// Paid amount in cents.
    pub paid: i64,
    /// Refunded amount in cents.
    pub refund: i64,
    /// Items bought.
    pub items: u32,
    /// Region of the shipping address, or [`NO_REGION`](super::NO_REGION).
    pub region: u16,
    /// A valid order: paid, not closed, not fully refunded (status rules of metrics.md).
    pub valid: bool,
}

impl Order {
    /// Revenue of a valid order: paid minus refunded, never below 0; 0 for others.
    pub fn revenue(&self) -> i64 {
        if self.valid {
            self.paid.saturating_sub(self.refund).max(0)
        } else {
            0
        }
    }
}

/// One customer profile row.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Interned customer.
    pub customer: u32,
    /// Gender.
    pub gender: Gender,
    /// Age from the age column (1..=119).
    pub age: Option<u8>,
    /// Birth date as a day number.
    pub birth: Option<i64>,
    /// Region, or [`NO_REGION`](super::NO_REGION).
    pub region: u16,
    /// Member level: 0 = ordinary member, n = VIPn; None when unknown or absent.
    pub member_level: Option<u8>,
    /// Interned source label, or [`NO_LABEL`](super::NO_LABEL).
    pub source: u32,
    /// Interned tag labels.
    pub tags: Vec<u32>,
    /// Interned values of every column (for conversion by any customers-file column).
    pub cells: Vec<u32>,
    /// The row number in its file (as errors count rows), for the screening export.
    pub row: u32,
}

/// One interest event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interest {
    /// Interned customer.
    pub customer: u32,
    /// When.
    pub time: Stamp,
    /// The province of the event's 省份 cell (an id below 34: one of the 34 divisions, the same
    /// in every [`Regions`](super::Regions)), or [`NO_REGION`].
    pub region: u16,
    /// What the buyer did.
    pub action: Action,
}

/// One outbound call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// Interned agent label.
    pub agent: u32,
    /// Interned customer or [`NO_CUSTOMER`](super::NO_CUSTOMER).
    pub customer: u32,
    /// When the call was made.
    pub time: Stamp,
    /// Talk time in seconds.
    pub duration: u32,
    /// Whether someone answered.
    pub connected: bool,
    /// Whether the call led to an order (as the agent ticked it).
    pub ordered: bool,
    /// Interned task label (外呼任务) or [`NO_LABEL`](super::NO_LABEL).
    pub task: u32,
    /// Interned phone cell as exported (客户手机) or [`NO_LABEL`](super::NO_LABEL) when blank.
    pub phone: u32,
    /// The row number in its file (as errors count rows), for the screening export.
    pub row: u32,
}

/// One after-sales ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    /// Interned type label (退货, 投诉, …) or [`NO_LABEL`](super::NO_LABEL).
    pub ticket_type: u32,
    /// Interned channel label or [`NO_LABEL`](super::NO_LABEL).
    pub channel: u32,
    /// Created.
    pub created: Stamp,
    /// First response.
    pub first_response: Option<Stamp>,
    /// Resolved.
    pub resolved: Option<Stamp>,
    /// Status is 已解决 or 已关闭 (or resolved/closed).
    pub is_resolved: bool,
    /// Satisfaction 1..=5.
    pub satisfaction: Option<u8>,
    /// Interned buyer cell (买家会员名) or [`NO_LABEL`](super::NO_LABEL): a label, not a
    /// customer key, so a ticket adds no customer; it is looked up in the buyer-id key space.
    pub buyer: u32,
    /// The [`order_key`] of the ticket's order id (订单编号), when it has one.
    pub order: Option<u128>,
}

/// What one file contributed.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Orders (kind orders).
    pub orders: Vec<Order>,
    /// Profiles (kind customers).
    pub profiles: Vec<Profile>,
    /// Header of a customers file (for conversion by any column).
    pub profile_header: Vec<String>,
    /// Interest events.
    pub interest: Vec<Interest>,
    /// Calls.
    pub calls: Vec<Call>,
    /// Tickets.
    pub tickets: Vec<Ticket>,
}

/// 128-bit key of an order id: digits as the number, anything else hashed with the top bit set.
pub fn order_key(id: &str) -> u128 {
    let b = id.as_bytes();
    if !b.is_empty() && b.len() <= 38 && b.iter().all(u8::is_ascii_digit) {
        // up to 19 digits fit a u64: 128-bit multiplication is a library call in wasm
        let (head, tail) = b.split_at(b.len().min(19));
        let mut v64: u64 = 0;
        for d in head {
            v64 = v64 * 10 + u64::from(d - b'0');
        }
        let mut v = u128::from(v64);
        for d in tail {
            v = v * 10 + u128::from(d - b'0');
        }
        return v;
    }
    (1u128 << 127)
        | (u128::from(hash64(b, 0x9E37_79B9_7F4A_7C15)) << 63)
        | u128::from(hash64(b, 0xC2B2_AE3D_27D4_EB4F) >> 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_are_exact_for_digits_and_distinct_for_text() {
        assert_eq!(order_key("3631582800001999147"), 3631582800001999147);
        assert_ne!(order_key("#1001"), order_key("#1002"));
        assert!(order_key("#1001") >> 127 == 1);
        assert_eq!(order_key("0"), 0);
        for n in ["9999999999999999999", "18446744073709551615", "18446744073709551616", &"9".repeat(38)] {
            assert_eq!(order_key(n), n.parse::<u128>().unwrap(), "{n}");
        }
        assert!(order_key(&"9".repeat(39)) >> 127 == 1);
    }
}

//! The nouns of `spec/metrics.md`: input kinds, platforms, money, days, gender, provinces, and
//! what reading a file gave.

use serde::{Deserialize, Serialize};
use std::fmt;

pub mod action;
pub mod gender;
pub mod province;
pub mod summary;

pub use action::Action;
pub use gender::Gender;
pub use province::PROVINCES;
pub use summary::{FileError, IngestSummary, RowIssue, SkipReason};

/// What one row of a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An order (Shopify: one line item; rows of one order share `Name`).
    Orders,
    /// A customer profile.
    Customers,
    /// One favourite / add-to-cart event of one buyer.
    Interest,
    /// One outbound call.
    Calls,
    /// One after-sales ticket.
    Tickets,
}

impl Kind {
    /// All kinds, in report order.
    pub const ALL: [Kind; 5] = [Kind::Orders, Kind::Customers, Kind::Interest, Kind::Calls, Kind::Tickets];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Orders => "orders",
            Kind::Customers => "customers",
            Kind::Interest => "interest",
            Kind::Calls => "calls",
            Kind::Tickets => "tickets",
        }
    }

    /// Parses the JSON name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a file comes from; decides status rules and the customer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Taobao / Tmall seller exports (订单报表, 客户列表, …).
    Taobao,
    /// JD (京东) POP order export.
    Jd,
    /// Pinduoduo (拼多多) merchant order export.
    Pinduoduo,
    /// Shopify orders or customers CSV.
    Shopify,
    /// WooCommerce analytics or plugin exports.
    Woocommerce,
    /// Any other layout whose columns we recognise by name.
    Generic,
}

impl Platform {
    /// All platforms.
    pub const ALL: [Platform; 6] = [
        Platform::Taobao,
        Platform::Jd,
        Platform::Pinduoduo,
        Platform::Shopify,
        Platform::Woocommerce,
        Platform::Generic,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Taobao => "taobao",
            Platform::Jd => "jd",
            Platform::Pinduoduo => "pinduoduo",
            Platform::Shopify => "shopify",
            Platform::Woocommerce => "woocommerce",
            Platform::Generic => "generic",
        }
    }

    /// Parses the JSON name.
    pub fn parse(s: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the platform's order export has one row per order (a repeated id is always a
    /// duplicate), rather than one row per line item.
    pub fn one_row_per_order(self) -> bool {
        matches!(self, Platform::Taobao | Platform::Pinduoduo)
    }

    /// Which identity namespace this platform's customers live in: customers join across files
    /// only within one namespace (no join across platforms, metrics.md).
    pub fn key_space(self) -> KeySpace {
        match self {
            Platform::Shopify | Platform::Woocommerce => KeySpace::Email,
            _ => KeySpace::Nick,
        }
    }
}

/// The identity namespace of a customer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeySpace {
    /// The marketplace buyer id (买家会员名 and equivalents).
    Nick,
    /// Lower-cased e-mail (Shopify, WooCommerce).
    Email,
    /// A phone number.
    Phone,
    /// The payer account (买家支付宝账号).
    Payer,
    /// Receiver name + phone + address as exported.
    Receiver,
}

impl KeySpace {
    /// Every key space, in the order a plain key is looked up in.
    pub const ALL: [KeySpace; 5] =
        [KeySpace::Nick, KeySpace::Email, KeySpace::Phone, KeySpace::Payer, KeySpace::Receiver];

    /// A one-byte tag prefixed to the interned key.
    pub fn tag(self) -> u8 {
        match self {
            KeySpace::Nick => b'n',
            KeySpace::Email => b'e',
            KeySpace::Phone => b'p',
            KeySpace::Payer => b'a',
            KeySpace::Receiver => b'r',
        }
    }
}

/// Money as integer cents (fen), summed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl fmt::Display for Money {
    /// Two decimal places, no thousands separator: `1234.50`, `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        let sign = if c < 0 { "-" } else { "" };
        let a = c.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Money {
    /// The decimal string of the report.
    pub fn to_decimal(self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_prints_two_places() {
        for (c, s) in
            [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123450, "1234.50"), (i64::MIN, "-92233720368547758.08")]
        {
            assert_eq!(Money(c).to_string(), s);
        }
    }

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(p));
        }
    }
}

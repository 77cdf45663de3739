//! The canonical tables: one per kind of row the [`Store`](crate::store::Store) keeps, with the
//! columns its row types hold (ids turned back into the text they stand for). One list of
//! columns is the truth: the Parquet schema is made from it, the writer fills the columns in
//! its order, and the README's schema tables are checked against it.

use crate::model::Kind;

/// One column of a canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type as the README names it.
    pub kind: ColumnType,
    /// Whether it can be null.
    pub nullable: bool,
    /// What it holds (the README's words).
    pub meaning: &'static str,
}

/// The type of a canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text (`BYTE_ARRAY` with the `STRING` annotation; dictionary-encoded).
    Text,
    /// A 64-bit integer.
    Int64,
    /// A 32-bit integer.
    Int32,
    /// True or false.
    Bool,
    /// Microseconds since 1970-01-01 00:00 of the shop's wall clock, no zone
    /// (`TIMESTAMP(MICROS, isAdjustedToUTC = false)`: DuckDB `TIMESTAMP`, Spark `TIMESTAMP_NTZ`).
    Timestamp,
    /// Days since 1970-01-01 (`DATE`).
    Date,
    /// An order key: 16 bytes, the 128-bit key big-endian (`FIXED_LEN_BYTE_ARRAY(16)`), so
    /// bytewise order is the key's numeric order.
    OrderKey,
    /// A list of UTF-8 texts (`LIST<STRING>`, never null, possibly empty).
    TextList,
}

impl ColumnType {
    /// The type as the README's schema tables write it.
    pub fn label(self) -> &'static str {
        match self {
            ColumnType::Text => "STRING",
            ColumnType::Int64 => "INT64",
            ColumnType::Int32 => "INT32",
            ColumnType::Bool => "BOOLEAN",
            ColumnType::Timestamp => "TIMESTAMP(MICROS, local)",
            ColumnType::Date => "DATE",
            ColumnType::OrderKey => "FIXED_LEN_BYTE_ARRAY(16)",
            ColumnType::TextList => "LIST<STRING>",
        }
    }

    /// The column in Parquet's message-type syntax.
    fn message(self, name: &str, nullable: bool) -> String {
        let rep = if nullable { "optional" } else { "required" };
        match self {
            ColumnType::Text => format!("{rep} binary {name} (STRING);"),
            ColumnType::Int64 => format!("{rep} int64 {name};"),
            ColumnType::Int32 => format!("{rep} int32 {name};"),
            ColumnType::Bool => format!("{rep} boolean {name};"),
            ColumnType::Timestamp => format!("{rep} int64 {name} (TIMESTAMP(MICROS,false));"),
            ColumnType::Date => format!("{rep} int32 {name} (DATE);"),
            ColumnType::OrderKey => format!("{rep} fixed_len_byte_array(16) {name};"),
            ColumnType::TextList => {
                format!("{rep} group {name} (LIST) {{ repeated group list {{ required binary element (STRING); }} }}")
            }
        }
    }
}

/// One canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The kind of file whose rows it holds; also its folder's name.
    pub kind: Kind,
    /// Its columns, in order.
    pub columns: &'static [Column],
}

impl Table {
    /// The folder of its Parquet files under the output folder (the kind's name).
    pub fn dir(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The Parquet schema in message-type syntax.
    pub fn message(&self) -> String {
        let cols: Vec<String> = self.columns.iter().map(|c| c.kind.message(c.name, c.nullable)).collect();
        format!("message {} {{ {} }}", self.kind.as_str(), cols.join(" "))
    }

    /// The table of a kind.
    pub fn of(kind: Kind) -> &'static Table {
        match kind {
            Kind::Orders => &ORDERS,
            Kind::Customers => &CUSTOMERS,
            Kind::Interest => &INTEREST,
            Kind::Calls => &CALLS,
            Kind::Tickets => &TICKETS,
        }
    }
}

const fn col(name: &'static str, kind: ColumnType, nullable: bool, meaning: &'static str) -> Column {
    Column { name, kind, nullable, meaning }
}

use ColumnType::*;

const FILE: Column = col("file", Text, false, "the input file's name as the report lists it (`inputs[].name`)");
const SEQ: Column =
    col("seq", Int64, false, "the row's place among the file's rows of this table, from 0 (the Store's order)");
const CUSTOMER: Column = col(
    "customer_key",
    Text,
    true,
    "the customer key as the report derives it, tagged with its key space (`n:` buyer id, `e:` e-mail, `p:` phone, `a:` payer, `r:` receiver); null: none",
);
const ROW: Column = col("row", Int64, false, "the row number in the file as errors count rows (header = 1)");

/// Orders (kind `orders`): one row per order; a line-item export's rows of one order are merged
/// into it (items added up), as the Store keeps them.
pub const ORDERS: Table = Table {
    kind: Kind::Orders,
    columns: &[
        FILE,
        SEQ,
        col(
            "order_key",
            OrderKey,
            false,
            "the order id's 128-bit key: an id of 1–38 digits is the number itself, any other id 2^127 + a hash of it; duplicates across files are the same key (first file wins)",
        ),
        CUSTOMER,
        col("created", Timestamp, false, "when the order was created"),
        col("paid_cents", Int64, false, "amount paid, in cents (fen)"),
        col("refund_cents", Int64, false, "amount refunded, in cents"),
        col("revenue_cents", Int64, false, "what the order adds to revenue: `paid − refund` (at least 0) when valid, else 0"),
        col("items", Int64, false, "items bought (1 without an items column)"),
        col("region", Text, true, "the shipping address's region: one of the 34 province names, or `country/state` abroad; null: unknown (未知)"),
        col("valid", Bool, false, "paid, not closed or cancelled, not fully refunded (the platform's status rules)"),
    ],
};

/// Customer profiles (kind `customers`): the first row of each customer key of the file.
pub const CUSTOMERS: Table = Table {
    kind: Kind::Customers,
    columns: &[
        FILE,
        SEQ,
        ROW,
        CUSTOMER,
        col("gender", Text, false, "`女`, `男` or `未知`, as the report keys gender"),
        col("age", Int32, true, "age from an age column (1–119)"),
        col("birth", Date, true, "birth date"),
        col("region", Text, true, "region, as for orders"),
        col("member_level", Int32, true, "0 ordinary member, n = VIPn; null: unknown"),
        col("source", Text, true, "source label"),
        col("tags", TextList, false, "tag labels of the tags column"),
        col(
            "cells",
            TextList,
            false,
            "every cell of the row, trimmed, in the order of the file's header (`summary.header` in the file's JSON): for conversion by any column and the phone screening",
        ),
    ],
};

/// Interest events (kind `interest`): favourites and add-to-cart events.
pub const INTEREST: Table = Table {
    kind: Kind::Interest,
    columns: &[
        FILE,
        SEQ,
        CUSTOMER,
        col("time", Timestamp, false, "when"),
        col("region", Text, true, "the event's 省份 as one of the 34 province names; null: none"),
        col("action", Text, false, "`cart`, `favorite_item`, `favorite_shop` or `other` (the report's action keys)"),
    ],
};

/// Outbound calls (kind `calls`).
pub const CALLS: Table = Table {
    kind: Kind::Calls,
    columns: &[
        FILE,
        SEQ,
        ROW,
        CUSTOMER,
        col("agent", Text, true, "agent label"),
        col("task", Text, true, "task label (外呼任务)"),
        col("phone", Text, true, "the phone cell as exported"),
        col("time", Timestamp, false, "when the call was made"),
        col("duration_seconds", Int64, false, "talk time in seconds"),
        col("connected", Bool, false, "someone answered"),
        col("ordered", Bool, false, "the agent ticked that the call led to an order"),
    ],
};

/// After-sales tickets (kind `tickets`).
pub const TICKETS: Table = Table {
    kind: Kind::Tickets,
    columns: &[
        FILE,
        SEQ,
        col("ticket_type", Text, true, "type label (退货, 投诉, …)"),
        col("channel", Text, true, "channel label"),
        col("created", Timestamp, false, "created"),
        col("first_response", Timestamp, true, "first response"),
        col("resolved", Timestamp, true, "resolved"),
        col("is_resolved", Bool, false, "status 已解决/已关闭 (resolved/closed)"),
        col("satisfaction", Int32, true, "satisfaction 1–5"),
        col(
            "buyer",
            Text,
            true,
            "the buyer cell (买家会员名) as text, not a customer key: a ticket adds no customer; it is looked up as the key `n:` + buyer",
        ),
        col("order_key", OrderKey, true, "the key of the ticket's order id, as `orders.order_key`"),
    ],
};

/// Every table, in the order of [`Kind::ALL`].
pub const TABLES: [&Table; 5] = [&ORDERS, &CUSTOMERS, &INTEREST, &CALLS, &TICKETS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_table_and_every_schema_parses() {
        for (kind, t) in Kind::ALL.into_iter().zip(TABLES) {
            assert_eq!(Table::of(kind), t);
            assert_eq!(t.dir(), kind.as_str());
            let parsed = parquet::schema::parser::parse_message_type(&t.message()).unwrap();
            assert_eq!(parsed.get_fields().len(), t.columns.len(), "{kind}");
            let mut names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), t.columns.len(), "{kind}: a column twice");
            assert_eq!(t.columns.first().map(|c| c.name), Some("file"));
            assert_eq!(t.columns.get(1).map(|c| c.name), Some("seq"));
        }
    }

    #[test]
    fn a_list_column_is_the_standard_three_level_list() {
        assert_eq!(
            TextList.message("tags", false),
            "required group tags (LIST) { repeated group list { required binary element (STRING); } }"
        );
        assert_eq!(Timestamp.message("t", true), "optional int64 t (TIMESTAMP(MICROS,false));");
    }
}

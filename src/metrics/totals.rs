//! Shop totals: orders of any status, valid orders and their revenue (keyless ones included),
//! customers, and what was left out (duplicates across files, orders after as_of).

use super::analysis::Analysis;
use super::money;
use crate::report::Totals;

/// The section (needs orders).
pub fn section(a: &Analysis<'_>) -> Totals {
    let ctx = a.ctx;
    // the valid orders are the aggregates' (customers with a key) and the keyless ones the
    // aggregation set apart: no pass over the orders of its own
    let keyless = &ctx.grouped.keyless;
    let valid = ctx.valid_orders();
    let revenue = ctx.customers.iter().map(|c| c.revenue).sum::<i64>() + keyless.iter().map(|x| x.revenue).sum::<i64>();
    let keyless = keyless.len() as u64;
    Totals {
        orders: ctx.kept_orders(),
        valid_orders: valid,
        revenue: money(revenue),
        customers: ctx.customers.len() as u64,
        valid_orders_without_key: keyless,
        duplicate_orders_across_files: ctx.order_rows - ctx.distinct_orders,
        orders_after_as_of: ctx.orders_after_as_of,
    }
}

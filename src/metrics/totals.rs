//! Shop totals: orders of any status, valid orders and their revenue (keyless ones included),
//! customers, and what was left out (duplicates across files, orders after as_of).

use super::analysis::Analysis;
use super::money;
use super::tiering::each_chunk;
use crate::report::Totals;
use crate::store::NO_CUSTOMER;

/// The section (needs orders).
pub fn section(a: &Analysis<'_>) -> Totals {
    let ctx = a.ctx;
    let all: u64 = ctx.store.tables().map(|t| t.orders.len() as u64).sum();
    let (mut valid, mut revenue, mut keyless) = (0u64, 0i64, 0u64);
    each_chunk(&ctx.orders, &mut |_, orders| {
        for o in orders.iter().filter(|o| o.valid) {
            valid += 1;
            revenue += o.revenue();
            keyless += u64::from(o.customer == NO_CUSTOMER);
        }
    });
    Totals {
        orders: ctx.orders.len() as u64,
        valid_orders: valid,
        revenue: money(revenue),
        customers: ctx.customers.len() as u64,
        valid_orders_without_key: keyless,
        duplicate_orders_across_files: all - ctx.distinct_orders,
        orders_after_as_of: ctx.orders_after_as_of,
    }
}

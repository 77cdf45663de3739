//! Which order statuses of each platform mean a valid (paid, not closed) order.

use crate::model::Platform;

/// Whether a status text means a valid (paid, not closed) order. `None`: unknown text.
pub fn status_valid(p: Platform, s: &str) -> Option<bool> {
    const VALID: &[&str] = &[
        "交易成功",
        "卖家已发货，等待买家确认",
        "买家已付款，等待卖家发货",
        "卖家已发货,等待买家确认",
        "买家已付款,等待卖家发货",
        "等待卖家发货",
        "待发货",
        "已发货",
        "已完成",
        "完成",
        "已签收",
        "已收货",
        "待收货",
        "已发货，待收货",
        "已发货,待收货",
        "已付款",
        "已支付",
        "等待出库",
        "等待确认收货",
        "待签收",
        "部分发货",
        "卖家部分发货",
        "交易完成",
        "trade_finished",
        "wait_seller_send_goods",
        "wait_buyer_confirm_goods",
        "trade_buyer_signed",
        "seller_consigned_part",
        "paid",
        "partially_paid",
        "partially_refunded",
        "authorized",
        "completed",
        "processing",
        "wc-completed",
        "wc-processing",
        "complete",
        "shipped",
        "delivered",
        "fulfilled",
    ];
    const INVALID: &[&str] = &[
        "交易关闭",
        "交易被淘宝关闭",
        "等待买家付款",
        "已取消",
        "取消",
        "退款成功",
        "已退款",
        "待付款",
        "未付款",
        "已关闭",
        "交易取消",
        "全额退款",
        "订单关闭",
        "已作废",
        "trade_closed",
        "trade_closed_by_taobao",
        "wait_buyer_pay",
        "trade_no_create_pay",
        "pending",
        "refunded",
        "voided",
        "expired",
        "cancelled",
        "canceled",
        "failed",
        "on-hold",
        // WooCommerce's display labels (Analytics export)
        "on hold",
        "pending payment",
        "draft",
        "checkout-draft",
        "trash",
        "wc-pending",
        "wc-cancelled",
        "wc-refunded",
        "wc-failed",
        "wc-on-hold",
        "unpaid",
    ];
    let _ = p;
    if s.starts_with("(删除)") || s.starts_with("（删除）") {
        return Some(false);
    }
    let lower;
    let t = if s.is_ascii() {
        lower = s.to_ascii_lowercase();
        lower.as_str()
    } else {
        s
    };
    if VALID.contains(&t) {
        Some(true)
    } else if INVALID.contains(&t) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        let cases: &[(&str, Option<bool>)] = &[
            ("交易成功", Some(true)),
            ("买家已付款，等待卖家发货", Some(true)),
            ("买家已付款,等待卖家发货", Some(true)),
            ("TRADE_FINISHED", Some(true)),
            ("Paid", Some(true)),
            ("wc-completed", Some(true)),
            ("交易关闭", Some(false)),
            ("等待买家付款", Some(false)),
            ("(删除)交易成功", Some(false)),
            ("（删除）交易成功", Some(false)),
            ("Cancelled", Some(false)),
            ("On Hold", Some(false)),
            ("wc-refunded", Some(false)),
            ("", None),
            ("交易成功 ", None),
            ("新状态", None),
            ("paid-ish", None),
        ];
        for &(s, want) in cases {
            for p in [Platform::Taobao, Platform::Shopify] {
                assert_eq!(status_valid(p, s), want, "{p:?} {s:?}");
            }
        }
    }
}

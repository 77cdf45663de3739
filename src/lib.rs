//! # customer-insights
//!
//! Reads the files a shop platform exports — Taobao/Tmall 订单报表, JD, Pinduoduo, Shopify and
//! WooCommerce orders, customer lists, favourites/add-to-cart events, outbound call logs and
//! after-sales tickets — in whatever encoding and container they come (GBK, UTF-8 with or without
//! BOM, UTF-16, CSV/TSV, XLSX, JSON), and computes the report of `spec/metrics.md`: totals,
//! headline, lifecycle, RFM, tags, distributions, conversion with honest statistics, calls and
//! service KPIs.
//!
//! The same core runs natively (the `customer-insights` CLI), in wasm (the `Workspace` class of
//! the npm package) and in tests. It never panics on user data: every input row is either used or
//! counted as skipped with its reason.
//!
//! ```
//! use customer_insights::{Workspace, ReportConfig};
//!
//! let csv = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,收货地址\r\n\
//!            =\"1001\",alice,12.50,交易成功,2024-12-30 10:00:00,浙江省 杭州市 西湖区\r\n";
//! let mut ws = Workspace::new();
//! let summary = ws.add_file("orders.csv", csv.as_bytes()).unwrap();
//! assert_eq!(summary.platform.as_deref(), Some("taobao"));
//! assert_eq!(summary.rows_used, 1);
//! let report = ws.report(&ReportConfig::default()).unwrap();
//! assert_eq!(report.totals.as_ref().unwrap().revenue, "12.50");
//! ```
#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod export;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod report;
#[cfg(feature = "cli")]
pub mod sample;
pub mod saved;
pub mod stats;
pub mod store;
#[cfg(feature = "cli")]
pub mod warehouse;
pub mod workspace;

#[cfg(feature = "wasm")]
pub mod wasm;

pub use config::{CsvOptions, Lang, MemberSelector, ReportConfig};
pub use error::{Error, Result};
pub use ingest::{FileOptions, IngestSummary, Part, RowIssue, SkipReason};
pub use model::{Kind, Money, Platform};
pub use report::Report;
pub use store::Store;
pub use workspace::{FilePart, Workspace};

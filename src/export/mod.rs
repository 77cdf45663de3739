//! Exports for spreadsheets: the report and the member lists as XLSX workbooks. Above
//! `metrics` (it writes what they compute), below the workspace (whose doors call it).

mod tables;
mod words;
pub mod xlsx;

pub use xlsx::{members_xlsx, report_xlsx, screening_xlsx};

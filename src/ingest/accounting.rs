//! Row accounting: every row of a file is used or skipped with a reason, counted while the file
//! is read into what the report lists ([`IngestSummary`](crate::model::IngestSummary)).

use crate::model::{RowIssue, SkipReason};
use std::collections::BTreeMap;

/// How many row problems a file keeps with their details (all are counted).
pub const MAX_ERRORS: usize = 20;
/// How many characters of a bad value an issue keeps.
pub const MAX_VALUE_CHARS: usize = 200;

/// Row counts of one file while it is read.
#[derive(Debug, Clone, Default)]
pub struct Accounting {
    /// Data rows seen.
    pub rows_total: u64,
    /// Rows used.
    pub rows_used: u64,
    /// Skipped by reason.
    pub skipped: BTreeMap<SkipReason, u64>,
    /// The first issues.
    pub errors: Vec<RowIssue>,
    /// Rows without a customer key.
    pub rows_without_key: u64,
    /// Unknown status texts.
    pub unknown_status: BTreeMap<String, u64>,
    /// Interest action texts no spelling names (counted as `other`).
    pub unknown_action: BTreeMap<String, u64>,
    /// A later part of a file read on its own ([`Part`](super::Part)) does not count its skipped
    /// rows: it logs them, with their order key, for the reader of the part before it to judge.
    pub(super) log: Option<SkipLog>,
}

/// The skipped rows of a [`Part`](super::Part), in row order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct SkipLog {
    pub(super) skips: Vec<LoggedSkip>,
    /// More were skipped than [`MAX_LOGGED_SKIPS`]: the part cannot be merged exactly.
    pub(super) overflow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct LoggedSkip {
    /// The row, counted from the part's first row (1).
    pub(super) row: u64,
    /// The order key of a skipped order row that had an id and was not a repeat within the
    /// part: the merge makes it a duplicate when the parts before had the id.
    pub(super) key: Option<u128>,
    pub(super) reason: SkipReason,
    pub(super) column: Option<String>,
    pub(super) value: Option<String>,
}

/// A cell value as a listed issue shows it: at most [`MAX_VALUE_CHARS`] characters, then "…".
pub(super) fn cut_value(v: String) -> String {
    if v.chars().count() > MAX_VALUE_CHARS {
        v.chars().take(MAX_VALUE_CHARS).collect::<String>() + "…"
    } else {
        v
    }
}

/// Skipped rows a [`Part`](super::Part) logs, at most; past it the part is read again by the
/// reader of the part before it (exact, slower). A file whose rows are mostly bad takes that path.
pub(super) const MAX_LOGGED_SKIPS: usize = 100_000;

impl Accounting {
    /// Counts a skipped row; keeps its details while fewer than [`MAX_ERRORS`] are kept. Blank
    /// rows and duplicates are counted but not listed as errors.
    pub fn skip(&mut self, row: u64, reason: SkipReason, column: Option<String>, value: Option<String>) {
        self.skip_keyed(row, reason, column, value, None);
    }

    /// [`Accounting::skip`], with the order key of a skipped order row (see `LoggedSkip::key`).
    pub fn skip_keyed(
        &mut self,
        row: u64,
        reason: SkipReason,
        column: Option<String>,
        value: Option<String>,
        key: Option<u128>,
    ) {
        if let Some(log) = &mut self.log {
            if log.skips.len() < MAX_LOGGED_SKIPS {
                // cut as a listing cuts it (cutting again changes nothing)
                log.skips.push(LoggedSkip { row, key, reason, column, value: value.map(cut_value) });
            } else {
                log.overflow = true;
            }
            return;
        }
        *self.skipped.entry(reason).or_insert(0) += 1;
        if self.errors.len() < MAX_ERRORS && !matches!(reason, SkipReason::Blank | SkipReason::Duplicate) {
            self.errors.push(RowIssue { row, column, value: value.map(cut_value), reason });
        }
    }

    /// Counts an order status no rule knows.
    pub fn unknown_status(&mut self, s: &str) {
        if let Some(n) = self.unknown_status.get_mut(s) {
            *n += 1;
        } else if self.unknown_status.len() < 50 {
            self.unknown_status.insert(s.to_string(), 1);
        }
    }

    /// Counts an interest action text no spelling names (the event counts as `other`).
    pub fn unknown_action(&mut self, s: &str) {
        if let Some(n) = self.unknown_action.get_mut(s) {
            *n += 1;
        } else if self.unknown_action.len() < 50 {
            self.unknown_action.insert(s.to_string(), 1);
        }
    }

    /// Skipped rows of all reasons.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_are_counted_and_the_first_listed() {
        // (reason, listed as an issue)
        let cases = [
            (SkipReason::BadAmount, true),
            (SkipReason::BadDate, true),
            (SkipReason::Blank, false),
            (SkipReason::Duplicate, false),
        ];
        for (reason, listed) in cases {
            let mut acc = Accounting::default();
            for row in 1..=(MAX_ERRORS as u64 + 5) {
                acc.skip(row, reason, Some("c".into()), Some("v".into()));
            }
            assert_eq!(acc.skipped_total(), MAX_ERRORS as u64 + 5, "{reason:?}");
            assert_eq!(acc.skipped.get(&reason), Some(&(MAX_ERRORS as u64 + 5)), "{reason:?}");
            let want = if listed { MAX_ERRORS } else { 0 };
            assert_eq!(acc.errors.len(), want, "{reason:?}");
            if listed {
                assert_eq!(
                    acc.errors[0],
                    RowIssue { row: 1, column: Some("c".into()), value: Some("v".into()), reason }
                );
            }
        }
    }

    #[test]
    fn listed_values_are_cut() {
        let cases = [
            ("short".to_string(), "short".to_string()),
            ("é".repeat(MAX_VALUE_CHARS), "é".repeat(MAX_VALUE_CHARS)),
            ("é".repeat(MAX_VALUE_CHARS + 1), "é".repeat(MAX_VALUE_CHARS) + "…"),
        ];
        for (value, want) in cases {
            assert_eq!(cut_value(value.clone()), want, "{value:?}");
            let mut acc = Accounting::default();
            acc.skip(1, SkipReason::BadAmount, None, Some(value));
            assert_eq!(acc.errors[0].value.as_deref(), Some(want.as_str()));
        }
    }

    #[test]
    fn a_part_logs_its_skips_instead_of_counting_them() {
        let mut acc = Accounting { log: Some(SkipLog::default()), ..Accounting::default() };
        acc.skip_keyed(3, SkipReason::BadDate, None, None, Some(7));
        assert_eq!(acc.skipped_total(), 0);
        assert!(acc.errors.is_empty());
        let log = acc.log.unwrap_or_default();
        assert_eq!(log.skips.len(), 1);
        assert_eq!((log.skips[0].row, log.skips[0].key, log.skips[0].reason), (3, Some(7), SkipReason::BadDate));
        assert!(!log.overflow);
    }

    #[test]
    fn unknown_statuses_are_counted_up_to_fifty_texts() {
        let mut acc = Accounting::default();
        for i in 0..60 {
            acc.unknown_status(&format!("s{i}"));
        }
        acc.unknown_status("s0");
        acc.unknown_status("s59");
        assert_eq!(acc.unknown_status.len(), 50);
        assert_eq!(acc.unknown_status.get("s0"), Some(&2));
        assert_eq!(acc.unknown_status.get("s59"), None);
    }
}

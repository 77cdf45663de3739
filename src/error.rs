//! Fatal errors: a whole file, a config or a request that cannot be served.
//!
//! Row-level problems are not errors: they are data ([`crate::RowIssue`]), counted by reason in
//! the file's summary, so one bad row never stops a file and one bad file never stops the others.

use std::fmt;

/// What went wrong, as a stable snake_case code (see [`Error::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read as a table at all.
    #[error("{file}: {reason}")]
    File {
        /// The file's name as given.
        file: String,
        /// Why, in words an operator understands.
        reason: FileProblem,
    },
    /// The report configuration is wrong (unknown key, field or operator, bad value).
    #[error("config: {0}")]
    Config(String),
    /// A file name that the workspace does not know.
    #[error("{0}: no such file in the workspace")]
    UnknownFile(String),
    /// `push` or `finish_file` without `begin_file`, or `begin_file` twice.
    #[error("{0}")]
    Sequence(String),
    /// The input would exceed the memory budget the host set.
    #[error("{file}: {bytes} bytes would exceed the memory budget of {budget} bytes")]
    Budget {
        /// The file's name.
        file: String,
        /// Bytes the workspace would hold with this file.
        bytes: u64,
        /// The budget.
        budget: u64,
    },
    /// A member selector names no segment or tag of the report.
    #[error("no segment or tag named {0:?}")]
    UnknownSelector(String),
    /// No file has a customer of this key.
    #[error("no customer {0:?} in the files read")]
    UnknownCustomer(String),
    /// The file could not be read from where it is (missing, a directory, no permission, a read
    /// that failed midway): the bytes never reached the reader.
    #[error("{file}: cannot read the file: {message}")]
    Io {
        /// The file's name as given.
        file: String,
        /// What the system said.
        message: String,
    },
    /// An export could not be written (a member list longer than a sheet holds).
    #[error("export: {0}")]
    Export(String),
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileProblem {
    /// Zero bytes.
    Empty,
    /// The bytes are not text in any supported encoding, nor XLSX or JSON.
    NotATable(String),
    /// An encoding name that is not supported.
    UnknownEncoding(String),
    /// No row of the first ones looks like a header of a known kind.
    NoHeader(String),
    /// The XLSX container is broken or refused.
    Xlsx(String),
    /// The JSON is not an array of objects.
    Json(String),
    /// A manual mapping names a column that the file does not have, or a role that does not exist.
    Mapping(String),
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::Empty => write!(f, "the file is empty"),
            FileProblem::NotATable(s) => write!(f, "not a table: {s}"),
            FileProblem::UnknownEncoding(s) => write!(f, "unknown encoding {s:?}"),
            FileProblem::NoHeader(s) => write!(f, "no recognisable header row: {s}"),
            FileProblem::Xlsx(s) => write!(f, "cannot read the XLSX workbook: {s}"),
            FileProblem::Json(s) => write!(f, "cannot read the JSON: {s}"),
            FileProblem::Mapping(s) => write!(f, "column mapping: {s}"),
        }
    }
}

impl Error {
    /// A stable snake_case code for programs (the JS `Error.code`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::File { reason, .. } => match reason {
                FileProblem::Empty => "empty_file",
                FileProblem::NotATable(_) => "not_a_table",
                FileProblem::UnknownEncoding(_) => "unknown_encoding",
                FileProblem::NoHeader(_) => "no_header",
                FileProblem::Xlsx(_) => "bad_xlsx",
                FileProblem::Json(_) => "bad_json",
                FileProblem::Mapping(_) => "bad_mapping",
            },
            Error::Config(_) => "bad_config",
            Error::UnknownFile(_) => "unknown_file",
            Error::Sequence(_) => "bad_sequence",
            Error::Budget { .. } => "over_budget",
            Error::UnknownSelector(_) => "unknown_selector",
            Error::UnknownCustomer(_) => "unknown_customer",
            Error::Io { .. } => "io_error",
            Error::Export(_) => "export_failed",
        }
    }

    /// Every code [`Error::code`] can return, in declaration order.
    pub const CODES: [&'static str; 15] = [
        "empty_file",
        "not_a_table",
        "unknown_encoding",
        "no_header",
        "bad_xlsx",
        "bad_json",
        "bad_mapping",
        "bad_config",
        "unknown_file",
        "bad_sequence",
        "over_budget",
        "unknown_selector",
        "unknown_customer",
        "io_error",
        "export_failed",
    ];

    /// The file this error is about, when there is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::File { file, .. } | Error::Budget { file, .. } | Error::Io { file, .. } => Some(file),
            Error::UnknownFile(f) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn in_file(file: &str, reason: FileProblem) -> Error {
        Error::File { file: file.to_string(), reason }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_codes_are_stable() {
        let e = Error::in_file("订单.csv", FileProblem::NoHeader("first row: a, b".into()));
        assert_eq!(e.to_string(), "订单.csv: no recognisable header row: first row: a, b");
        assert_eq!(e.code(), "no_header");
        assert_eq!(e.file(), Some("订单.csv"));
        assert_eq!(Error::Config("x".into()).code(), "bad_config");
        let io = Error::Io { file: "dir".into(), message: "Is a directory (os error 21)".into() };
        assert_eq!((io.code(), io.file()), ("io_error", Some("dir")));
        assert_eq!(io.to_string(), "dir: cannot read the file: Is a directory (os error 21)");
    }

    /// One error of every variant and problem; the match makes a new variant a compile error
    /// here until it is added.
    fn one_of_each() -> Vec<Error> {
        let f = |p| Error::in_file("f", p);
        let all = vec![
            f(FileProblem::Empty),
            f(FileProblem::NotATable(String::new())),
            f(FileProblem::UnknownEncoding(String::new())),
            f(FileProblem::NoHeader(String::new())),
            f(FileProblem::Xlsx(String::new())),
            f(FileProblem::Json(String::new())),
            f(FileProblem::Mapping(String::new())),
            Error::Config(String::new()),
            Error::UnknownFile(String::new()),
            Error::Sequence(String::new()),
            Error::Budget { file: String::new(), bytes: 0, budget: 0 },
            Error::UnknownSelector(String::new()),
            Error::UnknownCustomer(String::new()),
            Error::Io { file: String::new(), message: String::new() },
            Error::Export(String::new()),
        ];
        for e in &all {
            match e {
                Error::File { reason, .. } => match reason {
                    FileProblem::Empty
                    | FileProblem::NotATable(_)
                    | FileProblem::UnknownEncoding(_)
                    | FileProblem::NoHeader(_)
                    | FileProblem::Xlsx(_)
                    | FileProblem::Json(_)
                    | FileProblem::Mapping(_) => {}
                },
                Error::Config(_)
                | Error::UnknownFile(_)
                | Error::Sequence(_)
                | Error::Budget { .. }
                | Error::UnknownSelector(_)
                | Error::UnknownCustomer(_)
                | Error::Io { .. }
                | Error::Export(_) => {}
            }
        }
        all
    }

    #[test]
    fn codes_lists_every_code_once() {
        let codes: Vec<&str> = one_of_each().iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
    }

    /// The TypeScript `ErrorCode` union of the wasm door is exactly the engine's codes plus the two
    /// the door itself makes (`bad_argument`, and `internal_panic` from the client).
    #[test]
    fn the_typescript_error_code_union_is_the_engine_codes() {
        let door = include_str!("wasm/mod.rs");
        let union = door
            .split("export type ErrorCode =")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .expect("wasm/mod.rs declares the ErrorCode union");
        let mut ts: Vec<String> =
            union.split('|').map(|c| c.trim().trim_matches('"').to_string()).filter(|c| !c.is_empty()).collect();
        let mut want: Vec<String> =
            Error::CODES.iter().chain(&["bad_argument", "internal_panic"]).map(|c| c.to_string()).collect();
        ts.sort();
        want.sort();
        assert_eq!(ts, want);
    }
}

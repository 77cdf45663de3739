//! The warehouse path's commands (src/warehouse, README "Warehouse path"): `normalize` writes
//! each file's rows as Parquet, `sql` prints the SQL of the aggregates, `report
//! --from-aggregates` finishes the report from them.

use super::args::Args;
use super::read::{display_name, io_error, read_into, tell, Threads};
use super::{emit, outcome, refused, say};
use customer_insights::{FileOptions, ReportConfig, Workspace};
use std::io::{Read, Write};
use std::process::ExitCode;

/// `normalize`: each file read as `report` reads it (the same detection, options, parts on
/// threads), on its own, then its rows written as Parquet and its accounting as JSON into the
/// folder (src/warehouse). Prints the paths written under the folder, one a line.
pub fn normalize(a: &Args, options: &dyn Fn(&str) -> FileOptions, threads: Threads) -> ExitCode {
    use customer_insights::warehouse;
    let out = match warehouse::OutDir::create(std::path::Path::new(a.out.as_deref().unwrap_or("."))) {
        Ok(o) => o,
        Err(e) => {
            return refused(&e);
        }
    };
    let mut failed = false;
    for path in &a.files {
        let (name, opts) = (display_name(path), options(path));
        let mut ws = Workspace::new();
        ws.set_budget(a.budget);
        ws.set_options(&name, opts.clone());
        let t = std::time::Instant::now();
        let r = read_into(&mut ws, path, threads);
        if a.verbose {
            tell(path, &r, t.elapsed(), threads);
        }
        if let Err(e) = &r {
            say(e);
            failed = true;
        }
        // the bytes again, for the hash in the outputs' names (none when they cannot be read)
        let mut file = std::fs::File::open(path).ok();
        let hash = warehouse::content_hash(&name, &opts, file.as_mut().map(|f| f as &mut dyn Read))
            .or_else(|_| warehouse::content_hash(&name, &opts, None))
            .unwrap_or_default();
        let bytes = std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len());
        match warehouse::write_file(&out, ws.store(), &name, &opts, hash, bytes) {
            Ok((json, manifest)) => {
                let mut stdout = std::io::stdout().lock();
                for t in manifest.tables.values() {
                    let _ = writeln!(stdout, "{}", t.path);
                }
                let _ = writeln!(stdout, "{json}");
            }
            Err(e) => {
                return refused(&e);
            }
        }
    }
    outcome(failed)
}

/// `sql`: the SQL of the warehouse path's step 2 for the config's settings, over the tables
/// normalize wrote in `--input` (a local folder: the tables it holds are read; another place,
/// `s3://…`: all five are assumed there). Creates the local `--output` folder (DuckDB's COPY
/// makes the last folder of a path, not its parents).
pub fn sql(a: &Args, config: &ReportConfig) -> ExitCode {
    use customer_insights::warehouse::sql::{generate, Dialect, Plan};
    let (Some(dialect), Some(input), Some(output)) = (a.dialect, &a.input, &a.output) else {
        return ExitCode::from(2);
    };
    let plan = match Plan::of(dialect, input, output, config) {
        Ok(p) => p,
        Err(e) => return refused(&e),
    };
    if dialect == Dialect::Duckdb && !output.contains("://") {
        if let Err(e) = std::fs::create_dir_all(output) {
            return refused(&io_error(output, &e));
        }
    }
    emit(a, Ok(generate(&plan).into_bytes()), false)
}

/// `report --from-aggregates DIR`: the report from the aggregates the SQL wrote (JSON, or a
/// workbook with `--format xlsx`).
pub fn from_aggregates(a: &Args, dir: &str, config: &ReportConfig) -> ExitCode {
    // exit status 3, as `report` gives, when a file the aggregates list could not be read
    let mut failed = false;
    let out = customer_insights::warehouse::finish::report(std::path::Path::new(dir), config).and_then(|r| {
        failed = r.inputs.iter().any(|i| i.error.is_some());
        if a.xlsx {
            customer_insights::export::report_xlsx(&r, a.csv.lang)
        } else {
            Ok(r.to_json().into_bytes())
        }
    });
    emit(a, out, failed)
}

//! `customer-insights`: the native door. Reads export files in 1 MiB chunks through the same
//! `Workspace` as the wasm module, and prints the report JSON (or member CSV) on stdout. Its
//! pieces are in src/cli.

mod cli;

use cli::args::{parse, USAGE};
use cli::read::{display_name, io_error, read_files, Threads};
use cli::{emit, warehouse};
use customer_insights::saved::SavedAnalysis;
use customer_insights::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `sample` has options of its own (src/sample/cli.rs)
    let mut argv = std::env::args_os().skip(1);
    if argv.next().is_some_and(|a| a == "sample") {
        return ExitCode::from(customer_insights::sample::cli::run(argv.collect()));
    }
    let a = match parse() {
        Ok(a) => a,
        Err(e) => {
            if e.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let saved = match &a.config {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| io_error(path, &e))
            .and_then(|t| SavedAnalysis::from_json(&t))
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => SavedAnalysis::default(),
    };
    // each file's options: a saved analysis's for its name, under the command line's
    let options = |path: &str| saved.options_for(&display_name(path), &a.options);
    let mut config = saved.config.clone();
    if a.as_of.is_some() {
        config.as_of = a.as_of.clone();
    }
    let threads = Threads::of(a.threads);
    if a.cmd == "normalize" {
        return warehouse::normalize(&a, &options, threads);
    }
    if a.cmd == "sql" {
        return warehouse::sql(&a, &config);
    }
    if let Some(dir) = &a.from_aggregates {
        return warehouse::from_aggregates(&a, dir, &config);
    }
    let (ws, failed) = read_files(&a, &options, threads);
    let t = std::time::Instant::now();
    let out: Result<Vec<u8>, Error> = match (a.cmd.as_str(), a.xlsx) {
        ("inspect", _) => Ok(serde_json::to_string_pretty(&ws.files()).unwrap_or_default().into_bytes()),
        ("members", false) => ws.members_csv(&config, &a.selector, &a.csv).map(String::into_bytes),
        ("members", true) => ws.members_xlsx(&config, &a.selector, &a.csv),
        ("customer", _) => ws
            .customer(&config, a.key.as_deref().unwrap_or(""))
            .map(|r| serde_json::to_string_pretty(&r).unwrap_or_default().into_bytes()),
        (_, true) => ws.report_xlsx(&config, &a.csv),
        _ => ws.report_json(&config).map(String::into_bytes),
    };
    if a.verbose {
        eprintln!("{}: {:.3} s", a.cmd, t.elapsed().as_secs_f64());
    }
    emit(&a, out, failed)
}

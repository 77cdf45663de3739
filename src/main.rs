//! `customer-insights`: the native door. Reads export files in 1 MiB chunks through the same
//! `Workspace` as the wasm module, and prints the report JSON (or member CSV) on stdout.

use customer_insights::config::{Audience, Screening};
use customer_insights::saved::SavedAnalysis;
use customer_insights::{CsvOptions, Error, FileOptions, Kind, Lang, MemberSelector, Platform, Workspace};
use std::io::{Read, Seek, SeekFrom, Write};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
customer-insights — who are my customers? (offline, from shop exports)

USAGE:
  customer-insights report  [OPTIONS] FILE...
  customer-insights members (--segment NAME | --tag NAME | --lifecycle STAGE | --audience NAME |
                            --screening invalid|duplicate) [OPTIONS] FILE...
  customer-insights customer KEY [OPTIONS] FILE...  (one customer's record, JSON)
  customer-insights inspect [OPTIONS] FILE...     (ingest summaries only)
  customer-insights normalize [OPTIONS] FILE... --out DIR
                            (each file's rows as Parquet tables + its row accounting as JSON,
                            for Spark or DuckDB: README, Warehouse path)
  customer-insights sql --dialect duckdb|spark --input DIR --output DIR [--config FILE] [--as-of D]
                            (the SQL that reduces normalize's tables in DIR to the aggregates)
  customer-insights report --from-aggregates DIR [--config FILE] [--as-of D]
                            (the report from the aggregates that SQL wrote: README, Warehouse path)
  customer-insights sample --rows N --out DIR [OPTIONS]   (synthetic shop exports: sample --help)

OPTIONS:
  --as-of YYYY-MM-DD     analysis date (default: the latest order date)
  --config FILE          report config JSON (spec/api.md), or a saved analysis the page exported
                         (*.analysis.json: its config, and its column mappings applied to the
                         files of the same name); --as-of overrides its as_of, and --encoding,
                         --kind, --platform override a saved mapping's
  --encoding LABEL       force an encoding for every file (gbk, utf-8, utf-16le, …)
  --kind KIND            force the kind (orders, customers, interest, calls, tickets)
  --platform NAME        force the platform (taobao, jd, pinduoduo, shopify, woocommerce, generic)
  --budget BYTES         refuse input that would need more memory than this
  --threads N            read with N threads (default: one per core; 1: in order)
  --lang zh-CN|en        members: headers and values in that language, codes in two last columns;
                         report --format xlsx: sheet names and headers in that language
  --format xlsx          report, members: an Excel workbook instead of JSON/CSV (binary: needs
                         --out FILE or a redirected stdout)
  --out FILE             write the output to FILE instead of stdout (normalize: the folder DIR)
  --audience NAME        members: interested, interested_converted or interested_not_converted
                         (buyers with an interest event in the conversion window, ordered or not)
  --screening KIND       members: the rows behind screening's invalid or duplicate count
                         (file,row,customer,phone,number)
  -v, --verbose          say on stderr how each file was read (parts, time)
  -h, --help             this text

Exit status: 0 report printed; 3 report printed but some file could not be read (see stderr
and inputs[].error); 2 usage or config error (normalize: also an output that cannot be written).";

struct Args {
    cmd: String,
    files: Vec<String>,
    as_of: Option<String>,
    config: Option<String>,
    options: FileOptions,
    budget: Option<u64>,
    threads: Option<usize>,
    verbose: bool,
    selector: MemberSelector,
    csv: CsvOptions,
    key: Option<String>,
    xlsx: bool,
    out: Option<String>,
    dialect: Option<customer_insights::warehouse::sql::Dialect>,
    input: Option<String>,
    output: Option<String>,
    from_aggregates: Option<String>,
}

fn val(p: &mut lexopt::Parser) -> Result<String, String> {
    p.value().map_err(|e| e.to_string())?.into_string().map_err(|_| "not UTF-8".to_string())
}

fn parse() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_env();
    let mut a = Args {
        cmd: String::new(),
        files: Vec::new(),
        as_of: None,
        config: None,
        options: FileOptions::default(),
        budget: None,
        threads: None,
        verbose: false,
        selector: MemberSelector { segment: None, tag: None, lifecycle: None, audience: None, screening: None },
        csv: CsvOptions::default(),
        key: None,
        xlsx: false,
        out: None,
        dialect: None,
        input: None,
        output: None,
        from_aggregates: None,
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Err(String::new()),
            Long("as-of") => a.as_of = Some(val(&mut p)?),
            Long("config") => a.config = Some(val(&mut p)?),
            Long("encoding") => a.options.encoding = Some(val(&mut p)?),
            Long("kind") => {
                let v = val(&mut p)?;
                a.options.kind = Some(Kind::parse(&v).ok_or(format!("unknown kind {v:?}"))?);
            }
            Long("platform") => {
                let v = val(&mut p)?;
                a.options.platform = Some(Platform::parse(&v).ok_or(format!("unknown platform {v:?}"))?);
            }
            Long("budget") => {
                a.budget = Some(val(&mut p)?.parse().map_err(|_| "--budget takes a number of bytes".to_string())?)
            }
            Long("threads") => {
                let n: usize = val(&mut p)?.parse().map_err(|_| "--threads takes a number".to_string())?;
                a.threads = Some(n.max(1));
            }
            Short('v') | Long("verbose") => a.verbose = true,
            Long("segment") => a.selector.segment = Some(val(&mut p)?),
            Long("tag") => a.selector.tag = Some(val(&mut p)?),
            Long("lifecycle") => a.selector.lifecycle = Some(val(&mut p)?),
            Long("audience") => {
                let v = val(&mut p)?;
                a.selector.audience = Some(Audience::parse(&v).ok_or(format!(
                    "--audience takes interested, interested_converted or interested_not_converted, not {v:?}"
                ))?);
            }
            Long("screening") => {
                let v = val(&mut p)?;
                a.selector.screening =
                    Some(Screening::parse(&v).ok_or(format!("--screening takes invalid or duplicate, not {v:?}"))?);
            }
            Long("format") => {
                let v = val(&mut p)?;
                a.xlsx = match v.as_str() {
                    "xlsx" => true,
                    "json" | "csv" => false,
                    _ => return Err(format!("--format takes xlsx (or json for report, csv for members), not {v:?}")),
                };
            }
            Long("out") => a.out = Some(val(&mut p)?),
            Long("dialect") => {
                let v = val(&mut p)?;
                a.dialect = Some(
                    customer_insights::warehouse::sql::Dialect::parse(&v)
                        .ok_or(format!("--dialect takes duckdb or spark, not {v:?}"))?,
                );
            }
            Long("input") => a.input = Some(val(&mut p)?),
            Long("output") => a.output = Some(val(&mut p)?),
            Long("from-aggregates") => a.from_aggregates = Some(val(&mut p)?),
            Long("lang") => {
                let v = val(&mut p)?;
                a.csv.lang = Some(Lang::parse(&v).ok_or(format!("--lang takes zh-CN or en, not {v:?}"))?);
            }
            Value(v) if a.cmd.is_empty() => a.cmd = v.into_string().map_err(|_| "not UTF-8".to_string())?,
            Value(v) if a.cmd == "customer" && a.key.is_none() => {
                a.key = Some(v.into_string().map_err(|_| "the key is not UTF-8".to_string())?)
            }
            Value(v) => a.files.push(v.into_string().map_err(|_| "file name is not UTF-8".to_string())?),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if !matches!(a.cmd.as_str(), "report" | "members" | "inspect" | "customer" | "normalize" | "sql") {
        return Err(if a.cmd.is_empty() { "no command".to_string() } else { format!("unknown command {:?}", a.cmd) });
    }
    if a.cmd == "customer" && a.key.is_none() {
        return Err("customer needs a KEY before the files".to_string());
    }
    if a.cmd == "sql" {
        if a.dialect.is_none() || a.input.is_none() || a.output.is_none() {
            return Err("sql needs --dialect duckdb|spark, --input DIR (normalize's) and --output DIR".to_string());
        }
        if !a.files.is_empty() {
            return Err("sql reads no files: it prints SQL over the folder of --input".to_string());
        }
        return Ok(a);
    }
    if a.from_aggregates.is_some() {
        if a.cmd != "report" {
            return Err("--from-aggregates is for report".to_string());
        }
        if !a.files.is_empty() {
            return Err("report --from-aggregates reads no files: the aggregates hold them".to_string());
        }
        return Ok(a);
    }
    if a.files.is_empty() {
        return Err("no input files".to_string());
    }
    if a.cmd == "normalize" && a.out.is_none() {
        return Err("normalize needs --out DIR, the folder to write into".to_string());
    }
    if a.cmd == "normalize" && a.as_of.is_some() {
        return Err("normalize takes no --as-of: no row depends on the analysis date".to_string());
    }
    if a.xlsx && !matches!(a.cmd.as_str(), "report" | "members") {
        return Err("--format xlsx is for report and members".to_string());
    }
    if a.xlsx && a.out.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(
            "--format xlsx writes a binary workbook: give --out FILE or redirect stdout (> report.xlsx)".to_string()
        );
    }
    Ok(a)
}

/// Reads one file into the workspace: the bytes in order, or, for a big file whose rows can be
/// read apart (see `Workspace::part`), its later parts on `threads - 1` more threads while this
/// one reads the first, each part then taken in in order: the same result, byte for byte.
/// A file that cannot be read (missing, a directory, a read that fails) is listed in the
/// report's inputs with its `io_error`, as any file that could not be read is.
fn read_into(ws: &mut Workspace, path: &str, threads: Threads) -> Result<Parts, Error> {
    let name = display_name(path);
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let e = io_error(path, &e);
            ws.list_failed(&name, &e);
            return Err(e);
        }
    };
    let size = f.metadata().ok().map(|m| m.len());
    ws.begin_file(&name, size)?;
    let mut parts = Parts::default();
    if let Err(e) = read_body(ws, &mut f, path, size, threads, &mut parts) {
        ws.abort_file();
        ws.list_failed(&name, &e);
        return Err(e);
    }
    ws.finish_file().map(|_| parts)
}

/// How a file was read: how many later parts were read on other threads and taken in, and how
/// many were read again in order (a cut inside a quoted field, or a part that failed).
#[derive(Default, Clone, Copy)]
struct Parts {
    taken: usize,
    read_again: usize,
}

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;
/// A file is read in parts only when this much of it is left after its head: below it the
/// threads cost more than they save. (With `--threads` given, [`MIN_PARTED_ASKED`].)
const MIN_PARTED: u64 = 16 << 20;
const MIN_PARTED_ASKED: u64 = 64 << 10;

/// The head read in order before the file is cut (its header must be found by then).
const MAX_HEAD: u64 = 8 << 20;

/// How many threads read a file, and how big it must be to be read in parts.
#[derive(Clone, Copy)]
struct Threads {
    n: usize,
    min_parted: u64,
}

fn io_error(path: &str, e: &std::io::Error) -> Error {
    Error::Io { file: path.to_string(), message: e.to_string() }
}

fn read_body(
    ws: &mut Workspace,
    f: &mut std::fs::File,
    path: &str,
    size: Option<u64>,
    threads: Threads,
    how: &mut Parts,
) -> Result<(), Error> {
    let mut buf = vec![0u8; CHUNK];
    let mut pos = 0u64;
    // the head, in order, until the header is known (and with it whether there can be parts)
    loop {
        let n = f.read(&mut buf).map_err(|e| io_error(path, &e))?;
        if n == 0 {
            return Ok(());
        }
        ws.push(buf.get(..n).unwrap_or(&[]))?;
        pos += n as u64;
        if pos >= MAX_HEAD || ws.can_read_in_parts().is_some() {
            break;
        }
    }
    let bounds = match size {
        Some(size)
            if threads.n > 1
                && size.saturating_sub(pos) >= threads.min_parted
                && ws.can_read_in_parts() == Some(true) =>
        {
            cut_points(f, pos, size, threads.n)
        }
        _ => Vec::new(),
    };
    // the later parts' byte ranges (the first part, up to `first_end`, is read here)
    let ranges: Vec<(u64, u64)> = bounds.iter().zip(bounds.iter().skip(1)).skip(1).map(|(&a, &b)| (a, b)).collect();
    let parts: Option<Vec<_>> = ranges.iter().map(|&(from, to)| ws.part(to - from)).collect();
    let (Some(parts), Some(&first_end)) = (parts.filter(|p| !p.is_empty()), bounds.get(1)) else {
        return push_range(ws, f, path, pos, None, &mut buf);
    };
    let last = parts.len() - 1;
    let (head, read) = std::thread::scope(|s| {
        let jobs: Vec<_> = parts
            .into_iter()
            .zip(&ranges)
            .enumerate()
            .map(|(i, (mut part, &(from, to)))| {
                let read = move || -> Option<customer_insights::Part> {
                    let mut f = std::fs::File::open(path).ok()?;
                    f.seek(SeekFrom::Start(from)).ok()?;
                    let mut f = f.take(to - from);
                    let mut buf = vec![0u8; CHUNK];
                    loop {
                        match f.read(&mut buf).ok()? {
                            0 => break,
                            n => part.push(buf.get(..n)?).ok()?,
                        }
                    }
                    part.finish(i == last).ok()
                };
                std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, read)
            })
            .collect();
        let head = push_range(ws, f, path, pos, Some(first_end), &mut buf);
        let read: Vec<_> = jobs.into_iter().map(|j| j.ok().and_then(|j| j.join().ok()).flatten()).collect();
        (head, read)
    });
    head?;
    let n = read.len();
    for (i, part) in read.into_iter().enumerate() {
        // a part that could not be read, or not taken in exactly, is read again in order, and
        // so is everything after it
        if !part.is_some_and(|p| ws.absorb_part(p)) {
            how.read_again = n - i;
            let from = ranges.get(i).map_or(first_end, |r| r.0);
            return push_range(ws, f, path, from, None, &mut buf);
        }
        how.taken += 1;
    }
    Ok(())
}

/// The bounds of `threads` parts of the bytes `[from, size)` of equal length, each later one
/// starting just after a line end (a cut that finds none nearby is dropped).
fn cut_points(f: &mut std::fs::File, from: u64, size: u64, threads: usize) -> Vec<u64> {
    let mut bounds = vec![from];
    let mut window = vec![0u8; 1 << 16];
    for k in 1..threads as u64 {
        let at = from + (size - from) / threads as u64 * k;
        if f.seek(SeekFrom::Start(at)).is_err() {
            continue;
        }
        let Ok(n) = f.read(&mut window) else { continue };
        let Some(nl) = window.get(..n).and_then(|w| w.iter().position(|&b| b == b'\n')) else { continue };
        let cut = at + nl as u64 + 1;
        if bounds.last().is_some_and(|&b| cut > b) && cut < size {
            bounds.push(cut);
        }
    }
    bounds.push(size);
    bounds
}

/// Pushes the bytes `[from, to)` of the file (to its end when `to` is None).
fn push_range(
    ws: &mut Workspace,
    f: &mut std::fs::File,
    path: &str,
    from: u64,
    to: Option<u64>,
    buf: &mut [u8],
) -> Result<(), Error> {
    f.seek(SeekFrom::Start(from)).map_err(|e| io_error(path, &e))?;
    let mut left = to.map_or(u64::MAX, |t| t.saturating_sub(from));
    while left > 0 {
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = f.read(buf.get_mut(..want).unwrap_or_default()).map_err(|e| io_error(path, &e))?;
        if n == 0 {
            break;
        }
        ws.push(buf.get(..n).unwrap_or(&[]))?;
        left -= n as u64;
    }
    Ok(())
}

/// Whether a file is big enough to read in parts and of a kind whose parts can be read on their
/// own: its head is read into a scratch workspace to find out.
fn can_part(path: &str, opts: &FileOptions, min_parted: u64) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let size = f.metadata().map_or(0, |m| m.len());
    if size < min_parted {
        return false;
    }
    let mut w = Workspace::new();
    w.set_options(&display_name(path), opts.clone());
    if w.begin_file(&display_name(path), None).is_err() {
        return false;
    }
    let mut buf = vec![0u8; CHUNK];
    let mut pos = 0u64;
    while pos < MAX_HEAD {
        match f.read(&mut buf) {
            Ok(n) if n > 0 && w.push(buf.get(..n).unwrap_or(&[])).is_ok() => pos += n as u64,
            _ => return false,
        }
        if let Some(can) = w.can_read_in_parts() {
            return can && size - pos >= min_parted;
        }
    }
    false
}

/// `--verbose`: how a file was read.
fn tell(path: &str, r: &Result<Parts, Error>, took: Duration, threads: Threads) {
    let how = match r {
        Ok(p) if p.taken + p.read_again == 0 => "in order".to_string(),
        Ok(p) => format!(
            "in {} parts on {} threads, {} read again in order",
            p.taken + p.read_again + 1,
            threads.n,
            p.read_again
        ),
        Err(_) => "failed".to_string(),
    };
    eprintln!("read {path}: {how}, {:.3} s", took.as_secs_f64());
}

/// The name a file goes by in the report: its base name, as the page shows a dropped file.
/// Prints an error as `error [code]: message` on stderr.
fn say(e: &Error) {
    eprintln!("error [{}]: {e}", e.code());
}

/// A usage, config or output error: printed, exit status 2.
fn refused(e: &Error) -> ExitCode {
    say(e);
    ExitCode::from(2)
}

/// Exit status 3 when a file could not be read, else 0.
fn outcome(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

fn display_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// `normalize`: each file read as `report` reads it (the same detection, options, parts on
/// threads), on its own, then its rows written as Parquet and its accounting as JSON into the
/// folder (src/warehouse). Prints the paths written under the folder, one a line.
fn normalize(a: &Args, options: &dyn Fn(&str) -> FileOptions, threads: Threads) -> ExitCode {
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
fn sql(a: &Args, config: &customer_insights::ReportConfig) -> ExitCode {
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
    let threads = match a.threads {
        Some(n) => Threads { n, min_parted: MIN_PARTED_ASKED },
        None => Threads { n: std::thread::available_parallelism().map_or(1, |n| n.get()), min_parted: MIN_PARTED },
    };
    if a.cmd == "normalize" {
        return normalize(&a, &options, threads);
    }
    if a.cmd == "sql" {
        return sql(&a, &config);
    }
    if let Some(dir) = &a.from_aggregates {
        // exit status 3, as `report` gives, when a file the aggregates list could not be read
        let mut failed = false;
        let out = customer_insights::warehouse::finish::report(std::path::Path::new(dir), &config).and_then(|r| {
            failed = r.inputs.iter().any(|i| i.error.is_some());
            if a.xlsx {
                customer_insights::export::report_xlsx(&r, a.csv.lang)
            } else {
                Ok(r.to_json().into_bytes())
            }
        });
        return emit(&a, out, failed);
    }
    let mut ws = Workspace::new();
    ws.set_budget(a.budget);
    let mut failed = false;
    // (with a budget the files are read one by one, so the budget sees them all)
    let many = a.files.len() > 1 && threads.n > 1 && a.budget.is_none();
    let parted: Vec<bool> = a.files.iter().map(|p| many && can_part(p, &options(p), threads.min_parted)).collect();
    if many && !parted.iter().all(|&p| p) {
        // Each file into its own workspace, then taken in in the order given, which makes every
        // id and every output what reading them one by one gives. A big file that can be read
        // in parts is read by every thread, one such file after another; the other files each
        // on a thread of their own meanwhile. (When every file is such, they are read one after
        // another into one workspace, below, which saves merging the workspaces.)
        let read_one = |path: &String| {
            let mut w = Workspace::new();
            w.set_options(&display_name(path), options(path));
            let t = std::time::Instant::now();
            let r = read_into(&mut w, path, threads);
            (w, r, t.elapsed())
        };
        let read: Vec<(Workspace, Result<Parts, Error>, Duration)> = std::thread::scope(|s| {
            let jobs: Vec<_> = a
                .files
                .iter()
                .zip(&parted)
                // the main thread's stack size, for the same depth of nested input
                .map(|(path, &p)| {
                    (!p).then(|| std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, || read_one(path)))
                })
                .collect();
            let mine: Vec<_> = a.files.iter().zip(&parted).map(|(path, &p)| p.then(|| read_one(path))).collect();
            let lost =
                || (Workspace::new(), Err(Error::Sequence("a reader thread could not run".into())), Duration::ZERO);
            jobs.into_iter()
                .zip(mine)
                .map(|(job, mine)| {
                    mine.unwrap_or_else(|| job.and_then(|j| j.ok()).and_then(|j| j.join().ok()).unwrap_or_else(lost))
                })
                .collect()
        });
        for ((w, r, took), path) in read.into_iter().zip(&a.files) {
            if a.verbose {
                tell(path, &r, took, threads);
            }
            if let Err(e) = r {
                say(&e);
                failed = true;
            }
            ws.absorb(w);
        }
    } else {
        for path in &a.files {
            ws.set_options(&display_name(path), options(path));
            let t = std::time::Instant::now();
            let r = read_into(&mut ws, path, threads);
            if a.verbose {
                tell(path, &r, t.elapsed(), threads);
            }
            if let Err(e) = r {
                say(&e);
                failed = true;
            }
        }
    }
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

/// Writes a command's output (to `--out` or stdout) and picks the exit status.
fn emit(a: &Args, out: Result<Vec<u8>, Error>, failed: bool) -> ExitCode {
    match out {
        Ok(mut bytes) => {
            if !bytes.ends_with(b"\n") && a.cmd != "members" && !a.xlsx {
                bytes.push(b'\n');
            }
            let written = match &a.out {
                Some(path) => std::fs::write(path, &bytes).map_err(|e| io_error(path, &e)),
                // (as before: a closed pipe on stdout is not an error of ours)
                None => {
                    let _ = std::io::stdout().lock().write_all(&bytes);
                    Ok(())
                }
            };
            if let Err(e) = written {
                return refused(&e);
            }
            outcome(failed)
        }
        Err(e) => refused(&e),
    }
}

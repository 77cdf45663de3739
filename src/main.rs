//! `customer-insights`: the native door. Reads export files in 1 MiB chunks through the same
//! `Workspace` as the wasm module, and prints the report JSON (or member CSV) on stdout.

use customer_insights::{Error, FileOptions, Kind, MemberSelector, Platform, ReportConfig, Workspace};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
customer-insights — who are my customers? (offline, from shop exports)

USAGE:
  customer-insights report  [OPTIONS] FILE...
  customer-insights members (--segment NAME | --tag NAME | --lifecycle STAGE) [OPTIONS] FILE...
  customer-insights inspect [OPTIONS] FILE...     (ingest summaries only)

OPTIONS:
  --as-of YYYY-MM-DD     analysis date (default: the latest order date)
  --config FILE          report config JSON (spec/api.md); --as-of overrides its as_of
  --encoding LABEL       force an encoding for every file (gbk, utf-8, utf-16le, …)
  --kind KIND            force the kind (orders, customers, interest, calls, tickets)
  --platform NAME        force the platform (taobao, jd, pinduoduo, shopify, woocommerce, generic)
  --budget BYTES         refuse input that would need more memory than this
  -h, --help             this text

Exit status: 0 report printed; 3 report printed but some file could not be read (see stderr
and inputs[].error); 2 usage or config error.";

struct Args {
    cmd: String,
    files: Vec<String>,
    as_of: Option<String>,
    config: Option<String>,
    options: FileOptions,
    budget: Option<u64>,
    selector: MemberSelector,
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
        selector: MemberSelector { segment: None, tag: None, lifecycle: None },
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
            Long("segment") => a.selector.segment = Some(val(&mut p)?),
            Long("tag") => a.selector.tag = Some(val(&mut p)?),
            Long("lifecycle") => a.selector.lifecycle = Some(val(&mut p)?),
            Value(v) if a.cmd.is_empty() => a.cmd = v.into_string().map_err(|_| "not UTF-8".to_string())?,
            Value(v) => a.files.push(v.into_string().map_err(|_| "file name is not UTF-8".to_string())?),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if !matches!(a.cmd.as_str(), "report" | "members" | "inspect") {
        return Err(if a.cmd.is_empty() { "no command".to_string() } else { format!("unknown command {:?}", a.cmd) });
    }
    if a.files.is_empty() {
        return Err("no input files".to_string());
    }
    Ok(a)
}

fn read_into(ws: &mut Workspace, path: &str) -> Result<(), Error> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Err(Error::UnknownFile(format!("{path}: {e}"))),
    };
    let size = f.metadata().ok().map(|m| m.len());
    let name = display_name(path);
    ws.begin_file(&name, size)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                if let Err(e) = ws.push(buf.get(..n).unwrap_or(&[])) {
                    ws.abort_file();
                    return Err(e);
                }
            }
            Err(e) => {
                ws.abort_file();
                return Err(Error::UnknownFile(format!("{path}: {e}")));
            }
        }
    }
    ws.finish_file().map(|_| ())
}

/// The name a file goes by in the report: its base name, as the page shows a dropped file.
fn display_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn main() -> ExitCode {
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
    let mut config = match &a.config {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| Error::Config(format!("{path}: {e}")))
            .and_then(|t| ReportConfig::from_json(&t))
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => ReportConfig::default(),
    };
    if a.as_of.is_some() {
        config.as_of = a.as_of.clone();
    }
    let mut ws = Workspace::new();
    ws.set_budget(a.budget);
    let mut failed = false;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if a.files.len() > 1 && threads > 1 && a.budget.is_none() {
        // Each file on its own thread, into its own workspace; then taken in, in the order given,
        // which makes every id and every output what reading them one by one gives. (With a
        // budget the files are read one by one, so the budget sees them all.)
        let read: Vec<(Workspace, Result<(), Error>)> = std::thread::scope(|s| {
            let jobs: Vec<_> = a
                .files
                .iter()
                .map(|path| {
                    let opts = a.options.clone();
                    let read = move || {
                        let mut w = Workspace::new();
                        w.set_options(&display_name(path), opts);
                        let r = read_into(&mut w, path);
                        (w, r)
                    };
                    // the main thread's stack size, for the same depth of nested input
                    std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, read)
                })
                .collect();
            let lost = || (Workspace::new(), Err(Error::Sequence("a reader thread could not run".into())));
            jobs.into_iter().map(|j| j.ok().and_then(|j| j.join().ok()).unwrap_or_else(lost)).collect()
        });
        for (w, r) in read {
            if let Err(e) = r {
                eprintln!("error [{}]: {e}", e.code());
                failed = true;
            }
            ws.absorb(w);
        }
    } else {
        for path in &a.files {
            ws.set_options(&display_name(path), a.options.clone());
            if let Err(e) = read_into(&mut ws, path) {
                eprintln!("error [{}]: {e}", e.code());
                failed = true;
            }
        }
    }
    let out = match a.cmd.as_str() {
        "inspect" => Ok(serde_json::to_string_pretty(&ws.files()).unwrap_or_default()),
        "members" => ws.members_csv(&config, &a.selector),
        _ => ws.report_json(&config),
    };
    match out {
        Ok(text) => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(text.as_bytes());
            if !text.ends_with('\n') && a.cmd != "members" {
                let _ = so.write_all(b"\n");
            }
            if failed {
                ExitCode::from(3)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            ExitCode::from(2)
        }
    }
}

//! The command line: the usage text, the options, and their checks.

use customer_insights::config::{Audience, Screening};
use customer_insights::{CsvOptions, FileOptions, Kind, Lang, MemberSelector, Platform};

pub const USAGE: &str = "\
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

/// The parsed command line.
pub struct Args {
    pub cmd: String,
    pub files: Vec<String>,
    pub as_of: Option<String>,
    pub config: Option<String>,
    pub options: FileOptions,
    pub budget: Option<u64>,
    pub threads: Option<usize>,
    pub verbose: bool,
    pub selector: MemberSelector,
    pub csv: CsvOptions,
    pub key: Option<String>,
    pub xlsx: bool,
    pub out: Option<String>,
    pub dialect: Option<customer_insights::warehouse::sql::Dialect>,
    pub input: Option<String>,
    pub output: Option<String>,
    pub from_aggregates: Option<String>,
}

fn val(p: &mut lexopt::Parser) -> Result<String, String> {
    p.value().map_err(|e| e.to_string())?.into_string().map_err(|_| "not UTF-8".to_string())
}

pub fn parse() -> Result<Args, String> {
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

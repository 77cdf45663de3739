//! The `sample` subcommand's options (lexopt, as the rest of the CLI).

use super::{generate, Encoding, Options};
use chrono::NaiveDate;
use std::ffi::OsString;

/// The subcommand's help text.
pub const USAGE: &str = "\
customer-insights sample — writes a synthetic shop's exports (Taobao 订单报表, CRM customers,
favourites/add-to-cart events, Shopify orders, outbound calls, after-sales tickets)

USAGE:
  customer-insights sample --rows N --out DIR [OPTIONS]

OPTIONS:
  --rows N               Taobao orders, one row each (default 100000)
  --out DIR              output folder (created; files are overwritten)
  --seed S               random seed (default 42); same options and seed: same bytes
  --customers N          customer universe, buyers and the merely interested (default 0.8 × rows)
  --as-of YYYY-MM-DD     last day of data (default 2024-12-31)
  --days N               days of history, the as-of day included (default 731)
  --messy L              0 clean (default); 1, 2, … more dirt: blank and duplicate rows, bad amounts
                         and dates, missing buyers, province spellings, a cut last line, and at L ≥ 2
                         a repeated header
  --encoding E           Chinese files: gbk (default), utf8, utf8-bom, or utf16 (Excel's
                         \"Unicode text\": UTF-16LE, tab-separated, .txt); Shopify is always UTF-8
  --only LIST            some of taobao,crm,events,shopify,calls,tickets (default all)
  --shopify-orders N     Shopify orders (default rows / 10)
  --calls N              outbound calls (default rows / 20)
  --full-phones          unmasked mobiles in the customer list and the call log
  -q, --quiet            no summary on stdout
  -h, --help             this text

Prints a JSON summary (rows per file, injected dirt, orders by status, seconds) on stdout.";

fn num<T: std::str::FromStr>(p: &mut lexopt::Parser, flag: &str) -> Result<T, String> {
    let v = p.value().map_err(|e| e.to_string())?;
    let s = v.to_str().ok_or(format!("{flag}: not UTF-8"))?;
    s.replace('_', "").parse().map_err(|_| format!("{flag} takes a number, not {s:?}"))
}

/// Parses the arguments after `sample`; `Ok(None)` for `--help`.
pub fn parse(args: Vec<OsString>) -> Result<Option<(Options, bool)>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut o = Options::default();
    let mut quiet = false;
    let mut out = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("rows") => o.rows = num(&mut p, "--rows")?,
            Long("out") => out = Some(p.value().map_err(|e| e.to_string())?),
            Long("seed") => o.seed = num(&mut p, "--seed")?,
            Long("customers") => o.customers = Some(num(&mut p, "--customers")?),
            Long("as-of") => {
                let s: String = num(&mut p, "--as-of")?;
                o.as_of =
                    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| format!("--as-of: not a date: {s:?}"))?;
            }
            Long("days") => o.days = num(&mut p, "--days")?,
            Long("messy") => o.messy = num(&mut p, "--messy")?,
            Long("encoding") => {
                let s: String = num(&mut p, "--encoding")?;
                o.encoding =
                    Encoding::parse(&s).ok_or(format!("--encoding: gbk, utf8, utf8-bom or utf16, not {s:?}"))?;
            }
            Long("only") => {
                let s: String = num(&mut p, "--only")?;
                o.only = s.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect();
            }
            Long("shopify-orders") => o.shopify_orders = Some(num(&mut p, "--shopify-orders")?),
            Long("calls") => o.calls = Some(num(&mut p, "--calls")?),
            Long("full-phones") => o.full_phones = true,
            Short('q') | Long("quiet") => quiet = true,
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    o.out = out.ok_or("--out DIR is required")?.into();
    o.check()?;
    Ok(Some((o, quiet)))
}

/// Runs `customer-insights sample ARGS`: 0 done, 2 usage error, 1 the files could not be written.
pub fn run(args: Vec<OsString>) -> u8 {
    let (o, quiet) = match parse(args) {
        Ok(Some(x)) => x,
        Ok(None) => {
            println!("{USAGE}");
            return 0;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return 2;
        }
    };
    match generate(&o) {
        Ok(s) => {
            if !quiet {
                use std::io::Write;
                let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn options_parse_and_check() {
        let (o, q) = parse(args("--rows 1_000 --out x --seed 7 --messy 2 --encoding utf16 --only taobao,events -q"))
            .unwrap()
            .unwrap();
        assert_eq!((o.rows, o.seed, o.messy, o.encoding, q), (1000, 7, 2, Encoding::Utf16, true));
        assert!(o.wants("events") && !o.wants("crm"));
        assert_eq!(o.customer_count(), 800);
        assert!(parse(args("--rows 10")).is_err());
        assert!(parse(args("--out x --only taobao,nope")).is_err());
        assert!(parse(args("--out x --as-of 2024-13-01")).is_err());
        assert!(parse(args("--help")).unwrap().is_none());
    }
}

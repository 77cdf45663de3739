//! The warehouse path, step 2 (issue 21): the SQL that reduces the canonical tables
//! [`normalize`](super) wrote to the aggregates the report is finished from
//! ([`finish`](super::finish)), for DuckDB or Spark. It is generated from the same settings
//! the report uses (as_of, the conversion window, the periods' length: what the interest
//! pass depends on), never kept by hand beside them.
//!
//! What the SQL computes is what the engine's own passes over the rows compute
//! ([`order_part`](crate::metrics::context::order_part), [`Events::new`](crate::metrics::events::Events::new)),
//! with the same rules: files in the order of their names, orders deduplicated across files
//! (first file wins), a customer's region from the latest valid order (ties: the larger order
//! key), the latest interest event with a province (ties: the later row), the trend periods
//! of [`Windows`](crate::metrics::timeline::Windows). The aggregates are listed in
//! [`AGGREGATES`]; the report's sections are then the engine's, over them.

use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::model::Kind;

/// The SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (`duckdb < q.sql`, or the Python package's `execute` of each statement).
    Duckdb,
    /// Spark SQL (`spark-sql -f q.sql`, or `spark.sql` of each statement).
    Spark,
}

impl Dialect {
    /// The dialect of its name.
    pub fn parse(s: &str) -> Option<Dialect> {
        match s {
            "duckdb" => Some(Dialect::Duckdb),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }
}

/// One aggregate the SQL writes, as a folder of Parquet files under the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aggregate {
    /// Its folder's name.
    pub name: &'static str,
    /// What one row is, and its columns (the README's words).
    pub meaning: &'static str,
}

/// Every aggregate, in the order the SQL writes them.
pub const AGGREGATES: [Aggregate; 11] = [
    Aggregate {
        name: "files",
        meaning: "one row per input file: `name`, `rank` (its place in the order of names, from 0), `manifest` (the text of its JSON from `normalize`)",
    },
    Aggregate {
        name: "facts",
        meaning: "one row: `format`; the settings the aggregates were made for (`as_of` as a day number, null when nothing is dated; `conversion_days`, `periods_days`); `order_rows`, `distinct_orders`, `orders_after_as_of`; `cart`, `favorite_item`, `favorite_shop`, `other`: interest events in the conversion window by action",
    },
    Aggregate {
        name: "keys",
        meaning: "one row per customer key any row names: `customer_id` (from 0, in the order the key was first seen: file rank, then row place, as the engine numbers customers; the other aggregates name customers by it), `customer_key`",
    },
    Aggregate {
        name: "buyers",
        meaning: "one row per customer with a valid order on or before as_of: `customer_id`, `orders`, `revenue` (cents), `items`, `first_day`, `last_day`, `region` (of the latest valid order)",
    },
    Aggregate {
        name: "sales",
        meaning: "one row per customer (null: orders without a key) and day with valid orders on or before as_of: `customer_id`, `day`, `orders`, `revenue`",
    },
    Aggregate {
        name: "interested",
        meaning: "one row per customer with an interest event on or before as_of: `customer_id`, `first_day`, `last_day`, `region` (of the latest event with a province), `actions` (bit per action in the conversion window), `day_bits`, `week_bits`, `month_bits` (bit k: an event in the trend window's period k), `periods` (1 current, 2 previous period)",
    },
    Aggregate {
        name: "linked_orders",
        meaning: "the valid orders on or before as_of (deduplicated) that a call's customer or a ticket's order id names: `rank`, `seq`, `order_key`, `customer_id`, `created_us`",
    },
    Aggregate { name: "customers", meaning: "the customers table's rows (dates as day numbers, `customer_id` for the key)" },
    Aggregate { name: "calls", meaning: "the calls table's rows (times as microseconds, `customer_id` for the key)" },
    Aggregate { name: "tickets", meaning: "the tickets table's rows (times as microseconds)" },
    Aggregate { name: "done", meaning: "one row, written last: the aggregates are complete" },
];

/// The format version of the aggregates.
pub const FORMAT: i64 = 1;

/// What the SQL is made for.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The dialect.
    pub dialect: Dialect,
    /// The folder `normalize` wrote (as the engine will see it: a local path, `s3://…`).
    pub input: String,
    /// The folder to write the aggregates into.
    pub output: String,
    /// The canonical tables there are (a table no file gave has no folder to read).
    pub tables: Vec<Kind>,
    /// as_of as a day number (None: the latest order date, as the report's default).
    pub as_of: Option<i64>,
    /// The conversion window (`windows.conversion_days`).
    pub conversion_days: i64,
    /// The periods' length (`periods.days`).
    pub periods_days: i64,
}

impl Plan {
    /// The plan of `config`'s settings over the folder `input` (the tables with a Parquet file
    /// there; a folder that is not local, `s3://…`, is taken to hold all five).
    pub fn of(dialect: Dialect, input: &str, output: &str, config: &ReportConfig) -> Result<Plan> {
        let as_of = crate::metrics::context::config_as_of(config)?;
        let (conversion_days, periods_days) = crate::metrics::context::pass_windows(config)?;
        let tables = if input.contains("://") {
            Kind::ALL.to_vec()
        } else {
            let dir = std::path::Path::new(input);
            if !dir.join(super::FILES_DIR).is_dir() {
                return Err(Error::Io {
                    file: input.to_string(),
                    message: "not a folder normalize wrote (no files/ in it)".to_string(),
                });
            }
            let has_parquet = |k: &Kind| {
                std::fs::read_dir(dir.join(k.as_str())).is_ok_and(|mut d| {
                    d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".parquet")))
                })
            };
            Kind::ALL.into_iter().filter(has_parquet).collect()
        };
        Ok(Plan {
            dialect,
            input: input.to_string(),
            output: output.to_string(),
            tables,
            as_of,
            conversion_days,
            periods_days,
        })
    }
}

impl Dialect {
    /// A canonical table's rows.
    fn read(self, folder: &str) -> String {
        match self {
            Dialect::Duckdb => format!("read_parquet('{}/*.parquet')", esc(folder)),
            Dialect::Spark => format!("parquet.`{}`", folder.replace('`', "``")),
        }
    }

    /// The day number of a timestamp (of the shop's wall clock).
    fn day(self, t: &str) -> String {
        match self {
            Dialect::Duckdb => format!("datediff('day', DATE '1970-01-01', CAST({t} AS DATE))"),
            Dialect::Spark => format!("unix_date(CAST({t} AS DATE))"),
        }
    }

    /// Microseconds since 1970 of a timestamp of the wall clock.
    fn micros(self, t: &str) -> String {
        match self {
            Dialect::Duckdb => format!("epoch_us({t})"),
            Dialect::Spark => format!("timestampdiff(MICROSECOND, TIMESTAMP_NTZ '1970-01-01 00:00:00', {t})"),
        }
    }

    /// The day number of a date.
    fn date_day(self, d: &str) -> String {
        match self {
            Dialect::Duckdb => format!("datediff('day', DATE '1970-01-01', {d})"),
            Dialect::Spark => format!("unix_date({d})"),
        }
    }

    /// Months since year 0 of a day number.
    fn month(self, day: &str) -> String {
        let d = match self {
            Dialect::Duckdb => format!("(DATE '1970-01-01' + CAST({day} AS INTEGER))"),
            Dialect::Spark => format!("date_add(DATE '1970-01-01', CAST({day} AS INT))"),
        };
        format!("(year({d}) * 12 + month({d}) - 1)")
    }

    /// `1 << k` as a 64-bit integer.
    fn bit(self, k: &str) -> String {
        match self {
            Dialect::Duckdb => format!("(CAST(1 AS BIGINT) << CAST({k} AS INTEGER))"),
            Dialect::Spark => format!("shiftleft(CAST(1 AS BIGINT), CAST({k} AS INT))"),
        }
    }

    /// Integer division of non-negative integers.
    fn div(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Duckdb => format!("({a} // {b})"),
            Dialect::Spark => format!("({a} div {b})"),
        }
    }

    /// A table kept for the statements after it.
    fn keep(self, name: &str, query: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CREATE OR REPLACE TEMP TABLE {name} AS\n{query};\n"),
            // (a view replaced, then cached: the SQL runs again in one session)
            Dialect::Spark => format!("CREATE OR REPLACE TEMPORARY VIEW {name} AS\n{query};\nCACHE TABLE {name};\n"),
        }
    }

    /// A query's rows written as Parquet into a folder.
    fn write(self, folder: &str, query: &str) -> String {
        match self {
            Dialect::Duckdb => format!(
                "COPY (\n{query}\n) TO '{}' (FORMAT parquet, PER_THREAD_OUTPUT true, OVERWRITE_OR_IGNORE true);\n",
                esc(folder)
            ),
            Dialect::Spark => {
                format!("INSERT OVERWRITE DIRECTORY '{}' USING parquet\n{query};\n", esc(folder))
            }
        }
    }

    /// The files' JSON texts, with their text as `manifest`.
    fn manifests(self, folder: &str) -> String {
        match self {
            Dialect::Duckdb => format!("SELECT content AS manifest FROM read_text('{}/*.json')", esc(folder)),
            Dialect::Spark => "SELECT value AS manifest FROM ci_manifest_text".to_string(),
        }
    }

    /// A text field of a JSON text.
    fn json_text(self, json: &str, field: &str) -> String {
        match self {
            Dialect::Duckdb => format!("json_extract_string({json}, '$.{field}')"),
            Dialect::Spark => format!("get_json_object({json}, '$.{field}')"),
        }
    }
}

/// A text in single quotes.
fn esc(s: &str) -> String {
    s.replace('\'', "''")
}

/// The SQL of `plan`: statements separated by `;` and a line end, each runnable on its own.
pub fn generate(plan: &Plan) -> String {
    let d = plan.dialect;
    let has = |k: Kind| plan.tables.contains(&k);
    let (input, output) = (plan.input.trim_end_matches('/'), plan.output.trim_end_matches('/'));
    let table = |k: Kind| d.read(&format!("{input}/{}", k.as_str()));
    let out = |name: &str| format!("{output}/{name}");
    let mut q = String::new();
    q.push_str(&format!(
        "-- customer-insights sql --dialect {}: the aggregates of {input} into {output}\n\
         -- (generated for as_of {}, windows.conversion_days {}, periods.days {}; \
         `customer-insights report --from-aggregates {output}` finishes the report)\n",
        match d {
            Dialect::Duckdb => "duckdb",
            Dialect::Spark => "spark",
        },
        plan.as_of.map_or_else(|| "= the latest order date".to_string(), crate::metrics::day_text),
        plan.conversion_days,
        plan.periods_days,
    ));
    if d == Dialect::Spark {
        q.push_str("SET spark.sql.session.timeZone = UTC;\n");
        q.push_str(&format!(
            "CREATE OR REPLACE TEMPORARY VIEW ci_manifest_text USING text OPTIONS (path '{}', wholetext 'true');\n",
            esc(&format!("{input}/files"))
        ));
    }
    // the files, in the order of their names
    q.push_str(&d.keep(
        "ci_files",
        &format!(
            "SELECT {name} AS name, CAST(row_number() OVER (ORDER BY {name}) - 1 AS BIGINT) AS rank, manifest\n\
             FROM ({m}) AS t",
            name = d.json_text("manifest", "name"),
            m = d.manifests(&format!("{input}/files")),
        ),
    ));
    // every order row, its file's rank and its day; then the first file's row of each order
    let orders = has(Kind::Orders);
    if orders {
        q.push_str(&d.keep(
            "ci_order_rows",
            &format!(
                "SELECT f.rank, o.seq, o.order_key, o.customer_key, o.created, {day} AS day, o.revenue_cents, o.items, \
                 o.region, o.valid\nFROM {t} AS o JOIN ci_files AS f ON o.file = f.name",
                day = d.day("o.created"),
                t = table(Kind::Orders),
            ),
        ));
        q.push_str(&d.keep(
            "ci_orders",
            "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY order_key ORDER BY rank, seq) AS nth \
             FROM ci_order_rows) AS t WHERE nth = 1",
        ));
    }
    let interest = has(Kind::Interest);
    if interest {
        q.push_str(&d.keep(
            "ci_events",
            &format!(
                "SELECT f.rank, e.seq, e.customer_key, e.time, {day} AS day, e.region, \
                 CASE e.action WHEN 'cart' THEN 0 WHEN 'favorite_item' THEN 1 WHEN 'favorite_shop' THEN 2 ELSE 3 END AS action\n\
                 FROM {t} AS e JOIN ci_files AS f ON e.file = f.name",
                day = d.day("e.time"),
                t = table(Kind::Interest),
            ),
        ));
    }
    // as_of: given, or the latest order date (without orders: the latest date of any row)
    let as_of = match plan.as_of {
        Some(day) => format!("CAST({day} AS BIGINT)"),
        None => {
            let mut others = Vec::new();
            if interest {
                others.push("SELECT day FROM ci_events".to_string());
            }
            if has(Kind::Calls) {
                others.push(format!("SELECT {} AS day FROM {}", d.day("time"), table(Kind::Calls)));
            }
            if has(Kind::Tickets) {
                others.push(format!("SELECT {} AS day FROM {}", d.day("created"), table(Kind::Tickets)));
            }
            let other = if others.is_empty() {
                "CAST(NULL AS BIGINT)".to_string()
            } else {
                format!("(SELECT CAST(max(day) AS BIGINT) FROM ({}) AS t)", others.join(" UNION ALL "))
            };
            let first =
                if orders { "(SELECT CAST(max(day) AS BIGINT) FROM ci_order_rows)" } else { "CAST(NULL AS BIGINT)" };
            format!("coalesce({first}, {other})")
        }
    };
    q.push_str(&d.keep("ci_day", &format!("SELECT {as_of} AS as_of")));
    q.push_str(&d.keep(
        "ci_as_of",
        &format!(
            "SELECT as_of, {} - 23 AS month0, as_of - ((as_of + 3) % 7 + 7) % 7 AS monday FROM ci_day",
            d.month("as_of")
        ),
    ));
    let (conv, pd) = (plan.conversion_days, plan.periods_days);
    // the valid orders on or before as_of
    if orders {
        q.push_str(&d.keep(
            "ci_valid",
            "SELECT o.* FROM ci_orders AS o CROSS JOIN ci_as_of AS a WHERE o.valid AND o.day <= a.as_of",
        ));
    }
    // facts
    let count = |from: &str| format!("(SELECT CAST(count(*) AS BIGINT) FROM {from})");
    let (rows, distinct, after) = if orders {
        (
            count("ci_order_rows"),
            count("ci_orders"),
            count("ci_orders AS o CROSS JOIN ci_as_of AS a WHERE o.day > a.as_of"),
        )
    } else {
        ("CAST(0 AS BIGINT)".into(), "CAST(0 AS BIGINT)".into(), "CAST(0 AS BIGINT)".into())
    };
    let window = |action: u8| {
        if interest {
            count(&format!(
                "ci_events AS e CROSS JOIN ci_as_of AS a WHERE e.action = {action} AND a.as_of - e.day >= 0 AND a.as_of - e.day < {conv}"
            ))
        } else {
            "CAST(0 AS BIGINT)".into()
        }
    };
    q.push_str(&d.write(
        &out("facts"),
        &format!(
            "SELECT CAST({FORMAT} AS BIGINT) AS format, a.as_of, CAST({conv} AS BIGINT) AS conversion_days, \
             CAST({pd} AS BIGINT) AS periods_days,\n  {rows} AS order_rows, {distinct} AS distinct_orders, \
             {after} AS orders_after_as_of,\n  {} AS cart, {} AS favorite_item, {} AS favorite_shop, {} AS other\n\
             FROM ci_as_of AS a",
            window(0),
            window(1),
            window(2),
            window(3),
        ),
    ));
    q.push_str(&d.write(&out("files"), "SELECT name, rank, manifest FROM ci_files"));
    // every customer key, with where it was first seen
    let mut seen = Vec::new();
    if orders {
        seen.push("SELECT customer_key, rank, seq FROM ci_order_rows".to_string());
    }
    if interest {
        seen.push("SELECT customer_key, rank, seq FROM ci_events".to_string());
    }
    for k in [Kind::Customers, Kind::Calls] {
        if has(k) {
            seen.push(format!(
                "SELECT t.customer_key, f.rank, t.seq FROM {} AS t JOIN ci_files AS f ON t.file = f.name",
                table(k)
            ));
        }
    }
    if seen.is_empty() {
        seen.push(
            "SELECT CAST(NULL AS STRING) AS customer_key, CAST(0 AS BIGINT) AS rank, CAST(0 AS BIGINT) AS seq".into(),
        );
    }
    q.push_str(&d.keep(
        "ci_keys",
        &format!(
            "SELECT customer_key, CAST(row_number() OVER (ORDER BY first_seen) - 1 AS BIGINT) AS customer_id\n\
             FROM (SELECT customer_key, min(rank * 4294967296 + seq) AS first_seen\nFROM ({}) AS t\n\
             WHERE customer_key IS NOT NULL GROUP BY customer_key) AS t",
            seen.join("\nUNION ALL ")
        ),
    ));
    q.push_str(&d.write(&out("keys"), "SELECT customer_id, customer_key FROM ci_keys"));
    if orders {
        q.push_str(&d.write(
            &out("buyers"),
            "SELECT k.customer_id, b.orders, b.revenue, b.items, b.first_day, b.last_day, l.region\n\
             FROM (SELECT customer_key, CAST(count(*) AS BIGINT) AS orders, CAST(sum(revenue_cents) AS BIGINT) AS revenue,\n\
               CAST(sum(items) AS BIGINT) AS items, min(day) AS first_day, max(day) AS last_day\n\
               FROM ci_valid WHERE customer_key IS NOT NULL GROUP BY customer_key) AS b\n\
             JOIN (SELECT customer_key, region FROM (SELECT customer_key, region,\n\
               row_number() OVER (PARTITION BY customer_key ORDER BY created DESC, order_key DESC) AS nth\n\
               FROM ci_valid WHERE customer_key IS NOT NULL) AS t WHERE nth = 1) AS l\n\
             ON b.customer_key = l.customer_key JOIN ci_keys AS k ON b.customer_key = k.customer_key",
        ));
        q.push_str(&d.write(
            &out("sales"),
            "SELECT k.customer_id, s.day, s.orders, s.revenue\n\
             FROM (SELECT customer_key, day, CAST(count(*) AS BIGINT) AS orders, CAST(sum(revenue_cents) AS BIGINT) AS revenue\n\
             FROM ci_valid GROUP BY customer_key, day) AS s LEFT JOIN ci_keys AS k ON s.customer_key = k.customer_key",
        ));
    }
    if interest {
        let ago = "(a.as_of - e.day)";
        let week = d.div("(a.monday - (e.day - ((e.day + 3) % 7 + 7) % 7))", "7");
        let month = format!("({} - a.month0)", d.month("e.day"));
        let bits = |cond: String, k: String| format!("coalesce(bit_or(CASE WHEN {cond} THEN {} END), 0)", d.bit(&k));
        q.push_str(&d.write(
            &out("interested"),
            &format!(
                "SELECT k.customer_id, b.first_day, b.last_day, l.region, b.actions, b.day_bits, b.week_bits, \
                 b.month_bits, b.periods\n\
                 FROM (SELECT e.customer_key, min(e.day) AS first_day, max(e.day) AS last_day,\n  \
                   {actions} AS actions,\n  {days} AS day_bits,\n  {weeks} AS week_bits,\n  {months} AS month_bits,\n  \
                   coalesce(bit_or(CASE WHEN {ago} < {pd} THEN 1 WHEN {ago} < {pd2} THEN 2 END), 0) AS periods\n  \
                   FROM ci_events AS e CROSS JOIN ci_as_of AS a\n  \
                   WHERE e.customer_key IS NOT NULL AND e.day <= a.as_of GROUP BY e.customer_key) AS b\n\
                 LEFT JOIN (SELECT customer_key, region FROM (SELECT e.customer_key, e.region,\n  \
                   row_number() OVER (PARTITION BY e.customer_key ORDER BY e.time DESC, e.rank DESC, e.seq DESC) AS nth\n  \
                   FROM ci_events AS e CROSS JOIN ci_as_of AS a\n  \
                   WHERE e.customer_key IS NOT NULL AND e.region IS NOT NULL AND e.day <= a.as_of) AS t WHERE nth = 1) AS l\n\
                 ON b.customer_key = l.customer_key JOIN ci_keys AS k ON b.customer_key = k.customer_key",
                actions = bits(format!("{ago} < {conv}"), "e.action".into()),
                days = bits(format!("{ago} < 30"), format!("29 - {ago}")),
                weeks = bits(format!("{week} <= 25"), format!("25 - {week}")),
                months = bits(format!("{month} >= 0"), month.clone()),
                pd2 = 2 * pd,
            ),
        ));
    }
    // the orders the calls' verification and the tickets' links read one by one
    let mut named = Vec::new();
    if has(Kind::Calls) {
        named.push(format!(
            "o.customer_key IN (SELECT c.customer_key FROM {} AS c CROSS JOIN ci_as_of AS a \
             WHERE c.customer_key LIKE 'n:%' AND {} <= a.as_of)",
            table(Kind::Calls),
            d.day("c.time"),
        ));
    }
    if has(Kind::Tickets) {
        named.push(format!(
            "o.order_key IN (SELECT k.order_key FROM {} AS k CROSS JOIN ci_as_of AS a \
             WHERE k.order_key IS NOT NULL AND {} <= a.as_of)",
            table(Kind::Tickets),
            d.day("k.created"),
        ));
    }
    if orders && !named.is_empty() {
        q.push_str(&d.write(
            &out("linked_orders"),
            &format!(
                "SELECT o.rank, o.seq, o.order_key, k.customer_id, {} AS created_us\n\
                 FROM ci_valid AS o LEFT JOIN ci_keys AS k ON o.customer_key = k.customer_key\nWHERE {}",
                d.micros("o.created"),
                named.join("\n   OR ")
            ),
        ));
    }
    // the rows that pass as they are
    let passed = [
        (
            Kind::Customers,
            format!(
                "t.row, k.customer_id, t.gender, t.age, {} AS birth, t.region, t.member_level, t.source, t.tags, t.cells",
                d.date_day("t.birth")
            ),
        ),
        (
            Kind::Calls,
            format!(
                "t.row, k.customer_id, t.agent, t.task, t.phone, {} AS time_us, t.duration_seconds, t.connected, \
                 t.ordered",
                d.micros("t.time")
            ),
        ),
        (
            Kind::Tickets,
            format!(
                "t.ticket_type, t.channel, {} AS created_us, {} AS first_response_us, {} AS resolved_us, \
                 t.is_resolved, t.satisfaction, t.buyer, t.order_key",
                d.micros("t.created"),
                d.micros("t.first_response"),
                d.micros("t.resolved")
            ),
        ),
    ];
    for (k, columns) in passed.iter().filter(|(k, _)| has(*k)) {
        q.push_str(&d.write(
            &out(k.as_str()),
            &format!(
                "SELECT f.rank, t.seq, {columns}\nFROM {} AS t JOIN ci_files AS f ON t.file = f.name{}",
                table(*k),
                if *k == Kind::Tickets { "" } else { "\nLEFT JOIN ci_keys AS k ON t.customer_key = k.customer_key" }
            ),
        ));
    }
    q.push_str(&d.write(&out("done"), &format!("SELECT CAST({FORMAT} AS BIGINT) AS format")));
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(dialect: Dialect, tables: Vec<Kind>) -> Plan {
        Plan {
            dialect,
            input: "/in".into(),
            output: "/out/".into(),
            tables,
            as_of: None,
            conversion_days: 30,
            periods_days: 30,
        }
    }

    #[test]
    fn only_the_tables_there_are_are_read_and_done_comes_last() {
        let q = generate(&plan(Dialect::Duckdb, vec![Kind::Orders]));
        assert!(q.contains("read_parquet('/in/orders/*.parquet')"));
        assert!(!q.contains("/in/interest") && !q.contains("/in/calls") && !q.contains("linked_orders"));
        assert!(q
            .trim_end()
            .ends_with("TO '/out/done' (FORMAT parquet, PER_THREAD_OUTPUT true, OVERWRITE_OR_IGNORE true);"));
        let all = generate(&plan(Dialect::Spark, Kind::ALL.to_vec()));
        for a in AGGREGATES {
            assert!(all.contains(&format!("INSERT OVERWRITE DIRECTORY '/out/{}' USING parquet", a.name)), "{}", a.name);
        }
        assert!(all.contains("parquet.`/in/interest`"));
    }

    #[test]
    fn the_settings_are_in_the_sql() {
        let mut p = plan(Dialect::Duckdb, Kind::ALL.to_vec());
        p.as_of = Some(20_000);
        p.conversion_days = 14;
        let q = generate(&p);
        assert!(q.contains("SELECT CAST(20000 AS BIGINT) AS as_of"));
        assert!(q.contains("< 14") && q.contains("CAST(14 AS BIGINT) AS conversion_days"));
    }
}

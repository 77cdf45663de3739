//! Rule-based tags: conditions over customer fields joined by AND (`all`) or OR (`any`).
//! A condition on a value the customer does not have (no age, no member level) is false.

use super::analysis::Analysis;
use super::lifecycle::{stage, STAGES};
use super::migration::{self, Before};
use super::prediction::Prediction;
use super::rfm::Scores;
use super::{labels, money, parse_day, Context, Dims};
use crate::config::{Condition, Field, Match, Op, TagConfig};
use crate::error::{Error, Result};
use crate::ingest::values;
use crate::report::TagRow;
use serde_json::Value;

/// At most this many tags per analysis.
pub const MAX_TAGS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Ty {
    Num,
    Date,
    Text,
    Tag,
}

fn ty(field: Field) -> Ty {
    use Field::*;
    match field {
        Orders | Revenue | Items | RecencyDays | Age | RScore | FScore | MScore | MemberLevel | Tickets
        | Complaints | PAlive | ExpectedOrders90d | ExpectedOrderValue | PredictedRevenue365d => Ty::Num,
        FirstOrder | LastOrder => Ty::Date,
        Region | Gender | Source | Lifecycle | RfmSegment | AgeBand | Customer | LifecycleBefore | RfmSegmentBefore => {
            Ty::Text
        }
        Tag => Ty::Tag,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum V {
    Num(f64),
    Text(String),
}

/// A checked condition.
#[derive(Debug, Clone)]
struct Cond {
    field: Field,
    op: Op,
    values: Vec<V>,
    tag_index: Option<usize>,
}

/// Members of each tag, aligned with `Context::customers`.
#[derive(Debug, Clone, Default)]
pub struct TagSets {
    /// (name, membership per customer)
    pub tags: Vec<(String, Vec<bool>)>,
}

fn num_of(field: Field, v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if field == Field::MemberLevel => {
            let u = s.trim().to_ascii_uppercase();
            u.trim_start_matches("VIP").trim_start_matches('V').parse().ok().or(if s.contains("普通") {
                Some(0.0)
            } else {
                None
            })
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text_of(field: Field, v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(match field {
        Field::Region => values::normalize_province(&s).map(str::to_string).unwrap_or(s),
        Field::Gender => values::parse_gender(&s).key().to_string(),
        // the operator's words for the codes: 沉睡, 重要价值客户, 未知
        Field::Lifecycle | Field::LifecycleBefore => labels::stage_code(&s).map(str::to_string).unwrap_or(s),
        Field::RfmSegment | Field::RfmSegmentBefore => labels::segment_code(&s).to_string(),
        Field::AgeBand if s == "未知" => "unknown".to_string(),
        _ => s,
    })
}

fn check(tag: &str, i: usize, c: &Condition, earlier: &[String], dims: &Dims<'_>) -> Result<Cond> {
    let err = |m: String| Error::Config(format!("tags[{tag:?}].conditions[{i}]: {m}"));
    let t = ty(c.field);
    let ops: &[Op] = match t {
        Ty::Num | Ty::Date => Op::ALL,
        Ty::Text => &[Op::Eq, Op::Ne, Op::In],
        Ty::Tag => &[Op::Eq, Op::Ne],
    };
    if !ops.contains(&c.op) {
        let names: Vec<&str> = ops.iter().map(|o| o.as_str()).collect();
        return Err(err(format!(
            "operator {:?} does not apply to {} (use one of {})",
            c.op.as_str(),
            c.field,
            names.join(" ")
        )));
    }
    let raw: Vec<&Value> = match (c.op, &c.value) {
        (Op::In, Value::Array(a)) if !a.is_empty() => a.iter().collect(),
        (Op::Between, Value::Array(a)) if a.len() == 2 => a.iter().collect(),
        (Op::In, _) => return Err(err("\"in\" takes a non-empty list".to_string())),
        (Op::Between, _) => return Err(err("\"between\" takes a pair [low, high]".to_string())),
        (_, v) => vec![v],
    };
    let mut vals = Vec::new();
    for v in raw {
        let parsed = match t {
            Ty::Num => num_of(c.field, v).map(V::Num),
            Ty::Date => v.as_str().and_then(parse_day).map(|d| V::Num(d as f64)),
            Ty::Text | Ty::Tag => text_of(c.field, v).map(V::Text),
        };
        vals.push(parsed.ok_or_else(|| {
            err(format!(
                "value {v} does not fit field {} ({})",
                c.field,
                match t {
                    Ty::Num => "a number",
                    Ty::Date => "a date YYYY-MM-DD",
                    _ => "a text",
                }
            ))
        })?);
    }
    let mut tag_index = None;
    if t == Ty::Tag {
        let name = match vals.first() {
            Some(V::Text(s)) => s.clone(),
            _ => String::new(),
        };
        tag_index = earlier.iter().position(|e| *e == name);
        if tag_index.is_none() && !dims.label_exists(&name) {
            return Err(err(format!("no tag {name:?} defined earlier in the list, nor in a customers file's tags")));
        }
    }
    Ok(Cond { field: c.field, op: c.op, values: vals, tag_index })
}

fn cmp_num(op: Op, x: f64, vals: &[V]) -> bool {
    let n = |i: usize| match vals.get(i) {
        Some(V::Num(v)) => *v,
        _ => f64::NAN,
    };
    match op {
        Op::Eq => x == n(0),
        Op::Ne => x != n(0),
        Op::Lt => x < n(0),
        Op::Le => x <= n(0),
        Op::Gt => x > n(0),
        Op::Ge => x >= n(0),
        Op::In => vals.iter().any(|v| matches!(v, V::Num(y) if *y == x)),
        Op::Between => x >= n(0) && x <= n(1),
    }
}

fn cmp_text(op: Op, x: &str, vals: &[V]) -> bool {
    let eq = |v: &V| matches!(v, V::Text(y) if y == x);
    match op {
        Op::Eq => vals.first().is_some_and(eq),
        Op::Ne => !vals.first().is_some_and(eq),
        Op::In => vals.iter().any(eq),
        _ => false,
    }
}

/// Evaluates every tag over the customers (with at least one valid order); `before` holds their
/// stages and segments at `migration.from` when a tag asks for them, `predicted` each customer's
/// prediction (aligned with `ctx.customers`) when there is one (else a condition on a prediction
/// field is false).
pub fn evaluate(
    ctx: &Context<'_>,
    scores: &Scores,
    dims: &Dims<'_>,
    before: Option<&Before>,
    predicted: Option<&Prediction>,
    tags: &[TagConfig],
) -> Result<TagSets> {
    if tags.len() > MAX_TAGS {
        return Err(Error::Config(format!("tags: at most {MAX_TAGS} tags, got {}", tags.len())));
    }
    let mut names: Vec<String> = Vec::new();
    let mut sets = TagSets::default();
    for t in tags {
        if names.contains(&t.name) {
            return Err(Error::Config(format!("tags: {:?} is defined twice", t.name)));
        }
        let any = t.match_ == Match::Any;
        let conds = t
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| check(&t.name, i, c, &names, dims))
            .collect::<Result<Vec<_>>>()?;
        let member: Vec<bool> = ctx
            .customers
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let test = |k: &Cond| -> bool {
                    let sc = scores.rfm.get(ci).copied().unwrap_or([0, 0, 0]);
                    let num = |x: Option<f64>| x.is_some_and(|x| cmp_num(k.op, x, &k.values));
                    let pred = predicted.and_then(|p| p.customer(ci));
                    match k.field {
                        Field::Orders => num(Some(c.orders as f64)),
                        Field::Revenue => num(Some(c.revenue as f64 / 100.0)),
                        Field::Items => num(Some(c.items as f64)),
                        Field::RecencyDays => num(Some(c.recency as f64)),
                        Field::Age => num(dims.age(c.id).map(f64::from)),
                        Field::RScore => num(Some(f64::from(sc[0]))),
                        Field::FScore => num(Some(f64::from(sc[1]))),
                        Field::MScore => num(Some(f64::from(sc[2]))),
                        Field::MemberLevel => num(dims.member_level(c.id).map(f64::from)),
                        Field::Tickets => num(ctx.tickets_of(c.id).map(|t| f64::from(t.0))),
                        Field::Complaints => num(ctx.tickets_of(c.id).map(|t| f64::from(t.1))),
                        Field::FirstOrder => num(Some(c.first as f64)),
                        Field::LastOrder => num(Some(c.last as f64)),
                        Field::PAlive => num(pred.map(|p| p.p_alive)),
                        Field::ExpectedOrders90d => num(pred.map(|p| p.expected_orders_90d)),
                        Field::ExpectedOrderValue => num(pred.map(|p| p.expected_order_value)),
                        Field::PredictedRevenue365d => num(pred.map(|p| p.predicted_revenue_365d)),
                        Field::Region => cmp_text(k.op, dims.region_key(c.id), &k.values),
                        Field::Gender => cmp_text(k.op, dims.gender(c.id).key(), &k.values),
                        Field::Source => cmp_text(k.op, dims.source(c.id), &k.values),
                        Field::AgeBand => cmp_text(k.op, dims.age_band(c.id), &k.values),
                        Field::Customer => cmp_text(k.op, ctx.store.customers.key(c.id), &k.values),
                        Field::Lifecycle => {
                            cmp_text(k.op, STAGES.get(stage(c, &ctx.s)).copied().unwrap_or(""), &k.values)
                        }
                        Field::RfmSegment => cmp_text(
                            k.op,
                            scores.segment.get(ci).and_then(|s| scores.names.get(*s)).map_or("", String::as_str),
                            &k.values,
                        ),
                        Field::LifecycleBefore => {
                            cmp_text(k.op, before.map_or(migration::NONE, |b| b.stage(ci)), &k.values)
                        }
                        Field::RfmSegmentBefore => {
                            cmp_text(k.op, before.map_or(migration::NONE, |b| b.segment(ci)), &k.values)
                        }
                        Field::Tag => {
                            let has = match k.tag_index {
                                Some(ti) => sets.tags.get(ti).and_then(|(_, m)| m.get(ci)).copied().unwrap_or(false),
                                None => match k.values.first() {
                                    Some(V::Text(label)) => dims.has_label_tag(c.id, label),
                                    _ => false,
                                },
                            };
                            if k.op == Op::Eq {
                                has
                            } else {
                                !has
                            }
                        }
                    }
                };
                if conds.is_empty() {
                    return true;
                }
                if any {
                    conds.iter().any(test)
                } else {
                    conds.iter().all(test)
                }
            })
            .collect();
        names.push(t.name.clone());
        sets.tags.push((t.name.clone(), member));
    }
    Ok(sets)
}

/// The section: members and revenue per tag, in config order.
pub fn section(a: &Analysis<'_>) -> Vec<TagRow> {
    let ctx = a.ctx;
    a.tags
        .tags
        .iter()
        .map(|(name, m)| {
            let (n, r) = ctx
                .customers
                .iter()
                .zip(m)
                .filter(|(_, m)| **m)
                .fold((0u64, 0i64), |(n, r), (c, _)| (n + 1, r + c.revenue));
            TagRow { name: name.clone(), customers: n, revenue: money(r) }
        })
        .collect()
}

//! The rows that pass through the aggregates as they are — customers, calls, tickets — put
//! back into their files' tables in the Store, their texts interned as reading the files
//! interns them.

use super::read::{each, small, Row};
use crate::error::Result;
use crate::model::Gender;
use crate::store::{Call, Profile, Store, Table, Ticket, NO_LABEL, NO_REGION};
use std::path::Path;

/// The id of a label (NO_LABEL for none).
pub(super) fn label(store: &mut Store, t: Option<String>) -> u32 {
    t.map_or(NO_LABEL, |t| store.labels.intern(&t))
}

/// The id of a region (NO_REGION for none).
pub(super) fn region(store: &mut Store, t: Option<String>) -> u16 {
    t.map_or(NO_REGION, |t| store.regions.intern(&t))
}

/// The rows of aggregate `name` that pass as they are: each read by `read` into a row and its
/// texts, the texts then interned by `intern` (after every row is read: the reader borrows
/// nothing from the store), and the rows put into their file's table (`table`) in seq order.
fn passed<T, X>(
    dir: &Path,
    store: &mut Store,
    name: &str,
    read: impl Fn(&Row<'_>, &Store) -> Result<(T, X)>,
    intern: impl Fn(&mut Store, &mut T, X),
    table: impl Fn(&mut Table) -> &mut Vec<T>,
) -> Result<()> {
    let mut rows = Vec::new();
    let files = store.files.len();
    each(dir, name, |r| {
        // a row of no file listed would be lost: refused
        let rank = usize::try_from(r.req("rank")?).ok().filter(|i| *i < files);
        let rank = rank.ok_or_else(|| r.at("rank", &format!("not one of the {files} files' ranks")))?;
        rows.push((rank, r.req("seq")?, read(r, store)?));
        Ok(())
    })?;
    rows.sort_by_key(|r| (r.0, r.1));
    for (rank, _, (mut row, texts)) in rows {
        intern(store, &mut row, texts);
        if let Some(f) = store.files.get_mut(rank) {
            table(&mut f.table).push(row);
        }
    }
    Ok(())
}

type ProfileTexts = (Option<String>, Option<String>, Vec<String>, Vec<String>);

pub(super) fn profiles(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>, store: &Store| -> Result<(Profile, ProfileTexts)> {
        let gender = match r.text("gender")?.as_deref() {
            Some("女") => Gender::Female,
            Some("男") => Gender::Male,
            _ => Gender::Unknown,
        };
        let p = Profile {
            customer: r.customer(store, "customer_id")?,
            gender,
            age: small::<u8>(r, "age")?,
            birth: r.int("birth")?,
            region: NO_REGION,
            member_level: small::<u8>(r, "member_level")?,
            source: NO_LABEL,
            tags: Vec::new(),
            cells: Vec::new(),
            row: small::<u32>(r, "row")?.unwrap_or(0),
        };
        let texts = (r.text("region")?, r.text("source")?, r.list("tags")?, r.list("cells")?);
        Ok((p, texts))
    };
    let intern = |store: &mut Store, p: &mut Profile, (reg, source, tags, cells): ProfileTexts| {
        p.region = region(store, reg);
        p.source = label(store, source);
        p.tags = tags.iter().map(|t| store.labels.intern(t)).collect();
        p.cells = cells.iter().map(|t| store.labels.intern(t)).collect();
    };
    passed(dir, store, "customers", read, intern, |t| &mut t.profiles)
}

pub(super) fn seconds(us: i64) -> i64 {
    us.div_euclid(1_000_000)
}

type Texts3 = (Option<String>, Option<String>, Option<String>);

pub(super) fn calls(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>, store: &Store| -> Result<(Call, Texts3)> {
        let c = Call {
            agent: NO_LABEL,
            customer: r.customer(store, "customer_id")?,
            time: seconds(r.req("time_us")?),
            duration: small::<u32>(r, "duration_seconds")?.unwrap_or(0),
            connected: r.bool("connected")?,
            ordered: r.bool("ordered")?,
            task: NO_LABEL,
            phone: NO_LABEL,
            row: small::<u32>(r, "row")?.unwrap_or(0),
        };
        Ok((c, (r.text("agent")?, r.text("task")?, r.text("phone")?)))
    };
    let intern = |store: &mut Store, c: &mut Call, (agent, task, phone): Texts3| {
        c.agent = label(store, agent);
        c.task = label(store, task);
        c.phone = label(store, phone);
    };
    passed(dir, store, "calls", read, intern, |t| &mut t.calls)
}

pub(super) fn tickets(dir: &Path, store: &mut Store) -> Result<()> {
    let read = |r: &Row<'_>, _: &Store| -> Result<(Ticket, Texts3)> {
        let k = Ticket {
            ticket_type: NO_LABEL,
            channel: NO_LABEL,
            created: seconds(r.req("created_us")?),
            first_response: r.int("first_response_us")?.map(seconds),
            resolved: r.int("resolved_us")?.map(seconds),
            is_resolved: r.bool("is_resolved")?,
            satisfaction: small::<u8>(r, "satisfaction")?,
            buyer: NO_LABEL,
            order: r.key("order_key")?,
        };
        Ok((k, (r.text("ticket_type")?, r.text("channel")?, r.text("buyer")?)))
    };
    let intern = |store: &mut Store, k: &mut Ticket, (kind, channel, buyer): Texts3| {
        k.ticket_type = label(store, kind);
        k.channel = label(store, channel);
        k.buyer = label(store, buyer);
    };
    passed(dir, store, "tickets", read, intern, |t| &mut t.tickets)
}

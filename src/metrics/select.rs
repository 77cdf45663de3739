//! Selectors: which customers a [`MemberSelector`] picks (a segment, a tag, a lifecycle stage, or
//! an audience of the interest events), shared by the member lists and the set comparisons of
//! conversion.

use super::analysis::Analysis;
use super::labels;
use super::lifecycle::{stage, STAGES};
use crate::config::{Audience, MemberSelector};
use crate::error::{Error, Result};

/// Which customers a selector picks, by customer id (every id of the store, buyers or not).
pub fn pick(a: &Analysis<'_>, sel: &MemberSelector) -> Result<Vec<bool>> {
    let (ctx, scores, tag_sets) = (a.ctx, &a.scores, &a.tags);
    let named = [
        sel.segment.is_some(),
        sel.tag.is_some(),
        sel.lifecycle.is_some(),
        sel.audience.is_some(),
        sel.screening.is_some(),
    ];
    if named.iter().filter(|b| **b).count() != 1 {
        return Err(Error::Config(
            "a member selector names exactly one of segment, tag, lifecycle, audience, screening".to_string(),
        ));
    }
    if let Some(s) = sel.screening {
        // the customers of the rows behind the count
        return Ok(super::screening::customers_of(ctx, s));
    }
    if let Some(aud) = sel.audience {
        let (events, ordered) = (ctx.interest_days(), ctx.ordered_in_window());
        let (as_of, w) = (ctx.s.as_of, ctx.s.conversion_days);
        return Ok((0..ctx.store.customers.len())
            .map(|c| {
                let bought = ordered.get(c).copied().unwrap_or(false);
                events.within(c, as_of, w)
                    && match aud {
                        Audience::Interested => true,
                        Audience::InterestedConverted => bought,
                        Audience::InterestedNotConverted => !bought,
                    }
            })
            .collect());
    }
    // the other selectors pick among the buyers (ctx.customers, by index)
    let among_buyers: Vec<bool> = if let Some(seg) = &sel.segment {
        // a segment by its name, or a default segment by its Chinese name
        let code = labels::segment_code(seg);
        let i = scores
            .names
            .iter()
            .position(|n| n == seg)
            .or_else(|| scores.names.iter().position(|n| n == code))
            .ok_or_else(|| Error::UnknownSelector(seg.clone()))?;
        (0..ctx.customers.len()).map(|ci| scores.segment.get(ci) == Some(&i)).collect()
    } else if let Some(tag) = &sel.tag {
        let (_, m) = tag_sets.tags.iter().find(|(n, _)| n == tag).ok_or_else(|| Error::UnknownSelector(tag.clone()))?;
        m.clone()
    } else {
        let st = sel.lifecycle.clone().unwrap_or_default();
        let code = labels::stage_code(&st).ok_or_else(|| Error::UnknownSelector(st.clone()))?;
        let i = STAGES.iter().position(|s| *s == code).ok_or_else(|| Error::UnknownSelector(st.clone()))?;
        ctx.customers.iter().map(|c| stage(c, &ctx.s) == i).collect()
    };
    let mut by_id = vec![false; ctx.store.customers.len()];
    for (c, picked) in ctx.customers.iter().zip(among_buyers) {
        if let Some(x) = by_id.get_mut(c.id as usize) {
            *x = picked;
        }
    }
    Ok(by_id)
}

/// How a selector reads in a report: `segment:Champions`, `tag:…`, `lifecycle:new`,
/// `audience:interested`, `screening:invalid`.
pub fn label(sel: &MemberSelector) -> String {
    match (&sel.segment, &sel.tag, &sel.lifecycle, sel.audience, sel.screening) {
        (Some(s), _, _, _, _) => format!("segment:{s}"),
        (_, Some(t), _, _, _) => format!("tag:{t}"),
        (_, _, Some(l), _, _) => format!("lifecycle:{l}"),
        (_, _, _, Some(a), _) => format!("audience:{a}"),
        (_, _, _, _, Some(s)) => format!("screening:{s}"),
        _ => String::new(),
    }
}

//! Selectors: which customers a [`MemberSelector`] (a segment, a tag or a lifecycle stage) picks,
//! shared by the member lists and the set comparisons of conversion.

use super::analysis::Analysis;
use super::labels;
use super::lifecycle::{stage, STAGES};
use crate::config::MemberSelector;
use crate::error::{Error, Result};

/// Which customers (by index in `ctx.customers`) a selector picks.
pub fn mask(a: &Analysis<'_>, sel: &MemberSelector) -> Result<Vec<bool>> {
    let (ctx, scores, tag_sets) = (a.ctx, &a.scores, &a.tags);
    let set = [sel.segment.is_some(), sel.tag.is_some(), sel.lifecycle.is_some()].iter().filter(|b| **b).count();
    if set != 1 {
        return Err(Error::Config("a member selector names exactly one of segment, tag, lifecycle".to_string()));
    }
    if let Some(seg) = &sel.segment {
        // a segment by its name, or a default segment by its Chinese name
        let code = labels::segment_code(seg);
        let i = scores
            .names
            .iter()
            .position(|n| n == seg)
            .or_else(|| scores.names.iter().position(|n| n == code))
            .ok_or_else(|| Error::UnknownSelector(seg.clone()))?;
        return Ok((0..ctx.customers.len()).map(|ci| scores.segment.get(ci) == Some(&i)).collect());
    }
    if let Some(tag) = &sel.tag {
        let (_, m) = tag_sets.tags.iter().find(|(n, _)| n == tag).ok_or_else(|| Error::UnknownSelector(tag.clone()))?;
        return Ok(m.clone());
    }
    let st = sel.lifecycle.clone().unwrap_or_default();
    let code = labels::stage_code(&st).ok_or_else(|| Error::UnknownSelector(st.clone()))?;
    let i = STAGES.iter().position(|s| *s == code).ok_or_else(|| Error::UnknownSelector(st.clone()))?;
    Ok(ctx.customers.iter().map(|c| stage(c, &ctx.s) == i).collect())
}

/// How a selector reads in a report: `segment:Champions`, `tag:…`, `lifecycle:new`.
pub fn label(sel: &MemberSelector) -> String {
    match (&sel.segment, &sel.tag, &sel.lifecycle) {
        (Some(s), _, _) => format!("segment:{s}"),
        (_, Some(t), _) => format!("tag:{t}"),
        (_, _, Some(l)) => format!("lifecycle:{l}"),
        _ => String::new(),
    }
}

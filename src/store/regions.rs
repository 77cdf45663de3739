//! Region keys: the 34 provinces first, then other countries' `country/state` keys.

use super::interner::{Interner, Names};
use super::NO_REGION;

/// Regions: the 34 canonical Chinese provinces first (ids 0..34), then other countries'
/// `country/state` keys as they come.
#[derive(Debug, Clone)]
pub struct Regions {
    inner: Interner,
}

impl Default for Regions {
    fn default() -> Self {
        let mut inner = Interner::default();
        for p in crate::model::PROVINCES {
            inner.intern(p);
        }
        Regions { inner }
    }
}

impl Regions {
    /// The id of a region key.
    pub fn intern(&mut self, key: &str) -> u16 {
        let i = self.inner.intern(key);
        u16::try_from(i).unwrap_or(NO_REGION - 1).min(NO_REGION - 1)
    }

    /// How many region keys (ids are `0..len`).
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether empty (never: the 34 provinces are always there).
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The keys by id, without the table that finds them.
    pub fn into_names(self) -> Names {
        self.inner.into_names()
    }

    /// The key of a region id ("未知" for none).
    pub fn name(&self, id: u16) -> &str {
        if id == NO_REGION {
            UNKNOWN_REGION
        } else {
            self.inner.name(u32::from(id))
        }
    }
}

/// The key of customers whose region is unknown.
pub const UNKNOWN_REGION: &str = "未知";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_start_with_the_34_provinces() {
        let mut r = Regions::default();
        assert_eq!(r.intern("浙江省") as usize, crate::model::PROVINCES.iter().position(|p| *p == "浙江省").unwrap());
        let us = r.intern("US/California");
        assert_eq!(us, 34);
        assert_eq!(r.name(NO_REGION), "未知");
    }
}

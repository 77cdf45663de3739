//! A set of 64-bit ids that answers "seen before?" per row without waiting on memory.

use super::hash::{bucket, grown_capacity, touch};

/// A set of 64-bit ids (order numbers) that answers "seen before?" for each row of a file
/// without waiting on memory in the common case. The exact set is a hash table of millions of
/// ids, so a lookup is a cache miss; in front of it sits a filter of 8 to 16 bits per id (1–2 MB
/// for a million ids, which stay in the last-level cache). An id whose filter bit is clear is new
/// for certain: it is queued and inserted with the next batch, whose slots are touched first so
/// the misses overlap. Only an id whose bit is set (a repeat, or at most one row in eight) waits
/// for the exact table. On the 1M-order file this took a fifth off the orders' user time (8 and
/// 16 bits per id measured alike; 8 is half the memory).
#[derive(Clone)]
pub struct IdSet {
    /// One bit per filter bucket: clear when no id hashing there was inserted.
    filter: Vec<u64>,
    /// Open addressing, linear probing, at most 7/8 full; [`IdSet::FREE`] marks a free slot.
    slots: Vec<u64>,
    /// Ids in `slots`.
    len: usize,
    /// Whether [`IdSet::FREE`] itself, which cannot live in a slot, is in the set.
    has_free: bool,
    /// New ids not in `slots` yet.
    pending: Vec<u64>,
}

impl Default for IdSet {
    fn default() -> Self {
        IdSet { filter: vec![0; 16], slots: Vec::new(), len: 0, has_free: false, pending: Vec::new() }
    }
}

impl std::fmt::Debug for IdSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdSet").field("len", &self.len()).finish()
    }
}

impl IdSet {
    const FREE: u64 = u64::MAX;
    /// Most slots in use, as a fraction.
    const MAX_LOAD: (usize, usize) = (7, 8);
    /// Filter bits per id, at least.
    const FILTER_BITS: usize = 8;
    const BATCH: usize = 256;

    /// Ids in the set.
    pub fn len(&self) -> usize {
        self.len + self.pending.len() + usize::from(self.has_free)
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes room for `more` ids; an allocation that fails is skipped (the set then grows as
    /// it goes).
    pub fn reserve(&mut self, more: usize) {
        let n = self.len().saturating_add(more);
        let words = n.saturating_mul(Self::FILTER_BITS).checked_next_power_of_two().unwrap_or(0) / 64;
        if words > self.filter.len() && self.filter.try_reserve_exact(words - self.filter.len()).is_ok() {
            self.flush();
            self.rebuild_filter(words);
        }
        let _ = self.pending.try_reserve(Self::BATCH);
        if let Some(cap) = grown_capacity(self.slots.len(), n, Self::MAX_LOAD) {
            let mut slots = Vec::new();
            if slots.try_reserve_exact(cap).is_ok() {
                slots.resize(cap, Self::FREE);
                self.rehash(slots);
            }
        }
    }

    /// Adds `id`; true when it was not in the set (as `HashSet::insert`).
    pub fn insert(&mut self, id: u64) -> bool {
        if id == Self::FREE {
            return !std::mem::replace(&mut self.has_free, true);
        }
        if self.len().saturating_add(1).saturating_mul(Self::FILTER_BITS) > self.filter.len() * 64 {
            self.flush();
            let words = (self.filter.len() * 4).max(16);
            self.rebuild_filter(words);
        }
        let (w, bit) = self.filter_bit(id);
        if let Some(word) = self.filter.get_mut(w) {
            if *word & bit == 0 {
                *word |= bit;
                self.pending.push(id);
                if self.pending.len() >= Self::BATCH {
                    self.flush();
                }
                return true;
            }
        }
        // maybe seen: ask the table, with every earlier id in it
        self.flush();
        if self.contains_slot(id) {
            return false;
        }
        self.reserve_slots(1);
        self.put(id);
        true
    }

    /// Starts loading the memory [`IdSet::insert`] of `id` reads first (its filter word), so
    /// that work done in between overlaps the cache miss.
    #[inline(always)]
    pub fn prefetch(&self, id: u64) {
        let (w, _) = self.filter_bit(id);
        if let Some(word) = self.filter.get(w) {
            let mut sink = 0u32;
            touch(word, &mut sink, |w| *w as u32);
            std::hint::black_box(sink);
        }
    }

    fn filter_bit(&self, id: u64) -> (usize, u64) {
        let bits = self.filter.len() * 64;
        let h = id.wrapping_mul(0xD6E8_FEB8_6659_FD93);
        let i = (h >> (64 - bits.trailing_zeros())) as usize;
        (i / 64, 1u64 << (i % 64))
    }

    fn rebuild_filter(&mut self, words: usize) {
        self.filter.clear();
        self.filter.resize(words.checked_next_power_of_two().unwrap_or(words).max(1), 0);
        for i in 0..self.slots.len() {
            let id = self.slots.get(i).copied().unwrap_or(Self::FREE);
            if id != Self::FREE {
                let (w, bit) = self.filter_bit(id);
                if let Some(word) = self.filter.get_mut(w) {
                    *word |= bit;
                }
            }
        }
    }

    /// Inserts the queued ids (new, distinct), touching their slots first.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.reserve_slots(self.pending.len());
        let pending = std::mem::take(&mut self.pending);
        let mut sink = 0u32;
        for &id in &pending {
            if let Some(slot) = self.slots.get(bucket(id, self.slots.len())) {
                touch(slot, &mut sink, |s| *s as u32);
            }
        }
        std::hint::black_box(sink);
        for &id in &pending {
            self.put(id);
        }
        self.pending = pending;
        self.pending.clear();
    }

    fn reserve_slots(&mut self, more: usize) {
        if let Some(cap) = grown_capacity(self.slots.len(), self.len.saturating_add(more), Self::MAX_LOAD) {
            self.rehash(vec![Self::FREE; cap]);
        }
    }

    /// Moves every id into `slots` (all free, a power-of-two many).
    fn rehash(&mut self, slots: Vec<u64>) {
        let old = std::mem::replace(&mut self.slots, slots);
        self.len = 0;
        for id in old.into_iter().filter(|&id| id != Self::FREE) {
            self.put(id);
        }
    }

    /// Puts an id known to be absent into a free slot (there is one: the load is below
    /// [`IdSet::MAX_LOAD`]).
    fn put(&mut self, id: u64) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = bucket(id, self.slots.len());
        while let Some(s) = self.slots.get_mut(at) {
            if *s == Self::FREE {
                *s = id;
                self.len += 1;
                return;
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether `id` is in the set (without adding it).
    pub fn contains(&mut self, id: u64) -> bool {
        if id == Self::FREE {
            return self.has_free;
        }
        let (w, bit) = self.filter_bit(id);
        if self.filter.get(w).is_some_and(|word| *word & bit == 0) {
            return false;
        }
        self.flush();
        self.contains_slot(id)
    }

    fn contains_slot(&self, id: u64) -> bool {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = bucket(id, self.slots.len());
        while let Some(&s) = self.slots.get(at) {
            if s == id {
                return true;
            }
            if s == Self::FREE {
                return false;
            }
            at = (at + 1) & mask;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_set_agrees_with_a_hash_set() {
        // ids with many repeats, near and far apart, the free-slot sentinel and 0 among them,
        // enough to grow the filter and the table several times, with and without a reserve
        for reserve in [0usize, 10, 100_000] {
            let mut set = IdSet::default();
            set.reserve(reserve);
            set.reserve(usize::MAX); // refused quietly: nothing that large can be allocated
            let mut oracle = std::collections::HashSet::new();
            let mut x = 0x2545_F491_4F6C_DD1Du64;
            for n in 0..200_000u64 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let id = match x % 10 {
                    0 => x % 50,                    // small ids, repeated often
                    1 => u64::MAX - (x % 3),        // the sentinel and its neighbours
                    2 => n.saturating_sub(x % 300), // a repeat of a recent id
                    _ => x,
                };
                assert_eq!(set.insert(id), oracle.insert(id), "id {id} at step {n}");
            }
            assert_eq!(set.len(), oracle.len());
        }
    }
}

//! Strings to small integers in first-seen order ([`Interner`]), and the names of one without
//! its table ([`Names`]).

use super::hash::{bucket, grown_capacity, touch};
use super::NO_LABEL;

/// Bytes of a key kept inside its table slot: a lookup of a short key (a nick, a phone number,
/// an email of up to 23 bytes) touches one slot and nothing else.
const INLINE: usize = 23;
/// `Slot::len` of a key longer than [`INLINE`]: its bytes are compared in the text arena.
const LONG: u8 = u8::MAX;

/// One entry of the interner's hash table: 32 bytes, two to a cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    /// The key's 32-bit hash (it also picks the bucket, so growing never reads a key).
    hash: u32,
    /// The key's id, or [`EMPTY`].
    id: u32,
    /// The key's length when inline, else [`LONG`].
    len: u8,
    bytes: [u8; INLINE],
}

/// `Slot::id` of a free slot.
const EMPTY: u32 = u32::MAX;
const FREE: Slot = Slot { hash: 0, id: EMPTY, len: 0, bytes: [0; INLINE] };
/// Keys interned together by [`Interner::intern_batch`]: enough independent loads in flight to
/// hide a cache miss each, few enough that the first slots are still cached when they are used.
const BATCH: usize = 32;

/// The names of an [`Interner`] without its hash table, by id: what a reader of a later part of
/// a file hands over (and sends between workers) so that its ids can be mapped to the ids of
/// the reader it is merged into.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Names {
    /// Every name, one after the other.
    pub text: String,
    /// Where each name ends in `text`.
    pub ends: Vec<usize>,
}

impl Names {
    /// The name of id `i` ("" when unknown).
    pub fn name(&self, i: usize) -> &str {
        name_of(&self.text, &self.ends, i)
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Strings to small integers, in first-seen order. All names live in one text arena; the hash
/// table (open addressing, linear probing) keeps short keys inline, so a lookup of one costs a
/// single memory access. Interning is a random access per row into a table of hundreds of
/// thousands of customers, so a cache miss per row: [`Interner::intern_batch`] touches the
/// slots of a batch of keys first, with no dependence between the loads, so the misses overlap
/// instead of following one another.
#[derive(Default, Clone)]
pub struct Interner {
    /// Power-of-two many slots (or none), at most [`Interner::MAX_LOAD`] full.
    slots: Vec<Slot>,
    /// Every name, one after the other.
    text: String,
    /// Where each name ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner").field("len", &self.ends.len()).finish()
    }
}

fn fx32(s: &[u8]) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(s);
    let h = h.finish();
    (h ^ (h >> 32)) as u32
}

fn span(ends: &[usize], i: usize) -> (usize, usize) {
    let start = if i == 0 { 0 } else { ends.get(i - 1).copied().unwrap_or(0) };
    (start, ends.get(i).copied().unwrap_or(start))
}

fn name_of<'a>(text: &'a str, ends: &[usize], i: usize) -> &'a str {
    let (a, b) = span(ends, i);
    text.get(a..b).unwrap_or("")
}

impl Slot {
    fn matches(&self, hash: u32, key: &[u8], text: &str, ends: &[usize]) -> bool {
        if self.hash != hash {
            return false;
        }
        if self.len == LONG {
            key.len() > INLINE && name_of(text, ends, self.id as usize).as_bytes() == key
        } else {
            usize::from(self.len) == key.len() && self.bytes.get(..key.len()) == Some(key)
        }
    }
}

impl Interner {
    /// Most slots in use, as a fraction: 7/8, a SwissTable's. Measured on the 1M-order bench
    /// files (753k keys), 7/8 was faster than 7/10 as well as half the size: the smaller table
    /// misses the TLB less, and a probe past the first slot mostly stays in its cache line pair.
    const MAX_LOAD: (usize, usize) = (7, 8);

    /// The id of `s`, adding it when new. Saturates at `u32::MAX - 1` distinct strings.
    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, fx32(s.as_bytes()))
    }

    /// The ids of `keys` (the text of key `i` is `text[ends[i-1]..ends[i]]`), appended to `out`
    /// in order: the same ids as interning them one by one, with their cache misses overlapped.
    pub fn intern_batch(&mut self, text: &str, ends: &[usize], out: &mut Vec<u32>) {
        let mut start = 0usize;
        let mut hashes = [0u32; BATCH];
        let mut sink = 0u32;
        for group in ends.chunks(BATCH) {
            // room for the whole group first, so the touched slots stay where they are
            self.reserve_slots(group.len());
            let n = self.slots.len();
            let mut a = start;
            for (h, &e) in hashes.iter_mut().zip(group) {
                *h = fx32(text.get(a..e).unwrap_or("").as_bytes());
                a = e;
            }
            // the loads back to back, a few instructions each, so that all of them are in flight
            // at once (in wasm a load that misses blocks retirement: spread among the hashing,
            // only a few would overlap)
            for &h in hashes.iter().take(group.len()) {
                if let Some(slot) = self.slots.get(bucket(u64::from(h), n)) {
                    touch(slot, &mut sink, |s| s.hash);
                }
            }
            for (&h, &e) in hashes.iter().zip(group) {
                let key = text.get(start..e).unwrap_or("");
                out.push(self.intern_hashed(key, h));
                start = e;
            }
        }
        std::hint::black_box(sink);
    }

    /// Grows the table so that `more` new keys fit under the maximum load.
    fn reserve_slots(&mut self, more: usize) {
        let Some(cap) = grown_capacity(self.slots.len(), self.ends.len().saturating_add(more), Self::MAX_LOAD) else {
            return;
        };
        let old = std::mem::replace(&mut self.slots, vec![FREE; cap]);
        for s in old.into_iter().filter(|s| s.id != EMPTY) {
            self.place(s);
        }
    }

    /// Puts a slot into the first free one of its probe sequence (there is one: the load is
    /// below [`Interner::MAX_LOAD`]).
    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = bucket(u64::from(slot.hash), self.slots.len());
        while let Some(t) = self.slots.get_mut(at) {
            if t.id == EMPTY {
                *t = slot;
                return;
            }
            at = (at + 1) & mask;
        }
    }

    fn intern_hashed(&mut self, s: &str, hash: u32) -> u32 {
        let key = s.as_bytes();
        if let Some(id) = self.find(key, hash) {
            return id;
        }
        let i = u32::try_from(self.ends.len()).unwrap_or(NO_LABEL - 1).min(NO_LABEL - 1);
        if i == NO_LABEL - 1 && self.ends.len() > i as usize {
            return i;
        }
        self.reserve_slots(1);
        self.text.push_str(s);
        self.ends.push(self.text.len());
        let mut slot = Slot { hash, id: i, len: LONG, bytes: [0; INLINE] };
        if let Some(b) = slot.bytes.get_mut(..key.len()) {
            b.copy_from_slice(key);
            slot.len = key.len() as u8;
        }
        self.place(slot);
        i
    }

    fn find(&self, key: &[u8], hash: u32) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = bucket(u64::from(hash), self.slots.len());
        loop {
            let s = self.slots.get(at)?;
            if s.id == EMPTY {
                return None;
            }
            if s.matches(hash, key, &self.text, &self.ends) {
                return Some(s.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// The strings by id, without the table that finds them.
    pub fn into_names(self) -> Names {
        Names { text: self.text, ends: self.ends }
    }

    /// The id of `s` if known.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.find(s.as_bytes(), fx32(s.as_bytes()))
    }

    /// The string of an id ("" when unknown).
    pub fn name(&self, i: u32) -> &str {
        name_of(&self.text, &self.ends, i as usize)
    }

    /// How many strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_agrees_with_a_hash_map_across_inline_and_long_keys() {
        // keys of 0..40 bytes (inline up to 23, arena beyond), many enough to grow the table
        let mut it = Interner::default();
        let mut oracle: std::collections::HashMap<String, u32> = Default::default();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..60_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 41) as usize;
            let k: String = format!("{:x}{}", x % 5000, "客".repeat(len / 3)).chars().take(len.max(1)).collect();
            let next = oracle.len() as u32;
            let want = *oracle.entry(k.clone()).or_insert(next);
            assert_eq!(it.intern(&k), want, "key {k:?} at step {n}");
        }
        assert_eq!(it.len(), oracle.len());
        for (k, id) in &oracle {
            assert_eq!(it.name(*id), k);
            assert_eq!(it.get(k), Some(*id));
        }
        assert_eq!(it.get("never seen"), None);
        assert_eq!(it.name(u32::MAX - 3), "");
    }

    #[test]
    fn batches_give_the_ids_of_one_by_one() {
        // the same keys, repeats among them, interned one by one and in batches of every size
        // around the batch length, with the table growing inside batches
        let keys: Vec<String> =
            (0..5000u32).map(|i| format!("k{}{}", (i * 7919) % 1777, "长".repeat((i % 11) as usize))).collect();
        let mut one = Interner::default();
        let want: Vec<u32> = keys.iter().map(|k| one.intern(k)).collect();
        for size in [1, 31, 32, 33, 256, 5000] {
            let mut it = Interner::default();
            let mut got = Vec::new();
            for part in keys.chunks(size) {
                let mut text = String::new();
                let mut ends = Vec::new();
                for k in part {
                    text.push_str(k);
                    ends.push(text.len());
                }
                it.intern_batch(&text, &ends, &mut got);
            }
            assert_eq!(got, want, "batches of {size}");
            assert_eq!(it.len(), one.len());
            assert_eq!(it.get(&keys[4321]), Some(want[4321]));
        }
    }
}

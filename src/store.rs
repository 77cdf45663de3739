//! Compact columns of what was read: orders, profiles, interest, calls and tickets, with
//! interned customer keys and labels. Everything the report needs, nothing held twice.

use crate::ingest::values::Gender;
use crate::model::KeySpace;

/// "No customer" in a `customer` column.
pub const NO_CUSTOMER: u32 = u32::MAX;
/// "No region" in a `region` column.
pub const NO_REGION: u16 = u16::MAX;
/// "No label".
pub const NO_LABEL: u32 = u32::MAX;

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

/// The first bucket of `hash` in an open-addressing table of `slots` (a power of two) slots
/// (Fibonacci hashing: the product's high bits depend on every bit of the hash).
fn bucket(hash: u64, slots: usize) -> usize {
    let bits = slots.trailing_zeros();
    if bits == 0 || bits >= 64 {
        return 0;
    }
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The slot count an open-addressing table of `slots` slots needs to hold `want` entries under
/// the load `num/den`: None when it already does, else the next doubling that does.
fn grown_capacity(slots: usize, want: usize, (num, den): (usize, usize)) -> Option<usize> {
    if want.saturating_mul(den) <= slots.saturating_mul(num) {
        return None;
    }
    let mut cap = slots.max(16);
    while want.saturating_mul(den) > cap.saturating_mul(num) {
        cap = cap.saturating_mul(2);
    }
    Some(cap)
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

/// Starts loading the cache line of `slot` without waiting for it; `word` reads a value of it
/// (wasm has no prefetch: a load whose value nothing waits for does the same).
#[inline(always)]
pub(crate) fn touch<T>(slot: &T, sink: &mut u32, word: impl Fn(&T) -> u32) {
    #[cfg(target_arch = "x86_64")]
    {
        let _ = (sink, word);
        // SAFETY: a prefetch of a valid reference's address; it reads nothing and cannot fault.
        unsafe { core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>((slot as *const T).cast()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        *sink ^= word(slot);
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

/// Customer keys: a key space tag plus the key text.
#[derive(Debug, Default, Clone)]
pub struct Customers {
    inner: Interner,
    scratch: String,
}

impl Customers {
    /// The id here of customer `id` of another set of keys (interning it when new).
    pub fn intern_from(&mut self, other: &Customers, id: u32) -> u32 {
        self.inner.intern(other.inner.name(id))
    }

    /// The id here of customer `id` of [`Customers::into_names`] of another set (interning it
    /// when new).
    pub fn intern_named(&mut self, other: &Names, id: u32) -> u32 {
        self.inner.intern(other.name(id as usize))
    }

    /// The ids here of all the customers of [`Customers::into_names`] of another set, in their
    /// order (interning the new ones in that order): as [`Customers::intern_named`] of each id
    /// in turn, with the cache misses overlapped. (The table is not grown for all of them up
    /// front: most customers of a later part of a file were seen before it, and a table grown
    /// for all of them was rehashed for nothing, then twice the size for every later lookup.)
    pub fn intern_all(&mut self, other: &Names) -> Vec<u32> {
        let mut out = Vec::with_capacity(other.len());
        self.inner.intern_batch(&other.text, &other.ends, &mut out);
        out
    }

    /// The keys by id (tagged), without the table that finds them.
    pub fn into_names(self) -> Names {
        self.inner.into_names()
    }

    /// The id of a customer key.
    pub fn intern(&mut self, space: KeySpace, key: &str) -> u32 {
        self.scratch.clear();
        Self::tag_key(&mut self.scratch, space);
        self.scratch.push_str(key);
        let s = std::mem::take(&mut self.scratch);
        let id = self.inner.intern(&s);
        self.scratch = s;
        id
    }

    /// Appends to `text` the tagged form of a key of `space` (what [`Customers::intern_tagged`]
    /// takes): the tag, a colon, the key.
    pub fn tag_key(text: &mut String, space: KeySpace) {
        text.push(space.tag() as char);
        text.push(':');
    }

    /// The ids of tagged keys (see [`Customers::tag_key`]; key `i` is
    /// `text[ends[i-1]..ends[i]]`), appended to `out`: the same ids as interning them one by
    /// one, faster ([`Interner::intern_batch`]).
    pub fn intern_tagged(&mut self, text: &str, ends: &[usize], out: &mut Vec<u32>) {
        self.inner.intern_batch(text, ends, out);
    }

    /// The key text of an id, without its key-space tag.
    pub fn key(&self, id: u32) -> &str {
        let s = self.inner.name(id);
        s.get(2..).unwrap_or("")
    }

    /// Number of distinct customer keys seen in any file.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

/// Seconds since 1970-01-01 00:00:00 of the shop's wall clock (no zone).
pub type Stamp = i64;

/// The day number (days since 1970-01-01) of a stamp.
pub fn day_of(t: Stamp) -> i64 {
    t.div_euclid(86_400)
}

/// One order (Shopify: its line items merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// Order id: the number itself when all digits, else a 127-bit hash with the top bit set.
    pub key: u128,
    /// Interned customer, or [`NO_CUSTOMER`].
    pub customer: u32,
    /// Creation time.
    pub created: Stamp,
    /// Paid amount in cents.
    pub paid: i64,
    /// Refunded amount in cents.
    pub refund: i64,
    /// Items bought.
    pub items: u32,
    /// Region of the shipping address, or [`NO_REGION`].
    pub region: u16,
    /// A valid order: paid, not closed, not fully refunded (status rules of metrics.md).
    pub valid: bool,
}

impl Order {
    /// Revenue of a valid order: paid minus refunded, never below 0; 0 for others.
    pub fn revenue(&self) -> i64 {
        if self.valid {
            self.paid.saturating_sub(self.refund).max(0)
        } else {
            0
        }
    }
}

/// One customer profile row.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Interned customer.
    pub customer: u32,
    /// Gender.
    pub gender: Gender,
    /// Age from the age column (1..=119).
    pub age: Option<u8>,
    /// Birth date as a day number.
    pub birth: Option<i64>,
    /// Region, or [`NO_REGION`].
    pub region: u16,
    /// Member level: 0 = ordinary member, n = VIPn; None when unknown or absent.
    pub member_level: Option<u8>,
    /// Interned source label, or [`NO_LABEL`].
    pub source: u32,
    /// Interned tag labels.
    pub tags: Vec<u32>,
    /// Interned values of every column (for conversion by any customers-file column).
    pub cells: Vec<u32>,
}

/// One interest event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interest {
    /// Interned customer.
    pub customer: u32,
    /// When.
    pub time: Stamp,
}

/// One outbound call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// Interned agent label.
    pub agent: u32,
    /// Interned customer or [`NO_CUSTOMER`].
    pub customer: u32,
    /// When the call was made.
    pub time: Stamp,
    /// Talk time in seconds.
    pub duration: u32,
    /// Whether someone answered.
    pub connected: bool,
    /// Whether the call led to an order.
    pub ordered: bool,
}

/// One after-sales ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    /// Interned type label (退货, 投诉, …) or [`NO_LABEL`].
    pub ticket_type: u32,
    /// Interned channel label or [`NO_LABEL`].
    pub channel: u32,
    /// Created.
    pub created: Stamp,
    /// First response.
    pub first_response: Option<Stamp>,
    /// Resolved.
    pub resolved: Option<Stamp>,
    /// Status is 已解决 or 已关闭 (or resolved/closed).
    pub is_resolved: bool,
    /// Satisfaction 1..=5.
    pub satisfaction: Option<u8>,
}

/// What one file contributed.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Orders (kind orders).
    pub orders: Vec<Order>,
    /// Profiles (kind customers).
    pub profiles: Vec<Profile>,
    /// Header of a customers file (for conversion by any column).
    pub profile_header: Vec<String>,
    /// Interest events.
    pub interest: Vec<Interest>,
    /// Calls.
    pub calls: Vec<Call>,
    /// Tickets.
    pub tickets: Vec<Ticket>,
}

/// One file that was read: its summary (the report's `inputs[]` entry) and its rows.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// The summary.
    pub summary: crate::ingest::IngestSummary,
    /// Its rows.
    pub table: Table,
}

/// What was read: every file's rows, and the customer keys, regions and labels their ids point
/// into. The report and the member lists are functions of a `Store` (and a config) alone; how
/// the files came in (chunks, parts, options, budget) is the workspace's business.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// The files, in the order they were added (a file added again replaces its earlier self).
    pub files: Vec<FileEntry>,
    /// Customer keys.
    pub customers: Customers,
    /// Region keys.
    pub regions: Regions,
    /// Labels (sources, tags, agents, ticket types, column values).
    pub labels: Interner,
}

impl Store {
    /// Whether a file of this kind was read.
    pub fn has(&self, kind: crate::model::Kind) -> bool {
        self.files.iter().any(|f| f.summary.kind == Some(kind))
    }

    /// The tables of every file, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> + '_ {
        self.files.iter().map(|f| &f.table)
    }

    /// The summaries of all files, in the order they were added.
    pub fn summaries(&self) -> Vec<crate::ingest::IngestSummary> {
        self.files.iter().map(|f| f.summary.clone()).collect()
    }

    /// Removes a file; true when it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.summary.name != name);
        before != self.files.len()
    }

    /// Whether nothing was interned yet: no file, no key, no label beyond the 34 provinces.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.customers.is_empty()
            && self.labels.is_empty()
            && self.regions.len() == crate::ingest::values::PROVINCES.len()
    }

    /// Takes in the files of `other`, a store that read other files on its own, as if they had
    /// been read here after the files already here: its customer keys, regions and labels are
    /// interned here in its own first-seen order, so every id, and so every output, is what
    /// reading the files one after the other gives. A file of the same name is replaced, as
    /// adding it again does.
    pub fn absorb(&mut self, other: Store) {
        if self.is_empty() {
            // nothing here yet: its keys become ours as they are (no copy, no remap)
            *self = other;
            return;
        }
        let cust: Vec<u32> =
            (0..other.customers.len() as u32).map(|i| self.customers.intern_from(&other.customers, i)).collect();
        let reg: Vec<u16> =
            (0..other.regions.len()).map(|i| self.regions.intern(other.regions.name(i as u16))).collect();
        let lab: Vec<u32> = (0..other.labels.len() as u32).map(|i| self.labels.intern(other.labels.name(i))).collect();
        let c = |x: u32| if x == NO_CUSTOMER { x } else { cust.get(x as usize).copied().unwrap_or(NO_CUSTOMER) };
        let r = |x: u16| if x == NO_REGION { x } else { reg.get(usize::from(x)).copied().unwrap_or(NO_REGION) };
        let l = |x: u32| if x == NO_LABEL { x } else { lab.get(x as usize).copied().unwrap_or(NO_LABEL) };
        for mut f in other.files {
            let t = &mut f.table;
            for o in &mut t.orders {
                o.customer = c(o.customer);
                o.region = r(o.region);
            }
            for p in &mut t.profiles {
                p.customer = c(p.customer);
                p.region = r(p.region);
                p.source = l(p.source);
                p.tags.iter_mut().for_each(|x| *x = l(*x));
                p.cells.iter_mut().for_each(|x| *x = l(*x));
            }
            for i in &mut t.interest {
                i.customer = c(i.customer);
            }
            for k in &mut t.calls {
                k.agent = l(k.agent);
                k.customer = c(k.customer);
            }
            for k in &mut t.tickets {
                k.ticket_type = l(k.ticket_type);
                k.channel = l(k.channel);
            }
            self.remove(&f.summary.name);
            self.files.push(f);
        }
    }
}

/// Regions: the 34 canonical Chinese provinces first (ids 0..34), then other countries'
/// `country/state` keys as they come.
#[derive(Debug, Clone)]
pub struct Regions {
    inner: Interner,
}

impl Default for Regions {
    fn default() -> Self {
        let mut inner = Interner::default();
        for p in crate::ingest::values::PROVINCES {
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

/// 128-bit key of an order id: digits as the number, anything else hashed with the top bit set.
pub fn order_key(id: &str) -> u128 {
    let b = id.as_bytes();
    if !b.is_empty() && b.len() <= 38 && b.iter().all(u8::is_ascii_digit) {
        // up to 19 digits fit a u64: 128-bit multiplication is a library call in wasm
        let (head, tail) = b.split_at(b.len().min(19));
        let mut v64: u64 = 0;
        for d in head {
            v64 = v64 * 10 + u64::from(d - b'0');
        }
        let mut v = u128::from(v64);
        for d in tail {
            v = v * 10 + u128::from(d - b'0');
        }
        return v;
    }
    (1u128 << 127)
        | (u128::from(hash64(b, 0x9E37_79B9_7F4A_7C15)) << 63)
        | u128::from(hash64(b, 0xC2B2_AE3D_27D4_EB4F) >> 1)
}

/// A 64-bit FNV-1a-style hash with a seed, then a final avalanche (splitmix64).
pub fn hash64(b: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_are_exact_for_digits_and_distinct_for_text() {
        assert_eq!(order_key("3631582800001999147"), 3631582800001999147);
        assert_ne!(order_key("#1001"), order_key("#1002"));
        assert!(order_key("#1001") >> 127 == 1);
        assert_eq!(order_key("0"), 0);
        for n in ["9999999999999999999", "18446744073709551615", "18446744073709551616", &"9".repeat(38)] {
            assert_eq!(order_key(n), n.parse::<u128>().unwrap(), "{n}");
        }
        assert!(order_key(&"9".repeat(39)) >> 127 == 1);
    }

    #[test]
    fn customers_live_in_key_spaces() {
        let mut c = Customers::default();
        let a = c.intern(KeySpace::Nick, "alice");
        let b = c.intern(KeySpace::Email, "alice");
        assert_ne!(a, b);
        assert_eq!(c.intern(KeySpace::Nick, "alice"), a);
        assert_eq!(c.key(b), "alice");
    }

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

    #[test]
    fn regions_start_with_the_34_provinces() {
        let mut r = Regions::default();
        assert_eq!(
            r.intern("浙江省") as usize,
            crate::ingest::values::PROVINCES.iter().position(|p| *p == "浙江省").unwrap()
        );
        let us = r.intern("US/California");
        assert_eq!(us, 34);
        assert_eq!(r.name(NO_REGION), "未知");
    }
}

//! The customer key table: interned keys, each tagged with its key space.

use super::interner::{Interner, Names};
use crate::model::KeySpace;

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

    /// The key text of an id with its key-space tag (`n:alice`, `e:a@b.cn`): the one text that
    /// tells the customers apart ([`Customers::tag_key`]).
    pub fn tagged(&self, id: u32) -> &str {
        self.inner.name(id)
    }

    /// The key space of an id (None for an id out of range).
    pub fn space(&self, id: u32) -> Option<KeySpace> {
        if id as usize >= self.inner.len() {
            return None;
        }
        let tag = *self.inner.name(id).as_bytes().first()?;
        KeySpace::ALL.into_iter().find(|s| s.tag() == tag)
    }

    /// The id of a key of one key space, without interning it.
    pub fn get(&self, space: KeySpace, key: &str) -> Option<u32> {
        let mut text = String::with_capacity(key.len() + 2);
        Self::tag_key(&mut text, space);
        text.push_str(key);
        self.inner.get(&text)
    }

    /// Number of distinct customer keys seen in any file.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// The id of a key as the customer sees it (`alice`, an e-mail, …), in the first key space
    /// that has it ([`KeySpace::ALL`]).
    pub fn find(&self, key: &str) -> Option<u32> {
        let mut text = String::with_capacity(key.len() + 2);
        KeySpace::ALL.iter().find_map(|space| {
            text.clear();
            Self::tag_key(&mut text, *space);
            text.push_str(key);
            self.inner.get(&text)
        })
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_live_in_key_spaces() {
        let mut c = Customers::default();
        let a = c.intern(KeySpace::Nick, "alice");
        let b = c.intern(KeySpace::Email, "alice");
        assert_ne!(a, b);
        assert_eq!(c.intern(KeySpace::Nick, "alice"), a);
        assert_eq!(c.key(b), "alice");
        assert_eq!((c.tagged(a), c.tagged(b)), ("n:alice", "e:alice"));
    }
}

//! Hashing and open-addressing primitives shared by the interners and the id set.

/// The first bucket of `hash` in an open-addressing table of `slots` (a power of two) slots
/// (Fibonacci hashing: the product's high bits depend on every bit of the hash).
pub(super) fn bucket(hash: u64, slots: usize) -> usize {
    let bits = slots.trailing_zeros();
    if bits == 0 || bits >= 64 {
        return 0;
    }
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The slot count an open-addressing table of `slots` slots needs to hold `want` entries under
/// the load `num/den`: None when it already does, else the next doubling that does.
pub(super) fn grown_capacity(slots: usize, want: usize, (num, den): (usize, usize)) -> Option<usize> {
    if want.saturating_mul(den) <= slots.saturating_mul(num) {
        return None;
    }
    let mut cap = slots.max(16);
    while want.saturating_mul(den) > cap.saturating_mul(num) {
        cap = cap.saturating_mul(2);
    }
    Some(cap)
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
    fn grown_capacity_table() {
        // (slots, want, load) → new slot count
        type Case = (usize, usize, (usize, usize), Option<usize>);
        let cases: &[Case] = &[
            (0, 0, (7, 8), None),
            (0, 1, (7, 8), Some(16)),
            (16, 14, (7, 8), None),
            (16, 15, (7, 8), Some(32)),
            (16, 100, (1, 2), Some(256)),
            (1024, 1000, (7, 8), Some(2048)),
        ];
        for &(slots, want, load, grown) in cases {
            assert_eq!(grown_capacity(slots, want, load), grown, "{slots} {want} {load:?}");
        }
    }

    #[test]
    fn buckets_stay_in_the_table() {
        for slots in [1usize, 2, 16, 1 << 20] {
            for h in [0u64, 1, 0x9E37_79B9_7F4A_7C15, u64::MAX, hash64(b"x", 0)] {
                assert!(bucket(h, slots) < slots, "{h} {slots}");
            }
        }
        assert_eq!(bucket(u64::MAX, 1), 0);
        // the high bits pick the bucket: neighbours spread
        assert_ne!(bucket(1, 1 << 16), bucket(2, 1 << 16));
    }

    #[test]
    fn hash64_depends_on_bytes_and_seed() {
        // (bytes, seed) pairs that must hash apart
        type Input = (&'static [u8], u64);
        let cases: &[(Input, Input)] =
            &[((b"a", 0), (b"b", 0)), ((b"a", 0), (b"a", 1)), ((b"", 0), (b"\0", 0)), ((b"ab", 0), (b"ba", 0))];
        for &((a, sa), (b, sb)) in cases {
            assert_ne!(hash64(a, sa), hash64(b, sb), "{a:?}/{sa} vs {b:?}/{sb}");
            assert_eq!(hash64(a, sa), hash64(a, sa));
        }
    }
}

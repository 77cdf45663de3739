//! Long loops in short calls. A wasm engine (V8, SpiderMonkey) compiles a function first to
//! baseline code and swaps in optimised code only between calls, never inside one. The report's
//! passes run once per report, each over millions of rows, so as single calls they would run
//! baseline code from start to end (measured: the first report of 1M orders in Node took 1.9×
//! as long as the next). [`each_chunk`] calls its body once per [`CHUNK`] items, through a
//! function pointer the optimiser cannot inline, so after the first few chunks the rest run
//! optimised. Natively it costs one indirect call per chunk.
//!
//! What it cannot remove (measured at 1M orders in Node 20, 2026-12-07): with every function
//! compiled optimised before the first call (`--no-liftoff --no-wasm-lazy-compilation`) the
//! first report still takes ~100 ms longer than the next, the cost of the memory it is the first
//! to touch; the rest of the first call's extra time is code waiting for its optimised version.

/// Items per call.
pub const CHUNK: usize = 1 << 16;

/// Calls `f(start, chunk)` for each [`CHUNK`] items of `items` in order (`start`: the index of
/// the chunk's first item).
#[inline(never)]
pub fn each_chunk<T>(items: &[T], f: &mut dyn FnMut(usize, &[T])) {
    for (k, c) in items.chunks(CHUNK).enumerate() {
        f(k * CHUNK, std::hint::black_box(c));
    }
}

/// [`each_chunk`] over the index range `0..n`.
#[inline(never)]
pub fn each_range(n: usize, f: &mut dyn FnMut(std::ops::Range<usize>)) {
    let mut lo = 0;
    while lo < n {
        let hi = n.min(lo + CHUNK);
        f(std::hint::black_box(lo..hi));
        lo = hi;
    }
}

/// Calls `f(i)` for each `i` in `0..n`, each in its own call (for a loop whose every step is
/// already a long one, such as a range of customers).
#[inline(never)]
pub fn each_index(n: usize, f: &mut dyn FnMut(usize)) {
    for i in 0..n {
        f(std::hint::black_box(i));
    }
}

/// `items.iter().map(f).collect()`, [`CHUNK`] items per call.
pub fn map_chunks<T, U>(items: &[T], mut f: impl FnMut(&T) -> U) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    each_chunk(items, &mut |_, c| out.extend(c.iter().map(&mut f)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_visited_once_in_order_with_its_index() {
        let v: Vec<usize> = (0..(2 * CHUNK + 5)).collect();
        let mut seen = Vec::new();
        each_chunk(&v, &mut |start, c| {
            assert_eq!(c.first().copied(), Some(start));
            seen.extend_from_slice(c);
        });
        assert_eq!(seen, v);
        let mut ranges = Vec::new();
        each_range(v.len(), &mut |r| ranges.push(r));
        assert_eq!(ranges, vec![0..CHUNK, CHUNK..2 * CHUNK, 2 * CHUNK..2 * CHUNK + 5]);
        each_range(0, &mut |_| panic!("no call for nothing"));
        assert_eq!(map_chunks(&v, |x| x * 2), v.iter().map(|x| x * 2).collect::<Vec<_>>());
    }
}

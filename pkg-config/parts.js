// Where a big file is cut to be read in parts (shared by client.js, fs.js and the tests).

/**
 * The first reader's part is this much of one part longer than each helper's: a helper also
 * starts an engine of its own, reads the file's first chunk again (to find the same header) and
 * sends its rows back as bytes, so with equal parts the first reader waits for it. Measured on
 * the 1M-order bench files, alternating runs: wasm in Node (a worker thread starts per file)
 * 2.36 → 1.84 s, median of 3 pairs; in Chromium, where the helpers start while the header is
 * read, within noise (2.12 and 2.06 s).
 */
export const FIRST_PART_BONUS = 0.15;

/**
 * Where the `k`th cut (1 ≤ k < n) of the bytes `[from, size)` into `n` parts falls, before it is
 * moved to just after the next line end.
 * @param {number} from @param {number} size @param {number} k @param {number} n
 * @returns {number}
 */
export function cutAt(from, size, k, n) {
  return from + Math.floor(((size - from) * (k + FIRST_PART_BONUS)) / (n + FIRST_PART_BONUS));
}

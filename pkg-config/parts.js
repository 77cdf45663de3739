// Where a big file is cut to be read in parts (shared by client.js, fs.js and the tests).

/**
 * The first reader's part is this much of one part longer than each helper's: a helper also
 * reads the file's first chunk again (to find the same header), starts an engine of its own and
 * sends its rows back as bytes, so with equal parts the first reader would wait for it
 * (measured in Chromium on the 1M-order export: the helper's part arrived 0.1-0.3 s after the
 * first reader's end with equal parts, with the first reader at 1.15 parts about when it ends).
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

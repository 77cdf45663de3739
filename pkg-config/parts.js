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

/** Bytes looked at after a cut for the line end it moves to. */
const WINDOW = 65536;

/**
 * The parts of the bytes `[from, size)`: `n` of them (fewer when a cut finds no line end in the
 * bytes after it), as `[start, end]` pairs, each later one starting just after a line end.
 * `window(at, len)` gives the file's bytes from `at` (at most `len` of them).
 * @param {number} from @param {number} size @param {number} n
 * @param {(at: number, len: number) => Uint8Array | Promise<Uint8Array>} window
 * @returns {Promise<[number, number][]>}
 */
export async function cutParts(from, size, n, window) {
  const bounds = [from];
  for (let k = 1; k < n; k++) {
    const at = cutAt(from, size, k, n);
    const nl = (await window(at, Math.min(WINDOW, size - at))).indexOf(10);
    const cut = at + nl + 1;
    if (nl >= 0 && cut > bounds[bounds.length - 1] && cut < size) bounds.push(cut);
  }
  bounds.push(size);
  return bounds.slice(1).map((to, i) => /** @type {[number, number]} */ ([bounds[i], to]));
}

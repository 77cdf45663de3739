// Where a big file is cut to be read in parts, and how long its helpers are kept (shared by
// client.js, fs.js and the tests).

/**
 * Helpers (Web Workers in the page, threads in Node) left idle this long are stopped, which
 * returns their wasm memory; until then the next big file (an export usually comes with
 * others) starts on them at once.
 */
export const HELPER_IDLE_MS = 3000;

/**
 * The first reader's part is this much of one part longer than each helper's: a helper also
 * reads the file's first chunk again (to find the same header) and sends its rows back as bytes,
 * and for a file's first big part it may still be starting its engine, so with equal parts the
 * first reader waits for it. Measured on the 1M-order bench files, alternating runs:
 * - Node (`customer-insights/fs`, helper threads kept between files and running the main
 *   thread's compiled module): 0.15 — the helper's part of the orders file then arrives within a
 *   few ms of the main thread's end (with a fresh thread per part, 0 → 0.15 took 2.36 → 1.84 s);
 * - the page (WorkspaceClient, helper Web Workers that read the `File` themselves): 0.25 — with
 *   0.15 the orders file's helper arrived a median 190 ms after the first reader finished, with
 *   0.25 33 ms (5 runs each); drop → report 2.90 → 2.81 s.
 */
export const FIRST_PART_BONUS = { node: 0.15, page: 0.25 };

/**
 * Where the `k`th cut (1 ≤ k < n) of the bytes `[from, size)` into `n` parts falls, before it is
 * moved to just after the next line end; the first part is `bonus` of a part longer.
 * @param {number} from @param {number} size @param {number} k @param {number} n
 * @param {number} bonus
 * @returns {number}
 */
export function cutAt(from, size, k, n, bonus) {
  return from + Math.floor(((size - from) * (k + bonus)) / (n + bonus));
}

/** Bytes looked at after a cut for the line end it moves to. */
const WINDOW = 65536;

/**
 * The parts of the bytes `[from, size)`: `n` of them (fewer when a cut finds no line end in the
 * bytes after it), as `[start, end]` pairs, each later one starting just after a line end.
 * `window(at, len)` gives the file's bytes from `at` (at most `len` of them); the first part is
 * `bonus` of a part longer ({@link FIRST_PART_BONUS}).
 * @param {number} from @param {number} size @param {number} n
 * @param {(at: number, len: number) => Uint8Array | Promise<Uint8Array>} window
 * @param {number} bonus
 * @returns {Promise<[number, number][]>}
 */
export async function cutParts(from, size, n, window, bonus) {
  const bounds = [from];
  for (let k = 1; k < n; k++) {
    const at = cutAt(from, size, k, n, bonus);
    const nl = (await window(at, Math.min(WINDOW, size - at))).indexOf(10);
    const cut = at + nl + 1;
    if (nl >= 0 && cut > bounds[bounds.length - 1] && cut < size) bounds.push(cut);
  }
  bounds.push(size);
  return bounds.slice(1).map((to, i) => /** @type {[number, number]} */ ([bounds[i], to]));
}

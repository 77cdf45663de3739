// Reading a big file in parts, once for the page (client.js, worker.js: Web Workers) and Node
// (fs.js, part-worker.js: worker threads): the sizes, where a file is cut, the main reader's
// loop over the parts and a helper's reading of one part (shared also with the tests).

/** Default chunk size: 4 MiB. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** Default size past its first chunk from which a file is read in parts by helpers. */
export const PART_MIN = 16 * 1024 * 1024;

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

/**
 * How a file is read in parts (the part of {@link readInParts} that differs between the page and
 * Node).
 * @typedef {object} PartsReader
 * @property {number} head Bytes already pushed (the first chunk, with the header).
 * @property {number} size The file's size.
 * @property {number} helpers Helpers that may read later parts (0: none).
 * @property {number} partMin Bytes after `head` from which the file is read in parts.
 * @property {number} bonus {@link FIRST_PART_BONUS} of the platform.
 * @property {() => boolean | Promise<boolean>} canReadInParts The engine's `canReadInParts`.
 * @property {(at: number, len: number) => Uint8Array | Promise<Uint8Array>} window The file's bytes from `at`.
 * @property {(parts: [number, number][]) => Promise<Promise<Uint8Array | null>[]>} startReads Starts a
 *   helper on each later part; each read resolves to the part as bytes, or null when it failed.
 * @property {(to: number) => void | Promise<void>} pushTo Pushes the bytes up to `to` on this side.
 * @property {(bytes: Uint8Array) => boolean | Promise<boolean>} absorb The engine's `absorbPart`;
 *   false (not a throw) when the part is refused.
 * @property {(i: number, to: number) => void} [taken] The `i`th later part, up to `to`, was taken in.
 */

/**
 * Reads the bytes after `head` in parts when the file is big enough and the engine can: this
 * side pushes the first part while helpers read the others, then the parts are taken in, in
 * order, until one cannot be (it began inside a quoted field, or its helper failed); the caller
 * then pushes everything from the returned `sent` on itself.
 * @param {PartsReader} r
 * @returns {Promise<{sent: number, parts: number, taken: number} | null>} null when the file
 *   was not read in parts (nothing was pushed)
 */
export async function readInParts(r) {
  if (!(r.size - r.head >= r.partMin && r.helpers > 0 && (await r.canReadInParts()))) return null;
  const parts = await cutParts(r.head, r.size, r.helpers + 1, r.window, r.bonus);
  if (parts.length < 2) return null;
  const reads = await r.startReads(parts.slice(1));
  await r.pushTo(parts[0][1]);
  let sent = parts[0][1];
  let taken = 0;
  for (const [i, read] of reads.entries()) {
    const bytes = await read;
    // a part taken in counts as pushed; one that cannot be is pushed by the caller instead, with
    // everything after it (bytes that do not read as a part are refused too: nothing was taken
    // from them)
    if (!bytes || !(await r.absorb(bytes))) break;
    sent = parts[i + 1][1];
    taken += 1;
    r.taken?.(i, sent);
  }
  return { sent, parts: parts.length, taken };
}

/**
 * The engine calls a helper reads a part with (a `Workspace` of its own).
 * @typedef {Pick<import("./customer_insights.js").Workspace,
 *   "setOptions" | "beginFile" | "push" | "beginPart" | "pushPart" | "finishPart">} PartWorkspace
 */

/** Line ends (LF) in `b`: a helper's count of the rows of its part so far, for progress. @param {Uint8Array} b */
export function countLines(b) {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * A helper's reading of the part `[from, to)` of a file into `w`, a workspace of its own: the
 * file's first `head` bytes first, pushed as the main reader pushed them (so that it finds the
 * same header and layout), then the part. Resolves to the part as bytes for the main reader's
 * `absorbPart`, or null when the file cannot be read in parts.
 * @param {PartWorkspace} w
 * @param {{name: string, options: import("./customer_insights.js").FileOptions, head: number, from: number, to: number, last: boolean}} job
 *   `last`: the part ends the file.
 * @param {(from: number, to: number, push: (bytes: Uint8Array) => void) => void | Promise<void>} pushRange
 *   Reads the file's bytes `[from, to)` in chunks into `push`.
 * @param {(bytes: number, rows: number) => void} [progress] Bytes of the part pushed so far, and
 *   its lines so far (about its rows: a quoted cell may span lines), after each chunk.
 * @returns {Promise<Uint8Array | null>}
 */
export async function readPartInto(w, job, pushRange, progress) {
  w.setOptions(job.name, job.options);
  w.beginFile(job.name, undefined); // (no size: the part reserves for its own rows)
  await pushRange(0, job.head, (b) => w.push(b));
  if (!w.beginPart(job.to - job.from)) return null;
  let done = 0;
  let lines = 0;
  await pushRange(job.from, job.to, (b) => {
    w.pushPart(b);
    done += b.length;
    if (progress) {
      lines += countLines(b);
      progress(done, lines);
    }
  });
  return w.finishPart(job.last);
}

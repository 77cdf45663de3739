// `WorkspaceClient`: the Workspace methods as Promises over a module Web Worker, so parsing
// and reporting never block the page. Messages are `{id, method, args}` → `{id, ok, value |
// error}`; file bytes travel as transferables, a File or Blob is streamed in chunks with
// beginFile / push / finishFile and reports progress. Errors come back as real `Error`s with
// `name`, `code` and (when known) `file`. If the worker dies (a Rust panic aborts the wasm
// instance), pending calls reject with `code: "internal_panic"` and a new worker is started
// with an empty workspace (listen to the "restart" event to add the files again).

/** @typedef {import("./customer_insights.js").IngestSummary} IngestSummary */
/** @typedef {import("./customer_insights.js").Report} Report */
/** @typedef {import("./customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("./customer_insights.js").MemberSelector} MemberSelector */
/** @typedef {import("./customer_insights.js").CsvOptions} CsvOptions */
/** @typedef {import("./customer_insights.js").CustomerRecord} CustomerRecord */
/** @typedef {import("./customer_insights.js").CustomerQuery} CustomerQuery */
/** @typedef {import("./customer_insights.js").CustomerList} CustomerList */
/** @typedef {import("./customer_insights.js").Member} Member */
/** @typedef {import("./customer_insights.js").MemberPage} MemberPage */
/** @typedef {import("./customer_insights.js").PageQuery} PageQuery */
/** @typedef {import("./customer_insights.js").FileOptions} FileOptions */
/** @typedef {import("./customer_insights.js").Progress} Progress */

/**
 * Progress of one file being read.
 * @typedef {object} FileProgress
 * @property {string} name The file's name.
 * @property {number} bytes Bytes sent so far.
 * @property {number} total The file's size in bytes.
 * @property {number} rows Rows seen so far.
 */

/** Options of a WorkspaceClient (each documented with its @default in types.d.ts). */
/** @typedef {import("./types.js").ClientOptions} ClientOptions */

/**
 * A file for {@link WorkspaceClient#addFile}: a File/Blob (streamed), or bytes.
 * @typedef {Blob | Uint8Array | ArrayBuffer} FileSource
 */

import { CHUNK_SIZE, FIRST_PART_BONUS, HELPER_IDLE_MS, PART_MIN, readInParts } from "./parts.js";

export { CHUNK_SIZE, PART_MIN };

/** Helper workers by default: one per core beyond the first, at most 3. */
function defaultHelpers() {
  const cores = typeof navigator === "object" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 1;
  return Math.max(0, Math.min(3, cores - 1));
}

/**
 * An `Error` as the engine throws it, from its plain form (the fields the worker copies).
 * @param {{name?: string, message?: string, code?: string, file?: string}} plain
 * @returns {import("./types.js").ClientError}
 */
export function rebuildError(plain) {
  const e = /** @type {import("./types.js").ClientError} */ (new Error(plain.message ?? "error"));
  e.name = plain.name ?? "CustomerInsightsError";
  e.code = /** @type {import("./types.js").ClientError["code"]} */ (plain.code ?? "internal_panic");
  if (plain.file !== undefined) e.file = plain.file;
  return e;
}

export class WorkspaceClient extends EventTarget {
  /** @param {ClientOptions} [options] */
  constructor(options = {}) {
    super();
    /** @type {string | URL} */
    this.workerUrl = options.workerUrl ?? new URL("./worker.js", import.meta.url);
    /** @type {number} */
    this.chunkSize = options.chunkSize ?? CHUNK_SIZE;
    /** @type {number} */
    this.helpers = Math.max(0, Math.floor(options.helpers ?? defaultHelpers()));
    /** @type {number} */
    this.partMin = options.partMin ?? PART_MIN;
    /** Helper workers (clients of their own), started on the first big file. @type {WorkspaceClient[]} */
    this._helpers = [];
    /** Stops idle helpers (their wasm memory keeps its peak while they live). @type {ReturnType<typeof setTimeout> | undefined} */
    this._idle = undefined;
    /** @type {Map<number, (bytes: number, rows?: number) => void>} */
    this._progress = new Map();
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this._pending = new Map();
    this._nextId = 1;
    /** Files are read one at a time (the engine has one "current" file). */
    /** @type {Promise<unknown>} */
    this._fileQueue = Promise.resolve();
    /** @type {Worker | null} */
    this._worker = null;
    this._closed = false;
    this._start();
  }

  _start() {
    const w = new Worker(this.workerUrl, { type: "module", name: "customer-insights" });
    w.addEventListener("message", (ev) => this._onMessage(/** @type {MessageEvent} */ (ev).data));
    w.addEventListener("error", (ev) => {
      ev.preventDefault();
      this._crash(`the engine's worker failed: ${ev.message || "error"}`);
    });
    w.addEventListener("messageerror", () => this._crash("a message could not be read"));
    this._worker = w;
  }

  /**
   * @param {{id: number, ok: boolean, value?: unknown, error?: Record<string, any>, fatal?: boolean, progress?: number, rows?: number}} msg
   */
  _onMessage(msg) {
    if (msg.progress !== undefined) {
      this._progress.get(msg.id)?.(/** @type {number} */ (msg.progress), msg.rows);
      return;
    }
    const p = this._pending.get(msg.id);
    if (msg.fatal) {
      this._crash(msg.error?.message ?? "the engine crashed");
      return;
    }
    if (!p) return;
    this._pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(rebuildError(msg.error ?? {}));
  }

  /**
   * Rejects everything pending and (unless closed) starts a new worker.
   * @param {string} message @param {string} [code] @default "internal_panic"
   */
  _crash(message, code = "internal_panic") {
    const pending = [...this._pending.values()];
    this._pending.clear();
    this._worker?.terminate();
    this._worker = null;
    for (const p of pending) p.reject(rebuildError({ name: "CustomerInsightsError", code, message }));
    if (!this._closed) {
      this._start();
      this.dispatchEvent(new CustomEvent("restart", { detail: { message } }));
    }
  }

  /**
   * Calls a Workspace method in the worker.
   * @param {string} method
   * @param {unknown[]} args
   * @param {Transferable[]} [transfer]
   * @param {(bytes: number, rows?: number) => void} [onProgress] Progress a helper's `readPart`
   *   posts (bytes of its part, and its lines so far).
   * @returns {Promise<any>}
   */
  call(method, args, transfer = [], onProgress = undefined) {
    if (this._closed || !this._worker)
      return Promise.reject(rebuildError({ code: "bad_sequence", message: "the client is closed" }));
    const id = this._nextId++;
    const worker = this._worker;
    if (onProgress) this._progress.set(id, onProgress);
    /** @type {Promise<any>} */
    const done = new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args }, transfer);
    });
    return onProgress ? done.finally(() => this._progress.delete(id)) : done;
  }

  /**
   * Reads a file in the worker, in chunks, reporting progress.
   * @param {string} name The file's name (it identifies the file in the workspace).
   * @param {FileSource} source The file.
   * @param {(p: FileProgress) => void} [onProgress] Called after each chunk.
   *   @default undefined
   * @returns {Promise<IngestSummary>}
   */
  addFile(name, source, onProgress) {
    const run = () => this._addFile(name, source, onProgress);
    const next = this._fileQueue.then(run, run);
    this._fileQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * @param {string} name
   * @param {FileSource} source
   * @param {(p: FileProgress) => void} [onProgress]
   */
  async _addFile(name, source, onProgress) {
    const blob =
      source instanceof Blob ? source : new Blob([source instanceof Uint8Array ? new Uint8Array(source) : source]);
    const total = blob.size;
    /** @param {FileProgress} p */
    const report = (p) => {
      onProgress?.(p);
      this.dispatchEvent(new CustomEvent("progress", { detail: p }));
    };
    // a big file: the helpers start loading the engine now, while the header is read
    clearTimeout(this._idle);
    if (total - this.chunkSize >= this.partMin) for (let i = 0; i < this.helpers; i++) this._helper(i);
    await this.call("beginFile", [name, total]);
    let sent = 0;
    let rows = 0;
    try {
      report({ name, bytes: 0, total, rows: 0 });
      // The next chunk is read from the file while the worker parses this one: reading a 4 MiB
      // slice of a dropped File takes milliseconds that would otherwise add up per chunk.
      const read = (/** @type {number} */ from, /** @type {number} */ to) => {
        const r = blob.slice(from, Math.min(to, from + this.chunkSize)).arrayBuffer();
        r.catch(() => undefined); // awaited below; this only keeps an abandoned read quiet
        return r;
      };
      /** Pushes the bytes `[sent, to)`; `helped`, `helpedRows`: what the helpers have read meanwhile. */
      const pushUpTo = async (
        /** @type {number} */ to,
        /** @type {() => number} */ helped = () => 0,
        /** @type {() => number} */ helpedRows = () => 0,
      ) => {
        let next = sent < to ? read(sent, to) : null;
        while (sent < to && next) {
          const end = Math.min(to, sent + this.chunkSize);
          const chunk = new Uint8Array(await next);
          next = end < to ? read(end, to) : null;
          /** @type {Progress} */
          const p = await this.call("push", [chunk], [chunk.buffer]);
          sent = end;
          rows = p.rows;
          report({ name, bytes: Math.min(total, sent + helped()), total, rows: rows + helpedRows() });
        }
      };
      // the first chunk (the header), then the rest: in parts on helper workers when it is big
      await pushUpTo(Math.min(total, this.chunkSize));
      const head = sent;
      // what each helper has read of its part so far: bytes, and lines (≈ rows), so that the
      // progress counts up while the helpers read and not only when their parts are taken in
      const done = Array.from({ length: this.helpers }, () => 0);
      const lines = Array.from({ length: this.helpers }, () => 0);
      const helped = () => done.reduce((a, b) => a + b, 0);
      const helpedRows = () => lines.reduce((a, b) => a + b, 0);
      /** rows read on this side, and by the helpers (parts taken in count in `rows` once pushed) */
      const rowsNow = () => rows + helpedRows();
      const how = await readInParts({
        head,
        size: total,
        helpers: this.helpers,
        partMin: this.partMin,
        bonus: FIRST_PART_BONUS.page,
        canReadInParts: () => this.call("canReadInParts", []),
        window: async (at, len) => new Uint8Array(await blob.slice(at, at + len).arrayBuffer()),
        startReads: async (later) => {
          const options = await this.call("fileOptions", [name]);
          return later.map(([from, to], i) => {
            const h = this._helper(i);
            const r = h.call("readPart", [name, options, blob, head, from, to, this.chunkSize], [], (b, n) => {
              done[i] = b;
              lines[i] = n ?? 0;
              report({ name, bytes: Math.min(total, sent + helped()), total, rows: rowsNow() });
            });
            return r.catch(() => null);
          });
        },
        pushTo: (to) => pushUpTo(to, helped, helpedRows),
        absorb: (bytes) => this.call("absorbPart", [bytes], [bytes.buffer]).catch(() => false),
        taken: (i, to) => {
          sent = to;
          done[i] = 0;
          rows += lines[i];
          lines[i] = 0;
          report({ name, bytes: Math.min(total, sent + helped()), total, rows: rowsNow() });
        },
      });
      // how the file was read: in `parts` parts, `taken` of the later ones read by helpers
      if (how) this.dispatchEvent(new CustomEvent("parts", { detail: { name, parts: how.parts, taken: how.taken } }));
      await pushUpTo(total);
    } catch (e) {
      // push failed: the engine already dropped the file; make sure nothing stays half-read.
      await this.call("abortFile", []).catch(() => undefined);
      throw e;
    } finally {
      // helpers that read a part hold its peak memory: stopped when no file follows soon
      if (this._helpers.length) this._idle = setTimeout(() => this._stopHelpers(), HELPER_IDLE_MS);
    }
    return /** @type {Promise<IngestSummary>} */ (this.call("finishFile", []));
  }

  /** Stops the helper workers (started again for the next big file). */
  _stopHelpers() {
    clearTimeout(this._idle);
    for (const h of this._helpers) h.close();
    this._helpers = [];
  }

  /**
   * Options for a file; resolves true when the file must be added again.
   * @param {string} name @param {FileOptions} options @returns {Promise<boolean>}
   */
  setOptions(name, options) {
    return this.call("setOptions", [name, options]);
  }
  /**
   * A manual column mapping `{role: header}`; resolves true when the file must be added again.
   * @param {string} name @param {Record<string, string>} mapping @returns {Promise<boolean>}
   */
  setMapping(name, mapping) {
    return this.call("setMapping", [name, mapping]);
  }
  /** @param {string} name @returns {Promise<boolean>} */
  removeFile(name) {
    return this.call("removeFile", [name]);
  }
  /** @returns {Promise<IngestSummary[]>} */
  files() {
    return this.call("files", []);
  }
  /**
   * A memory budget in bytes.
   * @param {number} [bytes] @default undefined (no budget) @returns {Promise<void>}
   */
  setBudget(bytes) {
    return this.call("setBudget", [bytes]);
  }
  /**
   * The report.
   * @param {ReportConfig} [config] @default {} @returns {Promise<Report>}
   */
  report(config) {
    return this.call("report", [config]);
  }
  /**
   * The report as the CLI prints it.
   * @param {ReportConfig} [config] @default {} @returns {Promise<string>}
   */
  reportJson(config) {
    return this.call("reportJson", [config]);
  }
  /**
   * The report as an XLSX workbook, the CLI's `--format xlsx` bytes; `options.lang` names
   * sheets and headers in that language.
   * @param {ReportConfig} [config] @default {} @param {CsvOptions} [options] @default {}
   * @returns {Promise<Uint8Array>}
   */
  reportXlsx(config, options) {
    return this.call("reportXlsx", [config, options]);
  }
  /**
   * Members of a segment, tag or lifecycle stage.
   * @param {MemberSelector} selector @param {ReportConfig} [config] @default {} @returns {Promise<Member[]>}
   */
  members(selector, config) {
    return this.call("members", [selector, config]);
  }
  /**
   * A page of the members (`{offset, limit}`, default the first 200) and how many there are in
   * all: what a list on screen needs, without making every row of a big list.
   * @param {MemberSelector} selector @param {PageQuery} [page] @default {}
   * @param {ReportConfig} [config] @default {} @returns {Promise<MemberPage>}
   */
  membersPage(selector, page, config) {
    return this.call("membersPage", [selector, page, config]);
  }
  /**
   * Members as CSV (formula cells neutralised); `options.lang` writes headers and values in that
   * language, with the stable codes in two last columns.
   * @param {MemberSelector} selector @param {ReportConfig} [config] @default {}
   * @param {CsvOptions} [options] @default {} @returns {Promise<string>}
   */
  membersCsv(selector, config, options) {
    return this.call("membersCsv", [selector, config, options]);
  }
  /**
   * Members as an XLSX workbook with the columns of `membersCsv`.
   * @param {MemberSelector} selector @param {ReportConfig} [config] @default {}
   * @param {CsvOptions} [options] @default {} @returns {Promise<Uint8Array>}
   */
  membersXlsx(selector, config, options) {
    return this.call("membersXlsx", [selector, config, options]);
  }
  /**
   * One customer's record (客户档案); an unknown key rejects with `unknown_customer`.
   * @param {string} key @param {ReportConfig} [config] @default {} @returns {Promise<CustomerRecord>}
   */
  customer(key, config) {
    return this.call("customer", [key, config]);
  }
  /**
   * A page of the customer list.
   * @param {CustomerQuery} [query] `{search, kind, limit, offset}` @default {}
   * @param {ReportConfig} [config] @default {} @returns {Promise<CustomerList>}
   */
  customers(query, config) {
    return this.call("customers", [query, config]);
  }

  /** The `i`th helper worker, started when first needed. @param {number} i */
  _helper(i) {
    while (this._helpers.length <= i)
      this._helpers.push(new WorkspaceClient({ workerUrl: this.workerUrl, helpers: 0 }));
    return this._helpers[i];
  }

  /** Stops the worker (and the helpers); pending calls reject. */
  close() {
    this._closed = true;
    this._stopHelpers();
    this._crash("the client was closed", "bad_sequence");
  }
}

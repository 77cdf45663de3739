// The dashboard's session, without a DOM: the files read into one workspace (with their
// options and manual mappings), the report config and the draft tags, and the report. It
// recomputes the report one request at a time (requests made while one runs are coalesced into
// one more run, with the config as it is then), reads the files again after the engine's worker
// restarted (a Rust panic), and keeps errors as data. `<customer-insights>` (element.js) renders
// it; the tests drive it with a fake client in Node.
//
// Events (plain `Event`s unless noted; the state is read off the session):
// - `files`: the file list or a file's state changed.
// - `progress`: CustomEvent<FileProgress>, after each chunk of a file being read.
// - `busy`: `busy` changed.
// - `report`: CustomEvent<Report>, a report was computed.
// - `error`: CustomEvent<{error: ClientError, file?: string}>, a file or a report failed.
// - `status`: `error`, `tagsError` or `settingsError` changed.
// - `refreshed`: a run of reports ended (after every request it coalesced).
// - `restart`: the worker restarted; the files are being read again.

import { fromConfig, toConfig } from "./ui/tags.js";
import { sniffHeader } from "./ui/errors.js";

/** @typedef {import("./customer_insights.js").Report} Report */
/** @typedef {import("./customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {import("./customer_insights.js").IngestSummary} IngestSummary */
/** @typedef {import("./customer_insights.js").MemberSelector} MemberSelector */
/** @typedef {import("./customer_insights.js").Member} Member */
/** @typedef {import("./customer_insights.js").MemberPage} MemberPage */
/** @typedef {import("./customer_insights.js").PageQuery} PageQuery */
/** @typedef {import("./customer_insights.js").CustomerRecord} CustomerRecord */
/** @typedef {import("./customer_insights.js").CustomerQuery} CustomerQuery */
/** @typedef {import("./customer_insights.js").CustomerList} CustomerList */
/** @typedef {import("./customer_insights.js").FileOptions} FileOptions */
/** @typedef {import("./customer_insights.js").CsvOptions} CsvOptions */
/** @typedef {import("./client.js").FileProgress} FileProgress */
/** @typedef {import("./ui/tags.js").DraftTag} DraftTag */
/** @typedef {import("./ui/errors.js").Sniffed} Sniffed */

/**
 * An error as the client rejects with (`code` may be missing on errors from elsewhere);
 * `restart` marks the one the session records when the worker restarted.
 * @typedef {Error & {code?: string, file?: string, restart?: boolean}} SessionError
 */

/**
 * What the session needs of a {@link import("./client.js").WorkspaceClient}.
 * @typedef {Pick<import("./client.js").WorkspaceClient,
 *   "addFile" | "setOptions" | "removeFile" | "files" | "setBudget" | "report" | "reportXlsx" | "members" | "membersPage" | "membersCsv" | "membersXlsx" | "customer" | "customers"
 *   | "addEventListener" | "removeEventListener">} SessionClient
 */

/**
 * One file of the session.
 * @typedef {import("./ui/files.js").FileEntry & {options: FileOptions | null, seq: number, header?: string[] | null}} SessionFile
 *   `options`: what {@link InsightsSession#setOptions} / {@link InsightsSession#setMapping} set
 *   (replayed after a restart); `seq`: when it was last read into the workspace (a file whose
 *   options changed is read again, and so comes after the others there); `header`: the cells of
 *   its first line (how a saved analysis recognises a file of another name with the same columns).
 */

/** The summary of a file that could not be read at all. @param {string} name @param {string} message */
function failedSummary(name, message) {
  return /** @type {IngestSummary} */ ({
    name,
    kind: null,
    platform: null,
    encoding: null,
    bom: false,
    container: null,
    rows_total: 0,
    rows_used: 0,
    rows_skipped: {},
    customer_key: [],
    rows_without_key: 0,
    errors: [],
    columns: {},
    header: [],
    unknown_status: {},
    replaced_bytes: false,
    error: { code: "internal_panic", message },
  });
}

export class InsightsSession extends EventTarget {
  /** @param {SessionClient | null} [client] @default null (see {@link InsightsSession#attach}) */
  constructor(client = null) {
    super();
    /** @type {SessionClient | null} */
    this._client = null;
    /** The files, in the order they were added (a file added again keeps its place). @type {SessionFile[]} */
    this.files = [];
    /** The report config without tags. @type {ReportConfig} */
    this.config = {};
    /** The tags as edited (`config.tags` is made from them). @type {DraftTag[]} */
    this.tags = [];
    /** The analysis date used when `config.as_of` is not set. @type {string | null} */
    this.asOf = null;
    /**
     * The latest date in the data: the `as_of` of the last report computed without one (the
     * engine's default is the latest order date). Analysis dates after it are refused by the
     * settings form. @type {string | null}
     */
    this.latest = null;
    /**
     * Options for files by name from a saved analysis (restored or imported): a file of that
     * name added later is read with them. @type {Record<string, FileOptions>}
     */
    this.savedOptions = {};
    /** The first line's cells of the files of `savedOptions`, by name. @type {Record<string, string[]>} */
    this.savedHeaders = {};
    /** The memory budget in bytes. @type {number | undefined} */
    this.budget = undefined;
    /** The latest report computed. @type {Report | null} */
    this.report = null;
    /** The error to show (a report, member list or restart). @type {SessionError | null} */
    this.error = null;
    /** A `bad_config` error while tags are set. @type {SessionError | null} */
    this.tagsError = null;
    /** A `bad_config` error without tags. @type {SessionError | null} */
    this.settingsError = null;
    /** The error of the latest report request, null once one succeeded. @type {SessionError | null} */
    this.lastError = null;
    /** Report runs going on (0 or 1). */
    this.busy = 0;
    /** @type {Promise<Report | null> | null} */
    this._running = null;
    this._dirty = false;
    this._seq = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this._timer = undefined;
    this._onRestart = () => void this._restarted();
    if (client) this.attach(client);
  }

  /** The client in use, or null. */
  get client() {
    return this._client;
  }

  /**
   * Uses `client` from now on (its workspace is taken as holding this session's files) and
   * passes it the memory budget.
   * @param {SessionClient} client
   */
  attach(client) {
    this.detach();
    this._client = client;
    client.addEventListener("restart", this._onRestart);
    this._applyBudget();
  }

  /** Stops using the client (the caller closes it) and a pending delayed refresh. */
  detach() {
    clearTimeout(this._timer);
    this._client?.removeEventListener("restart", this._onRestart);
    this._client = null;
  }

  /** @param {string} type @param {unknown} [detail] */
  _emit(type, detail) {
    this.dispatchEvent(detail === undefined ? new Event(type) : new CustomEvent(type, { detail }));
  }

  /** The config the report is computed with: `config`, `asOf` and the tags with a condition. @returns {ReportConfig} */
  effectiveConfig() {
    /** @type {ReportConfig} */
    const c = { ...this.config };
    if (this.asOf && !c.as_of) c.as_of = this.asOf;
    const tags = toConfig(this.tags).filter((x) => x.conditions.length > 0);
    if (tags.length) c.tags = tags;
    return c;
  }

  /** A memory budget in bytes (kept, and passed to a restarted worker). @param {number | undefined} bytes */
  setBudget(bytes) {
    this.budget = bytes;
    this._applyBudget();
  }

  _applyBudget() {
    void this._client?.setBudget(this.budget).catch(() => undefined);
  }

  // ------------------------------------------------------------------ files

  /**
   * Reads files (one after the other) and recomputes the report. A file with a name already
   * present replaces it, in its place, with its options.
   * @param {{name: string, blob: Blob}[]} list
   * @returns {Promise<IngestSummary[]>} one summary per file (with `error` when unreadable)
   */
  async addFiles(list) {
    /** Files new to the session that a saved analysis has options for. @type {Set<SessionFile>} */
    const saved = new Set();
    /** Files new to the session without options of their name. @type {Set<SessionFile>} */
    const fresh = new Set();
    const entries = list.map(({ name, blob }) => {
      const old = this.files.findIndex((x) => x.name === name);
      /** @type {SessionFile} */
      const e = {
        name,
        blob,
        state: "reading",
        bytes: 0,
        rows: 0,
        summary: null,
        error: null,
        code: null,
        sniff: null,
        options: old >= 0 ? this.files[old].options : (this.savedOptions[name] ?? null),
        seq: 0,
      };
      if (old < 0 && this.savedOptions[name]) saved.add(e);
      else if (old < 0) fresh.add(e);
      if (old >= 0) this.files.splice(old, 1, e);
      else this.files.push(e);
      return e;
    });
    this._emit("files");
    /** @type {IngestSummary[]} */
    const out = [];
    for (const e of entries) {
      e.header = await sniffHeader(e.blob).then(
        (s) => (s.binary || !s.header.length ? null : s.header),
        () => null,
      );
      const like = fresh.has(e) ? this._sameColumns(e) : null;
      if (like) {
        e.options = like;
        saved.add(e);
      }
      if (saved.has(e) && e.options) await this._client?.setOptions(e.name, e.options).catch(() => undefined);
      out.push(await this._read(e));
    }
    await this.refresh();
    return out;
  }

  /** @param {SessionFile} e @returns {Promise<IngestSummary>} */
  async _read(e) {
    const client = this._client;
    e.seq = ++this._seq;
    e.code = null;
    e.sniff = null;
    if (!client) {
      e.state = "error";
      e.error = "no engine";
      e.code = "bad_sequence";
      this._emit("files");
      return failedSummary(e.name, e.error);
    }
    try {
      const s = await client.addFile(e.name, e.blob, (p) => {
        e.bytes = p.bytes;
        e.rows = p.rows;
        this._emit("progress", p);
      });
      e.summary = s;
      e.state = s.error ? "error" : "done";
      e.code = s.error?.code ?? null;
    } catch (err) {
      const error = /** @type {SessionError} */ (err);
      e.state = "error";
      e.error = error.message;
      e.code = error.code ?? null;
      const listed = (await client.files().catch(() => [])).find((x) => x.name === e.name);
      e.summary = listed ?? null;
      this._emit("error", { error, file: e.name });
    }
    // a file without a known header: its first line, for the operator to say what it is and
    // map its columns (the engine's summary of it has no header)
    if (e.code === "no_header" || e.code === "bad_mapping") e.sniff = await sniffHeader(e.blob).catch(() => null);
    this._emit("files");
    return e.summary ?? failedSummary(e.name, e.error ?? "");
  }

  /** The files that could not be read. @returns {SessionFile[]} */
  failedFiles() {
    return this.files.filter((f) => f.state === "error");
  }

  /** Whether any file was read (the report has something to show). */
  hasUsable() {
    return this.files.some((f) => f.state === "done");
  }

  /** Marks `e` as about to be read again. @param {SessionFile} e */
  _reset(e) {
    e.state = "reading";
    e.bytes = 0;
    e.rows = 0;
  }

  /**
   * Options for a file (kept, and set again after a restart); a file already read is read again.
   * @param {string} name @param {FileOptions} options
   */
  async setOptions(name, options) {
    const e = this.files.find((f) => f.name === name);
    if (!e || !this._client) return;
    e.options = options;
    await this._client.setOptions(name, options);
    this._reset(e);
    this._emit("files");
    await this._read(e);
    await this.refresh();
  }

  /**
   * A manual column mapping `{role: header}` for a file (kept in its options, as the engine
   * does); the file is read again.
   * @param {string} name @param {Record<string, string>} mapping
   */
  async setMapping(name, mapping) {
    const e = this.files.find((f) => f.name === name);
    if (!e) return;
    await this.setOptions(name, { ...(e.options ?? {}), mapping });
  }

  /**
   * Every file's options by name: the saved analysis's for files not read (yet), and the
   * options of the files read. @returns {Record<string, FileOptions>}
   */
  mappings() {
    /** @type {Record<string, FileOptions>} */
    const out = { ...this.savedOptions };
    for (const f of this.files) if (f.options) out[f.name] = f.options;
    return out;
  }

  /**
   * The cells of the first line of each file in {@link InsightsSession#mappings}, where known.
   * @returns {Record<string, string[]>}
   */
  headers() {
    /** @type {Record<string, string[]>} */
    const out = {};
    const names = new Set(Object.keys(this.mappings()));
    for (const [name, h] of Object.entries(this.savedHeaders)) if (names.has(name)) out[name] = h;
    for (const f of this.files) if (f.header && names.has(f.name)) out[f.name] = f.header;
    return out;
  }

  /**
   * The options of a file of another name whose first line is the same as `e`'s (a saved
   * analysis's file, or one read here): next month's export under a new name reads as this
   * month's did. @param {SessionFile} e @returns {FileOptions | null}
   */
  _sameColumns(e) {
    if (!e.header) return null;
    const sig = JSON.stringify(e.header);
    for (const f of this.files)
      if (f !== e && f.options && f.header && JSON.stringify(f.header) === sig) return f.options;
    for (const [name, h] of Object.entries(this.savedHeaders))
      if (this.savedOptions[name] && JSON.stringify(h) === sig) return this.savedOptions[name];
    return null;
  }

  /** Removes a file and recomputes (or drops the report when no file is left). @param {string} name */
  async removeFile(name) {
    this.files = this.files.filter((f) => f.name !== name);
    await this._client?.removeFile(name);
    this._emit("files");
    if (this.files.length === 0) {
      this.report = null;
      this.latest = null;
      this._emit("refreshed");
    } else await this.refresh();
  }

  /** The worker restarted with an empty workspace: set the budget and read the files again. */
  async _restarted() {
    this._applyBudget();
    this.error = Object.assign(new Error("the engine restarted"), { code: "internal_panic", restart: true });
    this._emit("status");
    this._emit("restart");
    const again = this.files.filter((f) => f.state !== "reading").sort((a, b) => a.seq - b.seq);
    for (const e of again) this._reset(e);
    this._emit("files");
    for (const e of again) {
      if (e.options) await this._client?.setOptions(e.name, e.options).catch(() => undefined);
      await this._read(e);
    }
    await this.refresh();
  }

  // ------------------------------------------------------------------ config and report

  /**
   * Replaces the config (its `tags` become the draft tags) and recomputes.
   * @param {ReportConfig} config
   * @returns {Promise<Report>} the report, or rejects with the error it gave
   */
  async setConfig(config) {
    this.config = { ...(config ?? {}) };
    if (config?.tags) {
      this.tags = fromConfig(config.tags);
      delete this.config.tags;
    }
    const r = await this.refresh(true);
    if (!r || this.lastError) throw this.lastError ?? new Error("no report");
    return r;
  }

  /**
   * Takes a saved analysis's config (its `tags` become the draft tags) and file options: files
   * already read whose options differ are read again with them, files added later are read with
   * theirs. Recomputes when there are files.
   * @param {{config: ReportConfig, mappings: Record<string, FileOptions>, headers?: Record<string, string[]>}} a
   * @returns {Promise<Report | null>}
   */
  async applyAnalysis(a) {
    const { tags, ...config } = a.config ?? {};
    this.config = config;
    this.tags = tags ? fromConfig(tags) : [];
    this.savedOptions = { ...(a.mappings ?? {}) };
    this.savedHeaders = { ...(a.headers ?? {}) };
    for (const e of [...this.files]) {
      const o = this.savedOptions[e.name];
      if (o && JSON.stringify(o) !== JSON.stringify(e.options)) await this.setOptions(e.name, o);
    }
    return this.refresh();
  }

  /**
   * Replaces the config, tags kept, and recomputes.
   * @param {ReportConfig} config @returns {Promise<Report | null>}
   */
  applySettings(config) {
    this.config = config;
    return this.refresh(true);
  }

  /** The tags were edited: recomputes after `delay` ms without another edit. @param {number} [delay] @default 350 */
  tagsChanged(delay = 350) {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this.refresh(), delay);
  }

  /** The current report, computed if needed. @returns {Promise<Report>} */
  async ensureReport() {
    if (this._running) await this._running;
    if (!this.report) await this.refresh(true);
    if (!this.report) throw this.lastError ?? new Error("no report");
    return this.report;
  }

  /**
   * Recomputes the report. One request runs at a time: a request while one runs makes it run
   * once more when it ends (with the config as it is then), and resolves after that.
   * @param {boolean} [force] also when no file is loaded
   *   @default false
   * @returns {Promise<Report | null>} the latest report (an older one when this run failed)
   */
  async refresh(force = false) {
    if (this._running) {
      this._dirty = true;
      return this._running;
    }
    const client = this._client;
    if (!client || (!force && this.files.length === 0 && !this.report)) return null;
    /** @type {(r: Report | null) => void} */
    let done = () => undefined;
    this._running = new Promise((resolve) => {
      done = resolve;
    });
    this._setBusy(1);
    try {
      do {
        this._dirty = false;
        try {
          const config = this.effectiveConfig();
          const r = await client.report(config);
          if (!config.as_of) this.latest = r.as_of ?? null;
          this.report = r;
          this.error = null;
          this.tagsError = null;
          this.settingsError = null;
          this.lastError = null;
          this._emit("report", r);
        } catch (err) {
          const error = /** @type {SessionError} */ (err);
          this.lastError = error;
          if (error.code === "bad_config" && this.tags.length) this.tagsError = error;
          else if (error.code === "bad_config") this.settingsError = error;
          else this.error = error;
          this._emit("error", { error });
        }
        this._emit("status");
      } while (this._dirty && this._client === client);
    } finally {
      // cleared before anyone awaiting this run goes on: a request made then starts a new run
      this._running = null;
      this._setBusy(-1);
      done(this.report);
    }
    this._emit("refreshed");
    return this.report;
  }

  /** @param {number} d */
  _setBusy(d) {
    this.busy += d;
    this._emit("busy");
  }

  // ------------------------------------------------------------------ members

  /**
   * The members of a segment, tag or stage; on failure the error is also kept as `error`.
   * @param {MemberSelector} selector @param {ReportConfig} [config] @default the effective config
   * @returns {Promise<Member[]>}
   */
  async members(selector, config = this.effectiveConfig()) {
    return this._member(() => /** @type {SessionClient} */ (this._client).members(selector, config));
  }

  /**
   * A page of the members and how many there are in all; on failure the error is also kept as
   * `error`.
   * @param {MemberSelector} selector @param {PageQuery} [page] `{offset, limit}` @default {} (the first 200)
   * @param {ReportConfig} [config] @default the effective config
   * @returns {Promise<MemberPage>}
   */
  async membersPage(selector, page = {}, config = this.effectiveConfig()) {
    return this._member(() => /** @type {SessionClient} */ (this._client).membersPage(selector, page, config));
  }

  /**
   * The members as CSV; on failure the error is also kept as `error`.
   * @param {MemberSelector} selector @param {ReportConfig} [config] @default the effective config
   * @param {CsvOptions} [options] `{lang}`: headers and values in that language, the codes in two
   *   last columns.
   *   @default undefined (the engine's codes)
   * @returns {Promise<string>}
   */
  async membersCsv(selector, config = this.effectiveConfig(), options = undefined) {
    return this._member(() => /** @type {SessionClient} */ (this._client).membersCsv(selector, config, options));
  }

  /**
   * The members as an XLSX workbook (the columns of {@link InsightsSession#membersCsv}); on
   * failure the error is also kept as `error`.
   * @param {MemberSelector} selector @param {ReportConfig} [config] @default the effective config
   * @param {CsvOptions} [options] `{lang}` as for CSV @default undefined
   * @returns {Promise<Uint8Array>}
   */
  async membersXlsx(selector, config = this.effectiveConfig(), options = undefined) {
    return this._member(() => /** @type {SessionClient} */ (this._client).membersXlsx(selector, config, options));
  }

  /**
   * The whole report as an XLSX workbook (the CLI's `--format xlsx` bytes); on failure the error
   * is also kept as `error`.
   * @param {ReportConfig} [config] @default the effective config
   * @param {CsvOptions} [options] `{lang}`: sheet names and headers in that language @default undefined
   * @returns {Promise<Uint8Array>}
   */
  async reportXlsx(config = this.effectiveConfig(), options = undefined) {
    return this._member(() => /** @type {SessionClient} */ (this._client).reportXlsx(config, options));
  }

  /**
   * One customer's record (客户档案); an unknown key rejects with `unknown_customer` (kept as
   * `error` like any other failure).
   * @param {string} key @param {ReportConfig} [config] @default the effective config
   * @returns {Promise<CustomerRecord>}
   */
  async customer(key, config = this.effectiveConfig()) {
    return this._member(() => /** @type {SessionClient} */ (this._client).customer(key, config));
  }

  /**
   * A page of the customer list (`{search, kind, limit, offset}`).
   * @param {CustomerQuery} query @param {ReportConfig} [config] @default the effective config
   * @returns {Promise<CustomerList>}
   */
  async customers(query, config = this.effectiveConfig()) {
    return this._member(() => /** @type {SessionClient} */ (this._client).customers(query, config));
  }

  /**
   * @template T
   * @param {() => Promise<T>} call
   * @returns {Promise<T>}
   */
  async _member(call) {
    try {
      if (!this._client) throw Object.assign(new Error("the session has no engine"), { code: "bad_sequence" });
      return await call();
    } catch (err) {
      this.error = /** @type {SessionError} */ (err);
      this._emit("status");
      throw err;
    }
  }
}

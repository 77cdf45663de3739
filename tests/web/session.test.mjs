// The dashboard's session (pkg-config/session.js) in Node, driven by a fake WorkspaceClient:
// report requests coalesce, files are read again in their order with their options after the
// worker restarts, and errors end up as data. No wasm and no DOM needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "./lib/paths.mjs";

const { InsightsSession } = await import(join(ROOT, "pkg-config", "session.js"));

/** An Error as the client rejects with. */
const clientError = (code, message, extra = {}) =>
  Object.assign(new Error(message), { name: "CustomerInsightsError", code, ...extra });

/**
 * A fake WorkspaceClient over a fake workspace: files in the order they were read, options by
 * name (setOptions drops a file already read, as the engine does), and a "report" that lists
 * what it was computed from. `gate` holds report calls until released; `failReport` makes the
 * next report calls reject; `crash()` rejects what is pending, empties the workspace and
 * dispatches "restart", as the real client does when its worker dies.
 */
class FakeClient extends EventTarget {
  constructor() {
    super();
    /** @type {{name: string, text: string}[]} */
    this.ws = [];
    /** @type {Map<string, object>} */
    this.options = new Map();
    this.budget = undefined;
    this.calls = [];
    /** @type {object[]} */
    this.reports = [];
    this.gated = false;
    /** @type {(() => void)[]} */
    this.waiting = [];
    /** @type {Set<(e: Error) => void>} */
    this.pending = new Set();
    /** @type {Error[]} */
    this.failReport = [];
    /** @type {Map<string, Error>} */
    this.failFile = new Map();
  }
  /** Resolves with f() unless a crash comes first. */
  _run(f) {
    return new Promise((resolve, reject) => {
      this.pending.add(reject);
      const go = async () => {
        await new Promise((r) => setImmediate(r));
        if (!this.pending.delete(reject)) return;
        try {
          resolve(await f());
        } catch (e) {
          reject(e);
        }
      };
      void go();
    });
  }
  release() {
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }
  crash() {
    const p = [...this.pending];
    this.pending.clear();
    for (const reject of p) reject(clientError("internal_panic", "the engine crashed: unreachable"));
    this.ws = [];
    this.options = new Map();
    this.budget = undefined;
    this.dispatchEvent(new CustomEvent("restart", { detail: { message: "unreachable" } }));
  }
  addFile(name, blob, onProgress) {
    this.calls.push(["addFile", name]);
    return this._run(async () => {
      const text = await blob.text();
      onProgress?.({ name, bytes: blob.size, total: blob.size, rows: 1 });
      const fail = this.failFile.get(name);
      if (fail) throw fail;
      this.ws = this.ws.filter((f) => f.name !== name);
      this.ws.push({ name, text });
      return { name, kind: "orders", rows_used: 1, error: null };
    });
  }
  setOptions(name, options) {
    this.calls.push(["setOptions", name, options]);
    return this._run(() => {
      this.options.set(name, options);
      const had = this.ws.some((f) => f.name === name);
      this.ws = this.ws.filter((f) => f.name !== name);
      return had;
    });
  }
  removeFile(name) {
    this.calls.push(["removeFile", name]);
    return this._run(() => {
      const had = this.ws.some((f) => f.name === name);
      this.ws = this.ws.filter((f) => f.name !== name);
      return had;
    });
  }
  files() {
    return this._run(() => this.ws.map((f) => ({ name: f.name, kind: "orders", error: null })));
  }
  setBudget(bytes) {
    this.calls.push(["setBudget", bytes]);
    return this._run(() => {
      this.budget = bytes;
    });
  }
  report(config) {
    this.calls.push(["report", config]);
    const snapshot = structuredClone(config ?? {});
    return this._run(async () => {
      if (this.gated) await new Promise((r) => this.waiting.push(r));
      const fail = this.failReport.shift();
      if (fail) throw fail;
      const r = {
        config: snapshot,
        files: this.ws.map((f) => ({ name: f.name, text: f.text, options: this.options.get(f.name) ?? null })),
        budget: this.budget,
        tags: [],
      };
      this.reports.push(r);
      return r;
    });
  }
  members(selector, config) {
    this.calls.push(["members", selector, config]);
    return this._run(() => {
      if (selector.tag === "missing") throw clientError("bad_argument", "no such tag");
      return [{ customer: "c1" }];
    });
  }
  membersPage(selector, page, config) {
    this.calls.push(["membersPage", selector, page, config]);
    return this._run(() => {
      if (selector.tag === "missing") throw clientError("bad_argument", "no such tag");
      return { total: 1, members: [{ customer: "c1" }] };
    });
  }
  membersCsv(selector, config, options) {
    this.calls.push(["membersCsv", selector, config, options]);
    return this._run(() => "customer\nc1\n");
  }
  membersXlsx(selector, config, options) {
    this.calls.push(["membersXlsx", selector, config, options]);
    return this._run(() => new Uint8Array([0x50, 0x4b]));
  }
  reportXlsx(config, options) {
    this.calls.push(["reportXlsx", config, options]);
    return this._run(() => new Uint8Array([0x50, 0x4b]));
  }
  customer(key, config) {
    this.calls.push(["customer", key, config]);
    return this._run(() => {
      if (key !== "c1") throw clientError("unknown_customer", `no customer ${key}`);
      return { summary: { customer: "c1" }, kind: "buyer", orders: [] };
    });
  }
  customers(query, config) {
    this.calls.push(["customers", query, config]);
    return this._run(() => ({ total: 1, customers: [{ customer: "c1" }] }));
  }
}

const file = (name, text = name) => ({ name, blob: new Blob([text]) });
const reportCalls = (c) => c.calls.filter((x) => x[0] === "report");

test("three changes while a report runs give at most two reports, the last with the final config", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  await s.addFiles([file("a.csv")]);
  const before = reportCalls(c).length;
  c.gated = true;
  const results = [];
  for (const as_of of ["2024-01-01", "2024-06-30", "2024-12-31"]) {
    s.config = { as_of };
    results.push(s.refresh());
  }
  assert.equal(s.busy, 1);
  c.gated = false;
  c.release();
  const got = await Promise.all(results);
  const calls = reportCalls(c).slice(before);
  assert.ok(calls.length <= 2, `${calls.length} reports for 3 changes`);
  assert.deepEqual(calls.at(-1)[1], { as_of: "2024-12-31" });
  // every caller gets the report made with the final config
  for (const r of got) assert.deepEqual(r.config, { as_of: "2024-12-31" });
  assert.equal(s.report.config.as_of, "2024-12-31");
  assert.equal(s.busy, 0);
});

test("a refresh requested when a run has ended (from its refreshed listener) starts a new run", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  await s.addFiles([file("a.csv")]);
  /** @type {Promise<unknown> | null} */
  let again = null;
  s.addEventListener(
    "refreshed",
    () => {
      s.config = { as_of: "2025-01-01" };
      again = s.refresh();
    },
    { once: true },
  );
  await s.refresh();
  await again;
  assert.deepEqual(s.report.config, { as_of: "2025-01-01" }, "the request made as the run ended was dropped");
  assert.equal(s.busy, 0);
});

test("after a worker crash the files are read again in their order, with their options, and the report is the same", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  s.setBudget(1 << 20);
  s.config = { as_of: "2024-12-31" };
  await s.addFiles([file("a.csv", "A"), file("b.csv", "B"), file("c.csv", "C")]);
  // a mapping for a.csv: the engine drops it and it is read again, after b and c
  await s.setMapping("a.csv", { customer: "买家" });
  await s.setOptions("b.csv", { encoding: "gbk" });
  const want = await s.ensureReport();
  assert.deepEqual(
    want.files.map((f) => f.name),
    ["c.csv", "a.csv", "b.csv"],
  );
  assert.deepEqual(want.budget, 1 << 20);

  // the worker dies while a report runs
  c.gated = true;
  const inflight = s.refresh(true);
  let shown = null;
  s.addEventListener(
    "restart",
    () => {
      shown = s.error;
    },
    { once: true },
  );
  c.crash();
  c.gated = false;
  assert.equal(shown?.restart, true, "no restart error shown");
  await inflight;
  assert.equal(s.error?.code, "internal_panic");
  while (s.busy || s.files.some((f) => f.state === "reading")) await new Promise((r) => setImmediate(r));
  assert.deepEqual(s.report, want);
  assert.equal(s.error, null, "the restart error stays after a good report");
  assert.deepEqual(
    s.files.map((f) => [f.name, f.state]),
    [
      ["a.csv", "done"],
      ["b.csv", "done"],
      ["c.csv", "done"],
    ],
  );
});

test("errors are data: bad_config goes to tags or settings, a file error to its file, members to error", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  /** @type {any[]} */
  const events = [];
  s.addEventListener("error", (e) => events.push(e.detail));

  c.failFile.set("bad.csv", clientError("unreadable", "not a table", { file: "bad.csv" }));
  const summaries = await s.addFiles([file("good.csv"), file("bad.csv")]);
  assert.equal(summaries[0].error, null);
  assert.equal(summaries[1].error.code, "internal_panic"); // unknown to the engine: a stand-in summary
  assert.deepEqual(
    s.files.map((f) => [f.name, f.state, f.error]),
    [
      ["good.csv", "done", null],
      ["bad.csv", "error", "not a table"],
    ],
  );
  assert.equal(events[0].file, "bad.csv");
  assert.equal(events[0].error.code, "unreadable");

  c.failReport.push(clientError("bad_config", "rfm.method: unknown"));
  const kept = s.report;
  assert.equal(await s.applySettings({ rfm: { method: "nope" } }), kept, "a failed run resolves to the last report");
  assert.equal(s.settingsError?.message, "rfm.method: unknown");
  assert.equal(s.tagsError, null);
  assert.equal(s.lastError?.code, "bad_config");

  s.tags.push({ name: "vip", match: "all", conditions: [{ field: "orders", op: ">=", text: "x" }] });
  c.failReport.push(clientError("bad_config", "tag vip: orders needs a number"));
  await s.refresh();
  assert.equal(s.tagsError?.message, "tag vip: orders needs a number");

  c.failReport.push(clientError("internal_panic", "boom"));
  await s.refresh();
  assert.equal(s.error?.message, "boom");

  await s.refresh();
  assert.deepEqual([s.error, s.tagsError, s.settingsError, s.lastError], [null, null, null, null]);

  await assert.rejects(s.members({ tag: "missing" }), /no such tag/);
  assert.equal(s.error?.code, "bad_argument");
  assert.deepEqual(await s.members({ tag: "vip" }), [{ customer: "c1" }]);
  await assert.rejects(s.membersPage({ tag: "missing" }, { limit: 5 }), /no such tag/);
  assert.equal(s.error?.code, "bad_argument");
  assert.deepEqual(await s.membersPage({ tag: "vip" }, { limit: 5 }), { total: 1, members: [{ customer: "c1" }] });
  assert.deepEqual(c.calls.at(-1), ["membersPage", { tag: "vip" }, { limit: 5 }, s.effectiveConfig()]);
});

test("setConfig takes tags from the config, rejects with the report's error, and members use the tags", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  await s.addFiles([file("a.csv")]);
  const r = await s.setConfig({
    as_of: "2024-12-31",
    tags: [{ name: "big", match: "all", conditions: [{ field: "revenue", op: ">=", value: 500 }] }],
  });
  assert.deepEqual(r.config, {
    as_of: "2024-12-31",
    tags: [{ name: "big", match: "all", conditions: [{ field: "revenue", op: ">=", value: 500 }] }],
  });
  assert.deepEqual(s.config, { as_of: "2024-12-31" });
  assert.equal(s.tags.length, 1);
  await s.members({ tag: "big" });
  assert.deepEqual(c.calls.at(-1)[2].tags[0].name, "big");

  c.failReport.push(clientError("bad_config", "as_of: not a date"));
  await assert.rejects(s.setConfig({ as_of: "2024-13-45" }), (e) => e.code === "bad_config");
});

test("removing the last file drops the report; asOf fills in as_of", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  s.asOf = "2024-05-01";
  await s.addFiles([file("a.csv")]);
  assert.equal(s.report.config.as_of, "2024-05-01");
  s.config = { as_of: "2024-06-01" };
  assert.equal(s.effectiveConfig().as_of, "2024-06-01");
  await s.removeFile("a.csv");
  assert.equal(s.report, null);
  assert.equal(await s.refresh(), null, "nothing to report on");
  assert.deepEqual(c.ws, []);
});

test("a file that fails keeps its code, and for unknown headers its first line; latest and the CSV language", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  c.failFile.set("erp.csv", clientError("no_header", "erp.csv: no recognisable header row", { file: "erp.csv" }));
  c.failFile.set("empty.csv", clientError("empty_file", "empty.csv: the file is empty", { file: "empty.csv" }));
  await s.addFiles([file("erp.csv", "单据编号,往来单位,价税合计\nA,B,1\n"), file("empty.csv", "")]);
  assert.deepEqual(
    s.files.map((f) => [f.name, f.state, f.code]),
    [
      ["erp.csv", "error", "no_header"],
      ["empty.csv", "error", "empty_file"],
    ],
  );
  assert.deepEqual(s.files[0].sniff, { binary: false, header: ["单据编号", "往来单位", "价税合计"] });
  assert.equal(s.files[1].sniff, null);
  assert.equal(s.hasUsable(), false);
  assert.deepEqual(
    s.failedFiles().map((f) => f.name),
    ["erp.csv", "empty.csv"],
  );
  // read as orders with a mapping: the file reads, and is no longer failed
  c.failFile.delete("erp.csv");
  await s.setOptions("erp.csv", { kind: "orders", mapping: { order_id: "单据编号" } });
  assert.deepEqual(
    s.files.map((f) => [f.name, f.state, f.code]),
    [
      ["erp.csv", "done", null],
      ["empty.csv", "error", "empty_file"],
    ],
  );
  assert.equal(s.hasUsable(), true);
  // latest: the as_of of a report computed without one, kept while one is set
  c.report = (config) => Promise.resolve({ as_of: config?.as_of ?? "2024-12-31" });
  await s.refresh();
  assert.equal(s.latest, "2024-12-31");
  await s.applySettings({ as_of: "2024-06-30" });
  assert.equal(s.latest, "2024-12-31");
  // the member CSV in a language
  await s.membersCsv({ lifecycle: "sleeping" }, {}, { lang: "zh-CN" });
  assert.deepEqual(c.calls.at(-1), ["membersCsv", { lifecycle: "sleeping" }, {}, { lang: "zh-CN" }]);
  // and as Excel workbooks, the report with the effective config by default
  const book = await s.membersXlsx({ audience: "interested" }, {}, { lang: "en" });
  assert.deepEqual(c.calls.at(-1), ["membersXlsx", { audience: "interested" }, {}, { lang: "en" }]);
  assert.deepEqual([...book], [0x50, 0x4b]);
  await s.reportXlsx(undefined, { lang: "zh-CN" });
  assert.deepEqual(c.calls.at(-1), ["reportXlsx", s.effectiveConfig(), { lang: "zh-CN" }]);
});

test("customer and customers go to the client with the effective config; unknown_customer is kept as error", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  await s.addFiles([file("a.csv")]);
  s.tags.push({ name: "vip", match: "all", conditions: [{ field: "orders", op: ">=", text: "2" }] });
  const list = await s.customers({ search: "c", limit: 10 });
  assert.equal(list.customers[0].customer, "c1");
  assert.deepEqual(c.calls.at(-1).slice(0, 2), ["customers", { search: "c", limit: 10 }]);
  assert.equal(c.calls.at(-1)[2].tags[0].name, "vip");
  assert.equal((await s.customer("c1")).kind, "buyer");
  assert.equal(c.calls.at(-1)[2].tags[0].name, "vip");
  await assert.rejects(s.customer("nobody"), (e) => e.code === "unknown_customer");
  assert.equal(s.error?.code, "unknown_customer");
});

test("a saved analysis: its options read a file added later, re-read a file whose options differ; tags become drafts", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  await s.addFiles([file("a.csv"), file("b.csv")]);
  const b = { kind: "customers" };
  const later = { kind: "orders", mapping: { order_id: "单号" } };
  const tag = { name: "t", match: "all", conditions: [{ field: "orders", op: ">=", value: 2 }] };
  await s.applyAnalysis({ config: { as_of: "2024-11-30", tags: [tag] }, mappings: { "b.csv": b, "later.csv": later } });
  assert.deepEqual(s.config, { as_of: "2024-11-30" });
  assert.equal(s.tags.length, 1);
  // b.csv was read again with its options, a.csv was not touched
  assert.deepEqual(
    c.calls.filter((x) => x[0] === "setOptions"),
    [["setOptions", "b.csv", b]],
  );
  let last = c.reports.at(-1);
  assert.deepEqual(last.config, { as_of: "2024-11-30", tags: [tag] });
  assert.deepEqual(
    last.files.map((f) => [f.name, f.options]),
    [
      ["a.csv", null],
      ["b.csv", b],
    ],
  );
  // a file of a saved name gets its options before it is read
  await s.addFiles([file("later.csv")]);
  const i = c.calls.findIndex((x) => x[0] === "setOptions" && x[1] === "later.csv");
  const j = c.calls.findIndex((x) => x[0] === "addFile" && x[1] === "later.csv");
  assert.ok(i >= 0 && i < j, JSON.stringify(c.calls));
  last = c.reports.at(-1);
  assert.deepEqual(last.files.at(-1), { name: "later.csv", text: "later.csv", options: later });
  assert.deepEqual(s.mappings(), { "b.csv": b, "later.csv": later });
  // an empty analysis: default config, no tags; the files keep what they were read with
  await s.applyAnalysis({ config: {}, mappings: {} });
  assert.deepEqual([s.config, s.tags, s.savedOptions], [{}, [], {}]);
  assert.deepEqual(s.mappings(), { "b.csv": b, "later.csv": later });
});

test("a file of another name with the same first line is read with the saved file's options", async () => {
  const c = new FakeClient();
  const s = new InsightsSession(c);
  const opts = { kind: "orders", mapping: { order_id: "单号", customer: "会员", amount: "实付", created: "时间" } };
  await s.applyAnalysis({
    config: {},
    mappings: { "十一月.csv": opts },
    headers: { "十一月.csv": ["单号", "会员", "实付", "时间"] },
  });
  await s.addFiles([
    file("十二月.csv", "单号,会员,实付,时间\nX-1,amy,12.50,2024-12-01\n"),
    file("other.csv", "id,who\n1,a\n"),
  ]);
  const last = c.reports.at(-1);
  assert.deepEqual(
    last.files.map((f) => [f.name, f.options]),
    [
      ["十二月.csv", opts],
      ["other.csv", null],
    ],
  );
  // and it is saved under its own name, with its first line
  assert.deepEqual(s.mappings()["十二月.csv"], opts);
  assert.deepEqual(s.headers()["十二月.csv"], ["单号", "会员", "实付", "时间"]);
  assert.equal(s.headers()["other.csv"], undefined);
});

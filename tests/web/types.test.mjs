// The hand-written .d.ts files agree with the code (pkg/, built by `make pkg`): the wasm
// Workspace's methods, the worker's dispatch list, WorkspaceClient's methods and fields and
// what types.d.ts declares for it are the same sets (up to the listed exceptions); each entry
// point's .d.ts exports what its .js exports; ClientError declares the fields the worker and
// client fill, and no other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { HERE, PKG } from "./lib/paths.mjs";

const ts = createRequire(join(HERE, "package.json"))("typescript");

/** Methods of a class's prototype (not the constructor, not `_private` ones). */
const methods = (cls) =>
  Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== "constructor" && !n.startsWith("_"));

/** A .d.ts (or .js) file parsed. */
const parse = (file) => ts.createSourceFile(file, readFileSync(join(PKG, file), "utf8"), ts.ScriptTarget.Latest, true);

/** Members of `class name` or `interface name` in a .d.ts, by kind. */
function declared(file, name) {
  const out = { methods: new Set(), properties: new Map() };
  for (const st of parse(file).statements) {
    if (!(ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)) || st.name?.text !== name) continue;
    for (const m of st.members) {
      if (!m.name) continue;
      const n = m.name.getText();
      if (ts.isMethodDeclaration(m) || ts.isMethodSignature(m)) out.methods.add(n);
      else if (ts.isPropertyDeclaration(m) || ts.isPropertySignature(m)) out.properties.set(n, !!m.questionToken);
    }
  }
  return out;
}

/** The worker's dispatch list (`const METHODS = new Set([...])` in worker.js), and `readPart`. */
function workerMethods() {
  const src = readFileSync(join(PKG, "worker.js"), "utf8");
  const m = src.match(/const METHODS = new Set\(\[([^\]]*)\]\)/);
  assert.ok(m, "worker.js has no METHODS list");
  return new Set([...m[1].matchAll(/"(\w+)"/g)].map((x) => x[1]));
}

/** The values (not types) a module exports, as the type checker sees them. */
function exportsOf(files) {
  const program = ts.createProgram(
    files.map((f) => join(PKG, f)),
    {
      allowJs: true,
      noEmit: true,
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  return files.map((f) => {
    const sf = program.getSourceFile(join(PKG, f));
    assert.ok(sf, `${f} not in the program`);
    const sym = checker.getSymbolAtLocation(sf);
    const value = (s) =>
      ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0;
    return new Set(
      sym
        ? checker
            .getExportsOfModule(sym)
            .filter(value)
            .map((s) => s.name)
        : [],
    );
  });
}

const sorted = (s) => [...s].sort();

/** Workspace methods the worker does not forward, and why. */
const NOT_FORWARDED = {
  free: "the worker owns its Workspace",
  beginPart: "a helper's own Workspace, inside readPart",
  pushPart: "a helper's own Workspace, inside readPart",
  finishPart: "a helper's own Workspace, inside readPart",
};
/** Dispatched methods WorkspaceClient has no method of the same name for, and why. */
const NO_CLIENT_METHOD = {
  beginFile: "addFile streams with it",
  push: "addFile streams with it",
  finishFile: "addFile streams with it",
  abortFile: "addFile streams with it",
  canReadInParts: "addFile reads big files in parts with it",
  absorbPart: "addFile reads big files in parts with it",
  fileOptions: "addFile gives it to the helpers",
};
/** WorkspaceClient methods that are not a Workspace method. */
const CLIENT_ONLY = ["call", "close"];

test("Workspace methods = the worker's dispatch list (+ helper-only ones)", async () => {
  const { Workspace } = await import(join(PKG, "customer_insights.js"));
  const wasm = new Set(methods(Workspace).filter((n) => !n.startsWith("__")));
  const worker = workerMethods();
  assert.deepEqual(
    sorted(worker),
    sorted([...wasm].filter((n) => !(n in NOT_FORWARDED))),
    "worker.js METHODS vs Workspace.prototype",
  );
  for (const n of Object.keys(NOT_FORWARDED)) assert.ok(wasm.has(n), `${n} is no Workspace method any more`);
});

test("WorkspaceClient's methods = the worker's (but the streaming ones) = what types.d.ts declares", async () => {
  const { WorkspaceClient } = await import(join(PKG, "client.js"));
  const impl = new Set(methods(WorkspaceClient));
  const worker = workerMethods();
  const want = [...[...worker].filter((n) => !(n in NO_CLIENT_METHOD)), ...CLIENT_ONLY];
  assert.deepEqual(sorted(impl), sorted(want), "WorkspaceClient.prototype vs worker.js METHODS");
  const d = declared("types.d.ts", "WorkspaceClient");
  assert.deepEqual(sorted(d.methods), sorted(impl), "types.d.ts WorkspaceClient methods vs client.js");
});

test("WorkspaceClient's public fields = what types.d.ts declares", async () => {
  const { WorkspaceClient } = await import(join(PKG, "client.js"));
  const saved = globalThis.Worker;
  globalThis.Worker = class {
    addEventListener() {}
    postMessage() {}
    terminate() {}
  };
  try {
    const c = new WorkspaceClient({ helpers: 1 });
    const fields = Object.keys(c).filter((k) => !k.startsWith("_"));
    c.close();
    assert.deepEqual(sorted(declared("types.d.ts", "WorkspaceClient").properties.keys()), sorted(fields));
  } finally {
    globalThis.Worker = saved;
  }
});

test("each entry point's .d.ts exports what its .js exports", () => {
  for (const [js, dts] of [
    ["client.js", "client.d.ts"],
    ["fs.js", "fs.d.ts"],
    ["element.js", "element.d.ts"],
  ]) {
    const [a, b] = exportsOf([js, dts]);
    assert.ok(a.size > 0, `${js} exports nothing?`);
    assert.deepEqual(sorted(b), sorted(a), `${dts} vs ${js}`);
  }
});

test("ClientError declares the fields errors get, optional where they may be missing", async () => {
  const { rebuildError } = await import(join(PKG, "client.js"));
  // what the engine's errors carry (declared on the Rust side, customer_insights.d.ts)
  const engine = declared("customer_insights.d.ts", "CustomerInsightsError").properties;
  assert.ok(engine.has("code"), "CustomerInsightsError has no code");
  // the fields the worker copies off an error (toPlain) must be ones the engine sets
  const copied = readFileSync(join(PKG, "worker.js"), "utf8").match(/for \(const k of \[([^\]]*)\]\)/);
  assert.ok(copied, "worker.js: no list of copied error fields");
  const fields = [...copied[1].matchAll(/"(\w+)"/g)].map((x) => x[1]);
  for (const k of fields) assert.ok(engine.has(k), `worker.js copies ${k}, which no engine error has`);
  // rebuildError, given everything the worker can send, and given nothing (a crash)
  const full = rebuildError({
    name: "CustomerInsightsError",
    message: "m",
    ...Object.fromEntries(fields.map((k) => [k, `${k}-value`])),
  });
  const bare = rebuildError({});
  const d = declared("types.d.ts", "ClientError").properties;
  for (const [k, optional] of d) {
    assert.ok(k in full, `ClientError.${k} is declared but nothing sets it`);
    assert.equal(
      optional,
      !(k in bare),
      `ClientError.${k}: optional ${optional}, but ${k in bare ? "always" : "not always"} set`,
    );
  }
  for (const k of Object.keys(full)) assert.ok(d.has(k), `rebuildError sets ${k}, ClientError does not declare it`);
  for (const k of engine.keys()) assert.ok(d.has(k), `CustomerInsightsError.${k} missing from ClientError`);
});

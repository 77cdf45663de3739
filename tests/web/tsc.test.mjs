// Types: the package's own JS passes `tsc --checkJs --strict`, a consumer compiles against the
// generated + hand-written .d.ts through the package's `exports`, and a wrong field name fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HERE, PKG, TSC } from "./lib/paths.mjs";

function tsc(args, cwd = HERE) {
  return spawnSync(process.execPath, [TSC, ...args], { cwd, encoding: "utf8" });
}

test("tsc --checkJs --noEmit --strict over the package passes", () => {
  const r = tsc(["-p", join(HERE, "ts", "tsconfig.pkg.json")]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

/** A temp project with node_modules/customer-insights → pkg/ and the consumer files. */
function project(file) {
  const dir = mkdtempSync(join(tmpdir(), "ci-ts-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(PKG, join(dir, "node_modules", "customer-insights"), "dir");
  cpSync(join(HERE, "ts", "consumer", "tsconfig.json"), join(dir, "tsconfig.json"));
  cpSync(join(HERE, "ts", "consumer", file), join(dir, file));
  return dir;
}

test("a strict TypeScript consumer compiles against the package", () => {
  const dir = project("consumer.ts");
  try {
    const r = tsc(["-p", dir], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a consumer with a misspelt report field fails to compile", () => {
  const dir = project("bad.ts");
  try {
    const r = tsc(["-p", dir], dir);
    assert.notEqual(r.status, 0, "bad.ts compiled");
    assert.match(r.stdout, /transacted_356d/);
    assert.match(r.stdout, /TS2551|TS2339/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Shared paths and helpers of the web tests.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

export const HERE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(HERE, "..", "..");
export const PKG = join(ROOT, "pkg");
export const SITE = join(ROOT, "target", "site");
export const SAMPLE = join(ROOT, "www", "sample");
export const TSC = join(HERE, "node_modules", "typescript", "bin", "tsc");

/** Runs the CLI (`target/debug/customer-insights` if built, else `cargo run -q --`). */
export function cli(args) {
  const bin = join(ROOT, "target", "debug", "customer-insights");
  const r = existsSync(bin)
    ? spawnSync(bin, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 << 20 })
    : spawnSync("cargo", ["run", "-q", "--", ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`CLI ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

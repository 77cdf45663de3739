// The package as a consumer gets it: `npm pack` of pkg/, installed into a fresh directory.
// Runs the Node example, opens the admin-page example (strict CSP) and the README's first
// ```html snippet in Chromium; nothing may go to another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, PKG, SAMPLE, cli } from "./lib/paths.mjs";
import { serve, launch, openPage, foreign } from "./lib/browser.mjs";

let dir, server, browser, tarball;

function npm(args, cwd) {
  const r = spawnSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error", "--offline"], {
    cwd,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `npm ${args.join(" ")}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "ci-embed-"));
  const packed = JSON.parse(npm(["pack", PKG, "--json", "--pack-destination", dir], dir));
  tarball = {
    file: join(dir, packed[0].filename),
    unpackedSize: packed[0].unpackedSize,
    size: packed[0].size,
    files: packed[0].files.map((f) => f.path),
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "shop-admin", private: true, type: "module" }));
  npm(["install", tarball.file], dir);
  for (const f of ["admin.html", "admin.css", "admin.js", "node-segments.mjs"])
    cpSync(join(ROOT, "pkg-config", "examples", f), join(dir, f));
  server = await serve(dir);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the tarball holds the package and nothing of the build", () => {
  for (const f of [
    "package.json",
    "index.js",
    "index.node.js",
    "client.js",
    "worker.js",
    "element.js",
    "types.d.ts",
    "customer_insights.js",
    "customer_insights.d.ts",
    "customer_insights_bg.wasm",
    "vendor/echarts.js",
    "vendor/china.json",
    "README.md",
  ]) {
    assert.ok(tarball.files.includes(f), `missing ${f}`);
  }
  assert.ok(!tarball.files.some((f) => f.startsWith("build/")), "build/ shipped");
  console.log(
    `# tarball ${(tarball.size / 1024).toFixed(0)} KiB, unpacked ${(tarball.unpackedSize / 1024 / 1024).toFixed(2)} MiB`,
  );
});

test("the Node example prints the same segment counts as the CLI", () => {
  const file = join(SAMPLE, "taobao_orders.csv");
  const r = spawnSync(process.execPath, ["node-segments.mjs", file], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const got = Object.fromEntries(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => {
        const [k, v] = l.split("\t");
        return [k, Number(v)];
      }),
  );
  const expected = Object.fromEntries(
    JSON.parse(cli(["report", file])).rfm.segments.map((s) => [s.segment, s.customers]),
  );
  assert.deepEqual(got, expected);
});

test("the admin-page example (strict CSP) shows the report, with no request to another origin", async () => {
  const { page, context, requests, errors } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/admin.html`);
    const file = join(SAMPLE, "taobao_orders.csv");
    await page.locator('customer-insights [data-testid="file-input"]').setInputFiles(file);
    await page.locator("#status[data-customers]").waitFor({ timeout: 60_000 });
    const expected = JSON.parse(cli(["report", file]));
    assert.equal(await page.locator("#status").getAttribute("data-customers"), String(expected.totals.customers));
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor();
    assert.equal(
      (await page.locator('[data-testid="headline-transacted_365d"]').textContent()).replace(/\D/g, ""),
      String(expected.headline.transacted_365d),
    );
    await page.locator('[data-testid="region-card"] canvas').first().waitFor({ timeout: 30_000 });
    // sections="files,headline,lifecycle,rfm,region,conversion": no tags/settings tabs, no service card.
    assert.equal(await page.locator('[data-testid="tab-tags"]').count(), 0);
    assert.equal(await page.locator('[data-testid="service-card"]').count(), 0);
    assert.deepEqual(foreign(requests), []);
    assert.deepEqual(errors, [], "console errors (CSP violations show here)");
  } finally {
    await context.close();
  }
});

test("the README's first ```html snippet works as written", async () => {
  // the snippet of the project README runs as written, and the npm README shows the same one
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = readme.match(/```html\n([\s\S]*?)```/);
  assert.ok(m, "no ```html block in README.md");
  const npm = readFileSync(join(ROOT, "pkg-config", "README.md"), "utf8").match(/```html\n([\s\S]*?)```/);
  assert.equal(npm?.[1], m[1], "pkg-config/README.md shows another embedding snippet than README.md");
  writeFileSync(
    join(dir, "readme.html"),
    `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n${m[1]}`,
  );
  const { page, context, requests, errors } = await openPage(browser, { locale: "zh-CN" });
  try {
    await page.goto(`${server.url}/readme.html`);
    await page.locator('customer-insights [data-testid="drop-zone"]').waitFor({ timeout: 30_000 });
    await page.locator('customer-insights [data-testid="file-input"]').setInputFiles(join(SAMPLE, "taobao_orders.csv"));
    await page.locator('[data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
    assert.notEqual(await page.locator('[data-testid="headline-transacted_365d"]').textContent(), "—");
    assert.deepEqual(foreign(requests), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("two elements on one page are independent (one worker each)", async () => {
  writeFileSync(
    join(dir, "two.html"),
    `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<script type="module" src="./node_modules/customer-insights/element.js"></script>\n<customer-insights id="a" lang="en"></customer-insights>\n<customer-insights id="b" lang="zh-CN" theme="dark"></customer-insights>\n`,
  );
  const { page, context, errors } = await openPage(browser, { locale: "en" });
  try {
    await page.goto(`${server.url}/two.html`);
    await page.locator('#a [data-testid="file-input"]').setInputFiles(join(SAMPLE, "taobao_orders.csv"));
    await page.locator('#a [data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
    await page
      .locator('#b [data-testid="file-input"]')
      .setInputFiles(join(ROOT, "tests", "web", "data", "xss_orders.csv"));
    await page.locator('#b [data-testid="headline-transacted_365d"]').waitFor({ timeout: 60_000 });
    const a = await page.locator("#a").evaluate((el) => el.report().then((r) => r.totals.customers));
    const b = await page.locator("#b").evaluate((el) => el.report().then((r) => r.totals.customers));
    assert.equal(b, 2);
    assert.ok(a > 100, String(a));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("WorkspaceClient: a dead worker rejects pending calls with internal_panic and restarts", async () => {
  writeFileSync(
    join(dir, "crash-worker.js"),
    `let n = 0;
self.onmessage = (e) => {
  const { id, method } = e.data;
  n++;
  if (method === "trap") { self.postMessage({ id, ok: false, fatal: true, error: { name: "CustomerInsightsError", code: "internal_panic", message: "unreachable" } }); self.close(); return; }
  if (method === "throw") throw new Error("boom");
  if (method === "fail") { self.postMessage({ id, ok: false, error: { name: "CustomerInsightsError", code: "bad_config", message: "nope", file: "x.csv" } }); return; }
  self.postMessage({ id, ok: true, value: n });
};`,
  );
  writeFileSync(
    join(dir, "crash.html"),
    `<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<p>crash</p>\n`,
  );
  const { page, context } = await openPage(browser, { locale: "en" });
  try {
    await page.goto(`${server.url}/crash.html`);
    const out = await page.evaluate(async () => {
      const { WorkspaceClient } = await import("./node_modules/customer-insights/client.js");
      const c = new WorkspaceClient({ workerUrl: new URL("./crash-worker.js", location.href) });
      let restarts = 0;
      c.addEventListener("restart", () => restarts++);
      const res = {};
      res.first = await c.call("ping", []);
      const e1 = await c.call("trap", []).catch((e) => e);
      res.trap = [e1 instanceof Error, e1.name, e1.code];
      res.afterTrap = await c.call("ping", []);
      const e2 = await c.call("throw", []).catch((e) => e);
      res.throw = [e2 instanceof Error, e2.code];
      const e3 = await c.call("fail", []).catch((e) => e);
      res.fail = [e3 instanceof Error, e3.name, e3.code, e3.file, e3.message];
      res.restarts = restarts;
      c.close();
      return res;
    });
    assert.deepEqual(out, {
      first: 1,
      trap: [true, "CustomerInsightsError", "internal_panic"],
      afterTrap: 1,
      throw: [true, "internal_panic"],
      fail: [true, "CustomerInsightsError", "bad_config", "x.csv", "nope"],
      restarts: 2,
    });
  } finally {
    await context.close();
  }
});

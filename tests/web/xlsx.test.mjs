// XLSX out: the workbook the npm package writes (in Node, and from the page's 下载 Excel /
// Download Excel button and a member list's Excel button) is the CLI's `--format xlsx`, byte for
// byte. (Its contents against the JSON report: tests/reference/xlsx_check.py, with openpyxl.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PKG, ROOT, SAMPLE, SITE } from "./lib/paths.mjs";
import { serve, launch, openPage } from "./lib/browser.mjs";

const FILES = [
  "taobao_orders.csv",
  "crm_customers.csv",
  "interest_events.csv",
  "outbound_calls.csv",
  "aftersales_tickets.csv",
  "shopify_orders.csv",
].map((n) => join(SAMPLE, n));
const tid = (id) => `[data-testid="${id}"]`;

/** The CLI's stdout as bytes (`target/debug/customer-insights` if built, else `cargo run`). */
function cliBytes(args) {
  const bin = join(ROOT, "target", "debug", "customer-insights");
  const r = existsSync(bin)
    ? spawnSync(bin, args, { cwd: ROOT, maxBuffer: 256 << 20 })
    : spawnSync("cargo", ["run", "-q", "--", ...args], { cwd: ROOT, maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`CLI ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const isZip = (b) => b[0] === 0x50 && b[1] === 0x4b;

test("Node: reportXlsx and membersXlsx equal the CLI's --format xlsx byte for byte", async () => {
  const { Workspace, default: init } = await import(join(PKG, "index.node.js"));
  await init();
  const ws = new Workspace();
  for (const f of FILES) ws.addFile(basename(f), readFileSync(f));
  const mine = ws.reportXlsx();
  assert.ok(mine instanceof Uint8Array && isZip(mine));
  assert.ok(Buffer.from(mine).equals(cliBytes(["report", "--format", "xlsx", ...FILES])), "report (codes)");
  const zh = ws.reportXlsx({ as_of: "2024-12-30" }, { lang: "zh-CN" });
  const cliZh = cliBytes(["report", "--format", "xlsx", "--lang", "zh-CN", "--as-of", "2024-12-30", ...FILES]);
  assert.ok(Buffer.from(zh).equals(cliZh), "report zh-CN, as_of 2024-12-30");
  assert.ok(!Buffer.from(zh).equals(Buffer.from(mine)), "the language and date change the bytes");
  const m = ws.membersXlsx({ lifecycle: "sleeping" }, undefined, { lang: "en" });
  assert.ok(
    Buffer.from(m).equals(
      cliBytes(["members", "--lifecycle", "sleeping", "--lang", "en", "--format", "xlsx", ...FILES]),
    ),
  );
  const s = ws.membersXlsx({ screening: "invalid" });
  assert.ok(Buffer.from(s).equals(cliBytes(["members", "--screening", "invalid", "--format", "xlsx", ...FILES])));
  assert.throws(
    () => ws.reportXlsx(undefined, { lang: "fr" }),
    (e) => e.code === "bad_argument",
  );
  ws.free();
});

let server, browser;
before(async () => {
  server = await serve(SITE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

for (const lang of ["zh-CN", "en"]) {
  test(`${lang}: the page's Download Excel and a member list's Excel button give the CLI's workbooks`, async () => {
    const { page, context, errors } = await openPage(browser, { locale: lang });
    try {
      await page.goto(`${server.url}/?sample=1&lang=${lang}`);
      await page.locator(tid("headline-transacted_365d")).waitFor({ timeout: 60_000 });
      // the page's own config (tags included), as the CLI's --config
      const config = await page.evaluate(() => document.querySelector("customer-insights").config);
      const dir = mkdtempSync(join(tmpdir(), "ci-xlsx-"));
      const cfg = join(dir, "config.json");
      writeFileSync(cfg, JSON.stringify(config));
      const button = page.locator(tid("report-xlsx"));
      assert.equal((await button.textContent()).trim(), lang === "en" ? "Download Excel" : "下载 Excel");
      const [d] = await Promise.all([page.waitForEvent("download"), button.click()]);
      const want = cliBytes(["report", "--format", "xlsx", "--lang", lang, "--config", cfg, ...FILES]);
      const got = readFileSync(await d.path());
      const asOf = JSON.parse(cliBytes(["report", "--config", cfg, ...FILES]).toString()).as_of;
      assert.equal(
        d.suggestedFilename(),
        `${lang === "en" ? "customer-insights_report" : "客户洞察报告"}_${asOf}.xlsx`,
      );
      assert.ok(isZip(got) && got.equals(want), `page workbook (${got.length} bytes) = CLI's (${want.length})`);
      const [m] = await Promise.all([page.waitForEvent("download"), page.locator(tid("wake-xlsx")).click()]);
      assert.match(m.suggestedFilename(), /\.xlsx$/);
      const members = cliBytes([
        "members",
        "--lifecycle",
        "sleeping",
        "--lang",
        lang,
        "--format",
        "xlsx",
        "--config",
        cfg,
        ...FILES,
      ]);
      assert.ok(readFileSync(await m.path()).equals(members), "sleeping members workbook = CLI's");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

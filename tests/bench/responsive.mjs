// Is the page responsive while it reads a big export? Opens the real page (target/site, the
// <customer-insights> element), drops the 1M-order Taobao export on its file input, and while it
// is read: every 250 ms clicks another tab and measures the time from the click to the next
// painted frame with that tab selected; records how the file's progress bar moves. Prints the
// worst and median click latency and the progress samples. Usage:
//   node tests/bench/responsive.mjs [bench-out/data/1m/taobao_orders.csv]
// (run `make site` first; `make bench-responsive` does both).
import { chromium } from "playwright-core";
import { resolve, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, statSync } from "node:fs";
import { CHROMIUM, CHROMIUM_ARGS, serve } from "./lib/browser.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const file = resolve(process.argv[2] || join(ROOT, "bench-out", "data", "1m", "taobao_orders.csv"));
if (!existsSync(file)) throw new Error(`${file} is missing: run make bench SIZES=1m once to generate it`);
const server = await serve(join(ROOT, "target", "site"));
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en" });
  await page.goto(`${server.url}/index.html`);
  const el = page.locator("customer-insights");
  await el.locator('[data-testid="drop-zone"]').waitFor();
  await page.evaluate(() => {
    const host = document.querySelector("customer-insights");
    host.addEventListener(
      "report",
      () => {
        window.__reportAt = performance.now();
      },
      { once: true },
    );
    window.__t0 = performance.now();
  });
  const t0 = Date.now();
  await el.locator('[data-testid="file-input"]').setInputFiles(file);
  const latencies = [];
  const progress = [];
  const tabs = ["tab-tags", "tab-settings", "tab-files"];
  let k = 0;
  for (;;) {
    const p = await el
      .locator('[data-testid="file-progress"]')
      .first()
      .evaluate((n) =>
        n instanceof HTMLProgressElement ? n.value / (n.max || 1) : Number(n.getAttribute("aria-valuenow") ?? NaN),
      )
      .catch(() => NaN);
    progress.push([(Date.now() - t0) / 1000, p]);
    const done = await page.evaluate(() => window.__reportAt !== undefined);
    if (done || Date.now() - t0 > 180_000) break;
    const tab = tabs[k++ % tabs.length];
    // click → next frame, measured inside the page
    const ms = await page.evaluate(async (testid) => {
      const host = document.querySelector("customer-insights");
      const b = host?.shadowRoot?.querySelector(`[data-testid="${testid}"]`);
      if (!b) return NaN;
      const t = performance.now();
      b.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t;
    }, tab);
    latencies.push(ms);
    await new Promise((r) => setTimeout(r, 250));
  }
  const total = (await page.evaluate(() => (window.__reportAt ?? NaN) - window.__t0)) / 1000;
  const ok = latencies.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const med = ok[Math.floor(ok.length / 2)] ?? NaN;
  const moved = new Set(progress.map(([, p]) => p).filter((p) => Number.isFinite(p))).size;
  console.log(`file: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  console.log(
    `drop → report event: ${total.toFixed(1)} s; tab clicks while reading: ${ok.length}; click → frame median ${med.toFixed(1)} ms, worst ${(ok.at(-1) ?? NaN).toFixed(1)} ms; progress bar took ${moved} distinct values`,
  );
  console.log(
    `progress samples (s, fraction): ${progress
      .filter((_, i) => i % 8 === 0)
      .map(([t, p]) => `${t.toFixed(1)}:${Number.isFinite(p) ? p.toFixed(2) : "-"}`)
      .join(" ")}`,
  );
} finally {
  await browser.close();
  server.stop();
}

// Our module in headless Chromium: the bench page (tests/bench/page, served from
// target/site/bench/) adds the two files through the package's WorkspaceClient (Web Worker,
// 4 MiB chunks) and returns the report JSON. One fresh browser per run; its peak memory is the
// sum over all Chromium processes of their PSS (shared pages counted once), sampled every 100 ms;
// idle_kb is the same sum once the page is ready, before the run.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { chromium } from "playwright-core";
import { sampleTreeRss } from "./proc.mjs";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** python3 -m http.server on 127.0.0.1 serving `dir`; resolves once it answers. */
export async function serve(dir) {
  const port = await freePort();
  const proc = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  proc.stderr.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/`)).status < 500) break;
    } catch {
      /* not yet */
    }
    if (proc.exitCode !== null || i > 150) throw new Error(`http.server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: proc.pid,
    stop: () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
    },
  };
}

/**
 * One run. `files`: [{name, url}] (URLs on the server); resolves {total_ms, init_ms, json, maxrss_kb, idle_kb}.
 */
export async function runBrowser({ pageUrl, files, config, excludePids, timeoutMs = 30 * 60_000 }) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const rss = sampleTreeRss(process.pid, excludePids);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.setDefaultTimeout(timeoutMs);
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 60_000 });
    await page.evaluate(() => window.bench.ready);
    const idle_kb = rss.now();
    const r = await page.evaluate(([f, c]) => window.bench.run(f, c), [files, config]);
    if (errors.length) r.errors = errors;
    return { ...r, maxrss_kb: rss.stop(), idle_kb };
  } finally {
    rss.stop();
    await browser.close();
  }
}

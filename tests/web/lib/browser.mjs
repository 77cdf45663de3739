// A static server (python3 -m http.server on 127.0.0.1, free port) and headless Chromium via
// playwright-core. Every request is recorded so tests can assert that nothing leaves
// 127.0.0.1.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

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

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Serves `dir`; resolves once it answers. Call `stop()` in a finally. */
export async function serve(dir) {
  const port = await freePort();
  const proc = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${url}/`);
      if (r.status < 500) break;
    } catch {
      /* not yet */
    }
    if (proc.exitCode !== null) throw new Error(`http.server exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
    },
    log: () => stderr,
  };
}

/** Headless Chromium. */
export function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page that records every request and console error, and fails on dialogs.
 * @returns {{page: import("playwright-core").Page, requests: string[], errors: string[], dialogs: string[]}}
 */
export async function openPage(browser, { width = 1440, height = 900, locale = "zh-CN" } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    locale,
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const requests = [],
    errors = [],
    dialogs = [];
  context.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { page, context, requests, errors, dialogs };
}

/** Requests that went anywhere but 127.0.0.1 (data: and blob: URLs are local). */
export function foreign(requests) {
  return requests.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== "127.0.0.1");
}

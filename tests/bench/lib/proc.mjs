// Child processes with their peak RSS, and the summed RSS of a process tree.
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, readdirSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";
// Fallback where GNU time is not installed: getrusage(RUSAGE_CHILDREN).ru_maxrss, the same
// number GNU time prints as "Maximum resident set size".
const PY_RUSAGE =
  "import resource, subprocess, sys\n" +
  "rc = subprocess.call(sys.argv[1:])\n" +
  "print('\\tMaximum resident set size (kbytes): %d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n" +
  "sys.exit(rc)\n";

/**
 * Runs `cmd args` to completion; its peak RSS comes from `/usr/bin/time -v` (or the Python
 * fallback). Resolves {code, wall_ms, maxrss_kb, stderr}; stdout goes to `stdoutFile` if given.
 */
export function runMeasured(cmd, args, { cwd, stdoutFile, timeoutMs = 30 * 60_000 } = {}) {
  const wrapped = existsSync(GNU_TIME)
    ? [GNU_TIME, ["-v", cmd, ...args]]
    : ["python3", ["-c", PY_RUSAGE, cmd, ...args]];
  return new Promise((resolve, reject) => {
    const fd = stdoutFile ? openSync(stdoutFile, "w") : "ignore";
    const t0 = performance.now();
    const p = spawn(wrapped[0], wrapped[1], { cwd, stdio: ["ignore", fd, "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d) => {
      stderr = (stderr + d).slice(-200_000);
    });
    const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("error", (e) => {
      clearTimeout(timer);
      if (typeof fd === "number") closeSync(fd);
      reject(e);
    });
    p.on("close", (code, signal) => {
      const wall_ms = performance.now() - t0;
      clearTimeout(timer);
      if (typeof fd === "number") closeSync(fd);
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const exit = /Command exited with non-zero status (\d+)/.exec(stderr);
      resolve({
        code: signal ? 128 : exit ? Number(exit[1]) : code,
        signal,
        wall_ms,
        maxrss_kb: m ? Number(m[1]) : null,
        stderr: stderr.replace(/\n?\tCommand being timed:[\s\S]*$/, "").trim(),
      });
    });
  });
}

/** Memory (bytes) of one process: its PSS (shared pages divided among their users, so a sum over
 * processes counts each page once), else its RSS. */
function memOf(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* no smaps_rollup: fall back */
  }
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096;
  } catch {
    return 0;
  }
}

/** Summed memory (bytes, PSS) of every descendant of `root`, except the pids in `exclude` and their trees. */
export function treeRss(root, exclude = new Set()) {
  const kids = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(name));
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [...(kids.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    if (exclude.has(pid)) continue;
    total += memOf(pid);
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Samples treeRss every `ms`; now() is the current value, stop() the peak, both in KiB. */
export function sampleTreeRss(root, exclude, ms = 100) {
  let peak = treeRss(root, exclude);
  const t = setInterval(() => {
    peak = Math.max(peak, treeRss(root, exclude));
  }, ms);
  return {
    now: () => Math.round(treeRss(root, exclude) / 1024),
    stop() {
      clearInterval(t);
      peak = Math.max(peak, treeRss(root, exclude));
      return Math.round(peak / 1024);
    },
  };
}

// Called by `make site` after target/site is assembled: `node www/build/precache.mjs target/site`.
// Writes what the service worker (www/sw.js) needs to open the page with the network off:
// - precache.js: `self.PRECACHE = {version, files}`, the files the page needs, listed from the
//   built directory itself (so the list never goes stale), and a hash of their bytes as the
//   cache's version (a new build changes precache.js, so the browser installs the worker again
//   and the new cache replaces the old one);
// - icons/icon-192.png and icons/icon-512.png for the web app manifest, drawn here (no image
//   tools needed). Removes itself (build/) from the site.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { deflateSync } from "node:zlib";

const site = process.argv[2];
if (!site) {
  console.error("usage: node www/build/precache.mjs SITE_DIR");
  process.exit(1);
}
rmSync(join(site, "build"), { recursive: true, force: true });

// ------------------------------------------------------------------ icons

/** CRC-32 of a PNG chunk. @param {Buffer} buf */
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * The app icon at `n`×`n` pixels (RGBA): the accent colour's rounded square with three white
 * bars rising, a bar chart. Full-bleed enough to be a maskable icon too.
 * @param {number} n
 */
function icon(n) {
  const accent = [0x3b, 0x6f, 0xd8];
  const rows = [];
  const r = n * 0.18; // corner radius
  const bars = [
    [0.22, 0.36, 0.58],
    [0.42, 0.56, 0.42],
    [0.62, 0.76, 0.26],
  ]; // [left, right, top] as fractions; bottoms at 0.76
  for (let y = 0; y < n; y++) {
    const row = Buffer.alloc(1 + n * 4);
    for (let x = 0; x < n; x++) {
      const cx = Math.min(Math.max(x + 0.5, r), n - r);
      const cy = Math.min(Math.max(y + 0.5, r), n - r);
      const inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r;
      const fx = (x + 0.5) / n;
      const fy = (y + 0.5) / n;
      const bar = bars.some(([a, b, top]) => fx >= a && fx < b && fy >= top && fy < 0.76);
      const [cr, cg, cb] = bar ? [255, 255, 255] : accent;
      row.set([cr, cg, cb, inside ? 255 : 0], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

mkdirSync(join(site, "icons"), { recursive: true });
for (const n of [192, 512]) writeFileSync(join(site, "icons", `icon-${n}.png`), icon(n));

// ------------------------------------------------------------------ the precache list

/**
 * Files of the site the page does not need: the package's types, docs, Node-only modules and
 * examples, the README screenshots, and the worker and its list themselves.
 * @param {string} p the path under the site, with `/`
 */
const skip = (p) =>
  /\.(d\.ts|md|map)$/.test(p) ||
  /^pkg\/(examples\/|package\.json$|fs\.js$|index\.node\.js$)/.test(p) ||
  /^screenshot-.*\.png$/.test(p) ||
  p === "sw.js" ||
  p === "precache.js";

/** @type {string[]} */
const files = [];
const walk = (/** @type {string} */ d) => {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else {
      const rel = relative(site, p).split(sep).join("/");
      if (!skip(rel)) files.push(rel);
    }
  }
};
walk(site);
const hash = createHash("sha256");
let bytes = 0;
for (const f of files) {
  const b = readFileSync(join(site, f));
  bytes += b.length;
  hash.update(f).update("\0").update(b).update("\0");
}
const version = hash.digest("hex").slice(0, 16);
// "./" is the page as the address bar names it; it is index.html's bytes
const list = ["./", ...files];
writeFileSync(
  join(site, "precache.js"),
  "// Written by www/build/precache.mjs at build time: what www/sw.js caches on the first visit.\n" +
    `self.PRECACHE = ${JSON.stringify({ version, files: list }, null, 1)};\n`,
);
console.log(`precache: ${list.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB, version ${version}`);

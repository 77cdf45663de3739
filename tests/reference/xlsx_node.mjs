// Writes workbooks with the npm package in Node (the page's engine), for xlsx_check.py to
// compare with the CLI's: node xlsx_node.mjs PKG_DIR OUT_DIR FILE...
// OUT_DIR gets report.xlsx, report-zh.xlsx and members-zh.xlsx (the audience of interested
// buyers who did not order, in Chinese).
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [pkg, out, ...files] = process.argv.slice(2);
const { Workspace, default: init } = await import(join(pkg, "index.node.js"));
await init();
const ws = new Workspace();
for (const f of files) ws.addFile(basename(f), readFileSync(f));
writeFileSync(join(out, "report.xlsx"), ws.reportXlsx());
writeFileSync(join(out, "report-zh.xlsx"), ws.reportXlsx(undefined, { lang: "zh-CN" }));
writeFileSync(join(out, "members-zh.xlsx"), ws.membersXlsx({ audience: "interested_not_converted" }, undefined, { lang: "zh-CN" }));
ws.free();

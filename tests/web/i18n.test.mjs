// The i18n table (no browser): every engine ErrorCode of the generated d.ts has a message in
// both languages, the page's list of codes is the d.ts union, and every key has both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PKG } from "./lib/paths.mjs";

const { MESSAGES, translator } = await import(join(PKG, "i18n", "messages.js"));
const { ERROR_CODES, errorText, sniffBytes } = await import(join(PKG, "ui", "errors.js"));

/** The ErrorCode union of the generated d.ts. */
function dtsCodes() {
  const dts = readFileSync(join(PKG, "customer_insights.d.ts"), "utf8");
  const m = /export type ErrorCode =([^;]+);/.exec(dts);
  assert.ok(m, "the d.ts declares ErrorCode");
  return [...m[1].matchAll(/"([a-z_]+)"/g)].map((x) => x[1]);
}

test("every ErrorCode of the d.ts has a message in zh-CN and en, saying what to do", () => {
  const codes = dtsCodes();
  assert.ok(codes.length >= 15, codes.join(","));
  for (const code of codes) {
    const m = MESSAGES[`errcode.${code}`];
    assert.ok(m, `errcode.${code} is missing`);
    assert.match(m["zh-CN"], /[\u4e00-\u9fff]/, `errcode.${code} zh-CN is Chinese`);
    assert.match(m.en, /^[\x20-\x7e“”‘’…—–›]+$/, `errcode.${code} en is English`);
    assert.notEqual(m["zh-CN"], m.en);
    // what happened, then what to do: two sentences at least
    assert.ok((m["zh-CN"].match(/。/g) ?? []).length >= 2, `errcode.${code} zh-CN says what to do`);
    assert.ok((m.en.match(/\. |\.$/g) ?? []).length >= 2, `errcode.${code} en says what to do`);
    for (const lang of ["zh-CN", "en"]) assert.equal(errorText(translator(lang), code), m[lang]);
  }
  assert.deepEqual([...ERROR_CODES].sort(), [...codes].sort(), "ui/errors.js ERROR_CODES = the d.ts union");
  // a code the page does not know yet still gets a sentence, not the raw code
  assert.equal(errorText(translator("zh-CN"), "brand_new_code"), MESSAGES["errcode.unknown"]["zh-CN"]);
});

test("every key of the i18n table has both languages", () => {
  for (const [key, m] of Object.entries(MESSAGES)) {
    assert.equal(typeof m["zh-CN"], "string", key);
    assert.equal(typeof m.en, "string", key);
    assert.ok(m["zh-CN"].length > 0 && m.en.length > 0, key);
  }
});

test("the page's look at a file without a header: cells of its first line, binary files told apart", () => {
  const enc = new TextEncoder();
  assert.deepEqual(sniffBytes(enc.encode('\ufeff单据编号,往来单位, 价税合计 ,"单据,日期"\r\nA,B,1,2\r\n')), {
    binary: false,
    header: ["单据编号", "往来单位", "价税合计", "单据,日期"],
  });
  assert.deepEqual(sniffBytes(enc.encode("a\tb\tc\n1\t2\t3\n")).header, ["a", "b", "c"]);
  // GBK 订单号,金额
  const gbk = new Uint8Array([0xb6, 0xa9, 0xb5, 0xa5, 0xba, 0xc5, 0x2c, 0xbd, 0xf0, 0xb6, 0xee, 0x0a]);
  assert.deepEqual(sniffBytes(gbk).header, ["订单号", "金额"]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  assert.equal(sniffBytes(png).binary, true);
  assert.equal(sniffBytes(new Uint8Array([1, 2, 0, 4, 5])).binary, true);
});

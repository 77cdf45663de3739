// ui/format.js, the one rule set for numbers on the page: short reading forms (万/亿 in
// Chinese, K/M in English) at their boundaries, negatives, missing values, both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatter } from "../../pkg-config/ui/format.js";

const zh = formatter("zh-CN");
const en = formatter("en");

test("counts: exact below 10,000, then 万/亿 and K/M, promoted when rounding reaches the next unit", () => {
  /** [value, zh-CN, en] */
  const cases = [
    [0, "0", "0"],
    [42, "42", "42"],
    [9999, "9,999", "9,999"],
    [10000, "1万", "10K"],
    [12345, "1.23万", "12.3K"],
    [123456, "12.3万", "123K"],
    [999999, "100万", "1M"],
    [3872301, "387.2万", "3.87M"],
    [99_999_999, "1亿", "100M"],
    [100_000_000, "1亿", "100M"],
    [123_456_789, "1.23亿", "123M"],
    [-9999, "-9,999", "-9,999"],
    [-12345, "-1.23万", "-12.3K"],
    [null, "—", "—"],
    [undefined, "—", "—"],
    [Number.NaN, "—", "—"],
  ];
  for (const [v, z, e] of cases) {
    assert.equal(zh.count(v), z, `zh count(${v})`);
    assert.equal(en.count(v), e, `en count(${v})`);
  }
});

test("money: ¥ with the exact cents below ¥10,000, reading form above; exact form unchanged", () => {
  const cases = [
    ["9999.96", "¥9,999.96", "¥9,999.96"],
    ["10000.00", "¥1万", "¥10K"],
    ["448607.09", "¥44.9万", "¥449K"],
    ["3872301.58", "¥387.2万", "¥3.87M"],
    ["99999999.99", "¥1亿", "¥100M"],
    ["100000000", "¥1亿", "¥100M"],
    [-54321, "-¥5.43万", "-¥54.3K"],
    [null, "—", "—"],
  ];
  for (const [v, z, e] of cases) {
    assert.equal(zh.cash(v), z, `zh cash(${v})`);
    assert.equal(en.cash(v), e, `en cash(${v})`);
  }
  assert.equal(zh.money("3872301.58"), "¥3,872,301.58");
  assert.equal(en.money("3872301.58"), "¥3,872,301.58");
  assert.equal(zh.money(null), "—");
});

test("isShort says when the exact value belongs in a title", () => {
  assert.equal(zh.isShort(9999), false);
  assert.equal(zh.isShort(10000), true);
  assert.equal(zh.isShort("-10000.00"), true);
  assert.equal(zh.isShort(null), false);
});

test("axis ticks: 万 in Chinese, K from 1,000 in English", () => {
  assert.equal(zh.axis(5000), "5,000");
  assert.equal(zh.axis(150000), "15万");
  assert.equal(en.axis(5000), "5K");
  assert.equal(en.axis(150000), "150K");
  assert.equal(en.axis(0), "0");
});

test("percent: shown with one decimal, exported as a plain percentage with two", () => {
  assert.equal(zh.pct(0.048116646415552855), "4.8%");
  assert.equal(en.pct(null), "—");
  assert.equal(zh.pctPlain(0.048116646415552855), "4.81");
  assert.equal(zh.pctPlain(1), "100.00");
  assert.equal(zh.pctPlain(null), "");
  assert.equal(zh.p(0.0004), "<0.001");
  assert.equal(zh.p(0.0321), "0.032");
});

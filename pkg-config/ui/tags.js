// The tag builder: named rules of AND/OR conditions over customer fields, with live member
// counts, saved and loaded as JSON files.

import { h, clear, download } from "./dom.js";
import { label, REGION_EN, PROVINCES } from "../i18n/messages.js";

/** @typedef {import("../customer_insights.js").TagConfig} TagConfig */
/** @typedef {import("../customer_insights.js").Condition} Condition */
/** @typedef {import("../customer_insights.js").TagRow} TagRow */
/** @typedef {import("../customer_insights.js").Field} Field */
/** @typedef {import("../customer_insights.js").Op} Op */
/** @typedef {import("./format.js").Fmt} Fmt */
/** @typedef {import("../i18n/messages.js").Lang} Lang */

/** Condition fields (metrics.md customer fields plus scores and tags). @type {Field[]} */
export const FIELDS = [
  "orders",
  "revenue",
  "items",
  "recency_days",
  "first_order",
  "last_order",
  "member_level",
  "region",
  "age",
  "gender",
  "age_band",
  "source",
  "lifecycle",
  "rfm_segment",
  "r_score",
  "f_score",
  "m_score",
  "tag",
];
const NUMERIC = new Set([
  "orders",
  "revenue",
  "items",
  "recency_days",
  "member_level",
  "age",
  "r_score",
  "f_score",
  "m_score",
]);
/** @type {Op[]} */
export const OPS = ["=", "!=", "<", "<=", ">", ">=", "in", "between"];

/** Fields whose values are picked from a translated list (codes are sent, names are shown). */
export const CHOICES = {
  lifecycle: ["new", "active", "sleeping", "lost"],
  rfm_segment: [
    "Champions",
    "Loyal Customers",
    "Potential Loyalist",
    "New Customers",
    "Promising",
    "Need Attention",
    "About To Sleep",
    "At Risk",
    "Can't Lose Them",
    "Hibernating",
    "Lost",
    "Others",
  ],
  gender: ["女", "男", "未知"],
  age_band: ["<18", "18-24", "25-29", "30-34", "35-39", "40-49", "50+", "unknown"],
  region: [...PROVINCES, "未知"],
};
/** @type {Op[]} */
const CHOICE_OPS = ["=", "!=", "in"];

/**
 * The shown name of a fixed-choice value.
 * @param {Lang} lang @param {string} field @param {string} v
 */
export function choiceName(lang, field, v) {
  if (field === "lifecycle") return label(lang, "stage", v);
  if (field === "rfm_segment") return label(lang, "seg", v);
  if (field === "region" && lang === "en") return REGION_EN[v] ?? label(lang, "key", v);
  return label(lang, "key", v);
}

/** @param {string} field @returns {field is keyof typeof CHOICES} */
const isChoice = (field) => field in CHOICES;

/**
 * A tag as edited: values kept as typed.
 * @typedef {{name: string, match: "all" | "any", conditions: {field: Field, op: Op, text: string}[]}} DraftTag
 */

/** @param {string} field @param {string} s @returns {number | string} */
function scalar(field, s) {
  const v = s.trim();
  if (NUMERIC.has(field) && v !== "" && !Number.isNaN(Number(v))) return Number(v);
  return v;
}

/**
 * The config form of draft tags (conditions without a value are left out).
 * @param {DraftTag[]} drafts
 * @returns {TagConfig[]}
 */
export function toConfig(drafts) {
  return drafts.map((d) => ({
    name: d.name,
    match: d.match,
    conditions: d.conditions
      .filter((c) => c.text.trim() !== "")
      .map((c) => {
        /** @type {Condition["value"]} */
        let value;
        if (c.op === "in" || c.op === "between")
          value = c.text
            .split(/[,，]/)
            .map((x) => scalar(c.field, x))
            .filter((x) => x !== "");
        else value = scalar(c.field, c.text);
        return { field: c.field, op: c.op, value };
      }),
  }));
}

/**
 * Draft tags from the config form (e.g. a loaded JSON file).
 * @param {unknown} json
 * @returns {DraftTag[]}
 */
export function fromConfig(json) {
  const list = Array.isArray(json)
    ? json
    : json && typeof json === "object" && Array.isArray(/** @type {any} */ (json).tags)
      ? /** @type {any} */ (json).tags
      : null;
  if (!list) throw new Error('expected a JSON list of tags, or {"tags": [...]}');
  return list.map((/** @type {any} */ t, /** @type {number} */ i) => ({
    name: String(t?.name ?? `tag ${i + 1}`),
    match: t?.match === "any" ? "any" : "all",
    conditions: (Array.isArray(t?.conditions) ? t.conditions : []).map((/** @type {any} */ c) => ({
      field: String(c?.field ?? "orders"),
      op: String(c?.op ?? ">="),
      text: Array.isArray(c?.value) ? c.value.join(",") : String(c?.value ?? ""),
    })),
  }));
}

/**
 * @typedef {{
 *   t: (key: string, vars?: Record<string, string | number>) => string, fmt: Fmt, lang: Lang,
 *   drafts: DraftTag[],
 *   suggestions: Record<string, string[]>,
 *   onChange: (structural: boolean) => void,
 *   onMembers: (name: string) => void,
 * }} TagsContext
 */

/**
 * @param {TagsContext} c
 * @returns {{el: HTMLElement, update: (rows: TagRow[] | null, error: string | null) => void}}
 */
export function renderTags(c) {
  const { t } = c;
  /** @type {Map<string, HTMLElement>} */
  const counts = new Map();
  const errorBox = h("p", { class: "file-error", role: "alert", hidden: true, "data-testid": "tags-error" });
  const loader = h("input", {
    type: "file",
    accept: ".json,application/json",
    class: "file-input",
    "data-testid": "tags-load-input",
  });
  loader.addEventListener("change", async () => {
    const f = loader.files?.[0];
    loader.value = "";
    if (!f) return;
    try {
      const drafts = fromConfig(JSON.parse(await f.text()));
      c.drafts.splice(0, c.drafts.length, ...drafts);
      c.onChange(true);
    } catch (e) {
      errorBox.hidden = false;
      errorBox.textContent = String(/** @type {Error} */ (e).message ?? e);
    }
  });
  const datalists = Object.entries(c.suggestions).map(([field, values]) =>
    h(
      "datalist",
      { id: `ci-values-${field}` },
      values.map((v) => h("option", { value: v })),
    ),
  );

  const list = h("div", { class: "tag-list" });
  for (const [i, d] of c.drafts.entries()) list.append(tagEditor(c, d, i, counts));
  const el = h(
    "div",
    { class: "tags", "data-testid": "tags" },
    h("p", { class: "muted" }, t("tags.intro")),
    h(
      "div",
      { class: "toolbar" },
      h(
        "button",
        {
          type: "button",
          class: "btn primary",
          "data-testid": "tag-add",
          onclick: () => {
            c.drafts.push({
              name: t("tags.default_name", { n: c.drafts.length + 1 }),
              match: "all",
              conditions: [{ field: "orders", op: ">=", text: "2" }],
            });
            c.onChange(true);
          },
        },
        t("tags.add"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "btn",
          disabled: c.drafts.length === 0,
          onclick: () => {
            download(
              "tags.json",
              new Blob([`${JSON.stringify(toConfig(c.drafts), null, 2)}\n`], { type: "application/json" }),
            );
          },
        },
        t("tags.save"),
      ),
      h("label", { class: "btn" }, t("tags.load"), loader),
    ),
    errorBox,
    c.drafts.length ? list : h("p", { class: "muted" }, t("tags.none")),
    datalists,
  );
  return {
    el,
    update(rows, error) {
      errorBox.hidden = !error;
      errorBox.textContent = error ?? "";
      for (const [name, span] of counts) {
        const row = rows?.find((r) => r.name === name);
        span.textContent = row
          ? t("tags.count", { n: c.fmt.int(row.customers), revenue: c.fmt.money(row.revenue) })
          : "—";
      }
    },
  };
}

/**
 * @param {TagsContext} c @param {DraftTag} d @param {number} index @param {Map<string, HTMLElement>} counts
 */
function tagEditor(c, d, index, counts) {
  const { t, lang } = c;
  const count = h("span", { class: "tag-count", "data-testid": `tag-count-${index}` }, "…");
  counts.set(d.name, count);
  const name = h("input", {
    type: "text",
    value: d.name,
    class: "tag-name",
    "aria-label": t("tags.name"),
    "data-testid": `tag-name-${index}`,
  });
  name.addEventListener("change", () => {
    d.name = name.value.trim() || d.name;
    c.onChange(true);
  });
  const match = h(
    "select",
    { "aria-label": t("tags.match"), "data-testid": `tag-${index}-match` },
    h("option", { value: "all" }, t("tags.match_all")),
    h("option", { value: "any" }, t("tags.match_any")),
  );
  match.value = d.match;
  match.addEventListener("change", () => {
    d.match = match.value === "any" ? "any" : "all";
    c.onChange(false);
  });
  const conds = h("div", { class: "conds" });
  const rebuild = () => {
    clear(conds);
    d.conditions.forEach((cond, j) => {
      const field = h(
        "select",
        { "aria-label": t("tags.field"), "data-testid": `tag-${index}-field-${j}` },
        FIELDS.map((f) => h("option", { value: f }, label(lang, "field", f))),
      );
      field.value = cond.field;
      const fixed = isChoice(cond.field);
      const ops = fixed ? CHOICE_OPS : OPS;
      if (!ops.includes(cond.op)) cond.op = "=";
      const op = h(
        "select",
        { "aria-label": t("tags.op"), class: "op", "data-testid": `tag-${index}-op-${j}` },
        ops.map((o) => h("option", { value: o }, label(lang, "op", o))),
      );
      op.value = cond.op;
      /** @type {HTMLInputElement | HTMLSelectElement} */
      let value;
      if (isChoice(cond.field)) {
        // A translated list: names shown, codes sent (several with "in").
        const multi = cond.op === "in";
        const picked = new Set(cond.text.split(/[,，]/).map((x) => x.trim()));
        const codes = [...new Set([...CHOICES[cond.field], ...(c.suggestions[cond.field] ?? [])])];
        const sel = h(
          "select",
          {
            "aria-label": t("tags.value"),
            multiple: multi,
            size: multi ? 4 : null,
            "data-testid": `tag-${index}-value-${j}`,
          },
          multi ? null : h("option", { value: "" }, t("tags.pick")),
          codes.map((v) =>
            h("option", { value: v, selected: picked.has(v) }, choiceName(lang, /** @type {string} */ (cond.field), v)),
          ),
        );
        if (!multi) sel.value = picked.has(cond.text.trim()) ? cond.text.trim() : "";
        sel.addEventListener("change", () => {
          cond.text = [...sel.selectedOptions].map((o) => o.value).join(",");
          c.onChange(false);
        });
        value = sel;
      } else {
        const input = h("input", {
          type: "text",
          value: cond.text,
          list: `ci-values-${cond.field}`,
          "aria-label": t("tags.value"),
          placeholder: cond.op === "in" || cond.op === "between" ? t("tags.value_hint") : "",
          "data-testid": `tag-${index}-value-${j}`,
        });
        input.addEventListener("input", () => {
          cond.text = input.value;
          c.onChange(false);
        });
        value = input;
      }
      field.addEventListener("change", () => {
        const before = isChoice(cond.field);
        cond.field = FIELDS.find((f) => f === field.value) ?? cond.field;
        if (before || isChoice(cond.field)) {
          cond.text = "";
          rebuild();
        } else value.setAttribute("list", `ci-values-${cond.field}`);
        c.onChange(false);
      });
      op.addEventListener("change", () => {
        const wasMulti = cond.op === "in";
        cond.op = OPS.find((o) => o === op.value) ?? cond.op;
        if (isChoice(cond.field) && wasMulti !== (cond.op === "in")) {
          if (cond.op !== "in") cond.text = cond.text.split(",")[0] ?? "";
          rebuild();
        } else if (!isChoice(cond.field))
          value.setAttribute("placeholder", cond.op === "in" || cond.op === "between" ? t("tags.value_hint") : "");
        c.onChange(false);
      });
      const del = h(
        "button",
        {
          type: "button",
          class: "btn small ghost",
          "aria-label": t("tags.remove"),
          onclick: () => {
            d.conditions.splice(j, 1);
            rebuild();
            c.onChange(false);
          },
        },
        "×",
      );
      conds.append(h("div", { class: `cond${fixed && cond.op === "in" ? " multi" : ""}` }, field, op, value, del));
    });
  };
  rebuild();
  return h(
    "article",
    { class: "tag-card", "data-testid": `tag-${index}` },
    h("header", { class: "tag-head" }, name, count),
    match,
    conds,
    h(
      "div",
      { class: "toolbar" },
      h(
        "button",
        {
          type: "button",
          class: "btn small",
          "data-testid": `tag-${index}-add-condition`,
          onclick: () => {
            d.conditions.push({ field: "orders", op: ">=", text: "" });
            rebuild();
          },
        },
        t("tags.add_condition"),
      ),
      h("button", { type: "button", class: "btn small", onclick: () => c.onMembers(d.name) }, t("btn.members")),
      h(
        "button",
        {
          type: "button",
          class: "btn small ghost",
          onclick: () => {
            c.drafts.splice(index, 1);
            c.onChange(true);
          },
        },
        t("tags.remove"),
      ),
    ),
  );
}

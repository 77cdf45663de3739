// "Files in": drop zone, file picker, a progress bar per file while it streams into the
// worker, and per file a card with what was detected, the column mapping (editable), the row
// accounting and the first problems.

import { h, append } from "./dom.js";
import { label } from "../i18n/messages.js";

/** @typedef {import("../customer_insights.js").IngestSummary} IngestSummary */
/** @typedef {import("./format.js").Fmt} Fmt */
/** @typedef {import("../i18n/messages.js").Lang} Lang */

/**
 * One file as the element tracks it.
 * @typedef {object} FileEntry
 * @property {string} name
 * @property {Blob} blob The bytes, kept so the file can be read again after a mapping change.
 * @property {"reading" | "done" | "error"} state
 * @property {number} bytes Bytes read so far.
 * @property {number} rows Rows seen so far.
 * @property {IngestSummary | null} summary
 * @property {string | null} error A message when the file could not be read.
 */

/** The roles a manual mapping can set, per kind (in the engine's order). */
export const ROLES = {
  orders: [
    "order_id",
    "customer",
    "email",
    "phone",
    "payer",
    "receiver",
    "address",
    "province",
    "city",
    "country",
    "status",
    "amount",
    "refund",
    "created",
    "items",
    "cancelled",
  ],
  customers: [
    "customer",
    "email",
    "phone",
    "gender",
    "age",
    "birthday",
    "province",
    "city",
    "country",
    "address",
    "member_level",
    "source",
    "tags",
  ],
  interest: ["customer", "email", "action", "time", "item_id", "province"],
  calls: ["agent", "task", "customer", "phone", "time", "duration", "connected", "ordered"],
  tickets: [
    "ticket_id",
    "customer",
    "order_ref",
    "ticket_type",
    "channel",
    "created",
    "first_response",
    "resolved",
    "status",
    "satisfaction",
  ],
};

/**
 * @typedef {{
 *   t: (key: string, vars?: Record<string, string | number>) => string, fmt: Fmt, lang: Lang,
 *   files: FileEntry[],
 *   onFiles: (files: File[]) => void,
 *   onMapping: (name: string, mapping: Record<string, string>) => void,
 *   onRemove: (name: string) => void,
 *   extra: Node | null,
 * }} FilesContext
 */

/** @param {FilesContext} c */
export function renderFiles(c) {
  const { t } = c;
  const input = h("input", {
    type: "file",
    multiple: true,
    class: "file-input",
    "data-testid": "file-input",
    accept: ".csv,.tsv,.txt,.xlsx,.json,text/csv",
  });
  input.addEventListener("change", () => {
    if (input.files?.length) c.onFiles([...input.files]);
    input.value = "";
  });
  const zone = h(
    "label",
    { class: "drop", "data-testid": "drop-zone" },
    h("span", { class: "drop-icon", "aria-hidden": "true" }, "⇪"),
    h("strong", {}, t("drop.title")),
    h("span", { class: "muted small" }, t("drop.hint")),
    h("span", { class: "btn primary" }, t("drop.pick")),
    input,
  );
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const files = e.dataTransfer?.files;
    if (files?.length) c.onFiles([...files]);
  });
  return h(
    "div",
    { class: "files" },
    h("div", { class: "drop-row" }, zone, c.extra),
    c.files.length
      ? h(
          "div",
          { class: "file-list" },
          c.files.map((f) => fileCard(c, f)),
        )
      : h("p", { class: "muted" }, t("files.none")),
  );
}

/** @param {FilesContext} c @param {FileEntry} f */
function fileCard(c, f) {
  const { t, fmt, lang } = c;
  const s = f.summary;
  const head = h(
    "header",
    { class: "file-head" },
    h("h3", { class: "file-name", title: f.name }, f.name),
    h("button", { type: "button", class: "btn small ghost", onclick: () => c.onRemove(f.name) }, t("files.remove")),
  );
  const card = h("article", { class: `file-card ${f.state}`, "data-testid": "file-card", "data-file": f.name }, head);
  if (f.state === "reading") {
    const total = f.blob.size || 1;
    card.append(
      h("progress", { max: total, value: f.bytes, "data-testid": "file-progress" }),
      h(
        "p",
        { class: "muted small" },
        `${fmt.int(Math.round((f.bytes / total) * 100))}% · ${t("files.rows_read", { rows: fmt.int(f.rows) })}`,
      ),
    );
    return card;
  }
  const err = s?.error?.message ?? f.error;
  if (err) {
    card.append(
      h(
        "div",
        { class: "file-error", role: "alert", "data-testid": "file-error" },
        h("strong", {}, t("files.error")),
        h("p", {}, err),
      ),
    );
  }
  if (!s?.kind) return card;
  const skipped = Object.entries(s.rows_skipped);
  append(card, [
    h(
      "dl",
      { class: "facts" },
      h("div", {}, h("dt", {}, t("files.kind")), h("dd", { "data-testid": "file-kind" }, label(lang, "kind", s.kind))),
      h(
        "div",
        {},
        h("dt", {}, t("files.platform")),
        h("dd", {}, s.platform ? label(lang, "platform", s.platform) : "—"),
      ),
      h(
        "div",
        {},
        h("dt", {}, t("files.encoding")),
        h("dd", {}, [s.encoding ?? s.container ?? "—", s.bom ? " (BOM)" : ""].join("")),
      ),
      h(
        "div",
        {},
        h("dt", {}, t("files.rows")),
        h(
          "dd",
          { "data-testid": "file-rows" },
          t("files.rows_fmt", { used: fmt.int(s.rows_used), total: fmt.int(s.rows_total) }),
        ),
      ),
    ),
    skipped.length
      ? h(
          "ul",
          { class: "skips" },
          skipped.map(([reason, n]) =>
            h("li", {}, `${t("files.skipped")} · ${label(lang, "reason", reason)}: ${fmt.int(n)}`),
          ),
        )
      : null,
    s.customer_key.length
      ? h(
          "p",
          { class: "small" },
          `${t("files.key")}: ${s.customer_key.join(" → ")}`,
          s.rows_without_key ? ` · ${t("files.without_key", { n: fmt.int(s.rows_without_key) })}` : "",
        )
      : null,
    s.replaced_bytes ? h("p", { class: "warn small" }, t("files.replaced")) : null,
    Object.keys(s.unknown_status).length
      ? h(
          "p",
          { class: "warn small" },
          `${t("files.unknown_status")}: ${Object.entries(s.unknown_status)
            .map(([k, n]) => `${k} (${n})`)
            .join(", ")}`,
        )
      : null,
    mapping(c, s),
    s.errors.length
      ? h(
          "details",
          { class: "issues" },
          h("summary", {}, `${t("files.errors")} (${s.errors.length})`),
          h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              {},
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  [t("files.row"), t("files.column"), t("files.value"), t("files.reason")].map((x) => h("th", {}, x)),
                ),
              ),
              h(
                "tbody",
                {},
                s.errors.map((e) =>
                  h(
                    "tr",
                    {},
                    h("td", { class: "num" }, String(e.row)),
                    h("td", {}, e.column ?? ""),
                    h("td", { class: "value" }, e.value ?? ""),
                    h("td", {}, label(lang, "reason", e.reason)),
                  ),
                ),
              ),
            ),
          ),
        )
      : null,
  ]);
  return card;
}

/** @param {FilesContext} c @param {IngestSummary} s */
function mapping(c, s) {
  const { t, lang } = c;
  const roles = s.kind ? ROLES[s.kind] : [];
  const current = { ...s.columns };
  const selects = roles.map((role) => {
    const sel = h(
      "select",
      { "data-role": role, "aria-label": label(lang, "role", role) },
      h("option", { value: "" }, t("files.unmapped")),
      s.header.map((col) => {
        const o = h("option", { value: col }, col);
        if (current[role] === col) o.selected = true;
        return o;
      }),
    );
    sel.addEventListener("change", () => {
      /** @type {Record<string, string>} */
      const m = {};
      for (const other of selects) if (other.value) m[other.dataset.role ?? ""] = other.value;
      c.onMapping(s.name, m);
    });
    return sel;
  });
  return h(
    "details",
    { class: "mapping" },
    h("summary", {}, t("files.mapping")),
    h("p", { class: "muted small" }, t("files.mapping_hint")),
    h(
      "div",
      { class: "map-grid" },
      roles.map((role, i) =>
        h("label", { class: role in current ? "mapped" : "" }, h("span", {}, label(lang, "role", role)), selects[i]),
      ),
    ),
  );
}

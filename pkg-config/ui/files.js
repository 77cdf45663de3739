// "Files in": drop zone, file picker, what to export from where, a progress bar per file while
// it streams into the worker (then a "computing the report" step), and per file a card with what
// was detected, the column mapping (editable), the row accounting and the first problems. A file
// that could not be read says why and what to do in the UI language (by its error code); one
// whose headers are unknown offers "read it as …" and the column mapping.

import { h, append } from "./dom.js";
import { label } from "../i18n/messages.js";
import { errorText } from "./errors.js";

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
 * @property {string | null} error A message when the file could not be read (the engine's, English:
 *   for logs; the page shows the text of `code`).
 * @property {string | null} code The error code when the file could not be read.
 * @property {import("./errors.js").Sniffed | null} sniff The first line of a file without a
 *   recognised header (`no_header`), read by the page.
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
 *   onOptions: (name: string, options: import("../customer_insights.js").FileOptions) => void,
 *   onRemove: (name: string) => void,
 *   extra: Node | null,
 *   open?: Set<string>,
 *   guideOpen?: boolean | null,
 *   onGuide?: (open: boolean) => void,
 * }} FilesContext
 *   `open`: the `data-keep` keys of the foldable parts that were open before this render;
 *   `guideOpen`: the operator opened (true) or closed (false) the export guide, null: not yet
 *   (it is open until a file was read); `onGuide`: they did.
 */

/**
 * What a file of each kind cannot be read without, as the engine's detection wants it: groups
 * of roles of which one must be mapped (the roles in them are shown first and marked in the
 * treat-as mapping, and checked before the file is read again). The customer list's "and two of
 * gender/age/…" is left to the engine.
 * @type {Record<import("../customer_insights.js").Kind, string[][]>}
 */
export const REQUIRED = {
  orders: [["order_id"], ["amount"], ["created"]],
  customers: [["customer", "email"]],
  interest: [["customer", "email"], ["time"], ["action", "item_id"]],
  calls: [["agent"], ["time"], ["connected", "duration"]],
  tickets: [["ticket_id", "ticket_type"], ["created"], ["status", "first_response", "resolved"]],
};

/**
 * The groups of {@link REQUIRED} that `mapping` leaves unmapped, as their roles' names
 * ("订单号", "客户 或 邮箱").
 * @param {(key: string, vars?: Record<string, string | number>) => string} t
 * @param {import("../i18n/messages.js").Lang} lang
 * @param {import("../customer_insights.js").Kind} kind @param {Record<string, string>} mapping
 * @returns {string[]}
 */
export function missingRoles(t, lang, kind, mapping) {
  return REQUIRED[kind]
    .filter((group) => !group.some((r) => mapping[r]))
    .map((group) => group.map((r) => label(lang, "role", r)).join(t("files.or")));
}

/** The kinds a file can be read as. */
export const KINDS = /** @type {const} */ (["orders", "customers", "interest", "calls", "tickets"]);

/**
 * "42% · 已读 12,345 行".
 * @param {(key: string, vars?: Record<string, string | number>) => string} t @param {Fmt} fmt
 * @param {number} bytes @param {number} total @param {number} rows
 */
export function progressText(t, fmt, bytes, total, rows) {
  const pct = Math.min(100, Math.floor((bytes / (total || 1)) * 100));
  return `${fmt.int(pct)}% · ${t("files.rows_read", { rows: fmt.int(rows) })}`;
}

/**
 * The "what to export, and from where" panel: per kind, where the platforms export it and which
 * cards it unlocks; the orders export is the minimum.
 * @param {(key: string, vars?: Record<string, string | number>) => string} t
 * @param {boolean} open
 * @param {(open: boolean) => void} [onToggle] the operator opened or closed it
 */
export function renderGuide(t, open, onToggle) {
  const summary = h("summary", {}, t("guide.title"));
  const details = h("details", { class: "guide", "data-testid": "export-guide", open }, summary);
  // (a click, by mouse or Enter/Space, is the operator's; "toggle" also fires on render)
  summary.addEventListener("click", () => onToggle?.(!details.open));
  append(details, [
    h("p", {}, t("guide.minimum")),
    h(
      "div",
      { class: "table-wrap guide-table" },
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            [t("guide.col.kind"), t("guide.col.where"), t("guide.col.unlocks")].map((x) =>
              h("th", { scope: "col" }, x),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          KINDS.map((k) =>
            h(
              "tr",
              { "data-kind": k },
              h("th", { scope: "row" }, t(`kind.${k}`)),
              h("td", {}, t(`guide.where.${k}`)),
              h("td", {}, t(`guide.unlocks.${k}`)),
            ),
          ),
        ),
      ),
    ),
    h("p", { class: "muted small" }, t("guide.other")),
  ]);
  return details;
}

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
    // open until a file was read (unless the operator opened or closed it)
    renderGuide(t, c.guideOpen ?? !c.files.some((f) => f.state === "done"), c.onGuide),
    h(
      "div",
      { class: "computing", role: "status", hidden: true, "data-testid": "computing" },
      h("span", {}, t("files.computing")),
      h("progress", { "aria-label": t("files.computing") }),
    ),
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
      h("progress", { max: total, value: f.bytes, "data-testid": "file-progress", "aria-label": f.name }),
      h(
        "p",
        { class: "muted small", "data-testid": "file-progress-text", "aria-live": "off" },
        progressText(t, fmt, f.bytes, total, f.rows),
      ),
    );
    return card;
  }
  const message = s?.error?.message ?? f.error;
  if (f.state === "error" || message) {
    const binary = f.sniff?.binary === true;
    // an image or archive renamed .csv finds no header either: say what it is
    const code = f.code === "no_header" && binary ? "not_a_table" : (f.code ?? s?.error?.code ?? null);
    card.append(
      h(
        "div",
        {
          class: "file-error",
          role: "alert",
          "data-testid": "file-error",
          "data-code": code ?? "",
          tabindex: -1, // (the dashboard's banner moves the focus here)
          // the engine's own (English) message, for the English UI's tooltip only
          title: lang === "en" && message ? message : null,
        },
        h("strong", {}, t("files.error")),
        h("p", { "data-testid": "file-error-text" }, errorText(t, code)),
      ),
    );
    if (!binary && (f.code === "no_header" || (f.code === "bad_mapping" && f.sniff))) card.append(treatAs(c, f));
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
    { class: "mapping", "data-keep": `map:${s.name}`, open: Boolean(c.open?.has(`map:${s.name}`)) },
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

/**
 * For a file whose headers match no known export: "read it as …" (sets the file's `kind`), then
 * the roles of that kind, each with the file's columns to choose from, and a button that reads
 * the file again with them (`mapping`). The roles and the select-per-role are the mapping
 * editor's; the columns are the file's first line as the page read it.
 * @param {FilesContext} c @param {FileEntry & {options?: import("../customer_insights.js").FileOptions | null}} f
 */
function treatAs(c, f) {
  const { t, lang } = c;
  const options = f.options ?? {};
  const kind = options.kind ?? null;
  const header = f.sniff?.header ?? [];
  const picker = h(
    "select",
    { "data-testid": "treat-as", "aria-label": t("files.treat_as") },
    h("option", { value: "" }, t("files.treat_as_pick")),
    KINDS.map((k) => {
      const o = h("option", { value: k }, label(lang, "kind", k));
      if (k === kind) o.selected = true;
      return o;
    }),
  );
  picker.addEventListener("change", () => {
    const next = { ...options };
    if (picker.value) next.kind = /** @type {import("../customer_insights.js").Kind} */ (picker.value);
    else delete next.kind;
    delete next.mapping;
    c.onOptions(f.name, next);
  });
  const box = h(
    "div",
    { class: "treat-as", "data-testid": "treat-as-box" },
    h("p", { class: "small" }, t("files.treat_as_hint")),
    h("label", { class: "treat-as-pick" }, h("span", {}, t("files.treat_as")), picker),
  );
  if (!kind) return box;
  if (!header.length) {
    box.append(h("p", { class: "warn small" }, t("files.no_columns")));
    return box;
  }
  const mapped = options.mapping ?? {};
  const required = REQUIRED[kind].flat();
  // the roles it needs first, then the others
  const roles = [...required, ...ROLES[kind].filter((r) => !required.includes(r))];
  const selects = roles.map((role) => {
    const sel = h(
      "select",
      { "data-role": role, "aria-label": label(lang, "role", role), "aria-required": required.includes(role) },
      h("option", { value: "" }, t("files.unmapped")),
      header.map((col) => {
        const o = h("option", { value: col }, col);
        if (mapped[role] === col) o.selected = true;
        return o;
      }),
    );
    return sel;
  });
  const missing = h("p", { class: "field-error", role: "alert", hidden: true, "data-testid": "treat-as-missing" });
  const apply = h(
    "button",
    {
      type: "button",
      class: "btn primary small",
      "data-testid": "treat-as-apply",
      onclick: () => {
        /** @type {Record<string, string>} */
        const m = {};
        for (const sel of selects) if (sel.value) m[sel.dataset.role ?? ""] = sel.value;
        // what the file cannot be read without, said here rather than by a failed read
        const left = missingRoles(t, lang, kind, m);
        missing.hidden = left.length === 0;
        missing.textContent = left.length ? t("files.map_missing", { roles: left.join(t("files.list_sep")) }) : "";
        if (!left.length) c.onOptions(f.name, { ...options, kind, mapping: m });
        else selects[roles.indexOf(REQUIRED[kind].find((g) => !g.some((r) => m[r]))?.[0] ?? "")]?.focus();
      },
    },
    t("files.map_apply"),
  );
  box.append(
    h("p", { class: "small needs" }, t(`files.needs.${kind}`)),
    h(
      "div",
      { class: "map-grid", "data-testid": "treat-as-mapping" },
      roles.map((role, i) =>
        h(
          "label",
          { class: [role in mapped ? "mapped" : "", i < required.length ? "required" : ""].join(" ").trim() },
          h(
            "span",
            {},
            label(lang, "role", role),
            i < required.length ? h("b", { "aria-hidden": "true" }, " *") : null,
          ),
          selects[i],
        ),
      ),
    ),
    missing,
    h("div", { class: "toolbar" }, apply),
  );
  return box;
}

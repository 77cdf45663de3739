// One customer: a search box on the dashboard (a combobox over `customers({search})`) and the
// customer record dialog (客户档案). Everything the files say goes in as text.

import { h, clear } from "./dom.js";
import { label, REGION_EN } from "../i18n/messages.js";

/** @typedef {import("../customer_insights.js").CustomerRecord} CustomerRecord */
/** @typedef {import("../customer_insights.js").CustomerList} CustomerList */
/** @typedef {import("./format.js").Fmt} Fmt */
/** @typedef {import("../i18n/messages.js").Lang} Lang */
/** @typedef {{t: (key: string, vars?: Record<string, string | number>) => string, fmt: Fmt, lang: Lang}} Ctx */

/** How many matches the box lists. */
export const MATCHES = 10;

/**
 * The search box: typing searches (debounced), ↑/↓ move through the matches, Enter opens one,
 * Esc closes the list.
 * @param {Ctx & {search: (text: string) => Promise<CustomerList>, open: (key: string) => void}} c
 * @param {number} [delay] debounce in ms @default 200
 * @returns {HTMLElement}
 */
export function searchBox(c, delay = 200) {
  const { t, fmt } = c;
  const listId = "ci-customer-matches";
  const input = h("input", {
    type: "search",
    id: "ci-customer-search",
    class: "search-input",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    "aria-label": t("search.label"),
    placeholder: t("search.placeholder"),
    autocomplete: "off",
    "data-testid": "customer-search",
  });
  const list = h("ul", {
    id: listId,
    role: "listbox",
    class: "search-list",
    hidden: true,
    "data-testid": "customer-matches",
  });
  const status = h("p", { class: "muted small", role: "status", "aria-live": "polite" });
  /** @type {string[]} */
  let keys = [];
  let active = -1;
  let seq = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = () => {
    for (const [i, li] of [...list.children].entries()) li.setAttribute("aria-selected", String(i === active));
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const pick = (/** @type {number} */ i) => {
    const key = keys[i];
    if (key === undefined) return;
    close();
    c.open(key);
  };
  const run = async () => {
    const text = input.value.trim();
    const mine = ++seq;
    if (!text) {
      clear(list);
      status.textContent = "";
      close();
      return;
    }
    /** @type {CustomerList} */
    let res;
    try {
      res = await c.search(text);
    } catch {
      return; // (the session shows the error)
    }
    if (mine !== seq) return; // a newer search answers
    keys = res.customers.map((x) => x.customer);
    active = -1;
    clear(list);
    list.append(
      ...res.customers.map((x, i) =>
        h(
          "li",
          {
            id: `${listId}-${i}`,
            role: "option",
            "aria-selected": "false",
            class: "search-item",
            "data-key": x.customer,
            onmousedown: (/** @type {Event} */ e) => e.preventDefault(),
            onclick: () => pick(i),
          },
          h("span", { class: "value" }, x.customer),
          h(
            "span",
            { class: "muted small" },
            ` · ${label(c.lang, "record.kind", x.kind)} · ${t("col.orders")} ${fmt.int(x.orders)} · ${fmt.money(x.revenue)}`,
          ),
        ),
      ),
    );
    status.textContent =
      res.total === 1
        ? t("search.count_one")
        : res.total
          ? t("search.count", { n: fmt.int(res.total) })
          : t("search.none");
    list.hidden = keys.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (list.hidden) {
        if (keys.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        e.preventDefault();
        return;
      }
      e.preventDefault();
      const n = keys.length;
      active = e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n;
      mark();
    } else if (e.key === "Enter") {
      if (!list.hidden && keys.length) {
        e.preventDefault();
        pick(Math.max(active, 0));
      }
    } else if (e.key === "Escape") {
      if (!list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    }
  });
  input.addEventListener("blur", () => close());
  return h(
    "div",
    { class: "customer-search", role: "search", "data-testid": "customer-search-box" },
    h("label", { class: "search-label", for: "ci-customer-search" }, t("search.label")),
    h("div", { class: "search-field" }, input, list),
    status,
  );
}

/**
 * A small table with a caption-like heading; "无" when empty.
 * @param {Ctx} c @param {string} id @param {string} title @param {string[]} head
 * @param {(string | number)[][]} rows @param {string[]} [rowClass] a class per row ("" for none)
 */
function section(c, id, title, head, rows, rowClass = []) {
  return h(
    "section",
    { class: "record-part", "data-testid": `record-${id}` },
    h("h4", {}, title),
    rows.length
      ? h(
          "div",
          { class: "table-wrap", tabindex: 0, role: "region", "aria-label": title },
          h(
            "table",
            { "data-testid": `record-${id}-table` },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                head.map((x) => h("th", {}, x)),
              ),
            ),
            h(
              "tbody",
              {},
              rows.map((r, i) =>
                h(
                  "tr",
                  { class: rowClass[i] || null },
                  r.map((v) => h("td", {}, String(v))),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, c.t("record.none")),
  );
}

/**
 * The customer record dialog (focus and Esc are handled by `trapFocus`, as for members).
 * @param {Ctx} c @param {string} key @param {CustomerRecord | null} rec null while loading
 * @param {() => void} onClose
 * @returns {HTMLElement}
 */
export function recordDialog(c, key, rec, onClose) {
  const { t, fmt, lang } = c;
  const title = t("record.title", { key });
  const yes = (/** @type {boolean} */ b) => (b ? t("yes") : t("no"));
  /** @type {Node} */
  let body;
  if (rec === null) body = h("p", { class: "muted" }, t("record.loading"));
  else {
    const m = rec.summary;
    const place = (/** @type {string} */ x) => (lang === "en" ? (REGION_EN[x] ?? label(lang, "key", x)) : x);
    const region = place(m.region);
    /** @type {[string, string, string][]} */
    const facts = [
      ["kind", t("col.kind"), label(lang, "record.kind", rec.kind)],
      ["stage", t("col.stage"), m.lifecycle ? label(lang, "stage", m.lifecycle) : "—"],
      ["segment", t("col.segment"), m.rfm_segment ? label(lang, "seg", m.rfm_segment) : "—"],
      ["orders", t("col.orders"), fmt.int(m.orders)],
      ["revenue", t("col.revenue"), fmt.money(m.revenue)],
      ["last_order", t("col.last_order"), m.last_order || "—"],
      ["region", t("col.region"), region || "—"],
      ["phone", t("col.phone"), m.phone || "—"],
      ["last_interest", t("col.last_interest"), m.last_interest || "—"],
      ["action", t("dim.action"), m.action ? label(lang, "key", m.action) : "—"],
      ["tags", t("col.tags"), rec.tags.length ? rec.tags.join(lang === "en" ? ", " : "、") : "—"],
    ];
    body = h(
      "div",
      { class: "record-body" },
      h(
        "dl",
        { class: "record-facts", "data-testid": "record-summary" },
        facts.map(([id, k, v]) =>
          h("div", { class: "fact" }, h("dt", {}, k), h("dd", { "data-testid": `record-fact-${id}` }, v)),
        ),
      ),
      rec.profile
        ? section(
            c,
            "profile",
            t("record.profile"),
            rec.profile.map((x) => x.column),
            [rec.profile.map((x) => x.value)],
          )
        : null,
      section(
        c,
        "orders",
        t("record.orders", { n: fmt.int(rec.orders.length) }),
        [
          t("col.created"),
          t("col.order_id"),
          t("col.status"),
          t("col.paid"),
          t("col.refund"),
          t("col.revenue"),
          t("col.items"),
          t("col.region"),
          t("col.file"),
        ],
        rec.orders.map((o) => [
          o.created,
          o.order_id ?? "",
          [o.valid ? "" : t("record.invalid"), o.after_as_of ? t("record.after_as_of") : ""]
            .filter(Boolean)
            .join(" · ") || "✓",
          fmt.money(o.paid),
          fmt.money(o.refund),
          fmt.money(o.revenue),
          fmt.int(o.items),
          place(o.region),
          o.file,
        ]),
        rec.orders.map((o) => (o.valid ? "" : "invalid")),
      ),
      section(
        c,
        "events",
        t("record.events", { n: fmt.int(rec.events.length) }),
        [t("col.time"), t("col.action"), t("col.province")],
        rec.events.map((e) => [e.time, label(lang, "key", e.action), place(e.province)]),
      ),
      section(
        c,
        "calls",
        t("record.calls", { n: fmt.int(rec.calls.length) }),
        [t("col.time"), t("col.agent"), t("col.task"), t("col.duration"), t("col.connected_yes"), t("col.ordered_yes")],
        rec.calls.map((x) => [
          x.time,
          x.agent,
          x.task ?? "",
          fmt.int(x.duration_seconds),
          yes(x.connected),
          yes(x.ordered),
        ]),
      ),
      rec.tickets?.length
        ? section(
            c,
            "tickets",
            t("record.tickets", { n: fmt.int(rec.tickets.length) }),
            [
              t("col.created"),
              t("col.ticket_type"),
              t("col.channel"),
              t("col.resolved"),
              t("col.score"),
              t("col.order_id"),
            ],
            rec.tickets.map((x) => [
              x.created,
              x.ticket_type,
              x.channel,
              yes(x.resolved),
              x.satisfaction === null ? "—" : String(x.satisfaction),
              x.order_id ?? "",
            ]),
          )
        : null,
    );
  }
  const dlg = h(
    "div",
    { class: "overlay", role: "dialog", "aria-modal": "true", "aria-label": title, "data-testid": "record-dialog" },
    h(
      "div",
      { class: "dialog", tabindex: -1 },
      h(
        "header",
        { class: "dialog-head" },
        h("h3", { class: "value" }, title),
        h(
          "div",
          { class: "card-tools" },
          h(
            "button",
            { type: "button", class: "btn small", "data-testid": "record-close", onclick: onClose },
            t("btn.close"),
          ),
        ),
      ),
      body,
    ),
  );
  dlg.addEventListener("click", (e) => {
    if (e.target === dlg) onClose();
  });
  return dlg;
}

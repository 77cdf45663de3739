// The members of a segment, stage or tag, in a dialog, with CSV and Excel export (membersCsv,
// membersXlsx); exportButtons is the pair every member list offers.

import { h } from "./dom.js";
import { label, REGION_EN } from "../i18n/messages.js";

/** @typedef {import("../customer_insights.js").Member} Member */
/** @typedef {import("../customer_insights.js").MemberPage} MemberPage */
/** @typedef {import("./format.js").Fmt} Fmt */

/** How many rows the dialog shows (the CSV has all). */
export const SHOWN = 200;

/** @typedef {"csv" | "xlsx"} ExportFormat */

/**
 * The two export buttons of a member list: CSV and Excel (`${testid}-csv`, `${testid}-xlsx`).
 * @param {(key: string) => string} t @param {string} testid
 * @param {(format: ExportFormat) => void} onExport
 * @param {{disabled?: boolean, primary?: boolean, small?: boolean}} [o] @default {}
 */
export function exportButtons(t, testid, onExport, o = {}) {
  const cls = `btn${o.small ? " small" : ""}${o.primary ? " primary" : ""}`;
  return /** @type {const} */ (["csv", "xlsx"]).map((f) =>
    h(
      "button",
      {
        type: "button",
        class: cls,
        "data-testid": `${testid}-${f}`,
        disabled: o.disabled ?? false,
        onclick: () => onExport(f),
      },
      t(f === "csv" ? "btn.export_csv" : "btn.export_xlsx"),
    ),
  );
}

/**
 * @param {{t: (key: string, vars?: Record<string, string | number>) => string, fmt: Fmt, lang: import("../i18n/messages.js").Lang}} c
 * @param {string} title
 * @param {MemberPage | null} page the first {@link SHOWN} members and how many there are; null
 *   while loading
 * @param {(format: ExportFormat) => void} onExport
 * @param {() => void} onClose
 */
export function membersDialog(c, title, page, onExport, onClose) {
  const { t, fmt, lang } = c;
  const body =
    page === null
      ? h("p", { class: "muted" }, t("members.loading"))
      : h(
          "div",
          {},
          page.total > page.members.length
            ? h(
                "p",
                { class: "muted small" },
                t("members.more", { shown: page.members.length, n: fmt.int(page.total) }),
              )
            : null,
          h(
            "div",
            // Focusable, so that a keyboard can scroll the list.
            { class: "table-wrap", tabindex: 0, role: "region", "aria-label": title },
            h(
              "table",
              { "data-testid": "members-table" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  [
                    t("col.customer"),
                    t("col.orders"),
                    t("col.revenue"),
                    t("col.last_order"),
                    t("col.recency"),
                    t("col.stage"),
                    t("col.rfm"),
                    t("col.segment"),
                    t("col.region"),
                  ].map((x) => h("th", {}, x)),
                ),
              ),
              h(
                "tbody",
                {},
                page.members.map((m) =>
                  h(
                    "tr",
                    {},
                    h("td", { class: "value" }, m.customer),
                    h("td", { class: "num" }, fmt.int(m.orders)),
                    h("td", { class: "num" }, fmt.money(m.revenue)),
                    h("td", {}, m.last_order),
                    h("td", { class: "num" }, fmt.int(m.recency_days)),
                    h("td", {}, label(lang, "stage", m.lifecycle)),
                    h("td", {}, `${m.r}${m.f}${m.m}`),
                    h("td", {}, label(lang, "seg", m.rfm_segment)),
                    h("td", {}, lang === "en" ? (REGION_EN[m.region] ?? label(lang, "key", m.region)) : m.region),
                  ),
                ),
              ),
            ),
          ),
        );
  const dlg = h(
    "div",
    { class: "overlay", role: "dialog", "aria-modal": "true", "aria-label": title, "data-testid": "members-dialog" },
    h(
      "div",
      { class: "dialog", tabindex: -1 },
      h(
        "header",
        { class: "dialog-head" },
        h("h3", {}, page === null ? title : t("members.title", { name: title, n: fmt.int(page.total) })),
        h(
          "div",
          { class: "card-tools" },
          ...exportButtons(t, "members", onExport, { disabled: page === null, primary: true, small: true }),
          h(
            "button",
            { type: "button", class: "btn small", "data-testid": "members-close", onclick: onClose },
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

/** What Tab can reach inside the dialog. */
const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside the dialog and closes it on Escape.
 * @param {HTMLElement} overlay @param {() => void} onClose
 */
export function trapFocus(overlay, onClose) {
  overlay.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== "Tab") return;
    const items = /** @type {HTMLElement[]} */ ([...overlay.querySelectorAll(FOCUSABLE)]).filter(
      (el) => !el.closest("[hidden]"),
    );
    if (!items.length) {
      e.preventDefault();
      return;
    }
    const root = /** @type {ShadowRoot | Document} */ (overlay.getRootNode());
    const active = root.activeElement;
    const first = items[0];
    const last = items[items.length - 1];
    const inside = active instanceof HTMLElement && items.includes(active);
    if (e.shiftKey && (active === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  });
}

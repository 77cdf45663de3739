// Settings: analysis date, lifecycle and headline/conversion windows, RFM method and cut points.

import { h } from "./dom.js";

/** @typedef {import("../customer_insights.js").ReportConfig} ReportConfig */

/**
 * @typedef {{
 *   t: (key: string, vars?: Record<string, string | number>) => string,
 *   config: ReportConfig,
 *   asOf: string | null,
 *   onApply: (config: ReportConfig) => void,
 *   error: string | null,
 * }} SettingsContext
 */

/** @param {string} s @returns {number[] | null} four ascending numbers, else null */
export function parseCuts(s) {
  const xs = s
    .split(/[,，\s]+/)
    .filter(Boolean)
    .map(Number);
  if (xs.length !== 4 || xs.some((x) => !Number.isFinite(x))) return null;
  for (let i = 1; i < 4; i++) if (xs[i] <= xs[i - 1]) return null;
  return xs;
}

/** @param {SettingsContext} c */
export function renderSettings(c) {
  const { t, config } = c;
  /** @param {string} name @param {number | undefined} v @param {number} def */
  const num = (name, v, def) =>
    h("input", { type: "number", min: 1, max: 3650, step: 1, name, value: v ?? def, "data-testid": `setting-${name}` });
  const asOf = h("input", { type: "date", name: "as_of", value: config.as_of ?? "", "data-testid": "setting-as_of" });
  const lc = config.lifecycle ?? {};
  const w = config.windows ?? {};
  const newDays = num("new_days", lc.new_days, 30);
  const activeDays = num("active_days", lc.active_days, 180);
  const sleepingDays = num("sleeping_days", lc.sleeping_days, 365);
  const interest = num("interest_days", w.interest_days, 30);
  const transacted = num("transacted_days", w.transacted_days, 365);
  const conversion = num("conversion_days", w.conversion_days, 30);
  const method = h(
    "select",
    { name: "rfm_method", "data-testid": "setting-rfm_method" },
    h("option", { value: "quantile" }, t("settings.quantile")),
    h("option", { value: "thresholds" }, t("settings.thresholds")),
  );
  method.value = config.rfm?.method ?? "quantile";
  const cuts = config.rfm?.cuts ?? { r: [30, 90, 180, 365], f: [2, 3, 5, 10], m: [100, 300, 1000, 3000] };
  const cr = h("input", { type: "text", name: "cuts_r", value: cuts.r.join(", "), inputmode: "decimal" });
  const cf = h("input", { type: "text", name: "cuts_f", value: cuts.f.join(", "), inputmode: "decimal" });
  const cm = h("input", { type: "text", name: "cuts_m", value: cuts.m.join(", "), inputmode: "decimal" });
  const cutBox = h(
    "fieldset",
    { class: "cuts" },
    h("legend", {}, t("settings.thresholds")),
    h("label", {}, h("span", {}, t("settings.cuts_r")), cr),
    h("label", {}, h("span", {}, t("settings.cuts_f")), cf),
    h("label", {}, h("span", {}, t("settings.cuts_m")), cm),
  );
  const sync = () => {
    cutBox.disabled = method.value !== "thresholds";
    cutBox.classList.toggle("off", cutBox.disabled);
  };
  method.addEventListener("change", sync);
  sync();
  const err = h(
    "p",
    { class: "file-error", role: "alert", hidden: !c.error, "data-testid": "settings-error" },
    c.error ?? "",
  );

  const apply = () => {
    /** @type {ReportConfig} */
    const next = { ...config };
    if (asOf.value) next.as_of = asOf.value;
    else delete next.as_of;
    next.lifecycle = {
      new_days: Number(newDays.value),
      active_days: Number(activeDays.value),
      sleeping_days: Number(sleepingDays.value),
    };
    next.windows = {
      interest_days: Number(interest.value),
      transacted_days: Number(transacted.value),
      conversion_days: Number(conversion.value),
    };
    if (method.value === "thresholds") {
      const r = parseCuts(cr.value),
        f = parseCuts(cf.value),
        m = parseCuts(cm.value);
      if (!r || !f || !m) {
        err.hidden = false;
        err.textContent = t("settings.cuts_bad");
        return;
      }
      next.rfm = { ...(config.rfm ?? {}), method: "thresholds", cuts: { r, f, m } };
    } else {
      next.rfm = { ...(config.rfm ?? {}), method: "quantile" };
      delete next.rfm.cuts;
    }
    err.hidden = true;
    c.onApply(next);
  };
  const form = h(
    "form",
    { class: "settings", "data-testid": "settings" },
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.asof")),
      h("label", {}, asOf, c.asOf ? h("span", { class: "muted small" }, c.asOf) : null),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.lifecycle")),
      h("label", {}, h("span", {}, t("settings.new_days")), newDays),
      h("label", {}, h("span", {}, t("settings.active_days")), activeDays),
      h("label", {}, h("span", {}, t("settings.sleeping_days")), sleepingDays),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.windows")),
      h("label", {}, h("span", {}, t("settings.interest_days")), interest),
      h("label", {}, h("span", {}, t("settings.transacted_days")), transacted),
      h("label", {}, h("span", {}, t("settings.conversion_days")), conversion),
    ),
    h("fieldset", {}, h("legend", {}, t("settings.rfm")), h("label", {}, method), cutBox),
    err,
    h(
      "div",
      { class: "toolbar" },
      h("button", { type: "submit", class: "btn primary", "data-testid": "settings-apply" }, t("btn.apply")),
      h(
        "button",
        {
          type: "button",
          class: "btn",
          onclick: () => {
            const next = { ...config };
            delete next.as_of;
            delete next.lifecycle;
            delete next.windows;
            delete next.rfm;
            c.onApply(next);
          },
        },
        t("btn.reset"),
      ),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  return form;
}

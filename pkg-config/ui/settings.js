// Settings: analysis date, lifecycle and headline/conversion windows, RFM method and cut points;
// change over time (period length, the migration's earlier date), service and calls (response
// SLA, days to verify a call's order) and whether to predict value. The form checks what the
// engine would refuse (and an analysis date after the data) before it sends anything, with the
// message next to the field; after Apply it says what changed. The summary chip of the active
// settings (settingsChip) sits on the dashboard and here.

import { h } from "./dom.js";

/** @typedef {import("../customer_insights.js").ReportConfig} ReportConfig */
/** @typedef {(key: string, vars?: Record<string, string | number>) => string} T */

/**
 * @typedef {{
 *   t: T,
 *   config: ReportConfig,
 *   asOf: string | null,
 *   latest: string | null,
 *   onApply: (config: ReportConfig) => void,
 *   error: string | null,
 *   applied: string | null,
 * }} SettingsContext
 *   `asOf`: the report's analysis date; `latest`: the latest date in the data (the report's
 *   as_of when none is set), later analysis dates are refused; `error`: the engine refused the
 *   settings (translated); `applied`: what the last Apply changed.
 */

/** The defaults of metrics.md (the engine's) of the day fields, by form field name. */
export const DEFAULTS = {
  new_days: 30,
  active_days: 180,
  sleeping_days: 365,
  interest_days: 30,
  transacted_days: 365,
  conversion_days: 30,
  periods_days: 30,
  verify_days: 7,
};

/** `service.response_sla_minutes` by default (the engine's, src/metrics/service.rs). */
export const SLA_MINUTES = 1440;
/** The longest response SLA the form takes, in minutes (30 days; the engine takes any). */
export const SLA_MAX_MINUTES = 43200;
/** `migration.from` by default: this many days before the analysis date. */
export const MIGRATION_DAYS = 90;

/** `YYYY-MM-DD` moved by `n` days (null when `ymd` is not a date). @param {string} ymd @param {number} n */
export function addDays(ymd, n) {
  if (!isDate(ymd)) return null;
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * A response SLA as the form shows it: whole hours in hours, else minutes (1440 → 24 h).
 * @param {number} minutes @returns {{value: number, unit: "hours" | "minutes"}}
 */
export function slaShown(minutes) {
  return minutes % 60 === 0 ? { value: minutes / 60, unit: "hours" } : { value: minutes, unit: "minutes" };
}

/**
 * The minutes of an SLA typed as `value` in `unit`, or null when it is not a whole number of
 * minutes from 1 to {@link SLA_MAX_MINUTES} (1.5 hours is 90 minutes; 0.01 hours is refused).
 * @param {string} value @param {string} unit
 */
export function slaMinutes(value, unit) {
  const v = value.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(v)) return null;
  const m = Number(v) * (unit === "hours" ? 60 : 1);
  const whole = Math.round(m);
  if (Math.abs(m - whole) > 1e-9 || whole < 1 || whole > SLA_MAX_MINUTES) return null;
  return whole;
}

/** An SLA in words: "24 小时" / "90 分钟". @param {T} t @param {number} minutes */
export function slaText(t, minutes) {
  const s = slaShown(minutes);
  return t(s.unit === "hours" ? "unit.hours" : "unit.minutes", { n: s.value });
}

/** Whether `s` is a real calendar date YYYY-MM-DD. @param {string} s */
export function isDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * The problems of a settings form, by field name (empty: none), in the rules of the engine
 * (spec/metrics.md and src/metrics/context.rs: days are whole numbers ≥ 1, active_days ≤
 * sleeping_days, as_of a date, migration.from a date before as_of) and the page's own, stricter
 * ones: an analysis date after the latest date in the data is refused, as nothing happened after
 * it and every customer would turn sleeping or lost; days are at most 3650; calls.verify_days is
 * at least 1 and the response SLA from 1 minute to 30 days (the engine takes 0, which would count
 * only a response in the second of creation).
 * @param {T} t
 * @param {Record<string, string>} v the form's values by field name (`response_sla` with
 *   `response_sla_unit` "hours" or "minutes"; `migration_from` "" for the default)
 * @param {string | null} latest
 * @returns {Record<string, string>}
 */
export function validateSettings(t, v, latest) {
  /** @type {Record<string, string>} */
  const bad = {};
  for (const k of Object.keys(DEFAULTS)) {
    if (v[k] === undefined) continue;
    const n = Number(v[k]);
    if (v[k] === "" || !Number.isInteger(n) || n < 1 || n > 3650) bad[k] = t("settings.bad_days");
  }
  if (!bad.active_days && !bad.sleeping_days && Number(v.active_days) > Number(v.sleeping_days))
    bad.active_days = t("settings.bad_active", { active: v.active_days, sleeping: v.sleeping_days });
  if (v.as_of) {
    if (!isDate(v.as_of)) bad.as_of = t("settings.bad_date");
    else if (latest && v.as_of > latest) bad.as_of = t("settings.future", { date: v.as_of, latest });
  }
  if (v.migration_from) {
    const asOf = v.as_of || latest;
    if (!isDate(v.migration_from)) bad.migration_from = t("settings.bad_date");
    else if (asOf && isDate(asOf) && v.migration_from >= asOf)
      bad.migration_from = t("settings.bad_migration", { date: v.migration_from, as_of: asOf });
  }
  if (v.response_sla !== undefined && slaMinutes(v.response_sla, v.response_sla_unit ?? "minutes") === null)
    bad.response_sla = t("settings.bad_sla");
  return bad;
}

/**
 * What changed between two configs, as "what from → to" texts.
 * @param {T} t @param {ReportConfig} a @param {ReportConfig} b
 * @param {string | null} asOf the analysis date used when `as_of` is not set
 * @returns {string[]}
 */
export function describeChanges(t, a, b, asOf) {
  const dflt = (/** @type {string | null} */ d) => (d ? `${d} (${t("settings.default")})` : t("settings.default"));
  /** @type {string[]} */
  const out = [];
  const push = (/** @type {string} */ key, /** @type {unknown} */ x, /** @type {unknown} */ y) => {
    if (String(x) !== String(y))
      out.push(t("settings.change", { what: t(`change.${key}`), from: String(x), to: String(y) }));
  };
  push("as_of", a.as_of ?? dflt(asOf), b.as_of ?? dflt(asOf));
  for (const k of /** @type {const} */ (["new_days", "active_days", "sleeping_days"]))
    push(k, a.lifecycle?.[k] ?? DEFAULTS[k], b.lifecycle?.[k] ?? DEFAULTS[k]);
  for (const k of /** @type {const} */ (["interest_days", "transacted_days", "conversion_days"]))
    push(k, a.windows?.[k] ?? DEFAULTS[k], b.windows?.[k] ?? DEFAULTS[k]);
  const method = (/** @type {ReportConfig} */ c) =>
    t(c.rfm?.method === "thresholds" ? "settings.thresholds" : "settings.quantile");
  push("rfm_method", method(a), method(b));
  const cuts = (/** @type {ReportConfig} */ c) =>
    c.rfm?.method === "thresholds" && c.rfm.cuts ? `R ${c.rfm.cuts.r} / F ${c.rfm.cuts.f} / M ${c.rfm.cuts.m}` : "—";
  if (a.rfm?.method === "thresholds" && b.rfm?.method === "thresholds") push("cuts", cuts(a), cuts(b));
  push("periods_days", a.periods?.days ?? DEFAULTS.periods_days, b.periods?.days ?? DEFAULTS.periods_days);
  // (a default date moves with the analysis date, which the line above says already)
  if (a.migration?.from || b.migration?.from) {
    const from = (/** @type {ReportConfig} */ c) =>
      c.migration?.from ?? dflt(addDays(c.as_of ?? asOf ?? "", -MIGRATION_DAYS));
    push("migration_from", from(a), from(b));
  }
  const sla = (/** @type {ReportConfig} */ c) => slaText(t, c.service?.response_sla_minutes ?? SLA_MINUTES);
  push("response_sla", sla(a), sla(b));
  push("verify_days", a.calls?.verify_days ?? DEFAULTS.verify_days, b.calls?.verify_days ?? DEFAULTS.verify_days);
  const predict = (/** @type {ReportConfig} */ c) =>
    t(c.prediction?.enabled === false ? "settings.off" : "settings.on");
  push("prediction", predict(a), predict(b));
  return out;
}

/**
 * Whether `config` sets anything the Settings form sets (then the chip offers a reset).
 * @param {ReportConfig} config
 */
export function hasSettings(config) {
  return Boolean(
    config.as_of ||
      config.lifecycle ||
      config.windows ||
      config.rfm ||
      config.periods ||
      config.migration ||
      config.service ||
      config.prediction ||
      config.calls?.verify_days !== undefined,
  );
}

/**
 * The active settings in one line (analysis date, windows, RFM method, period length, migration
 * date, response SLA, days to verify a call, prediction) with a reset button.
 * @param {{t: T, config: ReportConfig, asOf: string | null, onReset: () => void}} c
 */
export function settingsChip(c) {
  const { t, config } = c;
  const lc = config.lifecycle ?? {};
  const w = config.windows ?? {};
  const date = config.as_of ? t("chip.asof", { date: config.as_of }) : t("chip.asof_default", { date: c.asOf ?? "—" });
  const asOf = config.as_of ?? c.asOf;
  const from = config.migration?.from
    ? t("chip.migration", { date: config.migration.from })
    : t("chip.migration_default", { date: (asOf && addDays(asOf, -MIGRATION_DAYS)) ?? "—" });
  const parts = [
    date,
    t("chip.lifecycle", {
      new: lc.new_days ?? DEFAULTS.new_days,
      active: lc.active_days ?? DEFAULTS.active_days,
      sleeping: lc.sleeping_days ?? DEFAULTS.sleeping_days,
    }),
    t("chip.windows", {
      interest: w.interest_days ?? DEFAULTS.interest_days,
      transacted: w.transacted_days ?? DEFAULTS.transacted_days,
      conversion: w.conversion_days ?? DEFAULTS.conversion_days,
    }),
    t("chip.rfm", { method: t(config.rfm?.method === "thresholds" ? "settings.thresholds" : "settings.quantile") }),
    t("chip.periods", { n: config.periods?.days ?? DEFAULTS.periods_days }),
    from,
    t("chip.service", {
      sla: slaText(t, config.service?.response_sla_minutes ?? SLA_MINUTES),
      verify: config.calls?.verify_days ?? DEFAULTS.verify_days,
    }),
    t(config.prediction?.enabled === false ? "chip.prediction_off" : "chip.prediction_on"),
  ];
  const custom = hasSettings(config);
  return h(
    "div",
    { class: "settings-chip", "data-testid": "settings-chip", role: "group", "aria-label": t("chip.title") },
    h("span", { class: "chip-title" }, t("chip.title")),
    h("span", { class: "chip-text", "data-testid": "settings-chip-text" }, parts.join(" · ")),
    custom
      ? h(
          "button",
          {
            type: "button",
            class: "btn small ghost",
            "data-testid": "settings-chip-reset",
            onclick: () => c.onReset(),
          },
          t("chip.reset"),
        )
      : null,
  );
}

/**
 * The config without the settings the form sets (what "reset" applies); what the form does not
 * set (tags, conversion and call dimensions) stays.
 * @param {ReportConfig} config
 */
export function withoutSettings(config) {
  const next = { ...config };
  delete next.as_of;
  delete next.lifecycle;
  delete next.windows;
  delete next.rfm;
  delete next.periods;
  delete next.migration;
  delete next.service;
  delete next.prediction;
  if (next.calls) {
    const { verify_days: _, ...calls } = next.calls;
    if (Object.keys(calls).length) next.calls = calls;
    else delete next.calls;
  }
  return next;
}

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
    h("input", {
      type: "number",
      min: 1,
      max: 3650,
      step: 1,
      name,
      value: v ?? def,
      "data-testid": `setting-${name}`,
      "aria-describedby": `msg-${name}`,
    });
  const asOf = h("input", {
    type: "date",
    name: "as_of",
    value: config.as_of ?? "",
    max: c.latest ?? undefined,
    "data-testid": "setting-as_of",
    "aria-describedby": "msg-as_of",
    // (its fieldset's legend names it for the eye; axe wants the input itself named)
    "aria-label": c.t("settings.asof"),
  });
  const lc = config.lifecycle ?? {};
  const w = config.windows ?? {};
  const newDays = num("new_days", lc.new_days, 30);
  const activeDays = num("active_days", lc.active_days, 180);
  const sleepingDays = num("sleeping_days", lc.sleeping_days, 365);
  const interest = num("interest_days", w.interest_days, 30);
  const transacted = num("transacted_days", w.transacted_days, 365);
  const conversion = num("conversion_days", w.conversion_days, 30);
  const periodsDays = num("periods_days", config.periods?.days, DEFAULTS.periods_days);
  const verifyDays = num("verify_days", config.calls?.verify_days, DEFAULTS.verify_days);
  // migration.from: empty = the engine's default, as_of − 90 days, said beside it (and kept in
  // step with the analysis date typed above)
  const migrationFrom = h("input", {
    type: "date",
    name: "migration_from",
    value: config.migration?.from ?? "",
    "data-testid": "setting-migration_from",
    "aria-describedby": "msg-migration_from hint-migration_from",
  });
  const migrationHint = h("span", { class: "muted small", id: "hint-migration_from" });
  const syncMigration = () => {
    const asOfNow = isDate(asOf.value) ? asOf.value : c.latest;
    const dflt = asOfNow ? addDays(asOfNow, -MIGRATION_DAYS) : null;
    migrationHint.textContent = dflt ? t("settings.migration_default", { date: dflt }) : "";
    const last = asOfNow ? addDays(asOfNow, -1) : null;
    if (last) migrationFrom.setAttribute("max", last);
    else migrationFrom.removeAttribute("max");
  };
  asOf.addEventListener("input", syncMigration);
  syncMigration();
  // the response SLA in the unit the operator thinks in (stored in minutes)
  const shown = slaShown(config.service?.response_sla_minutes ?? SLA_MINUTES);
  const sla = h("input", {
    type: "number",
    min: 0,
    step: "any",
    name: "response_sla",
    value: shown.value,
    inputmode: "decimal",
    "data-testid": "setting-response_sla",
    "aria-describedby": "msg-response_sla",
  });
  const slaUnit = h(
    "select",
    { name: "response_sla_unit", "data-testid": "setting-response_sla_unit", "aria-label": t("settings.sla_unit") },
    h("option", { value: "hours" }, t("settings.hours")),
    h("option", { value: "minutes" }, t("settings.minutes")),
  );
  slaUnit.value = shown.unit;
  const predict = h("input", {
    type: "checkbox",
    name: "prediction",
    "data-testid": "setting-prediction",
    "aria-describedby": "hint-prediction",
  });
  predict.checked = config.prediction?.enabled !== false;
  const method = h(
    "select",
    { name: "rfm_method", "data-testid": "setting-rfm_method", "aria-label": t("settings.rfm") },
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
  const applied = h(
    "p",
    { class: "settings-applied", role: "status", hidden: !c.applied, "data-testid": "settings-applied" },
    c.applied ?? "",
  );
  /** The message under each field (shown when the form finds a problem). @type {Record<string, HTMLElement>} */
  const msgs = {};
  const fieldMsg = (/** @type {string} */ name) => {
    msgs[name] = h("span", {
      class: "field-error",
      id: `msg-${name}`,
      hidden: true,
      "data-testid": `setting-error-${name}`,
    });
    return msgs[name];
  };
  /** @type {Record<string, HTMLInputElement>} */
  const inputs = {
    as_of: asOf,
    new_days: newDays,
    active_days: activeDays,
    sleeping_days: sleepingDays,
    interest_days: interest,
    transacted_days: transacted,
    conversion_days: conversion,
    periods_days: periodsDays,
    migration_from: migrationFrom,
    response_sla: sla,
    verify_days: verifyDays,
  };
  /** Marks the problems of the form; true when there are none. */
  const check = () => {
    /** @type {Record<string, string>} */
    const values = {};
    for (const [k, el] of Object.entries(inputs)) values[k] = el.value.trim();
    values.response_sla_unit = slaUnit.value;
    // an unfinished date in the date picker reads as "" but is not valid
    if (!asOf.value && asOf.validity.badInput) values.as_of = "?";
    if (!migrationFrom.value && migrationFrom.validity.badInput) values.migration_from = "?";
    // (a number field holding text reads as "")
    if (!sla.value && sla.validity.badInput) values.response_sla = "?";
    const bad = validateSettings(c.t, values, c.latest);
    for (const [k, el] of Object.entries(inputs)) {
      const m = msgs[k];
      m.hidden = !bad[k];
      m.textContent = bad[k] ?? "";
      el.setAttribute("aria-invalid", String(Boolean(bad[k])));
    }
    return Object.keys(bad).length === 0;
  };

  const apply = () => {
    applied.hidden = true;
    if (!check()) {
      err.hidden = false;
      err.textContent = t("settings.fix");
      return;
    }
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
    next.periods = { ...(config.periods ?? {}), days: Number(periodsDays.value) };
    if (migrationFrom.value) next.migration = { ...(config.migration ?? {}), from: migrationFrom.value };
    else delete next.migration;
    next.service = {
      ...(config.service ?? {}),
      response_sla_minutes: /** @type {number} */ (slaMinutes(sla.value, slaUnit.value)),
    };
    // (the call dimensions, set by a config file, stay)
    next.calls = { ...(config.calls ?? {}), verify_days: Number(verifyDays.value) };
    next.prediction = { ...(config.prediction ?? {}), enabled: predict.checked };
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
    // (the form's own checks speak the UI language next to the field; the browser's would not)
    { class: "settings", "data-testid": "settings", novalidate: true },
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.asof")),
      h(
        "label",
        {},
        asOf,
        c.latest ? h("span", { class: "muted small" }, t("settings.latest", { date: c.latest })) : null,
      ),
      fieldMsg("as_of"),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.lifecycle")),
      h("label", {}, h("span", {}, t("settings.new_days")), newDays),
      fieldMsg("new_days"),
      h("label", {}, h("span", {}, t("settings.active_days")), activeDays),
      fieldMsg("active_days"),
      h("label", {}, h("span", {}, t("settings.sleeping_days")), sleepingDays),
      fieldMsg("sleeping_days"),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.windows")),
      h("label", {}, h("span", {}, t("settings.interest_days")), interest),
      fieldMsg("interest_days"),
      h("label", {}, h("span", {}, t("settings.transacted_days")), transacted),
      fieldMsg("transacted_days"),
      h("label", {}, h("span", {}, t("settings.conversion_days")), conversion),
      fieldMsg("conversion_days"),
    ),
    h("fieldset", {}, h("legend", {}, t("settings.rfm")), h("label", {}, method), cutBox),
    h(
      "fieldset",
      { "data-testid": "settings-change" },
      h("legend", {}, t("settings.change_over_time")),
      h("label", {}, h("span", {}, t("settings.periods_days")), periodsDays),
      fieldMsg("periods_days"),
      h("label", {}, h("span", {}, t("settings.migration_from")), migrationFrom),
      migrationHint,
      fieldMsg("migration_from"),
    ),
    h(
      "fieldset",
      { "data-testid": "settings-service" },
      h("legend", {}, t("settings.service_calls")),
      h("label", {}, h("span", {}, t("settings.response_sla")), h("span", { class: "field-pair" }, sla, slaUnit)),
      fieldMsg("response_sla"),
      h("label", {}, h("span", {}, t("settings.verify_days")), verifyDays),
      fieldMsg("verify_days"),
    ),
    h(
      "fieldset",
      { "data-testid": "settings-prediction" },
      h("legend", {}, t("settings.prediction")),
      h("label", { class: "check" }, predict, h("span", {}, t("settings.prediction_on"))),
      h("span", { class: "muted small", id: "hint-prediction" }, t("settings.prediction_hint")),
    ),
    err,
    applied,
    h(
      "div",
      { class: "toolbar" },
      h("button", { type: "submit", class: "btn primary", "data-testid": "settings-apply" }, t("btn.apply")),
      h(
        "button",
        {
          type: "button",
          class: "btn",
          onclick: () => c.onApply(withoutSettings(config)),
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

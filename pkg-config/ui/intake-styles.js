// The styles of the intake parts (failed-file marks, the treat-as box, the export guide, the
// computing step, the settings chip and field messages), added after ui/styles.js.
export const INTAKE_CSS = `
.badge.bad { background: #c62828; color: #fff; margin-left: 4px; }
.failed-banner { display: flex; gap: 12px; align-items: center; justify-content: space-between; flex-wrap: wrap; background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; border-left: 4px solid #c62828; padding: 10px 14px; border-radius: 8px; margin-bottom: 12px; }
.failed-banner p { margin: 4px 0 0; font-size: 13px; }
.failed-banner strong { overflow-wrap: anywhere; }
:host([theme="dark"]) .failed-banner { background: #3b1d1d; color: #ffb4b0; border-color: #5c2b2b; border-left-color: #ff6b6b; }
.treat-as { border: 1px dashed var(--ci-border); border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.treat-as p { margin: 0 0 6px; }
.treat-as-pick { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: 13px; margin-bottom: 8px; }
.treat-as-pick select { max-width: 260px; }
.treat-as .needs { color: var(--ci-muted); }
.treat-as .toolbar { margin-top: 8px; }
.guide { background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: var(--ci-radius); padding: 10px 14px; margin: 0 0 16px; text-align: left; }
.guide summary { font-size: 14px; font-weight: 600; }
.guide p { margin: 8px 0; font-size: 13px; color: var(--ci-fg); }
.guide-table { max-height: none; }
.guide-table th, .guide-table td { white-space: normal; vertical-align: top; font-size: 13px; }
.guide-table tbody th { color: var(--ci-fg); position: static; white-space: nowrap; }
.computing { display: flex; align-items: center; gap: 10px; background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: 8px; padding: 8px 12px; margin: 0 0 12px; font-size: 13px; }
.computing[hidden] { display: none; }
.computing progress { flex: 1 1 auto; height: 8px; accent-color: var(--ci-accent); }
.settings-chip { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; font-size: 12px; color: var(--ci-muted); background: var(--ci-card); border: 1px solid var(--ci-border); border-radius: 14px; padding: 4px 6px 4px 12px; margin: 0 0 12px; width: fit-content; max-width: 100%; }
.settings-chip .chip-title { font-weight: 600; color: var(--ci-fg); }
.field-error { display: block; color: #b42318; font-size: 12px; margin: 2px 0 6px; }
.field-error[hidden] { display: none; }
:host([theme="dark"]) .field-error { color: #ffb4b0; }
input[aria-invalid="true"] { border-color: #c62828; outline-color: #c62828; }
.settings-applied { background: #e7f6ec; color: #1e6b3a; border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
.settings-applied[hidden] { display: none; }
:host([theme="dark"]) .settings-applied { background: #1d3b27; color: #a6e3b8; }
.settings > .settings-applied, .settings > .file-error { grid-column: 1 / -1; }
.settings input[type="date"] { min-width: 150px; }
.settings .field-pair { display: flex; gap: 6px; align-items: center; flex: none; }
.settings .field-pair input[type="number"] { width: 80px; }
.settings label.check { justify-content: flex-start; }
.settings fieldset > .muted.small { margin-top: -4px; }
.map-grid label.required span { color: var(--ci-fg); }
.map-grid label.required b { color: #c62828; }
.empty-state .guide { margin: 16px auto 0; max-width: 900px; }
`;

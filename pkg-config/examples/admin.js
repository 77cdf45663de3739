// The admin page's own script: registers the element and shows its events in the top bar.
import "./node_modules/customer-insights/element.js";

const el = document.querySelector("customer-insights");
const status = document.getElementById("status");
el?.addEventListener("progress", (e) => {
  const { name, bytes, total } = /** @type {CustomEvent} */ (e).detail;
  if (status) status.textContent = `读取 ${name}：${Math.round((bytes / Math.max(1, total)) * 100)}%`;
});
el?.addEventListener("report", (e) => {
  const r = /** @type {CustomEvent} */ (e).detail;
  if (status) status.textContent = `已分析 ${r.totals?.customers ?? 0} 位成交客户（截至 ${r.as_of ?? "—"}）`;
  status?.setAttribute("data-customers", String(r.totals?.customers ?? ""));
});
el?.addEventListener("error", (e) => {
  if (status) status.textContent = `出错：${/** @type {CustomEvent} */ (e).detail.error.message}`;
});

// The host page: the same API an embedder uses. It creates nothing but a sample button; all
// rendering is the <customer-insights> element's.
import "./pkg/element.js";

const SAMPLE = [
  "taobao_orders.csv",
  "crm_customers.csv",
  "interest_events.csv",
  "outbound_calls.csv",
  "aftersales_tickets.csv",
  "shopify_orders.csv",
];

const TEXT = {
  "zh-CN": {
    "sample.title": "没有现成的导出文件？",
    "sample.text": "用六个示例文件（淘宝订单 GBK、客户列表、收藏加购、外呼、售后、Shopify）看看效果。",
    "sample.button": "试试示例数据",
    "sample.loading": "正在载入示例…",
    footer: "所有计算都在本机浏览器中完成，文件不会离开这台电脑。",
  },
  en: {
    "sample.title": "No export at hand?",
    "sample.text": "Try six sample files (Taobao orders in GBK, customer list, favourites, calls, tickets, Shopify).",
    "sample.button": "Try the sample data",
    "sample.loading": "Loading the sample…",
    footer: "Everything is computed in this browser; your files never leave this computer.",
  },
};

const el = /** @type {import("./pkg/types.js").CustomerInsightsElement} */ (document.getElementById("ci"));
const button = /** @type {HTMLButtonElement} */ (document.getElementById("sample"));
const params = new URLSearchParams(location.search);

const lang =
  params.get("lang") ||
  localStorage.getItem("ci-lang") ||
  (navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en");
el.setAttribute("lang", lang === "en" ? "en" : "zh-CN");
if (params.get("theme") === "dark") el.setAttribute("theme", "dark");

function translatePage() {
  const l = el.getAttribute("lang") === "en" ? "en" : "zh-CN";
  document.documentElement.lang = l;
  document.title = l === "en" ? "Customer insights" : "客户洞察 · Customer insights";
  for (const node of document.querySelectorAll("[data-i18n]")) {
    const key = /** @type {keyof typeof TEXT.en} */ (node.getAttribute("data-i18n"));
    node.textContent = TEXT[l][key] ?? node.textContent;
  }
  localStorage.setItem("ci-lang", l);
}
new MutationObserver(translatePage).observe(el, { attributes: true, attributeFilter: ["lang"] });
translatePage();

async function loadSample() {
  button.disabled = true;
  const l = el.getAttribute("lang") === "en" ? "en" : "zh-CN";
  button.textContent = TEXT[l]["sample.loading"];
  try {
    const files = await Promise.all(
      SAMPLE.map(async (name) => {
        const res = await fetch(`sample/${encodeURIComponent(name)}`);
        if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
        return new File([await res.blob()], name, { type: "text/csv" });
      }),
    );
    await el.addFiles(files);
  } finally {
    button.disabled = false;
    button.textContent = TEXT[el.getAttribute("lang") === "en" ? "en" : "zh-CN"]["sample.button"];
  }
}
button.addEventListener("click", () => void loadSample());

// Offline: the service worker (sw.js) caches the page, the package and the sample on the first
// visit, so the next one works with the network off. The page's own choice: the package never
// registers a worker (an embedder's page has its own).
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("sw.js").catch((e) => console.warn("customer-insights: no offline copy", e));
}
if (params.get("sample") === "1") void loadSample();

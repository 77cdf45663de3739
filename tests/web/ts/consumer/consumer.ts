// A tiny consumer of the package: must compile under --strict.
import init, { Workspace, WorkspaceClient } from "customer-insights";
import type { Report, ReportConfig, IngestSummary, CustomerInsightsElement, ClientError } from "customer-insights";
import { define, TAG } from "customer-insights/element";

export async function main(bytes: Uint8Array): Promise<number> {
  await init();
  const ws = new Workspace();
  const s: IngestSummary = ws.addFile("orders.csv", bytes);
  const config: ReportConfig = {
    as_of: "2024-12-31",
    rfm: { method: "thresholds", cuts: { r: [30, 90, 180, 365], f: [2, 3, 5, 10], m: [100, 300, 1000, 3000] } },
    tags: [{ name: "vip", match: "all", conditions: [{ field: "orders", op: ">=", value: 3 }] }],
  };
  const r: Report = ws.report(config);
  const buyers: number | null = r.headline?.transacted_365d ?? null;
  const champions = r.rfm?.segments.find((x) => x.segment === "Champions")?.customers ?? 0;
  const csv: string = ws.membersCsv({ segment: "Champions" }, config);
  ws.free();

  const client = new WorkspaceClient({ chunkSize: 1 << 20 });
  await client.addFile("orders.csv", new Blob([new Uint8Array(bytes)]), (p) => console.log(p.bytes / p.total));
  const r2 = await client.report({ windows: { conversion_days: 14 } });
  client.close();

  define();
  const el: CustomerInsightsElement | null = document.querySelector(TAG);
  el?.addEventListener("report", (e) => console.log(e.detail.as_of));
  el?.addEventListener("error", (e) => { const err: ClientError = e.detail.error; console.log(err.code); });
  const r3 = await el?.setConfig({ as_of: "2024-12-31" });
  return (buyers ?? 0) + champions + csv.length + r2.inputs.length + s.rows_used + (r3?.totals?.customers ?? 0);
}

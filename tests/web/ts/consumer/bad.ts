// Must NOT compile: a misspelt report field.
import { Workspace } from "customer-insights";

export function main(bytes: Uint8Array): number {
  const ws = new Workspace();
  ws.addFile("orders.csv", bytes);
  return ws.report().headline?.transacted_356d ?? 0;
}

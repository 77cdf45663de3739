// Types of "customer-insights/element" (importing it registers <customer-insights>).
import type { CustomerInsightsElement as Element, SectionName } from "./types.js";
export type { CustomerInsightsElement as CustomerInsightsElementInstance, FileInput, SectionName, CustomerInsightsEventMap } from "./types.js";

/** The element's class. */
export const CustomerInsightsElement: { new (): Element; prototype: Element; readonly observedAttributes: string[] };
/** "customer-insights". */
export const TAG: "customer-insights";
/** Tab names. */
export const TABS: string[];
/** Every name the `sections` attribute understands. */
export const SECTIONS: SectionName[];
/** Registers the element (idempotent; done at import). */
export function define(): void;

// Types of the hand-written JS API. The data types (Report, ReportConfig, IngestSummary, …)
// are the ones wasm-bindgen generated from the Rust types: they are re-exported, never
// written by hand.

import type {
  Report, ReportConfig, IngestSummary, MemberSelector, Member, MemberPage, PageQuery, CsvOptions, CustomerRecord, CustomerQuery, CustomerList, FileOptions, InitInput, InitOutput,
  ErrorCode,
} from "./customer_insights.js";

export * from "./customer_insights.js";
export { default as wasmInit } from "./customer_insights.js";

/**
 * Loads the wasm module (browser, worker). In Node the module is ready at import and this
 * resolves at once.
 * @param moduleOrPath where to load the wasm from; default: next to the package's JS.
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<InitOutput>;
export { init };
/** The URL of the package's wasm file. */
export const wasmUrl: URL;

/** Progress of one file being read in the worker. */
export interface FileProgress {
  /** The file's name. */
  name: string;
  /** Bytes sent so far. */
  bytes: number;
  /** The file's size. */
  total: number;
  /** Rows seen so far. */
  rows: number;
}

/** Options of a {@link WorkspaceClient}. */
export interface ClientOptions {
  /** The worker script. @default new URL("./worker.js", import.meta.url) */
  workerUrl?: string | URL;
  /** Bytes per chunk when a file is streamed. @default 4194304 */
  chunkSize?: number;
  /**
   * Helper workers that read later parts of a big file at the same time as the main worker
   * (per-order order exports and event files; the result is the same, byte for byte).
   * @default navigator.hardwareConcurrency - 1, at most 3
   */
  helpers?: number;
  /** A file is read in parts when this many bytes follow its first chunk. @default 16777216 */
  partMin?: number;
}

/** A file for {@link WorkspaceClient.addFile}. */
export type FileSource = Blob | Uint8Array | ArrayBuffer;

/**
 * What every method rejects with (a real Error): the engine's {@link CustomerInsightsError}
 * as it crossed from the worker, or one the client makes (`internal_panic` when the worker
 * died, `bad_sequence` once it is closed).
 */
export interface ClientError extends Error {
  /** "CustomerInsightsError"; another error's own name (e.g. "TypeError") when the engine did not throw it. */
  name: string;
  /** Always set: `internal_panic` for an error that came without one. */
  code: ErrorCode;
  /** The file the error is about, when there is one. */
  file?: string;
}

/** The Workspace methods as Promises over a Web Worker (one worker per client). */
export class WorkspaceClient extends EventTarget {
  constructor(options?: ClientOptions);
  /** The worker script (see ClientOptions.workerUrl). */
  readonly workerUrl: string | URL;
  readonly chunkSize: number;
  /** Helper workers for big files (see ClientOptions.helpers). */
  readonly helpers: number;
  readonly partMin: number;
  /** Streams a file to the worker in chunks; progress after each chunk. */
  addFile(name: string, source: FileSource, onProgress?: (p: FileProgress) => void): Promise<IngestSummary>;
  setOptions(name: string, options: FileOptions): Promise<boolean>;
  setMapping(name: string, mapping: Record<string, string>): Promise<boolean>;
  removeFile(name: string): Promise<boolean>;
  files(): Promise<IngestSummary[]>;
  setBudget(bytes?: number): Promise<void>;
  report(config?: ReportConfig): Promise<Report>;
  reportJson(config?: ReportConfig): Promise<string>;
  /** The report as an XLSX workbook (the CLI's `--format xlsx` bytes). */
  reportXlsx(config?: ReportConfig, options?: CsvOptions): Promise<Uint8Array>;
  members(selector: MemberSelector, config?: ReportConfig): Promise<Member[]>;
  /** A page of the members (default the first 200) and how many there are: what a list on screen needs. */
  membersPage(selector: MemberSelector, page?: PageQuery, config?: ReportConfig): Promise<MemberPage>;
  membersCsv(selector: MemberSelector, config?: ReportConfig, options?: CsvOptions): Promise<string>;
  /** Members as an XLSX workbook with the columns of `membersCsv`. */
  membersXlsx(selector: MemberSelector, config?: ReportConfig, options?: CsvOptions): Promise<Uint8Array>;
  customer(key: string, config?: ReportConfig): Promise<CustomerRecord>;
  customers(query?: CustomerQuery, config?: ReportConfig): Promise<CustomerList>;
  /** Stops the worker. */
  close(): void;
  /** Calls any Workspace method by name (low level). */
  call(
    method: string,
    args: unknown[],
    transfer?: Transferable[],
    onProgress?: (bytes: number, rows?: number) => void,
  ): Promise<unknown>;
}

/** A file for {@link CustomerInsightsElement.addFiles}. */
export type FileInput = File | { name: string; bytes: Uint8Array | ArrayBuffer | Blob };

/** Names accepted by the `sections` attribute. */
export type SectionName =
  | "files" | "tags" | "settings" | "headline" | "lifecycle" | "rfm" | "region" | "age" | "gender"
  | "conversion" | "interest" | "calls" | "service" | "periods" | "trends" | "repurchase" | "cohorts"
  | "migration" | "screening" | "prediction";

/**
 * A saved analysis: the format of `*.analysis.json` (pkg-config/README.md), which
 * {@link CustomerInsightsElement.exportAnalysis} writes, `importAnalysis` reads and the CLI
 * takes as `--config`. Never holds the data itself.
 */
export interface Analysis {
  /** The format version. */
  customer_insights_analysis: 1;
  /** The name the operator gave it. */
  name: string | null;
  /** When it was saved (ISO 8601). */
  saved_at: string | null;
  /** The report config (tags included). */
  config: ReportConfig;
  /** Each file's options (kind, platform, encoding, delimiter, column mapping) by file name. */
  mappings: Record<string, FileOptions>;
  /**
   * The cells of the first line of each file in `mappings`: a file of another name with the
   * same first line is read with that file's options (the CLI matches by name only).
   */
  headers: Record<string, string[]>;
  /** The page's view: open tab, language, chart toggles (the CLI ignores it). */
  view: { tab?: string; lang?: string; dashboard?: Record<string, string> };
}

/** Events of the element. */
export interface CustomerInsightsEventMap {
  progress: CustomEvent<FileProgress>;
  report: CustomEvent<Report>;
  error: CustomEvent<{ error: ClientError; file?: string }>;
  /** The `theme` attribute changed (a host page can follow it). */
  themechange: CustomEvent<{ theme: "light" | "dark" }>;
}

/**
 * The `<customer-insights>` element (a type: import "customer-insights/element" to register
 * it). Attributes: `lang` ("zh-CN" | "en"; default from navigator.language), `as-of`
 * (YYYY-MM-DD; default the latest order date), `sections` (comma list of {@link SectionName};
 * default all), `theme` ("light" | "dark"; default "light"), `memory-budget` (bytes), `persist`
 * (keep the analysis in localStorage and restore it: `persist`/`persist="on"`, or
 * `persist="NAME"` for a key of its own; default off). CSS custom properties:
 * --ci-accent, --ci-bg, --ci-card, --ci-fg, --ci-muted, --ci-border, --ci-radius, --ci-font.
 */
export interface CustomerInsightsElement extends HTMLElement {
  /** Reads files (streamed to this element's own worker) and recomputes the report. */
  addFiles(files: FileInput[] | FileList): Promise<IngestSummary[]>;
  /** Replaces the report config and recomputes. */
  setConfig(config: ReportConfig): Promise<Report>;
  /** The current report. */
  report(): Promise<Report>;
  /** The config in use (tags from the Tags tab included). */
  readonly config: ReportConfig;
  /** The analysis as it stands (config, file options, view). */
  readonly analysis: Analysis;
  /**
   * Takes a saved analysis (object or JSON text; a bare ReportConfig too) and recomputes.
   * Rejects with code `bad_analysis` or `bad_analysis_version` when it is not one this reads.
   */
  importAnalysis(input: Analysis | string | Record<string, unknown>): Promise<void>;
  /** Downloads the analysis as NAME.analysis.json and returns what it wrote. */
  exportAnalysis(): Analysis;
  addEventListener<K extends keyof CustomerInsightsEventMap>(type: K, listener: (this: CustomerInsightsElement, ev: CustomerInsightsEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "customer-insights": CustomerInsightsElement;
  }
}

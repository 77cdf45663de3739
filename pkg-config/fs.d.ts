// Types of "customer-insights/fs" (Node only).
import type { Workspace, IngestSummary } from "./customer_insights.js";

/** Options of {@link addFileFromPath}. */
export interface AddFileOptions {
  /** The file's name in the workspace. @default the path's base name */
  name?: string;
  /** Helper threads that read later parts of a big file. @default cores - 1, at most 3 */
  helpers?: number;
  /** Bytes read at a time. @default 4194304 */
  chunkSize?: number;
  /** A file is read in parts when this many bytes follow its first chunk. @default 16777216 */
  partMin?: number;
  /** Told how a file read in parts was read: in `parts` parts, `taken` of them by helpers. */
  onParts?: (how: { name: string; parts: number; taken: number }) => void;
}

/**
 * Reads a file from disk into `ws` in chunks (a big per-order order export or event file in
 * parts on worker threads, merged exactly) and resolves to its summary.
 */
export function addFileFromPath(ws: Workspace, path: string, options?: AddFileOptions): Promise<IngestSummary>;
/** Default chunk size (4 MiB). */
export const CHUNK_SIZE: number;
/** Default size past the first chunk from which a file is read in parts (16 MiB). */
export const PART_MIN: number;
/** Milliseconds a helper thread is kept for the next file after its last part (3000). */
export const HELPER_IDLE_MS: number;
/** Reads bytes `[from, to)` of an open file in chunks. */
export function readRange(fd: number, from: number, to: number, chunk: number, push: (bytes: Uint8Array) => void): void;

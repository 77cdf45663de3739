// Types of "customer-insights/client".
export { WorkspaceClient } from "./types.js";
import type { ClientError } from "./types.js";
export type { ClientOptions, ClientError, FileProgress, FileSource } from "./types.js";
/** Default chunk size (4 MiB). */
export const CHUNK_SIZE: number;
/** Default size past its first chunk from which a file is read in parts (16 MiB). */
export const PART_MIN: number;
/** Rebuilds an Error from its plain form. */
export function rebuildError(plain: { name?: string; message?: string; code?: string; file?: string }): ClientError;

// The one way the UI reaches the vault: a command by name with JSON arguments, answered
// with JSON or a `BackendError` carrying the core's stable error code. Two implementations:
// `http.ts` (lagom serve, in a browser) and the desktop shell's IPC.

export type ErrorCode =
  | 'wrong_credentials'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'corrupt'
  | 'unsupported'
  | 'io'
  | 'unreadable'
  | 'cancelled'
  | 'locked'
  | 'mail'
  | 'internal'
  | 'unauthorized'
  | 'forbidden'
  | 'offline';

export class BackendError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A file handed to the vault for the import wizard. */
export interface Upload {
  id: string;
  name: string;
  size: number;
}

/** How far a long command (an import) has come. */
export interface Progress {
  file: string;
  file_index: number;
  files: number;
  bytes_read: number;
  bytes_total: number;
  rows: number;
}

export interface Backend {
  call<T>(command: string, args?: unknown): Promise<T>;
  /** A long command (an import), telling `onProgress` how far it has come. */
  callLong<T>(command: string, args: unknown, onProgress: (p: Progress) => void): Promise<T>;
  /** Stops the long command that is running; it leaves nothing behind. */
  cancel(): Promise<void>;
  /** Hands a picked or dropped file to the vault, which holds it until it is imported. */
  upload(file: File): Promise<Upload>;
}

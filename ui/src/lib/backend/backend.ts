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

export interface Backend {
  call<T>(command: string, args?: unknown): Promise<T>;
}

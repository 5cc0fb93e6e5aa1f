import { invoke } from '@tauri-apps/api/core';
import { BackendError, type Backend, type ErrorCode } from './backend';

/** Inside the desktop app: the same command table, over Tauri's IPC. */
export class TauriBackend implements Backend {
  async call<T>(command: string, args: unknown = {}): Promise<T> {
    try {
      return await invoke<T>('call', { command, args });
    } catch (e) {
      const failure = e as { code?: ErrorCode; message?: string } | string;
      if (typeof failure === 'string') throw new BackendError('internal', failure);
      throw new BackendError(failure.code ?? 'internal', failure.message ?? 'failed');
    }
  }
}

/** Whether the page runs inside the desktop app. */
export function inDesktopApp(): boolean {
  return '__TAURI_INTERNALS__' in globalThis;
}

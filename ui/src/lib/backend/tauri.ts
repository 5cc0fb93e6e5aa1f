import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { BackendError, type Backend, type ErrorCode, type Progress, type Upload } from './backend';

function failed(e: unknown): BackendError {
  const failure = e as { code?: ErrorCode; message?: string } | string;
  if (typeof failure === 'string') return new BackendError('internal', failure);
  return new BackendError(failure.code ?? 'internal', failure.message ?? 'failed');
}

/** Inside the desktop app: the same command table, over Tauri's IPC. */
export class TauriBackend implements Backend {
  async call<T>(command: string, args: unknown = {}): Promise<T> {
    try {
      return await invoke<T>('call', { command, args });
    } catch (e) {
      throw failed(e);
    }
  }

  async callLong<T>(command: string, args: unknown, onProgress: (p: Progress) => void): Promise<T> {
    const stop = await listen<Progress>('import-progress', (event) => onProgress(event.payload));
    try {
      return await this.call<T>(command, args);
    } finally {
      stop();
    }
  }

  async cancel(): Promise<void> {
    await invoke('cancel');
  }

  async upload(file: File): Promise<Upload> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return await invoke<Upload>('upload', bytes, {
        headers: { 'x-file-name': encodeURIComponent(file.name) },
      });
    } catch (e) {
      throw failed(e);
    }
  }
}

/** Whether the page runs inside the desktop app. */
export function inDesktopApp(): boolean {
  return '__TAURI_INTERNALS__' in globalThis;
}

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { ArgsOf, CommandArgs, CommandName, CommandResult } from '../api';
import {
  BackendError,
  type Backend,
  type ErrorCode,
  type Progress,
  type OpenChoice,
  type SaveChoice,
  type SaveOptions,
  type Upload,
} from './backend';

function failed(e: unknown): BackendError {
  const failure = e as { code?: ErrorCode; message?: string } | string;
  if (typeof failure === 'string') return new BackendError('internal', failure);
  return new BackendError(failure.code ?? 'internal', failure.message ?? 'failed');
}

/** Inside the desktop app: the same command table, over Tauri's IPC. */
export class TauriBackend implements Backend {
  /** The platform's save dialog picks where files go. */
  readonly savesToPaths = true;

  async call<K extends CommandName>(command: K, ...args: ArgsOf<K>): Promise<CommandResult<K>> {
    try {
      return await invoke<CommandResult<K>>('call', { command, args: args[0] ?? {} });
    } catch (e) {
      throw failed(e);
    }
  }

  async callLong<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onProgress: (p: Progress) => void,
  ): Promise<CommandResult<K>> {
    const stop = await listen<Progress>('import-progress', (event) => onProgress(event.payload));
    try {
      return await this.call(command, ...([args] as ArgsOf<K>));
    } finally {
      stop();
    }
  }

  async cancel(): Promise<void> {
    await invoke('cancel');
  }

  async chooseSave(suggested: string, options: SaveOptions = {}): Promise<SaveChoice | null> {
    try {
      const path = await invoke<string | null>('choose_save_path', {
        suggested,
        removable: options.removable ?? false,
        folder: options.folder ?? false,
        filterName: options.filter?.name ?? null,
        extension: options.filter?.extension ?? null,
      });
      return path ? { kind: 'path', path } : null;
    } catch (e) {
      throw failed(e);
    }
  }

  async chooseOpen(filter?: { name: string; extension: string }): Promise<OpenChoice | null> {
    try {
      const path = await invoke<string | null>('choose_open_path', {
        filterName: filter?.name ?? null,
        extension: filter?.extension ?? null,
      });
      return path ? { kind: 'path', path } : null;
    } catch (e) {
      throw failed(e);
    }
  }

  async chooseFolder(): Promise<string | null> {
    try {
      return await invoke<string | null>('choose_folder');
    } catch (e) {
      throw failed(e);
    }
  }

  download(): Promise<void> {
    return Promise.reject(new BackendError('internal', 'the desktop app saves files where the owner chooses'));
  }

  async reveal(path: string): Promise<void> {
    try {
      await invoke('reveal', { path });
    } catch (e) {
      throw failed(e);
    }
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

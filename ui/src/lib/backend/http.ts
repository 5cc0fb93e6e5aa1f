import type { ArgsOf, CommandArgs, CommandName, CommandResult, Download } from '../api';
import {
  BackendError,
  type Backend,
  type ErrorCode,
  type Progress,
  type OpenChoice,
  type SaveChoice,
  type Upload,
} from './backend';

/** How often a running import is asked how far it is. */
const POLL_MS = 250;

const TOKEN_KEY = 'lagom.token';

/** The bearer token `lagom serve` prints, handed over in the address's fragment (never sent
 * to a server) and kept for this tab only. */
export function takeToken(location: Location, storage: Storage): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{64})/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

export class HttpBackend implements Backend {
  /** A browser cannot be given a path: every file arrives as a download. */
  readonly savesToPaths = false;

  constructor(private readonly token: string | null) {}

  call<K extends CommandName>(command: K, ...args: ArgsOf<K>): Promise<CommandResult<K>> {
    return this.post<CommandResult<K>>(`/api/${command}`, JSON.stringify(args[0] ?? {}), 'application/json');
  }

  async callLong<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onProgress: (p: Progress) => void,
  ): Promise<CommandResult<K>> {
    let running = true;
    const poll = async () => {
      while (running) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const now = await this.post<{ progress: Progress | null }>('/api/progress', '', 'text/plain').catch(
          () => null,
        );
        if (running && now?.progress) onProgress(now.progress);
      }
    };
    void poll();
    try {
      return await this.call(command, ...([args] as ArgsOf<K>));
    } finally {
      running = false;
    }
  }

  async cancel(): Promise<void> {
    await this.post('/api/cancel', '', 'text/plain');
  }

  upload(file: File): Promise<Upload> {
    return this.post<Upload>(`/api/upload?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream');
  }

  chooseSave(): Promise<SaveChoice | null> {
    return Promise.resolve({ kind: 'download' });
  }

  /** A browser cannot name a file on the server's disk: the page uploads the one picked. */
  chooseOpen(): Promise<OpenChoice | null> {
    return Promise.resolve({ kind: 'upload' });
  }

  /** Fetches the file (the token goes in a header, so a plain link cannot) and hands it to
   *  the browser, which saves it in the owner's downloads under the vault's name for it. */
  async download(file: Download): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`/api/download/${encodeURIComponent(file.id)}`, {
        headers: { Authorization: `Bearer ${this.token ?? ''}` },
      });
    } catch {
      throw new BackendError('offline', 'lagom serve is not answering');
    }
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { error?: { code?: ErrorCode; message?: string } } | null;
      throw new BackendError(answer?.error?.code ?? 'internal', answer?.error?.message ?? response.statusText);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file once the click is handled; the blob can go soon after.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  reveal(): Promise<void> {
    return Promise.resolve();
  }

  private async post<T>(path: string, body: BodyInit, type: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': type, Authorization: `Bearer ${this.token ?? ''}` },
        body,
      });
    } catch {
      throw new BackendError('offline', 'lagom serve is not answering');
    }
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (answer as { error?: { code?: ErrorCode; message?: string } } | null)?.error;
      throw new BackendError(error?.code ?? 'internal', error?.message ?? response.statusText);
    }
    return answer as T;
  }
}

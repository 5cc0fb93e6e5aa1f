import { BackendError, type Backend, type ErrorCode } from './backend';

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
  constructor(private readonly token: string | null) {}

  async call<T>(command: string, args: unknown = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/api/${command}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${this.token ?? ''}`,
        },
        body: JSON.stringify(args),
      });
    } catch {
      throw new BackendError('offline', 'lagom serve is not answering');
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (body as { error?: { code?: ErrorCode; message?: string } } | null)?.error;
      throw new BackendError(error?.code ?? 'internal', error?.message ?? response.statusText);
    }
    return body as T;
  }
}

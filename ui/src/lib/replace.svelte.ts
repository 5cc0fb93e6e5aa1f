// Writing a file the person named: the core never replaces an existing file unless asked
// (it answers `exists`), so a screen asks the person first and, on yes, writes again with
// `overwrite`. One question at a time; "no" leaves the file and the screen as they were.
import { BackendError } from './backend/backend';

/** A path split for the question: the file's name, and the folder it is in ('' if none). */
export function fileAndFolder(path: string): { name: string; folder: string } {
  const typed = path.trim();
  const trimmed = typed.replace(/[/\\]+$/, '') || typed;
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return { name: trimmed, folder: '' };
  const name = trimmed.slice(cut + 1);
  // The root keeps its separator: "/list.csv" is in "/", "C:\list.csv" in "C:\".
  const folder = trimmed.slice(0, cut) + (cut === 0 || trimmed[cut - 1] === ':' ? trimmed[cut] : '');
  return name ? { name, folder } : { name: trimmed, folder: '' };
}

export class ReplaceQuestion {
  /** The file the person is being asked about, while they are. */
  asking = $state<string | null>(null);
  #again: (() => Promise<void>) | null = null;

  /**
   * Writes with `write(false)`. When the file exists, asks instead of failing: `replace()`
   * then writes with `write(true)`, `keep()` drops the question. Any other error is thrown.
   */
  async write(path: string, write: (overwrite: boolean) => Promise<void>): Promise<void> {
    try {
      await write(false);
    } catch (e) {
      if (!(e instanceof BackendError && e.code === 'exists')) throw e;
      this.#again = () => write(true);
      this.asking = path;
    }
  }

  /** Yes: writes over the file. The question stays open if that fails, with its error. */
  async replace(): Promise<void> {
    const again = this.#again;
    if (!again) return;
    await again();
    this.keep();
  }

  /** No: nothing is written. */
  keep(): void {
    this.#again = null;
    this.asking = null;
  }
}

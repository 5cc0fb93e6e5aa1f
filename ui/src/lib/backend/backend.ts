// The one way the UI reaches the vault: a command by name with JSON arguments, answered
// with JSON or a `BackendError` carrying the core's stable error code. Two implementations:
// `http.ts` (lagom serve, in a browser) and the desktop shell's IPC.

import type {
  ArgsOf,
  CommandArgs,
  CommandName,
  CommandResult,
  Download,
  ErrorCode as CoreErrorCode,
  ImportProgress as Progress,
  Upload,
} from '../api';

/** The core's stable error codes (generated), and those of the way there: a missing or
 *  wrong token, a refused host, a server that does not answer. */
export type ErrorCode = CoreErrorCode | 'unauthorized' | 'forbidden' | 'offline';

export class BackendError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A file handed to the vault for the import wizard, and how far a long command (an
 *  import) has come: both generated from the core's types. */
export type { Upload, ImportProgress as Progress } from '../api';

/** Where a file the vault makes goes: a path the owner chose in the platform's save dialog
 *  (which asked before replacing a file), or a browser download. */
export type SaveChoice = { kind: 'path'; path: string } | { kind: 'download' };

/** A file to read that the owner picked: a path from the platform's open dialog (the
 *  desktop app), or, in a browser, a file the page must take from a file input and upload. */
export type OpenChoice = { kind: 'path'; path: string } | { kind: 'upload' };

/** What the save dialog offers. */
export interface SaveOptions {
  /** Offer removable drives (a USB stick) first: a bundle is often handed over on one. */
  removable?: boolean;
  /** A folder is being made rather than a file. */
  folder?: boolean;
  /** The kind of file, for the dialog's filter: its name and extension. */
  filter?: { name: string; extension: string };
}

export interface Backend {
  /** Files go to paths the owner picks (the desktop app) rather than downloads (a browser). */
  readonly savesToPaths: boolean;
  /** A command by name, its arguments and result typed by the generated command map. */
  call<K extends CommandName>(command: K, ...args: ArgsOf<K>): Promise<CommandResult<K>>;
  /** A long command (an import), telling `onProgress` how far it has come. */
  callLong<K extends CommandName>(
    command: K,
    args: CommandArgs<K>,
    onProgress: (p: Progress) => void,
  ): Promise<CommandResult<K>>;
  /** Stops the long command that is running; it leaves nothing behind. */
  cancel(): Promise<void>;
  /** Hands a picked or dropped file to the vault, which holds it until it is imported. */
  upload(file: File): Promise<Upload>;
  /** Asks where a file is to go, `suggested` its name: the desktop app shows the platform's
   *  save dialog (`null` when cancelled); a browser answers with a download. */
  chooseSave(suggested: string, options?: SaveOptions): Promise<SaveChoice | null>;
  /** Asks which file to read (a backup to restore): the desktop app shows the platform's
   *  open dialog (`null` when cancelled); a browser answers that the page uploads one. */
  chooseOpen(filter?: { name: string; extension: string }): Promise<OpenChoice | null>;
  /** Asks which folder to use (where scheduled backups go): the desktop app's folder dialog
   *  (`null` when cancelled). A browser has none: there the folder is typed. */
  chooseFolder?(): Promise<string | null>;
  /** Hands a file the vault made for this client to the browser as a download. */
  download(file: Download): Promise<void>;
  /** Shows a saved file in its folder (the desktop app only). */
  reveal(path: string): Promise<void>;
}

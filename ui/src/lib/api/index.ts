// The command table as the UI sees it: every command's argument and result types, generated
// from the core's Rust types (`generated.ts`, written by `LAGOM_WRITE_TS=1 cargo test -p
// lagom-core generated_types`; never edit it by hand), and the names that tie a command's
// name to them, so that a call is typed by the command it names.
import type { CommandName, Commands, NoArgs } from './generated';

export type * from './generated';

/** What command `K` takes. */
export type CommandArgs<K extends CommandName> = Commands[K]['args'];

/** What command `K` answers. */
export type CommandResult<K extends CommandName> = Commands[K]['result'];

/** The arguments of a call to `K`: optional when it takes none, or only optional ones. */
export type ArgsOf<K extends CommandName> = [NoArgs] extends [CommandArgs<K>]
  ? [args?: CommandArgs<K>]
  : [args: CommandArgs<K>];

/** The built-in purposes', sources' and subscription types' names in every language. */
export { BUILT_IN_NAMES } from './generated';

// `lagom serve` for the browser tests: a vault in `dir`, the built UI, no keyring, and the
// test's own temporary folder as the one place the browser may name files in (by default
// only the owner's home is, and the tests write to a folder under the system's temp).

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The lagom binary: the run's first argument, or the workspace's debug build. */
export const lagom = resolve(process.argv[2] ?? join(ui, '../target/debug/lagom'));

/** Starts a server on the vault in `dir`, allowing files under `allow`; resolves with its
 *  child process and what it printed (`url`, `token`, `open`). */
export async function startServer(dir, allow) {
  const args = ['--json', '--vault', dir, 'serve', '--ui', join(ui, 'dist'), '--allow-dir', allow];
  const child = spawn(lagom, args, {
    env: { ...process.env, LAGOM_NO_KEYRING: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  for await (const line of createInterface({ input: child.stdout })) {
    text += line;
    if (line === '}') break;
  }
  if (!text) throw new Error(`lagom serve did not start (${lagom})`);
  return { child, ...JSON.parse(text) };
}

// Keeps the UI's layers pointing one way: `src/lib` imports no feature, no feature imports
// another, and neither imports the composition root (`src/App.svelte`, `src/main.ts`,
// `src/i18n.ts`), which imports every feature. Reads every `.ts`, `.js`, `.svelte` and
// `.svelte.ts` file under `src`, resolves relative imports and aliased ones (tsconfig `paths`
// and the usual `$lib`, `$features`, `@/`, `src/`), and exits 1 naming each file and import
// that crosses a line.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(ui, 'src');

/** Alias prefix → folder, from tsconfig's `paths` and the conventional ones. */
function aliases() {
  const found = new Map([
    ['$lib', path.join(src, 'lib')],
    ['$features', path.join(src, 'features')],
    ['@', src],
    ['src', src],
  ]);
  try {
    const text = readFileSync(path.join(ui, 'tsconfig.json'), 'utf8')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, '');
    const options = JSON.parse(text).compilerOptions ?? {};
    const base = path.resolve(ui, options.baseUrl ?? '.');
    for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
      const target = targets[0];
      if (target) found.set(pattern.replace(/\/?\*$/, ''), path.resolve(base, target.replace(/\/?\*$/, '')));
    }
  } catch {
    // A tsconfig we cannot read adds no aliases; the conventional ones still apply.
  }
  return found;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.(ts|js|mjs|svelte)$/.test(entry.name) ? [full] : [];
  });
}

const IMPORTS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\bimport\s+['"]([^'"\n]+)['"]/g,
];

/** Every module a file names, once each. */
function specifiers(text) {
  const all = new Set();
  for (const pattern of IMPORTS) for (const match of text.matchAll(pattern)) all.add(match[1]);
  return [...all];
}

/** Where an import points inside `src`, or null for a package. */
function resolve(spec, from, known) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(from), spec);
  for (const [alias, folder] of known) {
    if (spec === alias || spec.startsWith(`${alias}/`)) return path.join(folder, spec.slice(alias.length));
  }
  return null;
}

/** `lib`, `feature:<name>`, `root` or null (outside `src`). */
function layer(file) {
  const rel = path.relative(src, file).split(path.sep);
  if (rel[0] === '..' || path.isAbsolute(rel.join('/'))) return null;
  if (rel[0] === 'lib') return 'lib';
  if (rel[0] === 'features' && rel.length > 1) return `feature:${rel[1].replace(/\.(svelte\.)?ts$/, '')}`;
  return 'root';
}

function problem(from, to) {
  if (from === to || from === 'root' || to === 'lib' || to === null) return null;
  if (to === 'root') return `${from === 'lib' ? 'lib' : 'a feature'} must not import the composition root`;
  if (from === 'lib') return 'lib must not import a feature';
  return `the ${from.slice(8)} feature must not import the ${to.slice(8)} feature`;
}

const known = aliases();
const problems = [];
for (const file of walk(src)) {
  const from = layer(file);
  for (const spec of specifiers(readFileSync(file, 'utf8'))) {
    const target = resolve(spec, file, known);
    if (!target) continue;
    const why = problem(from, layer(target));
    if (why) problems.push(`${path.relative(ui, file)}: imports '${spec}': ${why}`);
  }
}

if (problems.length > 0) {
  console.error(`Layer check failed (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}

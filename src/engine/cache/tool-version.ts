/**
 * The tool's identity for the result cache: the package version, the
 * versions of the parser packages, and a digest of the code that runs (every
 * module under the folder this one was loaded from: dist/ for the built
 * tool, src/ under the test runner) and of the queries. A rebuild that
 * changes any of them changes every key. Computed once per process (about
 * 3 MB of code read and hashed, a few milliseconds) and handed to workers
 * in their configuration.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let computed: string | undefined;

export function toolDigest(): string {
  return (computed ??= computeToolDigest());
}

function computeToolDigest(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const code = path.resolve(here, '..', '..');
  const pkgRoot = path.dirname(code);
  const hash = createHash('sha256');
  hash.update(`package ${readOr(path.join(pkgRoot, 'package.json'))}\0`);
  for (const name of ['tree-sitter', 'tree-sitter-c']) hash.update(`${name} ${versionOf(path.join(pkgRoot, 'node_modules', name, 'package.json'))}\0`);
  const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts';
  for (const file of filesUnder(code, ext)) hash.update(`${path.relative(code, file)}\0`).update(readFileSync(file)).update('\0');
  for (const file of filesUnder(path.join(pkgRoot, 'queries'), '.scm')) hash.update(`${path.relative(pkgRoot, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Files ending in `ext` under `dir`, sorted (a missing folder has none). */
function filesUnder(dir: string, ext: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // no such folder (queries/ beside an unusual install): nothing of it to hash
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ext));
    else if (e.isFile() && e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return 'unknown'; // no package.json beside the code: the code digest still changes with a rebuild
  }
}

function versionOf(packageJson: string): string {
  try {
    return String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown'; // hoisted elsewhere by the package manager: the package.json's own ranges still count
  }
}

/**
 * The series on disk: `git format-patch` writes the files into a staging
 * directory inside DIR; we add each patch's To:/Cc: and fill the cover
 * letter, then rename them into DIR. Names are checked against
 * format-patch's own pattern, and renaming replaces a symlink in DIR rather
 * than writing through it, so nothing lands outside DIR whatever the
 * subjects or paths say.
 */
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { InternalError, SourceAccessError, UsageError } from '../../core/errors.js';
import type { Git } from '../git/run-git.js';

export const PATCH_NAME_RE = /^\d{4}-[A-Za-z0-9._-]+\.patch$/;
export const COVER_NAME = '0000-cover-letter.patch';

export interface FormatOptions {
  readonly base: string;
  readonly tip: string;
  /** "PATCH", "PATCH net-next", "RFC PATCH" ... */
  readonly subjectPrefix: string;
}

/** Run format-patch into `outDir` (a fresh staging directory); returns the file names in series order. */
export function formatPatches(git: Git, outDir: string, opts: FormatOptions): string[] {
  const listing = git.text([
    'format-patch',
    '--cover-letter',
    '--numbered',
    '--cover-from-description=default',
    `--base=${opts.base}`,
    '--suffix=.patch',
    `--subject-prefix=${opts.subjectPrefix}`,
    '-o',
    outDir,
    `${opts.base}..${opts.tip}`,
  ]);
  const names = listing
    .split('\n')
    .filter(Boolean)
    .map((p) => path.basename(p));
  for (const n of names) if (!PATCH_NAME_RE.test(n)) throw new InternalError(`git format-patch wrote an unexpected file name: ${JSON.stringify(n)}`);
  return names;
}

function foldAddresses(name: string, addresses: readonly string[]): string {
  return `${name}: ${addresses.join(',\n    ')}\n`;
}

/** Add To:/Cc: at the end of the mail header block. */
export function addRecipients(mail: string, to: readonly string[], cc: readonly string[]): string {
  const end = mail.indexOf('\n\n');
  if (end === -1) throw new InternalError('patch without a header block');
  const extra = (to.length > 0 ? foldAddresses('To', to) : '') + (cc.length > 0 ? foldAddresses('Cc', cc) : '');
  return mail.slice(0, end + 1) + extra + mail.slice(end + 1);
}

/** Replace format-patch's cover-letter placeholders. */
export function fillCoverLetter(mail: string, subject: string, blurb: string): string {
  if (!mail.includes('*** SUBJECT HERE ***') || !mail.includes('*** BLURB HERE ***')) {
    throw new InternalError('git format-patch cover letter without its placeholders');
  }
  return mail.replace('*** SUBJECT HERE ***', () => subject).replace('*** BLURB HERE ***', () => blurb.trimEnd());
}

export interface StagingArea {
  readonly dir: string;
  readonly patches: string;
  readonly scratch: string;
}

/** Create DIR and a staging area inside it; refuse a DIR holding an earlier series unless `force`. */
export function prepareOutput(outDir: string, force: boolean): StagingArea {
  makeOutputDirectory(outDir);
  const stale = readdirSync(outDir).filter((n) => PATCH_NAME_RE.test(n));
  if (stale.length > 0 && !force) {
    throw new UsageError(`${outDir} already holds ${stale.length} patch file${stale.length === 1 ? '' : 's'} (${stale[0]} ...)`, { hint: 'choose an empty directory, or pass --force to replace them' });
  }
  if (force) for (const n of stale) rmSync(path.join(outDir, n));
  const dir = mkdtempSync(path.join(outDir, '.dma-migrate-series-'));
  const patches = path.join(dir, 'out');
  const scratch = path.join(dir, 'git');
  mkdirSync(patches);
  mkdirSync(scratch);
  return { dir, patches, scratch };
}

/**
 * Create DIR one component at a time (mkdir's recursive mode spins forever
 * on /proc); any failure, or a DIR that exists but is not a directory, is a
 * one-line I/O error (exit 4).
 */
function makeOutputDirectory(outDir: string): void {
  const abs = path.resolve(outDir);
  const missing: string[] = [];
  let dir = abs;
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new SourceAccessError(`cannot use ${outDir} as the output directory: ${code ?? String(err)} on ${dir}`);
    }
    if (st) {
      if (!st.isDirectory()) throw new SourceAccessError(`cannot use ${outDir} as the output directory: ${dir} is not a directory`);
      break;
    }
    missing.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      throw new SourceAccessError(`cannot create the output directory ${d}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  try {
    accessSync(abs, constants.W_OK);
  } catch (err) {
    throw new SourceAccessError(`cannot write to the output directory ${outDir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function readStaged(area: StagingArea, name: string): string {
  return readFileSync(path.join(area.patches, name), 'utf8');
}

export function writeStaged(area: StagingArea, name: string, text: string): void {
  writeFileSync(path.join(area.patches, name), text);
}

/** Move the staged files into DIR (names already checked) and remove the staging area. */
export function publish(area: StagingArea, outDir: string, names: readonly string[]): string[] {
  const written: string[] = [];
  for (const n of names) {
    if (!PATCH_NAME_RE.test(n) || path.basename(n) !== n) throw new InternalError(`refusing to write ${JSON.stringify(n)} outside ${outDir}`);
    const dest = path.join(outDir, n);
    try {
      if (lstatSync(dest).isDirectory()) throw new UsageError(`${dest} is a directory`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    renameSync(path.join(area.patches, n), dest);
    written.push(dest);
  }
  discard(area);
  return written;
}

export function discard(area: StagingArea): void {
  rmSync(area.dir, { recursive: true, force: true });
}

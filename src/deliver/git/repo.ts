/** What dma-migrate asks of a git repository: its top level, HEAD, identity, blobs and file modes. */
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { Git } from './run-git.js';

export interface Repository {
  readonly git: Git;
  /** Absolute path of the work tree's top level. */
  readonly top: string;
}

export interface Identity {
  readonly name: string;
  readonly email: string;
}

export function openRepository(dir: string, env: NodeJS.ProcessEnv): Repository {
  const probe = new Git(path.resolve(dir), env);
  const r = probe.run(['rev-parse', '--show-toplevel'], { okCodes: [0, 128] });
  const top = r.stdout.toString('utf8').trim();
  if (r.code !== 0 || top === '') {
    throw new UsageError(`${dir} is not inside a git work tree`, { hint: 'run `git init && git add -A && git commit` first, or point at a clone' });
  }
  return { git: probe.at(top), top };
}

/** The full id of a revision, or undefined when it does not resolve. */
export function resolveRevision(git: Git, rev: string): string | undefined {
  const r = git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okCodes: [0, 1, 128] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** The author or committer identity git would use (config, then environment). */
export function gitIdentity(git: Git, which: 'author' | 'committer'): Identity {
  const r = git.run(['var', which === 'author' ? 'GIT_AUTHOR_IDENT' : 'GIT_COMMITTER_IDENT'], { okCodes: [0, 128] });
  const m = /^(.*) <([^>]*)> \d+ [+-]\d{4}$/.exec(r.stdout.toString('utf8').trim());
  if (r.code !== 0 || !m || m[1]!.trim() === '' || m[2]!.trim() === '') {
    throw new UsageError('git does not know who you are (needed for From: and Signed-off-by:)', {
      hint: 'git config user.name "Your Name" && git config user.email you@example.org',
    });
  }
  return { name: m[1]!.trim(), email: m[2]!.trim() };
}

/** Mode and blob of tracked paths (`git ls-files -s`), keyed by path. */
export function trackedEntries(git: Git, paths: readonly string[]): Map<string, { mode: string; blob: string }> {
  const out = new Map<string, { mode: string; blob: string }>();
  if (paths.length === 0) return out;
  const text = git.text(['ls-files', '-s', '-z', '--', ...paths.map((p) => `:(literal)${p}`)]);
  for (const rec of text.split('\0')) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(rec);
    if (m && m[3] === '0') out.set(m[4]!, { mode: m[1]!, blob: m[2]! });
  }
  return out;
}

/** Paths among `paths` whose work-tree or index content differs from HEAD. */
export function changedSinceHead(git: Git, paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  const text = git.text(['diff', '--name-only', '-z', '--no-renames', 'HEAD', '--', ...paths.map((p) => `:(literal)${p}`)]);
  return new Set(text.split('\0').filter(Boolean));
}

/** Read objects (`<rev>:<path>`, `:<path>` for the index, or blob ids) with one `git cat-file --batch`. */
export function readObjects(git: Git, specs: readonly string[]): (Buffer | undefined)[] {
  if (specs.length === 0) return [];
  if (specs.some((s) => s.includes('\n'))) throw new UsageError('object names with newlines are not supported');
  const out = git.run(['cat-file', '--batch'], { input: specs.join('\n') + '\n' }).stdout;
  const result: (Buffer | undefined)[] = [];
  let pos = 0;
  for (let k = 0; k < specs.length; k++) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      result.push(undefined); // "<spec> missing" or "ambiguous"
      continue;
    }
    const size = Number(m[2]);
    result.push(m[1] === 'blob' ? out.subarray(pos, pos + size) : undefined);
    pos += size + 1;
  }
  return result;
}

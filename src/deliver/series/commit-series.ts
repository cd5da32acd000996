/**
 * Turn the planned patches into real commits on top of the base, without
 * touching the user's work tree, index, refs or object store: a temporary
 * index and a temporary object directory (with the repository's objects as
 * an alternate) hold everything, and are deleted with the staging area.
 * `git format-patch` then writes the files, so they are what `git am` expects.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Git } from '../git/run-git.js';

export interface CommitFile {
  /** Path relative to the repository top. */
  readonly path: string;
  readonly mode: string;
  readonly content: Buffer;
}

export interface CommitSpec {
  readonly message: string;
  readonly files: readonly CommitFile[];
}

/** A Git whose new objects and index live under `scratch`. */
export function scratchGit(git: Git, scratch: string): Git {
  const objects = path.join(scratch, 'objects');
  mkdirSync(objects, { recursive: true });
  const repoObjects = path.resolve(git.cwd, git.text(['rev-parse', '--git-path', 'objects']).trim());
  return git.withEnv({
    GIT_INDEX_FILE: path.join(scratch, 'index'),
    GIT_OBJECT_DIRECTORY: objects,
    GIT_ALTERNATE_OBJECT_DIRECTORIES: repoObjects,
  });
}

/** Create the commits in order; returns their ids (each the parent of the next). */
export function createCommits(scratch: Git, base: string, specs: readonly CommitSpec[]): string[] {
  scratch.run(['read-tree', base]);
  const ids: string[] = [];
  let parent = base;
  for (const spec of specs) {
    const entries: string[] = [];
    for (const f of spec.files) {
      const blob = scratch.text(['hash-object', '-w', '--stdin'], { input: f.content }).trim();
      entries.push(`${f.mode} ${blob}\t${f.path}\0`);
    }
    scratch.run(['update-index', '-z', '--index-info'], { input: entries.join('') });
    const tree = scratch.text(['write-tree']).trim();
    parent = scratch.text(['commit-tree', tree, '-p', parent, '-F', '-'], { input: spec.message }).trim();
    ids.push(parent);
  }
  return ids;
}

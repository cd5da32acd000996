/**
 * What a file's result read from outside the file: the inputs the result
 * cache (src/engine/cache) must check before it replays a stored result.
 *
 * The modules that read such inputs (the module licence resolver, the
 * MAINTAINERS status, the callee definitions in other files) take an
 * optional DependencyRecorder and report each input they consult for the
 * file being processed, with a digest of what they read. They report it
 * when the answer comes from their own per-process memo too (the memo keeps
 * the digest beside the answer), so a file's record does not depend on which
 * file happened to be processed first. A module never decides whether a
 * dependency changed: the cache re-reads each input the same way (the same
 * size cap, the same symbolic-link rule) and compares digests.
 *
 * Kinds: `file` (a file's bytes, or ABSENT when the module got nothing from
 * it: missing, not a regular file, over its cap), `listing` (a directory's
 * sorted entry names), `directory` (whether a path is a directory: a
 * MAINTAINERS pattern naming one covers what is below it), `lookup` (the
 * callee index's answer for one file name in one tree; the cache asks the
 * index again) and `maintainers` (the subsystem status MAINTAINERS gave one
 * file: while MAINTAINERS is the same file the answer stands; when it
 * changed, the cache asks again, so an edit to other sections, as nearly
 * every kernel release makes, keeps the result).
 */
import { createHash } from 'node:crypto';

/** The digest of an input the module could not read (missing, not regular, over its cap). */
export const ABSENT = '-';
/** The digest of a `directory` dependency that is one. */
export const IS_DIRECTORY = 'dir';

export type Dependency =
  | {
      readonly kind: 'file';
      readonly path: string;
      /** The cap the module read it with: a larger file counts as absent. */
      readonly max: number;
      /** The module does not follow a symbolic link (lstat): a link counts as absent. */
      readonly noFollow?: boolean;
      readonly digest: string;
    }
  | { readonly kind: 'listing'; readonly path: string; readonly digest: string }
  /** digest: IS_DIRECTORY or ABSENT. */
  | { readonly kind: 'directory'; readonly path: string; readonly digest: string }
  | { readonly kind: 'lookup'; readonly root: string; readonly name: string; readonly digest: string }
  | {
      readonly kind: 'maintainers';
      readonly root: string;
      /** The file's path in the tree, as MAINTAINERS patterns match it. */
      readonly path: string;
      /** The MAINTAINERS file's digest when the answer was given (ABSENT without one). */
      readonly file: string;
      /** The answer: the status and section, or ABSENT for none. */
      readonly digest: string;
    };

export interface DependencyRecorder {
  record(dep: Dependency): void;
}

/** sha256 of bytes (a Latin-1 string stands for its bytes), hex. */
export function digestOf(data: Buffer | string): string {
  return createHash('sha256').update(typeof data === 'string' ? Buffer.from(data, 'latin1') : data).digest('hex');
}

/** The digest of a directory listing or of an index answer: its names, sorted, one per line. */
export function digestOfNames(names: readonly string[]): string {
  return createHash('sha256').update([...names].sort().join('\n'), 'utf8').digest('hex');
}

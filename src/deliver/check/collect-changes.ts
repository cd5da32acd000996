/**
 * The change to check, as files with the lines it adds and the text after it
 * (the post-image): from the index (`--staged`), from a revision range, or
 * from a diff on stdin. Only C sources (.c/.h) are kept; binary files,
 * deletions and pure renames add no lines and are reported as skipped.
 */
import path from 'node:path';
import { readRegularFile } from '../../core/control-file.js';
import { UsageError } from '../../core/errors.js';
import { MAX_PARSE_BYTES } from '../../engine/pipeline/read-source.js';
import { addedLines, parseDiff, DiffParseError, type DiffFile } from '../git/parse-diff.js';
import { readObjects, type Repository } from '../git/repo.js';

export type CheckSource =
  | { readonly kind: 'staged' }
  | { readonly kind: 'range'; readonly range: string }
  | { readonly kind: 'diff'; readonly text: string };

/** Where the post-image came from; `hunks` means only the diff's own lines were known (others blank). */
export type PostImageSource = 'index' | 'commit' | 'worktree' | 'hunks';

export interface ChangedFile {
  readonly path: string;
  readonly oldPath?: string;
  readonly kind: DiffFile['kind'];
  /** 1-based lines of the post-image the change adds. */
  readonly added: ReadonlySet<number>;
  readonly post: Buffer;
  readonly postSource: PostImageSource;
  /** Blob of the pre-image, when the diff names one (for the behaviour model). */
  readonly oldBlob?: string;
}

export interface SkippedFile {
  readonly path: string;
  readonly why: 'binary' | 'deleted' | 'no-added-lines' | 'not-c-source';
}

export interface CollectedChange {
  readonly files: ChangedFile[];
  readonly skipped: SkippedFile[];
  /** Notes about how post-images were found (e.g. fell back to the hunks). */
  readonly notes: string[];
}

const C_SOURCE = /\.[ch]$/;
const ZERO_BLOB = /^0+$/;
const DIFF_ARGS = ['-M', '-U0', '--full-index', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/'];

/** The diff text of the change and where its post-images live. */
function diffOf(repo: Repository | undefined, source: CheckSource): { text: string; post: 'index' | 'commit' | 'blob-or-worktree' } {
  if (source.kind === 'diff') return { text: source.text, post: 'blob-or-worktree' };
  if (!repo) throw new UsageError(`--${source.kind === 'staged' ? 'staged' : 'range'} needs a git work tree`);
  if (source.kind === 'staged') return { text: repo.git.text(['diff', '--cached', ...DIFF_ARGS]), post: 'index' };
  if (source.range.startsWith('-') || source.range.trim() === '') throw new UsageError(`not a revision range: ${JSON.stringify(source.range)}`);
  return { text: repo.git.text(['diff', ...DIFF_ARGS, source.range, '--']), post: 'commit' };
}

export function collectChanges(repo: Repository | undefined, source: CheckSource, workTree: string): CollectedChange {
  const { text, post } = diffOf(repo, source);
  let parsed: DiffFile[];
  try {
    parsed = parseDiff(text, { strict: source.kind === 'diff' });
  } catch (err) {
    if (err instanceof DiffParseError) throw new UsageError(`cannot read the diff: ${err.message}`, { cause: err });
    throw err;
  }
  const skipped: SkippedFile[] = [];
  const notes: string[] = [];
  const wanted: { file: DiffFile; path: string; added: Set<number> }[] = [];
  for (const file of parsed) {
    const p = file.newPath ?? file.oldPath ?? '?';
    if (file.kind === 'deleted' || file.newPath === undefined) skipped.push({ path: p, why: 'deleted' });
    else if (!C_SOURCE.test(file.newPath)) skipped.push({ path: p, why: 'not-c-source' });
    else if (file.binary) skipped.push({ path: p, why: 'binary' });
    else {
      const added = addedLines(file);
      if (added.size === 0) skipped.push({ path: p, why: 'no-added-lines' });
      else wanted.push({ file, path: file.newPath, added });
    }
  }
  // One cat-file for every post-image blob the diff names.
  const blobSpecs = wanted.map((w) => (w.file.newBlob && !ZERO_BLOB.test(w.file.newBlob) ? w.file.newBlob : undefined));
  const blobs = repo ? readObjects(repo.git, blobSpecs.filter((s): s is string => s !== undefined)) : [];
  let k = 0;
  const files: ChangedFile[] = [];
  const unmatched: string[] = [];
  for (const [n, w] of wanted.entries()) {
    const fromBlob = blobSpecs[n] !== undefined ? blobs[k++] : undefined;
    let chosen: { bytes: Buffer | undefined; source: PostImageSource };
    if (post !== 'blob-or-worktree') {
      // git's own blobs are the post-image; a zero blob id means the work tree (`git diff REV`).
      chosen = blobSpecs[n] !== undefined ? { bytes: fromBlob, source: post } : { bytes: readWorkTree(workTree, w.path), source: 'worktree' };
      if (chosen.bytes === undefined) throw new UsageError(`${w.path}: cannot read the changed file's new content from git`);
    } else {
      // A diff from elsewhere: use a blob or the work tree only if it carries the diff's lines.
      const candidates = [
        { bytes: fromBlob, source: 'commit' as const },
        { bytes: readWorkTree(workTree, w.path), source: 'worktree' as const },
      ];
      const found = candidates.find((c) => c.bytes !== undefined && agreesWithDiff(c.bytes, w.file));
      if (found) chosen = found;
      else {
        // A new file's diff carries all of it: nothing to say then.
        if (!wholeNewFile(w.file)) unmatched.push(w.path);
        chosen = { bytes: fromHunks(w.file), source: 'hunks' };
      }
    }
    files.push({
      path: w.path,
      ...(w.file.oldPath !== undefined && w.file.oldPath !== w.path ? { oldPath: w.file.oldPath } : {}),
      kind: w.file.kind,
      added: w.added,
      post: chosen.bytes!,
      postSource: chosen.source,
      ...(w.file.oldBlob && !ZERO_BLOB.test(w.file.oldBlob) ? { oldBlob: w.file.oldBlob } : {}),
    });
  }
  if (unmatched.length > 0) {
    // One note, not one per file: a mailed series of a hundred files would bury the findings.
    const named = unmatched.length <= 3 ? unmatched.join(', ') : `${unmatched.slice(0, 3).join(', ')} and ${unmatched.length - 3} more`;
    notes.push(`${named}: neither a blob nor the work tree matches the diff; only the diff's own lines were checked`);
  }
  return { files, skipped, notes };
}

/** Does the diff hold every line of the file (a new file, each line added, none missing)? */
function wholeNewFile(file: DiffFile): boolean {
  if (file.kind !== 'added') return false;
  let next = 1;
  for (const h of file.hunks) for (const l of h.lines) if (l.newLine !== undefined && l.newLine !== next++) return false;
  return next > 1;
}

function readWorkTree(top: string, rel: string): Buffer | undefined {
  const abs = path.resolve(top, rel);
  const inside = path.relative(top, abs);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  try {
    // The path comes from the diff: only a regular file under the parse limit, never a FIFO or device.
    return readRegularFile(abs, MAX_PARSE_BYTES);
  } catch {
    return undefined; // not in the work tree (or not a regular file): the caller falls back to the hunks
  }
}

/** Do the post-image's lines equal the diff's added and context lines at their numbers? */
function agreesWithDiff(bytes: Buffer, file: DiffFile): boolean {
  const lines = bytes.toString('utf8').split('\n');
  return file.hunks.every((h) => h.lines.every((l) => l.newLine === undefined || (lines[l.newLine - 1] ?? '').replace(/\r$/, '') === l.text));
}

/** A stand-in post-image: the diff's new-side lines at their numbers, blank lines elsewhere. */
function fromHunks(file: DiffFile): Buffer {
  const lines: string[] = [];
  for (const h of file.hunks) for (const l of h.lines) if (l.newLine !== undefined) lines[l.newLine - 1] = l.text;
  return Buffer.from(Array.from(lines, (l) => l ?? '').join('\n') + '\n', 'utf8');
}

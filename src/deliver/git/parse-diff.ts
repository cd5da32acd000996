/**
 * Parse the unified diffs git prints (`git diff`, `git format-patch`, mbox)
 * and plain `diff -u` output, including git's extended headers: renames and
 * copies, mode changes, new and deleted files, binary files (`Binary files
 * ... differ` and `GIT binary patch`) and C-quoted paths.
 *
 * Why not a library: parse-diff and gitdiff-parser neither count hunk lines
 * (so a mail's `-- ` signature or a removed line starting with `-- ` is
 * misread) nor unquote octal escapes; jsdiff's parsePatch counts lines but
 * does not know git's extended headers and merges a pure rename into the next
 * file. This parser reads only; it never rewrites C.
 */

export type ChangeKind = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export interface DiffLine {
  readonly kind: '+' | '-' | ' ';
  readonly text: string;
  /** 1-based line in the old file (for '-' and ' '). */
  readonly oldLine?: number;
  /** 1-based line in the new file (for '+' and ' '). */
  readonly newLine?: number;
}

export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: DiffLine[];
}

export interface DiffFile {
  /** Path before the change (absent for a new file). */
  oldPath?: string;
  /** Path after the change (absent for a deleted file). */
  newPath?: string;
  kind: ChangeKind;
  binary: boolean;
  oldMode?: string;
  newMode?: string;
  /** Blob ids from the `index` line (abbreviated unless --full-index). */
  oldBlob?: string;
  newBlob?: string;
  similarity?: number;
  readonly hunks: DiffHunk[];
}

export class DiffParseError extends Error {}

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undo git's C-style quoting of a path ("a/caf\303\251.c" → a/café.c); unquoted text is returned as is. */
export function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-3]/.test(next) && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (next in C_ESCAPES) {
      bytes.push(C_ESCAPES[next]!);
      i += 1;
    } else {
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Read one path token (quoted or not) from the start of `text`; returns it and the rest. */
function takePath(text: string): { path: string; rest: string } {
  if (text.startsWith('"')) {
    let i = 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return { path: unquotePath(text.slice(0, i + 1)), rest: text.slice(i + 1).replace(/^ /, '') };
  }
  return { path: text, rest: '' };
}

function stripPrefix(p: string, prefix: string): string {
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/** Paths of a `diff --git a/X b/Y` line: exact for quoted paths, and for unquoted ones when X = Y. */
function gitHeaderPaths(rest: string): { oldPath?: string; newPath?: string } {
  if (rest.startsWith('"')) {
    const first = takePath(rest);
    const second = first.rest.startsWith('"') ? takePath(first.rest).path : first.rest;
    return { oldPath: stripPrefix(first.path, 'a/'), newPath: stripPrefix(second, 'b/') };
  }
  const quoted = rest.indexOf(' "');
  if (quoted !== -1) return { oldPath: stripPrefix(rest.slice(0, quoted), 'a/'), newPath: stripPrefix(takePath(rest.slice(quoted + 1)).path, 'b/') };
  // Unquoted and possibly with spaces: the common case has the same name on both sides.
  if ((rest.length - 5) % 2 === 0) {
    const len = (rest.length - 5) / 2;
    const a = rest.slice(2, 2 + len);
    if (rest === `a/${a} b/${a}`) return { oldPath: a, newPath: a };
  }
  const parts = rest.split(' ');
  return parts.length === 2 ? { oldPath: stripPrefix(parts[0]!, 'a/'), newPath: stripPrefix(parts[1]!, 'b/') } : {};
}

/** A `---`/`+++` header's path: /dev/null becomes undefined; the a/ or b/ prefix and a timestamp are dropped. */
function headerPath(text: string, prefix: 'a/' | 'b/', gitStyle: boolean): string | undefined {
  let raw = text.startsWith('"') ? takePath(text).path : text.split('\t')[0]!.trimEnd();
  if (raw === '/dev/null') return undefined;
  if (gitStyle) return stripPrefix(raw, prefix);
  // A plain diff -u: strip one leading component, as `git apply` (-p1) does.
  const slash = raw.indexOf('/');
  if (slash !== -1) raw = raw.slice(slash + 1);
  return raw;
}

/**
 * `strict` (a diff from outside, e.g. stdin): a hunk outside any file header
 * (no `---`/`+++` lines), or non-empty input with no diff at all, is an error
 * rather than "no files".
 */
export function parseDiff(text: string, opts: { strict?: boolean } = {}): DiffFile[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const files: DiffFile[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.startsWith('diff --git ')) {
      i = parseGitFile(lines, i, files);
    } else if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ') && HUNK_RE.test(lines[i + 2] ?? '')) {
      const file: DiffFile = { kind: 'modified', binary: false, hunks: [] };
      const oldPath = headerPath(line.slice(4), 'a/', false);
      const newPath = headerPath(lines[i + 1]!.slice(4), 'b/', false);
      if (oldPath !== undefined) file.oldPath = oldPath;
      if (newPath !== undefined) file.newPath = newPath;
      file.kind = oldPath === undefined ? 'added' : newPath === undefined ? 'deleted' : 'modified';
      i = parseHunks(lines, i + 2, file);
      files.push(file);
    } else {
      if (opts.strict && HUNK_RE.test(line)) throw new DiffParseError(`a hunk at diff line ${i + 1} has no ---/+++ file header`);
      i++;
    }
  }
  if (opts.strict && files.length === 0 && text.trim() !== '') throw new DiffParseError('the input holds no unified diff (no `diff --git` or `---`/`+++` file headers)');
  return files;
}

function parseGitFile(lines: readonly string[], start: number, files: DiffFile[]): number {
  const header = gitHeaderPaths(lines[start]!.slice('diff --git '.length).replace(/\r$/, ''));
  const file: DiffFile = { kind: 'modified', binary: false, hunks: [] };
  if (header.oldPath !== undefined) file.oldPath = header.oldPath;
  if (header.newPath !== undefined) file.newPath = header.newPath;
  files.push(file);
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    let m: RegExpExecArray | null;
    if (line.startsWith('diff --git ')) return i;
    if ((m = /^new file mode (\d+)$/.exec(line))) {
      file.kind = 'added';
      file.newMode = m[1]!;
      delete file.oldPath;
    } else if ((m = /^deleted file mode (\d+)$/.exec(line))) {
      file.kind = 'deleted';
      file.oldMode = m[1]!;
      delete file.newPath;
    } else if ((m = /^old mode (\d+)$/.exec(line))) file.oldMode = m[1]!;
    else if ((m = /^new mode (\d+)$/.exec(line))) file.newMode = m[1]!;
    else if ((m = /^(rename|copy) from (.*)$/.exec(line))) {
      file.kind = m[1] === 'rename' ? 'renamed' : 'copied';
      file.oldPath = takePath(m[2]!).path;
    } else if ((m = /^(rename|copy) to (.*)$/.exec(line))) file.newPath = takePath(m[2]!).path;
    else if ((m = /^similarity index (\d+)%$/.exec(line))) file.similarity = Number(m[1]);
    else if (/^dissimilarity index \d+%$/.test(line)) continue;
    else if ((m = /^index ([0-9a-f]+)\.\.([0-9a-f]+)(?: (\d+))?$/.exec(line))) {
      file.oldBlob = m[1]!;
      file.newBlob = m[2]!;
      if (m[3]) file.oldMode = file.newMode = m[3];
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      file.binary = true;
      return line === 'GIT binary patch' ? skipBinaryPatch(lines, i + 1) : i + 1;
    } else if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      const oldPath = headerPath(line.slice(4), 'a/', true);
      const newPath = headerPath(lines[i + 1]!.replace(/\r$/, '').slice(4), 'b/', true);
      if (oldPath !== undefined) file.oldPath = oldPath;
      else delete file.oldPath;
      if (newPath !== undefined) file.newPath = newPath;
      else delete file.newPath;
      return parseHunks(lines, i + 2, file);
    } else {
      // Anything else ends the extended header (e.g. the next mail's text).
      return i;
    }
  }
  return i;
}

/** `GIT binary patch`: literal/delta blocks of base85 lines, each block ended by an empty line. */
function skipBinaryPatch(lines: readonly string[], start: number): number {
  let i = start;
  let blocks = 0;
  while (i < lines.length && blocks < 2) {
    if (/^(literal|delta) \d+$/.test(lines[i]!)) {
      i++;
      while (i < lines.length && lines[i] !== '') i++;
      blocks++;
    }
    i++;
  }
  return i;
}

function parseHunks(lines: readonly string[], start: number, file: DiffFile): number {
  let i = start;
  while (i < lines.length) {
    const m = HUNK_RE.exec(lines[i]!);
    if (!m) break;
    const hunk: DiffHunk = {
      oldStart: Number(m[1]),
      oldLines: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newLines: m[4] === undefined ? 1 : Number(m[4]),
      lines: [],
    };
    i++;
    let oldLeft = hunk.oldLines;
    let newLeft = hunk.newLines;
    // An empty side is numbered by the line before it (`@@ -0,0 +1,3 @@`).
    let oldLine = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
    let newLine = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
    while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
      const raw = lines[i]!;
      const kind = raw === '' ? ' ' : raw[0];
      const body = raw.slice(1).replace(/\r$/, '');
      if (kind === '+' && newLeft > 0) {
        hunk.lines.push({ kind: '+', text: body, newLine: newLine++ });
        newLeft--;
      } else if (kind === '-' && oldLeft > 0) {
        hunk.lines.push({ kind: '-', text: body, oldLine: oldLine++ });
        oldLeft--;
      } else if (kind === ' ' && oldLeft > 0 && newLeft > 0) {
        hunk.lines.push({ kind: ' ', text: body, oldLine: oldLine++, newLine: newLine++ });
        oldLeft--;
        newLeft--;
      } else if (kind === '\\') {
        // "\ No newline at end of file"
      } else {
        throw new DiffParseError(`malformed hunk at diff line ${i + 1}: ${JSON.stringify(raw.slice(0, 60))} does not fit @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
      }
      i++;
    }
    if (oldLeft > 0 || newLeft > 0) throw new DiffParseError(`truncated hunk @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@ at the end of the diff`);
    while (i < lines.length && lines[i]!.startsWith('\\')) i++;
    file.hunks.push(hunk);
  }
  return i;
}

/** 1-based line numbers of the new file that the diff adds. */
export function addedLines(file: DiffFile): Set<number> {
  const out = new Set<number>();
  for (const h of file.hunks) for (const l of h.lines) if (l.kind === '+' && l.newLine !== undefined) out.add(l.newLine);
  return out;
}

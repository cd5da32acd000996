/**
 * Finds a function's definition outside the caller's file, for the callee
 * summaries: first the C files of the caller's directory, then the headers
 * the caller includes (static inline helpers), then the tree's C files named
 * like those headers (`<linux/fs_context.h>` → `fs/fs_context.c`). The
 * tree's file names are indexed once per process; each file is read once for
 * the names that start a line before `(` (after type words: a definition, not
 * an indented call), and only a file holding the name is parsed (a few parsed
 * files are kept). Nothing is executed; symbolic links are not followed.
 *
 * What a resolver consulted is reported to its DependencyRecorder
 * (core/dependency.ts), for the result cache: the caller's directory
 * listing, every file it read or found missing (with the digest of its
 * bytes, kept beside the per-process memo so a memo hit reports it too), and
 * each answer of the tree's file-name index (`lookup`, re-asked through
 * lookupDigest when a stored result is checked).
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ABSENT, digestOf, digestOfNames, type DependencyRecorder } from '../../../core/dependency.js';
import type { SyntaxNode } from '../../../core/syntax.js';
import { FunctionDefinitions } from '../syntax.js';
import type { CalleeDefinition, DefinitionResolver } from './summary.js';

const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Files of the caller's directory looked at (large driver directories hold hundreds). */
const MAX_DIRECTORY_FILES = 96;
/** Parsed files kept (their trees are what costs memory). */
const MAX_PARSED_FILES = 8;
const SKIP_DIRS = new Set(['.git', 'Documentation', 'tools', 'scripts', 'samples', 'LICENSES', 'usr']);

/** Names that start a line followed by `(` (after type words): where a definition may be; calls are indented. */
const DEFINED_AT_LINE_START = /^(?:[A-Za-z_][\w \t*]*[ \t*])?([A-Za-z_]\w*)\s*\(/gm;

/** Per file read: the names that may be defined there (null: unreadable) and the digest of its bytes. Small, so kept for the process. */
const namesByFile = new Map<string, { readonly names: ReadonlySet<string> | null; readonly digest: string }>();
const parsedFiles = new Map<string, FunctionDefinitions>();
const nameIndexes = new Map<string, Map<string, string[]>>();

/**
 * The names that may be defined in `text`, in strings of their own: a match
 * of 13 characters or more is a slice that keeps the whole file's text alive,
 * and this set is kept for the process (the texts of every file looked at,
 * tens of MB per thread on a kernel tree). Joining copies the names out.
 */
function namesDefinedIn(text: string): ReadonlySet<string> {
  const names = [...new Set(Array.from(text.matchAll(DEFINED_AT_LINE_START), (m) => m[1]!))];
  return new Set(names.join('\n').split('\n'));
}

function readSmall(file: string): string | undefined {
  try {
    const st = lstatSync(file);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
}

/** Basename → paths of the tree's .c files (built once per tree and process). */
function nameIndex(treeRoot: string): Map<string, string[]> {
  let index = nameIndexes.get(treeRoot);
  if (index) return index;
  index = new Map();
  const stack = [treeRoot];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) || dir !== treeRoot) stack.push(path.join(dir, e.name));
      } else if (e.isFile() && e.name.endsWith('.c')) {
        const list = index.get(e.name) ?? [];
        list.push(path.join(dir, e.name));
        index.set(e.name, list);
      }
    }
  }
  nameIndexes.set(treeRoot, index);
  return index;
}

/** The digest of the tree's file-name index answer for `name` (a `lookup` dependency). */
export function lookupDigest(treeRoot: string, name: string): string {
  return digestOfNames(nameIndex(treeRoot).get(name) ?? []);
}

export interface TreeDefinitionsOptions {
  /** The caller's file. */
  readonly absPath: string;
  readonly text: string;
  /** The kernel tree's root, when the file is inside one. */
  readonly treeRoot?: string;
  /** Parse a C file the way the pipeline does (its root node). */
  readonly parse: (text: string) => SyntaxNode;
  /** Told every input consulted (directory listing, files read, index answers). */
  readonly deps?: DependencyRecorder;
}

/** A resolver over the caller's directory, its included headers and the tree's files named like them. */
export function treeDefinitions(options: TreeDefinitionsOptions): DefinitionResolver {
  let candidates: string[] | undefined;
  const deps = options.deps;
  const namesIn = (file: string): ReadonlySet<string> | undefined => {
    let entry = namesByFile.get(file);
    if (entry === undefined) {
      const text = readSmall(file);
      entry = text === undefined ? { names: null, digest: ABSENT } : { names: namesDefinedIn(text), digest: digestOf(text) };
      namesByFile.set(file, entry);
    }
    // definitionsIn reads the same file: this one record covers both.
    deps?.record({ kind: 'file', path: file, max: MAX_FILE_BYTES, noFollow: true, digest: entry.digest });
    return entry.names ?? undefined;
  };
  const definitionsIn = (file: string): FunctionDefinitions | undefined => {
    let defs = parsedFiles.get(file);
    if (!defs) {
      const text = readSmall(file);
      if (text === undefined) return undefined;
      defs = new FunctionDefinitions(options.parse(text));
      if (parsedFiles.size >= MAX_PARSED_FILES) parsedFiles.delete(parsedFiles.keys().next().value!);
      parsedFiles.set(file, defs);
    }
    return defs;
  };
  const candidateFiles = (): string[] => {
    if (candidates) return candidates;
    const dir = path.dirname(options.absPath);
    const out: string[] = [];
    let listing: string[] = [];
    try {
      listing = readdirSync(dir).sort();
    } catch {
      // An unreadable directory adds nothing.
    }
    deps?.record({ kind: 'listing', path: dir, digest: digestOfNames(listing) });
    for (const n of listing) if (n.endsWith('.c') && path.join(dir, n) !== options.absPath && out.length < MAX_DIRECTORY_FILES) out.push(path.join(dir, n));
    const headers: string[] = [];
    for (const m of options.text.matchAll(/^\s*#\s*include\s*([<"])([\w./-]+\.h)[>"]/gm)) {
      const rel = m[2]!;
      if (m[1] === '"') headers.push(path.join(dir, rel));
      if (options.treeRoot) headers.push(path.join(options.treeRoot, 'include', rel));
    }
    out.push(...headers);
    if (options.treeRoot) {
      const index = nameIndex(options.treeRoot);
      for (const h of headers) {
        const base = path.basename(h, '.h');
        for (const variant of new Set([base, base.replace(/-/g, '_'), base.replace(/_/g, '-')])) {
          const found = index.get(`${variant}.c`) ?? [];
          deps?.record({ kind: 'lookup', root: options.treeRoot, name: `${variant}.c`, digest: digestOfNames(found) });
          out.push(...found);
        }
      }
    }
    candidates = [...new Set(out)];
    return candidates;
  };
  return (name: string): CalleeDefinition | undefined => {
    if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
    for (const file of candidateFiles()) {
      if (!namesIn(file)?.has(name)) continue;
      const fn = definitionsIn(file)?.get(name);
      if (fn) return { fn, path: options.treeRoot ? path.relative(options.treeRoot, file) : file };
    }
    return undefined;
  };
}

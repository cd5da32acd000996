/**
 * Which MAINTAINERS sections cover a file, with get_maintainer.pl's rules:
 * F:/X: patterns are globs (`*`, `?`) anchored at the tree root; a pattern
 * ending in `/` covers everything below it, any other covers files at its own
 * depth; a pattern naming a directory gets a `/` added; N: is a regex on the
 * path. A section matches when an F: or N: matches and no X: does. Its depth
 * (slashes in the pattern) ranks how specific it is; THE REST (`*`) ranks -1.
 *
 * A file is tested only against the sections that could cover it: each F:/X:
 * pattern is filed under the directory part of its literal prefix (the text
 * before its first `*` or `?`; a pattern with other regex characters is filed
 * under the root), so a file looks up its own ancestor directories; sections
 * with N: regexes are always tested. The sections found are then tested in
 * file order, exactly as the full scan would, so matches, ranks and the
 * directory lookups told to a DependencyRecorder are the same.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MaintainerSection } from './parse-maintainers.js';
import { ABSENT, IS_DIRECTORY, type DependencyRecorder } from '../../../core/dependency.js';

export interface SectionMatch {
  readonly section: MaintainerSection;
  readonly depth: number;
}

export interface Recipients {
  /** Maintainers (To:). */
  readonly to: string[];
  /** Reviewers and lists (Cc:). */
  readonly cc: string[];
}

/** get_maintainer.pl leaves the top-level maintainer out unless asked (`@penguin_chief`). */
const CHIEF_PENGUINS = ['torvalds@linux-foundation.org'];

interface CompiledPattern {
  readonly re: RegExp;
  readonly source: string;
  readonly dirPattern: boolean;
  /** The tree path looked up to tell a directory pattern, and the pattern as written (whether it matches a file decides whether that lookup mattered). */
  readonly checked?: { readonly path: string; readonly isDir: boolean; readonly plain: RegExp };
}

/** Characters that make a pattern more than a glob of literals (such a pattern is tested against every file). */
const REGEX_CHARS = /[[\](){}|+^$\\]/;

/** The text every path matched by the glob `value` starts with ('' when none is known). */
function literalPrefix(value: string): string {
  if (REGEX_CHARS.test(value)) return '';
  const wild = value.search(/[*?]/);
  return wild === -1 ? value : value.slice(0, wild);
}

export class MaintainersIndex {
  private readonly compiled = new Map<string, CompiledPattern | undefined>();
  private readonly extended = new Map<string, RegExp | undefined>();
  private readonly prefixes = new Map<string, string>();
  /** Section numbers by the directory part (up to its last `/`, or '') of an F:/X: pattern's literal prefix; sections with N: are under ''. */
  private byDirectory: Map<string, number[]> | undefined;

  constructor(
    readonly sections: readonly MaintainerSection[],
    /** The tree root, to tell directory patterns (as get_maintainer's `-d`). */
    private readonly root: string,
  ) {}

  private compile(value: string): CompiledPattern | undefined {
    if (this.compiled.has(value)) return this.compiled.get(value);
    let source = value.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
    const plainSource = source;
    const lookedUp = source.endsWith('/') ? undefined : path.join(this.root, value);
    const isDir = lookedUp !== undefined && isDirectory(lookedUp);
    if (isDir) source += '/';
    let out: CompiledPattern | undefined;
    try {
      out = { re: new RegExp(`^${source}`), source, dirPattern: source.endsWith('/'), ...(lookedUp !== undefined ? { checked: { path: lookedUp, isDir, plain: new RegExp(`^${plainSource}`) } } : {}) };
    } catch {
      out = undefined; // a pattern JS cannot compile: it matches nothing (reported by nobody, as in get_maintainer)
    }
    this.compiled.set(value, out);
    return out;
  }

  private prefixOf(value: string): string {
    let prefix = this.prefixes.get(value);
    if (prefix === undefined) {
      prefix = literalPrefix(value);
      this.prefixes.set(value, prefix);
    }
    return prefix;
  }

  private directoryIndex(): Map<string, number[]> {
    if (this.byDirectory) return this.byDirectory;
    const index = new Map<string, number[]>();
    this.sections.forEach((section, n) => {
      const keys = new Set<string>();
      for (const value of [...section.files, ...section.excludes]) {
        const prefix = this.prefixOf(value);
        keys.add(prefix.slice(0, prefix.lastIndexOf('/') + 1));
      }
      if (section.regexes.length > 0) keys.add('');
      for (const key of keys) {
        const list = index.get(key);
        if (list) list.push(n);
        else index.set(key, [n]);
      }
    });
    this.byDirectory = index;
    return index;
  }

  /** The sections that may cover `file`, in file order. */
  private candidates(file: string): MaintainerSection[] {
    const index = this.directoryIndex();
    const found = new Set<number>(index.get('') ?? []);
    for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) {
      for (const n of index.get(file.slice(0, slash + 1)) ?? []) found.add(n);
    }
    return [...found].sort((a, b) => a - b).map((n) => this.sections[n]!);
  }

  private fileMatches(file: string, value: string, deps?: DependencyRecorder): CompiledPattern | undefined {
    // Neither the pattern nor the pattern as written can match a path without its literal prefix.
    if (!file.startsWith(this.prefixOf(value))) return undefined;
    const p = this.compile(value);
    // Whether the pattern names a directory matters for this file when the pattern as written matches it.
    if (deps && p?.checked && p.checked.plain.test(file)) deps.record({ kind: 'directory', path: p.checked.path, digest: p.checked.isDir ? IS_DIRECTORY : ABSENT });
    if (!p || !p.re.test(file)) return undefined;
    if (p.dirPattern) return p;
    return slashes(file) === slashes(p.source) ? p : undefined;
  }

  /** Every section covering `file` (relative to the root), most specific first; the directory lookups that decided are told to `deps`. */
  sectionsFor(file: string, deps?: DependencyRecorder): SectionMatch[] {
    const out: SectionMatch[] = [];
    for (const section of this.candidates(file)) {
      if (section.excludes.some((x) => this.fileMatches(file, x, deps))) continue;
      let depth: number | undefined;
      for (const f of section.files) {
        const p = this.fileMatches(file, f, deps);
        if (!p) continue;
        let d = slashes(p.source);
        if (!p.source.endsWith('/')) d++;
        if (p.source.startsWith('.*')) d = -1;
        depth = Math.max(depth ?? -Infinity, d);
      }
      if (depth === undefined) {
        for (const n of section.regexes) {
          if (!this.extended.has(n)) this.extended.set(n, compileExtended(n));
          const re = this.extended.get(n);
          if (re?.test(file)) depth = 0;
        }
      }
      if (depth !== undefined) out.push({ section, depth });
    }
    return out.sort((a, b) => b.depth - a.depth);
  }

  /** The most specific section names covering `file` (ties all kept), excluding catch-alls. */
  bestSections(file: string): string[] {
    const matches = this.sectionsFor(file).filter((m) => m.depth >= 0);
    if (matches.length === 0) return [];
    const top = matches[0]!.depth;
    return matches.filter((m) => m.depth === top).map((m) => m.section.name).sort();
  }

  /**
   * To: and Cc: for a set of files, as get_maintainer.pl would list them
   * (without git history): sections most specific first, and a person keeps
   * the role of the first section naming them (a reviewer of the driver who
   * also maintains the subsystem is Cc'd).
   */
  recipientsFor(files: readonly string[]): Recipients {
    const to = new AddressList();
    const cc = new AddressList();
    const add = (list: AddressList, entry: string) => {
      if (!to.has(entry) && !cc.has(entry)) list.add(entry);
    };
    for (const file of files) {
      for (const { section } of this.sectionsFor(file)) {
        for (const m of section.maintainers) if (!CHIEF_PENGUINS.includes(addressOf(m))) add(to, m);
        for (const r of section.reviewers) add(cc, r);
        for (const l of section.lists) add(cc, l);
      }
    }
    return { to: to.values(), cc: cc.values() };
  }
}

function slashes(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '/') n++;
  return n;
}

function isDirectory(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isDirectory();
  } catch {
    return false; // unreadable: treated as a file pattern
  }
}

/** Perl's /x: unescaped whitespace and #-comments are not part of the pattern. */
function compileExtended(value: string): RegExp | undefined {
  try {
    return new RegExp(value.replace(/\\\s|\s+/g, (m) => (m.startsWith('\\') ? m : '')));
  } catch {
    return undefined; // not a JS regex: matches nothing
  }
}

/** The address part of "Name <address>" (or the whole text), lower-cased. */
export function addressOf(entry: string): string {
  const m = /<([^>]+)>/.exec(entry);
  return (m ? m[1]! : entry).trim().toLowerCase();
}

/** Ordered, de-duplicated by address. */
export class AddressList {
  private readonly byAddress = new Map<string, string>();
  add(entry: string): void {
    const key = addressOf(entry);
    if (key !== '' && !this.byAddress.has(key)) this.byAddress.set(key, entry.trim());
  }
  has(entry: string): boolean {
    return this.byAddress.has(addressOf(entry));
  }
  values(): string[] {
    return [...this.byAddress.values()];
  }
}

/**
 * Which MODULE_LICENSE governs a file: its own, or that of another object
 * linked into the same module according to the directory's Makefile/Kbuild
 * (`foo-y := a.o b.o`, `foo-objs`, `foo-$(CONFIG_X)`). Regexes here only read
 * build files and a licence string; they never rewrite C.
 */
import path from 'node:path';
import { readControlFile, readControlFileIfPresent } from '../../core/control-file.js';
import { isGplCompatible, type LicenseInfo } from '../../core/license.js';
import { relativePath } from './sources.js';

/** A member source file read for its MODULE_LICENSE (the same cap as any source the run reads). */
const MEMBER_MAX_BYTES = 16 * 1024 * 1024;

const LICENSE_RE = /^\s*MODULE_LICENSE\s*\(\s*("(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*|[^)]*)\s*\)/m;

/** The licence a file declares itself, if any. */
export function licenseInText(text: string): { kind: LicenseInfo['kind']; license?: string } | undefined {
  const m = LICENSE_RE.exec(text);
  if (!m) return undefined;
  const raw = (m[1] ?? '').trim();
  if (!raw.startsWith('"')) return { kind: 'unknown', license: raw };
  // Adjacent string literals concatenate ("Dual BSD" "/GPL").
  const value = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((s) => s[1] ?? '').join('');
  return { kind: isGplCompatible(value) ? 'gpl' : 'non-gpl', license: value };
}

/** Composite objects declared in a Kbuild file: object name → member object paths (relative to the dir). */
export function parseCompositeObjects(makefile: string): Map<string, string[]> {
  const joined = makefile.replace(/\\\r?\n/g, ' ');
  const out = new Map<string, string[]>();
  const re = /^\s*([A-Za-z0-9_.\-/]+?)-(?:objs|y|m|\$\(CONFIG_[A-Za-z0-9_]+\))\s*[:+]?=\s*(.*)$/gm;
  for (const m of joined.matchAll(re)) {
    const name = m[1] ?? '';
    if (name === 'obj' || name === 'lib' || name === 'ccflags' || name.startsWith('CFLAGS') || name === 'subdir') continue;
    const members = (m[2] ?? '').split(/\s+/).filter((w) => w.endsWith('.o'));
    if (members.length === 0) continue;
    const list = out.get(name) ?? [];
    list.push(...members);
    out.set(name, list);
  }
  return out;
}

/** Resolves licences for one run; caches directory Makefiles. */
export class LicenseResolver {
  private readonly makefiles = new Map<string, Map<string, string[]>>();
  private readonly fileLicenses = new Map<string, ReturnType<typeof licenseInText> | null>();

  constructor(private readonly root: string) {}

  resolve(absPath: string, text: string): LicenseInfo {
    const own = licenseInText(text);
    if (own) return { ...own, where: relativePath(this.root, absPath) };
    if (!absPath.endsWith('.c')) return { kind: 'none' };
    const dir = path.dirname(absPath);
    const object = path.basename(absPath, '.c') + '.o';
    // The composite may be declared in this directory or in a parent one
    // (`foo-y += sub/bar.o`); look up to two levels.
    for (let level = 0, d = dir, rel = object; level < 3; level++) {
      const composites = this.compositesIn(d);
      for (const [, members] of composites) {
        if (!members.includes(rel)) continue;
        for (const member of members) {
          if (member === rel) continue;
          const memberFile = path.join(d, member.replace(/\.o$/, '.c'));
          const lic = this.licenseOfFile(memberFile);
          if (lic) return { ...lic, where: relativePath(this.root, memberFile) };
        }
      }
      rel = path.basename(d) + '/' + rel;
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
    return { kind: 'none' };
  }

  private compositesIn(dir: string): Map<string, string[]> {
    let cached = this.makefiles.get(dir);
    if (cached) return cached;
    cached = new Map();
    for (const name of ['Kbuild', 'Makefile']) {
      try {
        for (const [k, v] of parseCompositeObjects(readControlFileIfPresent(path.join(dir, name)) ?? '')) cached.set(k, v);
      } catch {
        // a build file that is not a regular file or is too large declares nothing we read
      }
    }
    this.makefiles.set(dir, cached);
    return cached;
  }

  private licenseOfFile(file: string): ReturnType<typeof licenseInText> | undefined {
    if (this.fileLicenses.has(file)) return this.fileLicenses.get(file) ?? undefined;
    let result: ReturnType<typeof licenseInText> | null = null;
    try {
      result = licenseInText(readControlFile(file, MEMBER_MAX_BYTES, 'latin1')) ?? null;
    } catch {
      result = null; // member source absent (generated or arch-specific): no licence from it
    }
    this.fileLicenses.set(file, result);
    return result ?? undefined;
  }
}

/**
 * Which MODULE_LICENSE governs a file: its own, or that of another object
 * linked into the same module according to the directory's Makefile/Kbuild
 * (`foo-y := a.o b.o`, `foo-objs`, `foo-$(CONFIG_X)`). Regexes here only read
 * build files and a licence string; they never rewrite C.
 *
 * The answer depends on files other than the one asked about: every Kbuild
 * and Makefile looked at and every member source read are reported to the
 * caller's DependencyRecorder (core/dependency.ts) with the digest of their
 * bytes, also when the per-run memo answers (it keeps the digests), so the
 * result cache can tell when a changed build file or member changes a
 * stored result.
 */
import path from 'node:path';
import { ControlFileError, CONTROL_FILE_MAX_BYTES, readRegularFile } from '../../core/control-file.js';
import { ABSENT, digestOf, type DependencyRecorder } from '../../core/dependency.js';
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

type OwnLicense = ReturnType<typeof licenseInText>;

/** Resolves licences for one run; caches directory Makefiles (and the digests of what it read). */
export class LicenseResolver {
  private readonly makefiles = new Map<string, { readonly composites: Map<string, string[]>; readonly read: readonly { readonly file: string; readonly digest: string }[] }>();
  private readonly fileLicenses = new Map<string, { readonly license: OwnLicense | null; readonly digest: string }>();

  constructor(private readonly root: string) {}

  /** The licence governing `absPath`; the build files and members consulted are reported to `deps`. */
  resolve(absPath: string, text: string, deps?: DependencyRecorder): LicenseInfo {
    const own = licenseInText(text);
    if (own) return { ...own, where: relativePath(this.root, absPath) };
    if (!absPath.endsWith('.c')) return { kind: 'none' };
    const dir = path.dirname(absPath);
    const object = path.basename(absPath, '.c') + '.o';
    // The composite may be declared in this directory or in a parent one
    // (`foo-y += sub/bar.o`); look up to two levels.
    for (let level = 0, d = dir, rel = object; level < 3; level++) {
      const composites = this.compositesIn(d, deps);
      for (const [, members] of composites) {
        if (!members.includes(rel)) continue;
        for (const member of members) {
          if (member === rel) continue;
          const memberFile = path.join(d, member.replace(/\.o$/, '.c'));
          const lic = this.licenseOfFile(memberFile, deps);
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

  private compositesIn(dir: string, deps: DependencyRecorder | undefined): Map<string, string[]> {
    let cached = this.makefiles.get(dir);
    if (!cached) {
      const composites = new Map<string, string[]>();
      const read: { file: string; digest: string }[] = [];
      for (const name of ['Kbuild', 'Makefile']) {
        const file = path.join(dir, name);
        const bytes = readOrAbsent(file, CONTROL_FILE_MAX_BYTES);
        read.push({ file, digest: bytes ? digestOf(bytes) : ABSENT });
        // a build file that is missing, not a regular file or too large declares nothing we read
        if (bytes) for (const [k, v] of parseCompositeObjects(bytes.toString('utf8'))) composites.set(k, v);
      }
      cached = { composites, read };
      this.makefiles.set(dir, cached);
    }
    for (const r of cached.read) deps?.record({ kind: 'file', path: r.file, max: CONTROL_FILE_MAX_BYTES, digest: r.digest });
    return cached.composites;
  }

  private licenseOfFile(file: string, deps: DependencyRecorder | undefined): OwnLicense | undefined {
    let cached = this.fileLicenses.get(file);
    if (!cached) {
      // A member source absent (generated or arch-specific) gives no licence.
      const bytes = readOrAbsent(file, MEMBER_MAX_BYTES);
      cached = { license: bytes ? (licenseInText(bytes.toString('latin1')) ?? null) : null, digest: bytes ? digestOf(bytes) : ABSENT };
      this.fileLicenses.set(file, cached);
    }
    deps?.record({ kind: 'file', path: file, max: MEMBER_MAX_BYTES, digest: cached.digest });
    return cached.license ?? undefined;
  }
}

/** A control file's bytes, or undefined when it cannot be read as one (missing, not regular, over the cap). */
function readOrAbsent(file: string, max: number): Buffer | undefined {
  try {
    return readRegularFile(file, max);
  } catch (err) {
    if (err instanceof ControlFileError) return undefined;
    throw err;
  }
}

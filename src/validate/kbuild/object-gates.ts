/**
 * Which Kconfig symbols decide whether Kbuild builds an object: read the
 * Kbuild/Makefile of its directory and of the directories above it
 * (`obj-$(CONFIG_X) += foo.o`, composites `foo-y += bar.o`, `ifdef`/`ifeq`
 * blocks, `obj-$(CONFIG_Y) += dir/`), and check them against a .config.
 * Kbuild happily compiles a single object whether or not the config enables
 * it, so this is how validation knows the build means something.
 * Regexes here only read build files.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One condition on the path to the object: any alternative (an AND-list of symbols) suffices; [] is unconditional. */
export interface GateRequirement {
  readonly where: string;
  readonly alternatives: readonly (readonly string[])[];
}

export interface ObjectGates {
  readonly object: string;
  readonly requirements: readonly GateRequirement[];
  /** Places the reader could not resolve (treated as unconditional). */
  readonly unresolved: readonly string[];
}

interface Assignment {
  readonly lhs: string;
  readonly tokens: readonly string[];
  readonly conds: readonly string[];
}

const BUILD_FILES = ['Kbuild', 'Makefile', 'Kbuild.platforms'];
const LIST_PREFIX = /^(obj|lib|extra|subdir|core|drivers|libs|platform|head|always)-/;
/** Top-level directories the root Kbuild always descends into (net/ and block/ are gated). */
const TOP_GATES: Readonly<Record<string, readonly string[]>> = { net: ['NET'], block: ['BLOCK'], io_uring: ['IO_URING'], samples: ['SAMPLES'], rust: ['RUST'] };

export class KbuildReader {
  private readonly cache = new Map<string, Assignment[]>();
  constructor(private readonly tree: string) {}

  /** The gates of `object` (tree-relative, e.g. drivers/net/foo/bar.o). */
  gatesOf(object: string): ObjectGates {
    const requirements: GateRequirement[] = [];
    const unresolved: string[] = [];
    const dir = path.posix.dirname(object);
    const own = this.requirementFor(dir, path.posix.basename(object), new Set());
    if (own) requirements.push({ where: `${dir}/Makefile`, alternatives: own });
    else unresolved.push(`${dir}: no Kbuild/Makefile line names ${path.posix.basename(object)}`);
    for (let d = dir; d.includes('/'); d = path.posix.dirname(d)) {
      let found = false;
      for (let up = path.posix.dirname(d), levels = 0; levels < 3; up = path.posix.dirname(up), levels++) {
        const alts = this.requirementFor(up === '.' ? '' : up, `${path.posix.relative(up === '.' ? '' : up, d)}/`, new Set());
        if (alts) {
          requirements.push({ where: `${up}/Makefile`, alternatives: alts });
          found = true;
          break;
        }
        if (!up.includes('/')) break;
      }
      if (!found && !(d.split('/').length === 2 && d.startsWith('arch/'))) unresolved.push(`${d}/ is not listed by the directories above it`);
    }
    const top = object.split('/')[0]!;
    if (TOP_GATES[top]) requirements.push({ where: 'Kbuild', alternatives: [TOP_GATES[top]!] });
    return { object, requirements, unresolved };
  }

  /** Alternatives under which `name` (an object or `dir/`) is built from directory `dir`. */
  private requirementFor(dir: string, name: string, seen: Set<string>): string[][] | undefined {
    const key = `${dir}\u0000${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const alts: string[][] = [];
    for (const a of this.assignments(dir)) {
      if (!a.tokens.includes(name)) continue;
      const lhsSyms = [...a.lhs.matchAll(/CONFIG_([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      if (LIST_PREFIX.test(a.lhs)) {
        alts.push([...lhsSyms, ...a.conds]);
        continue;
      }
      const comp = /^(.+?)-(?:objs|y|m|\$\(.*\))$/.exec(a.lhs);
      if (!comp) continue;
      const parent = this.requirementFor(dir, `${comp[1]}.o`, seen);
      if (parent) for (const p of parent) alts.push([...p, ...lhsSyms, ...a.conds]);
      else alts.push([...lhsSyms, ...a.conds]);
    }
    return alts.length > 0 ? alts : undefined;
  }

  private assignments(dir: string): Assignment[] {
    const hit = this.cache.get(dir);
    if (hit) return hit;
    const out: Assignment[] = [];
    for (const f of BUILD_FILES) {
      const p = path.join(this.tree, dir, f);
      if (existsSync(p)) out.push(...parseKbuild(readFileSync(p, 'utf8')));
    }
    this.cache.set(dir, out);
    return out;
  }
}

/** Assignments of a Kbuild file with the CONFIG symbols of the positive if-blocks around them. */
export function parseKbuild(text: string): Assignment[] {
  const out: Assignment[] = [];
  const stack: string[][] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (!line) continue;
    const cond = /^(else\s+)?(ifdef|ifndef|ifeq|ifneq)\b\s*(.*)$/.exec(line);
    if (cond) {
      const syms = positiveCondition(cond[2]!, cond[3]!);
      if (cond[1]) stack[stack.length - 1] = syms;
      else stack.push(syms);
      continue;
    }
    if (line === 'else') {
      if (stack.length) stack[stack.length - 1] = [];
      continue;
    }
    if (line === 'endif') {
      stack.pop();
      continue;
    }
    const m = /^([^=\s][^=]*?)\s*(\+=|:=|\?=|=)\s*(.*)$/.exec(line);
    if (!m || /^(define|export|override)\b/.test(m[1]!)) continue;
    out.push({ lhs: m[1]!.trim(), tokens: m[3]!.split(/\s+/).filter(Boolean), conds: stack.flat() });
  }
  return out;
}

function positiveCondition(kind: string, rest: string): string[] {
  const syms = [...rest.matchAll(/CONFIG_([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  if (kind === 'ifdef') return syms;
  if (kind === 'ifndef') return [];
  const args = /^\(\s*(.*?)\s*,\s*(.*?)\s*\)$/.exec(rest.trim()) ?? /^"(.*)"\s+"(.*)"$/.exec(rest.trim());
  if (!args || syms.length !== 1) return [];
  const other = (args[2]!.includes('CONFIG_') ? args[1]! : args[2]!).replace(/["']/g, '');
  if (kind === 'ifeq' && (other === 'y' || other === 'm')) return syms;
  if (kind === 'ifneq' && (other === '' || other === 'n')) return syms;
  return [];
}

export type KernelConfig = ReadonlyMap<string, string>;

export function parseDotConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^CONFIG_([A-Za-z0-9_]+)=(.*)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

export interface GateVerdict {
  readonly enabled: boolean;
  /** For each unmet requirement, the symbols of its closest alternative that are not set. */
  readonly missing: readonly string[];
}

export function evaluateGates(gates: ObjectGates, config: KernelConfig): GateVerdict {
  const on = (s: string) => {
    const v = config.get(s);
    return v !== undefined && v !== 'n';
  };
  const missing: string[] = [];
  for (const r of gates.requirements) {
    if (r.alternatives.some((alt) => alt.every(on))) continue;
    const best = [...r.alternatives].sort((a, b) => a.filter((s) => !on(s)).length - b.filter((s) => !on(s)).length)[0] ?? [];
    missing.push(...best.filter((s) => !on(s)));
  }
  return { enabled: missing.length === 0, missing: [...new Set(missing)] };
}

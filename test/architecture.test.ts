/**
 * The dependency direction of STYLE.md section 2, checked rather than
 * remembered: no unit imports a later one (type imports included: a type
 * import is a dependency of the design even when the build erases it);
 * rules import only core, analyze, edit and shared rule helpers; only
 * src/engine/parse loads tree-sitter; only src/cli uses chalk or commander;
 * nothing imports cli.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/corpus.js';

const SRC = path.join(REPO_ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file names: static imports and re-exports (type-only ones too) and dynamic import(). */
export function imports(text: string): string[] {
  const from = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
  const bare = [...text.matchAll(/^import\s+'([^']+)'/gm)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...from, ...bare, ...dynamic].filter((s) => !s.startsWith('node:'));
}

/** Modules a file loads at run time (type-only imports are erased): for the native binding and the CLI-only packages. */
function runtimeImports(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

/**
 * The order of the units: a unit may import its own files and units of a
 * lower rank only. The engine's stages in pipeline order; `edit` (edits
 * from nodes) and `ledger` (sites' fates) sit below `plan` so rules and plan
 * can use them; rules and the behaviour model below the pipeline that runs
 * them; delivery and validation above the engine; cli on top.
 */
export const RANK: Readonly<Record<string, number>> = {
  core: 0,
  'engine/discover': 1,
  'engine/prefilter': 2,
  'engine/parse': 3,
  'engine/match': 4,
  'engine/analyze': 5,
  'engine/edit': 6,
  'engine/ledger': 7,
  'engine/plan': 8,
  'engine/apply': 9,
  rules: 10,
  verify: 10,
  'engine/cache': 10.5,
  'engine/pipeline': 11,
  'deliver/git': 12,
  'deliver/maintainers': 12,
  'deliver/output': 13,
  'deliver/check': 14,
  'deliver/series': 14,
  'deliver/hook': 14,
  'validate/kbuild': 12,
  'validate/kernel-source': 13,
  'validate/compile': 13,
  'validate/boot': 13,
  cli: 20,
};

/** The groups of src/ whose sub-folders are the units (engine/parse, deliver/series, validate/boot). */
const GROUPS = new Set(['engine', 'deliver', 'validate']);

/** A file's unit: `cli`, `core`, `rules`, `verify`, or a group's sub-folder such as `engine/parse`. */
function unitOf(absPath: string): string {
  const parts = path.relative(SRC, absPath).split(path.sep);
  return GROUPS.has(parts[0]!) && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function topFolder(file: string, spec: string): string {
  return spec.startsWith('.') ? unitOf(path.resolve(path.dirname(file), spec)) : `pkg:${spec}`;
}

const all = files(SRC).map((f) => ({ file: f, folder: unitOf(f), deps: imports(readFileSync(f, 'utf8')) }));

describe('architecture', () => {
  it('reads every kind of import, type-only ones included', () => {
    const text = "import type { A } from './a.js';\nimport { b, type C } from '../b.js';\nexport type { D } from './d.js';\nexport * from './e.js';\nimport './f.js';\nconst g = await import('./g.js');\nimport x from 'node:fs';\n";
    expect(imports(text)).toEqual(['./a.js', '../b.js', './d.js', './e.js', './f.js', './g.js']);
  });
  it('every unit has a rank', () => {
    for (const { file, folder } of all) expect(RANK[folder], `${file}: unit ${folder}`).toBeTypeOf('number');
  });
  it('no unit imports a later one (type imports included)', () => {
    const wrong: string[] = [];
    for (const { file, folder, deps } of all) {
      for (const d of deps.filter((x) => x.startsWith('.'))) {
        const target = topFolder(file, d);
        if (target !== folder && !(RANK[target]! < RANK[folder]!)) wrong.push(`${path.relative(SRC, file)} (${folder}) → ${d} (${target})`);
      }
    }
    expect(wrong).toEqual([]);
  });
  it('only src/engine/parse loads tree-sitter (core/syntax.ts names its types only); only src/cli imports chalk or commander', () => {
    for (const { file, folder } of all) {
      for (const d of runtimeImports(readFileSync(file, 'utf8'))) {
        if (d.startsWith('tree-sitter')) expect(folder, file).toBe('engine/parse');
        if (d === 'chalk' || d === 'commander') expect(folder, file).toBe('cli');
      }
    }
  });
  it('core imports nothing of ours but core; nothing imports cli', () => {
    for (const { file, folder, deps } of all) {
      for (const d of deps.filter((x) => x.startsWith('.'))) {
        const target = topFolder(file, d);
        if (folder === 'core') expect(target, `${file} → ${d}`).toBe('core');
        if (folder !== 'cli') expect(target, `${file} → ${d}`).not.toBe('cli');
      }
    }
  });
  it('rules import only core, analyze, edit and each other\'s shared helpers', () => {
    for (const { file, folder, deps } of all) {
      if (folder !== 'rules') continue;
      for (const d of deps.filter((x) => x.startsWith('.'))) {
        expect(['core', 'engine/analyze', 'engine/edit', 'rules'], `${file} → ${d}`).toContain(topFolder(file, d));
      }
    }
  });
  it('only src/cli touches process exit state or the console', () => {
    for (const { file, folder } of all) {
      if (folder === 'cli') continue;
      const text = readFileSync(file, 'utf8');
      expect(/process\.exit|console\.|process\.(?:stdout|stderr)/.test(text), file).toBe(false);
    }
  });
});

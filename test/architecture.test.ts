/**
 * The dependency direction of STYLE.md section 2, checked rather than
 * remembered: cli → pipeline → stages → core; rules import only core,
 * analyze, edit and shared rule helpers; only src/engine/parse loads tree-sitter;
 * only src/cli uses chalk or commander; nothing imports cli.
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

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Type-only imports are erased at build time and do not create a runtime dependency.
  return [...text.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!).filter((s) => !s.startsWith('node:'));
}

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

const all = files(SRC).map((f) => ({ file: f, folder: unitOf(f), deps: imports(f) }));

describe('architecture', () => {
  it('only src/engine/parse imports tree-sitter; only src/cli imports chalk or commander', () => {
    for (const { file, folder, deps } of all) {
      for (const d of deps) {
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

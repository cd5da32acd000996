/**
 * Start-up stays cheap: the modules loaded before a command's action runs
 * (its static, non-type imports, followed from src/cli/index.ts) include no
 * part of the engine that parses, matches or verifies, so `--version`,
 * `--help` and a usage error do not load tree-sitter, the rules or the model;
 * and `check` loads the pipeline only when a changed line names an API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/corpus.js';

const SRC = path.join(REPO_ROOT, 'src');

/** The relative modules a file loads when it is imported: static imports and re-exports that are not type-only. */
function staticRuntimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'/gm), ...text.matchAll(/^import\s+'([^']+)'/gm)]
    .map((m) => m[1]!)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every src/ module loaded, transitively, by importing `entry` (paths relative to src/). */
function loadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [path.join(SRC, entry)];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...staticRuntimeImports(f));
  }
  return new Set([...seen].map((f) => path.relative(SRC, f)));
}

const under = (loaded: Set<string>, dir: string) => [...loaded].filter((f) => f.startsWith(`${dir}/`));

describe('lazy loading', () => {
  it('the CLI entry loads no engine stage, rule or model: each command is imported by its action', () => {
    const loaded = loadedBy('cli/index.ts');
    expect(loaded.has('cli/program.ts')).toBe(true);
    for (const dir of ['engine/parse', 'engine/match', 'engine/plan', 'engine/pipeline', 'rules', 'verify', 'deliver/check', 'deliver/series']) {
      expect(under(loaded, dir), `${dir} is loaded at start-up`).toEqual([]);
    }
  });

  it('check loads neither the parser nor the pipeline until a file needs them', () => {
    const loaded = loadedBy('cli/commands/check.ts');
    expect(loaded.has('deliver/check/check-changes.ts')).toBe(true);
    expect(under(loaded, 'engine/parse')).toEqual([]);
    expect(under(loaded, 'verify')).toEqual([]);
    expect([...loaded].filter((f) => f.startsWith('engine/pipeline/') && f !== 'engine/pipeline/read-source.ts')).toEqual([]);
  });
});

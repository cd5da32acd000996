/** Checks both whole-tree tests make: grep's count of each API name, and rewritten files that parse worse. */
import { execFileSync } from 'node:child_process';
import type { FileOutcome } from '../../src/core/outcome.js';
import { countErrorNodes, createCParser } from '../../src/engine/parse/index.js';

/** What `grep -rwo` finds of each API name in a tree's .c/.h files: the count the accounting must match. */
export function grepCounts(dir: string, apis: readonly string[]): Record<string, number> {
  const args = ['-rwoh', '--include=*.c', '--include=*.h', ...apis.flatMap((a) => ['-e', a]), '.'];
  const out = execFileSync('grep', args, { cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 256 << 20 });
  const counts: Record<string, number> = {};
  for (const w of out.split('\n').filter(Boolean)) counts[w] = (counts[w] ?? 0) + 1;
  return counts;
}

/** Rewritten files with more ERROR or MISSING nodes than before, as `path: before -> after`. */
export function parsesWorse(files: readonly FileOutcome[]): string[] {
  const parser = createCParser();
  const worse: string[] = [];
  for (const f of files) {
    if (f.output === undefined || f.original === undefined) continue;
    const before = countErrorNodes(parser.parseNormalised(f.original).rootNode);
    const after = countErrorNodes(parser.parseNormalised(f.output).rootNode);
    if (after > before) worse.push(`${f.path}: ${before} -> ${after}`);
  }
  return worse;
}

/**
 * Maps and unmaps of one DMA handle on different APIs: the findings of the
 * whole run grouped by the handle keys they carry (a local, a field of the
 * directory), and every group holding both a converted site and one left on
 * the page API, as `file:line api status reason` lists.
 */
export function splitPartners(files: readonly FileOutcome[]): string[][] {
  const byKey = new Map<string, string[]>();
  const label = new Map<string, { convert: boolean }>();
  for (const f of files) {
    for (const x of f.findings) {
      if (!x.handle) continue;
      const id = `${f.path}:${x.line} ${x.api} ${x.status} ${x.reason}`;
      label.set(id, { convert: x.status === 'convert' });
      for (const k of x.handle.keys) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(id);
    }
  }
  // Connected components over shared keys.
  const seen = new Set<string>();
  const keysOf = new Map<string, string[]>();
  for (const [k, ids] of byKey) for (const id of ids) (keysOf.get(id) ?? keysOf.set(id, []).get(id)!).push(k);
  const split: string[][] = [];
  for (const start of label.keys()) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const todo = [start];
    seen.add(start);
    while (todo.length > 0) {
      const id = todo.pop()!;
      group.push(id);
      for (const k of keysOf.get(id) ?? []) for (const other of byKey.get(k)!) if (!seen.has(other)) (seen.add(other), todo.push(other));
    }
    const converted = group.filter((id) => label.get(id)!.convert).length;
    if (converted > 0 && converted < group.length) split.push(group.sort());
  }
  return split;
}

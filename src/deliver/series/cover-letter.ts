/** The cover letter's subject and blurb (git adds the shortlog, diffstat and base-commit below it). */
import type { Rule } from '../../core/rule.js';
import { wrap } from './commit-message.js';

export interface CoverPatch {
  readonly subject: string;
  readonly files: number;
  readonly sites: number;
  readonly to: number;
  readonly cc: number;
}

export interface CoverInput {
  readonly rules: readonly Rule[];
  readonly patches: readonly CoverPatch[];
  /** Prefixes of the patches, to find the one they share. */
  readonly prefixes: readonly string[];
  readonly groupBy: 'dir' | 'maintainers';
  readonly toolLine: string;
  /** Sites left for review in the processed paths, by reason. */
  readonly left: Readonly<Record<string, number>>;
  readonly target: string;
  readonly checkpatch?: string;
  /** Said when --allow-unbuildable wrote patches the base tree cannot build. */
  readonly unbuildable?: string;
}

/** The leading "a: b:" components all prefixes share. */
export function sharedPrefix(prefixes: readonly string[]): string | undefined {
  if (prefixes.length === 0) return undefined;
  const split = prefixes.map((p) => p.split(': ').map((s) => s.replace(/:$/, '')));
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const c = split[0]![i];
    if (c === undefined || !split.every((s) => s[i] === c)) break;
    out.push(c);
  }
  return out.length > 0 ? `${out.join(': ')}:` : undefined;
}

export function coverSubject(input: CoverInput): string {
  const summaries = [...new Set(input.rules.map((r) => r.meta.patchSubject ?? `Apply ${r.meta.id}`))];
  const what = summaries.length === 1 ? summaries[0]! : 'Convert to the phys-based DMA and kmap_local APIs';
  const prefix = sharedPrefix(input.prefixes);
  return prefix ? `${prefix} ${what}` : what;
}

export function coverBlurb(input: CoverInput): string {
  const paras: string[][] = [];
  for (const r of input.rules) paras.push(wrap(r.meta.rationale));
  paras.push(
    wrap(
      `Each patch converts one ${input.groupBy === 'dir' ? 'driver directory' : 'MAINTAINERS section'} and goes to its maintainers only; ` +
        'its commit message says why the rewrite is safe there. The patches are independent of each other in meaning, ' +
        'but are ordered so that each applies on the previous one.',
    ),
  );
  const n = input.patches.length;
  const w = String(n).length;
  const list = input.patches.map((p, i) => {
    const sites = `${p.files} file${p.files === 1 ? '' : 's'}, ${p.sites} site${p.sites === 1 ? '' : 's'}, ${p.to} To/${p.cc} Cc`;
    return [`  ${String(i + 1).padStart(w)}/${n} ${p.subject}`, `  ${' '.repeat(2 * w + 2)}(${sites})`].join('\n');
  });
  paras.push(['Patches:', ...list]);
  const left = Object.entries(input.left).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (left.length > 0) {
    const total = left.reduce((s, [, v]) => s + v, 0);
    paras.push(wrap(`Not in this series: ${total} site${total === 1 ? '' : 's'} in the same paths left for a human (${left.map(([k, v]) => `${k} ${v}`).join(', ')}).`));
  }
  if (input.unbuildable) paras.push(wrap(input.unbuildable));
  if (input.checkpatch) paras.push(wrap(input.checkpatch));
  paras.push(wrap(`${input.toolLine} Target: ${input.target}.`));
  return paras.map((p) => p.join('\n')).join('\n\n');
}

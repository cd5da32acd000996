/** `scan --stats`: the accounting table and parse health. */
import type { ChalkInstance } from 'chalk';
import { classifiedCount, type Accounting, type ApiAccount } from '../../engine/pipeline/index.js';

const COLUMNS: readonly [string, (a: ApiAccount) => number][] = [
  ['grep -w', (a) => a.grep],
  ['convert', (a) => a.convert],
  ['review', (a) => sum(a.review)],
  ['skip', (a) => sum(a.skip)],
  ['not-a-call', (a) => sum(a.notACall)],
  ['macro-body', (a) => a.insideMacroBody],
  ['parse-error', (a) => a.parseError],
  ['unprocessed', (a) => a.unprocessed],
];

function sum(r: Record<string, number>): number {
  return Object.values(r).reduce((x, y) => x + y, 0);
}

function breakdown(r: Record<string, number>): string {
  return Object.entries(r)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function percent(n: number, of: number): string {
  return `${n} (${of === 0 ? '100.0' : ((100 * n) / of).toFixed(1)}%)`;
}

export function renderStats(acc: Accounting, style: ChalkInstance, mode: 'scan' | 'rewrite'): string {
  const apis = Object.keys(acc.byApi).sort();
  const w = Math.max(5, ...apis.map((a) => a.length));
  const header = COLUMNS.map(([name]) => (name === 'convert' && mode === 'scan' ? 'convertible' : name));
  const widths = header.map((h) => Math.max(h.length, 6));
  const row = (name: string, a: ApiAccount) => `${name.padEnd(w)}  ${COLUMNS.map(([, get], i) => String(get(a)).padStart(widths[i]!)).join('  ')}`;
  const out: string[] = [];
  out.push(style.bold('every whole-word occurrence of the API names in .c/.h files (what LC_ALL=C grep -rwo finds), classified once'));
  out.push(style.bold(`${'api'.padEnd(w)}  ${header.map((h, i) => h.padStart(widths[i]!)).join('  ')}`));
  for (const api of apis) out.push(row(api, acc.byApi[api]!));
  out.push(style.bold(row('total', acc.total)));
  const classified = classifiedCount(acc.total);
  const line = `accounted for: ${classified} of ${acc.total.grep} occurrences`;
  out.push(acc.mismatches.length === 0 && classified === acc.total.grep ? style.green(line) : style.red(`${line} — MISMATCH in ${acc.mismatches.length} file/API pairs (a bug)`));
  if (sum(acc.total.review) > 0) out.push(`review, by reason: ${breakdown(acc.total.review)}`);
  if (sum(acc.total.skip) > 0) out.push(`skip, by reason: ${breakdown(acc.total.skip)}`);
  if (sum(acc.total.notACall) > 0) out.push(`not a call, by kind: ${breakdown(acc.total.notACall)}`);
  const h = acc.health;
  out.push('');
  out.push(style.bold(`parse health: ${h.files} files holding an API name, ${h.sites} sites (calls and uses as a value)`));
  const c1 = 'before normalisation';
  out.push(`${''.padEnd(32)}  ${c1}  after`);
  out.push(`${'files without ERROR nodes'.padEnd(32)}  ${percent(h.errorFreeBefore, h.files).padEnd(c1.length)}  ${percent(h.errorFree, h.files)}`);
  out.push(`${'sites in error-free functions'.padEnd(32)}  ${percent(h.cleanSitesBefore, h.sites).padEnd(c1.length)}  ${percent(h.cleanSites, h.sites)}`);
  return out.join('\n') + '\n';
}

/** The loud report of accounting mismatches (stderr). */
export function renderMismatches(acc: Accounting): string {
  if (acc.mismatches.length === 0) return '';
  const lines = acc.mismatches.slice(0, 50).map((m) => `  ${m.path}: ${m.api}: ${m.grep} in the bytes, ${m.classified} classified`);
  const more = acc.mismatches.length > 50 ? [`  ... and ${acc.mismatches.length - 50} more`] : [];
  return `dma-migrate: internal error: occurrences not accounted for (please report):\n${[...lines, ...more].join('\n')}\n`;
}

/** Human-readable listing of findings and the summary table. */
import type { ChalkInstance } from 'chalk';
import type { FileOutcome } from '../../core/outcome.js';
import type { SiteStatus } from '../../core/types.js';
import type { RunResult } from '../../engine/pipeline/index.js';

/** Sites (or diagnostics) saying the same thing this many times or more are printed once, with a count. */
export const COLLAPSE_AT = 3;

/**
 * One line per site (and per to-do and diagnostic). With `collapse`, sites
 * left alone for one and the same rule, reason and message COLLAPSE_AT times
 * or more (the 60 "pass --target-version" lines of a tree without the API)
 * are one line with their count and first place, and so are repeated
 * diagnostics.
 */
export function renderFindings(files: readonly FileOutcome[], style: ChalkInstance, showConverted = true, collapse = false): string {
  const statusStyle: Record<SiteStatus, (s: string) => string> = { convert: style.green, review: style.yellow, skip: style.gray };
  const keyOf = (f: FileOutcome['findings'][number]) => `${f.status}\0${f.ruleId}\0${f.reason}\0${f.message}`;
  const counts = new Map<string, number>();
  if (collapse) for (const file of files) for (const f of file.findings) if (f.status !== 'convert') counts.set(keyOf(f), (counts.get(keyOf(f)) ?? 0) + 1);
  const lines: string[] = [];
  const printed = new Set<string>();
  for (const file of files) {
    for (const f of file.findings) {
      if (!showConverted && f.status === 'convert') continue;
      const key = keyOf(f);
      const n = counts.get(key) ?? 0;
      if (n >= COLLAPSE_AT) {
        if (printed.has(key)) continue;
        printed.add(key);
        lines.push(`${style.bold(`${n} sites`)} (first ${file.path}:${f.line}:${f.column}): ${statusStyle[f.status](f.status)} (${f.ruleId}: ${f.reason}) ${f.message}`);
        continue;
      }
      const verdict = f.verdict ? ` [${f.verdict}]` : '';
      lines.push(`${style.bold(`${file.path}:${f.line}:${f.column}`)}: ${statusStyle[f.status](f.status)} ${f.api} (${f.ruleId}: ${f.reason})${verdict}${f.status === 'convert' ? '' : ` ${f.message}`}`);
    }
  }
  return finish(lines, files, style, collapse);
}

/** Add the to-dos and diagnostics (repeated diagnostics collapsed when `collapse`). */
function finish(lines: string[], files: readonly FileOutcome[], style: ChalkInstance, collapse = false): string {
  // Converted, but with something for the author to check (a comment naming the old API): once per function.
  for (const file of files) {
    const seen = new Set<string>();
    for (const f of file.findings) {
      for (const t of f.status === 'convert' ? (f.todo ?? []) : []) {
        if (seen.has(t)) continue;
        seen.add(t);
        lines.push(`${style.bold(`${file.path}:${f.line}:${f.column}`)}: ${style.cyan('to check')} ${t}`);
      }
    }
  }
  const diags = files.flatMap((file) => file.diagnostics);
  const counts = new Map<string, number>();
  for (const d of diags) counts.set(`${d.severity}\0${d.code}\0${d.message}`, (counts.get(`${d.severity}\0${d.code}\0${d.message}`) ?? 0) + 1);
  const done = new Set<string>();
  for (const d of diags) {
    const key = `${d.severity}\0${d.code}\0${d.message}`;
    const sev = d.severity === 'error' ? style.red(d.severity) : style.yellow(d.severity);
    const n = counts.get(key)!;
    if (collapse && n >= COLLAPSE_AT) {
      if (done.has(key)) continue;
      done.add(key);
      lines.push(`${style.bold(`${n} files`)} (first ${d.path}): ${sev} ${d.code}: ${d.message}`);
      continue;
    }
    lines.push(`${style.bold(d.path)}: ${sev} ${d.code}: ${d.message}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

export function renderSummary(result: RunResult, style: ChalkInstance, mode: 'scan' | 'rewrite', wrote: boolean): string {
  const s = result.summary;
  const ids = Object.keys(s.byRule);
  const w = Math.max(4, ...ids.map((i) => i.length));
  const out: string[] = [];
  const verb = mode === 'scan' ? 'convertible' : wrote ? 'converted' : 'convert';
  out.push(style.bold(`${pad('rule', w)}  ${pad(verb, 11, true)}  ${pad('review', 6, true)}  ${pad('skip', 4, true)}`));
  for (const id of ids) {
    const r = s.byRule[id]!;
    out.push(`${pad(id, w)}  ${pad(String(r.convert), 11, true)}  ${pad(String(r.review), 6, true)}  ${pad(String(r.skip), 4, true)}`);
  }
  out.push(`${pad('total', w)}  ${pad(String(s.convert), 11, true)}  ${pad(String(s.review), 6, true)}  ${pad(String(s.skip), 4, true)}`);
  const reasons: Record<string, number> = {};
  for (const r of Object.values(s.byRule)) for (const [k, v] of Object.entries(r.reasons)) reasons[k] = (reasons[k] ?? 0) + v;
  const reasonText = Object.entries(reasons)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  if (reasonText) out.push(`not converted, by reason: ${reasonText}`);
  const verdicts: Record<string, number> = {};
  for (const r of Object.values(s.byRule)) for (const [k, v] of Object.entries(r.verdicts ?? {})) verdicts[k] = (verdicts[k] ?? 0) + v;
  const verdictText = ['auto', 'auto-with-note', 'review'].filter((k) => verdicts[k]).map((k) => `${k} ${verdicts[k]}`).join(', ');
  if (verdictText) out.push(`kmap verdicts: ${verdictText}`);
  const m = s.model;
  if (m.fixes.accepted + m.fixes.rejected + m.fixes.unjudged + m.fixes.partner > 0) {
    const by = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ${v}`).join(', ');
    const rejected = m.fixes.rejected > 0 ? style.red(`${m.fixes.rejected} rejected`) + ` (${by(m.rejectedByReason)})` : '0 rejected';
    const unjudged = m.fixes.unjudged > 0 ? style.yellow(`${m.fixes.unjudged} not judged`) + ` (${by(m.unjudgedByReason)})` : '0 not judged';
    const partner = m.fixes.partner > 0 ? `, ${m.fixes.partner} withdrawn with a rejected partner` : '';
    out.push(`behaviour model: ${m.fixes.accepted} rewrites accepted, ${rejected}, ${unjudged}${partner}; functions ${m.functions.accepted} accepted, ${m.functions.rejected} rejected, ${m.functions.unjudged} not judged`);
  }
  out.push(
    `files: ${s.filesScanned} scanned, ${s.candidateFiles} mention the APIs, ${wrote ? result.written.length : s.filesChanged} ${wrote ? 'rewritten' : mode === 'rewrite' ? 'to change' : 'would change'}` +
      (s.diagnostics.errors + s.diagnostics.warnings > 0 ? `; ${s.diagnostics.errors} error${s.diagnostics.errors === 1 ? '' : 's'}, ${s.diagnostics.warnings} warning${s.diagnostics.warnings === 1 ? '' : 's'}` : ''),
  );
  out.push(`target: ${result.targetDescription}; paths relative to ${result.root}`);
  return out.join('\n') + '\n';
}

/** Diagnostics that belong to no processed file (discovery: unreadable paths, symlinks; --write failures), one line each. */
export function renderRunDiagnostics(result: RunResult, style: ChalkInstance): string {
  const ofFiles = new Set(result.files.flatMap((f) => f.diagnostics));
  const lines = result.diagnostics
    // What discovery left out on purpose (--exclude, .gitignore) is a note of its own.
    .filter((d) => !ofFiles.has(d) && d.code !== 'excluded' && d.code !== 'gitignored')
    .map((d) => `${style.bold(d.path)}: ${d.severity === 'error' ? style.red(d.severity) : style.yellow(d.severity)} ${d.code}: ${d.message}`);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

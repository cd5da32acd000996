/** Human-readable `check` output: compiler-style lines, the suggested rewrite, one summary line. */
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../../deliver/check/check-changes.js';

/** Findings per chunk: a change with 100,000 findings is printed without building one string of all of them. */
const CHUNK_FINDINGS = 1000;

/** The text, in chunks to write one after another. */
export function* renderCheckChunks(result: CheckResult, style: ChalkInstance): Generator<string> {
  let out: string[] = [];
  const levelStyle = { error: style.red, warning: style.yellow, note: style.cyan };
  for (const [i, f] of result.findings.entries()) {
    if (i > 0 && i % CHUNK_FINDINGS === 0) {
      yield out.join('\n') + '\n';
      out = [];
    }
    out.push(`${style.bold(`${f.path}:${f.line}:${f.column}`)}: ${levelStyle[f.level](f.level)}: ${f.message} ${style.gray(`[${f.ruleId}: ${f.reason}]`)}`);
    if (f.suggestion) {
      for (const l of f.suggestion.removed) out.push(style.red(`    - ${l}`));
      for (const l of f.suggestion.added) out.push(style.green(`    + ${l}`));
    }
    if (f.trace && f.trace.length > 0) out.push(style.gray(`    path: lines ${f.trace.join(' → ')}`));
  }
  for (const n of result.notes) out.push(style.gray(`note: ${n}`));
  for (const d of result.diagnostics) out.push(`${style.bold(d.path)}: ${d.severity} ${d.code}: ${d.message}`);
  const failing = result.findings.filter((f) => f.level !== 'note').length;
  const auto = result.findings.filter((f) => f.autoConvert).length;
  const skipped = result.skipped.filter((s) => s.why === 'binary').length;
  out.push(
    (failing > 0 ? style.yellow : style.green)(
      `check: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} on added lines (${failing} failing, ${auto} auto-convertible) in ${result.filesChecked} changed C file${result.filesChecked === 1 ? '' : 's'}` +
        (result.stopped ? ` (${result.stopped.filesNotJudged} not judged: --max-findings ${result.stopped.limit})` : '') +
        (skipped > 0 ? `; ${skipped} binary file${skipped === 1 ? '' : 's'} skipped` : ''),
    ) + style.gray(`; target: ${result.target}`),
  );
  yield out.join('\n') + '\n';
}

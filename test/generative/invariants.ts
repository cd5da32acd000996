/**
 * The engine's invariants on one C file, checked through the same harness
 * as the corpus (a scratch directory, every rule, the behaviour model on):
 *
 * 1. no internal error (no error diagnostic, no exception);
 * 2. the output re-parses with no more ERROR/MISSING nodes than the input,
 *    and a CRLF file keeps CRLF line endings;
 * 3. bytes outside the edits are unchanged: every changed stretch lies in a
 *    function (or #define) holding a converted site;
 * 4. a second run changes nothing;
 * 5. every site (whole-word API identifier) has exactly one finding, with a
 *    status and a reason;
 * 6. the behaviour model accepts every conversion (none withdrawn as
 *    `model-rejected`), and every reason is one the rule or the engine
 *    documents (what test/rules-inventory.test.ts holds the READMEs to).
 *
 * Returns the violations (empty when all hold).
 */
import { diffLines } from 'diff';
import { createCParser, countErrorNodes } from '../../src/engine/parse/index.js';
import { ENGINE_REASONS } from '../../src/engine/ledger/index.js';
import { RULES } from '../../src/rules/index.js';
import type { SyntaxNode } from '../../src/core/syntax.js';
import type { FileOutcome } from '../../src/core/outcome.js';
import { runOnText } from '../harness/run-case.js';

const parser = createCParser();
const API_WORDS = new Map<string, string[]>();
for (const r of RULES) for (const api of r.meta.apis) API_WORDS.set(api, [...(API_WORDS.get(api) ?? []), r.meta.id]);
const API_RE = new RegExp(`\\b(?:${[...API_WORDS.keys()].join('|')})\\b`, 'g');

/** Reasons a rule may report: its own documented ones and the engine's. */
export function documentedReason(ruleId: string, reason: string): boolean {
  const rule = RULES.find((r) => r.meta.id === ruleId);
  return reason in ENGINE_REASONS || (!!rule && reason in rule.meta.reasons);
}

/** Whole-word occurrences of the API names that are code (not in comments or strings). */
export function apiSites(text: string): number[] {
  const tree = parser.parse(text);
  const out: number[] = [];
  for (const m of text.matchAll(API_RE)) {
    const node = tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
    if (inside(node, (n) => n.type === 'comment' || n.type === 'string_literal' || n.type === 'system_lib_string')) continue;
    out.push(m.index);
  }
  return out;
}

function inside(node: SyntaxNode | null, pred: (n: SyntaxNode) => boolean): boolean {
  for (let n = node; n; n = n.parent) if (pred(n)) return true;
  return false;
}

/** The function definitions and #defines of the file (where edits may land). */
function editableUnits(text: string): SyntaxNode[] {
  const root = parser.parse(text).rootNode;
  return [...root.descendantsOfType('function_definition'), ...root.descendantsOfType('preproc_function_def'), ...root.descendantsOfType('preproc_def')];
}

/** Under `--policy all`, so the DMA rules' rewrites are exercised too (the upstream policy only adds skips, checked on the whole trees). */
export async function checkInvariants(text: string): Promise<string[]> {
  const problems: string[] = [];
  let first;
  try {
    first = await runOnText(text, [], { policy: 'all' });
  } catch (err) {
    return [`the run threw: ${(err as Error).stack ?? String(err)}`];
  }
  const errors = first.result.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) problems.push(`error diagnostic ${d.code}: ${d.message.split('\n').slice(0, 3).join(' | ')}`);
  if (problems.length > 0) return problems;
  const output = first.output;
  const file: FileOutcome | undefined = first.file;

  // 2. re-parse
  const before = countErrorNodes(parser.parse(text).rootNode);
  const after = countErrorNodes(parser.parse(output).rootNode);
  if (after > before) problems.push(`the output has ${after} ERROR/MISSING nodes, the input ${before}`);

  // Line endings kept: a CRLF file gets no bare LF.
  if (/\r\n/.test(text) && !/(^|[^\r])\n/.test(text) && /(^|[^\r])\n/.test(output)) problems.push('a CRLF file gained a bare LF line ending');

  // 5. one finding per site, each with a status and a documented reason
  const findings = file?.findings ?? [];
  const sites = apiSites(text);
  const found = new Map<number, number>();
  for (const f of findings) found.set(f.range.start, (found.get(f.range.start) ?? 0) + 1);
  for (const at of sites) {
    const n = found.get(at) ?? 0;
    if (n !== 1) problems.push(`site ${text.slice(at, at + 20).split('(')[0]} at offset ${at} (line ${lineOf(text, at)}) has ${n} findings`);
  }
  for (const f of findings) {
    if (!sites.includes(f.range.start)) problems.push(`finding ${f.api} ${f.status} ${f.reason} at line ${f.line} is not at a site`);
    if (!['convert', 'review', 'skip'].includes(f.status) || !f.reason) problems.push(`${f.api} at line ${f.line}: status ${f.status}, reason ${f.reason}`);
    else if (!documentedReason(f.ruleId, f.reason)) problems.push(`${f.api} at line ${f.line}: ${f.status} reason \`${f.reason}\` is not documented by ${f.ruleId}`);
    if (f.reason === 'model-rejected') problems.push(`${f.api} at line ${f.line}: the behaviour model rejected the conversion: ${f.message.split('\n')[0]}`);
  }
  if ((file?.model?.fixes.rejected ?? 0) > 0) {
    problems.push(`the behaviour model rejected ${file!.model!.fixes.rejected} rewrite(s): ${file!.model!.problems.map((p) => `${p.function}: ${p.reason}`).join('; ')}`);
  }

  // 3. bytes outside the edits unchanged
  if (output !== text) {
    const converted = findings.filter((f) => f.status === 'convert');
    const units = editableUnits(text).filter((u) => converted.some((f) => u.startIndex <= f.range.start && f.range.end <= u.endIndex));
    let offset = 0;
    for (const part of diffLines(text, output)) {
      if (part.added || part.removed) {
        const start = offset;
        const end = part.removed ? offset + part.value.length : offset;
        if (!units.some((u) => u.startIndex <= start && end <= u.endIndex + 1)) problems.push(`a change at line ${lineOf(text, start)} lies outside every function with a converted site: ${JSON.stringify(part.value.slice(0, 80))}`);
      }
      if (!part.added) offset += part.value.length;
    }
    if (!converted.length) problems.push('the output differs but no site is converted');
  } else if (findings.some((f) => f.status === 'convert')) {
    problems.push('a site is converted but the output is unchanged');
  }

  // 4. fixpoint
  const second = await runOnText(output, [], { policy: 'all' });
  if (second.output !== output) problems.push('a second run changes the output again');
  if (second.result.diagnostics.some((d) => d.severity === 'error')) problems.push('the second run has an error diagnostic');
  return problems;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

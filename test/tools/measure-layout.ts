/**
 * Layout figures of a unified diff against the tree it applies to: added
 * lines past the file's column limit (80 when the file keeps to 80, else
 * 100), past 100, lone-argument lines (a last argument wrapped alone though
 * it fits on the line before, or a short one that could go down with the
 * line before's last argument), arguments wrapped in parentheses the grammar
 * does not need (`f((x))`, `f(a, (b + c))`) that the removed lines did not
 * have, and trailing whitespace. Over-limit lines as wide as a line the
 * same hunk removed are also counted as inherited (the file was over there).
 *
 * Usage: vite-node test/tools/measure-layout.ts -- DIFF TREE [--list]
 * (or import measureDiff). Exits 1 when any figure is not 0.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { endsWithLoneArgument } from '../../src/engine/edit/call-rewrite.js';
import { fileLayout, visualWidth } from '../../src/engine/edit/layout.js';

export interface LayoutIssue {
  readonly kind: 'over-limit' | 'over-limit-inherited' | 'over-100' | 'lone-argument' | 'redundant-parens' | 'trailing-whitespace';
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface LayoutFigures {
  readonly files: number;
  readonly addedLines: number;
  readonly counts: Record<LayoutIssue['kind'], number>;
  readonly issues: LayoutIssue[];
}

interface FileDiff {
  readonly file: string;
  /** Lines of the new file inside hunks, in order, with whether each was added. */
  readonly hunks: { start: number; lines: { text: string; added: boolean; removed: boolean }[] }[];
}

export function parseDiff(diff: string): FileDiff[] {
  const out: FileDiff[] = [];
  let cur: { file: string; hunks: FileDiff['hunks'] } | undefined;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('+++ ')) {
      const name = raw.slice(4).replace(/^b\//, '');
      cur = { file: name, hunks: [] };
      out.push(cur);
      continue;
    }
    if (!cur || raw.startsWith('--- ') || raw.startsWith('diff ') || raw.startsWith('\\')) continue;
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(raw);
    if (h) {
      cur.hunks.push({ start: Number(h[1]), lines: [] });
      continue;
    }
    const hunk = cur.hunks[cur.hunks.length - 1];
    if (!hunk) continue;
    const tag = raw[0];
    const text = raw.slice(1).replace(/\r$/, '');
    if (tag === '+') hunk.lines.push({ text, added: true, removed: false });
    else if (tag === '-') hunk.lines.push({ text, added: false, removed: true });
    else if (tag === ' ' || raw === '') hunk.lines.push({ text, added: false, removed: false });
  }
  return out;
}

/** Whole-argument parenthesised groups on a line: "(x)" right after "(" or ", " and before "," or ")". */
export function redundantParenGroups(line: string): string[] {
  const found: string[] = [];
  const code = stripLiterals(line);
  for (let i = 0; i < code.length; i++) {
    if (code[i] !== '(') continue;
    let p = i - 1;
    while (p >= 0 && (code[p] === ' ' || code[p] === '\t')) p--;
    const before = code[p];
    if (before !== ',' && !(before === '(' && p > 0 && /[\w]/.test(code[p - 1] ?? ''))) continue;
    let depth = 0;
    let j = i;
    let topComma = false;
    for (; j < code.length; j++) {
      if (code[j] === '(') depth++;
      else if (code[j] === ')') {
        depth--;
        if (depth === 0) break;
      } else if (code[j] === ',' && depth === 1) topComma = true;
    }
    if (j >= code.length || topComma) continue;
    let n = j + 1;
    while (n < code.length && (code[n] === ' ' || code[n] === '\t')) n++;
    if (code[n] !== ',' && code[n] !== ')') continue;
    // "(type)x" is a cast, not a group: the group must end the argument, checked above.
    found.push(line.slice(i, j + 1));
  }
  return found;
}

function stripLiterals(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (m) => '_'.repeat(m.length));
}

export function measureDiff(diff: string, tree: string): LayoutFigures {
  const issues: LayoutIssue[] = [];
  let addedLines = 0;
  const files = parseDiff(diff);
  for (const f of files) {
    let original = '';
    try {
      original = readFileSync(path.join(tree, f.file), 'utf8');
    } catch {
      /* a new file: judge by the added text */
    }
    const { limit } = fileLayout(original);
    for (const h of f.hunks) {
      const removed = h.lines.filter((l) => l.removed).map((l) => l.text);
      const oldGroups = new Map<string, number>();
      for (const r of removed) for (const g of redundantParenGroups(r)) oldGroups.set(g, (oldGroups.get(g) ?? 0) + 1);
      let lineNo = h.start;
      let prev: { text: string; added: boolean } | undefined;
      for (const l of h.lines) {
        if (l.removed) continue;
        if (l.added) {
          addedLines++;
          const w = visualWidth(l.text);
          const at = { file: f.file, line: lineNo, text: l.text };
          if (w > limit) issues.push({ kind: 'over-limit', ...at });
          // As wide as a line the hunk removed: the width was the file's before.
          if (w > limit && removed.some((r) => visualWidth(r) >= w)) issues.push({ kind: 'over-limit-inherited', ...at });
          if (w > 100) issues.push({ kind: 'over-100', ...at });
          if (/[ \t]$/.test(l.text)) issues.push({ kind: 'trailing-whitespace', ...at });
          for (const g of redundantParenGroups(l.text)) {
            const left = oldGroups.get(g) ?? 0;
            if (left > 0) oldGroups.set(g, left - 1);
            else issues.push({ kind: 'redundant-parens', ...at, text: `${g}  in  ${l.text.trim()}` });
          }
          if (prev && endsWithLoneArgument(`${prev.text}\n${l.text}`, limit)) issues.push({ kind: 'lone-argument', ...at });
        }
        prev = l;
        lineNo++;
      }
    }
  }
  const counts = { 'over-limit': 0, 'over-limit-inherited': 0, 'over-100': 0, 'lone-argument': 0, 'redundant-parens': 0, 'trailing-whitespace': 0 };
  for (const i of issues) counts[i.kind]++;
  return { files: files.length, addedLines, counts, issues };
}

const isMain = !process.env.VITEST;
if (isMain) {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const list = args.includes('--list');
  const [diffPath, tree] = args.filter((a) => a !== '--list');
  if (!diffPath || !tree) {
    process.stderr.write('usage: measure-layout DIFF TREE [--list]\n');
    process.exit(2);
  }
  const figures = measureDiff(readFileSync(diffPath === '-' ? 0 : diffPath, 'utf8'), tree);
  if (list) for (const i of figures.issues) process.stdout.write(`${i.kind}\t${i.file}:${i.line}\t${i.text}\n`);
  process.stdout.write(`${figures.files} files, ${figures.addedLines} added lines\n`);
  for (const [k, v] of Object.entries(figures.counts)) process.stdout.write(`${k}\t${v}\n`);
  process.exit(Object.entries(figures.counts).some(([k, v]) => k !== 'over-limit-inherited' && v > 0) ? 1 : 0);
}

/**
 * `npm run compare:humans`: how the kmap rules compare with what kernel
 * developers did by hand. Rewrites the kmap sites of an older tree (6.12)
 * with the tool and compares, function by function, with the same function
 * in a newer tree (7.3), where humans either converted it or still use the
 * old API:
 *
 * - converted / same calls: both converted, with the same multiset of new
 *   calls (kmap_local_page(), kunmap_local(), memcpy_from_page(), ...);
 * - converted / different: both converted, with other calls (each is listed:
 *   read them, a difference is not necessarily wrong);
 * - left alone: humans converted, the tool did not (with its reasons);
 * - touched, humans kept: the tool converted, 7.3 still has the old call;
 * - kept by both; gone (the function is not in the newer tree).
 *
 * Usage: npm run compare:humans [-- [--old DIR] [--new DIR] [--list CATEGORY]... [--json FILE] [PATH-IN-TREE...]]
 * The trees default to the cached Debian/kernel.org trees
 * (~/.cache/dma-migrate/src/linux-source-{6.12,7.3}, or DMA_MIGRATE_CACHE).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { parseKernelVersion } from '../../src/core/target.js';
import { functionName } from '../../src/engine/analyze/syntax.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { runMigration } from '../../src/engine/pipeline/index.js';

const OLD_APIS = new Set(['kmap', 'kmap_atomic', 'kmap_atomic_prot', 'kmap_atomic_pfn', 'kunmap', 'kunmap_atomic']);
/** Calls a conversion introduces; their multiset is what "the same conversion" compares. */
const NEW_APIS = new Set([
  'kmap_local_page',
  'kmap_local_page_prot',
  'kmap_local_pfn',
  'kmap_local_folio',
  'kunmap_local',
  'memcpy_from_page',
  'memcpy_to_page',
  'memzero_page',
  'memset_page',
  'memcpy_page',
  'memcpy_from_folio',
  'memcpy_to_folio',
  'clear_highpage',
  'copy_highpage',
  'pagefault_disable',
  'pagefault_enable',
]);

const CATEGORIES = ['same', 'different', 'left-alone', 'touched-kept', 'kept', 'gone'] as const;
type Category = (typeof CATEGORIES)[number];

interface Row {
  readonly file: string;
  readonly fn: string;
  readonly line: number;
  readonly category: Category;
  readonly tool: string;
  readonly human: string;
  readonly reasons: readonly string[];
}

function parseArgs(argv: readonly string[]) {
  const cache = process.env.DMA_MIGRATE_CACHE ?? path.join(homedir(), '.cache', 'dma-migrate');
  let oldTree = path.join(cache, 'src', 'linux-source-6.12');
  let newTree = path.join(cache, 'src', 'linux-source-7.3');
  const list = new Set<string>();
  let json: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--old') oldTree = value();
    else if (a === '--new') newTree = value();
    else if (a === '--list') list.add(value());
    else if (a === '--json') json = value();
    else if (a === '--') continue;
    else paths.push(a);
  }
  return { oldTree, newTree, list, json, paths };
}

interface FnInfo {
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
  readonly old: number;
  readonly calls: readonly string[];
}

const parser = createCParser();

/** Functions by name (repeated names get #2, #3: static functions in #if branches). */
function functionsOf(text: string): Map<string, FnInfo> {
  const tree = parser.parseNormalised(text);
  const out = new Map<string, FnInfo>();
  for (const fn of tree.rootNode.descendantsOfType('function_definition') as SyntaxNode[]) {
    const base = functionName(fn);
    if (!base) continue;
    let name = base;
    for (let k = 2; out.has(name); k++) name = `${base}#${k}`;
    let old = 0;
    const calls: string[] = [];
    for (const c of fn.descendantsOfType('call_expression') as SyntaxNode[]) {
      const callee = c.childForFieldName('function');
      if (callee?.type !== 'identifier') continue;
      if (OLD_APIS.has(callee.text)) old++;
      if (NEW_APIS.has(callee.text)) calls.push(callee.text);
    }
    out.set(name, { name, line: fn.startPosition.row + 1, endLine: fn.endPosition.row + 1, old, calls: calls.sort() });
  }
  return out;
}

function describe(f: FnInfo | undefined): string {
  if (!f) return '(gone)';
  const counts = new Map<string, number>();
  for (const c of f.calls) counts.set(c, (counts.get(c) ?? 0) + 1);
  const parts = [...counts].map(([c, n]) => (n > 1 ? `${c}×${n}` : c));
  if (f.old > 0) parts.unshift(`old API×${f.old}`);
  return parts.join(' ') || '(none)';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const t of [args.oldTree, args.newTree]) if (!existsSync(t)) throw new Error(`${t}: no such tree (set DMA_MIGRATE_CACHE or pass --old/--new)`);
  const inputs = args.paths.length > 0 ? args.paths.map((p) => path.join(args.oldTree, p)) : [args.oldTree];
  const result = await runMigration({ paths: inputs, mode: 'rewrite', rules: ['kmap-atomic-to-local', 'kmap-to-local'], root: args.oldTree, targetVersion: parseKernelVersion('6.19') });
  const rows: Row[] = [];
  const modelRejections = result.files.reduce((n, f) => n + (f.model?.functions.rejected ?? 0), 0);
  for (const file of result.files) {
    const kmapFindings = file.findings.filter((f) => f.ruleId === 'kmap-atomic-to-local' || f.ruleId === 'kmap-to-local');
    if (kmapFindings.length === 0) continue;
    const original = file.original ?? readFileSync(file.absPath, 'utf8');
    const output = file.output ?? original;
    const before = functionsOf(original);
    const after = functionsOf(output);
    const newPath = path.join(args.newTree, file.path);
    const human = existsSync(newPath) ? functionsOf(readFileSync(newPath, 'utf8')) : new Map<string, FnInfo>();
    for (const fn of before.values()) {
      if (fn.old === 0) continue;
      const tool = after.get(fn.name);
      const theirs = human.get(fn.name);
      const toolConverted = tool !== undefined && tool.old < fn.old;
      const reasons = [...new Set(kmapFindings.filter((f) => f.line >= fn.line && f.line <= fn.endLine && f.status !== 'convert').map((f) => f.reason))].sort();
      let category: Category;
      if (!theirs) category = 'gone';
      else if (theirs.old < fn.old) {
        if (!toolConverted) category = 'left-alone';
        else category = tool.calls.join(',') === theirs.calls.join(',') && tool.old === theirs.old ? 'same' : 'different';
      } else category = toolConverted ? 'touched-kept' : 'kept';
      rows.push({ file: file.path, fn: fn.name, line: fn.line, category, tool: describe(tool), human: describe(theirs), reasons });
    }
  }
  const count = (c: Category) => rows.filter((r) => r.category === c).length;
  const humanConverted = count('same') + count('different') + count('left-alone');
  console.log(`functions using kmap()/kmap_atomic() in ${path.basename(args.oldTree)}: ${rows.length} (model rejections in the run: ${modelRejections})`);
  console.log(`humans converted by ${path.basename(args.newTree)}: ${humanConverted}`);
  console.log(`  converted, same calls as the human:  ${count('same')}`);
  console.log(`  converted, different calls:          ${count('different')}`);
  console.log(`  left alone by the tool:              ${count('left-alone')}`);
  console.log(`humans kept the old call: ${count('kept') + count('touched-kept')}`);
  console.log(`  touched by the tool:                 ${count('touched-kept')}`);
  console.log(`  kept by both:                        ${count('kept')}`);
  console.log(`function gone in ${path.basename(args.newTree)}: ${count('gone')}`);
  const byReason = new Map<string, number>();
  for (const r of rows) if (r.category === 'left-alone') for (const x of r.reasons) byReason.set(x, (byReason.get(x) ?? 0) + 1);
  console.log('\nrefusal reasons in functions humans converted (a function may have several):');
  for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`  ${String(n).padStart(4)}  ${reason}`);
  const lists = args.list.has('all') ? new Set<string>(CATEGORIES) : args.list;
  for (const c of CATEGORIES) {
    if (!lists.has(c)) continue;
    console.log(`\n${c}:`);
    for (const r of rows.filter((x) => x.category === c)) {
      console.log(`  ${r.file}:${r.line} ${r.fn}  tool: ${r.tool}  human: ${r.human}${r.reasons.length > 0 ? `  [${r.reasons.join(', ')}]` : ''}`);
    }
  }
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ rows, modelRejections }, null, 1)}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

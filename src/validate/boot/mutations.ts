/**
 * Deliberate bugs planted in the rewritten test module, to prove the boot
 * test fails when a rule goes wrong: `drop-offset` is the phys rewrite that
 * forgets the in-page offset (`page_to_phys(p) + off` → `page_to_phys(p)`),
 * `kunmap-order` swaps two kunmap_local() calls. The negative control
 * "dropped-offset" always links a drop-offset copy of the DMA code; with
 * --mutate (or DMA_MIGRATE_BOOT_MUTATE) the mutation hits the checked code
 * itself. Edits come from syntax nodes.
 */
import { UsageError } from '../../core/errors.js';
import type { SyntaxNode } from '../../core/syntax.js';
import type { TextEdit } from '../../core/types.js';
import { callArguments } from '../../engine/analyze/index.js';
import { spliceEdits } from '../../core/splice-edits.js';

type Parse = (text: string) => { rootNode: SyntaxNode };

export interface Mutation {
  readonly id: string;
  readonly describe: string;
  /** Which generated file it applies to. */
  readonly target: 'dma' | 'kmap';
  /** The mutated text and how many places changed. */
  apply(text: string, parse: Parse): { text: string; count: number };
}

function calls(root: SyntaxNode, name: string): SyntaxNode[] {
  return root.descendantsOfType('call_expression').filter((c) => c.childForFieldName('function')?.text === name);
}

export const MUTATIONS: readonly Mutation[] = [
  {
    id: 'drop-offset',
    describe: 'dma_map_phys(dev, page_to_phys(p) + off, ...) loses "+ off"',
    target: 'dma',
    apply(text, parse) {
      const edits: TextEdit[] = [];
      for (const call of calls(parse(text).rootNode, 'dma_map_phys')) {
        const phys = callArguments(call)[1];
        if (phys?.type !== 'binary_expression' || phys.childForFieldName('operator')?.text !== '+') continue;
        const left = phys.childForFieldName('left')!;
        edits.push({ range: { start: phys.startIndex, end: phys.endIndex }, text: left.text });
      }
      return { text: edits.length ? spliceEdits(text, edits) : text, count: edits.length };
    },
  },
  {
    id: 'kunmap-order',
    describe: 'two adjacent kunmap_local() calls swapped (LIFO order broken)',
    target: 'kmap',
    apply(text, parse) {
      const stmts = calls(parse(text).rootNode, 'kunmap_local')
        .map((c) => c.parent)
        .filter((p): p is SyntaxNode => p?.type === 'expression_statement');
      for (let i = 0; i + 1 < stmts.length; i++) {
        const a = stmts[i]!;
        const b = stmts[i + 1]!;
        if (a.nextNamedSibling?.id !== b.id) continue;
        const edits = [
          { range: { start: a.startIndex, end: a.endIndex }, text: b.text },
          { range: { start: b.startIndex, end: b.endIndex }, text: a.text },
        ];
        return { text: spliceEdits(text, edits), count: 1 };
      }
      return { text, count: 0 };
    },
  },
];

export function mutationById(id: string): Mutation {
  const m = MUTATIONS.find((x) => x.id === id);
  if (!m) throw new UsageError(`unknown mutation "${id}" (known: ${MUTATIONS.map((x) => x.id).join(', ')})`);
  return m;
}

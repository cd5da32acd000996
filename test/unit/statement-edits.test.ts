import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../../src/core/types.js';
import { applyFixes } from '../../src/engine/apply/index.js';
import { declareInBlock, insertLineAfter, insertLineBefore, removeStatementLines } from '../../src/engine/edit/statements.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();

function apply(text: string, edits: TextEdit[]): string {
  return applyFixes(text, [{ id: 1, ruleId: 't', edits, notes: [] }]).text;
}

describe('statement edits', () => {
  const text = 'void f(void)\n{\n\tint a;\n\n\tg(a);\n\th();\n}\n';
  const root = parser.parse(text).rootNode;
  const stmts = root.descendantsOfType('expression_statement');
  const decl = root.descendantsOfType('declaration')[0]!;
  const body = root.descendantsOfType('compound_statement')[0]!;

  it('inserts whole lines at the statement\'s indentation', () => {
    expect(apply(text, [insertLineBefore(text, stmts[0]!, 'x();', '\n'), insertLineAfter(text, stmts[0]!, 'y();', '\n')])).toBe('void f(void)\n{\n\tint a;\n\n\tx();\n\tg(a);\n\ty();\n\th();\n}\n');
  });
  it('removes a declaration, and the blank line it leaves after the brace', () => {
    expect(apply(text, [removeStatementLines(text, decl)!])).toBe('void f(void)\n{\n\tg(a);\n\th();\n}\n');
    const shared = 'void f(void)\n{\n\tint a; int b;\n}\n';
    expect(removeStatementLines(shared, parser.parse(shared).rootNode.descendantsOfType('declaration')[0]!)).toBeUndefined();
  });
  it('declares a local after the block\'s declarations, or first with a blank line', () => {
    expect(apply(text, [declareInBlock(text, body, 'void *k;', '\n')!])).toBe('void f(void)\n{\n\tint a;\n\tvoid *k;\n\n\tg(a);\n\th();\n}\n');
    const bare = 'void f(void)\n{\n\tg();\n}\n';
    const block = parser.parse(bare).rootNode.descendantsOfType('compound_statement')[0]!;
    expect(apply(bare, [declareInBlock(bare, block, 'void *k;', '\n')!])).toBe('void f(void)\n{\n\tvoid *k;\n\n\tg();\n}\n');
  });
});

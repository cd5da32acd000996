import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { buildCfg, type Cfg } from '../../src/engine/analyze/flow/cfg.js';
import { cfgNodeEvents } from '../../src/engine/analyze/flow/events.js';
import { explorePaths, type PathClient } from '../../src/engine/analyze/flow/explore.js';
import { createCParser } from '../../src/engine/parse/index.js';

const parser = createCParser();

function fnOf(body: string): SyntaxNode {
  const tree = parser.parse(`void f(int a, int b)\n{\n${body}\n}\n`);
  return tree.rootNode.descendantsOfType('function_definition')[0]!;
}

/** The sequences of calls made on each path that reaches the function's exit (acyclic code only). */
function tracesToExit(cfg: Cfg): string[] {
  const client: PathClient<string> = {
    initial: '',
    key: (s) => s,
    transfer: (node, s) => {
      const calls = cfgNodeEvents(node).flatMap((e) => (e.kind === 'call' && e.name ? [e.name] : []));
      return calls.length ? (s ? `${s} ` : '') + calls.join(' ') : s;
    },
    follow: (_n, _e, s) => s,
  };
  const x = explorePaths(cfg, client);
  return [...(x.statesIn.get(cfg.exit) ?? [])].sort();
}

describe('buildCfg', () => {
  it('follows both arms of if/else', () => {
    expect(tracesToExit(buildCfg(fnOf('\tif (a)\n\t\tx();\n\telse\n\t\ty();\n\tz();')))).toEqual(['x z', 'y z']);
  });
  it('models switch fall-through, break and default', () => {
    const cfg = buildCfg(fnOf('\tswitch (a) {\n\tcase 1:\n\t\tp();\n\tcase 2:\n\t\tq();\n\t\tbreak;\n\tdefault:\n\t\tr();\n\t}'));
    expect(tracesToExit(cfg)).toEqual(['p q', 'q', 'r']);
  });
  it('takes the no-match edge of a switch without default', () => {
    expect(tracesToExit(buildCfg(fnOf('\tswitch (a) {\n\tcase 1:\n\t\tp();\n\t\tbreak;\n\t}\n\tq();')))).toEqual(['p q', 'q']);
  });
  it('jumps to labels and returns early', () => {
    const cfg = buildCfg(fnOf('\tif (a)\n\t\tgoto out;\n\tif (b)\n\t\treturn;\n\tf1();\nout:\n\tg1();'));
    expect(tracesToExit(cfg)).toEqual(['', 'f1 g1', 'g1']);
  });
  it('runs do { } while (0) exactly once', () => {
    expect(tracesToExit(buildCfg(fnOf('\tdo {\n\t\tp();\n\t} while (0);\n\tq();')))).toEqual(['p q']);
  });
  it('ends paths at calls that never return', () => {
    expect(tracesToExit(buildCfg(fnOf('\tif (a)\n\t\tBUG();\n\tq();')))).toEqual(['q']);
  });
  it('treats #if/#else as two possible branches', () => {
    expect(tracesToExit(buildCfg(fnOf('#ifdef CONFIG_X\n\tp();\n#else\n\tq();\n#endif\n\tr();')))).toEqual(['p r', 'q r']);
  });
  it('reads iterator macros, even ones tree-sitter takes for definitions, as loops that may not run', () => {
    const seen = (body: string) => {
      const cfg = buildCfg(fnOf(body));
      const client: PathClient<boolean> = {
        initial: false,
        key: (s) => String(s),
        transfer: (node, s) => s || cfgNodeEvents(node).some((e) => e.kind === 'call' && e.name === 'p'),
        follow: (_n, _e, s) => s,
      };
      expect(cfg.problems).toEqual([]);
      return [...(explorePaths(cfg, client).statesIn.get(cfg.exit) ?? [])].sort();
    };
    expect(seen('\tlist_for_each_entry(pos, head, list) {\n\t\tp();\n\t}\n\tq();')).toEqual([false, true]);
    expect(seen('\tpage_chain_for_each(page) {\n\t\tint n = 1;\n\n\t\tp();\n\t}')).toEqual([false, true]);
  });
  it('reports what it cannot model', () => {
    expect(buildCfg(fnOf('\tgoto *a;')).problems.map((p) => p.detail)).toEqual(['computed goto']);
    expect(buildCfg(fnOf('\tx = (void __user *)p;')).problems.map((p) => p.kind)).toContain('parse-error');
    const paramsOnly = parser.parse('void f(char __user *p)\n{\n\tg(p);\n}\n').rootNode.descendantsOfType('function_definition')[0]!;
    expect(buildCfg(paramsOnly).problems).toEqual([]);
  });
  it('stops at the step budget instead of running on', () => {
    const cfg = buildCfg(fnOf('\twhile (a)\n\t\tp();'));
    let n = 0;
    const client: PathClient<number> = { initial: 0, key: (s) => String(s), transfer: (_node, s) => s, follow: () => ++n };
    expect(explorePaths(cfg, client, 100).exhausted).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parseForEachMacros } from '../../src/engine/discover/clang-format.js';
import { createCParser, normaliseSource } from '../../src/engine/parse/index.js';
import { conditionalVariants } from '../../src/engine/parse/normalise/conditional-variants.js';
import { tokenize, Tok } from '../../src/engine/parse/normalise/lexer.js';

const parser = createCParser();
const norm = (text: string) => normaliseSource(text).text;
const errors = (text: string, normalised: boolean) => {
  const tree = normalised ? parser.parseNormalised(text) : parser.parse(text);
  return tree.rootNode.descendantsOfType('ERROR').length;
};

describe('normaliseSource', () => {
  it('keeps the length and every newline, whatever it changes', () => {
    const src = 'static int __init __must_check f(void __user *p, char __iomem *q) __acquires(x)\n{\n\t__attribute__((unused)) int a;\n\treturn 0;\n}\n';
    const out = norm(src);
    expect(out.length).toBe(src.length);
    expect([...out].filter((c) => c === '\n').length).toBe([...src].filter((c) => c === '\n').length);
    expect(out).not.toMatch(/__user|__iomem|__init|__must_check|__acquires|__attribute__/);
  });
  it('blanks annotations so the function parses, and node text still reads the original', () => {
    const src = 'static void __iomem *map(struct dev __rcu *d) __releases(lock)\n{\n\treturn (void __force __iomem *)d;\n}\n';
    expect(errors(src, false)).toBeGreaterThan(0);
    expect(errors(src, true)).toBe(0);
    const tree = parser.parseNormalised(src);
    const cast = tree.rootNode.descendantsOfType('cast_expression')[0]!;
    expect(cast.text).toBe('(void __force __iomem *)d');
  });
  it('reads iterator macros as loops: for with three or more arguments, while with fewer', () => {
    const src = 'void f(void)\n{\n\tlist_for_each_entry(p, &head, node)\n\t\tkunmap_atomic(p->v);\n\tfor_each_cpu(c)\n\t\tx(c);\n}\n';
    const out = norm(src);
    expect(out).toContain('for                (p; &head; node)');
    expect(out).toContain('while       (c)');
    const tree = parser.parseNormalised(src);
    expect(tree.rootNode.hasError).toBe(false);
    const loop = tree.rootNode.descendantsOfType('for_statement')[0]!;
    expect(loop.childForFieldName('body')!.text).toBe('kunmap_atomic(p->v);');
  });
  it('takes the iterator list it is given (a tree\'s .clang-format) and leaves a use as an expression alone', () => {
    const src = 'void f(void)\n{\n\tmy_walk(a, b, c) {\n\t\tg();\n\t}\n\tn = my_walk(a, b, c);\n}\n';
    const out = normaliseSource(src, { forEachMacros: new Set(['my_walk']) }).text;
    expect(out).toContain('for    (a; b; c) {');
    expect(out).toContain('n = my_walk(a, b, c);');
    expect(norm(src)).toContain('my_walk(a, b, c) {');
  });
  it('joins multi-word type arguments into one name', () => {
    const src = 'void f(void)\n{\n\tstruct x *p = container_of(q, struct x, node);\n\tn = min_t(unsigned long, a, b);\n\tm = max_t(const char *, c, d);\n}\n';
    const out = norm(src);
    expect(out).toContain('container_of(q, struct_x, node)');
    expect(out).toContain('min_t(unsigned_long, a, b)');
    expect(out).toContain('max_t(const_char  , c, d)');
    expect(errors(src, false)).toBeGreaterThan(0);
    expect(errors(src, true)).toBe(0);
  });
  it('leaves named parameters alone', () => {
    const src = 'int f(struct page *page, unsigned long n);\n';
    expect(norm(src)).toBe(src);
  });
  it('reads upper-case names next to strings as strings, case ranges, pasted tokens', () => {
    const src = 'void f(int x)\n{\n\tprintk(KERN_ERR PFX "bad %d\\n", x);\n\tswitch (x) {\n\tcase 1 ... 3:\n\t\tbreak;\n\t}\n\ttg3_flag(tp, 5750_PLUS);\n}\n';
    const out = norm(src);
    expect(out).toContain('printk("      " " " "bad');
    expect(out).toContain('case 1  |  3:');
    expect(out).toContain('tg3_flag(tp, _750_PLUS)');
    expect(errors(src, false)).toBeGreaterThan(0);
    expect(errors(src, true)).toBe(0);
  });
  it('hides declaration macros at file scope and reports where', () => {
    const src = 'static DEFINE_PER_CPU(struct page_frag_cache, cache);\nDEFINE_EVENT(dma_map, dma_map_page, TP_PROTO(struct device *dev), TP_ARGS(dev));\nint g;\n';
    const n = normaliseSource(src);
    expect(n.text.length).toBe(src.length);
    expect(n.hidden.map((h) => src.slice(h.start, h.end).split('(')[0])).toEqual(['DEFINE_PER_CPU', 'DEFINE_EVENT']);
    expect(parser.parseNormalised(src).rootNode.hasError).toBe(false);
  });
  it('blanks directives inside an initializer, but leaves #if/#else groups for the per-branch parses', () => {
    const src = 'static const struct ops o = {\n\t.a = f,\n#ifdef CONFIG_X\n\t.b = g,\n#endif\n};\n';
    expect(errors(src, false)).toBeGreaterThan(0);
    expect(errors(src, true)).toBe(0);
    const split = 'static const struct ops o = {\n#ifdef CONFIG_X\n\t.b = g,\n#else\n\t.b = h,\n#endif\n};\n';
    expect(norm(split)).toBe(split);
  });
});

describe('conditionalVariants', () => {
  const src = 'void f(void)\n{\n#if defined(LE)\n\tiowrite32(\n#else\n\tiowrite32be(\n#endif\n\t\tv, a);\n}\n';
  it('makes one same-length text per branch, blanking the other branches and the directive lines', () => {
    const vs = conditionalVariants(src);
    expect(vs).toHaveLength(2);
    for (const v of vs) expect(v.text.length).toBe(src.length);
    expect(vs[0]!.text).toContain('iowrite32(');
    expect(vs[0]!.text).not.toContain('iowrite32be(');
    expect(vs[1]!.text).toContain('iowrite32be(');
    expect(vs[1]!.text).not.toMatch(/iowrite32\(/);
    expect(vs.every((v) => !v.text.includes('#'))).toBe(true);
    expect(errors(src, true)).toBeGreaterThan(0);
    for (const v of vs) expect(parser.parse(v.text).rootNode.hasError).toBe(false);
  });
  it('makes none without conditional directives', () => {
    expect(conditionalVariants('int x;\n')).toEqual([]);
  });
});

describe('lexer', () => {
  it('keeps directives, comments and strings whole, continuation lines included', () => {
    const src = '#define A(x) \\\n\tfoo(x) /* c */\nint s = "a\\"b"; // end\n';
    const t = tokenize(src);
    const kinds = Array.from(t.kind.subarray(0, t.count));
    expect(kinds[0]).toBe(Tok.Directive);
    expect(src.slice(t.start[0]!, t.end[0]!)).toBe('#define A(x) \\\n\tfoo(x) /* c */');
    expect(kinds.filter((k) => k === Tok.String)).toHaveLength(1);
    expect(kinds[kinds.length - 1]).toBe(Tok.Comment);
  });
});

describe('.clang-format ForEachMacros', () => {
  it('reads the block list, stopping at the next key', () => {
    const text = "BasedOnStyle: LLVM\nForEachMacros:\n  - 'a_for_each'\n  - 'list_for_each_entry'\n\nIncludeBlocks: Preserve\n  - 'not_this'\n";
    expect(parseForEachMacros(text)).toEqual(['a_for_each', 'list_for_each_entry']);
  });
  it('reads a flow list', () => {
    expect(parseForEachMacros("ForEachMacros: ['x_each', \"y_each\"]\n")).toEqual(['x_each', 'y_each']);
  });
});

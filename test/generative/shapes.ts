/**
 * fast-check arbitraries for kernel-style C built from pieces: map calls of
 * every family (kmap, kmap_atomic, kmap_atomic_pfn, dma_map_page[_attrs],
 * dma_map_resource, and their unmaps) in declarations, assignments, call
 * arguments (nested, several per call), conditions, loops, `return`, comma
 * expressions, `goto` error paths, `#ifdef` branches and macro bodies, with
 * uses of the mapped address in between (memcpy, user copies, sleeps, stores
 * to struct fields, calls through pointers).
 *
 * A file is generated as a small syntax tree of its own (so fast-check
 * shrinks it piece by piece) and rendered to C by renderFile(). Nothing
 * keeps the pieces consistent on purpose: unpaired unmaps, wrong orders,
 * leaks and remaps are as welcome as clean regions, since the engine must
 * answer every arrangement with a status and a reason.
 */
import fc from 'fast-check';

/** Small pools so that pieces collide: the same page mapped twice, a holder reused. */
const PAGES = 3;
const VARS = 3;
const ADDRS = 2;

export type KFamily = 'kmap' | 'atomic' | 'pfn';
export type MapForm = 'assign' | 'decl' | 'cond' | 'comma' | 'ternary' | 'cast' | 'macro' | 'nested-arg';
export type UnmapForm = 'normal' | 'offset' | 'local' | 'guarded' | 'macro' | 'none';

export type Stmt =
  | { readonly k: 'region'; readonly fam: KFamily; readonly v: number; readonly p: number; readonly form: MapForm; readonly body: readonly Stmt[]; readonly unmap: UnmapForm }
  | { readonly k: 'inline'; readonly fam: KFamily; readonly ps: readonly number[]; readonly call: number; readonly unmapOrder: readonly number[]; readonly gap: readonly Stmt[] }
  | { readonly k: 'return-maps'; readonly fam: KFamily; readonly ps: readonly number[] }
  | { readonly k: 'use'; readonly use: number; readonly v: number; readonly p: number }
  | { readonly k: 'if'; readonly cond: number; readonly braces: boolean; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[] }
  | { readonly k: 'loop'; readonly form: 'for' | 'while' | 'do'; readonly body: readonly Stmt[] }
  | { readonly k: 'ifdef'; readonly neg: boolean; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[] }
  | { readonly k: 'goto' }
  | { readonly k: 'return' }
  | { readonly k: 'jump'; readonly which: 'break' | 'continue' }
  | { readonly k: 'switch'; readonly cases: readonly (readonly Stmt[])[] }
  | { readonly k: 'dma'; readonly api: number; readonly a: number; readonly p: number; readonly inline: boolean; readonly check: boolean; readonly body: readonly Stmt[]; readonly unmap: boolean }
  | { readonly k: 'macro-use'; readonly which: number; readonly p: number; readonly v: number };

export interface FnShape {
  readonly body: readonly Stmt[];
  /** Statements after the `out:` label (the error path), when there is one. */
  readonly out?: readonly Stmt[];
}

export interface FileShape {
  readonly license: 0 | 1 | 2; // GPL, proprietary, none
  /** Line endings and indentation other than the kernel's. */
  readonly crlf: boolean;
  readonly spaces: boolean;
  readonly macros: readonly number[];
  readonly helper: boolean;
  readonly fns: readonly FnShape[];
}

const idx = (n: number) => fc.integer({ min: 0, max: n - 1 });
const family = fc.constantFrom<KFamily>('kmap', 'atomic', 'atomic', 'pfn');

/** The address uses placed between map and unmap (rendered by useText()). */
export const USES = 22;
/** Conditions of `if` statements. */
const CONDS = 6;
/** Macros defined at file scope (rendered by macroText()). */
const MACROS = 4;
/** DMA map calls. */
const DMA_APIS = 4;
/** Statements with several maps in them (rendered by INLINE_CALLS). */
const INLINE_FORMS = 6;

function stmtArbitrary(): fc.Arbitrary<Stmt[]> {
  const { block } = fc.letrec<{ block: Stmt[]; stmt: Stmt }>((tie) => {
    const inner = tie('block') as fc.Arbitrary<Stmt[]>;
    return {
      block: fc.array(tie('stmt') as fc.Arbitrary<Stmt>, { minLength: 0, maxLength: 4, depthIdentifier: 'block' }),
      stmt: fc.oneof(
        { depthSize: 'small', withCrossShrink: true, depthIdentifier: 'block' },
        { weight: 6, arbitrary: fc.record({ k: fc.constant('use' as const), use: idx(USES), v: idx(VARS), p: idx(PAGES) }) },
        {
          weight: 6,
          arbitrary: fc.record({
            k: fc.constant('region' as const),
            fam: family,
            v: idx(VARS),
            p: idx(PAGES),
            form: fc.constantFrom<MapForm>('assign', 'assign', 'decl', 'cond', 'comma', 'ternary', 'cast', 'macro', 'nested-arg'),
            body: inner,
            unmap: fc.constantFrom<UnmapForm>('normal', 'normal', 'normal', 'offset', 'local', 'guarded', 'macro', 'none'),
          }),
        },
        {
          weight: 3,
          arbitrary: fc
            .record({ fam: family, ps: fc.array(idx(PAGES), { minLength: 2, maxLength: 3 }), call: idx(INLINE_FORMS), seed: fc.integer({ min: 0, max: 5 }), gap: inner })
            .map(({ fam, ps, call, seed, gap }) => ({ k: 'inline' as const, fam, ps, call, unmapOrder: permutation(ps.length, seed), gap })),
        },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('return-maps' as const), fam: family, ps: fc.array(idx(PAGES), { minLength: 1, maxLength: 2 }) }) },
        { weight: 2, arbitrary: fc.record({ k: fc.constant('if' as const), cond: idx(CONDS), braces: fc.boolean(), then: fc.array(tie('stmt') as fc.Arbitrary<Stmt>, { minLength: 1, maxLength: 3, depthIdentifier: 'block' }), else: fc.option(inner, { nil: undefined }) }, { requiredKeys: ['k', 'cond', 'braces', 'then'] }) },
        { weight: 2, arbitrary: fc.record({ k: fc.constant('loop' as const), form: fc.constantFrom('for' as const, 'while' as const, 'do' as const), body: inner }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('ifdef' as const), neg: fc.boolean(), then: inner, else: fc.option(inner, { nil: undefined }) }, { requiredKeys: ['k', 'neg', 'then'] }) },
        { weight: 1, arbitrary: fc.constant({ k: 'goto' as const }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('jump' as const), which: fc.constantFrom('break' as const, 'continue' as const) }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('switch' as const), cases: fc.array(inner, { minLength: 1, maxLength: 3 }) }) },
        { weight: 1, arbitrary: fc.constant({ k: 'return' as const }) },
        {
          weight: 2,
          arbitrary: fc.record({ k: fc.constant('dma' as const), api: idx(DMA_APIS), a: idx(ADDRS), p: idx(PAGES), inline: fc.boolean(), check: fc.boolean(), body: inner, unmap: fc.boolean() }),
        },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('macro-use' as const), which: idx(MACROS), p: idx(PAGES), v: idx(VARS) }) },
      ),
    };
  });
  return block;
}

function permutation(n: number, seed: number): number[] {
  const out = [...Array(n).keys()];
  // Reverse (LIFO) most of the time, in map order or rotated otherwise.
  if (seed < 3) return out.reverse();
  if (seed === 3) return out;
  return out.map((_, i) => (i + seed) % n);
}

export const fileArbitrary: fc.Arbitrary<FileShape> = fc.record({
  license: fc.constantFrom<0 | 1 | 2>(0, 0, 0, 1, 2),
  crlf: fc.boolean(),
  spaces: fc.boolean(),
  macros: fc.uniqueArray(idx(MACROS), { maxLength: MACROS }),
  helper: fc.boolean(),
  fns: fc.array(
    fc.record({ body: stmtArbitrary(), out: fc.option(stmtArbitrary(), { nil: undefined }) }, { requiredKeys: ['body'] }),
    { minLength: 1, maxLength: 2 },
  ),
});

// ---------------------------------------------------------------- rendering

const MAP_NAME: Record<KFamily, string> = { kmap: 'kmap', atomic: 'kmap_atomic', pfn: 'kmap_atomic_pfn' };
const UNMAP_NAME: Record<KFamily, string> = { kmap: 'kunmap', atomic: 'kunmap_atomic', pfn: 'kunmap_atomic' };

function mapCall(fam: KFamily, p: number): string {
  return fam === 'pfn' ? `kmap_atomic_pfn(page_to_pfn(p${p}))` : `${MAP_NAME[fam]}(p${p})`;
}

function unmapCall(fam: KFamily, v: number, p: number, offset = false): string {
  if (fam === 'kmap') return `kunmap(p${p})`;
  return `${UNMAP_NAME[fam]}(v${v}${offset ? ' + off' : ''})`;
}

function useText(use: number, v: number, p: number): string {
  const V = `v${v}`;
  switch (use) {
    case 0: return `memcpy(${V} + off, buf, len);`;
    case 1: return `memcpy(buf, ${V}, len);`;
    case 2: return `if (copy_to_user(ubuf, ${V}, len))\n\terr = -EFAULT;`;
    case 3: return `if (copy_from_user(${V}, ubuf, len))\n\terr = -EFAULT;`;
    case 4: return `err = __copy_from_user_inatomic(${V}, ubuf, len);`;
    case 5: return 'msleep(1);';
    case 6: return 'cond_resched();';
    case 7: return `s->buf = ${V};`;
    case 8: return `s->ops->fn(${V});`;
    case 9: return 'err = s->ops->fn(s);';
    case 10: return `flush_dcache_page(p${p});`;
    case 11: return `memset(${V}, 0, PAGE_SIZE);`;
    case 12: return `((u8 *)${V})[off] = 0;`;
    case 13: return `err = gen_helper(${V}, len);`;
    case 14: return 'cpu = smp_processor_id();';
    case 15: return 'this_cpu_inc(gen_count);';
    case 16: return `spin_lock(&s->lock);\ns->buf = NULL;\nspin_unlock(&s->lock);`;
    case 17: return `p${p} = s->page;`;
    case 18: return `${V} = NULL;`;
    case 19: return 'might_sleep();';
    case 20: return `err = memcmp(${V}, buf, len) ? -EIO : err;`;
    default: return `crc = crc32(crc, ${V} + off, len);`;
  }
}

const CONDITIONS = ['err', '!s', 's->flag', 'len > PAGE_SIZE', 'off & 1', 'PageHighMem(p0)'];

function macroText(which: number): string {
  switch (which) {
    case 0: return '#define GEN_MAP(p) kmap_atomic(p)\n#define GEN_UNMAP(a) kunmap_atomic(a)';
    case 1: return '#define GEN_COPY(d, pg) do {\t\t\t\t\\\n\tvoid *__a = kmap_atomic(pg);\t\t\\\n\tmemcpy(d, __a, PAGE_SIZE);\t\t\\\n\tkunmap_atomic(__a);\t\t\t\\\n} while (0)';
    case 2: return '#define GEN_KMAP(p) kmap(p)';
    default: return '#define GEN_DMA(d, p) dma_map_page(d, p, 0, PAGE_SIZE, DMA_TO_DEVICE)';
  }
}

function macroUse(which: number, p: number, v: number): string {
  switch (which) {
    case 0: return `v${v} = GEN_MAP(p${p});\nmemcpy(buf, v${v}, len);\nGEN_UNMAP(v${v});`;
    case 1: return `GEN_COPY(buf, p${p});`;
    case 2: return `v${v} = GEN_KMAP(p${p});\nmemcpy(buf, v${v}, len);\nkunmap(p${p});`;
    default: return `a0 = GEN_DMA(dev, p${p});`;
  }
}

const DMA_MAP = [
  (p: number) => `dma_map_page(dev, p${p}, off, len, DMA_TO_DEVICE)`,
  (p: number) => `dma_map_page_attrs(dev, p${p}, 0, PAGE_SIZE, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC)`,
  () => 'dma_map_resource(dev, phys, len, DMA_BIDIRECTIONAL, 0)',
  (p: number) => `dma_map_page(dev, p${p}, 0, PAGE_SIZE, DMA_BIDIRECTIONAL)`,
];
const DMA_UNMAP = [
  (a: number) => `dma_unmap_page(dev, a${a}, len, DMA_TO_DEVICE);`,
  (a: number) => `dma_unmap_page_attrs(dev, a${a}, PAGE_SIZE, DMA_FROM_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);`,
  (a: number) => `dma_unmap_resource(dev, a${a}, len, DMA_BIDIRECTIONAL, 0);`,
  (a: number) => `dma_unmap_page(dev, a${a}, PAGE_SIZE, DMA_BIDIRECTIONAL);`,
];

const INLINE_CALLS = [
  (xs: string[]) => `memcpy(${xs[0]} + off, ${xs[1]}${xs[2] ? ` + ${xs[2]}` : ''}, len);`,
  (xs: string[]) => `err = memcmp(${xs.join(', ')}, len);`,
  (xs: string[]) => `if (memcmp(${xs[0]}, ${xs[1]}, len))\n\terr = -EIO;`,
  (xs: string[]) => `err = gen_cmp(${xs.map((x) => `(u8 *)${x}`).join(', ')});`,
  // The two forms that hold the addresses: a comma expression and one declaration.
  (xs: string[]) => xs.map((x, i) => `v${i} = ${x}`).join(', ') + ';',
  (xs: string[]) => `void ${xs.map((x, i) => `*d${i} = ${x}`).join(', ')};`,
];

/** The variable an inline form's i-th address is held in (for the kunmap_atomic() after it). */
function inlineHolder(call: number, i: number): string {
  return call === 5 ? `d${i}` : `v${i % VARS}`;
}

class Writer {
  readonly lines: string[] = [];
  depth = 1;
  line(text: string): void {
    for (const l of text.split('\n')) this.lines.push(l.startsWith('#') ? l : '\t'.repeat(this.depth) + l);
  }
  nest(f: () => void): void {
    this.depth++;
    f();
    this.depth--;
  }
}

function renderBlock(w: Writer, stmts: readonly Stmt[]): void {
  for (const s of stmts) renderStmt(w, s);
}

function renderStmt(w: Writer, s: Stmt): void {
  switch (s.k) {
    case 'use':
      w.line(useText(s.use, s.v, s.p));
      return;
    case 'region': {
      const V = `v${s.v}`;
      const call = mapCall(s.fam, s.p);
      switch (s.form) {
        case 'assign': w.line(`${V} = ${call};`); break;
        case 'decl': w.line(`void *m${s.v} = ${call};`); w.line(`${V} = m${s.v};`); break;
        case 'cond': w.line(`if (!(${V} = ${call}))\n\tgoto out;`); break;
        case 'comma': w.line(`${V} = ${call}, err = 0;`); break;
        case 'ternary': w.line(`${V} = s ? ${call} : NULL;`); break;
        case 'cast': w.line(`${V} = (u8 *)${call} + off;`); break;
        case 'macro': w.line(`${V} = GEN_ID(${call});`); break;
        case 'nested-arg': w.line(`${V} = gen_ptr(gen_ptr(${call}));`); break;
      }
      w.line(`memcpy(${V}, buf, len);`);
      renderBlock(w, s.body);
      switch (s.unmap) {
        case 'normal': w.line(`${unmapCall(s.fam, s.v, s.p)};`); break;
        case 'offset': w.line(`${unmapCall(s.fam, s.v, s.p, true)};`); break;
        case 'local': w.line(`kunmap_local(${V});`); break;
        case 'guarded': w.line(`if (${V})\n\t${unmapCall(s.fam, s.v, s.p)};`); break;
        case 'macro': w.line(`GEN_ID(${unmapCall(s.fam, s.v, s.p)});`); break;
        case 'none': break;
      }
      return;
    }
    case 'inline': {
      const xs = s.ps.map((p) => mapCall(s.fam, p));
      w.line(INLINE_CALLS[s.call]!(xs));
      renderBlock(w, s.gap);
      for (const i of s.unmapOrder) w.line(s.fam === 'kmap' ? `kunmap(p${s.ps[i]!});` : `kunmap_atomic(${inlineHolder(s.call, i)});`);
      return;
    }
    case 'return-maps':
      w.line(s.ps.length === 1 ? `return ${s.fam === 'kmap' ? '' : '(long)'}${mapCall(s.fam, s.ps[0]!)} != NULL;` : `return memcmp(${s.ps.map((p) => mapCall(s.fam, p)).join(', ')}, len);`);
      return;
    case 'if':
      if (!s.braces && !s.else && !startsWithDeclaration(s.then[0]!)) {
        // No braces: the first statement is the if's body, where nothing can be inserted before it; the rest follow the if.
        w.line(`if (${CONDITIONS[s.cond]})`);
        w.nest(() => renderStmt(w, s.then[0]!));
        renderBlock(w, s.then.slice(1));
        return;
      }
      w.line(`if (${CONDITIONS[s.cond]}) {`);
      w.nest(() => renderBlock(w, s.then));
      if (s.else) {
        w.line('} else {');
        w.nest(() => renderBlock(w, s.else!));
      }
      w.line('}');
      return;
    case 'loop':
      if (s.form === 'for') w.line('for (i = 0; i < n; i++) {');
      else if (s.form === 'while') w.line('while (len--) {');
      else w.line('do {');
      w.nest(() => renderBlock(w, s.body));
      w.line(s.form === 'do' ? '} while (--n);' : '}');
      return;
    case 'ifdef':
      w.line(s.neg ? '#ifndef CONFIG_GEN_OPTION' : '#ifdef CONFIG_GEN_OPTION');
      renderBlock(w, s.then);
      if (s.else) {
        w.line('#else');
        renderBlock(w, s.else);
      }
      w.line('#endif');
      return;
    case 'goto':
      w.line('if (err)\n\tgoto out;');
      return;
    case 'jump':
      // Outside a loop or switch this is not C; the engine must still answer with reasons.
      w.line(`if (off)\n\t${s.which};`);
      return;
    case 'switch':
      w.line('switch (off) {');
      s.cases.forEach((c, i) => {
        w.line(i === s.cases.length - 1 ? 'default:' : `case ${i}:`);
        w.nest(() => renderBlock(w, c));
        w.nest(() => w.line('break;'));
      });
      w.line('}');
      return;
    case 'return':
      w.line('if (err < 0)\n\treturn err;');
      return;
    case 'dma': {
      const A = `a${s.a}`;
      const map = DMA_MAP[s.api]!(s.p);
      if (s.inline) w.line(`err = gen_submit(dev, ${map}, len);`);
      else {
        w.line(`${A} = ${map};`);
        if (s.check) w.line(`if (dma_mapping_error(dev, ${A})) {\n\terr = -ENOMEM;\n\tgoto out;\n}`);
      }
      renderBlock(w, s.body);
      if (s.unmap) w.line(DMA_UNMAP[s.api]!(s.a));
      return;
    }
    case 'macro-use':
      w.line(macroUse(s.which, s.p, s.v));
      return;
  }
}

/** A statement that cannot be an `if`'s body without braces (a declaration, a preprocessor line, a multi-line macro use). */
function startsWithDeclaration(s: Stmt): boolean {
  return s.k === 'ifdef' || (s.k === 'region' && s.form === 'decl') || (s.k === 'inline' && s.call === 5);
}

function usesLabel(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.k) {
      case 'goto': return true;
      case 'region': return s.form === 'cond' || usesLabel(s.body);
      case 'inline': return usesLabel(s.gap);
      case 'if': return usesLabel(s.then) || (s.else ? usesLabel(s.else) : false);
      case 'loop': return usesLabel(s.body);
      case 'switch': return s.cases.some(usesLabel);
      case 'ifdef': return usesLabel(s.then) || (s.else ? usesLabel(s.else) : false);
      case 'dma': return (!s.inline && s.check) || usesLabel(s.body);
      default: return false;
    }
  });
}

export function renderFile(f: FileShape): string {
  const out: string[] = ['// SPDX-License-Identifier: GPL-2.0', '#include <linux/highmem.h>', '#include <linux/dma-mapping.h>', '#include <linux/uaccess.h>', ''];
  if (f.license === 0) out.push('MODULE_LICENSE("GPL");', '');
  else if (f.license === 1) out.push('MODULE_LICENSE("Proprietary");', '');
  out.push('#define GEN_ID(x) (x)');
  for (const m of [...f.macros].sort()) out.push(macroText(m));
  out.push('', 'static DEFINE_PER_CPU(int, gen_count);', '');
  if (f.helper) out.push('static int gen_helper(void *p, size_t n)', '{', '\treturn ((u8 *)p)[n - 1];', '}', '');
  f.fns.forEach((fn, i) => {
    const w = new Writer();
    w.line('int err = 0, i, n = 4, cpu;');
    w.line('void *v0, *v1, *v2;');
    w.line('dma_addr_t a0, a1;');
    w.line('u32 crc = 0;');
    w.line('');
    renderBlock(w, fn.body);
    const label = fn.out !== undefined || usesLabel(fn.body) || (fn.out ? usesLabel(fn.out) : false);
    if (label) {
      w.lines.push('out:');
      renderBlock(w, fn.out ?? []);
    }
    w.line('return err;');
    out.push(
      `int gen_fn${i}(struct gen_state *s, struct device *dev, struct page *p0, struct page *p1, struct page *p2,`,
      '\t\tvoid __user *ubuf, void *buf, phys_addr_t phys, size_t off, size_t len)',
      '{',
      ...w.lines.map((l) => (l.trim() === '' ? '' : l)),
      '}',
      '',
    );
  });
  const text = out.join('\n');
  const indented = f.spaces ? text.replace(/^\t+/gm, (t) => '        '.repeat(t.length)) : text;
  return f.crlf ? indented.replace(/\n/g, '\r\n') : indented;
}

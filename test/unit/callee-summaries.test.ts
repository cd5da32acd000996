import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyntaxNode } from '../../src/core/syntax.js';
import { createCParser } from '../../src/engine/parse/index.js';
import { CalleeSummaries, treeDefinitions, type CallEffect, type DefinitionResolver } from '../../src/engine/analyze/summaries/index.js';
import { FunctionDefinitions } from '../../src/engine/analyze/syntax.js';

const parser = createCParser();
const parse = (text: string): SyntaxNode => parser.parseNormalised(text).rootNode as SyntaxNode;
const classify = (name: string): CallEffect | undefined => (name === 'msleep' ? 'sleeps' : name === 'copy_to_user' ? 'user-memory' : name === 'smp_processor_id' ? 'needs-atomic' : undefined);

function summaries(text: string, resolve?: DefinitionResolver, maxDepth?: number): CalleeSummaries {
  return new CalleeSummaries(parse(text), resolve, { classify, ...(maxDepth !== undefined ? { maxDepth } : {}) });
}

describe('callee summaries', () => {
  it('follows a buffer into a local kvec, an iterator and a socket call that copies and returns (drbd_recv_short)', () => {
    const s = summaries(`
static int recv_short(struct socket *sock, void *buf, size_t size, int flags)
{
	struct kvec iov = {
		.iov_base = buf,
		.iov_len = size,
	};
	struct msghdr msg = { .msg_flags = flags };
	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, size);
	return sock_recvmsg(sock, &msg, msg.msg_flags);
}
static int recv_all(struct conn *c, void *buf, size_t size)
{
	return recv_short(c->sock, buf, size, 0);
}`);
    expect(s.summaryOf('recv_all')?.keeps(1)).toBe(false);
    expect(s.summaryOf('recv_short')?.keeps(1)).toBe(false);
    expect(s.summaryOf('recv_short')?.effects.map((e) => e.effect)).toEqual(['sleeps']);
  });

  it('keeps a pointer stored outside the locals, directly or out of a local container', () => {
    const s = summaries(`
void *saved;
struct holder { void *p; };
void direct(void *buf) { saved = buf; }
void through_struct(void *buf) { struct holder h = { .p = buf }; saved = h.p; }
void through_array(void *buf) { void *v[2] = { buf, 0 }; global_put(v[0]); }
void returned(void *buf) { return buf; }
void into_pointer(struct holder *h, void *buf) { h->p = buf; }
void reads_only(struct holder *h, char *buf) { h->p = (void *)(long)buf[0]; }`);
    expect(s.summaryOf('direct')?.keeps(0)).toBe(true);
    expect(s.summaryOf('through_struct')?.keeps(0)).toBe(true);
    expect(s.summaryOf('through_array')?.keeps(0)).toBe(true);
    expect(s.summaryOf('returned')?.keeps(0)).toBe(true);
    expect(s.summaryOf('into_pointer')?.keeps(1)).toBe(true);
    expect(s.summaryOf('reads_only')?.keeps(1)).toBe(false);
  });

  it('an unknown or recursive callee may keep the pointer; a known copying API does not', () => {
    const s = summaries(`
void unknown(void *buf) { mystery(buf); }
void rec(void *buf, int n) { if (n) rec(buf, n - 1); }
void copies(void *buf, size_t n) { memcpy_toio(io, buf, n); kmemdup_nul(buf, n, GFP_KERNEL); }`);
    expect(s.summaryOf('unknown')?.keeps(0)).toBe(true);
    expect(s.summaryOf('rec')?.keeps(0)).toBe(true);
    expect(s.summaryOf('copies')?.keeps(0)).toBe(false);
    expect(s.summaryOf('mystery')).toBeUndefined();
  });

  it('composes effects through callees, to a bounded depth', () => {
    const text = `
void a(void) { b(); }
void b(void) { c(); }
void c(void) { msleep(1); d(); }
void d(void) { pr_info("%d", smp_processor_id()); }`;
    expect(summaries(text).summaryOf('a')?.effects).toEqual([
      { effect: 'sleeps', chain: ['a', 'b', 'c', 'msleep'] },
      { effect: 'needs-atomic', chain: ['a', 'b', 'c', 'd', 'smp_processor_id'] },
    ]);
    expect(summaries(text, undefined, 1).summaryOf('a')?.effects).toEqual([]);
  });

  it('asks the resolver for functions the file does not define', () => {
    const other = parse('int vfs_parse(struct fc *fc, const char *value, size_t n) { char *s = kmemdup_nul(value, n, GFP_KERNEL); return store(fc, s); }');
    const resolve: DefinitionResolver = (name) => (name === 'vfs_parse' ? { fn: new FunctionDefinitions(other).get('vfs_parse')!, path: 'fs/other.c' } : undefined);
    const s = summaries('void caller(char *buf) { vfs_parse(fc, buf, 4); }', resolve);
    expect(s.summaryOf('vfs_parse')?.path).toBe('fs/other.c');
    expect(s.summaryOf('caller')?.keeps(0)).toBe(false);
  });
});

describe('tree definitions', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'dma-migrate-defs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'drivers', 'x'), { recursive: true });
  mkdirSync(path.join(root, 'include', 'linux'), { recursive: true });
  mkdirSync(path.join(root, 'fs'), { recursive: true });
  writeFileSync(path.join(root, 'drivers', 'x', 'a.c'), '#include <linux/fsctx.h>\nvoid caller(void) {}\n');
  writeFileSync(path.join(root, 'drivers', 'x', 'b.c'), 'int sibling(void *p) { return 0; }\n');
  writeFileSync(path.join(root, 'include', 'linux', 'fsctx.h'), 'static inline int inline_helper(void *p) { return 0; }\n');
  writeFileSync(path.join(root, 'fs', 'fsctx.c'), 'int parse_string(void *p) { return 1; }\n');
  const resolve = treeDefinitions({ absPath: path.join(root, 'drivers', 'x', 'a.c'), text: '#include <linux/fsctx.h>\n', treeRoot: root, parse });

  it('finds a sibling file\'s function, a header\'s inline and a file named like an included header', () => {
    expect(resolve('sibling')?.path).toBe(path.join('drivers', 'x', 'b.c'));
    expect(resolve('inline_helper')?.path).toBe(path.join('include', 'linux', 'fsctx.h'));
    expect(resolve('parse_string')?.path).toBe(path.join('fs', 'fsctx.c'));
    expect(resolve('nowhere')).toBeUndefined();
    expect(resolve('not an identifier(')).toBeUndefined();
  });
});

/**
 * `check`: only lines a change adds count — new uses of the old APIs are
 * reported with the rewrite dma-migrate would make; unchanged old code,
 * context lines, renames, deletions and binary files are not.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { checkChange, failingFindings, type CheckOptions } from '../../src/deliver/check/check-changes.js';
import type { ChangeUnderCheck, ChangeValidator } from '../../src/deliver/check/model-hook.js';
import { sarifLog } from '../../src/deliver/check/check-sarif.js';
import { RULES } from '../../src/rules/index.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo } from '../harness/git-repo.js';
import { HEADERS, MAKEFILE, kmapDriver } from './kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const NEW_FUNCTION = `
static void acme_peek(struct page *page, void *dst)
{
\tvoid *vaddr = kmap_atomic(page);

\tmemcpy(dst, vaddr, 8);
\tkunmap_atomic(vaddr);
}
`;

function repoWithOldCode(extra: Record<string, string> = {}): TestRepo {
  return TestRepo.create({ Makefile: MAKEFILE, ...HEADERS, 'drivers/net/acme/acme.c': kmapDriver('acme'), ...extra });
}

function staged(repo: TestRepo, extra: Partial<CheckOptions> = {}) {
  return checkChange({ source: { kind: 'staged' }, cwd: repo.dir, env: repo.env, ...extra });
}

function append(repo: TestRepo, rel: string, text: string): void {
  repo.write({ [rel]: readFileSync(path.join(repo.dir, rel), 'utf8') + text });
}

describe('check', () => {
  it('flags kmap_atomic() added in a staged change, with the rewrite, and is silent on the unchanged old code', async () => {
    const repo = repoWithOldCode();
    append(repo, 'drivers/net/acme/acme.c', NEW_FUNCTION);
    repo.git('add', '-A');
    const r = await staged(repo);
    expect(r.findings.map((f) => `${f.path}:${f.line} ${f.api} ${f.level} auto=${f.autoConvert}`)).toEqual([
      'drivers/net/acme/acme.c:17 kmap_atomic warning auto=true',
      'drivers/net/acme/acme.c:20 kunmap_atomic warning auto=true',
    ]);
    expect(r.findings[0]!.suggestion).toEqual({ removed: ['\tvoid *vaddr = kmap_atomic(page);'], added: ['\tvoid *vaddr = kmap_local_page(page);'] });
    // Nothing staged beyond that: the old acme_copy_rx() (lines 7-10) is not reported.
    repo.git('commit', '-q', '-m', 'acme: add peek');
    expect((await staged(repo)).findings).toEqual([]);
  });

  it('ignores context lines around old code and reports a changed line that still uses the old API', async () => {
    const repo = repoWithOldCode();
    const file = path.join(repo.dir, 'drivers/net/acme/acme.c');
    const text = readFileSync(file, 'utf8');
    // A change next to kmap_atomic() (it becomes context) and one of the kunmap_atomic() line itself.
    repo.write({ 'drivers/net/acme/acme.c': text.replace('\tmemcpy(dst, kaddr + off, len);', '\tmemcpy(dst, kaddr + off, len); /* copy */').replace('\tkunmap_atomic(kaddr);', '\tkunmap_atomic(kaddr); /* done */') });
    repo.git('add', '-A');
    const r = await staged(repo);
    expect(r.findings.map((f) => `${f.line} ${f.api}`)).toEqual(['10 kunmap_atomic']);
  });

  it('does not report code that only moved with a rename, but reports what the rename adds', async () => {
    const repo = repoWithOldCode();
    repo.git('mv', 'drivers/net/acme/acme.c', 'drivers/net/acme/acme_core.c');
    repo.git('commit', '-q', '-m', 'acme: rename');
    expect((await checkChange({ source: { kind: 'range', range: 'HEAD~1..HEAD' }, cwd: repo.dir, env: repo.env })).findings).toEqual([]);
    repo.git('mv', 'drivers/net/acme/acme_core.c', 'drivers/net/acme/acme_main.c');
    append(repo, 'drivers/net/acme/acme_main.c', NEW_FUNCTION);
    repo.git('add', '-A');
    const r = await staged(repo);
    expect(r.findings.map((f) => `${f.path}:${f.line} ${f.api}`)).toEqual(['drivers/net/acme/acme_main.c:17 kmap_atomic', 'drivers/net/acme/acme_main.c:20 kunmap_atomic']);
  });

  it('skips binary files and deleted files', async () => {
    const repo = repoWithOldCode({ 'drivers/net/acme/gone.c': kmapDriver('gone') });
    repo.write({ 'drivers/net/acme/blob.c': Buffer.from([0x6b, 0x6d, 0x61, 0x70, 0, 1, 2, 3, 0x0a]) as unknown as string });
    repo.git('rm', '-q', 'drivers/net/acme/gone.c');
    repo.git('add', '-A');
    const r = await staged(repo);
    expect(r.findings).toEqual([]);
    expect(r.skipped).toEqual([
      { path: 'drivers/net/acme/blob.c', why: 'binary' },
      { path: 'drivers/net/acme/gone.c', why: 'deleted' },
    ]);
  });

  it('checks a revision range and a diff on stdin the same way; a diff the work tree lacks falls back to its hunks', async () => {
    const repo = repoWithOldCode();
    append(repo, 'drivers/net/acme/acme.c', NEW_FUNCTION);
    repo.commitAll('acme: add peek');
    const range = await checkChange({ source: { kind: 'range', range: 'HEAD~1..HEAD' }, cwd: repo.dir, env: repo.env });
    const diff = repo.git('diff', 'HEAD~1', 'HEAD');
    const stdin = await checkChange({ source: { kind: 'diff', text: diff }, cwd: repo.dir, env: repo.env });
    expect(stdin.findings).toEqual(range.findings);
    expect(stdin.notes).toEqual([]);
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const fallback = await checkChange({ source: { kind: 'diff', text: diff.replace(/^index .*\n/m, '') }, cwd: repo.dir, env: repo.env });
    expect(fallback.notes[0]).toMatch(/only the diff's own lines were checked/);
    expect(fallback.findings.map((f) => `${f.line} ${f.api}`)).toEqual(['17 kmap_atomic', '20 kunmap_atomic']);
  });

  it('reports dma_map_page() added on a tree that lacks dma_map_phys as a note that does not fail, and as a warning for 6.18, only where the policy converts it', async () => {
    const repo = TestRepo.create({ Makefile: 'VERSION = 6\nPATCHLEVEL = 12\n', 'include/linux/highmem.h': HEADERS['include/linux/highmem.h']!, 'include/linux/dma-mapping.h': '/* 6.12 */\n', 'drivers/net/acme/acme.c': kmapDriver('acme') });
    append(repo, 'drivers/net/acme/acme.c', '\nstatic void acme_map(struct device *dev, struct page *page, void *buf)\n{\n\tdma_addr_t a = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);\n\tdma_addr_t b = dma_map_page(dev, virt_to_page(buf), offset_in_page(buf), 64, DMA_TO_DEVICE);\n\n\tdma_unmap_page(dev, b, 64, DMA_TO_DEVICE);\n\tdma_unmap_page(dev, a, PAGE_SIZE, DMA_TO_DEVICE);\n}\n');
    repo.git('add', '-A');
    const on612 = await staged(repo);
    // --policy upstream (the default): the page/offset map stays (page-api-kept, with its unmap); the virt_to_page() one would move.
    expect(on612.findings.map((f) => `${f.line} ${f.api} ${f.level} ${f.reason}`)).toEqual(['18 dma_map_page note target-lacks-api', '20 dma_unmap_page note target-lacks-api']);
    expect(on612.findings[0]!.message).toMatch(/lacks dma_map_phys\(\)\/dma_unmap_phys\(\) and DMA_ATTR_MMIO \(6\.18\+\); on a kernel with it, dma-migrate would convert it/);
    expect(on612.findings[0]!.suggestion!.added).toEqual(['\tdma_addr_t b = dma_map_phys(dev, virt_to_phys(buf), 64, DMA_TO_DEVICE, 0);']);
    expect(failingFindings(on612)).toEqual([]);
    const on618 = await staged(repo, { targetVersion: { major: 6, minor: 18 } });
    expect(on618.findings.map((f) => `${f.api} ${f.level} ${f.reason}`)).toEqual(['dma_map_page warning virt-to-phys', 'dma_unmap_page warning unmap']);
    const all = await staged(repo, { targetVersion: { major: 6, minor: 18 }, policy: 'all' });
    expect(all.findings.map((f) => `${f.api} ${f.reason}`)).toEqual(['dma_map_page page-to-phys', 'dma_map_page virt-to-phys', 'dma_unmap_page unmap', 'dma_unmap_page unmap']);
  });

  it('takes the API level from the Makefile when the tree has no include/: an added kmap_atomic() is a warning that fails', async () => {
    const repo = TestRepo.create({ Makefile: 'VERSION = 6\nPATCHLEVEL = 12\n', 'drivers/net/acme/acme.c': '// SPDX-License-Identifier: GPL-2.0\n#include <linux/highmem.h>\n' });
    append(repo, 'drivers/net/acme/acme.c', '\nstatic void acme_peek(struct page *page, void *dst)\n{\n\tvoid *vaddr = kmap_atomic(page);\n\n\tmemcpy(dst, vaddr, 8);\n\tkunmap_atomic(vaddr);\n}\n');
    repo.git('add', '-A');
    const r = await staged(repo);
    expect(r.target).not.toMatch(/lacks/);
    expect(r.findings.map((f) => `${f.api} ${f.level}`)).toEqual(['kmap_atomic warning', 'kunmap_atomic warning']);
    expect(failingFindings(r)).toHaveLength(2);
  });

  it('passes each change to the behaviour model and keeps the violations on added lines', async () => {
    const repo = repoWithOldCode();
    append(repo, 'drivers/net/acme/acme.c', NEW_FUNCTION);
    repo.git('add', '-A');
    const seen: ChangeUnderCheck[] = [];
    const model: ChangeValidator = {
      id: 'test-model',
      validate(change) {
        seen.push(change);
        return [
          { line: 20, contract: 'lifo-order', message: 'unmapped out of order', trace: [17, 20] },
          { line: 9, contract: 'old-line', message: 'not on an added line' },
        ];
      },
    };
    const r = await staged(repo, { validators: [model] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.before).toBe(kmapDriver('acme'));
    expect(seen[0]!.after).toContain('acme_peek');
    expect([...seen[0]!.addedLines]).toEqual([14, 15, 16, 17, 18, 19, 20, 21]);
    const model_ = r.findings.filter((f) => f.kind === 'model-violation');
    expect(model_.map((f) => `${f.line} ${f.level} ${f.reason}`)).toEqual(['20 error lifo-order']);
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema, with the rewrite as a fix', async () => {
    const repo = repoWithOldCode();
    append(repo, 'drivers/net/acme/acme.c', NEW_FUNCTION);
    repo.git('add', '-A');
    const log = sarifLog(await staged(repo), RULES, { name: 'dma-migrate', version: '0.1.0' });
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const result = log.runs[0]!.results![0]!;
    expect(result.ruleId).toBe('kmap-atomic-to-local');
    expect(log.runs[0]!.tool.driver.rules![result.ruleIndex!]!.id).toBe('kmap-atomic-to-local');
    expect(result.locations![0]!.physicalLocation!.region).toEqual({ startLine: 17, startColumn: 16, endLine: 17, endColumn: 27 });
    expect(result.fixes![0]!.artifactChanges[0]!.replacements.map((x) => x.insertedContent!.text)).toEqual(['kmap_local_page', 'kunmap_local']);
    // The schema really is enforced: a result without a message is rejected.
    const broken = structuredClone(log);
    delete (broken.runs[0]!.results![0] as { message?: unknown }).message;
    expect(validate(broken)).toBe(false);
  });

  it('the CLI exits 1 on findings and 0 when clean, in text, json and sarif', () => {
    const repo = repoWithOldCode();
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'check', ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(cli().status).toBe(0);
    append(repo, 'drivers/net/acme/acme.c', NEW_FUNCTION);
    repo.git('add', '-A');
    const text = cli('--staged');
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^drivers\/net\/acme\/acme\.c:17:16: warning: new use of kmap_atomic\(\)/m);
    const json = JSON.parse(cli('--format', 'json').stdout);
    expect(json.summary).toEqual({ filesChecked: 1, findings: 2, failing: 2, autoConvertible: 2, filesNotJudged: 0 });
    expect(JSON.parse(cli('--format', 'sarif').stdout).version).toBe('2.1.0');
    const stdin = spawnSync(process.execPath, [BIN, 'check', '--stdin-diff', '--format', 'json'], { cwd: repo.dir, env: repo.env, encoding: 'utf8', input: repo.git('diff', '--cached') });
    expect(stdin.status).toBe(1);
    expect(JSON.parse(stdin.stdout).summary.findings).toBe(2);
    expect(cli('--staged', 'HEAD~1..HEAD').status).toBe(2);
  });
});

describe('check parses as rewrite does', () => {
  // `acme_walk_pages` is an iterator only because the tree's .clang-format says so: read
  // without that list, the `break` is outside any loop and the behaviour model cannot
  // judge the rewrite. check must read the file as rewrite does (one context builder).
  const ITERATING = `// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static int acme_find(struct acme *a, struct page *page)
{
\tacme_walk_pages(a, page) {
\t\tchar *k = kmap_atomic(page);

\t\tif (*k) {
\t\t\tkunmap_atomic(k);
\t\t\tbreak;
\t\t}
\t\tkunmap_atomic(k);
\t}
\treturn 0;
}

MODULE_LICENSE("GPL");
`;

  it("uses the tree's .clang-format iterator macros, as rewrite does", async () => {
    const repo = repoWithOldCode({ '.clang-format': "ForEachMacros:\n  - 'acme_walk_pages'\n" });
    repo.write({ 'drivers/net/acme/find.c': ITERATING });
    repo.git('add', '-A');
    const r = await staged(repo);
    expect(r.findings.map((f) => `${f.line} ${f.api} ${f.status} ${f.reason} auto=${f.autoConvert}`)).toEqual([
      '7 kmap_atomic convert kmap-local auto=true',
      '10 kunmap_atomic convert kmap-local auto=true',
      '13 kunmap_atomic convert kmap-local auto=true',
    ]);
    const { runMigration } = await import('../../src/engine/pipeline/index.js');
    const rewrite = await runMigration({ paths: [path.join(repo.dir, 'drivers/net/acme/find.c')], mode: 'rewrite', jobs: 1 });
    expect(rewrite.files[0]!.findings.map((f) => `${f.line} ${f.status} ${f.reason}`)).toEqual(r.findings.map((f) => `${f.line} ${f.status} ${f.reason}`));
  });
});

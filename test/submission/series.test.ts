/**
 * `series` end to end on real git repositories: the patches apply with
 * `git am` on a fresh branch and give exactly the tree `rewrite --write`
 * gives; subjects, recipients, messages and the cover letter are what a
 * maintainer expects; nothing is written outside the output directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { buildSeries, type SeriesOptions } from '../../src/deliver/series/build-series.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo, gitEnv } from '../harness/git-repo.js';
import { kernelLikeTree } from './kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const TOOL = { name: 'dma-migrate', version: '0.1.0' };

function historyRepo(): TestRepo {
  const repo = TestRepo.create(kernelLikeTree());
  repo.touch('drivers/net/ethernet/acme/acme_main.c', 'acme: Fix the rx refill');
  repo.touch('drivers/net/ethernet/acme/acme_rx.c', 'acme: Add per-queue statistics');
  repo.touch('drivers/net/ethernet/acme/acme_main.c', 'acme: Drop a stale comment');
  repo.touch('drivers/net/ethernet/acme/acme_main.c', 'net: acme: Use netdev_alloc_skb()');
  repo.touch('drivers/net/ethernet/acme/acme_main.c', 'Revert "net: acme: Use netdev_alloc_skb()"');
  repo.touch('fs/blkfs/read.c', 'Merge branch \'blkfs-fixes\'');
  return repo;
}

function opts(repo: TestRepo, out: string, extra: Partial<SeriesOptions> = {}): SeriesOptions {
  return { tree: repo.dir, outDir: out, env: repo.env, tool: TOOL, ...extra };
}

function patchFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => /^\d{4}-.*\.patch$/.test(n)).sort();
}

function header(mail: string, name: string): string[] {
  const head = mail.slice(0, mail.indexOf('\n\n'));
  const m = new RegExp(`^${name}: ((?:.*)(?:\\n {4}.*)*)`, 'm').exec(head);
  return m ? m[1]!.split(/,\n {4}/).map((s) => s.trim()) : [];
}

function subjectOf(mail: string): string {
  return /^Subject: (.*(?:\n .*)*)/m.exec(mail)![1]!.replace(/\n /g, ' ');
}

describe('series', () => {
  it('writes one patch per driver directory (every rule\'s changes together) that git am applies, equal to rewrite --write', async () => {
    const repo = historyRepo();
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out));
    const names = patchFiles(out);
    expect(names[0]).toBe('0000-cover-letter.patch');
    expect(names).toHaveLength(result.patches.length + 1);
    // acme and bolt carry both rules' changes; tunlike, vethlike and blkfs only kmap's.
    expect(result.patches.map((p) => `${p.rules.join('+')} ${p.files.join(',')}`)).toEqual([
      'dma-map-page-to-phys+kmap-atomic-to-local drivers/net/ethernet/acme/acme_main.c,drivers/net/ethernet/acme/acme_rx.c',
      'dma-map-page-to-phys+kmap-atomic-to-local drivers/net/ethernet/bolt/bolt.c',
      'kmap-atomic-to-local drivers/net/tunlike.c',
      'kmap-atomic-to-local drivers/net/vethlike.c',
      'kmap-atomic-to-local fs/blkfs/read.c',
    ]);
    expect(result.recipientSource).toBe('MAINTAINERS');

    const applied = repo.clone('applied');
    applied.git('checkout', '-q', '-b', 'series');
    applied.git('am', '-q', ...names.slice(1).map((n) => path.join(out, n)));
    expect(applied.git('log', '--format=%s', `${result.base}..HEAD`).trim().split('\n').reverse()).toEqual(result.patches.map((p) => p.subject));

    const rewritten = repo.clone('rewritten');
    const r = spawnSync(process.execPath, [BIN, 'rewrite', '--write', rewritten.dir], { env: rewritten.env, encoding: 'utf8' });
    expect(r.status).toBe(1); // blkfs_fast_write is left for review
    rewritten.git('add', '-A');
    expect(applied.git('rev-parse', 'HEAD^{tree}').trim()).toBe(rewritten.git('write-tree').trim());
  });

  it('keeps a comment that still names kmap_atomic() out of the commit message, as a to-do for the author', async () => {
    const tree = kernelLikeTree();
    tree['fs/blkfs/read.c'] = tree['fs/blkfs/read.c']!.replace('\tmemcpy(dst, kaddr + off, len);', '\t/* kmap_atomic() keeps this short */\n\tmemcpy(dst, kaddr + off, len);');
    const repo = TestRepo.create(tree);
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out));
    const blkfs = result.patches.find((p) => p.files.includes('fs/blkfs/read.c'))!;
    expect(blkfs.todo).toEqual(['fs/blkfs/read.c:6: blkfs_read_block(): the comment at line 8 still names kmap_atomic(); dma-migrate does not edit comments: check it still describes the code']);
    expect(readFileSync(blkfs.file, 'utf8')).not.toMatch(/does not edit comments/);
    expect(result.patches.filter((p) => p !== blkfs).every((p) => p.todo.length === 0)).toBe(true);
  });

  it('learns subject prefixes from history (most common, ignoring reverts and merges), then the table, then the directory; --prefix-map overrides', async () => {
    const repo = historyRepo();
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out));
    const subjects = result.patches.map((p) => `${p.subject} [${p.prefixSource}]`);
    expect(subjects).toEqual([
      'acme: Convert to kmap_local_page() and dma_map_phys() [history]',
      'net: bolt: Convert to kmap_local_page() and dma_map_phys() [table]',
      'net: tunlike: Replace kmap_atomic() with kmap_local_page() [table]',
      'net: vethlike: Replace kmap_atomic() with kmap_local_page() [table]',
      'blkfs: Replace kmap_atomic() with kmap_local_page() [table]',
    ]);
    expect(subjectOf(readFileSync(result.patches[0]!.file, 'utf8'))).toBe('[PATCH 1/5] acme: Convert to kmap_local_page() and dma_map_phys()');
    const mapped = await buildSeries(opts(repo, path.join(path.dirname(repo.dir), 'mapped'), { prefixMap: [['drivers/net/ethernet/acme/', 'net: acme:'], ['fs/blkfs/read.c', 'blkfs/read:']] }));
    expect(mapped.patches.map((p) => `${p.subject} [${p.prefixSource}]`)).toEqual([
      'net: acme: Convert to kmap_local_page() and dma_map_phys() [map]',
      'net: bolt: Convert to kmap_local_page() and dma_map_phys() [table]',
      'net: tunlike: Replace kmap_atomic() with kmap_local_page() [table]',
      'net: vethlike: Replace kmap_atomic() with kmap_local_page() [table]',
      'blkfs/read: Replace kmap_atomic() with kmap_local_page() [map]',
    ]);
  });

  it('sends each patch to its own maintainers only (MAINTAINERS: F:, X:, roles; THE REST\'s maintainer left out)', async () => {
    const repo = historyRepo();
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out));
    const mails = result.patches.map((p) => readFileSync(p.file, 'utf8'));
    expect(header(mails[0]!, 'To')).toEqual(['Ann Acme <ann@acme.example>', 'Ned Net <ned@net.example>']);
    expect(header(mails[0]!, 'Cc')).toEqual(['acme-dev@lists.example', 'netdev@vger.kernel.org', 'linux-kernel@vger.kernel.org']);
    expect(header(mails[2]!, 'To')).toEqual(['Tina Tun <tina@tun.example>', 'Ned Net <ned@net.example>']);
    expect(header(mails[3]!, 'To')).toEqual(['Vic Veth <vic@veth.example>', 'Ned Net <ned@net.example>']);
    expect(header(mails[4]!, 'To')).toEqual(['Bob Blk <bob@blk.example>']);
    expect(header(mails[4]!, 'Cc')).toEqual(['Rita Review <rita@review.example>', 'linux-kernel@vger.kernel.org']);
    for (const m of mails) expect(m).not.toMatch(/torvalds@/);
    const cover = readFileSync(path.join(out, '0000-cover-letter.patch'), 'utf8');
    expect(header(cover, 'To')).toHaveLength(6);
  });

  it('writes kernel-style messages: rationale, safety notes, tool line, Signed-off-by; lines within 75 columns', async () => {
    const repo = historyRepo();
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out));
    const acme = readFileSync(result.patches[0]!.file, 'utf8');
    const body = acme.slice(acme.indexOf('\n\n') + 2, acme.indexOf('\n---\n'));
    // One paragraph per rule the patch carries, in rule order.
    expect(body).toMatch(/^Linux 6\.18 added dma_map_phys\(\)/);
    expect(body).toMatch(/^kmap_atomic\(\) is deprecated in favour of kmap_local_page\(\)/m);
    // Nothing untrue of this patch: no pagefault_disable() was added here.
    expect(body).not.toMatch(/pagefault_enable\(\) are added/);
    // The safety note of the fix, rewrapped: which function, and why no pagefault/preempt primitive is needed.
    expect(body).toMatch(/^acme_rx_copy_rx\(\): kmap_atomic\(\) became kmap_local_page\(\); the code\nbetween map and unmap depends neither on disabled page faults/m);
    expect(body).toMatch(/^Generated by dma-migrate 0\.1\.0 \(rules dma-map-page-to-phys,\nkmap-atomic-to-local\)\.$/m);
    expect(body.trimEnd().split('\n').pop()).toBe('Signed-off-by: Dev One <dev@example.org>');
    for (const p of result.patches) {
      const mail = readFileSync(p.file, 'utf8');
      const msg = mail.slice(mail.indexOf('\n\n') + 2, mail.indexOf('\n---\n'));
      for (const line of msg.split('\n')) expect(line.length, line).toBeLessThanOrEqual(75);
    }
    const cover = readFileSync(path.join(out, '0000-cover-letter.patch'), 'utf8');
    expect(subjectOf(cover)).toBe('[PATCH 0/5] Convert to the phys-based DMA and kmap_local APIs');
    expect(cover).toContain(`base-commit: ${result.base}`);
    expect(cover).toMatch(/^ {2}1\/5 acme: Convert to kmap_local_page\(\) and dma_map_phys\(\)$/m);
    expect(cover).toMatch(/relies-on-pagefault-disable 1/);
    expect(cover).toMatch(/^ 6 files changed/m);
  });

  it('groups by MAINTAINERS section with --group maintainers', async () => {
    const repo = historyRepo();
    repo.write({ 'drivers/net/ethernet/acme/sub/acme_tx.c': '// SPDX-License-Identifier: GPL-2.0\n' + readFileSync(path.join(repo.dir, 'drivers/net/tunlike.c'), 'utf8').split('\n').slice(1).join('\n').replace(/tunlike/g, 'acme_tx') });
    repo.commitAll('acme: Add tx');
    const byDir = await buildSeries(opts(repo, path.join(path.dirname(repo.dir), 'by-dir')));
    const bySection = await buildSeries(opts(repo, path.join(path.dirname(repo.dir), 'by-section'), { groupBy: 'maintainers' }));
    expect(byDir.patches.filter((p) => p.files.some((f) => f.includes('/acme/')))).toHaveLength(2);
    const acme = bySection.patches.filter((p) => p.files.some((f) => f.includes('/acme/')));
    expect(acme.map((p) => p.files)).toEqual([['drivers/net/ethernet/acme/acme_main.c', 'drivers/net/ethernet/acme/acme_rx.c', 'drivers/net/ethernet/acme/sub/acme_tx.c']]);
  });

  it('runs the tree\'s scripts/get_maintainer.pl only with --maintainers tree, on each patch', async () => {
    const repo = historyRepo();
    repo.write(
      {
        'scripts/get_maintainer.pl': `#!/usr/bin/perl
# Fake: one maintainer per file the patch touches, and a list.
my %seen;
while (<>) {
\tif (m{^\\+\\+\\+ b/(.*)$}) { my $f = $1; $f =~ s{.*/}{}; $f =~ s{\\..*}{}; print "Owner $f <$f\\@owners.example> (maintainer:FAKE $f)\\n" unless $seen{$f}++; }
}
print "fake-list\\@lists.example (open list:FAKE)\\n";
print "Rev Iewer <rev\\@example.org> (reviewer:FAKE)\\n";
`,
      },
      true,
    );
    repo.commitAll('scripts: add a fake get_maintainer.pl');
    // By default the tree's Perl is not run: recipients come from MAINTAINERS.
    const builtin = await buildSeries(opts(repo, path.join(path.dirname(repo.dir), 'builtin')));
    expect(builtin.recipientSource).toBe('MAINTAINERS');
    expect(builtin.patches.flatMap((p) => p.to).some((a) => a.includes('owners.example'))).toBe(false);
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out, { maintainers: 'tree' }));
    expect(result.recipientSource).toBe('get_maintainer.pl');
    const first = readFileSync(result.patches[0]!.file, 'utf8');
    expect(header(first, 'To')).toEqual(['Owner acme_main <acme_main@owners.example>', 'Owner acme_rx <acme_rx@owners.example>']);
    expect(header(first, 'Cc')).toEqual(['fake-list@lists.example', 'Rev Iewer <rev@example.org>']);
    expect(result.patches[4]!.to).toEqual(['Owner read <read@owners.example>']);
  });

  it('--check reports what checkpatch finds new in each patch, not what the replaced lines already had', async () => {
    const repo = historyRepo();
    const long = `\tchar *kaddr = kmap_atomic(page); /* ${'x'.repeat(90)} */`;
    repo.write({ 'drivers/net/tunlike.c': readFileSync(path.join(repo.dir, 'drivers/net/tunlike.c'), 'utf8').replace('\tchar *kaddr = kmap_atomic(page);', long) });
    repo.write(
      {
        // Fake checkpatch: DEPRECATED_API on added kmap_atomic lines, LONG_LINE past 100 columns, MISSING_SIGN_OFF.
        'scripts/checkpatch.pl': `#!/usr/bin/perl
my ($file, $ln, $n, $sob) = ('', 0, 0, 0);
while (<>) {
\t$n++;
\tchomp;
\t$sob = 1 if /^Signed-off-by:/;
\tif (m{^\\+\\+\\+ b/(.*)$}) { $file = $1; next; }
\tif (/^@@ -\\d+(?:,\\d+)? \\+(\\d+)/) { $ln = $1; next; }
\tnext unless $file;
\tif (/^\\+/) {
\t\tprint "WARNING:DEPRECATED_API: Deprecated use of 'kmap_atomic'\\n#$n: FILE: $file:$ln:\\n$_\\n\\n" if /kmap_atomic/;
\t\tprint "WARNING:LONG_LINE: line length exceeds 100 columns\\n#$n: FILE: $file:$ln:\\n$_\\n\\n" if length($_) > 101;
\t\t$ln++;
\t} elsif (/^ /) { $ln++; }
}
print "ERROR:MISSING_SIGN_OFF: Missing Signed-off-by: line(s)\\n\\n" unless $sob;
exit 0;
`,
      },
      true,
    );
    repo.commitAll('tunlike: a long line; scripts: fake checkpatch');
    const out = path.join(path.dirname(repo.dir), 'out');
    const result = await buildSeries(opts(repo, out, { check: true }));
    expect(result.checkpatchRan).toBe(true);
    const tun = result.patches.find((p) => p.files.includes('drivers/net/tunlike.c'))!;
    expect(tun.checkpatch!.reported.map((i) => i.type)).toEqual(['LONG_LINE']);
    expect(tun.checkpatch!.added).toEqual([]);
    for (const p of result.patches) expect(p.checkpatch!.added, p.subject).toEqual([]);
    expect(readFileSync(path.join(out, '0000-cover-letter.patch'), 'utf8')).toMatch(/checkpatch\.pl: no new warnings or errors/);
  });

  it('refuses a tree whose files to convert differ from HEAD, and a directory holding an earlier series', async () => {
    const repo = historyRepo();
    const out = path.join(path.dirname(repo.dir), 'out');
    writeFileSync(path.join(repo.dir, 'fs/blkfs/read.c'), `${readFileSync(path.join(repo.dir, 'fs/blkfs/read.c'), 'utf8')}\n/* local edit */\n`);
    await expect(buildSeries(opts(repo, out))).rejects.toThrow(/differ from HEAD \(fs\/blkfs\/read\.c\)/);
    repo.git('checkout', '--', 'fs/blkfs/read.c');
    await buildSeries(opts(repo, out));
    await expect(buildSeries(opts(repo, out))).rejects.toBeInstanceOf(UsageError);
    expect(existsSync(path.join(out, '.dma-migrate-series-'))).toBe(false);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('keeps every file inside DIR: hostile subjects in history, a symlink in DIR pointing outside', async () => {
    const repo = historyRepo();
    repo.touch('drivers/net/vethlike.c', '../../../../tmp/evil: Escape');
    repo.touch('drivers/net/vethlike.c', '../../../../tmp/evil: Escape again');
    const parent = path.dirname(repo.dir);
    const first = await buildSeries(opts(repo, path.join(parent, 'probe')));
    const victim = path.join(parent, 'victim.txt');
    writeFileSync(victim, 'untouched\n');
    const out = path.join(parent, 'out');
    mkdirSync(out);
    const name = path.basename(first.patches[0]!.file);
    symlinkSync(victim, path.join(out, name));
    const before = readdirSync(parent).sort();
    const result = await buildSeries(opts(repo, out, { force: true }));
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(lstatSync(path.join(out, name)).isFile()).toBe(true);
    expect(readdirSync(parent).sort()).toEqual(before);
    for (const p of result.patches) expect(path.dirname(p.file)).toBe(out);
    expect(result.patches.find((p) => p.files.includes('drivers/net/vethlike.c'))!.subject).toMatch(/^net: vethlike: Replace/);
  });

  it('the CLI prints the series and exits 0; --json lists patches with recipients', () => {
    const repo = historyRepo();
    const out = path.join(path.dirname(repo.dir), 'out');
    const r = spawnSync(process.execPath, [BIN, 'series', repo.dir, '-o', out, '--json', '--rule', 'kmap-atomic-to-local'], { env: repo.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.patches).toHaveLength(5);
    expect(json.patches[0].to).toEqual(['Ann Acme <ann@acme.example>', 'Ned Net <ned@net.example>']);
    const bad = spawnSync(process.execPath, [BIN, 'series', repo.dir, '-o', out, '--group', 'nope'], { env: repo.env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    execFileSync('git', ['status'], { cwd: repo.dir, env: repo.env });
  });
  it('refuses DMA patches that cannot build on their base (--target-version past the tree) unless --allow-unbuildable, and the cover letter says so', async () => {
    const repo = TestRepo.create({ ...kernelLikeTree(), Makefile: 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n', 'include/linux/dma-mapping.h': '/* 6.12: no phys API */\n' });
    const out = path.join(path.dirname(repo.dir), 'unbuildable');
    const target = { major: 6, minor: 19 };
    await expect(buildSeries(opts(repo, out, { targetVersion: target }))).rejects.toThrow(/cannot build on their base: .*dma_map_phys\(\).*the base tree \(6\.12\) lacks/);
    expect(existsSync(out)).toBe(false);
    // The kmap patches alone build on 6.12: no refusal.
    const kmapOnly = await buildSeries(opts(repo, path.join(path.dirname(repo.dir), 'kmap-only'), { targetVersion: target, rules: ['kmap-atomic-to-local'] }));
    expect(kmapOnly.patches.length).toBeGreaterThan(0);
    const allowed = await buildSeries(opts(repo, out, { targetVersion: target, allowUnbuildable: true }));
    expect(allowed.patches.some((p) => p.rules.includes('dma-map-page-to-phys'))).toBe(true);
    const cover = readFileSync(path.join(out, '0000-cover-letter.patch'), 'utf8').replace(/\n/g, ' ');
    expect(cover).toMatch(/These patches do not build on the base commit: .*dma_map_phys\(\)/);
  });

  it('works on a plain source tree (a release tarball whose .gitignore ignores /*): its own base commit, a series git am applies', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'dma-migrate-plain-'));
    const tree = path.join(home, 'linux-source');
    const files = { ...kernelLikeTree(), '.gitignore': '/*\n!/.gitignore\n' };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(tree, name)), { recursive: true });
      writeFileSync(path.join(tree, name), text);
    }
    const env = gitEnv(home);
    const out = path.join(home, 'out');
    const result = await buildSeries({ tree, outDir: out, env, tool: TOOL });
    expect(result.plainTree).toBe(true);
    expect(result.patches.length).toBeGreaterThan(1);
    expect(result.patches.every((p) => p.prefixSource === 'table')).toBe(true);
    expect(existsSync(path.join(tree, '.git'))).toBe(false);
    // A repository of the tree as it is (forcing past its .gitignore) takes the series with git am.
    const applied = path.join(home, 'applied');
    cpSync(tree, applied, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: applied, env, encoding: 'utf8' });
    git('init', '-q', '-b', 'master');
    git('add', '-A', '-f');
    git('commit', '-q', '-m', 'tarball');
    git('am', '-q', ...patchFiles(out).slice(1).map((n) => path.join(out, n)));
    const rewritten = path.join(home, 'rewritten');
    cpSync(tree, rewritten, { recursive: true });
    spawnSync(process.execPath, [BIN, 'rewrite', '--write', rewritten], { env, encoding: 'utf8' });
    for (const name of Object.keys(files)) {
      expect(readFileSync(path.join(applied, name), 'utf8'), name).toBe(readFileSync(path.join(rewritten, name), 'utf8'));
    }
  });
});

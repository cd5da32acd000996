/**
 * A repository is untrusted input: its config and .gitattributes can name
 * programs git would run (fsmonitor, filters, textconv, diff drivers, hooks).
 * check --staged, check A..B, validate and series must run none of them, and
 * series runs the tree's get_maintainer.pl only when asked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo } from '../harness/git-repo.js';
import { HEADERS, MAKEFILE, kmapDriver } from '../submission/kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');

/** A repository whose own config would run `touch MARKER-<what>` through every code-running setting. */
function hostileRepo(): { repo: TestRepo; markers: () => string[] } {
  const repo = TestRepo.create({
    Makefile: MAKEFILE,
    ...HEADERS,
    MAINTAINERS: 'ACME DRIVER\nM:\tA Maintainer <a@example.org>\nL:\tnetdev@example.org\nS:\tMaintained\nF:\tdrivers/net/acme/\n',
    'drivers/net/acme/acme.c': kmapDriver('acme'),
    'drivers/net/acme/Makefile': 'obj-y += acme.o\n',
    '.gitattributes': '*.c filter=evil diff=evil\n*.h filter=evil diff=evil\n',
    'scripts/get_maintainer.pl': '#!/usr/bin/perl\nopen(my $f, ">", "MARKER-get_maintainer"); print "X <x@example.org> (maintainer:X)\\n";\n',
  });
  const run = (what: string) => `touch "${repo.dir}/MARKER-${what}"`;
  repo.git('config', 'core.fsmonitor', run('fsmonitor'));
  repo.git('config', 'filter.evil.clean', `${run('clean')}; cat`);
  repo.git('config', 'filter.evil.smudge', `${run('smudge')}; cat`);
  repo.git('config', 'diff.evil.textconv', `${run('textconv')}; cat`);
  repo.git('config', 'diff.evil.command', run('diffcommand'));
  repo.git('config', 'diff.external', run('external'));
  repo.git('config', 'core.pager', run('pager'));
  repo.git('config', 'core.hooksPath', path.join(repo.dir, 'hooks'));
  repo.write({ 'hooks/pre-commit': `#!/bin/sh\n${run('hook')}\n`, 'hooks/post-commit': `#!/bin/sh\n${run('hook')}\n` }, true);
  const markers = () => readdirSync(repo.dir).filter((n) => n.startsWith('MARKER-'));
  return { repo, markers };
}

function cli(repo: TestRepo, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
}

/** Our own setup would trip the markers too (git add, commit): clear them before each command under test. */
function clear(repo: TestRepo): void {
  for (const n of readdirSync(repo.dir)) if (n.startsWith('MARKER-')) rmSync(path.join(repo.dir, n));
}

describe('a hostile repository', () => {
  it('the markers work: plain git in this repository runs them', () => {
    const { repo, markers } = hostileRepo();
    clear(repo);
    repo.write({ 'drivers/net/acme/acme.c': readFileSync(path.join(repo.dir, 'drivers/net/acme/acme.c'), 'utf8') + '/* x */\n' });
    spawnSync('git', ['diff'], { cwd: repo.dir, env: repo.env });
    expect(markers()).toEqual(expect.arrayContaining(['MARKER-fsmonitor', 'MARKER-clean']));
  });

  it('check --staged, check A..B, validate and series run nothing the repository configures', () => {
    const { repo, markers } = hostileRepo();
    const file = path.join(repo.dir, 'drivers/net/acme/acme.c');
    repo.write({ 'drivers/net/acme/acme.c': readFileSync(file, 'utf8') + '\nstatic void acme_peek(struct page *p, void *d)\n{\n\tvoid *v = kmap_atomic(p);\n\n\tmemcpy(d, v, 8);\n\tkunmap_atomic(v);\n}\n' });
    repo.git('add', '-A');

    clear(repo);
    const staged = cli(repo, 'check', '--staged');
    expect(staged.status, staged.stderr).toBe(1);
    expect(markers()).toEqual([]);

    repo.git('commit', '-q', '-m', 'acme: add peek');
    clear(repo);
    const range = cli(repo, 'check', 'HEAD~1..HEAD');
    expect(range.status, range.stderr).toBe(1);
    expect(markers()).toEqual([]);

    repo.write({ 'drivers/net/acme/acme.c': readFileSync(file, 'utf8').replace('kmap_atomic(p)', 'kmap_local_page(p)').replace('kunmap_atomic(v)', 'kunmap_local(v)') });
    clear(repo);
    const validate = cli(repo, 'validate');
    expect(validate.status, validate.stderr).not.toBe(70);
    expect(validate.stdout + validate.stderr).toMatch(/acme/);
    expect(markers()).toEqual([]);

    repo.git('checkout', '--', '.');
    clear(repo);
    const out = path.join(path.dirname(repo.dir), 'series-out');
    const series = cli(repo, 'series', '.', '-o', out);
    expect(series.status, series.stderr).toBe(0);
    expect(readdirSync(out).filter((n) => n.endsWith('.patch')).length).toBeGreaterThan(1);
    expect(markers()).toEqual([]);
    // Recipients came from MAINTAINERS, not from the tree's get_maintainer.pl.
    expect(existsSync(path.join(repo.dir, 'MARKER-get_maintainer'))).toBe(false);
    const patch = readdirSync(out).find((n) => n.startsWith('0001-'))!;
    expect(readFileSync(path.join(out, patch), 'utf8')).toMatch(/^To: A Maintainer <a@example.org>/m);
  });
});

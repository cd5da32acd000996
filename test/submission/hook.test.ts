/** The pre-commit hook: blocks a commit that adds kmap_atomic(), chains an existing hook, and uninstalls cleanly. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOK_MARKER, installHook, uninstallHook } from '../../src/deliver/hook/pre-commit-hook.js';
import { Git } from '../../src/deliver/git/run-git.js';
import { REPO_ROOT } from '../harness/corpus.js';
import { TestRepo } from '../harness/git-repo.js';
import { HEADERS, MAKEFILE, kmapDriver } from './kernel-like-tree.js';

const BIN = path.join(REPO_ROOT, 'bin', 'dma-migrate.js');
const OLD_HOOK = '#!/bin/sh\necho "old hook ran" >> "$(git rev-parse --git-dir)/old-hook.log"\nexit ${OLD_HOOK_EXIT:-0}\n';

function repo(): TestRepo {
  return TestRepo.create({ Makefile: MAKEFILE, ...HEADERS, 'drivers/net/acme/acme.c': kmapDriver('acme') });
}

function commit(r: TestRepo, file: string, text: string, env: NodeJS.ProcessEnv = {}) {
  r.write({ [file]: text });
  r.git('add', '-A');
  return spawnSync('git', ['commit', '-q', '-m', 'x: test'], { cwd: r.dir, env: { ...r.env, ...env }, encoding: 'utf8' });
}

describe('hook', () => {
  it('installs a pre-commit hook that blocks a commit adding kmap_atomic() and passes a clean one, running the earlier hook first', () => {
    const r = repo();
    const hooks = path.join(r.dir, '.git', 'hooks');
    writeFileSync(path.join(hooks, 'pre-commit'), OLD_HOOK);
    chmodSync(path.join(hooks, 'pre-commit'), 0o755);
    const inst = spawnSync(process.execPath, [BIN, 'hook', 'install'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(inst.status, inst.stderr).toBe(0);
    expect(readFileSync(path.join(hooks, 'pre-commit.pre-dma-migrate'), 'utf8')).toBe(OLD_HOOK);
    expect(statSync(path.join(hooks, 'pre-commit')).mode & 0o111).not.toBe(0);

    const bad = commit(r, 'drivers/net/acme/new.c', kmapDriver('fresh'));
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/drivers\/net\/acme\/new\.c:\d+:\d+: warning: new use of kmap_atomic\(\)/);
    expect(readFileSync(path.join(r.dir, '.git', 'old-hook.log'), 'utf8')).toBe('old hook ran\n');

    r.git('reset', '-q', 'HEAD', '--', 'drivers/net/acme/new.c');
    r.git('clean', '-q', '-f');
    const good = commit(r, 'drivers/net/acme/README', 'no C here\n');
    expect(good.status, good.stdout + good.stderr).toBe(0);
    // The earlier hook's failure still stops the commit.
    const blocked = commit(r, 'drivers/net/acme/README2', 'x\n', { OLD_HOOK_EXIT: '3' });
    expect(blocked.status).not.toBe(0);

    const un = spawnSync(process.execPath, [BIN, 'hook', 'uninstall'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(un.status).toBe(0);
    expect(readFileSync(path.join(hooks, 'pre-commit'), 'utf8')).toBe(OLD_HOOK);
    expect(existsSync(path.join(hooks, 'pre-commit.pre-dma-migrate'))).toBe(false);
  });

  it('passes --exclude and --policy to the hook\'s check, and rejects a bad policy at install', () => {
    const r = repo();
    const inst = spawnSync(process.execPath, [BIN, 'hook', 'install', '--exclude', 'drivers/staging/**', '--exclude', "drivers/net/acme/it's.c", '--policy', 'all'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(inst.status, inst.stderr).toBe(0);
    const script = readFileSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'), 'utf8');
    expect(script).toContain("--policy all --exclude 'drivers/staging/**' --exclude 'drivers/net/acme/it'\\''s.c'");
    // The excluded path's new kmap_atomic() does not stop the commit; the same code elsewhere does.
    const excluded = commit(r, 'drivers/staging/old/new.c', kmapDriver('staging'));
    expect(excluded.status, excluded.stdout + excluded.stderr).toBe(0);
    const quoted = commit(r, "drivers/net/acme/it's.c", kmapDriver('quoted'));
    expect(quoted.status, quoted.stdout + quoted.stderr).toBe(0);
    const bad = commit(r, 'drivers/net/acme/new.c', kmapDriver('fresh'));
    expect(bad.status).toBe(1);
    const wrong = spawnSync(process.execPath, [BIN, 'hook', 'install', '--policy', 'some'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--policy expects upstream or all/);
  });

  it('is idempotent, honours core.hooksPath, and never overwrites or removes a hook that is not its own', () => {
    const r = repo();
    r.git('config', 'core.hooksPath', 'my-hooks');
    const git = new Git(r.dir, r.env);
    const first = installHook(git, ['/bin/true']);
    expect(first).toEqual({ hook: path.join(r.dir, 'my-hooks', 'pre-commit'), action: 'installed' });
    expect(installHook(git, ['/bin/echo', "it's"]).action).toBe('updated');
    expect(readFileSync(first.hook, 'utf8')).toContain(`exec /bin/echo 'it'\\''s'`);
    expect(readFileSync(first.hook, 'utf8')).toContain(HOOK_MARKER);
    // Someone replaces our hook while a saved one exists: refuse to guess.
    writeFileSync(path.join(r.dir, 'my-hooks', 'pre-commit.pre-dma-migrate'), OLD_HOOK);
    writeFileSync(first.hook, '#!/bin/sh\nexit 0\n');
    expect(() => installHook(git, ['/bin/true'])).toThrow(/already holds a saved hook/);
    expect(() => uninstallHook(git)).toThrow(/not dma-migrate's hook; left alone/);
    expect(readFileSync(first.hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect(uninstallHook(new Git(repo().dir, r.env)).action).toBe('not-installed');
  });
});

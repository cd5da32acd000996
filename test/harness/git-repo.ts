/** Real git repositories in a temp dir for the series, check and hook tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** An environment with no global git config and a fixed identity. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Dev One',
    GIT_AUTHOR_EMAIL: 'dev@example.org',
    GIT_COMMITTER_NAME: 'Dev One',
    GIT_COMMITTER_EMAIL: 'dev@example.org',
    LC_ALL: 'C',
  };
}

export class TestRepo {
  readonly env: NodeJS.ProcessEnv;
  constructor(readonly dir: string) {
    this.env = gitEnv(path.dirname(dir));
  }

  static create(files: Record<string, string>, message = 'Initial import'): TestRepo {
    const home = mkdtempSync(path.join(tmpdir(), 'dma-migrate-git-'));
    const repo = new TestRepo(path.join(home, 'tree'));
    mkdirSync(repo.dir);
    repo.git('init', '-q', '-b', 'master');
    repo.write(files);
    repo.commitAll(message);
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8' });
  }

  gitInput(input: string | Buffer, ...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8', input });
  }

  write(files: Record<string, string | Buffer>, executable = false): void {
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(this.dir, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      if (executable) chmodSync(abs, 0o755);
    }
  }

  commitAll(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
  }

  /** Append a line to a file and commit it with `subject` (kernel-like history). */
  touch(rel: string, subject: string): void {
    const abs = path.join(this.dir, rel);
    writeFileSync(abs, `${execFileSync('cat', [abs], { encoding: 'utf8' })}/* ${subject.length} */\n`);
    this.git('commit', '-q', '-a', '-m', subject);
  }

  /** A fresh clone beside this repository. */
  clone(name: string): TestRepo {
    const dest = path.join(path.dirname(this.dir), name);
    execFileSync('git', ['clone', '-q', this.dir, dest], { env: this.env });
    return new TestRepo(dest);
  }
}

/** Run the built CLI as a user would; progress (stderr) streams through so CI logs show the long steps. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../harness/corpus.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'dma-migrate.js'), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

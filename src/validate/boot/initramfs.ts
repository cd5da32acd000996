/**
 * The boot test's userspace: a static i386 PID 1 built from module-c/init.c
 * with the host gcc (-m32, no libc: it only opens, loads a module and
 * restarts), and an initramfs made by the kernel's own usr/gen_init_cpio.
 * No busybox and no i386 packages are needed.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KernelBuildError } from '../kbuild/errors.js';
import { runTool } from '../kbuild/run-tool.js';
import { MODULE_ASSETS_DIR } from './module-assets.js';

export async function buildInit(outFile: string, env: NodeJS.ProcessEnv, assetsDir = MODULE_ASSETS_DIR): Promise<void> {
  const run = await runTool(
    'gcc',
    ['-m32', '-Os', '-ffreestanding', '-fno-pic', '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-nostdlib', '-static', '-no-pie', '-o', outFile, path.join(assetsDir, 'init.c')],
    { env },
  );
  if (!run.ok) throw new KernelBuildError(`cannot build the i386 init with gcc -m32:\n${run.output.trim()}`);
}

export function buildInitramfs(o: { genInitCpio: string; init: string; module: string; out: string; env: NodeJS.ProcessEnv }): void {
  const list = `${o.out}.list`;
  writeFileSync(
    list,
    ['dir /dev 0755 0 0', 'nod /dev/console 0600 0 0 c 5 1', `file /init ${o.init} 0755 0 0`, `file /test.ko ${o.module} 0644 0 0`, ''].join('\n'),
  );
  const fd = openSync(o.out, 'w');
  try {
    const r = spawnSync(o.genInitCpio, [list], { stdio: ['ignore', fd, 'pipe'], env: o.env });
    if (r.status !== 0) throw new KernelBuildError(`gen_init_cpio failed: ${r.stderr?.toString() ?? r.error?.message ?? ''}`);
  } finally {
    closeSync(fd);
  }
}

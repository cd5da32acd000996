/**
 * `dma-migrate validate --boot [TREE]`. Deliberate bugs for demonstrating a
 * FAIL come from --mutate or the DMA_MIGRATE_BOOT_MUTATE environment variable
 * (comma-separated mutation ids).
 */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { validateBoot } from '../../validate/boot/validate-boot.js';
import type { CliIO } from '../io.js';
import { renderBootReport } from '../render/validation.js';
import { makeStyle } from '../render/style.js';
import type { KernelValidateOptions } from './validate-kernel.js';

export async function validateBootCommand(tree: string, opts: KernelValidateOptions, io: CliIO, cacheDir: string, log: (line: string) => void): Promise<ExitCode> {
  const fromEnv = (io.env.DMA_MIGRATE_BOOT_MUTATE ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const mutations = [...new Set([...(opts.mutate ?? []), ...fromEnv])];
  const start = performance.now();
  const report = await validateBoot({
    tree,
    cacheDir,
    env: io.env,
    install: opts.install !== false,
    ...(opts.jobs ? { jobs: Number(opts.jobs) } : {}),
    ...(mutations.length ? { mutations } : {}),
    ...(opts.rebuild ? { rebuild: true } : {}),
    log,
    now: () => performance.now(),
  });
  const seconds = (performance.now() - start) / 1000;
  if (opts.json) io.stdout.write(JSON.stringify({ ...report, seconds }, null, 2) + '\n');
  else io.stdout.write(renderBootReport(report, seconds, makeStyle(io.stdout.isTTY ?? false, io.env)));
  return report.pass ? EXIT.ok : EXIT.verification;
}

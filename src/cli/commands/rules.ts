/** `dma-migrate rules`: one line per rule. */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { FEATURES } from '../../core/target.js';
import { RULES } from '../../rules/index.js';
import type { CliIO } from '../io.js';
import { makeStyle } from '../render/style.js';

export function rulesCommand(opts: { json?: boolean }, io: CliIO): ExitCode {
  if (opts.json) {
    io.stdout.write(JSON.stringify(RULES.map((r) => ({ id: r.meta.id, summary: r.meta.summary, confidence: r.meta.confidence, apis: r.meta.apis, requires: r.meta.requires ?? null, reasons: r.meta.reasons })), null, 2) + '\n');
    return EXIT.ok;
  }
  const style = makeStyle(io.stdout.isTTY ?? false, io.env);
  const w = Math.max(...RULES.map((r) => r.meta.id.length));
  for (const r of RULES) {
    const needs = r.meta.requires ? ` (needs ${FEATURES[r.meta.requires].since.major}.${FEATURES[r.meta.requires].since.minor}+)` : '';
    io.stdout.write(`${style.bold(r.meta.id.padEnd(w))}  ${r.meta.summary}${style.gray(needs)}\n`);
  }
  return EXIT.ok;
}

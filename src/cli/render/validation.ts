/** Human output of `validate --compile` and `validate --boot`. */
import type { ChalkInstance } from 'chalk';
import { NEGATIVE_CONTROLS } from '../../validate/boot/judge-serial.js';
import type { BootReport } from '../../validate/boot/validate-boot.js';
import type { CompileReport, ObjectStatus } from '../../validate/compile/validate-compile.js';

const LABEL: Record<ObjectStatus, string> = {
  clean: 'built clean',
  'new-warnings': 'new warnings',
  errors: 'errors',
  'not-built': 'not built',
};

export function renderCompileReport(r: CompileReport, s: ChalkInstance): string {
  const out: string[] = [];
  out.push(s.bold(`validate --compile: ${r.objects.length} object(s) in ${r.tree}`));
  if (r.overlay) {
    out.push(`  overlay: the tree lacks ${r.overlay.lacks.join(', ')}; an API-backport overlay was applied to the scratch build only (${r.overlay.files.join(', ')}), never to a patch`);
  }
  const w = Math.max(...Object.values(LABEL).map((l) => l.length));
  for (const o of r.objects) {
    const color = o.status === 'clean' ? s.green : o.status === 'not-built' ? s.yellow : s.red;
    const where = o.arch ? `${o.arch}, ${o.config}, W=1${o.sparse ? ' C=1' : ''}` : '';
    const extra = o.status === 'not-built' ? o.reason ?? '' : `${where}; ${o.baseline ?? 0} diagnostic(s) before; ${o.seconds.toFixed(1)} s`;
    out.push(`  ${color(LABEL[o.status].padEnd(w))}  ${o.object}  ${s.gray(extra)}`);
    for (const d of o.added) out.push(`      ${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.flag ? ` [${d.flag}]` : ''}`);
    if (o.reason && o.status !== 'not-built') out.push(`      ${o.reason}`);
    if (o.logs && o.status !== 'clean') out.push(s.gray(`      logs: ${o.logs.before} ${o.logs.after}`));
  }
  for (const k of r.skipped) out.push(`  ${s.yellow('skipped'.padEnd(w))}  ${k.path}  ${s.gray(k.reason)}`);
  const count = (st: ObjectStatus) => r.objects.filter((o) => o.status === st).length;
  out.push(`summary: ${count('clean')} built clean, ${count('new-warnings')} with new warnings, ${count('errors')} with errors, ${count('not-built')} not built, ${r.skipped.length} skipped`);
  return out.join('\n') + '\n';
}

export function renderBootReport(r: BootReport, seconds: number, s: ChalkInstance): string {
  const out: string[] = [];
  const k = r.kernel;
  out.push(s.bold(`validate --boot: ${r.tree}`));
  out.push(`  kernel: i386 HIGHMEM4G, DMA_API_DEBUG, DEBUG_KMAP_LOCAL_FORCE_MAP, DEBUG_ATOMIC_SLEEP; ${k.cached ? 'cached, reused' : `configured in ${k.configureSeconds?.toFixed(1)} s, built in ${k.buildSeconds?.toFixed(0)} s`} (${k.dir})`);
  if (k.overlayLacks.length) out.push(`  overlay: the tree lacks ${k.overlayLacks.join(', ')}; an API-backport overlay was applied to this scratch kernel only (${k.overlayFiles.join(', ')}), never to a patch`);
  for (const f of r.module.files) out.push(`  module: ${f.output} is ${f.template} rewritten by dma-migrate (${Object.entries(f.converted).map(([id, n]) => `${n} site(s) by ${id}`).join(', ')})`);
  if (r.module.mutations.length) out.push(s.yellow(`  module: deliberately broken with ${r.module.mutations.join(', ')}`));
  if (r.boot) out.push(`  boot: ${r.boot.timedOut ? 'timed out' : `${r.boot.seconds.toFixed(1)} s`} under QEMU (TCG); console: ${r.boot.consoleLog}`);
  out.push('checks:');
  for (const c of r.verdict.checks) {
    const tag = c.status === 'pass' ? s.green('PASS') : c.status === 'fail' ? s.red('FAIL') : s.red('MISSING');
    out.push(`  ${tag}  ${c.name}${c.detail ? s.gray(`  ${c.detail}`) : ''}`);
  }
  for (const l of r.module.left) out.push(`  ${s.yellow('SKIP')}  ${l.template.replace(/^template-|\.c$/g, '')}  ${s.gray(l.reason)}`);
  out.push('negative controls (each must be caught):');
  for (const n of r.verdict.negatives) {
    const spec = NEGATIVE_CONTROLS.find((x) => x.name === n.name);
    out.push(`  ${n.caught ? s.green('caught') : s.red('MISSED')}  ${n.name}  ${s.gray(n.evidence ?? spec?.describe ?? '')}`);
  }
  for (const x of r.verdict.stray) out.push(s.red(`  outside any negative control, console line ${x.line}: ${x.text}`));
  for (const p of r.verdict.problems) out.push(s.red(`  ${p}`));
  const passed = r.verdict.checks.filter((c) => c.status === 'pass').length;
  const caught = r.verdict.negatives.filter((n) => n.caught).length;
  const verdict = r.pass ? s.green.bold('PASS') : s.red.bold('FAIL');
  out.push(`${verdict}: ${passed}/${r.verdict.checks.length} checks passed, ${caught}/${r.verdict.negatives.length} negative controls caught, ${r.verdict.stray.length} unexpected kernel report(s); ${seconds.toFixed(0)} s`);
  return out.join('\n') + '\n';
}

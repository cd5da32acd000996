/**
 * Generate the boot test module by running dma-migrate's own rules over the
 * templates in module-c/: the harness (dmv_main.c) and the hand-written
 * negative controls are copied, each template is rewritten, and generation
 * fails unless every site of a template was converted. A drop-offset copy of
 * the rewritten DMA code is linked for the "dropped-offset" negative control.
 * The provider template joins only when the dma_map_ops provider rule is
 * registered; adding a case is one entry in TEMPLATES plus harness checks.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VerificationError } from '../../core/errors.js';
import type { Rule } from '../../core/rule.js';
import type { KernelVersion } from '../../core/target.js';
import { createCParser } from '../../engine/parse/index.js';
import { runMigration } from '../../engine/pipeline/index.js';
import { RULES } from '../../rules/index.js';
import { MODULE_ASSETS_DIR } from './module-assets.js';
import { mutationById } from './mutations.js';

/** The rule that converts struct dma_map_ops providers (issue 5); the provider case runs when it exists. */
export const PROVIDER_RULE_ID = 'dma-ops-map-page-to-map-phys';

export interface TemplateSpec {
  readonly template: string;
  readonly output: string;
  readonly rules: readonly string[];
  readonly target: KernelVersion;
  /** The checks dmv_main.c runs on this file's code. */
  readonly checks: readonly string[];
  /** Compiled into the harness (-D) when this template is part of the module. */
  readonly harnessDefine?: string;
  /** Left out (and reported) when its rule is not registered, instead of failing. */
  readonly optional?: boolean;
}

export const TEMPLATES: readonly TemplateSpec[] = [
  {
    template: 'template-dma.c',
    output: 'dmv_dma.c',
    rules: ['dma-map-page-to-phys', 'dma-map-resource-to-phys'],
    target: { major: 6, minor: 18 },
    checks: ['dma-page-offset', 'dma-page-attrs', 'dma-offset-expression', 'dma-sg-phys', 'dma-bvec-phys', 'dma-virt-to-phys', 'dma-pfn-phys', 'dma-resource-mmio'],
  },
  {
    template: 'template-kmap.c',
    output: 'dmv_kmap.c',
    rules: ['kmap-atomic-to-local'],
    target: { major: 6, minor: 18 },
    checks: ['kmap-nested-lifo', 'kmap-loop', 'kmap-memcpy-region'],
  },
  {
    template: 'template-provider.c',
    output: 'dmv_provider.c',
    rules: [PROVIDER_RULE_ID],
    target: { major: 6, minor: 19 },
    checks: ['provider-map-phys', 'provider-rejects-mmio'],
    harnessDefine: 'DMV_HAVE_PROVIDER',
    optional: true,
  },
];

const STATIC_FILES = ['dmv.h', 'dmv_main.c', 'dmv_neg.c'];
export const NEG_COPY = 'dmv_neg_dma.c';
export const MODULE_NAME = 'dmv_test';

export interface GeneratedFile {
  readonly template: string;
  readonly output: string;
  /** Sites converted, per rule id. */
  readonly converted: Readonly<Record<string, number>>;
}

export interface GeneratedModule {
  readonly dir: string;
  readonly files: readonly GeneratedFile[];
  readonly left: readonly { readonly template: string; readonly reason: string }[];
  readonly expectedChecks: readonly string[];
  readonly mutations: readonly string[];
}

export interface GenerateOptions {
  readonly dir: string;
  /** Deliberate bugs to plant (mutation ids). */
  readonly mutations?: readonly string[];
  /** The rule registry (tests pass their own). */
  readonly rules?: readonly Rule[];
  readonly assetsDir?: string;
}

export async function generateTestModule(o: GenerateOptions): Promise<GeneratedModule> {
  const assets = o.assetsDir ?? MODULE_ASSETS_DIR;
  const registry = o.rules ?? RULES;
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  for (const f of STATIC_FILES) copyFileSync(path.join(assets, f), path.join(o.dir, f));

  const left: { template: string; reason: string }[] = [];
  const active = TEMPLATES.filter((t) => {
    const missing = t.rules.filter((id) => !registry.some((r) => r.meta.id === id));
    if (missing.length === 0) return true;
    if (!t.optional) throw new VerificationError(`boot test: rule ${missing.join(', ')} is not registered, so ${t.template} cannot be generated`);
    left.push({ template: t.template, reason: `rule ${missing.join(', ')} is not part of this build` });
    return false;
  });
  writeKbuild(o.dir, active);

  const parser = createCParser();
  const parse = (text: string) => parser.parse(text);
  const outputs = new Map<string, string>();
  const files: GeneratedFile[] = [];
  for (const t of active) {
    const out = path.join(o.dir, t.output);
    writeFileSync(out, readFileSync(path.join(assets, t.template), 'utf8'));
    const result = await runMigration({ paths: [out], mode: 'rewrite', rules: t.rules, targetVersion: t.target, root: o.dir, ruleSet: registry, policy: 'all' });
    const outcome = result.files.find((f) => f.absPath === out);
    const notConverted = (outcome?.findings ?? []).filter((f) => f.status !== 'convert');
    if (!outcome || outcome.output === undefined || outcome.output === outcome.original || notConverted.length > 0 || result.diagnostics.length > 0) {
      const why = [
        ...notConverted.map((f) => `${t.template}:${f.line}:${f.column}: ${f.api} ${f.status} (${f.reason})`),
        ...result.diagnostics.map((d) => `${d.path}: ${d.code}: ${d.message}`),
      ];
      throw new VerificationError(`boot test: dma-migrate did not rewrite ${t.template} completely with ${t.rules.join(', ')}${why.length ? `:\n  ${why.join('\n  ')}` : ' (no change)'}`);
    }
    const converted: Record<string, number> = {};
    for (const f of outcome.findings) converted[f.ruleId] = (converted[f.ruleId] ?? 0) + 1;
    outputs.set(t.output, outcome.output);
    files.push({ template: t.template, output: t.output, converted });
  }

  // The "dropped-offset" negative control: the rewritten DMA code, offset dropped.
  const dma = outputs.get('dmv_dma.c')!;
  const neg = mutationById('drop-offset').apply(dma, parse);
  if (neg.count === 0) throw new VerificationError('boot test: the rewritten dmv_dma.c has no "page_to_phys(p) + off" for the dropped-offset control');
  writeFileSync(path.join(o.dir, NEG_COPY), neg.text);

  for (const id of o.mutations ?? []) {
    const m = mutationById(id);
    const file = m.target === 'dma' ? 'dmv_dma.c' : 'dmv_kmap.c';
    const r = m.apply(outputs.get(file)!, parse);
    if (r.count === 0) throw new VerificationError(`boot test: mutation ${id} found nothing to change in ${file}`);
    outputs.set(file, r.text);
  }
  for (const [name, text] of outputs) writeFileSync(path.join(o.dir, name), text);

  return { dir: o.dir, files, left, expectedChecks: active.flatMap((t) => t.checks), mutations: [...(o.mutations ?? [])] };
}

function writeKbuild(dir: string, active: readonly TemplateSpec[]): void {
  const objs = ['dmv_main.o', 'dmv_neg.o', NEG_COPY.replace(/\.c$/, '.o'), ...active.map((t) => t.output.replace(/\.c$/, '.o'))];
  const defines = active.flatMap((t) => (t.harnessDefine ? [`-D${t.harnessDefine}`] : []));
  const lines = [
    '# generated by dma-migrate validate --boot',
    `obj-m := ${MODULE_NAME}.o`,
    `${MODULE_NAME}-y := ${objs.join(' ')}`,
    `CFLAGS_${NEG_COPY.replace(/\.c$/, '.o')} := -DDMV_NEG_COPY`,
    ...(defines.length ? [`CFLAGS_dmv_main.o := ${defines.join(' ')}`] : []),
    '',
  ];
  writeFileSync(path.join(dir, 'Kbuild'), lines.join('\n'));
}

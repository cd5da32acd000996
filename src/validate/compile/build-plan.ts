/**
 * Where an object can be built: the arch (host compiler, or a Debian cross
 * compiler, installed on demand) and a configuration under which Kbuild
 * really builds it — allmodconfig for that arch, else allmodconfig with the
 * object's gating symbols forced on. Each (arch, fragment) gets its own
 * build directory under the cache, configured once and reused.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { archesForSrcArch, archesHintedBy, archById, type ArchSpec } from '../kbuild/arches.js';
import { ALLMODCONFIG_TOOLS, ensureHostPackages, isPresent, packagesOf } from '../kbuild/host-packages.js';
import { KconfigIndex } from '../kbuild/kconfig-deps.js';
import { configureKernel } from '../kbuild/kernel-make.js';
import { evaluateGates, KbuildReader, type ObjectGates } from '../kbuild/object-gates.js';

/** allmodconfig, minus what makes W=1 builds fail or crawl. */
export const BASE_FRAGMENT: readonly string[] = [
  '# CONFIG_WERROR is not set',
  '# CONFIG_KASAN is not set',
  '# CONFIG_KCSAN is not set',
  '# CONFIG_KMSAN is not set',
  '# CONFIG_UBSAN is not set',
  '# CONFIG_KCOV is not set',
  '# CONFIG_GCOV_KERNEL is not set',
  '# CONFIG_GCC_PLUGINS is not set',
  '# CONFIG_RUST is not set',
  'CONFIG_DEBUG_INFO_NONE=y',
];

export interface BuildPlan {
  readonly arch: ArchSpec;
  readonly buildDir: string;
  /** For the report: "allmodconfig" or "allmodconfig + CONFIG_X=y". */
  readonly configLabel: string;
}

export interface PlanContext {
  readonly tree: string;
  /** The shadow tree builds run from (Kbuild needs the same srctree every time). */
  readonly srcTree: string;
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly install: boolean;
  /** Restrict to these arch ids. */
  readonly arches?: readonly string[];
  readonly log: (line: string) => void;
}

export class BuildPlanner {
  private readonly reader: KbuildReader;
  private readonly kconfig: KconfigIndex;
  private readonly toolchains = new Map<string, string | null>();

  constructor(private readonly ctx: PlanContext) {
    this.reader = new KbuildReader(ctx.tree);
    this.kconfig = new KconfigIndex(ctx.tree);
  }

  gatesOf(object: string): ObjectGates {
    return this.reader.gatesOf(object);
  }

  /** A plan, or the reasons no arch here builds the object. */
  async plan(object: string): Promise<BuildPlan | { reasons: string[] }> {
    const gates = this.reader.gatesOf(object);
    const archDir = /^arch\/([^/]+)\//.exec(object)?.[1];
    const queue: ArchSpec[] = archDir ? archesForSrcArch(archDir) : [archById('x86_64')!];
    if (queue.length === 0) return { reasons: [`no compiler known for arch/${archDir}/`] };
    const reasons: string[] = [];
    const tried = new Set<string>();
    while (queue.length) {
      const arch = queue.shift()!;
      if (tried.has(arch.id)) continue;
      tried.add(arch.id);
      if (this.ctx.arches && !this.ctx.arches.includes(arch.id)) {
        reasons.push(`${arch.id}: not among the arches allowed (--arch)`);
        continue;
      }
      const missingTool = await this.toolchain(arch);
      if (missingTool) {
        reasons.push(`${arch.id}: ${missingTool}`);
        continue;
      }
      const base = await this.configure(arch, []);
      const v = evaluateGates(gates, base.config);
      if (v.enabled) return { arch, buildDir: base.buildDir, configLabel: 'allmodconfig' };
      const forcedLines = v.missing.map((s) => `CONFIG_${s}=y`);
      const forced = await this.configure(arch, forcedLines);
      const v2 = evaluateGates(gates, forced.config);
      if (v2.enabled) return { arch, buildDir: forced.buildDir, configLabel: `allmodconfig + ${forcedLines.join(' ')}` };
      const deps = v2.missing.map((s) => {
        const d = this.kconfig.depsOf(s, path.posix.dirname(object));
        return d ? `CONFIG_${s} depends on ${d.dependsOn || '(nothing)'}` : `CONFIG_${s} is defined nowhere`;
      });
      reasons.push(`${arch.id}: allmodconfig leaves ${v2.missing.map((s) => `CONFIG_${s}`).join(', ')} unset (${deps.join('; ')})`);
      if (!archDir) for (const d of deps) for (const a of archesHintedBy(d)) if (!tried.has(a.id)) queue.push(a);
    }
    return { reasons };
  }

  /** Undefined when the arch's compiler is there (installed now if allowed), else why not. */
  private async toolchain(arch: ArchSpec): Promise<string | undefined> {
    const hit = this.toolchains.get(arch.id);
    if (hit !== undefined) return hit ?? undefined;
    const reqs = [...ALLMODCONFIG_TOOLS];
    if (arch.crossCompile) reqs.push({ probe: `${arch.crossCompile}gcc`, debianPackage: arch.debianPackage ?? `gcc-${arch.crossCompile.slice(0, -1)}` });
    let why: string | null = null;
    if (reqs.some((r) => !isPresent(r, this.ctx.env))) {
      const r = await ensureHostPackages(reqs, { env: this.ctx.env, install: this.ctx.install, log: this.ctx.log });
      if (r.missing.length) {
        why = `${r.missing.map((m) => m.probe).join(', ')} not installed (${r.error ?? `apt-get install ${packagesOf(r.missing).join(' ')}`})`;
      }
    }
    this.toolchains.set(arch.id, why);
    return why ?? undefined;
  }

  private async configure(arch: ArchSpec, extra: readonly string[]) {
    const fragment = [...BASE_FRAGMENT, ...(arch.allconfig ?? []), ...extra];
    const hash = createHash('sha256').update(fragment.join('\n')).digest('hex').slice(0, 10);
    const buildDir = path.join(this.ctx.workDir, `build-${arch.id}-${hash}`);
    const r = await configureKernel({
      srcTree: this.ctx.srcTree,
      buildDir,
      arch,
      base: 'allmodconfig',
      fragment,
      env: this.ctx.env,
    });
    if (r.ran) this.ctx.log(`configured ${arch.id} allmodconfig${extra.length ? ` + ${extra.join(' ')}` : ''} in ${path.basename(buildDir)}`);
    return { config: r.config, buildDir };
  }
}

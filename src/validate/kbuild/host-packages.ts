/**
 * Find the host tools a kernel build or boot needs, and install the missing
 * ones from Debian's packages with apt-get (when allowed and possible).
 */
import { existsSync } from 'node:fs';
import { findOnPath, runTool } from './run-tool.js';

export interface HostRequirement {
  /** A command on $PATH, or an absolute file (a header) that must exist. */
  readonly probe: string;
  readonly debianPackage: string;
}

export interface InstallContext {
  readonly env: NodeJS.ProcessEnv;
  /** Run apt-get for what is missing (else only report it). */
  readonly install: boolean;
  readonly log?: (line: string) => void;
}

export function isPresent(req: HostRequirement, env: NodeJS.ProcessEnv): boolean {
  return req.probe.startsWith('/') ? existsSync(req.probe) : findOnPath(req.probe, env) !== undefined;
}

export interface InstallResult {
  readonly missing: HostRequirement[];
  readonly installed: string[];
  readonly error?: string;
}

/** The Debian packages that provide `reqs`, each once, sorted. */
export function packagesOf(reqs: readonly HostRequirement[]): string[] {
  return [...new Set(reqs.map((r) => r.debianPackage))].sort();
}

/** Install the Debian packages of the missing requirements; returns what is still missing. */
export async function ensureHostPackages(reqs: readonly HostRequirement[], ctx: InstallContext): Promise<InstallResult> {
  const missing = reqs.filter((r) => !isPresent(r, ctx.env));
  if (missing.length === 0) return { missing: [], installed: [] };
  const pkgs = packagesOf(missing);
  if (!ctx.install) return { missing, installed: [] };
  if (!findOnPath('apt-get', ctx.env)) return { missing, installed: [], error: 'apt-get is not available' };
  const env = { ...ctx.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => runTool('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { env });
  ctx.log?.(`installing ${pkgs.join(' ')} (apt-get) ...`);
  let run = await install();
  if (!run.ok) {
    ctx.log?.('apt-get install failed; running apt-get update and trying again ...');
    await runTool('apt-get', ['update'], { env });
    run = await install();
  }
  const still = reqs.filter((r) => !isPresent(r, ctx.env));
  const lastLines = run.output.trim().split('\n').slice(-3).join(' | ');
  return { missing: still, installed: run.ok ? pkgs : [], ...(run.ok ? {} : { error: `apt-get install ${pkgs.join(' ')} failed: ${lastLines}` }) };
}

/** What any kernel build needs on Debian. */
export const KERNEL_BUILD_TOOLS: readonly HostRequirement[] = [
  { probe: 'make', debianPackage: 'make' },
  { probe: 'gcc', debianPackage: 'gcc' },
  { probe: 'flex', debianPackage: 'flex' },
  { probe: 'bison', debianPackage: 'bison' },
  { probe: 'bc', debianPackage: 'bc' },
  { probe: 'perl', debianPackage: 'perl' },
];

/** allmodconfig builds objtool (libelf) and certificate tools (openssl) in prepare. */
export const ALLMODCONFIG_TOOLS: readonly HostRequirement[] = [
  ...KERNEL_BUILD_TOOLS,
  { probe: '/usr/include/libelf.h', debianPackage: 'libelf-dev' },
  { probe: '/usr/include/openssl/ssl.h', debianPackage: 'libssl-dev' },
];

/**
 * Judge a boot test's serial output: PASS only if every expected check
 * printed PASS, the module finished, every negative control was caught inside
 * its own bracket, and no kernel warning, BUG, oops, call trace or DMA-API
 * error appeared anywhere else. Regexes here only read the serial output.
 */

export type NegativeKind = 'kunmap-order' | 'unmap-size' | 'sleep-in-atomic' | 'dropped-offset';

export interface NegativeSpec {
  readonly name: NegativeKind;
  /** What the kernel (or the harness) prints when the control is caught. */
  readonly caughtBy: RegExp;
  /** A line that says more than the one that proves it (shown as evidence when present). */
  readonly detail?: RegExp;
  readonly describe: string;
}

export const NEGATIVE_CONTROLS: readonly NegativeSpec[] = [
  { name: 'kunmap-order', caughtBy: /WARNING: .*kunmap_local_indexed/, describe: 'kunmap_local out of LIFO order (DEBUG_KMAP_LOCAL WARN in kunmap_local_indexed)' },
  { name: 'unmap-size', caughtBy: /DMA-API: .*frees DMA memory with different size/, describe: 'dma_unmap_page with another size than mapped (DMA_API_DEBUG)' },
  { name: 'sleep-in-atomic', caughtBy: /BUG: sleeping function called from invalid context/, describe: 'a sleeping allocation inside kmap_atomic (DEBUG_ATOMIC_SLEEP)' },
  { name: 'dropped-offset', caughtBy: /^dmv: neg-end dropped-offset detected\b/, detail: /^dmv: neg-detail dropped-offset /, describe: 'the rewritten DMA code with the in-page offset dropped (wrong bytes in the edu round trip)' },
];

/** Lines that mean trouble when they appear outside a negative control. */
const TROUBLE: readonly RegExp[] = [
  /\bWARNING:/,
  /\bBUG:/,
  /\bOops\b/,
  /Call Trace:/,
  /Kernel panic/,
  /general protection fault/,
  /Unable to handle kernel/,
  /^DMA-API: (?!preallocated \d+ debug entries|debugging enabled by kernel config)/,
  /EDU: (clamping|DMA range)/,
  /hardware error/,
];

export interface CheckResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'missing';
  readonly detail?: string;
}

export interface NegativeResult {
  readonly name: NegativeKind;
  readonly caught: boolean;
  /** The console line that shows it was caught. */
  readonly evidence?: string;
}

export interface BootVerdict {
  readonly pass: boolean;
  readonly checks: readonly CheckResult[];
  readonly negatives: readonly NegativeResult[];
  /** Trouble outside any negative control: line number (1-based) and text. */
  readonly stray: readonly { readonly line: number; readonly text: string }[];
  /** Other reasons to fail (module did not finish, init failed, no highmem). */
  readonly problems: readonly string[];
}

export interface JudgeInput {
  readonly text: string;
  readonly expectedChecks: readonly string[];
  readonly timedOut?: boolean;
}

export function judgeConsole(input: JudgeInput): BootVerdict {
  const lines = input.text.split('\n').map((l) => l.replace(/\r$/, '').replace(/^\[\s*\d+\.\d+\]\s?/, ''));
  const reported = new Map<string, CheckResult>();
  const unexpected: string[] = [];
  const negatives = new Map<NegativeKind, NegativeResult>();
  const stray: { line: number; text: string }[] = [];
  const problems: string[] = [];
  let bracket: { name: NegativeKind; lines: string[] } | undefined;
  let done = false;
  let highmem: boolean | undefined;
  let initResult: string | undefined;

  lines.forEach((line, i) => {
    const check = /^dmv: check (\S+) (PASS|FAIL)(?: (.*))?$/.exec(line);
    if (check) {
      const name = check[1]!;
      if (!input.expectedChecks.includes(name)) unexpected.push(name);
      reported.set(name, { name, status: check[2] === 'PASS' ? 'pass' : 'fail', ...(check[3] ? { detail: check[3] } : {}) });
      return;
    }
    const begin = /^dmv: neg-begin (\S+)$/.exec(line);
    if (begin) {
      const spec = NEGATIVE_CONTROLS.find((n) => n.name === begin[1]);
      if (spec) bracket = { name: spec.name, lines: [] };
      else problems.push(`unknown negative control "${begin[1]}"`);
      return;
    }
    const end = /^dmv: neg-end (\S+)/.exec(line);
    if (end && bracket && end[1] === bracket.name) {
      const spec = NEGATIVE_CONTROLS.find((n) => n.name === bracket!.name)!;
      const all = [...bracket.lines, line];
      const proof = all.find((l) => spec.caughtBy.test(l));
      const evidence = proof && spec.detail ? (all.find((l) => spec.detail!.test(l)) ?? proof) : proof;
      negatives.set(spec.name, { name: spec.name, caught: proof !== undefined, ...(evidence ? { evidence } : {}) });
      bracket = undefined;
      return;
    }
    if (/^dmv: done \d+ checks/.test(line)) done = true;
    const hm = /^dmv: pages (are|are not) highmem$/.exec(line);
    if (hm) highmem = hm[1] === 'are';
    const init = /^DMV-INIT: finit_module returned (-?\d+)/.exec(line);
    if (init) initResult = init[1];
    const err = /^dmv: error (.*)$/.exec(line);
    if (err) problems.push(`the test module failed: ${err[1]}`);
    if (bracket) {
      bracket.lines.push(line);
      return;
    }
    if (TROUBLE.some((re) => re.test(line))) stray.push({ line: i + 1, text: line });
  });

  const checks: CheckResult[] = input.expectedChecks.map((name) => reported.get(name) ?? { name, status: 'missing' });
  for (const n of unexpected) problems.push(`the module reported an unexpected check "${n}"`);
  const negResults: NegativeResult[] = NEGATIVE_CONTROLS.map((n) => negatives.get(n.name) ?? { name: n.name, caught: false });
  if (bracket) problems.push(`negative control ${bracket.name} never ended (crash inside it?)`);
  if (input.timedOut) problems.push('QEMU timed out');
  if (initResult === undefined) problems.push('init never reported loading the test module');
  else if (initResult !== '0') problems.push(`loading the test module failed (finit_module returned ${initResult})`);
  if (!done) problems.push('the test module did not finish (no "dmv: done" line)');
  if (highmem === false) problems.push('the test pages are not highmem: the kmap checks prove nothing (needs an i386 HIGHMEM kernel with -m 2G)');
  const pass = checks.every((c) => c.status === 'pass') && negResults.every((n) => n.caught) && stray.length === 0 && problems.length === 0;
  return { pass, checks, negatives: negResults, stray, problems };
}

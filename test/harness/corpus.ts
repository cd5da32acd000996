/**
 * The corpus: corpus/<rule>/<case>/before.c, optional after.c (absent = must
 * stay unchanged), optional findings.json and case.json (run options).
 * corpus/_combined/<case>/ runs every rule; folders starting with "_" other
 * than _combined are not rule corpora (e.g. _demo, the demo tree).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'corpus');

export interface ExpectedFinding {
  readonly line: number;
  readonly column?: number;
  readonly api: string;
  readonly status: 'convert' | 'review' | 'skip';
  readonly reason: string;
  readonly verdict?: string;
}

export interface CaseOptions {
  readonly targetVersion?: string;
  /** Rules to run; default: the folder's rule (all rules for _combined). */
  readonly rules?: string[];
  /** The file name to give before.c when running (e.g. a .h case). */
  readonly fileName?: string;
  /** Extra files placed beside the source (e.g. a Makefile or a sibling .c naming the module licence). */
  readonly siblings?: Record<string, string>;
  /** DMA call-site policy (`upstream` when absent, as on the command line). */
  readonly policy?: 'upstream' | 'all';
  /** `--include-headers`. */
  readonly includeHeaders?: boolean;
  /** Run on the case's directory, so the siblings are files of the run too (cross-file pairing). */
  readonly wholeDirectory?: boolean;
}

export interface CorpusCase {
  readonly rule: string;
  readonly name: string;
  readonly dir: string;
  readonly before: string;
  readonly after?: string;
  readonly findings?: ExpectedFinding[];
  readonly options: CaseOptions;
}

export function loadCorpus(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const rule of readdirSync(CORPUS_DIR).sort()) {
    if (rule.startsWith('_') && rule !== '_combined') continue;
    const ruleDir = path.join(CORPUS_DIR, rule);
    if (!statSync(ruleDir).isDirectory()) continue;
    for (const name of readdirSync(ruleDir).sort()) {
      const dir = path.join(ruleDir, name);
      if (!statSync(dir).isDirectory()) continue;
      const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : undefined);
      const before = read('before.c');
      if (before === undefined) throw new Error(`${dir}: no before.c`);
      const after = read('after.c');
      const findings = read('findings.json');
      const options = read('case.json');
      out.push({
        rule,
        name,
        dir,
        before,
        ...(after !== undefined ? { after } : {}),
        ...(findings !== undefined ? { findings: JSON.parse(findings) as ExpectedFinding[] } : {}),
        options: options !== undefined ? (JSON.parse(options) as CaseOptions) : {},
      });
    }
  }
  return out;
}

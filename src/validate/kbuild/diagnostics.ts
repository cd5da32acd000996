/**
 * Compiler and sparse diagnostics from a build log, and the comparison the
 * compile validation makes: which warnings and errors the changed file adds
 * over the unmodified one. Line numbers move when a file is rewritten, so a
 * diagnostic is compared by file, severity, message and flag, as a multiset.
 * Regexes here only read build output.
 */

export type DiagnosticSeverity = 'warning' | 'error';

export interface BuildDiagnostic {
  /** Path relative to the tree when it lies in it (shadow, tree or build dir), else as printed. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  /** `-Wunused-variable` and the like, when the compiler names one. */
  readonly flag?: string;
  /** The whole line as printed. */
  readonly text: string;
}

const DIAG_RE = /^(.+?):(\d+):(?:(\d+):)?\s+(warning|error|fatal error):\s+(.*?)(?:\s+\[(-W[^\]]+)\])?$/;

/** Parse `file:line:col: warning|error: message [-Wflag]` lines; `roots` are stripped from paths. */
export function parseDiagnostics(log: string, roots: readonly string[]): BuildDiagnostic[] {
  const out: BuildDiagnostic[] = [];
  const prefixes = roots.map((r) => (r.endsWith('/') ? r : `${r}/`));
  for (const raw of log.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = DIAG_RE.exec(line);
    if (!m) continue;
    let file = m[1]!;
    for (const p of prefixes) if (file.startsWith(p)) file = file.slice(p.length);
    const flag = m[6]?.replace(/^-Werror=/, '-W');
    out.push({
      file,
      line: Number(m[2]),
      column: m[3] ? Number(m[3]) : 0,
      severity: m[4] === 'warning' ? 'warning' : 'error',
      message: normaliseMessage(m[5]!),
      ...(flag ? { flag } : {}),
      text: line,
    });
  }
  return out;
}

/** Quotes vary with the locale; column-free and line-free. */
function normaliseMessage(msg: string): string {
  return msg.replace(/[‘’`]/g, "'").replace(/\s+/g, ' ').trim();
}

export function diagnosticKey(d: BuildDiagnostic): string {
  return `${d.file}\u0000${d.severity}\u0000${d.message}\u0000${d.flag ?? ''}`;
}

/**
 * Diagnostics in `after` beyond those in `before` (multiset difference by key).
 * `renames` maps identifiers the change renamed (new name → old name): a
 * warning that only follows its function's new name (kernel-doc's "... not
 * described in 'foo_map_phys'" for what was "... in 'foo_map_page'") is not new.
 */
export function newDiagnostics(before: readonly BuildDiagnostic[], after: readonly BuildDiagnostic[], renames: ReadonlyMap<string, string> = new Map()): BuildDiagnostic[] {
  const budget = new Map<string, number>();
  for (const d of before) budget.set(diagnosticKey(d), (budget.get(diagnosticKey(d)) ?? 0) + 1);
  const added: BuildDiagnostic[] = [];
  for (const d of after) {
    const k = diagnosticKey(renames.size > 0 ? { ...d, message: d.message.replace(/'([A-Za-z_]\w*)'/g, (q, id: string) => (renames.has(id) ? `'${renames.get(id)}'` : q)) } : d);
    const left = budget.get(k) ?? 0;
    if (left > 0) budget.set(k, left - 1);
    else added.push(d);
  }
  return added;
}

/** Drop exact repeats (gcc and sparse print a header's warning once per inclusion path). */
export function uniqueDiagnostics(list: readonly BuildDiagnostic[]): BuildDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${diagnosticKey(d)}\u0000${d.line}\u0000${d.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

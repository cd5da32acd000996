/** The one table of process exit codes (documented in README and `--help`). */
export const EXIT = {
  /** Done: nothing left to do. */
  ok: 0,
  /** Findings need a human (review findings, or, for scan/check, sites still to convert). */
  findings: 1,
  /** Usage, configuration or rule-load error. */
  usage: 2,
  /** A rewrite failed verification (the behaviour model rejected it); it was not written. */
  verification: 3,
  /** I/O error on the tree or the output (other files were still processed). */
  io: 4,
  /** Internal error: a bug in dma-migrate. */
  internal: 70,
  /** Interrupted by SIGINT (128 + 2, the shell's convention); what was and was not written is printed. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0   nothing left to do
  1   findings need a human (sites to review; for scan and check: sites still to convert)
  2   usage, configuration or rule-load error
  3   a rewrite failed verification (the behaviour model rejected it; it was not written)
  4   I/O error on the tree or the output (the other files were processed)
  70  internal error (a bug in dma-migrate; please report it)
  130 interrupted (SIGINT), 143 stopped (SIGTERM): what was written is said`;

/**
 * Turn a long build's output into a progress line every few seconds
 * ("412 steps, 63 s, CC drivers/pci/probe.o"), so the user sees it moving
 * without the whole make log.
 */
export function buildProgress(report: (line: string) => void, now: () => number, everyMs = 15_000): (line: string) => void {
  const start = now();
  let last = start;
  let steps = 0;
  return (line: string) => {
    const m = /^\s+([A-Z][A-Z0-9_]*(?: \[M\])?)\s+(\S.*)$/.exec(line);
    if (!m) return;
    steps++;
    const t = now();
    if (t - last >= everyMs) {
      last = t;
      report(`${steps} steps, ${Math.round((t - start) / 1000)} s, ${m[1]} ${m[2]}`);
    }
  };
}

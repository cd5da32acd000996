/**
 * The text after each command's options in `--help`: examples, then that
 * command's own exit-code table (one per command; the codes are those of
 * src/core/exit-codes.ts, each said the way the command uses it).
 */
type Code = 0 | 1 | 2 | 3 | 4 | 70;

const COMMON: Partial<Record<Code, string>> = {
  2: 'usage error (bad option or argument), or the input is not what the command needs',
  4: 'I/O error on the tree or the output (the other files were processed)',
  70: 'internal error (a bug in dma-migrate; please report it)',
};

interface CommandHelp {
  readonly examples: readonly string[];
  readonly codes: Partial<Record<Code, string>>;
}

export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  '': {
    examples: ['dma-migrate scan drivers/net/ethernet/intel', 'dma-migrate rewrite drivers/net | git apply', 'dma-migrate series ~/linux -o outgoing/', 'dma-migrate <command> --help'],
    codes: { 0: 'nothing left to do', 1: 'findings need a human (sites to review; for scan and check: sites still to convert)', 3: 'a rewrite failed verification (the behaviour model rejected it; it was not written)' },
  },
  scan: {
    examples: ['dma-migrate scan drivers/net/ethernet/intel', 'dma-migrate scan --json --rule kmap-atomic-to-local fs/ > sites.json', 'dma-migrate scan --summary --target-version 6.18 .', 'dma-migrate scan --stats --exclude "drivers/staging/**" .'],
    codes: { 0: 'no site to convert or review', 1: 'sites found (to convert, or to review)' },
  },
  rewrite: {
    examples: ['dma-migrate rewrite drivers/net | git apply', 'dma-migrate rewrite --write --rule kmap-atomic-to-local fs/btrfs', 'dma-migrate rewrite --target-version 6.19 --quiet drivers/gpu > gpu.diff', 'dma-migrate rewrite --summary .'],
    codes: { 0: 'done: every site converted (or none found)', 1: 'sites left for review (listed on stderr)', 3: 'the behaviour model rejected a rewrite; it was left out' },
  },
  validate: {
    examples: ['dma-migrate validate', 'dma-migrate validate --rev HEAD~3 drivers/net --exclude "*_test.c"', 'dma-migrate validate old.c new.c', 'dma-migrate validate --compile --arch x86_64 drivers/net/ethernet/intel/e1000e'],
    codes: { 0: 'the change is accepted', 1: 'parts of the change could not be judged', 3: 'the change is rejected (verification failed)' },
  },
  rules: {
    examples: ['dma-migrate rules', 'dma-migrate rules --json'],
    codes: { 0: 'listed' },
  },
  series: {
    examples: ['dma-migrate series ~/linux -o outgoing/', 'dma-migrate series ~/linux drivers/net/ethernet -o outgoing/ --check', 'dma-migrate series /usr/src/linux-source-6.12 -o out/ --target-version 6.19 --prefix-map prefixes.txt', 'git am outgoing/*.patch'],
    codes: { 0: 'series written (or nothing to convert)', 1: 'written, but checkpatch reports new issues in a patch' },
  },
  check: {
    examples: ['dma-migrate check', 'dma-migrate check origin/master..HEAD --exclude drivers/staging', 'git diff | dma-migrate check --stdin-diff --format sarif > check.sarif'],
    codes: { 0: 'clean (notes allowed)', 1: 'new uses of the old APIs on added lines' },
  },
  hook: {
    examples: ['dma-migrate hook install', 'dma-migrate hook install --rule kmap-atomic-to-local', 'dma-migrate hook uninstall'],
    codes: { 0: 'installed or uninstalled' },
  },
};

/** Commands that use the result cache. */
const CACHED = new Set(['scan', 'rewrite', 'series', 'check', 'validate']);
const CACHE_NOTE = [
  'Result cache:',
  '  per-file results are stored in $DMA_MIGRATE_CACHE/results (default ~/.cache/dma-migrate/results),',
  '  keyed by the file\'s bytes, the tool version and the options, and re-checked against the files they',
  '  read (Makefiles, MAINTAINERS, callees in other files); at most $DMA_MIGRATE_CACHE_MAX_MB (default 512).',
  '  Files with no migrated API are listed with their stat identity in $DMA_MIGRATE_CACHE/manifests',
  '  and not read again while unchanged (not with --no-prefilter or --stats).',
  '  --no-cache bypasses both; remove those directories to clear them.',
].join('\n');

/** Examples and the exit-code table of `command` ('' for the program itself). */
export function helpAfter(command: string): string {
  const h = COMMAND_HELP[command] ?? COMMAND_HELP['']!;
  const codes: Partial<Record<Code, string>> = { ...COMMON, ...h.codes };
  const rows = (Object.keys(codes) as unknown as string[]).map(Number).sort((a, b) => a - b).map((c) => `  ${String(c).padEnd(3)} ${codes[c as Code]}`);
  const cache = CACHED.has(command) ? `\n${CACHE_NOTE}\n` : '';
  return `\nExamples:\n${h.examples.map((e) => `  $ ${e}`).join('\n')}\n\nExit codes:\n${rows.join('\n')}\n${cache}`;
}

/**
 * The stat manifest: which files of a run the byte prefilter ruled out, and
 * the stat identity (dev, ino, size, mtime, ctime) each had, so that the next
 * run over the same paths with the same scope (the tool's identity and the
 * processing configuration, which decide the prefilter's verdict) does not
 * read them again while their identity is unchanged — the way git's index
 * avoids re-reading unchanged files. Candidates are never skipped: their
 * result depends on other files, which the result cache checks.
 *
 * The identity is taken by the main thread before any file is read, so a
 * file changed after it was taken has another identity next time and is
 * read again. Any change to a file's content changes its ctime, which users
 * cannot set (utimes sets mtime only). Racy writes (git's racy-git rule): a
 * file whose mtime or ctime is within RACY_MS of the moment the identities
 * were taken (or later) is not recorded, since a write in the same clock
 * tick may not show in its stamps; it is read again next run.
 *
 * Layout: `<cache dir>/manifests/v<N>/<key>.json`, one per scope and run
 * paths, a sealed file (sealed.ts: a header line `dma-migrate-manifest
 * <version> <key> <sha256 of the body>` and a JSON body). Written to a temp file and renamed (a reader sees
 * a whole manifest or none); a manifest that does not decode is ignored (the
 * run reads every file) and replaced. At most MAX_MANIFESTS are kept, the
 * least recently written removed first.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seal, unseal } from './sealed.js';

export const MANIFEST_VERSION = 1;
const MAGIC = 'dma-migrate-manifest';
/** A stamp this close to the moment it was read (or later) is not trusted. */
export const RACY_MS = 2000;
/** Manifests kept in the cache directory (a whole 7.3 tree's is 5.6 MB: at most about 90 MB besides the results' bound). */
export const MAX_MANIFESTS = 16;

/** A file's stat identity: [dev, ino, size, mtimeMs, ctimeMs]. */
export type StatIdentity = readonly [number, number, number, number, number];

export function manifestsDir(cacheDir: string): string {
  return path.join(cacheDir, 'manifests', `v${MANIFEST_VERSION}`);
}

/** The manifest's key: the scope and the run's absolute paths. */
export function manifestKey(scope: string, root: string, paths: readonly string[]): string {
  return createHash('sha256').update([scope, root, ...paths].join('\0'), 'utf8').digest('hex');
}

/** The identity of a file (following symbolic links, as the reader opens it), or undefined when it cannot be taken. */
export function statIdentity(absPath: string): StatIdentity | undefined {
  try {
    const st = statSync(absPath, { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    return [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs];
  } catch {
    return undefined; // unreadable: the file's own processing reports it
  }
}

export function sameIdentity(a: StatIdentity, b: StatIdentity): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

/** Is the identity safe to record when it was taken at `takenAt` (ms since the epoch)? */
export function settled(id: StatIdentity, takenAt: number): boolean {
  return id[3] < takenAt - RACY_MS && id[4] < takenAt - RACY_MS;
}

/** The ruled-out files of the last run, by path relative to the root. */
export type Manifest = ReadonlyMap<string, StatIdentity>;

export function encodeManifest(key: string, manifest: Manifest): string {
  return seal(MAGIC, MANIFEST_VERSION, key, { files: [...manifest].map(([p, id]) => [p, ...id]) });
}

/** The manifest, or undefined when the text is not a whole, valid manifest for `key`. */
export function decodeManifest(key: string, text: string): Manifest | undefined {
  const parsed = unseal(MAGIC, MANIFEST_VERSION, key, text);
  const files = (parsed as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return undefined;
  const out = new Map<string, StatIdentity>();
  for (const row of files as unknown[]) {
    if (!Array.isArray(row) || row.length !== 6 || typeof row[0] !== 'string' || !row.slice(1).every((n) => typeof n === 'number')) return undefined;
    out.set(row[0], row.slice(1) as unknown as StatIdentity);
  }
  return out;
}

export function readManifest(cacheDir: string, key: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(manifestsDir(cacheDir), `${key}.json`), 'utf8');
  } catch {
    return undefined; // none yet (or removed by another run): every file is read
  }
  return decodeManifest(key, text);
}

/** Write atomically and keep at most MAX_MANIFESTS; false when the cache is not writable (nothing else changes). */
export function writeManifest(cacheDir: string, key: string, manifest: Manifest): boolean {
  const dir = manifestsDir(cacheDir);
  const file = path.join(dir, `${key}.json`);
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, encodeManifest(key, manifest));
    renameSync(temp, file);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // the temp file was never made
    }
    return false;
  }
  evictManifests(dir);
  return true;
}

function evictManifests(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // removed meanwhile
  }
  const files: { file: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      files.push({ file, mtimeMs: statSync(file).mtimeMs });
    } catch {
      continue; // removed meanwhile by another run
    }
  }
  // Temp files too: a writer's lives for milliseconds, and counting it only removes it once many newer manifests exist.
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? -1 : 1));
  for (const f of files.slice(MAX_MANIFESTS)) {
    try {
      unlinkSync(f.file);
    } catch {
      // removed meanwhile by another run
    }
  }
}


/** What the manifest did in a run. */
export interface ManifestReport {
  /** Files not read: ruled out last time, the same identity now. */
  readonly skipped: number;
  /** Ruled-out files recorded for the next run. */
  readonly recorded: number;
  /** Whether the manifest was (re)written. */
  readonly written: boolean;
}

/**
 * One run's use of a manifest: `select` takes every file's identity (before
 * any is read) and drops the unchanged ruled-out ones; `finish` records the
 * files this run ruled out (those with no reported outcome) for the next.
 */
export class ManifestRun<J extends { readonly path: string; readonly absPath: string }> {
  private readonly previous: Manifest | undefined;
  private identities: (StatIdentity | undefined)[] = [];
  private takenAt = 0;
  private skipped = 0;
  private kept = 0;

  constructor(
    private readonly cacheDir: string,
    private readonly key: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.previous = readManifest(cacheDir, key);
  }

  /** The jobs to process: all but the unchanged files the prefilter ruled out last time. */
  select(jobs: readonly J[]): J[] {
    this.takenAt = this.clock();
    this.identities = jobs.map((j) => statIdentity(j.absPath));
    const out: J[] = [];
    jobs.forEach((job, i) => {
      const id = this.identities[i];
      const was = this.previous?.get(job.path);
      if (id && was && sameIdentity(id, was)) {
        this.skipped++;
        return;
      }
      out.push(job);
    });
    return out;
  }

  /** Record the run's ruled-out files (not `reported`) whose identity is settled; written when it differs from the last. */
  finish(jobs: readonly J[], reported: ReadonlySet<string>): ManifestReport {
    const next = new Map<string, StatIdentity>();
    let fresh = 0;
    jobs.forEach((job, i) => {
      const id = this.identities[i];
      if (!id || reported.has(job.path) || !settled(id, this.takenAt)) return;
      next.set(job.path, id);
      const was = this.previous?.get(job.path);
      if (!was || !sameIdentity(id, was)) fresh++;
    });
    this.kept = next.size;
    // Unchanged when every recorded file was in the last manifest with its identity and nothing dropped out.
    const same = this.previous !== undefined && fresh === 0 && next.size === this.previous.size;
    const written = !same && writeManifest(this.cacheDir, this.key, next);
    return { skipped: this.skipped, recorded: this.kept, written };
  }
}

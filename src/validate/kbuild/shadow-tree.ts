/**
 * A shadow of a read-only kernel tree: a directory of symlinks to the tree's
 * entries, where chosen files are real files with other content. Kbuild
 * builds from it with O= exactly as from the tree, so a changed file or an
 * API-backport overlay is compiled without ever writing into the tree.
 * Only the directories along an overridden path are materialised (as real
 * directories of symlinks), so setting up a file costs a few hundred
 * symlinks, not a copy of 1.7 GB.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';

const MANIFEST = '.dma-migrate-overrides.json';

export class ShadowTree {
  constructor(
    readonly dir: string,
    readonly source: string,
  ) {}

  /** Create the top level (one symlink per entry of the source root) if it is missing. */
  ensure(): void {
    if (existsSync(path.join(this.dir, 'Makefile'))) return;
    mkdirSync(this.dir, { recursive: true });
    this.fillWithLinks('');
  }

  /** Absolute path of `rel` inside the shadow. */
  pathOf(rel: string): string {
    return path.join(this.dir, rel);
  }

  /** Files currently overridden (tree-relative paths). */
  overrides(): string[] {
    const m = path.join(this.dir, MANIFEST);
    if (!existsSync(m)) return [];
    return JSON.parse(readFileSync(m, 'utf8')) as string[];
  }

  /**
   * Make exactly these files differ from the source: set each one, and turn
   * every file overridden before but not listed back into a symlink.
   */
  applyOverrides(files: ReadonlyMap<string, string>): void {
    this.ensure();
    for (const rel of this.overrides()) if (!files.has(rel)) this.restoreFile(rel);
    for (const [rel, content] of files) this.setFile(rel, content);
    this.saveManifest([...files.keys()].sort());
  }

  /** Make `rel` a real file holding `content`; writes only when the content differs (keeps the mtime). */
  setFile(rel: string, content: string): void {
    this.ensure();
    const parts = normalise(rel);
    for (let i = 1; i < parts.length; i++) this.materialiseDir(parts.slice(0, i).join('/'));
    const target = path.join(this.dir, ...parts);
    const st = lstatOrUndefined(target);
    if (st?.isFile() && readFileSync(target, 'utf8') === content) return;
    const tmp = `${target}.dma-migrate-tmp`;
    writeFileSync(tmp, content);
    if (st?.isSymbolicLink()) unlinkSync(target);
    renameSync(tmp, target);
    const listed = new Set(this.overrides());
    if (!listed.has(parts.join('/'))) this.saveManifest([...listed, parts.join('/')].sort());
  }

  /** Turn `rel` back into a symlink to the source (or remove it when the source has no such file). */
  restoreFile(rel: string): void {
    const parts = normalise(rel);
    const target = path.join(this.dir, ...parts);
    const st = lstatOrUndefined(target);
    if (st && !st.isSymbolicLink()) rmSync(target, { force: true });
    const src = path.join(this.source, ...parts);
    if (!lstatOrUndefined(target) && existsSync(src) && existsSync(path.dirname(target))) symlinkSync(src, target);
    this.saveManifest(this.overrides().filter((r) => r !== parts.join('/')));
  }

  private materialiseDir(rel: string): void {
    const p = path.join(this.dir, rel);
    const st = lstatOrUndefined(p);
    if (st?.isDirectory()) return;
    if (st?.isSymbolicLink()) unlinkSync(p);
    mkdirSync(p);
    if (existsSync(path.join(this.source, rel))) this.fillWithLinks(rel);
  }

  private fillWithLinks(rel: string): void {
    const src = path.join(this.source, rel);
    for (const name of readdirSync(src)) {
      const link = path.join(this.dir, rel, name);
      if (!lstatOrUndefined(link)) symlinkSync(path.join(src, name), link);
    }
  }

  private saveManifest(list: string[]): void {
    writeFileSync(path.join(this.dir, MANIFEST), JSON.stringify(list));
  }
}

function normalise(rel: string): string[] {
  const parts = rel.split(/[\\/]+/).filter((p) => p && p !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new UsageError(`not a path inside the tree: ${rel}`);
  return parts;
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

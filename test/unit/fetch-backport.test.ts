/** The Debian mirror the extra source list for linux-source-7.3 uses: the one the system's apt sources name. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemMirror } from '../../src/validate/kernel-source/fetch-backport.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function etcApt(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'dma-migrate-apt-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('systemMirror', () => {
  it('reads the main archive from deb822 sources, not the security one', () => {
    const etc = etcApt({
      'sources.list.d/debian.sources':
        'Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n\nTypes: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n',
    });
    expect(systemMirror(etc)).toBe('http://mirror.example/debian');
  });

  it('reads a one-line sources.list, with options', () => {
    expect(systemMirror(etcApt({ 'sources.list': '# comment\ndeb [arch=amd64] https://ftp.example.org/debian bookworm main\n' }))).toBe('https://ftp.example.org/debian');
  });

  it('falls back to deb.debian.org when no source names a Debian archive', () => {
    expect(systemMirror(etcApt({ 'sources.list': 'deb http://ppa.example/ubuntu jammy main\n' }))).toBe('http://deb.debian.org/debian');
  });
});

/**
 * Read a file for the prefilter without allocating a buffer per file: most
 * files are ruled out by the byte search, so they are read into a scratch
 * buffer reused across files; only candidates get their own copy.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { TextEncoding } from '../../core/outcome.js';

/**
 * Files above this size that mention an API are reported (`too-large`), not
 * parsed. It caps the memory one file can take: a syntax tree costs about 42
 * bytes per byte of C, and a file is parsed up to three times (the plan's
 * views, then the output: for the parse-error check and for the behaviour
 * model), so a
 * 4 MiB file of nothing but kmap functions (40,000 sites) peaks at about
 * 1.2 GB, where the old 16 MiB limit allowed over 5 GB. The largest file
 * naming a migrated API in Linux 6.1 to 7.3 is 365 KB (lib/test_bpf.c); the
 * largest C file at all, a generated register table, 1.8 MB.
 */
export const MAX_PARSE_BYTES = 4 * 1024 * 1024;

/** A source's text: UTF-8 when it decodes as such, else Latin-1 (which round-trips every byte). */
export function decodeSource(bytes: Buffer): { text: string; encoding: TextEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    // Not UTF-8: Latin-1 maps every byte to one code unit, so the file round-trips byte for byte.
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

export interface ReadResult {
  /** The file's bytes: a view into the scratch buffer (valid until the next read) or its own buffer. */
  readonly bytes: Buffer;
  readonly size: number;
  readonly mtimeMs: number;
  /** Over the read limit: not read. */
  readonly tooLarge: boolean;
}

export class SourceReader {
  private scratch: Buffer;

  constructor(scratchBytes = 1 << 20) {
    this.scratch = Buffer.allocUnsafe(scratchBytes);
  }

  /** Throws the errno error of open/fstat/read (the caller turns it into a diagnostic). */
  read(absPath: string, maxBytes: number): ReadResult {
    // Non-blocking, so a FIFO cannot hang the open; the type is checked on the descriptor.
    const fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: st.isDirectory() ? 'EISDIR' : 'not a regular file (FIFO, socket or device)' });
      if (st.size > maxBytes) return { bytes: Buffer.alloc(0), size: st.size, mtimeMs: st.mtimeMs, tooLarge: true };
      const target = st.size <= this.scratch.length ? this.scratch : Buffer.allocUnsafe(st.size);
      let n = 0;
      // Read to EOF: the size may change under us; what we read is what we process.
      for (;;) {
        if (n === target.length) break;
        const got = readSync(fd, target, n, target.length - n, n);
        if (got === 0) break;
        n += got;
      }
      return { bytes: target.subarray(0, n), size: st.size, mtimeMs: st.mtimeMs, tooLarge: false };
    } finally {
      closeSync(fd);
    }
  }
}

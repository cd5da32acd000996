/**
 * Read a file for the prefilter without allocating a buffer per file: most
 * files are ruled out by the byte search, so they are read into a scratch
 * buffer reused across files; only candidates get their own copy.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

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

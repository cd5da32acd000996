/**
 * Read a file the tree controls (Makefile, Kbuild, .clang-format,
 * MAINTAINERS, a header the target probe reads) as untrusted input: only a
 * regular file (a symlink is followed, but what it reaches must be a regular
 * file), never a FIFO, device or socket, and never more than a size cap. The
 * file is opened non-blocking, so a FIFO cannot hang the open, and its type
 * is checked on the open descriptor, so it cannot be swapped in between.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { SourceAccessError } from './errors.js';

/** Caps: the largest real ones are MAINTAINERS (about 800 KB in 7.3) and Makefiles of a few tens of KB. */
export const CONTROL_FILE_MAX_BYTES = 4 * 1024 * 1024;
export const MAINTAINERS_MAX_BYTES = 32 * 1024 * 1024;

export class ControlFileError extends SourceAccessError {
  constructor(
    readonly file: string,
    readonly why: 'missing' | 'not-regular' | 'too-large' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

/** The file's text; throws ControlFileError (why: missing, not-regular, too-large, unreadable). */
export function readControlFile(file: string, maxBytes = CONTROL_FILE_MAX_BYTES, encoding: BufferEncoding = 'utf8'): string {
  return readRegularFile(file, maxBytes).toString(encoding);
}

/** The file's bytes, under the same rules as readControlFile. */
export function readRegularFile(file: string, maxBytes = CONTROL_FILE_MAX_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ControlFileError(file, 'missing', `${file}: no such file`);
    throw new ControlFileError(file, 'unreadable', `${file}: cannot open (${code ?? String(err)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ControlFileError(file, 'not-regular', `${file}: not a regular file (FIFO, device, socket or directory); not read`);
    if (st.size > maxBytes) throw new ControlFileError(file, 'too-large', `${file}: ${st.size} bytes, over the ${maxBytes}-byte limit for this file; not read`);
    let buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) throw new ControlFileError(file, 'too-large', `${file}: grew past the ${maxBytes}-byte limit while being read; not read`);
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, n * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof ControlFileError) throw err;
    throw new ControlFileError(file, 'unreadable', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  } finally {
    closeSync(fd);
  }
}

/** The file's text, or undefined when it does not exist; other failures throw ControlFileError. */
export function readControlFileIfPresent(file: string, maxBytes = CONTROL_FILE_MAX_BYTES, encoding: BufferEncoding = 'utf8'): string | undefined {
  try {
    return readControlFile(file, maxBytes, encoding);
  } catch (err) {
    if (err instanceof ControlFileError && err.why === 'missing') return undefined;
    throw err;
  }
}

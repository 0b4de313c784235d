import { constants, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WiredeskError } from '../errors.js';

/**
 * Expands command-line inputs: a file stays itself, a directory is walked recursively in sorted
 * order (dot-files, fixture expectation files `*.expected.json` and symbolic links are not inputs,
 * and each is reported as skipped), a URL is kept.
 */
export async function* expandInputs(inputs: string[]): AsyncGenerator<{ input: string; error?: WiredeskError; skipped?: string }> {
  for (const input of inputs) {
    if (/^https?:\/\//i.test(input)) {
      yield { input };
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch {
      yield { input, error: new WiredeskError('WIREDESK_ERR_INPUT_NOT_FOUND', input, { input }) };
      continue;
    }
    if (st.isDirectory()) yield* walk(input);
    else yield { input };
  }
}

/**
 * The files under `dir`. What a walk passes over is said, with why (`skipped`), so that nothing
 * is left out without a word: dot-files, fixture expectations, and entries that are no regular
 * file or folder (symbolic links are not followed: a link may lead out of the folder, or in a loop).
 */
async function* walk(dir: string): AsyncGenerator<{ input: string; skipped?: string }> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.name.startsWith('.')) yield { input: p, skipped: 'a dot-file' };
    else if (e.name.endsWith('.expected.json')) yield { input: p, skipped: 'a fixture expectation (*.expected.json)' };
    else if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield { input: p };
    else yield { input: p, skipped: e.isSymbolicLink() ? 'a symbolic link (not followed)' : 'not a regular file' };
  }
}

export interface ReadCappedOptions {
  /**
   * Read a character device, FIFO or socket as well (`--allow-special-files`). Such a file has no
   * size to check beforehand and may never end (`/dev/zero`) or never begin (a FIFO with no
   * writer): it is read up to the limit, and opening a FIFO waits for its writer.
   */
  allowSpecialFiles?: boolean;
}

function openError(path: string, e: NodeJS.ErrnoException): WiredeskError {
  return new WiredeskError(e.code === 'ENOENT' ? 'WIREDESK_ERR_INPUT_NOT_FOUND' : 'WIREDESK_ERR_INPUT_UNREADABLE', `${path}: ${e.message}`, { input: path, cause: e });
}

function specialFile(path: string, st: Stats): WiredeskError {
  const what = st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a folder' : 'not a regular file';
  return new WiredeskError('WIREDESK_ERR_INPUT_NOT_REGULAR', `${path} is ${what}`, { input: path });
}

const CHUNK = 64 * 1024;

/**
 * Reads a file, never holding more than maxBytes + 1 bytes: a regular file larger than the limit
 * is refused before it is read, and every file is counted as it is read (a file that grows, or a
 * size the file system states wrongly, stops at the limit). Anything but a regular file (a device
 * such as /dev/zero, a FIFO, a socket) is refused unless `allowSpecialFiles`: it is opened
 * non-blocking and checked before a byte is read, so a FIFO without a writer cannot hang the read.
 */
export async function readFileCapped(path: string, maxBytes: number, opts: ReadCappedOptions = {}): Promise<Buffer> {
  const before = await stat(path).catch((e: NodeJS.ErrnoException) => { throw openError(path, e); });
  if (!before.isFile() && !opts.allowSpecialFiles) throw specialFile(path, before);
  const flags = opts.allowSpecialFiles ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NONBLOCK;
  const fh = await open(path, flags).catch((e: NodeJS.ErrnoException) => { throw openError(path, e); });
  try {
    // The path may have been replaced between the two looks: the open file is what counts.
    const st = await fh.stat();
    if (!st.isFile() && !opts.allowSpecialFiles) throw specialFile(path, st);
    if (st.isFile() && st.size > maxBytes) throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${path} is ${st.size} bytes, limit ${maxBytes}`, { input: path });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      let n: number;
      try {
        ({ bytesRead: n } = await fh.read(buf, 0, want, null));
      } catch (e) {
        throw new WiredeskError('WIREDESK_ERR_INPUT_UNREADABLE', `${path}: ${(e as Error).message}`, { input: path, cause: e });
      }
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${path}: more than ${maxBytes} bytes`, { input: path });
    }
    return Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

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

/** Reads a file, refusing one larger than maxBytes before reading it (bounded memory). */
export async function readFileCapped(path: string, maxBytes: number): Promise<Buffer> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new WiredeskError(e.code === 'ENOENT' ? 'WIREDESK_ERR_INPUT_NOT_FOUND' : 'WIREDESK_ERR_INPUT_UNREADABLE', `${path}: ${e.message}`, { input: path, cause: e });
  });
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${path} is ${size} bytes, limit ${maxBytes}`, { input: path });
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

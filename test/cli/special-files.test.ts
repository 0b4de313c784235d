import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileCapped } from '../../src/sources/local-inputs.js';
import { WiredeskError } from '../../src/errors.js';
import { packagePath } from '../../src/package-info.js';
import { CLI } from '../helpers/run-cli.js';

// Issue 15 item 15: --max-bytes used to trust fstat. /dev/zero states size 0 and grew without
// limit; a FIFO blocked for ever in open(). Now bytes are counted as they are read, and anything
// but a regular file is refused (before a byte is read) unless --allow-special-files.

let dir: string;
let fifo: string;
const GOOD = packagePath('test', 'data', 'newsml-g2-two-items.xml');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'wiredesk-special-'));
  fifo = join(dir, 'pipe');
  const r = spawnSync('mkfifo', [fifo]);
  assert.equal(r.status, 0, 'mkfifo');
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof WiredeskError, String(e));
    return e.code;
  }
  return 'no error';
}

/** Runs the CLI; a run that has not ended after `ms` is killed and reported as hung. */
function cli(args: string[], ms = 20_000): Promise<{ code: number | null; stderr: string; hung: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let hung = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => { stderr += c; });
    child.stdout.resume();
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, ms);
    child.on('error', reject);
    child.on('close', (c) => { clearTimeout(timer); resolve({ code: c, stderr, hung }); });
  });
}

test('/dev/zero is refused as a character device, before a byte is read', async () => {
  assert.equal(await code(readFileCapped('/dev/zero', 1000)), 'WIREDESK_ERR_INPUT_NOT_REGULAR');
});

test('/dev/zero with special files allowed stops one byte past the limit', async () => {
  assert.equal(await code(readFileCapped('/dev/zero', 1000, { allowSpecialFiles: true })), 'WIREDESK_ERR_INPUT_TOO_LARGE');
  assert.equal(await code(readFileCapped('/dev/zero', 200_000, { allowSpecialFiles: true })), 'WIREDESK_ERR_INPUT_TOO_LARGE');
});

test('a FIFO nobody writes to is refused at once instead of blocking', async () => {
  assert.equal(await code(readFileCapped(fifo, 1000)), 'WIREDESK_ERR_INPUT_NOT_REGULAR');
});

test('a FIFO with special files allowed is read up to its end, and capped', async () => {
  const good = readFileSync(GOOD);
  const write = (): Promise<unknown> => {
    const writer = spawn('sh', ['-c', `cat "$1" > "$2"`, 'sh', GOOD, fifo], { stdio: 'ignore' });
    return new Promise((r) => writer.on('close', r));
  };
  const written = write();
  const bytes = await readFileCapped(fifo, 10_000_000, { allowSpecialFiles: true });
  assert.deepEqual(bytes, good);
  await written;
  // The reader stops at 101 bytes and closes the pipe; the writer ends (EPIPE).
  const written2 = write();
  assert.equal(await code(readFileCapped(fifo, 100, { allowSpecialFiles: true })), 'WIREDESK_ERR_INPUT_TOO_LARGE');
  await written2;
});

test('a regular file is still counted as it is read', async () => {
  const p = join(dir, 'big.txt');
  writeFileSync(p, 'x'.repeat(5000));
  assert.equal(await code(readFileCapped(p, 4999)), 'WIREDESK_ERR_INPUT_TOO_LARGE');
  assert.equal((await readFileCapped(p, 5000)).length, 5000);
});

test('wiredesk ingest /dev/zero --max-bytes 1000 ends at once: a usage error, or too large when special files are allowed', async () => {
  const refused = await cli(['ingest', '/dev/zero', '--max-bytes', '1000']);
  assert.equal(refused.hung, false);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /WIREDESK_ERR_INPUT_NOT_REGULAR .*character device/);
  const allowed = await cli(['ingest', '/dev/zero', '--max-bytes', '1000', '--allow-special-files']);
  assert.equal(allowed.hung, false);
  assert.equal(allowed.code, 1, allowed.stderr);
  assert.match(allowed.stderr, /WIREDESK_ERR_INPUT_TOO_LARGE/);
});

test('wiredesk ingest of a FIFO nobody writes to ends at once', async () => {
  const r = await cli(['ingest', fifo]);
  assert.equal(r.hung, false);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /WIREDESK_ERR_INPUT_NOT_REGULAR .*FIFO/);
});

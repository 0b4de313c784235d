import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { packagePath } from '../../src/package-info.js';
import { CLI } from '../helpers/run-cli.js';

// `wiredesk ingest fixtures | head -1`: the reader closes the pipe after one line. The command
// used to report the closed pipe as WIREDESK_ERR_INTERNAL with a stack trace; it now ends
// quietly, as Unix filters do.

test('a reader that closes stdout early ends ingest quietly, without an internal error', async () => {
  const child = spawn(process.execPath, [CLI, 'ingest', '--quiet', packagePath('fixtures')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  let first = '';
  for await (const chunk of child.stdout) {
    first += String(chunk);
    if (first.includes('\n')) break; // leaving the loop destroys the stream: the pipe is closed
  }
  assert.ok(JSON.parse(first.slice(0, first.indexOf('\n'))).id, 'the first article was written');
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, null);
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /WIREDESK_ERR_INTERNAL|EPIPE/);
});

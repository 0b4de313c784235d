import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../src/package-info.js';
import { failureLines, ndjson, runCli } from '../helpers/run-cli.js';
import { bigRssFeed } from '../helpers/slow-inputs.js';

// Issue 15 item 13: `wiredesk ingest --timeout S` parses each input in a worker thread with the
// queue worker's deadline: an input past it fails with WIREDESK_ERR_PARSE_TIMEOUT, and the others are read.

test('ingest --timeout: a document past the deadline fails with WIREDESK_ERR_PARSE_TIMEOUT; with room, the same documents are read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-timeout-'));
  try {
    const slow = join(dir, 'slow.xml');
    writeFileSync(slow, bigRssFeed(3000));
    const good = packagePath('fixtures', 'newsml-g2', 'afp-french.xml');
    const timedOut = await runCli(['ingest', slow, '--timeout', '0.005']);
    assert.equal(timedOut.code, 1, timedOut.stderr);
    assert.deepEqual(failureLines(timedOut.stderr).map((f) => [f.input, f.code]), [[slow, 'WIREDESK_ERR_PARSE_TIMEOUT']]);
    const roomy = await runCli(['ingest', good, slow, '--timeout', '600']);
    assert.equal(roomy.code, 0, roomy.stderr);
    assert.equal(ndjson(roomy.stdout).length, 3001);
    const bad = await runCli(['ingest', good, '--timeout', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--timeout/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

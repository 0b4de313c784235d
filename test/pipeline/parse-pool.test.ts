import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ParsePool } from '../../src/pipeline/parse-pool.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { WiredeskError } from '../../src/errors.js';
import { packagePath } from '../../src/package-info.js';
import { bigRssFeed } from '../helpers/slow-inputs.js';

// Issue 15 item 13 (the deadline): parsing in a pool of worker threads. A document past the
// deadline has its thread terminated and replaced, and fails with WIREDESK_ERR_PARSE_TIMEOUT.

const GOOD = readFileSync(packagePath('fixtures', 'newsml-g2', 'afp-french.xml'));

test('a thread gives what ingestItem gives: articles, and coded failures with their bytes', async () => {
  const pool = new ParsePool({ timeoutMs: 60_000, size: 1 });
  try {
    const receivedAt = new Date('2026-06-12T08:20:00Z');
    const inputs = [
      { bytes: GOOD, path: 'afp-french.xml', receivedAt, feed: 'afp' },
      { bytes: Buffer.from('{"type":"text","headline": '), path: 'broken.json', receivedAt },
      { bytes: Buffer.from(JSON.stringify([{ type: 'text', uri: 'urn:a', headline: 'One', body_text: 'Text one.', versioncreated: '2026-06-12T08:00:00Z' }, { version: 3 }])), path: 'two.json', receivedAt },
    ];
    for (const raw of inputs) {
      const mine = ingestItem(raw);
      const theirs = await pool.run(raw);
      assert.equal(theirs.format, mine.format);
      assert.deepEqual(theirs.articles, mine.articles);
      assert.equal(theirs.failures.length, mine.failures.length);
      theirs.failures.forEach((f, i) => {
        const m = mine.failures[i]!;
        assert.ok(f.error instanceof WiredeskError);
        assert.equal(f.error.code, m.error.code);
        assert.equal(f.error.kind, m.error.kind);
        assert.equal(f.error.describe(), m.error.describe());
        assert.deepEqual(f.raw, m.raw);
        assert.equal(f.itemIndex, m.itemIndex);
      });
    }
  } finally {
    await pool.close();
  }
});

test('an item past the deadline fails with WIREDESK_ERR_PARSE_TIMEOUT (malformed) and its bytes; the thread is replaced', async () => {
  const pool = new ParsePool({ timeoutMs: 60_000, size: 1 });
  try {
    const slow = bigRssFeed(3000);
    let ticks = 0;
    const ticker = setInterval(() => { ticks++; }, 1);
    const r = await pool.run({ bytes: slow, path: 'slow.xml' }, 5);
    clearInterval(ticker);
    assert.equal(r.articles.length, 0);
    assert.equal(r.failures.length, 1);
    const f = r.failures[0]!;
    assert.equal(f.error.code, 'WIREDESK_ERR_PARSE_TIMEOUT');
    assert.equal(f.error.kind, 'malformed');
    assert.equal(f.error.details.input, 'slow.xml');
    assert.equal(f.itemIndex, null);
    assert.ok(f.raw.equals(slow));
    assert.equal(pool.timeouts, 1);
    assert.ok(ticks >= 1, 'this thread ran timers while the item was parsed');
    // The next item goes to a fresh thread and is read as before.
    const ok = await pool.run({ bytes: GOOD, path: 'afp-french.xml' });
    assert.deepEqual(ok.failures, []);
    assert.equal(ok.articles.length, 1);
    assert.equal(pool.timeouts, 1);
  } finally {
    await pool.close();
  }
});

test('items wait for a free thread; the deadline counts from when a thread takes one', async () => {
  const pool = new ParsePool({ timeoutMs: 60_000, size: 2 });
  try {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run({ bytes: GOOD, path: `afp-${i}.xml` })));
    for (const r of results) assert.equal(r.articles.length, 1);
    assert.equal(new Set(results.map((r) => r.articles[0]!.id)).size, 1);
    assert.equal(pool.timeouts, 0);
  } finally {
    await pool.close();
  }
});

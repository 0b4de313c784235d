import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, ninjsStory } from './harness.js';
import { queueOn, redisTargets } from '../worker/redis-env.js';
import { DeadLetters } from '../../src/queue/dead-letter.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { replayDeadLetter } from '../../src/queue/stages.js';
import { QUEUE } from '../../src/queue/contract.js';

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('a malformed document is dead-lettered once with its bytes, not retried, and replayable', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      const ingest = queueOn(h.redis, QUEUE.ingest, h.prefix);
      try {
        const bad = Buffer.from('<?xml version="1.0"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><newsItem guid="x"><contentSet>');
        const jobId = await h.enqueue('wire', bad);
        await h.waitFor('failure', () => h.outcomes.length === 1);
        assert.equal(h.outcomes[0]!.outcome, 'failed');
        assert.match(h.outcomes[0]!.code ?? '', /^WIREDESK_ERR_/);
        let state = '';
        for (let i = 0; i < 100 && state !== 'failed'; i++) {
          state = await ingest.getJobState(jobId);
          if (state !== 'failed') await new Promise((r) => setTimeout(r, 20));
        }
        // UnrecoverableError: one attempt, no retries scheduled.
        assert.equal(state, 'failed');
        assert.equal((await ingest.getJob(jobId))?.attemptsMade, 1);

        const letters = new DeadLetters(h.redis, new RedisKeys(h.prefix));
        const [entry] = await letters.list();
        assert.ok(entry);
        assert.equal(entry.feed, 'wire');
        assert.equal(entry.code, h.outcomes[0]!.code);
        const record = await letters.get(entry.id);
        assert.deepEqual(record?.raw, bad);

        const replayed = await replayDeadLetter(url, entry.id, { prefix: h.prefix });
        assert.ok(replayed);
        // The replay fails the same way (no fix in between) and is dead-lettered again under the same id.
        await h.waitFor('replay failure', () => h.outcomes.length === 2);
        assert.deepEqual((await letters.list()).map((e) => e.id), [entry.id]);
        assert.equal(await replayDeadLetter(url, 'nope-doc', { prefix: h.prefix }), null);
      } finally {
        await ingest.close();
        await h.close();
      }
    });

    test('a bad item of a multi-item document is dead-lettered while the good one flows; a drop feed drops', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        await h.enqueue('bin', ninjsStory({ guid: 'urn:test:dropped', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('dropped', () => h.outcomes.length === 1);
        const good = JSON.parse(ninjsStory({ guid: 'urn:test:good', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }).toString('utf8')) as object;
        const doc = Buffer.from(JSON.stringify([good, { type: 'text', version: '1' }]));
        await h.enqueue('wire', doc);
        await h.waitFor('both items', () => h.outcomes.length === 3);
        assert.deepEqual(h.outcomes.map((o) => o.outcome).sort(), ['dropped', 'failed', 'published']);
        await h.waitFor('delivery', () => h.received.length === 1);
        const letters = new DeadLetters(h.redis, new RedisKeys(h.prefix));
        const [entry] = await letters.list();
        assert.equal(entry?.itemIndex, 1);
        const record = await letters.get(entry.id);
        assert.deepEqual(record?.raw, doc, 'the whole document is kept for replay');
        assert.deepEqual(JSON.parse(record!.itemRaw!.toString('utf8')), { type: 'text', version: '1' });
      } finally {
        await h.close();
      }
    });
  });
}

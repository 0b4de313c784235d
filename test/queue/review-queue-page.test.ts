import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '../../src/queue/redis-connection.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import type { Article } from '../../src/model/article.generated.js';
import { ReviewStore } from '../../src/review/review-store.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { ninjsStory } from './harness.js';
import { connectTest, deletePrefixKeys, redisTargets } from '../worker/redis-env.js';

// Issue 16: the desk's queue reads one page of one state from per-state indexes, counts states without
// reading entries, and offers filter values from facet sets; entries from before the indexes are filed once.

function article(i: number, feed: string, language = 'en'): Article {
  const a = ingestItem({ bytes: ninjsStory({ guid: `urn:test:q${i}`, version: 1, versionCreated: '2026-03-02T07:00:00+0000', headline: `Story number ${i} about ${i % 2 ? 'ferries' : 'harbours'}`, language }), path: null, feed }).articles[0]!;
  return a;
}

async function withStore(url: string, fn: (store: ReviewStore, redis: RedisConnection, keys: RedisKeys) => Promise<void>): Promise<void> {
  const redis = connectTest(url);
  const keys = new RedisKeys(`wdtest-${randomBytes(5).toString('hex')}`);
  try {
    await fn(new ReviewStore(redis, keys, 600), redis, keys);
  } finally {
    await deletePrefixKeys(redis, keys.prefix);
    await redis.quit();
  }
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('review queue: pages of one state newest first, counts per state, facets, filtered scans', async () => {
      await withStore(url, async (store) => {
        const t0 = Date.parse('2026-12-06T08:00:00Z');
        for (let i = 0; i < 120; i++) await store.put(article(i, i % 3 ? 'wire-a' : 'wire-b', i % 4 ? 'en' : 'de'), `v${i}`, null, new Date(t0 + i * 1000));
        // 10 held, 5 approved, 5 killed (from pending; the kill of an approved one as well)
        for (let i = 0; i < 10; i++) assert.equal((await store.setState(`testwire:urn:test:q${i}`, 'held', ['pending'], 'ed', new Date(t0 + 200_000))).changed, true);
        for (let i = 10; i < 15; i++) await store.setState(`testwire:urn:test:q${i}`, 'approved', ['pending', 'held'], 'ed', new Date(t0 + 200_000));
        for (let i = 14; i < 19; i++) await store.setState(`testwire:urn:test:q${i}`, 'killed', ['pending', 'held', 'approved'], 'ed', new Date(t0 + 200_000));
        const now = new Date(t0 + 300_000);
        const counts = await store.counts(now);
        assert.deepEqual(counts, { all: 120, pending: 120 - 10 - 5 - 4, held: 10, approved: 4, killed: 5, rejected: 0, superseded: 0 });

        const first = await store.page({ state: 'pending', offset: 0, limit: 50, now });
        assert.equal(first.total, 101);
        assert.equal(first.more, true);
        assert.deepEqual(first.rows.slice(0, 2).map((r) => r.id), ['testwire:urn:test:q119', 'testwire:urn:test:q118'], 'newest first');
        assert.ok(first.rows.every((r) => r.state === 'pending'));
        const last = await store.page({ state: 'pending', offset: 100, limit: 50, now });
        assert.deepEqual(last.rows.map((r) => r.id), ['testwire:urn:test:q19']);
        assert.equal(last.more, false);
        const held = await store.page({ state: 'held', offset: 0, limit: 50, now });
        assert.deepEqual(held.rows.map((r) => r.id), Array.from({ length: 10 }, (_, i) => `testwire:urn:test:q${9 - i}`), 'a state change keeps the arrival order');

        const facets = await store.facets(now);
        assert.deepEqual(facets.feed, ['wire-a', 'wire-b']);
        assert.deepEqual(facets.language, ['de', 'en']);

        const german = await store.page({ state: 'all', offset: 0, limit: 50, where: [['language', 'de']], now });
        assert.equal(german.total, 30);
        assert.ok(german.rows.every((r) => r.language === 'de'));
        const germanB = await store.page({ state: 'pending', offset: 0, limit: 50, where: [['language', 'de'], ['feed', 'wire-b']], now });
        const expected = Array.from({ length: 120 }, (_, i) => i).filter((i) => i >= 19 && i % 4 === 0 && i % 3 === 0).reverse().map((i) => `testwire:urn:test:q${i}`);
        assert.deepEqual(germanB.rows.map((r) => r.id), expected, 'facets intersect with the state, newest first');
        assert.equal(germanB.total, expected.length);
        const ferries = await store.page({ state: 'pending', offset: 0, limit: 10, text: 'FERRIES', now });
        assert.ok(ferries.rows.length === 10 && ferries.rows.every((r) => /ferries/.test(r.headline ?? '')));
        assert.equal(ferries.total, Array.from({ length: 120 }, (_, i) => i).filter((i) => i >= 19 && i % 2 === 1).length);
        const quoted = await store.page({ state: 'pending', offset: 0, limit: 10, text: 'about "ferries', now });
        assert.equal(quoted.total, 0, 'text with a quote is matched on the decoded headline');

        // A new version from another feed leaves the old feed's index.
        await store.put(article(119, 'wire-c'), 'v119b', null, new Date(t0 + 250_000));
        const inA = await store.page({ state: 'all', offset: 0, limit: 200, where: [['feed', 'wire-a']], now });
        assert.ok(!inA.rows.some((r) => r.id === 'testwire:urn:test:q119'));
        assert.equal((await store.page({ state: 'all', offset: 0, limit: 5, where: [['feed', 'wire-c']], now })).total, 1);
        const capped = await store.page({ state: 'all', offset: 0, limit: 5, match: () => true, scanCap: 500, now });
        assert.equal(capped.total, 120, 'a scan that reaches the end counts exactly');
        const partial = await store.page({ state: 'pending', offset: 0, limit: 5, match: (s) => (s.headline ?? '').includes('ferries'), scanCap: 1, now });
        assert.equal(partial.rows.length, 5);
        // The embargo index: stories in review with an embargo (the desk's embargo list reads it).
        const embargoed = ingestItem({ bytes: ninjsStory({ guid: 'urn:test:emb', version: 1, versionCreated: '2026-03-02T07:00:00+0000', embargoed: '2027-01-01T00:00:00Z' }), path: null, feed: 'wire-a' }).articles[0]!;
        await store.put(embargoed, 'e1', null, new Date(t0 + 240_000));
        const withEmbargo = await store.page({ state: 'pending', offset: 0, limit: 50, where: [['embargo', 'yes']], now });
        assert.deepEqual(withEmbargo.rows.map((r) => r.id), [embargoed.id]);

      });
    });

    test('review queue: entries past the retention leave the indexes; entries filed before the per-state indexes are filed once', async () => {
      await withStore(url, async (store, redis, keys) => {
        const t0 = Date.parse('2026-12-06T08:00:00Z');
        await store.put(article(1, 'wire-a'), 'v1', null, new Date(t0));
        await store.put(article(2, 'wire-a'), 'v2', null, new Date(t0 + 500_000));
        const later = await store.counts(new Date(t0 + 650_000));
        assert.equal(later.pending, 1, 'the first entry (retention 600 s) is gone from the counts');
        assert.equal(later.all, 1);
        assert.deepEqual(await redis.hkeys(keys.reviewHeadlines()), ['testwire:urn:test:q2'], 'and from the headline map');
        const found = await store.page({ state: 'pending', offset: 0, limit: 5, text: 'story number 2', now: new Date(t0 + 650_000) });
        assert.deepEqual(found.rows.map((r) => r.id), ['testwire:urn:test:q2']);
        // An entry missing from the headline map (filed by an older version) is read whole.
        await redis.del(keys.reviewHeadlines());
        const whole = await store.page({ state: 'pending', offset: 0, limit: 5, text: 'STORY NUMBER 2', now: new Date(t0 + 650_000) });
        assert.deepEqual(whole.rows.map((r) => r.id), ['testwire:urn:test:q2']);
        assert.equal(whole.total, 1);

        // An older deployment: entries in the index only.
        await redis.del(keys.reviewStateMarker(), keys.reviewState('pending'), keys.reviewFacet('feed'));
        const fresh = new ReviewStore(redis, keys, 600);
        const counts = await fresh.counts(new Date(t0 + 650_000));
        assert.equal(counts.pending, 1);
        assert.deepEqual((await fresh.facets(new Date(t0 + 650_000))).feed, ['wire-a']);
        assert.equal(await redis.exists(keys.reviewStateMarker()), 1);
      });
    });
  });
}

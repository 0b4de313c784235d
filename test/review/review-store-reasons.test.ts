import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewStore } from '../../src/review/review-store.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import type { Article } from '../../src/model/article.generated.js';
import { whyItIsHere, relatedNearDuplicates, reasonChoices } from '../../src/desk/review-reasons.js';
import { connectTest, redisTargets, uniquePrefix, deletePrefixKeys } from '../worker/redis-env.js';

// Issue 16, item 3: the reasons are stored with the review entry; entries stored before (without
// reasons) stay readable and the desk falls back for them.

function article(guid: string): Article {
  const doc = { guid, type: 'text', version: '1', versioncreated: '2026-11-30T08:00:00+0000', language: 'en', source: 'Testwire', headline: 'Quay wall repairs begin', body_html: '<p>Repairs to the old quay wall at Norhaven began on Monday and will take six weeks, the harbour office said.</p>' };
  return ingestItem({ bytes: Buffer.from(JSON.stringify(doc)), path: null, feed: 'wire', format: 'ninjs' }).articles[0]!;
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('review store: reasons are stored with the entry and survive state changes and edits; an entry without reasons reads as before', async () => {
      const redis = connectTest(url);
      const prefix = uniquePrefix('reasons');
      const store = new ReviewStore(redis, new RedisKeys(prefix), 3600);
      try {
        const a = article('urn:test:quay');
        const reasons = [{ rule: 'dup', name: 'Near-duplicate "copy"', detail: 'nearly the same text as x:1', related: 'x:1' }, { rule: 'feed-routing', name: 'Feed routed to review' }];
        const summary = await store.put(a, '1', null, new Date(), undefined, { reasons });
        assert.deepEqual(summary.reasons, reasons);
        assert.deepEqual((await store.get(a.id))?.reasons, reasons);
        assert.deepEqual((await store.list())[0]?.reasons, reasons);
        await store.setState(a.id, 'held', ['pending'], 'ed');
        const edited = await store.edit(a.id, '1', { ...a, headline: 'Quay wall repairs start' }, { by: 'ed', at: '2026-11-30T09:05:00Z', changes: [{ field: 'headline', before: a.headline, after: 'Quay wall repairs start' }] });
        assert.equal(edited.status, 'ok');
        const after = (await store.get(a.id))!;
        assert.equal(after.state, 'held');
        assert.deepEqual(after.reasons, reasons, 'the Lua scripts keep the reasons as they were');

        const old = article('urn:test:old-entry');
        await store.put(old, '1', 'x:old@0', new Date());
        const entry = (await store.get(old.id))!;
        assert.equal(entry.reasons, undefined);
        const why = whyItIsHere(entry, '/desk').value;
        assert.match(why, /Feed <strong>wire<\/strong> is routed to review \(no reasons were stored with this entry\)/);
        assert.match(why, /A new version of <code>x:old@0<\/code>/);
        assert.equal(relatedNearDuplicates(entry, '/desk').value, '');

        const withReasons = (await store.get(a.id))!;
        const shown = whyItIsHere(withReasons, '/desk').value;
        assert.match(shown, /<strong>Near-duplicate &quot;copy&quot;<\/strong>: nearly the same text as x:1 \(<a href="\/desk\/story\/x%3A1">/);
        assert.match(relatedNearDuplicates(withReasons, '/desk').value, /<a href="\/desk\/story\/x%3A1"><code>x:1<\/code><\/a>/);
        const facets = await store.facets();
        assert.deepEqual(reasonChoices([{ id: 'no-credit', name: 'Missing photo credit' }], facets.reason).map((c) => c.value), ['feed-routing', 'no-credit', 'dup']);
        const byReason = await store.page({ state: 'all', offset: 0, limit: 10, where: [['reason', 'dup']] });
        assert.deepEqual(byReason.rows.map((s) => s.id), [a.id], 'the reason facet finds the entries held by a rule');
        assert.equal((await store.page({ state: 'all', offset: 0, limit: 10 })).rows.length, 2);
      } finally {
        await deletePrefixKeys(redis, prefix);
        await redis.quit();
      }
    });
  });
}

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ingestItem } from '../../src/pipeline/ingest.js';
import type { Article } from '../../src/model/article.generated.js';
import { StoryStore } from '../../src/store/story-store.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import type { RedisConnection } from '../../src/queue/redis-connection.js';
import { ninjsStory, type StoryOptions } from './harness.js';
import { connectTest, deletePrefixKeys, redisTargets } from '../worker/redis-env.js';

function article(o: Partial<StoryOptions>): Article {
  return ingestItem({ bytes: ninjsStory({ guid: 'urn:test:store', version: 1, versionCreated: '2026-03-02T07:00:00+0000', ...o }), path: null, feed: 'wire' }).articles[0]!;
}

async function withStore(url: string, fn: (store: StoryStore, redis: RedisConnection, keys: RedisKeys) => Promise<void>): Promise<void> {
  const redis = connectTest(url);
  const keys = new RedisKeys(`wdtest-${randomBytes(5).toString('hex')}`);
  try {
    await fn(new StoryStore(redis, keys, 600), redis, keys);
  } finally {
    await deletePrefixKeys(redis, keys.prefix);
    await redis.quit();
  }
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('story store: a re-sent version with new content gets its own key; keys expire with the retention', async () => {
      await withStore(url, async (store, redis, keys) => {
        const v1 = article({});
        const v1b = article({ headline: 'Harbour cranes idle as dockworkers strike for a second day' });
        assert.equal((await store.decide(v1, 'publishing', ['web'])).kind, 'new');
        const d = await store.decide(v1b, 'publishing', ['web']);
        assert.equal(d.kind, 'newer');
        assert.equal(d.previousVersionKey, '1');
        assert.equal(d.versionKey, `1~${v1b.contentHash.slice(7, 19)}`);
        assert.equal((await store.decide(v1b, 'publishing', ['web'])).versionKey, d.versionKey, 'its duplicate answers the same key');
        const ttl = await redis.ttl(keys.story(v1.id));
        assert.ok(ttl > 500 && ttl <= 600, `ttl ${ttl}`);
        assert.ok((await redis.ttl(keys.storyHistory(v1.id))) > 500);
        assert.ok((await redis.ttl(keys.storySubscribers(v1.id))) > 500);
      });
    });

    test('story store: transitions only move the latest, unkilled version; kills answer who had the story', async () => {
      await withStore(url, async (store) => {
        const v1 = article({});
        const v2 = article({ version: 2, versionCreated: '2026-03-02T08:00:00+0000', headline: 'Second version' });
        await store.decide(v1, 'embargoed', []);
        assert.equal(await store.transition(v1.id, '1', ['embargoed'], 'publishing', ['web']), 'ok');
        assert.equal(await store.transition(v1.id, '1', ['embargoed'], 'publishing', ['web']), 'ok', 'a repeated release is answered ok (resume)');
        assert.deepEqual(await store.subscribersOf(v1.id), ['web']);
        await store.decide(v2, 'review', []);
        assert.equal(await store.transition(v1.id, '1', ['embargoed'], 'publishing', ['print']), 'superseded');
        assert.equal(await store.transition(v1.id, '2', ['embargoed'], 'publishing', ['print']), 'refused:review');
        const k = await store.kill(v1.id);
        assert.deepEqual(k, { result: 'ok', previousState: 'review', versionKey: '2', subscribers: ['web'] });
        assert.equal((await store.kill(v1.id)).result, 'already');
        assert.equal(await store.transition(v1.id, '2', ['review'], 'publishing'), 'killed');
        assert.equal((await store.decide(article({ version: 3, versionCreated: '2026-03-02T09:00:00+0000', headline: 'Third' }), 'publishing', [])).kind, 'stale');
        assert.equal((await store.kill('urn:nothing')).result, 'gone');
      });
    });
  });
}

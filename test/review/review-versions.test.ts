import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import { ReviewVersions } from '../../src/review/review-versions.js';
import type { Article } from '../../src/model/article.generated.js';
import { connectTest, redisTargets, uniquePrefix, deletePrefixKeys } from '../worker/redis-env.js';

// Issue 16, item 4: the versions kept per story under review are capped in count and bytes (the
// newest always kept), expire, and raw documents over the cap keep only their size.

function article(id: string, version: number, padding = 0): Article {
  return { id, version: String(version), versionCreated: null, headline: `v${version}`, body: { html: '', text: 'x'.repeat(padding) }, provenance: { rawSha256: 'a'.repeat(64) } } as unknown as Article;
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('review versions: count and byte caps drop the oldest, keep the newest; raw over the cap keeps its size only', async () => {
      const prefix = uniquePrefix('versions');
      const redis = connectTest(url);
      const keys = new RedisKeys(prefix);
      try {
        const versions = new ReviewVersions(redis, keys, { maxCount: 5, maxBytes: 50_000, maxRawBytes: 100 });
        for (let v = 1; v <= 8; v++) {
          const a = article('p:one', v);
          await versions.add(ReviewVersions.metaOf(a, String(v), String(v), new Date(Date.UTC(2026, 0, 1, 0, v)).toISOString(), null), a, 600);
        }
        assert.deepEqual((await versions.list('p:one')).map((m) => m.key), ['4', '5', '6', '7', '8'], 'at most five, the oldest gone');
        assert.equal((await versions.article('p:one', '3')), null);
        assert.equal((await versions.article('p:one', '8'))?.headline, 'v8');
        const ttl = await redis.ttl(keys.reviewVersions('p:one'));
        assert.ok(ttl > 0 && ttl <= 600, `expires with the entry (${ttl})`);

        for (let v = 1; v <= 3; v++) {
          const a = article('p:big', v, 20_000);
          await versions.add(ReviewVersions.metaOf(a, String(v), String(v), new Date(Date.UTC(2026, 0, 1, 0, v)).toISOString(), v === 3 ? 'ed' : null), a, 600);
        }
        const big = await versions.list('p:big');
        assert.deepEqual(big.map((m) => m.key), ['2', '3'], 'the byte cap drops the oldest');
        assert.equal(big[1]!.kind, 'edited');
        assert.equal(big[1]!.editedBy, 'ed');
        const huge = article('p:huge', 1, 80_000);
        await versions.add(ReviewVersions.metaOf(huge, '1', '1', new Date().toISOString(), null), huge, 600);
        assert.deepEqual((await versions.list('p:huge')).map((m) => m.key), ['1'], 'the newest stays even alone over the cap');

        await versions.keepRaw('b'.repeat(64), Buffer.from('small raw'), 600);
        await versions.keepRaw('c'.repeat(64), Buffer.alloc(101, 1), 600);
        assert.deepEqual(await versions.raw('b'.repeat(64), true), { size: 9, kept: true, bytes: Buffer.from('small raw') });
        assert.deepEqual(await versions.raw('c'.repeat(64), true), { size: 101, kept: false, bytes: null });
        assert.equal(await versions.raw('d'.repeat(64), true), null);
      } finally {
        await deletePrefixKeys(redis, prefix);
        await redis.quit();
      }
    });
  });
}

import type { Redis } from 'ioredis';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { bands, hammingDistance, NEAR_DUPLICATE_BITS, simhash } from './simhash.js';

/** How many recent stories one band value remembers: enough for a news cycle, bounded under floods. */
const BAND_MEMORY = 24;

/**
 * Only the opening of the body is hashed: copies of one story share their first paragraphs even
 * when one was trimmed or extended at the end, and the cost stays flat for long stories.
 */
const HASHED_CHARS = 3000;

// Reads the candidates of the four bands and files the new member, in one call: the bands are
// sorted sets scored by time, trimmed to BAND_MEMORY and expiring with the retention.
const RELATE = `
local out = {}
for i = 1, #KEYS do
  for _, m in ipairs(redis.call('ZREVRANGE', KEYS[i], 0, tonumber(ARGV[3]) - 1)) do out[#out + 1] = m end
  redis.call('ZADD', KEYS[i], ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -tonumber(ARGV[3]) - 1)
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
return out
`;

type RelateRedis = Redis & { wdRelate(k1: string, k2: string, k3: string, k4: string, member: string, now: string, memory: string, ttl: string): Promise<string[]> };

/**
 * The near-duplicate index: each story's simhash is filed under its four 16-bit bands. A new
 * story's candidates are the stories sharing a band; those within NEAR_DUPLICATE_BITS are the
 * same event.
 */
export class NearDuplicateIndex {
  private readonly redis: RelateRedis;
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number) {
    this.redis = redis as RelateRedis;
    if (typeof this.redis.wdRelate !== 'function') redis.defineCommand('wdRelate', { numberOfKeys: 4, lua: RELATE });
  }

  /** Ids of other stories near this one, and files this one for later stories: one round trip. */
  async relate(article: Pick<Article, 'id' | 'body' | 'headline'>, now = Date.now()): Promise<string[]> {
    return (await this.relateMany([article], now))[0]!;
  }

  /** relate() for several stories in one round trip (files them in the order given). */
  async relateMany(articles: Array<Pick<Article, 'id' | 'body' | 'headline'>>, now = Date.now()): Promise<string[][]> {
    const hashes = articles.map((a) => simhash((a.body.text || a.headline || '').slice(0, HASHED_CHARS)));
    const pipe = this.redis.pipeline() as unknown as { wdRelate(...args: string[]): void; exec(): Promise<Array<[Error | null, unknown]> | null> };
    let calls = 0;
    articles.forEach((article, i) => {
      const hash = hashes[i];
      if (!hash) return;
      const [k1, k2, k3, k4] = bands(hash).map((b) => this.keys.simhashBand(b)) as [string, string, string, string];
      pipe.wdRelate(k1, k2, k3, k4, `${hash}|${article.id}`, String(now), String(BAND_MEMORY), String(this.retentionSeconds));
      calls++;
    });
    const results = calls ? await pipe.exec() : [];
    if (!results) throw new Error('near-duplicate index: pipeline aborted');
    let next = 0;
    return articles.map((article, i) => {
      const hash = hashes[i];
      if (!hash) return [];
      const [err, res] = results[next++]!;
      if (err) throw err;
      // A story near this one usually shares several bands: each candidate is measured once.
      const related = new Set<string>();
      for (const m of new Set(res as string[])) {
        const bar = m.indexOf('|');
        const otherId = m.slice(bar + 1);
        if (otherId !== article.id && hammingDistance(hash, m.slice(0, bar)) <= NEAR_DUPLICATE_BITS) related.add(otherId);
      }
      return [...related].sort();
    });
  }
}

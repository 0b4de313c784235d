import type { Redis } from 'ioredis';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { bands, halvesDistance, hashHalves, NEAR_DUPLICATE_BITS, simhash } from './simhash.js';

/** How many recent stories one band value remembers: enough for a news cycle, bounded under floods. */
const BAND_MEMORY = 24;

/**
 * Only the opening of the body is hashed: copies of one story share their first paragraphs even
 * when one was trimmed or extended at the end, and the cost stays flat for long stories.
 */
const HASHED_CHARS = 3000;

// For each story (four band keys in KEYS, its member in ARGV from 4 on): reads the candidates of
// its bands and files it, all stories in one call. The bands are sorted sets scored by time,
// trimmed to BAND_MEMORY (a trim only when the read saw the band full) and expiring with the
// retention. ARGV[1] the time, ARGV[2] the memory, ARGV[3] the retention in seconds.
const RELATE = `
local memory = tonumber(ARGV[2])
local all = {}
for s = 0, #KEYS / 4 - 1 do
  local out = {}
  for i = 4 * s + 1, 4 * s + 4 do
    local got = redis.call('ZREVRANGE', KEYS[i], 0, memory)
    for k = 1, math.min(#got, memory) do out[#out + 1] = got[k] end
    redis.call('ZADD', KEYS[i], ARGV[1], ARGV[4 + s])
    if #got >= memory then redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -memory - 1) end
    redis.call('EXPIRE', KEYS[i], ARGV[3])
  end
  all[#all + 1] = out
end
return all
`;

type RelateRedis = Redis & { wdRelate(numKeys: number, ...keysAndArgs: string[]): Promise<string[][]> };

/**
 * The near-duplicate index: each story's simhash is filed under its four 16-bit bands. A new
 * story's candidates are the stories sharing a band; those within NEAR_DUPLICATE_BITS are the
 * same event.
 */
export class NearDuplicateIndex {
  private readonly redis: RelateRedis;
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number) {
    this.redis = redis as RelateRedis;
    if (typeof this.redis.wdRelate !== 'function') redis.defineCommand('wdRelate', { lua: RELATE });
  }

  /** Ids of other stories near this one, and files this one for later stories: one round trip. */
  async relate(article: Pick<Article, 'id' | 'body' | 'headline'>, now = Date.now()): Promise<string[]> {
    return (await this.relateMany([article], now))[0]!;
  }

  /** relate() for several stories in one call (files them in the order given). */
  async relateMany(articles: Array<Pick<Article, 'id' | 'body' | 'headline'>>, now = Date.now()): Promise<string[][]> {
    const hashes = articles.map((a) => simhash((a.body.text || a.headline || '').slice(0, HASHED_CHARS)));
    const keys: string[] = [];
    const members: string[] = [];
    articles.forEach((article, i) => {
      const hash = hashes[i];
      if (!hash) return;
      for (const b of bands(hash)) keys.push(this.keys.simhashBand(b));
      members.push(`${hash}|${article.id}`);
    });
    const results = members.length ? await this.redis.wdRelate(keys.length, ...keys, String(now), String(BAND_MEMORY), String(this.retentionSeconds), ...members) : [];
    let next = 0;
    return articles.map((article, i) => {
      const hash = hashes[i];
      if (!hash) return [];
      const res = results[next++]!;
      // A story near this one usually shares several bands: each candidate is measured once.
      const related = new Set<string>();
      const own = hashHalves(hash);
      for (const m of new Set(res)) {
        const bar = m.indexOf('|');
        const otherId = m.slice(bar + 1);
        if (otherId !== article.id && halvesDistance(own, hashHalves(m.slice(0, bar))) <= NEAR_DUPLICATE_BITS) related.add(otherId);
      }
      return [...related].sort();
    });
  }
}

import type { RedisConnection as Redis } from '../queue/redis-connection.js';
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

/** `if cK ~= hK then d = d + 1 end` for the 16 hex digits: Lua 5.1 has no bit count, digits compare fast. */
const COUNT_DIGITS = Array.from({ length: 16 }, (_, k) => `if c${k + 1} ~= h${k + 1} then d = d + 1 end`).join(' ');
const DIGITS = (name: string): string => Array.from({ length: 16 }, (_, k) => `${name}${k + 1}`).join(', ');

// For each story (its four band keys in KEYS, its member `<hash>|<id>` in ARGV from 5 on): reads
// the newest `memory` members of each of its bands, keeps those whose hash differs from its own in
// at most `bits` hex digits (a digit that differs is at least one bit that differs, so no story
// within `bits` bits is left out; most unrelated stories sharing a band are), and files the story
// in its bands. A candidate in several bands comes back once per band. Bands are sorted sets
// scored by time, expiring with the retention; a band is cut back to its newest `memory` members
// once it holds twice that, so a busy band costs one trim per `memory` filings. ARGV[1] the time,
// [2] memory, [3] the retention in seconds, [4] bits.
const RELATE = `
local memory = tonumber(ARGV[2])
local bits = tonumber(ARGV[4])
local byte = string.byte
local all = {}
for s = 0, #KEYS / 4 - 1 do
  local member = ARGV[5 + s]
  local ${DIGITS('h')} = byte(member, 1, 16)
  local out = {}
  for i = 4 * s + 1, 4 * s + 4 do
    local got = redis.call('ZREVRANGE', KEYS[i], 0, memory - 1)
    for k = 1, #got do
      local m = got[k]
      local ${DIGITS('c')} = byte(m, 1, 16)
      local d = 0
      ${COUNT_DIGITS}
      if d <= bits and m ~= member then out[#out + 1] = m end
    end
    if redis.call('ZADD', KEYS[i], ARGV[1], member) == 1 and redis.call('ZCARD', KEYS[i]) > 2 * memory then
      redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -memory - 1)
    end
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
 * same event. Redis passes on only the candidates that can be that close (see RELATE), and the
 * exact distance is measured here.
 */
export class NearDuplicateIndex {
  private readonly redis: RelateRedis;
  /** `memory`: how many recent stories one band value remembers (default BAND_MEMORY). */
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number, private readonly memory = BAND_MEMORY) {
    this.redis = redis as RelateRedis;
    if (typeof this.redis.wdRelate !== 'function') redis.defineCommand('wdRelate', { lua: RELATE });
  }

  /** Ids of other stories near this one, and files this one for later stories: one round trip. */
  async relate(article: Pick<Article, 'id' | 'body' | 'headline'>, now = Date.now()): Promise<string[]> {
    return (await this.relateMany([article], now))[0]!;
  }

  /** relate() for several stories in one call (files them in the order given). */
  async relateMany(articles: Array<Pick<Article, 'id' | 'body' | 'headline'>>, now = Date.now()): Promise<string[][]> {
    return this.relateHashes(articles.map((a) => ({ id: a.id, hash: simhash((a.body.text || a.headline || '').slice(0, HASHED_CHARS)) })), now);
  }

  /** relateMany() for stories whose simhash is known (null: too short to have one, related to nothing). */
  async relateHashes(stories: Array<{ id: string; hash: string | null }>, now = Date.now()): Promise<string[][]> {
    const keys: string[] = [];
    const members: string[] = [];
    for (const { id, hash } of stories) {
      if (!hash) continue;
      for (const b of bands(hash)) keys.push(this.keys.simhashBand(b));
      members.push(`${hash}|${id}`);
    }
    const results = members.length
      ? await this.redis.wdRelate(keys.length, ...keys, String(now), String(this.memory), String(this.retentionSeconds), String(NEAR_DUPLICATE_BITS), ...members)
      : [];
    let next = 0;
    return stories.map(({ id, hash }) => {
      if (!hash) return [];
      const related = new Set<string>();
      const own = hashHalves(hash);
      for (const m of results[next++]!) {
        const bar = m.indexOf('|');
        const otherId = m.slice(bar + 1);
        if (otherId !== id && halvesDistance(own, hashHalves(m.slice(0, bar))) <= NEAR_DUPLICATE_BITS) related.add(otherId);
      }
      return [...related].sort();
    });
  }
}

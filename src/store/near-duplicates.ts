import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { AGREEING_DIGITS, BANDS, MINHASHES, signature, type Signature } from './minhash.js';

/** How many recent stories one band value remembers: enough for a news cycle, bounded under floods. */
const BAND_MEMORY = 24;

/**
 * Only the opening of the body is hashed: copies of one story share their first paragraphs even
 * when one was trimmed or extended at the end, and the cost stays flat for long stories.
 */
const HASHED_CHARS = 3000;

// For each story (its BANDS band keys in KEYS, its member `<digest>|<id>` in ARGV from 6 on): reads
// the newest `memory` members of each of its bands, keeps each other member once if its digest
// shares at least `need` digits with the story's own, and files the story in its bands. Bands are
// sorted sets scored by time, expiring with the retention; a band is cut back to its newest
// `memory` members once it holds twice that, so a busy band costs one trim per `memory` filings.
// A story reads at most BANDS * memory members. ARGV[1] the time, [2] memory, [3] the retention in
// seconds, [4] need, [5] the digest's length (digits).
const RELATE = `
local memory = tonumber(ARGV[2])
local need = tonumber(ARGV[4])
local digits = tonumber(ARGV[5])
local bands = ${BANDS}
local byte = string.byte
local all = {}
for s = 0, #KEYS / bands - 1 do
  local member = ARGV[6 + s]
  local own = {byte(member, 1, digits)}
  local seen = {}
  local out = {}
  for i = bands * s + 1, bands * s + bands do
    local got = redis.call('ZREVRANGE', KEYS[i], 0, memory - 1)
    for k = 1, #got do
      local m = got[k]
      if not seen[m] and m ~= member then
        seen[m] = true
        local same = 0
        for d = 1, digits do
          if byte(m, d) == own[d] then same = same + 1 end
        end
        if same >= need then out[#out + 1] = m end
      end
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
 * The near-duplicate index (MinHash LSH, numbers in docs/queue.md): each story's signature is
 * filed under its BANDS band values; a new story's candidates are the recent stories sharing a band
 * value with it (never a pass over all stories), and those whose digests agree on AGREEING_DIGITS of
 * MINHASHES digits (estimated Jaccard similarity 0.5 or more) are its near-duplicates. Redis
 * compares the digests, so only the answer comes back.
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
    return this.relateSignatures(articles.map((a) => ({ id: a.id, signature: signature((a.body.text || a.headline || '').slice(0, HASHED_CHARS)) })), now);
  }

  /** relateMany() for stories whose signature is known (null: too short to have one, related to nothing). */
  async relateSignatures(stories: Array<{ id: string; signature: Signature | null }>, now = Date.now()): Promise<string[][]> {
    const keys: string[] = [];
    const members: string[] = [];
    for (const { id, signature: sig } of stories) {
      if (!sig) continue;
      sig.bands.forEach((value, b) => keys.push(this.keys.nearDuplicateBand(`${b}:${value}`)));
      members.push(`${sig.digest}|${id}`);
    }
    const results = members.length
      ? await this.redis.wdRelate(keys.length, ...keys, String(now), String(this.memory), String(this.retentionSeconds), String(AGREEING_DIGITS), String(MINHASHES), ...members)
      : [];
    let next = 0;
    return stories.map(({ id, signature: sig }) => {
      if (!sig) return [];
      const related = new Set<string>();
      for (const m of results[next++]!) {
        const otherId = m.slice(m.indexOf('|') + 1);
        if (otherId !== id) related.add(otherId);
      }
      return [...related].sort();
    });
  }
}

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

// One band value (KEYS[1], a sorted set; ARGV[6] the story's member `<digest>|<id>`): reads the
// newest `memory` members of the band value, keeps each other member whose digest shares at least
// `need` digits with the story's own, then files the story there. Band values are sorted sets
// scored by time, expiring with the retention; one is cut back to its newest `memory` members once
// it holds twice that, so a busy value costs one trim per `memory` filings. A story reads at most
// `memory` members per band. ARGV[1] the time, [2] memory, [3] the retention in seconds, [4] need,
// [5] the digest's length (digits). Each band value is a hash slot of its own on a cluster
// (RedisKeys.nearDuplicateBand): a call per story and band; the client merges the answers.
const RELATE_BAND = `
local memory = tonumber(ARGV[2])
local need = tonumber(ARGV[4])
local digits = tonumber(ARGV[5])
local member = ARGV[6]
local byte = string.byte
local own = {byte(member, 1, digits)}
local out = {}
local got = redis.call('ZREVRANGE', KEYS[1], 0, memory - 1)
for k = 1, #got do
  local m = got[k]
  if m ~= member then
    local same = 0
    for d = 1, digits do
      if byte(m, d) == own[d] then same = same + 1 end
    end
    if same >= need then out[#out + 1] = m end
  end
end
if redis.call('ZADD', KEYS[1], ARGV[1], member) == 1 and redis.call('ZCARD', KEYS[1]) > 2 * memory then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -memory - 1)
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return out
`;

type RelateRedis = Redis & { wdRelateBand(key: string, ...args: string[]): Promise<string[]> };

/**
 * The near-duplicate index (MinHash LSH, numbers in docs/queue.md): each story's signature is
 * filed under its BANDS band values; a new story's candidates are the recent stories sharing a band
 * value with it (never a pass over all stories), and those whose digests agree on AGREEING_DIGITS of
 * MINHASHES digits (estimated Jaccard similarity 0.5 or more) are its near-duplicates. Redis
 * compares the digests, so only the answer comes back. Each band value is a key and a hash slot of
 * its own (docs/redis-keys.md), so on a cluster the index spreads over every slot and the masters
 * share its work as they share the slots: a batch costs one script call per story and band (each
 * atomic on its key, as one script over the whole batch was), all issued at once, and the answers
 * are merged here. Within a band value the stories are filed in the batch's order.
 */
export class NearDuplicateIndex {
  private readonly redis: RelateRedis;
  /** `memory`: how many recent stories one band value remembers (default BAND_MEMORY). */
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number, private readonly memory = BAND_MEMORY) {
    this.redis = redis as RelateRedis;
    if (typeof this.redis.wdRelateBand !== 'function') redis.defineCommand('wdRelateBand', { numberOfKeys: 1, lua: RELATE_BAND });
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
    const out: string[][] = stories.map(() => []);
    const args = [String(now), String(this.memory), String(this.retentionSeconds), String(AGREEING_DIGITS), String(MINHASHES)];
    // One script call per story and band value (each value a slot of its own), in the batch's order,
    // all issued at once. Single calls rather than a pipeline: ioredis re-routes a single call to the
    // promoted replica after a failover, where a cluster pipeline bound to the lost master waits.
    const commands: Array<{ key: string; member: string }> = [];
    const calls: Array<{ at: number; from: number }> = [];
    stories.forEach((st, at) => {
      if (!st.signature) return;
      const member = `${st.signature.digest}|${st.id}`;
      calls.push({ at, from: commands.length });
      st.signature.bands.forEach((value, b) => commands.push({ key: this.keys.nearDuplicateBand(b, value), member }));
    });
    if (!calls.length) return out;
    const res = await Promise.all(commands.map(({ key, member }) => this.redis.wdRelateBand(key, ...args, member)));
    for (const { at, from } of calls) {
      const id = stories[at]!.id;
      const related = new Set<string>();
      for (let b = 0; b < BANDS; b++) {
        for (const m of res[from + b]!) {
          const otherId = m.slice(m.indexOf('|') + 1);
          if (otherId !== id) related.add(otherId);
        }
      }
      out[at] = [...related].sort();
    }
    return out;
  }
}

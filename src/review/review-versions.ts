import type { ChainableCommander } from 'ioredis';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';

/**
 * The versions of a story kept while it is under review (issue 16, item 4): each version that
 * arrived for review and each editor's edit of it, with its article, so the desk can show any two
 * side by side. One hash per story (`m:<key>` metadata, `a:<key>` the article as JSON) and a
 * sorted set giving their order; both expire with the review entry. Capped per story in count
 * and in article bytes: past either cap the oldest versions go (the newest is always kept).
 *
 * Also the raw document each version came in (by its sha256), for the desk's download: kept for
 * the same time when it is no larger than the cap, else only its size is kept.
 */

export interface ReviewVersionMeta {
  /** The story store's version key, or `<versionKey>+edit<n>` for an editor's edit. */
  key: string;
  /** The version key of the version as it arrived (the edit's base for an edit). */
  versionKey: string;
  version: string | null;
  versionCreated: string | null;
  /** When it arrived (ISO 8601), or when the edit was saved. */
  at: string;
  kind: 'arrived' | 'edited';
  /** Who made the edit (edits only). */
  editedBy: string | null;
  rawSha256: string;
}

export interface ReviewVersionLimits {
  maxCount: number;
  maxBytes: number;
  /** Largest raw document kept for download. */
  maxRawBytes: number;
}

export const DEFAULT_VERSION_LIMITS: ReviewVersionLimits = { maxCount: 20, maxBytes: 4 * 1024 * 1024, maxRawBytes: 2 * 1024 * 1024 };

// KEYS hash, order; ARGV key, meta, article, score, maxCount, maxBytes, ttl seconds.
const ADD = `
local key = ARGV[1]
redis.call('HSET', KEYS[1], 'm:' .. key, ARGV[2], 'a:' .. key, ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], key)
local members = redis.call('ZRANGE', KEYS[2], 0, -1)
local n = #members
local total = 0
for _, m in ipairs(members) do total = total + redis.call('HSTRLEN', KEYS[1], 'a:' .. m) end
local maxCount = tonumber(ARGV[5])
local maxBytes = tonumber(ARGV[6])
local i = 1
while (n > maxCount or total > maxBytes) and i <= #members do
  local m = members[i]
  if m ~= key then
    total = total - redis.call('HSTRLEN', KEYS[1], 'a:' .. m)
    redis.call('HDEL', KEYS[1], 'm:' .. m, 'a:' .. m)
    redis.call('ZREM', KEYS[2], m)
    n = n - 1
  end
  i = i + 1
end
redis.call('EXPIRE', KEYS[1], ARGV[7])
redis.call('EXPIRE', KEYS[2], ARGV[7])
return n
`;

type VersionRedis = { wdReviewVersionAdd(hash: string, order: string, key: string, meta: string, article: string, score: number, maxCount: number, maxBytes: number, ttl: number): Promise<number> };

export class ReviewVersions {
  readonly limits: ReviewVersionLimits;
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, limits: Partial<ReviewVersionLimits> = {}) {
    this.limits = { ...DEFAULT_VERSION_LIMITS, ...limits };
    if (typeof (redis as Redis & Partial<VersionRedis>).wdReviewVersionAdd !== 'function') redis.defineCommand('wdReviewVersionAdd', { numberOfKeys: 2, lua: ADD });
  }

  static metaOf(article: Article, key: string, versionKey: string, at: string, editedBy: string | null): ReviewVersionMeta {
    return {
      key, versionKey, version: article.version, versionCreated: article.versionCreated, at,
      kind: editedBy === null ? 'arrived' : 'edited', editedBy, rawSha256: article.provenance.rawSha256,
    };
  }

  /** Appends the add to a MULTI or pipeline (the review entry's put). */
  addTo(chain: ChainableCommander, meta: ReviewVersionMeta, article: Article, ttlSeconds: number): void {
    (chain as ChainableCommander & VersionRedis).wdReviewVersionAdd(
      this.keys.reviewVersions(article.id), this.keys.reviewVersionOrder(article.id), meta.key, JSON.stringify(meta), JSON.stringify(article),
      Date.parse(meta.at) || Date.now(), this.limits.maxCount, this.limits.maxBytes, Math.max(1, Math.ceil(ttlSeconds)),
    );
  }

  async add(meta: ReviewVersionMeta, article: Article, ttlSeconds: number): Promise<void> {
    const chain = this.redis.multi();
    this.addTo(chain, meta, article, ttlSeconds);
    await chain.exec();
  }

  /** The kept versions, oldest first. */
  async list(id: string): Promise<ReviewVersionMeta[]> {
    const keys = await this.redis.zrange(this.keys.reviewVersionOrder(id), 0, -1);
    if (!keys.length) return [];
    const metas = await this.redis.hmget(this.keys.reviewVersions(id), ...keys.map((k) => `m:${k}`));
    return metas.filter((m): m is string => !!m).map((m) => JSON.parse(m) as ReviewVersionMeta);
  }

  async article(id: string, key: string): Promise<Article | null> {
    const a = await this.redis.hget(this.keys.reviewVersions(id), `a:${key}`);
    return a ? (JSON.parse(a) as Article) : null;
  }

  /** Keeps a raw document for download (or, above the cap, only its size). */
  async keepRaw(sha: string, bytes: Buffer, ttlSeconds: number): Promise<void> {
    const key = this.keys.reviewRaw(sha);
    const kept = bytes.length <= this.limits.maxRawBytes;
    await this.redis.multi()
      .hset(key, kept ? { size: String(bytes.length), bytes } : { size: String(bytes.length) })
      .expire(key, Math.max(1, Math.ceil(ttlSeconds)))
      .exec();
  }

  /** The raw document's size and, when it was kept, its bytes; null when nothing is known of it. */
  async raw(sha: string, withBytes: boolean): Promise<{ size: number; kept: boolean; bytes: Buffer | null } | null> {
    const key = this.keys.reviewRaw(sha);
    const [size, kept] = await Promise.all([this.redis.hget(key, 'size'), this.redis.hexists(key, 'bytes')]);
    if (size === null) return null;
    return { size: Number(size), kept: kept === 1, bytes: withBytes && kept ? await this.redis.hgetBuffer(key, 'bytes') : null };
  }
}

import type { Redis } from 'ioredis';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';

/**
 * A story's place in the editors' queue: `pending` waits for a decision, `held` was put aside
 * (still approvable), `approved` went on to publishing, `killed` was stopped, `superseded` was
 * replaced by a version that did not need review.
 */
export type ReviewState = 'pending' | 'held' | 'approved' | 'killed' | 'superseded';

export interface ReviewSummary {
  id: string;
  versionKey: string;
  state: ReviewState;
  feed: string | null;
  headline: string | null;
  source: string | null;
  versionCreated: string | null;
  embargoedUntil: string | null;
  /** id@version this version supersedes, when there was one. */
  previous: string | null;
  /** ISO 8601 instants. */
  receivedAt: string;
  updatedAt: string;
  updatedBy: string | null;
  /** The correlation id of the raw item this version came in, carried to its publish event. */
  correlationId?: string;
}

export interface ReviewEntry extends ReviewSummary {
  article: Article;
}

/**
 * The review state in Redis: one hash per story (its latest version under review, summary and
 * article), indexed by arrival time. Entries expire with the story store's retention.
 */
// The check and the change in one step, so two editors (or an editor and a provider's kill)
// acting on one story at once cannot both win.
const SET_STATE = `
local v = redis.call('HMGET', KEYS[1], 'summary', 'article')
if not v[1] or not v[2] then return false end
local s = cjson.decode(v[1])
local allowed = false
for st in string.gmatch(ARGV[2], '[^,]+') do if st == s['state'] then allowed = true end end
if not allowed then return {'0', v[1], v[2]} end
s['state'] = ARGV[1]
s['updatedAt'] = ARGV[3]
if ARGV[4] == '' then s['updatedBy'] = cjson.null else s['updatedBy'] = ARGV[4] end
local out = cjson.encode(s)
redis.call('HSET', KEYS[1], 'summary', out)
return {'1', out, v[2]}
`;

type ReviewRedis = Redis & { wdReviewState(key: string, to: string, from: string, at: string, by: string): Promise<[string, string, string] | null> };

export class ReviewStore {
  private readonly redis: ReviewRedis;
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number) {
    this.redis = redis as ReviewRedis;
    if (typeof this.redis.wdReviewState !== 'function') redis.defineCommand('wdReviewState', { numberOfKeys: 1, lua: SET_STATE });
  }

  async put(article: Article, versionKey: string, previous: string | null, now = new Date(), correlationId?: string): Promise<ReviewSummary> {
    const summary: ReviewSummary = {
      id: article.id,
      versionKey,
      state: 'pending',
      feed: article.provenance.feed,
      headline: article.headline,
      source: article.source,
      versionCreated: article.versionCreated,
      embargoedUntil: article.embargoedUntil,
      previous,
      receivedAt: article.provenance.receivedAt,
      updatedAt: now.toISOString(),
      updatedBy: null,
      ...(correlationId ? { correlationId } : {}),
    };
    const key = this.keys.review(article.id);
    await this.redis.multi()
      .hset(key, { summary: JSON.stringify(summary), article: JSON.stringify(article) })
      .expire(key, this.retentionSeconds)
      .zadd(this.keys.reviewIndex(), now.getTime(), article.id)
      .exec();
    return summary;
  }

  async get(id: string): Promise<ReviewEntry | null> {
    const [summary, article] = await this.redis.hmget(this.keys.review(id), 'summary', 'article');
    if (!summary || !article) return null;
    return { ...(JSON.parse(summary) as ReviewSummary), article: JSON.parse(article) as Article };
  }

  /** Newest first, optionally only some states; entries that expired leave the index here. */
  async list(opts: { states?: ReviewState[]; limit?: number } = {}): Promise<ReviewSummary[]> {
    const limit = opts.limit ?? 100;
    const out: ReviewSummary[] = [];
    const gone: string[] = [];
    const page = 200;
    for (let start = 0; out.length < limit; start += page) {
      const ids = await this.redis.zrevrange(this.keys.reviewIndex(), start, start + page - 1);
      if (ids.length === 0) break;
      const summaries = await this.redis.pipeline(ids.map((id) => ['hget', this.keys.review(id), 'summary'])).exec();
      ids.forEach((id, i) => {
        const s = summaries?.[i]?.[1] as string | null | undefined;
        if (!s) { gone.push(id); return; }
        const summary = JSON.parse(s) as ReviewSummary;
        if (out.length < limit && (!opts.states || opts.states.includes(summary.state))) out.push(summary);
      });
    }
    if (gone.length) await this.redis.zrem(this.keys.reviewIndex(), ...gone);
    return out;
  }

  /** Sets the state when the entry is in one of `from`; answers the entry as it is afterwards. */
  async setState(id: string, to: ReviewState, from: ReviewState[], by: string | null, now = new Date()): Promise<{ changed: boolean; entry: ReviewEntry | null }> {
    const res = await this.redis.wdReviewState(this.keys.review(id), to, from.join(','), now.toISOString(), by ?? '');
    if (!res) return { changed: false, entry: null };
    const [changed, summary, article] = res;
    return { changed: changed === '1', entry: { ...(JSON.parse(summary) as ReviewSummary), article: JSON.parse(article) as Article } };
  }
}

import type { Redis } from 'ioredis';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import type { ReviewReason } from './review-rules.js';

export type { ReviewReason } from './review-rules.js';

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
  /** The input format, the story's language and its number of parser warnings (for the desk's filters). */
  format?: string;
  language?: string | null;
  warnings?: number;
  /** How many times editors changed the article before release. */
  edited?: number;
  /** The correlation id of the raw item this version came in, carried to its publish event. */
  correlationId?: string;
  /** Why the story is held (the feed's routing, configured review rules); absent on entries stored before reasons were kept. */
  reasons?: ReviewReason[];
}

/** What the review change channel carries: a story entered review or changed state. */
export interface ReviewChange {
  id: string;
  versionKey: string;
  state: ReviewState;
  by: string | null;
}

export interface ReviewEntry extends ReviewSummary {
  article: Article;
  /** Editors' changes to the article before it was released, oldest first. */
  edits?: ReviewEdit[];
}

/** One editor's change to a story under review: who, when, and which fields (before and after). */
export interface ReviewEdit {
  by: string;
  at: string;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
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

// Replaces the article of an entry still open (pending or held) at the expected version, and
// appends the edit record: an edit can never land on a story already released, killed or replaced.
const EDIT = `
local v = redis.call('HMGET', KEYS[1], 'summary', 'article', 'edits')
if not v[1] or not v[2] then return false end
local s = cjson.decode(v[1])
if s['versionKey'] ~= ARGV[1] then return {'stale', v[1]} end
if s['state'] ~= 'pending' and s['state'] ~= 'held' then return {'closed', v[1]} end
local edits = {}
if v[3] then edits = cjson.decode(v[3]) end
table.insert(edits, cjson.decode(ARGV[3]))
s['headline'] = cjson.decode(ARGV[4])
s['updatedAt'] = ARGV[5]
s['updatedBy'] = ARGV[6]
s['edited'] = #edits
local out = cjson.encode(s)
redis.call('HSET', KEYS[1], 'summary', out, 'article', ARGV[2], 'edits', cjson.encode(edits))
return {'ok', out}
`;

type ReviewRedis = Redis & { wdReviewEdit(key: string, versionKey: string, article: string, edit: string, headline: string, at: string, by: string): Promise<[string, string] | null> } & { wdReviewState(key: string, to: string, from: string, at: string, by: string): Promise<[string, string, string] | null> };

export class ReviewStore {
  private readonly redis: ReviewRedis;
  constructor(redis: Redis, private readonly keys: RedisKeys, private readonly retentionSeconds: number) {
    this.redis = redis as ReviewRedis;
    if (typeof this.redis.wdReviewState !== 'function') redis.defineCommand('wdReviewState', { numberOfKeys: 1, lua: SET_STATE });
    if (typeof this.redis.wdReviewEdit !== 'function') redis.defineCommand('wdReviewEdit', { numberOfKeys: 1, lua: EDIT });
  }

  async put(article: Article, versionKey: string, previous: string | null, now = new Date(), correlationId?: string, opts: { reasons?: ReviewReason[] } = {}): Promise<ReviewSummary> {
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
      format: article.provenance.format,
      language: article.language,
      warnings: article.provenance.warnings.length,
      ...(correlationId ? { correlationId } : {}),
      ...(opts.reasons?.length ? { reasons: opts.reasons } : {}),
    };
    const key = this.keys.review(article.id);
    const change: ReviewChange = { id: article.id, versionKey, state: 'pending', by: null };
    await this.redis.multi()
      .hset(key, { summary: JSON.stringify(summary), article: JSON.stringify(article) })
      .expire(key, this.retentionSeconds)
      .zadd(this.keys.reviewIndex(), now.getTime(), article.id)
      .publish(this.keys.reviewChanges(), JSON.stringify(change))
      .exec();
    return summary;
  }

  async get(id: string): Promise<ReviewEntry | null> {
    const [summary, article, edits] = await this.redis.hmget(this.keys.review(id), 'summary', 'article', 'edits');
    if (!summary || !article) return null;
    return { ...(JSON.parse(summary) as ReviewSummary), article: JSON.parse(article) as Article, ...(edits ? { edits: JSON.parse(edits) as ReviewEdit[] } : {}) };
  }

  /**
   * Replaces the article of an open entry (pending or held) at `versionKey` with an editor's
   * version and records the edit; answers 'stale' when a newer version arrived meanwhile and
   * 'closed' when the story was released or killed meanwhile.
   */
  async edit(id: string, versionKey: string, article: Article, edit: ReviewEdit): Promise<{ status: 'ok' | 'stale' | 'closed' | 'not-found'; summary: ReviewSummary | null }> {
    const res = await this.redis.wdReviewEdit(this.keys.review(id), versionKey, JSON.stringify(article), JSON.stringify(edit), JSON.stringify(article.headline), edit.at, edit.by);
    if (!res) return { status: 'not-found', summary: null };
    const summary = JSON.parse(res[1]) as ReviewSummary;
    if (res[0] === 'ok') {
      const change: ReviewChange = { id, versionKey, state: summary.state, by: edit.by };
      await this.redis.publish(this.keys.reviewChanges(), JSON.stringify(change));
    }
    return { status: res[0] as 'ok' | 'stale' | 'closed', summary };
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
    const entry = { ...(JSON.parse(summary) as ReviewSummary), article: JSON.parse(article) as Article };
    if (changed === '1') {
      const change: ReviewChange = { id: entry.id, versionKey: entry.versionKey, state: entry.state, by: entry.updatedBy };
      await this.redis.publish(this.keys.reviewChanges(), JSON.stringify(change));
    }
    return { changed: changed === '1', entry };
  }
}

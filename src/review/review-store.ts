import { randomBytes } from 'node:crypto';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import type { Article } from '../model/article.generated.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import { ReviewVersions } from './review-versions.js';
import type { ReviewReason } from './review-rules.js';

export type { ReviewReason } from './review-rules.js';

/**
 * A story's place in the editors' queue: `pending` waits for a decision, `held` was put aside
 * (still approvable), `approved` went on to publishing, `killed` was stopped (subscribers that had
 * an earlier version are told), `rejected` was turned down before release (not published, nothing
 * sent to anyone), `superseded` was replaced by a version that did not need review.
 */
export type ReviewState = 'pending' | 'held' | 'approved' | 'killed' | 'rejected' | 'superseded';

/** An editor's note with a decision (hold, reject): what, who, when. */
export interface ReviewNote {
  text: string;
  by: string | null;
  at: string;
  action: string;
}

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
  /** The latest note an editor left with a decision (hold, reject). */
  note?: ReviewNote;
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
if ARGV[5] ~= '' and s['versionKey'] ~= ARGV[5] then return {'stale', v[1], v[2]} end
if not allowed then return {'0', v[1], v[2]} end
s['state'] = ARGV[1]
if ARGV[6] ~= '' then s['note'] = cjson.decode(ARGV[6]) end
s['updatedAt'] = ARGV[3]
if ARGV[4] == '' then s['updatedBy'] = cjson.null else s['updatedBy'] = ARGV[4] end
local out = cjson.encode(s)
redis.call('HSET', KEYS[1], 'summary', out)
-- Move the id (ARGV[7]) between the per-state indexes (KEYS[3..], in the order ARGV[8] names them), keeping its arrival score.
local score = redis.call('ZSCORE', KEYS[2], ARGV[7])
local i = 3
for st in string.gmatch(ARGV[8], '[^,]+') do
  if st == ARGV[1] then
    if score then redis.call('ZADD', KEYS[i], score, ARGV[7]) end
  else
    redis.call('ZREM', KEYS[i], ARGV[7])
  end
  i = i + 1
end
return {'1', out, v[2]}
`;

/** Every review state, in the order the state-index keys are passed to the scripts. */
export const REVIEW_STATES: ReviewState[] = ['pending', 'held', 'approved', 'killed', 'rejected', 'superseded'];

/** Summary fields whose values the desk offers as filters (`warnings` and `embargo` have the one value `yes`; `reason` the rule ids of the stored reasons). */
export const REVIEW_FACETS = ['feed', 'source', 'format', 'language', 'warnings', 'embargo', 'reason'] as const;
export type ReviewFacet = (typeof REVIEW_FACETS)[number];

/** How a headline is kept for search: lower-cased, at most 300 characters. */
function searchable(headline: string | null | undefined): string {
  return (headline ?? '').toLowerCase().slice(0, 300);
}

/** The facet values of a summary, as [field, value] pairs (a field may have several). */
export function facetValues(s: ReviewSummary): Array<[ReviewFacet, string]> {
  const out: Array<[ReviewFacet, string]> = [];
  for (const field of ['feed', 'source', 'format', 'language'] as const) {
    const value = s[field];
    if (typeof value === 'string' && value) out.push([field, value.slice(0, 200)]);
  }
  if ((s.warnings ?? 0) > 0) out.push(['warnings', 'yes']);
  if (s.embargoedUntil) out.push(['embargo', 'yes']);
  for (const r of s.reasons ?? []) if (r.rule) out.push(['reason', r.rule.slice(0, 200)]);
  return out;
}

/** One page of the queue: the rows, whether older ones follow, and the total when it is known. */
export interface ReviewPage {
  rows: ReviewSummary[];
  more: boolean;
  /** How many entries match; null when the scan stopped at its cap before the end. */
  total: number | null;
}

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

type ReviewRedis = Redis & { wdReviewEdit(key: string, versionKey: string, article: string, edit: string, headline: string, at: string, by: string): Promise<[string, string] | null> } & { wdReviewState(...args: string[]): Promise<[string, string, string] | null> };

export class ReviewStore {
  private readonly redis: ReviewRedis;
  /** Every version kept while the story is under review, and the raw documents they came in. */
  readonly versions: ReviewVersions;
  constructor(redis: Redis, private readonly keys: RedisKeys, readonly retentionSeconds: number) {
    this.redis = redis as ReviewRedis;
    this.versions = new ReviewVersions(redis, keys);
    if (typeof this.redis.wdReviewState !== 'function') redis.defineCommand('wdReviewState', { numberOfKeys: 2 + REVIEW_STATES.length, lua: SET_STATE });
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
    await this.ensureStateIndex();
    const before = await this.redis.hget(key, 'summary');
    const values = facetValues(summary);
    const kept = new Set(values.map(([f, v]) => `${f}\u0000${v}`));
    const tx = this.redis.multi()
      .hset(key, { summary: JSON.stringify(summary), article: JSON.stringify(article) })
      .expire(key, this.retentionSeconds)
      .zadd(this.keys.reviewIndex(), now.getTime(), article.id);
    for (const state of REVIEW_STATES) {
      if (state === 'pending') tx.zadd(this.keys.reviewState(state), now.getTime(), article.id);
      else tx.zrem(this.keys.reviewState(state), article.id);
    }
    // The earlier version's facet values that this one no longer has.
    if (before) {
      for (const [f, v] of facetValues(JSON.parse(before) as ReviewSummary)) if (!kept.has(`${f}\u0000${v}`)) tx.zrem(this.keys.reviewBy(f, v), article.id);
    }
    for (const [field, value] of values) {
      tx.sadd(this.keys.reviewFacet(field), value).expire(this.keys.reviewFacet(field), this.retentionSeconds);
      tx.zadd(this.keys.reviewBy(field, value), now.getTime(), article.id).expire(this.keys.reviewBy(field, value), this.retentionSeconds);
    }
    this.versions.addTo(tx, ReviewVersions.metaOf(article, versionKey, versionKey, now.toISOString(), null), article, this.retentionSeconds);
    tx.hset(this.keys.reviewHeadlines(), article.id, searchable(article.headline));
    await tx.publish(this.keys.reviewChanges(), JSON.stringify(change)).exec();
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
      await this.redis.hset(this.keys.reviewHeadlines(), id, searchable(summary.headline));
      // An edit is a version too, kept as long as the entry is.
      const ttl = await this.redis.ttl(this.keys.review(id));
      await this.versions.add(ReviewVersions.metaOf(article, `${versionKey}+edit${summary.edited ?? 1}`, versionKey, edit.at, edit.by), article, ttl > 0 ? ttl : this.retentionSeconds);
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

  /**
   * One page of entries in a state (or all), newest first. `where` narrows to facet values (the
   * per-value indexes are intersected in Redis); without `text` and `match` only the page's entries
   * are read. With them, the candidates are scanned newest first, at most `scanCap` of them, and
   * the matches are counted when the scan reaches the end; `text` is looked for in the headline
   * (case-insensitive) and entries whose stored summary cannot contain it are not decoded at all.
   */
  async page(opts: { state: ReviewState | 'all'; offset: number; limit: number; where?: Array<[ReviewFacet, string]>; text?: string; match?: (s: ReviewSummary) => boolean; scanCap?: number; now?: Date }): Promise<ReviewPage> {
    await this.prepareIndexes(opts.now ?? new Date());
    const stateKey = opts.state === 'all' ? this.keys.reviewIndex() : this.keys.reviewState(opts.state);
    const where = opts.where ?? [];
    const scratch = where.length ? this.keys.reviewScratch(randomBytes(8).toString('hex')) : null;
    try {
      let key = stateKey;
      if (scratch) {
        await this.redis.multi()
          .zinterstore(scratch, 1 + where.length, stateKey, ...where.map(([f, v]) => this.keys.reviewBy(f, v)), 'AGGREGATE', 'MIN')
          .expire(scratch, 30)
          .exec();
        key = scratch;
      }
      const text = opts.text?.toLowerCase() ?? '';
      const verify = (s: ReviewSummary): boolean => (!text || (s.headline ?? '').toLowerCase().includes(text)) && (!opts.match || opts.match(s))
        && where.every(([f, v]) => facetValues(s).some(([g, w]) => g === f && w === v));
      if (!text && !opts.match) {
        const [total, ids] = await Promise.all([this.redis.zcard(key), this.redis.zrevrange(key, opts.offset, opts.offset + opts.limit - 1)]);
        const rows = (await this.summaries(ids)).filter((r): r is ReviewSummary => r !== null && verify(r));
        return { rows, more: opts.offset + opts.limit < total, total };
      }
      if (text && !opts.match) return await this.searchHeadlines(key, text, opts.offset, opts.limit, opts.scanCap ?? 20_000, verify);
      // A summary is JSON; text without quotes, backslashes or control characters appears in it as itself.
      const prefilter = text && !/["\\\u0000-\u001f]/.test(text) ? text : null;
      const cap = opts.scanCap ?? 20_000;
      const rows: ReviewSummary[] = [];
      let matched = 0;
      let scanned = 0;
      const chunk = 500;
      for (;;) {
        const ids = await this.redis.zrevrange(key, scanned, scanned + chunk - 1);
        for (const s of await this.summaries(ids, prefilter)) {
          if (!s || !verify(s)) continue;
          if (matched >= opts.offset && rows.length < opts.limit) rows.push(s);
          matched++;
        }
        scanned += ids.length;
        if (ids.length < chunk) return { rows, more: matched > opts.offset + rows.length, total: matched };
        if (scanned >= cap) return { rows, more: matched > opts.offset + rows.length || ids.length === chunk, total: null };
      }
    } finally {
      if (scratch) await this.redis.del(scratch);
    }
  }

  /**
   * The headline search: the candidates' lower-cased headlines come from one map (500 at a time,
   * one HMGET each), and only the matches on the page are decoded. Entries missing from the map
   * (filed while an older version of wiredesk ran) are read whole.
   */
  private async searchHeadlines(key: string, text: string, offset: number, limit: number, cap: number, verify: (s: ReviewSummary) => boolean): Promise<ReviewPage> {
    const pageIds: string[] = [];
    let matched = 0;
    let scanned = 0;
    const chunk = 500;
    for (;;) {
      const ids = await this.redis.zrevrange(key, scanned, scanned + chunk - 1);
      if (ids.length) {
        const heads = await this.redis.hmget(this.keys.reviewHeadlines(), ...ids);
        const unknown = ids.filter((_id, i) => heads[i] === null);
        const whole = new Map((await this.summaries(unknown)).map((s, i) => [unknown[i]!, s]));
        ids.forEach((id, i) => {
          const h = heads[i];
          const hit = h === null ? !!whole.get(id) && verify(whole.get(id)!) : h!.includes(text);
          if (!hit) return;
          if (matched >= offset && pageIds.length < limit) pageIds.push(id);
          matched++;
        });
      }
      scanned += ids.length;
      const done = ids.length < chunk;
      if (done || scanned >= cap) {
        const rows = (await this.summaries(pageIds)).filter((r): r is ReviewSummary => r !== null && verify(r));
        return { rows, more: matched > offset + pageIds.length || (!done && ids.length === chunk), total: done ? matched : null };
      }
    }
  }

  /** How many entries each state holds, and all of them. */
  async counts(now = new Date()): Promise<Record<ReviewState | 'all', number>> {
    await this.prepareIndexes(now);
    const pipe = this.redis.pipeline().zcard(this.keys.reviewIndex());
    for (const state of REVIEW_STATES) pipe.zcard(this.keys.reviewState(state));
    const res = (await pipe.exec()) ?? [];
    const n = (i: number): number => Number(res[i]?.[1] ?? 0);
    return Object.fromEntries([['all', n(0)], ...REVIEW_STATES.map((s, i) => [s, n(i + 1)])]) as Record<ReviewState | 'all', number>;
  }

  /** The values each filterable field took in the entries still kept, sorted; values no entry has any more are dropped. */
  async facets(now = new Date()): Promise<Record<ReviewFacet, string[]>> {
    const read = this.redis.pipeline();
    for (const field of REVIEW_FACETS) read.smembers(this.keys.reviewFacet(field));
    const sets = ((await read.exec()) ?? []).map((r) => ((r?.[1] as string[] | undefined) ?? []));
    const pairs = REVIEW_FACETS.flatMap((f, i) => sets[i]!.map((v) => [f, v] as const));
    const before = `(${now.getTime() - this.retentionSeconds * 1000}`;
    const check = this.redis.pipeline();
    for (const [f, v] of pairs) check.zremrangebyscore(this.keys.reviewBy(f, v), '-inf', before).zcard(this.keys.reviewBy(f, v));
    const res = (await check.exec()) ?? [];
    const out = Object.fromEntries(REVIEW_FACETS.map((f) => [f, [] as string[]])) as Record<ReviewFacet, string[]>;
    const gone = this.redis.pipeline();
    pairs.forEach(([f, v], i) => {
      if (Number(res[2 * i + 1]?.[1] ?? 0) > 0) out[f].push(v);
      else gone.srem(this.keys.reviewFacet(f), v);
    });
    if (gone.length) await gone.exec();
    for (const f of REVIEW_FACETS) out[f].sort();
    return out;
  }

  /** The summaries of `ids` (null where gone, or where the stored text does not contain `contains`, lower-cased). */
  private async summaries(ids: string[], contains: string | null = null): Promise<Array<ReviewSummary | null>> {
    if (!ids.length) return [];
    const res = (await this.redis.pipeline(ids.map((id) => ['hget', this.keys.review(id), 'summary'])).exec()) ?? [];
    return ids.map((_id, i) => {
      const s = res[i]?.[1] as string | null | undefined;
      if (!s || (contains && !s.toLowerCase().includes(contains))) return null;
      return JSON.parse(s) as ReviewSummary;
    });
  }

  private stateIndexReady: Promise<void> | null = null;
  private prunedAt = -Infinity;

  /** Files entries made before the per-state indexes existed (once per deployment, remembered in Redis). */
  private ensureStateIndex(): Promise<void> {
    this.stateIndexReady ??= (async () => {
      if (await this.redis.exists(this.keys.reviewStateMarker())) return;
      for (let start = 0; ; start += 500) {
        const ids = await this.redis.zrange(this.keys.reviewIndex(), start, start + 499, 'WITHSCORES');
        if (!ids.length) break;
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < ids.length; i += 2) pairs.push([ids[i]!, ids[i + 1]!]);
        const summaries = await this.summaries(pairs.map((p) => p[0]));
        const tx = this.redis.pipeline();
        pairs.forEach(([id, score], i) => {
          const s = summaries[i];
          if (!s) return;
          tx.zadd(this.keys.reviewState(s.state), score, id);
          tx.hset(this.keys.reviewHeadlines(), id, searchable(s.headline));
          for (const [field, value] of facetValues(s)) tx.sadd(this.keys.reviewFacet(field), value).zadd(this.keys.reviewBy(field, value), score, id);
        });
        await tx.exec();
        if (ids.length < 1000) break;
      }
      await this.redis.set(this.keys.reviewStateMarker(), '1');
    })().catch((e: unknown) => {
      this.stateIndexReady = null;
      throw e;
    });
    return this.stateIndexReady;
  }

  /** The indexes without the entries whose retention ended (an entry expires `retention` after it was filed). */
  private async prepareIndexes(now: Date): Promise<void> {
    await this.ensureStateIndex();
    // One queue page asks for its counts and its rows at once: prune once a second, not per call.
    if (Math.abs(now.getTime() - this.prunedAt) < 1000) return;
    this.prunedAt = now.getTime();
    const before = `(${now.getTime() - this.retentionSeconds * 1000}`;
    // The ids past the retention leave the headline map too (a few per call in steady state).
    for (;;) {
      const gone = await this.redis.zrangebyscore(this.keys.reviewIndex(), '-inf', before, 'LIMIT', 0, 1000);
      if (!gone.length) break;
      await this.redis.pipeline().hdel(this.keys.reviewHeadlines(), ...gone).zrem(this.keys.reviewIndex(), ...gone).exec();
      if (gone.length < 1000) break;
    }
    const pipe = this.redis.pipeline().zremrangebyscore(this.keys.reviewIndex(), '-inf', before);
    for (const state of REVIEW_STATES) pipe.zremrangebyscore(this.keys.reviewState(state), '-inf', before);
    await pipe.exec();
  }

  /**
   * Sets the state when the entry is in one of `from` (and, with `opts.versionKey`, holds that
   * version: else nothing changes and `stale` is set); answers the entry as it is afterwards.
   * `opts.note` is stored with the entry.
   */
  async setState(id: string, to: ReviewState, from: ReviewState[], by: string | null, now = new Date(), opts: { versionKey?: string; note?: string } = {}): Promise<{ changed: boolean; stale?: boolean; entry: ReviewEntry | null }> {
    const at = now.toISOString();
    const note: ReviewNote | null = opts.note ? { text: opts.note, by, at, action: to } : null;
    await this.ensureStateIndex();
    const res = await this.redis.wdReviewState(
      this.keys.review(id), this.keys.reviewIndex(), ...REVIEW_STATES.map((s) => this.keys.reviewState(s)),
      to, from.join(','), at, by ?? '', opts.versionKey ?? '', note ? JSON.stringify(note) : '', id, REVIEW_STATES.join(','),
    );
    if (!res) return { changed: false, entry: null };
    const [changed, summary, article] = res;
    const entry = { ...(JSON.parse(summary) as ReviewSummary), article: JSON.parse(article) as Article };
    if (changed === 'stale') return { changed: false, stale: true, entry };
    if (changed === '1') {
      const change: ReviewChange = { id: entry.id, versionKey: entry.versionKey, state: entry.state, by: entry.updatedBy };
      await this.redis.publish(this.keys.reviewChanges(), JSON.stringify(change));
    }
    return { changed: changed === '1', entry };
  }
}

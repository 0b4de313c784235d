import { Queue } from 'bullmq';
import { WiredeskError } from '../errors.js';
import { queuePrefix, type RedisConnection as Redis } from '../queue/redis-connection.js';
import { DEFAULT_PREFIX, QUEUE, encodeJobId, type ReviewActionJob } from '../queue/contract.js';
import { connectRedis, quitOrDisconnect, RedisKeys } from '../queue/redis-keys.js';
import { settledWithin } from '../queue/redis-state.js';
import { ReviewStore, type ReviewEntry, type ReviewFacet, type ReviewPage, type ReviewState, type ReviewSummary } from './review-store.js';
import type { Article } from '../model/article.generated.js';
import { articleErrors } from '../pipeline/validate.js';
import { StoryStore, type HistoryEntry } from '../store/story-store.js';

import type { ReviewVersionMeta } from './review-versions.js';

export type { ReviewEntry, ReviewState, ReviewSummary, ReviewEdit, ReviewNote, ReviewPage, ReviewFacet } from './review-store.js';
export type { ReviewVersionMeta } from './review-versions.js';

/** Longest note an editor may leave with a decision. */
export const MAX_NOTE_LENGTH = 2000;

/** An action's target: a story id, or `id@version` as the CLI prints it (then only that version may be acted on). */
export interface ReviewRef {
  id: string;
  versionKey: string | null;
}

/**
 * What an editor's action did: `done`, `not-found` (no such story under review), or `conflict`
 * (its state does not allow the action, e.g. approving a killed story); `entry` as it is now.
 */
export interface ReviewActionResult {
  status: 'done' | 'not-found' | 'conflict';
  entry: ReviewSummary | null;
  /** With `conflict`: `version` when the action named a version that is not the one under review, else `state`. */
  reason?: 'state' | 'version';
}

/** What an action may carry besides who: a note (hold, reject). */
export interface ReviewActionOptions {
  note?: string;
}

function summaryOf(entry: ReviewEntry | null): ReviewSummary | null {
  if (!entry) return null;
  const { article: _article, ...summary } = entry;
  return summary;
}

/**
 * The editors' actions as plain functions, for the CLI (`wiredesk review`) and the worker's HTTP
 * API alike. Approving or killing records the decision, then hands it to the stage workers
 * through the `review` queue (they hold the subscriber config and do the publishing); holding
 * only changes the state.
 */
export class ReviewService {
  private readonly store: ReviewStore;
  private readonly stories: StoryStore;
  private readonly queue: Queue<ReviewActionJob>;

  constructor(redis: Redis, opts: { prefix?: string; retentionSeconds?: number } = {}) {
    const keys = new RedisKeys(opts.prefix ?? DEFAULT_PREFIX);
    this.store = new ReviewStore(redis, keys, opts.retentionSeconds ?? 7 * 24 * 3600);
    this.stories = new StoryStore(redis, keys, opts.retentionSeconds ?? 7 * 24 * 3600);
    this.queue = new Queue<ReviewActionJob>(QUEUE.review, { connection: redis, prefix: queuePrefix(redis, keys.prefix, QUEUE.review) });
    this.queue.on('error', () => {});
  }

  list(opts: { states?: ReviewState[]; limit?: number } = {}): Promise<ReviewSummary[]> {
    return this.store.list(opts);
  }

  get(id: string): Promise<ReviewEntry | null> {
    return this.store.get(id);
  }

  /** One page of the queue (the desk): see ReviewStore.page. */
  page(opts: Parameters<ReviewStore['page']>[0]): Promise<ReviewPage> {
    return this.store.page(opts);
  }

  counts(): Promise<Record<ReviewState | 'all', number>> {
    return this.store.counts();
  }

  facets(): Promise<Record<ReviewFacet, string[]>> {
    return this.store.facets();
  }

  /**
   * An id or `id@version`: a story under review by that exact id first (ids may hold '@'), else
   * the part before the last '@' with the version after it. Null when neither is under review.
   */
  async resolve(ref: string): Promise<{ ref: ReviewRef; entry: ReviewEntry } | null> {
    const direct = await this.store.get(ref);
    if (direct) return { ref: { id: ref, versionKey: null }, entry: direct };
    const at = ref.lastIndexOf('@');
    if (at <= 0 || at === ref.length - 1) return null;
    const entry = await this.store.get(ref.slice(0, at));
    return entry ? { ref: { id: entry.id, versionKey: ref.slice(at + 1) }, entry } : null;
  }

  /** The versions kept while the story is under review (arrived and edited), oldest first. */
  versions(id: string): Promise<ReviewVersionMeta[]> {
    return this.store.versions.list(id);
  }

  /** One kept version's article. */
  versionArticle(id: string, key: string): Promise<Article | null> {
    return this.store.versions.article(id, key);
  }

  /** The raw document a version came in: its size, and its bytes when kept and asked for. */
  raw(sha: string, withBytes = false): Promise<{ size: number; kept: boolean; bytes: Buffer | null } | null> {
    return /^[0-9a-f]{64}$/.test(sha) ? this.store.versions.raw(sha, withBytes) : Promise.resolve(null);
  }

  /** Every version of the story the store has seen (for the editors' versions view), oldest first. */
  history(id: string): Promise<HistoryEntry[]> {
    return this.stories.history(id);
  }

  /**
   * An editor's corrections to a story before release: the fields given replace the article's,
   * the result must still validate against the article schema (else WIREDESK_ERR_REVIEW_INVALID_EDIT
   * with the schema's complaints), and the change is recorded with who made it. Releasing the story
   * afterwards publishes the edited article.
   */
  async edit(id: string, versionKey: string, edited: Article, by: string, now = new Date()): Promise<ReviewActionResult> {
    const entry = await this.store.get(id);
    if (!entry) return { status: 'not-found', entry: null };
    const errors = articleErrors(edited);
    if (errors.length) throw new WiredeskError('WIREDESK_ERR_REVIEW_INVALID_EDIT', errors.slice(0, 5).join('; '), { input: id });
    const changes = diffFields(entry.article, edited);
    if (!changes.length) return { status: 'done', entry: summaryOf(entry) };
    const r = await this.store.edit(id, versionKey, edited, { by, at: now.toISOString(), changes });
    if (r.status === 'not-found') return { status: 'not-found', entry: null };
    return { status: r.status === 'ok' ? 'done' : 'conflict', entry: r.summary };
  }

  /** Each action takes an id or `id@version` (see resolve()). */
  async approve(ref: string, by: string | null = null): Promise<ReviewActionResult> {
    return this.transitionTo(ref, 'approved', ['pending', 'held'], by, 'approve');
  }

  /** Puts the story aside; with a note, a held story may be held again to change its note. */
  async hold(ref: string, by: string | null = null, opts: ReviewActionOptions = {}): Promise<ReviewActionResult> {
    return this.transitionTo(ref, 'held', opts.note ? ['pending', 'held'] : ['pending'], by, null, opts.note);
  }

  async kill(ref: string, by: string | null = null): Promise<ReviewActionResult> {
    return this.transitionTo(ref, 'killed', ['pending', 'held', 'approved'], by, 'kill');
  }

  /**
   * Turns the story down before release: it is not published and nothing is sent to anyone (a
   * kill, by contrast, tells the subscribers that had an earlier version).
   */
  async reject(ref: string, by: string | null = null, opts: ReviewActionOptions = {}): Promise<ReviewActionResult> {
    return this.transitionTo(ref, 'rejected', ['pending', 'held'], by, null, opts.note);
  }

  /**
   * One action by name, as the HTTP API calls it (`body.note` for hold and reject): answers the
   * entry after a change, and throws WIREDESK_ERR_REVIEW_NOT_FOUND (404),
   * WIREDESK_ERR_REVIEW_STALE_VERSION (409: `id@version` named a version not under review) or
   * WIREDESK_ERR_REVIEW_CONFLICT (409) otherwise.
   */
  async act(action: 'approve' | 'hold' | 'kill' | 'reject', ref: string, by: string | null = null, body: Record<string, unknown> = {}): Promise<ReviewSummary> {
    const note = typeof body.note === 'string' ? body.note : undefined;
    const result = action === 'approve' ? await this.approve(ref, by)
      : action === 'hold' ? await this.hold(ref, by, note ? { note } : {})
        : action === 'reject' ? await this.reject(ref, by, note ? { note } : {})
          : await this.kill(ref, by);
    if (result.status === 'not-found') throw new WiredeskError('WIREDESK_ERR_REVIEW_NOT_FOUND', ref);
    if (result.status === 'conflict' && result.reason === 'version') {
      throw new WiredeskError('WIREDESK_ERR_REVIEW_STALE_VERSION', `${ref} is not the version under review (${result.entry?.id}@${result.entry?.versionKey} is)`);
    }
    if (result.status === 'conflict') throw new WiredeskError('WIREDESK_ERR_REVIEW_CONFLICT', `${ref} is ${result.entry?.state}, cannot ${action}`);
    return result.entry!;
  }

  private async transitionTo(ref: string, to: ReviewState, from: ReviewState[], by: string | null, action: ReviewActionJob['action'] | null, note?: string): Promise<ReviewActionResult> {
    const target = await this.resolve(ref);
    if (!target) return { status: 'not-found', entry: null };
    const id = target.ref.id;
    const text = note?.trim().slice(0, MAX_NOTE_LENGTH);
    const { changed, stale, entry } = await this.store.setState(id, to, from, by, new Date(), {
      ...(target.ref.versionKey ? { versionKey: target.ref.versionKey } : {}), ...(text ? { note: text } : {}),
    });
    if (!entry) return { status: 'not-found', entry: null };
    if (stale) return { status: 'conflict', reason: 'version', entry: summaryOf(entry) };
    if (!changed) return { status: 'conflict', reason: 'state', entry: summaryOf(entry) };
    if (action) {
      const job: ReviewActionJob = { action, id, versionKey: entry.versionKey, by, at: entry.updatedAt };
      await this.queue.add(action, job, {
        jobId: encodeJobId(`${id}@${entry.versionKey}/${action}`),
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    }
    return { status: 'done', entry: summaryOf(entry) };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * A review service over its own connection (the CLI's and the worker's HTTP API); `close()` also
 * disconnects. Takes the Redis URL, or `{ redisUrl, prefix }`.
 */
export function createReviewService(target: string | { redisUrl: string; prefix?: string }, opts: { prefix?: string } = {}): ReviewService {
  const url = typeof target === 'string' ? target : target.redisUrl;
  const prefix = typeof target === 'string' ? opts.prefix : target.prefix ?? opts.prefix;
  const redis = connectRedis(url);
  const service = new ReviewService(redis, prefix ? { prefix } : {});
  const close = service.close.bind(service);
  service.close = async () => {
    // Bounded: with Redis away the queue's close would wait for a connection that is not coming.
    await settledWithin(close(), 2_000);
    await quitOrDisconnect(redis);
  };
  return service;
}

const EDITABLE: Array<keyof Article> = ['headline', 'dateline', 'bylines', 'pictures', 'creditLine', 'editorNote'];

/** The editable top-level fields that differ, with their values before and after. */
function diffFields(before: Article, after: Article): Array<{ field: string; before: unknown; after: unknown }> {
  const out: Array<{ field: string; before: unknown; after: unknown }> = [];
  for (const field of EDITABLE) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) out.push({ field, before: before[field], after: after[field] });
  }
  return out;
}

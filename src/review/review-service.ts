import { Queue } from 'bullmq';
import { WiredeskError } from '../errors.js';
import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX, QUEUE, encodeJobId, type ReviewActionJob } from '../queue/contract.js';
import { connectRedis, quitOrDisconnect, RedisKeys } from '../queue/redis-keys.js';
import { settledWithin } from '../queue/redis-state.js';
import { ReviewStore, type ReviewEntry, type ReviewFacet, type ReviewPage, type ReviewState, type ReviewSummary } from './review-store.js';
import type { Article } from '../model/article.generated.js';
import { articleErrors } from '../model/validate.js';
import { StoryStore, type HistoryEntry } from '../store/story-store.js';

export type { ReviewEntry, ReviewState, ReviewSummary, ReviewEdit, ReviewPage, ReviewFacet } from './review-store.js';

/**
 * What an editor's action did: `done`, `not-found` (no such story under review), or `conflict`
 * (its state does not allow the action, e.g. approving a killed story); `entry` as it is now.
 */
export interface ReviewActionResult {
  status: 'done' | 'not-found' | 'conflict';
  entry: ReviewSummary | null;
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
    this.queue = new Queue<ReviewActionJob>(QUEUE.review, { connection: redis, prefix: keys.prefix });
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

  async approve(id: string, by: string | null = null): Promise<ReviewActionResult> {
    return this.transitionTo(id, 'approved', ['pending', 'held'], by, 'approve');
  }

  async hold(id: string, by: string | null = null): Promise<ReviewActionResult> {
    return this.transitionTo(id, 'held', ['pending'], by, null);
  }

  async kill(id: string, by: string | null = null): Promise<ReviewActionResult> {
    return this.transitionTo(id, 'killed', ['pending', 'held', 'approved'], by, 'kill');
  }

  /**
   * One action by name, as the HTTP API calls it: answers the entry after a change, and throws
   * WIREDESK_ERR_REVIEW_NOT_FOUND (404) or WIREDESK_ERR_REVIEW_CONFLICT (409) otherwise.
   */
  async act(action: 'approve' | 'hold' | 'kill', id: string, by: string | null = null, _body: Record<string, unknown> = {}): Promise<ReviewSummary> {
    const result = action === 'approve' ? await this.approve(id, by) : action === 'hold' ? await this.hold(id, by) : await this.kill(id, by);
    if (result.status === 'not-found') throw new WiredeskError('WIREDESK_ERR_REVIEW_NOT_FOUND', id);
    if (result.status === 'conflict') throw new WiredeskError('WIREDESK_ERR_REVIEW_CONFLICT', `${id} is ${result.entry?.state}, cannot ${action}`);
    return result.entry!;
  }

  private async transitionTo(id: string, to: ReviewState, from: ReviewState[], by: string | null, action: ReviewActionJob['action'] | null): Promise<ReviewActionResult> {
    const { changed, entry } = await this.store.setState(id, to, from, by);
    if (!entry) return { status: 'not-found', entry: null };
    if (!changed) return { status: 'conflict', entry: summaryOf(entry) };
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

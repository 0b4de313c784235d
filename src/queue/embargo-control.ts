import { Queue, type Job, type JobsOptions } from 'bullmq';
import { execBySlot, queuePrefix, type RedisConnection as Redis } from './redis-connection.js';
import { INTERNAL_QUEUE, QUEUE, encodeJobId, type ReviewActionJob } from './contract.js';
import { RedisKeys } from './redis-keys.js';
import { embargoJobId, type EmbargoJob } from './publisher.js';
import { StoryStore } from '../store/story-store.js';
import { ReviewStore } from '../review/review-store.js';

/**
 * The editors' view of and hand on embargoed versions (the desk's embargo page). The pipeline
 * holds an embargoed version as a delayed job of the `embargo` queue (src/queue/publisher.ts),
 * released at its embargo time by the stage workers, and the story store records the version in
 * state `embargoed`. Two editor actions:
 * - hold: the store's state becomes `held` (atomically, only from `embargoed` at that version);
 *   the release at the embargo time then publishes nothing (processEmbargoRelease moves only
 *   `embargoed` versions). The delayed job stays as it is (it carries the version), and the hold
 *   is indexed by release time, since a held version leaves the delayed set at its time;
 * - release now: a job of its own on the `embargo` queue, `<embargo job id>/release`, without
 *   delay and marked `release` (the stage worker publishes it before the embargo time and past a
 *   hold). Its job id makes a second release a no-op, the store's transition makes it publish once,
 *   and the publish events' own job ids keep subscribers from seeing it twice.
 * A story still in review whose embargo is ahead is released in one step too (releaseFromReview):
 * approved as `wiredesk review approve` would, with the approval marked to publish at once.
 * All are recorded with the editor's name in an audit list (and the callers log them). The stage
 * workers publish (they hold the subscriber config), so a desk-only process can release too.
 */

export interface EmbargoRow {
  id: string;
  versionKey: string;
  headline: string | null;
  feed: string | null;
  /** ISO 8601: when the version is (or was) due for release. */
  releaseAt: string;
  state: 'embargoed' | 'held';
  /** Who held it, and when (held versions only). */
  heldBy: string | null;
  heldAt: string | null;
}

export interface EmbargoDecision {
  id: string;
  versionKey: string;
  action: 'hold' | 'release';
  by: string;
  at: string;
}

export type EmbargoActionResult =
  | { status: 'done' }
  | { status: 'already' }
  | { status: 'not-found' }
  | { status: 'conflict'; state: string };

const AUDIT_MAX = 1000;
/** Longest id or version key accepted from a form. */
const MAX_KEY = 1000;

interface HeldInfo { id: string; versionKey: string; headline: string | null; feed: string | null; releaseAt: string; by: string; at: string }

export class EmbargoControl {
  private readonly keys: RedisKeys;
  private readonly queue: Queue<EmbargoJob>;
  private readonly store: StoryStore;
  private readonly review: ReviewStore;
  private readonly reviewQueue: Queue<ReviewActionJob>;

  constructor(private readonly redis: Redis, prefix: string, private readonly retentionSeconds = 7 * 24 * 3600) {
    this.keys = new RedisKeys(prefix);
    this.queue = new Queue<EmbargoJob>(INTERNAL_QUEUE.embargo, { connection: redis, prefix: queuePrefix(redis, prefix, INTERNAL_QUEUE.embargo) });
    this.queue.on('error', () => {});
    this.reviewQueue = new Queue<ReviewActionJob>(QUEUE.review, { connection: redis, prefix: queuePrefix(redis, prefix, QUEUE.review) });
    this.reviewQueue.on('error', () => {});
    this.store = new StoryStore(redis, this.keys, retentionSeconds);
    this.review = new ReviewStore(redis, this.keys, retentionSeconds);
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.reviewQueue.close()]);
  }

  /**
   * Approves a story in review (pending or held) at `versionKey` so that it is published at once,
   * before its embargo time: the review entry records the editor, and the approval goes to the
   * stage workers through the `review` queue under the approval's own job id (a second approval of
   * the version is a no-op), marked `releaseEmbargo`.
   */
  async releaseFromReview(id: string, versionKey: string, by: string, now = new Date()): Promise<EmbargoActionResult> {
    if (!valid(id) || !valid(versionKey)) return { status: 'not-found' };
    const entry = await this.review.get(id);
    if (!entry) return { status: 'not-found' };
    if (entry.versionKey !== versionKey) return { status: 'conflict', state: 'superseded' };
    if (entry.state === 'approved') return { status: 'already' };
    const { changed, entry: after } = await this.review.setState(id, 'approved', ['pending', 'held'], by, now);
    if (!after) return { status: 'not-found' };
    if (!changed) return after.state === 'approved' ? { status: 'already' } : { status: 'conflict', state: after.state };
    if (after.versionKey !== versionKey) return { status: 'conflict', state: 'superseded' };
    const job: ReviewActionJob = { action: 'approve', id, versionKey, by, at: after.updatedAt, releaseEmbargo: true };
    await this.reviewQueue.add('approve', job, {
      jobId: encodeJobId(`${id}@${versionKey}/approve`),
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: this.retentionSeconds },
      removeOnFail: { age: this.retentionSeconds },
    });
    await this.record({ id, versionKey, action: 'release', by, at: after.updatedAt });
    return { status: 'done' };
  }

  /**
   * Versions waiting for their embargo time (delayed jobs whose version the store still holds as
   * `embargoed`), soonest first; `total` counts the delayed jobs. Held versions are in held().
   */
  async scheduled(offset: number, limit: number): Promise<{ rows: EmbargoRow[]; total: number }> {
    const [jobs, total] = await Promise.all([this.queue.getDelayed(offset, offset + limit - 1), this.queue.getDelayedCount()]);
    const live = jobs.filter((j) => j?.data?.article);
    const states = await this.states(live.map((j) => j.data.article.id));
    const rows: EmbargoRow[] = [];
    live.forEach((j, i) => {
      const s = states[i]!;
      if (s.versionKey !== j.data.versionKey || s.state !== 'embargoed') return;
      const a = j.data.article;
      rows.push({ id: a.id, versionKey: j.data.versionKey, headline: a.headline, feed: j.data.feed ?? a.provenance.feed, releaseAt: releaseAt(j), state: 'embargoed', heldBy: null, heldAt: null });
    });
    return { rows, total };
  }

  /** Versions editors held, soonest release time first; holds that no longer apply (a newer version, a kill, a release) leave the index here. */
  async held(offset: number, limit: number): Promise<{ rows: EmbargoRow[]; total: number }> {
    const members = await this.redis.zrange(this.keys.embargoHeld(), offset, offset + limit - 1);
    const total = await this.redis.zcard(this.keys.embargoHeld());
    if (members.length === 0) return { rows: [], total };
    const infos = await this.redis.hmget(this.keys.embargoHeldInfo(), ...members);
    const parsed = infos.map((s) => (s ? JSON.parse(s) as HeldInfo : null));
    const states = await this.states(parsed.map((p) => p?.id ?? ''));
    const rows: EmbargoRow[] = [];
    const gone: string[] = [];
    members.forEach((m, i) => {
      const p = parsed[i];
      const s = states[i]!;
      if (!p || s.versionKey !== p.versionKey || s.state !== 'held') { gone.push(m); return; }
      rows.push({ id: p.id, versionKey: p.versionKey, headline: p.headline, feed: p.feed, releaseAt: p.releaseAt, state: 'held', heldBy: p.by, heldAt: p.at });
    });
    if (gone.length) await this.redis.multi().zrem(this.keys.embargoHeld(), ...gone).hdel(this.keys.embargoHeldInfo(), ...gone).exec();
    return { rows, total: total - gone.length };
  }

  /** The editors' decisions, newest first. */
  async decisions(limit = 20): Promise<EmbargoDecision[]> {
    return (await this.redis.lrange(this.keys.embargoAudit(), 0, limit - 1)).map((s) => JSON.parse(s) as EmbargoDecision);
  }

  /** Keeps a version from being released at its embargo time, until an editor releases it. */
  async hold(id: string, versionKey: string, by: string, now = new Date()): Promise<EmbargoActionResult> {
    if (!valid(id) || !valid(versionKey)) return { status: 'not-found' };
    const latest = await this.store.latest(id);
    if (latest?.versionKey === versionKey && latest.state === 'held') return { status: 'already' };
    const jobId = embargoJobId(id, versionKey);
    const job = await this.queue.getJob(jobId);
    if (!job?.data?.article) return { status: 'not-found' };
    // (Atomic: a release at this moment and the hold cannot both win.)
    const r = await this.store.transition(id, versionKey, ['embargoed'], 'held');
    if (r === 'gone' || r === 'superseded' || r === 'killed') return { status: 'conflict', state: r };
    if (r !== 'ok') return { status: 'conflict', state: r.slice('refused:'.length) };
    // The hold is the version's delivery as the store sees it: a re-sent copy must not resume it as a publication.
    await this.store.markDelivered(id, versionKey);
    const a = job.data.article;
    const info: HeldInfo = { id, versionKey, headline: a.headline, feed: job.data.feed ?? a.provenance.feed, releaseAt: releaseAt(job), by, at: now.toISOString() };
    await this.redis.multi()
      .zadd(this.keys.embargoHeld(), Date.parse(info.releaseAt), jobId)
      .hset(this.keys.embargoHeldInfo(), jobId, JSON.stringify(info))
      .exec();
    await this.record({ id, versionKey, action: 'hold', by, at: info.at });
    return { status: 'done' };
  }

  /** Publishes a held or still embargoed version now (the stage workers do it at once). */
  async release(id: string, versionKey: string, by: string, now = new Date()): Promise<EmbargoActionResult> {
    if (!valid(id) || !valid(versionKey)) return { status: 'not-found' };
    const latest = await this.store.latest(id);
    if (!latest) return { status: 'not-found' };
    if (latest.versionKey !== versionKey) return { status: 'conflict', state: 'superseded' };
    if (latest.state === 'publishing') return { status: 'already' };
    if (latest.state !== 'embargoed' && latest.state !== 'held') return { status: 'conflict', state: latest.state };
    const jobId = embargoJobId(id, versionKey);
    const job = await this.queue.getJob(jobId);
    if (!job?.data?.article) return { status: 'not-found' };
    const at = now.toISOString();
    const opts: JobsOptions = {
      jobId: `${jobId}/release`,
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: this.retentionSeconds },
      removeOnFail: { age: this.retentionSeconds },
    };
    const { release: _earlier, ...data } = job.data;
    await this.queue.add('release', { ...data, release: { by, at } }, opts);
    // The delayed job has nothing left to do (were it to run, the store and the events' job ids would make it a no-op).
    await this.queue.remove(jobId).catch(() => 0);
    await this.redis.multi().zrem(this.keys.embargoHeld(), jobId).hdel(this.keys.embargoHeldInfo(), jobId).exec();
    await this.record({ id, versionKey, action: 'release', by, at });
    return { status: 'done' };
  }

  private async record(d: EmbargoDecision): Promise<void> {
    await this.redis.multi().lpush(this.keys.embargoAudit(), JSON.stringify(d)).ltrim(this.keys.embargoAudit(), 0, AUDIT_MAX - 1).exec();
  }

  private async states(ids: string[]): Promise<Array<{ versionKey: string | null; state: string | null }>> {
    if (ids.length === 0) return [];
    // The stories lie in many slots on a cluster: one pipeline per slot, sent together.
    const res = await execBySlot(this.redis, ids.map((id) => ({ key: this.keys.story(id), command: ['hmget', this.keys.story(id), 'versionKey', 'state'] })));
    return ids.map((_, i) => {
      const [versionKey, state] = (res[i]?.[1] ?? [null, null]) as [string | null, string | null];
      return { versionKey, state };
    });
  }
}

/** The embargo time the version carries, else when its delayed job was due. */
function releaseAt(job: Job<EmbargoJob>): string {
  const t = Date.parse(job.data.article.embargoedUntil ?? '');
  return new Date(Number.isFinite(t) ? t : job.timestamp + (job.opts.delay ?? 0)).toISOString();
}

function valid(s: string): boolean {
  return s.length > 0 && s.length <= MAX_KEY;
}

import { Job, Queue, type JobJson, type JobsOptions } from 'bullmq';
import type { RedisConnection } from './redis-connection.js';
import type { Article } from '../model/article.generated.js';
import { queuePrefix } from './redis-connection.js';
import { INTERNAL_QUEUE, encodeJobId, publishJobId, publishQueueName, type PublishEvent, type PublishEventName } from './contract.js';

/** A version held until its embargo lifts: the `embargo` queue's delayed job. */
export interface EmbargoJob {
  article: Article;
  event: PublishEventName;
  previous: string | null;
  versionKey: string;
  feed: string | null;
  /** The raw item's correlation id, carried to the event when the version is released. */
  correlationId?: string;
  /**
   * Set on an editor's early release (src/queue/embargo-control.ts): published at once, before the
   * embargo time and past an editor's hold; `by` is the signed-in editor.
   */
  release?: { by: string; at: string };
}

export function embargoJobId(articleId: string, versionKey: string): string {
  return encodeJobId(`${articleId}@${versionKey}`);
}

/**
 * Completed events are not kept: a consumed event is removed at once (its deduplication key
 * stays, see below, and the story store records who received which version). Keeping a window of
 * them for dashboards costs Redis a sorted-set insert and trim on every completion.
 */
const KEEP_COMPLETED = false;

/**
 * Event payloads already serialized, by payload object: one story's event goes to every
 * subscriber queue with the same payload, and serializing a whole article is the largest cost
 * of adding a job, so it is done once per event, not once per subscriber.
 */
const serializedPayloads = new WeakMap<object, string>();

/** A Job whose payload, when already serialized (serializedPayloads), is not serialized again. */
class EventJob extends Job {
  override asJSON(): JobJson {
    const json = serializedPayloads.get(this.data as object);
    if (json === undefined) return super.asJSON();
    // BullMQ writes `data` as JSON.stringify(this.data): the same string, made once.
    const data: unknown = this.data;
    this.data = undefined;
    try {
      return { ...super.asJSON(), data: json };
    } finally {
      this.data = data;
    }
  }
}

/** A subscriber's queue, adding its events through EventJob. */
class EventQueue extends Queue {
  protected override get Job(): typeof Job {
    // (EventJob only overrides asJSON; the generic construct signature is Job's own.)
    return EventJob as unknown as typeof Job;
  }
}

/**
 * Fans events out to the per-subscriber `publish.<name>` queues and holds embargoed versions in
 * the `embargo` queue. Job ids are `<id>@<version>` (encoded, see encodeJobId), and each event
 * also sets a BullMQ deduplication key of that id which lives for the store's retention, so
 * adding the same event again (a retried or resumed delivery) is a no-op in BullMQ, however long
 * ago the first copy was consumed: a version reaches a subscriber once. The key is a few bytes;
 * the completed job itself (the whole article) is removed once consumed, so Redis holds the
 * story store and the events in flight, not every article of the retention.
 */
export class Publisher {
  private readonly queues = new Map<string, Queue>();
  private readonly jobOptions: JobsOptions;
  private readonly embargoOptions: JobsOptions;
  private readonly retentionMs: number;
  readonly embargoQueue: Queue<EmbargoJob>;

  /** `keepCompleted`: a window of consumed events to keep for inspection (by default none). */
  constructor(private readonly connection: RedisConnection, private readonly prefix: string, retentionSeconds: number, keepCompleted: { age: number; count: number } | false = KEEP_COMPLETED) {
    this.retentionMs = retentionSeconds * 1000;
    this.jobOptions = {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: keepCompleted ? { age: Math.min(keepCompleted.age, retentionSeconds), count: keepCompleted.count } : true,
      removeOnFail: { age: retentionSeconds },
    };
    // A held version is removed when a kill or a newer version comes first (cancelEmbargo), so its
    // identity stays the job itself, kept for the retention once released.
    this.embargoOptions = { ...this.jobOptions, removeOnComplete: { age: retentionSeconds } };
    this.embargoQueue = new Queue<EmbargoJob>(INTERNAL_QUEUE.embargo, { connection, prefix: queuePrefix(connection, prefix, INTERNAL_QUEUE.embargo) });
    // Connection errors surface on the shared connection's listener; adds fail and are retried.
    this.embargoQueue.on('error', () => {});
  }

  queueFor(subscriber: string): Queue {
    let q = this.queues.get(subscriber);
    if (!q) {
      const name = publishQueueName(subscriber);
      q = new EventQueue(name, { connection: this.connection, prefix: queuePrefix(this.connection, this.prefix, name) });
      q.on('error', () => {});
      this.queues.set(subscriber, q);
    }
    return q;
  }

  async publish(article: Article, event: PublishEventName, previous: string | null, versionKey: string, subscribers: string[], now = new Date()): Promise<void> {
    await this.publishMany([{ article, event, previous, versionKey, subscribers }], now);
  }

  /**
   * Several events at once: one batched add (a single round trip) per subscriber queue. Every
   * event has its own `<id>@<version>` job id, so a batch retried after a partial success adds
   * only what is missing.
   */
  async publishMany(events: Array<{ article: Article; event: PublishEventName; previous: string | null; versionKey: string; subscribers: string[]; correlationId?: string }>, now = new Date()): Promise<void> {
    const bySubscriber = new Map<string, Array<{ name: string; data: PublishEvent; opts: JobsOptions }>>();
    const publishedAt = now.toISOString();
    for (const e of events) {
      const jobId = publishJobId(e.article.id, e.versionKey, e.event);
      const data: PublishEvent = { event: e.event, article: e.article, previous: e.previous, publishedAt, ...(e.correlationId ? { correlationId: e.correlationId } : {}) };
      if (e.subscribers.length > 1) serializedPayloads.set(data, JSON.stringify(data));
      for (const s of e.subscribers) {
        let list = bySubscriber.get(s);
        if (!list) bySubscriber.set(s, (list = []));
        list.push({ name: e.event, data, opts: this.eventOptions(jobId) });
      }
    }
    await Promise.all([...bySubscriber].map(([s, jobs]) => (jobs.length === 1 ? this.queueFor(s).add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts) : this.queueFor(s).addBulk(jobs))));
  }

  /** Options of one event: its job id, and the deduplication key that outlives the job. */
  private eventOptions(jobId: string): JobsOptions {
    return { ...this.jobOptions, jobId, deduplication: { id: jobId, ttl: this.retentionMs } };
  }

  async holdEmbargo(job: EmbargoJob, releaseAt: Date, now = new Date()): Promise<void> {
    await this.embargoQueue.add('release', job, {
      ...this.embargoOptions,
      jobId: embargoJobId(job.article.id, job.versionKey),
      delay: Math.max(0, releaseAt.getTime() - now.getTime()),
    });
  }

  /**
   * Removes a held version (a kill or a newer version came first). Best effort: the release
   * itself checks the story store, so a job that escapes removal still publishes nothing.
   */
  async cancelEmbargo(articleId: string, versionKey: string): Promise<void> {
    try {
      await this.embargoQueue.remove(embargoJobId(articleId, versionKey));
    } catch {
      // Locked by a worker releasing it right now: the store check at release decides.
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values(), this.embargoQueue].map((q) => q.close()));
    this.queues.clear();
  }
}

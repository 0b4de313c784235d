/**
 * `wiredesk/subscriber`: the typed client a downstream publisher uses to consume its
 * `publish.<name>` queue. Each version of a story arrives once (job id `<id>@<version>`, see
 * src/queue/contract.ts encodeJobId); kills and corrections arrive as their own events. The same
 * payload is described for other languages by schemas/events.schema.json.
 *
 *   const sub = await subscribe('web', async (e) => { if (e.event === 'article.kill') ... });
 *   ...
 *   await sub.close();
 *
 * A handler that throws is retried with backoff (the job's attempts); make it idempotent per
 * `article.id` + `article.version`, as a retry can follow a partial success.
 */
import { Worker, type Job } from 'bullmq';
import { DEFAULT_PREFIX, decodeJobId, publishQueueName, type PublishEvent } from './queue/contract.js';
import { checkClusterPrefix, connectTarget, isCluster, queuePrefix } from './queue/redis-connection.js';

export type { PublishEvent, PublishEventName } from './queue/contract.js';
export type { Article } from './model/article.generated.js';

/** Where the event sits in its queue: the decoded `<id>@<version>` key and the delivery attempt. */
export interface DeliveryInfo {
  jobId: string;
  key: string;
  attempt: number;
}

export type PublishHandler = (event: PublishEvent, info: DeliveryInfo) => Promise<void> | void;

export interface SubscribeOptions {
  /**
   * Redis URL, or a Redis Cluster's seeds (`redis-cluster://host:port,host:port`, or several
   * comma-separated redis:// URLs; see docs/worker.md); default `$WIREDESK_REDIS_URL`,
   * `$REDIS_URL` or redis://127.0.0.1:6379 (as the worker).
   */
  connection?: string;
  /** The deployment's key prefix (the workers' `prefix`), default `wiredesk` like the worker (WIREDESK_PREFIX overrides it). */
  prefix?: string;
  /** Events handled at once (default 1: in queue order). */
  concurrency?: number;
  /** Connection and worker errors (Redis away, a lock lost); default: one stderr line per distinct message. */
  onError?: (err: Error) => void;
}

export interface Subscription {
  /** Waits for in-flight handlers, then disconnects. */
  close(): Promise<void>;
  /** The underlying BullMQ worker, for events and pausing. */
  readonly worker: Worker<PublishEvent>;
}

export async function subscribe(name: string, handler: PublishHandler, opts: SubscribeOptions = {}): Promise<Subscription> {
  const target = opts.connection ?? (process.env.WIREDESK_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const prefix = opts.prefix ?? (process.env.WIREDESK_PREFIX || DEFAULT_PREFIX);
  // ioredis reconnects by itself; the worker's 'error' event reports what the caller wants to see.
  const redis = connectTarget(target);
  try {
    checkClusterPrefix(isCluster(redis), prefix);
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  const queue = publishQueueName(name);
  const worker = new Worker<PublishEvent>(queue, async (job: Job<PublishEvent>) => {
    const jobId = job.id ?? '';
    await handler(job.data, { jobId, key: decodeJobId(jobId), attempt: job.attemptsMade + 1 });
  }, { connection: redis, prefix: queuePrefix(redis, prefix, queue), concurrency: opts.concurrency ?? 1 });
  let last = '';
  worker.on('error', opts.onError ?? ((err: Error) => {
    if (err.message !== last) process.stderr.write(`wiredesk subscriber ${name}: ${err.message}\n`);
    last = err.message;
  }));
  await worker.waitUntilReady();
  let closing: Promise<void> | null = null;
  return {
    worker,
    close(): Promise<void> {
      closing ??= (async () => {
        await worker.close();
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}

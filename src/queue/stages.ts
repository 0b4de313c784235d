import { DelayedError, Worker, UnrecoverableError, type Job } from 'bullmq';
import { checkClusterPrefix, isClusterTarget, queuePrefix, type RedisConnection } from './redis-connection.js';
import type { Logger } from 'pino';
import { DEFAULT_PREFIX, INTERNAL_QUEUE, QUEUE, type RawItemJob, type ReviewActionJob } from './contract.js';
import { connectRedis, quitOrDisconnect, RedisKeys } from './redis-keys.js';
import { DeadLetters } from './dead-letter.js';
import { Publisher, type EmbargoJob } from './publisher.js';
import { deadLetterExhausted, processEmbargoRelease, processRawItem, processReviewAction, type StageContext } from './processors.js';
import type { PipelineSettings, StageHooks } from './settings.js';
import { pendingEmbargo } from './route.js';
import { StoryStore } from '../store/story-store.js';
import { NearDuplicateIndex } from '../store/near-duplicates.js';
import { ReviewStore } from '../review/review-store.js';
import { ParsePool, defaultPoolSize } from '../pipeline/parse-pool.js';

export type { FeedSettings, PipelineSettings, StageHooks, StageOutcome } from './settings.js';
export type { RawItemJob } from './contract.js';

/** Where Redis errors go when the caller tracks Redis' state (src/queue/redis-state.ts). */
export interface RedisErrorSink {
  report(source: string, err: unknown): void;
}

export { enqueueRawItem, closeRawItemQueues, replayDeadLetter, INGEST_ATTEMPTS, RAW_ITEM_JOB_OPTIONS } from './raw-items.js';

/**
 * How long a stage worker's hold on a job lasts without renewal (BullMQ renews it every half of
 * it while the job runs). A job whose worker died (SIGKILL, or a connection lost while Redis
 * restarted) goes back to the queue after about this long; BullMQ's default is 30 s.
 */
const DEFAULT_LOCK_MS = 10_000;

/** How often a worker applies the dead-letter retention besides on every add. */
const DEAD_LETTER_PRUNE_MS = 3_600_000;

/** The deadline of one raw item's parse when the settings name none (config `parseTimeoutSeconds`). */
export const DEFAULT_PARSE_TIMEOUT_MS = 30_000;

/**
 * Builds the stage context (stores, publisher). The stores use `redis`; the publisher's BullMQ
 * queues use `queueRedis` (default: the same connection). A connection BullMQ uses carries its
 * fifty-odd scripts, and ioredis copies every script of a connection into each pipeline made on
 * it, so the stores' pipelines are cheaper on a connection of their own.
 */
export function createStageContext(redis: RedisConnection, settings: PipelineSettings, hooks?: StageHooks, logger?: Logger, queueRedis: RedisConnection = redis): StageContext {
  const keys = new RedisKeys(settings.prefix ?? DEFAULT_PREFIX);
  return {
    settings,
    store: new StoryStore(redis, keys, settings.retentionSeconds),
    nearDuplicates: new NearDuplicateIndex(redis, keys, settings.retentionSeconds),
    deadLetters: new DeadLetters(redis, keys, settings.deadLetters ?? {}),
    publisher: new Publisher(queueRedis, keys.prefix, settings.retentionSeconds),
    review: new ReviewStore(redis, keys, settings.retentionSeconds),
    ...(hooks ? { hooks } : {}),
    ...(logger ? { logger } : {}),
  };
}

/**
 * Starts the stage workers of one process: `ingest` (raw item -> articles -> store -> route),
 * `embargo` (release held versions) and `review` (editors' decisions). Publishing is adding jobs
 * to the `publish.<subscriber>` queues, which subscribers consume (src/subscriber.ts). `close()`
 * lets in-flight jobs finish (BullMQ hands back the rest when the lock lapses) and disconnects.
 */
export async function startStageWorkers(connection: string, settings: PipelineSettings, hooks?: StageHooks, logger?: Logger, redisErrors?: RedisErrorSink): Promise<{ close(): Promise<void>; forceClose(): Promise<void> }> {
  const prefix = settings.prefix ?? DEFAULT_PREFIX;
  // Before anything connects: a prefix that would collapse a cluster's per-queue tags is refused.
  checkClusterPrefix(isClusterTarget(connection), prefix);
  let lastError = '';
  // With a sink (the worker's RedisState) every Redis error goes there, which logs state changes
  // only; without one, one line per distinct error while Redis is away.
  const redis = connectRedis(connection, redisErrors ? (err) => redisErrors.report('stages', err) : (err) => {
    if (err.message !== lastError) logger?.warn({ err: err.message }, 'redis connection error (reconnecting)');
    lastError = err.message;
  });
  redis.on('ready', () => { lastError = ''; });
  // The stores' own connection (see createStageContext); errors are reported by the one above.
  const storeRedis = connectRedis(connection, redisErrors ? (err) => redisErrors.report('stages', err) : undefined);
  const ctx = createStageContext(storeRedis, settings, hooks, logger, redis);
  // Parsing runs in threads with a deadline, so no document holds this thread's event loop (the
  // HTTP server, the job locks' renewal); 0 keeps it on this thread.
  const parseTimeoutMs = settings.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  if (parseTimeoutMs > 0) ctx.parsePool = new ParsePool({ timeoutMs: parseTimeoutMs, size: settings.parseThreads ?? defaultPoolSize(settings.concurrency) });
  const common = {
    connection: redis,
    autorun: true,
    lockDuration: settings.lockDurationMs ?? DEFAULT_LOCK_MS,
    stalledInterval: settings.lockDurationMs ?? DEFAULT_LOCK_MS,
  } as const;

  const ingest = new Worker<RawItemJob>(QUEUE.ingest, async (job: Job<RawItemJob>) => {
    await processRawItem(ctx, job.data);
  }, { ...common, prefix: queuePrefix(redis, prefix, QUEUE.ingest), concurrency: settings.concurrency });
  ingest.on('failed', (job, err) => {
    if (!job) return;
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || !exhausted) {
      logger?.warn({ correlationId: job.data.correlationId ?? null, feed: job.data.feed, jobId: job.id, attempt: job.attemptsMade, err: err.message }, 'ingest job failed');
      return;
    }
    deadLetterExhausted(ctx, job.data, err).catch((e: unknown) => logger?.error({ err: e }, 'could not dead-letter an exhausted job'));
  });
  const embargo = new Worker<EmbargoJob>(INTERNAL_QUEUE.embargo, async (job: Job<EmbargoJob>, token?: string) => {
    // The delay was computed on the clock of the worker that held the story; if this worker's
    // clock says the embargo still holds, the job goes back to wait: never early by any clock.
    // (An editor's early release, `release`, goes out at once.)
    const stillHeld = job.data.release ? null : pendingEmbargo(job.data.article, new Date());
    if (stillHeld && token) {
      await job.moveToDelayed(stillHeld.getTime(), token);
      throw new DelayedError();
    }
    await processEmbargoRelease(ctx, job.data);
  }, { ...common, prefix: queuePrefix(redis, prefix, INTERNAL_QUEUE.embargo), concurrency: Math.max(1, Math.ceil(settings.concurrency / 4)) });
  const review = new Worker<ReviewActionJob>(QUEUE.review, async (job: Job<ReviewActionJob>) => {
    await processReviewAction(ctx, job.data);
  }, { ...common, prefix: queuePrefix(redis, prefix, QUEUE.review), concurrency: 1 });
  const workers = [ingest, embargo, review];
  for (const w of workers) {
    w.on('error', (err) => (redisErrors ? redisErrors.report(`worker ${w.name}`, err) : logger?.error({ err, queue: w.name }, 'stage worker error')));
  }
  for (const w of [embargo, review]) {
    w.on('failed', (job, err) => logger?.warn({ queue: w.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, `${w.name} job failed`));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // The dead-letter retention also runs on a clock: age expiry must not wait for the next failure.
  const prune = (): void => {
    ctx.deadLetters.prune().catch((e: unknown) => logger?.warn({ err: (e as Error).message }, 'dead-letter retention failed'));
  };
  prune();
  const pruneTimer = setInterval(prune, DEAD_LETTER_PRUNE_MS);
  pruneTimer.unref();

  let closed: Promise<void> | null = null;
  return {
    close(): Promise<void> {
      closed ??= (async () => {
        clearInterval(pruneTimer);
        await Promise.all(workers.map((w) => w.close()));
        await ctx.parsePool?.close();
        await ctx.publisher.close();
        await Promise.all([redis, storeRedis].map((r) => quitOrDisconnect(r)));
      })();
      return closed;
    },
    /**
     * Shutdown when the graceful one cannot finish (Redis away): the connections are dropped, so
     * every command still waiting on them fails at once, and the workers stop without waiting for
     * their jobs (which BullMQ hands to another worker once their locks expire).
     */
    async forceClose(): Promise<void> {
      clearInterval(pruneTimer);
      for (const r of [redis, storeRedis]) r.disconnect();
      void Promise.allSettled(workers.map((w) => w.close(true)));
      await Promise.allSettled([...workers.map((w) => w.disconnect()), ctx.parsePool?.close(), ctx.publisher.close()]);
    },
  };
}

import { Queue } from 'bullmq';
import { WiredeskError } from '../errors.js';
import { withTimeout } from './redis-state.js';
import { DEFAULT_PREFIX, QUEUE, type RawItemJob } from './contract.js';
import { connectRedis, RedisKeys } from './redis-keys.js';
import { checkClusterPrefix, isClusterTarget, queuePrefix, type RedisConnection } from './redis-connection.js';
import { DeadLetters } from './dead-letter.js';

// Putting raw items on the `ingest` queue, for sources, the webhook and dead-letter replay. Kept
// apart from the stage workers so a source or the CLI does not load the whole pipeline.

/** Retries of a raw item's transient failures, with exponential backoff from one second. */
export const INGEST_ATTEMPTS = 6;

/** Job options of a raw item: the bytes stay with the job until it completes or is dead-lettered. */
export const RAW_ITEM_JOB_OPTIONS = {
  attempts: INGEST_ATTEMPTS,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  // Failed jobs are dead-lettered with their bytes; BullMQ keeps only a bounded tail of them.
  removeOnFail: { count: 1000 },
} as const;

const rawItemQueues = new Map<string, { queue: Queue<RawItemJob>; redis: RedisConnection }>();

/**
 * Adds a raw item to the `ingest` queue; resolves once Redis has it (the webhook answers 202
 * after this). Queues are cached per Redis URL and prefix; `closeRawItemQueues()` closes them.
 *
 * `timeoutMs` (the webhook): the add fails fast instead of waiting for Redis to come back: its
 * connection keeps no offline queue, and an add without an answer in time rejects with
 * WIREDESK_ERR_REDIS_UNAVAILABLE (the caller answers 503). Without it the add waits for Redis
 * however long it is away (the sources, which retry anyway).
 */
export async function enqueueRawItem(connection: string, job: RawItemJob, opts: { prefix?: string; jobId?: string; timeoutMs?: number } = {}): Promise<string> {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const failFast = opts.timeoutMs !== undefined;
  const key = `${connection}\n${prefix}${failFast ? '\nfail-fast' : ''}`;
  let entry = rawItemQueues.get(key);
  if (!entry) {
    checkClusterPrefix(isClusterTarget(connection), prefix);
    const redis = failFast
      ? connectRedis(connection, undefined, { maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: opts.timeoutMs! })
      : connectRedis(connection);
    const queue = new Queue<RawItemJob>(QUEUE.ingest, { connection: redis, prefix: queuePrefix(redis, prefix, QUEUE.ingest) });
    // A failed add rejects to the caller (the source retries, the webhook answers 503).
    queue.on('error', () => {});
    entry = { queue, redis };
    rawItemQueues.set(key, entry);
  }
  const add = entry.queue.add('raw', job, { ...RAW_ITEM_JOB_OPTIONS, ...(opts.jobId ? { jobId: opts.jobId } : {}) });
  if (!failFast) return (await add).id!;
  try {
    return (await withTimeout(add, opts.timeoutMs!, 'enqueue')).id!;
  } catch (e) {
    throw new WiredeskError('WIREDESK_ERR_REDIS_UNAVAILABLE', `the ingest queue: ${(e as Error).message}`, { cause: e });
  }
}

export async function closeRawItemQueues(opts: { force?: boolean } = {}): Promise<void> {
  const entries = [...rawItemQueues.values()];
  rawItemQueues.clear();
  await Promise.all(entries.map(async ({ queue, redis }) => {
    // Forced (Redis away): drop the connections, so nothing waits on them or keeps reconnecting.
    if (opts.force) {
      redis.disconnect();
      await queue.disconnect().catch(() => undefined);
      return;
    }
    await queue.close();
    await redis.quit().catch(() => redis.disconnect());
  }));
}

/**
 * Replays a dead letter: its whole document goes back on the `ingest` queue as its feed
 * delivered it (or `opts.bytes`, a corrected file, under the same feed, path, content type and
 * format hint), and the entry is removed (a replay that fails again records a fresh one).
 */
export async function replayDeadLetter(connection: string, id: string, opts: { prefix?: string; bytes?: Buffer } = {}): Promise<string | null> {
  const redis = connectRedis(connection);
  try {
    const letters = new DeadLetters(redis, new RedisKeys(opts.prefix ?? DEFAULT_PREFIX));
    const record = await letters.get(id);
    if (!record) return null;
    // Removed first: the replayed job may fail again before this returns, and its fresh entry
    // (same id) must survive. If the enqueue fails, the entry is put back.
    await letters.remove(id);
    try {
      const job = opts.bytes ? letters.replayJobWith(record, opts.bytes) : letters.replayJob(record);
      return await enqueueRawItem(connection, job, opts.prefix ? { prefix: opts.prefix } : {});
    } catch (e) {
      const { id: _id, size: _size, raw, itemRaw, ...entry } = record;
      await letters.record(entry, raw, itemRaw);
      throw e;
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { duplicateConnection, queuePrefix, type RedisConnection } from '../queue/redis-connection.js';
import type { RunningSource, SourceContext } from './source.js';

/**
 * Feeds polled on a schedule (http/cursor, ftp/sftp, imap), one BullMQ queue per kind: one job
 * scheduler per feed (schedulers of feeds no longer configured are removed) and a worker that
 * polls the feed a job names (`force` for poll-now, past a pause or a backoff). The schedulers live
 * in Redis: made at start, and made again by `resync()` when Redis came back without them
 * (restarted empty); upserting an existing scheduler changes nothing.
 */
export interface ScheduledPollOptions<F extends { id: string; pollIntervalSeconds: number }, O> {
  /** The BullMQ queue, also the name in log lines and Redis error reports (`<queue> queue`, `<queue> worker`). */
  queue: string;
  connection: RedisConnection;
  prefix: string;
  feeds: F[];
  ctx: SourceContext;
  /** Polls this process runs at once (different feeds). */
  concurrency: number;
  /** Where the queue's and worker's Redis errors go (src/queue/redis-state.ts); default: logged. */
  redisErrors?: { report(source: string, err: unknown): void } | undefined;
  poll(feed: F, force: boolean): Promise<O>;
  /** What a job for a feed this process does not have answers. */
  unknownFeed: O;
}

/** Polling as it runs: `resync()` puts the job schedulers back. */
export interface ScheduledPolls extends RunningSource {
  resync(): Promise<void>;
}

export async function startScheduledPolls<F extends { id: string; pollIntervalSeconds: number }, O>(opts: ScheduledPollOptions<F, O>): Promise<ScheduledPolls> {
  const name = opts.queue;
  const prefix = queuePrefix(opts.connection, opts.prefix, name);
  const queue = new Queue(name, { connection: opts.connection as unknown as ConnectionOptions, prefix });
  // While Redis restarts, the connection reports each failed reconnect; ioredis keeps trying.
  queue.on('error', (e) => (opts.redisErrors ? opts.redisErrors.report(`${name} queue`, e) : opts.ctx.logger.debug({ err: e.message }, `${name} queue connection error`)));
  const byId = new Map(opts.feeds.map((f) => [f.id, f]));
  const schedule = async (): Promise<void> => {
    for (const s of await queue.getJobSchedulers()) {
      if (s.key && !byId.has(s.key)) await queue.removeJobScheduler(s.key);
    }
    for (const feed of opts.feeds) {
      await queue.upsertJobScheduler(
        feed.id,
        { every: Math.max(50, Math.round(feed.pollIntervalSeconds * 1000)) },
        { name: 'poll', data: { feed: feed.id }, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    }
  };
  await schedule();
  const workerConnection = duplicateConnection(opts.connection, { maxRetriesPerRequest: null });
  workerConnection.on('error', () => undefined); // reported through the worker's 'error' event
  const worker = new Worker<{ feed: string; force?: boolean }, O>(
    name,
    async (job) => {
      const feed = byId.get(job.data.feed);
      if (!feed) return opts.unknownFeed;
      const outcome = await opts.poll(feed, job.data.force === true);
      opts.ctx.logger.debug({ feed: feed.id, outcome }, 'polled');
      return outcome;
    },
    { connection: workerConnection as unknown as ConnectionOptions, prefix, concurrency: opts.concurrency },
  );
  worker.on('error', (e) => (opts.redisErrors ? opts.redisErrors.report(`${name} worker`, e) : opts.ctx.logger.error({ err: e }, `${name} worker error`)));
  return {
    resync: schedule,
    async stop() {
      await worker.close();
      await queue.close();
      await workerConnection.quit().catch(() => undefined);
    },
  };
}

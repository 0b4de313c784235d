import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { FolderFeed, ImapFeed, PolledFeed, RemoteFeed, WebhookFeed, WorkerConfig } from '../config/config.js';
import { QUEUE, INTERNAL_QUEUE, publishQueueName } from '../queue/contract.js';
import { startDeliveries } from '../queue/delivery.js';
import { startStageWorkers, enqueueRawItem, closeRawItemQueues, type PipelineSettings, type StageHooks } from '../queue/stages.js';
import { POLL_QUEUE } from '../sources/http-poll.js';
import { startSourcesThread, type SourcesThread } from '../sources/sources-thread.js';
import { registerWebhooks } from '../sources/webhook.js';
import type { RunningSource, SourceContext } from '../sources/source.js';
import { DeadLetters } from '../queue/dead-letter.js';
import { connectRedis, RedisKeys } from '../queue/redis-keys.js';
import { checkClusterPrefix, isClusterTarget, queuePrefix, type RedisConnection } from '../queue/redis-connection.js';
import { createMetrics, type WorkerMetrics } from './metrics.js';
import { registerReviewRoutes } from './review-routes.js';
import { ApiAuth } from './api-auth.js';
import { workerLogger } from './logger.js';
import { redactedRedisUrl } from '../cli/redis-options.js';
import { Lease } from './depth-lease.js';
import { RedisState, settledWithin, withTimeout } from '../queue/redis-state.js';
import { registerFeedRoutes } from './feed-routes.js';
import { FeedStatusRecorder, lastSuccesses } from '../sources/feed-status.js';

/**
 * The worker process: the stage workers (src/queue/stages.ts), every configured source, and one
 * HTTP server for health, readiness, metrics, webhooks and the review API. `close()` is the
 * graceful shutdown: stop taking work (readiness goes false, sources stop), let the stage workers
 * finish or hand back their in-flight jobs, then close Redis.
 */

export interface RunningWorker {
  /** `http://host:port` the server listens on. */
  url: string;
  app: FastifyInstance;
  metrics: WorkerMetrics;
  logger: Logger;
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  logger?: Logger;
  /** Listen address override (tests pass port 0). */
  listen?: { host: string; port: number };
}

export function pipelineSettings(config: WorkerConfig): PipelineSettings {
  return {
    feeds: Object.fromEntries(config.feeds.map((f) => [f.id, { routing: f.routing, ...(f.format ? { format: f.format } : {}), ...(f.filters ? { filters: f.filters } : {}) }])),
    subscribers: config.subscribers.map((s) => ({ name: s.name, ...(s.filter ? { filter: s.filter } : {}) })),
    retentionSeconds: config.retentionSeconds,
    ...(config.deadLetters ? { deadLetters: config.deadLetters } : {}),
    concurrency: config.concurrency,
    prefix: config.prefix,
    parseTimeoutMs: Math.round((config.parseTimeoutSeconds ?? 30) * 1000),
    ...(config.review?.rules.length ? { reviewRules: config.review.rules } : {}),
  };
}

/** Shutdown: how long each step may take, how long in-flight jobs get, and each step's bound while Redis is away. */
const SHUTDOWN_STEP_MS = 10_000;
const SHUTDOWN_STAGES_MS = 25_000;
const SHUTDOWN_STEP_REDIS_DOWN_MS = 1_000;

/** True when `p` settled within `ms`; a step that did not is logged and left behind. */
async function within(p: Promise<unknown>, ms: number, step: string, logger: Logger): Promise<boolean> {
  const settled = await settledWithin(p, ms);
  if (!settled) logger.warn({ step, waitedMs: ms }, 'shutdown step did not finish in time; going on');
  return settled;
}

/** How long an HTTP endpoint waits for Redis (readiness PING, queue depths, review API), by default. */
export const DEFAULT_REDIS_TIMEOUT_MS = 1_000;
/** How often `redis still down` is logged while Redis is away, by default. */
export const DEFAULT_REDIS_DOWN_LOG_MS = 30_000;

/** Resolves once `redis` is ready (ioredis keeps connecting until then). */
function whenReady(redis: RedisConnection): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}

/**
 * BullMQ needs Redis to keep its keys under memory pressure (`maxmemory-policy noeviction`); with
 * an evicting policy Redis may drop queued jobs or locks. Said once at start, as a warning (a
 * managed Redis may not let the operator change it, and the worker still runs).
 */
export async function checkEvictionPolicy(redis: RedisConnection, logger: Logger, timeoutMs: number): Promise<string | null> {
  let policy: string | null = null;
  try {
    const info = await withTimeout(redis.info('memory'), timeoutMs);
    policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
  } catch (e) {
    logger.info({ err: (e as Error).message }, 'could not read the Redis maxmemory-policy');
    return null;
  }
  if (policy && policy !== 'noeviction') {
    logger.warn({ maxmemoryPolicy: policy }, `Redis maxmemory-policy is ${policy}: BullMQ needs noeviction (an evicting Redis can drop queued jobs and locks); set maxmemory-policy noeviction`);
  }
  return policy;
}

export async function startWorker(config: WorkerConfig, opts: StartWorkerOptions = {}): Promise<RunningWorker> {
  // A prefix that would collapse a cluster's per-queue hash tags is refused before anything connects.
  checkClusterPrefix(isClusterTarget(config.redisUrl), config.prefix);
  let closing = false;
  const logger = opts.logger ?? workerLogger();
  const metrics = createMetrics();
  const timeoutMs = Math.max(1, Math.round((config.redisTimeoutSeconds ?? DEFAULT_REDIS_TIMEOUT_MS / 1000) * 1000));
  const downLogMs = Math.max(10, Math.round((config.redisDownLogSeconds ?? DEFAULT_REDIS_DOWN_LOG_MS / 1000) * 1000));
  // The one view of Redis' state and the one place Redis trouble is logged (src/queue/redis-state.ts):
  // every connection, BullMQ worker and queue of this process reports its errors to it.
  const redisState = new RedisState({
    logger,
    stillDownEveryMs: downLogMs,
    onChange: (up) => {
      metrics.redisUp.set(up ? 1 : 0);
      if (up) restore();
      else stateRestored = false;
    },
  });
  // What this thread keeps in Redis from its start is made again whenever Redis comes back (it
  // may come back empty); /readyz waits for it. Each entry must be idempotent.
  const startupState: Array<() => Promise<void>> = [];
  let stateRestored = true;
  let restoring: Promise<void> | null = null;
  const restore = (): void => {
    restoring ??= (async () => {
      for (let attempt = 0; redisState.up && !closing; attempt++) {
        try {
          for (const make of startupState) await make();
          stateRestored = true;
          return;
        } catch (e) {
          redisState.report('startup state', e);
          await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
        }
      }
    })().finally(() => {
      restoring = null;
    });
  };
  // The endpoints' connection: no offline queue and a command timeout, so an endpoint's Redis call
  // fails at once while Redis is away and within timeoutMs when it does not answer.
  const redis = connectRedis(config.redisUrl, undefined, { maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: timeoutMs, retryStrategy: (n) => Math.min(100 * n, 1_000) });
  redisState.watch(redis, 'worker', redactedRedisUrl(config.redisUrl));
  // Redis away at start: said once (and `still down` as it lasts), not once per connection attempt.
  const unreachable = setTimeout(() => redisState.down(`no connection to ${redactedRedisUrl(config.redisUrl)}`), timeoutMs);
  await whenReady(redis);
  clearTimeout(unreachable);
  const connection = redis as unknown as ConnectionOptions;
  await checkEvictionPolicy(redis, logger, timeoutMs);
  // A Redis that stops answering without closing the connection is noticed too.
  const heartbeat = setInterval(() => void redisState.probe(redis, timeoutMs), Math.min(1_000, timeoutMs));
  heartbeat.unref();

  const hooks: StageHooks = {
    onOutcome(o) {
      metrics.stories.inc({ feed: o.feed, format: o.format ?? 'unknown', outcome: o.outcome });
      // Only failures carry an error code; the other outcomes' reasons (no-subscriber, stale...) are not errors.
      if (o.code && o.outcome === 'failed') metrics.countError(o.code, o.feed);
    },
    onPublished(o) {
      if (o.lagMs !== null) metrics.lag.observe({ subscriber: o.subscriber, event: o.event }, o.lagMs / 1000);
    },
  };
  const stages = await startStageWorkers(config.redisUrl, pipelineSettings(config), hooks, logger, redisState);
  // Subscribers with `deliver`: their events POSTed to a URL or written to a folder (issue 18).
  const deliveries = await startDeliveries(config.redisUrl, config.subscribers, { prefix: config.prefix, logger });
  let stagesRunning = true;

  const queueNames = [QUEUE.ingest, QUEUE.review, INTERNAL_QUEUE.embargo, POLL_QUEUE, ...config.subscribers.map((s) => publishQueueName(s.name))];
  const depthQueues = queueNames.map((name) => new Queue(name, { connection, prefix: queuePrefix(redis, config.prefix, name) }));
  for (const q of depthQueues) q.on('error', (e) => redisState.report(`queue ${q.name}`, e));
  // Queue depths are the same from every replica: only the holder of this lease exports them.
  const depthLease = new Lease(redis, `${config.prefix}:wiredesk:metrics:queue-depth-lease`);
  await depthLease.start();
  startupState.push(async () => {
    await depthLease.renew();
  });
  metrics.watch(depthQueues, { exports: () => depthLease.holds(), up: () => redisState.up, timeoutMs });
  const deadLetters = new DeadLetters(redis, new RedisKeys(config.prefix));
  metrics.watchDeadLetters(() => deadLetters.count());

  // Feeds seen by `wiredesk feeds` and /feeds; the sources record polls, items and errors. The list
  // is startup state: written again when Redis comes back empty.
  const feedStatus = new FeedStatusRecorder(redis, config.prefix);
  await feedStatus.register(config.feeds);
  startupState.push(async () => {
    await feedStatus.register(config.feeds);
  });
  metrics.feeds.watchLastSuccess(() => lastSuccesses(redis, config.prefix, config.feeds.map((f) => f.id)));

  // The webhook's enqueue fails fast while Redis is away (it answers 503 with Retry-After); a big
  // body may take longer than a PING, hence the wider bound.
  const ctx: SourceContext = {
    // Webhooks enqueue through this context (polled feeds and folders through the sources thread's own).
    enqueue: async (job) => {
      const id = await enqueueRawItem(config.redisUrl, job, { prefix: config.prefix, timeoutMs: timeoutMs * 10 });
      metrics.feeds.items.inc({ feed: job.feed });
      feedStatus.items(job.feed, 1, Date.now(), true).catch(() => undefined);
      return id;
    },
    logger,
    onError: (feed, code) => {
      metrics.countError(code, feed);
      metrics.feeds.errors.inc({ feed, code });
    },
  };
  // Polled feeds and drop folders run in their own thread (src/sources/sources-thread.ts), so
  // the stages' parsing never holds up a poll; webhooks come in through this thread's server.
  const polled = config.feeds.filter((f): f is PolledFeed => f.kind === 'http' || f.kind === 'cursor');
  const folders = config.feeds.filter((f): f is FolderFeed => f.kind === 'folder');
  const remote = config.feeds.filter((f): f is RemoteFeed => f.kind === 'ftp' || f.kind === 'sftp');
  const imap = config.feeds.filter((f): f is ImapFeed => f.kind === 'imap');
  const sourcesThread: SourcesThread | null = polled.length || folders.length || remote.length || imap.length
    ? await startSourcesThread({
      redisUrl: config.redisUrl, prefix: config.prefix, polled, folders, remote, imap, logger, onError: ctx.onError!, redisDownLogMs: downLogMs,
      parseTimeoutMs: pipelineSettings(config).parseTimeoutMs ?? 30_000,
      onPoll: (feed, result) => metrics.feeds.polls.inc({ feed, result }),
      onItems: (feed, n) => metrics.feeds.items.inc({ feed }, n),
    })
    : null;
  const sources: RunningSource[] = sourcesThread ? [sourcesThread] : [];

  // Request logs at info would be a line per webhook and scrape: the http child logs warnings up.
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Ready: Redis answers a PING within the timeout (at once 503 while the connection is down), the
  // stage workers run, and the sources thread lives and has re-made its Redis state (the job
  // schedulers) since Redis last came back.
  app.get('/readyz', async (_req, reply) => {
    // (Redis counts as ok once this thread's startup state is back in it too.)
    const redisOk = (await redisState.probe(redis, timeoutMs)) && stateRestored;
    const sourcesOk = sourcesThread ? sourcesThread.alive() && sourcesThread.synced() : true;
    const ready = redisOk && stagesRunning && sourcesOk && !closing;
    return reply.code(ready ? 200 : 503).send({ ready, redis: redisOk, workers: stagesRunning, sources: sourcesOk, closing });
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await registerWebhooks(app, config.feeds.filter((f): f is WebhookFeed => f.kind === 'webhook'), ctx, { redis, prefix: config.prefix });
  // One bearer-token check for the review and feeds APIs: wrong tokens are throttled per address across both.
  const apiAuth = new ApiAuth(config.tokens, config.tokenHolders);
  await registerReviewRoutes(app, { redisUrl: config.redisUrl, prefix: config.prefix, tokens: config.tokens, auth: apiAuth, logger, redisTimeoutMs: timeoutMs * 5 });
  await registerFeedRoutes(app, { redisUrl: config.redisUrl, prefix: config.prefix, tokens: config.tokens, auth: apiAuth, logger });
  if (config.desk) {
    const { registerDesk } = await import('../desk/desk-routes.js');
    await registerDesk(app, { redisUrl: config.redisUrl, prefix: config.prefix, logger: logger.child({ component: 'desk' }), ...config.desk });
  }
  const listen = opts.listen ?? config.listen;
  const url = await app.listen({ host: listen.host, port: listen.port });
  logger.info({ url, feeds: config.feeds.map((f) => `${f.id}:${f.kind}`), subscribers: config.subscribers.map((s) => s.name) }, 'worker started');

  let closed: Promise<void> | null = null;
  return {
    url,
    app,
    metrics,
    logger,
    close() {
      closed ??= (async () => {
        closing = true;
        // With Redis away every step that talks to it would wait for ever: each is bounded, and
        // the stage workers are closed by force when the graceful close cannot finish.
        const redisUp = redisState.up;
        const stepMs = redisUp ? SHUTDOWN_STEP_MS : SHUTDOWN_STEP_REDIS_DOWN_MS;
        redisState.close();
        logger.info('shutting down: stopping sources');
        // The sources thread is terminated when it cannot stop cleanly within the step.
        await within(Promise.allSettled(sources.map((s) => (s === sourcesThread ? sourcesThread.stop(stepMs) : s.stop()))), stepMs + 1_000, 'sources', logger);
        await within(app.close(), stepMs, 'http server', logger);
        logger.info('closing stage workers (in-flight jobs finish or go back to the queue)');
        if (!(await within(stages.close(), redisUp ? SHUTDOWN_STAGES_MS : SHUTDOWN_STEP_REDIS_DOWN_MS, 'stage workers', logger))) {
          logger.warn('closing the stage workers by force: their in-flight jobs go to another worker when their locks expire');
          await within(stages.forceClose(), redisUp ? SHUTDOWN_STEP_MS : 2 * SHUTDOWN_STEP_REDIS_DOWN_MS, 'stage workers (forced)', logger);
        }
        stagesRunning = false;
        await within(deliveries.close(), stepMs, 'deliveries', logger);
        clearInterval(heartbeat);
        await within(depthLease.stop(), stepMs, 'queue-depth lease', logger);
        if (!(await within(Promise.allSettled(depthQueues.map((q) => q.close())), stepMs, 'depth queues', logger))) {
          await Promise.allSettled(depthQueues.map((q) => q.disconnect()));
        }
        await within(closeRawItemQueues(redisUp ? {} : { force: true }), stepMs, 'ingest queues', logger);
        if (!(await within(redis.quit(), stepMs, 'redis', logger))) redis.disconnect();
        logger.info('worker stopped');
      })();
      return closed;
    },
  };
}

import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { FolderFeed, PolledFeed, WebhookFeed, WorkerConfig } from '../config/config.js';
import { QUEUE, INTERNAL_QUEUE, publishQueueName } from '../queue/contract.js';
import { startStageWorkers, enqueueRawItem, closeRawItemQueues, type PipelineSettings, type StageHooks } from '../queue/stages.js';
import { POLL_QUEUE } from '../sources/http-poll.js';
import { startSourcesThread, type SourcesThread } from '../sources/sources-thread.js';
import { registerWebhooks } from '../sources/webhook.js';
import type { RunningSource, SourceContext } from '../sources/source.js';
import { createMetrics, type WorkerMetrics } from './metrics.js';
import { registerReviewRoutes } from './review-routes.js';

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
    concurrency: config.concurrency,
    prefix: config.prefix,
    parseTimeoutMs: Math.round((config.parseTimeoutSeconds ?? 30) * 1000),
  };
}

export async function startWorker(config: WorkerConfig, opts: StartWorkerOptions = {}): Promise<RunningWorker> {
  const logger = opts.logger ?? pino({ name: 'wiredesk-worker' });
  const metrics = createMetrics();
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (e) => logger.warn({ err: e.message }, 'redis connection error'));
  const connection = redis as unknown as ConnectionOptions;

  const hooks: StageHooks = {
    onOutcome(o) {
      metrics.stories.inc({ feed: o.feed, format: o.format ?? 'unknown', outcome: o.outcome });
      if (o.code) metrics.errors.inc({ code: o.code, feed: o.feed });
    },
    onPublished(o) {
      if (o.lagMs !== null) metrics.lag.observe({ subscriber: o.subscriber, event: o.event }, o.lagMs / 1000);
    },
  };
  const stages = await startStageWorkers(config.redisUrl, pipelineSettings(config), hooks, logger);
  let stagesRunning = true;

  const queueNames = [QUEUE.ingest, QUEUE.review, INTERNAL_QUEUE.embargo, POLL_QUEUE, ...config.subscribers.map((s) => publishQueueName(s.name))];
  const depthQueues = queueNames.map((name) => new Queue(name, { connection, prefix: config.prefix }));
  // Connection errors while Redis restarts are expected; ioredis reconnects. Without a listener
  // BullMQ prints each one as an unhandled error.
  for (const q of depthQueues) q.on('error', (e) => logger.debug({ err: e.message, queue: q.name }, 'queue connection error'));
  metrics.watch(depthQueues);

  const ctx: SourceContext = {
    enqueue: (job) => enqueueRawItem(config.redisUrl, job, { prefix: config.prefix }),
    logger,
    onError: (feed, code) => metrics.errors.inc({ code, feed }),
  };
  // Polled feeds and drop folders run in their own thread (src/sources/sources-thread.ts), so
  // the stages' parsing never holds up a poll; webhooks come in through this thread's server.
  const polled = config.feeds.filter((f): f is PolledFeed => f.kind === 'http' || f.kind === 'cursor');
  const folders = config.feeds.filter((f): f is FolderFeed => f.kind === 'folder');
  const sourcesThread: SourcesThread | null = polled.length || folders.length
    ? await startSourcesThread({ redisUrl: config.redisUrl, prefix: config.prefix, polled, folders, logger, onError: ctx.onError! })
    : null;
  const sources: RunningSource[] = sourcesThread ? [sourcesThread] : [];

  let closing = false;
  // Request logs at info would be a line per webhook and scrape: the http child logs warnings up.
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    let redisOk = false;
    try {
      redisOk = (await redis.ping()) === 'PONG';
    } catch {
      redisOk = false;
    }
    const sourcesOk = sourcesThread?.alive() ?? true;
    const ready = redisOk && stagesRunning && sourcesOk && !closing;
    return reply.code(ready ? 200 : 503).send({ ready, redis: redisOk, workers: stagesRunning, sources: sourcesOk, closing });
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await registerWebhooks(app, config.feeds.filter((f): f is WebhookFeed => f.kind === 'webhook'), ctx, config.bodyLimitBytes);
  await registerReviewRoutes(app, { redisUrl: config.redisUrl, prefix: config.prefix, tokens: config.tokens, logger });
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
        logger.info('shutting down: stopping sources');
        await Promise.allSettled(sources.map((s) => s.stop()));
        await app.close();
        logger.info('closing stage workers (in-flight jobs finish or go back to the queue)');
        await stages.close();
        stagesRunning = false;
        await Promise.allSettled(depthQueues.map((q) => q.close()));
        await closeRawItemQueues();
        await redis.quit().catch(() => redis.disconnect());
        logger.info('worker stopped');
      })();
      return closed;
    },
  };
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Role } from '../config/config.js';
import { FEED_ACTIONS, FeedControl } from '../sources/feed-status.js';
import { ApiAuth } from './api-auth.js';
import { connectRedis, quitOrDisconnect } from '../queue/redis-keys.js';
import { settledWithin, withTimeout } from '../queue/redis-state.js';

/**
 * The feeds HTTP API, over src/sources/feed-status.ts (the same reads and actions as `wiredesk feeds`):
 *   GET  /feeds                        every configured feed's status          (viewer or editor)
 *   GET  /feeds/:id                    one feed's status                       (viewer or editor)
 *   POST /feeds/:id/pause|resume|reset-cursor|poll-now                         (editor)
 * Behind the review API's bearer tokens and roles. Unknown feed: 404; an action the feed's kind
 * has no use for: 409. An action answers with the feed's status after it.
 */

export interface FeedRouteOptions {
  redisUrl: string;
  prefix: string;
  tokens: Map<string, Role>;
  logger: Logger;
  /** The bearer-token check shared with the review API (one throttle of wrong tokens per address). */
  auth?: ApiAuth;
}

/** How long a request waits for Redis before it answers 503. */
const REDIS_WAIT_MS = 2_000;

function bounded<T>(p: Promise<T>): Promise<T> {
  return withTimeout(p, REDIS_WAIT_MS, 'feed status');
}

export async function registerFeedRoutes(app: FastifyInstance, opts: FeedRouteOptions): Promise<void> {
  // A connection of its own that gives up on a command instead of queueing it for ever while Redis is away.
  const redis = connectRedis(opts.redisUrl, () => undefined, { maxRetriesPerRequest: 1 });
  const control = new FeedControl(redis, opts.prefix);
  app.addHook('onClose', async () => {
    await settledWithin(control.close(), 2_000);
    await quitOrDisconnect(redis);
  });
  const auth = opts.auth ?? new ApiAuth(opts.tokens, undefined);
  const guard = (need: Role) => auth.guard(need);
  const failed = (reply: FastifyReply, e: unknown, what: Record<string, unknown>) => {
    const code = (e as { code?: string }).code;
    if (code === 'WIREDESK_ERR_FEED_UNKNOWN') return reply.code(404).send({ error: code, message: (e as Error).message });
    if (code === 'WIREDESK_ERR_FEED_ACTION') return reply.code(409).send({ error: code, message: (e as Error).message });
    opts.logger.warn({ ...what, err: (e as Error).message }, 'feeds API request failed');
    return reply.code(503).header('retry-after', '5').send({ error: 'the feed status could not be read' });
  };
  app.get('/feeds', { preHandler: guard('viewer') }, async (_req, reply) => {
    try {
      return { feeds: await bounded(control.list()) };
    } catch (e) {
      return failed(reply, e, {});
    }
  });
  app.get<{ Params: { id: string } }>('/feeds/:id', { preHandler: guard('viewer') }, async (req, reply) => {
    try {
      const status = await bounded(control.status(req.params.id));
      if (!status) return reply.code(404).send({ error: 'WIREDESK_ERR_FEED_UNKNOWN', message: `no feed "${req.params.id}" is configured in this deployment` });
      return status;
    } catch (e) {
      return failed(reply, e, { feed: req.params.id });
    }
  });
  for (const action of FEED_ACTIONS) {
    app.post<{ Params: { id: string } }>(`/feeds/:id/${action}`, { preHandler: guard('editor') }, async (req, reply) => {
      try {
        const status = await bounded(control.act(action, req.params.id));
        opts.logger.info({ feed: req.params.id, action }, `feed ${action}`);
        return status;
      } catch (e) {
        return failed(reply, e, { feed: req.params.id, action });
      }
    });
  }
}

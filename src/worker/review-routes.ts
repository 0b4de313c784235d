import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Role } from '../config/config.js';
import { isConnectionError, withTimeout } from '../queue/redis-state.js';
import { createReviewService, type ReviewService } from '../review/review-service.js';
import { ApiAuth, callerOf, type ApiAuthOptions } from './api-auth.js';

/**
 * The review HTTP API the editors' page uses, over the functions of src/review/review-service.ts:
 *   GET  /review                  list stories waiting for review      (viewer or editor)
 *   POST /review/:id/approve      approve for publishing               (editor)
 *   POST /review/:id/hold         keep it held                         (editor)
 *   POST /review/:id/kill         kill it                              (editor)
 *   POST /review/:id/reject       turn it down: nothing is published   (editor)
 * `:id` may be `id@version` as the CLI prints it: then the action is refused (409,
 * WIREDESK_ERR_REVIEW_STALE_VERSION) unless that version is the one under review. hold and
 * reject take an optional JSON body `{ "note": "..." }` stored with the entry.
 * Every request needs `Authorization: Bearer <token>`; the config's `auth.tokens` name the
 * environment variables holding the tokens and give each a role. With no tokens configured the
 * API answers 401 to everyone (nothing is open by default). A missing story is 404, an action
 * its state does not allow (approving a killed story) 409. The audit trail's `by` is the token's
 * holder (src/worker/api-auth.ts), never a name the request body claims; repeated wrong tokens
 * from one address are answered 429.
 */

/** What the routes need of src/review/review-service.ts (tests inject a fake). */
export type ReviewApi = Pick<ReviewService, 'list' | 'act'> & { close?(): Promise<void> };

export interface ReviewRouteOptions {
  redisUrl: string;
  prefix: string;
  tokens: Map<string, Role>;
  /** Token -> who holds it, for the audit trail. */
  tokenHolders?: Map<string, string>;
  /** Failed-login throttling (tests shorten it). */
  throttle?: ApiAuthOptions;
  /** A bearer-token check shared with other routes (one throttle per address); by default one of its own. */
  auth?: ApiAuth;
  logger: Logger;
  /** How long a request waits for Redis before it answers 503 with Retry-After (default: no bound). */
  redisTimeoutMs?: number;
  /** Injected service (tests); by default one over its own connection, closed with the server. */
  service?: ReviewApi;
}

export async function registerReviewRoutes(app: FastifyInstance, opts: ReviewRouteOptions): Promise<void> {
  const service: ReviewApi = opts.service ?? createReviewService({ redisUrl: opts.redisUrl, prefix: opts.prefix });
  app.addHook('onClose', async () => {
    await service.close?.();
  });
  const auth = opts.auth ?? new ApiAuth(opts.tokens, opts.tokenHolders, opts.throttle);
  const guard = (need: Role) => auth.guard(need);
  const bounded = <T>(p: Promise<T>): Promise<T> => (opts.redisTimeoutMs ? withTimeout(p, opts.redisTimeoutMs, 'review') : p);
  const unavailable = (reply: FastifyReply) => reply.code(503).header('retry-after', '5').send({ error: 'WIREDESK_ERR_REDIS_UNAVAILABLE' });
  app.get<{ Querystring: { limit?: string } }>('/review', { preHandler: guard('viewer') }, async (req, reply) => {
    const limit = req.query.limit ? Number(req.query.limit) : undefined;
    try {
      return await bounded(service.list({ ...(limit && Number.isInteger(limit) && limit > 0 ? { limit } : {}) }));
    } catch (e) {
      if (isConnectionError(e)) return unavailable(reply);
      throw e;
    }
  });
  for (const action of ['approve', 'hold', 'kill', 'reject'] as const) {
    app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(`/review/:id/${action}`, { preHandler: guard('editor') }, async (req, reply) => {
      const by = callerOf(req)?.holder ?? null;
      try {
        return await bounded(service.act(action, req.params.id, by, req.body ?? {}));
      } catch (e) {
        if (isConnectionError(e)) return unavailable(reply);
        const code = (e as { code?: string }).code;
        opts.logger.warn({ action, id: req.params.id, code }, 'review action refused');
        return reply.code(code === 'WIREDESK_ERR_REVIEW_NOT_FOUND' ? 404 : 409).send({ error: code ?? (e as Error).message });
      }
    });
  }
}

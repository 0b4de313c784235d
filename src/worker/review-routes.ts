import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Role } from '../config/config.js';
import { createReviewService, type ReviewService } from '../review/review-service.js';

/**
 * The review HTTP API the editors' page uses, over the functions of src/review/review-service.ts:
 *   GET  /review                  list stories waiting for review      (viewer or editor)
 *   POST /review/:id/approve      approve for publishing               (editor)
 *   POST /review/:id/hold         keep it held                         (editor)
 *   POST /review/:id/kill         kill it                              (editor)
 * Every request needs `Authorization: Bearer <token>`; the config's `auth.tokens` name the
 * environment variables holding the tokens and give each a role. With no tokens configured the
 * API answers 401 to everyone (nothing is open by default). A missing story is 404, an action
 * its state does not allow (approving a killed story) 409.
 */

/** What the routes need of src/review/review-service.ts (tests inject a fake). */
export type ReviewApi = Pick<ReviewService, 'list' | 'act'> & { close?(): Promise<void> };

export interface ReviewRouteOptions {
  redisUrl: string;
  prefix: string;
  tokens: Map<string, Role>;
  logger: Logger;
  /** Injected service (tests); by default one over its own connection, closed with the server. */
  service?: ReviewApi;
}

export function roleOf(tokens: Map<string, Role>, header: string | undefined): Role | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const given = Buffer.from(m[1]);
  for (const [token, role] of tokens) {
    const want = Buffer.from(token);
    if (want.length === given.length && timingSafeEqual(want, given)) return role;
  }
  return null;
}

export async function registerReviewRoutes(app: FastifyInstance, opts: ReviewRouteOptions): Promise<void> {
  const service: ReviewApi = opts.service ?? createReviewService({ redisUrl: opts.redisUrl, prefix: opts.prefix });
  app.addHook('onClose', async () => {
    await service.close?.();
  });
  const guard = (need: Role) => async (req: FastifyRequest, reply: FastifyReply) => {
    const role = roleOf(opts.tokens, req.headers.authorization);
    if (!role) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a valid bearer token is required' });
    if (need === 'editor' && role !== 'editor') return reply.code(403).send({ error: 'editor role required' });
  };
  app.get<{ Querystring: { limit?: string } }>('/review', { preHandler: guard('viewer') }, async (req) => {
    const limit = req.query.limit ? Number(req.query.limit) : undefined;
    return service.list({ ...(limit && Number.isInteger(limit) && limit > 0 ? { limit } : {}) });
  });
  for (const action of ['approve', 'hold', 'kill'] as const) {
    app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(`/review/:id/${action}`, { preHandler: guard('editor') }, async (req, reply) => {
      const by = typeof req.body?.by === 'string' ? req.body.by : null;
      try {
        return await service.act(action, req.params.id, by, req.body ?? {});
      } catch (e) {
        const code = (e as { code?: string }).code;
        opts.logger.warn({ action, id: req.params.id, code }, 'review action refused');
        return reply.code(code === 'WIREDESK_ERR_REVIEW_NOT_FOUND' ? 404 : 409).send({ error: code ?? (e as Error).message });
      }
    });
  }
}

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { WebhookFeed } from '../config/config.js';
import { toWiredeskError } from '../errors.js';
import type { SourceContext } from './source.js';

/**
 * Webhook source: `POST /ingest/<feed>` with the raw body signed by HMAC-SHA256 under the feed's
 * secret, sent as `<signatureHeader>: sha256=<hex>` (a bare hex digest is accepted too). The
 * signature is compared in constant time; 401 leaves nothing enqueued, and 202 is answered only
 * once `enqueue` resolved, i.e. the job is in Redis; when it cannot be (Redis away: the worker's
 * enqueue fails fast), 503 with `Retry-After`.
 */

export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const hex = header.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Mounts the webhook route in its own scope, where every body arrives as raw bytes. */
/** Seconds a webhook sender is asked to wait (`Retry-After`) when its item could not be queued. */
export const WEBHOOK_RETRY_AFTER_SECONDS = 5;

export async function registerWebhooks(app: FastifyInstance, feeds: WebhookFeed[], ctx: SourceContext, bodyLimit: number, retryAfterSeconds = WEBHOOK_RETRY_AFTER_SECONDS): Promise<void> {
  const byId = new Map(feeds.map((f) => [f.id, f]));
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { feed: string } }>('/ingest/:feed', async (req, reply) => {
      const feed = byId.get(req.params.feed);
      if (!feed) return reply.code(404).send({ error: 'unknown webhook feed' });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const sig = req.headers[feed.signatureHeader];
      if (!signatureMatches(feed.secret, body, Array.isArray(sig) ? sig[0] : sig)) {
        ctx.onError?.(feed.id, 'WIREDESK_ERR_SIGNATURE_INVALID');
        req.log.warn({ feed: feed.id }, 'webhook signature rejected');
        return reply.code(401).send({ error: 'WIREDESK_ERR_SIGNATURE_INVALID' });
      }
      if (body.length === 0) return reply.code(400).send({ error: 'WIREDESK_ERR_INPUT_EMPTY' });
      const correlationId = randomUUID();
      try {
        const jobId = await ctx.enqueue({
          feed: feed.id,
          bytes: body.toString('base64'),
          path: `webhook:${feed.id}`,
          contentType: req.headers['content-type'] ?? null,
          receivedAt: new Date().toISOString(),
          correlationId,
          ...(feed.format ? { format: feed.format } : {}),
        });
        return reply.code(202).send({ accepted: true, jobId, correlationId });
      } catch (e) {
        const err = toWiredeskError(e);
        ctx.onError?.(feed.id, err.code);
        // Redis away is logged once by the worker's Redis state, not once per refused request.
        if (err.code !== 'WIREDESK_ERR_REDIS_UNAVAILABLE') req.log.error({ feed: feed.id, code: err.code, err: err.message }, 'webhook enqueue failed');
        // Not accepted: the sender keeps the item and retries after Retry-After.
        return reply.code(503).header('retry-after', String(retryAfterSeconds)).send({ error: err.code });
      }
    });
  });
}

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RedisConnection } from '../queue/redis-connection.js';
import type { WebhookFeed } from '../config/config.js';
import { WiredeskError, toWiredeskError } from '../errors.js';
import { isConnectionError } from '../queue/redis-state.js';
import type { SourceContext } from './source.js';

/**
 * Webhook source: `POST /ingest/<feed>`, the body signed by HMAC-SHA256 under the feed's secret.
 *
 * Scheme `timestamped` (the default): the sender sends `x-wiredesk-timestamp: <unix seconds>` and
 * `<signatureHeader>: sha256=<hex>` where the HMAC covers `<timestamp>.<body>` (the exact bytes).
 * A timestamp further than the feed's replay window (300 s) from the worker's clock is refused,
 * and a signature already accepted within the window is refused (kept in Redis with SET NX and a
 * TTL), so a captured request cannot be sent again.
 * Scheme `legacy-body` (opt-in per feed, deprecated): the HMAC covers the body alone; a used
 * signature is still refused within the window, but the same request can be replayed after it.
 *
 * The Content-Type header is outside the signature: a `charset` parameter other than the feed's
 * `charset` setting (utf-8 unless configured) is refused with 415 instead of being trusted.
 * Each feed has its own size cap (`maxBytes`, default 5 MB), enforced while the body is read.
 * An unknown feed answers 401 exactly like a bad signature, so feed ids cannot be enumerated.
 * 202 is answered only once `enqueue` resolved, i.e. the job is in Redis; when it cannot be (Redis
 * away: the worker's enqueue fails fast), 503 with `Retry-After`.
 */

export const TIMESTAMP_HEADER = 'x-wiredesk-timestamp';
export const DEFAULT_WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/** Legacy scheme: `sha256=<hex>` of the body alone. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Timestamped scheme: the signature of `<timestamp>.<body>`. */
export function signTimestamped(secret: string, timestamp: number | string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** The two headers a sender adds for the timestamped scheme, signed now (or at `atSeconds`). */
export function signedHeaders(secret: string, body: Buffer | string, atSeconds = Math.floor(Date.now() / 1000), signatureHeader = 'x-wiredesk-signature'): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(atSeconds), [signatureHeader]: signTimestamped(secret, atSeconds, body) };
}

function givenDigest(header: string | undefined): Buffer | null {
  if (!header) return null;
  const hex = header.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  return Buffer.from(hex, 'hex');
}

/** Legacy check: the header is the HMAC of the body (sha256=<hex> or bare hex). */
export function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  const given = givenDigest(header);
  if (!given) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(given, expected);
}

/** Timestamped check: the header is the HMAC of `<timestamp>.<body>`. */
export function timestampedSignatureMatches(secret: string, timestamp: string | undefined, body: Buffer, header: string | undefined): boolean {
  const given = givenDigest(header);
  if (!given || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  return timingSafeEqual(given, expected);
}

/** The `charset` parameter of a Content-Type, lower-case, or null. */
export function contentTypeCharset(contentType: string | undefined): string | null {
  if (!contentType) return null;
  for (const part of contentType.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return part.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return null;
}

const sameCharset = (a: string, b: string): boolean => a.toLowerCase().replace(/[-_]/g, '') === b.toLowerCase().replace(/[-_]/g, '');

/** Seconds a webhook sender is asked to wait (`Retry-After`) when its item could not be queued. */
export const WEBHOOK_RETRY_AFTER_SECONDS = 5;

export interface WebhookOptions {
  /** `Retry-After` on a 503 (default WEBHOOK_RETRY_AFTER_SECONDS). */
  retryAfterSeconds?: number;
  /** Where used signatures are kept (SET NX with a TTL); without it only the time window applies. */
  redis?: RedisConnection;
  prefix?: string;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

export function seenSignatureKey(prefix: string, feedId: string, digestHex: string): string {
  return `${prefix}:wiredesk:webhook-seen:${feedId}:${digestHex}`;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Mounts the webhook routes in their own scope, where every body arrives as raw bytes. */
export async function registerWebhooks(app: FastifyInstance, feeds: WebhookFeed[], ctx: SourceContext, opts: WebhookOptions = {}): Promise<void> {
  const now = opts.now ?? Date.now;
  const prefix = opts.prefix ?? 'wiredesk';
  // A secret no feed has: the HMAC of an unknown feed's request is computed all the same.
  const decoy = randomBytes(32).toString('hex');
  const unauthorized = (reply: FastifyReply): FastifyReply => reply.code(401).send({ error: 'WIREDESK_ERR_SIGNATURE_INVALID' });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The per-route bodyLimit bounds what is read: a larger body is refused (413) while streaming.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: { statusCode?: number; code?: string }, req, reply) => {
      const feed = (req.params as { feed?: string } | undefined)?.feed ?? req.url.replace(/^\/ingest\//, '');
      if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        if (feeds.some((f) => f.id === feed)) ctx.onError?.(feed, 'WIREDESK_ERR_WEBHOOK_TOO_LARGE');
        return reply.code(413).send({ error: 'WIREDESK_ERR_WEBHOOK_TOO_LARGE' });
      }
      req.log.warn({ err }, 'webhook request failed');
      return reply.code(err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500).send({ error: err.code ?? 'WIREDESK_ERR_INTERNAL' });
    });

    for (const feed of feeds) {
      const scheme = feed.signatureScheme ?? 'timestamped';
      const windowSeconds = feed.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
      const charset = feed.charset ?? 'utf-8';
      scope.post(`/ingest/${feed.id}`, { bodyLimit: feed.maxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES }, async (req, reply) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const sig = header(req, feed.signatureHeader);
        const timestamp = header(req, TIMESTAMP_HEADER);
        const refuse = (status: number, code: string, why: string): FastifyReply => {
          ctx.onError?.(feed.id, code);
          req.log.warn({ feed: feed.id }, `webhook refused: ${why}`);
          return reply.code(status).send({ error: code });
        };
        const signed = scheme === 'legacy-body' ? signatureMatches(feed.secret, body, sig) : timestampedSignatureMatches(feed.secret, timestamp, body, sig);
        if (!signed) return refuse(401, 'WIREDESK_ERR_SIGNATURE_INVALID', 'signature does not match');
        // Checked after the signature, so only someone holding the secret learns about the clock.
        if (scheme === 'timestamped' && Math.abs(now() / 1000 - Number(timestamp)) > windowSeconds) {
          return refuse(401, 'WIREDESK_ERR_SIGNATURE_STALE', `timestamp ${timestamp} outside the ${windowSeconds} s window`);
        }
        const contentType = header(req, 'content-type');
        const declared = contentTypeCharset(contentType);
        if (declared !== null && !sameCharset(declared, charset)) {
          return refuse(415, 'WIREDESK_ERR_WEBHOOK_CHARSET', `charset ${declared.slice(0, 40)} is not the feed's ${charset}`);
        }
        if (body.length === 0) return reply.code(400).send({ error: 'WIREDESK_ERR_INPUT_EMPTY' });
        // A timestamped signature stays valid until its timestamp leaves the window: up to two windows from now.
        const correlationId = randomUUID();
        const seenKey = opts.redis ? seenSignatureKey(prefix, feed.id, givenDigest(sig)!.toString('hex')) : null;
        try {
          const fresh = seenKey
            ? await opts.redis!.set(seenKey, String(now()), 'EX', scheme === 'timestamped' ? 2 * windowSeconds : windowSeconds, 'NX').catch((e: unknown) => {
              // Redis away: the same answer as an enqueue that cannot reach it (503, Retry-After).
              throw isConnectionError(e) ? new WiredeskError('WIREDESK_ERR_REDIS_UNAVAILABLE', (e as Error).message, { cause: e }) : e;
            })
            : 'OK';
          if (fresh !== 'OK') {
            return refuse(409, 'WIREDESK_ERR_SIGNATURE_REPLAYED', 'signature already used');
          }
          const jobId = await ctx.enqueue({
            correlationId,
            feed: feed.id,
            bytes: body.toString('base64'),
            path: `webhook:${feed.id}`,
            contentType: contentType && declared === null && !sameCharset(charset, 'utf-8') ? `${contentType}; charset=${charset}` : (contentType ?? null),
            receivedAt: new Date(now()).toISOString(),
            ...(feed.format ? { format: feed.format } : {}),
          });
          return reply.code(202).send({ accepted: true, jobId, correlationId });
        } catch (e) {
          const err = toWiredeskError(e);
          ctx.onError?.(feed.id, err.code);
          // Redis away is logged once by the worker's Redis state, not once per refused request.
          if (err.code !== 'WIREDESK_ERR_REDIS_UNAVAILABLE') req.log.error({ feed: feed.id, code: err.code, err: err.message }, 'webhook enqueue failed');
          // Not accepted: the sender keeps the item and retries after Retry-After (the same signature is free again).
          if (seenKey) await opts.redis!.del(seenKey).catch(() => undefined);
          return reply.code(503).header('retry-after', String(opts.retryAfterSeconds ?? WEBHOOK_RETRY_AFTER_SECONDS)).send({ error: err.code });
        }
      });
    }

    // Any other feed id: the same 401 as a bad signature (after the same HMAC work), never 404.
    scope.post<{ Params: { feed: string } }>('/ingest/:feed', { bodyLimit: DEFAULT_WEBHOOK_MAX_BYTES }, async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      timestampedSignatureMatches(decoy, header(req, TIMESTAMP_HEADER) ?? '0', body, header(req, 'x-wiredesk-signature') ?? '0'.repeat(64));
      req.log.warn({ feed: req.params.feed.slice(0, 64) }, 'webhook refused: no such feed (answered as a bad signature)');
      return unauthorized(reply);
    });
  });
}

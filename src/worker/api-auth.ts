import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../config/config.js';

/**
 * Bearer-token access to the worker's HTTP API (review, feeds). Each token has a role and a
 * holder; the holder, never a name in the request body, is who an action is recorded as done by.
 * Wrong tokens are counted per client address: after `maxFailures` within `windowMs` that address
 * gets 429 with Retry-After until the window has passed, so tokens cannot be guessed at speed.
 */

export interface Caller {
  role: Role;
  /** Who holds the token (config `auth.tokens[].name`, else `token:<env>`). */
  holder: string;
}

export interface ApiAuthOptions {
  maxFailures?: number;
  windowMs?: number;
  /** Most client addresses tracked at once; the oldest are forgotten first. */
  maxTracked?: number;
}

const DEFAULTS = { maxFailures: 10, windowMs: 60_000, maxTracked: 10_000 };

export class ApiAuth {
  private readonly entries: Array<{ token: Buffer; caller: Caller }>;
  private readonly failures = new Map<string, { count: number; since: number }>();
  private readonly opts: typeof DEFAULTS;

  constructor(tokens: Map<string, Role>, holders: Map<string, string> | undefined, opts: ApiAuthOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
    this.entries = [...tokens].map(([token, role], i) => ({ token: Buffer.from(token), caller: { role, holder: holders?.get(token) ?? `token:${i + 1}` } }));
  }

  /** The caller a request's Authorization header names, or null. Constant time per token. */
  callerOf(header: string | undefined): Caller | null {
    const m = /^Bearer +(\S{1,512})$/i.exec(header ?? '');
    if (!m?.[1]) return null;
    const given = Buffer.from(m[1]);
    let found: Caller | null = null;
    for (const e of this.entries) {
      if (e.token.length === given.length && timingSafeEqual(e.token, given)) found = e.caller;
    }
    return found;
  }

  /** Seconds the address must wait, or 0 when it may try. */
  private blockedFor(ip: string, now: number): number {
    const f = this.failures.get(ip);
    if (!f) return 0;
    if (now - f.since >= this.opts.windowMs) {
      this.failures.delete(ip);
      return 0;
    }
    return f.count >= this.opts.maxFailures ? Math.ceil((f.since + this.opts.windowMs - now) / 1000) : 0;
  }

  private fail(ip: string, now: number): void {
    const f = this.failures.get(ip);
    if (f) {
      f.count++;
      return;
    }
    if (this.failures.size >= this.opts.maxTracked) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(ip, { count: 1, since: now });
  }

  /** A fastify preHandler that admits callers with the role `need` (an editor may do what a viewer may). */
  guard(need: Role) {
    return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const now = Date.now();
      const wait = this.blockedFor(req.ip, now);
      if (wait > 0) {
        await reply.code(429).header('retry-after', String(wait)).send({ error: 'too many failed logins from this address; try again later' });
        return;
      }
      const caller = this.callerOf(req.headers.authorization);
      if (!caller) {
        this.fail(req.ip, now);
        await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a valid bearer token is required' });
        return;
      }
      if (need === 'editor' && caller.role !== 'editor') {
        await reply.code(403).send({ error: 'editor role required' });
        return;
      }
      (req as FastifyRequest & { caller?: Caller }).caller = caller;
    };
  }
}

/** The caller a guarded route's request was admitted as. */
export function callerOf(req: FastifyRequest): Caller | null {
  return (req as FastifyRequest & { caller?: Caller }).caller ?? null;
}

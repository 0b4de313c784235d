import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../config/config.js';
import { FailureThrottle, type ThrottleOptions } from './throttle.js';

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

export type ApiAuthOptions = ThrottleOptions;

export class ApiAuth {
  private readonly entries: Array<{ token: Buffer; caller: Caller }>;
  private readonly throttle: FailureThrottle;

  constructor(tokens: Map<string, Role>, holders: Map<string, string> | undefined, opts: ApiAuthOptions = {}) {
    this.throttle = new FailureThrottle(opts);
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

  /** A fastify preHandler that admits callers with the role `need` (an editor may do what a viewer may). */
  guard(need: Role) {
    return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const now = Date.now();
      const wait = this.throttle.blockedFor(req.ip, now);
      if (wait > 0) {
        await reply.code(429).header('retry-after', String(wait)).send({ error: 'too many failed logins from this address; try again later' });
        return;
      }
      const caller = this.callerOf(req.headers.authorization);
      if (!caller) {
        this.throttle.fail(req.ip, now);
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

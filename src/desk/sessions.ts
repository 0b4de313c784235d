import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import type { DeskRole } from './users.js';

/**
 * Desk sessions, kept in Redis so every worker replica serving the desk knows them. The cookie
 * holds a random 256-bit id; Redis holds only its SHA-256, so a copy of the database does not
 * give anyone a live session. Each session has its own CSRF token, which every state-changing
 * request must send back. Sessions end after `idleSeconds` without use or at logout.
 */

export interface DeskSession {
  name: string;
  role: DeskRole;
  csrf: string;
  createdAt: string;
}

export class DeskSessions {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly idleSeconds = 8 * 3600) {}

  private key(id: string): string {
    return `${this.prefix}:wiredesk:desk:session:${createHash('sha256').update(id).digest('hex')}`;
  }

  /** Starts a session; answers the cookie value. */
  async create(name: string, role: DeskRole, now = new Date()): Promise<{ id: string; session: DeskSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: DeskSession = { name, role, csrf: randomBytes(24).toString('base64url'), createdAt: now.toISOString() };
    await this.redis.set(this.key(id), JSON.stringify(session), 'EX', this.idleSeconds);
    return { id, session };
  }

  /** The session of a cookie value (its idle time restarts), or null. */
  async get(id: string | undefined): Promise<DeskSession | null> {
    if (!id || id.length > 100 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
    const text = await this.redis.getex(this.key(id), 'EX', this.idleSeconds);
    return text ? (JSON.parse(text) as DeskSession) : null;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id && id.length <= 100) await this.redis.del(this.key(id));
  }
}

/** Constant-time comparison of a sent CSRF token with the session's. */
export function csrfMatches(session: DeskSession, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent.length !== session.csrf.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrf));
}

/** The cookies of a request's Cookie header. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

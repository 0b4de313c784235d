import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import type { ReviewEntry, ReviewService } from '../review/review-service.js';
import type { DeskRole } from './users.js';
import type { DeskSession } from './sessions.js';
import type { SafeHtml } from './html.js';

/** A desk request after requireSession: the signed-in person's session. */
export interface DeskRequest extends FastifyRequest {
  deskSession?: DeskSession;
}

/**
 * What every group of desk pages shares (src/desk/desk-routes.ts builds it once): the base path,
 * the page frame, the session check by role (which also checks the CSRF token and origin of every
 * state change), the review service and a Redis connection of the desk's own.
 */
export interface DeskContext {
  base: string;
  prefix: string;
  redisUrl: string;
  logger: Logger;
  redis: Redis;
  keys: RedisKeys;
  service: ReviewService;
  /** The whole page around `main`; `attrs` become data-* attributes of <body>. */
  page(title: string, session: DeskSession | null, main: SafeHtml, attrs?: Record<string, string>): SafeHtml;
  /** preHandler: the session with at least this role, or a redirect to sign in (GET) / 401 / 403. */
  requireSession(need: DeskRole): (req: DeskRequest, reply: FastifyReply) => Promise<void>;
  /** The review entry for an id or `id@version` as the CLI prints it. */
  findEntry(param: string): Promise<ReviewEntry | null>;
  /** Whether the session's role is at least `need`. */
  allows(session: DeskSession, need: DeskRole): boolean;
  /** A 404 page. */
  notFound(reply: FastifyReply, session: DeskSession, what: string): FastifyReply;
}

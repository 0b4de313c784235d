import type { RedisConnection } from './redis-connection.js';
import type { Logger } from 'pino';

/**
 * One view of whether Redis is reachable, and one place where Redis trouble is logged. While Redis
 * is away every connection of a process (the stage workers', the queues', the sources') reports
 * each failed reconnect, and BullMQ's workers and queues report each failed command: about ten
 * lines a second, with stack traces. They all come here instead: connection errors are counted,
 * and the log says only what changed: `redis down` once, `redis still down` every
 * `stillDownEveryMs` while it lasts (with the last error and how many were held back), and
 * `redis back`. Errors that are not about the connection (a script error) are logged once per
 * distinct message per interval.
 *
 * Up or down is decided by one watched connection (its `close` and `ready` events) and by
 * `probe()` (a PING with a time limit), so the other connections' errors cannot make it flap.
 */

export interface RedisStateOptions {
  /** Where the state changes are logged; null keeps the tracker silent (it still tracks). */
  logger: Logger | null;
  /** Track the state without logging its changes (another tracker in the process logs them). */
  quietStates?: boolean;
  /** How often `redis still down` is repeated while Redis is away (ms, default 30 000). */
  stillDownEveryMs?: number;
  /** Called on every change (after the log line). */
  onChange?(up: boolean): void;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'ERR_SOCKET_CLOSED']);
const CONNECTION_MESSAGE = /connection is closed|stream isn't writeable|socket closed|connection (?:lost|reset|closed)|max retries per request|command timed out|loading redis is loading|enableofflinequeue|timed out|unexpectedly|read econnreset|no answer/i;

/** True for an error that means "Redis cannot be reached right now" rather than "Redis refused this". */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  // Bounded input (an error message), a pattern without nested quantifiers.
  return CONNECTION_MESSAGE.test(err.message.slice(0, 500));
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

export class RedisState {
  private upNow = true;
  private downSince = 0;
  private held = 0;
  private lastError = '';
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly everyMs: number;
  private readonly logged = new Map<string, number>();

  private readonly stateLog: Logger | null;

  constructor(private readonly opts: RedisStateOptions) {
    this.everyMs = Math.max(10, opts.stillDownEveryMs ?? 30_000);
    this.stateLog = opts.quietStates ? null : opts.logger;
  }

  get up(): boolean {
    return this.upNow;
  }

  /** Milliseconds Redis has been down (0 while up). */
  downForMs(now = Date.now()): number {
    return this.upNow ? 0 : now - this.downSince;
  }

  /** Follows a connection: `close` is down, `ready` is back, its errors are reported here. */
  watch(redis: RedisConnection, source = 'redis', url?: string): this {
    redis.on('close', () => this.down(url ? `no connection to ${url}` : 'connection lost'));
    redis.on('ready', () => this.back());
    redis.on('error', (e: Error) => this.report(source, e));
    return this;
  }

  /**
   * An error from any connection, BullMQ worker or queue. Connection errors are counted (and
   * shown on the next `redis still down` line); any other error is logged, once per message per
   * interval, without its stack.
   */
  report(source: string, err: unknown): void {
    if (isConnectionError(err) || !this.upNow) {
      this.held++;
      this.lastError = describe(err);
      return;
    }
    const message = describe(err);
    const key = `${source}\n${message}`;
    const now = Date.now();
    const last = this.logged.get(key);
    if (last !== undefined && now - last < this.everyMs) {
      this.held++;
      return;
    }
    if (this.logged.size > 100) this.logged.clear();
    this.logged.set(key, now);
    this.opts.logger?.error({ source, err: message }, 'redis command error');
  }

  down(reason: string): void {
    if (!this.upNow || this.closed) return;
    this.upNow = false;
    this.downSince = Date.now();
    this.held = 0;
    this.lastError = reason;
    this.stateLog?.warn({ err: reason }, 'redis down');
    if (this.stateLog) this.timer = setInterval(() => {
      this.stateLog?.warn({ downForSeconds: Math.round(this.downForMs() / 1000), lastError: this.lastError, errorsSinceLastLine: this.held }, 'redis still down');
      this.held = 0;
    }, this.everyMs);
    this.timer?.unref();
    this.opts.onChange?.(false);
  }

  back(): void {
    if (this.upNow || this.closed) return;
    this.upNow = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stateLog?.info({ downForSeconds: Math.round((Date.now() - this.downSince) / 100) / 10 }, 'redis back');
    this.held = 0;
    this.opts.onChange?.(true);
  }

  /**
   * A PING on `redis` bounded by `timeoutMs`: true when Redis answered. A failure marks Redis
   * down; an answer on a ready connection marks it back.
   */
  async probe(redis: RedisConnection, timeoutMs: number): Promise<boolean> {
    if (redis.status !== 'ready') {
      this.down(`connection ${redis.status}`);
      return false;
    }
    const ok = await withTimeout(redis.ping(), timeoutMs).then((r) => r === 'PONG', (e: unknown) => {
      this.lastError = describe(e);
      return false;
    });
    if (ok) this.back();
    else this.down(`no answer to PING in ${timeoutMs} ms`);
    return ok;
  }

  /** Stops tracking (shutdown: the connections closing now are not Redis going down). */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Rejects with a `timed out` error when `p` has not settled in `ms` (the promise itself runs on). */
/** True when `p` settled (either way) within `ms`; false when the time ran out first. */
export function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return withTimeout(p.then(() => undefined, () => undefined), ms).then(() => true, () => false);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what = 'redis'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer in ${ms} ms (timed out)`), { code: 'ETIMEDOUT' })), ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

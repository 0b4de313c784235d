import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../queue/redis-connection.js';
import { checkTarget, fetchUrl, type Fetched, type FetchPolicy } from './http-fetch.js';
import { toWiredeskError, type WiredeskError } from '../errors.js';
import type { PolledFeed } from '../config/config.js';
import type { SourceContext } from './source.js';
import { startScheduledPolls, type ScheduledPolls } from './scheduled-polls.js';
import { RedisKeys } from '../queue/redis-keys.js';
import { FeedStatusRecorder, POLL_QUEUE, displayUrl, reportPoll, urlHash, type PollFailure } from './feed-status.js';
import { pollAgencyApi } from './agency-api.js';

/**
 * HTTP polling sources. Each polled feed has one BullMQ job scheduler (`upsertJobScheduler`) on
 * the `poll` queue, so however many worker processes run, a feed is polled once per interval.
 * What a feed has seen lives in Redis (hash `<prefix>:wiredesk:feed:<id>`): ETag and Last-Modified for
 * conditional GETs, the cursor of a paged feed, and a backoff deadline after a 429 or 5xx, so a
 * restarted worker resumes where the last one stopped.
 *
 * kind `http`: one document per poll (an RSS/Atom feed, a NewsML-G2 newsMessage...), skipped
 * when the server answers 304.
 * kind `cursor`: follows pages: the stored cursor URL (or the feed URL) is fetched, the page is
 * enqueued, and the next page's URL (`Link: <...>; rel="next"` or AP Media API `data.next_page`)
 * becomes the cursor, stored only after the page is in the queue (at-least-once: a crash
 * re-fetches a page, and the story store drops the repeat by content hash).
 */

export { POLL_QUEUE };

export interface FeedState {
  etag?: string;
  lastModified?: string;
  cursor?: string;
  /** Hash of the configured URL the cursor and validators belong to (urlHash()). */
  urlHash?: string;
  failures?: string;
  backoffUntil?: string;
  /** '1' while an operator has paused the feed (`wiredesk feeds pause`). */
  paused?: string;
}

export type PollOutcome =
  | { status: 'not-modified' }
  | { status: 'fetched'; enqueued: number }
  | { status: 'backing-off'; until: number }
  | { status: 'busy' }
  | { status: 'paused' }
  | { status: 'failed'; code: string; retryInMs: number };

/**
 * The root cause of a failed fetch as a short code: undici's "fetch failed" hides the socket's
 * error in `cause` (ECONNREFUSED, ENOTFOUND, ECONNRESET, UND_ERR_CONNECT_TIMEOUT, a TLS code...).
 * Follows `cause` a few levels; null when no code is found.
 */
export function errorCause(err: unknown): string | null {
  let e: unknown = err;
  let found: string | null = null;
  for (let depth = 0; depth < 8 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('WIREDESK_')) found = code;
    e = (e as { cause?: unknown }).cause;
  }
  return found;
}

export interface PollOptions {
  /** An operator's poll-now: polls past a pause and a backoff. */
  force?: boolean;
}

export function feedStateKey(prefix: string, feedId: string): string {
  return new RedisKeys(prefix).feed(feedId);
}

const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
const RENEW_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";
const BACKOFF_BASE_MS = 1_000;
/** How long a poll's lock on its feed lasts without renewal (renewed every third of it). */
const POLL_LOCK_MS = 3_000;
const BACKOFF_MAX_MS = 15 * 60_000;

/** The next page of a cursor feed: a Link rel=next header, or AP Media API's `data.next_page`. */
export function nextPageOf(res: Fetched): string | null {
  const link = res.headers.get('link');
  if (link) {
    for (const part of link.split(',')) {
      const m = /<([^>]+)>\s*;(?:[^,]*;)?\s*rel="?next"?/i.exec(part);
      if (m?.[1]) {
        try {
          return new URL(m[1], res.url).toString();
        } catch {
          return null;
        }
      }
    }
  }
  // A cheap look at the JSON envelope; the format module parses the page properly downstream.
  const first = res.bytes.subarray(0, 64).toString('latin1').trimStart();
  if (first.startsWith('{')) {
    try {
      const doc = JSON.parse(res.bytes.toString('utf8')) as { data?: { next_page?: unknown } };
      const next = doc.data?.next_page;
      if (typeof next === 'string' && next) return new URL(next, res.url).toString();
    } catch {
      return null;
    }
  }
  return null;
}

/** True when a page holds nothing to ingest (204, empty body, or an AP page with no items). */
function emptyPage(res: Fetched): boolean {
  if (res.status === 204 || res.bytes.length === 0 || res.bytes.toString('latin1').trim() === '') return true;
  const first = res.bytes.subarray(0, 64).toString('latin1').trimStart();
  if (!first.startsWith('{')) return false;
  try {
    const doc = JSON.parse(res.bytes.toString('utf8')) as { data?: { items?: unknown } };
    return Array.isArray(doc.data?.items) && doc.data.items.length === 0;
  } catch {
    return false;
  }
}

/**
 * The state a poll may use: when the configured URL is not the one the stored cursor and
 * validators belong to (the feed's URL was changed in the config), they are dropped and the feed
 * starts afresh at its URL (logged). State written before the URL was stored with it is kept,
 * unless its cursor points at another origin than the configured URL.
 */
async function stateForUrl(feed: PolledFeed, redis: RedisConnection, key: string, state: FeedState, ctx: SourceContext): Promise<void> {
  const hash = urlHash(feed.url);
  if (state.urlHash === hash) return;
  let stale = state.urlHash !== undefined;
  if (!stale && state.cursor) {
    try {
      stale = new URL(state.cursor).origin !== new URL(feed.url).origin;
    } catch {
      stale = true;
    }
  }
  if (stale && (state.cursor || state.etag || state.lastModified || state.backoffUntil)) {
    ctx.logger.info({ feed: feed.id, url: displayUrl(feed.url), droppedCursor: state.cursor ? displayUrl(state.cursor) : null }, 'feed URL changed: cursor and validators reset, starting at the configured URL');
    await redis.hdel(key, 'cursor', 'etag', 'lastModified', 'failures', 'backoffUntil');
    delete state.cursor;
    delete state.etag;
    delete state.lastModified;
    delete state.failures;
    delete state.backoffUntil;
  }
  await redis.hset(key, 'urlHash', hash);
  state.urlHash = hash;
}

/**
 * One poll of one feed. Never throws for upstream trouble: a 429/5xx sets the backoff deadline
 * (Retry-After when the server sent one, otherwise exponential) and comes back as `failed`.
 * A paused feed is not polled (`paused`) unless the poll is forced (an operator's poll-now, which
 * also goes past a backoff). The outcome is recorded for `wiredesk feeds` and /metrics.
 */
export async function pollFeed(feed: PolledFeed, redis: RedisConnection, prefix: string, ctx: SourceContext, now: () => number = Date.now, opts: PollOptions = {}): Promise<PollOutcome> {
  let failure: PollFailure | undefined;
  const outcome = await pollOnce(feed, redis, prefix, ctx, now, opts, (f) => { failure = f; });
  await reportPoll(new FeedStatusRecorder(redis, prefix), ctx, feed.id, outcome.status, now(), failure);
  return outcome;
}

async function pollOnce(feed: PolledFeed, redis: RedisConnection, prefix: string, ctx: SourceContext, now: () => number, opts: PollOptions, onFailure: (f: PollFailure) => void): Promise<PollOutcome> {
  const key = feedStateKey(prefix, feed.id);
  if (!opts.force && (await redis.hget(key, 'paused')) === '1') return { status: 'paused' };
  const lockKey = `${key}:lock`;
  // A poll slower than its interval must not overlap the next one (possibly in another process).
  // The lock is short and renewed every second while the poll runs (a page fetch included: the
  // renewal is a timer, and sources run in a thread of their own whose event loop nothing
  // blocks), so a poller that dies (SIGKILL) holds the feed for a few seconds at most.
  const lockMs = POLL_LOCK_MS;
  const token = randomUUID();
  if ((await redis.set(lockKey, token, 'PX', lockMs, 'NX')) !== 'OK') return { status: 'busy' };
  const renew = setInterval(() => {
    redis.eval(RENEW_LOCK, 1, lockKey, token, String(lockMs)).catch(() => undefined);
  }, Math.floor(lockMs / 3));
  try {
    const state = (await redis.hgetall(key)) as FeedState;
    await stateForUrl(feed, redis, key, state, ctx);
    const until = Number(state.backoffUntil ?? 0);
    if (until > now() && !opts.force) return { status: 'backing-off', until };
    /** A failed poll: the backoff deadline (Retry-After, bounded, else exponential), recorded and logged. */
    const backOff = async (e: unknown, url: string, maxRetryAfterSeconds = BACKOFF_MAX_MS / 1000): Promise<PollOutcome> => {
      const err = toWiredeskError(e);
      const failures = Number(state.failures ?? 0) + 1;
      const retryInMs = err.details.retryAfter !== undefined ? Math.min(maxRetryAfterSeconds * 1000, err.details.retryAfter * 1000) : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
      await redis.hset(key, { failures: String(failures), backoffUntil: String(now() + retryInMs) });
      ctx.onError?.(feed.id, err.code);
      onFailure({ code: err.code, message: err.message });
      // The cause, as the operator needs it: ECONNREFUSED, ENOTFOUND, a TLS code..., not "fetch failed".
      const cause = errorCause(err);
      ctx.logger.warn({ feed: feed.id, url: displayUrl(url), code: err.code, ...(cause ? { cause } : {}), status: err.details.status, retryInMs, err: err.message }, 'poll failed; backing off');
      return { status: 'failed', code: err.code, retryInMs };
    };
    let enqueued = 0;
    // Credentials belong to the feed URL's origin; redirects and next pages elsewhere are refused
    // unless the feed allows that host, and private addresses unless it allows those.
    const origin = new URL(feed.url).origin;
    const policy: FetchPolicy = { allowHosts: feed.allowHosts ?? [], allowPrivateNetwork: feed.allowPrivateNetwork ?? false };
    const refused = (target: string, from: string): WiredeskError | null => {
      try {
        checkTarget(new URL(target), origin, policy, from);
        return null;
      } catch (e) {
        return toWiredeskError(e);
      }
    };
    if (feed.kind === 'cursor' && feed.api) {
      // An agency API (src/sources/agency-api.ts): its cursor is the API's own (not a URL).
      const api = feed.api;
      try {
        const n = await pollAgencyApi({
          feed: { ...feed, api }, redis, key, cursor: state.cursor, ctx, now, policy,
          onItemError: async (err) => {
            ctx.onError?.(feed.id, err.code);
            await new FeedStatusRecorder(redis, prefix).error(feed.id, err.code, err.message, now()).catch(() => undefined);
          },
        });
        if (state.failures || state.backoffUntil) await redis.hdel(key, 'failures', 'backoffUntil');
        return n ? { status: 'fetched', enqueued: n } : { status: 'not-modified' };
      } catch (e) {
        return await backOff(e, feed.url, api.maxRetryAfterSeconds);
      }
    }
    if (feed.kind === 'cursor' && state.cursor) {
      // A cursor stored before this check existed (or before allowHosts changed) may point elsewhere.
      const err = refused(state.cursor, feed.url);
      if (err) {
        ctx.onError?.(feed.id, err.code);
        ctx.logger.warn({ feed: feed.id, cursor: state.cursor, code: err.code }, 'stored cursor leads off the feed\'s origin; dropped, starting again from the feed URL');
        await redis.hdel(key, 'cursor');
        delete state.cursor;
      }
    }
    let url = feed.kind === 'cursor' ? (state.cursor ?? feed.url) : feed.url;
    const pages = feed.kind === 'cursor' ? feed.maxPagesPerPoll : 1;
    const fetchPage = (pageUrl: string): Promise<Fetched> => {
      const conditional: Record<string, string> = {};
      // Validators belong to the feed URL; a cursor page is new by construction.
      if (feed.kind === 'http') {
        if (state.etag) conditional['if-none-match'] = state.etag;
        if (state.lastModified) conditional['if-modified-since'] = state.lastModified;
      }
      return fetchUrl(pageUrl, { timeoutMs: feed.timeoutSeconds * 1000, maxBytes: feed.maxBytes, headers: conditional, authHeaders: feed.authHeaders, authOrigin: origin, policy });
    };
    // A cursor feed's next page is fetched while the current one is being enqueued (the HTTP
    // round trip overlaps Redis'); the cursor still moves only after the page is in the queue.
    let prefetched: Promise<Fetched> | null = null;
    for (let page = 0; page < pages; page++) {
      let res: Fetched;
      try {
        res = await (prefetched ?? fetchPage(url));
      } catch (e) {
        return await backOff(e, url);
      }
      prefetched = null;
      if (state.failures || state.backoffUntil) {
        await redis.hdel(key, 'failures', 'backoffUntil');
        delete state.failures;
        delete state.backoffUntil;
      }
      if (res.status === 304) return enqueued ? { status: 'fetched', enqueued } : { status: 'not-modified' };
      const empty = emptyPage(res);
      const found = feed.kind === 'cursor' ? nextPageOf(res) : null;
      const offOrigin = found === null ? null : refused(found, res.url);
      if (offOrigin) {
        // Neither followed nor stored: the cursor stays on the last page that was allowed.
        ctx.onError?.(feed.id, offOrigin.code);
        ctx.logger.warn({ feed: feed.id, url: res.url, next: found, code: offOrigin.code }, 'next page refused');
      }
      const next = offOrigin ? null : found;
      const goOn = next !== null && next !== url && !empty;
      if (goOn && next !== null && page + 1 < pages) {
        prefetched = fetchPage(next);
        // Awaited on the next turn; if this turn throws first, the rejection is not unhandled.
        prefetched.catch(() => undefined);
      }
      if (!empty) {
        const correlationId = randomUUID();
        await ctx.enqueue({
          feed: feed.id,
          bytes: res.bytes.toString('base64'),
          path: res.url,
          contentType: res.contentType,
          receivedAt: new Date(now()).toISOString(),
          correlationId,
          ...(feed.format ? { format: feed.format } : {}),
        });
        ctx.logger.debug({ correlationId, feed: feed.id, url: res.url, bytes: res.bytes.length }, 'page enqueued');
        enqueued++;
      }
      if (feed.kind === 'http') {
        const validators: Record<string, string> = {};
        const etag = res.headers.get('etag');
        const lastModified = res.headers.get('last-modified');
        if (etag) validators.etag = etag;
        if (lastModified) validators.lastModified = lastModified;
        if (Object.keys(validators).length) await redis.hset(key, validators);
        break;
      }
      // Cursor: move on only past a page that held something; an empty page is fetched again.
      if (!goOn || next === null) break;
      await redis.hset(key, { cursor: next });
      url = next;
    }
    return { status: 'fetched', enqueued };
  } finally {
    clearInterval(renew);
    // Only our own lock: one that lapsed and was taken by another poller is not ours to drop.
    await redis.eval(RELEASE_LOCK, 1, lockKey, token);
  }
}

export interface PollingOptions {
  connection: RedisConnection;
  prefix: string;
  feeds: PolledFeed[];
  ctx: SourceContext;
  /** Polls this process runs at once (different feeds). */
  concurrency?: number;
  /** Where the poll queue's and worker's Redis errors go (src/queue/redis-state.ts); default: logged. */
  redisErrors?: { report(source: string, err: unknown): void };
}

/** Polling as it runs: `resync()` puts the job schedulers back (after Redis came back empty). */
export type Polling = ScheduledPolls;

/** The `poll` queue's schedulers and worker (src/sources/scheduled-polls.ts) over pollFeed(). */
export function startPolling(opts: PollingOptions): Promise<Polling> {
  return startScheduledPolls<PolledFeed, PollOutcome>({
    queue: POLL_QUEUE, connection: opts.connection, prefix: opts.prefix, feeds: opts.feeds, ctx: opts.ctx, concurrency: opts.concurrency ?? 4, redisErrors: opts.redisErrors,
    poll: (feed, force) => pollFeed(feed, opts.connection, opts.prefix, opts.ctx, Date.now, { force }),
    unknownFeed: { status: 'busy' },
  });
}

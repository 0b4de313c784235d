import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { execBySlot, queuePrefix, type RedisConnection } from '../queue/redis-connection.js';
import type { FeedConfig } from '../config/config.js';
import { RedisKeys } from '../queue/redis-keys.js';
import { WiredeskError, toWiredeskError } from '../errors.js';
import type { SourceContext } from './source.js';

/**
 * What operators see of each feed and how they steer it (`wiredesk feeds`, GET/POST /feeds), kept
 * in Redis under the deployment's prefix so every worker and tool sees the same:
 * - `<prefix>:wiredesk:feeds`: the configured feeds (id -> kind, URL without credentials or
 *   query, interval), written by each worker at start;
 * - `<prefix>:wiredesk:feed-status:<id>`: last success, last poll and its result, last error
 *   (code, message, time), counts of polls by result, items in all;
 * - `<prefix>:wiredesk:feed-status:<id>:items:<YYYY-MM-DD>`: items enqueued that UTC day (kept
 *   three days);
 * - the poller's own state hash `<prefix>:wiredesk:feed:<id>` (src/sources/http-poll.ts) carries
 *   the control flags: `paused` (polls and scans are skipped while set), the cursor with the hash
 *   of the URL it belongs to, the backoff deadline.
 * "poll-now" is a job on the `poll` queue that polls the feed at once, past a pause or a backoff.
 */

export const POLL_QUEUE = 'poll';
/** The queue of the FTP/SFTP feeds' polls (src/sources/remote-folder.ts). */
export const REMOTE_POLL_QUEUE = 'poll-remote';
/** The queue of the IMAP feeds' polls (src/sources/imap.ts). */
export const IMAP_POLL_QUEUE = 'poll-imap';

/** Kinds polled on a schedule (with a next poll and poll-now), and the queue each polls from. */
function pollQueueOf(kind: FeedConfig['kind']): string | null {
  if (kind === 'http' || kind === 'cursor') return POLL_QUEUE;
  if (kind === 'ftp' || kind === 'sftp') return REMOTE_POLL_QUEUE;
  if (kind === 'imap') return IMAP_POLL_QUEUE;
  return null;
}

/** The hash of a feed URL a cursor or a validator belongs to (a changed URL starts the feed afresh). */
export function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

/** A URL as it may be shown: no credentials, no query (where API keys often travel). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    const query = u.search ? '?…' : '';
    u.search = '';
    u.hash = '';
    return u.toString() + query;
  } catch {
    return '(not a URL)';
  }
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const ITEMS_DAY_TTL_S = 3 * 86_400;

export interface FeedEntry {
  id: string;
  kind: FeedConfig['kind'];
  url: string | null;
  pollIntervalSeconds: number | null;
}

export interface FeedError {
  code: string;
  message: string;
  at: string;
}

export interface FeedStatus extends FeedEntry {
  paused: boolean;
  pausedAt: string | null;
  lastSuccessAt: string | null;
  lastPollAt: string | null;
  lastResult: string | null;
  lastError: FeedError | null;
  itemsToday: number;
  itemsTotal: number;
  polls: Record<string, number>;
  cursor: string | null;
  backoffUntil: string | null;
  /** When the next poll is due (the scheduler's next run, or the backoff deadline if later); null for unscheduled kinds or while paused. */
  nextPollAt: string | null;
}

const iso = (ms: number | string | undefined | null): string | null => {
  const n = Number(ms);
  return ms !== undefined && ms !== null && ms !== '' && Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : null;
};

/** Writes of the sources (pollers, drop folders, webhooks): each one pipeline, never blocking a source on failure. */
export class FeedStatusRecorder {
  private readonly keys: RedisKeys;
  constructor(private readonly redis: RedisConnection, prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  /** The configured feeds, as this worker knows them (ids no longer configured are removed). */
  async register(feeds: FeedConfig[]): Promise<void> {
    const index = this.keys.feedIndex();
    const entries = Object.fromEntries(feeds.map((f) => [f.id, JSON.stringify({
      kind: f.kind,
      url: f.kind === 'http' || f.kind === 'cursor' ? displayUrl(f.url) : f.kind === 'folder' ? f.folder : f.kind === 'ftp' || f.kind === 'sftp' ? `${f.kind}://${f.host}:${f.port}${f.path}` : f.kind === 'imap' ? `imap://${f.host}:${f.port}/${encodeURIComponent(f.mailbox)}` : null,
      pollIntervalSeconds: f.kind === 'webhook' ? null : f.pollIntervalSeconds,
    })]));
    const known = await this.redis.hkeys(index);
    const gone = known.filter((id) => !(id in entries));
    const multi = this.redis.multi();
    if (gone.length) multi.hdel(index, ...gone);
    if (feeds.length) multi.hset(index, entries);
    await multi.exec();
  }

  /** One poll's result (`fetched`, `not-modified`, `failed`, `backing-off`, `paused`, `busy`). */
  async poll(feed: string, result: string, at: number, error?: { code: string; message: string }): Promise<void> {
    const key = this.keys.feedStatus(feed);
    const multi = this.redis.multi();
    multi.hincrby(key, `polls:${result}`, 1);
    if (result === 'fetched' || result === 'not-modified') multi.hset(key, { lastSuccessAt: String(at), lastPollAt: String(at), lastResult: result });
    else if (result === 'failed') multi.hset(key, { lastPollAt: String(at), lastResult: result, lastError: JSON.stringify({ ...error, at: new Date(at).toISOString() }) });
    await multi.exec();
  }

  /** A source-side failure other than a poll's (a drop file that cannot be read, a webhook item refused). */
  async error(feed: string, code: string, message: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.feedStatus(feed), 'lastError', JSON.stringify({ code, message, at: new Date(at).toISOString() }));
  }

  /** Items a source handed to the ingest queue. A drop folder or webhook counts as succeeding when it delivers. */
  async items(feed: string, n: number, at: number, success = false): Promise<void> {
    const key = this.keys.feedStatus(feed);
    const day = this.keys.feedItemsOn(feed, utcDay(at));
    // Two transactions, one per key: on a Redis Cluster the two keys lie in different slots.
    const total = this.redis.multi();
    total.hincrby(key, 'itemsTotal', n);
    if (success) total.hset(key, 'lastSuccessAt', String(at));
    await Promise.all([total.exec(), this.redis.multi().incrby(day, n).expire(day, ITEMS_DAY_TTL_S).exec()]);
  }
}

/** Each feed's last success (epoch ms), for the `wiredesk_feed_last_success_timestamp_seconds` gauge. */
export async function lastSuccesses(redis: RedisConnection, prefix: string, ids: string[]): Promise<Map<string, number>> {
  const keys = new RedisKeys(prefix);
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const res = await execBySlot(redis, ids.map((id) => ({ key: keys.feedStatus(id), command: ['hget', keys.feedStatus(id), 'lastSuccessAt'] })));
  ids.forEach((id, i) => {
    const v = Number(res[i]?.[1] ?? NaN);
    if (Number.isFinite(v) && v > 0) out.set(id, v);
  });
  return out;
}

/** Resolves to `fallback` when `p` has not settled within `ms` or rejects (Redis away). */
export async function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => fallback), new Promise<T>((resolve) => { timer = setTimeout(() => resolve(fallback), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a feed is paused (the pollers and drop folders ask before each poll or scan). */
export async function isPaused(redis: RedisConnection, prefix: string, feed: string): Promise<boolean> {
  return (await redis.hget(new RedisKeys(prefix).feed(feed), 'paused')) === '1';
}

export type FeedAction = 'pause' | 'resume' | 'reset-cursor' | 'poll-now';
export const FEED_ACTIONS: readonly FeedAction[] = ['pause', 'resume', 'reset-cursor', 'poll-now'];

/**
 * The reads and actions of `wiredesk feeds` and the /feeds API, over one Redis connection (and a
 * BullMQ queue on it for poll-now and the schedulers' next runs).
 */
export class FeedControl {
  private readonly keys: RedisKeys;
  private readonly queues = new Map<string, Queue>();
  constructor(private readonly redis: RedisConnection, private readonly prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  private pollQueue(name = POLL_QUEUE): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis as unknown as ConnectionOptions, prefix: queuePrefix(this.redis, this.prefix, name) });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((q) => q.close()));
  }

  async entries(): Promise<FeedEntry[]> {
    const all = await this.redis.hgetall(this.keys.feedIndex());
    return Object.entries(all)
      .map(([id, json]) => ({ id, ...(JSON.parse(json) as Omit<FeedEntry, 'id'>) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async list(now = Date.now()): Promise<FeedStatus[]> {
    const entries = await this.entries();
    if (entries.length === 0) return [];
    const next = await this.schedulerNext(entries);
    // (On a cluster the keys lie in many slots: execBySlot sends one pipeline per slot.)
    const res = await execBySlot(this.redis, entries.flatMap((e) => [this.keys.feedStatus(e.id), this.keys.feed(e.id), this.keys.feedItemsOn(e.id, utcDay(now))])
      .map((key, i) => ({ key, command: [i % 3 === 2 ? 'get' : 'hgetall', key] as [string, string] })));
    return entries.map((e, i) => {
      const status = (res[i * 3]?.[1] ?? {}) as Record<string, string>;
      const state = (res[i * 3 + 1]?.[1] ?? {}) as Record<string, string>;
      const today = Number(res[i * 3 + 2]?.[1] ?? 0);
      return this.compose(e, status, state, today, next.get(e.id) ?? null, now);
    });
  }

  async status(id: string, now = Date.now()): Promise<FeedStatus | null> {
    return (await this.list(now)).find((f) => f.id === id) ?? null;
  }

  private async schedulerNext(entries: FeedEntry[]): Promise<Map<string, number>> {
    const next = new Map<string, number>();
    const names = new Set(entries.map((e) => pollQueueOf(e.kind)).filter((q): q is string => q !== null));
    for (const name of names) {
      for (const s of await this.pollQueue(name).getJobSchedulers(0, -1)) {
        if (s.key && typeof s.next === 'number') next.set(s.key, s.next);
      }
    }
    return next;
  }

  private compose(e: FeedEntry, status: Record<string, string>, state: Record<string, string>, itemsToday: number, schedulerNext: number | null, now: number): FeedStatus {
    const polls: Record<string, number> = {};
    for (const [k, v] of Object.entries(status)) if (k.startsWith('polls:')) polls[k.slice(6)] = Number(v);
    let lastError: FeedError | null = null;
    try {
      lastError = status.lastError ? JSON.parse(status.lastError) as FeedError : null;
    } catch {
      lastError = null;
    }
    const paused = state.paused === '1';
    const backoff = Number(state.backoffUntil ?? 0);
    const polled = pollQueueOf(e.kind) !== null;
    let nextPoll: number | null = null;
    if (polled && !paused) {
      // No scheduler (no worker has run the feed yet): from the last poll, if there was one.
      nextPoll = schedulerNext ?? (e.pollIntervalSeconds !== null && status.lastPollAt ? Number(status.lastPollAt) + e.pollIntervalSeconds * 1000 : null);
      if (nextPoll !== null && backoff > nextPoll) nextPoll = backoff;
    }
    return {
      ...e,
      paused,
      pausedAt: paused ? iso(state.pausedAt) : null,
      lastSuccessAt: iso(status.lastSuccessAt),
      lastPollAt: iso(status.lastPollAt),
      lastResult: status.lastResult ?? null,
      lastError,
      itemsToday,
      itemsTotal: Number(status.itemsTotal ?? 0),
      polls,
      // An agency API's cursor is its own token (not a URL): shown as it is, shortened.
      cursor: state.cursor ? (/^https?:\/\//i.test(state.cursor) ? displayUrl(state.cursor) : state.cursor.slice(0, 120)) : null,
      backoffUntil: backoff > now ? iso(backoff) : null,
      nextPollAt: iso(nextPoll),
    };
  }

  /**
   * Applies an action; throws WIREDESK_ERR_FEED_UNKNOWN for a feed no worker has configured and
   * WIREDESK_ERR_FEED_ACTION for an action the feed's kind has no use for (reset-cursor and poll-now
   * are for polled feeds; webhooks cannot be paused here: the sender decides when it pushes).
   */
  async act(action: FeedAction, id: string, now = Date.now()): Promise<FeedStatus> {
    const entry = (await this.entries()).find((e) => e.id === id);
    if (!entry) throw new WiredeskError('WIREDESK_ERR_FEED_UNKNOWN', `no feed "${id}" is configured in this deployment`);
    const polled = entry.kind === 'http' || entry.kind === 'cursor';
    const pollQueue = pollQueueOf(entry.kind);
    const state = this.keys.feed(id);
    switch (action) {
      case 'pause':
        if (entry.kind === 'webhook') throw new WiredeskError('WIREDESK_ERR_FEED_ACTION', `feed "${id}" is a webhook: the sender decides when it pushes`);
        await this.redis.hset(state, { paused: '1', pausedAt: String(now) });
        break;
      case 'resume':
        await this.redis.hdel(state, 'paused', 'pausedAt');
        break;
      case 'reset-cursor':
        if (!polled) throw new WiredeskError('WIREDESK_ERR_FEED_ACTION', `feed "${id}" is a ${entry.kind} feed: it has no cursor`);
        // The next poll starts at the configured URL, without validators or backoff.
        await this.redis.hdel(state, 'cursor', 'urlHash', 'etag', 'lastModified', 'failures', 'backoffUntil');
        break;
      case 'poll-now':
        if (!pollQueue) throw new WiredeskError('WIREDESK_ERR_FEED_ACTION', `feed "${id}" is a ${entry.kind} feed: only polled feeds poll`);
        await this.pollQueue(pollQueue).add('poll', { feed: id, force: true }, { removeOnComplete: true, removeOnFail: 100 });
        break;
    }
    return (await this.status(id, now))!;
  }
}

/** Why a poll failed, as the feed's status keeps it (its last error). */
export interface PollFailure {
  code: string;
  message: string;
}

/**
 * A poll's end as every polled source reports it: the context's onPoll hook, then the outcome
 * (and the failure, if any) recorded for `wiredesk feeds` and /metrics. A status Redis refuses is
 * logged at debug and never fails the poll.
 */
export async function reportPoll(recorder: FeedStatusRecorder, ctx: SourceContext, feedId: string, status: string, at: number, failure?: PollFailure): Promise<void> {
  ctx.onPoll?.(feedId, status);
  try {
    await recorder.poll(feedId, status, at, failure);
  } catch (e) {
    ctx.logger.debug({ feed: feedId, err: (e as Error).message }, 'feed status not recorded');
  }
}

/**
 * One poll of a source whose poll may throw (Redis or the queue refused; a server's error): `run`
 * polls (and may name a failure it came back from), a throw becomes a `failed` outcome with its
 * code, handed to the context's onError and to `logThrown`, and the outcome is reported
 * (reportPoll).
 */
export async function recordedPoll<O extends { status: string }>(
  feedId: string, redis: RedisConnection, prefix: string, ctx: SourceContext, now: () => number,
  run: (recorder: FeedStatusRecorder, fail: (f: PollFailure) => void) => Promise<O>,
  logThrown: (err: WiredeskError) => void,
): Promise<O | { status: 'failed'; code: string }> {
  const recorder = new FeedStatusRecorder(redis, prefix);
  let failure: PollFailure | undefined;
  let outcome: O | { status: 'failed'; code: string };
  try {
    outcome = await run(recorder, (f) => { failure = f; });
  } catch (e) {
    const err = toWiredeskError(e);
    failure = { code: err.code, message: err.message };
    ctx.onError?.(feedId, err.code);
    logThrown(err);
    outcome = { status: 'failed', code: err.code };
  }
  await reportPoll(recorder, ctx, feedId, outcome.status, now(), failure);
  return outcome;
}

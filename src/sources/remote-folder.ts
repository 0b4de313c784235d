import { createHash, randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { Writable } from 'node:stream';
import type { RedisConnection as Redis } from '../queue/redis-connection.js';
import type { RemoteFeed } from '../config/config.js';
import { WiredeskError, toWiredeskError } from '../errors.js';
import { RedisKeys } from '../queue/redis-keys.js';
import { REMOTE_POLL_QUEUE, recordedPoll, type FeedStatusRecorder, type PollFailure } from './feed-status.js';
import type { SourceContext } from './source.js';
import { startScheduledPolls, type ScheduledPolls } from './scheduled-polls.js';

/**
 * FTP/FTPS and SFTP pull feeds (kinds `ftp` and `sftp`, issue 18 item 1). Each poll:
 * - lists the feed's remote folder (regular files only; partial-upload names such as `*.part`,
 *   dot-files and names with control characters are left alone);
 * - takes a file only once it stopped growing: its size and mtime are the same as in the previous
 *   listing (kept in Redis, so the listings may come from different workers) and, with
 *   `settleSeconds`, have been unchanged at least that long;
 * - claims it in Redis (`<feed key>:claim:<hash of path, size, mtime>`), shared by every worker: the
 *   claim records the step reached (`fetching`, `enqueued`, `done`, or `rejected` for a file over
 *   `maxBytes`) and a lease. A claim whose lease lapsed (its worker died) is taken over at its
 *   step: `fetching` downloads again, `enqueued` only finishes the move or delete;
 * - downloads it with the size cap and one deadline (`timeoutSeconds`) for the whole file, checks
 *   it got as many bytes as the listing said, and enqueues it as a raw item under a job id made from
 *   the same hash, so a worker that died between the enqueue and recording it adds the same job
 *   again (BullMQ keeps one job per id while it waits; once processed, the story store drops the
 *   repeat by content hash);
 * - then moves it to `doneFolder` (or deletes it) and marks the claim done.
 * A file the server refuses (permissions) is the feed's last error and is skipped; the other files
 * still flow. A connection that breaks mid-download releases the claim: the file is taken again on
 * the next poll, reconnecting for the rest of this one. Polls run from one BullMQ job scheduler per
 * feed on the `poll-remote` queue (so N workers poll a feed once per interval; the claims keep
 * overlapping polls, such as a poll-now, from taking a file twice).
 */

export interface RemoteEntry {
  name: string;
  size: number;
  /** The server's modification time as it lists it (a string: FTP listings are often coarse). */
  mtime: string;
}

/**
 * One connection to a server. Errors are WiredeskErrors: WIREDESK_ERR_REMOTE_DENIED when the server
 * refused one file (the connection is still good), WIREDESK_ERR_REMOTE_TRANSFER when the connection
 * broke.
 */
export interface RemoteSession {
  list(dir: string): Promise<RemoteEntry[]>;
  download(path: string, sink: Writable): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  /** Ends the connection (idempotent, never throws); also what aborts a call past its deadline. */
  close(): Promise<void>;
}

export type RemoteConnector = (feed: RemoteFeed) => Promise<RemoteSession>;

const PARTIAL = /(^\.)|(\.(part|tmp|filepart|partial|crdownload)$)/i;
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\]/;
/** How long a claim is kept (a done or rejected file is not looked at again while it is). */
export const CLAIM_TTL_MS = 7 * 86_400_000;
const LISTING_TTL_MS = 7 * 86_400_000;

/** The claim's step: `fetch` (download and enqueue), `finish` (move or delete only), `busy` (another worker holds it), `skip`. */
export const TAKE = `
local step = redis.call('hget', KEYS[1], 'step')
local now = tonumber(ARGV[2])
if not step then
  redis.call('hset', KEYS[1], 'step', 'fetching', 'owner', ARGV[1], 'until', tostring(now + tonumber(ARGV[3])), 'path', ARGV[5], 'size', ARGV[6], 'mtime', ARGV[7], 'at', ARGV[2])
  redis.call('pexpire', KEYS[1], ARGV[4])
  return 'fetch'
end
if step == 'done' or step == 'rejected' then return 'skip' end
if tonumber(redis.call('hget', KEYS[1], 'until') or '0') > now then return 'busy' end
redis.call('hset', KEYS[1], 'owner', ARGV[1], 'until', tostring(now + tonumber(ARGV[3])))
if step == 'fetching' then return 'fetch' end
return 'finish'`;
/** Sets fields of a claim this worker owns; 0 when the claim is no longer ours. */
export const MARK = `
if redis.call('hget', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
for i = 3, #ARGV, 2 do redis.call('hset', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('pexpire', KEYS[1], ARGV[2])
return 1`;
/** Drops a claim still at `fetching` that this worker owns (the file is taken again next poll). */
export const RELEASE = `
if redis.call('hget', KEYS[1], 'owner') == ARGV[1] and redis.call('hget', KEYS[1], 'step') == 'fetching' then return redis.call('del', KEYS[1]) end
return 0`;

/** The identity of one version of a remote file: feed, path, size, mtime. */
export function remoteFileHash(feedId: string, path: string, size: number, mtime: string): string {
  return createHash('sha256').update(`${feedId}\n${path}\n${size}\n${mtime}`).digest('hex').slice(0, 40);
}

export function remoteClaimKey(prefix: string, feedId: string, hash: string): string {
  return `${new RedisKeys(prefix).feed(feedId)}:claim:${hash}`;
}

export function remoteListingKey(prefix: string, feedId: string): string {
  return `${new RedisKeys(prefix).feed(feedId)}:listing`;
}

/** The raw item's job id of one version of a remote file (the same on every worker and retry). */
export function remoteJobId(feed: RemoteFeed, hash: string): string {
  return `${feed.kind}-${hash}`;
}

/** Where a remote file is from, without credentials: `sftp://host:22/in/story.xml`. */
export function remoteUrl(feed: RemoteFeed, path: string): string {
  const host = feed.host.includes(':') && !feed.host.startsWith('[') ? `[${feed.host}]` : feed.host;
  return `${feed.kind}://${host}:${feed.port}${path}`;
}

/** Resolves with `p`, or rejects with WIREDESK_ERR_REMOTE_TRANSFER after `ms` (running `onTimeout`, which aborts the call). */
export async function deadline<T>(p: Promise<T>, ms: number, what: string, onTimeout: () => Promise<void>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void onTimeout();
      reject(new WiredeskError('WIREDESK_ERR_REMOTE_TRANSFER', `${what}: no answer within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
    p.catch(() => undefined);
  }
}

export type RemotePollOutcome =
  | { status: 'fetched'; enqueued: number; finished: number; failed: number }
  | { status: 'not-modified' }
  | { status: 'paused' }
  | { status: 'failed'; code: string };

export interface RemotePollOptions {
  /** An operator's poll-now: polls past a pause. */
  force?: boolean;
  now?: () => number;
  /** How to connect (default: the feed kind's client). */
  connect?: RemoteConnector;
  /** Tests: runs after a file's raw item is in the queue and before the claim records it (where a crash would fall). */
  afterEnqueue?: (path: string) => Promise<void> | void;
}

async function defaultConnector(feed: RemoteFeed): Promise<RemoteSession> {
  if (feed.kind === 'ftp') return (await import('./ftp.js')).connectFtp(feed);
  return (await import('./sftp.js')).connectSftp(feed);
}

/**
 * One poll of one FTP or SFTP feed (see the module comment). Never throws for server trouble:
 * a connection or listing that fails comes back as `failed` and is the feed's last error. The
 * outcome is recorded for `wiredesk feeds` and /metrics.
 */
export async function pollRemoteFolder(feed: RemoteFeed, redis: Redis, prefix: string, ctx: SourceContext, opts: RemotePollOptions = {}): Promise<RemotePollOutcome> {
  const now = opts.now ?? Date.now;
  // A throw: Redis or the queue refused (the file's claim was released, or its lease runs out).
  return await recordedPoll(feed.id, redis, prefix, ctx, now, (recorder, fail) => pollOnce(feed, redis, prefix, ctx, opts, now, recorder, fail),
    (err) => ctx.logger.error({ feed: feed.id, code: err.code, err: err.message }, 'remote poll failed'));
}

async function pollOnce(
  feed: RemoteFeed, redis: Redis, prefix: string, ctx: SourceContext, opts: RemotePollOptions, now: () => number,
  recorder: FeedStatusRecorder, onFailure: (f: PollFailure) => void,
): Promise<RemotePollOutcome> {
  if (!opts.force && (await redis.hget(new RedisKeys(prefix).feed(feed.id), 'paused')) === '1') return { status: 'paused' };
  const connect = opts.connect ?? defaultConnector;
  const timeoutMs = feed.timeoutSeconds * 1000;
  const leaseMs = Math.max(60_000, 3 * timeoutMs);
  const owner = randomUUID();
  const where = remoteUrl(feed, feed.path);
  let session: RemoteSession | null = null;
  let doneFolderMade = false;

  const open = async (): Promise<RemoteSession> => {
    if (session) return session;
    const attempt = connect(feed);
    session = await deadline(attempt, timeoutMs, `${where}: connect`, async () => {
      await attempt.then((s) => s.close(), () => undefined);
    });
    doneFolderMade = false;
    return session;
  };
  const drop = async (): Promise<void> => {
    const s = session;
    session = null;
    await s?.close();
  };
  /** A call on the session with the feed's deadline; past it, the connection is closed. */
  const call = async <T>(what: string, f: (s: RemoteSession) => Promise<T>): Promise<T> => {
    const s = await open();
    return deadline(f(s), timeoutMs, `${where}: ${what}`, () => s.close());
  };
  const fileError = async (name: string, err: WiredeskError, stage: string): Promise<void> => {
    ctx.onError?.(feed.id, err.code);
    ctx.logger.warn({ feed: feed.id, file: name, code: err.code, stage, error: err.message }, 'remote file not taken');
    await recorder.error(feed.id, err.code, `${name}: ${err.message}`, now()).catch(() => undefined);
  };
  const claimCall = (script: string, key: string, ...args: string[]): Promise<unknown> => redis.eval(script, 1, key, owner, ...args);

  let enqueued = 0;
  let finished = 0;
  let failed = 0;
  try {
    let entries: RemoteEntry[];
    try {
      entries = await call('list', (s) => s.list(feed.path));
    } catch (e) {
      const err = toWiredeskError(e);
      onFailure({ code: err.code, message: err.message });
      ctx.onError?.(feed.id, err.code);
      ctx.logger.warn({ feed: feed.id, server: where, code: err.code, error: err.message }, 'remote poll failed');
      return { status: 'failed', code: err.code };
    }
    const files = entries.filter((e) => !PARTIAL.test(e.name) && !UNSAFE_NAME.test(e.name) && e.name.length > 0);

    // What the last listing saw, and since when; a file is taken once it holds still.
    const listingKey = remoteListingKey(prefix, feed.id);
    const before = await redis.hgetall(listingKey);
    const t = now();
    const seenNow: Record<string, string> = {};
    const stable: RemoteEntry[] = [];
    for (const f of files) {
      let since = t;
      let prior: { s?: number; m?: string; t?: number } = {};
      try {
        prior = before[f.name] ? JSON.parse(before[f.name]!) as typeof prior : {};
      } catch {
        prior = {};
      }
      if (prior.s === f.size && prior.m === f.mtime && typeof prior.t === 'number') {
        since = prior.t;
        if (t - since >= feed.settleSeconds * 1000) stable.push(f);
      }
      seenNow[f.name] = JSON.stringify({ s: f.size, m: f.mtime, t: since });
    }
    const gone = Object.keys(before).filter((name) => !(name in seenNow));
    const multi = redis.multi();
    if (gone.length) multi.hdel(listingKey, ...gone);
    if (files.length) multi.hset(listingKey, seenNow);
    multi.pexpire(listingKey, LISTING_TTL_MS);
    await multi.exec();

    for (const f of stable.slice(0, feed.maxFilesPerPoll)) {
      const path = posix.join(feed.path, f.name);
      const hash = remoteFileHash(feed.id, path, f.size, f.mtime);
      const key = remoteClaimKey(prefix, feed.id, hash);
      const step = await claimCall(TAKE, key, String(now()), String(leaseMs), String(CLAIM_TTL_MS), path, String(f.size), f.mtime) as string;
      if (step === 'busy' || step === 'skip') continue;
      if (step === 'fetch') {
        if (f.size > feed.maxBytes) {
          await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'rejected');
          await fileError(f.name, new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${f.size} bytes, over the feed's maxBytes (${feed.maxBytes}); left on the server`), 'size');
          failed++;
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = await fetchFile(call, path, f.size, feed.maxBytes);
        } catch (e) {
          const err = toWiredeskError(e);
          await claimCall(RELEASE, key);
          if (err.code === 'WIREDESK_ERR_REMOTE_CONNECT') {
            // Reconnecting after a broken connection failed: the rest waits for the next poll.
            onFailure({ code: err.code, message: err.message });
            ctx.onError?.(feed.id, err.code);
            ctx.logger.warn({ feed: feed.id, server: where, code: err.code, error: err.message }, 'remote poll failed');
            return { status: 'failed', code: err.code };
          }
          await fileError(f.name, err, 'download');
          failed++;
          // The server refused this one file: the connection is still good. Anything else: reconnect.
          if (err.code !== 'WIREDESK_ERR_REMOTE_DENIED') await drop();
          continue;
        }
        const correlationId = randomUUID();
        const jobId = remoteJobId(feed, hash);
        try {
          await ctx.enqueue({
            feed: feed.id,
            bytes: bytes.toString('base64'),
            path: remoteUrl(feed, path),
            contentType: null,
            receivedAt: new Date(now()).toISOString(),
            correlationId,
            ...(feed.format ? { format: feed.format } : {}),
          }, { jobId });
        } catch (e) {
          await claimCall(RELEASE, key);
          throw e;
        }
        await opts.afterEnqueue?.(path);
        await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'enqueued', 'jobId', jobId);
        enqueued++;
        ctx.logger.info({ correlationId, feed: feed.id, file: f.name, bytes: bytes.length, jobId }, 'remote file enqueued');
      } else {
        ctx.logger.info({ feed: feed.id, file: f.name }, 'remote file already enqueued by a worker that stopped: finishing its move');
      }
      try {
        await finish(path, f.name);
      } catch (e) {
        const err = toWiredeskError(e);
        // Enqueued but still on the server: the next poll (on any worker) only moves it.
        await claimCall(MARK, key, String(CLAIM_TTL_MS), 'until', '0');
        await fileError(f.name, err, feed.after);
        failed++;
        if (err.code !== 'WIREDESK_ERR_REMOTE_DENIED') await drop();
        continue;
      }
      await claimCall(MARK, key, String(CLAIM_TTL_MS), 'step', 'done', 'until', '0');
      finished++;
    }
  } finally {
    await drop();
  }
  return enqueued || finished || failed ? { status: 'fetched', enqueued, finished, failed } : { status: 'not-modified' };

  async function finish(path: string, name: string): Promise<void> {
    if (feed.after === 'delete') {
      await call('delete', (s) => s.remove(path));
      return;
    }
    if (!doneFolderMade) {
      await call('mkdir', (s) => s.mkdir(feed.doneFolder)).catch((e: unknown) => {
        // Most often it exists already; a real problem shows in the rename below.
        if (toWiredeskError(e).code !== 'WIREDESK_ERR_REMOTE_DENIED') throw e;
      });
      doneFolderMade = true;
    }
    const target = posix.join(feed.doneFolder, name);
    try {
      await call('rename', (s) => s.rename(path, target));
    } catch (e) {
      // SFTP does not rename over an existing file: a name taken in the done folder gets a suffix.
      if (toWiredeskError(e).code !== 'WIREDESK_ERR_REMOTE_DENIED') throw e;
      await call('rename', (s) => s.rename(path, `${target}.${now()}`));
    }
  }
}

/** Downloads one file whole: at most `maxBytes`, exactly the `size` the listing gave, under the deadline. */
async function fetchFile(call: <T>(what: string, f: (s: RemoteSession) => Promise<T>) => Promise<T>, path: string, size: number, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > maxBytes) {
        over = true;
        cb(new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `over the feed's maxBytes (${maxBytes})`));
        return;
      }
      chunks.push(chunk);
      cb();
    },
  });
  sink.on('error', () => undefined);
  try {
    await call(`download ${path}`, (s) => s.download(path, sink));
  } catch (e) {
    if (over) throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${path}: over the feed's maxBytes (${maxBytes})`, { cause: e });
    throw e;
  }
  if (over) throw new WiredeskError('WIREDESK_ERR_INPUT_TOO_LARGE', `${path}: over the feed's maxBytes (${maxBytes})`);
  if (total !== size) throw new WiredeskError('WIREDESK_ERR_REMOTE_TRANSFER', `${path}: got ${total} bytes where the listing said ${size} (cut off, or changed); taken again later`);
  return Buffer.concat(chunks);
}

export interface RemotePollingOptions {
  connection: Redis;
  prefix: string;
  feeds: RemoteFeed[];
  ctx: SourceContext;
  concurrency?: number;
  redisErrors?: { report(source: string, err: unknown): void };
  connect?: RemoteConnector;
}

export type RemotePolling = ScheduledPolls;

/** The `poll-remote` queue's schedulers and worker (src/sources/scheduled-polls.ts) over pollRemoteFolder(). */
export function startRemotePolling(opts: RemotePollingOptions): Promise<RemotePolling> {
  return startScheduledPolls<RemoteFeed, RemotePollOutcome | null>({
    queue: REMOTE_POLL_QUEUE, connection: opts.connection, prefix: opts.prefix, feeds: opts.feeds, ctx: opts.ctx, concurrency: opts.concurrency ?? 2, redisErrors: opts.redisErrors,
    poll: (feed, force) => pollRemoteFolder(feed, opts.connection, opts.prefix, opts.ctx, { force, ...(opts.connect ? { connect: opts.connect } : {}) }),
    unknownFeed: null,
  });
}

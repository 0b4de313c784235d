import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DelayedError, Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { queuePrefix, type RedisConnection as Redis } from './redis-connection.js';
import type { Logger } from 'pino';
import type { Article } from '../model/article.generated.js';
import { WiredeskError } from '../errors.js';
import { renderArticle, type OutputFormat } from '../export/render.js';
import { signedHeaders } from '../sources/webhook.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { connectRedis, quitOrDisconnect } from './redis-keys.js';
import { decodeJobId, publishQueueName, type PublishEvent } from './contract.js';

/**
 * Outputs beside the BullMQ queue (issue 18, items 6 and 7): a subscriber with `deliver` in the
 * worker config has its `publish.<name>` queue consumed by the worker itself, which POSTs each event
 * to a URL (`webhook`) or writes it to a folder (`folder`), in the subscriber's format. It is a
 * BullMQ stage like the others: an event stays in Redis until delivered, so a restart resumes.
 *
 * Order per story: a later version of a story never overtakes an earlier one. Each event takes a
 * sequence number in Redis the first time the stage sees it (the queue hands events out in publish
 * order); an event of a story that has an earlier event still undelivered (retrying) waits behind
 * it (it goes back to the delayed set without spending an attempt). An event leaves the order when
 * it is delivered or dead-lettered, which lets the next one go.
 *
 * Retries: a failed delivery is tried again after `backoffSeconds`, doubling up to
 * `maxBackoffSeconds`, until `attempts` tries; then it is dead-lettered: the job is failed with
 * WIREDESK_ERR_DELIVERY_FAILED (kept in the queue's failed set for the retention, its last error
 * with it) and logged, and the story's later events go on.
 */

export interface DeliveryCommon {
  format: OutputFormat;
  /** Tries before the event is dead-lettered (default 8). */
  attempts: number;
  /** First wait before a retry, seconds (default 1), doubled each time up to maxBackoffSeconds (default 300). */
  backoffSeconds: number;
  maxBackoffSeconds: number;
}
export interface WebhookDelivery extends DeliveryCommon {
  type: 'webhook';
  url: string;
  /** The HMAC-SHA256 key (from the environment, never logged). */
  secret: string;
  signatureHeader: string;
  timeoutSeconds: number;
}
export interface FolderDelivery extends DeliveryCommon {
  type: 'folder';
  folder: string;
}
export type DeliveryConfig = WebhookDelivery | FolderDelivery;

export const DELIVERY_DEFAULTS = { attempts: 8, backoffSeconds: 1, maxBackoffSeconds: 300, timeoutSeconds: 10, signatureHeader: 'x-wiredesk-signature' } as const;

/** How long an event waits before looking again whether the story's earlier event has gone. */
const ORDER_WAIT_MS = 250;

export const EVENT_HEADER = 'x-wiredesk-event';
export const DELIVERY_HEADER = 'x-wiredesk-delivery';

/** The article as the event shows it: a kill is the story with pubStatus canceled and the kill signal. */
function eventArticle(e: PublishEvent): Article {
  if (e.event !== 'article.kill') return e.article;
  return { ...e.article, pubStatus: 'canceled', signals: e.article.signals.includes('kill') ? e.article.signals : [...e.article.signals, 'kill'] };
}

/** The bytes sent or written for one event: the whole event as JSON, or the article in the format. */
export function renderEvent(e: PublishEvent, format: OutputFormat): { body: string; contentType: string; extension: string } {
  if (format === 'json') return { body: JSON.stringify(e), contentType: 'application/json', extension: '.json' };
  return renderArticle(eventArticle(e), format);
}

/** POSTs one event; throws a coded error on anything but a 2xx within the deadline. */
export async function postEvent(d: WebhookDelivery, e: PublishEvent, deliveryId: string): Promise<void> {
  const { body, contentType } = renderEvent(e, d.format);
  const headers = {
    'content-type': `${contentType}; charset=utf-8`,
    'user-agent': `wiredesk/${PACKAGE_VERSION}`,
    [EVENT_HEADER]: e.event,
    [DELIVERY_HEADER]: deliveryId,
    ...signedHeaders(d.secret, body, Math.floor(Date.now() / 1000), d.signatureHeader),
  };
  let res: Response;
  try {
    // No redirects: the signed body and its signature go to the configured URL only.
    res = await fetch(d.url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(d.timeoutSeconds * 1000) });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
    throw new WiredeskError(timedOut ? 'WIREDESK_ERR_FETCH_TIMEOUT' : 'WIREDESK_ERR_FETCH_FAILED', timedOut ? `no answer within ${d.timeoutSeconds} s` : (err as Error).message, { cause: err });
  }
  // The answer's body is not needed; it is not read (and not buffered, whatever its size).
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status > 299) throw new WiredeskError('WIREDESK_ERR_FETCH_STATUS', `the receiver answered ${res.status}`, { status: res.status });
}

function fileSafe(s: string, max: number): string {
  return s.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, max);
}

/**
 * The file of one event: `<story>@<version>-<hash>.<ext>` (a kill: `…@<version>.kill-<hash>.<ext>`),
 * the same name for the same event, never the same for two.
 */
export function eventFileName(e: PublishEvent, key: string, extension: string): string {
  const a = e.article;
  const version = a.version ?? a.contentHash.slice(7, 19);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${fileSafe(a.id, 120)}@${fileSafe(version, 40)}${e.event === 'article.kill' ? '.kill' : ''}-${hash}${extension}`;
}

/**
 * Writes one event into the folder: to a temporary name in the same folder, flushed to disk, then
 * renamed, so a reader of the folder never sees half a file. A kill is a tombstone file of its own
 * (in the format, the story with pubStatus canceled), so an earlier version's file stays as it was.
 */
export async function writeEvent(d: FolderDelivery, e: PublishEvent, key: string): Promise<string> {
  const { body, extension } = renderEvent(e, d.format);
  await mkdir(d.folder, { recursive: true });
  const name = eventFileName(e, key, extension);
  const tmp = join(d.folder, `.${name}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(body, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, join(d.folder, name));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return name;
}

/** The Redis keys of one subscriber's delivery order. */
function orderKeys(prefix: string, subscriber: string, storyId: string): { seq: string; order: string; attempts: string } {
  // One hash tag per subscriber: its order script and transactions touch one slot on a cluster.
  const base = `${prefix}:wiredesk:delivery:{${subscriber}}`;
  return { seq: `${base}:seq`, order: `${base}:order:${createHash('sha256').update(storyId).digest('hex').slice(0, 32)}`, attempts: `${base}:attempts` };
}

/**
 * Takes the event's place in its story's order (once) and says whether it is first. One script,
 * so two workers never both see themselves first.
 */
const TAKE_PLACE = `
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score then
  score = redis.call('INCR', KEYS[1])
  redis.call('ZADD', KEYS[2], score, ARGV[1])
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local first = redis.call('ZRANGE', KEYS[2], 0, 0)
if first[1] == ARGV[1] then return 1 end
return 0
`;

export interface DeliveryStageOptions {
  prefix: string;
  /** How long the order of a story is kept without activity, ms (default: a day). */
  orderTtlMs?: number;
  logger?: Logger;
  onDelivered?: (subscriber: string, event: PublishEvent) => void;
  onDeadLetter?: (subscriber: string, event: PublishEvent, err: Error) => void;
}

/** Starts one worker per delivering subscriber; `close()` lets in-flight deliveries finish. */
export async function startDeliveries(connection: string, subscribers: Array<{ name: string; deliver?: DeliveryConfig }>, opts: DeliveryStageOptions): Promise<{ close(): Promise<void> }> {
  const delivering = subscribers.filter((s): s is { name: string; deliver: DeliveryConfig } => !!s.deliver);
  if (delivering.length === 0) return { close: async () => {} };
  const redis: Redis = connectRedis(connection, (err) => opts.logger?.warn({ err: err.message }, 'delivery: redis connection error (reconnecting)'));
  const ttl = opts.orderTtlMs ?? 24 * 3600_000;
  // One event of a subscriber in flight across every worker replica (BullMQ's global concurrency),
  // so the queue's order, the publish order, is the order events take their place in.
  const queues = new Map<string, Queue>();
  for (const { name } of delivering) {
    const q = new Queue(publishQueueName(name), { connection: redis as unknown as ConnectionOptions, prefix: queuePrefix(redis, opts.prefix, publishQueueName(name)) });
    q.on('error', () => {});
    await q.setGlobalConcurrency(1);
    queues.set(name, q);
  }
  /**
   * Whether the event is first in its story's order. An earlier event that is no longer in the
   * queue to be delivered (removed by hand, or gone by the retention) leaves the order here, so it
   * cannot hold the story back for ever.
   */
  const isFirst = async (name: string, keys: ReturnType<typeof orderKeys>, jobId: string): Promise<boolean> => {
    for (let i = 0; i < 3; i++) {
      if (((await redis.eval(TAKE_PLACE, 2, keys.seq, keys.order, jobId, String(ttl))) as number) === 1) return true;
      const [earlier] = await redis.zrange(keys.order, 0, 0);
      if (!earlier) continue;
      const state = await queues.get(name)!.getJobState(earlier);
      if (state !== 'unknown' && state !== 'completed' && state !== 'failed') return false;
      await redis.zrem(keys.order, earlier);
    }
    return false;
  };
  const workers = delivering.map(({ name, deliver }) => {
    const worker = new Worker<PublishEvent>(publishQueueName(name), async (job: Job<PublishEvent>, token?: string) => {
      const jobId = job.id ?? '';
      const key = decodeJobId(jobId);
      const keys = orderKeys(opts.prefix, name, job.data.article.id);
      if (!(await isFirst(name, keys, jobId)) && token) {
        // An earlier event of this story is still being delivered: wait behind it.
        await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token);
        throw new DelayedError();
      }
      try {
        if (deliver.type === 'webhook') await postEvent(deliver, job.data, key);
        else await writeEvent(deliver, job.data, key);
      } catch (err) {
        const attempt = (await redis.multi().hincrby(keys.attempts, jobId, 1).pexpire(keys.attempts, ttl).exec())?.[0]?.[1] as number;
        const error = err instanceof Error ? err : new Error(String(err));
        if (attempt < deliver.attempts && token) {
          const wait = Math.min(deliver.maxBackoffSeconds, deliver.backoffSeconds * 2 ** (attempt - 1)) * 1000;
          opts.logger?.warn({ subscriber: name, delivery: key, attempt, retryInMs: wait, err: error.message }, 'delivery failed, will retry');
          await job.moveToDelayed(Date.now() + wait, token);
          throw new DelayedError();
        }
        // The retry budget is spent: dead-lettered, and the story's next events may go.
        await redis.multi().zrem(keys.order, jobId).hdel(keys.attempts, jobId).exec();
        opts.logger?.error({ subscriber: name, delivery: key, attempts: attempt, code: 'WIREDESK_ERR_DELIVERY_FAILED', err: error.message }, 'delivery dead-lettered');
        opts.onDeadLetter?.(name, job.data, error);
        throw new UnrecoverableError(`WIREDESK_ERR_DELIVERY_FAILED after ${attempt} attempts: ${error.message}`);
      }
      await redis.multi().zrem(keys.order, jobId).hdel(keys.attempts, jobId).exec();
      opts.onDelivered?.(name, job.data);
    }, // One event at a time: the queue's order is the publish order, and the order gate above takes
    // each event's place in the order it is handed out.
    { connection: redis as unknown as ConnectionOptions, prefix: queuePrefix(redis, opts.prefix, publishQueueName(name)), concurrency: 1, lockDuration: 30_000 });
    worker.on('error', (err) => opts.logger?.warn({ subscriber: name, err: err.message }, 'delivery worker error'));
    // A job that failed for good outside the delivery itself (Redis errors past BullMQ's own
    // attempts) leaves the story's order too, so it cannot hold the later versions back.
    worker.on('failed', (job, err) => {
      if (!job || (err.name !== 'UnrecoverableError' && job.attemptsMade < (job.opts.attempts ?? 1))) return;
      const keys = orderKeys(opts.prefix, name, job.data.article.id);
      redis.multi().zrem(keys.order, job.id ?? '').hdel(keys.attempts, job.id ?? '').exec().catch(() => undefined);
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await quitOrDisconnect(redis);
    },
  };
}

import { parentPort, workerData } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import { LEVEL_AS_WORD } from '../worker/logger.js';
import { connectRedis } from '../queue/redis-keys.js';
import { closeRawItemQueues, enqueueRawItem } from '../queue/raw-items.js';
import { startPolling, type Polling } from './http-poll.js';
import { RedisState } from '../queue/redis-state.js';
import { startDropFolder } from './drop-folder.js';
import { startRemotePolling, type RemotePolling } from './remote-folder.js';
import { startImapPolling, type ImapPolling } from './imap.js';
import { FeedStatusRecorder, isPaused, within } from './feed-status.js';
import type { RunningSource, SourceContext } from './source.js';
import type { SourcesThreadData, ToMain, ToThread } from './sources-thread.js';

// The body of the sources thread (see sources-thread.ts): HTTP polling and drop folders with their
// own event loop and their own Redis connections. Logs and source errors go to the main thread,
// which owns the logger and the metrics.

const port = parentPort;
if (!port) throw new Error('sources-thread-entry runs as a worker thread');
const data = workerData as SourcesThreadData;
const post = (m: ToMain): void => port.postMessage(m);

// Log lines are handed to the main thread whole; it writes them through its logger.
const logger: Logger = pino({ level: data.logLevel, base: undefined, timestamp: false, formatters: LEVEL_AS_WORD }, { write: (line: string) => post({ type: 'log', line }) });

// The main thread logs Redis' state changes; here they are tracked (quietly) for the resync below,
// and errors that are not about the connection are logged once per message per interval.
const redisState = new RedisState({ logger, quietStates: true, stillDownEveryMs: data.redisDownLogMs });
const redis = connectRedis(data.redisUrl, (err) => redisState.report('sources', err));
// What each feed did, for `wiredesk feeds` (Redis) and /metrics (the main thread): a status write
// that fails (Redis away) never holds up or fails a source.
const status = new FeedStatusRecorder(redis, data.prefix);
const folderIds = new Set(data.folders.map((f) => f.id));
const quietly = (p: Promise<unknown>): void => void p.catch((e: unknown) => logger.debug({ err: (e as Error).message }, 'feed status not recorded'));
const ctx: SourceContext = {
  enqueue: async (job, opts) => {
    const id = await enqueueRawItem(data.redisUrl, job, { prefix: data.prefix, ...(opts?.jobId ? { jobId: opts.jobId } : {}) });
    post({ type: 'feed-items', feed: job.feed, n: 1 });
    // A drop folder's success is a file delivered; a polled feed's is its poll (recorded by the poller).
    quietly(status.items(job.feed, 1, Date.now(), folderIds.has(job.feed)));
    return id;
  },
  logger,
  onError: (feed, code, message) => {
    post({ type: 'source-error', feed, code });
    if (message !== undefined && folderIds.has(feed)) quietly(status.error(feed, code, message, Date.now()));
  },
  onPoll: (feed, result) => post({ type: 'feed-poll', feed, result }),
  isPaused: (feed) => within(isPaused(redis, data.prefix, feed), 1_000, false),
};

const sources: RunningSource[] = [];
let polling: Polling | null = null;
let remotePolling: RemotePolling | null = null;
let imapPolling: ImapPolling | null = null;

async function start(): Promise<void> {
  if (data.polled.length) sources.push((polling = await startPolling({ connection: redis, prefix: data.prefix, feeds: data.polled, ctx, redisErrors: redisState })));
  if (data.remote?.length) sources.push((remotePolling = await startRemotePolling({ connection: redis, prefix: data.prefix, feeds: data.remote, ctx, redisErrors: redisState })));
  if (data.imap?.length) sources.push((imapPolling = await startImapPolling({ connection: redis, prefix: data.prefix, feeds: data.imap, ctx, redisErrors: redisState })));
  for (const feed of data.folders) sources.push(await startDropFolder(feed, ctx, data.parseTimeoutMs !== undefined ? { parseTimeoutMs: data.parseTimeoutMs } : {}));
}

/**
 * What the sources keep in Redis from their start (the polled feeds' job schedulers) is lost
 * when Redis comes back empty. After every reconnect it is made again (upserts: nothing changes
 * when Redis kept it), then the main thread hears that the sources are in sync (readiness).
 */
let started = false;
let stopping = false;
let resyncing: Promise<void> | null = null;
function resync(): void {
  if (!started || stopping || resyncing) return;
  resyncing = (async () => {
    for (let attempt = 0; !stopping && redis.status === 'ready'; attempt++) {
      try {
        await polling?.resync();
        await remotePolling?.resync();
        await imapPolling?.resync();
        post({ type: 'redis', synced: true });
        logger.debug('sources resynced after redis came back');
        return;
      } catch (e) {
        redisState.report('sources resync', e);
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  })().finally(() => {
    resyncing = null;
  });
}
redis.on('close', () => {
  if (started && !stopping) post({ type: 'redis', synced: false });
});
redis.on('ready', resync);

async function stop(): Promise<void> {
  stopping = true;
  redisState.close();
  await Promise.allSettled(sources.map((s) => s.stop()));
  await closeRawItemQueues();
  await redis.quit().catch(() => redis.disconnect());
}

port.on('message', (m: ToThread) => {
  if (m.type !== 'stop') return;
  stop().then(
    () => post({ type: 'stopped' }),
    (e: unknown) => post({ type: 'stopped', error: (e as Error).message }),
  ).finally(() => port.close());
});

start().then(
  () => {
    started = true;
    post({ type: 'ready' });
  },
  (e: unknown) => post({ type: 'failed', error: (e as Error).stack ?? String(e) }),
);

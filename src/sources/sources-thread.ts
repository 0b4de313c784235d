import { Worker } from 'node:worker_threads';
import type { Logger, Level } from 'pino';
import type { FolderFeed, ImapFeed, PolledFeed, RemoteFeed } from '../config/config.js';
import type { RunningSource } from './source.js';

/**
 * The worker process runs its polled feeds and drop folders in a thread of their own. A source
 * is mostly waiting (an HTTP round trip, a Redis write, a directory listing), but each wait ends
 * in a callback, and on the main thread that callback queues behind the stage workers' parsing:
 * a page of stories is milliseconds of synchronous CPU, and eight of them in flight held each
 * step of a paging poll for tens of milliseconds, so under load the poller, not the CPU, set the
 * pace. In its own thread a source answers at once; the stages keep the main thread.
 *
 * The thread has its own Redis connections. Its log lines and source errors come back as
 * messages: the main thread writes them through its logger and counts them in its metrics.
 * Webhooks stay on the main thread with the HTTP server.
 */

export interface SourcesThreadData {
  redisUrl: string;
  prefix: string;
  polled: PolledFeed[];
  folders: FolderFeed[];
  /** FTP/SFTP feeds (src/sources/remote-folder.ts). */
  remote?: RemoteFeed[];
  /** IMAP feeds (src/sources/imap.ts). */
  imap?: ImapFeed[];
  logLevel: Level | 'silent';
  /** How often a non-connection Redis error may repeat in the log (ms). */
  redisDownLogMs?: number;
  /** The deadline of a drop-folder file's check parse (ms; 0: on the sources thread, no deadline). */
  parseTimeoutMs?: number;
}

export type ToThread = { type: 'stop' };
export type ToMain =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'log'; line: string }
  | { type: 'source-error'; feed: string; code: string }
  /** The thread's Redis connection was lost (false), or came back and the schedulers were made again (true). */
  | { type: 'redis'; synced: boolean }
  | { type: 'feed-poll'; feed: string; result: string }
  | { type: 'feed-items'; feed: string; n: number }
  | { type: 'stopped'; error?: string };

export interface SourcesThread extends RunningSource {
  /** False once the thread has died (readiness reports it). */
  alive(): boolean;
  /** False from a lost Redis connection until the thread has re-made its Redis state (readiness). */
  synced(): boolean;
  /** Stops the sources; past `timeoutMs` (default: the stopTimeoutMs option) the thread is terminated. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface SourcesThreadOptions {
  redisUrl: string;
  prefix: string;
  polled: PolledFeed[];
  folders: FolderFeed[];
  remote?: RemoteFeed[];
  imap?: ImapFeed[];
  logger: Logger;
  onError?(feed: string, code: string): void;
  /** A poll's result and items enqueued, per feed (metrics). */
  onPoll?(feed: string, result: string): void;
  onItems?(feed: string, n: number): void;
  /** How long stop() waits for the sources to finish the item in hand. */
  stopTimeoutMs?: number;
  redisDownLogMs?: number;
  /** The deadline of a drop-folder file's check parse (ms). */
  parseTimeoutMs?: number;
}

/** Re-emits a pino line from the thread through the main logger, at its level. */
function relog(logger: Logger, line: string): void {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, ...rest } = rec;
  const label = typeof level === 'number' ? logger.levels.labels[level] : typeof level === 'string' ? level : undefined;
  const write = label && label in logger ? (logger[label as Level] as (o: object, m?: string) => void) : null;
  write?.call(logger, { thread: 'sources', ...rest }, typeof msg === 'string' ? msg : undefined);
}

export async function startSourcesThread(opts: SourcesThreadOptions): Promise<SourcesThread> {
  const data: SourcesThreadData = { redisUrl: opts.redisUrl, prefix: opts.prefix, polled: opts.polled, folders: opts.folders, ...(opts.remote?.length ? { remote: opts.remote } : {}), ...(opts.imap?.length ? { imap: opts.imap } : {}), logLevel: opts.logger.level as Level, ...(opts.redisDownLogMs ? { redisDownLogMs: opts.redisDownLogMs } : {}), ...(opts.parseTimeoutMs !== undefined ? { parseTimeoutMs: opts.parseTimeoutMs } : {}) };
  const thread = new Worker(new URL('./sources-thread-entry.js', import.meta.url), { workerData: data, name: 'wiredesk-sources' });
  let alive = true;
  let synced = true;
  let stopping = false;
  let onStopped: ((m: { error?: string }) => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    thread.on('message', (m: ToMain) => {
      switch (m.type) {
        case 'ready': resolve(); break;
        case 'failed': reject(new Error(`sources could not start: ${m.error}`)); break;
        case 'log': relog(opts.logger, m.line); break;
        case 'source-error': opts.onError?.(m.feed, m.code); break;
        case 'redis': synced = m.synced; break;
        case 'feed-poll': opts.onPoll?.(m.feed, m.result); break;
        case 'feed-items': opts.onItems?.(m.feed, m.n); break;
        case 'stopped': onStopped?.(m); break;
      }
    });
    thread.on('error', (e) => {
      alive = false;
      opts.logger.error({ err: e }, 'sources thread failed');
      reject(e);
    });
    thread.on('exit', (code) => {
      alive = false;
      if (!stopping) opts.logger.error({ code }, 'sources thread exited');
      reject(new Error(`sources thread exited (${code})`));
    });
  });
  try {
    await ready;
  } catch (e) {
    stopping = true;
    await thread.terminate();
    throw e;
  }

  let stopped: Promise<void> | null = null;
  return {
    alive: () => alive,
    synced: () => synced,
    stop(timeoutMs?: number): Promise<void> {
      stopped ??= (async () => {
        stopping = true;
        if (!alive) return;
        const done = new Promise<{ error?: string }>((resolve) => {
          onStopped = resolve;
          thread.once('exit', () => resolve({}));
        });
        thread.postMessage({ type: 'stop' } satisfies ToThread);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<{ error: string }>((resolve) => {
          timer = setTimeout(() => resolve({ error: 'timed out' }), timeoutMs ?? opts.stopTimeoutMs ?? 30_000);
        });
        const result = await Promise.race([done, timeout]);
        clearTimeout(timer);
        if (result.error) opts.logger.warn({ err: result.error }, 'sources thread did not stop cleanly');
        await thread.terminate();
      })();
      return stopped;
    },
  };
}

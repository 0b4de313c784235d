import type { Logger } from 'pino';
import type { RawItemJob } from '../queue/contract.js';

/**
 * What every source gets from the worker process: a way to hand a raw item to the `ingest`
 * queue (resolves once the job is durably in Redis) and somewhere to report.
 */
export interface SourceContext {
  /** `jobId`: a deterministic job id (the FTP/SFTP sources), so a repeated add of the same file is one job. */
  enqueue(job: RawItemJob, opts?: { jobId?: string }): Promise<string>;
  logger: Logger;
  /** Counts a source-side failure by its code (metrics); with a message, it is the feed's last error (`wiredesk feeds status`). */
  onError?(feed: string, code: string, message?: string): void;
  /** Counts one poll of a polled feed by its result (metrics `wiredesk_feed_polls_total`). */
  onPoll?(feed: string, result: string): void;
  /** Whether an operator paused the feed (`wiredesk feeds pause`): a drop folder skips its scans. */
  isPaused?(feed: string): Promise<boolean>;
}

/** A running source: stop() ends its timers and lets the item in hand finish. */
export interface RunningSource {
  stop(): Promise<void>;
}

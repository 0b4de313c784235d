import type { Logger } from 'pino';
import type { RawItemJob } from '../queue/contract.js';

/**
 * What every source gets from the worker process: a way to hand a raw item to the `ingest`
 * queue (resolves once the job is durably in Redis) and somewhere to report.
 */
export interface SourceContext {
  enqueue(job: RawItemJob): Promise<string>;
  logger: Logger;
  /** Counts a source-side failure by its code (metrics). */
  onError?(feed: string, code: string): void;
}

/** A running source: stop() ends its timers and lets the item in hand finish. */
export interface RunningSource {
  stop(): Promise<void>;
}

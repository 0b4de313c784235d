import type { PublishEventName } from './contract.js';
import type { ReviewRule } from '../review/review-rules.js';

/** How one configured feed's stories are routed (the config's feed entry, as the stages need it). */
export interface FeedSettings {
  routing: 'publish' | 'review' | 'drop';
  /** Registry name of the format to use instead of detection. */
  format?: string;
  filters?: { subjects?: string[]; keywords?: string[]; languages?: string[] };
}

export interface PipelineSettings {
  feeds: Record<string, FeedSettings>;
  subscribers: Array<{ name: string; filter?: FeedSettings['filters'] }>;
  /** How long the story store remembers versions (and publish job ids stay deduplicated). */
  retentionSeconds: number;
  /** Dead-letter retention (default 30 days, 100,000 entries). */
  deadLetters?: { maxAgeDays?: number; maxCount?: number };
  /** Jobs each stage worker runs at once. */
  concurrency: number;
  /** Redis key prefix of the queues and wiredesk's own keys (default `wiredesk`, DEFAULT_PREFIX). */
  prefix?: string;
  /**
   * How long a worker's hold on a job lasts without renewal, in ms (BullMQ's lockDuration; default
   * 10 000 here, BullMQ's own is 30 000); the stalled-job check runs at the same interval. A worker killed mid-job has its jobs
   * taken over after about this long.
   */
  lockDurationMs?: number;
  /**
   * The deadline of one raw item's parse, ms (config `parseTimeoutSeconds`). Parsing runs in a
   * small pool of worker threads (src/pipeline/parse-pool.ts); an item past the deadline fails
   * with WIREDESK_ERR_PARSE_TIMEOUT and is dead-lettered. Default 30 000; 0 parses on the main
   * thread with no deadline (as before).
   */
  parseTimeoutMs?: number;
  /** Parse threads; default min(concurrency, cores, 4). */
  parseThreads?: number;
  /** Named review rules (config `review.rules`): a publish-routed story that matches one goes to review. */
  reviewRules?: ReviewRule[];
}

export type StageOutcome = 'published' | 'review' | 'dropped' | 'duplicate' | 'stale' | 'failed' | 'embargoed';

/** Callbacks for metrics: one outcome per story (or failed item), one call per event delivered. */
export interface StageHooks {
  onOutcome?(o: { feed: string; format: string | null; outcome: StageOutcome; code?: string }): void;
  onPublished?(o: { subscriber: string; event: PublishEventName; lagMs: number | null }): void;
}

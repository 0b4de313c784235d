import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import { CODES } from '../errors.js';
import { withTimeout } from '../queue/redis-state.js';

/**
 * The worker's Prometheus metrics, in a registry of its own (several workers can live in one
 * test process). Stage outcomes and publish lag arrive through the stage workers' hooks; queue
 * depths are read from Redis when /metrics is scraped, by one replica of the deployment only
 * (see `watch`), and never for longer than the Redis timeout.
 */
export interface WorkerMetrics {
  registry: Registry;
  stories: Counter<'feed' | 'format' | 'outcome'>;
  /** Use countError(): it keeps the codes to the catalogue (docs/errors.md). */
  errors: Counter<'code' | 'feed'>;
  lag: Histogram<'subscriber' | 'event'>;
  redisUp: Gauge;
  /** Counts an error under its WIREDESK_ERR_* code; a code outside the catalogue counts as WIREDESK_ERR_INTERNAL. */
  countError(code: string, feed: string): void;
  /**
   * Queues whose depth /metrics reports. `source.exports()` says whether this replica reports them
   * (it holds the deployment's lease: src/worker/depth-lease.ts), `source.up()` whether Redis is
   * up; the read is bounded by `source.timeoutMs`, and nothing is reported when it fails.
   */
  watch(queues: Queue[], source: DepthSource): void;
  /** How /metrics reads the number of dead letters (gauge `wiredesk_dead_letters`). */
  watchDeadLetters(count: () => Promise<number>): void;
  /** Per-feed polls, errors, items and last success (`wiredesk_feed_*`). */
  feeds: FeedMetrics;
}

export interface DepthSource {
  exports(): boolean;
  up(): boolean;
  timeoutMs: number;
}

export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/** The code errors_total counts for `code`: itself when docs/errors.md catalogues it as an error. */
export function catalogedErrorCode(code: string): string {
  return code.startsWith('WIREDESK_ERR_') && Object.hasOwn(CODES, code) ? code : 'WIREDESK_ERR_INTERNAL';
}

export function createMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wiredesk_' });
  const watched: Queue[] = [];
  let depthSource: DepthSource | null = null;
  const stories = new Counter({
    name: 'wiredesk_stories_total',
    help: 'Stories through the stage workers, by feed, format and outcome (published, review, dropped, duplicate, stale, failed, embargoed)',
    labelNames: ['feed', 'format', 'outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'wiredesk_errors_total',
    help: 'Errors by WIREDESK_ERR_* code (docs/errors.md) and feed (sources and stages)',
    labelNames: ['code', 'feed'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'wiredesk_publish_lag_seconds',
    help: 'Seconds from the receipt of the raw item (poll, drop folder, webhook) to its publish event, for stories published straight through (not held for an embargo or review)',
    labelNames: ['subscriber', 'event'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const redisUp = new Gauge({
    name: 'wiredesk_redis_up',
    help: '1 while this worker reaches Redis, 0 while it is down',
    registers: [registry],
  });
  redisUp.set(1);
  new Gauge({
    name: 'wiredesk_queue_depth',
    help: 'Jobs in each queue by state. Exported by one replica of the deployment at a time (the holder of a short Redis lease), so sum() over replicas is the depth; absent while Redis is down',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const source = depthSource;
      if (!source || !watched.length || !source.up() || !source.exports()) return;
      let all: Array<Record<string, number>>;
      try {
        all = await withTimeout(Promise.all(watched.map((q) => q.getJobCounts(...JOB_STATES))), source.timeoutMs, 'queue depths');
      } catch {
        return; // Redis did not answer in time: no value rather than a stale or hanging one
      }
      watched.forEach((q, i) => {
        for (const state of JOB_STATES) this.set({ queue: q.name, state }, all[i]![state] ?? 0);
      });
    },
  });
  const deadLetters = deadLetterGauge(registry);
  return {
    registry,
    stories,
    errors,
    lag,
    redisUp,
    countError: (code, feed) => errors.inc({ code: catalogedErrorCode(code), feed }),
    watch: (queues, source) => {
      watched.push(...queues);
      depthSource = source;
    },
    watchDeadLetters: deadLetters,
    feeds: feedMetrics(registry),
  };
}

// --- Dead letters (issue 15 item 4) ---------------------------------------------------------

/** How long a scrape waits for the dead-letter count before it leaves the gauge out. */
const DEAD_LETTER_READ_MS = 1_000;

/**
 * `wiredesk_dead_letters`: how many dead letters there are now (alert rules watch it grow),
 * read from Redis at scrape time. When Redis does not answer in time the gauge is left out of
 * that scrape rather than reporting a stale or zero count.
 */
function deadLetterGauge(registry: Registry): (count: () => Promise<number>) => void {
  let read: (() => Promise<number>) | null = null;
  new Gauge({
    name: 'wiredesk_dead_letters',
    help: 'Dead letters currently kept (wiredesk dlq list)',
    registers: [registry],
    async collect() {
      this.reset();
      if (!read) return;
      try {
        this.set(await withTimeout(read(), DEAD_LETTER_READ_MS));
      } catch {
        // Redis unreachable or slow: no value this scrape.
      }
    },
  });
  return (count) => { read = count; };
}

// --- Feeds (issue 15 item 7) ----------------------------------------------------------------

export interface FeedMetrics {
  polls: Counter<'feed' | 'result'>;
  errors: Counter<'feed' | 'code'>;
  items: Counter<'feed'>;
  /** How /metrics reads each feed's last success (epoch ms), from Redis: the same for every replica. */
  watchLastSuccess(read: () => Promise<Map<string, number>>): void;
}

/**
 * Per feed: polls by result, source-side errors by code and items handed to the ingest queue
 * (counters of this process, summed across replicas by Prometheus), and the time of the last
 * success (a gauge read from Redis at scrape time; feeds with none yet are left out, and so is the
 * whole gauge when Redis does not answer within a second).
 */
function feedMetrics(registry: Registry): FeedMetrics {
  let read: (() => Promise<Map<string, number>>) | null = null;
  new Gauge({
    name: 'wiredesk_feed_last_success_timestamp_seconds',
    help: 'Unix time of each feed\'s last successful poll (a drop folder or webhook: its last item)',
    labelNames: ['feed'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!read) return;
      try {
        for (const [feed, ms] of await withTimeout(read(), DEAD_LETTER_READ_MS)) this.set({ feed }, ms / 1000);
      } catch {
        // Redis unreachable or slow: no value this scrape.
      }
    },
  });
  return {
    polls: new Counter({ name: 'wiredesk_feed_polls_total', help: 'Polls of each polled feed by result (fetched, not-modified, failed, backing-off, paused, busy)', labelNames: ['feed', 'result'] as const, registers: [registry] }),
    errors: new Counter({ name: 'wiredesk_feed_errors_total', help: 'Source-side errors of each feed by WIREDESK_ERR_* code', labelNames: ['feed', 'code'] as const, registers: [registry] }),
    items: new Counter({ name: 'wiredesk_feed_items_total', help: 'Raw items (documents, pages, files) each feed handed to the ingest queue', labelNames: ['feed'] as const, registers: [registry] }),
    watchLastSuccess: (r) => { read = r; },
  };
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';

/**
 * The worker's Prometheus metrics, in a registry of its own (several workers can live in one
 * test process). Stage outcomes and publish lag arrive through the stage workers' hooks; queue
 * depths are read from Redis when /metrics is scraped.
 */
export interface WorkerMetrics {
  registry: Registry;
  stories: Counter<'feed' | 'format' | 'outcome'>;
  errors: Counter<'code' | 'feed'>;
  lag: Histogram<'subscriber' | 'event'>;
  /** Queues whose depth /metrics reports. */
  watch(queues: Queue[]): void;
  /** How /metrics reads the number of dead letters (gauge `wiredesk_dead_letters`). */
  watchDeadLetters(count: () => Promise<number>): void;
  /** Per-feed polls, errors, items and last success (`wiredesk_feed_*`). */
  feeds: FeedMetrics;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

export function createMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wiredesk_' });
  const watched: Queue[] = [];
  const stories = new Counter({
    name: 'wiredesk_stories_total',
    help: 'Stories through the stage workers, by feed, format and outcome (published, review, dropped, duplicate, stale, failed, embargoed)',
    labelNames: ['feed', 'format', 'outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'wiredesk_errors_total',
    help: 'Errors by WIREDESK_ERR_* code and feed (sources and stages)',
    labelNames: ['code', 'feed'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'wiredesk_publish_lag_seconds',
    help: "Seconds from a story's versionCreated to its publish event",
    labelNames: ['subscriber', 'event'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  new Gauge({
    name: 'wiredesk_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        watched.map(async (q) => {
          const counts = await q.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  const deadLetters = deadLetterGauge(registry);
  return { registry, stories, errors, lag, watch: (queues) => watched.push(...queues), watchDeadLetters: deadLetters, feeds: feedMetrics(registry) };
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
      let timer: NodeJS.Timeout | undefined;
      try {
        const n = await Promise.race([read(), new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), DEAD_LETTER_READ_MS); })]);
        if (n !== null) this.set(n);
      } catch {
        // Redis unreachable: no value this scrape.
      } finally {
        clearTimeout(timer);
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
      let timer: NodeJS.Timeout | undefined;
      try {
        const got = await Promise.race([read(), new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), DEAD_LETTER_READ_MS); })]);
        for (const [feed, ms] of got ?? []) this.set({ feed }, ms / 1000);
      } catch {
        // Redis unreachable: no value this scrape.
      } finally {
        clearTimeout(timer);
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

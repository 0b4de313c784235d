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
  return { registry, stories, errors, lag, watch: (queues) => watched.push(...queues), watchDeadLetters: deadLetters };
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

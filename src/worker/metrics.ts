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
  return { registry, stories, errors, lag, watch: (queues) => watched.push(...queues) };
}

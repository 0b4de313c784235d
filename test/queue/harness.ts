import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '../../src/queue/redis-connection.js';
import { connectTest, deletePrefixKeys } from '../worker/redis-env.js';
import { startStageWorkers, enqueueRawItem, closeRawItemQueues, type PipelineSettings, type StageOutcome } from '../../src/queue/stages.js';
import { subscribe, type Subscription } from '../../src/subscriber.js';
import type { PublishEvent, RawItemJob } from '../../src/queue/contract.js';

export const REDIS_URL = process.env.REDIS_URL;

/** Skips a Redis-backed test when no server is configured (npm test always starts one). */
export const redisSkip = REDIS_URL ? false : 'REDIS_URL is not set (npm test starts a redis-server)';

export interface StoryOptions {
  guid: string;
  version: number | string;
  versionCreated: string;
  headline?: string;
  body?: string;
  pubstatus?: 'usable' | 'canceled' | 'withheld';
  signals?: string[];
  embargoed?: string;
  language?: string;
  subjects?: string[];
  /** guid of the story this item kills or corrects (ninjs association "replaces"). */
  replaces?: string;
}

/** A ninjs 1.x text item written for these tests. */
export function ninjsStory(o: StoryOptions): Buffer {
  const body = o.body ?? `<p>${o.headline ?? 'Harbour cranes idle'} — version ${o.version} of the story, told in a few plain sentences for the queue tests.</p>`;
  return Buffer.from(JSON.stringify({
    guid: o.guid,
    type: 'text',
    version: String(o.version),
    versioncreated: o.versionCreated,
    firstcreated: '2026-03-02T06:00:00+0000',
    pubstatus: o.pubstatus ?? 'usable',
    ...(o.embargoed ? { embargoed: o.embargoed } : {}),
    ...(o.signals ? { signal: o.signals.map((code) => ({ code })) } : {}),
    language: o.language ?? 'en',
    source: 'Testwire',
    headline: o.headline ?? 'Harbour cranes idle as dockworkers strike',
    body_html: body,
    ...(o.replaces ? { associations: { replaces: { altids: [{ role: 'guid', value: o.replaces }] } } } : {}),
    ...(o.subjects ? { subject: o.subjects.map((code) => ({ code, scheme: 'medtop' })) } : {}),
  }));
}

export function rawJob(feed: string, bytes: Buffer): RawItemJob {
  return { feed, bytes: bytes.toString('base64'), path: `test:${feed}`, contentType: 'application/json', receivedAt: new Date().toISOString() };
}

export interface Received {
  subscriber: string;
  event: PublishEvent;
  jobId: string;
}

export interface Harness {
  prefix: string;
  settings: PipelineSettings;
  outcomes: Array<{ feed: string; outcome: StageOutcome; code?: string }>;
  received: Received[];
  enqueue(feed: string, bytes: Buffer): Promise<string>;
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** A connection to the harness's target (a Redis or a Cluster). */
  redis: RedisConnection;
  close(): Promise<void>;
}

/**
 * Stage workers plus subscribers under a prefix of their own. `slow` subscribers take
 * `slowMs` per event. Everything is closed by close().
 */
export async function startHarness(opts: { subscribers?: string[]; slow?: Record<string, number>; settings?: Partial<PipelineSettings>; prefix?: string; url?: string } = {}): Promise<Harness> {
  // The target: the single server, or the shared cluster (test/worker/redis-env.ts redisTargets()).
  const url = opts.url ?? REDIS_URL!;
  const prefix = opts.prefix ?? `wdtest-${randomBytes(5).toString('hex')}`;
  const names = opts.subscribers ?? ['web', 'print'];
  const settings: PipelineSettings = {
    feeds: { wire: { routing: 'publish' }, desk: { routing: 'review' }, bin: { routing: 'drop' }, ...opts.settings?.feeds },
    subscribers: names.map((name) => ({ name })),
    retentionSeconds: 3600,
    concurrency: 4,
    prefix,
    ...opts.settings,
  };
  settings.prefix = prefix;
  const outcomes: Harness['outcomes'] = [];
  const received: Received[] = [];
  const stages = await startStageWorkers(url, settings, {
    onOutcome: (o) => outcomes.push({ feed: o.feed, outcome: o.outcome, ...(o.code ? { code: o.code } : {}) }),
  });
  const subs: Subscription[] = [];
  for (const name of names) {
    const delay = opts.slow?.[name] ?? 0;
    subs.push(await subscribe(name, async (event, info) => {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      received.push({ subscriber: name, event, jobId: info.jobId });
    }, { connection: url, prefix }));
  }
  const redis = connectTest(url);
  return {
    prefix,
    settings,
    outcomes,
    received,
    redis,
    enqueue: (feed, bytes) => enqueueRawItem(url, rawJob(feed, bytes), { prefix }),
    async waitFor(what, predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; outcomes ${JSON.stringify(outcomes)}; received ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await Promise.all(subs.map((s) => s.close()));
      await stages.close();
      await closeRawItemQueues();
      await deletePrefixKeys(redis, prefix);
      await redis.quit();
    },
  };
}

export function eventsOf(h: Harness, subscriber: string): Array<{ event: string; version: string | null; previous: string | null }> {
  return h.received.filter((r) => r.subscriber === subscriber).map((r) => ({ event: r.event.event, version: r.event.article.version, previous: r.event.previous }));
}

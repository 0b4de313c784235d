import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { parse as parseYaml } from 'yaml';
import { startWorker, type RunningWorker } from '../../src/worker/run-worker.js';
import { workerLogger } from '../../src/worker/logger.js';
import { catalogedErrorCode } from '../../src/worker/metrics.js';
import { signedHeaders } from '../../src/sources/webhook.js';
import { CODES } from '../../src/errors.js';
import type { PublishEvent } from '../../src/queue/contract.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { packagePath } from '../../src/package-info.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, until, deletePrefixKeys } from './redis-env.js';
import { freePort } from '../helpers/redis-server.js';

/** A logger made the way the worker makes its own (levels as words), keeping its lines. */
function wordLogger(): { logger: ReturnType<typeof workerLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: workerLogger({ level: 'debug' }, sink), lines };
}

function baseConfig(prefix: string, feeds: WorkerConfig['feeds']): WorkerConfig {
  return {
    redisUrl: REDIS_URL!,
    prefix,
    listen: { host: '127.0.0.1', port: 0 },
    bodyLimitBytes: 1_000_000,
    concurrency: 2,
    retentionSeconds: 3600,
    tokens: new Map(),
    feeds,
    subscribers: [{ name: 'web' }],
  };
}

async function cleanup(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL!);
  await deletePrefixKeys(redis, prefix);
  await redis.quit();
}

function webhookPost(worker: RunningWorker, feed: string, body: Buffer | string, secret = 's3cret'): Promise<Response> {
  return fetch(`${worker.url}/ingest/${feed}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'application/xml', ...signedHeaders(secret, body) } });
}

test('one info line per story outcome, levels as words, and a correlation id from receipt to the published event; publish lag from receipt', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('obs');
  const dir = await mkdtemp(join(tmpdir(), 'wiredesk-obs-'));
  const { logger, lines } = wordLogger();
  const worker = await startWorker(baseConfig(prefix, [
    { id: 'partner', kind: 'webhook', routing: 'publish', secret: 's3cret', signatureHeader: 'x-wiredesk-signature' },
    { id: 'drop', kind: 'folder', routing: 'publish', folder: dir, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 },
  ]), { logger });
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const web = new Queue<PublishEvent>('publish.web', { connection: redis, prefix });
  try {
    // The story's versionCreated is in 2025: lag measured from it would be months.
    const story = await readFile(packagePath('fixtures', 'newsml-g2', 'reuters-text-trailer.xml'));
    const res = await webhookPost(worker, 'partner', story);
    assert.equal(res.status, 202);
    const { correlationId } = (await res.json()) as { correlationId: string };
    assert.match(correlationId, /^[0-9a-f-]{36}$/);
    await until(async () => (await web.count()) >= 1, 'the webhook story in publish.web');
    const [event] = (await web.getJobs(['waiting'], 0, 0)) as Array<Job<PublishEvent>>;
    assert.equal(event!.data.correlationId, correlationId, 'the event carries the raw item\'s correlation id');

    const outcome = lines.find((l) => l.msg === 'story outcome' && l.correlationId === correlationId);
    assert.ok(outcome, 'a story outcome line with the correlation id');
    assert.equal(outcome.level, 'info');
    assert.equal(outcome.id, event!.data.article.id);
    assert.equal(typeof outcome.version, 'string');
    assert.equal(outcome.feed, 'partner');
    assert.equal(outcome.format, 'newsml-g2');
    assert.equal(outcome.decision, 'published');
    assert.deepEqual(outcome.subscribers, ['web']);
    assert.equal(typeof outcome.ms, 'number');
    assert.equal(lines.filter((l) => l.msg === 'story outcome' && l.correlationId === correlationId).length, 1, 'one line per story');

    // A dropped file: the correlation id of its receipt is on its log line and its event.
    await writeFile(join(dir, 'dpa.xml'), await readFile(packagePath('fixtures', 'newsml-g2', 'dpa-berichtigung.xml')));
    await until(() => lines.some((l) => l.msg === 'drop file enqueued'), 'the dropped file enqueued');
    const dropped = lines.find((l) => l.msg === 'drop file enqueued')!;
    assert.match(String(dropped.correlationId), /^[0-9a-f-]{36}$/);
    await until(async () => (await web.count()) >= 2, 'the dropped story in publish.web');
    const events = (await web.getJobs(['waiting'], 0, 10)) as Array<Job<PublishEvent>>;
    assert.ok(events.some((e) => e.data.correlationId === dropped.correlationId));
    assert.ok(lines.some((l) => l.msg === 'story outcome' && l.correlationId === dropped.correlationId && l.feed === 'drop'));

    // Every line of the worker has its level as a word.
    assert.ok(lines.length > 0 && lines.every((l) => typeof l.level === 'string'), 'levels as words');

    // Publish lag from receipt (seconds here), not from the story's versionCreated (months).
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    const count = /^wiredesk_publish_lag_seconds_count\{subscriber="web",event="article\.upsert"\} (\d+)$/m.exec(metrics);
    const under60 = /^wiredesk_publish_lag_seconds_bucket\{le="60",subscriber="web",event="article\.upsert"\} (\d+)$/m.exec(metrics);
    assert.ok(count && under60, metrics.split('\n').filter((l) => l.includes('lag')).join('\n'));
    assert.ok(Number(count[1]) >= 1);
    assert.equal(under60[1], count[1], 'every lag under a minute');
  } finally {
    await worker.close();
    await web.close();
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
    await cleanup(prefix);
  }
});

test('a poll failure is logged with its cause (ECONNREFUSED), not "fetch failed"', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('obs-poll');
  const port = await freePort(); // nothing listens there
  const { logger, lines } = wordLogger();
  const worker = await startWorker(baseConfig(prefix, [
    { id: 'wire', kind: 'http', url: `http://127.0.0.1:${port}/feed.xml`, routing: 'publish', pollIntervalSeconds: 0.1, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true },
  ]), { logger });
  try {
    await until(() => lines.some((l) => l.msg === 'poll failed; backing off'), 'a poll failure line');
    const line = lines.find((l) => l.msg === 'poll failed; backing off')!;
    assert.equal(line.level, 'warn');
    assert.equal(line.feed, 'wire');
    assert.equal(line.code, 'WIREDESK_ERR_FETCH_FAILED');
    assert.equal(line.cause, 'ECONNREFUSED');
  } finally {
    await worker.close();
    await cleanup(prefix);
  }
});

test('errors_total counts only codes catalogued in docs/errors.md', { skip: NO_REDIS }, async () => {
  // The guard: anything that is not a catalogued error code counts as WIREDESK_ERR_INTERNAL.
  assert.equal(catalogedErrorCode('WIREDESK_ERR_FETCH_FAILED'), 'WIREDESK_ERR_FETCH_FAILED');
  assert.equal(catalogedErrorCode('no-subscriber'), 'WIREDESK_ERR_INTERNAL');
  assert.equal(catalogedErrorCode('WIREDESK_WARN_BODY_EMPTY'), 'WIREDESK_ERR_INTERNAL');
  assert.equal(catalogedErrorCode('WIREDESK_ERR_NOT_A_CODE'), 'WIREDESK_ERR_INTERNAL');

  // A running worker through every kind of failure and non-published outcome it counts.
  const prefix = uniquePrefix('obs-errors');
  const port = await freePort();
  const { logger } = wordLogger();
  const worker = await startWorker({
    ...baseConfig(prefix, [
      { id: 'partner', kind: 'webhook', routing: 'publish', secret: 's3cret', signatureHeader: 'x-wiredesk-signature' },
      { id: 'bin', kind: 'webhook', routing: 'drop', secret: 's3cret', signatureHeader: 'x-wiredesk-signature' },
      { id: 'wire', kind: 'http', url: `http://127.0.0.1:${port}/feed.xml`, routing: 'publish', pollIntervalSeconds: 0.1, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true },
    ]),
    // A subscriber that takes nothing: published stories with no taker are "dropped" (not an error).
    subscribers: [{ name: 'web', filter: { languages: ['xx'] } }],
  }, { logger });
  try {
    const story = await readFile(packagePath('fixtures', 'newsml-g2', 'reuters-text-trailer.xml'));
    assert.equal((await fetch(`${worker.url}/ingest/partner`, { method: 'POST', body: story, headers: { 'x-wiredesk-signature': 'sha256=00' } })).status, 401);
    assert.equal((await webhookPost(worker, 'partner', '<?xml version="1.0"?><newsItem><broken')).status, 202);
    assert.equal((await webhookPost(worker, 'partner', story)).status, 202);
    assert.equal((await webhookPost(worker, 'bin', story)).status, 202);
    const metrics = async () => (await fetch(`${worker.url}/metrics`)).text();
    await until(async () => {
      const m = await metrics();
      return /wiredesk_errors_total\{code="WIREDESK_ERR_FETCH_FAILED"/.test(m)
        && /wiredesk_stories_total\{feed="partner"[^}]*outcome="failed"\}/.test(m)
        && /wiredesk_stories_total\{feed="partner"[^}]*outcome="dropped"\}/.test(m)
        && /wiredesk_stories_total\{feed="bin"[^}]*outcome="dropped"\}/.test(m);
    }, 'every scenario counted');
    const text = await metrics();
    const codes = [...text.matchAll(/^wiredesk_errors_total\{code="([^"]*)"/gm)].map((m) => m[1]!);
    assert.ok(codes.includes('WIREDESK_ERR_SIGNATURE_INVALID') && codes.includes('WIREDESK_ERR_FETCH_FAILED'), codes.join(' '));
    const docs = await readFile(packagePath('docs', 'errors.md'), 'utf8');
    for (const code of codes) {
      assert.ok(Object.hasOwn(CODES, code) && code.startsWith('WIREDESK_ERR_'), `${code} is a catalogued error code`);
      assert.ok(docs.includes(`### \`${code}\``), `${code} is documented in docs/errors.md`);
    }
  } finally {
    await worker.close();
    await cleanup(prefix);
  }
});

test('queue depths are exported by one replica of a deployment (a Redis lease), and another takes over when it stops', { skip: NO_REDIS, timeout: 90_000 }, async () => {
  const prefix = uniquePrefix('obs-lease');
  const config = baseConfig(prefix, []);
  const a = await startWorker(config, { logger: wordLogger().logger });
  const b = await startWorker(config, { logger: wordLogger().logger });
  const exporting = async (w: RunningWorker) => /^wiredesk_queue_depth\{/m.test(await (await fetch(`${w.url}/metrics`)).text());
  let stopped: RunningWorker | null = null;
  try {
    const both = [await exporting(a), await exporting(b)];
    assert.equal(both.filter(Boolean).length, 1, 'exactly one replica exports the queue depths');
    const [holder, other] = both[0] ? [a, b] : [b, a];
    await holder.close();
    stopped = holder;
    // The holder gave the lease back on shutdown; the other takes it at its next renewal.
    await until(() => exporting(other), 'the other replica exporting', 30_000);
  } finally {
    await Promise.all([a, b].filter((w) => w !== stopped).map((w) => w.close()));
    await cleanup(prefix);
  }
});

/** Metric names a PromQL expression mentions (wiredesk's own; functions and labels are not metric names). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\bwiredesk_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

/** Metrics named in deploy/ that other parts of issue 15 export (items 4 and 7), not checked against this worker. */
const FROM_OTHER_ITEMS = new Set(['wiredesk_dead_letters', 'wiredesk_feed_last_success_timestamp_seconds']);

test('deploy/: the Grafana dashboard and the Prometheus alert rules parse, and every metric they use is one a running worker exports', { skip: NO_REDIS }, async () => {
  const dashboard = JSON.parse(await readFile(packagePath('deploy', 'grafana-dashboard.json'), 'utf8')) as {
    title: string; uid: string; schemaVersion: number; panels: Array<{ id: number; type: string; title: string; gridPos: object; targets: Array<{ refId: string; expr: string }> }>;
  };
  assert.equal(typeof dashboard.title, 'string');
  assert.equal(typeof dashboard.uid, 'string');
  assert.ok(Number.isInteger(dashboard.schemaVersion));
  assert.ok(dashboard.panels.length > 0);
  assert.equal(new Set(dashboard.panels.map((p) => p.id)).size, dashboard.panels.length, 'panel ids are unique');
  const exprs: string[] = [];
  for (const p of dashboard.panels) {
    assert.ok(p.type && p.title && p.gridPos, `panel ${p.id} has a type, title and position`);
    assert.ok(p.targets.length > 0, `panel ${p.title} has a query`);
    for (const t of p.targets) exprs.push(t.expr);
  }

  const rules = parseYaml(await readFile(packagePath('deploy', 'prometheus-alerts.yaml'), 'utf8')) as {
    groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string; labels: { severity: string }; annotations: { summary: string } }> }>;
  };
  const alerts = rules.groups.flatMap((g) => g.rules);
  for (const r of alerts) {
    assert.ok(r.alert && r.expr && r.labels.severity && r.annotations.summary, `rule ${r.alert} is complete`);
    if (r.for) assert.match(r.for, /^\d+[smh]$/);
    exprs.push(r.expr);
  }
  const names = new Set(alerts.map((r) => r.alert));
  for (const wanted of ['WiredeskQueueBacklog', 'WiredeskDeadLettersGrowing', 'WiredeskFeedStale', 'WiredeskPublishLagHigh', 'WiredeskRedisDown']) {
    assert.ok(names.has(wanted), `alert ${wanted}`);
  }

  // What a real worker exports: every family of its /metrics (histograms with their series).
  const prefix = uniquePrefix('obs-deploy');
  const worker = await startWorker(baseConfig(prefix, []), { logger: wordLogger().logger });
  let exported: Set<string>;
  try {
    const text = await (await fetch(`${worker.url}/metrics`)).text();
    exported = new Set<string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(m[1]!);
      if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exported.add(m[1]! + s);
      if (m[2] === 'summary') for (const s of ['_sum', '_count']) exported.add(m[1]! + s);
    }
  } finally {
    await worker.close();
    await cleanup(prefix);
  }
  const used = new Set(exprs.flatMap(metricNames));
  assert.ok(used.size > 5);
  for (const name of used) {
    if (FROM_OTHER_ITEMS.has(name)) continue;
    assert.ok(exported.has(name), `${name} (used in deploy/) is exported by the worker`);
  }
  assert.ok([...FROM_OTHER_ITEMS].every((n) => used.has(n)), 'the dead-letter and feed-staleness alerts use the names items 4 and 7 export');
});

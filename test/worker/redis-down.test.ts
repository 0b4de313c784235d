import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CLI } from '../helpers/run-cli.js';
import { Redis } from 'ioredis';
import { startWorker, checkEvictionPolicy } from '../../src/worker/run-worker.js';
import { signedHeaders } from '../../src/sources/webhook.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { NO_REDIS, REDIS_URL, uniquePrefix, capturedLogger, localServer, until } from './redis-env.js';
import { freePort, startOwnRedis } from '../helpers/redis-server.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><guid>g1</guid><description>Body text of the story.</description></item></channel></rss>';
const STORY = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Hook</title><guid>h1</guid><description>A webhook story.</description></item></channel></rss>';

function config(redisUrl: string, prefix: string, feedUrl: string): WorkerConfig {
  return {
    redisUrl,
    prefix,
    listen: { host: '127.0.0.1', port: 0 },
    bodyLimitBytes: 1_000_000,
    concurrency: 2,
    retentionSeconds: 3600,
    tokens: new Map([['view-token', 'viewer']]),
    feeds: [
      { id: 'partner', kind: 'webhook', routing: 'publish', secret: 's3cret', signatureHeader: 'x-wiredesk-signature', format: 'rss' },
      { id: 'wire', kind: 'http', url: feedUrl, routing: 'publish', pollIntervalSeconds: 0.1, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true, format: 'rss' },
    ],
    subscribers: [{ name: 'web' }],
    redisTimeoutSeconds: 0.5,
    redisDownLogSeconds: 0.3,
  };
}

/** A request with a hang guard far above the bound under test (a hung endpoint fails the test instead of the suite). */
async function get(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
}

test('redis down under a running worker: /readyz 503 at once, /metrics and webhooks answer, one log line per state change; back empty: schedulers re-made before ready', { skip: NO_REDIS, timeout: 120_000 }, async () => {
  const own = await startOwnRedis();
  let polls = 0;
  const feed = await localServer((_req, res) => {
    polls++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const prefix = uniquePrefix('redisdown');
  const { logger, lines } = capturedLogger();
  const worker = await startWorker(config(own.url, prefix, `${feed.url}/feed.xml`), { logger });
  const post = (body: string) => get(`${worker.url}/ingest/partner`, { method: 'POST', body, headers: { 'content-type': 'application/rss+xml', ...signedHeaders('s3cret', body) } });
  try {
    assert.equal((await get(`${worker.url}/readyz`)).status, 200);
    await until(() => polls > 0, 'a first poll');

    // Redis goes away.
    const before = lines.length;
    await own.kill();

    // /readyz: 503 at once (not a hang until the client gives up).
    const ready = await get(`${worker.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { redis: boolean }).redis, false);

    // /metrics answers, says Redis is down, and reports no queue depth instead of hanging on it.
    const metrics = await get(`${worker.url}/metrics`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /^wiredesk_redis_up 0$/m);
    assert.doesNotMatch(text, /^wiredesk_queue_depth\{/m);

    // A webhook is refused with 503 and Retry-After: the sender keeps the item.
    const refused = await post(STORY);
    assert.equal(refused.status, 503);
    assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
    assert.deepEqual(await refused.json(), { error: 'WIREDESK_ERR_REDIS_UNAVAILABLE' });

    // The review API answers too (503), within its bound.
    const review = await get(`${worker.url}/review`, { headers: { authorization: 'Bearer view-token' } });
    assert.equal(review.status, 503);

    // The log: one `redis down`, then `redis still down` every 0.3 s, and nothing else at warn or above.
    await until(() => lines.slice(before).filter((l) => l.msg === 'redis still down').length >= 3, 'three "redis still down" lines');
    const during = lines.slice(before).filter((l) => (l.level as number) >= 40);
    assert.equal(during.filter((l) => l.msg === 'redis down').length, 1, JSON.stringify(during));
    const others = during.filter((l) => l.msg !== 'redis down' && l.msg !== 'redis still down');
    assert.deepEqual(others, [], 'no other warnings or errors while Redis is down');
    assert.ok(lines.slice(before).every((l) => !JSON.stringify(l).includes('    at ')), 'no stack traces');
    const still = during.find((l) => l.msg === 'redis still down')!;
    assert.equal(typeof still.downForSeconds, 'number');
    assert.match(String(still.lastError), /ECONNREFUSED|connection/i);

    // Redis comes back empty: /readyz says ready only once the job schedulers exist again.
    await own.restart();
    await until(async () => (await get(`${worker.url}/readyz`)).status === 200, '/readyz ready again', 60_000);
    const check = new Redis(own.url, { maxRetriesPerRequest: null });
    const poll = new Queue('poll', { connection: check, prefix });
    try {
      const schedulers = await poll.getJobSchedulers();
      assert.deepEqual(schedulers.map((s) => s.key), ['wire'], 'the feed\'s job scheduler was made again before /readyz said ready');
      assert.equal(lines.filter((l) => l.msg === 'redis back').length, 1);
      // Polling resumes, and a webhook is accepted again.
      const pollsAtReady = polls;
      await until(() => polls > pollsAtReady, 'polling resumed', 60_000);
      assert.equal((await post(STORY)).status, 202);
      const metricsAfter = await (await get(`${worker.url}/metrics`)).text();
      assert.match(metricsAfter, /^wiredesk_redis_up 1$/m);
      // The queue-depth lease (startup state of the main thread) was taken again in the empty Redis.
      assert.match(metricsAfter, /^wiredesk_queue_depth\{queue="publish\.web",state="waiting"\} \d+$/m);
    } finally {
      await poll.close();
      await check.quit();
    }
  } finally {
    await worker.close();
    await feed.close();
    await own.stop();
  }
});

test('maxmemory-policy: a worker on an evicting Redis warns at start that BullMQ needs noeviction', { skip: NO_REDIS, timeout: 60_000 }, async () => {
  const own = await startOwnRedis(['--maxmemory', '100mb', '--maxmemory-policy', 'allkeys-lru']);
  const { logger, lines } = capturedLogger();
  const worker = await startWorker({ ...config(own.url, uniquePrefix('evict'), 'http://127.0.0.1:9/none'), feeds: [] }, { logger });
  try {
    const warn = lines.find((l) => l.maxmemoryPolicy === 'allkeys-lru');
    assert.ok(warn, 'a warning naming the policy');
    assert.equal(warn.level, 40);
    assert.match(String(warn.msg), /noeviction/);
  } finally {
    await worker.close();
    await own.stop();
  }
  // The test Redis runs with the default policy, noeviction: no warning.
  const quiet = capturedLogger();
  const redis = new Redis(REDIS_URL!);
  try {
    assert.equal(await checkEvictionPolicy(redis, quiet.logger, 5_000), 'noeviction');
    assert.deepEqual(quiet.lines, []);
  } finally {
    await redis.quit();
  }
});

test('redis away when the worker starts: one "redis down" line, the worker waits, and starts once Redis is there', { skip: NO_REDIS, timeout: 60_000 }, async () => {
  const port = await freePort();
  const { logger, lines } = capturedLogger();
  const starting = startWorker({ ...config(`redis://127.0.0.1:${port}`, uniquePrefix('late'), 'http://127.0.0.1:9/none'), feeds: [] }, { logger });
  let own: Awaited<ReturnType<typeof startOwnRedis>> | null = null;
  try {
    await until(() => lines.filter((l) => l.msg === 'redis still down').length >= 2, 'redis down, then still down');
    assert.equal(lines.filter((l) => l.msg === 'redis down').length, 1);
    assert.match(String(lines.find((l) => l.msg === 'redis down')!.err), new RegExp(`no connection to redis://127\\.0\\.0\\.1:${port}`));
    assert.deepEqual(lines.filter((l) => (l.level as number) >= 40 && l.msg !== 'redis down' && l.msg !== 'redis still down'), []);
    own = await startOwnRedis([], port);
    const worker = await starting;
    assert.ok(lines.some((l) => l.msg === 'redis back'));
    assert.equal((await get(`${worker.url}/readyz`)).status, 200);
  } finally {
    // (A worker still waiting for Redis starts once it is there, and is closed.)
    own ??= await startOwnRedis([], port);
    await (await starting).close();
    await own.stop();
  }
});

test('redis that stops answering (SIGSTOP) with its connections open: /readyz 503 and /metrics within their bounds, webhooks 503; ready again when it answers', { skip: NO_REDIS, timeout: 90_000 }, async () => {
  const own = await startOwnRedis();
  const { logger, lines } = capturedLogger();
  const worker = await startWorker({ ...config(own.url, uniquePrefix('hung'), 'http://127.0.0.1:9/none'), feeds: [config(own.url, '', '').feeds[0]!], redisTimeoutSeconds: 0.3 }, { logger });
  try {
    assert.equal((await get(`${worker.url}/readyz`)).status, 200);
    own.pause();
    assert.equal((await get(`${worker.url}/readyz`)).status, 503);
    const metrics = await get(`${worker.url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.doesNotMatch(await metrics.text(), /^wiredesk_queue_depth\{/m);
    const body = '<rss/>';
    const refused = await get(`${worker.url}/ingest/partner`, { method: 'POST', body, headers: { ...signedHeaders('s3cret', body) } });
    assert.equal(refused.status, 503);
    assert.ok(refused.headers.get('retry-after'));
    await until(() => lines.some((l) => l.msg === 'redis down'), 'redis down logged');
    own.resume();
    await until(async () => (await get(`${worker.url}/readyz`)).status === 200, '/readyz ready again', 30_000);
    assert.ok(lines.some((l) => l.msg === 'redis back'));
  } finally {
    own.resume();
    await worker.close();
    await own.stop();
  }
});

test('SIGTERM with Redis gone: the worker process stops in bounded time (each shutdown step bounded, stage workers closed by force), exit 0', { skip: NO_REDIS, timeout: 90_000 }, async () => {
  const own = await startOwnRedis();
  const dir = await mkdtemp(join(tmpdir(), 'wd-downclose-'));
  const file = join(dir, 'config.yaml');
  await writeFile(file, `redis: { url: "${own.url}", prefix: ${uniquePrefix('downclose')} }\nhttp: { listen: "127.0.0.1:0" }\nfeeds:\n  - { id: hook, kind: webhook, secretEnv: DOWNCLOSE_SECRET }\nsubscribers: [{ name: web }]\n`);
  const child = spawn(process.execPath, [CLI, 'worker', '--config', file], { env: { PATH: process.env.PATH ?? '', DOWNCLOSE_SECRET: 'downclose-secret-0123456789' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout }).on('line', (l) => { try { lines.push(JSON.parse(l) as Record<string, unknown>); } catch { /* not a log line */ } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until(() => lines.some((l) => l.msg === 'worker started'), '"worker started"', 30_000);
    await own.kill();
    await until(() => lines.some((l) => l.msg === 'redis down'), '"redis down"', 30_000);
    const started = Date.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 40_000))]);
    assert.equal(code, 0, 'the process exits (it waited for ever before)');
    assert.ok(Date.now() - started < 40_000);
    assert.ok(lines.some((l) => l.msg === 'worker stopped'));
    assert.ok(lines.some((l) => l.msg === 'shutdown step did not finish in time; going on' || String(l.msg).startsWith('closing the stage workers by force')), 'the bounded steps are logged');
  } finally {
    child.kill('SIGKILL');
    await own.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

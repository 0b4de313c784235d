import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorker } from '../../src/worker/run-worker.js';
import { signedHeaders } from '../../src/sources/webhook.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { PACKAGE_ROOT, packagePath } from '../../src/package-info.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, until, deletePrefixKeys } from './redis-env.js';

function config(prefix: string, dropDir: string): WorkerConfig {
  return {
    redisUrl: REDIS_URL!,
    prefix,
    listen: { host: '127.0.0.1', port: 0 },
    bodyLimitBytes: 1_000_000,
    concurrency: 4,
    retentionSeconds: 3600,
    tokens: new Map([['ed-token', 'editor'], ['view-token', 'viewer']]),
    feeds: [
      { id: 'partner', kind: 'webhook', routing: 'publish', secret: 's3cret', signatureHeader: 'x-wiredesk-signature' },
      { id: 'drop', kind: 'folder', routing: 'publish', folder: dropDir, pollIntervalSeconds: 0.05, maxBytes: 1_000_000 },
    ],
    subscribers: [{ name: 'web' }],
  };
}

async function cleanup(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL!);
  await deletePrefixKeys(redis, prefix);
  await redis.quit();
}

test('worker: /healthz, /readyz and /metrics; a webhook story and a dropped file reach the subscriber queue and the counters', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('worker');
  const dir = await mkdtemp(join(tmpdir(), 'wiredesk-worker-'));
  const { logger, lines } = capturedLogger();
  const worker = await startWorker(config(prefix, dir), { logger });
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const web = new Queue('publish.web', { connection: redis, prefix });
  try {
    const health = await fetch(`${worker.url}/healthz`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${worker.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true, redis: true, workers: true, sources: true, closing: false });

    const story = await readFile(packagePath('fixtures', 'newsml-g2', 'reuters-text-trailer.xml'));
    const res = await fetch(`${worker.url}/ingest/partner`, { method: 'POST', body: story, headers: { 'content-type': 'application/xml', ...signedHeaders('s3cret', story) } });
    assert.equal(res.status, 202);
    await writeFile(join(dir, 'dpa.xml'), await readFile(packagePath('fixtures', 'newsml-g2', 'dpa-berichtigung.xml')));

    await until(async () => (await web.count()) >= 2, 'two stories in publish.web');
    await until(async () => (await readdir(join(dir, 'done'))).length === 1, 'the dropped file in done/');
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    assert.match(metrics, /wiredesk_stories_total\{feed="partner",format="newsml-g2",outcome="published"\} 1/);
    assert.match(metrics, /wiredesk_stories_total\{feed="drop",format="newsml-g2",outcome="published"\} 1/);
    // The only replica holds the queue-depth lease, so it exports the depths.
    assert.match(metrics, /wiredesk_queue_depth\{queue="publish.web",state="waiting"\} 2/);
    assert.match(metrics, /wiredesk_publish_lag_seconds_count\{subscriber="web",event="article\.[a-z]+"\} \d/);
    assert.match(metrics, /wiredesk_process_resident_memory_bytes|wiredesk_nodejs_eventloop_lag_seconds/);

    // Review API: a token is required, a viewer may not act.
    assert.equal((await fetch(`${worker.url}/review`)).status, 401);
    assert.equal((await fetch(`${worker.url}/review`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await fetch(`${worker.url}/review/x/approve`, { method: 'POST', headers: { authorization: 'Bearer view-token' } })).status, 403);
  } finally {
    await worker.close();
    await web.close();
    await redis.quit();
    await rm(dir, { recursive: true, force: true });
    await cleanup(prefix);
  }
  assert.ok(lines.some((l) => l.msg === 'worker started'));
  assert.ok(lines.some((l) => l.msg === 'worker stopped'));
});

test('worker process: SIGTERM stops it gracefully (readiness goes, exit 0, logs as JSON with the level as a word)', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('sigterm');
  const dir = await mkdtemp(join(tmpdir(), 'wiredesk-sigterm-'));
  try {
    const file = join(dir, 'config.yaml');
    await writeFile(file, `redis: { prefix: ${prefix} }\nhttp: { listen: "127.0.0.1:0" }\nconcurrency: 2\nfeeds:\n  - { id: drop, kind: folder, folder: ${JSON.stringify(join(dir, 'drop'))} }\nsubscribers: [{ name: web }]\n`);
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, '.build', 'src', 'cli.js'), 'worker', '--config', file], {
      env: { PATH: process.env.PATH ?? '', REDIS_URL: REDIS_URL!, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const logs: Array<Record<string, unknown>> = [];
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const started = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'worker started') resolve(entry.url as string);
      });
      void exited.then(() => reject(new Error(`worker exited before starting: ${stderr}`)));
    });
    const url = await started;
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    child.kill('SIGTERM');
    const { code, signal } = await exited;
    assert.equal(signal, null, stderr);
    assert.equal(code, 0, stderr);
    const messages = logs.map((l) => l.msg);
    assert.ok(messages.includes('signal received'), messages.join(', '));
    assert.ok(messages.includes('worker stopped'), messages.join(', '));
    assert.ok(logs.every((l) => typeof l.level === 'string' && ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(String(l.level)) && typeof l.time === 'number'), 'pino JSON lines, the level as a word');
    assert.ok(logs.some((l) => l.level === 'info'));
  } finally {
    await rm(dir, { recursive: true, force: true });
    await cleanup(prefix);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startWorker } from '../../src/worker/run-worker.js';
import { signedHeaders } from '../../src/sources/webhook.js';
import type { WorkerConfig } from '../../src/config/config.js';
import type { FeedStatus } from '../../src/sources/feed-status.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, deletePrefixKeys, localServer, until } from './redis-env.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><guid>g1</guid><description>Berth one is open again.</description></item></channel></rss>';

test('worker: GET /feeds and POST /feeds/:id/<action> behind the bearer tokens; wiredesk_feed_* on /metrics', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('feeds-api');
  let requests = 0;
  const srv = await localServer((req, res) => {
    requests++;
    if (req.url === '/down') res.writeHead(500).end('no');
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const config: WorkerConfig = {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2, retentionSeconds: 3600,
    tokens: new Map([['ed-token', 'editor'], ['view-token', 'viewer']]),
    feeds: [
      { id: 'wire', kind: 'http', url: `${srv.url}/rss`, routing: 'publish', pollIntervalSeconds: 3600, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true },
      { id: 'down', kind: 'http', url: `${srv.url}/down`, routing: 'publish', pollIntervalSeconds: 3600, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true },
      { id: 'push', kind: 'webhook', routing: 'publish', secret: 's3cret', signatureHeader: 'x-wiredesk-signature' },
    ],
    subscribers: [{ name: 'web' }],
  };
  const worker = await startWorker(config, { logger: capturedLogger().logger });
  const redis = new Redis(REDIS_URL!);
  const as = (token: string | null, method = 'GET'): RequestInit => ({ method, headers: token ? { authorization: `Bearer ${token}` } : {} as Record<string, string> });
  try {
    // The schedulers' first polls run at start.
    await until(() => requests >= 2, 'the first polls');
    const body = Buffer.from(RSS.replace('g1', 'g2'));
    assert.equal((await fetch(`${worker.url}/ingest/push`, { method: 'POST', body, headers: signedHeaders('s3cret', body) })).status, 202);

    assert.equal((await fetch(`${worker.url}/feeds`, as(null))).status, 401);
    assert.equal((await fetch(`${worker.url}/feeds`, as('wrong'))).status, 401);
    await until(async () => {
      const r = await fetch(`${worker.url}/feeds`, as('view-token'));
      const { feeds } = await r.json() as { feeds: FeedStatus[] };
      return feeds.find((f) => f.id === 'wire')?.lastSuccessAt !== null && feeds.find((f) => f.id === 'down')?.lastError !== null;
    }, 'the polls recorded');
    const { feeds } = await (await fetch(`${worker.url}/feeds`, as('view-token'))).json() as { feeds: FeedStatus[] };
    assert.deepEqual(feeds.map((f) => f.id), ['down', 'push', 'wire']);
    const wire = feeds.find((f) => f.id === 'wire')!;
    assert.equal(wire.itemsToday, 1);
    assert.ok(wire.nextPollAt && Date.parse(wire.nextPollAt) > Date.now() + 3_000_000, 'the scheduler\'s next run, an hour on');
    assert.equal(feeds.find((f) => f.id === 'down')!.lastError!.code, 'WIREDESK_ERR_FETCH_STATUS');
    await until(async () => ((await (await fetch(`${worker.url}/feeds/push`, as('view-token'))).json()) as FeedStatus).itemsToday === 1, 'the webhook item counted');
    assert.equal((await fetch(`${worker.url}/feeds/nope`, as('view-token'))).status, 404);

    assert.equal((await fetch(`${worker.url}/feeds/wire/pause`, as('view-token', 'POST'))).status, 403, 'a viewer may not act');
    const paused = await fetch(`${worker.url}/feeds/wire/pause`, as('ed-token', 'POST'));
    assert.equal(paused.status, 200);
    assert.equal((await paused.json() as FeedStatus).paused, true);
    assert.equal((await fetch(`${worker.url}/feeds/push/pause`, as('ed-token', 'POST'))).status, 409);
    assert.equal((await fetch(`${worker.url}/feeds/nope/resume`, as('ed-token', 'POST'))).status, 404);
    const before = requests;
    assert.equal((await fetch(`${worker.url}/feeds/wire/poll-now`, as('ed-token', 'POST'))).status, 200);
    await until(() => requests > before, 'the poll-now reached the server');
    assert.equal((await fetch(`${worker.url}/feeds/wire/resume`, as('ed-token', 'POST'))).status, 200);

    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    const last = /^wiredesk_feed_last_success_timestamp_seconds\{feed="wire"\} (\S+)$/m.exec(metrics);
    assert.ok(last && Math.abs(Number(last[1]) - Date.now() / 1000) < 600, 'last success in seconds');
    assert.doesNotMatch(metrics, /wiredesk_feed_last_success_timestamp_seconds\{feed="down"\}/, 'never succeeded: no sample');
    assert.match(metrics, /^wiredesk_feed_polls_total\{feed="wire",result="fetched"\} [1-9]/m);
    assert.match(metrics, /^wiredesk_feed_polls_total\{feed="down",result="failed"\} 1/m);
    assert.match(metrics, /^wiredesk_feed_errors_total\{feed="down",code="WIREDESK_ERR_FETCH_STATUS"\} 1/m);
    assert.match(metrics, /^wiredesk_feed_items_total\{feed="wire"\} [1-9]/m);
    assert.match(metrics, /^wiredesk_feed_items_total\{feed="push"\} 1/m);
  } finally {
    await worker.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await srv.close();
  }
});

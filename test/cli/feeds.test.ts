import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { runCli } from '../helpers/run-cli.js';
import { pollFeed, feedStateKey } from '../../src/sources/http-poll.js';
import { FeedStatusRecorder, POLL_QUEUE, type FeedStatus } from '../../src/sources/feed-status.js';
import type { FeedConfig, PolledFeed } from '../../src/config/config.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, localServer, capturedLogger, deletePrefixKeys } from '../worker/redis-env.js';

test('wiredesk feeds list|status|pause|resume|reset-cursor|poll-now over the deployment\'s Redis', { skip: NO_REDIS }, async () => {
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const srv = await localServer((req, res) => {
    if (req.url === '/broken') res.writeHead(503).end('down');
    else res.writeHead(200, { 'content-type': 'application/json', link: '<?page=2>; rel="next"' }).end('{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [{"id": "1", "content_text": "x"}]}');
  });
  const prefix = uniquePrefix('feeds-cli');
  const target = ['--redis', REDIS_URL!, '--prefix', prefix];
  const queue = new Queue(POLL_QUEUE, { connection: redis, prefix });
  try {
    const ap: PolledFeed = { id: 'ap', kind: 'cursor', url: `${srv.url}/feed?page=1`, routing: 'publish', pollIntervalSeconds: 30, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true };
    const broken: PolledFeed = { ...ap, id: 'broken', kind: 'http', url: `${srv.url}/broken` };
    const feeds: FeedConfig[] = [ap, broken, { id: 'push', kind: 'webhook', routing: 'publish', secret: 's', signatureHeader: 'x' }];
    await new FeedStatusRecorder(redis, prefix).register(feeds);
    const ctx = { enqueue: async () => 'id', logger: capturedLogger().logger };
    await pollFeed(ap, redis, prefix, ctx);
    await new FeedStatusRecorder(redis, prefix).items('ap', 1, Date.now());
    await pollFeed(broken, redis, prefix, ctx);

    const list = await runCli(['feeds', 'list', '--json', ...target]);
    assert.equal(list.code, 0, list.stderr);
    const rows = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as FeedStatus);
    assert.deepEqual(rows.map((r) => [r.id, r.kind]), [['ap', 'cursor'], ['broken', 'http'], ['push', 'webhook']]);
    assert.ok(rows[0]!.lastSuccessAt);
    assert.equal(rows[0]!.itemsToday, 1);
    assert.equal(rows[0]!.cursor, `${srv.url}/feed?…`);
    assert.equal(rows[1]!.lastError?.code, 'WIREDESK_ERR_FETCH_STATUS');
    assert.equal(rows[1]!.lastSuccessAt, null);

    const table = await runCli(['feeds', 'list', ...target]);
    assert.match(table.stdout, /^ap\s+cursor\s+active\s+ok \d+s ago\s+today 1\s+next /m);
    assert.match(table.stdout, /^broken\s+http\s+(active|backoff)\s+ok -\s+today 0\s+next .*error WIREDESK_ERR_FETCH_STATUS/m);

    const status = await runCli(['feeds', 'status', 'broken', ...target]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^last error +WIREDESK_ERR_FETCH_STATUS at \S+: .*503/m);
    assert.match(status.stdout, /^last success +never$/m);

    const pause = await runCli(['feeds', 'pause', 'ap', ...target]);
    assert.equal(pause.code, 0, pause.stderr);
    assert.match(pause.stdout, /^ap: paused/);
    assert.equal(await redis.hget(feedStateKey(prefix, 'ap'), 'paused'), '1');
    assert.equal((JSON.parse((await runCli(['feeds', 'status', 'ap', '--json', ...target])).stdout) as FeedStatus).paused, true);
    assert.match((await runCli(['feeds', 'resume', 'ap', ...target])).stdout, /^ap: resumed/);
    assert.equal(await redis.hget(feedStateKey(prefix, 'ap'), 'paused'), null);

    assert.ok(await redis.hget(feedStateKey(prefix, 'ap'), 'cursor'));
    assert.match((await runCli(['feeds', 'reset-cursor', 'ap', ...target])).stdout, /cursor reset/);
    assert.equal(await redis.hget(feedStateKey(prefix, 'ap'), 'cursor'), null);

    const now = await runCli(['feeds', 'poll-now', 'ap', ...target]);
    assert.equal(now.code, 0, now.stderr);
    const waiting = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    assert.deepEqual(waiting.map((j) => j.data as unknown), [{ feed: 'ap', force: true }]);

    const unknown = await runCli(['feeds', 'pause', 'nope', ...target]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /WIREDESK_ERR_FEED_UNKNOWN/);
    assert.match((await runCli(['feeds', 'status', 'nope', ...target])).stderr, /WIREDESK_ERR_FEED_UNKNOWN/);
    const webhook = await runCli(['feeds', 'poll-now', 'push', ...target]);
    assert.equal(webhook.code, 1);
    assert.match(webhook.stderr, /WIREDESK_ERR_FEED_ACTION/);
    for (const args of [[], ['frobnicate'], ['pause'], ['list', 'ap'], ['status', 'a', 'b']]) {
      const r = await runCli(['feeds', ...args, ...target]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /WIREDESK_ERR_USAGE/);
    }
    const down = await runCli(['feeds', 'list', '--redis', 'redis://127.0.0.1:1'], { env: { ...process.env, WIREDESK_REDIS_CONNECT_TIMEOUT_MS: '500' } });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /WIREDESK_ERR_REDIS_UNAVAILABLE/);
    const help = await runCli(['--help']);
    assert.match(help.stdout, /wiredesk feeds list\|status\|pause\|resume\|reset-cursor\|poll-now/);
  } finally {
    await queue.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await srv.close();
  }
});

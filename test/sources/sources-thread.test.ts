import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startSourcesThread } from '../../src/sources/sources-thread.js';
import type { PolledFeed } from '../../src/config/config.js';
import type { RawItemJob } from '../../src/queue/contract.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, localServer, capturedLogger, until, deletePrefixKeys } from '../worker/redis-env.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><guid>g1</guid></item></channel></rss>';

test('sources thread: polls in its own thread, enqueues what it fetched, and reports errors and logs to the main thread', { skip: NO_REDIS }, async () => {
  let healthy = false;
  const srv = await localServer((_req, res) => {
    if (!healthy) {
      res.writeHead(500).end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  });
  const prefix = uniquePrefix('srcthread');
  const { logger, lines } = capturedLogger();
  const errors: string[] = [];
  const feed: PolledFeed = { id: 'wire', kind: 'http', url: `${srv.url}/feed.xml`, routing: 'publish', pollIntervalSeconds: 0.05, timeoutSeconds: 5, maxBytes: 1_000_000, maxPagesPerPoll: 1, authHeaders: {}, allowPrivateNetwork: true, format: 'rss' };
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const ingest = new Queue<RawItemJob>('ingest', { connection: redis, prefix });
  const thread = await startSourcesThread({ redisUrl: REDIS_URL!, prefix, polled: [feed], folders: [], logger, onError: (f, code) => errors.push(`${f}:${code}`) });
  try {
    assert.equal(thread.alive(), true);
    // The 500 comes back as a counted error and as a warning line through the main logger.
    await until(() => errors.length > 0, 'the 500 reported to the main thread');
    assert.match(errors[0]!, /^wire:WIREDESK_ERR_/);
    await until(() => lines.some((l) => l.msg === 'poll failed; backing off' && l.thread === 'sources'), 'the thread log line relayed');
    const warn = lines.find((l) => l.msg === 'poll failed; backing off')!;
    assert.equal(warn.level, 40);
    assert.equal(warn.feed, 'wire');
    // Recovered: the fetched document is on the ingest queue with its bytes.
    healthy = true;
    await redis.del(`${prefix}:wiredesk:feed:wire`); // skip the backoff deadline
    await until(async () => (await ingest.count()) > 0, 'a raw item on the ingest queue');
    const [job] = await ingest.getJobs(['waiting'], 0, 0);
    assert.equal(Buffer.from(job!.data.bytes, 'base64').toString(), RSS);
    assert.equal(job!.data.feed, 'wire');
  } finally {
    await thread.stop();
    assert.equal(thread.alive(), false);
    await ingest.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
    await srv.close();
  }
});

test('sources thread: a source that cannot start fails the start with its reason', async () => {
  const { logger } = capturedLogger();
  // A folder feed under a path that is a file cannot be created.
  await assert.rejects(
    startSourcesThread({ redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix('srcfail'), polled: [], folders: [{ id: 'd', kind: 'folder', routing: 'publish', folder: '/proc/version/drop', pollIntervalSeconds: 1, maxBytes: 1000 }], logger }),
    /sources could not start/,
  );
});

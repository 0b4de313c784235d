import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startWorker } from '../../src/worker/run-worker.js';
import { DeadLetters } from '../../src/queue/dead-letter.js';
import { RedisKeys } from '../../src/queue/redis-keys.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, deletePrefixKeys } from './redis-env.js';

function gauge(text: string, name: string): number | null {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

test('/metrics: wiredesk_dead_letters is the current number of dead letters', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('dlq-metric');
  const config: WorkerConfig = {
    redisUrl: REDIS_URL!, prefix, listen: { host: '127.0.0.1', port: 0 }, bodyLimitBytes: 1_000_000, concurrency: 2,
    retentionSeconds: 3600, deadLetters: { maxAgeDays: 30, maxCount: 2 }, tokens: new Map(), feeds: [], subscribers: [],
  };
  const worker = await startWorker(config, { logger: capturedLogger().logger });
  const redis = new Redis(REDIS_URL!);
  try {
    const scrape = async (): Promise<string> => (await fetch(`${worker.url}/metrics`)).text();
    assert.equal(gauge(await scrape(), 'wiredesk_dead_letters'), 0);
    const letters = new DeadLetters(redis, new RedisKeys(prefix), config.deadLetters);
    for (const body of ['<a>', '<b>', '<c>']) {
      await letters.record({ feed: 'wire', code: 'WIREDESK_ERR_XML_MALFORMED', message: 'cut', at: new Date().toISOString(), path: null, contentType: null, format: null, formatHint: null, itemIndex: null, rawSha256: Buffer.from(body).toString('hex').padEnd(64, '0') }, Buffer.from(body));
    }
    const text = await scrape();
    assert.match(text, /^# TYPE wiredesk_dead_letters gauge$/m);
    assert.equal(gauge(text, 'wiredesk_dead_letters'), 2, 'the count after the retention (maxCount 2)');
  } finally {
    await worker.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RedisConnection } from '../../src/queue/redis-connection.js';
import { Publisher } from '../../src/queue/publisher.js';
import { publishQueueName } from '../../src/queue/contract.js';
import { startDeliveries, DELIVERY_HEADER, EVENT_HEADER, type DeliveryConfig, type FolderDelivery, type WebhookDelivery } from '../../src/queue/delivery.js';
import { TIMESTAMP_HEADER, timestampedSignatureMatches } from '../../src/sources/webhook.js';
import { parseXml, attr } from '../../src/xml/xml-tree.js';
import { parseConfig, ConfigError } from '../../src/config/config.js';
import { sampleArticle } from '../export/sample-article.js';
import { connectTest, uniquePrefix, deletePrefixKeys, localServer, capturedLogger, queueOn, redisTargets } from '../worker/redis-env.js';

// Issue 18, items 6 and 7: subscribers the worker delivers itself, to a URL (signed POST, retries
// with backoff, order per story, dead letter) and to a folder (atomic files, kill tombstones);
// against a real receiver on 127.0.0.1 and real Redis.

const SECRET = 'delivery-secret-0123456789';

interface Received {
  event: string;
  delivery: string;
  version: string;
  body: string;
  contentType: string;
  signed: boolean;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A receiver whose answer to each request `decide` chooses (status, or a delay before it). */
async function receiver(decide: (r: Received, nth: number) => { status: number; delayMs?: number }): Promise<{ url: string; received: Received[]; attempts: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const attempts: Received[] = [];
  const server = await localServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const r: Received = {
        event: String(req.headers[EVENT_HEADER]),
        delivery: String(req.headers[DELIVERY_HEADER]),
        version: /"version":"([^"]*)"|version="([^"]*)"/.exec(body.toString('utf8'))?.slice(1).find(Boolean) ?? '',
        body: body.toString('utf8'),
        contentType: String(req.headers['content-type']),
        signed: timestampedSignatureMatches(SECRET, req.headers[TIMESTAMP_HEADER] as string | undefined, body, req.headers['x-wiredesk-signature'] as string | undefined),
      };
      attempts.push(r);
      const { status, delayMs } = decide(r, attempts.length);
      const answer = (): void => {
        if (res.destroyed) return;
        if (status >= 200 && status < 300) received.push(r);
        res.writeHead(status).end();
      };
      if (delayMs) setTimeout(answer, delayMs);
      else answer();
    });
  });
  return { url: `${server.url}/hooks/wiredesk`, received, attempts, close: server.close };
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function withDelivery(url: string, deliver: DeliveryConfig, fn: (publish: Publisher, prefix: string, conn: RedisConnection) => Promise<void>): Promise<void> {
  const prefix = uniquePrefix('deliver');
  const redis = connectTest(url);
  const publisher = new Publisher(redis, prefix, 3600);
  const stage = await startDeliveries(url, [{ name: 'out', deliver }, { name: 'plain' }], { prefix, logger: capturedLogger().logger });
  try {
    await fn(publisher, prefix, redis);
  } finally {
    await stage.close();
    await publisher.close();
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
  }
}

const GUID = 'urn:example:harbour-bridge';
const version = (v: number, extra: Parameters<typeof sampleArticle>[0] = {}): ReturnType<typeof sampleArticle> =>
  sampleArticle({ id: `examplewire:${GUID}`, guid: GUID, version: String(v), headline: `Harbour bridge, version ${v}`, ...extra });

function webhook(url: string, over: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return { type: 'webhook', url, format: 'ninjs3', secret: SECRET, signatureHeader: 'x-wiredesk-signature', timeoutSeconds: 2, attempts: 5, backoffSeconds: 0.2, maxBackoffSeconds: 1, ...over };
}

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('webhook: signed POSTs; a failing first version is retried and the next version waits behind it', async () => {
      // Version 1 fails twice (500); version 2 is published meanwhile and must not overtake it.
      const rx = await receiver((r) => ({ status: r.version === '1' && rx.attempts.filter((a) => a.version === '1').length <= 2 ? 500 : 200 }));
      try {
        await withDelivery(url, webhook(rx.url), async (pub) => {
          await pub.publish(version(1), 'article.upsert', null, '1', ['out', 'plain']);
          await pub.publish(version(2), 'article.correct', `examplewire:${GUID}@1`, '2', ['out', 'plain']);
          await pub.publish(version(2), 'article.kill', `examplewire:${GUID}@2`, '2', ['out']);
          await waitFor('three deliveries', () => rx.received.length === 3);
          assert.deepEqual(rx.received.map((r) => `${r.event} v${r.version}`), ['article.upsert v1', 'article.correct v2', 'article.kill v2']);
          assert.equal(rx.attempts.filter((a) => a.version === '1').length, 3, 'two failures, then success');
          for (const a of rx.attempts) assert.ok(a.signed, 'every POST carries a valid timestamped HMAC-SHA256 signature');
          assert.deepEqual(rx.received.map((r) => r.delivery), [`examplewire:${GUID}@1`, `examplewire:${GUID}@2`, `examplewire:${GUID}@2/kill`]);
          const killed = JSON.parse(rx.received[2]!.body) as { pubStatus: string; standard: { version: string } };
          assert.equal(killed.pubStatus, 'canceled', 'a kill is the story with pubStatus canceled');
          assert.equal(killed.standard.version, '3.1');
          assert.match(rx.received[0]!.contentType, /^application\/ninjs\+json/);
        });
      } finally {
        await rx.close();
      }
    });

    test('webhook: a receiver that times out, then answers slowly within the deadline, gets the event once', async () => {
      // First answer after 3 s (past the 1 s deadline), then after 400 ms (within it).
      const rx = await receiver((_r, nth) => ({ status: 204, delayMs: nth === 1 ? 3_000 : 400 }));
      try {
        await withDelivery(url, webhook(rx.url, { timeoutSeconds: 1, format: 'newsml-g2' }), async (pub) => {
          await pub.publish(version(1), 'article.upsert', null, '1', ['out']);
          await waitFor('the delivery', () => rx.received.length === 1);
          assert.ok(rx.attempts.length >= 2, 'the timed-out attempt was retried');
          const doc = parseXml(rx.received[0]!.body);
          assert.equal(doc.root.name, 'newsItem');
          assert.equal(attr(doc.root, 'guid'), GUID);
          assert.match(rx.received[0]!.contentType, /^application\/vnd\.iptc\.g2\.newsitem\+xml/);
        });
      } finally {
        await rx.close();
      }
    });

    test('webhook: past the retry budget an event is dead-lettered and the story\'s next version goes on', async () => {
      const rx = await receiver((r) => ({ status: r.version === '1' ? 503 : 200 }));
      try {
        await withDelivery(url, webhook(rx.url, { attempts: 3, format: 'json' }), async (pub, prefix, conn) => {
          await pub.publish(version(1), 'article.upsert', null, '1', ['out']);
          await pub.publish(version(2), 'article.upsert', `examplewire:${GUID}@1`, '2', ['out']);
          await waitFor('version 2', () => rx.received.length === 1);
          assert.equal(rx.attempts.filter((a) => a.version === '1').length, 3, 'three tries, then the dead letter');
          assert.ok(rx.attempts.findIndex((a) => a.version === '2') > rx.attempts.findLastIndex((a) => a.version === '1'), 'version 2 waited for version 1 to be given up');
          const json = JSON.parse(rx.received[0]!.body) as { event: string; article: { version: string } };
          assert.equal(json.event, 'article.upsert');
          const q = queueOn(conn, publishQueueName('out'), prefix);
          try {
            await waitFor('the failed job', async () => (await q.getFailedCount()) === 1);
            const [failed] = await q.getFailed();
            assert.match(failed!.failedReason, /WIREDESK_ERR_DELIVERY_FAILED after 3 attempts/);
          } finally {
            await q.close();
          }
        });
      } finally {
        await rx.close();
      }
    });

    test('an earlier event removed from the queue by hand does not hold the story\'s later versions back', async () => {
      const rx = await receiver((r) => ({ status: r.version === '1' ? 500 : 200 }));
      try {
        await withDelivery(url, webhook(rx.url, { attempts: 50, backoffSeconds: 0.5 }), async (pub, prefix, conn) => {
          await pub.publish(version(1), 'article.upsert', null, '1', ['out']);
          await waitFor('v1 failing', () => rx.attempts.length >= 1);
          await pub.publish(version(2), 'article.upsert', `examplewire:${GUID}@1`, '2', ['out']);
          // An operator removes the failing event (a queue UI's "remove"); version 2 then goes.
          const q = queueOn(conn, publishQueueName('out'), prefix);
          try {
            await waitFor('v1 removed', async () => {
              const [job] = (await q.getDelayed()).filter((j) => j.data && (j.data as { article: { version: string } }).article.version === '1');
              if (!job) return false;
              return job.remove().then(() => true, () => false);
            });
          } finally {
            await q.close();
          }
          await waitFor('v2', () => rx.received.length === 1);
          assert.equal(rx.received[0]!.version, '2');
        });
      } finally {
        await rx.close();
      }
    });

    test('a delivery survives a restart: the event waits in Redis and the next worker delivers it', async () => {
      const rx = await receiver((_r, nth) => ({ status: nth === 1 ? 500 : 200 }));
      const prefix = uniquePrefix('deliver-restart');
      const redis = connectTest(url);
      const publisher = new Publisher(redis, prefix, 3600);
      const deliver = webhook(rx.url, { backoffSeconds: 1 });
      try {
        const first = await startDeliveries(url, [{ name: 'out', deliver }], { prefix });
        await publisher.publish(version(1), 'article.upsert', null, '1', ['out']);
        await waitFor('the first, failed attempt', () => rx.attempts.length === 1);
        await first.close();
        assert.equal(rx.received.length, 0);
        const second = await startDeliveries(url, [{ name: 'out', deliver }], { prefix });
        try {
          await waitFor('the delivery after the restart', () => rx.received.length === 1);
          assert.equal(rx.received[0]!.delivery, `examplewire:${GUID}@1`);
        } finally {
          await second.close();
        }
      } finally {
        await publisher.close();
        await deletePrefixKeys(redis, prefix);
        await redis.quit();
        await rx.close();
      }
    });

    test('folder: one file per story version, written atomically, a kill as a tombstone file', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'wiredesk-out-'));
      try {
        const deliver: FolderDelivery = { type: 'folder', folder: join(folder, 'g2'), format: 'newsml-g2', attempts: 3, backoffSeconds: 0.2, maxBackoffSeconds: 1 };
        await withDelivery(url, deliver, async (pub) => {
          await pub.publish(version(1), 'article.upsert', null, '1', ['out']);
          await pub.publish(version(2), 'article.upsert', `examplewire:${GUID}@1`, '2', ['out']);
          await pub.publish(version(2), 'article.kill', `examplewire:${GUID}@2`, '2', ['out']);
          await waitFor('three files', async () => (await readdir(deliver.folder).catch(() => [])).length === 3);
          const files = (await readdir(deliver.folder)).sort();
          assert.ok(files.every((f) => f.endsWith('.xml') && !f.startsWith('.')), `no temporary file is left: ${files.join(', ')}`);
          const kill = files.filter((f) => f.includes('.kill-'));
          assert.equal(kill.length, 1, 'one tombstone');
          assert.ok(files.some((f) => f.includes('@1-')) && files.some((f) => f.includes('@2-')), 'one file per version');
          const tomb = parseXml(await readFile(join(deliver.folder, kill[0]!), 'utf8'));
          assert.match(await readFile(join(deliver.folder, kill[0]!), 'utf8'), /<pubStatus qcode="stat:canceled"\/>/);
          assert.equal(attr(tomb.root, 'version'), '2');
        });
        // A folder that cannot be made (a file stands in its place) dead-letters after the budget.
        const blocked: FolderDelivery = { type: 'folder', folder: join(folder, 'g2', (await readdir(join(folder, 'g2')))[0]!, 'sub'), format: 'json', attempts: 2, backoffSeconds: 0.1, maxBackoffSeconds: 0.2 };
        await withDelivery(url, blocked, async (pub, prefix, conn) => {
          await pub.publish(version(3), 'article.upsert', null, '3', ['out']);
          const q = queueOn(conn, publishQueueName('out'), prefix);
          try {
            await waitFor('the failed job', async () => (await q.getFailedCount()) === 1);
          } finally {
            await q.close();
          }
        });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    test('config: deliver to a webhook (secret from the environment) or a folder, with defaults; a missing secret is refused', () => {
      const yaml = `
    feeds: []
    subscribers:
      - name: cms
        deliver: { type: webhook, url: "https://cms.example.test/hooks/wiredesk", format: ninjs3, secretEnv: CMS_HOOK_SECRET }
      - name: archive
        deliver: { type: folder, folder: /var/spool/wiredesk-out, format: newsml-g2, attempts: 3 }
      - name: web
    `;
      const config = parseConfig(yaml, 'test.yaml', { CMS_HOOK_SECRET: 'cms-secret-0123456789' });
      assert.deepEqual(config.subscribers[0]!.deliver, { type: 'webhook', url: 'https://cms.example.test/hooks/wiredesk', format: 'ninjs3', secret: 'cms-secret-0123456789', signatureHeader: 'x-wiredesk-signature', timeoutSeconds: 10, attempts: 8, backoffSeconds: 1, maxBackoffSeconds: 300 });
      assert.deepEqual(config.subscribers[1]!.deliver, { type: 'folder', folder: '/var/spool/wiredesk-out', format: 'newsml-g2', attempts: 3, backoffSeconds: 1, maxBackoffSeconds: 300 });
      assert.equal(config.subscribers[2]!.deliver, undefined);
      assert.throws(() => parseConfig(yaml, 'test.yaml', {}), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.path === '/subscribers/0/deliver/secretEnv'));
      assert.throws(() => parseConfig(yaml.replace('https://cms', 'ftp://cms'), 'test.yaml', { CMS_HOOK_SECRET: 'cms-secret-0123456789' }), ConfigError);
      assert.throws(() => parseConfig(yaml.replace('folder: /var', 'path: /var'), 'test.yaml', { CMS_HOOK_SECRET: 'cms-secret-0123456789' }), ConfigError);
    });
  });
}

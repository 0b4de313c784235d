import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { startHarness, ninjsStory } from './harness.js';
import { startDeliveries, EVENT_HEADER } from '../../src/queue/delivery.js';
import { TIMESTAMP_HEADER, timestampedSignatureMatches } from '../../src/sources/webhook.js';
import { localServer, redisTargets } from '../worker/redis-env.js';

// Issue 18, item 6, end to end: stories through the stage workers (publish, embargo release,
// correction, kill) reach a webhook subscriber as signed POSTs, in order.

const SECRET = 'pipeline-hook-secret-0123';
const GUID = 'urn:newsml:testwire.example:20260302:harbour-hook';
const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('upsert, an embargoed correction released on time, and a kill reach the webhook subscriber in order', async () => {
      const got: Array<{ event: string; at: number; signed: boolean; version: string }> = [];
      const rx = await localServer((req: IncomingMessage, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const event = JSON.parse(body.toString('utf8')) as { article: { version: string } };
          got.push({ event: String(req.headers[EVENT_HEADER]), at: Date.now(), signed: timestampedSignatureMatches(SECRET, req.headers[TIMESTAMP_HEADER] as string, body, req.headers['x-wiredesk-signature'] as string), version: event.article.version });
          res.writeHead(204).end();
        });
      });
      const h = await startHarness({ url, subscribers: ['web'], settings: { subscribers: [{ name: 'web' }, { name: 'hook' }] } });
      const deliveries = await startDeliveries(url, [{ name: 'hook', deliver: { type: 'webhook', url: `${rx.url}/in`, format: 'json', secret: SECRET, signatureHeader: 'x-wiredesk-signature', timeoutSeconds: 5, attempts: 3, backoffSeconds: 0.2, maxBackoffSeconds: 1 } }], { prefix: h.prefix });
      try {
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('v1 delivered', () => got.length === 1);
        const until = inSeconds(2);
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 2, versionCreated: '2026-03-02T07:30:00+0000', signals: ['correction'], embargoed: until, headline: 'Harbour cranes idle (corrects union name)' }));
        await h.waitFor('v2 released and delivered', () => got.length === 2, 15_000);
        assert.ok(got[1]!.at >= Date.parse(until), 'the correction is delivered when its embargo lifts, not before');
        await h.enqueue('wire', ninjsStory({ guid: GUID, version: 3, versionCreated: '2026-03-02T08:00:00+0000', pubstatus: 'canceled', signals: ['kill'], replaces: GUID }));
        await h.waitFor('the kill delivered', () => got.length === 3);
        assert.deepEqual(got.map((g) => `${g.event} v${g.version}`), ['article.upsert v1', 'article.correct v2', 'article.kill v3']);
        assert.ok(got.every((g) => g.signed));
      } finally {
        await deliveries.close();
        await h.close();
        await rx.close();
      }
    });
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { registerWebhooks, signBody, signatureMatches } from '../../src/sources/webhook.js';
import { enqueueRawItem, closeRawItemQueues } from '../../src/queue/stages.js';
import type { WebhookFeed } from '../../src/config/config.js';
import type { RawItemJob } from '../../src/queue/contract.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger } from '../worker/redis-env.js';

const FEED: WebhookFeed = { id: 'partner', kind: 'webhook', routing: 'publish', secret: 'hmac-secret', signatureHeader: 'x-wiredesk-signature' };
const BODY = '<?xml version="1.0"?><nitf><head><title>Pushed</title></head><body><body.content><p>Text.</p></body.content></body></nitf>';

test('signatures: sha256=<hex> or bare hex of the exact body; anything else fails', () => {
  const body = Buffer.from(BODY);
  const sig = signBody('k', body);
  assert.match(sig, /^sha256=[0-9a-f]{64}$/);
  assert.ok(signatureMatches('k', body, sig));
  assert.ok(signatureMatches('k', body, sig.slice(7).toUpperCase()));
  assert.ok(!signatureMatches('other', body, sig));
  assert.ok(!signatureMatches('k', Buffer.from(BODY + ' '), sig));
  assert.ok(!signatureMatches('k', body, undefined));
  assert.ok(!signatureMatches('k', body, 'sha256=abc'));
});

test('webhook: a bad signature is 401 with nothing enqueued; a good one is 202 once the job is in Redis', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('webhook');
  const app = Fastify();
  const errors: string[] = [];
  await registerWebhooks(app, [FEED], { enqueue: (job) => enqueueRawItem(REDIS_URL!, job, { prefix }), logger: capturedLogger().logger, onError: (_f, c) => errors.push(c) }, 1_000_000);
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue<RawItemJob>('ingest', { connection: redis, prefix });
  try {
    const bad = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'application/xml', 'x-wiredesk-signature': signBody('wrong-secret', BODY) } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json<{ error: string }>().error, 'WIREDESK_ERR_SIGNATURE_INVALID');
    const unsigned = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'application/xml' } });
    assert.equal(unsigned.statusCode, 401);
    assert.deepEqual(errors, ['WIREDESK_ERR_SIGNATURE_INVALID', 'WIREDESK_ERR_SIGNATURE_INVALID']);
    assert.equal(await queue.count(), 0, 'nothing enqueued for a bad signature');

    const unknown = await app.inject({ method: 'POST', url: '/ingest/nobody', payload: BODY, headers: { 'x-wiredesk-signature': signBody('hmac-secret', BODY) } });
    assert.equal(unknown.statusCode, 404);

    const good = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'application/xml', 'x-wiredesk-signature': signBody('hmac-secret', BODY) } });
    assert.equal(good.statusCode, 202);
    const { jobId } = good.json<{ jobId: string }>();
    // Durable before the answer: the job is already in Redis when the 202 arrives.
    const job = await queue.getJob(jobId);
    assert.ok(job, 'the job is in the ingest queue');
    assert.equal(job.data.feed, 'partner');
    assert.equal(job.data.path, 'webhook:partner');
    assert.equal(job.data.contentType, 'application/xml');
    assert.equal(Buffer.from(job.data.bytes, 'base64').toString(), BODY);
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
    await app.close();
    await closeRawItemQueues();
  }
});

test('webhook: when the queue refuses the item the sender gets 503, not 202', async () => {
  const app = Fastify();
  await registerWebhooks(app, [FEED], { enqueue: () => Promise.reject(new Error('READONLY')), logger: capturedLogger().logger }, 1_000_000);
  try {
    const res = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'text/xml', 'x-wiredesk-signature': signBody('hmac-secret', BODY) } });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '5', 'the sender is told when to retry');
  } finally {
    await app.close();
  }
});

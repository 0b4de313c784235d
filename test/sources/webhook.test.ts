import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { registerWebhooks, signBody, signatureMatches, signedHeaders, signTimestamped, timestampedSignatureMatches, contentTypeCharset, seenSignatureKey } from '../../src/sources/webhook.js';
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

test('timestamped signatures cover "<timestamp>.<body>"; the charset parameter is read from Content-Type', () => {
  const body = Buffer.from(BODY);
  const sig = signTimestamped('k', 1_800_000_000, body);
  assert.ok(timestampedSignatureMatches('k', '1800000000', body, sig));
  assert.ok(!timestampedSignatureMatches('k', '1800000001', body, sig));
  assert.ok(!timestampedSignatureMatches('k', undefined, body, sig));
  assert.ok(!timestampedSignatureMatches('k', '1800000000', body, signBody('k', body)));
  assert.ok(!timestampedSignatureMatches('k', '-1', body, sig));
  assert.equal(contentTypeCharset('application/xml; charset="ISO-8859-1"'), 'iso-8859-1');
  assert.equal(contentTypeCharset('text/xml;foo=bar; CHARSET=utf-8'), 'utf-8');
  assert.equal(contentTypeCharset('text/xml'), null);
  assert.equal(contentTypeCharset(undefined), null);
});

test('webhook: a bad signature is 401 with nothing enqueued; a good one is 202 once the job is in Redis', { skip: NO_REDIS }, async () => {
  const prefix = uniquePrefix('webhook');
  const app = Fastify();
  const errors: string[] = [];
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: null });
  await registerWebhooks(app, [FEED], { enqueue: (job) => enqueueRawItem(REDIS_URL!, job, { prefix }), logger: capturedLogger().logger, onError: (_f, c) => errors.push(c) }, { redis, prefix });
  const queue = new Queue<RawItemJob>('ingest', { connection: redis, prefix });
  try {
    const bad = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'application/xml', ...signedHeaders('wrong-secret', BODY) } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json<{ error: string }>().error, 'WIREDESK_ERR_SIGNATURE_INVALID');
    const unsigned = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'application/xml' } });
    assert.equal(unsigned.statusCode, 401);
    assert.deepEqual(errors, ['WIREDESK_ERR_SIGNATURE_INVALID', 'WIREDESK_ERR_SIGNATURE_INVALID']);
    assert.equal(await queue.count(), 0, 'nothing enqueued for a bad signature');

    const unknown = await app.inject({ method: 'POST', url: '/ingest/nobody', payload: BODY, headers: signedHeaders('hmac-secret', BODY) });
    assert.equal(unknown.statusCode, 401, 'an unknown feed is not told apart from a bad signature');
    assert.equal(unknown.json<{ error: string }>().error, 'WIREDESK_ERR_SIGNATURE_INVALID');

    const good = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers: { 'content-type': 'application/xml', ...signedHeaders('hmac-secret', BODY) } });
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

test('webhook: when the queue refuses the item the sender gets 503, not 202, and may send the same request again', { skip: NO_REDIS }, async () => {
  const app = Fastify();
  const prefix = uniquePrefix('webhook503');
  const redis = new Redis(REDIS_URL!);
  let refuse = true;
  await registerWebhooks(app, [FEED], { enqueue: async () => { if (refuse) throw new Error('READONLY'); return '1'; }, logger: capturedLogger().logger }, { redis, prefix });
  try {
    const headers: Record<string, string> = { 'content-type': 'text/xml', ...signedHeaders('hmac-secret', BODY) };
    const res = await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers });
    assert.equal(res.statusCode, 503);
    const digest = headers['x-wiredesk-signature']!.slice(7);
    assert.equal(await redis.exists(seenSignatureKey(prefix, 'partner', digest)), 0, 'a refused delivery does not use up its signature');
    refuse = false;
    assert.equal((await app.inject({ method: 'POST', url: '/ingest/partner', payload: BODY, headers })).statusCode, 202);
    assert.ok((await redis.ttl(seenSignatureKey(prefix, 'partner', digest))) > 0, 'the used signature is kept with a TTL');
    assert.equal(res.headers['retry-after'], '5', 'the sender is told when to retry');
  } finally {
    await app.close();
    await redis.del(seenSignatureKey(prefix, 'partner', signedHeaders('hmac-secret', BODY)['x-wiredesk-signature']!.slice(7)));
    await redis.quit();
  }
});

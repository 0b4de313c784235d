import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { startWorker } from '../../src/worker/run-worker.js';
import { signBody, signTimestamped, signedHeaders, TIMESTAMP_HEADER } from '../../src/sources/webhook.js';
import type { WorkerConfig } from '../../src/config/config.js';
import { packagePath } from '../../src/package-info.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, capturedLogger, deletePrefixKeys } from './redis-env.js';

// issue 15 item 19 (webhook parts), through real HTTP requests to a real worker.

function config(prefix: string): WorkerConfig {
  return {
    redisUrl: REDIS_URL!,
    prefix,
    listen: { host: '127.0.0.1', port: 0 },
    bodyLimitBytes: 32 * 1024 * 1024,
    concurrency: 2,
    retentionSeconds: 3600,
    tokens: new Map(),
    feeds: [
      { id: 'partner', kind: 'webhook', routing: 'drop', secret: 's3cret', signatureHeader: 'x-wiredesk-signature', maxBytes: 64 * 1024 },
      { id: 'latin', kind: 'webhook', routing: 'drop', secret: 'latin-secret', signatureHeader: 'x-wiredesk-signature', charset: 'iso-8859-1' },
      { id: 'old-partner', kind: 'webhook', routing: 'drop', secret: 'old-secret', signatureHeader: 'x-signature', signatureScheme: 'legacy-body' },
    ],
    subscribers: [],
  };
}

async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; error: string | undefined }> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  return { status: res.status, error: json.error };
}

async function withWorker(fn: (url: string, story: Buffer, metrics: () => Promise<string>) => Promise<void>): Promise<void> {
  const prefix = uniquePrefix('hooksig');
  const worker = await startWorker(config(prefix), { logger: capturedLogger().logger });
  try {
    const story = await readFile(packagePath('fixtures', 'newsml-g2', 'dpa-berichtigung.xml'));
    await fn(worker.url, story, async () => (await fetch(`${worker.url}/metrics`)).text());
  } finally {
    await worker.close();
    const redis = new Redis(REDIS_URL!);
    await deletePrefixKeys(redis, prefix);
    await redis.quit();
  }
}

test('webhook: a signed delivery is accepted once; the same request replayed is refused (409) and enqueues nothing', { skip: NO_REDIS }, async () => {
  await withWorker(async (url, story, metrics) => {
    const headers = { 'content-type': 'application/xml', ...signedHeaders('s3cret', story) };
    assert.deepEqual(await post(`${url}/ingest/partner`, story, headers), { status: 202, error: undefined });
    assert.deepEqual(await post(`${url}/ingest/partner`, story, headers), { status: 409, error: 'WIREDESK_ERR_SIGNATURE_REPLAYED' });
    // Re-signed with a fresh timestamp it is a new delivery.
    const later = { 'content-type': 'application/xml', ...signedHeaders('s3cret', story, Math.floor(Date.now() / 1000) + 1) };
    assert.equal((await post(`${url}/ingest/partner`, story, later)).status, 202);
    assert.match(await metrics(), /wiredesk_errors_total\{code="WIREDESK_ERR_SIGNATURE_REPLAYED",feed="partner"\} 1/);
  });
});

test('webhook: a timestamp outside the window, a body-only signature, or no timestamp are refused (401)', { skip: NO_REDIS }, async () => {
  await withWorker(async (url, story) => {
    const old = Math.floor(Date.now() / 1000) - 301;
    const stale = await post(`${url}/ingest/partner`, story, { [TIMESTAMP_HEADER]: String(old), 'x-wiredesk-signature': signTimestamped('s3cret', old, story) });
    assert.deepEqual(stale, { status: 401, error: 'WIREDESK_ERR_SIGNATURE_STALE' });
    const future = Math.floor(Date.now() / 1000) + 400;
    assert.equal((await post(`${url}/ingest/partner`, story, { [TIMESTAMP_HEADER]: String(future), 'x-wiredesk-signature': signTimestamped('s3cret', future, story) })).error, 'WIREDESK_ERR_SIGNATURE_STALE');
    // The old scheme's signature is not accepted by a timestamped feed...
    const now = String(Math.floor(Date.now() / 1000));
    assert.deepEqual(await post(`${url}/ingest/partner`, story, { [TIMESTAMP_HEADER]: now, 'x-wiredesk-signature': signBody('s3cret', story) }), { status: 401, error: 'WIREDESK_ERR_SIGNATURE_INVALID' });
    // ...and the timestamp is part of what is signed: changing it breaks the signature.
    const sig = signTimestamped('s3cret', now, story);
    assert.equal((await post(`${url}/ingest/partner`, story, { [TIMESTAMP_HEADER]: String(Number(now) + 1), 'x-wiredesk-signature': sig })).status, 401);
    assert.equal((await post(`${url}/ingest/partner`, story, { 'x-wiredesk-signature': sig })).status, 401);
  });
});

test('webhook: an unknown feed answers 401 exactly like a bad signature (no 404)', { skip: NO_REDIS }, async () => {
  await withWorker(async (url, story) => {
    const bad = await fetch(`${url}/ingest/partner`, { method: 'POST', body: new Uint8Array(story), headers: signedHeaders('wrong', story) });
    const unknown = await fetch(`${url}/ingest/nobody`, { method: 'POST', body: new Uint8Array(story), headers: signedHeaders('s3cret', story) });
    assert.equal(bad.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(await unknown.json(), await bad.json());
  });
});

test('webhook: a body over the feed\'s maxBytes is refused with 413 while it is read (declared or chunked)', { skip: NO_REDIS }, async () => {
  await withWorker(async (url, story) => {
    const big = Buffer.alloc(64 * 1024 + 1, 0x41);
    assert.deepEqual(await post(`${url}/ingest/partner`, big, signedHeaders('s3cret', big)), { status: 413, error: 'WIREDESK_ERR_WEBHOOK_TOO_LARGE' });
    // Chunked, no Content-Length: the server stops at the cap, long before the 1 MB the sender has.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/ingest/partner`, { method: 'POST', headers: { 'transfer-encoding': 'chunked', ...signedHeaders('s3cret', 'x') } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 0x42);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 && req.write(chunk)) sent++;
        if (sent >= 64) req.end();
        else req.once('drain', pump);
      };
      pump();
    });
    assert.equal(status, 413);
    // The default cap of a feed that sets none is 5 MB; the fixture story is well under it.
    assert.equal((await post(`${url}/ingest/partner`, story, signedHeaders('s3cret', story))).status, 202);
  });
});

test('webhook: a Content-Type charset the feed does not accept is refused (415); the feed\'s own charset is accepted', { skip: NO_REDIS }, async () => {
  await withWorker(async (url, story) => {
    assert.deepEqual(await post(`${url}/ingest/partner`, story, { 'content-type': 'application/xml; charset=iso-8859-1', ...signedHeaders('s3cret', story) }), { status: 415, error: 'WIREDESK_ERR_WEBHOOK_CHARSET' });
    assert.equal((await post(`${url}/ingest/partner`, story, { 'content-type': 'application/xml; charset="UTF-8"', ...signedHeaders('s3cret', story) })).status, 202);
    const latin = Buffer.from('<?xml version="1.0"?><nitf><head><title>Stra\xdfe</title></head><body><body.content><p>\xdcber.</p></body.content></body></nitf>', 'latin1');
    assert.equal((await post(`${url}/ingest/latin`, latin, { 'content-type': 'application/xml; charset=ISO-8859-1', ...signedHeaders('latin-secret', latin) })).status, 202);
    assert.equal((await post(`${url}/ingest/latin`, latin, { 'content-type': 'application/xml; charset=utf-8', ...signedHeaders('latin-secret', latin) })).status, 415);
  });
});

test('webhook: a feed that opts into the legacy body-only scheme still works, and a used signature is refused within the window', { skip: NO_REDIS }, async () => {
  await withWorker(async (url, story) => {
    const headers = { 'content-type': 'application/xml', 'x-signature': signBody('old-secret', story) };
    assert.equal((await post(`${url}/ingest/old-partner`, story, headers)).status, 202);
    assert.deepEqual(await post(`${url}/ingest/old-partner`, story, headers), { status: 409, error: 'WIREDESK_ERR_SIGNATURE_REPLAYED' });
    assert.equal((await post(`${url}/ingest/old-partner`, story, { 'x-signature': signBody('wrong', story) })).status, 401);
  });
});

test('examples/webhook-sender.mjs signs as the worker checks (202), and a wrong secret gets 401', { skip: NO_REDIS }, async () => {
  await withWorker(async (url) => {
    const file = packagePath('fixtures', 'newsml-g2', 'dpa-berichtigung.xml');
    const run = (secret: string): Promise<{ code: number | null; out: string }> => new Promise((resolve) => {
      const child = spawn(process.execPath, [packagePath('examples', 'webhook-sender.mjs'), `${url}/ingest/partner`, file], { env: { PATH: process.env.PATH ?? '', WEBHOOK_SECRET: secret }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => resolve({ code, out }));
    });
    const ok = await run('s3cret');
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /"accepted":true/);
    const bad = await run('nope');
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^401 .*WIREDESK_ERR_SIGNATURE_INVALID/);
  });
});

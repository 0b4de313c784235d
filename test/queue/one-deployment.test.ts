import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, ninjsStory, redisSkip, REDIS_URL } from './harness.js';
import { parseConfig } from '../../src/config/config.js';
import { DEFAULT_PREFIX } from '../../src/queue/contract.js';
import { subscribe, type Subscription } from '../../src/subscriber.js';
import type { PublishEvent } from '../../src/queue/contract.js';

// Issue 15 item 1: the worker, `review`, `dlq` and subscribe() once had different default prefixes
// (`wiredesk` and `bull`), so with the defaults `review list` printed nothing while stories waited.

/** The environment of a command run with nothing but the Redis URL set. */
const bareEnv = (): NodeJS.ProcessEnv => ({ REDIS_URL: REDIS_URL!, WIREDESK_PREFIX: '', WIREDESK_CONFIG: '', WIREDESK_REDIS_URL: '' });

test('one default: a worker configured without a prefix, `review list`, `dlq list` and subscribe() with no prefix see the same deployment', { skip: redisSkip }, async () => {
  const config = parseConfig('feeds: []\n', 'minimal.yaml', {});
  assert.equal(config.prefix, DEFAULT_PREFIX, 'the config default is the one default');
  const h = await startHarness({ subscribers: ['web'], prefix: config.prefix, settings: { subscribers: [{ name: 'web' }, { name: 'mine' }] } });
  const got: PublishEvent[] = [];
  let sub: Subscription | null = null;
  try {
    const saved = { p: process.env.WIREDESK_PREFIX };
    delete process.env.WIREDESK_PREFIX;
    sub = await subscribe('mine', (e) => { got.push(e); }, { connection: REDIS_URL! });
    if (saved.p !== undefined) process.env.WIREDESK_PREFIX = saved.p;
    await h.enqueue('desk', ninjsStory({ guid: `urn:test:defaults-${randomBytes(3).toString('hex')}`, version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
    await h.enqueue('wire', Buffer.from('<?xml version="1.0"?>\n<nitf><head><title>Broken</title></head><body><body.content><p>cut off'));
    await h.waitFor('both read', () => h.outcomes.length === 2);

    const list = await runCli(['review', 'list', '--json'], { env: bareEnv() });
    assert.equal(list.code, 0, list.stderr);
    const pending = list.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; state: string });
    assert.equal(pending.length, 1, 'the story waiting for review is listed with the defaults');
    const dlq = await runCli(['dlq', 'list', '--json'], { env: bareEnv() });
    assert.equal(dlq.code, 0, dlq.stderr);
    assert.equal(dlq.stdout.trim().split('\n').filter(Boolean).length, 1, 'the dead letter is listed with the defaults');

    const approve = await runCli(['review', 'approve', pending[0]!.id], { env: bareEnv() });
    assert.equal(approve.code, 0, approve.stderr);
    await h.waitFor('delivered to the default-prefix subscriber', () => got.length === 1);
    assert.equal(got[0]?.event, 'article.upsert');
  } finally {
    await sub?.close();
    await h.close();
  }
});

test('--config and WIREDESK_CONFIG: every command reads the deployment from the worker config; --prefix overrides it', { skip: redisSkip }, async () => {
  const prefix = `wdtest-cfg-${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'wd-cfg-'));
  const file = join(dir, 'config.yaml');
  // A secret the commands do not need may be unset: they only read the Redis URL and prefix.
  await writeFile(file, `redis:\n  url: \${TEST_REDIS_URL}\n  prefix: ${prefix}\nfeeds:\n  - { id: hook, kind: webhook, secretEnv: UNSET_HOOK_SECRET_FOR_TEST }\n`);
  const h = await startHarness({ subscribers: ['web'], prefix });
  try {
    await h.enqueue('desk', ninjsStory({ guid: 'urn:test:config-review', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
    await h.waitFor('read', () => h.outcomes.length === 1);
    const env = { ...bareEnv(), REDIS_URL: '', TEST_REDIS_URL: REDIS_URL! };
    const count = (out: string): number => out.trim().split('\n').filter(Boolean).length;

    const byFlag = await runCli(['review', 'list', '--json', '--config', file], { env });
    assert.equal(byFlag.code, 0, byFlag.stderr);
    assert.equal(count(byFlag.stdout), 1);
    const byEnv = await runCli(['review', 'list', '--json'], { env: { ...env, WIREDESK_CONFIG: file } });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.equal(count(byEnv.stdout), 1);
    const overridden = await runCli(['review', 'list', '--json', '--config', file, '--prefix', `${prefix}-other`], { env });
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.equal(count(overridden.stdout), 0, '--prefix wins over the file');

    const missing = await runCli(['dlq', 'list', '--config', join(dir, 'nope.yaml')], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /WIREDESK_ERR_CONFIG_INVALID .*nope\.yaml/);
  } finally {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }
});

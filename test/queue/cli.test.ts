import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, ninjsStory } from './harness.js';
import { redisTargets } from '../worker/redis-env.js';

// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('wiredesk review and dlq: list, show, approve, hold, replay', async () => {
      const h = await startHarness({ url, subscribers: ['web'] });
      try {
        const target = ['--redis', url, '--prefix', h.prefix];
        const bad = Buffer.from('<?xml version="1.0"?>\n<nitf><head><title>Broken</title></head><body><body.content><p>cut off');
        await h.enqueue('wire', bad);
        await h.enqueue('desk', ninjsStory({ guid: 'urn:test:cli-review', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('both', () => h.outcomes.length === 2);

        const dlq = await runCli(['dlq', 'list', '--json', ...target]);
        assert.equal(dlq.code, 0, dlq.stderr);
        const [entry] = dlq.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; feed: string; code: string });
        assert.equal(entry?.feed, 'wire');
        assert.match(entry.code, /^WIREDESK_ERR_/);
        const raw = await runCli(['dlq', 'show', entry.id, '--raw', ...target]);
        assert.equal(raw.stdout, bad.toString('utf8'));
        const shown = await runCli(['dlq', 'show', entry.id, ...target]);
        assert.match(shown.stdout, /<nitf><head><title>Broken/, 'text is shown as text');
        const replay = await runCli(['dlq', 'replay', entry.id, ...target]);
        assert.equal(replay.code, 0, replay.stderr);
        assert.match(replay.stdout, /-> ingest job/);
        await h.waitFor('replayed and failed again', () => h.outcomes.length === 3);
        assert.equal((await runCli(['dlq', 'show', 'no-such-entry', ...target])).code, 1);

        const list = await runCli(['review', 'list', '--json', '--state', 'pending', ...target]);
        assert.equal(list.code, 0, list.stderr);
        const [pending] = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; state: string });
        assert.equal(pending?.state, 'pending');
        const approve = await runCli(['review', 'approve', pending.id, '--by', 'night-editor', ...target]);
        assert.equal(approve.code, 0, approve.stderr);
        await h.waitFor('published', () => h.received.length === 1);
        const hold = await runCli(['review', 'hold', pending.id, ...target]);
        assert.equal(hold.code, 1, 'an approved story cannot be held');
        assert.match(hold.stderr, /approved/);
        assert.equal((await runCli(['review', 'frobnicate', ...target])).code, 2);
        assert.equal((await runCli(['dlq', 'replay', ...target])).code, 2);
      } finally {
        await h.close();
      }
    });
  });
}

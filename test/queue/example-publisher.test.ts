import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import { startHarness, ninjsStory } from './harness.js';
import { redisTargets } from '../worker/redis-env.js';

// examples/file-publisher.mjs imports `wiredesk/subscriber` (the package export of dist/), so this
// also checks the export resolves after `npm run build`.
// The same suite on the single server and on the shared cluster (test/worker/redis-env.ts).
for (const target of redisTargets()) {
  describe(`on the ${target.name}`, { skip: target.skip }, () => {
    const url = target.url!;

    test('the example publisher keeps the current version of each story and a tombstone for kills', { skip: (existsSync(join(PACKAGE_ROOT, 'dist', 'subscriber.js')) ? false : 'dist/ is not built') }, async () => {
      const h = await startHarness({ url, subscribers: [], settings: { subscribers: [{ name: 'files' }] } });
      const dir = mkdtempSync(join(tmpdir(), 'wiredesk-example-'));
      const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'examples', 'file-publisher.mjs'), 'files', dir, h.prefix], {
        env: { ...process.env, REDIS_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      const lines = (): number => out.split('\n').filter(Boolean).length;
      try {
        await h.enqueue('wire', ninjsStory({ guid: 'urn:test:example', version: 1, versionCreated: '2026-03-02T07:00:00+0000' }));
        await h.waitFor('v1 written', () => lines() >= 1, 15_000);
        await h.enqueue('wire', ninjsStory({ guid: 'urn:test:example', version: 2, versionCreated: '2026-03-02T07:10:00+0000', headline: 'Harbour cranes move again' }));
        await h.waitFor('v2 written', () => lines() >= 2, 15_000);
        const files = readdirSync(dir);
        assert.equal(files.length, 1, out);
        assert.equal((JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as { version: string }).version, '2');
        await h.enqueue('wire', ninjsStory({ guid: 'urn:test:example', version: 3, versionCreated: '2026-03-02T07:20:00+0000', pubstatus: 'canceled' }));
        await h.waitFor('kill', () => lines() >= 3, 15_000);
        assert.deepEqual(readdirSync(dir).map((f) => f.replace(/^.*?(\.killed)?\.json$/, '$1')), ['.killed'], out);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        rmSync(dir, { recursive: true, force: true });
        await h.close();
      }
    });
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import { WORKER_NODE_OPTIONS } from '../../src/worker/node-options.js';

test('the image runs workers with the Node options the pipeline bench measures them with', () => {
  const dockerfile = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
  const env = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile);
  assert.ok(env, 'the Dockerfile sets NODE_OPTIONS');
  assert.equal(env[1], WORKER_NODE_OPTIONS);
  // Only options Node accepts in NODE_OPTIONS (V8's semi-space size is one of them).
  for (const option of WORKER_NODE_OPTIONS.split(' ')) assert.match(option, /^--max-(semi|old)-space-size=\d+$/);
});

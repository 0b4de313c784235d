import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { startOwnCluster } from '../helpers/redis-cluster.js';
import { NO_REDIS } from '../worker/redis-env.js';

// Issue 17 item 5: the pipeline bench runs its cluster with the single server's persistence (AOF,
// fsync every second), given to every node through startOwnCluster's `serverArgs`.

const major = Number(/v=(\d+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 0);
const skip = NO_REDIS || (major < 7 ? 'redis-server 7 or later is needed for a cluster' : false);

test('startOwnCluster: serverArgs reach every node (AOF everysec), the defaults stay without them', { skip }, async () => {
  const cluster = await startOwnCluster({ masters: 3, replicas: 0, serverArgs: ['--appendonly', 'yes', '--appendfsync', 'everysec'] });
  try {
    assert.equal(cluster.nodes.length, 3);
    for (const n of cluster.nodes) {
      const c = new Redis({ host: '127.0.0.1', port: n.port, lazyConnect: true });
      try {
        assert.deepEqual(await c.config('GET', 'appendonly'), ['appendonly', 'yes'], `node ${n.port}`);
        assert.deepEqual(await c.config('GET', 'appendfsync'), ['appendfsync', 'everysec'], `node ${n.port}`);
        assert.match(await c.cluster('INFO') as string, /cluster_state:ok/);
      } finally {
        c.disconnect();
      }
    }
  } finally {
    await cluster.stop();
  }
  const plain = await startOwnCluster({ masters: 3, replicas: 0 });
  try {
    const c = new Redis({ host: '127.0.0.1', port: plain.nodes[0]!.port, lazyConnect: true });
    try {
      assert.deepEqual(await c.config('GET', 'appendonly'), ['appendonly', 'no']);
    } finally {
      c.disconnect();
    }
  } finally {
    await plain.stop();
  }
});

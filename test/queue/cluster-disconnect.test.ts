import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { RedisConnection as BullConnection } from 'bullmq';
import type { Cluster } from 'ioredis';
import { connectTarget, duplicateConnection } from '../../src/queue/redis-connection.js';
import { startOwnCluster, type OwnCluster } from '../helpers/redis-cluster.js';
import { NO_REDIS } from '../worker/redis-env.js';

// Issue 17 item 4: after a master failed over, a BullMQ blocking connection could sit between
// reconnect attempts with no node in its pool; ioredis' Cluster.disconnect() then never emitted
// 'end', so BullMQ closing the worker waited until the worker's shutdown bound gave up (25 s).
// On a real cluster: such a client, its duplicates (BullMQ's blocking connections) and BullMQ's
// own disconnect of one end at once.

const major = Number(/v=(\d+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? 0);
const skip = NO_REDIS || (major < 7 ? 'redis-server 7 or later is needed for a cluster' : false);

let cluster: OwnCluster | null = null;
let target = '';
before(async () => {
  if (skip) return;
  cluster = await startOwnCluster({ masters: 3, replicas: 0 });
  target = `redis-cluster://${cluster.seeds.map((s) => `${s.host}:${s.port}`).join(',')}`;
});
after(async () => {
  await cluster?.stop();
});

/** Empties a ready client's node pool as a failover can: ioredis closes every node, keeping the client for a reconnect. */
async function strand(c: Cluster): Promise<void> {
  await c.ping();
  c.disconnect(true);
  // Past the client's own handling of the close (it then waits for its next attempt).
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(c.nodes().length, 0, 'the pool is empty');
  assert.ok(['close', 'reconnecting'].includes(c.status), c.status);
}

/** Resolves 'end' when the client emits it within `ms` (a hang guard far above the few ms it takes). */
function ended(c: Cluster, ms = 3_000): Promise<string> {
  return Promise.race([new Promise<string>((r) => c.once('end', () => r('end'))), new Promise<string>((r) => setTimeout(() => r(`no 'end' within ${ms} ms`), ms).unref())]);
}

test('a cluster client with an empty node pool ends on disconnect(), and so does its duplicate', { skip }, async () => {
  // A long retry delay keeps the client between attempts, as during a failover.
  const conn = connectTarget(target, { retryStrategy: () => 60_000 }) as Cluster;
  await strand(conn);
  const end = ended(conn);
  conn.disconnect();
  assert.equal(await end, 'end');
  assert.equal(conn.status, 'end');

  const base = connectTarget(target, { retryStrategy: () => 60_000 }) as Cluster;
  const dup = duplicateConnection(base, { maxRetriesPerRequest: null }) as Cluster;
  dup.on('error', () => undefined);
  try {
    await strand(dup);
    const dupEnd = ended(dup);
    dup.disconnect();
    assert.equal(await dupEnd, 'end');
  } finally {
    base.disconnect();
  }
});

test('BullMQ\'s disconnect of a stranded blocking cluster connection returns (the worker close path)', { skip }, async () => {
  const base = connectTarget(target, { retryStrategy: () => 60_000 }) as Cluster;
  const blocking = base.duplicate() as Cluster;
  blocking.on('error', () => undefined);
  const bull = new BullConnection(blocking, { shared: false, blocking: true });
  try {
    await bull.client;
    await strand(blocking);
    const done = await Promise.race([bull.disconnect().then(() => 'disconnected'), new Promise<string>((r) => setTimeout(() => r('still waiting after 3 s'), 3_000).unref())]);
    assert.equal(done, 'disconnected');
    assert.equal(blocking.status, 'end');
  } finally {
    await bull.close(true).catch(() => undefined);
    base.disconnect();
  }
});

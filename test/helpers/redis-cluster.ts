import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, pong } from '../../src/cli/private-redis.js';

/**
 * A real Redis Cluster for tests (issue 17): Debian's `redis-server` processes on loopback ports,
 * `cluster-enabled yes`, joined by `redis-cli --cluster create … --cluster-replicas R --cluster-yes`,
 * each node with a data directory of its own (no persistence). Masters can be SIGKILLed to
 * exercise failover; `stop()` ends every node and removes the directories.
 */
export interface ClusterNode {
  port: number;
  proc: ChildProcess | null;
}

export interface OwnCluster {
  /** Seed nodes as `{ host, port }` (every node). */
  seeds: Array<{ host: string; port: number }>;
  nodes: ClusterNode[];
  /** The ports of the current masters, from CLUSTER NODES as one live node sees it. */
  masters(): number[];
  /** SIGKILLs the node on `port`, as a crash would. */
  kill(port: number): Promise<void>;
  /** Waits until every slot is served again (cluster_state:ok on the live nodes). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /**
   * Moves empty hash slots from the master on `fromPort` to the master on `toPort`, by the cluster
   * specification's resharding steps (IMPORTING on the target, MIGRATING on the source, then NODE
   * on both and on every other master), and waits until every node sees the new owner. Refuses a
   * slot that holds keys: it is for laying out a fresh cluster, not for moving data.
   */
  moveSlots(slots: number[], fromPort: number, toPort: number): Promise<void>;
  stop(): Promise<void>;
}

function cli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 5_000 }).stdout ?? '';
}

export interface OwnClusterOptions {
  masters?: number;
  replicas?: number;
  nodeTimeoutMs?: number;
  /**
   * More `redis-server` arguments for every node, after the defaults (no persistence), which they
   * may override: e.g. `['--appendonly', 'yes', '--appendfsync', 'everysec']` for the AOF a
   * production node has (the pipeline bench).
   */
  serverArgs?: string[];
}

export async function startOwnCluster(opts: OwnClusterOptions = {}): Promise<OwnCluster> {
  const masters = opts.masters ?? 3;
  const replicas = opts.replicas ?? 1;
  const count = masters * (1 + replicas);
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-cluster-'));
  const nodes: ClusterNode[] = [];
  const used = new Set<number>();
  const port = async (): Promise<number> => {
    for (;;) {
      const p = await freePort();
      if (!used.has(p)) {
        used.add(p);
        return p;
      }
    }
  };
  try {
    for (let i = 0; i < count; i++) {
      const p = await port();
      const bus = await port();
      const nodeDir = join(dir, String(p));
      mkdirSync(nodeDir);
      const proc = spawn('redis-server', [
        '--port', String(p), '--cluster-port', String(bus), '--bind', '127.0.0.1', '--dir', nodeDir,
        '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 2_000),
        '--save', '', '--appendonly', 'no', ...(opts.serverArgs ?? []),
      ], { stdio: 'ignore' });
      nodes.push({ port: p, proc });
    }
    for (const n of nodes) {
      let up = false;
      for (let i = 0; i < 200 && !up; i++) {
        up = await pong(n.port);
        if (!up) await new Promise((r) => setTimeout(r, 25));
      }
      if (!up) throw new Error(`cluster node on ${n.port} did not start`);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}\n${created.stderr}`);
  } catch (e) {
    for (const n of nodes) n.proc?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const live = (): ClusterNode[] => nodes.filter((n) => n.proc && n.proc.exitCode === null);
  const killed = new Set<number>();
  /** CLUSTER NODES as one node sees it: port, flags, link state, whether it serves slots. */
  const view = (p: number): Array<{ port: number; flags: string[]; connected: boolean; slots: boolean }> => cli(p, 'cluster', 'nodes').split('\n').filter(Boolean).map((l) => {
    const f = l.split(' ');
    return { port: Number(/:(\d+)@/.exec(f[1] ?? '')?.[1]), flags: (f[2] ?? '').split(','), connected: f[7] === 'connected', slots: f.length > 8 };
  });
  const cluster: OwnCluster = {
    seeds: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    nodes,
    masters() {
      return view(live()[0]!.port).filter((n) => n.flags.includes('master') && !n.flags.includes('fail') && n.slots).map((n) => n.port);
    },
    async kill(p) {
      const n = nodes.find((x) => x.port === p);
      if (!n?.proc || n.proc.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => n.proc!.once('exit', () => resolve()));
      n.proc.kill('SIGKILL');
      await gone;
      n.proc = null;
      killed.add(p);
    },
    async waitHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ok = live().every((n) => {
          const info = cli(n.port, 'cluster', 'info');
          if (!/cluster_state:ok/.test(info) || !/cluster_slots_ok:16384/.test(info)) return false;
          const seen = view(n.port);
          // Every killed node is known to have failed, and the slots are served by live masters only.
          if ([...killed].some((k) => !seen.find((x) => x.port === k)?.flags.includes('fail'))) return false;
          const serving = seen.filter((x) => x.flags.includes('master') && x.slots && !x.flags.includes('fail'));
          if (serving.length !== masters || serving.some((x) => killed.has(x.port))) return false;
          // At the start every replica has attached and synced (a replica that never synced cannot take over).
          if (killed.size === 0 && seen.filter((x) => x.flags.includes('slave')).length !== masters * replicas) return false;
          const replication = cli(n.port, 'info', 'replication');
          return !/role:slave/.test(replication) || /master_link_status:up/.test(replication) || killed.size > 0;
        });
        if (ok) return;
        if (Date.now() > deadline) throw new Error('the cluster did not become healthy');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async moveSlots(slots, fromPort, toPort) {
      if (slots.length === 0) return;
      const conns = new Map(live().map((n) => [n.port, new Redis({ host: '127.0.0.1', port: n.port, lazyConnect: true, maxRetriesPerRequest: 2 })]));
      const on = (p: number): Redis => {
        const c = conns.get(p);
        if (!c) throw new Error(`no live node on ${p}`);
        return c;
      };
      const batch = async (p: number, commands: string[][]): Promise<unknown[]> => {
        const pipe = on(p).pipeline();
        for (const c of commands) pipe.call(c[0]!, ...c.slice(1));
        const out = (await pipe.exec()) ?? [];
        const failed = out.find(([e]) => e);
        if (failed) throw new Error(`port ${p}: ${String(failed[0])}`);
        return out.map(([, v]) => v);
      };
      try {
        const [fromId, toId] = await Promise.all([on(fromPort).call('CLUSTER', 'MYID'), on(toPort).call('CLUSTER', 'MYID')]) as [string, string];
        const counts = await batch(fromPort, slots.map((s) => ['CLUSTER', 'COUNTKEYSINSLOT', String(s)]));
        if (counts.some((c) => Number(c) !== 0)) throw new Error('moveSlots: a slot holds keys');
        await batch(toPort, slots.map((s) => ['CLUSTER', 'SETSLOT', String(s), 'IMPORTING', fromId]));
        await batch(fromPort, slots.map((s) => ['CLUSTER', 'SETSLOT', String(s), 'MIGRATING', toId]));
        await batch(toPort, slots.map((s) => ['CLUSTER', 'SETSLOT', String(s), 'NODE', toId]));
        await batch(fromPort, slots.map((s) => ['CLUSTER', 'SETSLOT', String(s), 'NODE', toId]));
        const others = view(toPort).filter((n) => n.flags.includes('master') && n.port !== fromPort && n.port !== toPort && conns.has(n.port));
        await Promise.all(others.map((n) => batch(n.port, slots.map((s) => ['CLUSTER', 'SETSLOT', String(s), 'NODE', toId]))));
        // Every node (replicas too, by gossip) names the new owner of the last slot moved.
        const last = slots[slots.length - 1]!;
        const deadline = Date.now() + 30_000;
        for (;;) {
          const owners = await Promise.all([...conns.values()].map(async (c) => {
            const ranges = (await c.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
            return ranges.find(([a, b]) => last >= a && last <= b)?.[2][1];
          }));
          if (owners.every((o) => o === toPort)) break;
          if (Date.now() > deadline) throw new Error('moveSlots: the nodes did not agree on the new owner');
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        for (const c of conns.values()) c.disconnect();
      }
      await cluster.waitHealthy();
    },
    async stop() {
      await Promise.all(nodes.map((n) => cluster.kill(n.port)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.waitHealthy();
  return cluster;
}

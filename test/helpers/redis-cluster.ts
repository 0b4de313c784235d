import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    async stop() {
      await Promise.all(nodes.map((n) => cluster.kill(n.port)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.waitHealthy();
  return cluster;
}

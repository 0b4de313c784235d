/**
 * `npm run bench -- pipeline [--json] [--chaos] [--cluster [--even-slots]] [--stories N] [--steady-stories M] [--warmup-stories W]
 *  [--rate R] [--page-size K] [--concurrency C] [--subscriber-concurrency S] [--prefix P] [--trace] [--profile-dir DIR]`
 *
 * The distributed pipeline end to end on this machine: a private redis-server (AOF, fsync every
 * second), a local feed server paging NewsML-G2 newsMessages (K items of 5-10 KB each), two
 * `wiredesk worker` processes polling it as a cursor feed, and two subscribers consuming their
 * `publish.<name>` queues in this process. The workers run with the image's Node options
 * (src/worker/node-options.ts); `npm run bench` gives this process a young generation sized to
 * the subscribers' events in flight (scripts/bench.mjs).
 *
 * Phases, all in one run:
 * 1. baselines: raw BullMQ no-op job rate (same Redis, same payload sizes) and the raw parse
 *    rate of the same stories (format parse alone, and the whole ingestItem());
 * 2. steady: W + M stories released at R stories/s as one stream -> p50/p99 of the last M from
 *    receipt (the poll that fetched the page) to the event landing in the subscriber's queue
 *    (`publishedAt`); the first W warm the fresh workers up (their hot code compiled, as in a
 *    worker that has been running), and are checked for loss and duplicates like every story;
 * 3. burst: N stories released at once -> storiesPerSecond (first release to the last event
 *    in a subscriber queue), and consumedPerSecond (to the last event the subscribers handled:
 *    the same while they keep up, as they do at the default --subscriber-concurrency 50; with 1
 *    they fall behind and leave the workers more CPU, which would flatter storiesPerSecond).
 *    With --chaos, one worker is SIGKILLed (and restarted) at 30% and Redis is restarted at 60%
 *    of the burst.
 * Then every story is checked at both subscribers: `lost` (never delivered) and `duplicated`
 * (delivered more than once). Results are printed as JSON on stdout, with the CPU seconds each
 * process used during the burst (`burst.cpuSeconds`, `burst.cpuMsPerStory`); `--trace` also
 * logs queue depths and CPU shares each second and Redis' command statistics at the end.
 *
 * `--cluster` (issue 17): the run above on the single server first (without chaos: it is the
 * baseline), then the same stories, workers and subscribers on a real Redis Cluster of
 * redis-server processes on loopback (3 masters with a replica each, AOF everysec like the single
 * server; test/helpers/redis-cluster.ts), the workers configured with `redis.cluster` seeds. Before
 * the run the empty cluster's slots are laid out as docs/capacity.md recommends ("Slot layout":
 * fewer of the per-story slots on the masters that serve a subscriber's queue; `slotLayout` in the
 * output), or kept as `redis-cli --cluster create` splits them with `--even-slots`. The
 * output then holds both runs (`single`, `cluster`), `clusterVsSingle` (the ratio of their
 * storiesPerSecond) and, for the cluster, per shard (master and replica) the Redis CPU seconds,
 * commands and network bytes of the burst (INFO deltas), memory, and where each queue's hash
 * tag and the wiredesk keys landed (`slotSpread`). With `--chaos` the cluster run SIGKILLs the
 * master serving the ingest queue at 40% of the burst (its replica is promoted) and reports
 * `lost`, `duplicated` and `failover` (promotion time, the longest pause in deliveries). Each run
 * also reports `perStory` (CPU per stage, Redis commands, network bytes, memory per retained
 * story by key kind), the figures scripts/capacity.mjs turns into docs/capacity.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { connectTarget, hashSlot, isCluster, queuePrefix } from '../src/queue/redis-connection.js';
import { DEFAULT_PREFIX } from '../src/queue/contract.js';
import { POLL_QUEUE } from '../src/sources/feed-status.js';
import { startOwnCluster, type OwnCluster } from '../test/helpers/redis-cluster.js';
import { makeStory, asDocument, newsMessagePage, pageItems, type BenchStory } from './newsml-g2-stories.js';
import { ingestItem } from '../src/pipeline/ingest.js';
import { sniff } from '../src/pipeline/sniff.js';
import { registry } from '../src/formats/registry.js';
import { subscribe, type Subscription } from '../src/subscriber.js';
import { PACKAGE_ROOT } from '../src/package-info.js';
import { WORKER_NODE_OPTIONS } from '../src/worker/node-options.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    chaos: { type: 'boolean', default: false },
    /** Also run the same burst on a 3-master Redis Cluster (after the single server's run, its baseline). */
    cluster: { type: 'boolean', default: false },
    /** Keep `redis-cli --cluster create`'s even slot split instead of the balanced layout (see balanceSlots). */
    'even-slots': { type: 'boolean', default: false },
    /** Key prefix of the workers' queues and keys (default: `bench`; with --cluster the deployments' default, `wiredesk`). */
    prefix: { type: 'string' },
    stories: { type: 'string', default: '20000' },
    'steady-stories': { type: 'string', default: '4000' },
    /** Stories streamed at the steady rate before the measured ones: fresh workers compile their hot code first. */
    'warmup-stories': { type: 'string', default: '1000' },
    rate: { type: 'string', default: '400' },
    'page-size': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    /** Events each subscriber handles at once (the subscriber client's `concurrency`). */
    'subscriber-concurrency': { type: 'string', default: '50' },
    'noop-jobs': { type: 'string', default: '10000' },
    /** Log queue depths and each process's CPU share every second while the run goes on. */
    trace: { type: 'boolean', default: false },
    /** Write each worker process's log (level info) to a file here (<run>-<worker>-<n>.log). */
    'worker-log-dir': { type: 'string' },
    /** Write a V8 CPU profile of each worker process here (read with Chrome DevTools). */
    'profile-dir': { type: 'string' },
  },
});
const BURST = Number(args.stories);
const STEADY = Number(args['steady-stories']);
const WARMUP = Number(args['warmup-stories']);
const RATE = Number(args.rate);
const PAGE = Number(args['page-size']);
const TOTAL = WARMUP + STEADY + BURST;
/** Stories of the steady stream (warm-up, then the measured ones). */
const STREAM = WARMUP + STEADY;
const SUBSCRIBERS = ['alpha', 'beta'];
/**
 * The workers' prefix. On a cluster each queue's hash tag is `{<prefix>:<queue>}`, so the prefix
 * decides which master serves which queue: the cluster run uses the deployments' default prefix
 * (what a deployment gets unless it names one), and reports where each queue landed.
 */
const PREFIX = args.prefix ?? (args.cluster ? DEFAULT_PREFIX : 'bench');
const log = (msg: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// ---------------------------------------------------------------- redis (AOF) we can restart
/** The AOF rewrite thresholds compose.yaml gives Redis (see the comment there). */
const REDIS_AOF_REWRITE = ['--auto-aof-rewrite-min-size', '1gb', '--auto-aof-rewrite-percentage', '400'];
class BenchRedis {
  proc: ChildProcess | null = null;
  constructor(readonly port: number, readonly dir: string) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction', ...REDIS_AOF_REWRITE], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      const r = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
      if (r.stdout.trim() === 'PONG') return;
      await sleep(25);
    }
    throw new Error('redis-server did not start');
  }
  /** SHUTDOWN (the AOF is flushed, as on a clean restart), then start again on the same files. */
  async restart(): Promise<void> {
    const exited = new Promise((r) => this.proc!.once('exit', r));
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown']);
    await exited;
    await sleep(500);
    await this.start();
  }
  async stop(): Promise<void> {
    if (!this.proc || this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc!.once('exit', r));
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave']);
    await exited;
  }
}

// ---------------------------------------------------------------- the feed server
interface FeedServer {
  url: string;
  /** Release stories [0, n) to the feed. */
  release(n: number): void;
  close(): Promise<void>;
  pagesServed: number;
}

/** The feed: `pages[i]` holds the items of stories [i * PAGE, (i + 1) * PAGE), rendered once (pageItems). */
async function startFeedServer(pages: Buffer[], storyCount: number): Promise<FeedServer> {
  let released = 0;
  const state = { pagesServed: 0 };
  const server = createHttpServer((req, res) => {
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '0');
    const from = page * PAGE;
    const to = Math.min(from + PAGE, storyCount);
    // A page is served once complete (all its items released); until then: nothing new.
    if (from >= storyCount || to > released) {
      res.writeHead(204).end();
      return;
    }
    state.pagesServed++;
    const body = newsMessagePage(pages[page]!, page, new Date());
    res.writeHead(200, { 'content-type': 'application/vnd.iptc.g2.newsmessage+xml', link: `</feed?page=${page + 1}>; rel="next"` }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    release: (n) => {
      released = Math.max(released, Math.min(n, storyCount));
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
    get pagesServed() {
      return state.pagesServed;
    },
  };
}

// ---------------------------------------------------------------- worker processes
class WorkerProcess {
  proc: ChildProcess | null = null;
  private starts = 0;
  /** `redisUrl` null: the worker reads its Redis from the config file alone (a cluster's `redis.cluster` seeds). */
  constructor(readonly name: string, readonly configFile: string, readonly redisUrl: string | null, readonly port: number) {}
  async start(): Promise<void> {
    const profile = args['profile-dir'] ? ['--cpu-prof', '--cpu-prof-dir', args['profile-dir']] : [];
    this.proc = spawn(process.execPath, [...profile, join(PACKAGE_ROOT, '.build', 'src', 'cli.js'), 'worker', '--config', this.configFile], {
      // The Node options the image runs workers with (Dockerfile, src/worker/node-options.ts).
      env: { ...process.env, REDIS_URL: this.redisUrl ?? '', WIREDESK_REDIS_URL: '', LOG_LEVEL: args['worker-log-dir'] ? 'info' : 'warn', NODE_OPTIONS: [process.env.NODE_OPTIONS, WORKER_NODE_OPTIONS].filter(Boolean).join(' ') },
      stdio: ['ignore', args['worker-log-dir'] ? openSync(join(args['worker-log-dir'], `${basename(this.configFile, '.yaml')}-${++this.starts}.log`), 'w') : 'ignore', 'inherit'],
    });
    for (let i = 0; i < 400; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/readyz`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw new Error(`worker ${this.name} did not become ready`);
  }
  kill(signal: NodeJS.Signals): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill(signal);
    return exited;
  }
}

// ---------------------------------------------------------------- where the CPU goes
/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine has spent busy (all processes, the kernel, every core), from /proc/stat. */
function machineBusySeconds(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu;
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
  } catch {
    return null;
  }
}

/**
 * Each second: the ingest and publish queues' waiting jobs and each process's share of a core
 * since the last sample (redis, the workers, this process: feed server and subscribers). Returns
 * a stop function that also gives the CPU seconds each process used while the sampler ran.
 */
function startTrace(target: string, procs: () => Record<string, number | undefined>): () => Promise<Record<string, number>> {
  const conn = connectTarget(target);
  const cluster = isCluster(conn);
  // Redis' command statistics from here on (the trace's account covers this phase alone; on a
  // cluster the run reports them per shard instead).
  if (args.trace && !cluster) void (conn as Redis).config('RESETSTAT').catch(() => undefined);
  // Per process: CPU used so far by the pid last seen under that name, and the running total. A
  // process restarted under a new pid (the chaos run) adds what its new pid has used since start.
  const seen: Record<string, { pid: number | undefined; cpu: number }> = {};
  const total: Record<string, number> = {};
  let lastAt = performance.now();
  const sample = (): Record<string, number> => {
    const delta: Record<string, number> = {};
    for (const [name, pid] of Object.entries(procs())) {
      const s = name === 'bench' ? (process.cpuUsage().user + process.cpuUsage().system) / 1e6 : name === 'machine' ? machineBusySeconds() : cpuSeconds(pid);
      if (s === null) continue;
      const before = seen[name];
      const d = !before ? 0 : before.pid === pid ? Math.max(0, s - before.cpu) : s;
      seen[name] = { pid, cpu: s };
      delta[name] = d;
      total[name] = (total[name] ?? 0) + d;
    }
    return delta;
  };
  sample();
  const timer = setInterval(() => {
    void (async () => {
      const delta = sample();
      const dt = (performance.now() - lastAt) / 1000;
      lastAt = performance.now();
      const cpu = Object.entries(delta).map(([k, v]) => `${k} ${Math.round((100 * v) / dt)}%`).join(', ');
      let depths = '';
      try {
        const [ingest, alpha, beta] = await Promise.all(['ingest', 'publish.alpha', 'publish.beta'].map((q) => conn.llen(`${queuePrefix(cluster, PREFIX, q)}:${q}:wait`)));
        depths = `waiting: ingest ${ingest}, alpha ${alpha}, beta ${beta}`;
      } catch {
        depths = 'waiting: (redis away)';
      }
      if (args.trace) log(`${depths}; cpu: ${cpu}`);
    })();
  }, 1000);
  return async () => {
    clearInterval(timer);
    sample();
    if (args.trace && !cluster) {
      // Redis' own account of where its time went: command, calls, microseconds per call.
      try {
        const stats = (await conn.info('commandstats')).split('\n').map((l) => /^cmdstat_([^:]+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)/.exec(l)).filter((m) => m !== null);
        stats.sort((a, b) => Number(b[3]) - Number(a[3]));
        for (const m of stats.slice(0, 20)) log(`redis ${m[1]}: ${m[2]} calls, ${(Number(m[3]) / 1e6).toFixed(1)} s, ${m[4]} us/call`);
        const info = (await conn.info('persistence')) + (await conn.info('memory'));
        const field = (name: string): string => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '?';
        log(`redis memory ${field('used_memory_human')}, AOF rewrites ${field('aof_rewrites')}, AOF size ${field('aof_current_size')} bytes`);
      } catch {
        // redis away
      }
    }
    conn.disconnect();
    return Object.fromEntries(Object.entries(total).map(([k, v]) => [k, Number(v.toFixed(1))]));
  };
}

// ---------------------------------------------------------------- baselines
/**
 * Raw BullMQ no-op rates on this Redis with payloads of the stories' size: `consume`, jobs added
 * beforehand and then drained (the usual no-op figure), and `addAndConsume`, jobs added in bulk while
 * a worker drains them (each job's whole life, as a story's event has it).
 */
async function noopRates(redisUrl: string, stories: BenchStory[], jobs: number): Promise<{ consume: number; addAndConsume: number }> {
  const payloads = stories.slice(0, 200).map((s) => ({ bytes: Buffer.from(s.xml).toString('base64') }));
  const run = async (prefill: boolean): Promise<number> => {
    const conn = connectTarget(redisUrl);
    const prefix = queuePrefix(conn, prefill ? 'bench-noop' : 'bench-noop2', 'noop');
    const queue = new Queue('noop', { connection: conn, prefix });
    let done = 0;
    let resolveDone!: () => void;
    const finished = new Promise<void>((r) => (resolveDone = r));
    const workerConn = connectTarget(redisUrl);
    const worker = new Worker('noop', async () => undefined, { connection: workerConn, prefix, concurrency: 50, autorun: false });
    worker.on('completed', () => {
      if (++done === jobs) resolveDone();
    });
    const addAll = async (): Promise<void> => {
      for (let i = 0; i < jobs; i += 500) {
        await queue.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ name: 'noop', data: payloads[(i + k) % payloads.length]!, opts: { removeOnComplete: true } })));
      }
    };
    if (prefill) await addAll();
    const t0 = performance.now();
    void worker.run();
    if (!prefill) await addAll();
    await finished;
    const rate = jobs / ((performance.now() - t0) / 1000);
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await conn.quit();
    await workerConn.quit();
    return Math.round(rate);
  };
  return { consume: await run(true), addAndConsume: await run(false) };
}

function parseRates(stories: BenchStory[]): { formatParsePerSecond: number; ingestItemPerSecond: number } {
  const docs = stories.slice(0, 1500).map((s) => Buffer.from(asDocument(s)));
  const g2 = registry.get('newsml-g2')!;
  for (const d of docs.slice(0, 200)) ingestItem({ bytes: d, path: null }); // warm-up
  let t0 = performance.now();
  for (const d of docs) {
    const s = sniff(d, { path: null, contentType: null });
    g2.parse({ text: s.text, bytes: d, sniff: s, path: null, baseUrl: null });
  }
  const formatParsePerSecond = Math.round(docs.length / ((performance.now() - t0) / 1000));
  t0 = performance.now();
  for (const d of docs) ingestItem({ bytes: d, path: null });
  const ingestItemPerSecond = Math.round(docs.length / ((performance.now() - t0) / 1000));
  return { formatParsePerSecond, ingestItemPerSecond };
}

// ---------------------------------------------------------------- Redis' own account, per node
/** What one redis-server said about itself (INFO), at one moment. */
interface NodeStats {
  role: string;
  /** used_cpu_user + used_cpu_sys (children included: AOF rewrites), seconds. */
  cpu: number;
  commands: number;
  netIn: number;
  netOut: number;
  usedMemory: number;
  /** INFO commandstats: calls per command. */
  calls: Record<string, number>;
}

function parseInfo(info: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of info.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return out;
}

async function nodeStats(conn: Redis): Promise<NodeStats> {
  const [info, cmd] = await Promise.all([conn.info(), conn.info('commandstats')]);
  const f = parseInfo(info);
  const n = (k: string): number => Number(f[k] ?? 0) || 0;
  const calls: Record<string, number> = {};
  for (const [k, v] of Object.entries(parseInfo(cmd))) {
    const m = /^calls=(\d+)/.exec(v);
    if (k.startsWith('cmdstat_') && m) calls[k.slice(8)] = Number(m[1]);
  }
  return {
    role: f.role ?? '?',
    cpu: n('used_cpu_user') + n('used_cpu_sys') + n('used_cpu_user_children') + n('used_cpu_sys_children'),
    commands: n('total_commands_processed'),
    netIn: n('total_net_input_bytes'),
    netOut: n('total_net_output_bytes'),
    usedMemory: n('used_memory'),
    calls,
  };
}

/**
 * INFO of every node, sampled at `mark()` and each second in between, so a node killed mid-run
 * still has the figures of its last second (`last`). Its connections give up fast on a dead node.
 */
class NodeWatch {
  readonly conns = new Map<number, Redis>();
  readonly first = new Map<number, NodeStats>();
  readonly last = new Map<number, NodeStats>();
  private timer: NodeJS.Timeout | null = null;
  constructor(ports: number[]) {
    for (const port of ports) {
      const c = new Redis({ host: '127.0.0.1', port, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 2_000, retryStrategy: () => 500 });
      c.on('error', () => undefined);
      this.conns.set(port, c);
    }
  }
  private async sampleAll(into: Map<number, NodeStats>[]): Promise<void> {
    await Promise.all([...this.conns].map(async ([port, c]) => {
      try {
        const s = await nodeStats(c);
        for (const m of into) m.set(port, s);
      } catch {
        // node down (killed by the chaos run) or busy: its last sample stands
      }
    }));
  }
  async begin(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (let i = 0; i < 100 && this.first.size < this.conns.size; i++) {
      await this.sampleAll([this.first, this.last]);
      if (this.first.size < this.conns.size) await sleep(50);
    }
    this.timer = setInterval(() => void this.sampleAll([this.last]), 1000);
  }
  async end(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sampleAll([this.last]);
  }
  /** The burst's figures of one node: what it did between begin() and its last sample. */
  delta(port: number): { cpuSeconds: number; commands: number; netInBytes: number; netOutBytes: number; usedMemoryBytes: number; topCommands: Record<string, number> } | null {
    const a = this.first.get(port);
    const b = this.last.get(port);
    if (!a || !b) return null;
    const calls = Object.entries(b.calls).map(([k, v]) => [k, v - (a.calls[k] ?? 0)] as const).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]).slice(0, Number(process.env.BENCH_TOP_COMMANDS ?? 6));
    return { cpuSeconds: Number((b.cpu - a.cpu).toFixed(2)), commands: b.commands - a.commands, netInBytes: b.netIn - a.netIn, netOutBytes: b.netOut - a.netOut, usedMemoryBytes: b.usedMemory, topCommands: Object.fromEntries(calls) };
  }
  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.conns.values()) c.disconnect();
  }
}

// ---------------------------------------------------------------- where the keys are
/**
 * The kind of one key of the run: BullMQ's queues, or wiredesk's own keys by subsystem. Reads
 * the near-duplicate layouts (one `{neardup}` tag for all bands, a tag per band `{<prefix>:nd:<n>}`, or
 * one per band value `{<prefix>:nd:<n>:<value>}`)
 * and the review/dead-letter/embargo keys with or without a subsystem tag.
 */
function keyKind(key: string): string {
  const own = `${PREFIX}:wiredesk:`;
  if (!key.startsWith(own)) return key.startsWith(`${PREFIX}:`) || key.startsWith(`{${PREFIX}:`) ? 'queue' : 'other';
  const rest = key.slice(own.length);
  const tag = /^\{([^}]*)\}/.exec(rest)?.[1];
  const name = tag !== undefined ? tag.replace(`${PREFIX}:`, '') : rest;
  if (rest.startsWith('story:')) return 'story';
  if (/^(?:neardup|nd:\d+)/.test(name)) return 'nearDuplicate';
  if (name.startsWith('review')) return 'review';
  if (name.startsWith('dlq')) return 'deadLetter';
  if (name.startsWith('embargo')) return 'embargo';
  if (name.startsWith('feed')) return 'feed';
  return 'otherWiredesk';
}

interface KindCensus { keys: number; bytes: number; slots: number }

/** Every key on one server (a master of the cluster, or the single server): count, MEMORY USAGE and distinct slots by kind. */
async function keyCensus(conn: Redis): Promise<Record<string, KindCensus>> {
  const out: Record<string, KindCensus & { slotSet: Set<number> }> = {};
  let cursor = '0';
  do {
    const [next, keys] = await conn.scan(cursor, 'COUNT', 2000);
    cursor = next;
    if (!keys.length) continue;
    const sizes = (await conn.pipeline(keys.map((k) => ['memory', 'usage', k])).exec()) ?? [];
    keys.forEach((k, i) => {
      const kind = keyKind(k);
      const c = (out[kind] ??= { keys: 0, bytes: 0, slots: 0, slotSet: new Set() });
      c.keys++;
      c.bytes += Number(sizes[i]?.[1] ?? 0) || 0;
      c.slotSet.add(hashSlot(k));
    });
  } while (cursor !== '0');
  return Object.fromEntries(Object.entries(out).map(([k, { slotSet, ...c }]) => [k, { ...c, slots: slotSet.size }]));
}

// ---------------------------------------------------------------- where a run's Redis is
interface Backend {
  kind: 'single' | 'cluster';
  /** What the subscribers, the baselines and the trace connect to. */
  target: string;
  /** The `redis:` line of the workers' config. */
  redisYaml: string;
  /** What the workers get as REDIS_URL (null: none, the config's seeds say). */
  workerRedisUrl: string | null;
  /** The redis-server processes by name (`redis`, or `redis:<port>` on a cluster), for the CPU account. */
  pids(): Record<string, number | undefined>;
  /** Every node's port (INFO). */
  ports(): number[];
  /** Shards: each master's port, its replicas and slot ranges, as they are now. */
  shards(): Promise<Array<{ master: number; replicas: number[]; slots: Array<[number, number]> }>>;
  stop(): Promise<void>;
}

function singleBackend(redis: BenchRedis): Backend {
  return {
    kind: 'single',
    target: redis.url,
    redisYaml: `redis: { prefix: ${PREFIX} }`,
    workerRedisUrl: redis.url,
    pids: () => ({ redis: redis.proc?.pid }),
    ports: () => [redis.port],
    shards: () => Promise.resolve([{ master: redis.port, replicas: [], slots: [[0, 16383]] }]),
    stop: () => redis.stop(),
  };
}

/**
 * Commands of one subscriber's event (its add and its consumption on the `publish.<name>` queue's
 * master) over the commands of one story's own keys (story store and near-duplicate index, spread
 * over every slot), both per story: 36.9 / 101.9 on the even layout, `bench/results/pipeline-cluster-even.json`
 * (scripts/capacity.mjs computes it from a run; docs/capacity.md, "Slot layout").
 */
const EVENT_TO_STORY_KEYS = 0.362;

/**
 * The slot layout docs/capacity.md recommends: each queue is pinned to the slot of its hash tag,
 * so a master that serves a subscriber's queue carries that queue's events on top of its share of
 * the per-story keys. Giving it fewer of the other slots evens the masters out: master m gets the
 * share 1/M + rho * (Q/M - q_m) of the slots (q_m: subscriber queues it serves, Q: all of them,
 * rho: EVENT_TO_STORY_KEYS), at least a tenth. Slots move before any key exists; the queues' own
 * slots stay where they are.
 */
async function balanceSlots(backend: Backend & { cluster: OwnCluster }): Promise<{ policy: string; rho: number; shares: Record<string, number> }> {
  const shards = await backend.shards();
  const publishSlots = SUBSCRIBERS.map((s) => queueSlot(`publish.${s}`));
  const pinned = new Set(QUEUES.map(queueSlot));
  const M = shards.length;
  const Q = publishSlots.length;
  const raw = shards.map((sh) => Math.max(0.1, 1 / M + EVENT_TO_STORY_KEYS * (Q / M - publishSlots.filter((p) => holds(sh.slots, p)).length)));
  const sum = raw.reduce((a, b) => a + b, 0);
  const target = raw.map((r) => Math.round((16384 * r) / sum));
  target[M - 1] = 16384 - target.slice(0, M - 1).reduce((a, b) => a + b, 0);
  // Surplus slots, taken from the end of each giving master's ranges (never a queue's slot), go to the masters short of their share.
  const give: Array<{ from: number; slots: number[] }> = [];
  const need = shards.map((sh, i) => target[i]! - sh.slots.reduce((a, [x, y]) => a + y - x + 1, 0));
  shards.forEach((sh, i) => {
    let surplus = -need[i]!;
    const slots: number[] = [];
    for (let r = sh.slots.length - 1; r >= 0 && surplus > 0; r--) {
      for (let s = sh.slots[r]![1]; s >= sh.slots[r]![0] && surplus > 0; s--) {
        if (pinned.has(s)) continue;
        slots.push(s);
        surplus--;
      }
    }
    if (slots.length) give.push({ from: sh.master, slots });
  });
  for (const g of give) {
    let rest = g.slots;
    for (let i = 0; i < M && rest.length; i++) {
      if (need[i]! <= 0) continue;
      const n = Math.min(need[i]!, rest.length);
      await backend.cluster.moveSlots(rest.slice(0, n), g.from, shards[i]!.master);
      need[i]! -= n;
      rest = rest.slice(n);
    }
  }
  return { policy: 'balanced', rho: EVENT_TO_STORY_KEYS, shares: Object.fromEntries(shards.map((sh, i) => [String(sh.master), round(target[i]! / 16384, 3)])) };
}

/** Nodes of the cluster run: AOF everysec and the rewrite thresholds of the single server (compose.yaml's). */
async function clusterBackend(): Promise<Backend & { cluster: OwnCluster }> {
  const cluster = await startOwnCluster({ masters: 3, replicas: 1, serverArgs: ['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', ...REDIS_AOF_REWRITE] });
  const seeds = cluster.seeds.map((s) => `redis://${s.host}:${s.port}`);
  return {
    kind: 'cluster',
    cluster,
    target: `redis-cluster://${cluster.seeds.map((s) => `${s.host}:${s.port}`).join(',')}`,
    redisYaml: `redis: { prefix: ${PREFIX}, cluster: [${seeds.map((s) => `"${s}"`).join(', ')}] }`,
    workerRedisUrl: null,
    pids: () => Object.fromEntries(cluster.nodes.map((n) => [`redis:${n.port}`, n.proc?.pid])),
    ports: () => cluster.nodes.map((n) => n.port),
    async shards() {
      const live = cluster.nodes.find((n) => n.proc && n.proc.exitCode === null)!;
      const c = new Redis({ host: '127.0.0.1', port: live.port, lazyConnect: true });
      try {
        const slots = (await c.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string], ...Array<[string, number, string]>]>;
        const by = new Map<number, { master: number; replicas: Set<number>; slots: Array<[number, number]> }>();
        for (const [from, to, master, ...replicas] of slots) {
          const e = by.get(master[1]) ?? { master: master[1], replicas: new Set<number>(), slots: [] };
          e.slots.push([from, to]);
          for (const r of replicas) e.replicas.add(r[1]);
          by.set(master[1], e);
        }
        return [...by.values()].sort((a, b) => a.slots[0]![0] - b.slots[0]![0]).map((e) => ({ master: e.master, replicas: [...e.replicas], slots: e.slots }));
      } finally {
        c.disconnect();
      }
    },
    stop: () => cluster.stop(),
  };
}

// ---------------------------------------------------------------- the run
/**
 * The run's stories: their guids, the feed's pages rendered once (outside the heap, see
 * pageItems), the first 1,500 for the baselines, and the total size. The stories themselves are
 * not kept: this process also runs the subscribers, whose work should not pay for walking them.
 */
function generate(run: string): { guids: string[]; pages: Buffer[]; sample: BenchStory[]; bytes: number } {
  const stories = Array.from({ length: TOTAL }, (_, i) => makeStory(run, i, new Date()));
  const pages: Buffer[] = [];
  for (let from = 0; from < TOTAL; from += PAGE) pages.push(pageItems(stories.slice(from, from + PAGE)));
  return { guids: stories.map((s) => s.guid), pages, sample: stories.slice(0, 1500), bytes: stories.reduce((a, s) => a + s.xml.length, 0) };
}

type Stories = ReturnType<typeof generate>;
const QUEUES = ['ingest', ...SUBSCRIBERS.map((s) => `publish.${s}`), POLL_QUEUE, 'embargo', 'review'];
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
/** The hash slot of a queue's tag on the cluster run, and whether a shard's slot ranges hold a slot. */
const queueSlot = (queue: string): number => hashSlot(queuePrefix(true, PREFIX, queue));
const holds = (ranges: Array<[number, number]>, slot: number): boolean => ranges.some(([a, b]) => slot >= a && slot <= b);

/** One whole run (baselines, steady, burst, checks) on one backend; `chaos`: the single server's chaos, or a cluster master killed. */
async function runPipeline(backend: Backend, stories: Stories, dir: string, chaos: boolean): Promise<Record<string, unknown>> {
  const { guids, pages, sample, bytes } = stories;
  const label = backend.kind;
  const workers: WorkerProcess[] = [];
  const subs: Subscription[] = [];
  let feed: FeedServer | null = null;
  const chaosEvents: Array<{ at: string; event: string }> = [];
  const watch = new NodeWatch(backend.ports());
  try {
    const noop = await noopRates(backend.target, sample, Number(args['noop-jobs']));
    const noopJobsPerSecond = noop.consume;
    log(`${label}: raw BullMQ no-op: ${noop.consume} jobs/s consumed, ${noop.addAndConsume} jobs/s added and consumed`);
    const parse = parseRates(sample);
    log(`${label}: raw parse: ${parse.formatParsePerSecond}/s (format), ${parse.ingestItemPerSecond}/s (ingestItem)`);
    // Memory with nothing of the run in it (the no-op queues were obliterated).
    await watch.begin();
    const emptyMemory = backend.ports().reduce((a, p) => a + (watch.first.get(p)?.usedMemory ?? 0), 0);

    feed = await startFeedServer(pages, TOTAL);
    // Deliveries: per subscriber, per article id -> count, plus queue-arrival latency per story.
    const deliveries = SUBSCRIBERS.map(() => new Map<string, number>());
    const latency = new Map<string, number>();
    let lastArrival = 0;
    let lastHandled = 0;
    let delivered = 0;
    // The failover's pause: the longest time without a delivery from the kill on.
    let killedAt = 0;
    let lastDeliveryAt = 0;
    let maxGapAfterKill = 0;
    let firstAfterKill = 0;
    for (const [i, name] of SUBSCRIBERS.entries()) {
      subs.push(
        await subscribe(
          name,
          (e) => {
            const seen = deliveries[i]!.get(e.article.id) ?? 0;
            deliveries[i]!.set(e.article.id, seen + 1);
            if (seen === 0) delivered++;
            const arrived = Date.parse(e.publishedAt);
            lastArrival = Math.max(lastArrival, arrived);
            lastHandled = Date.now();
            if (killedAt) {
              maxGapAfterKill = Math.max(maxGapAfterKill, lastHandled - Math.max(lastDeliveryAt, killedAt));
              if (!firstAfterKill) firstAfterKill = lastHandled;
            }
            lastDeliveryAt = lastHandled;
            if (i === 0 && e.article.provenance.receivedAt) latency.set(e.article.guid ?? e.article.id, arrived - Date.parse(e.article.provenance.receivedAt));
          },
          { connection: backend.target, prefix: PREFIX, concurrency: Number(args['subscriber-concurrency']) },
        ),
      );
    }

    for (const name of ['w1', 'w2']) {
      const port = await freePort();
      const file = join(dir, `${label}-${name}.yaml`);
      writeFileSync(
        file,
        [
          backend.redisYaml,
          `http: { listen: "127.0.0.1:${port}" }`,
          `concurrency: ${Number(args.concurrency)}`,
          'retentionSeconds: 86400',
          'feeds:',
          `  - { id: wirebench, kind: cursor, url: "${feed.url}/feed?page=0", pollIntervalSeconds: 0.05, timeoutSeconds: 5, maxPagesPerPoll: 100, format: newsml-g2, routing: publish, allowPrivateNetwork: true }`,
          'subscribers:',
          ...SUBSCRIBERS.map((s) => `  - { name: ${s} }`),
          '',
        ].join('\n'),
      );
      const w = new WorkerProcess(name, file, backend.workerRedisUrl, port);
      await w.start();
      workers.push(w);
    }
    log(`${label}: two workers ready`);

    const want = (n: number): number => n * SUBSCRIBERS.length;
    const waitDelivered = async (target: number, stallMs: number, onProgress?: (d: number) => Promise<void>): Promise<void> => {
      let last = -1;
      let lastChange = Date.now();
      while (delivered < target) {
        if (delivered !== last) {
          last = delivered;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > stallMs) {
          log(`no progress for ${stallMs} ms at ${delivered}/${target}: giving up`);
          return;
        }
        if (onProgress) await onProgress(delivered);
        await sleep(20);
      }
    };

    // Phase 2: steady rate, one stream: WARMUP stories, then the STEADY measured ones.
    const steadyStart = Date.now();
    const steadyTimer = setInterval(() => feed!.release(Math.min(STREAM, Math.floor(((Date.now() - steadyStart) / 1000) * RATE))), 5);
    await waitDelivered(want(STREAM), 120_000);
    clearInterval(steadyTimer);
    const steadyMs = Date.now() - steadyStart;
    const steadyLat = guids.slice(WARMUP, STREAM).map((g) => latency.get(g)).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    log(`${label}: steady phase: ${WARMUP} + ${STEADY} stories at ${RATE}/s in ${steadyMs} ms, p50 ${percentile(steadyLat, 50)} ms, p99 ${percentile(steadyLat, 99)} ms`);

    // Phase 3: burst (with chaos).
    const burstBase = delivered;
    const shardsBefore = await backend.shards();
    await watch.begin();
    const stopTrace = startTrace(backend.target, () => ({ ...backend.pids(), w1: workers[0]?.proc?.pid, w2: workers[1]?.proc?.pid, bench: process.pid, machine: 0 }));
    const burstStart = Date.now();
    feed.release(TOTAL);
    let killed = false;
    let redisRestarted = false;
    let failover: Record<string, unknown> | null = null;
    const promotion: Promise<void>[] = [];
    await waitDelivered(want(TOTAL), chaos ? 180_000 : 60_000, async (d) => {
      if (!chaos) return;
      const progress = (d - burstBase) / want(BURST);
      if (backend.kind === 'cluster') {
        if (!killed && progress >= 0.4) {
          killed = true;
          // The master that serves the ingest queue: every story passes through it.
          const slot = queueSlot('ingest');
          const shard = shardsBefore.find((s) => holds(s.slots, slot))!;
          const cluster = (backend as Backend & { cluster: OwnCluster }).cluster;
          killedAt = Date.now();
          lastDeliveryAt = killedAt;
          chaosEvents.push({ at: new Date().toISOString(), event: `SIGKILL master ${shard.master} (the ingest queue's)` });
          log(`${label}: chaos: SIGKILL master ${shard.master} at ${Math.round(progress * 100)}%`);
          await cluster.kill(shard.master);
          failover = { killedMaster: shard.master, replica: shard.replicas[0] ?? null, atProgress: round(progress) };
          // Poll the replica's role without blocking this process (the subscribers run here).
          const replica = shard.replicas[0] !== undefined ? watch.conns.get(shard.replicas[0]) : undefined;
          if (replica) {
            promotion.push((async () => {
              for (let i = 0; i < 600; i++) {
                const role = await replica.call('ROLE').catch(() => null) as unknown[] | null;
                if (role?.[0] === 'master') {
                  failover!.promotedAfterMs = Date.now() - killedAt;
                  chaosEvents.push({ at: new Date().toISOString(), event: `replica ${shard.replicas[0]} promoted` });
                  return;
                }
                await sleep(100);
              }
            })());
          }
        }
        return;
      }
      if (!killed && progress >= 0.3) {
        killed = true;
        chaosEvents.push({ at: new Date().toISOString(), event: 'SIGKILL worker w2' });
        log('chaos: SIGKILL w2');
        await workers[1]!.kill('SIGKILL');
        await sleep(1000);
        await workers[1]!.start();
        chaosEvents.push({ at: new Date().toISOString(), event: 'worker w2 restarted' });
      }
      if (!redisRestarted && progress >= 0.6) {
        redisRestarted = true;
        chaosEvents.push({ at: new Date().toISOString(), event: 'redis SHUTDOWN' });
        log('chaos: restart redis');
        await (backend as Backend & { redis: BenchRedis }).redis.restart();
        chaosEvents.push({ at: new Date().toISOString(), event: 'redis started (AOF reloaded)' });
      }
    });
    const burstMs = Math.max(1, lastArrival - burstStart);
    // When the subscribers had handled the last event: equal to burstMs give or take a few ms while
    // they keep up (as with the default concurrency); a subscriber that lags shows here.
    const consumedMs = Math.max(1, lastHandled - burstStart);
    const burstCpuSeconds = await stopTrace();
    await watch.end();
    await Promise.all(promotion);
    // Let late redeliveries (a killed worker's stalled jobs) show up before counting duplicates.
    await sleep(chaos ? 5_000 : 1_000);

    let published = 0;
    let lost = 0;
    let duplicated = 0;
    for (const [i] of SUBSCRIBERS.entries()) {
      const byId = deliveries[i]!;
      for (const count of byId.values()) {
        published += count;
        if (count > 1) duplicated += count - 1;
      }
      lost += TOTAL - byId.size;
    }
    const burstLat = guids.slice(STREAM).map((g) => latency.get(g)).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const storiesPerSecond = Math.round(BURST / (burstMs / 1000));

    // Redis, per node and per shard; where the keys are; memory per retained story.
    const shards = await backend.shards();
    const nodes = backend.ports().map((port) => ({ port, ...watch.delta(port) }));
    const totalCommands = nodes.reduce((a, n) => a + (n.commands ?? 0), 0);
    const masterCommands = shardsBefore.reduce((a, s) => a + (watch.delta(s.master)?.commands ?? 0), 0);
    const mastersCpu = shardsBefore.reduce((a, s) => a + (watch.delta(s.master)?.cpuSeconds ?? 0), 0);
    const census = await Promise.all(shards.map(async (s) => keyCensus(watch.conns.get(s.master)!)));
    const kinds: Record<string, KindCensus> = {};
    for (const c of census) for (const [k, v] of Object.entries(c)) {
      const t = (kinds[k] ??= { keys: 0, bytes: 0, slots: 0 });
      t.keys += v.keys;
      t.bytes += v.bytes;
      t.slots += v.slots;
    }
    const usedMemoryAfter = shards.reduce((a, s) => a + (watch.last.get(s.master)?.usedMemory ?? 0), 0);
    const redisCpu = Object.entries(burstCpuSeconds).filter(([k]) => k === 'redis' || k.startsWith('redis:')).reduce((a, [, v]) => a + v, 0);
    const workerCpu = (burstCpuSeconds.w1 ?? 0) + (burstCpuSeconds.w2 ?? 0);
    const parseMs = 1000 / parse.ingestItemPerSecond;
    const netBytes = nodes.reduce((a, n) => a + (n.netInBytes ?? 0) + (n.netOutBytes ?? 0), 0);
    // Every story of the run is retained (retentionSeconds 86400): the keys' MEMORY USAGE by kind over TOTAL.
    const retained = Object.fromEntries(Object.entries(kinds).sort((a, b) => b[1].bytes - a[1].bytes).map(([k, v]) => [k, { keys: v.keys, bytesPerStory: Math.round(v.bytes / TOTAL) }]));
    const perStory = {
      // CPU milliseconds per story of the burst, by stage (workerParseMs: ingestItem() alone, from the
      // baseline; workerQueueMs: the rest of the workers' CPU: feed polls, the store, the event adds).
      workerMs: round((1000 * workerCpu) / BURST),
      workerParseMs: round(parseMs),
      workerQueueMs: round(Math.max(0, (1000 * workerCpu) / BURST - parseMs)),
      redisMs: round((1000 * redisCpu) / BURST),
      subscriberMs: round((1000 * (burstCpuSeconds.bench ?? 0)) / BURST),
      machineMs: burstCpuSeconds.machine !== undefined ? round((1000 * burstCpuSeconds.machine) / BURST) : null,
      // Commands and bytes Redis handled per story (replicas included on a cluster: the replication stream).
      redisCommands: round(totalCommands / BURST, 1),
      redisMasterCommands: round(masterCommands / BURST, 1),
      netBytes: Math.round(netBytes / BURST),
      // used_memory of the masters after the run, less before it, over the stories held.
      memoryBytes: Math.round((usedMemoryAfter - emptyMemory) / TOTAL),
      retained,
    };

    const ownsSlot = (slot: number): number | null => shards.find((s) => holds(s.slots, slot))?.master ?? null;
    const clusterPart = backend.kind !== 'cluster' ? {} : {
      shards: shardsBefore.map((s, i) => {
        const m = watch.delta(s.master);
        const reps = s.replicas.map((r) => ({ port: r, ...watch.delta(r), promoted: shards.some((x) => x.master === r) }));
        return {
          master: { port: s.master, killed: failover !== null && (failover as { killedMaster: number }).killedMaster === s.master, ...m, memoryPerStoryBytes: m ? Math.round(m.usedMemoryBytes / TOTAL) : null },
          replicas: reps,
          slots: s.slots.map(([a, b]) => `${a}-${b}`).join(','),
          commandShare: m && masterCommands ? round(m.commands / masterCommands, 3) : null,
          // The master's share of the masters' Redis CPU (INFO used_cpu_*): what the commands cost.
          cpuShare: m && mastersCpu ? round(m.cpuSeconds / mastersCpu, 3) : null,
          shareOfAllCommands: m && totalCommands ? round(m.commands / totalCommands, 3) : null,
          queues: QUEUES.filter((q) => holds(s.slots, queueSlot(q))),
          keys: Object.fromEntries(Object.entries(census[i] ?? {}).map(([k, v]) => [k, v.keys])),
        };
      }),
      slotSpread: {
        queues: Object.fromEntries(QUEUES.map((q) => {
          const tag = queuePrefix(true, PREFIX, q);
          return [q, { tag, slot: hashSlot(tag), master: ownsSlot(hashSlot(tag)) }];
        })),
        // Per kind of wiredesk key: on which masters they lie (keys per master, in shard order) and over how many slots.
        keys: Object.fromEntries(Object.keys(kinds).map((k) => [k, { perMaster: census.map((c) => c[k]?.keys ?? 0), slots: kinds[k]!.slots }])),
      },
      ...(failover ? { failover: { ...(failover as object), firstDeliveryAfterKillMs: firstAfterKill ? firstAfterKill - killedAt : null, maxDeliveryGapMs: maxGapAfterKill } } : {}),
    };

    const shutdownStart = Date.now();
    const workerShutdownMs = await Promise.all(workers.map(async (w) => { const t = Date.now(); await w.kill('SIGTERM'); return Date.now() - t; }));
    log(`${label}: workers stopped in ${workerShutdownMs.join(', ')} ms (${Date.now() - shutdownStart} ms)`);

    return {
      scenario: `pipeline${backend.kind === 'cluster' ? ' --cluster' : ''}${chaos ? ' --chaos' : ''}`,
      stories: TOTAL,
      storiesPerSecond,
      p50Ms: percentile(steadyLat, 50),
      p99Ms: percentile(steadyLat, 99),
      published,
      lost,
      duplicated,
      // achievedPerSecond: releases are at ratePerSecond; below it, the pipeline fell behind (the
      // wait then sits before receipt, at the feed, which the latencies do not include).
      steady: { warmupStories: WARMUP, stories: STEADY, ratePerSecond: RATE, achievedPerSecond: steadyMs > 0 ? Math.round(STREAM / (steadyMs / 1000)) : null, p50Ms: percentile(steadyLat, 50), p90Ms: percentile(steadyLat, 90), p99Ms: percentile(steadyLat, 99), maxMs: steadyLat.at(-1) ?? null },
      // cpuSeconds: what each process used during the burst (this machine has 2 cores).
      burst: {
        stories: BURST, ms: burstMs, storiesPerSecond, consumedMs, consumedPerSecond: Math.round(BURST / (consumedMs / 1000)), p50Ms: percentile(burstLat, 50), p99Ms: percentile(burstLat, 99), cpuSeconds: burstCpuSeconds,
        // The machine's busy CPU (every process, Redis' AOF rewrites and the kernel included) per story.
        cpuMsPerStory: burstCpuSeconds.machine !== undefined ? Number(((1000 * burstCpuSeconds.machine) / BURST).toFixed(2)) : null,
      },
      baseline: {
        bullmqNoopJobsPerSecond: noopJobsPerSecond,
        bullmqNoopAddAndConsumePerSecond: noop.addAndConsume,
        formatParsePerSecond: parse.formatParsePerSecond,
        ingestItemPerSecond: parse.ingestItemPerSecond,
        storiesPerSecondVsNoop: Number((storiesPerSecond / noopJobsPerSecond).toFixed(3)),
        storiesPerSecondVsIngestItem: Number((storiesPerSecond / parse.ingestItemPerSecond).toFixed(3)),
        // A story is one event job per subscriber plus its share of an ingest job: were the machine
        // doing nothing but such no-op jobs (added and consumed), this many stories per second.
        jobsPerStory: Number((SUBSCRIBERS.length + 1 / PAGE).toFixed(2)),
        queueOnlyStoriesPerSecond: Math.round(noop.addAndConsume / (SUBSCRIBERS.length + 1 / PAGE)),
      },
      perStory,
      redisNodes: nodes,
      ...clusterPart,
      workerShutdownMs,
      setup: {
        workers: 2, subscribers: SUBSCRIBERS.length, pageSize: PAGE, concurrency: Number(args.concurrency), meanStoryKB: Number((bytes / TOTAL / 1024).toFixed(1)), pagesServed: feed.pagesServed, prefix: PREFIX,
        redis: backend.kind === 'cluster' ? '3 masters + 1 replica each, AOF everysec on every node, rewritten past 1 GB and +400% (as compose.yaml)' : 'AOF everysec, rewritten past 1 GB and +400% (as compose.yaml)',
      },
      ...(chaos ? { chaos: chaosEvents } : {}),
    };
  } finally {
    watch.close();
    await Promise.allSettled(workers.map((w) => w.kill('SIGTERM')));
    await Promise.allSettled(subs.map((s) => s.close()));
    await feed?.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-bench-'));
  const backends: Backend[] = [];
  try {
    const run = Date.now().toString(36);
    const stories = generate(run);
    log(`${TOTAL} stories generated, mean ${(stories.bytes / TOTAL / 1024).toFixed(1)} KB`);
    const redis = new BenchRedis(await freePort(), dir);
    await redis.start();
    const single = { ...singleBackend(redis), redis };
    backends.push(single);
    // With --cluster the single server's run is the baseline: no chaos there.
    const singleResult = await runPipeline(single, stories, dir, args.chaos && !args.cluster);
    await single.stop();
    if (!args.cluster) {
      process.stdout.write(JSON.stringify(singleResult, null, args.json ? 0 : 2) + '\n');
      return;
    }
    log('starting the cluster (3 masters, 3 replicas, AOF everysec)');
    const cluster = await clusterBackend();
    backends.push(cluster);
    const slotLayout = args['even-slots'] ? { policy: 'even' } : await balanceSlots(cluster);
    if (slotLayout.policy === 'balanced') log(`cluster: slots laid out by the balanced layout: ${JSON.stringify((slotLayout as { shares: unknown }).shares)}`);
    const clusterResult: Record<string, unknown> = { ...(await runPipeline(cluster, stories, dir, args.chaos)), slotLayout };
    const ratio = round((clusterResult.storiesPerSecond as number) / (singleResult.storiesPerSecond as number), 3);
    const result = {
      scenario: `pipeline --cluster${args.chaos ? ' --chaos' : ''}`,
      ranAt: new Date().toISOString(),
      machine: { cores: cpus().length, model: cpus()[0]?.model.trim() ?? '?' },
      stories: TOTAL,
      clusterVsSingle: ratio,
      lost: clusterResult.lost,
      duplicated: clusterResult.duplicated,
      single: singleResult,
      cluster: { ...clusterResult, clusterVsSingle: ratio },
    };
    process.stdout.write(JSON.stringify(result, null, args.json ? 0 : 2) + '\n');
  } finally {
    for (const b of backends) await b.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);

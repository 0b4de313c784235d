import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { WiredeskError } from '../errors.js';

/**
 * Where wiredesk's Redis is, and one connection factory for it (issue 17). A Redis target is one
 * string, so it travels unchanged through the config, the environment, the CLI and worker threads:
 *
 * - `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS): one Redis server;
 * - a Redis Cluster, by its seed nodes: `redis-cluster://[user:password@]host:port[,host:port…]`
 *   (`rediss-cluster://` for TLS), or a comma-separated list of two or more `redis://` /
 *   `rediss://` URLs. The config's `redis.cluster: [URL, …]` is turned into the first form.
 *
 * Username, password and TLS apply to every node of a cluster (ioredis `redisOptions`); a cluster
 * has only database 0.
 */

/** A connection to one Redis or to a Redis Cluster: what wiredesk's code takes. */
export type RedisConnection = Redis | Cluster;

export interface RedisEndpoint {
  host: string;
  port: number;
}

export interface RedisTarget {
  cluster: boolean;
  /** The server, or the cluster's seed nodes. */
  nodes: RedisEndpoint[];
  tls: boolean;
  username?: string;
  password?: string;
  /** Database number (a single server only). */
  db: number;
}

const SCHEMES: Record<string, { tls: boolean; cluster: boolean }> = {
  'redis:': { tls: false, cluster: false },
  'rediss:': { tls: true, cluster: false },
  'redis-cluster:': { tls: false, cluster: true },
  'rediss-cluster:': { tls: true, cluster: true },
};

/** At most this many seed nodes in one target (a cluster needs a few, never hundreds). */
const MAX_SEEDS = 64;

function invalid(message: string): WiredeskError {
  return new WiredeskError('WIREDESK_ERR_CONFIG_INVALID', `Redis target: ${message}`);
}

/** `host:port` of one seed, or a whole URL; the port defaults to 6379. */
function endpointOf(part: string, what: string, lenient = false): { endpoint: RedisEndpoint; scheme: string | null; username?: string; password?: string; db: number } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(part);
  let u: URL;
  try {
    u = new URL(withScheme ? part : `redis://${part}`);
  } catch {
    throw invalid(`${what} is not a URL or host:port`);
  }
  const scheme = withScheme ? u.protocol.toLowerCase() : null;
  if (scheme && !SCHEMES[scheme]) throw invalid(`${what} must start with redis://, rediss://, redis-cluster:// or rediss-cluster://`);
  if (!u.hostname) throw invalid(`${what} names no host`);
  const port = u.port ? Number(u.port) : 6379;
  const path = u.pathname.replace(/^\/+/, '');
  // One server's URL is read by ioredis itself, as it always was (query options included).
  if (!lenient && path !== '' && !/^\d{1,2}$/.test(path)) throw invalid(`${what}: the path must be a database number`);
  if (!lenient && (u.search || u.hash)) throw invalid(`${what}: query strings and fragments are not read on a cluster`);
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return {
    endpoint: { host, port },
    scheme,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: /^\d{1,2}$/.test(path) ? Number(path) : 0,
  };
}

/**
 * Reads a Redis target (see the module comment). Throws WIREDESK_ERR_CONFIG_INVALID, without the
 * password in the message, for a target that cannot be used.
 */
export function parseRedisTarget(spec: string): RedisTarget {
  const text = spec.trim();
  if (text === '') throw invalid('empty');
  // A cluster URL lists its seeds in the authority: redis-cluster://user:pw@h1:1,h2:2/…; a list
  // of URLs separates them by commas too. Either way the parts are split at commas.
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length > MAX_SEEDS) throw invalid(`more than ${MAX_SEEDS} seed nodes`);
  if (parts.some((p) => p === '')) throw invalid('an empty seed in the list');
  const single = parts.length === 1 && /^rediss?:\/\//i.test(parts[0]!);
  const first = endpointOf(parts[0]!, 'the first URL', single);
  if (!first.scheme) throw invalid('must start with redis://, rediss://, redis-cluster:// or rediss-cluster://');
  const kind = SCHEMES[first.scheme]!;
  const cluster = kind.cluster || parts.length > 1;
  let { username, password } = first;
  const nodes = [first.endpoint];
  parts.slice(1).forEach((p, i) => {
    const e = endpointOf(p, `seed ${i + 2}`);
    if (e.scheme && SCHEMES[e.scheme]!.tls !== kind.tls) throw invalid('the seeds mix TLS and plain connections');
    if (e.username !== undefined && username !== undefined && e.username !== username) throw invalid('the seeds name different users');
    if (e.password !== undefined && password !== undefined && e.password !== password) throw invalid('the seeds carry different passwords');
    username ??= e.username;
    password ??= e.password;
    if (e.db !== 0) throw invalid('a cluster has only database 0');
    nodes.push(e.endpoint);
  });
  if (cluster && first.db !== 0) throw invalid('a cluster has only database 0');
  return { cluster, nodes, tls: kind.tls, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), db: first.db };
}

/** Whether a target names a Redis Cluster (false for a target that cannot be read: its use will say why). */
export function isClusterTarget(spec: string): boolean {
  try {
    return parseRedisTarget(spec).cluster;
  } catch {
    return false;
  }
}

function hostPort(e: RedisEndpoint): string {
  return `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/**
 * The one-string target of a cluster given by its seed URLs (the config's `redis.cluster`):
 * `redis-cluster://[user:password@]h1:p1,h2:p2`.
 */
export function clusterTarget(seeds: string[]): string {
  const t = parseRedisTarget(seeds.join(','));
  const auth = t.username !== undefined || t.password !== undefined
    ? `${encodeURIComponent(t.username ?? '')}${t.password !== undefined ? `:${encodeURIComponent(t.password)}` : ''}@`
    : '';
  return `${t.tls ? 'rediss' : 'redis'}-cluster://${auth}${t.nodes.map(hostPort).join(',')}`;
}

/** A target as it may be printed or logged: no username, no password. */
export function redactedTarget(spec: string): string {
  try {
    const t = parseRedisTarget(spec);
    const scheme = `${t.tls ? 'rediss' : 'redis'}${t.cluster ? '-cluster' : ''}`;
    return `${scheme}://${t.nodes.map(hostPort).join(',')}${!t.cluster && t.db ? `/${t.db}` : ''}`;
  } catch {
    return spec.replace(/\/\/[^@/]*@/g, '//');
  }
}

/** What a caller may change in a connection's behaviour (per node on a cluster). */
export interface ConnectOptions {
  onError?: (err: Error) => void;
  /** Default null: BullMQ workers block and must ride out reconnects instead of failing. */
  maxRetriesPerRequest?: number | null;
  enableOfflineQueue?: boolean;
  commandTimeout?: number;
  connectTimeout?: number;
  lazyConnect?: boolean;
  /** Delay before the next reconnect attempt, or null to give up. */
  retryStrategy?: (times: number) => number | null;
}

/**
 * How long a cluster client keeps a command while a master fails over (the replica is promoted
 * after the node timeout, a few seconds): retried every RETRY_DELAY_MS up to MAX_REDIRECTIONS
 * times, about 15 s in all, then the command fails (and its job is retried by BullMQ).
 */
const CLUSTER_RETRY_DELAY_MS = 250;
const CLUSTER_MAX_REDIRECTIONS = 60;
const CLUSTER_SLOTS_REFRESH_TIMEOUT_MS = 5_000;

/**
 * A connection to the target: an ioredis `Redis` for one server, a `Cluster` for a cluster. By
 * default with the options BullMQ's workers need (`maxRetriesPerRequest: null`, ready check);
 * TLS and credentials from the target, applied to every node. Without `onError` errors are
 * swallowed (ioredis reconnects by itself; without a listener each failed attempt would be an
 * "Unhandled error event").
 */
export function connectTarget(spec: string, opts: ConnectOptions = {}): RedisConnection {
  const t = parseRedisTarget(spec);
  const node: RedisOptions = {
    maxRetriesPerRequest: opts.maxRetriesPerRequest === undefined ? null : opts.maxRetriesPerRequest,
    enableReadyCheck: true,
    ...(t.username !== undefined ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: t.cluster && !/^[\d.:]+$/.test(t.nodes[0]!.host) ? { servername: t.nodes[0]!.host } : {} } : {}),
    ...(opts.commandTimeout !== undefined ? { commandTimeout: opts.commandTimeout } : {}),
    ...(opts.connectTimeout !== undefined ? { connectTimeout: opts.connectTimeout } : {}),
  };
  let conn: RedisConnection;
  if (t.cluster) {
    const options: ClusterOptions = {
      redisOptions: node,
      enableReadyCheck: true,
      lazyConnect: opts.lazyConnect ?? false,
      enableOfflineQueue: opts.enableOfflineQueue ?? true,
      retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
      retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
      retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
      maxRedirections: CLUSTER_MAX_REDIRECTIONS,
      // A loaded node may take over a second to answer CLUSTER SLOTS during a failover; a refresh
      // that times out makes BullMQ tear down and reconnect its blocking connections.
      slotsRefreshTimeout: CLUSTER_SLOTS_REFRESH_TIMEOUT_MS,
      ...(opts.retryStrategy ? { clusterRetryStrategy: opts.retryStrategy } : {}),
      // With TLS the nodes' certificates name the host names, which must not be resolved away.
      ...(t.tls ? { dnsLookup: (address: string, callback: (err: Error | null, address: string) => void) => callback(null, address) } : {}),
    };
    conn = endingCluster(new Cluster(t.nodes, options));
  } else {
    // One server: ioredis reads the URL (credentials, TLS, database, query options) as before.
    const { username: _u, password: _p, tls: _t, ...behaviour } = node;
    conn = new Redis(spec.trim(), {
      ...behaviour,
      lazyConnect: opts.lazyConnect ?? false,
      ...(opts.enableOfflineQueue !== undefined ? { enableOfflineQueue: opts.enableOfflineQueue } : {}),
      ...(opts.retryStrategy ? { retryStrategy: opts.retryStrategy } : {}),
    });
  }
  conn.on('error', opts.onError ?? (() => {}));
  return conn;
}

/** The parts of ioredis' Cluster that end a client (not in its type declarations). */
interface ClusterInternals {
  setStatus(status: string): void;
  handleCloseEvent(reason?: Error): void;
}

/**
 * A cluster client whose `disconnect()` always ends it. ioredis' Cluster.disconnect() ends a
 * client by emptying its node pool, which emits 'close' and then 'end'; a client whose pool is
 * already empty (between reconnect attempts, as a BullMQ blocking connection is after a master
 * failed over) has nothing to empty, so it stays "disconnecting" and never emits 'end', and
 * whoever waits for it (BullMQ closing a worker) waits until its own bound gives up. Here such a
 * client is ended as one with nodes would be. Its duplicates (BullMQ's blocking connections) get
 * the same.
 */
function endingCluster(cluster: Cluster): Cluster {
  const inner = cluster as unknown as ClusterInternals;
  const disconnect = cluster.disconnect.bind(cluster);
  cluster.disconnect = (reconnect = false): void => {
    const stranded = cluster.nodes().length === 0 && cluster.status !== 'wait' && cluster.status !== 'end';
    disconnect(reconnect);
    if (!reconnect && stranded && cluster.status === 'disconnecting') {
      inner.setStatus('close');
      inner.handleCloseEvent();
    }
  };
  const duplicate = cluster.duplicate.bind(cluster);
  cluster.duplicate = (nodes?: Parameters<Cluster['duplicate']>[0], options?: Parameters<Cluster['duplicate']>[1]): Cluster => endingCluster(duplicate(nodes, options));
  return cluster;
}

export function isCluster(conn: RedisConnection): conn is Cluster {
  return conn instanceof Cluster;
}

/**
 * A second connection like `conn` (same target, credentials, TLS), with some per-node options
 * changed, e.g. `maxRetriesPerRequest: null` for a BullMQ worker's connection.
 */
export function duplicateConnection(conn: RedisConnection, overrides: Partial<RedisOptions>): RedisConnection {
  if (isCluster(conn)) return conn.duplicate(undefined, { redisOptions: { ...conn.options.redisOptions, ...overrides } });
  return conn.duplicate(overrides);
}

// --- hash slots --------------------------------------------------------------------------------

/** CRC16/XMODEM (polynomial 0x1021, initial value 0), the checksum Redis Cluster hashes keys with. */
const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    table[i] = c;
  }
  return table;
})();

function crc16(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/**
 * The cluster hash slot of a key: the CRC16 of its hash tag (the bytes between the first `{` and
 * the first `}` after it, when there are any) or of the whole key, modulo 16384.
 */
export function hashSlot(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  const open = bytes.indexOf(0x7b);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes, open + 1, close) & 0x3fff;
  }
  return crc16(bytes, 0, bytes.length) & 0x3fff;
}

/**
 * Items grouped so that one script call or MULTI per group touches one slot: on a cluster by the
 * hash slot of `keyOf(item)`, on a single server all in one group. Each group keeps its items'
 * order and their indexes in `items`.
 */
export function groupBySlot<T>(conn: RedisConnection, items: T[], keyOf: (item: T) => string): Array<{ items: T[]; indexes: number[] }> {
  if (!isCluster(conn)) return items.length ? [{ items, indexes: items.map((_, i) => i) }] : [];
  const groups = new Map<number, { items: T[]; indexes: number[] }>();
  items.forEach((item, i) => {
    const slot = hashSlot(keyOf(item));
    let g = groups.get(slot);
    if (!g) groups.set(slot, (g = { items: [], indexes: [] }));
    g.items.push(item);
    g.indexes.push(i);
  });
  return [...groups.values()];
}

// --- queue key layout --------------------------------------------------------------------------

/**
 * The BullMQ `prefix` of one queue. On a single server it is the deployment's prefix, as it has
 * always been (keys `<prefix>:<queue>:…`). On a cluster every queue gets a hash tag of its own,
 * `{<prefix>:<queue>}` (keys `{<prefix>:<queue>}:<queue>:…`), so each queue's keys share one slot,
 * as BullMQ's scripts need, and the queues spread over the shards.
 */
export function queuePrefix(conn: RedisConnection | boolean, prefix: string, queue: string): string {
  const cluster = typeof conn === 'boolean' ? conn : isCluster(conn);
  return cluster ? `{${prefix}:${queue}}` : prefix;
}

/**
 * A prefix with a brace in it would put its own hash tag in front of the per-queue and per-story
 * tags and collapse them all into one slot: refused on a cluster (WIREDESK_ERR_REDIS_CLUSTER_PREFIX).
 */
export function checkClusterPrefix(cluster: boolean, prefix: string): void {
  if (cluster && /[{}]/.test(prefix)) {
    throw new WiredeskError('WIREDESK_ERR_REDIS_CLUSTER_PREFIX', `the prefix "${prefix}" contains a brace; on a Redis Cluster wiredesk adds the hash tags itself (one per queue, one per story), and a brace in the prefix would put every key in one slot: use a prefix without { }`);
  }
}

/** One command of a pipeline, with the key that decides its slot. */
export interface KeyedCommand {
  key: string;
  command: [name: string, ...args: Array<string | number | Buffer>];
}

/**
 * Runs commands as pipelines (no transaction): one pipeline on a single server; on a cluster one
 * per group of slots served by the same nodes (ioredis takes a pipeline whose keys lie in several
 * slots of one master, and refuses one that spans masters), all sent together. Where the slot map
 * moved between the grouping and the sending (a failover), that group goes again one pipeline per
 * slot. Commands on one slot keep their order. The results come back in the commands' order, as
 * `pipeline().exec()` gives them.
 */
export async function execBySlot(conn: RedisConnection, commands: KeyedCommand[]): Promise<Array<[Error | null, unknown]>> {
  const out: Array<[Error | null, unknown]> = new Array<[Error | null, unknown]>(commands.length);
  const run = async (g: { items: KeyedCommand[]; indexes: number[] }, bySlot: boolean): Promise<void> => {
    let res: Array<[Error | null, unknown]>;
    try {
      res = ((await conn.pipeline(g.items.map((c) => c.command)).exec()) ?? []) as Array<[Error | null, unknown]>;
    } catch (e) {
      if (bySlot || !/slots allocation group/.test((e as Error).message)) throw e;
      await Promise.all(groupBySlot(conn, g.items, (c) => c.key).map((sub) => run({ items: sub.items, indexes: sub.indexes.map((k) => g.indexes[k]!) }, true)));
      return;
    }
    g.indexes.forEach((at, j) => { out[at] = res[j] ?? [new Error('no reply'), null]; });
  };
  await Promise.all(groupByNodes(conn, commands, (c) => c.key).map((g) => run(g, false)));
  return out;
}

/**
 * Items grouped by the nodes that serve their keys' slots (the cluster client's slot map), in their
 * order within a group: the groups one cluster pipeline may span. Slots the client has no map for
 * yet are a group each. On a single server, one group.
 */
export function groupByNodes<T>(conn: RedisConnection, items: T[], keyOf: (item: T) => string): Array<{ items: T[]; indexes: number[] }> {
  if (!isCluster(conn)) return items.length ? [{ items, indexes: items.map((_, i) => i) }] : [];
  const groups = new Map<string, { items: T[]; indexes: number[] }>();
  items.forEach((item, i) => {
    const slot = hashSlot(keyOf(item));
    const nodes = conn.slots[slot];
    const id = nodes?.length ? nodes.join(';') : `slot ${slot}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { items: [], indexes: [] }));
    g.items.push(item);
    g.indexes.push(i);
  });
  return [...groups.values()];
}

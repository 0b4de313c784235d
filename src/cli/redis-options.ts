import { DEFAULT_PREFIX } from '../queue/contract.js';
import { WiredeskError } from '../errors.js';
import { checkConfigFileSync } from '../config/config.js';
import { checkClusterPrefix, connectTarget, isClusterTarget, redactedTarget } from '../queue/redis-connection.js';

/** The options every Redis-backed subcommand takes, for parseArgs. */
export const REDIS_OPTIONS = {
  config: { type: 'string', short: 'c' },
  redis: { type: 'string' },
  prefix: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The lines every Redis-backed command's usage ends with. */
export const COMMON_OPTIONS_USAGE = `Common options: --config FILE (default $WIREDESK_CONFIG): the worker's config, whose Redis URL and prefix
  are used as the worker resolves them; --redis URL, --prefix P override it. Without a config:
  $WIREDESK_REDIS_URL or $REDIS_URL (default redis://127.0.0.1:6379), $WIREDESK_PREFIX (default ${DEFAULT_PREFIX}).`;

/**
 * Where to find the deployment, the same way the worker does: `--redis`/`--prefix` first; else
 * the config file (`--config`, else WIREDESK_CONFIG), resolved with the environment exactly as
 * `wiredesk worker` resolves it (unset secrets do not matter here); else WIREDESK_REDIS_URL or
 * REDIS_URL and WIREDESK_PREFIX; else the defaults the worker uses. Throws WIREDESK_ERR_REDIS_CLUSTER_PREFIX
 * for a prefix with braces on a cluster target, and a ConfigError
 * (WIREDESK_ERR_CONFIG_INVALID) for a config file that cannot be used.
 */
export function redisTarget(values: { redis?: string | undefined; prefix?: string | undefined; config?: string | undefined }, env: NodeJS.ProcessEnv = process.env): { url: string; prefix: string } {
  const file = values.config ?? (env.WIREDESK_CONFIG || undefined);
  let target: { url: string; prefix: string };
  if (file) {
    const { config } = checkConfigFileSync(file, env);
    target = { url: values.redis ?? config.redisUrl, prefix: values.prefix ?? config.prefix };
  } else {
    target = {
      url: values.redis ?? (env.WIREDESK_REDIS_URL || env.REDIS_URL || 'redis://127.0.0.1:6379'),
      prefix: values.prefix ?? (env.WIREDESK_PREFIX || DEFAULT_PREFIX),
    };
  }
  // The config file's check covers its own prefix; `--prefix`, `--redis` and the environment are checked here.
  checkClusterPrefix(isClusterTarget(target.url), target.prefix);
  return target;
}

/** A usage problem in a subcommand: printed as WIREDESK_ERR_USAGE with the subcommand's help, exit 2. */
export function usageFailure(message: string, usage: string): number {
  process.stderr.write(`wiredesk: WIREDESK_ERR_USAGE ${message}\n\n${usage}\n`);
  return 2;
}

export function isParseArgsError(e: unknown): e is Error {
  return typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('ERR_PARSE_ARGS');
}

/** How long a command waits for Redis before it says it cannot reach it. */
const CONNECT_TIMEOUT_MS = 5_000;

/** "redis://:secret@host:6380/2" -> "redis://host:6380/2": a URL as it may be printed. */
export function redactedRedisUrl(url: string): string {
  // A cluster's seeds: redis-cluster://h1:p1,h2:p2 (src/queue/redis-connection.ts).
  if (isClusterTarget(url)) return redactedTarget(url);
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/**
 * Throws WIREDESK_ERR_REDIS_UNAVAILABLE when Redis at `url` does not answer a PING within the
 * timeout: the commands' own connections retry for ever, so without this a command would wait
 * without a word while Redis is down.
 */
export async function ensureRedisReachable(url: string, timeoutMs = Number(process.env.WIREDESK_REDIS_CONNECT_TIMEOUT_MS) || CONNECT_TIMEOUT_MS): Promise<void> {
  // The socket's own error ("connect ECONNREFUSED 127.0.0.1:6399") says more than the client's "Connection is closed".
  let cause: Error | null = null;
  let timer: NodeJS.Timeout | undefined;
  let probe: ReturnType<typeof connectTarget> | null = null;
  try {
    probe = connectTarget(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, onError: (e: Error) => { cause ??= e; } });
    const p = probe;
    await Promise.race([
      p.connect().then(() => p.ping()),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs); }),
    ]);
  } catch (e) {
    if (e instanceof WiredeskError) throw e;
    const why = (cause as Error | null) ?? (e as Error);
    throw new WiredeskError('WIREDESK_ERR_REDIS_UNAVAILABLE', `${redactedRedisUrl(url)}: ${why.message}`, { cause: why });
  } finally {
    clearTimeout(timer);
    probe?.disconnect();
  }
}

/** A command's failure that is not a usage problem: printed with its code, exit 1. */
export function commandFailure(e: WiredeskError): number {
  process.stderr.write(`wiredesk: ${e.describe()}\n`);
  return 1;
}

/** A config file the command cannot use: printed with every problem, exit 2 (as `worker` does). */
export function configFailure(e: WiredeskError): number {
  process.stderr.write(`wiredesk: ${e.code} ${e.message}\n`);
  return 2;
}

/**
 * The deployment a Redis-backed command works on (redisTarget), once Redis answers a PING; or,
 * printed already, the exit status of why not: 2 for a config file that cannot be used, 1 for
 * Redis out of reach.
 */
export async function reachableTarget(values: Parameters<typeof redisTarget>[0]): Promise<{ url: string; prefix: string } | number> {
  try {
    const target = redisTarget(values);
    await ensureRedisReachable(target.url);
    return target;
  } catch (e) {
    if (e instanceof WiredeskError) return e.code === 'WIREDESK_ERR_CONFIG_INVALID' || e.code === 'WIREDESK_ERR_REDIS_CLUSTER_PREFIX' ? configFailure(e) : commandFailure(e);
    throw e;
  }
}

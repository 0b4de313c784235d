import { Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '../queue/contract.js';
import { WiredeskError } from '../errors.js';

/** The options every Redis-backed subcommand takes, for parseArgs. */
export const REDIS_OPTIONS = {
  redis: { type: 'string' },
  prefix: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Where to find the deployment: `--redis`/`--prefix`, else WIREDESK_REDIS_URL/REDIS_URL and WIREDESK_PREFIX. */
export function redisTarget(values: { redis?: string | undefined; prefix?: string | undefined }): { url: string; prefix: string } {
  return {
    url: values.redis ?? process.env.WIREDESK_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: values.prefix ?? process.env.WIREDESK_PREFIX ?? DEFAULT_PREFIX,
  };
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
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket's own error ("connect ECONNREFUSED 127.0.0.1:6399") says more than the client's "Connection is closed".
  let cause: Error | null = null;
  probe.on('error', (e: Error) => { cause ??= e; });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs); }),
    ]);
  } catch (e) {
    const why = (cause as Error | null) ?? (e as Error);
    throw new WiredeskError('WIREDESK_ERR_REDIS_UNAVAILABLE', `${redactedRedisUrl(url)}: ${why.message}`, { cause: why });
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}

/** A command's failure that is not a usage problem: printed with its code, exit 1. */
export function commandFailure(e: WiredeskError): number {
  process.stderr.write(`wiredesk: ${e.describe()}\n`);
  return 1;
}

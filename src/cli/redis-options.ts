import { DEFAULT_PREFIX } from '../queue/contract.js';

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

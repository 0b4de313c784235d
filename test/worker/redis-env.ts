import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';

/** The Redis the test command started (scripts/test.mjs); Redis-backed tests skip without it. */
export const REDIS_URL = process.env.REDIS_URL ?? null;
export const NO_REDIS = REDIS_URL ? false : 'REDIS_URL is not set (npm test starts a redis-server)';

/** A queue prefix no other test uses, so tests never see each other's keys. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a test's prefix, so a shared server stays clean. */
export async function deletePrefixKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A real HTTP server on 127.0.0.1 (port chosen by the OS) answering with `handler`. */
export async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A pino logger whose JSON lines are kept (parsed) for assertions. */
export function capturedLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** Resolves when `check` returns true, polling; rejects after `limitMs` (a hang guard, not a timing assertion). */
export async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

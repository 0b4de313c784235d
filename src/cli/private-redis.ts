import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WiredeskError } from '../errors.js';

/**
 * A throw-away redis-server for demos and benchmarks (`wiredesk desk --demo`, bench/desk-queue.ts):
 * Debian's `redis-server` on a free loopback port, no persistence, in a temporary directory that
 * goes with it. Refuses with WIREDESK_ERR_REDIS_UNAVAILABLE when the binary is missing or does not
 * answer PING within five seconds.
 */
export interface PrivateRedis {
  url: string;
  stop(): void;
}

/** A TCP port free on 127.0.0.1 just now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Whether a Redis on 127.0.0.1:port answers PING within half a second. */
export function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let got = '';
    const done = (ok: boolean): void => { sock.destroy(); resolve(ok); };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { got += d.toString('latin1'); if (got.includes('\r\n')) done(got.startsWith('+PONG')); });
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-redis-'));
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let failed: Error | null = null;
  proc.on('error', (e) => { failed = e; });
  const stop = (): void => {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100 && !failed && proc.exitCode === null; i++) {
    if (await pong(port)) return { url: `redis://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  stop();
  throw new WiredeskError('WIREDESK_ERR_REDIS_UNAVAILABLE', `could not start redis-server on 127.0.0.1:${port}${failed ? ` (${(failed as Error).message})` : ''}; install Debian's redis-server package or set REDIS_URL`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort, pong } from '../../src/cli/private-redis.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A redis-server of a test's own, on a loopback port, that the test can kill and start again on
 * the same port (empty: no RDB, no AOF), to take Redis away from a running worker for real.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts a new, empty server on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections open and stops answering. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export { freePort };

export async function startOwnRedis(extraArgs: string[] = [], onPort?: number): Promise<OwnRedis> {
  const port = onPort ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-own-redis-'));
  let proc: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (await pong(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const kill = async (): Promise<void> => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill('SIGKILL');
    await gone;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: launch,
    pause: () => { (proc as ChildProcess | null)?.kill('SIGSTOP'); },
    resume: () => { (proc as ChildProcess | null)?.kill('SIGCONT'); },
    async stop() {
      (proc as ChildProcess | null)?.kill('SIGCONT');
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

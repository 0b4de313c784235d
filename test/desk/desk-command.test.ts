import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addUser } from '../../src/desk/users.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { freePort } from '../helpers/redis-server.js';
import { REDIS_URL, NO_REDIS, uniquePrefix, until } from '../worker/redis-env.js';
import { deskSignIn } from '../helpers/desk-sign-in.js';

test('wiredesk desk: the desk alone, from the worker config; sign-in, the queue, SIGTERM exits 0; no desk section is a usage error', { skip: NO_REDIS, timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-deskcmd-'));
  const usersFile = join(dir, 'users.json');
  await addUser(usersFile, 'ana', 'editor', 'ana-password-123');
  const file = join(dir, 'config.yaml');
  await writeFile(file, `redis: { url: "${REDIS_URL}", prefix: ${uniquePrefix('deskcmd')} }\nfeeds: []\ndesk: { usersFile: "${usersFile}" }\n`);
  const bare = join(dir, 'bare.yaml');
  await writeFile(bare, 'feeds: []\n');
  try {
    const refused = await runCli(['desk', '--config', bare]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /no desk section/);

    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'desk', '--config', file, '--listen', `127.0.0.1:${port}`], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let started = false;
    createInterface({ input: child.stdout }).on('line', (l) => { if (l.includes('"desk started"')) started = true; });
    try {
      await until(() => started, '"desk started"');
      const base = `http://127.0.0.1:${port}`;
      const first = await fetch(`${base}/desk`, { redirect: 'manual' });
      assert.equal(first.status, 303);
      assert.match(first.headers.get('location') ?? '', /^\/desk\/login\?next=/);
      const login = await fetch(`${base}/desk/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=ana&password=ana-password-123&next=%2Fdesk' });
      assert.equal(login.status, 303);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      assert.match(login.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
      const queue = await fetch(`${base}/desk`, { headers: { cookie } });
      assert.equal(queue.status, 200);
      assert.match(await queue.text(), /Stories for review/);
      assert.match(queue.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      const wrong = await fetch(`${base}/desk/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=ana&password=not-her-password' });
      assert.equal(wrong.status, 401);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('wiredesk desk --demo: a redis-server of its own, the bundled fixtures in review, an admin signs in and sees them; SIGINT stops both; nobody to sign in is a usage error', { skip: NO_REDIS, timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wd-deskdemo-'));
  const usersFile = join(dir, 'users.json');
  try {
    const nobody = await runCli(['desk', '--demo', '--users', usersFile]);
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /wiredesk users add/);
    await addUser(usersFile, 'ana', 'admin', 'ana-password-123');

    const port = await freePort();
    // No REDIS_URL in its environment: the demo starts Debian's redis-server itself.
    const child = spawn(process.execPath, [CLI, 'desk', '--demo', '--users', usersFile, '--listen', `127.0.0.1:${port}`], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let banner = '';
    createInterface({ input: child.stdout }).on('line', (l) => { if (l.startsWith('desk: ')) banner = l; });
    try {
      await until(() => banner !== '', 'the demo banner');
      assert.match(banner, /sign in as ana/);
      const files = Number(/(\d+) bundled fixtures/.exec(banner)?.[1]);
      assert.ok(files > 50, `every bundled fixture goes in (${files})`);
      const base = `http://127.0.0.1:${port}`;
      const cookie = await deskSignIn(base, 'ana', 'ana-password-123');
      let pending = 0;
      await until(async () => {
        const page = await (await fetch(`${base}/desk`, { headers: { cookie } })).text();
        pending = Number(/pending: (\d+)/.exec(page)?.[1] ?? 0);
        return pending >= files / 2;
      }, 'the fixtures in review', 60_000);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      // Its redis-server went with it.
      const redisAt = new URL(/Redis (redis:\/\/\S+) \(its own/.exec(banner)?.[1] ?? 'redis://x:1');
      const { createConnection } = await import('node:net');
      const answers = (p: number): Promise<boolean> => new Promise<boolean>((resolve) => {
        const sock = createConnection({ host: '127.0.0.1', port: p });
        sock.on('error', () => resolve(false));
        sock.on('connect', () => { sock.destroy(); resolve(true); });
      });
      await until(async () => !(await answers(Number(redisAt.port))), 'its redis-server to go', 5_000);
      assert.equal(await answers(port), false, 'the desk port is closed');
    } finally {
      child.kill('SIGKILL');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

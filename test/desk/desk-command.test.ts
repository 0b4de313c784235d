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

// The whole test suite, as `npm test` runs it: lint, schema/type sync, type-check and build,
// then node's test runner over every compiled test file. When REDIS_URL is not set, a private
// redis-server is started on a free loopback port for the Redis-backed tests and stopped after;
// when REDIS_CLUSTER_URL is not set and redis-server and redis-cli 7 or later are installed, one
// real Redis Cluster (3 masters, 3 replicas: test/helpers/redis-cluster.ts) is started for the
// suites that run on both targets, and stopped after (also on a failure or a signal).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(name, cmd, args) {
  process.stderr.write(`\n> ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`\n${name} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

function listTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTests(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    process.stderr.write('\nredis-server is not installed: Redis-backed tests will fail (apt-get install -y redis-server)\n');
    return null;
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-redis-'));
  const proc = spawn(which.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout?.trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stderr.write(`\nstarted redis-server for the tests at ${url}\n`);
  return { url, stop: () => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

step('lint', npx, ['eslint', '.']);
step('schema types in sync', process.execPath, ['scripts/gen-types.mjs', '--check']);
step('build', process.execPath, ['scripts/build.mjs']);
// A test file deleted from test/ must not keep running from an earlier compile.
rmSync(join(root, '.build'), { recursive: true, force: true });
step('type-check and compile tests', npx, ['tsc', '-p', 'tsconfig.json']);

const env = { ...process.env };
let redis = null;
if (!env.REDIS_URL) {
  redis = await startRedis();
  if (redis) env.REDIS_URL = redis.url;
}
/** Redis 7 or later (`--cluster-port`, `redis-cli --cluster create`), else why not. */
function clusterSupport() {
  const v = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  const c = spawnSync('redis-cli', ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || c.status !== 0) return 'redis-server or redis-cli is not installed';
  const major = Number(/v=(\d+)/.exec(v.stdout)?.[1] ?? 0);
  return major >= 7 ? null : `redis-server ${major} is older than 7`;
}

let cluster = null;
if (!env.REDIS_CLUSTER_URL) {
  const why = clusterSupport();
  if (why) process.stderr.write(`\nno Redis Cluster for the tests (${why}): their cluster runs are skipped\n`);
  else {
    const { startOwnCluster } = await import(join(root, '.build', 'test', 'helpers', 'redis-cluster.js'));
    try {
      cluster = await startOwnCluster();
      env.REDIS_CLUSTER_URL = `redis-cluster://${cluster.seeds.map((s) => `${s.host}:${s.port}`).join(',')}`;
      process.stderr.write(`\nstarted a Redis Cluster for the tests at ${env.REDIS_CLUSTER_URL}\n`);
    } catch (e) {
      process.stderr.write(`\nthe Redis Cluster for the tests did not start: ${e.message}\n`);
      redis?.stop();
      process.exit(1);
    }
  }
}
let child = null;
let stopping = null;
/** Ends the tests' Redis processes once (the cluster's nodes, then the single server). */
function stopAll() {
  stopping ??= (async () => {
    await cluster?.stop().catch(() => undefined);
    redis?.stop();
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child?.kill(signal);
    void stopAll().then(() => process.exit(1));
  });
}

const files = listTests(join(root, '.build', 'test'));
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
process.stderr.write(`\n> node --test (${selected.length} files)\n`);
child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...selected], { cwd: root, env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stopAll();
process.exit(code);

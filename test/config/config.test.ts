import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { loadConfig, parseConfig, ConfigError } from '../../src/config/config.js';
import { packagePath, PACKAGE_ROOT } from '../../src/package-info.js';

const EXAMPLE_ENV = {
  WIREDESK_EDITOR_TOKEN: 'editor-secret',
  WIREDESK_VIEWER_TOKEN: 'viewer-secret',
  AGENCY_WIRE_TOKEN: 'wire-token',
  AP_API_KEY: 'ap-key',
  PARTNER_PUSH_SECRET: 'hmac-secret',
};

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): Array<{ path: string; message: string }> {
  try {
    parseConfig(text, 'test.yaml', env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.code, 'WIREDESK_ERR_CONFIG_INVALID');
    return e.problems;
  }
  assert.fail('the config was accepted');
}

test('examples/config.yaml is valid and resolves defaults and secrets from the environment', async () => {
  const config = await loadConfig(packagePath('examples', 'config.yaml'), EXAMPLE_ENV);
  assert.equal(config.redisUrl, 'redis://redis:6379');
  assert.equal(config.prefix, 'wiredesk');
  assert.deepEqual(config.listen, { host: '0.0.0.0', port: 8080 });
  assert.deepEqual([...config.tokens], [['editor-secret', 'editor'], ['viewer-secret', 'viewer']]);
  const byId = new Map(config.feeds.map((f) => [f.id, f]));
  const wire = byId.get('agency-wire');
  assert.ok(wire && wire.kind === 'http');
  assert.equal(wire.authHeaders.authorization, 'Bearer wire-token');
  assert.equal(wire.format, 'newsml-g2');
  const ap = byId.get('ap-media');
  assert.ok(ap && ap.kind === 'cursor');
  assert.deepEqual(ap.authHeaders, { 'x-api-key': 'ap-key' });
  assert.equal(ap.routing, 'review');
  assert.equal(ap.timeoutSeconds, 30, 'default applied');
  const hook = byId.get('partner-push');
  assert.ok(hook && hook.kind === 'webhook');
  assert.equal(hook.secret, 'hmac-secret');
  assert.equal(hook.signatureHeader, 'x-wiredesk-signature');
  assert.equal(byId.get('ftp-drop')?.kind, 'folder');
  assert.equal(config.subscribers[1]?.filter?.languages?.[0], 'en');
});

test('REDIS_URL in the environment overrides the config file', () => {
  const config = parseConfig('redis: { url: "redis://from-file:6379" }\nfeeds: []\n', 'x.yaml', { REDIS_URL: 'redis://from-env:6380' });
  assert.equal(config.redisUrl, 'redis://from-env:6380');
});

test('basic credentials become an Authorization header built from two environment variables', () => {
  const config = parseConfig('feeds:\n  - { id: wire, kind: http, url: "https://example.com/f", credentials: { type: basic, usernameEnv: U, passwordEnv: P } }\n', 'x.yaml', { U: 'user', P: 'pa:ss' });
  const feed = config.feeds[0];
  assert.ok(feed?.kind === 'http');
  assert.equal(feed.authHeaders.authorization, `Basic ${Buffer.from('user:pa:ss').toString('base64')}`);
});

test('a bad config is refused with every problem listed by path', () => {
  const problems = problemsOf(`
concurrency: zero
bogus: 1
http: { listen: "no-port" }
feeds:
  - id: Upper
    kind: http
  - id: b
    kind: ftp
  - id: c
    kind: webhook
    secretEnv: MISSING_SECRET
    url: http://example.com/
  - id: c
    kind: folder
    folder: /tmp/x
  - id: d
    kind: http
    url: http://example.com/
    routing: later
    credentials: { type: bearer }
subscribers:
  - name: web
  - name: web
    filter: { languages: [1] }
auth:
  tokens: [{ env: NO_SUCH_TOKEN, role: admin }]
`);
  const paths = problems.map((p) => p.path);
  for (const expected of [
    '/concurrency',
    '/bogus',
    '/http/listen',
    '/feeds/0/id',
    '/feeds/0/url',
    '/feeds/1/kind',
    '/feeds/2/url',
    '/feeds/2/secretEnv',
    '/feeds/3/id',
    '/feeds/4/routing',
    '/feeds/4/credentials/tokenEnv',
    '/subscribers/1/name',
    '/subscribers/1/filter/languages/0',
    '/auth/tokens/0/role',
    '/auth/tokens/0/env',
  ]) {
    assert.ok(paths.includes(expected), `${expected} missing from:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  }
  assert.match(problems.find((p) => p.path === '/feeds/2/secretEnv')!.message, /MISSING_SECRET is not set/);
  assert.match(problems.find((p) => p.path === '/feeds/3/id')!.message, /already the id of \/feeds\/2/);
  assert.match(problems.find((p) => p.path === '/feeds/4/routing')!.message, /"publish", "review", "drop"/);
});

test('a YAML syntax error and a missing file are config errors too', async () => {
  const syntax = problemsOf('feeds: [\n  { id: a\n');
  assert.ok(syntax.length >= 1);
  assert.match(syntax[0]!.path, /^line \d+/);
  await assert.rejects(loadConfig('/nonexistent/wiredesk.yaml', {}), (e: unknown) => e instanceof ConfigError && /cannot read/.test(e.problems[0]!.message));
});

test('wiredesk worker refuses to start on a bad config: exit 2, every problem on stderr', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wiredesk-config-'));
  try {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'feeds:\n  - { id: a, kind: http }\n  - { id: b, kind: webhook, secretEnv: NOT_SET_ANYWHERE }\nsubscribers: [{ name: "Bad Name" }]\n');
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, '.build', 'src', 'cli.js'), 'worker', '--config', file], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /WIREDESK_ERR_CONFIG_INVALID/);
    assert.match(stderr, /\/feeds\/0\/url: is required/);
    assert.match(stderr, /\/feeds\/1\/secretEnv: environment variable NOT_SET_ANYWHERE is not set/);
    assert.match(stderr, /\/subscribers\/0\/name: must match pattern/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { loadConfig, parseConfig, checkConfig, ConfigError, type PolledFeed } from '../../src/config/config.js';
import { DEFAULT_PREFIX } from '../../src/queue/contract.js';
import { packagePath, PACKAGE_ROOT } from '../../src/package-info.js';

const EXAMPLE_ENV = {
  WIREDESK_EDITOR_TOKEN: 'editor-secret-0123456789',
  WIREDESK_VIEWER_TOKEN: 'viewer-secret-0123456789',
  AGENCY_WIRE_TOKEN: 'wire-token',
  AP_API_KEY: 'ap-key',
  PARTNER_PUSH_SECRET: 'hmac-secret-0123456789',
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
  assert.deepEqual([...config.tokens], [['editor-secret-0123456789', 'editor'], ['viewer-secret-0123456789', 'viewer']]);
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
  assert.equal(hook.secret, 'hmac-secret-0123456789');
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
    kind: gopher
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

test('${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message} and $${ are substituted in values, never in the structure', () => {
  const text = [
    'redis:',
    '  url: ${WD_REDIS:-redis://fallback:6379}',
    '  prefix: ${WD_PREFIX-desk}',
    'feeds:',
    '  - { id: wire, kind: http, url: "https://${WIRE_HOST}/feed", filters: { keywords: ["$${literal}"] } }',
    '  - { id: two, kind: http, url: "https://example.com/", filters: { keywords: ["${INJECT}"] } }',
    '',
  ].join('\n');
  const config = parseConfig(text, 'x.yaml', { WIRE_HOST: 'wire.example.com', WD_REDIS: '', INJECT: 'a"] }\n  - { id: evil, kind: folder, folder: /etc }' });
  assert.equal(config.redisUrl, 'redis://fallback:6379', ':- applies to an empty variable');
  assert.equal(config.prefix, 'desk', '- applies to an unset one');
  const wire = config.feeds[0];
  assert.ok(wire?.kind === 'http');
  assert.equal(wire.url, 'https://wire.example.com/feed');
  assert.deepEqual(wire.filters?.keywords, ['${literal}']);
  assert.equal(config.feeds.length, 2, "a variable's value cannot add a feed");
  assert.match(config.feeds[1]!.filters!.keywords![0]!, /id: evil/);
  const unset = problemsOf('feeds:\n  - { id: wire, kind: http, url: "https://${NO_SUCH_HOST_VAR}/f" }\n  - { id: b, kind: http, url: "${NEED:?the feed URL}" }\n', {});
  assert.ok(unset.some((p) => p.path === '/feeds/0/url' && /NO_SUCH_HOST_VAR is not set/.test(p.message)), JSON.stringify(unset));
  assert.ok(unset.some((p) => p.path === '/feeds/1/url' && /NEED is not set: the feed URL/.test(p.message)), JSON.stringify(unset));
});

test('a YAML alias bomb is CONFIG_INVALID, not an internal error', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 9; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
  lines.push('feeds: []');
  const problems = problemsOf(lines.join('\n') + '\n');
  assert.match(problems[0]!.message, /alias/i);
});

test('short secrets, one token for two roles and credentials in a feed URL are refused; URL query secrets and a Redis password in the file are warned about', () => {
  const text = [
    'redis: { url: "redis://:hunter2@redis:6379" }',
    'auth:',
    '  tokens:',
    '    - { env: T_EDIT, role: editor }',
    '    - { env: T_VIEW, role: viewer }',
    '    - { env: T_SHORT, role: viewer }',
    'feeds:',
    '  - { id: hook, kind: webhook, secretEnv: HOOK }',
    '  - { id: wire, kind: http, url: "https://user:pw@wire.example.com/feed" }',
    '  - { id: keyed, kind: http, url: "https://api.example.com/feed?api_key=abc&q=x" }',
    '',
  ].join('\n');
  const env = { T_EDIT: 'same-token-for-both-roles', T_VIEW: 'same-token-for-both-roles', T_SHORT: 'abc', HOOK: 'x' };
  const problems = problemsOf(text, env);
  const at = (path: string): string => problems.filter((p) => p.path === path).map((p) => p.message).join(' | ');
  assert.match(at('/auth/tokens/1/env'), /same token as \/auth\/tokens\/0/);
  assert.match(at('/auth/tokens/2/env'), /3 characters long; use at least 16/);
  assert.match(at('/feeds/0/secretEnv'), /1 characters long/);
  assert.match(at('/feeds/1/url'), /credentials in the URL are refused/);
  const ok = checkConfig(text.replace('https://user:pw@', 'https://').replace('T_SHORT', 'T_OTHER'), 'x.yaml', { ...env, T_VIEW: 'another-token-0123456789', T_OTHER: 'third-token-0123456789', HOOK: 'hook-secret-0123456789' });
  assert.deepEqual(ok.warnings.map((w) => w.path), ['/redis/url', '/feeds/2/url']);
  assert.match(ok.warnings[1]!.message, /api_key/);
});

test('--check mode: unset secrets are listed, not refused; other problems still are', () => {
  const text = 'auth:\n  tokens: [{ env: UNSET_TOKEN_VAR, role: editor }]\nfeeds:\n  - { id: hook, kind: webhook, secretEnv: UNSET_HOOK_VAR }\n';
  const report = checkConfig(text, 'x.yaml', {}, { secretsOptional: true });
  assert.deepEqual(report.unset, [{ path: '/feeds/0/secretEnv', name: 'UNSET_HOOK_VAR' }, { path: '/auth/tokens/0/env', name: 'UNSET_TOKEN_VAR' }]);
  assert.throws(() => checkConfig(text + 'bogus: 1\n', 'x.yaml', {}, { secretsOptional: true }), (e: unknown) => e instanceof ConfigError && e.problems.length === 1 && e.problems[0]!.path === '/bogus');
  assert.throws(() => checkConfig(text, 'x.yaml', {}), ConfigError, 'without the option the worker refuses to start');
});

test('WIREDESK_PREFIX and WIREDESK_REDIS_URL override the file, as they do for every command', () => {
  const config = parseConfig('redis: { url: "redis://file:6379", prefix: fromfile }\nfeeds: []\n', 'x.yaml', { WIREDESK_PREFIX: 'fromenv', WIREDESK_REDIS_URL: 'redis://env:6380' });
  assert.equal(config.prefix, 'fromenv');
  assert.equal(config.redisUrl, 'redis://env:6380');
  assert.equal(parseConfig('feeds: []\n', 'x.yaml', {}).prefix, DEFAULT_PREFIX);
});

test('wiredesk worker --check validates without secrets: exit 0, names the unset variables and prints warnings', async () => {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, '.build', 'src', 'cli.js'), 'worker', '--config', packagePath('examples', 'config.yaml'), '--check'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.match(stdout, /examples\/config\.yaml: valid \(4 feeds, 2 subscribers; redis redis:\/\/redis:6379, prefix wiredesk\)/);
  for (const name of Object.keys(EXAMPLE_ENV)) assert.match(stdout, new RegExp(`\\b${name}\\b`), `${name} is named as unset`);
});

test('issue 18 item 3: an agency api on a cursor feed takes its secrets from the environment variables it names', () => {
  const text = `feeds:
  - id: reuters
    kind: cursor
    url: https://api.example.com/content/graphql
    api: { type: reuters-graphql, tokenUrl: "https://auth.example.com/oauth/token", clientIdEnv: RC_ID, clientSecretEnv: RC_SECRET, audience: "https://api.example.com" }
  - id: ap
    kind: cursor
    url: https://api.example.org/media/v/content/feed
    api: { type: ap-media, apiKeyEnv: AP_KEY, include: [renditions], exclude: [associations] }
`;
  const config = parseConfig(text, 'x.yaml', { RC_ID: 'id-1', RC_SECRET: 'secret-1', AP_KEY: 'key-1' });
  const [rc, ap] = config.feeds as PolledFeed[];
  assert.deepEqual(rc!.api, { type: 'reuters-graphql', tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'id-1', clientSecret: 'secret-1', audience: 'https://api.example.com', pageSize: 50, renditions: ['application/vnd.iptc.g2.newsitem+xml', 'text/plain'], maxRetryAfterSeconds: 900 });
  assert.equal(ap!.api?.apiKey, 'key-1');
  assert.equal(ap!.api?.apiKeyHeader, 'x-api-key');
  const problems = problemsOf(text, { RC_ID: 'id-1' });
  assert.ok(problems.some((p) => p.path === '/feeds/0/api/clientSecretEnv'), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.path === '/feeds/1/api/apiKeyEnv'), JSON.stringify(problems));
  const noToken = problemsOf('feeds:\n  - { id: afp, kind: cursor, url: "https://api.example.net/v1/api/search", api: { type: afp, clientIdEnv: A } }\n', { A: 'a' });
  assert.ok(noToken.some((p) => p.path === '/feeds/0/api' && /tokenUrl/.test(p.message)), JSON.stringify(noToken));
  const onHttp = problemsOf('feeds:\n  - { id: ap, kind: http, url: "https://api.example.org/f", api: { type: ap-media, apiKeyEnv: K } }\n', { K: 'k' });
  assert.ok(onHttp.some((p) => p.path === '/feeds/0/api'), JSON.stringify(onHttp));
});

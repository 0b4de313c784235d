import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { fetchUrl } from '../src/sources/http-fetch.js';
import { WiredeskError } from '../src/errors.js';
import { packagePath } from '../src/package-info.js';
import { loadNinjsValidator, ninjsErrors } from './export/ninjs-validator.js';
import { failureLines, ndjson, runCli, summaryLine } from './helpers/run-cli.js';

// The embedded command `wiredesk ingest` as a user runs it: `node dist/cli.js` (after
// `npm run build`) over real files in a temp dir and real URLs on a loopback server.

const GOOD = packagePath('test', 'data', 'newsml-g2-two-items.xml');
const MALFORMED = packagePath('test', 'data', 'malformed.xml');

let dir: string;
let server: Server;
let base: string;
/** Requests the slow route has seen and not finished; closed in after(). */
const slowResponses = new Set<import('node:http').ServerResponse>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wiredesk-cli-'));
  const goodBytes = readFileSync(GOOD);
  // A compression bomb: 64 MB of spaces gzip to ~64 KB.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/story.xml') {
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(goodBytes);
    } else if (url === '/story.xml.gz') {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
      res.end(gzipSync(goodBytes));
    } else if (url === '/moved') {
      res.writeHead(301, { location: '/story.xml' });
      res.end();
    } else if (url.startsWith('/loop')) {
      const n = Number(url.slice(5) || 0);
      res.writeHead(302, { location: `/loop${n + 1}` });
      res.end();
    } else if (url === '/bomb') {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
      res.end(bomb);
    } else if (url === '/slow') {
      // Headers now, body never: only a time limit ends this.
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<newsMessage>');
      slowResponses.add(res);
    } else if (url === '/busy') {
      res.writeHead(429, { 'retry-after': '120' });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  for (const res of slowResponses) res.destroy();
  server?.closeAllConnections();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

test('usage errors exit 2 with WIREDESK_ERR_USAGE on stderr', async () => {
  const cases = [
    ['ingest'],
    ['ingest', '--format', 'xml', GOOD],
    ['ingest', '--max-bytes', 'lots', GOOD],
    ['ingest', '--max-bytes', '-5', GOOD],
    ['ingest', '--no-such-option', GOOD],
    ['frobnicate'],
  ];
  for (const args of cases) {
    const run = await runCli(args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /WIREDESK_ERR_USAGE/, args.join(' '));
    assert.match(run.stderr, /Usage:/, args.join(' '));
    assert.equal(run.stdout, '', 'nothing on stdout');
  }
});

test('--out naming a file is a usage error (exit 2, no stack); a missing input exits 2 after the other inputs are read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-cli-'));
  try {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const run = await runCli(['ingest', GOOD, '--out', file]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /WIREDESK_ERR_USAGE.*is a file, not a folder/);
    assert.doesNotMatch(run.stderr, /\bat async\b|WIREDESK_ERR_INTERNAL/);
    const missing = await runCli(['ingest', join(dir, 'nope.xml'), GOOD]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /WIREDESK_ERR_INPUT_NOT_FOUND/);
    assert.ok(missing.stdout.trim().length > 0, 'the good input was still read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('review and dlq with Redis unreachable: a coded error naming the host (never the password), exit 1, no waiting', async () => {
  // A port nothing listens on, and a server that accepts and never answers.
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const closedPort = (closed.address() as AddressInfo).port;
  closed.close();
  const { createServer: createTcpServer } = await import('node:net');
  const silent = createTcpServer(() => {});
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const silentPort = (silent.address() as AddressInfo).port;
  try {
    for (const [args, port] of [[['dlq', 'list'], closedPort], [['review', 'list'], closedPort], [['dlq', 'list'], silentPort]] as const) {
      const run = await runCli([...args, '--redis', `redis://:hunter2@127.0.0.1:${port}`], { env: { WIREDESK_REDIS_CONNECT_TIMEOUT_MS: '500' } });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`WIREDESK_ERR_REDIS_UNAVAILABLE .*redis://127\\.0\\.0\\.1:${port}`));
      assert.doesNotMatch(run.stderr, /hunter2/);
    }
  } finally {
    silent.close();
  }
});

test('no command prints the usage and exits 2; --help exits 0; --version prints the version', async () => {
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /WIREDESK_ERR_USAGE/);
  assert.match(none.stderr, /Usage:/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /wiredesk ingest/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  assert.equal(version.stdout.trim(), pkg.version);
});

test('formats lists the registered formats', async () => {
  const run = await runCli(['formats']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^newsml-g2\s/m);
});

test('--out - writes NDJSON, provenance.path exactly as given, exit 0 and a summary on stderr', async () => {
  const work = tempDir('as-given');
  mkdirSync(join(work, 'in'), { recursive: true });
  copyFileSync(GOOD, join(work, 'in', 'story.xml'));
  const asGiven = './in/../in//story.xml';
  const run = await runCli(['ingest', '--out', '-', asGiven], { cwd: work });
  assert.equal(run.code, 0, run.stderr);
  const articles = ndjson(run.stdout);
  assert.equal(articles.length, 2);
  for (const a of articles) {
    assert.equal((a.provenance as { path: string }).path, asGiven);
    assert.equal((a.provenance as { format: string }).format, 'newsml-g2');
  }
  assert.deepEqual(articles.map((a) => a.guid), ['urn:newsml:wiredesk.test:20260314:robust-0001', 'urn:newsml:wiredesk.test:20260314:robust-0002']);
  assert.match(summaryLine(run.stderr), /^wiredesk: 1 files?, 2 articles \(newsml-g2 2\)/);
  assert.deepEqual(failureLines(run.stderr), []);
});

test('--quiet prints no summary', async () => {
  const run = await runCli(['ingest', '--quiet', GOOD]);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(ndjson(run.stdout).length, 2);
});

test('a directory is walked recursively; *.expected.json, dot-files and symbolic links are skipped, each said with why', async () => {
  const root = tempDir('walk');
  mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
  copyFileSync(GOOD, join(root, 'top.xml'));
  copyFileSync(GOOD, join(root, 'a', 'b', 'c', 'deep.xml'));
  writeFileSync(join(root, 'top.xml.expected.json'), '[]');
  writeFileSync(join(root, 'a', 'b', 'c', 'deep.xml.expected.json'), '{"not": "an input"}');
  writeFileSync(join(root, '.hidden.xml'), '');
  writeFileSync(join(root, 'a', 'empty.txt'), '');
  symlinkSync(GOOD, join(root, 'a', 'link.xml'));
  const run = await runCli(['ingest', root]);
  assert.equal(run.code, 1, 'the empty file fails');
  assert.match(run.stderr, new RegExp(`skipped 2 \\(a fixture expectation \\(\\*\\.expected\\.json\\)\\): .*deep\\.xml\\.expected\\.json`));
  assert.match(run.stderr, /skipped 1 \(a dot-file\): .*\.hidden\.xml/);
  assert.match(run.stderr, /skipped 1 \(a symbolic link \(not followed\)\): .*link\.xml/);
  assert.match(summaryLine(run.stderr), / — skipped 4$/);
  const paths = new Set(ndjson(run.stdout).map((a) => (a.provenance as { path: string }).path));
  assert.deepEqual([...paths].sort(), [join(root, 'a', 'b', 'c', 'deep.xml'), join(root, 'top.xml')]);
  const failures = failureLines(run.stderr);
  assert.deepEqual(failures.map((f) => [f.input, f.code]), [[join(root, 'a', 'empty.txt'), 'WIREDESK_ERR_INPUT_EMPTY']]);
  assert.match(summaryLine(run.stderr), /^wiredesk: 3 files, 4 articles \(newsml-g2 4\)/);
});

test('--out DIR writes one JSON per article and failed inputs with their bytes and .error.json', async () => {
  const out = tempDir('out');
  const empty = join(dir, 'empty-for-out.xml');
  writeFileSync(empty, '');
  const run = await runCli(['ingest', '--out', out, GOOD, MALFORMED, empty]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, '');
  const files = readdirSync(out).filter((f) => f.endsWith('.json')).sort();
  assert.equal(files.length, 2, files.join(', '));
  const guids = files.map((f) => (JSON.parse(readFileSync(join(out, f), 'utf8')) as { guid: string; provenance: { path: string } }))
    .map((a) => { assert.equal(a.provenance.path, GOOD); return a.guid; });
  assert.deepEqual(guids.sort(), ['urn:newsml:wiredesk.test:20260314:robust-0001', 'urn:newsml:wiredesk.test:20260314:robust-0002']);

  const failed = readdirSync(join(out, 'failed')).sort();
  assert.deepEqual(failed, ['empty-for-out.xml', 'empty-for-out.xml.error.json', 'malformed.xml', 'malformed.xml.error.json']);
  assert.ok(readFileSync(join(out, 'failed', 'malformed.xml')).equals(readFileSync(MALFORMED)), 'raw bytes kept for replay');
  const err = JSON.parse(readFileSync(join(out, 'failed', 'malformed.xml.error.json'), 'utf8')) as { input: string; code: string; message: string };
  assert.equal(err.input, MALFORMED);
  assert.match(err.code, /^WIREDESK_ERR_(XML_MALFORMED|PARSE_[A-Z_]+)$/);
  assert.ok(err.message.length > 0);
  const emptyErr = JSON.parse(readFileSync(join(out, 'failed', 'empty-for-out.xml.error.json'), 'utf8')) as { code: string };
  assert.equal(emptyErr.code, 'WIREDESK_ERR_INPUT_EMPTY');
});

test('--out DIR: stories whose ids read alike once file-safe, and failed inputs of one name in two folders, never overwrite each other', async () => {
  const out = tempDir('out-collide');
  const src = tempDir('in-collide');
  mkdirSync(join(src, 'a'));
  mkdirSync(join(src, 'b'));
  const feed = '<rss version="2.0"><channel><title>Quay News</title>' +
    ['quay:1/2', 'quay:1?2', 'quay:1 2'].map((g, i) => `<item><title>Berth ${i} reopens</title><guid isPermaLink="false">${g}</guid><description>Berth ${i} is open again.</description></item>`).join('') +
    '</channel></rss>';
  writeFileSync(join(src, 'feed.xml'), feed);
  writeFileSync(join(src, 'a', 'story.xml'), '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A</title><item><title>cut');
  writeFileSync(join(src, 'b', 'story.xml'), '{"version": "https://jsonfeed.org/version/1.1", "items": [');
  for (let run = 0; run < 2; run++) {
    const r = await runCli(['ingest', '--out', out, join(src, 'feed.xml'), join(src, 'a', 'story.xml'), join(src, 'b', 'story.xml')]);
    assert.equal(r.code, 1, r.stderr);
    const articles = readdirSync(out).filter((f) => f.endsWith('.json'));
    assert.deepEqual(articles.map((f) => (JSON.parse(readFileSync(join(out, f), 'utf8')) as { guid: string }).guid).sort(), ['quay:1 2', 'quay:1/2', 'quay:1?2'], `run ${run}`);
    const errors = readdirSync(join(out, 'failed')).filter((f) => f.endsWith('.error.json'));
    assert.deepEqual(errors.map((f) => (JSON.parse(readFileSync(join(out, 'failed', f), 'utf8')) as { input: string }).input).sort(), [join(src, 'a', 'story.xml'), join(src, 'b', 'story.xml')], `run ${run}`);
  }
});

test('--format ninjs emits IPTC ninjs (validated against the published schema when present)', async () => {
  const run = await runCli(['ingest', '--format', 'ninjs', GOOD]);
  assert.equal(run.code, 0, run.stderr);
  const docs = ndjson(run.stdout);
  assert.equal(docs.length, 2);
  for (const d of docs) {
    assert.equal(d.uri, d.altids && (d.altids as Array<{ role: string; value: string }>).find((x) => x.role === 'guid')?.value);
    assert.ok(!('provenance' in d), 'canonical-only fields are not in ninjs');
    assert.ok(!('headline' in d));
  }
  const loaded = loadNinjsValidator();
  if (!('skip' in loaded)) for (const d of docs) assert.deepEqual(ninjsErrors(loaded.validate, d), []);
});

test('a URL input is fetched and provenance.path is the URL as given', async () => {
  const url = `${base}/story.xml`;
  const run = await runCli(['ingest', url, `${base}/story.xml.gz`, `${base}/moved`]);
  assert.equal(run.code, 0, run.stderr);
  const articles = ndjson(run.stdout);
  assert.equal(articles.length, 6);
  assert.deepEqual([...new Set(articles.map((a) => (a.provenance as { path: string }).path))], [url, `${base}/story.xml.gz`, `${base}/moved`]);
});

test('URL failures are coded: 404, redirect loop, gzip bomb over --max-bytes; other inputs still read', async () => {
  const run = await runCli(['ingest', '--max-bytes', String(1024 * 1024), `${base}/missing`, `${base}/loop`, `${base}/bomb`, GOOD]);
  assert.equal(run.code, 1, run.stderr);
  const byInput = new Map(failureLines(run.stderr).map((f) => [f.input, f.code]));
  assert.equal(byInput.get(`${base}/missing`), 'WIREDESK_ERR_FETCH_STATUS', run.stderr);
  assert.equal(byInput.get(`${base}/loop`), 'WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS', run.stderr);
  assert.equal(byInput.get(`${base}/bomb`), 'WIREDESK_ERR_FETCH_TOO_LARGE', run.stderr);
  assert.equal(ndjson(run.stdout).length, 2);
  const summary = summaryLine(run.stderr);
  assert.match(summary, /^wiredesk: 4 files, 2 articles \(newsml-g2 2\)/);
  for (const code of ['WIREDESK_ERR_FETCH_STATUS', 'WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS', 'WIREDESK_ERR_FETCH_TOO_LARGE']) assert.match(summary, new RegExp(code));
});

async function fetchCode(url: string, opts: Parameters<typeof fetchUrl>[1]): Promise<WiredeskError> {
  try {
    await fetchUrl(url, opts);
  } catch (e) {
    if (e instanceof WiredeskError) return e;
    throw e;
  }
  throw new Error(`${url} did not fail`);
}

test('fetchUrl: a server that stalls is cut off by timeoutMs (the CLI has no timeout flag)', async () => {
  const e = await fetchCode(`${base}/slow`, { timeoutMs: 300 });
  assert.equal(e.code, 'WIREDESK_ERR_FETCH_TIMEOUT');
  assert.equal(e.kind, 'transient');
});

test('fetchUrl: 429 is a rate-limit error with Retry-After; 404 carries its status; other schemes are refused', async () => {
  const busy = await fetchCode(`${base}/busy`, {});
  assert.equal(busy.code, 'WIREDESK_ERR_FETCH_RATE_LIMITED');
  assert.equal(busy.kind, 'rate-limit');
  assert.equal(busy.details.retryAfter, 120);
  const missing = await fetchCode(`${base}/missing`, {});
  assert.equal(missing.code, 'WIREDESK_ERR_FETCH_STATUS');
  assert.equal(missing.details.status, 404);
  assert.equal((await fetchCode('file:///etc/passwd', {})).code, 'WIREDESK_ERR_FETCH_PROTOCOL');
  const loop = await fetchCode(`${base}/loop`, { maxRedirects: 2 });
  assert.equal(loop.code, 'WIREDESK_ERR_FETCH_TOO_MANY_REDIRECTS');
});

test('fetchUrl: decodes gzip, follows redirects, caps decoded size', async () => {
  const ok = await fetchUrl(`${base}/moved`);
  assert.equal(ok.url, `${base}/story.xml`);
  assert.ok(ok.bytes.equals(readFileSync(GOOD)));
  const gz = await fetchUrl(`${base}/story.xml.gz`);
  assert.ok(gz.bytes.equals(readFileSync(GOOD)));
  assert.equal((await fetchCode(`${base}/bomb`, { maxBytes: 1024 * 1024 })).code, 'WIREDESK_ERR_FETCH_TOO_LARGE');
});

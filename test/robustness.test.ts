import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ingestItem } from '../src/pipeline/ingest.js';
import { packagePath } from '../src/package-info.js';
import { failureLines, ndjson, runCli, summaryLine } from './helpers/run-cli.js';

// Hostile and broken inputs, as real files through the real CLI (`node dist/cli.js`, after
// `npm run build`) and through ingestItem: each gives a coded error (or articles) without a crash,
// within a 512 MB heap (the child runs with --max-old-space-size=512, so a blow-up fails the test),
// and without stopping the other inputs of the same run.

const NAR = 'http://iptc.org/std/nar/2006-10-01/';
const GOOD = packagePath('test', 'data', 'newsml-g2-two-items.xml');
const MALFORMED = packagePath('test', 'data', 'malformed.xml');
const MB = 1024 * 1024;

let dir: string;
let p: Record<'empty' | 'binary' | 'bomb' | 'xxe' | 'deep' | 'bigValid' | 'bigJunk' | 'bigJunkXml' | 'secret', string>;
let bigValidItems = 0;
let probe: Server;
let probeHits = 0;

function newsItem(i: number, headline: string, bodyXhtml: string): string {
  return `<newsItem guid="urn:newsml:wiredesk.test:20260314:bulk-${String(i).padStart(6, '0')}" version="1" standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
<catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_36.xml"/>
<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:WDTEST"/><versionCreated>2026-03-14T09:30:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
<contentMeta><headline>${headline}</headline><language tag="en"/></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>${bodyXhtml}</body></html></inlineXML></contentSet>
</newsItem>\n`;
}

/** A ~50 MB NewsML-G2 newsMessage of many ordinary text items, streamed to disk. */
async function writeBigNewsMessage(path: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="${NAR}"><header><sent>2026-03-14T09:31:00Z</sent></header><itemSet>\n`);
  let written = 0;
  let i = 0;
  while (written < targetBytes) {
    const paras: string[] = [];
    for (let k = 0; k < 60; k++) {
      paras.push(`<p>Paragraph ${k} of bulk story ${i}: the council met on Saturday to discuss the harbour budget, ` +
        `the ferry timetable and the repairs to the old bridge, and members agreed to meet again next week (item ${i}, part ${k}).</p>`);
    }
    const item = newsItem(i, `Bulk story number ${i} about the harbour budget`, paras.join(''));
    await write(item);
    written += Buffer.byteLength(item);
    i++;
  }
  await write('</itemSet></newsMessage>\n');
  out.end();
  await once(out, 'finish');
  return i;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wiredesk-robust-'));
  probe = createServer((_req, res) => {
    probeHits++;
    res.end('<!ENTITY leaked "PROBE-WAS-FETCHED">');
  });
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/entity.dtd`;

  p = {
    empty: join(dir, 'empty.xml'),
    binary: join(dir, 'random.bin'),
    bomb: join(dir, 'entity-bomb.xml'),
    xxe: join(dir, 'xxe.xml'),
    deep: join(dir, 'deep.xml'),
    bigValid: join(dir, 'big-valid.xml'),
    bigJunk: join(dir, 'big-junk.bin'),
    bigJunkXml: join(dir, 'big-junk.xml'),
    secret: join(dir, 'secret.txt'),
  };
  writeFileSync(p.empty, '');
  // Random bytes with NULs guaranteed, like an image or archive dropped into the feed.
  const rnd = randomBytes(64 * 1024);
  rnd[0] = 0x00;
  rnd[100] = 0x00;
  writeFileSync(p.binary, rnd);
  writeFileSync(p.secret, 'WIREDESK-SECRET-MARKER\n');
  writeFileSync(p.bomb, `<?xml version="1.0"?>
<!DOCTYPE newsItem [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
  <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
${newsItem(1, 'Bomb &h;&h;&h;', '<p>Body &h;&h;</p>').replace('<newsItem ', `<newsItem xmlns="${NAR}" `)}`);
  writeFileSync(p.xxe, `<?xml version="1.0"?>
<!DOCTYPE newsItem [
  <!ENTITY file SYSTEM "file://${p.secret}">
  <!ENTITY remote SYSTEM "${probeUrl}">
  <!ENTITY % param SYSTEM "${probeUrl}">
  %param;
]>
${newsItem(2, 'XXE &file; &remote;', '<p>Secret: &file; Remote: &remote; &leaked;</p>').replace('<newsItem ', `<newsItem xmlns="${NAR}" `)}`);
  writeFileSync(p.deep, `<?xml version="1.0"?>\n<newsItem xmlns="${NAR}" guid="urn:x:deep" version="1"><contentSet>${'<x>'.repeat(10_000)}deep${'</x>'.repeat(10_000)}</contentSet></newsItem>\n`);
  bigValidItems = await writeBigNewsMessage(p.bigValid, 50 * MB);
  // 50 MB of random bytes, and 50 MB of random text that opens like XML and never closes.
  const junk = createWriteStream(p.bigJunk);
  for (let k = 0; k < 50; k++) if (!junk.write(randomBytes(MB))) await once(junk, 'drain');
  junk.end();
  await once(junk, 'finish');
  const junkXml = createWriteStream(p.bigJunkXml);
  junkXml.write(`<?xml version="1.0"?>\n<newsMessage xmlns="${NAR}"><itemSet><newsItem guid="x">`);
  const letters = 'abcdefghij <>&;/"= \n';
  for (let k = 0; k < 50; k++) {
    const chunk = Buffer.alloc(MB);
    const r = randomBytes(MB);
    for (let j = 0; j < MB; j++) chunk[j] = letters.charCodeAt(r[j]! % letters.length);
    if (!junkXml.write(chunk)) await once(junkXml, 'drain');
  }
  junkXml.end();
  await once(junkXml, 'finish');
});

after(() => {
  probe?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function codesOf(result: ReturnType<typeof ingestItem>): string[] {
  return result.failures.map((f) => f.error.code);
}

test('ingestItem: empty, binary, malformed and deep inputs give coded failures with their bytes, never a throw', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', p.empty, /^WIREDESK_ERR_INPUT_EMPTY$/],
    ['binary', p.binary, /^WIREDESK_ERR_INPUT_BINARY$/],
    ['malformed', MALFORMED, /^WIREDESK_ERR_(XML_MALFORMED|PARSE_[A-Z_]+)$/],
    ['deep', p.deep, /^WIREDESK_ERR_XML_TOO_DEEP$/],
  ];
  for (const [name, path, expected] of cases) {
    const bytes = readFileSync(path);
    const r = ingestItem({ bytes, path });
    assert.equal(r.articles.length, 0, name);
    assert.equal(r.failures.length, 1, name);
    assert.match(r.failures[0]!.error.code, expected, name);
    assert.equal(r.failures[0]!.path, path);
    assert.ok(r.failures[0]!.raw.equals(bytes), `${name}: the raw bytes are kept for replay`);
  }
});

test('ingestItem: an input over the size limit is refused before parsing', () => {
  const r = ingestItem({ bytes: readFileSync(GOOD), path: GOOD }, { maxBytes: 100 });
  assert.deepEqual(codesOf(r), ['WIREDESK_ERR_INPUT_TOO_LARGE']);
});

test('ingestItem: entity declarations are not expanded and external entities are not fetched', () => {
  const hitsBefore = probeHits;
  for (const path of [p.bomb, p.xxe]) {
    const r = ingestItem({ bytes: readFileSync(path), path });
    const out = JSON.stringify(r.articles) + r.failures.map((f) => f.error.message).join('\n');
    assert.ok(out.length < 100_000, `${path}: output stays small (${out.length} chars)`);
    assert.ok(!out.includes('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 'no entity expanded');
    assert.ok(!out.includes('WIREDESK-SECRET-MARKER'), 'no local file read');
    assert.ok(!out.includes('PROBE-WAS-FETCHED'), 'no remote entity fetched');
  }
  assert.equal(probeHits, hitsBefore, 'no request reached the probe server');
});

test('CLI: good and bad inputs in one run — good articles on stdout, each failure coded and named, exit 2 (one input path does not exist: a usage error)', async () => {
  const missing = join(dir, 'does-not-exist.xml');
  const inputs = [p.empty, GOOD, MALFORMED, p.binary, missing, p.deep];
  const run = await runCli(['ingest', '--out', '-', ...inputs]);
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.code, 2, run.stderr);
  const articles = ndjson(run.stdout);
  assert.ok(articles.length >= 2, `the good file's two items come through (got ${articles.length})`);
  for (const a of articles) assert.equal((a.provenance as { path: string }).path, GOOD);
  const failures = failureLines(run.stderr);
  const byInput = new Map(failures.map((f) => [f.input, f.code]));
  assert.equal(byInput.get(p.empty), 'WIREDESK_ERR_INPUT_EMPTY', run.stderr);
  assert.equal(byInput.get(p.binary), 'WIREDESK_ERR_INPUT_BINARY', run.stderr);
  assert.equal(byInput.get(missing), 'WIREDESK_ERR_INPUT_NOT_FOUND', run.stderr);
  assert.equal(byInput.get(p.deep), 'WIREDESK_ERR_XML_TOO_DEEP', run.stderr);
  assert.match(byInput.get(MALFORMED) ?? '', /^WIREDESK_ERR_(XML_MALFORMED|PARSE_[A-Z_]+)$/, run.stderr);
  assert.ok(!byInput.has(GOOD), run.stderr);
  const summary = summaryLine(run.stderr);
  assert.match(summary, /^wiredesk: 6 files, \d+ articles/);
  assert.match(summary, /WIREDESK_ERR_INPUT_EMPTY/);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
});

test('CLI: entity bomb and XXE are neither expanded nor fetched', async () => {
  const hitsBefore = probeHits;
  const run = await runCli(['ingest', '--out', '-', p.bomb, p.xxe]);
  assert.equal(run.signal, null, run.stderr);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const all = run.stdout + run.stderr;
  assert.ok(all.length < 200_000, `output stays small (${all.length} chars)`);
  assert.ok(!all.includes('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'));
  assert.ok(!all.includes('WIREDESK-SECRET-MARKER'));
  assert.ok(!all.includes('PROBE-WAS-FETCHED'));
  assert.equal(probeHits, hitsBefore);
  for (const f of failureLines(run.stderr)) assert.match(f.code, /^WIREDESK_ERR_/);
});

test('CLI: a ~50 MB valid newsMessage yields every item within a 512 MB heap', async () => {
  let count = 0;
  let first: Record<string, unknown> | null = null;
  const run = await runCli(['ingest', '--out', '-', p.bigValid], {
    onLine: (line) => {
      if (!line.trim()) return;
      count++;
      if (!first) first = JSON.parse(line) as Record<string, unknown>;
    },
  });
  assert.equal(run.signal, null, run.stderr.slice(-2000));
  assert.doesNotMatch(run.stderr, /heap out of memory|allocation failed/i);
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  assert.equal(count, bigValidItems);
  assert.equal((first as { provenance?: { path?: string } } | null)?.provenance?.path, p.bigValid);
  assert.match(summaryLine(run.stderr), new RegExp(`^wiredesk: 1 files?, ${bigValidItems} articles`));
});

test('CLI: 50 MB of junk (random bytes; unclosed XML-like text) gives coded errors within a 512 MB heap', async () => {
  const run = await runCli(['ingest', '--out', '-', p.bigJunk, p.bigJunkXml, GOOD]);
  assert.equal(run.signal, null, run.stderr.slice(-2000));
  assert.doesNotMatch(run.stderr, /heap out of memory|allocation failed/i);
  assert.equal(run.code, 1);
  const byInput = new Map(failureLines(run.stderr).map((f) => [f.input, f.code]));
  assert.equal(byInput.get(p.bigJunk), 'WIREDESK_ERR_INPUT_BINARY', run.stderr);
  assert.match(byInput.get(p.bigJunkXml) ?? '', /^WIREDESK_ERR_(XML_[A-Z_]+|PARSE_[A-Z_]+)$/, run.stderr);
  assert.ok(ndjson(run.stdout).length >= 2, 'the good input after the junk is still read');
});

test('CLI: --max-bytes refuses a large file before reading it', async () => {
  const run = await runCli(['ingest', '--out', '-', '--max-bytes', String(MB), p.bigValid, GOOD]);
  assert.equal(run.code, 1);
  const byInput = new Map(failureLines(run.stderr).map((f) => [f.input, f.code]));
  assert.equal(byInput.get(p.bigValid), 'WIREDESK_ERR_INPUT_TOO_LARGE');
  assert.ok(ndjson(run.stdout).length >= 2);
});

test('random bytes that open with a NUL and "<" are binary, not BOM-less UTF-16 markup (the one-in-256 flake)', () => {
  const rnd = randomBytes(4096);
  rnd[0] = 0x00;
  rnd[1] = 0x3c;
  rnd[2] = 0xff;
  rnd[100] = 0x00;
  const r = ingestItem({ bytes: rnd, path: 'random.bin' });
  assert.deepEqual([r.articles.length, r.failures.map((f) => f.error.code)], [0, ['WIREDESK_ERR_INPUT_BINARY']]);
});

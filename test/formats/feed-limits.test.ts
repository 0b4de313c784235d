import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { readFileCapped } from '../../src/sources/local-inputs.js';
import { isWiredeskError } from '../../src/errors.js';

// Feeds too large or nested too deeply are refused with a coded error, and refusing them costs
// little memory: the size is checked before the bytes are decoded (and, for files, before they are
// read), XML depth while the tokenizer streams, JSON depth on the text before JSON.parse.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap growth (bytes) while `fn` runs, measured after a collection on both sides. */
function heapGrowth(fn: () => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  fn();
  gc();
  return process.memoryUsage().heapUsed - before;
}

const MB = 1024 * 1024;
const LEVELS = 1_000_000;

const codes = (r: ReturnType<typeof ingestItem>): string[] => r.failures.map((f) => f.error.code);

test('a feed larger than the limit is refused before it is decoded', () => {
  const bytes = Buffer.alloc(24 * MB, 0x20);
  bytes.write('<?xml version="1.0"?><rss version="2.0"><channel><item><title>big</title></item>');
  let r: ReturnType<typeof ingestItem> | null = null;
  const growth = heapGrowth(() => {
    r = ingestItem({ bytes, path: 'big.xml' }, { maxBytes: 4 * MB });
  });
  assert.deepEqual(codes(r!), ['WIREDESK_ERR_INPUT_TOO_LARGE']);
  assert.equal(r!.articles.length, 0);
  assert.ok(growth < 2 * MB, `grew ${growth} bytes`);
});

test('a feed file larger than the limit is refused before it is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-limits-'));
  try {
    const path = join(dir, 'big.xml');
    writeFileSync(path, Buffer.alloc(8 * MB, 0x20));
    await assert.rejects(readFileCapped(path, MB), (e: unknown) => isWiredeskError(e) && e.code === 'WIREDESK_ERR_INPUT_TOO_LARGE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('RSS nested a million levels deep is refused while it streams, in bounded memory', () => {
  const text = `<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title><x>${'<a>'.repeat(LEVELS)}${'</a>'.repeat(LEVELS)}</x></item></channel></rss>`;
  const bytes = Buffer.from(text);
  let r: ReturnType<typeof ingestItem> | null = null;
  const growth = heapGrowth(() => {
    r = ingestItem({ bytes, path: 'deep.xml' });
  });
  assert.deepEqual(codes(r!), ['WIREDESK_ERR_XML_TOO_DEEP']);
  assert.equal(r!.format, 'rss');
  // The decoded text alone is ~14 MB of UTF-16; a tree a million levels deep would be hundreds.
  assert.ok(growth < 48 * MB, `grew ${growth} bytes`);
});

test('an Atom entry whose xhtml content nests too deeply is refused the same way', () => {
  const text = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id><title>t</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${'<div>'.repeat(LEVELS / 10)}</div></content></entry></feed>`;
  const r = ingestItem({ bytes: Buffer.from(text), path: 'deep.atom' });
  assert.deepEqual(codes(r), ['WIREDESK_ERR_XML_TOO_DEEP']);
  assert.equal(r.format, 'atom');
});

test('a JSON Feed nested a million levels deep is refused before JSON.parse, in bounded memory', () => {
  const text = `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","content_text":"x","_ext":${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}}]}`;
  const bytes = Buffer.from(text);
  let r: ReturnType<typeof ingestItem> | null = null;
  const growth = heapGrowth(() => {
    r = ingestItem({ bytes, path: 'deep.json' });
  });
  assert.deepEqual(codes(r!), ['WIREDESK_ERR_JSON_TOO_DEEP']);
  // Parsed, a million nested arrays take ~60 MB of heap.
  assert.ok(growth < 16 * MB, `grew ${growth} bytes`);
});

test('JSON depth ignores brackets inside strings, escaped quotes included', () => {
  const title = `${'['.repeat(400)} \\" ${'{'.repeat(400)}`;
  const text = `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","title":"${title}","content_text":"Body."}]}`;
  const r = ingestItem({ bytes: Buffer.from(text), path: 'brackets.json' });
  assert.deepEqual(codes(r), []);
  assert.equal(r.articles.length, 1);
});

/** A value nested `n` levels deep. */
const deepValue = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

test('one JSON item nested past the depth limit fails alone: the other items and the feed envelope come through', () => {
  const deep = deepValue(LEVELS);
  const cases: Array<{ format: string; text: string; headlines: string[] }> = [
    {
      format: 'json-feed',
      text: `{"version":"https://jsonfeed.org/version/1.1","title":"t","home_page_url":"https://news.example.org/","items":[{"id":"1","title":"Ferry strike ends","content_text":"Ferries run again."},{"id":"2","title":"x","_ext":${deep}},{"id":"3","title":"Bridge reopens","content_text":"Cars cross again."}]}`,
      headlines: ['Ferry strike ends', 'Bridge reopens'],
    },
    {
      format: 'ninjs',
      text: `[{"uri":"urn:example:1","versioncreated":"2026-02-01T08:00:00Z","headline":"Snow closes passes","body_text":"Roads shut."},{"uri":"urn:example:2","headline":"x","extra":${deep}},{"uri":"urn:example:3","versioncreated":"2026-02-01T09:00:00Z","headline":"Passes reopen","body_text":"Roads open."}]`,
      headlines: ['Snow closes passes', 'Passes reopen'],
    },
    {
      format: 'dpa-digitalwires',
      text: `{"entries":[{"format":"digitalwires@0.9.1","urn":"urn:example:dpa:1","headline":"Hafen wird ausgebaut","article_html":"<p>Text.</p>"},{"format":"digitalwires@0.9.1","urn":"urn:example:dpa:2","x":${deep}},{"format":"digitalwires@0.9.1","urn":"urn:example:dpa:3","headline":"Deich wird erhöht","article_html":"<p>Text.</p>"}]}`,
      headlines: ['Hafen wird ausgebaut', 'Deich wird erhöht'],
    },
    {
      format: 'ap-media-api',
      text: `{"api_version":"2","data":{"next_page":"https://api.example.org/feed?seq=2","items":[{"item":{"altids":{"itemid":"a1","etag":"a1_1"},"headline":"Senate passes bill"}},{"item":{"altids":{"itemid":"a2","etag":"a2_1"},"x":${deep}}},{"item":{"altids":{"itemid":"a3","etag":"a3_1"},"headline":"House delays vote"}}]}}`,
      headlines: ['Senate passes bill', 'House delays vote'],
    },
  ];
  for (const { format, text, headlines } of cases) {
    let r: ReturnType<typeof ingestItem> | null = null;
    const growth = heapGrowth(() => {
      r = ingestItem({ bytes: Buffer.from(text), path: `deep-item.${format}.json` });
    });
    assert.equal(r!.format, format);
    assert.deepEqual(r!.articles.map((a) => a.headline), headlines, format);
    assert.deepEqual(codes(r!), ['WIREDESK_ERR_JSON_TOO_DEEP'], format);
    assert.equal(r!.failures[0]!.itemIndex, 1, format);
    assert.ok(r!.failures[0]!.raw.toString('utf8').includes('[[[['), format);
    assert.ok(growth < 16 * MB, `${format} grew ${growth} bytes`);
    // The feed's own members (home_page_url) still apply to its items.
    if (format === 'json-feed') assert.equal(r!.articles[0]!.provider, 'news.example.org');
  }
});

test('a JSON document nested past the limit around its items is still refused whole', () => {
  const r = ingestItem({ bytes: Buffer.from(deepValue(300)), path: 'deep.json' });
  assert.deepEqual(codes(r), ['WIREDESK_ERR_JSON_TOO_DEEP']);
  assert.equal(r.articles.length, 0);
});

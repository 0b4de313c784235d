import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { dedupePictures } from '../../src/extract/captions.js';
import { mergeByHref } from '../../src/html/pictures.js';
import { squash } from '../../src/html/page.js';
import { lineColumn, parseXml } from '../../src/xml/xml-tree.js';
import { MAX_HTML_DEPTH, parseHtml, capHtmlDepth } from '../../src/html/depth.js';
import type { Picture, Credit } from '../../src/model/article.generated.js';
import type { PictureHint } from '../../src/model/parsed-story.js';

// Issue 15 item 14: the other super-linear or unbounded paths. Bounds here are a hundred times
// the normal cost or more (correctness bounds, not benchmarks).

const N = 10_000;
const nest = (tag: string, n = N): string => `<${tag}>`.repeat(n) + 'deep words' + `</${tag}>`.repeat(n);
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const read = (doc: string): ReturnType<typeof ingestItem> => ingestItem({ bytes: Buffer.from(doc), path: 'deep' });

const DEEP: Record<string, string> = {
  'ninjs body_html (inline tags)': JSON.stringify({ uri: 'urn:x', type: 'text', headline: 'Deep', versioncreated: '2026-01-01T00:00:00Z', body_html: `<p>Opening words.</p>${nest('b')}` }),
  'ninjs body_html (blocks)': JSON.stringify({ uri: 'urn:x', type: 'text', headline: 'Deep', versioncreated: '2026-01-01T00:00:00Z', body_html: `<p>Opening words.</p>${nest('div')}` }),
  'RSS description in CDATA': `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Deep</title><guid>g1</guid><description><![CDATA[<p>Opening words.</p>${nest('span')}]]></description></item></channel></rss>`,
  'RSS description escaped': `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Deep</title><guid>g1</guid><description>${esc(`<p>Opening words.</p>${nest('i')}`)}</description></item></channel></rss>`,
  'an HTML page': `<!doctype html><html><head><title>Deep</title></head><body><article><h1>Deep page headline</h1><p>Opening words of the story, long enough to be prose.</p>${nest('div')}</article></body></html>`,
  'an HTML page (inline)': `<!doctype html><html><head><title>Deep</title></head><body><article><h1>Deep page headline</h1><p>Opening words ${nest('em')}</p></article></body></html>`,
  'JSON Feed content_html': JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: '1', title: 'Deep', content_html: `<p>Opening words.</p>${nest('b')}` }] }),
  'Atom content': `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2026-01-01T00:00:00Z</updated><entry><id>e</id><title>Deep</title><updated>2026-01-01T00:00:00Z</updated><content type="html">${esc(`<p>Opening words.</p>${nest('u')}`)}</content></entry></feed>`,
};

for (const [name, doc] of Object.entries(DEEP)) {
  test(`10,000 nested tags inside ${name}: read, no stack overflow (WIREDESK_ERR_INTERNAL)`, () => {
    const r = read(doc);
    assert.deepEqual(r.failures.map((f) => `${f.error.code} ${f.error.message}`), []);
    assert.equal(r.articles.length, 1);
    assert.match(r.articles[0]!.body.text, /Opening words/);
  });
}

test('JSON-LD nested ten thousand arrays deep in a page is read without recursion', () => {
  const ld = `{"@type":"NewsArticle","headline":${'['.repeat(N)}"Deep"${']'.repeat(N)},"author":{"name":${'['.repeat(N)}"A"${']'.repeat(N)}}}`;
  const doc = `<!doctype html><html><head><title>T</title><script type="application/ld+json">${ld}</script></head><body><article><h1>Headline</h1><p>Opening words of the story, long enough to be prose.</p></article></body></html>`;
  const r = read(doc);
  assert.deepEqual(r.failures.map((f) => f.error.code), []);
});

test('the HTML tree is capped at MAX_HTML_DEPTH: deeper tags dropped, their text kept; shallower markup unchanged', () => {
  const doc = parseHtml(nest('div', 1000));
  let depth = 0;
  let node = doc.children[0];
  while (node && 'children' in node && node.children.length) {
    depth++;
    node = node.children[0];
  }
  assert.equal(depth, MAX_HTML_DEPTH);
  assert.equal(node && 'data' in node ? node.data : null, 'deep words');
  const shallow = '<p>One <b>two</b> <a href="x">three</a></p><div><span>four</span></div>';
  assert.equal(capHtmlDepth(shallow), shallow);
  assert.match(capHtmlDepth(nest('span', 1000)), /^(<span>){256}deep words(<\/span>){256}$/);
});

// ---- pictures: every pair compared -> keyed maps ----

const credit = (raw: string | null): Credit => ({ raw, photographer: null, agencies: [], via: null, flags: [], evidence: null });

/** dedupePictures as it was (every pair compared): the reference the linear one must match. */
function dedupeReference(pictures: Picture[]): Picture[] {
  const key = (s: string | null): string => (s ?? '').normalize('NFC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
  const out: Picture[] = [];
  for (const p of pictures) {
    const k = key(p.caption);
    const hrefs = new Set(p.renditions.map((r) => r.href));
    const same = out.find((q) => (k !== '' && key(q.caption) === k) || (k === '' && key(q.caption) === '' && q.renditions.some((r) => hrefs.has(r.href))));
    if (!same) {
      out.push(p);
      continue;
    }
    for (const r of p.renditions) if (!same.renditions.some((x) => x.href === r.href)) same.renditions.push(r);
    same.altText ??= p.altText;
    same.guid ??= p.guid;
    const c = same.credit;
    if (!c.raw && p.credit.raw) same.credit = { ...p.credit, flags: [...new Set([...c.flags, ...p.credit.flags])] };
  }
  return out;
}

/** The page's mergeByHref as it was (every pair compared). */
function mergeReference(pictures: PictureHint[]): PictureHint[] {
  const hrefKey = (href: string): string => {
    const bare = href.replace(/#.*$/, '').replace(/^https?:\/\//, '').toLowerCase();
    const path = bare.replace(/\?.*$/, '');
    return /\.(?:jpe?g|png|gif|webp|avif)$/.test(path) ? path : bare;
  };
  const out: PictureHint[] = [];
  for (const p of pictures) {
    const keys = new Set((p.renditions ?? []).map((r) => hrefKey(r.href)));
    const main = p.renditions?.[0] ? hrefKey(p.renditions[0].href) : null;
    const same = out.find((q) => {
      const qMain = q.renditions?.[0] ? hrefKey(q.renditions[0].href) : null;
      const shared = (qMain !== null && keys.has(qMain)) || (main !== null && (q.renditions ?? []).some((r) => hrefKey(r.href) === main));
      return shared && (!q.caption || !p.caption || squash(q.caption) === squash(p.caption));
    });
    if (!same) {
      out.push({ ...p, renditions: [...(p.renditions ?? [])] });
      continue;
    }
    same.caption ??= p.caption ?? null;
    same.altText ??= p.altText ?? null;
    same.creditRaw ??= p.creditRaw ?? null;
    for (const r of p.renditions ?? []) if (!same.renditions!.some((x) => x.href === r.href)) same.renditions!.push(r);
  }
  return out;
}

const hrefArb = fc.constantFrom('https://e.com/a.jpg', 'https://e.com/a.jpg?w=200', 'http://E.com/a.jpg#x', 'https://e.com/b.png', 'https://e.com/c', 'https://e.com/c?id=2', '/d.jpg', 'data:x');
const captionArb = fc.option(fc.constantFrom('', 'A cat', 'a  cat ', 'A cat', 'Dog', '“Q”'), { nil: null });
const renditionsArb = fc.array(hrefArb.map((href) => ({ href, width: null, height: null, mimeType: null })), { maxLength: 4 });

test('dedupePictures keyed on caption and href gives what comparing every pair gave (fast-check)', () => {
  const pictureArb = fc.record({ guid: fc.option(fc.constantFrom('g1', 'g2'), { nil: null }), caption: captionArb, altText: fc.option(fc.constantFrom('alt'), { nil: null }), credit: fc.option(fc.constantFrom('AP', 'Reuters'), { nil: null }).map(credit), renditions: renditionsArb });
  fc.assert(fc.property(fc.array(pictureArb, { maxLength: 12 }), (pics) => {
    assert.deepEqual(dedupePictures(structuredClone(pics)), dedupeReference(structuredClone(pics)));
  }), { numRuns: 500 });
});

test('the page pictures merged by href, keyed, give what comparing every pair gave (fast-check)', () => {
  const hintArb = fc.record({ caption: captionArb, altText: fc.option(fc.constantFrom('alt'), { nil: null }), creditRaw: fc.option(fc.constantFrom('AP'), { nil: null }), renditions: renditionsArb });
  fc.assert(fc.property(fc.array(hintArb, { maxLength: 12 }), (hints) => {
    assert.deepEqual(mergeByHref(structuredClone(hints)), mergeReference(structuredClone(hints)));
  }), { numRuns: 500 });
});

test('30,000 pictures in one story are deduplicated in linear time (minutes before)', () => {
  const pics: Picture[] = [];
  for (let i = 0; i < 30_000; i++) pics.push({ guid: null, caption: i % 2 ? `Caption ${i}` : null, altText: null, credit: credit(null), renditions: [{ href: `https://e.com/${i}.jpg`, width: null, height: null, mimeType: null }] });
  const hints: PictureHint[] = pics.map((p) => ({ caption: p.caption, renditions: p.renditions }));
  const t = Date.now();
  assert.equal(dedupePictures(pics).length, 30_000);
  assert.equal(mergeByHref(hints).length, 30_000);
  assert.ok(Date.now() - t < 10_000, `${Date.now() - t} ms`);
});

test('a ninjs story with 10,000 picture associations is read within the bound', () => {
  const associations: Record<string, unknown> = {};
  for (let i = 0; i < N; i++) associations[`p${i}`] = { type: 'picture', uri: `urn:p${i}`, description_text: `Caption ${i}`, renditions: { r: { href: `https://e.com/${i}.jpg` } } };
  const t = Date.now();
  const r = read(JSON.stringify({ uri: 'urn:x', type: 'text', headline: 'H', body_text: 'Body.', versioncreated: '2026-01-01T00:00:00Z', associations }));
  assert.equal(r.articles[0]?.pictures.length, N);
  assert.ok(Date.now() - t < 30_000, `${Date.now() - t} ms`);
});

// ---- line and column: per failure, a scan of the whole text -> one index, binary search ----

test('lineColumn agrees with a count from the start, and 200,000 look-ups in 2 MB do not rescan the text', () => {
  const text = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 90)}`).join('\n');
  const naive = (offset: number): { line: number; column: number } => {
    const before = text.slice(0, offset);
    const nl = before.lastIndexOf('\n');
    return { line: before.split('\n').length, column: offset - nl };
  };
  for (const offset of [0, 1, 5, text.indexOf('\n'), text.indexOf('\n') + 1, 123_456, text.length - 1, text.length]) assert.deepEqual(lineColumn(text, offset), naive(offset));
  assert.deepEqual(lineColumn('abc', 2), { line: 1, column: 3 });
  assert.deepEqual(lineColumn('a\nbc', 3), { line: 2, column: 2 });
  const t = Date.now();
  let sum = 0;
  for (let k = 0; k < 200_000; k++) sum += lineColumn(text, (k * 7919) % text.length).line;
  assert.ok(sum > 0);
  assert.ok(Date.now() - t < 10_000, `${Date.now() - t} ms`);
});

test('20,000 broken items of a 1.3 MB JSON array: each a coded failure with its line, the good one read', () => {
  const items = [JSON.stringify({ uri: 'urn:ok', type: 'text', headline: 'Fine', body_text: 'Body.', versioncreated: '2026-01-01T00:00:00Z' })];
  for (let i = 0; i < 20_000; i++) items.push(`{"uri":"urn:b${i}","type":"text","headline": ,"body_text":"x"}`);
  const r = read(`[${items.join(',\n')}]`);
  assert.equal(r.articles.length, 1);
  assert.equal(r.failures.length, 20_000);
  assert.equal(r.failures[0]!.error.code, 'WIREDESK_ERR_JSON_MALFORMED');
  assert.equal(r.failures[19_999]!.error.details.position?.line, 20_001);
});

// ---- a million siblings: refused early ----

for (const [name, doc] of Object.entries({
  'NITF body paragraphs': `<?xml version="1.0"?><nitf><head><title>T</title></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content>${'<p/>'.repeat(1_000_000)}</body.content></body></nitf>`,
  'NewsML-G2 itemSet': `<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/><itemSet>${'<x/>'.repeat(1_000_000)}</itemSet></newsMessage>`,
  'an RSS item': `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>T</title><guid>g</guid>${'<x/>'.repeat(1_000_000)}</item></channel></rss>`,
})) {
  test(`a million sibling elements (${name}) are refused with WIREDESK_ERR_XML_TOO_MANY_NODES`, () => {
    const r = read(doc);
    assert.deepEqual(r.failures.map((f) => f.error.code), ['WIREDESK_ERR_XML_TOO_MANY_NODES']);
    assert.match(r.failures[0]!.error.message, /more than 100000 children/);
  });
}

test('the children limit is checked while the tokenizer streams (the error names where)', () => {
  assert.throws(() => parseXml(`<r>${'<a/>'.repeat(11)}</r>`, { maxChildren: 10 }), (e: Error & { code?: string; details?: { position?: { offset?: number } } }) => {
    assert.equal(e.code, 'WIREDESK_ERR_XML_TOO_MANY_NODES');
    assert.equal(e.details?.position?.offset, 3 + 10 * 4);
    return true;
  });
  assert.equal(parseXml(`<r>${'<a/>'.repeat(10)}</r>`, { maxChildren: 10 }).root.children.length, 10);
});

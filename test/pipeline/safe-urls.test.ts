import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { safeHttpUrl } from '../../src/pipeline/safe-url.js';
import { articleErrors } from '../../src/pipeline/validate.js';
import type { Article } from '../../src/model/article.generated.js';

// issue 15 item 17 (unsafe links) and item 19's rendition width: every format reader's links pass
// one rule (src/pipeline/safe-url.ts) and come out http(s) or not at all, with a warning when dropped.

const UNSAFE = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\x01javascript:alert(1)',
  'java&#9;script:alert(1)',
  'javascript&colon;alert(1)',
  'file:///etc/passwd',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'mailto:someone@example.com',
  '//evil.example/x.jpg',
  '/relative/path.jpg',
  'https://',
  'http://[::1',
];

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xml = (s: string): string => s.replace(/[&<>"]/g, (c) => ESC[c]!).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
// An entity in the test value (java&#9;script) stays one in the attribute: the reader decodes it.
const xmlKeepRefs = (s: string): string => xml(s).replace(/&amp;(#\d+|#x[0-9a-f]+|colon);/gi, (_m, e: string) => (e === 'colon' ? ':' : `&${e};`));

/** Every URL an article hands on: url, rendition hrefs, body href/src. */
function urlsOf(a: Article): string[] {
  const out: string[] = [];
  if (a.url !== null) out.push(a.url);
  for (const p of a.pictures) for (const r of p.renditions) out.push(r.href);
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (n.type === 'tag') {
        const el = n as unknown as { attribs: Record<string, string>; children: ChildNode[] };
        for (const k of ['href', 'src']) if (el.attribs[k] !== undefined) out.push(el.attribs[k]!);
        walk(el.children);
      }
    }
  };
  walk(parseDocument(a.body.html, { decodeEntities: true }).children);
  return out;
}

/** Independent of safe-url.ts: as a browser would read it, is it http(s)? */
function browserSeesHttp(u: string): boolean {
  const t = u.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+/, '');
  try {
    const p = new URL(t);
    return p.protocol === 'http:' || p.protocol === 'https:';
  } catch {
    return false;
  }
}

function ingest(text: string, path: string, format?: string): Article[] {
  const r = ingestItem({ bytes: Buffer.from(text, 'utf8'), path, ...(format ? { format } : {}) });
  assert.deepEqual(r.failures.map((f) => f.error.describe()), []);
  return r.articles;
}

function assertSafe(articles: Article[], what: string): void {
  assert.ok(articles.length > 0, `${what}: an article`);
  for (const a of articles) {
    for (const u of urlsOf(a)) assert.ok(browserSeesHttp(u), `${what}: ${JSON.stringify(u)} left wiredesk`);
    assert.deepEqual(articleErrors(a), [], `${what}: the article is valid`);
  }
}

const dropped = (a: Article): string[] => a.provenance.warnings.filter((w) => w.code === 'WIREDESK_WARN_URL_DROPPED').map((w) => w.message);

test('safeHttpUrl: http(s) only, read as a browser reads it', () => {
  for (const u of UNSAFE) assert.equal(safeHttpUrl(u), null, JSON.stringify(u));
  assert.equal(safeHttpUrl('https://example.com/a?b=1&amp;c=2'), 'https://example.com/a?b=1&amp;c=2');
  assert.equal(safeHttpUrl('  https://example.com/x\n'), 'https://example.com/x');
  assert.equal(safeHttpUrl('ht\ttps://example.com/'), 'https://example.com/');
  assert.equal(safeHttpUrl('HTTP://Example.com/'), 'HTTP://Example.com/');
  assert.equal(safeHttpUrl(null), null);
  assert.equal(safeHttpUrl('http:/no-slashes.example.com/x'), 'http://no-slashes.example.com/x', 'what a browser makes of it, spelt out');
  assert.equal(safeHttpUrl('https:\\\\evil.example.com\\x'), 'https://evil.example.com/x');
});

test('JSON Feed: a javascript: url, a file: image and a javascript: attachment are dropped, each with a warning', () => {
  const feed = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [
    { id: '1', url: 'javascript:alert(1)', title: 'Headline one', content_html: '<p>Body text of the story.</p>', image: 'file:///etc/passwd', attachments: [{ url: 'java\tscript:x', mime_type: 'image/jpeg' }, { url: 'https://img.example.com/ok.jpg', mime_type: 'image/jpeg' }] },
    { id: '2', url: 'https://news.example.com/two', title: 'Headline two', content_text: 'Body.' },
  ] });
  const [one, two] = ingest(feed, 'feed.json');
  assertSafe([one!, two!], 'json-feed');
  assert.equal(one!.url, null);
  assert.deepEqual(one!.pictures.flatMap((p) => p.renditions.map((r) => r.href)), ['https://img.example.com/ok.jpg']);
  assert.equal(dropped(one!).length, 3, dropped(one!).join('; '));
  assert.match(dropped(one!).join(' '), /url "javascript:alert\(1\)"/);
  assert.equal(two!.url, 'https://news.example.com/two');
});

test('ninjs: javascript: and file: renditions are dropped; a width of -1 is left out so the article stays valid', () => {
  const item = {
    uri: 'urn:example:1', type: 'text', version: '1', versioncreated: '2026-01-02T03:04:05Z', headlines: [{ role: 'main', value: 'Harbour fire' }],
    bodies: [{ role: 'html', contenttype: 'text/html', value: '<p>Text <a href="java&#9;script:alert(1)">x</a> <img src="javascript:alert(2)"></p>' }],
    associations: { pic: { uri: 'urn:example:p', type: 'picture', headlines: [{ role: 'main', value: 'A picture' }], renditions: {
      evil: { href: 'javascript:alert(3)', mimetype: 'image/jpeg', width: 100, height: 100 },
      local: { href: 'file:///etc/passwd', mimetype: 'image/jpeg' },
      good: { href: 'https://img.example.com/a.jpg', mimetype: 'image/jpeg', width: -1, height: 12.5 },
      fine: { href: 'https://img.example.com/b.jpg', mimetype: 'image/jpeg', width: 640, height: 480 },
    } } },
  };
  const [a] = ingest(JSON.stringify(item), 'item.json', 'ninjs');
  assertSafe([a!], 'ninjs');
  const renditions = a!.pictures.flatMap((p) => p.renditions);
  assert.deepEqual(renditions.map((r) => [r.href, r.width, r.height]), [['https://img.example.com/a.jpg', null, null], ['https://img.example.com/b.jpg', 640, 480]]);
  assert.ok(a!.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_DIMENSION_DROPPED' && /width -1/.test(w.message)));
  assert.doesNotMatch(a!.body.html, /script/i);
  assert.equal(dropped(a!).length, 4, dropped(a!).join('; '));
});

test('RSS and Atom: unsafe item links, enclosures and media:content are dropped', () => {
  const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><link>https://example.com/</link>
<item><title>One</title><link>javascript:alert(1)</link><guid isPermaLink="false">g1</guid><description>&lt;p&gt;Body &lt;a href="java&amp;#9;script:x"&gt;l&lt;/a&gt;&lt;/p&gt;</description>
<enclosure url="file:///etc/passwd" type="image/jpeg" length="1"/><media:content url="javascript:alert(2)" medium="image" type="image/jpeg" width="-5"/>
<media:content url="https://img.example.com/r.jpg" medium="image" type="image/jpeg" width="640"/></item></channel></rss>`;
  const [r] = ingest(rss, 'feed.rss');
  assertSafe([r!], 'rss');
  assert.equal(r!.url, null);
  assert.deepEqual(r!.pictures.flatMap((p) => p.renditions.map((x) => x.href)), ['https://img.example.com/r.jpg']);
  assert.ok(dropped(r!).length >= 3, dropped(r!).join('; '));

  const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:f</id><updated>2026-01-01T00:00:00Z</updated>
<entry><title>Entry</title><id>urn:e1</id><updated>2026-01-01T00:00:00Z</updated><link rel="alternate" href="javascript:alert(1)"/><link rel="enclosure" type="image/jpeg" href="file:///c:/x.jpg"/>
<content type="html">&lt;p&gt;Atom body &lt;img src="javascript:alert(1)"&gt;&lt;/p&gt;</content></entry></feed>`;
  const [e] = ingest(atom, 'feed.atom');
  assertSafe([e!], 'atom');
  assert.equal(e!.url, null);
});

test('NewsML-G2: remoteContent hrefs that are not http(s) are dropped', () => {
  const g2 = `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:20260101:pic1" version="1" standard="NewsML-G2" standardversion="2.29">
<itemMeta><itemClass qcode="ninat:picture"/><provider literal="Example"/><versionCreated>2026-01-01T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
<contentMeta><headline>A picture</headline><description role="drol:caption">Caption.</description></contentMeta>
<contentSet><remoteContent rendition="rnd:main" href="javascript:alert(1)" contenttype="image/jpeg" width="3000" height="2000"/>
<remoteContent rendition="rnd:thumb" href="file:///etc/passwd" contenttype="image/jpeg"/>
<remoteContent rendition="rnd:web" href="https://img.example.com/w.jpg" contenttype="image/jpeg" width="-1" height="200"/></contentSet></newsItem>`;
  const [a] = ingest(g2, 'pic.xml');
  assertSafe([a!], 'newsml-g2');
  const renditions = a!.pictures.flatMap((p) => p.renditions);
  assert.deepEqual(renditions.map((r) => r.href), ['https://img.example.com/w.jpg']);
  assert.equal(dropped(a!).length, 2);
});

test('HTML: <img src="java&#9;script:..."> and <a href> that are not http(s) leave the body and the pictures', () => {
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story title here</title><meta property="og:title" content="Story title here"><meta property="og:url" content="javascript:alert(1)"></head>
<body><article><h1>Story title here</h1><p>First paragraph of the story, long enough to be taken as the body of the article by the reader.</p>
<figure><img src="java&#9;script:alert(1)" alt="x"><figcaption>A caption.</figcaption></figure>
<p>Second paragraph with <a href="jav&#x0A;ascript:alert(2)">a link</a> and <a href="file:///etc/passwd">another</a> and <a href="https://ok.example.com/">a good one</a>, long enough too.</p></article></body></html>`;
  const articles = ingest(page, 'page.html');
  assertSafe(articles, 'html');
  assert.ok(dropped(articles[0]!).some((m) => /rendition href "java(\\t)?script:alert\(1\)"/.test(m)), dropped(articles[0]!).join('; '));
  assert.equal(articles[0]!.url, null, 'og:url javascript: is not the story url');
});

test('property: no article from any reader carries a URL that is not http(s) (url, renditions, body href/src)', () => {
  const urlArb = fc.oneof(fc.constantFrom(...UNSAFE, 'https://ok.example.com/a.jpg', 'http://ok.example.com/'), fc.string({ maxLength: 30 }), fc.constantFrom(...UNSAFE).chain((u) => fc.string({ maxLength: 4 }).map((p) => p + u)));
  const docs = (u: string): Array<[string, string]> => [
    [JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', items: [{ id: '1', url: u, title: 'H', content_html: `<p>B <a href="${xml(u)}">l</a> <img src="${xml(u)}"></p>`, image: u, attachments: [{ url: u, mime_type: 'image/jpeg' }] }] }), 'f.json'],
    [JSON.stringify({ uri: 'urn:x', type: 'text', headlines: [{ role: 'main', value: 'H' }], bodies: [{ role: 'html', value: `<p>B <a href="${xml(u)}">l</a></p>` }], associations: { p: { type: 'picture', renditions: { a: { href: u, mimetype: 'image/jpeg', width: -1 } } } } }), 'n.json'],
    [`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>H</title><link>${xmlKeepRefs(u)}</link><description>${xml(`<p>B <a href="${u}">l</a></p>`)}</description><enclosure url="${xmlKeepRefs(u)}" type="image/jpeg"/></item></channel></rss>`, 'r.xml'],
    [`<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:g" version="1" standard="NewsML-G2" standardversion="2.29"><itemMeta><itemClass qcode="ninat:picture"/><versionCreated>2026-01-01T10:00:00Z</versionCreated></itemMeta><contentMeta><headline>H</headline></contentMeta><contentSet><remoteContent href="${xmlKeepRefs(u)}" contenttype="image/jpeg" width="-1"/></contentSet></newsItem>`, 'g.xml'],
    [`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Title of it</title><link rel="canonical" href="${xmlKeepRefs(u)}"></head><body><article><h1>Title of it</h1><p>Paragraph one of the story with enough words in it to be a body.</p><img src="${xmlKeepRefs(u)}"><p>Two <a href="${xmlKeepRefs(u)}">x</a> with more words in it too.</p></article></body></html>`, 'p.html'],
  ];
  fc.assert(fc.property(urlArb, (u) => {
    for (const [text, path] of docs(u)) {
      const r = ingestItem({ bytes: Buffer.from(text, 'utf8'), path });
      for (const a of r.articles) {
        for (const x of urlsOf(a)) if (!browserSeesHttp(x)) throw new Error(`${path} with ${JSON.stringify(u)}: ${JSON.stringify(x)} came out`);
        const invalid = articleErrors(a);
        if (invalid.length) throw new Error(`${path} with ${JSON.stringify(u)}: ${invalid.join('; ')}`);
      }
    }
  }), { numRuns: 150 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ingestBytes } from '../src/index.js';
import { WiredeskError } from '../src/errors.js';
import { registry } from '../src/formats/registry.js';
import { jpegWithMetadata, xmpPacket } from './helpers/jpeg.js';
import { lineBreaks } from '../src/formats/wordpress-wxr.js';
import { headerMark } from '../src/formats/anpa-1312.js';

// Issue 15, "Hostile input": every reader of the registry on the shapes that were found to break
// or stall readers: long runs of one character, deep nesting inside strings, many pictures, many
// broken items, long prologs, unsafe URLs. Each run must end within a generous bound (a hundred
// times the normal cost: a correctness bound, not a benchmark) and may fail only with a coded
// WiredeskError that is not WIREDESK_ERR_INTERNAL (which is how a stack overflow or a bug came out).

/** 100 KB inputs: under 5 s each. */
const BOUND_MS = 5_000;
/** Inputs of a megabyte or more (20,000 broken items): the same rate. */
const BIG_BOUND_MS = 20_000;
const RUN = 100_000;

/** What a template fills in: text fields, an HTML body, picture URLs, a prolog (XML) or preamble. */
interface Slots {
  text: string;
  html: string;
  pictures: string[];
  prolog: string;
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const json = (v: unknown): string => JSON.stringify(v);
const cut = (s: string, bytes: number): Buffer => Buffer.from(s).subarray(0, bytes);
const DATE = '2026-01-01T10:00:00Z';
const IMG = (url: string): string => `<figure><img src="${xml(url)}" alt="a"><figcaption>Caption of ${xml(url.slice(-12))}</figcaption></figure>`;

/** One minimal valid document per reader, with the slots in its natural places. */
const TEMPLATES: Record<string, (s: Slots) => string | Buffer> = {
  'newsml-g2': (s) => `<?xml version="1.0" encoding="UTF-8"?>${s.prolog}<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:20260101:h1" version="1" standard="NewsML-G2" standardversion="2.28">` +
    `<itemMeta><itemClass qcode="ninat:text"/><versionCreated>${DATE}</versionCreated></itemMeta><contentMeta><headline>${xml(s.text)}</headline><by>${xml(s.text)}</by><description role="drol:caption">${xml(s.text)}</description></contentMeta>` +
    `<contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content><p>${xml(s.text)}</p>${s.pictures.map((u) => `<media media-type="image"><media-reference source="${xml(u)}"/></media>`).join('')}<p>${xml(s.html)}</p></body.content></body></nitf></inlineXML></contentSet></newsItem>`,
  nitf: (s) => `<?xml version="1.0" encoding="utf-8"?>${s.prolog}<nitf><head><title>${xml(s.text)}</title><docdata><doc-id id-string="h1"/><date.issue norm="20260101T100000Z"/></docdata></head><body><body.head><hedline><hl1>${xml(s.text)}</hl1></hedline><byline>By ${xml(s.text)}</byline></body.head>` +
    `<body.content><p>Opening words. ${xml(s.text)}</p><p>${xml(s.html)}</p>${s.pictures.map((u) => `<media media-type="image"><media-reference source="${xml(u)}"/><media-caption>${xml(u)}</media-caption></media>`).join('')}</body.content></body></nitf>`,
  'newsml-1': (s) => `<?xml version="1.0" encoding="utf-8"?>${s.prolog}<NewsML><NewsEnvelope><DateAndTime>20260101T100000Z</DateAndTime></NewsEnvelope><NewsItem><Identification><NewsIdentifier><ProviderId>example.com</ProviderId><DateId>20260101</DateId><NewsItemId>h1</NewsItemId><RevisionId>1</RevisionId><PublicIdentifier>urn:newsml:example.com:20260101:h1:1</PublicIdentifier></NewsIdentifier></Identification>` +
    `<NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20260101T100000Z</FirstCreated><ThisRevisionCreated>20260101T100000Z</ThisRevisionCreated><Status FormalName="Usable"/></NewsManagement>` +
    `<NewsComponent><NewsLines><HeadLine>${xml(s.text)}</HeadLine><ByLine>${xml(s.text)}</ByLine><DateLine>${xml(s.text)}</DateLine></NewsLines><NewsComponent><ContentItem><MediaType FormalName="Text"/><Format FormalName="XHTML"/><DataContent><html><body><p>Opening words. ${xml(s.text)}</p><p>${xml(s.html)}</p></body></html></DataContent></ContentItem></NewsComponent>` +
    `${s.pictures.map((u) => `<NewsComponent><Role FormalName="Picture"/><ContentItem Href="${xml(u)}"><MediaType FormalName="Photo"/></ContentItem></NewsComponent>`).join('')}</NewsComponent></NewsItem></NewsML>`,
  ninjs: (s) => json({
    uri: 'urn:example:h1', type: 'text', version: '1', versioncreated: DATE, headline: s.text, byline: s.text, body_html: `<p>Opening words.</p>${s.html}`,
    associations: Object.fromEntries(s.pictures.map((u, i) => [`p${i}`, { type: 'picture', uri: `urn:example:p${i}`, description_text: `Caption ${i} ${s.text.slice(0, 50)}`, renditions: { original: { href: u, mimetype: 'image/jpeg' } } }])),
  }),
  'ap-media-api': (s) => json({ api_version: '2', data: { items: [{ item: {
    uri: 'https://api.example-ap.test/media/v/content/h1', altids: { itemid: 'h1' }, version: 0, type: 'text', versioncreated: DATE, headline: s.text, bylines: [{ by: s.text }], body_html: `<p>Opening words.</p>${s.html}`,
    associations: Object.fromEntries(s.pictures.map((u, i) => [`${i + 1}`, { type: 'picture', altids: { itemid: `p${i}` }, headline: s.text.slice(0, 40), renditions: { main: { href: u } } }])),
  } }] } }),
  'dpa-digitalwires': (s) => json({ entries: [{
    format: 'digitalwires@0.9.1', type: 'text', entry_id: 'e1', urn: 'urn:newsml:dpa.com:20090101:260101-99-000001', version_created: DATE, version: 1, pubstatus: 'usable', headline: s.text, byline: s.text, article_html: `<section class="main"><p>Opening words.</p>${s.html}</section>`,
    associations: s.pictures.map((u, i) => ({ type: 'image', urn: `urn:p${i}`, caption: `Caption ${i} ${s.text.slice(0, 50)}`, renditions: [{ url: u, mimetype: 'image/jpeg', width: 10, height: 10 }] })),
  }] }),
  'photo-metadata': (s) => jpegWithMetadata({
    // IIM datasets and the XMP segment hold at most 64 KB each: the text cut by bytes.
    iim: [[2, 5, cut(s.text, 12_000)], [2, 80, cut(s.text, 12_000)], [2, 120, cut(s.text, 30_000)], [2, 110, 'AP']],
    xmp: xmpPacket('', `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(s.html.slice(0, 8_000))}</rdf:li></rdf:Alt></dc:description>`),
  }),
  'wordpress-wxr': (s) => `<?xml version="1.0" encoding="UTF-8"?>${s.prolog}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Site</title><link>https://site.example</link><wp:wxr_version>1.2</wp:wxr_version>` +
    `<item><title>${xml(s.text)}</title><link>https://site.example/p1/</link><pubDate>Thu, 01 Jan 2026 10:00:00 +0000</pubDate><dc:creator>${xml(s.text)}</dc:creator><guid isPermaLink="false">https://site.example/?p=1</guid><content:encoded>${xml(`<p>Opening words.</p>${s.html}${s.pictures.map(IMG).join('')}`)}</content:encoded><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>`,
  ritzau: (s) => `<?xml version="1.0" encoding="UTF-8"?>${s.prolog}<RBNews><NewsID>5e2a9d04-7b1f-4c88-b3e0-6f19a2c7d801</NewsID><PublishDate>2026-01-01T10:00:00</PublishDate><headline>${xml(s.text)}</headline><content>${xml(`<p>Opening words.</p>${s.html}`)}</content><byLine>${xml(s.text)}</byLine><version>1</version></RBNews>`,
  wenn: (s) => `<?xml version="1.0" encoding="utf-8"?>${s.prolog}<feed xmlns="http://www.w3.org/2005/Atom" xmlns:wenn_nm="http://feed.wenn.com/xmlns/2010/03/wenn_nm"><title>WENN</title><id>urn:feed</id><updated>${DATE}</updated>` +
    `<entry><id>urn:feed-wenn-com:a:1</id><updated>${DATE}</updated><title type="text">${xml(s.text)}</title><author><name>${xml(s.text)}</name></author><content type="html">${xml(`<p>Opening words.</p>${s.html}${s.pictures.map(IMG).join('')}`)}</content><wenn_nm:NewsManagement type="feedarticle"><wenn_nm:feedarticle_id>1</wenn_nm:feedarticle_id></wenn_nm:NewsManagement></entry></feed>`,
  'anpa-1312': (s) => `\u0016\u0016\u0001a0001 r f BC-Story ${s.text}   01-01 0100\r\n\u0002   ${s.text} <\r\n^By ${s.text}=\r\n   Opening words ${s.text}. ${s.html}\r\n\u0003`,
  'iptc-7901': (s) => `\u0001eca214 3 i 248 ccccb   dpa 173\r\n\r\nSlug/${s.text}/\r\n\u0002${s.text}\r\nBy ${s.text} =\r\n\r\nOpening words ${s.text}. ${s.html}\r\n\u0003`,
  rss: (s) => `<?xml version="1.0" encoding="UTF-8"?>${s.prolog}<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title><link>https://feed.example/</link>` +
    `<item><title>${xml(s.text)}</title><link>https://feed.example/1</link><guid>https://feed.example/1</guid><pubDate>Thu, 01 Jan 2026 10:00:00 GMT</pubDate><dc:creator>${xml(s.text)}</dc:creator><description><![CDATA[<p>Opening words.</p>${s.html.replace(/]]>/g, '')}]]></description>${s.pictures.map((u) => `<media:content url="${xml(u)}" medium="image"><media:description>${xml(u)}</media:description></media:content>`).join('')}</item></channel></rss>`,
  atom: (s) => `<?xml version="1.0" encoding="UTF-8"?>${s.prolog}<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Feed</title><id>urn:feed</id><updated>${DATE}</updated>` +
    `<entry><id>urn:entry:1</id><title>${xml(s.text)}</title><updated>${DATE}</updated><author><name>${xml(s.text)}</name></author><content type="html">${xml(`<p>Opening words.</p>${s.html}`)}</content>${s.pictures.map((u) => `<link rel="enclosure" type="image/jpeg" href="${xml(u)}"/><media:content url="${xml(u)}" medium="image"/>`).join('')}</entry></feed>`,
  'json-feed': (s) => json({ version: 'https://jsonfeed.org/version/1.1', title: 'Feed', home_page_url: 'https://feed.example/', items: [{ id: '1', url: 'https://feed.example/1', title: s.text, date_published: DATE, authors: [{ name: s.text }], content_html: `<p>Opening words.</p>${s.html}`, image: s.pictures[0], attachments: s.pictures.map((u) => ({ url: u, mime_type: 'image/jpeg', title: s.text.slice(0, 40) })) }] }),
  email: (s) => `From: ${s.text.slice(0, 2000)} <desk@wire.example>\r\nTo: desk@paper.example\r\nSubject: ${s.text}\r\nDate: Thu, 1 Jan 2026 10:00:00 +0000\r\nMessage-ID: <h1@wire.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n<html><body><h1>${xml(s.text)}</h1><p>Opening words.</p>${s.html}${s.pictures.map(IMG).join('')}</body></html>\r\n`,
  html: (s) => `<!doctype html>${s.prolog ? `<!--${s.prolog.replace(/-->/g, '')}-->` : ''}<html><head><title>${xml(s.text)}</title><meta property="og:title" content="${xml(s.text)}"><script type="application/ld+json">${json({ '@type': 'NewsArticle', headline: s.text, author: { name: s.text }, image: s.pictures.slice(0, 50) }).replace(/</g, '\\u003c')}</script></head>` +
    `<body><article><h1>${xml(s.text)}</h1><p class="byline">By ${xml(s.text)}</p><p>Opening words of the story, long enough to be prose for the reader.</p>${s.html}${s.pictures.map(IMG).join('')}</article></body></html>`,
  'text-dump': (s) => `${s.text}\n\nBy ${s.text}\nPublished January 1, 2026\n\nOpening words of the story, long enough to be prose. ${s.text}\n\n${s.html}\n\nShare on Facebook\n`,
};

/** One item of a multi-item document, good or broken, per reader that reads many items. */
const MULTI: Record<string, (n: number) => string> = {
  ninjs: (n) => `[${json({ uri: 'urn:ok', type: 'text', headline: 'Fine', body_text: 'Body.', versioncreated: DATE })}${',\n{"uri":"urn:b","type":"text","headline": ,"body_text":"x"}'.repeat(n)}]`,
  'ap-media-api': (n) => `{"api_version":"2","data":{"items":[{"item":{"uri":"https://a.example/h1","altids":{"itemid":"h1"},"type":"text","headline":"Fine","versioncreated":"${DATE}"}}${',\n{"item":{"uri":"https://a.example/b","type":"text","headline": }}'.repeat(n)}]}}`,
  'dpa-digitalwires': (n) => `{"entries":[{"format":"digitalwires@0.9.1","type":"text","entry_id":"e1","urn":"urn:e1","version_created":"${DATE}","headline":"Fine","article_html":"<p>Body.</p>"}${',\n{"format":"digitalwires@0.9.1","type":"text","entry_id": ,"headline":"x"}'.repeat(n)}]}`,
  'json-feed': (n) => `{"version":"https://jsonfeed.org/version/1.1","title":"Feed","items":[{"id":"1","title":"Fine","content_text":"Body."}${',\n{"id": ,"title":"x"}'.repeat(n)}]}`,
  rss: (n) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>Fine</title><guid>g0</guid><description>Body.</description></item>${'\n<item><title>Broken<guid>g</guid><description>x &bogus; <</description></item>'.repeat(n)}</channel></rss>`,
  atom: (n) => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><id>f</id><updated>${DATE}</updated><entry><id>e0</id><title>Fine</title><updated>${DATE}</updated><content>Body.</content></entry>${'\n<entry><id>e<title>Broken</title><content>x &bogus;</content></entry>'.repeat(n)}</feed>`,
  nitf: (n) => `<nitf><head><title>Fine</title></head><body><body.content><p>Body.</p></body.content></body></nitf>${'\n<nitf><head><title>Broken</head><body><body.content><p>x</body.content></body></nitf>'.repeat(n)}`,
  'newsml-g2': (n) => `<?xml version="1.0"?><newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>${DATE}</sent></header><itemSet><newsItem guid="g0" version="1"><contentMeta><headline>Fine</headline></contentMeta></newsItem>${'\n<newsItem guid="g" version="1"><contentMeta><headline>Broken</contentMeta></newsItem>'.repeat(n)}</itemSet></newsMessage>`,
  'newsml-1': (n) => `<?xml version="1.0"?><NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>Fine</HeadLine></NewsLines></NewsComponent></NewsItem>${'\n<NewsItem><NewsComponent><NewsLines><HeadLine>Broken</NewsLines></NewsComponent></NewsItem>'.repeat(n)}</NewsML>`,
  'wordpress-wxr': (n) => `<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>S</title><wp:wxr_version>1.2</wp:wxr_version><item><title>Fine</title><content:encoded>Body.</content:encoded><wp:post_type>post</wp:post_type></item>${'\n<item><title>Broken<content:encoded>x</content:encoded></item>'.repeat(n)}</channel></rss>`,
  'anpa-1312': (n) => `\u0016\u0016\u0001a0001 r f BC-Fine   01-01 0100\r\n\u0002   Fine <\r\n   Body.\r\n\u0003${'\u0016\u0016\u0001a0002 r f BC-Broken\r\n\u0002   \u0001\u0002\u0003'.repeat(n)}`,
  'iptc-7901': (n) => `\u0001eca214 3 i 248 ccccb   dpa 173\r\n\u0002Fine\r\nBody.\r\n\u0003${'\u0001eca215\u0002\u0003\u0001'.repeat(n)}`,
};

const SAFE: Slots = { text: 'Ferry fares rise on the islands', html: '<p>The harbour board agreed on Thursday.</p>', pictures: ['https://img.example/a.jpg'], prolog: '' };

const nest = (tag: string, n: number): string => `<${tag}>`.repeat(n) + 'deep words' + `</${tag}>`.repeat(n);

/** The shapes, each as slots for the templates. */
function shapes(): Array<{ name: string; slots: Slots }> {
  const out: Array<{ name: string; slots: Slots }> = [];
  for (const ch of [' ', '.', '=', '<', '&', '@', 'a', '\u00a0']) {
    const run = `${ch.repeat(RUN)}x`;
    out.push({ name: `a 100 KB run of ${JSON.stringify(ch)}`, slots: { ...SAFE, text: `By Ana ${run}`, html: `<p>${run.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</p>` } });
  }
  for (const tag of ['b', 'div', 'span', 'p', 'table', 'li', 'a']) out.push({ name: `10,000 nested <${tag}> in the HTML`, slots: { ...SAFE, html: nest(tag, 10_000) } });
  out.push({ name: '10,000 unclosed <div> in the HTML', slots: { ...SAFE, html: '<div>'.repeat(10_000) } });
  out.push({ name: '10,000 pictures', slots: { ...SAFE, pictures: Array.from({ length: 10_000 }, (_, i) => `https://img.example/${i % 3 ? i : 'same'}.jpg?w=${i}`) } });
  out.push({ name: 'a 20 KB prolog', slots: { ...SAFE, prolog: `<!-- ${'generated '.repeat(2000)} -->\n<?pi ${'x'.repeat(5000)}?>\n${' '.repeat(5000)}` } });
  const unsafe = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'java&#9;script:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', '//evil.example/x.jpg', 'http://169.254.169.254/latest/meta-data', 'https://user:pass@host.example/x.jpg', '\u0000javascript:x', ' javascript:x'];
  out.push({ name: 'unsafe URLs', slots: { ...SAFE, html: unsafe.map((u) => `<a href="${xml(u)}">link</a><img src="${xml(u)}">`).join(''), pictures: unsafe } });
  return out;
}

/** ingestBytes with the reader forced: never throws, fails only with coded errors other than INTERNAL, within the bound. */
function check(what: string, bytes: Buffer, format: string | undefined, bound: number): void {
  const t0 = performance.now();
  let r: ReturnType<typeof ingestBytes>;
  try {
    r = ingestBytes(bytes, { path: 'hostile', ...(format ? { format } : {}) });
  } catch (e) {
    assert.fail(`${what}: ingestBytes threw ${String(e)}`);
  }
  const ms = performance.now() - t0;
  // HOSTILE_TIMES=1 prints each run's time (to find what is slow).
  if (process.env.HOSTILE_TIMES) process.stderr.write(`${what}: ${ms.toFixed(0)} ms\n`);
  assert.ok(ms < bound, `${what} took ${ms.toFixed(0)} ms`);
  for (const f of r.failures) {
    assert.ok(f.error instanceof WiredeskError, `${what}: not coded: ${String(f.error)}`);
    assert.notEqual(f.error.code, 'WIREDESK_ERR_INTERNAL', `${what}: ${f.error.describe()}`);
  }
}

const READERS = registry.list().map((f) => f.name);

test('the suite has a template for every reader of the registry', () => {
  assert.deepEqual(READERS.filter((n) => !TEMPLATES[n]), []);
});

test('every reader reads its safe template (the templates are real documents)', () => {
  for (const name of READERS) {
    const r = ingestBytes(TEMPLATES[name]!(SAFE), { path: 'safe', format: name });
    assert.deepEqual(r.failures.map((f) => f.error.describe()), [], name);
    assert.ok(r.articles.length >= 1, name);
  }
});

for (const shape of shapes()) {
  test(`every reader on ${shape.name}: coded errors only, within the bound`, () => {
    for (const name of READERS) {
      const doc = TEMPLATES[name]!(shape.slots);
      const bytes = typeof doc === 'string' ? Buffer.from(doc) : doc;
      check(`${name}, ${shape.name}`, bytes, name, BOUND_MS);
    }
  });
}

test('long prologs: the XML readers are still detected behind them', () => {
  for (const name of ['newsml-g2', 'nitf', 'newsml-1', 'rss', 'atom', 'wenn', 'ritzau', 'wordpress-wxr']) {
    const r = ingestBytes(TEMPLATES[name]!({ ...SAFE, prolog: `<!-- ${'x'.repeat(20_000)} -->\n` }), { path: 'prolog' });
    assert.equal(r.format, name);
    assert.ok(r.articles.length >= 1, name);
  }
});

test('20,000 broken items: each multi-item reader fails them with codes, keeps the good one, within the bound', () => {
  for (const [name, make] of Object.entries(MULTI)) {
    const bytes = Buffer.from(make(20_000));
    check(`${name}, 20,000 broken items`, bytes, name, BIG_BOUND_MS);
    // Detection first (the sniff's JSON.parse of the whole text, its XML root) on two of them.
    if (name === 'ninjs' || name === 'rss') check(`${name}, 20,000 broken items (detected)`, bytes, undefined, BIG_BOUND_MS);
  }
});

test('fast-check: no generated input of these shapes makes a reader exceed the bound or fail uncoded', () => {
  const slotsArb: fc.Arbitrary<Slots> = fc.record({
    run: fc.tuple(fc.constantFrom(' ', '.', '=', '-', '|', ',', '<', '>', '&', '@', '_', '*', '/', '"', '\'', '\\', '\n', '\t', 'a', '1', 'é', '\u00a0', '\u200b', '#', ';', ':'), fc.integer({ min: 0, max: 30_000 })),
    tag: fc.constantFrom('b', 'div', 'p', 'span', 'table', 'tr', 'li', 'ul', 'a', 'figure', 'blockquote', 'x-y', 'svg', 'script'),
    depth: fc.integer({ min: 0, max: 3000 }),
    pictures: fc.integer({ min: 0, max: 2000 }),
    url: fc.constantFrom('https://img.example/a.jpg', 'javascript:alert(1)', 'file:///etc/passwd', 'data:image/png;base64,AAAA', '', ' ', 'http://[::1]/x', '%zz', 'https://img.example/' + 'a'.repeat(3000)),
    prolog: fc.constantFrom('', '<!-- c -->', ' '.repeat(10_000), `<!DOCTYPE x [<!ENTITY e "${'y'.repeat(5000)}">]>`, '<?pi a?>'.repeat(1000)),
    extra: fc.string({ maxLength: 200 }),
  }).map(({ run, tag, depth, pictures, url, prolog, extra }) => ({
    text: `By Ana ${run[0].repeat(run[1])}x ${extra}`,
    html: `${nest(tag, depth)}${extra}`,
    pictures: Array.from({ length: pictures }, (_, i) => (i % 2 ? `${url}${i}` : url)),
    prolog,
  }));
  fc.assert(fc.property(fc.constantFrom(...READERS), slotsArb, fc.boolean(), (name, slots, detect) => {
    const doc = TEMPLATES[name]!(slots);
    check(`${name} (fast-check)`, typeof doc === 'string' ? Buffer.from(doc) : doc, detect ? undefined : name, BOUND_MS);
  }), { numRuns: 60 });
});

// Found by this suite: two patterns that tried every start of a long run of spaces (3 s for 100 KB).
// Their one-pass replacements give what the patterns gave.

test('WXR line breaks in one pass give what the lookbehind pattern gave (fast-check)', () => {
  const reference = (c: string): string => c.replace(/(?<!<br\s*\/?>)\s*\n\s*/g, '<br>\n');
  const textArb = fc.array(fc.constantFrom('a', ' ', '\n', '\t', '<br>', '<br/>', '<br />', '<br \n/>', '>', '/', '\u00a0', '\r', '<b', 'r>'), { maxLength: 30 }).map((a) => a.join(''));
  fc.assert(fc.property(textArb, (c) => lineBreaks(c) === reference(c)), { numRuns: 3000 });
});

test('ANPA header marks read without the lazy pattern give what it gave (fast-check)', () => {
  const reference = (l: string): string[] | null => {
    const m = /^\^(.*?)\s*([<=])$/.exec(l);
    return m ? [m[0], m[1]!, m[2]!] : null;
  };
  const lineArb = fc.array(fc.constantFrom('^', 'a', ' ', '<', '=', '\t', '\u00a0', '\r', '\u2028', 'By'), { maxLength: 12 }).map((a) => a.join(''));
  fc.assert(fc.property(lineArb, (l) => JSON.stringify(headerMark(l)) === JSON.stringify(reference(l))), { numRuns: 3000 });
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { html, parseHtmlPage } from '../../src/formats/html.js';
import { loadPage } from '../../src/html/page.js';
import { articleNode, cleanTitle, datesOf, headlineOf } from '../../src/html/metadata.js';
import { pageBylines, trimBylineText } from '../../src/html/page-bylines.js';
import { parseByline } from '../../src/extract/bylines.js';
import { finishCaption, pagePictures } from '../../src/html/pictures.js';
import { splitTrailingCredit } from '../../src/extract/captions.js';
import { storyScope } from '../../src/html/story-scope.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { fetchUrl } from '../../src/sources/http-fetch.js';
import type { Article } from '../../src/model/article.generated.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

// Pages are invented here; each test states the markup pattern it stands for.

const page = (head: string, body: string, lang = 'en'): string =>
  `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

const STORY = '<p>The council voted on Monday to close the old bridge to lorries after engineers found cracks in two of its piers, officials said.</p>' +
  '<p>Repairs are expected to take at least six months and will cost an estimated 2.4 million pounds, the council said in a statement.</p>';

function ingestHtml(text: string, baseUrl: string | null = null): Article {
  const result = ingestItem({ bytes: Buffer.from(text, 'utf8'), path: 'page.html', contentType: 'text/html; charset=utf-8', baseUrl });
  assert.deepEqual(result.failures.map((f) => f.error.message), []);
  assert.equal(result.articles.length, 1);
  return result.articles[0]!;
}

test('detect: HTML pages are this module\'s, XML and text are not', () => {
  assert.ok(html.detect(sniff(Buffer.from(page('<meta property="og:title" content="x">', STORY)))) >= 0.9);
  assert.ok(html.detect(sniff(Buffer.from('<html><body><p>Hello there</p></body></html>'))) > 0.5);
  assert.equal(html.detect(sniff(Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel/></rss>'))), 0);
  assert.equal(html.detect(sniff(Buffer.from('Just a line of text\nand another'))), 0);
});

test('JSON-LD: @graph, arrays, @id references and broken JSON are all read', () => {
  const p = loadPage(page(
    '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Person","@id":"#p1","name":"Ana Ruiz"},' +
    '{"@type":["ReportageNewsArticle"],"headline":"Bridge closed","author":{"@id":"#p1"},"datePublished":"2024-05-02T08:00:00+02:00"}]}</script>' +
    '<script type="application/ld+json">{"@type":"BreadcrumbList",}</script>' +
    '<script type="application/ld+json">[{"@type":"WebSite","name":"Example"}]</script>',
    STORY,
  ));
  assert.equal(p.jsonLd.length, 5);
  const article = articleNode(p);
  assert.equal(article?.headline, 'Bridge closed');
  const by = pageBylines(p, article, storyScope(p));
  assert.deepEqual(by.bylines.map((b) => b.name), ['Ana Ruiz']);
  assert.equal(by.from, 'json-ld author');
});

test('headline: JSON-LD first; of a differing name and headline, the one the <title> repeats; dc:title before og:title', () => {
  const both = loadPage(page('<title>Trains cancelled as storm hits coast - Example News</title><script type="application/ld+json">' +
    '{"@type":"NewsArticle","name":"Example News","headline":"Trains cancelled as storm hits coast"}</script>', STORY));
  assert.deepEqual(headlineOf(both, articleNode(both)), { value: 'Trains cancelled as storm hits coast', from: 'json-ld' });
  const suffixed = loadPage(page('<script type="application/ld+json">{"@type":"NewsArticle","name":"Storm hits coast | Example News","headline":"Storm hits coast"}</script>', STORY));
  assert.equal(headlineOf(suffixed, articleNode(suffixed))?.value, 'Storm hits coast');
  const dc = loadPage(page('<meta property="x:title dc:title" content="Preferred"><meta property="og:title twitter:title" content="Social">', STORY));
  assert.deepEqual(headlineOf(dc, null), { value: 'Preferred', from: 'meta dc:title' });
  const bare = loadPage(page('<title>Storm closes schools across the region | Example News</title>', STORY));
  assert.equal(headlineOf(bare, null)?.value, 'Storm closes schools across the region');
  assert.equal(cleanTitle(bare, 'Storm closes schools across the region | Example News'), 'Storm closes schools across the region');
});

test('a story container flagged "comments-enabled" is no comment thread; a caption repeating the headline is dropped', () => {
  const story = parseHtmlPage(page('<meta property="og:title" content="Bridge closed to lorries">',
    `<div id="article" class="story comments-enabled"><h1>Bridge closed to lorries</h1>${STORY}` +
    '<figure><img src="https://img.example/bridge.jpg" width="800" height="600"><figcaption>Bridge closed to lorries</figcaption></figure>' +
    '<figure><img src="https://img.example/pier.jpg" width="800" height="600"><figcaption>A cracked pier below the bridge deck.</figcaption></figure></div>'));
  assert.deepEqual(story.pictures?.map((p) => p.caption), [null, 'A cracked pier below the bridge deck.']);
});

test('dates: a source stating a zone wins over one without', () => {
  const p = loadPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","datePublished":"2023-04-28T13:53:25"}</script>' +
    '<meta name="cXenseParse:publishtime" content="2023-04-28T13:53:25Z"><meta property="article:modified_time" content="2023-04-28T15:00:00+01:00">', STORY));
  const { published, modified } = datesOf(p, articleNode(p));
  assert.deepEqual(published, { value: '2023-04-28T13:53:25Z', from: 'meta cxenseparse:publishtime' });
  assert.equal(modified?.from, 'meta article:modified_time');
});

test('dates: a date and time stated without a zone anywhere gives its calendar date, not nothing', () => {
  const p = loadPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","datePublished":"2024-06-05T10:32:00","dateModified":"2024-06-06 08:01:00"}</script>', STORY));
  const { published, modified } = datesOf(p, articleNode(p));
  assert.deepEqual(published, { value: '2024-06-05', from: 'json-ld datePublished (no zone: its date)' });
  assert.equal(modified?.value, '2024-06-06');
  assert.equal(ingestHtml(page('<meta property="article:published_time" content="2024-06-05T23:50">', STORY)).firstCreated, '2024-06-05');
});

test('dates: a modification time without a zone on the publication instant\'s day leaves the version at that instant; a later day is the version\'s date', () => {
  const same = ingestHtml(page('<meta property="article:published_time" content="2019-11-18T17:01:27Z"><meta property="article:modified_time" content="2019-11-18T17:30:00">', STORY));
  assert.equal(same.versionCreated, '2019-11-18T17:01:27Z');
  const later = ingestHtml(page('<meta property="article:published_time" content="2019-11-18T17:01:27Z"><meta property="article:modified_time" content="2019-11-20T09:00:00">', STORY));
  assert.equal(later.versionCreated, '2019-11-20');
});

test('dates: a time to the minute gives way to another source stating the same minute to the second', () => {
  const p = loadPage(page('<meta name="pubdate" content="Sep 30, 2014 10:34 AM ET"><meta itemprop="datePublished" content="2014-09-30T10:34:55-04:00">', STORY));
  assert.deepEqual(datesOf(p, articleNode(p)).published, { value: '2014-09-30T10:34:55-04:00', from: 'microdata datePublished' });
  // Another minute is another date: the first source's stands.
  const q = loadPage(page('<meta name="pubdate" content="Sep 30, 2014 10:34 AM ET"><meta itemprop="datePublished" content="2014-09-30T11:02:55-04:00">', STORY));
  assert.equal(datesOf(q, articleNode(q)).published?.from, 'meta pubdate');
});

test('bylines: organisations are no bylines but name the source; a citation-style name is one name, as printed', () => {
  const p = loadPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":[{"@type":"Organization","name":"Reuters"}]}</script>' +
    '<meta name="DC.creator" content="Jong, Michiel de">', STORY));
  const by = pageBylines(p, articleNode(p), storyScope(p));
  assert.deepEqual(by.organisations, ['Reuters']);
  assert.deepEqual(by.bylines.map((b) => b.name), ['Jong, Michiel de']);
  const story = parseHtmlPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":{"@type":"Organization","name":"Associated Press"}}</script>', `<article>${STORY}</article>`));
  assert.equal(story.source, 'AP');
  // Sites type an agency as a Person too; JSON-LD sourceOrganization states the writer outright.
  const typedPerson = parseHtmlPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":[{"@type":"Person","name":"Adam Vidler"},{"@type":"Person","name":"AP"}]}</script>', `<article>${STORY}</article>`));
  assert.deepEqual([typedPerson.source, typedPerson.bylines?.map((b) => b.name)], ['AP', ['Adam Vidler']]);
  const declared = parseHtmlPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","sourceOrganization":{"@type":"NewsMediaOrganization","name":"AFP"}}</script>', `<article>${STORY}</article>`));
  assert.equal(declared.source, 'AFP');
});

test('bylines from the page: the story\'s own, in document order, not the teasers\' or the comments\'', () => {
  const p = loadPage(page('', '<main><article><h1>Bridge closed</h1>' +
    '<div class="article-byline">By <a rel="author" href="/a/ana">Ana Ruiz</a> and <a rel="author" href="/a/tom">Tom Hale</a> | Published 2 May 2024</div>' +
    `${STORY}<section class="related-stories"><article class="card"><span class="byline">By Other Writer</span></article></section>` +
    '<ol class="comment-list"><li class="comment"><cite class="author">John Doe</cite></li></ol></article></main>'));
  const by = pageBylines(p, null, storyScope(p));
  assert.deepEqual(by.bylines.map((b) => b.raw), ['Ana Ruiz', 'Tom Hale']);
  assert.equal(trimBylineText('By Ana Ruiz | Published 2 May 2024, 10:15'), 'By Ana Ruiz');
  assert.equal(trimBylineText('By GILLIAN MOHNEY March 11, 2015 3:46 PM'), 'By GILLIAN MOHNEY');
  const a = ingestHtml(page('', `<article><h1>Bridge closed</h1><p class="byline">Par Claire Dubois (avec Hugo Marchetti)</p>${STORY}</article>`, 'fr'));
  assert.deepEqual(a.bylines.map((b) => b.name), ['Claire Dubois', 'Hugo Marchetti']);
});

test('pictures: srcset widths, lazy data-* URLs, credit elements, decorative images left out', () => {
  const p = loadPage(page('', '<article><h1>x</h1>' +
    '<img src="/static/logo.png" class="site-logo" alt="Example News">' +
    '<figure><picture><source srcset="https://img.example/a-1200.jpg 1200w, https://img.example/a-600.jpg 600w">' +
    '<img src="https://img.example/a-600.jpg" width="600" height="400" alt="Bridge"></picture>' +
    '<figcaption><span class="caption-text">The old bridge seen from the river bank on Monday.</span> <span class="credit">Photo: Jane Roe/Example Agency</span></figcaption></figure>' +
    `${STORY}<figure><img data-flickity-lazyload-srcset="https://img.example/b-480.jpg 480w, https://img.example/b-960.jpg 960w" src="data:image/gif;base64,R0lGOD" width="960" height="640" alt="">` +
    '<figcaption>Engineers inspect a pier. (Christie\'s)</figcaption></figure>' +
    '<img src="https://img.example/pixel.gif" width="1" height="1" alt=""></article>'), 'https://news.example/story');
  const pics = pagePictures(p, storyScope(p), null);
  assert.equal(pics.length, 2);
  assert.equal(pics[0]!.caption, 'The old bridge seen from the river bank on Monday.');
  assert.equal(pics[0]!.creditRaw, 'Jane Roe/Example Agency');
  assert.deepEqual(pics[0]!.renditions!.map((r) => [r.href, r.width]), [
    ['https://img.example/a-600.jpg', 600], ['https://img.example/a-1200.jpg', 1200],
  ]);
  assert.equal(pics[1]!.caption, 'Engineers inspect a pier.');
  assert.equal(pics[1]!.creditRaw, 'Christie\'s');
  assert.deepEqual(pics[1]!.renditions!.map((r) => r.width), [480, 960]);
});

test('pictures: a caption box without markup, an "(Image: X)" caption, a caption that is only a credit', () => {
  const p = loadPage(page('', '<article><h1>x</h1>' +
    '<div class="w"><span><img src="https://img.example/c.jpg" width="800" height="600"></span><p>Pictured from left, the new mayor and her deputy at the town hall.</p><p>Image: Sam Cole</p></div>' +
    `${STORY}<div class="box"><p><img src="https://img.example/d.jpg" width="800" height="600" alt="d"></p><span class="newsCaption">Crowds gather in the square <span class="caption">(Image: Getty)</span></span></div>` +
    '<div class="teaser"><a href="/other"><img src="https://img.example/e.jpg" width="300" height="200"><span>Another story about something else entirely</span></a></div></article>'));
  const pics = pagePictures(p, storyScope(p), null);
  // The teaser's picture (a linked title) is another story's.
  assert.deepEqual(pics.map((x) => [x.caption, x.creditRaw]), [
    ['Pictured from left, the new mayor and her deputy at the town hall.', 'Sam Cole'],
    ['Crowds gather in the square', 'Getty'],
  ]);
  assert.deepEqual(finishCaption('Picture: iStock', null), { caption: null, credit: 'iStock' });
  assert.deepEqual(splitTrailingCredit('A file photograph shows the minister on Tuesday. — Picture by Yusof Rahman'),
    { caption: 'A file photograph shows the minister on Tuesday.', credit: 'Picture by Yusof Rahman' });
  assert.deepEqual(splitTrailingCredit('Trump had pledged a crackdown AP Photo/Edgar H. Clemente'),
    { caption: 'Trump had pledged a crackdown', credit: 'AP Photo/Edgar H. Clemente' });
  // Credits the credits engine knows are left for it.
  assert.equal(splitTrailingCredit('Harris speaks in Detroit. (AP Photo/Jacquelyn Martin)').credit, null);
});

test('a repeated caption is one picture; the AP credit is split and parsed; JSON-LD ImageObject merges with its figure', () => {
  const a = ingestHtml(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Flood waters recede","image":{"@type":"ImageObject",' +
    '"url":"https://img.example/flood.jpg?w=1200","caption":"A man shovels mud in Bellmont, Iowa, Tuesday, June 11, 2024.","creditText":"AP Photo/Dana Kessler"}}</script>',
  '<article><h1>Flood waters recede</h1><figure><img src="https://img.example/flood.jpg?w=600" width="600" height="400">' +
    '<figcaption>A man shovels mud in Bellmont, Iowa, Tuesday, June 11, 2024. (AP Photo/Dana Kessler)</figcaption></figure>' +
    `${STORY}<figure><img src="https://img.example/flood-2.jpg" width="600" height="400"><figcaption>A man shovels mud in Bellmont, Iowa, Tuesday, June 11, 2024. (AP Photo/Dana Kessler)</figcaption></figure></article>`));
  assert.equal(a.pictures.length, 1);
  const pic = a.pictures[0]!;
  assert.equal(pic.caption, 'A man shovels mud in Bellmont, Iowa, Tuesday, June 11, 2024.');
  assert.equal(pic.credit.photographer, 'Dana Kessler');
  assert.deepEqual(pic.credit.agencies, ['AP']);
  assert.deepEqual(pic.renditions.map((r) => r.href).sort(), ['https://img.example/flood-2.jpg', 'https://img.example/flood.jpg?w=1200', 'https://img.example/flood.jpg?w=600']);
});

test('the whole page: a Reuters story on a partner site is Reuters, with its trailer credits and dateline', () => {
  const a = ingestHtml(page('<meta property="og:title" content="Dockworkers strike">' +
    '<meta property="article:published_time" content="2025-03-14T09:12:00+00:00"><meta property="og:site_name" content="Northgate Courier">',
  '<nav><a href="/">Home</a></nav><article><h1>Dockworkers strike</h1><p class="byline">By Marta Lindqvist</p>' +
    '<p>ROTTERDAM, March 14 (Reuters) - Dockworkers at Europe\'s largest port walked off the job on Friday in protest at plans to automate two more terminals.</p>' +
    '<p>The union said about 4,000 members had joined the 48-hour stoppage, the first full strike at the port in more than a decade.</p>' +
    '<p>(Reporting by Marta Lindqvist; Editing by Susan Fenwick)</p></article><footer>© 2025 Northgate Courier</footer>'));
  assert.equal(a.headline, 'Dockworkers strike');
  assert.equal(a.source, 'Reuters');
  assert.equal(a.provider, 'Northgate Courier');
  assert.equal(a.dateline?.city, 'Rotterdam');
  assert.equal(a.firstCreated, '2025-03-14T09:12:00Z');
  assert.deepEqual(a.bylines.map((b) => `${b.name}/${b.role}`), ['Marta Lindqvist/author', 'Marta Lindqvist/reporting', 'Susan Fenwick/editing']);
  assert.ok(!/Reporting by|Home|Northgate/.test(a.body.text));
  assert.ok(a.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_HTML_FIELD_SOURCES' && /headline: meta og:title/.test(w.message)));
});

// Fetching: the page's charset from the transport, or from its <meta> when the transport says none.
let server: Server;
let base: string;
const LATIN = page('<meta charset="windows-1252"><title>Stra\u00dfe gesperrt</title>', '<article><h1>Stra\u00dfe gesperrt</h1><p>Die Br\u00fccke \u00fcber die Saale bleibt wegen Rissen in zwei Pfeilern bis zum Fr\u00fchjahr f\u00fcr Lastwagen gesperrt, teilte die Stadt mit.</p>' +
  '<figure><img src="/img/bruecke.jpg" width="800" height="600"><figcaption>Die gesperrte Br\u00fccke am Montag.</figcaption></figure></article>', 'de')
  .replace('<meta charset="utf-8">', '');

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/meta-charset') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(iconv.encode(LATIN, 'windows-1252'));
    } else if (req.url === '/header-charset') {
      res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
      res.end(iconv.encode(LATIN.replace('<meta charset="windows-1252">', ''), 'latin1'));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

for (const route of ['/meta-charset', '/header-charset']) {
  test(`a fetched page is decoded in its charset and its links resolve against its URL (${route})`, async () => {
    const res = await fetchUrl(`${base}${route}`);
    const result = ingestItem({ bytes: res.bytes, path: res.url, contentType: res.contentType, baseUrl: res.url });
    assert.equal(result.failures.length, 0);
    const a = result.articles[0]!;
    assert.equal(a.provenance.format, 'html');
    assert.equal(a.headline, 'Stra\u00dfe gesperrt');
    assert.match(a.body.text, /Die Br\u00fccke \u00fcber die Saale/);
    assert.equal(a.pictures[0]?.caption, 'Die gesperrte Br\u00fccke am Montag.');
    assert.equal(a.pictures[0]?.renditions[0]?.href, `${base}/img/bruecke.jpg`);
  });
}

test('headline: a live blog is named by its og:title, not its rolling JSON-LD headline', () => {
  const p = loadPage(page('<meta property="og:title" content="Storm closes coast road as floods rise | Example News"><meta property="og:site_name" content="Example News">' +
    '<script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Storm LIVE: road shut as rivers burst banks"}</script>', STORY));
  assert.deepEqual(headlineOf(p, articleNode(p)), { value: 'Storm closes coast road as floods rise', from: 'meta og:title (live blog)' });
});

test('bylines: an author-archive link ("More Ana Ruiz.") repeats the byline, it adds nobody', () => {
  const p = loadPage(page('', `<article><h1>Bridge closed</h1><div class="meta"><span class="byline"><a rel="author" href="/w/ana">Ana Ruiz</a></span></div>${STORY}` +
    '<div class="meta"><a class="byline" href="/w/ana">More Ana Ruiz.</a></div></article>'));
  assert.deepEqual(pageBylines(p, null, storyScope(p)).bylines.map((b) => b.raw), ['Ana Ruiz']);
});

test('pictures: a story body named "teaser" is the story; a credit run on inside the caption element is split off', () => {
  const long = STORY.repeat(3);
  const p = loadPage(page('', `<article><h1>x</h1><div class="article__teaser">${long}<figure><picture><img src="https://img.example/f.jpg" alt="f"></img>` +
    '<figcaption><p class="figure__caption"><span>Workers carry panels across the site.</span><span>Credit: Lee Park/Example Agency</span></p></figcaption></picture></figure></div></article>'));
  const pics = pagePictures(p, storyScope(p), null);
  assert.deepEqual(pics.map((x) => [x.caption, x.creditRaw]), [['Workers carry panels across the site.', 'Lee Park/Example Agency']]);
  assert.deepEqual(splitTrailingCredit('Guests arrive at the renovated lobby. Supplied'), { caption: 'Guests arrive at the renovated lobby.', credit: 'Supplied' });
});

test('main text: an advertising label in a language with accents ("Publicité") is furniture', () => {
  const a = ingestHtml(page('', `<article><h1>Le pont fermé</h1>${STORY}<p class="pub">Publicité</p><p>Les travaux dureront six mois au moins, selon la mairie.</p></article>`, 'fr'));
  assert.ok(!/Publicité/.test(a.body?.text ?? ''), a.body?.text);
});

test('headline: of a differing JSON-LD headline and name, the one an <h1> prints; a name that is the site or an identifier is none', () => {
  const ld = (o: object): string => `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', ...o })}</script>`;
  const printed = loadPage(page('<title>Ferry service cut to two sailings a day - Harbour Post</title>' +
    ld({ headline: 'Islanders lose evening ferry as operator trims timetable', name: 'Ferry service cut to two sailings a day - Harbour Post' }),
  `<article><h1>Islanders lose evening ferry as operator trims timetable</h1>${STORY}</article>`));
  assert.equal(headlineOf(printed, articleNode(printed))?.value, 'Islanders lose evening ferry as operator trims timetable');
  const site = loadPage(page('<meta property="og:site_name" content="Harbour Post"><title>Ferry timetable: what changes on Monday</title>' +
    ld({ headline: 'Evening ferry withdrawn', name: 'Harbour Post' }), STORY));
  assert.equal(headlineOf(site, articleNode(site))?.value, 'Evening ferry withdrawn');
  const id = loadPage(page('<title>Something else entirely</title>' + ld({ headline: 'Evening ferry withdrawn', name: 'a-5f3e2c1d-0b7a' }), STORY));
  assert.equal(headlineOf(id, articleNode(id))?.value, 'Evening ferry withdrawn');
});

test('headline: JSON-LD before og:title when they differ (no host decides otherwise)', () => {
  const p = loadPage(page('<meta property="og:title" content="Two years late: the terminal Port Elwen still waits for">' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry terminal opening delayed to 2026 over steel shortage"}</script>', STORY));
  assert.deepEqual(headlineOf(p, articleNode(p)), { value: 'Ferry terminal opening delayed to 2026 over steel shortage', from: 'json-ld' });
});

test('headline: an appended section or site name goes when the <h1> prints the headline without it and another source agrees, or, in JSON-LD, when the tail is the site name', () => {
  const ld = loadPage(page('<meta property="og:title" content="Striker back after injury: coach asks for patience">' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Striker back after injury: coach asks for patience | Sport"}</script>',
  `<article><h1>Striker back after injury: coach asks for patience</h1>${STORY}</article>`));
  assert.deepEqual(headlineOf(ld, articleNode(ld)), { value: 'Striker back after injury: coach asks for patience', from: 'json-ld' });
  const og = loadPage(page('<meta property="og:title" content="Ceasefire talks: aims, chances, risks | Worldwide | 28.04.2023">' +
    '<meta name="twitter:title" content="Ceasefire talks: aims, chances, risks">', `<h1>Ceasefire talks: aims, chances, risks</h1>${STORY}`));
  assert.deepEqual(headlineOf(og, null), { value: 'Ceasefire talks: aims, chances, risks', from: 'meta og:title' });
  // JSON-LD's headline is the article's alone: the site's name after it goes (named by og:site_name,
  // or by the <title>'s last part), but only when the <h1> prints what is left.
  const site = loadPage(page('<title>Battery maker ships first cells - Example Tech</title>' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Battery maker ships first cells - Example Tech"}</script>', `<h1>Battery maker ships first cells</h1>${STORY}`));
  assert.equal(headlineOf(site, articleNode(site))?.value, 'Battery maker ships first cells');
  const named = loadPage(page('<meta property="og:site_name" content="Harbour Post">' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry fares rise - Harbour Post"}</script>', `<h1>Ferry fares rise</h1>${STORY}`));
  assert.equal(headlineOf(named, articleNode(named))?.value, 'Ferry fares rise');
  const unprinted = loadPage(page('<meta property="og:site_name" content="Harbour Post">' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry fares rise - Harbour Post"}</script>', STORY));
  assert.equal(headlineOf(unprinted, articleNode(unprinted))?.value, 'Ferry fares rise - Harbour Post');
  // og:title is the title as shared, where sites add their name on purpose: the <h1> alone is no
  // agreement, and the source's value is kept as stated.
  const alone = loadPage(page('<meta property="og:title" content="Ceasefire talks: aims, chances, risks - Example Blog"><meta property="og:site_name" content="Example Blog">', `<h1>Ceasefire talks: aims, chances, risks</h1>${STORY}`));
  assert.equal(headlineOf(alone, null)?.value, 'Ceasefire talks: aims, chances, risks - Example Blog');
});

test('headline: hAtom\'s entry title when no metadata states one, before a <title> that names only the site', () => {
  const p = loadPage(page('<title>News from the Harbour Post</title>', `<div class="hentry"><span class="headline entry-title">Ferry cut for winter</span>${STORY}</div>`));
  assert.deepEqual(headlineOf(p, null), { value: 'Ferry cut for winter', from: 'hatom entry-title' });
  // A stated title still comes first.
  const stated = loadPage(page('<meta property="og:title" content="Winter ferry timetable cut">', `<div class="hentry"><span class="entry-title">Ferry cut for winter</span>${STORY}</div>`));
  assert.equal(headlineOf(stated, null)?.value, 'Winter ferry timetable cut');
});

test('dates: the microformats\' published and updated classes (hAtom\'s title attribute, h-entry\'s datetime); a <time> whose datetime is unreadable gives the date it prints', () => {
  const hatom = loadPage(page('', `<article class="hentry"><h1>Ferry cut</h1><abbr class="published" title="2016-06-13T1603Z">June 13</abbr>` +
    `<span class="updated" title="2016-06-13T18:20Z">Updated</span>${STORY}</article>`));
  assert.deepEqual([datesOf(hatom, null).published?.value, datesOf(hatom, null).modified?.value], ['2016-06-13T1603Z', '2016-06-13T18:20Z']);
  const hentry = loadPage(page('', `<article class="h-entry"><h1>Ferry cut</h1><time class="dt-updated" datetime="2024-05-02T10:00:00Z">May 2</time>${STORY}</article>`));
  assert.equal(datesOf(hentry, null).modified?.value, '2024-05-02T10:00:00Z');
  const broken = loadPage(page('', `<article><h1>Ferry cut</h1><time datetime="2014-00-29T11:12:28Z" pubdate>Monday, Dec. 29 2014, 6:00 AM EST</time>${STORY}</article>`));
  assert.deepEqual(datesOf(broken, null).published, { value: 'Monday, Dec. 29 2014, 6:00 AM EST', from: 'time element text' });
});

test('dates: a page whose metadata states no date gives the date it prints by its headline', () => {
  const a = ingestHtml(page('', `<article><h1>Ferry cut</h1><p class="meta">Published June 5, 2024 10:32 AM EDT</p>${STORY}</article>`));
  assert.equal(a.firstCreated, '2024-06-05T10:32:00-04:00');
  assert.ok(a.provenance.warnings.some((w) => /firstCreated: printed date line/.test(w.message)));
  // A date in the metadata wins over a printed one.
  const b = ingestHtml(page('<meta property="article:published_time" content="2024-06-04T08:00:00Z">', `<article><h1>Ferry cut</h1><p>Published June 5, 2024 10:32 AM EDT</p>${STORY}</article>`));
  assert.equal(b.firstCreated, '2024-06-04T08:00:00Z');
});

test('dates: metadata giving the day alone (no zone, or no time) gives way to the printed line of that day stating its time and zone', () => {
  const noZone = ingestHtml(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry cut","datePublished":"2024-06-05T10:32:00"}</script>',
    `<article><h1>Ferry cut</h1><p class="meta">Published 10:32 AM EDT, June 5, 2024</p>${STORY}</article>`));
  assert.equal(noZone.firstCreated, '2024-06-05T10:32:00-04:00');
  const day = ingestHtml(page('<meta name="dc.date" content="2024-06-05">', `<article><h1>Ferry cut</h1><p class="meta">5 June 2024 10:32 BST</p>${STORY}</article>`));
  assert.equal(day.firstCreated, '2024-06-05T10:32:00+01:00');
  // Another day printed is another date: the metadata's stands.
  const other = ingestHtml(page('<meta name="dc.date" content="2024-06-05">', `<article><h1>Ferry cut</h1><p class="meta">6 June 2024 10:32 BST</p>${STORY}</article>`));
  assert.equal(other.firstCreated, '2024-06-05');
});

test('headline: og:title loses a slogan or section trail the <title> ends with too when an <h1> prints the headline without it; the declared site name stays', () => {
  const head = (og: string): string => `<meta property="og:site_name" content="Harbour Post"><meta property="og:title" content="${og}"><title>${og}</title>`;
  const slogan = loadPage(page(head('Ferry cut for winter | Watch News Videos Online'), `<h1>Ferry cut for winter</h1>${STORY}`));
  assert.equal(headlineOf(slogan, null)?.value, 'Ferry cut for winter');
  const trail = loadPage(page(head('Ferry cut for winter » Local » News'), `<h1>Ferry cut for winter</h1>${STORY}`));
  assert.equal(headlineOf(trail, null)?.value, 'Ferry cut for winter');
  // The site's declared name is kept, as Readability keeps og:title; so is a tail no <h1> leaves out.
  const site = loadPage(page(head('Ferry cut for winter | Harbour Post'), `<h1>Ferry cut for winter</h1>${STORY}`));
  assert.equal(headlineOf(site, null)?.value, 'Ferry cut for winter | Harbour Post');
  const unprinted = loadPage(page(head('Ferry cut for winter | Watch News Videos Online'), STORY));
  assert.equal(headlineOf(unprinted, null)?.value, 'Ferry cut for winter | Watch News Videos Online');
});

test('Parse.ly\'s "parsely-page" JSON tag gives the date, the authors (one string or a list) and the section; fields of another type are left out, never a failure', () => {
  const tag = (json: string): string => `<meta name="parsely-page" content='${json}'>`;
  const a = ingestHtml(page(`<title>Bridge closed to lorries</title>${tag('{"title": "Bridge closed to lorries", "pub_date": "2024-06-05T09:12:40+0000", "section": "Local", "author": "Ana Ruiz"}')}`, `<article>${STORY}</article>`));
  assert.deepEqual([a.firstCreated, a.bylines.map((b) => b.name), a.subjects.map((x) => x.name)], ['2024-06-05T09:12:40Z', ['Ana Ruiz'], ['Local']]);
  const b = ingestHtml(page(`<title>Bridge closed to lorries</title>${tag('{"pub_date": 20240605, "author": [7, "Tom Hale"], "section": {"x": 1}}')}`, `<article>${STORY}</article>`));
  assert.deepEqual([b.firstCreated, b.bylines.map((x) => x.name), b.subjects], [null, ['Tom Hale'], []]);
  const c = ingestHtml(page(`<title>Bridge closed to lorries</title>${tag('["not", "an", "object"]')}`, `<article>${STORY}</article>`));
  assert.deepEqual(c.bylines, []);
  // Its title is a stated title as og:title and twitter:title are: with the <h1> it agrees on, the site's name after og:title goes.
  const og = '<meta property="og:site_name" content="Harbour Post"><meta property="og:title" content="Bridge closed to lorries | Harbour Post">';
  const titled = ingestHtml(page(`${og}${tag('{"title": "Bridge closed to lorries"}')}`, `<article><h1>Bridge closed to lorries</h1>${STORY}</article>`));
  assert.equal(titled.headline, 'Bridge closed to lorries');
  assert.equal(ingestHtml(page(og, `<article><h1>Bridge closed to lorries</h1>${STORY}</article>`)).headline, 'Bridge closed to lorries | Harbour Post');
});

test('dateline: an hNews "dateline" element before the first paragraph is the story\'s dateline; a date stamp or a section under that class is not', () => {
  const story = (dateline: string): Article => ingestHtml(page('<meta property="og:title" content="Bridge closed to lorries">',
    `<article><h1>Bridge closed to lorries</h1><div class="story-text">${dateline}${STORY}</div></article>`));
  assert.deepEqual(story('<span class="dateline">AUBURN, Wash. —&nbsp;</span>').dateline, { raw: 'AUBURN, Wash. —', city: 'Auburn', country: null, date: null, agency: null });
  assert.equal(story('<p class="dateline">PORTLAND, Maine</p>').dateline?.city, 'Portland');
  assert.equal(story('<div class="dateline">Published 5 June 2024, 10:32</div>').dateline, null);
  assert.equal(story('<div class="dateline"><a href="/local/">Local</a></div>').dateline, null);
});

test('headline: an <h1> that links the site\'s name beside the headline prints the headline without the link', () => {
  // The logo set in the heading: "<h1><span>Headline</span><a href=\"/\">Site</a></h1>".
  const head = '<meta name="title" content="Ferry cut for winter » Local » News » Harbour Post"><meta name="twitter:title" content="Ferry cut for winter">';
  const p = loadPage(page(head, `<h1><span class="headline">Ferry cut for winter</span><a href="/">Harbour Post</a></h1>${STORY}`));
  assert.equal(headlineOf(p, null)?.value, 'Ferry cut for winter');
  // A heading that is a link as a whole prints no other headline.
  const linked = loadPage(page(head, `<h1><a href="/ferry">Ferry cut for winter » Local</a></h1>${STORY}`));
  assert.equal(headlineOf(linked, null)?.value, 'Ferry cut for winter » Local » News » Harbour Post');
});

test('headline: a <title> is cut where the part an <h1> prints ends, even when that part is short or unspaced', () => {
  const p = loadPage(page('<title>港口渡轮停运 - 示例新闻网 - 地方</title>', `<h1>港口渡轮停运</h1>${STORY}`, 'zh'));
  assert.deepEqual(headlineOf(p, null), { value: '港口渡轮停运', from: 'title' });
});

const bylinesOf = (html: string): string[] => {
  const p = loadPage(html);
  // A printed byline the page hands over whole is read by the credits engine, as the extract stage does.
  return pageBylines(p, articleNode(p), storyScope(p)).bylines.flatMap((b) => {
    if (b.name) return [b.name];
    const names = parseByline(b.raw ?? '', 'author', { from: 'element', rule: 't' }).map((x) => x.name);
    return names.length ? names : [b.raw ?? ''];
  });
};

test('bylines: the site\'s own name in an author field gives way to the person the page prints; kept when no one else is named', () => {
  const head = '<meta property="og:site_name" content="Harbour Post"><link rel="canonical" href="https://www.harbourpost.example/news/ferry">' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry cut","author":{"@type":"Organization","name":"Harbour Post"}}</script>';
  assert.deepEqual(bylinesOf(page(head + '<meta name="author" content="Harbour Post">',
    `<article><h1>Ferry cut</h1><span class="article__author">Von Lena Maurer</span>${STORY}</article>`)), ['Lena Maurer']);
  // The host's name ("HPOST" for hpost.example) is the site too.
  assert.deepEqual(bylinesOf(page('<link rel="canonical" href="https://hpost.example/a"><meta name="author" content="HPOST">',
    `<article><h1>Ferry cut</h1><p class="meta">von <a href="/autoren/name/lena-maurer">Dr. Lena Maurer</a></p>${STORY}</article>`)), ['Dr. Lena Maurer']);
  assert.deepEqual(bylinesOf(page(head + '<meta name="author" content="Harbour Post">', `<article><h1>Ferry cut</h1>${STORY}</article>`)), ['Harbour Post']);
});

test('bylines: a desk named after the site is no person ("von Jan Roe, HARBOUR POST NORTH")', () => {
  const p = loadPage(page('<meta property="og:site_name" content="Harbour Post">',
    `<article><h1>Ferry cut</h1><p class="author">von Jan Roe, HARBOUR POST NORTH</p>${STORY}</article>`));
  assert.deepEqual(pageBylines(p, null, storyScope(p)).bylines.map((b) => b.name), ['Jan Roe']);
});

test('bylines: "og"/"och" lists in author meta are split; a Korean or Japanese title after the name is dropped', () => {
  const nordic = loadPage(page('<meta name="author" content="Aqqalu Lynge og Nivi Berthelsen">', STORY));
  assert.deepEqual(pageBylines(nordic, null, storyScope(nordic)).bylines.map((b) => b.raw), ['Aqqalu Lynge og Nivi Berthelsen']);
  const ko = loadPage(page('<meta name="author" content="김서연 기자">', STORY, 'ko'));
  assert.deepEqual(pageBylines(ko, null, storyScope(ko)).bylines.map((b) => b.name), ['김서연']);
  const ja = loadPage(page('<meta name="author" content="山本花子記者">', STORY, 'ja'));
  assert.deepEqual(pageBylines(ja, null, storyScope(ja)).bylines.map((b) => b.name), ['山本花子']);
});

/** The names the credits engine reads from a page's byline hints (a place after "@"). */
function namesRead(hints: Array<{ name?: string; raw?: string }>): string[] {
  return hints.flatMap((h) => (h.name ? [h.name] : parseByline(h.raw ?? '', 'author', { from: 'element', rule: 't' }).map((b) => b.name + (b.location ? `@${b.location}` : ''))));
}

test('bylines: the lines a byline element prints on are kept apart; a line crediting editors names no author; the site with a desk word is the site', () => {
  // "<br>" and block elements end a line: the title under the name is no part of it.
  assert.deepEqual(ingestHtml(page('', `<article><h1>Ferry cut</h1><div class="byline">By Jane Roe<br>Contributor</div>${STORY}</article>`)).bylines
    .map((b) => `${b.name}|${b.affiliation}`), ['Jane Roe|Contributor']);
  assert.deepEqual(ingestHtml(page('', `<article><h1>Ferry cut</h1><div class="byline"><p>Jane Roe</p><p>Senior Reporter</p></div>${STORY}</article>`)).bylines
    .map((b) => `${b.name}|${b.affiliation}`), ['Jane Roe|Senior Reporter']);
  // "Redaktion: A und B" (a broadcast line under it) credits the editors: no author, and no editor taken for one.
  assert.deepEqual(ingestHtml(page('', `<article><h1>Ferry cut</h1>${STORY}<p class="text__byline">Redaktion: Lena Maurer und Jo Kim<br><br>Sendung: Radio Eins, 25.04.2024</p></article>`, 'de')).bylines
    .map((b) => `${b.name}|${b.role}`), []);
  // The site's name with "Nachrichten" in an author field is passed over for the person the page prints.
  const head = '<meta property="og:site_name" content="Harbour-Post"><meta name="author" content="Harbour-Post NACHRICHTEN">';
  assert.deepEqual(ingestHtml(page(head, `<article><h1>Ferry cut</h1><p class="byline">By Jane Roe</p>${STORY}</article>`)).bylines.map((b) => b.name), ['Jane Roe']);
});

test('bylines: an element named for a picture\'s author ("image--author", "photo-author") holds its credit, no byline', () => {
  const p = loadPage(page('', `<article><h1>Ferry cut</h1><p class="byline">By Jane Roe</p><figure><img src="https://img.example.com/a.jpg" alt=""><p class="image--author">Foto: Example Agency/Jo Kim</p></figure>${STORY}</article>`));
  assert.deepEqual(namesRead(pageBylines(p, null, storyScope(p)).bylines), ['Jane Roe']);
});

test('bylines: a byline printed in a link after another story\'s title is that teaser\'s, not the story\'s', () => {
  const teaser = '<div class="box"><a href="/other-story"><span>Harbour fees: who pays for the dredging</span> <span class="meta">Von Ines Roth, Wien</span></a></div>';
  const p = loadPage(page('', `<article><h1>Ferry cut</h1>${teaser}${STORY}</article>`, 'de'));
  assert.deepEqual(pageBylines(p, null, storyScope(p)).bylines.map((b) => b.name ?? b.raw), []);
  // An author link prints the byline first: it is the story's.
  const own = loadPage(page('', `<article><h1>Ferry cut</h1><div><a href="/autor/ines-roth"><span>Von Ines Roth, Wien</span></a></div>${STORY}</article>`, 'de'));
  assert.deepEqual(namesRead(pageBylines(own, null, storyScope(own)).bylines), ['Ines Roth@Wien']);
});

test('bylines: the byline line printed right above an <article> that holds only the text is the story\'s (class names that say nothing)', () => {
  const body = STORY.repeat(3);
  const above = (line: string): string => page('', `<h1>Bridge closed to lorries</h1><div class="c1x"><div class="c2y">${line}</div><article>${body}</article></div><div class="c3z">By Ana Ruiz<p>Another story's teaser.</p></div>`);
  const read = (html: string): string[] => { const p = loadPage(html); return namesRead(pageBylines(p, null, storyScope(p)).bylines); };
  assert.deepEqual(read(above('<span class="c4q">By <a href="/people/jo-kim">Jo Kim</a></span> <span class="c5r">March 18 at 3:57 PM</span>')), ['Jo Kim']);
  assert.deepEqual(read(above('<cite class="c6s">By JO KIM</cite> <span>March 11, 2015 3:46 PM</span>')), ['JO KIM']);
  // What follows the story is no byline of it, nor a long block above it.
  assert.deepEqual(read(above('')), []);
  assert.deepEqual(read(page('', `<h1>Bridge closed to lorries</h1><div><div>By Jo Kim ${'and the other links of a long box of teasers '.repeat(12)}</div><article>${body}</article></div>`)), []);
});

test('bylines: one word after a comma behind full names is the place written from; a lone date lead is no name', () => {
  const p = loadPage(page('', `<article><h1>Ferry cut</h1><h5 class="wp-block-authorline">Von Lena Maurer, Frankfurt</h5>${STORY}</article>`, 'de'));
  // The page hands the printed byline to the credits engine, which reads the place.
  assert.deepEqual(namesRead(pageBylines(p, null, storyScope(p)).bylines), ['Lena Maurer@Frankfurt']);
  const two = loadPage(page('', `<article><h1>Ferry cut</h1><p class="byline">By Jan Roe and Eva Lind, Lille</p>${STORY}</article>`));
  assert.deepEqual(namesRead(pageBylines(two, null, storyScope(two)).bylines), ['Jan Roe@Lille', 'Eva Lind@Lille']);
  assert.equal(trimBylineText('Veröffentlicht am 27.04.24 um 07:39 Uhr'), '');
  assert.equal(trimBylineText('Updated 5 May 2024'), '');
  // A date written day-first with a full stop (German DIN 5008 "5. Mai 2024", Norwegian "5. mars 2024") ends the byline as well.
  assert.equal(trimBylineText('von Jana Kolb 05. November 2024 3 Min'), 'von Jana Kolb');
  assert.equal(trimBylineText('Av Kari Nordmann 5. mars 2024'), 'Av Kari Nordmann');
  // An ordinal day ("November 18th, 2019") and a day named after "on" (AP style: "on Monday") end it too.
  assert.equal(trimBylineText('By Rosa Lind , Minh Tran on Monday, November 18th, 2019 at 11:08 a.m.'), 'By Rosa Lind , Minh Tran');
  assert.equal(trimBylineText('By Jo Kim January 3rd, 2026'), 'By Jo Kim');
});

test('bylines: the site named by its initials or with its address and places is the site ("Harbour Post (www.hp.example)", "HP")', () => {
  const head = '<link rel="canonical" href="https://www.hp.example/a"><meta property="og:site_name" content="HP.EXAMPLE">';
  // Named by initials, then the visible byline speaks.
  assert.deepEqual(bylinesOf(page(head + '<meta name="author" content="Harbour Post (www.hp.example)">',
    `<article><h1>Ferry cut</h1><div class="byline">By Jan Roe</div>${STORY}</article>`)), ['Jan Roe']);
  // No one else named: the site is kept, without its address or the places after it.
  const p = loadPage(page(head + '<meta name="author" content="hp.example, Harbourtown, Northland">', `<article><h1>Ferry cut</h1>${STORY}</article>`));
  assert.deepEqual(pageBylines(p, null, storyScope(p)).bylines.map((b) => b.name), ['hp.example']);
});

test('dates: a stated date no calendar reads gives way to the page\'s <time datetime>', () => {
  const p = loadPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","datePublished":"Fri Apr 28 19:20:36 XYZ 2023","dateModified":"Fri Apr 28 19:20:36 XYZ 2023"}</script>',
    `<article><h1>x</h1><p>Updated <time datetime="2023-04-28T19:20:36+0200">28.04.2023</time></p>${STORY}</article>`));
  const { published, modified } = datesOf(p, articleNode(p));
  assert.deepEqual(published, { value: '2023-04-28T19:20:36+0200', from: 'time element' });
  assert.equal(modified, null);
});

test('dates: the story\'s <time datetime> is read, not a rail of other stories\' times printed before it', () => {
  const rail = '<aside><h3>Latest</h3><ul><li><a href="/a">Pier reopens</a> <time datetime="2024-05-28T09:00:00+01:00">28 May</time></li></ul></aside>';
  const inMain = loadPage(page('', `${rail}<main><h1>Ferry cut</h1><p>By Jo Kim · <time datetime="2024-06-05T10:32:00+01:00">5 June 2024</time></p>${STORY}</main>`));
  assert.deepEqual(datesOf(inMain, null).published, { value: '2024-06-05T10:32:00+01:00', from: 'time element' });
  const inArticle = loadPage(page('', `<div class="rail"><time datetime="2024-05-28T09:00:00+01:00">28 May</time></div><article><h1>Ferry cut</h1><time datetime="2024-06-05T10:32:00+01:00">5 June</time>${STORY}</article>`));
  assert.equal(datesOf(inArticle, null).published?.value, '2024-06-05T10:32:00+01:00');
});

test('dates: a date without a time gives way to a source stating the time of that day', () => {
  const p = loadPage(page('<meta name="dc.date" content="2014-12-29">',
    `<article><h1>x</h1><time itemprop="datePublished" datetime="2014-12-29T16:00-05:00">Dec 29</time>${STORY}</article>`));
  assert.deepEqual(datesOf(p, null).published, { value: '2014-12-29T16:00-05:00', from: 'microdata datePublished' });
  const other = loadPage(page('<meta name="dc.date" content="2014-12-29">', `<time itemprop="datePublished" datetime="2014-12-30T16:00-05:00">Dec 30</time>${STORY}`));
  assert.equal(datesOf(other, null).published?.value, '2014-12-29');
});

test('bylines: "autor" classes mark bylines; commenters and a byline\'s share row are no authors', () => {
  const es = loadPage(page('', `<article><h3>Puerto cerrado</h3><p class="autor pull-left"><strong>Lucía Ferrer</strong> | Palma | 08/01/2014</p>${STORY}` +
    '<div><span class="sf_comment_author">Pepe Ruiz</span></div></article>', 'es'));
  assert.deepEqual(pageBylines(es, null, storyScope(es)).bylines.map((b) => b.raw), ['Lucía Ferrer']);
  const share = loadPage(page('', `<article><h1>x</h1><div class="byline"><span class="author">By Jan Roe</span><div class="byline_links">- Comments Email Print</div></div>${STORY}</article>`));
  assert.deepEqual(pageBylines(share, null, storyScope(share)).bylines.map((b) => b.raw), ['By Jan Roe']);
});

test('bylines: HTML entities in JSON-LD author names are decoded, not read as "&" lists', () => {
  const p = loadPage(page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":[{"@type":"Person","name":"Siobhan O&#039;Rourke"},"Ana Ru&iacute;z"]}</script>', STORY));
  assert.deepEqual(pageBylines(p, articleNode(p), storyScope(p)).bylines.map((b) => b.name), ["Siobhan O'Rourke", 'Ana Ruíz']);
});

test('bylines: a parenthesis opened by a lower-case connecting word holds more writers, in any language', () => {
  const nl = loadPage(page('', `<article><h1>x</h1><p class="byline">Door Jeroen Smit (met Anouk de Vries en Sem Bakker)</p>${STORY}</article>`, 'nl'));
  assert.deepEqual(pageBylines(nl, null, storyScope(nl)).bylines.map((b) => b.raw), ['Door Jeroen Smit, Anouk de Vries en Sem Bakker']);
  const ap = loadPage(page('', `<article><h1>x</h1><p class="byline">By Richard (R.J.) Roe</p>${STORY}</article>`));
  assert.deepEqual(pageBylines(ap, null, storyScope(ap)).bylines.map((b) => b.raw), ['By Richard (R.J.) Roe']);
});

test('bylines: the section named in an author field gives way to the person an author meta tag names', () => {
  const p = loadPage(page('<meta property="article:section" content="Letters to the Editor"><meta name="author" content="Rosa Lindqvist">' +
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","articleSection":"Letters to the Editor","author":{"@type":"Person","name":"Letters to the Editor"}}</script>', STORY));
  assert.deepEqual(pageBylines(p, articleNode(p), storyScope(p)).bylines.map((b) => b.name), ['Rosa Lindqvist']);
});

test('pictures: a story the page\'s script holds as HTML brings its captioned figures with it', () => {
  const story = '<p>The council voted on Monday to close the old bridge to lorries after engineers found cracks in two of its piers, officials said.</p>' +
    '<div class="editor-img-box"><img src="https://img.example/bridge.jpg"><div class="caption"><p>The old bridge at dusk. Foto: Jana Weber</p></div></div>' +
    '<p>Repairs are expected to take at least six months and will cost an estimated 2.4 million pounds, the council said in a statement.</p>';
  const state = JSON.stringify({ props: { article: { id: 7, contentHtml: story } } }).replace(/</g, '\\u003c');
  const a = ingestHtml(page('<title>Bridge closed to lorries</title>', `<div id="app"><div class="loading">Loading…</div></div><script id="__NEXT_DATA__" type="application/json">${state}</script>`));
  assert.deepEqual(a.pictures.map((p) => [p.caption, p.credit?.raw, p.renditions[0]?.href]), [['The old bridge at dusk.', 'Jana Weber', 'https://img.example/bridge.jpg']]);
});

test('bylines: a line the story prints with a by-line lead is its byline when no element is marked as one', () => {
  const head = '<meta property="og:site_name" content="Harbour Post"><meta name="author" content="Harbour Post (www.harbourpost.example)">';
  // "Von:" and the names in a list item of the story's info row, each a link to the writer's page.
  assert.deepEqual(bylinesOf(page(head, '<article><h1>Ferry cut</h1><ul class="info"><li class="item">Veröffentlicht am 3. Mai 2024 um 10:12</li>' +
    '<li class="item">Von: <span class="person"><a href="/lena-maurer">Lena  MAURER</a>,</span> <span class="person"><a href="/tom-berg">Tom Berg</a></span></li></ul>' +
    `${STORY}</article>`, 'de')), ['Lena MAURER', 'Tom Berg']);
  // A label in an element of its own, without a colon; the by-word alone in a span of its own.
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1>${STORY}<ul><li><strong>Datum</strong> 03.05.2024</li>` +
    '<li><strong>Autorin/Autor</strong> Jonas Feld</li></ul></article>', 'de')), ['Jonas Feld']);
  assert.deepEqual(bylinesOf(page(head, '<article><h1>Ferry cut</h1><ul><li><span>von</span> ' +
    `<span class="bold">Jana Kolb</span></li></ul><time>05. Mai 2024</time>${STORY}</article>`, 'de')), ['Jana Kolb']);
  // Text for screen readers only (Bootstrap's visually-hidden, WordPress's screen-reader-text) is not printed: no part of the byline.
  assert.deepEqual(bylinesOf(page(head, '<article><h1>Ferry cut</h1><div class="story-authors"><span class="u-visually-hidden">Harbour magazine</span>' +
    `<span>von</span> <span class="bold">Jana Kolb</span></div>${STORY}</article>`, 'de')), ['Jana Kolb']);
  // Running text that opens with the word, another story's teaser link and a place name are no byline: the site's name stays.
  assert.deepEqual(bylinesOf(page(head, '<article><h1>Ferry cut</h1><p>Von Berlin aus fährt der Zug weiter.</p>' +
    `<a href="/other"><h3>Other story</h3><p>Von Karl Weber</p></a>${STORY}</article>`, 'de')), ['Harbour Post']);
});

test('bylines: the editor in charge a Chinese page prints under the story ("(责编：甲、乙)")', () => {
  const p = loadPage(page('<meta name="author" content="10234">', `<article><h1>港口渡轮停运</h1><p>港口渡轮周一停运，官员表示维修需要六个月。</p>` +
    '<div class="edit">(责编：王小明、李华)</div></article>', 'zh'));
  const by = pageBylines(p, null, storyScope(p));
  assert.deepEqual(by.bylines.map((b) => `${b.name}/${b.role}`), ['王小明/editing', '李华/editing']);
  const a = ingestHtml(page('<meta name="author" content="10234">', `<article><h1>港口渡轮停运</h1><p>港口渡轮周一停运，官员表示维修需要六个月。</p>` +
    '<div class="edit">[责任编辑:王小明]</div></article>', 'zh'));
  assert.deepEqual(a.bylines.map((b) => `${b.name}/${b.role}`), ['王小明/editing']);
});

test('bylines: a name in bold in a paragraph of its own over the story\'s first paragraph or under its last', () => {
  const head = '<meta property="og:site_name" content="Harbour Post"><meta name="author" content="Harbour Post">';
  const prose = '<p>The harbour authority said on Tuesday that the ferry would stop running for the winter after its engine failed twice.</p>';
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1><div class="entry-content"><p>&nbsp;</p><p><strong>THANDIWE MOKOENA&nbsp;</strong></p>${prose}${STORY}</div></article>`)),
    ['THANDIWE MOKOENA']);
  // Bold further down is a subheading; a bold first line that is no name is none either.
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1><div>${prose}<p><strong>Nora Vance</strong></p>${STORY}</div></article>`)), ['Harbour Post']);
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1><div><p><strong>What happens next</strong></p>${prose}${STORY}</div></article>`)), ['Harbour Post']);
  // At the foot of the text, the writers' signature under the last paragraph (one name or a list).
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1><div>${STORY}${prose}<p style="text-align:right"><strong>Lê Minh Châu</strong></p></div></article>`, 'vi')),
    ['Lê Minh Châu']);
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Паром</h1><div>${STORY}${prose}<p><strong><em>Олена Коваль, Петро Мельник</em></strong></p></div></article>`, 'uk')),
    ['Олена Коваль', 'Петро Мельник']);
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1><div>${STORY}${prose}<p><strong>Read More Stories</strong></p></div></article>`)), ['Harbour Post']);
});

test('bylines: an author field listing the site and an agency ("Harbour Post et AFP") names no person: the two organisations are the bylines, the agency the source', () => {
  const head = '<meta property="og:site_name" content="Harbour Post">';
  const ld = (author: string): string => `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry cut","author":[{"@type":"Person","name":"${author}"}]}</script>`;
  const a = ingestHtml(page(head + ld('Harbour Post et AFP'), `<article><h1>Ferry cut</h1>${STORY}</article>`, 'fr'));
  assert.deepEqual([a.bylines.map((b) => b.name), a.source], [['Harbour Post', 'AFP'], 'AFP']);
  const meta = ingestHtml(page(head + '<meta name="author" content="Harbour Post and Reuters">', `<article><h1>Ferry cut</h1>${STORY}</article>`));
  assert.deepEqual([meta.bylines.map((b) => b.name), meta.source], [['Harbour Post', 'Reuters'], 'Reuters']);
  // A person beside the site is a person.
  assert.deepEqual(ingestHtml(page(head + ld('Claire Dubois et AFP'), `<article><h1>Ferry cut</h1>${STORY}</article>`, 'fr')).bylines.map((b) => b.name), ['Claire Dubois']);
});

test('bylines: a person\'s name set off by a bar from the date under the headline ("Jo Kim | 05.04.2025") is the byline', () => {
  const head = '<meta property="og:site_name" content="Harbour Post"><meta name="author" content="Harbour Post">';
  assert.deepEqual(bylinesOf(page(head, '<article><h1>Ferry cut</h1><div class="row"><span style="float:left">Ayşe Demirtaş &nbsp;|</span>' +
    `<span class="date">05.04.2025 - Güncelleme : 05.04.2025</span></div>${STORY}</article>`, 'tr')), ['Ayşe Demirtaş']);
  assert.deepEqual(bylinesOf(page(head, '<article><h1>Ferry cut</h1><div class="attribution"><a href="/w/nomsa">Nomsa van Wyk</a><span>|</span>' +
    `<span>Published <time>2 days ago</time></span></div>${STORY}</article>`)), ['Nomsa van Wyk']);
  // A section name, or a name followed by something that is no date, is not a byline.
  assert.deepEqual(bylinesOf(page(head, `<article><h1>Ferry cut</h1><div><span>Breaking News</span> | <span>05.04.2025</span></div>` +
    `<div><span>Nomsa van Wyk</span> | <span>Opinion</span></div>${STORY}</article>`)), ['Harbour Post']);
});

test('a page that names no person as its author: the organisation it names is the byline; a wire agency is also the source', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'html', 'outlet-as-author.html'), 'utf8');
  const own = parseHtmlPage(text);
  assert.deepEqual(own.bylines?.map((b) => [b.name, b.role]), [['Example Coast News', 'author']]);
  assert.equal(own.source, null);
  // One agency named twice (the JSON-LD's full name, the printed short one) is one byline, as first named.
  const agency = parseHtmlPage(text.replace('"name": "Example Coast News", "url": "https://news.example/"', '"name": "Agence France-Presse"').replace('<p class="byline">Example Coast News</p>', '<p class="byline">AFP</p>'));
  assert.deepEqual(agency.bylines?.map((b) => [b.name, b.role]), [['Agence France-Presse', 'author']]);
  assert.equal(agency.source, 'AFP');
  // A person named as the author keeps the byline to themselves.
  const person = parseHtmlPage(text.replace('"author": {"@type": "Organization", "name": "Example Coast News", "url": "https://news.example/"}', '"author": {"@type": "Person", "name": "Mara Lindqvist"}'));
  assert.deepEqual(person.bylines?.map((b) => b.name), ['Mara Lindqvist']);
});

test('"By The Associated Press" printed over a story (the AP Stylebook\'s byline when no staff writer is named): the agency as printed is the byline and the source', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'html', 'agency-as-author.html'), 'utf8');
  const art = ingestHtml(text);
  assert.deepEqual(art.bylines.map((b) => [b.name, b.role]), [['The Associated Press', 'author']]);
  assert.equal(art.source, 'AP');
  // "Von dpa" in a German byline element: "dpa", source dpa; a person named beside it keeps the byline.
  const dpa = ingestHtml(text.replace('By The Associated Press', 'Von dpa').replace('lang="en"', 'lang="de"'));
  assert.deepEqual(dpa.bylines.map((b) => b.name), ['dpa']);
  assert.equal(dpa.source, 'dpa');
  const person = ingestHtml(text.replace('<p class="byline">By The Associated Press</p>', '<p class="byline">By Jo Kim, The Associated Press</p>'));
  assert.deepEqual(person.bylines.map((b) => b.name), ['Jo Kim']);
});

test('headline without metadata: the printed <h1> where the <title> words the story otherwise or wraps it in the site\'s names; a logo, a section heading or a linked <h1> leaves the <title>', () => {
  const read = (head: string, body: string): string | undefined => { const p = loadPage(page(head, body)); return headlineOf(p, null)?.value; };
  // The title says it another way, for search engines: the printed headline wins.
  assert.equal(read('<title>Bridge closed to lorries after cracks found | Example News</title>', `<h1>Cracked piers: council shuts old bridge to lorries until spring</h1>${STORY}`),
    'Cracked piers: council shuts old bridge to lorries until spring');
  // The title holds the <h1> among the site's names, wherever they stand.
  assert.equal(read('<title>Example News | Local | Council shuts old bridge to lorries</title>', `<h1>Council shuts old bridge to lorries</h1>${STORY}`), 'Council shuts old bridge to lorries');
  // A section heading that shares no word with the title, the site's logo as a link, a one-word name: the title stays.
  assert.equal(read('<title>Council shuts old bridge to lorries</title>', `<h1>Information and Resources</h1>${STORY}`), 'Council shuts old bridge to lorries');
  assert.equal(read('<title>Council shuts old bridge to lorries</title>', `<h1><a href="/">Example News for the bridge towns</a></h1>${STORY}`), 'Council shuts old bridge to lorries');
  assert.equal(read('<title>Council shuts old bridge to lorries</title>', `<h1>Bridgeton</h1>${STORY}`), 'Council shuts old bridge to lorries');
});

test('a page without metadata: its byline element "By <a class=author>Jo Kim For Example.com</a>" names Jo Kim, writing for Example.com', () => {
  const a = ingestHtml(page('<title>Bridge closed to lorries | Example News</title>', `<article><h1>Bridge closed to lorries</h1><p class="author-section byline-plain">By <a href="/profile/jo-kim" class="author">Jo Kim For Example.com</a></p>${STORY}</article>`));
  assert.deepEqual(a.bylines.map((b) => [b.name, b.affiliation]), [['Jo Kim', 'Example.com']]);
});

test('a page without metadata: the date printed under an <h1> whose kicker stands in an element of its own is found by the headline\'s line', () => {
  const a = ingestHtml(page('<title>Liverpool lose at Everton - Football - Example Sport</title>',
    `<nav><ul>${Array.from({ length: 400 }, (_, i) => `<li><a href="/s${i}">Section ${i}</a></li>`).join('')}</ul></nav><div class="head"><h1 class="headline">\n  <span class="topline">Premier League</span>\n  <span class="headline--text">Setback in the title race - Liverpool lose at Everton</span>\n</h1>\n<p class="metatextline">Stand: 24.04.2024 22:58 Uhr</p></div>${STORY}`));
  assert.equal(a.versionCreated?.slice(0, 10) ?? a.firstCreated?.slice(0, 10), '2024-04-24');
});

test('of several marked-up headlines (microdata, hAtom) the page\'s own is the one its <title> or <h1> prints; teasers\' titles and dates are not the page\'s', () => {
  const micro = loadPage(page('<title>Ferry crews vote to accept pay deal</title>',
    '<ul><li itemscope itemtype="https://schema.org/NewsArticle"><a href="/a" itemprop="headline">Regatta returns in June</a></li></ul>' +
    '<article itemscope itemtype="https://schema.org/NewsArticle"><h2 itemprop="headline">Ferry crews vote to accept pay deal</h2>' + STORY + '</article>'));
  assert.deepEqual(headlineOf(micro, null), { value: 'Ferry crews vote to accept pay deal', from: 'microdata headline' });
  // A lone teaser's linked title names another page: the <title> is read instead.
  const lone = loadPage(page('<title>Ferry crews vote to accept pay deal - Harbour Courier</title>',
    '<aside><div class="hentry"><h3 class="entry-title"><a href="/b">Regatta returns in June</a></h3></div></aside><main>' + STORY + '</main>'));
  assert.equal(headlineOf(lone, null)?.value, 'Ferry crews vote to accept pay deal');
  // One marked title that is not a link stays the headline whatever the <title> says.
  const single = loadPage(page('<title>Harbour Courier</title>', '<div class="hentry"><h1 class="entry-title">Ferry crews vote to accept pay deal</h1>' + STORY + '</div>'));
  assert.equal(headlineOf(single, null)?.value, 'Ferry crews vote to accept pay deal');
  // hAtom dates: a teaser entry's "published" is passed over for the page's own entry's.
  const dated = loadPage(page('<title>Ferry crews vote to accept pay deal</title>',
    '<div class="hentry"><h3 class="entry-title"><a href="/b">Regatta returns in June</a></h3><span class="published">2026-03-03</span></div>' +
    '<div class="hentry"><h1 class="entry-title">Ferry crews vote to accept pay deal</h1><span class="published">2026-03-05</span>' + STORY + '</div>'));
  assert.equal(datesOf(dated, null).published?.value, '2026-03-05');
});

test('bylines: a lead line whose name is in a script without capitals (Arabic, Thai, Hindi) names its writer', () => {
  const ar = '<p>أعلنت البلدية يوم الاثنين افتتاح جسر جديد للمشاة فوق النهر، بعد عامين من العمل.</p><p>وقال رئيس البلدية إن الجسر سيخدم آلاف السكان.</p>';
  assert.deepEqual(bylinesOf(page('', `<article><h1>جسر جديد</h1><p class="meta">بقلم: خالد العمري</p>${ar}</article>`, 'ar')), ['خالد العمري']);
  const th = '<p>สะพานคนเดินแห่งใหม่ริมแม่น้ำเปิดให้ประชาชนใช้งานวันจันทร์ที่ผ่านมา หลังก่อสร้างนานสองปี</p><p>เจ้าหน้าที่เทศบาลระบุว่าสะพานมีไฟส่องสว่างและทางลาดสำหรับผู้ใช้รถเข็น</p>';
  assert.deepEqual(bylinesOf(page('', `<article><h1>สะพานใหม่</h1><div class="writer">โดย สมศรี ใจงาม</div>${th}</article>`, 'th')), ['สมศรี ใจงาม']);
  // Without a by-word a caseless line is no byline: its shape alone does not tell a name from a phrase.
  assert.deepEqual(bylinesOf(page('', `<article><h1>สะพานใหม่</h1><div class="kicker">ข่าว ภูมิภาค</div>${th}</article>`, 'th')), []);
});

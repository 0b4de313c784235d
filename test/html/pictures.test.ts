import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPage, type Page } from '../../src/html/page.js';
import { finishCaption, pagePictures } from '../../src/html/pictures.js';
import { articleNode } from '../../src/html/metadata.js';
import { splitLabelledCredit, splitTrailingCredit } from '../../src/extract/captions.js';
import { storyScope } from '../../src/html/story-scope.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

// Pages and captions are invented here; each test states the markup or print pattern it stands for.

const page = (body: string, lang = 'en'): string =>
  `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"></head><body>${body}</body></html>`;

const STORY = '<p>The harbour board agreed on Thursday to dredge the eastern channel before the autumn storms, after two ferries ran aground there in May.</p>' +
  '<p>Work is due to start next month and will close the slipway to small boats for about three weeks, the board said in a notice to skippers.</p>';

/** The pictures pagePictures reads off a whole page, its JSON-LD article given. */
const pagePicturesOf = (html: string, url: string): ReturnType<typeof pagePictures> => {
  const p = loadPage(html, url);
  return pagePictures(p, storyScope(p), articleNode(p));
};

/** A page of fixtures/html. */
const htmlFixture = (name: string): string => readFileSync(join(PACKAGE_ROOT, 'fixtures', 'html', name), 'utf8');

const pictures = (body: string, lang = 'en'): Array<[string | null | undefined, string | null | undefined]> => {
  const p = loadPage(page(body, lang), 'https://news.example/story');
  return pagePictures(p, storyScope(p), null).map((x) => [x.caption, x.creditRaw]);
};

test('labelled credits closing a caption, in the languages pages print them', () => {
  const cases: Array<[string, string, string]> = [
    ['Die Fähre am Kai in Nordhafen. Foto: Jana Weber', 'Die Fähre am Kai in Nordhafen.', 'Jana Weber'],
    ['Ein Taucher prüft den Rumpf. (Quelle: Agentur Nord/Paul Brandt)', 'Ein Taucher prüft den Rumpf.', 'Agentur Nord/Paul Brandt'],
    ['Die Hafenmeisterin mit dem Plan | Bildquelle: Hafenamt Nordhafen', 'Die Hafenmeisterin mit dem Plan', 'Hafenamt Nordhafen'],
    ['Die Fähre legt am Kai an. Bildrechte: Hafenfunk/Jana Weber', 'Die Fähre legt am Kai an.', 'Hafenfunk/Jana Weber'],
    ['Festnahme am Hafen (Symbolfoto: Agentur Nord | Paul Brandt)', 'Festnahme am Hafen', 'Agentur Nord | Paul Brandt'],
    ['FERGE: Fergen la til kai i morges. Foto: Kari Lund', 'FERGE: Fergen la til kai i morges.', 'Kari Lund'],
    // Run on without a space after the caption's last word.
    ['Паром у причала в северной гаваниФото: Ирина Белова, Агентство Север', 'Паром у причала в северной гавани', 'Ирина Белова, Агентство Север'],
    ['Tàu cập cảng sáng nay. Ảnh: Cảng vụ cung cấp', 'Tàu cập cảng sáng nay.', 'Cảng vụ cung cấp'],
    ['항구에 정박한 여객선의 모습. [사진 출처 = 항만공사]', '항구에 정박한 여객선의 모습.', '항만공사'],
    ['The ferry at the quay on Monday. © North Agency / Pat Quinn', 'The ferry at the quay on Monday.', 'North Agency / Pat Quinn'],
    ['The ferry at the quay on Monday. Image credit: Pat Quinn', 'The ferry at the quay on Monday.', 'Pat Quinn'],
  ];
  for (const [text, caption, credit] of cases) assert.deepEqual(splitTrailingCredit(text), { caption, credit }, text);
  // The Japanese "taken by" (撮影) credit in brackets.
  assert.deepEqual(splitTrailingCredit('港に着いたフェリー＝12日、北港で（山田太郎撮影）'), { caption: '港に着いたフェリー＝12日、北港で', credit: '山田太郎撮影' });
});

test('labelled credits: a label inside the caption, a long tail or an unclosed bracket is no credit', () => {
  // "Foto:" mid-sentence, followed by more prose.
  assert.equal(splitLabelledCredit('Das Foto: ein Zeugnis der Zeit, sagt der Kurator. Er zeigt es im Museum, das am Montag öffnet und lange geplant war.').credit, null);
  // A word that only ends in a label word ("Fotobild") does not start a credit.
  assert.equal(splitLabelledCredit('Ein Schnappschuss aus dem Stadtarchiv: Lichtbild: alt').caption, 'Ein Schnappschuss aus dem Stadtarchiv: Lichtbild: alt');
  assert.equal(splitLabelledCredit('Der Kai im Winter (Quelle: Hafenamt').credit, null);
  assert.equal(splitLabelledCredit('Source: the harbour board').credit, null);
});

test('pictures: interface labels (buttons, icons, "show caption" toggles) are no captions', () => {
  const pics = pictures('<article><h1>x</h1>' +
    '<figure><div><img src="https://img.example/a.jpg" width="800" height="500"><button class="media-icon"><svg class="icon icon--caption"><title>Caption Icon</title></svg></button></div>' +
    '<figcaption><span class="caption__text">Boats wait outside the eastern channel.</span> <span class="caption__credit">Pat Quinn</span></figcaption></figure>' +
    `${STORY}<figure><img src="https://img.example/b.jpg" width="800" height="500"><span class="btn-base js-ImageDescriptionButton"><a href="#desc">` +
    '<span class="btn-HiddenText">Show image description</span></a></span></figure></article>');
  assert.deepEqual(pics, [['Boats wait outside the eastern channel.', 'Pat Quinn'], [null, null]]);
});

test('pictures: teasers linking to other stories and author portraits are not the story\'s pictures', () => {
  const pics = pictures('<article><h1>x</h1>' +
    '<figure><img src="https://img.example/a.jpg" width="800" height="500"><figcaption>Boats wait outside the eastern channel.</figcaption></figure>' +
    '<figure><a href="/authors/pat-quinn"><img src="https://img.example/pq.jpg" width="200" height="200" alt="Pat Quinn"></a>' +
    '<figcaption><address>By <a rel="author" href="/authors/pat-quinn">Pat Quinn</a>, harbour reporter</address></figcaption></figure>' +
    `${STORY}<div class="slider"><a href="/news/other-story-123"><figure><img src="https://img.example/t1.jpg" width="200" height="200">` +
    '<figcaption>Lighthouse keeper retires after forty years</figcaption></figure></a>' +
    '<div class="card"><picture><img src="https://img.example/t2.jpg" width="200" height="200"></picture><h3><a href="/news/another">Ferry fares rise in spring</a></h3>' +
    '<span class="sub-caption">Transport</span></div></div>' +
    // A link to the picture itself (a zoom) keeps the picture.
    '<figure><a href="https://img.example/c-full.jpg"><img src="https://img.example/c.jpg" width="800" height="500"></a><figcaption>The dredger arrives.</figcaption></figure></article>');
  assert.deepEqual(pics, [['Boats wait outside the eastern channel.', null], ['The dredger arrives.', null]]);
});

test('pictures: a figcaption that opens with its credit holds the caption below it', () => {
  const pics = pictures('<article><h1>x</h1><figure><img src="https://img.example/a.jpg" width="800" height="500">' +
    '<figcaption><div class="image__copyright">BILD: Agentur Nord/Paul Brandt</div><div class="image__description">Die Fähre am Kai in Nordhafen</div></figcaption></figure>' +
    `${STORY}</article>`, 'de');
  assert.deepEqual(pics, [['Die Fähre am Kai in Nordhafen', 'Agentur Nord/Paul Brandt']]);
});

test('credits set off by a spaced bar or slash; a slash inside brackets or prose is no separator', () => {
  assert.deepEqual(splitTrailingCredit('Should she win, Ana Ruiz will follow another Galway mayor, Tom D. Kerr. | Sam Cole/North Agency via Example Images'),
    { caption: 'Should she win, Ana Ruiz will follow another Galway mayor, Tom D. Kerr.', credit: 'Sam Cole/North Agency via Example Images' });
  assert.deepEqual(splitTrailingCredit('Polizeieinsatz am Montag in Santa Catalina / Lorenzo Vidal'),
    { caption: 'Polizeieinsatz am Montag in Santa Catalina', credit: 'Lorenzo Vidal' });
  assert.deepEqual(splitTrailingCredit('Jonas Petraitis / K. Jankausko / LRT nuotr.'), { caption: 'Jonas Petraitis', credit: 'K. Jankausko / LRT nuotr.' });
  assert.equal(splitTrailingCredit('Helfer gehen auf das Schiff zu: 11. Mai 2026 (AFP / JAN NOVAK)').caption, 'Helfer gehen auf das Schiff zu: 11. Mai 2026 (AFP / JAN NOVAK)');
  assert.equal(splitTrailingCredit('Prices rose 4% in March / and fell again in April').credit, null);
});

test('pictures: the lead picture in a header named like furniture ("sidebar-grid") that holds the headline is the story\'s', () => {
  const pics = pictures('<main><article><div class="sidebar-grid"><header class="sidebar-grid__header"><h1>Dredging to start in the eastern channel</h1>' +
    '<figure><img src="https://img.example/lead.jpg" width="900" height="600"><figcaption>The eastern channel at low tide.</figcaption></figure></header>' +
    `<div class="sidebar-grid__body">${STORY}</div><aside class="sidebar"><figure><img src="https://img.example/ad.jpg" width="300" height="250">` +
    '<figcaption>Subscribe to our harbour newsletter</figcaption></figure></aside></div></article></main>');
  assert.deepEqual(pics, [['The eastern channel at low tide.', null]]);
});

test('pictures: a figure whose only <img> sits in <noscript> keeps its caption and credit', () => {
  const pics = pictures('<article><h1>x</h1>' + STORY +
    '<figure class="asset-embed"><span class="responsive-asset"><picture><noscript><img alt="Boats" src="https://img.example/n-1600.jpg" ' +
    'srcset="https://img.example/n-640.jpg 640w, https://img.example/n-1280.jpg 1280w"/></noscript></picture></span>' +
    '<div class="caption"><span class="caption__text">Boats wait outside the eastern channel.</span><span class="caption__credit">Foto: Pat Quinn</span></div></figure></article>');
  assert.deepEqual(pics, [['Boats wait outside the eastern channel.', 'Pat Quinn']]);
});

test('pictures: teaser cards (a linked title beside a description, an unlinked heading beside the picture) are other stories', () => {
  const pics = pictures('<article><h1>x</h1>' + STORY +
    '<figure><img src="https://img.example/a.jpg" width="800" height="500"><figcaption>Boats wait outside the <a href="/topics/channel">eastern channel</a>.</figcaption></figure>' +
    '<div class="more"><div class="item"><div class="media"><img src="https://img.example/t1.jpg" width="600" height="400"></div>' +
    '<div class="item-title"><a href="https://other.example/news/lighthouse-keeper-retires">Lighthouse keeper retires after forty years</a></div>' +
    '<div class="item-description"><p>She kept the light burning through eleven winters of storms on the point.</p></div></div>' +
    '<div class="item"><picture><img src="https://img.example/t2.jpg" width="600" height="400"></picture><div class="x1"><h3>Ferry fares rise in spring</h3></div></div></div></article>');
  assert.deepEqual(pics.filter((p) => p[0]), [['Boats wait outside the eastern channel.', null]]);
});

test('pictures: the credit in a <figure>\'s <footer>, or printed only in the image\'s title or alt text', () => {
  const pics = pictures('<article><h1>x</h1>' +
    '<figure><img src="https://img.example/a.jpg" width="800" height="500"><figcaption>Boats wait outside the eastern channel.</figcaption><footer>North Agency/Pat Quinn</footer></figure>' +
    STORY +
    '<div class="inline-image"><img src="https://img.example/b.jpg" width="800" height="500" alt="The dredger arrives" title="The dredger arrives | Example Images/Sam Cole">' +
    '<p class="inline-image__text">The dredger arrives at the eastern channel on Friday.</p></div></article>');
  assert.deepEqual(pics, [['Boats wait outside the eastern channel.', 'North Agency/Pat Quinn'], ['The dredger arrives at the eastern channel on Friday.', 'Example Images/Sam Cole']]);
});

test('Chinese captions: "<name> 摄" after the last sentence, in brackets or not, is the credit', () => {
  assert.deepEqual(splitTrailingCredit('11月18日，乘客在码头登船。（新华社记者 林港 摄）'), { caption: '11月18日，乘客在码头登船。', credit: '（新华社记者 林港 摄）' });
  assert.deepEqual(splitTrailingCredit('乘客在码头登船。王岛摄'), { caption: '乘客在码头登船。', credit: '王岛摄' });
  assert.equal(splitTrailingCredit('他说：“我们很高兴。”').credit, null);
});

test('Korean captions: the agency or "<name> 기자" after the last sentence is the credit', () => {
  assert.deepEqual(splitTrailingCredit('여객선이 14일 북항 부두에 정박해 있다. 연합뉴스'), { caption: '여객선이 14일 북항 부두에 정박해 있다.', credit: '연합뉴스' });
  assert.deepEqual(splitTrailingCredit('항만공사 직원들이 준설 계획을 설명하고 있다. 김하늘 기자'), { caption: '항만공사 직원들이 준설 계획을 설명하고 있다.', credit: '김하늘 기자' });
  assert.equal(splitTrailingCredit('기자들이 항만공사 설명회에 참석했다').credit, null);
  // The place where the picture was taken before the agency ("목포=연합뉴스").
  assert.deepEqual(splitTrailingCredit('승객들이 여객선에 오르고 있다. 목포=연합뉴스'), { caption: '승객들이 여객선에 오르고 있다.', credit: '목포=연합뉴스' });
});

test('pictures: caption pieces the markup separates are not run together (a line break, a sentence ending one element)', () => {
  const pics = pictures('<article><h1>x</h1>' + STORY +
    '<figure><img src="https://img.example/a.jpg" width="800" height="500"><figcaption><span class="c1"><p>Skippers wait outside the eastern channel.</p></span>' +
    '<span class="c2">Jon Berg/dpa</span></figcaption></figure>' +
    '<figure><img src="https://img.example/b.jpg" width="800" height="500"><figcaption>The dredger at the pier<br>on its first morning.</figcaption></figure>' +
    '<figure><img src="https://img.example/c.jpg" width="800" height="500"><figcaption><b>Port</b>side of the <i>Sea Lark</i>, seen from the quay.</figcaption></figure>' +
    '<figure><img src="https://img.example/d.jpg" width="800" height="500"><figcaption><span class="c1"><p>Skippers wait outside the eastern channel.</p></span>' +
    '<span class="c2">The pilot boat leads them in at dawn.</span></figcaption></figure></article>');
  assert.deepEqual(pics.map((p) => p[0]), [
    'Skippers wait outside the eastern channel.',
    'The dredger at the pier on its first morning.',
    'Portside of the Sea Lark, seen from the quay.',
    'Skippers wait outside the eastern channel. The pilot boat leads them in at dawn.',
  ]);
  // The last element of the caption, set apart and reading as a credit, is its credit whatever its class.
  assert.equal(pics[0]![1], 'Jon Berg/dpa');
});

test('pictures: a caption that is only a labelled credit ("Image Credits: X", "Photo credit: X") is the credit, not a caption', () => {
  const pics = pictures('<article><h1>x</h1>' + STORY +
    '<figure><img src="https://img.example/a.jpg" width="800" height="500"><figcaption>Image Credits: North Harbour Board</figcaption></figure>' +
    '<figure><img src="https://img.example/b.jpg" width="800" height="500"><figcaption>Photo credit: Sam Cole</figcaption></figure></article>');
  assert.deepEqual(pics, [[null, 'North Harbour Board'], [null, 'Sam Cole']]);
});

test('pictures: a date alone beside a picture (a time stamp in the caption box or a dated header line) is no caption', () => {
  const pics = pictures('<article><h1>x</h1>' +
    '<figure><img src="https://img.example/v.jpg" width="800" height="450"><figcaption><span class="meta-credit">Source: Harbour TV</span>' +
    '<time datetime="2024-03-09T08:00:00Z">09.03.2024</time></figcaption></figure>' +
    '<div class="row"><div><img src="https://img.example/h.jpg" width="800" height="450"></div><div>Saturday, 09 Mar 2024</div></div>' +
    `${STORY}<figure><img src="https://img.example/a.jpg" width="800" height="500"><figcaption>Boats wait outside the eastern channel on 9 March 2024.</figcaption></figure></article>`);
  assert.ok(!pics.some(([c]) => c === '09.03.2024' || c === 'Saturday, 09 Mar 2024'), JSON.stringify(pics));
  assert.ok(pics.some(([c]) => c === 'Boats wait outside the eastern channel on 9 March 2024.'), JSON.stringify(pics));
});

test('a schema.org Person item\'s image is that person\'s portrait, not a story picture, even with a caption-like description', () => {
  const body = `<article><h1>Ferry dispute</h1>${STORY}<figure><img src="https://img.example/quay.jpg" alt="quay"><figcaption>The quay at dawn.</figcaption></figure>` +
    '<div class="byline" itemscope itemtype="http://schema.org/Person"><div class="content"><figure><img itemprop="image" src="https://img.example/people/kari.jpg" alt="Kari Lund"></figure>' +
    `<address><span itemprop="name">Kari Lund</span></address><div class="description">Our shipping correspondent</div></div></div>${STORY}</article>`;
  assert.deepEqual(pictures(body), [['The quay at dawn.', null]]);
});

test('a credit the caption prints under its label wins over the metadata\'s author of the image, and leaves the caption', () => {
  const p = loadPage(`<!DOCTYPE html><html><head><script type="application/ld+json">${JSON.stringify({
    '@type': 'NewsArticle', headline: 'Ferry dispute',
    image: [{ '@type': 'ImageObject', contentUrl: 'https://img.example/quay.jpg', caption: 'QUAY: The ferry at dawn. Foto: North Agency/AFP', author: { '@type': 'Person', name: 'STR' } }],
  })}</script></head><body><article><h1>Ferry dispute</h1>${STORY}</article></body></html>`, 'https://news.example/story');
  const article = articleNode(p);
  assert.deepEqual(pagePictures(p, storyScope(p), article).map((x) => [x.caption, x.creditRaw]), [['QUAY: The ferry at dawn.', 'North Agency/AFP']]);
});

test('a lazy-loaded picture: a placeholder <img> beside a <noscript> that holds the real one is the picture, with its caption and rights line', () => {
  const body = `<article><h1>Ferry dispute</h1>${STORY}<div class="media"><div class="imageWrapper">` +
    '<img alt="The quay" class="img" src="https://cdn.example/index-transparent_h-3_w-4.gif"><noscript><img alt="The quay" src="https://cdn.example/quay_w-576.jpg"></noscript></div>' +
    `<div class="mediaInfo"><span class="mediaSubtitle">The quay at dawn.</span> <span class="mediaRights">Bildrechte: Hafenfunk/Jana Weber</span></div></div>${STORY}</article>`;
  assert.deepEqual(pictures(body), [['The quay at dawn.', 'Hafenfunk/Jana Weber']]);
  // Without the fallback the placeholder is decoration.
  assert.deepEqual(pictures(body.replace(/<noscript>.*?<\/noscript>/, '')), []);
});

test('small width and height on a <figure>\'s image with a <figcaption> state an aspect ratio; elsewhere they mark an icon', () => {
  const figure = `<article><h1>Ferry dispute</h1>${STORY}<figure><img src="https://img.example/quay.jpg" width="16" height="9" alt="">` +
    `<figcaption>The quay at dawn (Photo: North Agency)</figcaption></figure>${STORY}</article>`;
  assert.deepEqual(pictures(figure), [['The quay at dawn', 'North Agency']]);
  const avatar = `<article><h1>Ferry dispute</h1>${STORY}<div class="card"><img src="https://img.example/authors/kari.jpg" width="24" height="24" alt="">` +
    `<div class="caption">Von Kari Lund</div></div>${STORY}</article>`;
  assert.deepEqual(pictures(avatar), []);
});

test('a JSON-LD image the page prints outside the story (a hero image over the headline) takes the credit in that <img>\'s alt text', () => {
  const text = htmlFixture('hero-image-credit.html');
  const pics = pagePicturesOf(text, 'https://rundfunk.example/nachrichten/faehrrampe.html');
  assert.equal(pics.length, 1);
  assert.equal(pics[0]!.renditions![0]!.href, 'https://rundfunk.example/bilder/faehrrampe101_v-fullhd.jpg');
  assert.equal(pics[0]!.creditRaw, 'Lena Brandt');
  assert.equal(pics[0]!.altText, 'Die neue Fährrampe am Nordhafen © Beispiel Rundfunk Foto: Lena Brandt');
  // Another file's alt text credits nothing: the JSON-LD image stays without a credit.
  const plain = pagePicturesOf(text.replace('/bilder/faehrrampe101_v-fullhd.jpg 1920w', '/bilder/hafen7_v-fullhd.jpg 1920w'), 'https://rundfunk.example/nachrichten/faehrrampe.html').find((x) => x.renditions?.[0]?.href.endsWith('faehrrampe101_v-fullhd.jpg'));
  assert.equal(plain?.creditRaw ?? null, null);
});

test('an image whose alt text the page prints again under it: that text is the caption, what follows it the credit; a box named "teaser" that links nowhere is the story\'s own', () => {
  const text = htmlFixture('alt-printed-caption.html');
  const url = 'https://sport.example/fussball/neuer-trainer.html';
  const pics = pagePicturesOf(text, url);
  assert.deepEqual(pics.map((x) => [x.caption, x.creditRaw]), [
    ['Der neue Trainer leitet am Donnerstag sein erstes Training auf dem Nebenplatz.', 'Beispiel Bild/Lena Brandt'],
    // A caption panel the reader opens, printed after the picture's box.
    ['Das Stadion vor dem letzten Heimspiel der Saison am Samstagnachmittag.', 'Beispiel Bild/Tom Rau'],
  ]);
  // The related story's picture (a linked teaser) is no picture of this story, and its repeated title no caption.
  assert.ok(!pics.some((x) => x.renditions?.some((r) => r.href.endsWith('tabelle.jpeg'))));
  // The printed text must repeat the alt text: a different sentence under the picture is no caption by this rule.
  const other = pagePicturesOf(text.replace('<p>Der neue Trainer leitet am Donnerstag', '<p>Ein anderer Satz steht hier. Der neue Trainer leitet am Donnerstag'), url);
  assert.ok(!other.some((x) => x.caption === 'Der neue Trainer leitet am Donnerstag sein erstes Training auf dem Nebenplatz.'));
  // A paragraph after the picture that opens with the alt text and runs on is the story's lead, not a caption.
  const lead = pagePicturesOf(text.replace('<div class="media__caption" style="display:none;"><span>Das Stadion vor dem letzten Heimspiel der Saison am Samstagnachmittag.</span> <small>Bild: Beispiel Bild/Tom Rau</small></div>',
    '<p>Das Stadion vor dem letzten Heimspiel der Saison am Samstagnachmittag. Der Verein erwartet mehr als dreißigtausend Zuschauer und hat zusätzliche Ordner bestellt.</p>'), url);
  assert.ok(!lead.some((x) => x.caption?.startsWith('Das Stadion')));
  // What follows the alt text in a caption is a credit only when it names someone: a running time is the caption's.
  const video = pagePicturesOf(text.replace('<p>Der neue Trainer leitet am Donnerstag sein erstes Training auf dem Nebenplatz. <span>Beispiel Bild/Lena Brandt</span></p>',
    '<p>Der neue Trainer leitet am Donnerstag sein erstes Training auf dem Nebenplatz. (1:24:10)</p>'), url);
  assert.deepEqual(video.map((x) => [x.caption, x.creditRaw])[0],
    ['Der neue Trainer leitet am Donnerstag sein erstes Training auf dem Nebenplatz. (1:24:10)', null]);
});

test('a caption keeps no separator the page printed before its credit, and a caption that only repeats its credit is none', () => {
  const p = loadPage('<html><body><article><h1>Ferry cut</h1><figure><img src="https://img.example/quay.jpg" width="800" height="450">' +
    '<figcaption><span>Boats wait outside the eastern channel -</span> <span class="credit">Copyright Pat Quinn/AP</span></figcaption></figure>' +
    '<p>The ferry operator cut the winter timetable on Monday, leaving the outer islands with two crossings a week until March.</p></article></body></html>');
  assert.deepEqual(pagePictures(p, storyScope(p), null).map((x) => [x.caption, x.creditRaw]), [['Boats wait outside the eastern channel', 'Copyright Pat Quinn/AP']]);
  // The caption box prints the credit alone; the JSON-LD states the same credit for the same file.
  const ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry cut","image":[{"@type":"ImageObject","url":"https://img.example/quay.jpg","creditText":"Collage: Pat Quinn"}]}</script>';
  const q = loadPage(`<html><head>${ld}</head><body><article><h1>Ferry cut</h1><div class="photo"><img src="https://img.example/quay.jpg" width="800" height="450"><div class="caption">Collage: Pat Quinn</div></div>` +
    '<p>The ferry operator cut the winter timetable on Monday, leaving the outer islands with two crossings a week until March.</p></article></body></html>');
  assert.deepEqual(pagePictures(q, storyScope(q), articleNode(q)).map((x) => [x.caption, x.creditRaw]), [[null, 'Collage: Pat Quinn']]);
});

test('a credit label ends with a colon or with the ellipsis a page prints in its place ("Credit...Name")', () => {
  assert.deepEqual(finishCaption('Boats wait outside the eastern channel.', 'Credit...Pat Quinn/The Example Times'), { caption: 'Boats wait outside the eastern channel.', credit: 'Pat Quinn/The Example Times' });
  assert.deepEqual(finishCaption('Boats wait outside the eastern channel.', 'Credit…Pat Quinn'), { caption: 'Boats wait outside the eastern channel.', credit: 'Pat Quinn' });
  assert.equal(finishCaption('Boats wait outside the eastern channel.', 'Credit: Pat Quinn').credit, 'Pat Quinn');
});

test('a paywall or registration wall\'s prompt is no part of the story: its logo and its "Create an account" line are no captioned picture; a box so named that holds the story\'s paragraphs is the story', () => {
  const para = '<p>The ferry operator cut the winter timetable on Monday, leaving the outer islands with two crossings a week until March, officials said.</p>';
  const wall = '<div id="piano-reg-wall" class="reg-wall-new-user"><div><p>Create a FREE account to continue reading</p><img src="https://news.example/img/mascot.png" alt="mascot" class="sc-cNStcR"></div>' +
    '<p>Registration is a free and easy way to support our journalism.</p></div>';
  const p = loadPage(`<html><body><article><h1>Ferry cut</h1>${para}${para}${wall}</article></body></html>`);
  assert.deepEqual(pagePictures(p, storyScope(p), null), []);
  const behind = `<div class="paywall-content">${para}<figure><img src="https://img.example/quay.jpg" width="800" height="450"><figcaption>Boats wait outside the eastern channel. Photo: Pat Quinn</figcaption></figure>${para.repeat(8)}</div>`;
  const q = loadPage(`<html><body><article><h1>Ferry cut</h1>${para.repeat(16)}${behind}</article></body></html>`);
  assert.deepEqual(pagePictures(q, storyScope(q), null).map((x) => x.caption), ['Boats wait outside the eastern channel.']);
  // "paywalled" marks the story's own content behind the wall.
  const marked = loadPage(`<html><body><article><h1>Ferry cut</h1>${para.repeat(8)}<div class="inline-element paywalled"><figure><img src="https://img.example/quay.jpg" width="800" height="450">` +
    '<figcaption>Boats wait outside the eastern channel. Photo: Pat Quinn</figcaption></figure></div></article></body></html>');
  assert.deepEqual(pagePictures(marked, storyScope(marked), null).map((x) => x.caption), ['Boats wait outside the eastern channel.']);
});

test('a box named "teaser" that links nowhere is the story\'s own; a box named "related" is other stories\' even when its links are drawn by script', () => {
  const para = '<p>The ferry operator cut the winter timetable on Monday, leaving the outer islands with two crossings a week until March, officials said.</p>';
  const fig = (cls: string, caption: string): string => `<div class="${cls}"><figure><img src="https://img.example/${cls}.jpg" width="800" height="450"><figcaption>${caption}</figcaption></figure></div>`;
  const p = loadPage(`<html><body><article><h1>Ferry cut</h1>${para}${fig('article-teaser-image', 'Boats wait outside the eastern channel.')}${para}${para}` +
    `${fig('related-stories', 'Harbour master retires after forty years.')}</article></body></html>`);
  assert.deepEqual(pagePictures(p, storyScope(p), null).map((x) => x.caption), ['Boats wait outside the eastern channel.']);
  // A teaser that links to another story is that story's.
  const q = loadPage(`<html><body><article><h1>Ferry cut</h1>${para}${para}${para}<div class="story-teaser"><a href="/other"><figure><img src="https://img.example/t.jpg" width="800" height="450">` +
    '<figcaption>Harbour master retires after forty years.</figcaption></figure></a></div></article></body></html>');
  assert.deepEqual(pagePictures(q, storyScope(q), null).map((x) => x.caption), []);
});

test('a caption box that wraps the caption and its credit is no credit itself, the icon of its drawer toggle is no caption, a <figcaption> named "source" that holds a sentence is a caption, and its "more >" link no words of it', () => {
  const text = htmlFixture('caption-drawer-credit.html');
  const pics = pagePicturesOf(text, 'https://style.example/harbour-festival-coats-ranked');
  assert.deepEqual(pics.map((x) => [x.caption, x.creditRaw]), [
    ['The mayor opens the harbour festival in a blue wool coat.', 'Lea Berg/Example Pictures'],
    ['The mayor at the regatta in a yellow oilskin.', 'Jo Marsh/Example Pictures'],
    ['The mayor, left, talks with the harbour master on the quay, Sunday, Feb. 11, 2024.', 'Example Wire Photo/Kari Lund'],
    ['The mayor boards the first ferry of the festival.', 'Jo Marsh/Copyright 2024 The AP. All rights reserved.'],
  ]);
  // A copyright notice names its holder: the year and "All rights reserved" are no agency.
  const art = ingestItem({ bytes: Buffer.from(text), path: 'caption-drawer-credit.html' }, { strict: true }).articles[0]!;
  assert.deepEqual(art.pictures!.map((x) => [x.credit?.photographer, x.credit?.agencies]).at(-1), ['Jo Marsh', ['AP']]);
});

test('a figure wrapped in a link to the picture\'s own viewer ("/articles/image/…/287149") is the story\'s picture; one wrapped in a link to another story is a teaser', () => {
  const fig = (href: string): string => `<figure><a href="${href}"><img src="https://img.example.com/ferry-ramp.jpg" width="600" height="400" alt="">` +
    '<figcaption>The damaged loading ramp at the mainland terminal on Monday. (C) Example Wire</figcaption></a></figure>';
  const viewer = pictures('<article><h1>x</h1>' + STORY + fig('/articles/image/news/367061/287149') + '</article>');
  assert.deepEqual(viewer, [['The damaged loading ramp at the mainland terminal on Monday.', 'Example Wire']]);
  const teaser = pictures('<article><h1>x</h1>' + STORY + fig('/news/2024/11/18/another-story') + '</article>');
  assert.deepEqual(teaser.filter(([caption]) => caption), []);
});

test('an alt text of two words or more that the page prints again under the picture is its caption; a credit block after it is the credit', () => {
  const pic = (alt: string, after: string): string => `<div><picture><img src="https://img.example.com/p.jpg" width="600" height="400" alt="${alt}"></picture>${after}</div>`;
  assert.deepEqual(pictures('<article><h1>x</h1>' + STORY + pic('Kari Lund', '<p class="lead">Kari Lund</p><p class="image--author">Foto: REUTERS/Jo Kim</p>') + '</article>'),
    [['Kari Lund', 'REUTERS/Jo Kim']]);
  assert.deepEqual(pictures('<article><h1>x</h1>' + STORY + pic('जानकारी देते एएसपी', '<div class="c1"><span>जानकारी देते एएसपी</span></div>') + '</article>', 'hi'),
    [['जानकारी देते एएसपी', null]]);
  // One word proves nothing ("Foto").
  assert.deepEqual(pictures('<article><h1>x</h1>' + STORY + pic('Foto', '<p>Foto</p>') + '</article>').filter(([c]) => c), []);
});

test('custom image elements that carry their address (web components, AMP) are pictures; a QR code is furniture', () => {
  const custom = pictures('<article><h1>x</h1>' + STORY + '<div class="image-wrap"><click-enlarge><brick-image-v3 data-src="https://img.example.com/ferry.jpeg" alt=""></brick-image-v3></click-enlarge>' +
    '<div class="article-img-caption-wrap"><span>BESØK: The ferry at the quay on Monday.</span> <span class="image-photographer">Foto: Kari Lund</span></div></div></article>', 'no');
  assert.deepEqual(custom.filter(([c]) => c), [['BESØK: The ferry at the quay on Monday.', 'Kari Lund']]);
  const qr = pictures('<article><h1>x</h1>' + STORY + '<figure><img src="https://img.example.com/web-frontend/qr-img-hi.png" alt="QR Code"><figcaption>Scan the QR code to download the app</figcaption></figure></article>');
  assert.deepEqual(qr, []);
});

test('the lead image the metadata names, printed as a captioned figure outside the story\'s element, takes that figure\'s caption and credit', () => {
  const head = '<meta property="og:image" content="https://img.example.com/2024/11/ramp.jpg?w=1200">';
  const hero = '<header class="hero"><figure><img src="https://img.example.com/2024/11/ramp.jpg" alt="">' +
    '<figcaption>The damaged loading ramp at the mainland terminal on Monday. Foto: Kari Lund</figcaption></figure></header>';
  const p = loadPage(`<html lang="en"><head>${head}</head><body>${hero}<article><h1>Ferry cut</h1>${STORY}${STORY}${STORY}</article></body></html>`, 'https://news.example/story');
  const pics = pagePictures(p, storyScope(p), null).map((x) => [x.caption, x.creditRaw, x.evidence?.rule]);
  assert.deepEqual(pics, [['The damaged loading ramp at the mainland terminal on Monday.', 'Kari Lund', 'hero figure']]);
  // A figure of another file names nothing about the lead image.
  const other = loadPage(`<html lang="en"><head>${head}</head><body>${hero.replace('ramp.jpg', 'quay.jpg')}<article><h1>Ferry cut</h1>${STORY}${STORY}${STORY}</article></body></html>`, 'https://news.example/story');
  assert.deepEqual(pagePictures(other, storyScope(other), null).map((x) => x.caption ?? null), [null]);
});

test('the lead image printed in a caption box that is no <figure> (an image and an element marked as its caption) takes that caption; a share dialog\'s preview of the same image does not', () => {
  const head = '<meta property="og:image" content="https://img.example.com/2024/11/ramp.jpg?w=1200">';
  const box = '<div class="lead-media"><div class="image"><img src="https://img.example.com/2024/11/ramp.jpg?w=630" alt="">' +
    '<div class="caption"><span class="source">Kari Lund/Fjord Foto</span> <span class="caption">The damaged loading ramp at the mainland terminal on Monday.</span></div></div></div>';
  const page = (before: string, after = ''): Page => loadPage(`<html lang="en"><head>${head}</head><body>${before}<article><h1>Ferry cut</h1>${STORY}${STORY}${STORY}</article>${after}</body></html>`, 'https://news.example/story');
  const read = (p: Page): Array<Array<string | null | undefined>> => pagePictures(p, storyScope(p), null).map((x) => [x.caption ?? null, x.creditRaw ?? null, x.evidence?.rule]);
  assert.deepEqual(read(page(box)), [['The damaged loading ramp at the mainland terminal on Monday.', 'Kari Lund/Fjord Foto', 'hero caption box']]);
  // The same image in a share dialog, with the headline beside it: no caption.
  const dialog = '<div class="share" role="dialog" aria-hidden="true"><div class="share-preview"><img src="https://img.example.com/2024/11/ramp.jpg?w=300" alt="">' +
    '<p class="share-preview__caption">Ferry cut</p></div></div>';
  assert.deepEqual(read(page('', dialog)).map(([c]) => c), [null]);
  // A gallery teaser: the image links to another page, its caption box names only the gallery's credit.
  const teaser = '<div class="gallery-teaser"><a href="https://news.example/gallery/ferry"><img src="https://img.example.com/2024/11/ramp.jpg?w=690" alt=""></a>' +
    '<span class="teaser-caption">FJORD FOTO</span></div>';
  assert.deepEqual(read(page(teaser)).map(([c]) => c), [null]);
});

test('a figure whose only image waits in <noscript> (lazy loading) is a picture; its caption and a credit styled as a line of their own, run together in the markup, come apart', () => {
  const figure = (media: string): string => `<article><h1>Dredging the eastern channel</h1>${STORY}` +
    `<figure class="c1x"><div class="c2y"><span class="c3z"><picture class="c4q">${media}</picture></span></div>` +
    '<div class="c5r"><span class="c6s">Der Bagger am Ostkai, gemietet vom Hafenamt.</span><span class="c7t">Foto: Jana Weber. Schnitt: Paul Brandt</span></div></figure>' +
    `${STORY}</article>`;
  const lazyOnly = '<noscript><img alt="Bagger" src="https://img.news.example/bagger-1200.jpg"></noscript>';
  const p = loadPage(page(figure(lazyOnly), 'de'), 'https://news.example/story');
  const found = pagePictures(p, storyScope(p), null);
  assert.deepEqual(found.map((x) => [x.caption, x.creditRaw]), [['Der Bagger am Ostkai, gemietet vom Hafenamt.', 'Jana Weber. Schnitt: Paul Brandt']]);
  assert.deepEqual(found[0]!.renditions?.map((r) => r.href), ['https://img.news.example/bagger-1200.jpg']);
  // Beside a placeholder with the sizes in data-srcset, the lazy path reads the picture (every size), not the <noscript> copy.
  const placeholder = '<img data-srcset="https://img.news.example/bagger-600.jpg 600w, https://img.news.example/bagger-1200.jpg 1200w" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' + lazyOnly;
  const q = loadPage(page(figure(placeholder), 'de'), 'https://news.example/story');
  assert.equal(pagePictures(q, storyScope(q), null).filter((x) => (x.renditions ?? []).some((r) => /bagger/.test(r.href))).length, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'cheerio';
import { parseDocument } from 'htmlparser2';
import { extractMainText } from '../../src/html/main-text.js';
import { bylineOnlyLine, dateOnlyLine, furnitureLine } from '../../src/html/main-text-lines.js';

const page = (body: string, head = ''): ReturnType<typeof load> =>
  load(parseDocument(`<!doctype html><html><head><title>t</title>${head}</head><body>${body}</body></html>`));

const story = [
  'Harbour officials in Port Elwen said on Tuesday that the new ferry terminal would open in spring, two years later than planned.',
  'The delay, blamed on a shortage of steel and a dispute over dredging permits, has cost the town council an estimated 4 million crowns.',
  '"We would rather open late than open twice," the harbour master, Ilse Varga, told reporters, adding that trial crossings would start in March.',
  'Residents have complained for months about the temporary landing stage, which floods at high tide and has no shelter for passengers.',
] as const;

const nav = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>';
const related = `<div class="related-stories"><h3>Related</h3><ul>
  <li><a href="/a">Ferry operator posts record summer traffic, says fares will stay flat</a></li>
  <li><a href="/b">Council approves budget for harbour wall repairs after winter storms</a></li>
  <li><a href="/c">Fishermen protest new quota rules outside the town hall on Friday</a></li></ul></div>`;

test('keeps the story paragraphs in order and drops navigation, share bar and related links', () => {
  const $ = page(`${nav}<div class="layout"><article><h1>Ferry terminal delayed</h1>
    <div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> <span>Share this article</span></div>
    ${story.map((p) => `<p>${p}</p>`).join('\n')}
    ${related}</article>
    <aside><p>Sign up for our morning briefing, sent every weekday at seven with the news you need.</p></aside></div>
    <footer><p>Copyright Port Elwen Gazette. All rights reserved, including the right to reproduce.</p></footer>`);
  const main = extractMainText($, { headline: 'Ferry terminal delayed' });
  assert.equal(main.text, story.join('\n\n'));
  assert.equal(main.method, 'article-element');
  assert.match(main.root ?? '', /article/);
  assert.equal(main.html, story.map((p) => `<p>${p}</p>`).join('\n'));
});

test('sub-heads, block quotes and lists stay in place; a standfirst before the first paragraph does not', () => {
  const $ = page(`<main><div class="story-body">
    <h2 class="standfirst">Two years late and over budget</h2>
    <p>${story[0]}</p><h2>What went wrong</h2><p>${story[1]}</p>
    <blockquote><p>${story[2]}</p></blockquote>
    <ul><li>Steel shortage across the region since last autumn</li><li>Permit dispute with the coastal agency over dredging</li></ul>
    <p>${story[3]}</p></div></main>`);
  const main = extractMainText($);
  assert.deepEqual(main.text.split('\n\n'), [
    story[0], 'What went wrong', story[1], story[2],
    'Steel shortage across the region since last autumn', 'Permit dispute with the coastal agency over dredging', story[3],
  ]);
  assert.match(main.html, /<h2>What went wrong<\/h2>/);
  assert.match(main.html, /<blockquote><p>/);
  assert.match(main.html, /<ul><li>Steel shortage[^<]*<\/li>\s*<li>Permit dispute[^<]*<\/li><\/ul>/);
});

test('figures, captions and picture credits are left to the picture extractor', () => {
  const $ = page(`<article><p>${story[0]}</p>
    <figure><img src="a.jpg"><figcaption>The landing stage at high tide. Photo: Jan Holm/Gazette</figcaption></figure>
    <div class="image-caption">A second picture of the harbour wall in the rain, taken last week.</div>
    <p>${story[1]}</p><p>${story[2]}</p></article>`);
  const main = extractMainText($);
  assert.equal(main.text, [story[0], story[1], story[2]].join('\n\n'));
});

test('without any markup hints the densest run of prose wins over link lists and comments', () => {
  const comments = Array.from({ length: 3 }, (_, i) =>
    `<div class="comment"><p>Reader ${i} wrote that the council should have seen this coming, given how every other project went over time.</p></div>`).join('');
  const $ = page(`${nav}<div id="wrap"><div class="col-a">${story.map((p) => `<p>${p}</p>`).join('')}</div>
    <div class="col-b"><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/x${i}">Other headline number ${i}</a></li>`).join('')}</ul></div>
    <div id="comments-area">${comments}</div></div>`);
  const main = extractMainText($);
  assert.equal(main.method, 'density');
  assert.equal(main.text, story.join('\n\n'));
});

test('itemprop=articleBody marks the body; bylines, dates and "read more" lines inside it are dropped', () => {
  const $ = page(`<div itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Ferry terminal delayed</h1>
    <div itemprop="articleBody"><p>By Ilse Marten</p><p>Nov. 19, 2024</p>
    ${story.map((p) => `<p>${p}</p>`).join('')}
    <p><strong>Read more:</strong> <a href="/ferries">Ferry operator posts record summer traffic</a></p>
    <p>Advertisement</p></div></div>`);
  const main = extractMainText($);
  assert.equal(main.method, 'itemprop');
  assert.equal(main.text, story.join('\n\n'));
});

test('the JSON-LD articleBody confirms the story when the markup is ambiguous', () => {
  const body = story.join(' ');
  const decoy = 'A long unrelated essay paragraph about mountain railways, their gradients, their tunnels, and the people who built them.';
  const $ = page(`<div class="a">${[decoy, decoy, decoy, decoy, decoy].map((p) => `<p>${p}</p>`).join('')}</div>
    <div class="b">${story.map((p) => `<p>${p}</p>`).join('')}</div>`);
  const main = extractMainText($, { articleBody: body });
  assert.equal(main.method, 'article-body-jsonld');
  assert.equal(main.text, story.join('\n\n'));
});

test('loose text in divs split by <br><br> becomes paragraphs; a furniture class name on the story wrapper is ignored', () => {
  const $ = page(`<div class="content has-sidebar"><div class="txt">${story[0]}<br><br>${story[1]}<br><br><i>${story[2]}</i></div></div>
    <div class="sidebar"><a href="/1">One</a> <a href="/2">Two</a></div>`);
  const main = extractMainText($);
  assert.equal(main.text, [story[0], story[1], story[2]].join('\n\n'));
});

test('hidden elements, scripts and link-only lines are never text; links inside prose are', () => {
  const $ = page(`<article><p style="display:none">${story[3]}</p><script>var x = "${story[3]}";</script>
    <p>${story[0].replace('new ferry terminal', '<a href="/t">new ferry terminal</a>')}</p><p>${story[1]}</p>
    <p><a href="/more">More harbour news</a></p></article>`);
  const main = extractMainText($);
  assert.equal(main.text, [story[0], story[1]].join('\n\n'));
});

test('tables of data are kept row by row; an empty page gives an empty result', () => {
  const $ = page(`<article><p>${story[0]}</p><table><tr><th>Route</th><th>Crossings</th></tr>
    <tr><td>Port Elwen - Skarholm</td><td>14</td></tr></table><p>${story[1]}</p></article>`);
  const main = extractMainText($);
  assert.equal(main.text, [story[0], 'Route Crossings', 'Port Elwen - Skarholm 14', story[1]].join('\n\n'));
  const empty = extractMainText(page(''));
  assert.deepEqual(empty, { html: '', text: '', root: null, method: 'fallback' });
});

test('links in scripts without spaces between words keep a word boundary', () => {
  const $ = page('<article><p>港の新しいターミナルは<a href="/x">Port Elwen</a>で春に開業する予定だと、港湾当局が火曜日に発表した。遅れの理由は鋼材不足である。</p></article>');
  assert.match(extractMainText($).text, /ターミナルは Port Elwen で春/);
});

test('furniture lines: dates, bylines, prompts; story sentences are not', () => {
  for (const line of ['Nov. 19, 2019', 'Wednesday, 20 November 2019 08:05 GMT', 'By Jane Doe — November 18, 2019', 'Share this story', 'You may also like:', '© Jan Holm', '2.289', 'READ MORE: Ferry fares to rise',
    '21:00 Jane Roe', '2 hours ago10:05 Jon King', 'Pictured: the landing stage at dawn', 'Got a story? Email: news@example.org',
    'The new terminal under construction in March. | Foto: Jan Holm',
    // A gallery's position line.
    '1 / 9', 'Image 1 of 9', 'Slide 2 of 5', 'Bild 1 von 9', 'Foto 3 de 12',
    // A date stamp labelled in the page's language ("as of", "updated", "published") with the page-date reader's labels.
    'Stand: 28.04.2023 16:11 Uhr', 'Publié le 18 juil. 2024 à 08:01Mis à jour le 18 juil. 2024 à 09:06', 'Aktualizacja: 19.04.2026 19:45', 'Veröffentlicht am 13. Mai 2026',
    // A reading time, alone or run on to the date; a by-word in an element of its own.
    '3 min read', '3 Minuten Lesezeit', 'Lesedauer: 4 Min.', '8 Min', 'Aktualisiert am 07.01.2026 - 18:50 UhrLesedauer: 4 Min.', 'May 5, 2024 · 6 min read', 'By', 'Von:',
    // The heading of a box of other stories left in the story's container.
    'Lesen Sie mehr zum Thema', 'Mehr zum Thema', 'Auch interessant', 'Czytaj więcej', 'À découvrir', 'Most read in Football',
    // A caption that escaped its figure, its credit label after its last sentence.
    'Der Kapitän auf der Brücke der neuen Fähre. Bildrechte: Förde-Kurier/Jo Kim', 'Der Fahrplan für den Sommer. Bild: Screenshot: foerde.de']) {
    assert.equal(furnitureLine(line), true, line);
  }
  for (const line of [story[0], 'By the end of the year, the council expects the terminal to be busy.', 'In 2019, 14 boats sank.', '1 of 9 boats sank.', 'Image 1 of 9 shows the quay.', 'The ferry left at 10:30 on Monday, officials said.', 'Share prices fell sharply on Monday after the report.', 'Stand der Dinge am 28. April: 14 Fähren fahren wieder.', 'The crossing takes 45 minutes.', 'Read the 5 minutes of footage.', 'Byron Bay', 'Mehr zum Thema Fähren sagte er nichts.', 'Auch interessant war der Preis.', 'Die Fähre fährt täglich. Foto: Das sagte der Kapitän. Er lachte.']) {
    assert.equal(furnitureLine(line), false, line);
  }
  // A byline over the dateline in one paragraph, the line break kept: the story goes on under it; a date under the name does not.
  assert.equal(furnitureLine('By MARIA OLSEN\nWASHINGTON (AP) — The Supreme Court on Friday heard arguments over a congressional map.'), false);
  assert.equal(furnitureLine('By Maria Olsen\nFriday, Jan. 5, 2024'), true);
  assert.equal(dateOnlyLine('2019'), false);
  assert.equal(dateOnlyLine('14'), false);
  // Every zone the calendar knows closes a date line: the regions (CT, MT as ET and PT), Japanese and Korean time, the German names.
  for (const line of ['June 5, 2024, 10:32 a.m. CT', 'June 5, 2024 10:32 MT', '17:41 JST, October 13, 2024', '5. Juni 2024, 10:32 Uhr MESZ']) assert.equal(dateOnlyLine(line), true, line);
});

test('pages nested thousands deep by unclosed tags do not overflow the stack', () => {
  const deep = page(`<article>${'<div><span>Words of a sentence, deep down in the tree. '.repeat(5000)}</article>`);
  assert.ok(extractMainText(deep).text.length > 0);
  const items = page(`<ul>${'<li><div><a href="/x">x</a> and a sentence, long enough to be read as prose by now. '.repeat(5000)}</ul>`);
  assert.doesNotThrow(() => extractMainText(items));
});

test('custom elements inside a paragraph flow inline, as browsers show them', () => {
  const $ = page(`<article><p>${story[0]} (<source-note kind="study"><a href="/s">1</a></source-note>).</p><p>${story[1]}</p></article>`);
  assert.equal(extractMainText($).text, [`${story[0]} (1).`, story[1]].join('\n\n'));
});

test('elements HTML does not define (<person>, <location>) are inline: they do not split the paragraph', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>
    <p>Harbour officials in <location>Port Elwen</location> said on Tuesday that the new ferry terminal would open in spring, the harbour master <person>Ilse Varga</person> told reporters.</p>
    ${story.slice(1).map((p) => `<p>${p}</p>`).join('\n')}</article>`);
  const r = extractMainText($);
  assert.equal(r.text.split('\n\n')[0], 'Harbour officials in Port Elwen said on Tuesday that the new ferry terminal would open in spring, the harbour master Ilse Varga told reporters.');
  assert.equal(r.text.split('\n\n').length, 4);
});

test('a layout block named like furniture that holds the story keeps its sections ("sidebar-grid__container")', () => {
  const section = (p: string): string => `<div class="sidebar-grid__container"><div class="sidebar-grid__content"><p>${p}</p></div>` +
    '<aside class="sidebar-grid__sidebar"><p>Advertisement</p></aside></div>';
  const $ = page(`${nav}<main><article><div class="sidebar-grid sidebar-grid--narrow"><header class="sidebar-grid__header"><h1>Ferry terminal delayed</h1></header>
    ${story.map(section).join('\n')}</div></article></main><div class="sidebar"><p>Our most read stories this week, chosen by readers across the whole of the region.</p></div>`);
  assert.deepEqual(extractMainText($).text.split('\n\n'), [...story]);
});

test('a link inside Japanese or Chinese prose is part of the sentence; beside Latin letters its edge is a word boundary', () => {
  const ja = [
    '北港の港湾局は14日、<a href="/topic/ferry">東航道</a>の浚渫を秋の嵐の前に始めると発表した。五月に二隻のフェリーが座礁したためだという。',
    '工事は来月始まり、小型船の<a href="/topic/slip">スリップウェイ</a>は約三週間閉鎖される。港湾局は船長向けの通知でそう説明した。',
    '地元の漁業者は工事の日程に理解を示しつつも、閉鎖期間中の代替の係留場所を早く示すよう求めている。',
  ];
  const $ = page(`<article><h1>北港</h1>${ja.map((p) => `<p>${p}</p>`).join('')}<p>港湾局によると、<a href="/c">North Harbour Ltd</a>が工事を請け負う。</p></article>`);
  const paras = extractMainText($).text.split('\n\n');
  assert.equal(paras[0], '北港の港湾局は14日、東航道の浚渫を秋の嵐の前に始めると発表した。五月に二隻のフェリーが座礁したためだという。');
  assert.equal(paras[3], '港湾局によると、North Harbour Ltd が工事を請け負う。');
});

test('a link named like furniture ("tag-link") inside running text stays part of the sentence', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1><p>Harbour officials in <a class="tag-link" href="/tags/port-elwen">Port Elwen</a> said on Tuesday that the new ferry terminal would open in spring, two years later than planned.</p>
    ${story.slice(1).map((p) => `<p>${p}</p>`).join('\n')}<div class="tag-list"><a class="tag-link" href="/tags/ferries">Ferries</a> <a class="tag-link" href="/tags/harbour">Harbour</a></div></article>`);
  assert.deepEqual(extractMainText($).text.split('\n\n'), [...story]);
});

test('a slideshow printed on one page: sibling slides named like furniture ("slide") that together hold the story are the story', () => {
  const slides = [
    ['The old ferry Maren, built in 1961, leaves Port Elwen for the last time on a grey morning in March.', 'Her crew of six stayed on board until the final mooring line was thrown, and a brass band played on the quay.'],
    ['The temporary landing stage, which floods at high tide, has served passengers since the old pier was closed.', 'Harbour staff say they pump it out twice a week in winter, and that the handrails have been replaced three times.'],
    ['The new terminal, seen from the breakwater, is due to open in spring after two years of delays and disputes.', 'Its roof is clad in larch from the hills above the town, and the waiting room has seats for two hundred people.'],
  ];
  const $ = page(`<article><h1>Ferry days</h1><section class="slideshow"><div class="slides">${slides.map((s, i) =>
    `<div class="slide"><div class="slide-layout"><div class="slide-ad"><a href="/ads">Advertisement</a></div><p>${s[0]}</p><p>${s[1]}</p></div>` +
    `<div class="slide-share"><a href="#">Share slide ${i + 1}</a></div></div>`).join('')}</div></section>` +
    `<div class="related-box"><p>Read more about the harbour, its ferries and the people who work there, in our special section.</p></div></article>`);
  assert.deepEqual(extractMainText($).text.split('\n\n'), slides.flat());
});

test('a run of modules in a sidebar is not a slideshow when the page\'s story lies elsewhere', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('\n')}</article>` +
    `<aside class="side">${[1, 2, 3].map((i) => `<div class="side-module"><p>Module ${i}: the weather at sea, the tide table and the ferry timetable for the coming week.</p></div>`).join('')}</aside>`);
  assert.deepEqual(extractMainText($).text.split('\n\n'), [...story]);
});

test('a teaser articleBody (the slideshow\'s introduction only) does not cut the slides it does not quote', () => {
  const intro = 'Port Elwen said goodbye to its last ferry of the old fleet this spring. Here are the pictures from her final season on the sound, and from the new terminal that replaces her landing stage. Our photographer spent four weeks on board with the crew of six.';
  const texts = story.map((p) => `${p} The crossing to the islands took forty minutes that day, in a light westerly wind.`);
  const slides = texts.map((p) => `<div class="slide"><p>${p}</p></div>`).join('');
  const $ = page(`<article><h1>Ferry days</h1><div class="intro"><p>${intro}</p></div><section class="slideshow-container"><div class="slide-wrapper">${slides}</div></section></article>`);
  assert.deepEqual(extractMainText($, { articleBody: intro }).text.split('\n\n'), [intro, ...texts]);
});

test('a page rendered by script: with no prose in the markup, the story HTML serialised in an inline script\'s JSON is read', () => {
  const html = `${story.map((p) => `<p>${p}</p>`).join('')}`;
  const state = JSON.stringify({ props: { article: { id: 7, teaser: 'Short teaser text that is not the story at all, only a line.', contentHtml: html } } }).replace(/</g, '\\u003c');
  const $ = page(`<div id="app"><header><a href="/">Port Elwen Gazette</a></header><div class="loading">Loading…</div></div>` +
    `<script id="__NEXT_DATA__" type="application/json">${state}</script>`);
  const main = extractMainText($);
  assert.equal(main.method, 'script-html');
  assert.deepEqual(main.text.split('\n\n'), [...story]);
  // Prose in the markup wins: the script is not read.
  const $2 = page(`<article>${story.map((p) => `<p>${p}</p>`).join('')}</article><script>window.__STATE__ = ${JSON.stringify({ body: `<p>Another story entirely, about the lighthouse.</p><p>${story[0]}</p>` })};</script>`);
  assert.notEqual(extractMainText($2).method, 'script-html');
});

test('a modal layer (aria-modal="true": a consent or privacy notice over the page) is never the story, however much prose it holds', () => {
  const policy = Array.from({ length: 8 }, (_, i) => `<p>Privacy notice part ${i + 1}: we and our partners store and read information on your device, such as cookies and unique identifiers, to measure audiences, personalise content and show advertising, and you may withdraw consent at any time in the settings.</p>`).join('');
  const $ = page(`<article><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('\n')}</article>` +
    `<div role="dialog" aria-modal="true" class="consent-panel"><h2>Your privacy</h2>${policy}<button>Accept all</button></div>`);
  assert.deepEqual(extractMainText($).text.split('\n\n'), [...story]);
});

test('templating code left in the markup ({{…}}, {% … %}) is not story text', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('\n')}` +
    '<p>{{#each related}}<a href="{{url}}">{{headline}}</a>{{/each}}</p><p>{% for tag in tags %}{{ tag.name }}{% endfor %}</p></article>');
  assert.deepEqual(extractMainText($).text.split('\n\n'), [...story]);
  // Code a page sets in <pre> is its content: a programming article's examples stay.
  const code = 'function greet(name) { const who = name || "crew"; return `Ahoy ${who}`; }';
  const $$ = page(`<article><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('\n')}<pre>${code}</pre></article>`);
  assert.ok(extractMainText($$).text.includes('function greet(name)'));
});

test('the byline printed in the story\'s container, at its head or foot, is no story text; a sentence naming the writer is', () => {
  const body = (byline: string, signature: string): string => `<article><h1>Ferry terminal delayed</h1><p>${byline}</p>${story.map((p) => `<p>${p}</p>`).join('')}<p>${signature}</p></article>`;
  const $ = page(body('5 June 2024 | Ilka Berg', 'Ilka Berg'));
  assert.equal(extractMainText($, { headline: 'Ferry terminal delayed', bylineNames: ['Ilka Berg'] }).text, story.join('\n\n'));
  // Without the byline's names nothing is known to be one.
  assert.equal(extractMainText($, { headline: 'Ferry terminal delayed' }).text.split('\n\n').length, story.length + 2);
  const sentence = page(body('Ilka Berg reports from the harbour, where the ferries have stopped.', 'Ilka Berg'));
  assert.equal(extractMainText(sentence, { headline: 'Ferry terminal delayed', bylineNames: ['Ilka Berg'] }).text.split('\n\n')[0], 'Ilka Berg reports from the harbour, where the ferries have stopped.');
});

test('bylineOnlyLine: the names with by-words, dates and separators, nothing else', () => {
  const names = ['Ilka Berg', 'Jon Kim'];
  for (const line of ['Ilka Berg', 'By Ilka Berg and Jon Kim', 'Von Ilka Berg | 05.06.2024, 10:32 Uhr', '5 June 2024 / Ilka Berg', 'Ilka Berg, Jon Kim']) assert.ok(bylineOnlyLine(line, names), line);
  for (const line of ['Ilka Berg is our harbour correspondent.', 'Photo: Ilka Berg', 'Ilka Bergström', 'Jane Roe', 'Ilka Berg in Port Elwen']) assert.ok(!bylineOnlyLine(line, names), line);
  assert.ok(!bylineOnlyLine('Ilka Berg', []));
});

test('a digest\'s list items, each a sentence that opens with a bold link and goes on past it, are story paragraphs; a list of teasers whose text starts afresh after the link is not', () => {
  const items = [
    ['The port reopened to cargo ships after storm repairs', '. Harbour workers finished the last concrete blocks on Tuesday night, three weeks after the storm.'],
    ['Ferries to Holm Island are back on their winter timetable', '. The operator had cut crossings to two a day while the ramp at Carrick was repaired.'],
    ['The harbour board approved a second container crane', ', which will double the quay\'s capacity when it arrives next spring, the board said.'],
  ] as const;
  const digest = `<ol>${items.map(([link, rest]) => `<li><strong><a href="/x">${link}</a>${rest.slice(0, 1)}</strong>${rest.slice(1)}</li>`).join('')}</ol>`;
  const teasers = `<ul>${['Tug crews agree new pay deal', 'New ferry launched at Tarn yard', 'Dredging to start in the estuary'].map((t) => `<li><a href="/t">${t}</a> WEXLEY: Crews at the port have agreed a two-year pay deal after talks that ran through the night, the union said on...</li>`).join('')}</ul>`;
  const $ = page(`${nav}<article><h1>Five things in shipping</h1><p>${story[0]}</p>${digest}<p>${story[1]}</p>${teasers}</article>`);
  const main = extractMainText($, { headline: 'Five things in shipping' });
  assert.deepEqual(main.text.split('\n\n'), [story[0], ...items.map(([link, rest]) => `${link}${rest}`), story[1]]);
});

test('itemprop=articleBody wins when it holds half the prose: a comment thread under hashed class names stays out', () => {
  const comments = [
    'I have taken this ferry for twenty years and the temporary stage is the worst it has ever been, frankly.',
    'Two years late is better than a terminal that floods, which is what we were promised the last time around.',
    'Does anyone know whether the trial crossings in March will take foot passengers, or only freight and cars?',
  ];
  const $ = page(`<div class="c8f2k1"><div class="c1x9q"><h1>Ferry terminal delayed</h1>
    <div class="cq71z" itemprop="articleBody">${story.map((p) => `<p>${p}</p>`).join('')}</div></div>
    <div class="c5m2w">${comments.map((c, i) => `<div class="c0p3r"><span class="c7u1">reader${i}</span><p>${c}</p></div>`).join('')}</div></div>`);
  const main = extractMainText($);
  assert.equal(main.method, 'itemprop');
  assert.equal(main.text, story.join('\n\n'));
});

test('the story\'s first block that prints the headline again outside a heading is no text', () => {
  const $ = page(`<article><div class="article-title">Ferry terminal delayed</div>${story.map((p) => `<p>${p}</p>`).join('\n')}</article>`);
  assert.equal(extractMainText($, { headline: 'Ferry terminal delayed' }).text, story.join('\n\n'));
  // Further down, a paragraph that repeats the headline's words stays.
  const later = page(`<article>${story.map((p) => `<p>${p}</p>`).join('\n')}<p>Ferry terminal delayed</p></article>`);
  assert.equal(extractMainText(later, { headline: 'Ferry terminal delayed' }).text.split('\n\n').length, story.length + 1);
});

test('a kicker printed over the story\'s <h1> (an overline, a Dachzeile) is no text', () => {
  const $ = page(`<article><header><p class="overline">Hafenpolitik</p><h1>Ferry terminal delayed</h1></header>${story.map((p) => `<p>${p}</p>`).join('\n')}</article>`);
  assert.equal(extractMainText($, { headline: 'Ferry terminal delayed' }).text, story.join('\n\n'));
  // A sentence over the headline stays: it is no kicker.
  const sentence = page(`<article><p>The harbour board met again on Tuesday night.</p><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('\n')}</article>`);
  assert.equal(extractMainText(sentence, { headline: 'Ferry terminal delayed' }).text.split('\n\n').length, story.length + 1);
});

test('a credit line of a role other than writing ("Edited by", "Fact checked by", "Reviewed by") is no story text', () => {
  for (const line of ['Edited by Tobias Renner', 'Fact checked by Lena Voss', 'Fact-checked by Lena Voss and Ole Brandt', 'Reviewed by Lena Voss']) {
    assert.equal(furnitureLine(line), true, line);
  }
  // Story text that opens with the same words names no people after them.
  for (const line of ['Edited by hand, the ledger shows every sale of the season.', 'Reviewed by the council, the plan goes to a vote in May.', 'Written by Maren Holt']) {
    assert.equal(furnitureLine(line), line === 'Written by Maren Holt', line);
  }
});

test('a footnote\'s back-link ("↩", "↩︎", role doc-backlink) is no story text; the note itself stays', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>
    ${story.map((p) => `<p>${p}</p>`).join('\n')}
    <ol class="notes"><li id="fn1">Port Elwen harbour board, annual report 2025. <a href="#r1">↩︎</a></li>
    <li id="fn2">Minutes of the council meeting of 3 March. <a href="#r2" role="doc-backlink">back</a></li></ol></article>`);
  const main = extractMainText($, { headline: 'Ferry terminal delayed' });
  assert.doesNotMatch(main.text, /↩|back$/);
  assert.match(main.text, /annual report 2025\.\n\nMinutes of the council meeting of 3 March\.$/);
});

test('the label and button of an embed waiting for consent, and the label of a table of contents, are furniture lines', () => {
  for (const line of ['Externer Inhalt', 'Contenido externo', 'Contenu externe', 'External content', 'Load content', 'Inhalt laden', 'Cargar contenido', 'Contents', 'Table of contents', 'Inhaltsverzeichnis', 'Sommaire', 'Índice']) {
    assert.equal(furnitureLine(line), true, line);
  }
  for (const line of ['The contents of the warehouse were sold at auction on Friday.', 'Inhalt und Form des Vertrags sind umstritten.']) assert.equal(furnitureLine(line), false, line);
});

test('a paragraph made mostly of one link set inside its sentence is story text; a line of links is not', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>
    ${story.map((p) => `<p>${p}</p>`).join('\n')}
    <p>Read the <a href="/report.pdf">harbour board's full report on the dredging permits and the steel order</a>.</p>
    <p><a href="/a">Ferry fares frozen for another year</a> <a href="/b">Harbour wall repairs to start in May</a>.</p></article>`);
  const main = extractMainText($, { headline: 'Ferry terminal delayed' });
  assert.deepEqual(main.text.split('\n\n'), [...story, "Read the harbour board's full report on the dredging permits and the steel order."]);
});

test('a short box beside a form asking for an e-mail address is a sign-up box, whatever its words and class names', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>
    <p>${story[0]}</p><p>${story[1]}</p>
    <div class="m-3x"><p>Recevez chaque matin l'essentiel de l'actualité du port, gratuitement.</p>
    <form action="/nl"><label>Adresse <input type="email" name="e"></label><button>Je m'inscris</button></form></div>
    <p>${story[2]}</p><p>${story[3]}</p></article>`);
  const main = extractMainText($, { headline: 'Ferry terminal delayed' });
  assert.equal(main.text, story.join('\n\n'));
});

test('a block that opens with a rel=author link and goes on about the writer is the author\'s note, no story text', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>
    ${story.map((p) => `<p>${p}</p>`).join('\n')}
    <div class="c7"><img src="/ab.jpg" alt=""><p><strong><a href="/authors/ana-berg" rel="author">Ana Berg</a></strong> covers the harbour and the islands for the paper.</p></div></article>`);
  const main = extractMainText($, { headline: 'Ferry terminal delayed' });
  assert.equal(main.text, story.join('\n\n'));
});

test('a sub-head before the first paragraph stays when the page\'s table of contents links to it; an unlinked one is a standfirst', () => {
  const body = `<h2 id="delay">Why the terminal is late</h2><p>${story[0]}</p><p>${story[1]}</p><h2 id="town">What the town says</h2><p>${story[2]}</p><p>${story[3]}</p>`;
  const linked = extractMainText(page(`<article><h1>Ferry terminal delayed</h1><nav><ol><li><a href="#delay">Why the terminal is late</a></li><li><a href="#town">What the town says</a></li></ol></nav>${body}</article>`), { headline: 'Ferry terminal delayed' });
  assert.deepEqual(linked.text.split('\n\n'), ['Why the terminal is late', story[0], story[1], 'What the town says', story[2], story[3]]);
  const unlinked = extractMainText(page(`<article><h1>Ferry terminal delayed</h1>${body}</article>`), { headline: 'Ferry terminal delayed' });
  assert.deepEqual(unlinked.text.split('\n\n'), [story[0], story[1], 'What the town says', story[2], story[3]]);
});

test('a short box headed by a whole line of furniture wording (a consent placeholder\'s "Contenido externo") is furniture with all it holds', () => {
  const $ = page(`<article><h1>Ferry terminal delayed</h1>
    <p>${story[0]}</p><p>${story[1]}</p>
    <div class="e-21"><p>Contenido externo</p><p>Este contenido de Instagram no se muestra porque no has aceptado las cookies de terceros.</p></div>
    <p>${story[2]}</p><p>${story[3]}</p></article>`);
  const main = extractMainText($, { headline: 'Ferry terminal delayed' });
  assert.equal(main.text, story.join('\n\n'));
});

test('a comment thread\'s heading ("3 responses to “<title>”", a "Leave a Reply" or "Top Rated Comments" heading) ends the story, whatever the markup calls the thread', () => {
  const comments = ['Finally some honesty from the harbour office, though two years is a long time to wait for a roof over the landing stage.',
    'I took the ferry every day last winter and the landing stage flooded at least twice a week, so this news is hard to take.',
    'The council should publish the dredging permits so that residents can see for themselves why the work has stalled again.'];
  const thread = `<div class="x9"><h3>3 responses to “Ferry terminal delayed”</h3><ol>${comments.map((c, i) => `<li><div class="x2"><b>Reader ${i + 1}</b> said:</div><p>${c}</p></li>`).join('')}</ol></div>`;
  const main = extractMainText(page(`<div class="a1"><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('')}${thread}</div>`), { headline: 'Ferry terminal delayed' });
  assert.equal(main.text, story.join('\n\n'));
  const form = `<div class="x3"><h3>Leave a Reply</h3><p>Your e-mail address will not be published, and comments are checked by our moderators before they appear below the story.</p></div>`;
  const replied = extractMainText(page(`<div class="a1"><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('')}${form}</div>`), { headline: 'Ferry terminal delayed' });
  assert.equal(replied.text, story.join('\n\n'));
  // A heading that only names the thread ("Top Rated Comments", "Kommentare (2)") opens it too.
  for (const h of ['Top Rated Comments', 'Kommentare (2)']) {
    const named = extractMainText(page(`<div class="a1"><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('')}<div class="x9"><h2>${h}</h2>${comments.map((c) => `<div class="x4"><p>${c}</p><span>Rating: 12 Votes</span></div>`).join('')}</div></div>`), { headline: 'Ferry terminal delayed' });
    assert.equal(named.text, story.join('\n\n'), h);
  }
  // A paragraph that only reads "Leave a comment" or "12 comments" (a share row's link or counter) ends nothing.
  const counter = extractMainText(page(`<div class="a1"><h1>Ferry terminal delayed</h1><p>${story[0]}</p><p>${story[1]}</p><p>12 Comments</p><p>${story[2]}</p><p>${story[3]}</p></div>`), { headline: 'Ferry terminal delayed' });
  assert.ok(counter.text.includes(story[3]));
  const row = extractMainText(page(`<div class="a1"><h1>Ferry terminal delayed</h1><p>${story[0]}</p><p>${story[1]}</p><p>Leave a comment</p><p>${story[2]}</p><p>${story[3]}</p></div>`), { headline: 'Ferry terminal delayed' });
  assert.ok(row.text.includes(story[3]));
});

test('Hindi sentences ending on the danda and Thai ones ending on a space are prose, not furniture', () => {
  const hi = [
    'नदी किनारे बने नए पुल को सोमवार को लोगों के लिए खोल दिया गया।',
    'नगर निगम के अनुसार पुल पर रोशनी लगाई गई है और साइकिल चलाने के लिए अलग लेन बनाई गई है।',
    'पुल सुबह छह बजे से रात दस बजे तक खुला रहेगा।',
  ];
  const $hi = page(`${nav}<article><h1>नया पुल खुला</h1><figure><img src="/a.jpg"><figcaption>नया पुल। (फोटो: समाचार)</figcaption></figure>${hi.map((p) => `<p>${p}</p>`).join('')}</article>`);
  assert.deepEqual(extractMainText($hi).text.split('\n\n'), hi);
  const th = [
    'สะพานคนเดินแห่งใหม่ริมแม่น้ำเปิดให้ประชาชนใช้งานวันจันทร์ที่ผ่านมา หลังก่อสร้างนานสองปี',
    'เจ้าหน้าที่เทศบาลระบุว่าสะพานมีไฟส่องสว่างและทางลาดสำหรับผู้ใช้รถเข็น',
    'สะพานเปิดทุกวันตั้งแต่หกโมงเช้าถึงสี่ทุ่ม',
  ];
  const $th = page(`${nav}<article><h1>สะพานใหม่เปิดแล้ว</h1><figure><img src="/a.jpg"><figcaption>สะพานคนเดินแห่งใหม่ริมแม่น้ำในวันเปิดใช้งาน (ภาพ: ข่าวตัวอย่าง)</figcaption></figure>${th.map((p) => `<p>${p}</p>`).join('')}</article>`);
  assert.deepEqual(extractMainText($th).text.split('\n\n'), th);
});

test('a paragraph that is a thread\'s whole heading ends the story; a story sentence that opens as one does not', () => {
  const wrap = (middle: string): string => `<div class="a1"><h1>Ferry terminal delayed</h1>${story.map((p) => `<p>${p}</p>`).join('')}${middle}</div>`;
  const thread = '<p>2 thoughts on “Ferry terminal delayed”</p><p>Finally some honesty from the harbour office, though two years is a long time to wait for a roof over the landing stage.</p>';
  assert.equal(extractMainText(page(wrap(thread)), { headline: 'Ferry terminal delayed' }).text, story.join('\n\n'));
  const more = ['One response to “the delay” came from the ferry workers\' union, which said its members would lose a season of overtime.',
    'The council will meet again in June to decide whether the temporary landing stage should get a roof before the winter.'];
  const kept = extractMainText(page(wrap(more.map((p) => `<p>${p}</p>`).join(''))), { headline: 'Ferry terminal delayed' });
  assert.equal(kept.text, [...story, ...more].join('\n\n'));
});

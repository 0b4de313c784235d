import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPage } from '../../src/html/page.js';
import { articleNode, headlineOf, printedStandfirst } from '../../src/html/metadata.js';

/** The headline wiredesk reads from an invented page. */
const headline = (html: string): string | null => {
  const page = loadPage(html);
  return headlineOf(page, articleNode(page))?.value ?? null;
};

const story = '<p>The council of Marrow Bay voted on Tuesday to keep the old lighthouse open to visitors.</p>';

test('a headline set over two lines with <br> keeps the space between them', () => {
  assert.equal(headline(`<html><head></head><body><article><h1>Marrow Bay keeps its lighthouse<br/>open to winter visitors</h1>${story}</article></body></html>`),
    'Marrow Bay keeps its lighthouse open to winter visitors');
  assert.equal(headline(`<html><head><title>Lindenhagen öffnet sein altes Freibad auch im Sommer | Lindenhagener Bote</title></head><body><article><h1>Lindenhagen öffnet sein altes Freibad<br>auch im Sommer</h1>${story}</article></body></html>`),
    'Lindenhagen öffnet sein altes Freibad auch im Sommer');
});

test('soft hyphens a page sets in long words are no part of the headline, and do not keep the <h1> from matching the <title>', () => {
  assert.equal(headline(`<html><head><meta property="og:title" content="Bundes\u00ADverwaltungs\u00ADgericht kippt die Lindenhagener Bäder\u00ADverordnung"></head><body><article><h1>Bundes&shy;verwaltungs&shy;gericht kippt die Lindenhagener Bäder&shy;verordnung</h1>${story}</article></body></html>`),
    'Bundesverwaltungsgericht kippt die Lindenhagener Bäderverordnung');
  // The <title> without the soft hyphens is cut where the <h1>'s words end.
  assert.equal(headline(`<html><head><title>Bundesverwaltungsgericht kippt die Bäderverordnung | Politik | Lindenhagener Bote</title></head><body><article><h1>Bundes&shy;verwaltungs&shy;gericht kippt die Bäder&shy;verordnung</h1>${story}</article></body></html>`),
    'Bundesverwaltungsgericht kippt die Bäderverordnung');
});

test('a metadata headline shortened with an ellipsis is read in full from the <h1> that prints it', () => {
  const full = 'Marrow Bay council keeps its restored lighthouse open to winter visitors after a long debate over the cost of heating the cottage';
  const ld = (h: string): string => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: h })}</script>`;
  assert.equal(headline(`<html><head>${ld(full.slice(0, 106) + '...')}</head><body><article><h1>${full}</h1>${story}</article></body></html>`), full);
  assert.equal(headline(`<html><head><meta property="og:title" content="${full.slice(0, 60)}…"></head><body><article><h1>${full}</h1>${story}</article></body></html>`), full);
  // A headline that ends with an ellipsis of its own, and an <h1> that does not go on from it, stay as stated.
  assert.equal(headline(`<html><head><meta property="og:title" content="Marrow Bay waits for the ferry…"></head><body><article><h1>Marrow Bay waits for the ferry…</h1>${story}</article></body></html>`), 'Marrow Bay waits for the ferry…');
  assert.equal(headline(`<html><head><meta property="og:title" content="Marrow Bay keeps its lighthouse…"></head><body><article><h1>Lindenhagen opens its pool</h1>${story}</article></body></html>`), 'Marrow Bay keeps its lighthouse…');
});

test('a <title> that names its section before the site name is cut where the <h1> ends', () => {
  assert.equal(headline(`<html><head><title>Bellerive rouvre son musée du canal – Culture – Le Courrier de Bellerive</title><meta property="og:site_name" content="Le Courrier de Bellerive"></head><body><article><h1>Bellerive rouvre son musée du canal</h1>${story}</article></body></html>`),
    'Bellerive rouvre son musée du canal');
  // No <h1> prints a part of it: the title as the site's name leaves it.
  assert.equal(headline(`<html><head><title>Bellerive rouvre son musée du canal – Culture – Le Courrier de Bellerive</title><meta property="og:site_name" content="Le Courrier de Bellerive"></head><body><article>${story}</article></body></html>`),
    'Bellerive rouvre son musée du canal – Culture');
});

test('a Chinese or Japanese <title> sets the site name off with a full-width bar or lenticular brackets', () => {
  assert.equal(headline(`<html><head><title>南湾市老灯塔冬季继续向游客开放｜南湾日报</title><meta property="og:site_name" content="南湾日报"></head><body><article><p>南湾市议会周二投票决定，冬季期间继续向游客开放老灯塔。</p></article></body></html>`),
    '南湾市老灯塔冬季继续向游客开放');
  assert.equal(headline(`<html><head><title>【北浜新報】北浜市、旧灯台を冬も一般公開へ</title></head><body><article><h1>北浜市、旧灯台を冬も一般公開へ</h1><p>北浜市の市議会は火曜日、旧灯台を冬の間も一般に公開し続けることを決めた。</p></article></body></html>`),
    '北浜市、旧灯台を冬も一般公開へ');
  assert.equal(headline(`<html><head><title>【南湾日报】南湾市老灯塔冬季继续向游客开放</title><meta property="og:site_name" content="南湾日报"></head><body><article><p>南湾市议会周二投票决定，冬季期间继续向游客开放老灯塔。</p></article></body></html>`),
    '南湾市老灯塔冬季继续向游客开放');
  // A bracketed label that no <h1> confirms stays: "【速報】" (breaking) opens the headline itself.
  assert.equal(headline(`<html><head><title>【速報】北浜市、旧灯台を冬も一般公開へ</title></head><body><article><p>北浜市の市議会は火曜日、旧灯台を冬の間も一般に公開し続けることを決めた。</p></article></body></html>`),
    '【速報】北浜市、旧灯台を冬も一般公開へ');
});

test('a kicker the <h1> opens with in an element of its own is cut off where the <title> prints the headline without it', () => {
  assert.equal(headline(`<html><head><title>Lindenhagen öffnet sein altes Freibad | Lindenhagener Bote</title></head><body><article><h1><span class="kicker">Sommer in Lindenhagen:</span> Lindenhagen öffnet sein altes Freibad</h1>${story}</article></body></html>`),
    'Lindenhagen öffnet sein altes Freibad');
  // A <title> that prints the kicker too keeps it: the kicker is part of the headline as the site words it.
  assert.equal(headline(`<html><head><title>Sommer in Lindenhagen: Lindenhagen öffnet sein altes Freibad | Lindenhagener Bote</title></head><body><article><h1><span class="kicker">Sommer in Lindenhagen:</span> Lindenhagen öffnet sein altes Freibad</h1>${story}</article></body></html>`),
    'Sommer in Lindenhagen: Lindenhagen öffnet sein altes Freibad');
});

test('a <title> that is only the site\'s name gives way to the headline the <h1> prints', () => {
  const masthead = '<header><a class="logo" href="/">Harbour Gazette</a></header>';
  assert.equal(headline(`<html><head><title>Harbour Gazette</title></head><body>${masthead}<article><h1>Marrow Bay keeps its lighthouse open</h1>${story}</article></body></html>`),
    'Marrow Bay keeps its lighthouse open');
  assert.equal(headline(`<html><head><title>Harbour Gazette</title><meta property="og:site_name" content="Harbour Gazette"></head><body><article><h1>Marrow Bay keeps its lighthouse open</h1>${story}</article></body></html>`),
    'Marrow Bay keeps its lighthouse open');
  // A title that names no link home and no declared site stays the title.
  assert.equal(headline(`<html><head><title>Harbour Gazette</title></head><body><header><a href="/about">Harbour Gazette</a></header><article><h1>Marrow Bay keeps its lighthouse open</h1>${story}</article></body></html>`),
    'Harbour Gazette');
});

test('with no <h1>, the heading of the page\'s one <article> confirms where the <title>\'s section trail begins', () => {
  const page = (body: string): string => `<html><head><title>Marrow Bay keeps its lighthouse open | Local News | Harbour Gazette</title><meta property="og:site_name" content="Harbour Gazette"></head><body>${body}</body></html>`;
  assert.equal(headline(page(`<article><h2>Marrow Bay keeps its lighthouse open</h2>${story}</article>`)), 'Marrow Bay keeps its lighthouse open');
  // Several articles are a list of teasers: their headings confirm nothing.
  assert.equal(headline(page(`<article><h2>Marrow Bay keeps its lighthouse open</h2>${story}</article><article><h2>Ferry timetable changes</h2></article>`)),
    'Marrow Bay keeps its lighthouse open | Local News');
});

test('the "chapo" or "chapeau" French desks print under the headline is the page\'s standfirst', () => {
  const page = loadPage(`<html><head><title>Bellerive rouvre son musée</title></head><body><article><h1>Bellerive rouvre son musée du canal</h1><p class="article-chapo">Les collections restaurées seront visibles dès le mois de mars.</p><p>Le conseil municipal de Bellerive a voté mardi la réouverture du musée.</p></article></body></html>`);
  assert.equal(printedStandfirst(page)?.value, 'Les collections restaurées seront visibles dès le mois de mars.');
  // A class that only contains the letters ("chapon") names no standfirst.
  const other = loadPage(`<html><head><title>Bellerive rouvre son musée</title></head><body><article><h1>Bellerive rouvre son musée du canal</h1><p class="chapon">Les collections restaurées seront visibles dès le mois de mars.</p><p>Le conseil municipal de Bellerive a voté mardi la réouverture du musée.</p></article></body></html>`);
  assert.equal(printedStandfirst(other), null);
});

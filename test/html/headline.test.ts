import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPage } from '../../src/html/page.js';
import { articleNode, headlineOf } from '../../src/html/metadata.js';

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

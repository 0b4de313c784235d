import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseByline } from '../src/extract/bylines.js';
import { splitCaptionCredit, splitTrailingCredit } from '../src/extract/captions.js';
import { parseCredit } from '../src/extract/credits.js';
import { stripContactDetails } from '../src/extract/names.js';
import { extractCopyrightLine } from '../src/extract/trailer.js';
import { trimBylineText } from '../src/html/page-bylines.js';
import { ingestItem } from '../src/pipeline/ingest.js';
import { reflowParagraphs, wrapWidth } from '../src/text/reflow.js';
import { loadFragment } from '../src/html/fragment.js';
import { removeNodes } from '../src/html/dom.js';
import { standsAlone } from '../src/text/page-line-kinds.js';

// Hostile input: long runs of one character before a character that ends no pattern. A pattern
// that retries every start of such a run (`[.\s]+$`, `\s*=\s*$`, an e-mail pattern over the whole
// text) is quadratic and takes seconds on 100 KB; a linear reader takes milliseconds. The bound is
// far above the normal cost: it catches blow-ups, not slowness.

const RUN = 100_000;
const BOUND_MS = 3_000;
const CHARS = [' ', '.', '=', '-', '|', ',', ';', ':', '(', ')', '<', '@', '_', '*', '/', '\u00a0', 'a', '1'];

function within(what: string, fn: () => unknown): void {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  assert.ok(ms < BOUND_MS, `${what} took ${ms.toFixed(0)} ms`);
}

test('the credit engine reads 100 KB runs of one character in linear time', () => {
  for (const ch of CHARS) {
    const s = `By Ana ${ch.repeat(RUN)}x`;
    const label = `run of ${JSON.stringify(ch)}`;
    within(`parseByline, ${label}`, () => parseByline(s, 'author', { from: 'text', rule: 'test' }));
    within(`stripContactDetails, ${label}`, () => stripContactDetails(s));
    within(`splitCaptionCredit, ${label}`, () => splitCaptionCredit(s));
    within(`splitTrailingCredit, ${label}`, () => splitTrailingCredit(s));
    within(`parseCredit, ${label}`, () => parseCredit(s));
    within(`trimBylineText, ${label}`, () => trimBylineText(s));
    within(`extractCopyrightLine, ${label}`, () => extractCopyrightLine(`Text.\n\nCopyright ${ch.repeat(RUN)}x`));
  }
});

test('readers of legacy wires, web pages and page text take 100 KB runs of one character in linear time', () => {
  for (const ch of CHARS) {
    const run = ch.repeat(RUN);
    const label = `run of ${JSON.stringify(ch)}`;
    const inputs: Array<[string, string]> = [
      ['text dump', `Ferry fares rise\nBy Ana Ruiz ${run}x\n${run}x\nThe harbour board agreed on Thursday to raise fares on the island ferries from next month.`],
      ['ANPA-1312', `\u0016\u0016\u0001a0001 r f BC-Ferry ${run}x\n\u0002   Ferry fares rise ${run}x <\n   By Ana Ruiz ${run}=\n   The board agreed.\n\u0003`],
      ['IPTC 7901', `\u0001ZCZC\nAAA001 4 wi 0200\n\u0002Ferry fares rise ${run}=\nBy Ana Ruiz ${run}x\nThe board agreed.\n\u0003`],
      ['web page', `<html><head><title>Ferry fares rise ${run}x</title></head><body><article><h1>Ferry fares rise</h1><p class="byline">By Ana ${run}x</p><figure><img src="https://img.example/a.jpg"><figcaption>The quay ${run}x</figcaption></figure><p>The board agreed.</p></article></body></html>`],
    ];
    for (const [name, text] of inputs) within(`${name}, ${label}`, () => ingestItem({ bytes: Buffer.from(text), path: 'hostile' }));
  }
});

test('parseByline reads long runs of source-credit leads, "with" and one-letter words in linear time', () => {
  for (const unit of [' mit', ' (avec', 'Jo Kim with ', 'Jo Kim a ', 'Jo Kim, Fotos ', ' · 5 min read', ' Published']) {
    const s = `By Ana Ruiz ${unit.repeat(Math.ceil(RUN / unit.length))}AFP`;
    within(`parseByline, run of ${JSON.stringify(unit)}`, () => parseByline(s, 'author', { from: 'text', rule: 'test' }));
  }
});

test('parseByline joins names around "with" in linear time, however many times "with" comes', () => {
  // Each "with" once re-split the whole text joined so far: 300 KB of "Jo Kim with " took some 17 s.
  for (const unit of ['Jo Kim with ', 'Jo Kim, with ']) {
    const s = `By Ana Ruiz ${unit.repeat(Math.ceil((3 * RUN) / unit.length))}Tom Kay`;
    within(`parseByline, 300 KB run of ${JSON.stringify(unit)}`, () => parseByline(s, 'author', { from: 'text', rule: 'test' }));
  }
});

test('parseByline reads a place of many hyphenated parts in linear time', () => {
  // The place after "in" tried every split of its word at each hyphen: 28 parts took some 7 s, each one more doubling it.
  for (const place of ['A-'.repeat(28), 'Port-au-'.repeat(28), 'A-de-'.repeat(28)]) {
    within(`parseByline, "in ${place.slice(0, 12)}…"`, () => parseByline(`By Jo Kim in ${place}!`, 'author', { from: 'text', rule: 'test' }));
  }
});

test('a feed item whose closing link text is a long run of arrows is read in linear time', () => {
  for (const ch of ['»', '→', '…', ' ']) {
    const run = ch.repeat(RUN);
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title><item><title>Ferry fares rise</title><guid>ferry-1</guid><description><![CDATA[<p>The board agreed on Thursday to raise fares.</p><p><a href="https://harbour.example/ferry">Read more ${run}x</a></p>]]></description></item></channel></rss>`;
    within(`feed closing link, run of ${JSON.stringify(ch)}`, () => ingestItem({ bytes: Buffer.from(rss), path: 'hostile.xml' }));
  }
});

test('reflowing hard-wrapped text reads a 100 KB line among wrapped ones in linear time', () => {
  const para = ['The council voted on Monday to keep the late-night ferry to the mainland', 'running for another two years, after a petition signed by more than', 'three thousand residents of the town and the villages along the coast.'];
  const wrapped = Array.from({ length: 8 }, () => para.join('\n')).join('\n\n');
  for (const ch of CHARS) {
    const run = ch.repeat(RUN);
    for (const line of [`A heading of ${run}x`, `A heading of ${run}`, `A heading of x${run}`, `A heading of ${run}1`]) {
      const text = `${wrapped}\n\n${line}\nWith the vote the crossing runs on, the council said on Monday evening.\n\n${wrapped}`;
      // (Text read as hard-wrapped, so that every line's test runs.)
      assert.ok(wrapWidth(text), `wrapped, run of ${JSON.stringify(ch)}`);
      within(`reflowParagraphs, run of ${JSON.stringify(ch)}`, () => reflowParagraphs(text, { standsAlone }));
    }
  }
});

test('a fragment of 100,000 top-level nodes is parsed, and 50,000 of them taken out, in linear time', () => {
  // (parse5's fragment parsing moved each top-level node out of a template's child list with a search and a
  // splice, and removing one node at a time spliced its parent's list each time: minutes for this input.)
  const html = '<p>Words of the story.</p><figure><img src="https://img.example/a.jpg" alt=""></figure>'.repeat(50_000);
  let fragment: ReturnType<typeof loadFragment> | undefined;
  within('loadFragment, 100,000 top-level nodes', () => { fragment = loadFragment(html); });
  const figures = fragment!.$('figure').toArray();
  assert.equal(figures.length, 50_000);
  within('removeNodes, 50,000 siblings', () => removeNodes(figures));
  assert.equal(fragment!.top.children().length, 50_000);
  assert.equal(fragment!.html().startsWith('<p>Words of the story.</p><p>Words of the story.</p>'), true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { alreadyClean, htmlDocumentToText } from '../../src/text/html-body.js';
import { cleanMarkupToText, parseCleanMarkup, serializeCleanMarkup } from '../../src/text/clean-markup.js';
import { editHtml } from '../../src/pipeline/edit-html.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { DomUtils } from 'htmlparser2';

// Markup pieces: the tags the fast path allows (and some it refuses), attributes, entities and
// words, so that generated bodies are often clean and often have several paragraphs.
const TOKENS = [
  '<p>', '</p>', '<p>', '</p>', '<b>', '</b>', '<i>', '</i>', '<em>', '</em>', '<strong>', '</strong>', '<span lang="en">', '</span>',
  '<br>', '<br/>', '<br />', '<hr>', '<h2>', '</h2>', '<h1>', '</h1>', '<blockquote>', '</blockquote>',
  '<ul>', '</ul>', '<ol>', '</ol>', '<li>', '</li>', '<dl>', '<dt>', '</dt>', '<dd>', '</dd>', '</dl>', '<pre>', '</pre>', '<code>', '</code>',
  '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<figure>', '</figure>', '<figcaption>', '</figcaption>',
  '<a href="https://wire.example/story?id=1&amp;v=2">', '<a href="http://wire.example/">', '<a title="Q &amp; A &lt;1&gt;" href="https://w.example/">', '</a>',
  '<img src="https://img.example/p.jpg" alt="A view">', '<img src="https://img.example/p.jpg" />', '<p lang="de" dir="ltr">', '<q>', '</q>',
  'Harbour officials said', 'LONDON (Reuters) -', 'By Ann Smith', 'Reporting by Bo Li; Editing by Jo Ames', ' ', '  ', '\n', '\n\n', '\t',
  'é', '’', '\u00a0', '"', '&amp;', '&lt;', '&gt;', 'a', 'word', '.', '-',
];

const cleanBodies = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 50 })
  .map((t) => alreadyClean(t.join('')))
  .filter((h): h is string => h !== null && h !== '');

test('clean markup: the string reader gives htmlparser2 tree and text (generated markup)', () => {
  fc.assert(
    fc.property(cleanBodies, (html) => {
      const doc = parseDocument(html, { decodeEntities: true });
      assert.equal(cleanMarkupToText(parseCleanMarkup(html)), htmlDocumentToText(doc), html);
      // Serialized as dom-serializer writes htmlparser2's tree: same tree.
      assert.equal(serializeCleanMarkup(parseCleanMarkup(html)), DomUtils.getOuterHTML(doc.children, { encodeEntities: 'utf8' }), html);
    }),
    { numRuns: 20_000 },
  );
});

/** Text edits like extract's: a dateline off the first paragraph, paragraphs dropped, one split in lines. */
function edits(text: string): string[] {
  const P = text.split('\n\n');
  const out: string[] = [];
  const first = P[0]!;
  const space = first.indexOf(' ');
  if (space > 0) out.push([first.slice(space + 1), ...P.slice(1)].join('\n\n'));
  if (P.length > 1) out.push(P.slice(0, -1).join('\n\n'));
  if (P.length > 2) out.push([...P.slice(0, 1), ...P.slice(2)].join('\n\n'));
  if (P.length > 1 && space > 0) out.push([first.slice(space + 1), ...P.slice(1, -1)].join('\n\n'));
  out.push(P.map((p, i) => (i === 0 ? p.replace(' ', '\n') : p)).join('\n\n'));
  return out.filter((t) => t !== text);
}

// editHtml without a tree parses the markup with htmlparser2 (or goes to the HTML5 path): the reference.
test('clean markup: the edit gives what the htmlparser2 path gives (generated markup, extract-like edits)', () => {
  let edited = 0;
  fc.assert(
    fc.property(cleanBodies, (html) => {
      const text = cleanMarkupToText(parseCleanMarkup(html));
      for (const after of edits(text)) {
        edited++;
        assert.equal(editHtml(html, text, after, parseCleanMarkup(html)), editHtml(html, text, after), `${html}\n--> ${after}`);
      }
    }),
    { numRuns: 10_000 },
  );
  // About half the generated bodies pass the fast path's cleanliness check; the bound only guards against a
  // generator that stops producing edits, with room for the random spread.
  assert.ok(edited > 2500, `only ${edited} edits`);
});

test('clean markup: an agency body keeps its markup around the edit', () => {
  const html = '<p>LONDON (Reuters) - Harbour officials said on <b>Tuesday</b> the terminal<br />would open &amp; close.</p>\n<p>Second <a href="https://w.example/?a=1&amp;b=2">link</a>.</p>\n<p>Reporting by Bo Li; Editing by Jo Ames</p>';
  assert.equal(alreadyClean(html), html);
  const text = cleanMarkupToText(parseCleanMarkup(html));
  assert.equal(text, 'LONDON (Reuters) - Harbour officials said on Tuesday the terminal\nwould open & close.\n\nSecond link.\n\nReporting by Bo Li; Editing by Jo Ames');
  const after = 'Harbour officials said on Tuesday the terminal\nwould open & close.\n\nSecond link.';
  const out = editHtml(html, text, after, parseCleanMarkup(html));
  assert.equal(out, '<p>Harbour officials said on Tuesday the terminal<br>would open &amp; close.</p>\n<p>Second <a href="https://w.example/?a=1&amp;b=2">link</a>.</p>');
  assert.equal(out, editHtml(html, text, after));
});

test('clean markup: a NewsML-G2 story goes through the string reader and reads as before', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:wiredesk:test:1" version="1" standard="NewsML-G2" standardversion="2.29">
  <itemMeta><itemClass qcode="ninat:text"/><provider literal="Wiredesk Test"/><versionCreated>2026-03-02T10:00:00Z</versionCreated></itemMeta>
  <contentMeta><headline>Harbour reopens</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
  <p>PORTVILLE, March 2 (Wiredesk) - The harbour reopened on <b>Monday</b>.</p>
  <p>Ships <i>queued</i> &amp; waited.</p>
  <p>Reporting by Ann Smith; Editing by Bo Li</p>
  </body></html></inlineXML></contentSet>
</newsItem>`;
  const [a] = ingestItem({ bytes: Buffer.from(xml), path: 'x.xml' }).articles;
  assert.ok(a);
  assert.equal(a.body.text, 'The harbour reopened on Monday.\n\nShips queued & waited.');
  // The edited paragraph is written from its text (as on the htmlparser2 path); the others keep their markup.
  assert.equal(a.body.html, '<p>The harbour reopened on Monday.</p>\n  <p>Ships <i>queued</i> &amp; waited.</p>');
  assert.equal(a.dateline?.city, 'Portville');
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role]), [['Ann Smith', 'reporting'], ['Bo Li', 'editing']]);
});

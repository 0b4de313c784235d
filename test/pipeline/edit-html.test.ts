import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'htmlparser2';
import { editHtml, editHtmlThroughHtml5 } from '../../src/pipeline/edit-html.js';
import { htmlToText } from '../../src/text/html-body.js';

/** Bodies as normalize leaves them (sanitized markup), each with the text edit extract makes. */
const CASES: Array<{ name: string; html: string; after: (text: string) => string }> = [
  { name: 'dateline off the first paragraph', html: '<p>OSLO, May 3 (Wirex) - Ferries &amp; "trains" stopped.</p>\n<p>Second &lt;para&gt;.</p>', after: (t) => t.replace(/^OSLO, May 3 \(Wirex\) - /, '') },
  { name: 'trailer paragraph removed', html: '<p>Body one.</p><p>Body two\u00a0here.</p><p>(Reporting by Ana Lind; editing by Tom Berg)</p>', after: (t) => t.split('\n\n').slice(0, 2).join('\n\n') },
  { name: 'line break kept in an edited paragraph', html: '<p>By Ana Lind<br>ROME, June 2 - First line<br>second line</p><p>More.</p>', after: (t) => t.replace(/^By Ana Lind\n/, '') },
  { name: 'CR LF between blocks', html: '<p>LIMA, Jan 1 - One.</p>\r\n  <p>Two.</p>\r\n', after: (t) => t.replace(/^LIMA, Jan 1 - /, '') },
  { name: 'nested blocks and inline markup', html: '<blockquote><p>KIEV, Mar 4 - <b>Bold</b> and <a href="https://x.test/?a=1&amp;b=2">link</a>.</p></blockquote><ul><li>One</li><li>Two</li></ul>', after: (t) => t.replace(/^KIEV, Mar 4 - /, '') },
  { name: 'a block inside a paragraph (the HTML5 parser rebuilds it)', html: '<p><b>PARIS, Feb 2 - Lead.<ul><li>item</li></ul></b></p><p>End.</p>', after: (t) => t.replace(/^PARIS, Feb 2 - /, '') },
  { name: 'a table (implied tbody)', html: '<p>BERN, Apr 4 - Scores:</p><table><tr><td>A</td><td>1</td></tr></table><p>Last.</p>', after: (t) => t.replace(/^BERN, Apr 4 - /, '') },
  { name: 'paragraphs not found: rebuilt from the text', html: '<p>One.</p><p>Two.</p>', after: () => 'Something else entirely.' },
];

for (const c of CASES) {
  test(`editHtml: ${c.name} — same markup as an HTML5 parse and serialization`, () => {
    const before = htmlToText(c.html);
    const after = c.after(before);
    assert.notEqual(after, before, 'the case edits the text');
    const expected = editHtmlThroughHtml5(c.html, before, after);
    assert.equal(editHtml(c.html, before, after), expected);
    // With the tree normalize already parsed (changed by the edit, so parsed afresh here).
    assert.equal(editHtml(c.html, before, after, parseDocument(c.html, { decodeEntities: true })), expected);
  });
}

test('editHtml: no edit leaves the markup as it was', () => {
  const html = '<p>Quote &quot;kept&quot;.</p>';
  const text = htmlToText(html);
  assert.equal(editHtml(html, text, text), html);
});

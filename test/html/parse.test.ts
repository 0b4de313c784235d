import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { parseHtml } from '../../src/html/depth.js';

const anchors = (html: string): Array<[string, string]> =>
  (DomUtils.getElementsByTagName('a', parseHtml(html, { decodeEntities: true }).children, true) as Element[])
    .map((a) => [a.attribs.name ?? a.attribs.href ?? '', DomUtils.textContent(a)]);

test('an anchor written as an empty XHTML element (<a name="top"/>) holds nothing', () => {
  assert.deepEqual(anchors('<a name="top"/><p>The harbour reopened on Wednesday.</p><p>See <a href="/t">the timetable</a>.</p>'),
    [['top', ''], ['/t', 'the timetable']]);
  // Other elements keep the HTML parsing of "/>" (the slash is ignored): <div/> still opens a div.
  const doc = parseHtml('<div id="root"/><p>Text</p>');
  assert.equal(DomUtils.textContent((DomUtils.getElementsByTagName('div', doc.children, true) as Element[])[0]!), 'Text');
});

test('an <a> start tag closes an anchor left open: anchors never nest (HTML standard)', () => {
  assert.deepEqual(anchors('<p><a name="x">Harbour <a href="/a">news</a> today</p>'), [['x', 'Harbour '], ['/a', 'news']]);
  assert.deepEqual(anchors('<a href="/1"><span>One <a href="/2">Two</a></span>'), [['/1', 'One '], ['/2', 'Two']]);
  // A block between them is left as written (a browser moves the block out of the anchor): the card's
  // closing tags still close the card, not the list around it.
  const doc = parseHtml('<div id="wrap"><a href="/story"><div class="card"><h3>Title</h3><a href="/section">Section</a></div></a><p>Next</p></div><p>Footer</p>');
  const wrap = DomUtils.getElementById('wrap', doc.children, true)!;
  assert.deepEqual(DomUtils.getElementsByTagName('p', wrap.children, true).map((e) => DomUtils.textContent(e)), ['Next']);
});

test('XML mode keeps <a/> as XML reads it', () => {
  const doc = parseHtml('<a><a>inner</a></a>', { xmlMode: true });
  assert.equal((DomUtils.getElementsByTagName('a', doc.children, true) as Element[]).length, 2);
  assert.equal(((doc.children[0] as Element).children[0] as Element).name, 'a');
});

test('anchors under 20,000 open elements are read without a walk down the stack per anchor (each element is closed once)', () => {
  for (const html of ['<div><a href="/x">x'.repeat(20_000), '<span>'.repeat(20_000) + '<a>x'.repeat(20_000), '<a>' + '<span>'.repeat(20_000) + '<a>x'.repeat(20_000)]) {
    const t0 = performance.now();
    parseHtml(html);
    // The bound is far above the normal cost (a few hundred milliseconds): it catches a walk over the whole stack per anchor.
    assert.ok(performance.now() - t0 < 3_000);
  }
});

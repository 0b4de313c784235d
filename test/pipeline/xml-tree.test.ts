import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, child, children, cleanText, descendant, descendants, innerHtml, lineColumn, parseXml, textOf } from '../../src/xml/xml-tree.js';
import { WiredeskError } from '../../src/errors.js';
import { scanXml } from '../../src/xml/xml-scan.js';

function error(fn: () => unknown): WiredeskError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WiredeskError) return e;
    throw e;
  }
  throw new Error('expected a WiredeskError');
}

const NAR = 'http://iptc.org/std/nar/2006-10-01/';

test('namespace-aware tree: local names whatever the prefix, namespaces in scope', () => {
  const doc = parseXml(`<n:newsItem xmlns:n="${NAR}" xmlns:x="http://www.w3.org/1999/xhtml" guid="g1" xml:lang="en">
    <n:contentMeta><n:headline>A &amp; B &#8211; &lt;C&gt;</n:headline></n:contentMeta>
    <n:contentSet><n:inlineXML><x:html><x:body><x:p class="lead">One <x:b>two</x:b></x:p><x:br/></x:body></x:html></n:inlineXML></n:contentSet>
  </n:newsItem>`);
  const root = doc.root;
  assert.equal(root.name, 'newsItem');
  assert.equal(root.prefix, 'n');
  assert.equal(root.ns, NAR);
  assert.equal(attr(root, 'guid'), 'g1');
  assert.equal(attr(root, 'lang'), 'en');
  assert.equal(attr(root, 'xml:lang'), 'en');
  assert.equal(attr(root, 'missing'), null);
  assert.equal(cleanText(child(root, 'contentMeta', 'headline')), 'A & B – <C>');
  assert.equal(child(root, 'contentMeta', 'nope'), null);
  const body = descendant(root, 'body');
  assert.equal(body?.ns, 'http://www.w3.org/1999/xhtml');
  assert.equal(innerHtml(body), '<p class="lead">One <b>two</b></p><br>');
  assert.equal(children(root).length, 2);
  assert.equal(children(root, 'contentSet').length, 1);
  assert.equal(descendants(root, 'p').length, 1);
  assert.equal(textOf(body), 'One two');
  assert.deepEqual(doc.warnings, []);
});

test('CDATA is text; CRLF kept in text; attributes keep their values', () => {
  const doc = parseXml('<a t="x &quot;y&quot;"><![CDATA[<b>not markup</b>]]>\r\nline</a>');
  assert.equal(textOf(doc.root), '<b>not markup</b>\r\nline');
  assert.equal(attr(doc.root, 't'), 'x "y"');
});

test('HTML named character references decode to their character (as the NITF and XHTML DTDs declare them); CDATA and escaped ones stay as written', () => {
  const doc = parseXml('<p t="caf&eacute;">Caf&eacute; &mdash; &ldquo;no&rdquo;&nbsp;x &amp;eacute; &#233;<![CDATA[ &eacute;]]> &unknownthing;</p>');
  assert.equal(textOf(doc.root), 'Café — “no”\u00a0x &eacute; é &eacute; &unknownthing;');
  assert.equal(attr(doc.root, 't'), 'café');
  // The fast path builds the same tree.
  const scanned = scanXml('<p t="caf&eacute;">Caf&eacute; &mdash; &amp;eacute;</p>');
  assert.ok(scanned);
  assert.equal(textOf(scanned.root), 'Café — &eacute;');
  assert.equal(attr(scanned.root, 't'), 'café');
});

test('malformed XML is WIREDESK_ERR_XML_MALFORMED with a line and column', () => {
  const e = error(() => parseXml('<a>\n  <b>text\n</a>', { format: 'newsml-g2' }));
  assert.equal(e.code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(e.details.format, 'newsml-g2');
  assert.ok(e.details.position?.line && e.details.position.line >= 2, JSON.stringify(e.details.position));
  assert.equal(error(() => parseXml('<a/><b/>')).code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(error(() => parseXml('no markup at all')).code, 'WIREDESK_ERR_XML_MALFORMED');
  assert.equal(error(() => parseXml('<a>unclosed')).code, 'WIREDESK_ERR_XML_MALFORMED');
});

test('recover mode keeps what it can read and warns', () => {
  const doc = parseXml('<a><b>kept</b><c>unclosed</a>', { recover: true });
  assert.equal(cleanText(child(doc.root, 'b')), 'kept');
  assert.deepEqual(doc.warnings.map((w) => w.code), ['WIREDESK_WARN_XML_RECOVERED']);
});

test('depth and node limits are coded errors', () => {
  const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
  assert.equal(error(() => parseXml(deep)).code, 'WIREDESK_ERR_XML_TOO_DEEP');
  assert.equal(parseXml(deep, { maxDepth: 400 }).root.name, 'a');
  const wide = `<r>${'<i/>'.repeat(100)}</r>`;
  assert.equal(error(() => parseXml(wide, { maxNodes: 50 })).code, 'WIREDESK_ERR_XML_TOO_MANY_NODES');
});

test('entities declared in a DOCTYPE are never expanded (no entity bomb, no XXE)', () => {
  const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;
  const doc = parseXml(bomb);
  assert.ok(textOf(doc.root).length < 20, textOf(doc.root));
  assert.ok(!textOf(doc.root).includes('lollol'));
  assert.deepEqual(doc.warnings.map((w) => w.code), ['WIREDESK_WARN_XML_RECOVERED']);
  const xxe = parseXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>');
  assert.ok(!textOf(xxe.root).includes('root:'));
});

test('lineColumn counts lines from 1 and columns from 1', () => {
  assert.deepEqual(lineColumn('ab\ncd\nef', 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn('ab\ncd\nef', 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumn('ab\ncd\nef', 6), { line: 3, column: 1 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { isBinary, sniff } from '../../src/pipeline/sniff.js';
import { WiredeskError } from '../../src/errors.js';

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof WiredeskError ? e.code : `not coded: ${String(e)}`;
  }
}

test('empty and white-space-only input is WIREDESK_ERR_INPUT_EMPTY', () => {
  assert.equal(code(() => sniff(Buffer.alloc(0))), 'WIREDESK_ERR_INPUT_EMPTY');
  assert.equal(code(() => sniff(Buffer.from(' \r\n\t  \n'))), 'WIREDESK_ERR_INPUT_EMPTY');
});

test('binary input is WIREDESK_ERR_INPUT_BINARY; text wires with their control characters are not binary', () => {
  assert.equal(code(() => sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))), 'WIREDESK_ERR_INPUT_BINARY');
  assert.ok(isBinary(Buffer.from('abc\0def')));
  assert.ok(!isBinary(Buffer.from('\x01ZCZC a0001 r AM-Storm\x02\nKIEL (AP) text\x03\x04')));
  const s = sniff(Buffer.from('\x16\x16\x01a0123 r BC-Storm\x02\nStory text here\x03'));
  assert.equal(s.kind, 'text');
  assert.equal(s.wireControls, true);
});

test('XML: root local name, prefix and namespace after a prolog with comments, PIs and DOCTYPE', () => {
  const s = sniff(Buffer.from('<?xml version="1.0"?>\n<!-- a <comment> -->\n<?pi x?>\n<!DOCTYPE nitf>\n<g2:newsMessage xmlns:g2="http://iptc.org/std/nar/2006-10-01/" a=\'1\'><g2:header/></g2:newsMessage>'));
  assert.equal(s.kind, 'xml');
  assert.deepEqual(s.xmlRoot, { name: 'newsMessage', prefix: 'g2', ns: 'http://iptc.org/std/nar/2006-10-01/' });
  const d = sniff(Buffer.from('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>'));
  assert.deepEqual(d.xmlRoot, { name: 'newsItem', prefix: null, ns: 'http://iptc.org/std/nar/2006-10-01/' });
});

test('UTF-16 XML with a BOM is sniffed as XML, not binary', () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<?xml version="1.0" encoding="UTF-16"?><nitf><head/></nitf>', 'utf-16le')]);
  const s = sniff(bytes);
  assert.equal(s.kind, 'xml');
  assert.equal(s.xmlRoot?.name, 'nitf');
});

test('JSON: parsed once, top-level keys (of the first element of an array)', () => {
  const s = sniff(Buffer.from('{"uri":"x","headlines":[{"value":"h"}]}'));
  assert.equal(s.kind, 'json');
  assert.deepEqual([...s.jsonKeys].sort(), ['headlines', 'uri']);
  assert.deepEqual(s.json, { uri: 'x', headlines: [{ value: 'h' }] });
  const arr = sniff(Buffer.from('[{"a":1},{"b":2}]'));
  assert.deepEqual([...arr.jsonKeys], ['a']);
  const broken = sniff(Buffer.from('{"uri": '));
  assert.equal(broken.kind, 'text');
});

test('HTML is recognized by doctype, <html> or typical tags; never by extension alone', () => {
  assert.equal(sniff(Buffer.from('<!DOCTYPE html><html><body><p>x</p></body></html>')).kind, 'html');
  assert.equal(sniff(Buffer.from('<div class="a"><p>x</p></div>')).kind, 'html');
  assert.equal(sniff(Buffer.from('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>')).kind, 'html');
  assert.equal(sniff(Buffer.from('Just some text.'), { path: 'story.xml' }).kind, 'text');
  assert.equal(sniff(Buffer.from('<rss version="2.0"><channel/></rss>'), { path: 'feed.txt' }).kind, 'xml');
});

test('content type charset is passed to the decoder; hints are kept', () => {
  const s = sniff(Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68]), { contentType: 'text/plain; charset=ISO-8859-1', path: 'p' });
  assert.equal(s.text, 'Zürich');
  assert.equal(s.contentType, 'text/plain; charset=ISO-8859-1');
  assert.equal(s.path, 'p');
  assert.equal(s.head, s.text.slice(0, 8192));
});

test('a fragment whose first element is an HTML element is HTML, quoted attributes or not; a cut-off root tag still names its root', () => {
  for (const t of ['<span class=lead>The harbour wall is repaired.</span>', '<a href="https://port.example/">Port news</a> and more', '<section><h2>Tides</h2></section>']) {
    assert.equal(sniff(Buffer.from(t)).kind, 'html', t);
  }
  const cut = sniff(Buffer.from('<nitf version="-//IPTC//DTD NITF 3.6//EN" change.date="Ju'));
  assert.deepEqual([cut.kind, cut.xmlRoot?.name], ['xml', 'nitf']);
});

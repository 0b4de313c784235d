import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize } from '../../src/pipeline/normalize.js';

const codes = (w: Array<{ code: string }>): string[] => w.map((x) => x.code);

test('text fields: NFC, white space folded, entities decoded in display text, typography kept', () => {
  const n = normalize({
    headline: '  Cafe\u0301 owner\u00a0says &quot;no&quot; – “twice”\n ',
    subheadline: '',
    slugline: ' STORM-BRIDGE/ ',
    summary: 'One &amp; two',
    creditLine: ' Reuters ',
  });
  assert.equal(n.headline, 'Café owner says "no" – “twice”');
  assert.equal(n.subheadline, null);
  assert.equal(n.slugline, 'STORM-BRIDGE/');
  assert.equal(n.summary, 'One & two');
  assert.equal(n.creditLine, 'Reuters');
  assert.equal(n.copyrightHolder, null);
});

test('dates become ISO 8601 with offsets; unparseable ones are left out with a warning', () => {
  const n = normalize({ versionCreated: '2026-03-14T09:30:00+01:00', firstCreated: 'sometime soon', embargoedUntil: '2026-03-14T12:00:00', defaultOffset: '+00:00' });
  assert.equal(n.versionCreated, '2026-03-14T09:30:00+01:00');
  assert.equal(n.firstCreated, null);
  assert.equal(n.embargoedUntil, '2026-03-14T12:00:00Z');
  assert.deepEqual(codes(n.warnings), ['WIREDESK_WARN_DATE_UNPARSED']);
});

test('language normalized to BCP 47; an invalid one is dropped with a warning', () => {
  assert.equal(normalize({ language: 'EN_gb' }).language, 'en-GB');
  const bad = normalize({ language: 'English' });
  assert.equal(bad.language, null);
  assert.deepEqual(codes(bad.warnings), ['WIREDESK_WARN_LANGUAGE_INVALID']);
});

test('version is a trimmed decimal string', () => {
  assert.equal(normalize({ version: 3 }).version, '3');
  assert.equal(normalize({ version: ' 12 ' }).version, '12');
  assert.equal(normalize({ version: '' }).version, null);
  assert.equal(normalize({}).version, null);
});

test('HTML body is sanitized (no scripts, handlers, iframes, javascript: links) and gives paragraph text', () => {
  const n = normalize({
    bodyHtml: '<p onclick="x()">First <b>para</b>.</p><script>alert(1)</script><iframe src="https://evil.test"></iframe>' +
      '<p>Second <a href="javascript:alert(1)">link</a> <a href="https://ok.test/">ok</a>.</p><style>p{}</style>',
  });
  assert.doesNotMatch(n.body.html, /script|onclick|iframe|javascript:|style/i);
  assert.match(n.body.html, /<b>para<\/b>/);
  assert.match(n.body.html, /href="https:\/\/ok.test\/"/);
  assert.equal(n.body.text, 'First para.\n\nSecond link ok.');
  assert.deepEqual(codes(n.warnings), ['WIREDESK_WARN_CONTENT_DROPPED', 'WIREDESK_WARN_URL_DROPPED']);
});

test('plain-text body: paragraphs separated by one blank line, lines folded, HTML built and escaped', () => {
  const n = normalize({ bodyText: 'Line one\r\ncontinues here.\r\n\r\n\r\n  Second <para> & more.  \n' });
  assert.equal(n.body.text, 'Line one continues here.\n\nSecond <para> & more.');
  assert.equal(n.body.html, '<p>Line one continues here.</p>\n<p>Second &lt;para&gt; &amp; more.</p>');
});

test('no body gives empty html and text', () => {
  const n = normalize({ bodyHtml: '   ', bodyText: null });
  assert.deepEqual(n.body, { html: '', text: '' });
});

test('pictures: caption and alt text cleaned, credit and photographer trimmed', () => {
  const n = normalize({ pictures: [{ caption: ' A  caption &amp; more ', altText: null, creditRaw: ' REUTERS/Jane Doe ', photographer: ' Jane  Doe ' }] });
  assert.deepEqual(n.pictures, [{ caption: 'A caption & more', altText: null, creditRaw: 'REUTERS/Jane Doe', photographer: 'Jane Doe' }]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { textDump } from '../../src/formats/text-dump.js';

// Invented documents cut short at every few characters: none may come out as a plain-text article.
const NEWSML_G2 = `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2026-02-01T10:00:00Z</sent></header><itemSet>
<newsItem guid="urn:example:lakeside:1" version="1" standard="NewsML-G2"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
<contentMeta><headline>Lakeside ferry resumes winter timetable</headline></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>The ferry to Holm Island runs again from Monday, the operator said.</p></body></html></inlineXML></contentSet>
</newsItem></itemSet></newsMessage>`;
const UNKNOWN_XML = `<?xml version="1.0"?>\n<!DOCTYPE bulletin>\n<bulletin><entry>The council meets on Tuesday to discuss the harbour wall and other things of note.</entry></bulletin>`;
const NINJS = JSON.stringify({ uri: 'urn:example:ninjs:7', type: 'text', versioncreated: '2026-02-01T10:00:00Z', headline: 'Orchard growers expect an early harvest', body_text: 'Growers in the valley said the warm spring brought the pears on early.' });
const UNKNOWN_JSON = JSON.stringify([{ caption: 'A heron at the weir, standing in the shallows', when: 'morning' }, { caption: 'Second' }]);

test('truncated XML and JSON are never read as plain text: every cut gives a coded syntax error or the intact items', () => {
  for (const doc of [NEWSML_G2, UNKNOWN_XML, NINJS, UNKNOWN_JSON]) {
    for (let cut = 2; cut < doc.length; cut += 3) {
      const text = doc.slice(0, cut);
      if (!text.trim()) continue;
      const r = ingestItem({ bytes: Buffer.from(text), path: 'cut' });
      assert.ok(!r.articles.some((a) => a.provenance.format === 'text-dump'), `cut at ${cut} became a text-dump article: ${JSON.stringify(text.slice(-40))}`);
      for (const a of r.articles) assert.ok(!/^<\?xml|^[{[]"/.test(a.headline ?? ''), `cut at ${cut}: markup as headline`);
      if (r.articles.length === 0) {
        assert.match(r.failures[0]!.error.code, /^WIREDESK_ERR_(?:XML|JSON)_MALFORMED$|^WIREDESK_ERR_PARSE_/, `cut at ${cut}: ${r.failures[0]!.error.code}`);
        assert.ok(r.failures[0]!.raw.length > 0, 'the raw bytes are kept');
      }
    }
  }
});

test('a declaration with a cut-off root tag is XML of that root; broken JSON carries its position', () => {
  const s = sniff(Buffer.from('<?xml version="1.0"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/" xmlns:x="urn'));
  assert.equal(s.kind, 'xml');
  assert.deepEqual(s.xmlRoot, { name: 'newsMessage', prefix: null, ns: 'http://iptc.org/std/nar/2006-10-01/' });
  assert.equal(s.markup, 'xml');
  const xml = ingestItem({ bytes: Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n'), path: 'decl.xml' });
  assert.deepEqual([xml.articles.length, xml.failures[0]?.error.code], [0, 'WIREDESK_ERR_XML_MALFORMED']);
  const json = ingestItem({ bytes: Buffer.from('{"caption": "A heron", "when": "mor'), path: 'x.json' });
  assert.deepEqual([json.articles.length, json.failures[0]?.error.code], [0, 'WIREDESK_ERR_JSON_MALFORMED']);
  assert.equal(json.failures[0]?.error.details.position?.line, 1);
  assert.equal(json.failures[0]?.raw.toString(), '{"caption": "A heron", "when": "mor');
});

test('the text-dump reader never claims bytes that open like markup or JSON; prose with brackets stays text', () => {
  for (const t of ['<?xml version="1.0"?>\nWords words', '<story>Words and more words.', '<!-- note -->\nWords', '{"a": 1, "b"', '[{"a": 1}, {', '["one", "tw']) {
    assert.equal(textDump.detect(sniff(Buffer.from(t))), 0, t);
  }
  for (const t of ['[Updated] Harbour wall repairs begin\n\nWork starts on Monday, the council said.', '<< Embargoed >>\nThe report is out on Friday.', '{Draft} Council notes\n\nThe meeting ran late.']) {
    const s = sniff(Buffer.from(t));
    assert.equal(s.markup, null, t);
    assert.ok(textDump.detect(s) > 0, t);
  }
});

test('a feed with one broken item still yields the others (RSS and JSON Feed)', () => {
  const rss = '<rss version="2.0"><channel><title>Valley News</title>' +
    '<item><title>Bridge opens</title><guid>v-1</guid><description>The new bridge opened to traffic.</description></item>' +
    '<item><title>Broken</title><guid>v-2</guid><description>Unclosed <b>bold</description></item>' +
    '<item><title>Market day moves</title><guid>v-3</guid><description>The market moves to Thursdays.</description></item></channel></rss>';
  const r = ingestItem({ bytes: Buffer.from(rss), path: 'valley.xml' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['Bridge opens', 'Market day moves']);
  assert.deepEqual(r.failures.map((f) => [f.error.code, f.itemIndex]), [['WIREDESK_ERR_XML_MALFORMED', 1]]);
  const feed = '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"j-1","title":"Bridge opens","content_text":"Open."},{"id":"j-2","title":"Mark';
  const j = ingestItem({ bytes: Buffer.from(feed), path: 'valley.json' });
  assert.deepEqual(j.articles.map((a) => a.guid), ['j-1']);
  assert.equal(j.failures[0]?.error.code, 'WIREDESK_ERR_JSON_MALFORMED');
});

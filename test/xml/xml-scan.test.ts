import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml, type XmlElement } from '../../src/xml/xml-tree.js';
import { scanXml } from '../../src/xml/xml-scan.js';
import { decodeBytes } from '../../src/text/decode.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

// scanXml must build exactly parseXml's tree for every document it accepts, and decline (null)
// whatever it would read differently, so that parseXml handles it.

interface Plain {
  name: string;
  prefix: string | null;
  ns: string | null;
  attrs: Record<string, string>;
  start: number;
  end: number;
  children: Array<Plain | string>;
}
const plain = (el: XmlElement): Plain => ({
  name: el.name, prefix: el.prefix, ns: el.ns, attrs: el.attrs, start: el.start, end: el.end,
  children: el.children.map((c) => (typeof c === 'string' ? c : plain(c))),
});

function sameAsParseXml(text: string, label: string): boolean {
  const scanned = scanXml(text);
  if (!scanned) return false;
  const ref = parseXml(text);
  assert.deepEqual(plain(scanned.root), plain(ref.root), label);
  assert.deepEqual(ref.warnings, [], `${label}: parseXml warned, so scanXml should have declined`);
  return true;
}

function xmlFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...xmlFixtures(p));
    else if (!name.endsWith('.json') && !name.endsWith('.jpg')) out.push(p);
  }
  return out;
}

test('every XML fixture of every format: the same tree as parseXml, or declined', () => {
  let accepted = 0;
  for (const path of xmlFixtures(FIXTURES_DIR)) {
    const text = decodeBytes(readFileSync(path)).text;
    if (!text.trimStart().startsWith('<')) continue;
    if (sameAsParseXml(text, path)) accepted++;
  }
  assert.ok(accepted >= 20, `only ${accepted} fixtures took the fast path`);
});

test('namespaces, prefixes, xml:lang, entities, CDATA, comments, processing instructions, self-closing tags', () => {
  const doc = `<?xml version="1.0"?>\n<!-- lead -->\n<!DOCTYPE rss>\n<rss xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc='http://purl.org/dc/elements/1.1/' version="2.0">
<channel xml:lang="en"><item><title>A &amp; B &lt;b&gt; &#8211; &#x201C;q&#x201D; &nbsp; AT&T</title>
<media:content url="https://x.example/a.jpg?w=1&amp;h=2" medium="image" medium="video"/><dc:creator>Ann</dc:creator>
<description><![CDATA[<p>Kept as is &amp;</p>]]>tail<![CDATA[]]><!-- inner --></description><x:y xmlns:x="urn:x" x:attr="1" attr="2"/>
<?php echo 1; ?></item></channel></rss>\n`;
  assert.ok(sameAsParseXml(doc, 'crafted'));
});

test('declined: what parseXml reports, recovers or limits', () => {
  const declined = [
    '<rss><channel><item></channel></rss>', // mismatched end tag
    '<rss><item>', // unclosed
    '<rss a=1></rss>', // unquoted attribute
    '<rss checked></rss>', // attribute without value
    'text <rss></rss>', // text before the root
    '<rss></rss><rss></rss>', // two roots
    '<!DOCTYPE rss [<!ENTITY x "y">]><rss>&x;</rss>', // an internal subset
    '<rss><![CDATA[never closed</rss>',
    `<a>${'<b>'.repeat(300)}${'</b>'.repeat(300)}</a>`, // deeper than the limit
  ];
  for (const text of declined) assert.equal(scanXml(text), null, text.slice(0, 60));
  assert.equal(scanXml('<a><b/><b/><b/></a>', { maxDepth: 256, maxNodes: 4 }), null, 'near the node limit parseXml decides');
});

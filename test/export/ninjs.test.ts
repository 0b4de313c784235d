import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asUri, byStatement, isAbsoluteUri, toNinjs, wiredeskUrn, NINJS_STANDARD } from '../../src/export/ninjs.js';
import { sampleArticle } from './sample-article.js';

// Unit tests of the canonical -> ninjs 2.x mapping (the table in src/export/ninjs.ts). Schema
// validity is checked in ninjs-schema.test.ts.

test('identity: uri from guid, altids keep guid, wiredesk id and content hash', () => {
  const n = toNinjs(sampleArticle());
  assert.equal(n.uri, 'tag:examplewire.test,2026:story-4711');
  assert.equal(n.version, '3');
  assert.equal(n.type, 'text');
  assert.equal(n.representationtype, 'full');
  assert.deepEqual(n.standard, { ...NINJS_STANDARD });
  assert.deepEqual(n.altids, [
    { role: 'guid', value: 'tag:examplewire.test,2026:story-4711' },
    { role: 'wiredesk-id', value: 'examplewire:tag:examplewire.test,2026:story-4711' },
    { role: 'content-hash', value: `sha256:${'ab'.repeat(32)}` },
  ]);
});

test('uri prefers the article uri, and falls back to a urn of the id when guid is no URI', () => {
  assert.equal(toNinjs(sampleArticle({ uri: 'https://news.example.test/a/1' })).uri, 'https://news.example.test/a/1');
  const n = toNinjs(sampleArticle({ uri: null, guid: 'AP 12345/x', id: 'ap:AP 12345/x' }));
  assert.equal(n.uri, 'urn:wiredesk:ap%3AAP%2012345%2Fx');
  assert.ok(isAbsoluteUri(n.uri));
  const noGuid = toNinjs(sampleArticle({ uri: null, guid: null, id: 'anpa:sha256-0123abcd' }));
  assert.equal(noGuid.uri, 'urn:wiredesk:anpa%3Asha256-0123abcd');
  assert.deepEqual(noGuid.altids?.map((x) => x.role), ['wiredesk-id', 'content-hash']);
});

test('asUri / wiredeskUrn / isAbsoluteUri', () => {
  assert.equal(asUri('urn:newsml:example.test:20260314:abc'), 'urn:newsml:example.test:20260314:abc');
  assert.equal(asUri("it's (odd)*!"), 'urn:wiredesk:it%27s%20%28odd%29%2A%21');
  assert.equal(wiredeskUrn('a#b'), 'urn:wiredesk:a%23b');
  assert.ok(!isAbsoluteUri('relative/path.jpg'));
  assert.ok(!isAbsoluteUri('has space:x'));
  assert.ok(!isAbsoluteUri(null));
  assert.ok(isAbsoluteUri('http://example.test/x?y=1#z'));
});

test('dates: date-times exported, date-only values left out (ninjs has only date-time fields)', () => {
  const n = toNinjs(sampleArticle());
  assert.equal(n.versioncreated, '2026-03-14T09:30:00+01:00');
  assert.equal(n.firstcreated, '2026-03-14T07:05:00Z');
  assert.equal(n.embargoed, '2026-03-14T12:00:00+01:00');
  const d = toNinjs(sampleArticle({ firstCreated: '2026-03-14', versionCreated: null, embargoedUntil: null }));
  assert.equal(d.firstcreated, undefined);
  assert.equal(d.versioncreated, undefined);
  assert.equal(d.embargoed, undefined);
  assert.ok(!('embargoed' in d));
});

test('status, language, slugline, rights', () => {
  const n = toNinjs(sampleArticle({ pubStatus: 'canceled' }));
  assert.equal(n.pubstatus, 'canceled');
  assert.equal(n.language, 'en-GB');
  assert.equal(n.slugline, 'STORM-BRIDGE/');
  assert.equal(n.copyrightholder, 'Thomson Reuters');
  assert.equal(n.copyrightnotice, '(c) Copyright Thomson Reuters 2026. Click For Restrictions');
  assert.equal(n.usageterms, 'Not for redistribution outside the subscriber network.');
});

test('text: headlines, descriptions and bodies with roles and content types', () => {
  const a = sampleArticle();
  const n = toNinjs(a);
  assert.deepEqual(n.headlines, [
    { role: 'main', value: 'Harbour bridge reopens after storm repairs' },
    { role: 'sub', value: 'Commuters return to the old route' },
  ]);
  assert.deepEqual(n.descriptions, [
    { role: 'summary', value: 'The bridge reopened on Saturday after three weeks of repairs.' },
    { role: 'creditline', value: 'Reuters' },
  ]);
  assert.deepEqual(n.bodies, [
    { role: 'main', contenttype: 'text/html', value: a.body.html, wordcount: 14, charcount: a.body.text.length },
    { role: 'main', contenttype: 'text/plain', value: a.body.text, wordcount: 14, charcount: a.body.text.length },
  ]);
});

test('empty text fields produce no empty arrays', () => {
  const n = toNinjs(sampleArticle({
    headline: null, subheadline: null, summary: null, creditLine: null, body: { html: '', text: '' }, wordCount: 0,
    bylines: [], dateline: null, signals: [], subjects: [], keywords: [], places: [], pictures: [], url: null,
    source: null, provider: null, slugline: null, language: null, copyrightHolder: null, copyrightNotice: null, usageTerms: null, version: null,
    replaces: null, editorNote: null,
  }));
  for (const key of ['headlines', 'descriptions', 'bodies', 'by', 'located', 'genres', 'subjects', 'places', 'associations', 'renditions', 'infosources', 'slugline', 'language', 'version', 'ednote']) {
    assert.ok(!(key in n), `${key} should be absent`);
  }
});

test('credits: bylines as one "by" statement grouped by role', () => {
  assert.equal(toNinjs(sampleArticle()).by, 'Reporting by Anna Example and Ben Sample; Editing by Carla Test');
  const ev = { from: 'element' as const, rule: 'creator' };
  assert.equal(byStatement([
    { name: 'A One', role: 'author', affiliation: null, location: null, evidence: ev },
    { name: 'B Two', role: 'author', affiliation: null, location: null, evidence: ev },
    { name: 'C Three', role: 'author', affiliation: null, location: null, evidence: ev },
    { name: 'D Four', role: 'additional-reporting', affiliation: null, location: null, evidence: ev },
  ]), 'By A One, B Two and C Three; Additional reporting by D Four');
  assert.equal(byStatement([]), undefined);
});

test('place: located from the dateline, places and subjects as concepts, keywords as keyword subjects', () => {
  const n = toNinjs(sampleArticle());
  assert.equal(n.located, 'Kiel, Germany');
  assert.equal(toNinjs(sampleArticle({ dateline: { raw: 'ON THE FRONT LINE', city: null, country: null, date: null, agency: null } })).located, 'ON THE FRONT LINE');
  assert.deepEqual(n.places, [{ name: 'Kiel', literal: 'DE-SH' }]);
  assert.deepEqual(n.subjects, [
    { name: 'transport', literal: 'medtop:20000106' },
    { uri: 'http://cv.iptc.org/newscodes/mediatopic/20000106' },
    { literal: 'N2:DE' },
    { name: 'bridge', rel: 'keyword' },
    { name: 'storm', rel: 'keyword' },
  ]);
});

test('source, provider and signals', () => {
  const n = toNinjs(sampleArticle());
  assert.deepEqual(n.infosources, [{ name: 'Reuters', role: 'originator' }, { name: 'Example Wire Network', role: 'distributor' }]);
  assert.deepEqual(toNinjs(sampleArticle({ provider: 'Reuters' })).infosources, [{ name: 'Reuters', role: 'originator' }]);
  assert.deepEqual(n.genres, [{ name: 'correction', literal: 'signal:correction' }, { name: 'update', literal: 'signal:update' }]);
});

test('editor note as ednote; the replaced story as an association named "replaces"', () => {
  const n = toNinjs(sampleArticle());
  assert.equal(n.ednote, 'Eds: moves with photos.');
  assert.deepEqual(n.associations?.find((x) => x.name === 'replaces'), {
    name: 'replaces',
    uri: 'urn:newsml:example.com:20260314:story-1',
    representationtype: 'partial',
    altids: [{ role: 'guid', value: 'urn:newsml:example.com:20260314:story-1' }],
  });
  const slug = toNinjs(sampleArticle({ replaces: 'BC-US--Storm Bridge' })).associations?.find((x) => x.name === 'replaces');
  assert.equal(slug?.uri, 'urn:wiredesk:BC-US--Storm%20Bridge');
});

test('url becomes the web rendition', () => {
  assert.deepEqual(toNinjs(sampleArticle()).renditions, [{ name: 'web', href: 'https://news.example.test/world/harbour-bridge-reopens', contenttype: 'text/html' }]);
});

test('pictures become picture associations with caption, alt text, credit line, photographer and renditions', () => {
  const n = toNinjs(sampleArticle({ replaces: null }));
  assert.equal(n.associations?.length, 2);
  assert.deepEqual(n.associations?.[0], {
    name: 'picture-1',
    uri: 'tag:examplewire.test,2026:picture-99',
    type: 'picture',
    representationtype: 'partial',
    descriptions: [
      { role: 'caption', value: 'Cars cross the reopened bridge in Kiel, Germany, March 14, 2026.' },
      { role: 'alttext', value: 'Cars on a bridge' },
      { role: 'creditline', value: 'Dana Lens/Pool via REUTERS/File Photo' },
    ],
    by: 'Dana Lens',
    infosources: [{ name: 'Pool', role: 'originator' }, { name: 'Reuters', role: 'distributor' }],
    genres: [{ name: 'file-photo', literal: 'credit-flag:file-photo' }, { name: 'pool', literal: 'credit-flag:pool' }],
    renditions: [
      { name: 'baseImage', href: 'https://pictures.example.test/99/full.jpg', contenttype: 'image/jpeg', width: 3000, height: 2000 },
      // A relative link is resolved against the story's URL.
      { name: '300x200', href: 'https://news.example.test/world/thumbs/99.jpg', contenttype: 'image/jpeg', width: 300, height: 200 },
    ],
    altids: [{ role: 'guid', value: 'tag:examplewire.test,2026:picture-99' }],
  });
  // No guid: named after the story.
  assert.deepEqual(n.associations?.[1], {
    name: 'picture-2',
    uri: 'tag:examplewire.test,2026:story-4711#picture-2',
    type: 'picture',
    representationtype: 'partial',
    descriptions: [{ role: 'caption', value: 'A second view of the bridge.' }],
  });
});

test('a relative rendition link with no base URL is kept as the title, not as an invalid href', () => {
  const a = sampleArticle({ url: null });
  const n = toNinjs(a);
  assert.deepEqual(n.associations?.[0]?.renditions?.[1], { name: '300x200', title: 'thumbs/99.jpg', contenttype: 'image/jpeg', width: 300, height: 200 });
});

test('export is plain JSON (survives a round trip unchanged)', () => {
  const n = toNinjs(sampleArticle());
  assert.deepEqual(JSON.parse(JSON.stringify(n)), n);
});

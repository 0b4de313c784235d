import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestItem } from '../../src/pipeline/ingest.js';
import type { Article } from '../../src/model/article.generated.js';
import { isLowConfidence, matchCondition, matchRules, needsNearDuplicates, type ReviewRule } from '../../src/review/review-rules.js';
import { parseConfig, ConfigError } from '../../src/config/config.js';

// Issue 16, item 3: review routing by named rules. Each condition is read from the canonical
// article as ingestItem() makes it from invented ninjs stories (no fixture file, no feed name).

const NOW = new Date('2026-11-30T09:00:00Z');

interface StoryOpts {
  guid?: string;
  source?: string | null;
  byline?: string | null;
  body?: string;
  picture?: { credit?: string; caption?: string } | null;
  pubstatus?: string;
  signals?: string[];
  embargoed?: string;
}

/** One ninjs 1.x story, written for these tests, read by the real pipeline. */
function article(o: StoryOpts = {}): Article {
  const doc: Record<string, unknown> = {
    guid: o.guid ?? 'urn:test:rules-story', type: 'text', version: '1', versioncreated: '2026-11-30T08:00:00+0000', pubstatus: o.pubstatus ?? 'usable', language: 'en',
    headline: 'Orchard growers count losses after late frost',
    body_html: o.body ?? '<p>Orchard growers in the upper valley said on Sunday that a late frost had destroyed much of this year\'s blossom.</p><p>The growers\' association will ask the regional government for help.</p>',
  };
  if (o.source !== null) doc.source = o.source ?? 'Testwire';
  if (o.byline !== null) doc.byline = o.byline ?? 'By Pell Arnaud';
  if (o.signals) doc.signal = o.signals;
  if (o.embargoed) doc.embargoed = o.embargoed;
  if (o.picture !== null) {
    const pic: Record<string, unknown> = {
      guid: 'urn:test:rules-pic', type: 'picture', description_text: o.picture?.caption ?? 'Frost-bitten blossom on an apple tree.',
      renditions: { baseImage: { href: 'https://img.example.com/frost.jpg', mimetype: 'image/jpeg', width: 1200, height: 800 } },
    };
    if (o.picture?.credit !== undefined) pic.byline = o.picture.credit;
    doc.associations = { featureimage: pic };
  }
  const { articles, failures } = ingestItem({ bytes: Buffer.from(JSON.stringify(doc)), path: null, feed: 'wire', format: 'ninjs' });
  assert.deepEqual(failures, []);
  assert.equal(articles.length, 1);
  return articles[0]!;
}

const credited = { credit: 'Photo: Ilse Voorn/Testwire' };

test('review rules: missing-photo-credit holds a picture without any credit, not one with a credit, nor a story without pictures', () => {
  const bare = article({ picture: {} });
  assert.equal(bare.pictures.length, 1);
  assert.deepEqual(matchCondition('missing-photo-credit', bare, { now: NOW }), { detail: 'the picture has no credit' });
  assert.equal(matchCondition('missing-photo-credit', article({ picture: credited }), { now: NOW }), null);
  assert.equal(matchCondition('missing-photo-credit', article({ picture: null }), { now: NOW }), null);
  // A photographer alone is a credit.
  const named = structuredClone(bare);
  named.pictures[0]!.credit.photographer = 'Ilse Voorn';
  assert.equal(matchCondition('missing-photo-credit', named, { now: NOW }), null);
});

test('review rules: low-confidence-credit holds a byline read out of the body text, not one stated in its field', () => {
  const stated = article({ picture: credited });
  assert.equal(stated.bylines[0]?.evidence.from, 'element');
  assert.equal(matchCondition('low-confidence-credit', stated, { now: NOW }), null);
  // No byline field: the byline is read from the body's first line by a text rule.
  const guessed = article({ byline: null, picture: credited, body: '<p>By Pell Arnaud</p><p>Orchard growers in the upper valley said on Sunday that a late frost had destroyed much of this year\'s blossom.</p>' });
  const b = guessed.bylines.find((x) => x.name === 'Pell Arnaud');
  assert.ok(b, JSON.stringify(guessed.bylines));
  assert.equal(b.evidence.from, 'text');
  const m = matchCondition('low-confidence-credit', guessed, { now: NOW });
  assert.ok(m?.detail?.includes('byline Pell Arnaud (text,'), m?.detail);
  // The evidence kinds: text rules and page-layout guesses are low; fields, metadata and edits are not.
  assert.equal(isLowConfidence({ from: 'text', rule: 'caption-trailer' }), true);
  assert.equal(isLowConfidence({ from: 'element', rule: 'page-bold-name' }), true);
  assert.equal(isLowConfidence({ from: 'element', rule: 'page-lead-line p' }), true);
  assert.equal(isLowConfidence({ from: 'element', rule: 'page-byline span.author' }), false);
  assert.equal(isLowConfidence({ from: 'element', rule: 'nitf byline' }), false);
  assert.equal(isLowConfidence({ from: 'meta', rule: 'edited on the desk by ed' }), false);
  assert.equal(isLowConfidence(null), false);
  // A picture credit printed at the end of its caption is read from text too.
  const inCaption = article({ picture: { caption: 'Frost-bitten blossom on an apple tree. (Photo: Ilse Voorn/Testwire)' } });
  assert.equal(inCaption.pictures[0]?.credit.evidence?.from, 'text');
  assert.equal(matchCondition('low-confidence-credit', { ...inCaption, bylines: [] }, { now: NOW })?.detail, 'credit of picture 1 (text, caption-trailer)');
});

test('review rules: parser-warnings, source-inferred, correction-or-kill and embargoed read the article', () => {
  const clean = article({ picture: credited });
  assert.equal(matchCondition('parser-warnings', clean, { now: NOW }), null);
  assert.equal(matchCondition('source-inferred', clean, { now: NOW }), null, 'the source is stated');
  // No stated source: the dateline's agency credit names it, and extract() records that it was inferred.
  const inferred = article({ source: null, picture: credited, body: '<p>UPPER VALLEY, Nov 30 (Testwire) - Orchard growers said on Sunday that a late frost had destroyed much of this year\'s blossom.</p>' });
  assert.ok(inferred.source, 'a source was inferred');
  assert.match(matchCondition('source-inferred', inferred, { now: NOW })?.detail ?? '', /dateline/);
  assert.equal(matchCondition('parser-warnings', inferred, { now: NOW }), null, 'the source warning is source-inferred\'s, not a parser warning');
  const warned = structuredClone(clean);
  warned.provenance.warnings.push({ code: 'WIREDESK_WARN_DATE_UNPARSED', message: 'x' }, { code: 'WIREDESK_WARN_DATE_UNPARSED', message: 'y' });
  assert.deepEqual(matchCondition('parser-warnings', warned, { now: NOW }), { detail: '2 warnings: WIREDESK_WARN_DATE_UNPARSED' });

  assert.equal(matchCondition('correction-or-kill', clean, { now: NOW }), null);
  const correction = article({ picture: credited, signals: ['correction'] });
  assert.deepEqual(matchCondition('correction-or-kill', correction, { now: NOW }), { detail: 'a correction' });
  const kill = article({ picture: credited, pubstatus: 'canceled' });
  assert.deepEqual(matchCondition('correction-or-kill', kill, { now: NOW }), { detail: 'the provider killed the story' });

  const held = article({ picture: credited, embargoed: '2026-11-30T12:00:00+0000' });
  assert.ok(held.embargoedUntil);
  assert.match(matchCondition('embargoed', held, { now: NOW })?.detail ?? '', /^embargoed until 2026-11-30T12:00/);
  assert.equal(matchCondition('embargoed', held, { now: new Date('2026-11-30T13:00:00Z') }), null, 'a past embargo holds nothing');
  assert.equal(matchCondition('embargoed', clean, { now: NOW }), null);
});

test('review rules: source-inferred also holds a source a format module guessed (a NewsML-G2 guid, a text dump\'s byline line), not one its metadata states', () => {
  const NAR = 'http://iptc.org/std/nar/2006-10-01/';
  const g2 = (guid: string, provider: string): Article => ingestItem({ path: null, format: 'newsml-g2', bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="${NAR}"><header><sent>2026-11-30T08:00:00Z</sent></header><itemSet><newsItem guid="${guid}" version="1" standard="NewsML-G2"><itemMeta><itemClass qcode="ninat:text"/><provider literal="${provider}"/><versionCreated>2026-11-30T08:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta><contentMeta><language tag="en"/><headline>Harbour crane toppled by storm gusts</headline></contentMeta><contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>A harbour crane toppled in storm gusts overnight, blocking one of the two container berths for a week, the harbour office said.</p></body></html></inlineXML></contentSet></newsItem></itemSet></newsMessage>`) }).articles[0]!;
  const fromGuid = g2('urn:newsml:dpa.com:20261130:crane-1', 'hub.example.test');
  assert.equal(fromGuid.source, 'dpa');
  assert.match(matchCondition('source-inferred', fromGuid, { now: NOW })?.detail ?? '', /dpa from the item guid "urn:newsml:dpa\.com:20261130:crane-1"/);
  const stated = g2('urn:newsml:example.test:crane-2', 'dpa');
  assert.equal(stated.source, 'dpa');
  assert.equal(matchCondition('source-inferred', stated, { now: NOW }), null, 'the provider states it');

  const page = 'Skip to content\nMenu\n\nCity\n\nHarbour crane toppled by storm gusts overnight\n\nBy AFP\nUpdated March 5, 2024 4:12 PM\n\n'
    + 'A harbour crane toppled in storm gusts overnight, blocking one of the port\'s two container berths for at least a week, the harbour office said on Tuesday.\n\n'
    + 'Nobody was hurt, the office said, and ships were being moved to the second berth while engineers inspected the damage.\n\nThe crane had been due for replacement next year.\n\nAdvertisement\n';
  const dump = ingestItem({ bytes: Buffer.from(page), path: 'crane.txt', format: 'text-dump' }).articles[0]!;
  assert.equal(dump.source, 'AFP');
  assert.match(matchCondition('source-inferred', dump, { now: NOW })?.detail ?? '', /AFP from the byline lines of the text/);
});

test('review rules: near-duplicate names the other story; rules apply in order, only to their feeds', () => {
  const a = article({ picture: {} });
  assert.equal(matchCondition('near-duplicate', a, { now: NOW, related: [] }), null);
  assert.equal(matchCondition('near-duplicate', a, { now: NOW, related: [a.id] }), null, 'a story is no duplicate of itself');
  assert.deepEqual(matchCondition('near-duplicate', a, { now: NOW, related: ['x:1', 'x:2'] }), { related: 'x:1', detail: 'nearly the same text as x:1 and 1 more' });
  const rules: ReviewRule[] = [
    { id: 'dup', name: 'Near-duplicate', when: 'near-duplicate' },
    { id: 'missing-photo-credit', name: 'Missing photo credit', when: 'missing-photo-credit', feeds: ['wire'] },
    { id: 'other-feed', name: 'Elsewhere', when: 'missing-photo-credit', feeds: ['photos'] },
  ];
  assert.deepEqual(matchRules(a, 'wire', rules, { now: NOW, related: ['x:1'] }).map((r) => [r.rule, r.name, r.related ?? null]), [
    ['dup', 'Near-duplicate', 'x:1'],
    ['missing-photo-credit', 'Missing photo credit', null],
  ]);
  assert.deepEqual(matchRules(a, 'photos', rules, { now: NOW }).map((r) => r.rule), ['other-feed']);
  assert.equal(needsNearDuplicates('wire', rules), true);
  assert.equal(needsNearDuplicates('wire', rules.slice(1)), false);
  assert.equal(needsNearDuplicates('wire', [{ id: 'd', name: 'D', when: 'near-duplicate', feeds: ['photos'] }]), false);
});

function problems(text: string): Array<{ path: string; message: string }> {
  try {
    parseConfig(text, 'test.yaml', {});
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
  assert.fail('the config was accepted');
}

test('review rules config: resolved with ids defaulted, validated by the schema and for unknown feeds and repeated ids', () => {
  const feeds = 'feeds:\n  - { id: wire, kind: folder, folder: /tmp/x }\n';
  const config = parseConfig(`${feeds}desk: { usersFile: /tmp/u.json }\nreview:\n  rules:\n    - { name: Missing photo credit, when: missing-photo-credit }\n    - { id: dup, name: Near-duplicate, when: near-duplicate, feeds: [wire] }\n`, 'x.yaml', {});
  assert.deepEqual(config.review?.rules, [
    { id: 'missing-photo-credit', name: 'Missing photo credit', when: 'missing-photo-credit' },
    { id: 'dup', name: 'Near-duplicate', when: 'near-duplicate', feeds: ['wire'] },
  ]);
  assert.deepEqual(config.desk?.reviewRules, [{ id: 'missing-photo-credit', name: 'Missing photo credit' }, { id: 'dup', name: 'Near-duplicate' }]);
  assert.equal(parseConfig(feeds, 'x.yaml', {}).review, undefined);

  const bad = problems(`${feeds}review:\n  rules:\n    - { name: A, when: when-it-rains }\n    - { when: embargoed }\n    - { name: B, when: embargoed, feeds: [nowhere] }\n    - { name: C, when: embargoed }\n    - { name: D, when: embargoed, colour: red }\n    - { id: "Bad Id", name: E, when: embargoed }\n`);
  const at = (path: string): string[] => bad.filter((p) => p.path === path).map((p) => p.message);
  assert.match(at('/review/rules/0/when').join(), /must be one of "missing-photo-credit"/);
  assert.deepEqual(at('/review/rules/1/name'), ['is required']);
  assert.deepEqual(at('/review/rules/2/feeds/0'), ['"nowhere" is not the id of a configured feed']);
  assert.match(at('/review/rules/3/when').join(), /"embargoed" is already the id of \/review\/rules\/1/);
  assert.deepEqual(at('/review/rules/4/colour'), ['is not a known setting here']);
  assert.ok(at('/review/rules/5/id').length, JSON.stringify(bad));
});

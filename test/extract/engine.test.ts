import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/pipeline/extract.js';
import { normalize } from '../../src/pipeline/normalize.js';
import type { ParsedStory } from '../../src/model/parsed-story.js';
import { resolveSource } from '../../src/extract/source.js';
import { buildPicture, dedupePictures } from '../../src/extract/captions.js';

const run = (story: ParsedStory) => extract(normalize(story));

test('extract: dateline and trailer leave the body (text and markup) and become structure', () => {
  const a = run({
    bodyHtml: '<p>BEIRUT, July 16 (Reuters) - Syria <b>said</b> on Wednesday.</p><p>More text here.</p><p>(Reporting by Tim Parr; Editing by Jo Stone)</p>',
    firstCreated: '2014-07-16T10:00:00Z',
  });
  assert.equal(a.body.text, 'Syria said on Wednesday.\n\nMore text here.');
  assert.ok(!a.body.html.includes('Reuters') && !a.body.html.includes('Reporting by'));
  assert.deepEqual(a.dateline, { raw: 'BEIRUT, July 16 (Reuters) -', city: 'Beirut', country: null, date: '2014-07-16', agency: 'Reuters' });
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role, b.evidence.from]), [['Tim Parr', 'reporting', 'text'], ['Jo Stone', 'editing', 'text']]);
  assert.equal(a.source, 'Reuters');
});

test('extract: a stated source wins and no warning is recorded', () => {
  const a = run({ bodyText: 'PARIS (AFP) - Text.', source: 'AGENCE FRANCE-PRESSE' });
  assert.equal(a.source, 'AFP');
  assert.ok(!a.warnings.some((w) => w.code === 'WIREDESK_WARN_SOURCE_INFERRED'));
});

test('extract: element bylines keep their evidence; agencies and handles are not people', () => {
  const a = run({
    bodyText: 'Text.',
    bylines: [
      { raw: 'By ANA RUIZ, AP Sports Writer', evidence: { from: 'element', rule: 'byline' } },
      { name: 'NTB', evidence: { from: 'element', rule: 'by' } },
      { name: 'nickel.valeria', evidence: { from: 'element', rule: 'creator' } },
    ],
  });
  assert.deepEqual(a.bylines.map((b) => [b.name, b.affiliation, b.evidence.rule]), [['ANA RUIZ', 'AP Sports Writer', 'byline']]);
});

test('extract: body byline and embedded dateline in a flattened first paragraph', () => {
  const a = run({ bodyText: '(Adds detail) * Gold up * Dollar down By Ann Varga Jan 30 (Reuters) - Gold rose on Tuesday.\n\nMore.', firstCreated: '2017-01-31' });
  assert.equal(a.dateline?.raw, 'Jan 30 (Reuters) -');
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role]), [['Ann Varga', 'author']]);
  assert.equal(a.body.text, '(Adds detail) * Gold up * Dollar down\n\nGold rose on Tuesday.\n\nMore.');
});

test('extract: a picture item gets its photographer byline from the credit; an agency "photographer" is dropped', () => {
  const a = run({
    type: 'picture',
    bodyText: '',
    bylines: [{ name: 'Insidefoto', role: 'photographer', evidence: { from: 'element', rule: 'by' } }],
    pictures: [{ caption: 'Workers protest in Rome. Photo Ada Nero /Insidefoto/Sipa USA)', photographer: 'Insidefoto' }],
  });
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role]), [['Ada Nero', 'photographer']]);
  assert.equal(a.pictures[0]!.credit.photographer, 'Ada Nero');
});

test('pictures: with a credit field the caption stays whole and the printed credit refines the parts', () => {
  const p = buildPicture({ caption: 'Assad is sworn in, in this picture released by SANA. REUTERS/SANA/Handout via Reuters', creditRaw: 'Reuters' });
  assert.equal(p.caption, 'Assad is sworn in, in this picture released by SANA. REUTERS/SANA/Handout via Reuters');
  assert.deepEqual([p.credit.raw, p.credit.agencies, p.credit.via, p.credit.flags], ['Reuters', ['Reuters', 'SANA'], 'Reuters', ['handout']]);
  const q = buildPicture({ caption: 'A file photo. (DHA via AP, File)', creditRaw: 'ASSOCIATED PRESS' });
  assert.deepEqual([q.credit.raw, q.credit.flags], ['ASSOCIATED PRESS', ['file-photo']]);
  const r = buildPicture({ caption: 'The tides.', creditRaw: 'Karben', photographer: 'Karben' });
  assert.deepEqual([r.credit.photographer, r.credit.agencies], ['Karben', []]);
});

test('pictures: a one-name credit field that is not the stated creator is the provider, an agency of the credit', () => {
  // IPTC Photo Metadata Standard: Creator (IIM 2:80) names the photographer, Credit Line (2:110) the provider.
  const p = buildPicture({ caption: 'The restored lighthouse at Skarvik Point.', creditRaw: 'Skarvik Dagblad', photographer: 'Kalle Nyström' });
  assert.deepEqual([p.credit.photographer, p.credit.agencies], ['Kalle Nyström', ['Skarvik Dagblad']]);
  const h = buildPicture({ caption: 'Engineers inspect the dam.', creditRaw: 'Corran Power/Handout', photographer: 'Ravi Menon' });
  assert.deepEqual([h.credit.photographer, h.credit.agencies, h.credit.flags], ['Ravi Menon', ['Corran Power'], ['handout']]);
  const same = buildPicture({ caption: 'Cyclists ride past vineyards.', creditRaw: 'Lena Hartmann', photographer: 'Lena Hartmann' });
  assert.deepEqual([same.credit.photographer, same.credit.agencies], ['Lena Hartmann', []]);
});

test('pictures: a caption printed twice is one picture with both renditions', () => {
  const a = buildPicture({ caption: 'Mystery game box', renditions: [{ href: 'a.jpg', width: null, height: null, mimeType: null }] });
  const b = buildPicture({ caption: 'Mystery  game box', renditions: [{ href: 'b.jpg', width: null, height: null, mimeType: null }] });
  const out = dedupePictures([a, b]);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.renditions.map((r) => r.href), ['a.jpg', 'b.jpg']);
});

test('source: dateline, then trailer style, then byline affiliation, then picture distributor', () => {
  const none = { stated: null, dateline: null, trailer: null, bylines: [], credits: [] };
  assert.equal(resolveSource({ ...none, dateline: { raw: 'Berlin (dpa) -', city: 'Berlin', country: null, date: null, agency: 'dpa' } }).source, 'dpa');
  assert.equal(resolveSource({ ...none, trailer: { bylines: [{ name: 'A B', role: 'editing', affiliation: null, location: null, evidence: { from: 'text', rule: 't' } }], rest: '', raw: '(Editing by A B)', style: 'parenthesised' } }).source, 'Reuters');
  assert.equal(resolveSource({ ...none, bylines: [{ name: 'X Y', role: 'author', affiliation: 'AP Business Writer', location: null, evidence: { from: 'text', rule: 't' } }] }).source, 'AP');
  assert.equal(resolveSource({ ...none, credits: [{ raw: 'x', photographer: null, agencies: ['Sputnik'], via: 'Reuters', flags: [], evidence: null }] }).source, 'Reuters');
  assert.deepEqual(resolveSource(none), { source: null, inferredFrom: null });
});

test('extract: "By X<br>City, date (Site) -" keeps byline and dateline apart', () => {
  const a = run({
    bodyHtml: '<p>By Nia Tembo<br>\nLusaka, May 3 (Zed Daily) - Copper prices rose on Friday.</p><p>More text.</p>',
    firstCreated: '2024-05-03T10:00:00Z',
  });
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role, b.evidence.rule]), [['Nia Tembo', 'author', 'lead-byline']]);
  assert.equal(a.dateline?.city, 'Lusaka');
  assert.equal(a.dateline?.date, '2024-05-03');
  assert.equal(a.body.text, 'Copper prices rose on Friday.\n\nMore text.');
  assert.equal(a.body.html, '<p>Copper prices rose on Friday.</p><p>More text.</p>');
});

test('extract: a <br> inside a paragraph is a line break in body.text and stays one in the markup', () => {
  const a = run({ bodyHtml: '<p>First line<br/>second line</p><p>(Reporting by Ada Wren; Editing by Tom Hale)</p>' });
  assert.equal(a.body.text, 'First line\nsecond line');
  assert.equal(a.body.html, '<p>First line<br>second line</p>');
});

test('extract: names from structured author elements are trusted further than printed text', () => {
  const a = run({
    bodyText: 'Text.',
    bylines: [
      { name: 'Contributor 1', role: 'contributor', evidence: { from: 'element', rule: 'atom-contributor' } },
      { raw: 'tobi', evidence: { from: 'element', rule: 'dc-creator' } },
      { raw: 'admin', evidence: { from: 'element', rule: 'dc-creator' } },
      { name: 'user42', evidence: { from: 'element', rule: 'atom-author' } },
      { raw: 'Staff', evidence: { from: 'element', rule: 'dc-creator' } },
      { raw: 'Ines Calder in Stanstead, Quebec', evidence: { from: 'element', rule: 'dc-creator' } },
    ],
  });
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role, b.location]), [
    ['Contributor 1', 'contributor', null], ['tobi', 'author', null], ['Ines Calder', 'author', 'Stanstead, Quebec'],
  ]);
  // The same one-word name printed in the text is not enough.
  assert.deepEqual(run({ bodyText: 'By tobi\n\nText.' }).bylines, []);
});

test('extract: a picture item without body text is normal; a text item without one is warned about', () => {
  const picture = run({ type: 'picture', pictures: [{ caption: 'Boats at dawn.', creditRaw: 'Ada Wren/AP' }] });
  assert.ok(!picture.warnings.some((w) => w.code === 'WIREDESK_WARN_BODY_EMPTY'));
  const text = run({ type: 'text', headline: 'Only a headline' });
  assert.ok(text.warnings.some((w) => w.code === 'WIREDESK_WARN_BODY_EMPTY'));
});

test('extract: a paragraph that keeps a line break after its byline and dateline are taken out keeps it in the markup', () => {
  const a = run({ bodyHtml: '<p>By Nia Tembo<br>Lusaka, May 3 (Zed Daily) - Copper rose.<br>Zinc fell.</p><p>More.</p>', firstCreated: '2024-05-03T10:00:00Z' });
  assert.equal(a.body.text, 'Copper rose.\nZinc fell.\n\nMore.');
  assert.equal(a.body.html, '<p>Copper rose.<br>Zinc fell.</p><p>More.</p>');
});

test('extract: normalize hands its parsed body over with the story; a second extract of the same story reads the same', () => {
  for (const bodyHtml of [
    // clean markup (the string reader's tree) and markup that needs sanitizing (htmlparser2's tree)
    '<p>OSLO, May 2 (Reuters) - The fjord <b>froze</b>.</p><p>(Reporting by Ada Lund; Editing by Per Ek)</p>',
    '<div><p onclick="x()">OSLO, May 2 (Reuters) - The fjord <b>froze</b>.</p><p>(Reporting by Ada Lund; Editing by Per Ek)</p></div>',
  ]) {
    const n = normalize({ bodyHtml, firstCreated: '2024-05-02T08:00:00Z' });
    assert.ok(n.parsedBody, 'normalize returns the tree it read the body from');
    const first = extract(n);
    const second = extract(n);
    assert.equal(first.body.html, second.body.html);
    assert.equal(first.body.text, 'The fjord froze.');
    assert.doesNotMatch(first.body.html, /Reuters|Reporting/);
  }
  assert.equal(normalize({ bodyText: 'Plain text.' }).parsedBody, null);
});

test('a picture item\'s own credit naming one wire agency is its source (IPTC Credit Line: the provider)', () => {
  const none = { stated: null, dateline: null, trailer: null, bylines: [] };
  const credit = { raw: 'Lena Holm/Europa Press', photographer: 'Lena Holm', agencies: ['Europa Press'], via: null, flags: [], evidence: null };
  assert.equal(resolveSource({ ...none, credits: [credit], mediaItem: true }).source, 'Europa Press');
  assert.equal(resolveSource({ ...none, credits: [credit], mediaItem: false }).source, null, 'a text story\'s picture credit says who took the picture, not who wrote the story');
  assert.equal(resolveSource({ ...none, credits: [{ ...credit, agencies: ['Getty Images'] }], mediaItem: true }).source, null, 'a photo library is no wire agency');
});

test('extract: a paragraph over the dateline that repeats the headline leaves the body and is no summary', () => {
  const a = run({
    headline: 'Ferry link to Skerra reopens',
    bodyHtml: '<h1>Ferry link to Skerra reopens</h1><p>SKERRA, June 3 (Isle Wire) - The ferry sailed again on Monday.</p>',
    firstCreated: '2025-06-03T09:00:00Z',
  });
  assert.equal(a.summary, null);
  assert.equal(a.dateline?.city, 'Skerra');
  assert.equal(a.body.text, 'The ferry sailed again on Monday.');
  assert.doesNotMatch(a.body.html, /<h1>/);
  const b = run({
    headline: 'Ferry link to Skerra reopens',
    bodyHtml: '<p>Islanders can travel again after six weeks.</p><p>SKERRA, June 3 (Isle Wire) - The ferry sailed again on Monday.</p>',
    firstCreated: '2025-06-03T09:00:00Z',
  });
  assert.equal(b.summary, 'Islanders can travel again after six weeks.', 'a teaser that is not the headline is the summary');
});

test('extract: the note over an updated story ("(Adds …)") becomes the editor\'s note; summary bullets stay story text', () => {
  const a = run({
    bodyHtml: '<p>(Adds quotes from port authority, updates cargo figures)</p><p>* Port closed for three weeks</p><p>* First ships due Friday</p>' +
      '<p>By Jo Kim</p><p>MARLOW BAY, March 5 (Reuters) - The port reopened on Thursday.</p><p>More text here.</p>',
    firstCreated: '2026-03-05T10:00:00Z',
    editorNote: 'Corrects spelling of harbour master\'s name',
  });
  assert.equal(a.editorNote, 'Corrects spelling of harbour master\'s name\n\nAdds quotes from port authority, updates cargo figures');
  assert.equal(a.body.text, '* Port closed for three weeks\n\n* First ships due Friday\n\nThe port reopened on Thursday.\n\nMore text here.');
  assert.ok(!a.body.html.includes('Adds quotes'));
  assert.equal(a.dateline?.city, 'Marlow Bay');
  assert.deepEqual(a.bylines.map((b) => b.name), ['Jo Kim']);
  // A parenthesised paragraph that names no update ("(All photos: …)", a production note) stays story text.
  const credit = run({ bodyText: '(All photos: Harbour Courier staff)\n\nThe port reopened on Thursday.' });
  assert.equal(credit.editorNote, null);
  assert.equal(credit.body.text, '(All photos: Harbour Courier staff)\n\nThe port reopened on Thursday.');
  const corrected = run({ bodyText: '(In March 4 story, corrects name of harbour master in paragraph 3)\n\nThe port reopened on Thursday.' });
  assert.equal(corrected.editorNote, 'In March 4 story, corrects name of harbour master in paragraph 3');
});

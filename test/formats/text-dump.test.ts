import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextDump, textDump } from '../../src/formats/text-dump.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import { namesPositionsInPicture } from '../../src/extract/captions.js';
import type { Article } from '../../src/model/article.generated.js';

/** A dump read as wiredesk ingests it (the pipeline's extract stage included). */
function ingestDump(text: string): Article {
  const { articles, failures } = ingestItem({ bytes: Buffer.from(text), path: 'page.txt', format: 'text-dump' }, { strict: true });
  assert.deepEqual(failures, []);
  return articles[0]!;
}

const PAGE = [
  ' date 2024-02-11 Logo',
  'Hamburger Menu Close',
  'Logo',
  '',
  'World',
  '',
  'Kenya and Ethiopia sign power deal -statement',
  'WhatsApp Telegram Facebook Twitter Email LinkedIn',
  '',
  'Advertisement',
  '',
  'Kenya and Ethiopia sign power deal -statement',
  '',
  'FILE PHOTO: Power lines are seen outside Nairobi, Kenya January 4, 2024. REUTERS/Tom Achieng/File Photo',
  '',
  'FILE PHOTO: Power lines are seen outside Nairobi, Kenya January 4, 2024. REUTERS/Tom Achieng/File Photo',
  '',
  'Published February 11, 2024',
  'Updated February 11, 2024',
  'WhatsApp Telegram Facebook Twitter Email LinkedIn',
  '',
  'Kenya and Ethiopia on Sunday signed an agreement to expand electricity trade between the two countries, the Kenyan energy ministry said in a statement.',
  '',
  'Advertisement',
  '',
  'The deal raises the amount of power Kenya can import through a high-voltage line completed last year.',
  '',
  '(Reporting by Ayo Mensah; Editing by Lou Grant and Jo March)',
  '',
  'Read more of the latest in',
  '',
  'World Explore now',
  '',
  'Trending',
  '',
  'Content is loading...',
  '',
  'Stay in the know. Anytime. Anywhere.',
  '',
  'Subscribe to get daily news updates delivered straight to your inbox.',
].join('\n');

test('text dump: headline, dates, caption once, body without furniture', () => {
  const story = parseTextDump(PAGE);
  assert.equal(story.headline, 'Kenya and Ethiopia sign power deal -statement');
  assert.equal(story.firstCreated, '2024-02-11');
  assert.equal(story.versionCreated, '2024-02-11');
  assert.equal(story.pictures?.length, 1);
  assert.equal(story.bodyText?.split('\n\n').length, 3, 'two paragraphs and the trailer');
  assert.ok(!/Advertisement|WhatsApp|Trending|Subscribe|Read more/.test(story.bodyText ?? ''));
});

test('text dump through the pipeline: credits, trailer bylines, inferred source with a warning', () => {
  const { articles, failures, format } = ingestItem({ bytes: Buffer.from(PAGE), path: 'page.txt' }, { strict: true });
  assert.deepEqual(failures, []);
  assert.equal(format, 'text-dump');
  const a = articles[0]!;
  assert.equal(a.source, 'Reuters');
  assert.ok(a.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_SOURCE_INFERRED' && w.message.includes('Reporting by')));
  assert.deepEqual(a.bylines.map((b) => [b.name, b.role]), [['Ayo Mensah', 'reporting'], ['Lou Grant', 'editing'], ['Jo March', 'editing']]);
  assert.equal(a.pictures[0]!.caption, 'FILE PHOTO: Power lines are seen outside Nairobi, Kenya January 4, 2024.');
  assert.deepEqual(
    { ...a.pictures[0]!.credit, evidence: null },
    { raw: 'REUTERS/Tom Achieng/File Photo', photographer: 'Tom Achieng', agencies: ['Reuters'], via: null, flags: ['file-photo'], evidence: null },
  );
  assert.ok(!a.body.text.includes('Reporting by'));
  assert.ok(a.body.text.startsWith('Kenya and Ethiopia on Sunday'));
});

test('text dump: only "Updated" is not a first publication date', () => {
  const story = parseTextDump('A headline about the weather today\n\nUpdated March 3, 2024 10:05 AM GMT+1\n\nIt rained all day in the capital, forecasters said on Sunday.');
  assert.equal(story.firstCreated, null);
  assert.equal(story.versionCreated, '2024-03-03T10:05:00+01:00');
});

test('text dump detection: never claims wire files, markup or JSON', () => {
  const score = (text: string): number => textDump.detect(sniff(Buffer.from(text)));
  assert.ok(score(PAGE) >= 0.4);
  assert.equal(score('\x01ecp0007 4 s 850 dpa\n\x02Headline\nBerlin (dpa) - Text.\n\x03'), 0);
  assert.equal(score('<?xml version="1.0"?><newsItem/>'), 0);
  assert.equal(score('{"headline": "x"}'), 0);
});

test('text dump: a page with no story is a coded failure', () => {
  const { articles, failures } = ingestItem({ bytes: Buffer.from('Menu\n\nAdvertisement\n\nLogo'), path: 'empty.txt', format: 'text-dump' });
  assert.equal(articles.length, 0);
  assert.equal(failures[0]?.error.code, 'WIREDESK_ERR_PARSE_NO_STORY');
});

test('a hard-wrapped press release (mail or terminal, ~72 columns) gets its paragraphs back, no line lost', () => {
  const text = [
    'Harbour Trust Opens New Ferry Terminal', '', 'Published: March 3, 2026', '',
    'MARLOW BAY, March 3, 2026 -- The Marlow Bay Harbour Trust today opened a',
    'new ferry terminal on the east quay, replacing the timber building that',
    'served island passengers for more than sixty years. The terminal has a',
    'waiting hall for 200 people, a cafe and covered bicycle parking.', '',
    '"Islanders have waited a long time for this," said Trust chair Edith',
    'Carrow. "The old hall leaked every winter and the queue stood in the',
    'rain."', '',
    'The terminal cost 4.2 million pounds, of which the regional fund paid',
    'half. Crossings to Holm Island leave every forty minutes.',
  ].join('\n');
  const story = parseTextDump(text);
  assert.equal(story.headline, 'Harbour Trust Opens New Ferry Terminal');
  assert.deepEqual(story.bodyText?.split('\n\n'), [
    'MARLOW BAY, March 3, 2026 -- The Marlow Bay Harbour Trust today opened a new ferry terminal on the east quay, replacing the timber building that served island passengers for more than sixty years. The terminal has a waiting hall for 200 people, a cafe and covered bicycle parking.',
    '"Islanders have waited a long time for this," said Trust chair Edith Carrow. "The old hall leaked every winter and the queue stood in the rain."',
    'The terminal cost 4.2 million pounds, of which the regional fund paid half. Crossings to Holm Island leave every forty minutes.',
  ]);
});

test('a page copied and hard-wrapped at 72 columns (menus and all) reads as the page does: paragraphs rebuilt, the byline under a full-width headline on its own line, evidence naming the input lines', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'wrapped-page-copy.txt'), 'utf8');
  const story = parseTextDump(text);
  assert.equal(story.headline, 'Coastal towns agree to share one lifeboat station as old slipway fails');
  assert.deepEqual(story.bylines?.map((b) => [b.raw, b.evidence?.rule]), [['By Nora Lindqvist', 'page-byline (line 15)']]);
  assert.equal(story.firstCreated, '2026-03-05');
  const paragraphs = story.bodyText?.split('\n\n') ?? [];
  assert.equal(paragraphs.length, 5);
  assert.equal(paragraphs[1], 'The two coastal towns of Penhallow and Carrick will share a single lifeboat station from April, after engineers found that the old slipway at Penhallow could no longer take the weight of a modern boat.');
  assert.deepEqual(ingestDump(text).pictures.map((p) => [p.caption, p.credit?.raw, p.credit?.photographer]), [
    ['Volunteers from the Penhallow and Carrick crews launch the inshore boat during a joint exercise off Carrick Point.', 'Photo: Tamsin Orr', 'Tamsin Orr'],
  ]);
  // Line numbers are the input's, not those of the rebuilt paragraphs.
  const sources = story.warnings?.find((w) => w.code === 'WIREDESK_WARN_TEXT_FIELD_SOURCES')?.message ?? '';
  assert.match(sources, /headline: line 14; firstCreated: line 16;.*body: lines 17-40; captions: line 24$/);
});

test('text dump: a line that places people in the picture ("X, left, talks with Y": AP caption style) is a caption, never the headline or body; a credit line below it is its credit', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'ap-statehouse-positions.txt'), 'utf8');
  const story = parseTextDump(text);
  assert.equal(story.headline, 'Lawmakers approve two-year road repair plan after late-night talks');
  const captions = (story.pictures ?? []).map((p) => [p.caption, p.creditRaw ?? null]);
  assert.deepEqual(captions, [
    ['Gov. Lena Morrow, left, talks with Sen. Tomas Reyes at the Statehouse, Thursday, May 2, 2024, in Springfield.', null],
    ['Sen. Tomas Reyes, center, and members of the transportation committee wait for the final vote on Friday, May 3, 2024.', 'Ana Ruiz'],
  ]);
  assert.doesNotMatch(story.bodyText ?? '', /left, talks|center, and members|Ana Ruiz/);
  // Story text that only mentions a direction is no caption.
  for (const prose of ['He left, saying nothing more.', 'Turn left, then right, at the lights.']) assert.equal(namesPositionsInPicture(prose), false, prose);
  assert.equal(namesPositionsInPicture('Pictured at the back, from left, are Jo Kim and Ana Ruiz.'), true);
});

test('text dump: a headline printed a second time inside a longer line (a breadcrumb trail glued to it) is the one the reader takes, over a prompt below it', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'glued-breadcrumb-headline.txt'), 'utf8');
  const story = parseTextDump(text);
  assert.equal(story.headline, 'Harbour cranes return to service after six-week strike');
  assert.match(story.bodyText ?? '', /^Container traffic at the northern terminal resumed/);
  // A labelled credit on a line of its own ("Photo: Example Post/Jonas Berg") is the picture's credit, never a headline.
  const plain = parseTextDump(text.replace('NewsBusinessHarbour cranes return to service after six-week strike\n', '').replace('To listen to this article, please sign in\n', ''));
  assert.equal(plain.headline, 'Harbour cranes return to service after six-week strike');
});

test('text dump: a parenthesised credit the copy split over lines ("caption (", "Image:", "Agency)") is read back whole: the caption, then its credit', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'split-parenthesis-credit.txt'), 'utf8');
  const story = parseTextDump(text);
  assert.deepEqual((story.pictures ?? []).map((p) => [p.caption, p.creditRaw]), [
    ['Passengers wait on the quay after they were brought ashore', 'Example Agency/Lena Morrow'],
    ['A lifeboat tows the ferry into the harbour', 'Example Agency'],
  ]);
  assert.doesNotMatch(story.bodyText ?? '', /Image:|Example Agency|\($/m);
  // An opening parenthesis that nothing closes within two short lines joins nothing.
  const open = parseTextDump(text.replace('Example Agency/Lena Morrow)', 'Example Agency/Lena Morrow'));
  assert.ok(!(open.pictures ?? []).some((p) => p.caption?.includes('Image:')));
});

test('text dump: a gallery printed above the story keeps the captions that end with an agency credit ("(AP Photo/X)"); captions far above the story without one are not taken', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'ap-gallery-above-story.txt'), 'utf8');
  const story = parseTextDump(text);
  assert.equal(story.headline, 'Lifeboats rescue 14 after ferry loses power in storm off Maine coast');
  assert.deepEqual((story.pictures ?? []).map((p) => p.caption?.slice(0, 24)), ['Ferry passengers wait on', 'A lifeboat tows the disa']);
  // The same gallery without the agency's credits reads as a teaser's pictures: none taken.
  const bare = parseTextDump(text.replace(' (AP Photo/Lena Morrow)', '').replace(' (AP Photo/Tomas Reyes)', ''));
  assert.deepEqual(bare.pictures ?? [], []);
});

test('text dump: a slideshow that prints each caption twice, its credit under it each time: captions with their credits, not the headline', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'slideshow-captions-twice.txt'), 'utf8');
  const story = parseTextDump(text);
  assert.equal(story.headline, 'Neighbours sign harbour deal after a year of talks');
  assert.deepEqual((story.pictures ?? []).map((p) => [p.caption, p.creditRaw]), [
    ['The two ministers shake hands after signing the agreement in the harbour master\'s office', 'Jo Kim, Example Courier'],
    ['The first container ship to use the new channel is expected in the spring', 'Ana Ruiz, Example Courier'],
  ]);
  assert.doesNotMatch(story.bodyText ?? '', /shake hands|Photo:/);
});

test('text dump: a byline that names only an agency ("By Associated Press") is the byline as printed, as the AP Stylebook prints it when no staff writer is named, and the source', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'agency-byline-only.txt'), 'utf8');
  const art = ingestDump(text);
  assert.deepEqual(art.bylines.map((b) => [b.name, b.role]), [['Associated Press', 'author']]);
  assert.equal(art.source, 'AP');
  // A person named in the byline keeps it to themselves.
  const named = ingestDump(text.replace('By Associated Press', 'By Jo Kim, Associated Press'));
  assert.deepEqual(named.bylines.map((b) => b.name), ['Jo Kim']);
});

test('text dump: an agency\'s by-line with the date beside it ("Von dpa 14.05.2025, 09:12") is the byline and the source; a teaser under "Mehr zum Thema" is no picture', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'agency-byline-dated.txt'), 'utf8');
  const art = ingestDump(text);
  assert.deepEqual(art.bylines.map((b) => [b.name, b.role]), [['dpa', 'author']]);
  assert.equal(art.source, 'dpa');
  assert.equal(art.firstCreated?.slice(0, 10), '2025-05-14');
  // The paywall's prompts between the paragraphs are no part of the body.
  assert.match(art.body.text ?? '', /Bislang mussten sie/);
  assert.doesNotMatch(art.body.text ?? '', /weiterlesen|erwerben|Abonnent/);
  // A video player's loading label is no caption, nor the heading of a box of other stories
  // ("Mehr zu Radwegen") over a teaser's picture credit; the copyright line after the box is no
  // credit of the teaser above it.
  assert.deepEqual((art.pictures ?? []).map((p) => p.caption), ['Ein Radfahrer fährt auf einer Landstraße neben einem Lastwagen.']);
});

test('text dump: a live blog\'s authors listed one per line under "By" are its byline, and its entries with their times run on ("… fish market18:05") are no headline', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'authors-listed-under-by.txt'), 'utf8');
  const art = ingestDump(text);
  assert.equal(art.headline, 'Harbour storm live: ferries cancelled as gale hits the coast');
  assert.deepEqual(art.bylines.map((b) => b.name), ['Kari Lund', 'Jo Marsh', 'Ana Ruiz', 'Lea Berg']);
});

test('text dump: a box of links set between the story\'s paragraphs ("RELATED COVERAGE") splits no story: the paragraphs above it open the body, its links are no part of it, and the byline above the first paragraph is read past a gallery', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'text-dump', 'related-box-in-story.txt'), 'utf8');
  const art = ingestDump(text);
  assert.equal(art.headline, 'Coastal towns brace for the highest spring tides in a decade');
  // The story's closing contributor line ("Example Wire writer Jo Marsh … contributed") names a contributor.
  assert.deepEqual(art.bylines.map((b) => [b.name, b.role]), [['ANA RUIZ', 'author'], ['LEA BERG', 'author'], ['Jo Marsh', 'contributor']]);
  assert.match(art.body.text ?? '', /^Councils along the east coast/);
  assert.match(art.body.text ?? '', /twice a day until the weekend/);
  assert.doesNotMatch(art.body.text ?? '', /RELATED COVERAGE|raise the sea wall|Ferry operator adds|Storm season ends/);
});

test('text dump: readers\' comments under a short story are never its body, however long the thread ("12 responses to “…”", "2 thoughts on “…”")', () => {
  const comment = (n: number): string => `Commenter ${n} writes that the harbour board has promised a new wall for years, that the tides this winter were the worst anyone on the quay remembers, and that the council should stop talking and start building before the next storm arrives in the spring.`;
  const story = [
    'Harbour News', 'Home', 'Local', 'Sport', '',
    'Harbour wall to be raised before winter', '',
    'By Kari Lund', '12 June 2025', '',
    'The harbour board voted on Thursday to raise the old sea wall by half a metre before the winter storms, after two floods in the fish market this spring.',
    '',
    'Work will start in August and close the eastern quay for six weeks, the board said, and the ferries will berth at the western pier while it lasts.',
    '',
  ];
  for (const heading of ['12 responses to “Harbour wall to be raised before winter”', '2 thoughts on “Harbour wall to be raised before winter”', 'Leave a Reply']) {
    const thread = [heading, ''];
    for (let n = 1; n <= 12; n++) thread.push(comment(n), '');
    const art = ingestDump([...story, ...thread].join('\n'));
    assert.equal(art.headline, 'Harbour wall to be raised before winter', heading);
    assert.match(art.body.text ?? '', /^The harbour board voted on Thursday/, heading);
    assert.doesNotMatch(art.body.text ?? '', /Commenter/, heading);
  }
});

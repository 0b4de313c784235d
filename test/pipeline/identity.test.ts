import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { storyId } from '../../src/pipeline/identify.js';
import { jpegWithMetadata } from '../helpers/jpeg.js';
import type { Article } from '../../src/model/article.generated.js';

// Invented items that are all different stories: whatever they lack (guid, title, link), no two
// may come out with one id, and the same input ingested twice must give the same ids.

const rss092 = (descriptions: string[]): string =>
  `<?xml version="1.0"?>\n<rss version="0.92"><channel><title>Parish Notices</title><link>https://parish.example/</link>` +
  descriptions.map((d) => `<item><description>${d}</description></item>`).join('') + '</channel></rss>';

const newsml1 = (ids: string[], publicId: string): string =>
  `<?xml version="1.0"?>\n<NewsML Version="1.2"><NewsEnvelope><DateAndTime>20260301T100000Z</DateAndTime></NewsEnvelope>` +
  ids.map((id) => `<NewsItem><Identification><NewsIdentifier><ProviderId>coastwire.example</ProviderId><DateId>20260301</DateId><NewsItemId>${id}</NewsItemId>` +
    `<RevisionId PreviousRevision="0" Update="N">1</RevisionId><PublicIdentifier>${publicId}</PublicIdentifier></NewsIdentifier></Identification>` +
    `<NewsManagement><NewsItemType FormalName="News"/><FirstCreated>20260301T090000Z</FirstCreated><Status FormalName="Usable"/></NewsManagement>` +
    `<NewsComponent><NewsLines><HeadLine>Tide tables for ${id}</HeadLine></NewsLines><ContentItem><MediaType FormalName="Text"/><DataContent><p>Item ${id}.</p></DataContent></ContentItem></NewsComponent></NewsItem>`).join('') +
  '</NewsML>';

function ids(articles: Article[]): string[] {
  return articles.map((a) => a.id);
}

function assertDistinct(list: string[], what: string): void {
  assert.equal(new Set(list).size, list.length, `${what}: ${list.join(', ')}`);
}

test('table: items lacking guid, title or link, generic identifiers, repeated titles, pictures without metadata: distinct ids', () => {
  const cases: Array<[string, Buffer[]]> = [
    ['RSS 0.92 items with only a description', [Buffer.from(rss092(['The hall is closed on Monday.', 'Choir practice moves to Thursday.', 'The bake sale raised 300 pounds.']))]],
    ['RSS items repeating one title, no guid or link', [Buffer.from(`<rss version="2.0"><channel><title>T</title>${['Roads reopen after the storm.', 'Schools open late on Friday.'].map((d) => `<item><title>Update</title><description>${d}</description></item>`).join('')}</channel></rss>`)]],
    ['NewsML 1.2 with a feed-wide PublicIdentifier', [Buffer.from(newsml1(['TX-001', 'TX-002', 'TX-003'], 'urn:newsml:coastwire.example:feed'))]],
    ['JPEGs without title or caption', [1, 2, 3].map((n) => jpegWithMetadata({ iim: [[2, 80, `Photographer ${n}`], [2, 116, `(c) Studio ${n}`]] }))],
    ['JSON Feed items without id, url or title', [Buffer.from(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ content_text: 'First note.' }, { content_text: 'Second note.' }] }))]],
  ];
  for (const [what, inputs] of cases) {
    const run = (): string[] => inputs.flatMap((bytes, i) => ids(ingestItem({ bytes, path: `in-${i}` }).articles));
    const first = run();
    assert.ok(first.length >= 2, `${what}: ${first.length} articles`);
    assertDistinct(first, what);
    assert.deepEqual(run(), first, `${what}: ids are stable`);
  }
});

test('NewsML 1.2: a PublicIdentifier without the NewsItemId gives way to ProviderId + DateId + NewsItemId', () => {
  const r = ingestItem({ bytes: Buffer.from(newsml1(['TX-001', 'TX-002'], 'urn:newsml:coastwire.example:feed')), path: 'n.xml' });
  assert.deepEqual(r.articles.map((a) => a.guid), ['urn:newsml:coastwire.example:20260301:TX-001:1', 'urn:newsml:coastwire.example:20260301:TX-002:1']);
  const own = ingestItem({ bytes: Buffer.from(newsml1(['TX-009'], 'urn:newsml:coastwire.example:20260301:TX-009:1')), path: 'n.xml' });
  assert.deepEqual(own.articles.map((a) => a.guid), ['urn:newsml:coastwire.example:20260301:TX-009:1']);
});

test('property: many distinct RSS 0.92 items (only a description) in one feed or many give distinct ids', () => {
  const words = fc.stringMatching(/^[a-z]{3,9}$/);
  fc.assert(fc.property(fc.uniqueArray(fc.array(words, { minLength: 3, maxLength: 12 }).map((w) => `${w.join(' ')}.`), { minLength: 2, maxLength: 30 }), (descriptions) => {
    const together = ids(ingestItem({ bytes: Buffer.from(rss092(descriptions)), path: 'feed.xml' }).articles);
    assert.equal(together.length, descriptions.length);
    assertDistinct(together, 'one feed');
    const apart = descriptions.flatMap((d, i) => ids(ingestItem({ bytes: Buffer.from(rss092([d])), path: `f${i}.xml` }).articles));
    assertDistinct(apart, 'separate feeds');
  }), { numRuns: 40 });
});

test('versions keep one id: a guid, or a slugline, shared by two items of one document is one story', () => {
  const base = { provider: 'coastwire', source: null, headline: null, firstCreated: '2026-03-01T09:00:00Z', versionCreated: null };
  assert.equal(storyId({ ...base, guid: 'g-1', slugline: null }, 'x'), storyId({ ...base, guid: 'g-1', slugline: null, headline: 'Changed' }, 'x'));
  assert.equal(storyId({ ...base, guid: null, slugline: 'BC-Tides' }, 'x'), storyId({ ...base, guid: null, slugline: 'BC-Tides', body: { text: 'other', html: '' } as never }, 'x'));
  const twoVersions = `<rss version="2.0"><channel><title>T</title>${['One.', 'One, corrected.'].map((d) => `<item><title>Tides</title><guid>tide-1</guid><description>${d}</description></item>`).join('')}</channel></rss>`;
  const r = ingestItem({ bytes: Buffer.from(twoVersions), path: 'v.xml' });
  assert.deepEqual(new Set(ids(r.articles)).size, 1);
});

test('a take of a story sent in parts (an ANPA add) has the story\'s id with the take appended', () => {
  const base = { provider: 'coastwire', source: null, headline: null, firstCreated: '2026-03-01T09:00:00Z', versionCreated: null, guid: null, slugline: 'BC-Tides' };
  assert.equal(storyId(base, 'x', '', null, 'add-1'), `${storyId(base, 'x')}~add-1`);
  assert.notEqual(storyId(base, 'x', '', null, 'add-1'), storyId(base, 'x', '', null, 'add-2'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHtmlPage } from '../../src/formats/html.js';
import { profileFor, SITE_PROFILES, versionOn, type SiteProfile } from '../../src/html/site-profiles.js';

/** An invented page whose JSON-LD/<title> headline (search) and og:title (editors') differ. */
const pageAt = (url: string, published = '2024-05-02T09:00:00Z'): string => `<!doctype html><html><head>
  <title>Harbour ferry terminal opening delayed to 2026 over steel shortage | Gazette</title>
  <link rel="canonical" href="${url}">
  <meta property="og:site_name" content="Gazette">
  <meta property="og:title" content="Two years late: the ferry terminal Port Elwen still waits for | Gazette">
  <script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org', '@type': 'NewsArticle',
    headline: 'Harbour ferry terminal opening delayed to 2026 over steel shortage', datePublished: published,
  })}</script></head><body><article><h1>Two years late: the ferry terminal Port Elwen still waits for</h1>
  <p>Harbour officials in Port Elwen said on Tuesday that the new ferry terminal would open in spring, two years later than planned.</p>
  <p>The delay, blamed on a shortage of steel and a dispute over dredging permits, has cost the town council millions.</p></article></body></html>`;

test('a site without a profile takes the JSON-LD headline', () => {
  const story = parseHtmlPage(pageAt('https://www.gazette.example/news/ferry'));
  assert.equal(story.headline, 'Harbour ferry terminal opening delayed to 2026 over steel shortage');
  assert.match(story.warnings![0]!.message ?? '', /headline: json-ld/);
});

test("a profiled site's headline comes from og:title, without the site name, and says which profile chose it", () => {
  const story = parseHtmlPage(pageAt('https://www.telegraph.co.uk/news/2024/05/02/ferry/'));
  assert.equal(story.headline, 'Two years late: the ferry terminal Port Elwen still waits for');
  assert.match(story.warnings![0]!.message ?? '', /headline: profile The Telegraph: og:title/);
});

test('a profile falls back to its next source when the first is missing', () => {
  const html = pageAt('https://www.latimes.com/story/ferry').replace(/<meta property="og:title"[^>]*>/, '');
  assert.equal(parseHtmlPage(html).headline, 'Harbour ferry terminal opening delayed to 2026 over steel shortage');
});

test('hosts match the domain and its subdomains, never a look-alike', () => {
  const telegraph = SITE_PROFILES.find((p) => p.name === 'The Telegraph')!;
  assert.equal(profileFor('https://telegraph.co.uk/x'), telegraph);
  assert.equal(profileFor('https://www.telegraph.co.uk/x'), telegraph);
  assert.equal(profileFor('https://notthetelegraph.co.uk/x'), null);
  assert.equal(profileFor('https://telegraph.co.uk.evil.example/x'), null);
  assert.equal(profileFor('ftp://telegraph.co.uk/x'), null);
  assert.equal(profileFor('not a url'), null);
  assert.equal(profileFor(null), null);
});

test('the longest matching domain wins', () => {
  const profiles: SiteProfile[] = [
    { name: 'group', hosts: ['example.com'], versions: [{ headline: ['json-ld'] }] },
    { name: 'sport desk', hosts: ['sport.example.com'], versions: [{ headline: ['h1'] }] },
  ];
  assert.equal(profileFor('https://live.sport.example.com/a', profiles)?.name, 'sport desk');
  assert.equal(profileFor('https://www.example.com/a', profiles)?.name, 'group');
});

test('a dated version applies from its first day; an unknown date takes the newest', () => {
  const profile: SiteProfile = {
    name: 'redesigned', hosts: ['redesign.example'],
    versions: [{ headline: ['json-ld'] }, { since: '2024-03-01', headline: ['og:title', 'json-ld'] }],
  };
  assert.deepEqual(versionOn(profile, '2024-02-29T23:00:00Z')?.headline, ['json-ld']);
  assert.deepEqual(versionOn(profile, '2024-03-01T00:00:00Z')?.headline, ['og:title', 'json-ld']);
  assert.deepEqual(versionOn(profile, null)?.headline, ['og:title', 'json-ld']);
  const later: SiteProfile = { name: 'new', hosts: ['new.example'], versions: [{ since: '2025-01-01', headline: ['h1'] }] };
  assert.equal(versionOn(later, '2024-06-01'), null);
});

test('the bundled profiles are few, their hosts lower-case and unique, their versions in date order', () => {
  assert.ok(SITE_PROFILES.length <= 12, 'profiles must stay few: the general extractors do the work');
  const hosts = SITE_PROFILES.flatMap((p) => p.hosts);
  assert.equal(new Set(hosts).size, hosts.length);
  for (const h of hosts) assert.match(h, /^[a-z0-9.-]+\.[a-z]{2,}$/);
  for (const p of SITE_PROFILES) {
    const dates = p.versions.map((v) => v.since ?? '');
    assert.deepEqual(dates, [...dates].sort(), p.name);
    assert.ok(p.versions.length > 0, p.name);
  }
});

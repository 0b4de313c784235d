import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FURNITURE_MENTION, FURNITURE_PHRASE, LEAD_IN, OTHER_STORIES, PROMO_LINE, STORY_END, WALL_MENTION, isShareRow, looksLikeCode } from '../../src/extract/boilerplate.js';

test('boilerplate: whole-line furniture phrases in several languages, trailing punctuation allowed', () => {
  for (const line of ['Advertisement', 'Anzeige', 'Publicité', 'Share this article', 'Read more…', 'Related stories', '5 min read', 'Loading...', 'Skip to content', 'Lesen Sie auch:', 'Tempo de leitura: 4 min']) {
    assert.ok(FURNITURE_PHRASE.test(line), line);
  }
  for (const line of ['Advertising spending rose 4% in March.', 'Share prices fell sharply on Monday', 'More than 200 people were evacuated.', 'Photographers gathered outside']) {
    assert.equal(FURNITURE_PHRASE.test(line), false, line);
  }
});

test('boilerplate: the end of a story, a lead-in and a promo line', () => {
  for (const line of ['Read more', 'Related coverage', 'Tags: politics, Oslo', 'Topics: weather', 'Our Standards: the principles', 'Mehr zum Thema']) assert.ok(STORY_END.test(line), line);
  for (const line of ['More than 200 people died.', 'Tagsüber blieb es warm.', 'Popularity polls']) assert.equal(STORY_END.test(line), false, line);
  assert.ok(LEAD_IN.test('READ MORE: Storm closes ports'));
  assert.equal(LEAD_IN.test('Read more about the storm in our guide.'), false);
  assert.ok(PROMO_LINE.test('Follow us on Instagram for more pictures'));
  assert.equal(PROMO_LINE.test('Police followed the suspect for two days.'), false);
});

test('boilerplate: share rows and consent or newsletter words', () => {
  assert.ok(isShareRow('Facebook Twitter WhatsApp E-mail'));
  assert.equal(isShareRow('Facebook said on Tuesday'), false);
  assert.equal(isShareRow(''), false);
  assert.ok(FURNITURE_MENTION.test('We use cookies to improve your experience'));
  assert.ok(FURNITURE_MENTION.test('Sign up for our morning newsletter'));
  assert.equal(FURNITURE_MENTION.test('The harbour reopened on Friday.'), false);
});

test('boilerplate: templating and script code shown as text is no story text; prose with a "$" or an arrow is', () => {
  for (const code of ['{{#each items}}<li>{{title}}</li>{{/each}}', 'var x = 1; function(a) { return a; }', 'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}', '<% if (user) { %> Hello <%= user.name %> <% } %>', '{% for story in stories %}{{ story.headline }}{% endfor %}']) {
    assert.ok(looksLikeCode(code), code);
  }
  for (const prose of ['The council said the bridge would cost $3bn => a rise of 4% on last year.', 'Prices rose [sic] by 3%; wages did not.', 'He wrote: "let them wait", and left.']) {
    assert.equal(looksLikeCode(prose), false, prose);
  }
});

test('boilerplate: loading labels, paywall prompts and the headings of boxes of other stories, in several languages', () => {
  for (const line of ['PLAYER WIRD GELADEN', 'Video wird geladen', 'Chargement en cours', 'Cargando', 'Loading...']) assert.ok(FURNITURE_PHRASE.test(line), line);
  for (const line of ['Sie sind bereits Kunde?', 'Already a subscriber? Log in', 'Déjà abonné ?', 'Este contenido es exclusivo para suscriptores', 'Sei già abbonato? Accedi']) assert.ok(WALL_MENTION.test(line), line);
  for (const line of ['Mehr zu Fleischkonsum', 'Mehr aus der Region', 'Auch interessant', 'More from the region', 'Leggi anche', 'Läs också']) assert.ok(OTHER_STORIES.test(line), line);
  // Story text that opens alike is none of them.
  assert.ok(!OTHER_STORIES.test('Mehrere Gemeinden klagen gegen das Gesetz.'));
  assert.ok(!WALL_MENTION.test('The minister said subscribers to the scheme would be paid in May.'));
  assert.ok(!FURNITURE_PHRASE.test('Das Programm wird geladen und gestartet, sobald der Zug hält.'));
});

test('boilerplate: a story label (Reuters headline tags, AP priorities) is the whole text, no more', async () => {
  const { STORY_LABEL } = await import('../../src/extract/boilerplate.js');
  for (const label of ['BREAKING', 'Breaking News', 'UPDATE 2', 'EXCLUSIVE', 'FACTBOX', 'URGENT']) assert.ok(STORY_LABEL.test(label), label);
  for (const place of ['BRIGHTON', 'Alert Bay', 'UPDATE ON TAXES', 'Analysis of the vote']) assert.ok(!STORY_LABEL.test(place), place);
});

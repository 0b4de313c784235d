import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { iptc7901 } from '../../src/formats/iptc-7901.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

const message = (opts: { seq?: string; source?: string; keywords?: string; block: string[]; body: string[]; trailer?: string; close?: boolean }): string => {
  const head = `\x01eca${opts.seq ?? '101'} 3 i 120  ${opts.source ?? 'dpa'} ${opts.seq ?? '101'}\r\n\r\n${opts.keywords ?? 'Germany-rail/'}\r\n`;
  const text = `\x02${opts.block.join('\r\n')}\r\n\r\n${opts.body.join('\r\n')}\r\n`;
  const tail = opts.close === false ? '' : `\x03${opts.trailer ?? '061415 GMT Mar 24'}\r\n\x7f\r\n\x7f\x04`;
  return head + text + tail;
};

const story = (seq: string, headline: string): string => message({
  seq,
  block: [`${headline} =`],
  body: [`Hamburg (dpa) - Story ${seq} begins here and goes on`, 'over a second line.', '', 'dpa abc'],
});

const parse = (text: string, encoding: BufferEncoding = 'utf8') => {
  const bytes = Buffer.from(text, encoding);
  const s = sniff(bytes);
  return iptc7901.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

test('detect: an SOH header with priority, category and word count is IPTC 7901', () => {
  assert.equal(registry.detect(sniff(Buffer.from(story('101', 'Rail strike ends'))))?.format.name, 'iptc-7901');
});

test('header block: markers, wrapped headline, multi-line byline; desk initials leave the body', () => {
  const text = message({
    block: ['(Berichtigung: Uhrzeit korrigiert)', '(2. Zusammenfassung)', 'Bahnstreik endet früher als', 'angekündigt', 'Von Lea Sommer', 'und Tom Brandt, dpa ='],
    body: ['Hamburg (dpa) - Der Streik endet am Abend.', '', 'dpa ls tb'],
  });
  const [s] = parse(text).stories;
  assert.equal(s?.headline, 'Bahnstreik endet früher als angekündigt');
  assert.deepEqual(s?.bylines?.map((b) => [b.raw, b.role]), [['Von Lea Sommer und Tom Brandt, dpa', 'author']]);
  assert.deepEqual(s?.signals, ['correction', 'update']);
  assert.equal(s?.version, '3');
  assert.equal(s?.bodyText, 'Hamburg (dpa) - Der Streik endet am Abend.');
  assert.equal(s?.slugline, 'Germany-rail');
  assert.equal(s?.source, 'dpa');
  assert.equal(s?.guid, null);
  assert.equal(s?.versionCreated, '2024-03-06T14:15:00Z');
});

test('notes and the not-for-publication contacts stay out of the body; contacts become roled bylines', () => {
  const text = message({
    block: ['Rail strike ends early ='],
    body: [
      'Teaser sentence before the dateline.', '',
      'Hamburg (dpa) - The strike ended.', '',
      '# Notebook', '', '## Note to editors', '- adds quote', '', '* * * *', 'The following information is not intended for publication', '',
      '## Editorial contacts', '- Reporting by: Lea Sommer in Hamburg,', '  Tom Brandt in Kiel', '- Editing by: Ana Ruiz, +49 30 1234 5678, <desk@example.com>', '- Tel: +49 30 1234 5678', '',
      'dpa ls tb ar',
    ],
  });
  const [s] = parse(text).stories;
  // The format hands the text over as it stands; the extract stage reads the teaser over the dateline.
  assert.equal(s?.summary, undefined);
  assert.equal(s?.bodyText, 'Teaser sentence before the dateline.\n\nHamburg (dpa) - The strike ended.');
  // The contacts as labelled; the extract stage reads the roles and the people.
  assert.deepEqual(s?.bylines?.map((b) => [b.raw, b.role]), [['Reporting by: Lea Sommer in Hamburg, Tom Brandt in Kiel', undefined], ['Editing by: Ana Ruiz', undefined]]);
  const { articles } = ingestItem({ bytes: Buffer.from(text, 'utf8'), path: 'teaser.txt' });
  assert.equal(articles[0]?.summary, 'Teaser sentence before the dateline.');
  assert.equal(articles[0]?.dateline?.city, 'Hamburg');
  assert.equal(articles[0]?.body.text, 'The strike ended.');
  assert.deepEqual(articles[0]?.bylines.map((b) => [b.name, b.role, b.location]), [['Lea Sommer', 'reporting', 'Hamburg'], ['Tom Brandt', 'reporting', 'Kiel'], ['Ana Ruiz', 'editing', null]]);
});

test('a kill marker cancels the story; a trailer without GMT is the provider\'s local time (dpa: German time), an unknown provider\'s only a date; Latin-1 decodes', () => {
  const text = message({ block: ['KILL', 'Meldung zurückgezogen ='], body: ['München (dpa) - Bitte nicht verwenden.'], trailer: '061415 Mär 24' });
  const [s] = parse(text, 'latin1').stories;
  assert.equal(s?.pubStatus, 'canceled');
  assert.deepEqual(s?.signals, ['kill']);
  assert.equal(s?.headline, 'Meldung zurückgezogen');
  // Left without an offset for normalize, which reads it in the provider's zone and says so.
  assert.equal(s?.versionCreated, '2024-03-06T14:15:00');
  const { articles } = ingestItem({ bytes: Buffer.from(text, 'latin1'), path: 'kill.txt', format: 'iptc-7901' });
  assert.equal(articles[0]?.versionCreated, '2024-03-06T14:15:00+01:00');
  assert.ok(articles[0]?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_DATE_ZONE_ASSUMED'));
  const unknown = message({ source: 'xyz', block: ['Meldung ='], body: ['München - Text.'], trailer: '061415 Mär 24' });
  assert.equal(parse(unknown, 'latin1').stories[0]?.versionCreated, '2024-03-06');
  assert.equal(parse(message({ block: ['Meldung ='], body: ['München (dpa) - Text.'], trailer: '061415 GMT Mar 24' })).stories[0]?.versionCreated, '2024-03-06T14:15:00Z');
});

test('a truncated transmission is a coded error naming the format and the position', () => {
  const text = story('101', 'Rail strike ends').slice(0, 70);
  const r = ingestItem({ bytes: Buffer.from(text), path: 'cut.txt' });
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]?.error;
  assert.equal(e?.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(e?.details.format, 'iptc-7901');
  assert.deepEqual(e?.details.position, { item: 0, offset: 0, line: 1 });
});

test('one broken message: the other stories still come through, the failure keeps its bytes', () => {
  const broken = message({ seq: '102', block: ['Second story ='], body: ['Kiel (dpa) - Cut off'], close: false });
  const text = story('101', 'First story') + broken + story('103', 'Third story');
  const r = ingestItem({ bytes: Buffer.from(text), path: 'three.txt' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['First story', 'Third story']);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.error.details.format, 'iptc-7901');
  assert.equal(f.error.details.position?.line, 12);
  assert.equal(f.raw.toString('utf8'), broken);
});

test('framing of other agencies: header and keyword lines inside the text, take lines, a headline without " ="', () => {
  const text = '\x01kna0107 2 i 120 ccccb   kna 007\r\n\x02kna0107 2 i 120 ccccb   kna 007\r\nKirche/Bayern/\r\n2nd take\r\n' +
    'Bischof weiht neue Orgel in Passau\r\n   Passau (KNA) - Der Bischof hat am Sonntag im Dom eine neue Orgel geweiht. Sie hat\r\n' +
    'mehr als viertausend Pfeifen und wurde in drei Jahren gebaut, sagte der Domorganist.\r\n\x03\r\n051200 GMT Jun 24\r\n\x04';
  const bytes = Buffer.from(text, 'latin1');
  const [story] = iptc7901.parse({ text, bytes, sniff: sniff(bytes), path: null, baseUrl: null }).stories;
  assert.equal(story?.headline, 'Bischof weiht neue Orgel in Passau');
  assert.deepEqual(story?.keywords, ['Kirche', 'Bayern']);
  assert.ok(story?.bodyText?.startsWith('Passau (KNA) - Der Bischof'));
});

test('a German take line with the ordinal first ("2. Teil", as "2. Zusammenfassung" is written) is a take line, not the headline\'s first words', () => {
  const [s] = parse(message({ block: ['2. Teil', 'Bahnstreik endet früher als angekündigt'], body: ['   Die Fahrgastverbände begrüßten die Einigung.'] })).stories;
  assert.equal(s?.headline, 'Bahnstreik endet früher als angekündigt');
});

test('the standard\'s framing as other agencies send it: keywords in the header, the headline alone on the first line, paragraphs opened by an indent and no blank line, the post-text time without a zone', () => {
  const bytes = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'iptc-7901', 'indented-paragraphs-local-time.txt'));
  const { articles, failures } = ingestItem({ bytes, path: 'wire.txt', format: 'iptc-7901' });
  assert.deepEqual(failures, []);
  const [kyodo, belga] = articles;
  assert.equal(kyodo?.headline, 'Harbour towns on Shikoku win funds to rebuild quake-hit piers');
  assert.equal(kyodo?.slugline, 'Japan/Politics/Ports');
  assert.equal(kyodo?.body.text.split('\n\n').length, 3);
  assert.ok(kyodo?.body.text.startsWith('Four harbour towns on Shikoku will share 2.6 billion yen to rebuild piers damaged in last year\'s earthquake, the transport ministry said Wednesday.\n\nThe money covers'));
  assert.equal(kyodo?.dateline?.city, 'Takamatsu');
  // Kyodo's zone is not in the provider table: the calendar date only.
  assert.equal(kyodo?.versionCreated, '2026-03-04');
  assert.equal(belga?.headline, 'Le port de Zeebruges ouvre un nouveau quai pour les ferries');
  assert.equal(belga?.body.text.split('\n\n').length, 2);
  assert.equal(belga?.versionCreated, '2026-03-04T15:10:00+01:00');
  assert.ok(belga?.provenance.warnings.some((w) => w.code === 'WIREDESK_WARN_DATE_ZONE_ASSUMED' && /Europe\/Brussels/.test(w.message ?? '')));
});

test('a headline closed by "=" right after its last word (KNA\'s published form) ends the header; a message number with date and part still names the source', () => {
  const text = '\x01bkn021 4 pl 96 vvvvb KNA 240611-89-00123#2\r\nSachsen/Kirche/\r\n\x02Bistum will alte Dorfkirchen erhalten=\r\n' +
    'Dresden (KNA) Das Bistum will mehr als zwanzig Dorfkirchen vor dem Verfall bewahren.\r\n\r\n' +
    'Der Generalvikar Anton Lindner sagte am Dienstag, Anmeldungen unter https://example.org/?form=\r\nseien bis Juli möglich.\r\n\x03111020 Jun 24\r\n\x04';
  assert.equal(parse(text).stories[0]?.source, 'KNA');
  const { articles } = ingestItem({ bytes: Buffer.from(text, 'utf8'), path: 'kna.txt', format: 'iptc-7901' });
  const [a] = articles;
  assert.equal(a?.headline, 'Bistum will alte Dorfkirchen erhalten');
  assert.equal(a?.source, 'KNA');
  assert.equal(a?.dateline?.city, 'Dresden');
  assert.equal(a?.dateline?.agency, 'KNA');
  assert.ok(a?.body.text.startsWith('Das Bistum will mehr als zwanzig Dorfkirchen'));
  assert.ok(a?.body.text.endsWith('https://example.org/?form= seien bis Juli möglich.'));
});

test('headline and a two-author byline each closed by " =": the header block is the whole run, the byline leaves the text', () => {
  const cases = [
    ['By Lena Hofbauer and Pavel Novak, APA', 'Linz (APA) - Ticket sales for the summer festival fell by a fifth.', false],
    ['Von Lena Hofbauer und Pavel Novak, APA', 'Linz (APA) - Der Kartenverkauf für das Sommerfestival ging um ein Fünftel zurück.', true],
  ] as const;
  for (const [by, lead, underByline] of cases) {
    // The dateline paragraph after a blank line, or right under the byline.
    const block = ['Festival sells fewer tickets =', `${by} =`, ...(underByline ? [lead] : [])];
    const text = message({ source: 'APA', block, body: underByline ? ['Organisers blamed the weather.'] : [lead, '', 'Organisers blamed the weather.'] });
    const [s] = parse(text).stories;
    assert.equal(s?.headline, 'Festival sells fewer tickets');
    assert.deepEqual(s?.bylines?.map((b) => b.raw), [by]);
    assert.ok(s?.bodyText?.startsWith(lead));
    const { articles } = ingestItem({ bytes: Buffer.from(text, 'utf8'), path: 'apa.txt', format: 'iptc-7901' });
    assert.deepEqual(articles[0]?.bylines.map((b) => [b.name, b.affiliation]), [['Lena Hofbauer', 'APA'], ['Pavel Novak', 'APA']]);
    assert.ok(!articles[0]?.body.text.includes('='));
  }
});

test('no "=": a by-line on its own line between the headline and the dateline line stays a line of its own, read as the byline', () => {
  const text = message({
    source: 'XNA',
    block: ['Floods cut coastal road near Mombasa', 'By Amina Otieno', 'MOMBASA, May 16 (XNA) -- Floods have cut the coastal road north of the port city, county officials said Thursday.'],
    body: ['Repairs are expected to take two weeks.'],
  });
  const [s] = parse(text).stories;
  assert.equal(s?.headline, 'Floods cut coastal road near Mombasa');
  assert.ok(s?.bodyText?.startsWith('By Amina Otieno\n\nMOMBASA, May 16 (XNA) --'));
  const [a] = ingestItem({ bytes: Buffer.from(text, 'utf8'), path: 'xna.txt', format: 'iptc-7901' }).articles;
  assert.deepEqual(a?.bylines.map((b) => [b.name, b.role]), [['Amina Otieno', 'author']]);
  assert.equal(a?.dateline?.city, 'Mombasa');
  assert.equal(a?.dateline?.agency, 'XNA');
  assert.ok(a?.body.text.startsWith('Floods have cut the coastal road'));
  // A line of running text that opens with a by-word is no by-line.
  const running = message({
    block: ['EU plant neue Regeln für Drohnen', 'Von der Leyen kündigte am Montag in Brüssel an, die Kommission werde', 'bis Juni einen Entwurf vorlegen, der Flüge über Städten deutlich strenger regelt als bisher.'],
    body: ['Weitere Einzelheiten nannte sie nicht.'],
  });
  assert.equal(parse(running).stories[0]?.headline, 'EU plant neue Regeln für Drohnen');
  assert.ok(parse(running).stories[0]?.bodyText?.startsWith('Von der Leyen kündigte am Montag in Brüssel an, die Kommission werde bis Juni'));
});

test('an update note in the verbs of an update over the headline ("(Corrects … in 2nd paragraph …)") is the editor\'s note, not dropped', () => {
  const text = message({
    block: ['(CORRECTION)', '(Corrects number of passengers in 2nd paragraph to 1,200)', 'Ferry strike strands travellers in Kiel ='],
    body: ['Kiel (dpa) - A strike by ferry crews stranded travellers on Friday.', '', 'About 1,200 passengers were affected.'],
  });
  const [s] = parse(text).stories;
  assert.equal(s?.headline, 'Ferry strike strands travellers in Kiel');
  assert.deepEqual(s?.signals, ['correction']);
  assert.equal(s?.editorNote, 'Corrects number of passengers in 2nd paragraph to 1,200');
  assert.ok(s?.bodyText?.startsWith('Kiel (dpa) - A strike'));
});

test('the desk\'s sign-off ("dpa jb xx ab") right under the last paragraph, no blank line between, leaves the text; a text line that opens with the agency stays', () => {
  const signed = message({ block: ['Port opens new ferry terminal ='], body: ['Kiel (dpa) - The port opened a new ferry terminal.', '', 'It will handle 3 million passengers a year.', 'dpa lk mr ab'] });
  assert.equal(parse(signed).stories[0]?.bodyText, 'Kiel (dpa) - The port opened a new ferry terminal.\n\nIt will handle 3 million passengers a year.');
  const text = message({ block: ['Port opens new ferry terminal ='], body: ['Kiel (dpa) - The port opened a new ferry terminal, its director told', 'dpa in an interview'] });
  assert.equal(parse(text).stories[0]?.bodyText, 'Kiel (dpa) - The port opened a new ferry terminal, its director told dpa in an interview');
});

test('a correction or kill word in the headline line ("Berichtigung: …", "… (Berichtigung)", "Annullierung: …") is the marker, not the headline; a headline word that only starts alike stays', () => {
  const read = (line: string) => parse(message({ block: [`${line} =`], body: ['Hamburg (dpa) - Der Text beginnt hier.'] })).stories[0]!;
  const fixed = read('Berichtigung: Fähre fährt ab Juni');
  assert.deepEqual([fixed.headline, fixed.signals], ['Fähre fährt ab Juni', ['correction']]);
  const after = read('Fähre fährt ab Juni (Berichtigung)');
  assert.deepEqual([after.headline, after.signals], ['Fähre fährt ab Juni', ['correction']]);
  const killed = read('Annullierung: Überfall auf Juwelier');
  assert.deepEqual([killed.headline, killed.pubStatus], ['Überfall auf Juwelier', 'canceled']);
  const withdrawn = read('WITHDRAWAL: Ferry capsizes off Sylt');
  assert.deepEqual([withdrawn.headline, withdrawn.pubStatus], ['Ferry capsizes off Sylt', 'canceled']);
  // The word in a title or in a note's prose is no marker: the story stays usable.
  const title = read('Withdrawal: Russia pulls troops from border');
  assert.deepEqual([title.headline, title.pubStatus, title.signals], ['Withdrawal: Russia pulls troops from border', 'usable', []]);
  const note = parse(message({ block: ['(Eds: recasts with troop withdrawal)', 'Troops leave border town ='], body: ['Hamburg (dpa) - Der Text beginnt hier.'] })).stories[0]!;
  assert.deepEqual([note.headline, note.pubStatus, note.signals], ['Troops leave border town', 'usable', []]);
  const english = read('CORRECTION - Ferry service starts in June');
  assert.deepEqual([english.headline, english.signals], ['Ferry service starts in June', ['correction']]);
  const plain = read('Kill-switch law for routers passes');
  assert.deepEqual([plain.headline, plain.signals], ['Kill-switch law for routers passes', []]);
});

test('an embargo line over the headline ("Sperrfrist: …", "Embargo: 0001 GMT Dec 8", "(Sperrfrist: 19.30 Uhr)") is a note and the embargo; a headline about an embargo stays the headline', async () => {
  const { releaseInstant } = await import('../../src/formats/wire-framing.js');
  assert.equal(releaseInstant('8. Dezember 2026, 10.00 Uhr', '2026-12-07T15:00:00'), '2026-12-08T10:00:00');
  assert.equal(releaseInstant('0001 GMT Dec 8', '2026-12-07T18:00:00Z'), '2026-12-08T00:01:00Z');
  assert.equal(releaseInstant('5 P.M. EST, Dec. 7', '2026-12-07T17:00:00Z'), '2026-12-07T17:00:00-05:00');
  assert.equal(releaseInstant('0001 GMT Jan 2', '2026-12-30T18:00:00Z'), '2027-01-02T00:01:00Z');
  assert.equal(releaseInstant('19.30 Uhr', '2026-10-15'), '2026-10-15T19:30:00');
  assert.equal(releaseInstant('Saturday AMs, May 25, and Thereafter', '2026-05-20'), null);
  // The date is read before the time: "8.12." is 8 December, not 08:12; a numeric date with its year too.
  assert.equal(releaseInstant('Di., 8.12., 10.00 Uhr', '2026-12-07T15:00:00'), '2026-12-08T10:00:00');
  assert.equal(releaseInstant('08.12.2026, 10.00 Uhr', '2026-12-07T15:00:00'), '2026-12-08T10:00:00');
  // A date that is printed but not read (a weekday alone, 31 February) gives no release time, not the sending day.
  assert.equal(releaseInstant('Dienstag, 10.00 Uhr', '2026-12-07T15:00:00'), null);
  assert.equal(releaseInstant('31.02., 10.00 Uhr', '2026-12-07T15:00:00'), null);
  const bytes = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'iptc-7901', 'embargo-lines.txt'));
  const { articles } = ingestItem({ bytes, path: 'embargo.txt', format: 'iptc-7901' });
  assert.deepEqual(articles.map((a) => [a.headline, a.embargoedUntil]), [
    ['Studie: Nordsee erwärmt sich schneller als der Atlantik', '2026-10-16T18:00:00+02:00'],
    ['Study finds cycling to work cuts sick days', '2026-10-16T00:01:00Z'],
    ['Parteitag wählt neue Doppelspitze', '2026-10-15T19:30:00+02:00'],
    ['Embargo on steel imports extended by a year', null],
  ]);
  assert.equal(articles[0]!.editorNote, 'Sperrfrist: 16. Oktober 2026, 18.00 Uhr');
});

test('a note to editors over the headline ("Eds: adds quotes …") is the editor\'s note, not the headline\'s first words', () => {
  const [s] = parse(message({ block: ['Eds: adds quotes from union, background', 'Rail strike to end on Thursday =', 'By Ole Marten, dpa ='], body: ['Berlin (dpa) - The strike ends.'] })).stories;
  assert.equal(s?.headline, 'Rail strike to end on Thursday');
  assert.equal(s?.editorNote, 'Eds: adds quotes from union, background');
});

test('two keywords without the closing slash ("Sport/Eishockey") over the headline are the keyword line, not the headline\'s first words', () => {
  const text = '\x01sda0124 3 i 90 ccccb sda 124\r\n\x02Sport/Eishockey\r\nZSC Lions gewinnen Spitzenspiel\r\n\r\n   Bern (Keystone-SDA) - Die ZSC Lions haben das Spitzenspiel gewonnen.\r\n\x03141020 GMT Oct 26\r\n\x04';
  const [s] = parse(text, 'latin1').stories;
  assert.equal(s?.headline, 'ZSC Lions gewinnen Spitzenspiel');
  assert.deepEqual(s?.keywords, ['Sport', 'Eishockey']);
});

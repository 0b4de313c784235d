import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namesOfList, parseByline, parseRolePhrases, sourceCredit } from '../../src/extract/bylines.js';
import { looksLikePersonName, splitLocation, splitNameList } from '../../src/extract/names.js';
import { extractCopyrightLine, extractLeadByline, extractSourceLine, extractTrailer, withoutDeskSignature } from '../../src/extract/trailer.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';
import type { Byline } from '../../src/extract/types.js';

const ev = { from: 'text', rule: 'test' } as const;
const brief = (bs: Byline[]): Array<[string, string, string | null, string | null]> => bs.map((b) => [b.name, b.role, b.affiliation, b.location]);

// Printed bylines (names invented). Columns: raw, [name, affiliation, location][].
const BYLINES: Array<[string, Array<[string, string | null, string | null]>]> = [
  ['By BERNARD CONDON, AP Business Writer', [['BERNARD CONDON', 'AP Business Writer', null]]],
  // A job title after the comma whose first word is no title word: still the title (AP style), not a second person.
  ['By Hanna Berg, Transport Correspondent', [['Hanna Berg', 'Transport Correspondent', null]]],
  ['By MARTA KOWAL, Associated Press', [['MARTA KOWAL', 'AP', null]]],
  // Degree letters after a name (AP Stylebook, "academic degrees") are the name's: the desk line after them is the affiliation.
  ['By Lena Sørby, MA, Harbour Health News', [['Lena Sørby', 'Harbour Health News', null]]],
  ['By Tomas Greer, MS, RD and Ana Ruiz, Ph.D.', [['Tomas Greer', null, null], ['Ana Ruiz', null, null]]],
  ['Jo Kim, MD', [['Jo Kim', null, null]]],
  ['By PAUL BYRNE and ALMUDENA CALATRAVA', [['PAUL BYRNE', null, null], ['ALMUDENA CALATRAVA', null, null]]],
  ['By Ann Lee, Bob Stone and Cy Young', [['Ann Lee', null, null], ['Bob Stone', null, null], ['Cy Young', null, null]]],
  ['By Ann Lee and Bob Stone', [['Ann Lee', null, null], ['Bob Stone', null, null]]],
  ['BY GINA RUIZ', [['GINA RUIZ', null, null]]],
  ['Von Andrej Sokolow, dpa', [['Andrej Sokolow', 'dpa', null]]],
  ['Von Lena Maier und Tom Berg, dpa', [['Lena Maier', 'dpa', null], ['Tom Berg', 'dpa', null]]],
  ['By Manuel Braun, dpa', [['Manuel Braun', 'dpa', null]]],
  ['Par Claire Dubois, AFP', [['Claire Dubois', 'AFP', null]]],
  // The agency in parentheses after the names (AFP, EFE), and a bar before it.
  ['Par Claire Dubois (AFP)', [['Claire Dubois', 'AFP', null]]],
  ['Por Inés Lara y Tomás Gil (EFE)', [['Inés Lara', 'EFE', null], ['Tomás Gil', 'EFE', null]]],
  ['By Jane Hill | Reuters', [['Jane Hill', 'Reuters', null]]],
  ['By Sam Lister, Press Association Political Correspondent', [['Sam Lister', 'Press Association Political Correspondent', null]]],
  ['By Jane Hill, Reuters', [['Jane Hill', 'Reuters', null]]],
  ['Geir Molnes / Faktisk.no', [['Geir Molnes', 'Faktisk.no', null]]],
  ['Trond Husø, The Anti-Doping Database', [['Trond Husø', 'The Anti-Doping Database', null]]],
  ['Aaron J. Staples, Michigan State University', [['Aaron J. Staples', 'Michigan State University', null]]],
  ['Tom Krasovic, The San Diego Union-Tribune', [['Tom Krasovic', 'The San Diego Union-Tribune', null]]],
  ['ANTTI AUTIO, HETA HASSINEN ', [['ANTTI AUTIO', null, null], ['HETA HASSINEN', null, null]]],
  ['Mia Rabson and Jordan Press', [['Mia Rabson', null, null], ['Jordan Press', null, null]]],
  ['Example editor (me@example.com)', [['Example editor', null, null]]],
  ['Example editor <me@example.com>', [['Example editor', null, null]]],
  ['Rachel Moor, +49 30 1234 56789, <desk@example.com>', [['Rachel Moor', null, null]]],
  ['David Smith in Washington', [['David Smith', null, 'Washington']]],
  ['A3576/_Maurizio Gambarini', [['Maurizio Gambarini', null, null]]],
  ['By Tester', [['Tester', null, null]]],
  ['By Frances d\'Emilio and Paulo Santalucia', [['Frances d\'Emilio', null, null], ['Paulo Santalucia', null, null]]],
  ['By Ursula von der Berg', [['Ursula von der Berg', null, null]]],
  ['By Seán Ó Riordáin', [['Seán Ó Riordáin', null, null]]],
  ['By Kim McCarthy', [['Kim McCarthy', null, null]]],
  ['CHARLES ODUM =', [['CHARLES ODUM', null, null]]],
  // "in <place>, <region>": the region word is part of the place, not a second name.
  ['Ines Calder in Stanstead, Quebec', [['Ines Calder', null, 'Stanstead, Quebec']]],
  ['By Ola Brandt in Portland, Ore.', [['Ola Brandt', null, 'Portland, Ore.']]],
  ['Rui Lemos in Porto, Portugal, and Ada Wren in Lyon', [['Rui Lemos', null, 'Porto, Portugal'], ['Ada Wren', null, 'Lyon']]],
  ['By Ivo Marek in Brno, AP', [['Ivo Marek', 'AP', 'Brno']]],
  // Not people: agencies, desks, titles, initials, handles, brands.
  ['By dpa correspondents', []],
  ['By The Associated Press', []],
  ['By Reuters Staff', []],
  ['By Staff Reporter', []],
  ['AP Sports Writer', []],
  ['gr/bp', []],
  ['futurezone/KN', []],
  ['By DopingWatch', []],
  ['nickel.valeria', []],
  ['VRG', []],
  ['Von dpa', []],
];

for (const [raw, expected] of BYLINES) {
  test(`byline ${raw}`, () => {
    assert.deepEqual(parseByline(raw, 'author', ev).map((b) => [b.name, b.affiliation, b.location]), expected);
  });
}

// Trailers and contributor lines at the end of a body. Columns: last paragraphs, bylines, body left.
type TrailerRow = [string, Array<[string, string, string | null, string | null]>, string];
const TRAILERS: TrailerRow[] = [
  ['(Reporting by Felix Lang; Editing by Hugh Lamb and Sara Singh)',
    [['Felix Lang', 'reporting', null, null], ['Hugh Lamb', 'editing', null, null], ['Sara Singh', 'editing', null, null]], ''],
  ['(Reporting by Tim Parry, editing by Joan Stone)', [['Tim Parry', 'reporting', null, null], ['Joan Stone', 'editing', null, null]], ''],
  ['(Reporting by Ava Roy and Ben Kim; Additional reporting by Chloe Day in Paris; Writing by Dan Fox; Editing by Eve Hart and Finn Ward)',
    [['Ava Roy', 'reporting', null, null], ['Ben Kim', 'reporting', null, null], ['Chloe Day', 'additional-reporting', null, 'Paris'],
      ['Dan Fox', 'writing', null, null], ['Eve Hart', 'editing', null, null], ['Finn Ward', 'editing', null, null]], ''],
  ['(Additional reporting by Sara West, Lina Bass and Tom Parr in Beirut; Editing by Pete Grant)',
    [['Sara West', 'additional-reporting', null, 'Beirut'], ['Lina Bass', 'additional-reporting', null, 'Beirut'], ['Tom Parr', 'additional-reporting', null, 'Beirut'],
      ['Pete Grant', 'editing', null, null]], ''],
  ['(Reporting by Dave Bale in Minneapolis, Erin Sebb in Houston and Tim Gann in Nashville; Editing by Dan Gree)',
    [['Dave Bale', 'reporting', null, 'Minneapolis'], ['Erin Sebb', 'reporting', null, 'Houston'], ['Tim Gann', 'reporting', null, 'Nashville'], ['Dan Gree', 'editing', null, null]], ''],
  ['(Reporting by Arun Varma in Bengaluru; Editing by Joe Radd and Rich Pull)',
    [['Arun Varma', 'reporting', null, 'Bengaluru'], ['Joe Radd', 'editing', null, null], ['Rich Pull', 'editing', null, null]], ''],
  ['(Compiled by Nora Ellis; Editing by Kim Coghill)', [['Nora Ellis', 'compiled-by', null, null], ['Kim Coghill', 'editing', null, null]], ''],
  ['(Writing by Omar Fahmy; Editing by Alex Richardson)', [['Omar Fahmy', 'writing', null, null], ['Alex Richardson', 'editing', null, null]], ''],
  ['(Reporting By Lia Chen; editing by Marc Jones)', [['Lia Chen', 'reporting', null, null], ['Marc Jones', 'editing', null, null]], ''],
  ['(Reporting and writing by Noah Brown; Editing by Ira Cole)', [['Noah Brown', 'reporting', null, null], ['Noah Brown', 'writing', null, null], ['Ira Cole', 'editing', null, null]], ''],
  ['Reporting by Ella Stone; Editing by Ray Hunt', [['Ella Stone', 'reporting', null, null], ['Ray Hunt', 'editing', null, null]], ''],
  ['Compiled by Ana Soto', [['Ana Soto', 'compiled-by', null, null]], ''],
  ['The markets closed lower on Friday. (Reporting by Kay Lunn; Editing by Dan Gree)',
    [['Kay Lunn', 'reporting', null, null], ['Dan Gree', 'editing', null, null]], 'The markets closed lower on Friday.'],
  ['Gillum reported from Washington. Associated Press writers Dina Cole and Matt Apple contributed to this report from Washington.',
    [['Dina Cole', 'contributor', null, null], ['Matt Apple', 'contributor', null, null]], 'Gillum reported from Washington.'],
  ['___\n\nAP writers Gia Wong in Beijing, Mat Penn in Washington and Grant Peel in Bangkok contributed to this report.',
    [['Gia Wong', 'contributor', null, 'Beijing'], ['Mat Penn', 'contributor', null, 'Washington'], ['Grant Peel', 'contributor', null, 'Bangkok']], ''],
  ['APTN contributor Kacey Chen in Buenos Aires helped with this story.', [['Kacey Chen', 'contributor', null, 'Buenos Aires']], ''],
  ['Associated Press writer Noah Pell in Columbus, Ohio, contributed to this report.', [['Noah Pell', 'contributor', null, 'Columbus, Ohio']], ''],
  ['AP writers Ana Ruiz in Newark, N.J., and Ben Ode contributed.', [['Ana Ruiz', 'contributor', null, 'Newark, N.J.'], ['Ben Ode', 'contributor', null, null]], ''],
  ['Stewart Klom contributed to this article.', [['Stewart Klom', 'contributor', null, null]], ''],
  ['Associated Press writer Lee Park contributed.', [['Lee Park', 'contributor', null, null]], ''],
  // A beat before the job noun, whatever it is (AP's "Aerospace Writer", "Medical Writer").
  ['AP Aerospace Writer Mia Dorn in Cape Canaveral, Florida, and Ivo Sand in Moscow contributed to this report.',
    [['Mia Dorn', 'contributor', null, 'Cape Canaveral, Florida'], ['Ivo Sand', 'contributor', null, 'Moscow']], ''],
  ['Harbour Times writer Jo Marsh contributed.', [['Jo Marsh', 'contributor', null, null]], ''],
  ['Reuters reporters Ian Holt and Moe Dar contributed reporting.', [['Ian Holt', 'contributor', null, null], ['Moe Dar', 'contributor', null, null]], ''],
  ['Contributing: Jo Bell in Chicago; Ann Dee', [['Jo Bell', 'contributor', null, 'Chicago'], ['Ann Dee', 'contributor', null, null]], ''],
  ['(Reporting by Ava Roy)\n\nOur correspondents filed this report.', [['Ava Roy', 'reporting', null, null]], 'Our correspondents filed this report.'],
];

for (const [tail, expected, left] of TRAILERS) {
  test(`trailer ${tail.slice(0, 60)}`, () => {
    const body = `The story begins here.\n\n${tail}`;
    const found = extractTrailer(body);
    assert.ok(found, 'a trailer is found');
    assert.deepEqual(brief(found.bylines).map(([n, r, , l]) => [n, r, null, l]), expected);
    assert.equal(found.rest, ['The story begins here.', left].filter(Boolean).join('\n\n'));
  });
}

// Text that mentions reporting or contributions without being a credit stays in the body.
const NOT_TRAILERS = [
  'Reporting by the BBC found that the ministry had known for months.',
  '(Editing by hand is no longer needed, the company said.)',
  'The fund contributed to this report, which was published on Monday.',
  'Many residents contributed to the clean-up effort.',
  '(This story has been refiled to fix a typo in paragraph 3)',
];
for (const tail of NOT_TRAILERS) {
  test(`not a trailer: ${tail.slice(0, 50)}`, () => {
    assert.equal(extractTrailer(`The story begins here.\n\n${tail}`), null);
  });
}

test('role phrases of contact blocks', () => {
  const got = parseRolePhrases('Reporting by: Albert Ott in Vienna, Christa Ohl in Geneva and Helen Corb in New York', () => ev);
  assert.deepEqual(got?.map((b) => [b.name, b.role, b.location]), [
    ['Albert Ott', 'reporting', 'Vienna'], ['Christa Ohl', 'reporting', 'Geneva'], ['Helen Corb', 'reporting', 'New York'],
  ]);
  assert.deepEqual(parseRolePhrases('Editing by: Rachel Moor, +49 30 1234 5678, <desk@example.com>', () => ev)?.map((b) => b.name), ['Rachel Moor']);
  assert.deepEqual(parseRolePhrases('Autor/in: Britta Kern', () => ev)?.map((b) => [b.name, b.role]), [['Britta Kern', 'author']]);
  assert.deepEqual(parseRolePhrases('Redaktion: Sophie Kaul', () => ev)?.map((b) => [b.name, b.role]), [['Sophie Kaul', 'editing']]);
  assert.equal(parseRolePhrases('The minister said on Monday', () => ev), null);
});

const LEADS: Array<[string, string[] | null]> = [
  ['By Toby Dale\n\nLONDON (Reuters) - Text.', ['Toby Dale']],
  ['BY PAUL BYRNE AND ANA CRUZ\n\nText.', ['PAUL BYRNE', 'ANA CRUZ']],
  ['Von Andrej Sokol, dpa\n\nText.', ['Andrej Sokol']],
  ['By the time the polls closed, turnout was high.\n\nText.', null],
  ['By Reuters\n\nText.', null],
  // A <br> kept as a line break: the byline is the first line, the dateline line stays in the body.
  ['By Nia Tembo\nLusaka, May 3 (Zed Daily) - Copper rose.\n\nMore.', ['Nia Tembo']],
  ['By ANA RUIZ\nAP Sports Writer\nMADRID (AP) - Text.', ['ANA RUIZ']],
  ['By the river\nthe herons wait.\n\nText.', null],
  ['By Jo Kimball\nHealthline News Service\n\nFeb. 3, 2015 -- Text.', ['Jo Kimball']],
];
for (const [body, names] of LEADS) {
  test(`lead byline ${body.slice(0, 30)}`, () => {
    const found = extractLeadByline(body);
    assert.deepEqual(found ? found.bylines.map((b) => b.name) : null, names);
  });
}

test('lead byline on its own line: the rest of the paragraph stays first', () => {
  const found = extractLeadByline('By Nia Tembo\nLusaka, May 3 (Zed Daily) - Copper rose.\nIt fell later.\n\nMore.');
  assert.equal(found?.rest, 'Lusaka, May 3 (Zed Daily) - Copper rose.\nIt fell later.\n\nMore.');
  const titled = extractLeadByline('By ANA RUIZ\nAP Sports Writer\nMADRID (AP) - Text.');
  assert.deepEqual(titled?.bylines.map((b) => [b.name, b.affiliation]), [['ANA RUIZ', 'AP Sports Writer']]);
  assert.equal(titled?.rest, 'MADRID (AP) - Text.');
  const org = extractLeadByline('By Jo Kimball\nHealthline News Service\n\nFeb. 3, 2015 -- Text.');
  assert.deepEqual(org?.bylines.map((b) => [b.name, b.affiliation]), [['Jo Kimball', 'Healthline News Service']]);
  assert.equal(org?.rest, 'Feb. 3, 2015 -- Text.');
});

test('a job title as the paragraph after a by-line alone is that byline\'s affiliation, not a teaser', () => {
  const found = extractLeadByline('By TOMASZ WREN\n\nAssociated Press Writer\n\nSPOKANE, Wash. (AP) — A dust storm closed the highway.');
  assert.deepEqual(found?.bylines.map((b) => [b.name, b.affiliation]), [['TOMASZ WREN', 'Associated Press Writer']]);
  assert.equal(found?.rest, 'SPOKANE, Wash. (AP) — A dust storm closed the highway.');
  // A paragraph that is no job title stays story text.
  const prose = extractLeadByline('By TOMASZ WREN\n\nSports fans\n\nSPOKANE, Wash. (AP) — Text.');
  assert.equal(prose?.rest, 'Sports fans\n\nSPOKANE, Wash. (AP) — Text.');
});

test('a name and its surname-first form are one person (dc:creator plus a printed credit)', async () => {
  const { dedupeBylines, nameKey } = await import('../../src/extract/bylines.js');
  assert.equal(nameKey('Maria Rosvall'), nameKey('Rosvall Maria'));
  assert.equal(nameKey('ROSVALL, Maria'), nameKey('Maria Rosvall'));
  assert.notEqual(nameKey('Maria Rosvall'), nameKey('Maria Rosvall Berg'));
  const ev = { from: 'element' as const, rule: 'test' };
  const kept = dedupeBylines([
    { name: 'Maria Rosvall', role: 'photographer', affiliation: null, location: null, evidence: ev },
    { name: 'Rosvall Maria', role: 'photographer', affiliation: null, location: null, evidence: ev },
  ]);
  assert.deepEqual(kept.map((b) => b.name), ['Maria Rosvall']);
});

test('desk names of German-language agencies are no people ("Politik Ausland", "Politik-Inland")', async () => {
  const { isTitleOnly, looksLikePersonName } = await import('../../src/extract/names.js');
  assert.ok(isTitleOnly('Politik Ausland'));
  assert.ok(isTitleOnly('Politik-Inland'));
  assert.ok(!looksLikePersonName('Wirtschaft Kultur', { allowSingle: true }));
  assert.ok(looksLikePersonName('Jean-Pierre Kultermann'));
});

test('names in scripts without capitals: a two- to four-character Han or Hangul name in a byline; lists with the ideographic comma', async () => {
  const { looksLikePersonName, splitNameList } = await import('../../src/extract/names.js');
  assert.equal(looksLikePersonName('王小明', { allowSingle: true }), true);
  assert.equal(looksLikePersonName('박지훈', { allowSingle: true }), true);
  // Without a label's leave for one word, and in a picture credit (an agency there), not a name.
  assert.equal(looksLikePersonName('王小明'), false);
  assert.equal(looksLikePersonName('王小明', { allowSingle: true, context: 'credit' }), false);
  assert.equal(looksLikePersonName('示例城市日报社', { allowSingle: true }), false);
  assert.deepEqual(splitNameList('王小明、李华，赵敏'), ['王小明', '李华', '赵敏']);
  assert.deepEqual(parseRolePhrases('责任编辑：王小明、李华', (role) => ({ from: 'text', rule: role }))?.map((b) => `${b.name}/${b.role}`), ['王小明/editing', '李华/editing']);
  // "von unserer Redaktion" is the desk, as "our" is.
  assert.deepEqual(parseByline('Von unserer Redaktion', 'author', ev), []);
});

test('the newsroom signing a story in French, Spanish, Italian, Portuguese or Dutch names no one, as "Redaktion" does', () => {
  // A feed's dc:creator or author holding only the desk (invented items of a Spanish, French, Italian, Portuguese and Dutch feed).
  for (const desk of ['Redacción', 'Rédaction', 'Redazione', 'Redação', 'Redactie', 'Redaktion']) assert.deepEqual(parseByline(desk, 'author', ev), [], desk);
  assert.deepEqual(parseByline('Por Lucía Serrano', 'author', ev).map((b) => b.name), ['Lucía Serrano']);
});

test('the newsroom signing a story in Turkish, Indonesian, Russian, Ukrainian or Greek names no one', () => {
  for (const desk of ['Haber Merkezi', 'Dış Haberler Servisi', 'Redaksi', 'Tim Redaksi', 'Редакция', 'Редакція', 'Σύνταξη']) assert.deepEqual(parseByline(desk, 'author', ev), [], desk);
  // The desk words name no one beside a name: "Tim White", "Tim Haber" are people.
  for (const name of ['Tim White', 'Tim Haber', 'Tim House']) assert.deepEqual(parseByline(`By ${name}`, 'author', ev).map((b) => b.name), [name], name);
  // Names holding one of those words are names still.
  assert.deepEqual(parseByline('Tim Cook', 'author', ev).map((b) => b.name), ['Tim Cook']);
  assert.deepEqual(parseByline('Yazar: Ayşe Haber', 'author', ev).map((b) => b.name), ['Ayşe Haber']);
});

test('a Taiwanese byline names the reporter without where the report comes from', () => {
  assert.deepEqual(parseByline('本報記者王小明／台中報導', 'author', ev).map((b) => b.name), ['王小明']);
  assert.deepEqual(parseByline('記者林家豪／綜合報導', 'author', ev).map((b) => b.name), ['林家豪']);
});

test('a word of three or more capitals without a vowel is an acronym (a broadcaster, a desk), no name', async () => {
  const { looksLikePersonName } = await import('../../src/extract/names.js');
  assert.ok(!looksLikePersonName('NRK VESTLAND'));
  assert.ok(!looksLikePersonName('SVT Nyheter'));
  assert.ok(looksLikePersonName('TJ Marsh'));
  assert.ok(looksLikePersonName('KARI LUND'));
  assert.deepEqual(parseByline('von Kari Lund, NRK VESTLAND', 'author', ev).map((b) => b.name), ['Kari Lund']);
});

test('a Korean name signed with the reporter\'s title ("김하늘 기자") is the name', () => {
  assert.deepEqual(parseByline('김하늘 기자', 'author', ev).map((b) => b.name), ['김하늘']);
  assert.deepEqual(parseByline('김하늘 특파원', 'author', ev).map((b) => b.name), ['김하늘']);
});

test('a byline: one word after full names is the place written from; a date is no affiliation; a label left in is no name', () => {
  const ev = { from: 'text' as const, rule: 't' };
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.location ?? ''}|${b.affiliation ?? ''}`);
  assert.deepEqual(read('Von Lena Maurer, Frankfurt'), ['Lena Maurer|Frankfurt|']);
  assert.deepEqual(read('Von Lena Maurer und Jo Kim, Brüssel'), ['Lena Maurer|Brüssel|', 'Jo Kim|Brüssel|']);
  // An agency stays the affiliation; a one-word name in a list of one-word names is left alone.
  assert.deepEqual(read('Von Lena Maurer, dpa'), ['Lena Maurer||dpa']);
  assert.deepEqual(read('Jana Kolb, 5. Juni 2024, 10:32 Uhr'), ['Jana Kolb||']);
  assert.deepEqual(read('Redactie: Jan Jansen'), []);
});

test('located names: two places at once ("in JAKARTA/SURABAYA"), a two-word region after the city ("Greenville, South Carolina"), the serial comma', () => {
  const ev = { from: 'text' as const, rule: 't' };
  assert.deepEqual(splitLocation('Siva Govindasamy in JAKARTA/SURABAYA'), { name: 'Siva Govindasamy', location: 'JAKARTA/SURABAYA' });
  assert.deepEqual(splitNameList('Rahim Faiez, Karim Sharifi, and Mitch Weiss'), ['Rahim Faiez', 'Karim Sharifi', 'Mitch Weiss']);
  assert.deepEqual(namesOfList('Mirwais Khan in Kabul, and Mitch Weiss in Greenville, South Carolina', 'contributor', ev).map((b) => `${b.name}@${b.location}`),
    ['Mirwais Khan@Kabul', 'Mitch Weiss@Greenville, South Carolina']);
  const t = extractTrailer('The ferry ran aground.\n\nAssociated Press writers Rahim Faiez in Kabul and Mitch Weiss in Greenville, South Carolina, contributed to this story.');
  assert.deepEqual(t?.bylines.map((b) => `${b.name}|${b.role}|${b.location}`), ['Rahim Faiez|contributor|Kabul', 'Mitch Weiss|contributor|Greenville, South Carolina']);
  // A broadcaster named in its own language is an organisation, no person.
  assert.equal(looksLikePersonName('Zweites Deutsches Fernsehen'), false);
  assert.equal(looksLikePersonName('Bayerischer Rundfunk'), false);
});

test('a wire agency run on after the names, its line break lost, is their affiliation ("By KARI LUND Associated Press")', () => {
  const ev = { from: 'text' as const, rule: 't' };
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.affiliation ?? ''}`);
  assert.deepEqual(read('By KARI LUND Associated Press'), ['KARI LUND|AP']);
  assert.deepEqual(read('By Jo Kim and Ann Lee Reuters'), ['Jo Kim|Reuters', 'Ann Lee|Reuters']);
  // A name that only ends in an agency's spelling keeps it when too little would be left.
  assert.deepEqual(read('Jane Bloomberg'), ['Jane Bloomberg|']);
});

test('a desk\'s signature closing a story (AFP\'s staff initials "jk/ar/lb", a desk line "dpa jk xyz", "AFP sn") leaves the body; prose that only looks short stays', () => {
  for (const [body, rest] of [
    ['The port reopened on Wednesday.\n\nWorkers finished on Tuesday.\n\njk/ar/lb', 'The port reopened on Wednesday.\n\nWorkers finished on Tuesday.'],
    ['Die Fähren fahren wieder.\n\ndpa jk xyz', 'Die Fähren fahren wieder.'],
    ['The deal was scrapped.\n\nAFP sn\n\n___', 'The deal was scrapped.'],
    ['Crews will train together.\n\nAAP RTV ar', 'Crews will train together.'],
    ['Die Fähren fahren wieder.\n\ndpa xy/ab', 'Die Fähren fahren wieder.'],
    // End marks (AP Stylebook, wire terms: "-30-", "ENDIT") as other wires print them, initials after them or not.
    ['Figures follow next week.\n\nENDS', 'Figures follow next week.'],
    ['Die Sperre dauert an.\n\n(Schluss) kre/sm', 'Die Sperre dauert an.'],
    ['Der Stadtrat stimmte zu.\n\n(Ende)', 'Der Stadtrat stimmte zu.'],
    ['The budget must still pass the Diet.\n\n==Kyodo', 'The budget must still pass the Diet.'],
    ['The new line opened on Monday.\n\nThe line is 520 km long. Enditem', 'The new line opened on Monday.\n\nThe line is 520 km long.'],
    ['The budget must still pass the Diet. ==Kyodo', 'The budget must still pass the Diet.'],
    // The teleprinter's end of message (ITA2 message procedure).
    ['Il sindacato ha annunciato lo sciopero.\n\nNNNN', 'Il sindacato ha annunciato lo sciopero.'],
    // A press release's end marks (PR style guides), shared with src/text/release-end.ts.
    ['The port reopened on Wednesday.\n\n- 30 -', 'The port reopened on Wednesday.'],
    ['The port reopened on Wednesday.\n\n(END)', 'The port reopened on Wednesday.'],
  ] as const) assert.equal(withoutDeskSignature(body), rest);
  for (const body of ['The port reopened.\n\nOpen 24/7', 'The port reopened.\n\nAFP said the port reopened.', 'jk/ar', 'The port reopened.\n\nReuters Breakingviews', 'The port reopened.\n\n==Harbour', 'The port reopened.\n\nThe end', 'Her film is called The End', 'ENDS', 'The port reopened.\n\nEnd game', 'Die Sperre dauert an.\n\nEnde Juni', 'Die Sperre dauert an.\n\nEnde gut']) assert.equal(withoutDeskSignature(body), null, body);
  const { articles } = ingestItem({ bytes: readFileSync(join(PACKAGE_ROOT, 'fixtures', 'rss', 'desk-signatures.xml')), path: 'feed.xml', format: 'rss' });
  assert.deepEqual(articles.map((a) => a.body.text.split('\n\n').length), [2, 2]);
  assert.ok(articles.every((a) => !/jk/.test(a.body.html)));
});

test('a byline naming the outlet the writer wrote for ("By Jo Kim For MailOnline", "Jo Kim for The Guardian", "Von Jo Kim für dpa", "Par Léa Martin pour Le Monde") gives the name and that affiliation', () => {
  const read = (raw: string) => parseByline(raw, 'author', { from: 'text', rule: 't' }).map((b) => [b.name, b.affiliation]);
  assert.deepEqual(read('By Jo Kim For MailOnline'), [['Jo Kim', 'MailOnline']]);
  assert.deepEqual(read('By JO KIM FOR MAILONLINE'), [['JO KIM', 'MAILONLINE']]);
  assert.deepEqual(read('Jo Kim and Ana Ruiz for The Guardian'), [['Jo Kim', 'The Guardian'], ['Ana Ruiz', 'The Guardian']]);
  assert.deepEqual(read('Von Jo Kim für dpa'), [['Jo Kim', 'dpa']]);
  assert.deepEqual(read('Par Léa Martin pour Le Monde'), [['Léa Martin', 'Le Monde']]);
  // "for" and words in lower case after it are no outlet.
  assert.ok(read('By Jo Kim for the first time').every(([, affiliation]) => affiliation === null));
});

test('a title run on after a name, its comma or line break lost, is the affiliation; a team is no person', () => {
  // Lower-case job noun: the title is the lower-case words and the capitalised word that opens them.
  assert.deepEqual(brief(parseByline('Maren Okafor Environment editor', 'author', ev)), [['Maren Okafor', 'author', 'Environment editor', null]]);
  assert.deepEqual(brief(parseByline('Tomas Lind Nordic affairs correspondent', 'author', ev)), [['Tomas Lind', 'author', 'Nordic affairs correspondent', null]]);
  assert.deepEqual(brief(parseByline('Ana Maria Reyes Harbour correspondent', 'author', ev)), [['Ana Maria Reyes', 'author', 'Harbour correspondent', null]]);
  assert.deepEqual(brief(parseByline('Jo Kim editor', 'author', ev)), [['Jo Kim', 'author', 'editor', null]]);
  // Capitalised job noun (AP's title line run into the name): every title word must be a title word or an agency.
  assert.deepEqual(brief(parseByline('By PAULA REYES AP Economics Writer', 'author', ev)), [['PAULA REYES', 'author', 'AP Economics Writer', null]]);
  assert.deepEqual(brief(parseByline('Jo Kim Senior Political Correspondent', 'author', ev)), [['Jo Kim', 'author', 'Senior Political Correspondent', null]]);
  // A name only, or a title that stands alone, is left as it was.
  assert.deepEqual(brief(parseByline('Mary Jo Writer', 'author', ev)).map((b) => b.slice(0, 3)), [['Mary Jo Writer', 'author', null]]);
  assert.deepEqual(brief(parseByline('Example editor', 'author', ev)), [['Example editor', 'author', null, null]]);
  // After a comma, a title of its own is the name's whatever beat or place opens it, and a name after it goes on.
  assert.deepEqual(brief(parseByline('By Jonas Meier, Transport Correspondent', 'author', ev)), [['Jonas Meier', 'author', 'Transport Correspondent', null]]);
  assert.deepEqual(brief(parseByline('Nia Roberts, Harbour Editor', 'author', ev)), [['Nia Roberts', 'author', 'Harbour Editor', null]]);
  assert.deepEqual(brief(parseByline('Jo Kim, Middle East Correspondent, and Ana Ruiz', 'author', ev)), [['Jo Kim', 'author', 'Middle East Correspondent', null], ['Ana Ruiz', 'author', null, null]]);
  assert.deepEqual(brief(parseByline('Jo Kim, Ana Ruiz', 'author', ev)).map((b) => b[0]), ['Jo Kim', 'Ana Ruiz']);
  // A team signs no one.
  assert.deepEqual(parseByline('Courier Events Team', 'author', ev), []);
  assert.deepEqual(parseByline('Team Harbourside', 'author', ev), []);
  assert.equal(looksLikePersonName('Sysadmin Team'), false);
});

test('an agency source line closing a story is its credit line, not story text', () => {
  const story = 'Die Fähre legte am Mittag in Kiel ab.';
  for (const [line, agencies] of [
    ['(dpa)', ['dpa']], ['mit dpa', ['dpa']], ['Mit Material von dpa und AFP', ['dpa', 'AFP']], ['Quelle: sid/dpa', ['dpa']],
    ['Quelle: hafen.de, jok/dpa', ['dpa']], ['jok/Reuters', ['Reuters']], ['Bron: BELGA', ['Belga']], ['(NTB)', ['NTB']], ['with AFP', ['AFP']], ['/ritzau/', ['Ritzau']], ['(©NTB)', ['NTB']], ['© dpa', ['dpa']],
  ] as const) {
    assert.deepEqual(extractSourceLine(`${story}\n\n${line}`), { raw: line, agencies, rest: story }, line);
  }
  assert.equal(extractSourceLine(`${story}\n\n___\n\n(dpa)`)?.rest, story);
  // Prose, a name, an unknown word among the agencies, or the whole body: no source line.
  for (const body of ['(dpa)', `${story}\n\nMit dpa sprach der Kapitän.`, `${story}\n\nJo Kim`, `${story}\n\nQuelle: Hafenamt/dpa`, `${story}\n\nThe AP said so.`]) {
    assert.equal(extractSourceLine(body), null, body);
  }
});

test('a copyright line closing a story is its notice and owner; a separator left dangling goes with it', () => {
  const notice = 'Copyright 2024 Harbor Wire Service. All rights reserved. This material may not be redistributed.';
  assert.deepEqual(extractCopyrightLine(`The ferry sailed at noon.\n\n___\n\n${notice}`), { notice, holder: 'Harbor Wire Service', rest: 'The ferry sailed at noon.' });
  assert.equal(extractCopyrightLine('The ferry sailed.\n\n© 2023 Fjord Daily')?.holder, 'Fjord Daily');
  assert.equal(extractCopyrightLine('The ferry sailed.\n\n(c) 2021-2024 Lakeside Media Group.')?.holder, 'Lakeside Media Group');
  // Only the last paragraph, never the whole body, and not prose that begins with the word.
  assert.equal(extractCopyrightLine(`${notice}\n\nThe ferry sailed at noon.`), null);
  assert.equal(extractCopyrightLine(notice), null);
  assert.equal(extractCopyrightLine('The ferry sailed.\n\nCopyright 2024 rules changed. Publishers objected to the draft.'), null);
});

test('extract: a printed copyright line fills the copyright fields unless the format states its own', async () => {
  const { extract } = await import('../../src/pipeline/extract.js');
  const { normalize } = await import('../../src/pipeline/normalize.js');
  const bodyText = 'OSLO (NTB) - The ferry sailed at noon.\n\n___\n\nCopyright 2024 The Harbor Wire. All rights reserved.';
  const a = extract(normalize({ headline: 'Ferry sails', bodyText }));
  assert.equal(a.copyrightNotice, 'Copyright 2024 The Harbor Wire. All rights reserved.');
  assert.equal(a.copyrightHolder, 'The Harbor Wire');
  assert.equal(a.body.text, 'The ferry sailed at noon.');
  const stated = extract(normalize({ headline: 'Ferry sails', bodyText, copyrightHolder: 'Fjord Daily' }));
  assert.equal(stated.copyrightHolder, 'Fjord Daily');
  assert.equal(stated.copyrightNotice, null);
  assert.match(stated.body.text, /Copyright 2024 The Harbor Wire/);
});

test('parseByline: the bylines of Czech, Finnish, Hungarian, Greek, Russian and Slovene pages, label or verb before the name', () => {
  const rows: Array<[string, string]> = [
    ['Autorka: Jana Nováková', 'Jana Nováková'], ['Kirjoittaja: Aino Virtanen', 'Aino Virtanen'], ['Szöveg: Kovács Anna', 'Kovács Anna'],
    ['Κείμενο: Ελένη Παππά', 'Ελένη Παππά'], ['Текст: Ольга Коваль', 'Ольга Коваль'], ['Írta: Kovács Anna', 'Kovács Anna'], ['Napisala Maja Novak', 'Maja Novak'],
  ];
  for (const [raw, name] of rows) assert.deepEqual(parseByline(raw, 'author', ev).map((b) => b.name), [name], raw);
});

test('splitNameList: "and" in Hungarian, Cyrillic, Czech and Polish lists; a capital letter alone is a middle initial', () => {
  assert.deepEqual(splitNameList('Kovács Anna és Nagy Péter'), ['Kovács Anna', 'Nagy Péter']);
  assert.deepEqual(splitNameList('Ольга Коваль и Пётр Сидоров'), ['Ольга Коваль', 'Пётр Сидоров']);
  assert.deepEqual(splitNameList('Jan Novák a Jana Nováková'), ['Jan Novák', 'Jana Nováková']);
  assert.deepEqual(splitNameList('Jan Kowalski i Anna Nowak'), ['Jan Kowalski', 'Anna Nowak']);
  assert.deepEqual(splitNameList('JUAN PÉREZ Y ANA RUIZ'), ['JUAN PÉREZ', 'ANA RUIZ']);
  for (const one of ['Jane E Doe', 'JANE E DOE', 'Tom Y Ash', 'José Ortega y Gasset', 'Kari Lund i Oslo', 'Kari Lund i New York']) assert.deepEqual(splitNameList(one), [one], one);
  assert.deepEqual(parseByline('By Jane E Doe', 'author', ev).map((b) => b.name), ['Jane E Doe']);
  assert.deepEqual(parseByline('Írta: Kovács Anna és Nagy Péter', 'author', ev).map((b) => b.name), ['Kovács Anna', 'Nagy Péter']);
});

test('parseByline: the date and reading time a page prints after the byline are cut, the names and agency kept', () => {
  const rows: Array<[string, string[], string | null]> = [
    ['By Ola Dunn • 5 min read', ['Ola Dunn'], null],
    ['Ola Dunn · 3 min read', ['Ola Dunn'], null],
    ['By Ola Dunn | Updated 5 June 2024', ['Ola Dunn'], null],
    ['By Ola Dunn | Updated yesterday', ['Ola Dunn'], null],
    ['By Ola Dunn Published 5 June 2024', ['Ola Dunn'], null],
    ['By Ola Dunn — 5 min read', ['Ola Dunn'], null],
    ['Von Ola Dunn · 3 Min. Lesezeit', ['Ola Dunn'], null],
    ['Par Léa Roux · Publié le 5 juin 2024', ['Léa Roux'], null],
    ['by OLA DUNN | October 25, 2015 | 11:15 AM', ['OLA DUNN'], null],
    ['Ola Dunn · AP', ['Ola Dunn'], 'AP'],
    ['By Ola Dunn and Jo Kim • June 5, 2024', ['Ola Dunn', 'Jo Kim'], null],
  ];
  for (const [raw, names, aff] of rows) {
    const got = parseByline(raw, 'author', ev);
    assert.deepEqual(got.map((b) => b.name), names, raw);
    assert.equal(got[0]?.affiliation ?? null, aff, raw);
  }
  // A middle dot inside a word is Catalan spelling, no separator.
  assert.deepEqual(parseByline('Jordi Col·lell • 2 min read', 'author', ev).map((b) => b.name), ['Jordi Col·lell']);
  assert.deepEqual(parseByline('Par Léa Roux · 3 min de lecture', 'author', ev).map((b) => b.name), ['Léa Roux']);
});

test('parseByline: an agency credited as a source ("mit Material von dpa", "avec AFP", "con agencias") is no part of the names; the first agency named is their affiliation', () => {
  const rows: Array<[string, string[], string | null]> = [
    ['Ola Dunn mit Material von dpa', ['Ola Dunn'], 'dpa'],
    ['Von Ola Dunn, mit Material von dpa/AFP', ['Ola Dunn'], 'dpa'],
    ['Ola Dunn, mit Material der dpa', ['Ola Dunn'], 'dpa'],
    ['Ola Dunn mit Agenturmaterial', ['Ola Dunn'], null],
    ['Von Ola Dunn und Jo Kim (mit dpa)', ['Ola Dunn', 'Jo Kim'], 'dpa'],
    ['Par Léa Roux (avec AFP)', ['Léa Roux'], 'AFP'],
    ['Por Ana Ruiz con agencias', ['Ana Ruiz'], null],
    ['Ana Ruiz, con información de EFE', ['Ana Ruiz'], 'EFE'],
    ['Mit Material von dpa', [], null],
  ];
  for (const [raw, names, agency] of rows) {
    const got = parseByline(raw, 'author', ev);
    assert.deepEqual(got.map((b) => b.name), names, raw);
    for (const b of got) assert.equal(b.affiliation, agency, raw);
  }
  // "with" before a person or an outlet is no source credit.
  for (const raw of ['Ola Dunn with Jo Kim', 'Ola Dunn mit Jo Kim', 'Ola Dunn con The Tribune']) assert.deepEqual(sourceCredit(raw), { text: raw, agency: null });
});

test('parseByline: an agency after a slash is the affiliation however short its name; staff initials are not', () => {
  assert.deepEqual(parseByline('Ola Dunn / AFP', 'author', ev).map((b) => [b.name, b.affiliation]), [['Ola Dunn', 'AFP']]);
  assert.deepEqual(parseByline('Ola Dunn/dpa', 'author', ev).map((b) => [b.name, b.affiliation]), [['Ola Dunn', 'dpa']]);
  assert.deepEqual(parseByline('Ola Dunn / gr', 'author', ev).map((b) => [b.name, b.affiliation]), [['Ola Dunn', null]]);
});

test('parseByline: a byline of role phrases names each person in the printed role; role phrases after the names name their own people', () => {
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.role}`);
  assert.deepEqual(read('With reporting by Ola Dunn'), ['Ola Dunn|contributor']);
  assert.deepEqual(read('Additional reporting by Ola Dunn'), ['Ola Dunn|additional-reporting']);
  assert.deepEqual(read('Compiled by Ola Dunn'), ['Ola Dunn|compiled-by']);
  assert.deepEqual(read('Reporting by Ola Dunn; Editing by Jo Kim'), ['Ola Dunn|reporting', 'Jo Kim|editing']);
  assert.deepEqual(read('By Ola Dunn. Photos by Jo Kim'), ['Ola Dunn|author', 'Jo Kim|photographer']);
  assert.deepEqual(read('By Ola Dunn, additional reporting by Jo Kim'), ['Ola Dunn|author', 'Jo Kim|additional-reporting']);
});

test('parseByline: a place after the comma ("à Paris", "in Kyiv", "New York") is where the names wrote from, a title ending in "Contributor" their title', () => {
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.location ?? ''}|${b.affiliation ?? ''}`);
  assert.deepEqual(read('Par Léa Roux, à Paris'), ['Léa Roux|Paris|']);
  assert.deepEqual(read('By Ola Dunn, in Kyiv'), ['Ola Dunn|Kyiv|']);
  assert.deepEqual(read('By Ola Dunn, New York'), ['Ola Dunn|New York|']);
  assert.deepEqual(read('Von Ola Dunn, aus Berlin'), ['Ola Dunn|Berlin|']);
  assert.deepEqual(read('By Ola Dunn, Opinion Contributor'), ['Ola Dunn||Opinion Contributor']);
  // Two names after a comma are people, not a place.
  assert.deepEqual(read('By Ola Dunn, Jo Kim'), ['Ola Dunn||', 'Jo Kim||']);
});

test('parseByline: "Text und Fotos:", "Texte et photos :" label one person; "Fotos:" after the names opens the photographers; a label alone is no name', () => {
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.role}`);
  assert.deepEqual(read('Texte et photos : Léa Roux'), ['Léa Roux|author']);
  assert.deepEqual(read('Text und Fotos: Jana Kolb'), ['Jana Kolb|author']);
  assert.deepEqual(read('Texto e fotos: Ana Silva'), ['Ana Silva|author']);
  assert.deepEqual(read('Text: Jana Kolb, Fotos: Kari Lund'), ['Jana Kolb|author', 'Kari Lund|photographer']);
  assert.deepEqual(read('Texte : Léa Roux ; photos : Jo Kim'), ['Léa Roux|author', 'Jo Kim|photographer']);
  assert.deepEqual(read('Texte et photos'), []);
});

test('a Norwegian, Swedish or Danish byline places its names with "i" ("Av Kari Lund i Oslo"); a Polish "i" between full names is "and"', () => {
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.location ?? ''}`);
  assert.deepEqual(read('Av Kari Lund i Oslo'), ['Kari Lund|Oslo']);
  assert.deepEqual(read('Av Kari Lund i Oslo og Ola Dunn i Bergen'), ['Kari Lund|Oslo', 'Ola Dunn|Bergen']);
  assert.deepEqual(read('Jan Kowalski i Anna Nowak'), ['Jan Kowalski|', 'Anna Nowak|']);
});

test('parseByline: a title with its post-modifier ("Editor-at-Large", "Editor in Chief") and "from <agency>" after a comma are the name\'s, not other people', () => {
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.affiliation ?? ''}|${b.location ?? ''}`);
  assert.deepEqual(read('By Ola Dunn, Editor-at-Large'), ['Ola Dunn|Editor-at-Large|']);
  assert.deepEqual(read('By Ola Dunn, Deputy Editor in Chief'), ['Ola Dunn|Deputy Editor in Chief|']);
  assert.deepEqual(read('Ola Dunn, from Reuters'), ['Ola Dunn|Reuters|']);
  assert.deepEqual(read('Ola Dunn, of The Associated Press'), ['Ola Dunn|AP|']);
  // A place after "from" stays a place; a name after a comma stays a person.
  assert.deepEqual(read('Ola Dunn, from Oslo'), ['Ola Dunn||Oslo']);
  assert.deepEqual(read('Ola Dunn, Jo Kim'), ['Ola Dunn||', 'Jo Kim||']);
});

test('parseByline: by-words in more scripts are no part of the names, and a caseless name is told from a sentence by its shape (names invented)', () => {
  const rows: Array<[string, string[]]> = [
    ['记者 林晓月', ['林晓月']], ['本报记者 林晓月', ['林晓月']], ['記者 陳美玲', ['陳美玲']], ['本报记者 林晓月、周子航', ['林晓月', '周子航']],
    ['Oleh Budi Santoso', ['Budi Santoso']], ['Oleh Petrenko', ['Oleh Petrenko']], ['โดย สมศรี ใจงาม', ['สมศรี ใจงาม']], ['लेखक: राहुल वर्मा', ['राहुल वर्मा']],
    // A sentence after a label in a caseless script is no name: its full stop ("।") gives it away.
    ['लेखक: यह लेख पिछले साल छपा था।', []], ['यह लेख पिछले साल छपा था।', []], ['记者了解到，市政府将于下月公布新的交通方案。', []],
    // Six words of a caseless script are a phrase, not a name.
    ['كتب الطفل رسالة طويلة إلى والده', []],
    // Hebrew's geresh and a Persian name's zero-width non-joiner are letters of the name, as printed.
    ["ג'ני בן-דוד", ["ג'ני בן-דוד"]], ['مریم مهدی\u200cپور', ['مریم مهدی\u200cپور']],
  ];
  for (const [raw, names] of rows) assert.deepEqual(parseByline(raw, 'author', ev).map((b) => b.name), names, raw);
});

test('parseByline: a writer\'s post printed before the name is no part of it, and an agency joined to it is the affiliation (names invented)', () => {
  const rows: Array<[string, string[], string | null]> = [
    ['Von unserem Korrespondenten Jonas Keller', ['Jonas Keller'], null],
    ['Von dpa-Korrespondentin Mareike Janssen', ['Mareike Janssen'], 'dpa'],
    ['Von unserer Redakteurin Anna Berg und Jonas Keller', ['Anna Berg', 'Jonas Keller'], null],
    ['Par notre correspondant à Berlin, Jean Roux', ['Jean Roux'], null],
    ['Par notre envoyée spéciale Claire Dubois', ['Claire Dubois'], null],
    ['Por nuestro corresponsal Diego Paredes', ['Diego Paredes'], null],
    ['Di il nostro inviato Marco Bassi', ['Marco Bassi'], null],
    // The desk alone names nobody; a name that is no post stays whole.
    ['Von unseren Korrespondenten', [], null],
    ['Von Jonas Keller', ['Jonas Keller'], null],
  ];
  for (const [raw, names, affiliation] of rows) {
    const got = parseByline(raw, 'author', ev);
    assert.deepEqual(got.map((b) => b.name), names, raw);
    if (names.length) assert.equal(got[0]!.affiliation, affiliation, raw);
  }
});

test('"with" between two names lists both (AFP\'s English byline "by Jo Kim with Ana Ruiz in Paris"); "with" before no name stays', () => {
  const ev = { from: 'text' as const, rule: 't' };
  const read = (raw: string): string[] => parseByline(raw, 'author', ev).map((b) => `${b.name}|${b.location ?? ''}|${b.affiliation ?? ''}`);
  assert.deepEqual(read('By Jane Doe with John Roe in Paris'), ['Jane Doe||', 'John Roe|Paris|']);
  assert.deepEqual(read('by Jane DOE, with John ROE in Geneva'), ['Jane DOE||', 'John ROE|Geneva|']);
  assert.deepEqual(read('Jane Doe with Ann Lee in Brussels and Tom Kay in Rome'), ['Jane Doe||', 'Ann Lee|Brussels|', 'Tom Kay|Rome|']);
  // The name before "with" may close a list, as the name after it may open one.
  assert.deepEqual(read('By Jane Doe and Tom Kay with Ann Lee in Brussels'), ['Jane Doe||', 'Tom Kay||', 'Ann Lee|Brussels|']);
  // Agencies after "with" are the byline's source credit; other words after it name no one.
  assert.deepEqual(read('By Jane Doe with agencies'), ['Jane Doe||']);
  assert.deepEqual(read('By Jane Doe with AFP'), ['Jane Doe||AFP']);
  assert.deepEqual(read('Jane Doe with reporting by Tom Kay').map((x) => x.split('|')[0]).includes('Jane Doe'), true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indentedParagraphs, reflow, reflowParagraphs, unwrapMarkupBreaks, wrapWidth } from '../../src/text/reflow.js';
import { standsAlone } from '../../src/text/page-line-kinds.js';

// Invented press-release text, wrapped the way mailers and terminals wrap it.

/** A greedy word-wrap at `w` columns, as mailers do it. */
function wrap(paragraph: string, w: number, indent = ''): string[] {
  const out: string[] = [];
  let line = indent;
  for (const word of paragraph.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > w) {
      out.push(line);
      line = word;
    } else line = line.trim() ? `${line} ${word}` : `${line}${word}`;
  }
  out.push(line);
  return out;
}

const PARAS = [
  'The county library service will open two new branches this spring, one in the old corn exchange at Wexley and one beside the bus station at Tarn Bridge, the council said on Monday.',
  'Both branches will lend books, tools and musical instruments, and the Tarn Bridge branch will stay open until nine in the evening on weekdays.',
  '"People asked for longer hours more than anything else," said councillor Ruth Ambler, who chairs the libraries committee. "We listened."',
  'The two branches cost 1.8 million pounds. Building work at Wexley starts in April.',
];

test('blank-line paragraphs wrapped at 60, 72 and 78 columns come back whole', () => {
  for (const w of [60, 72, 78]) {
    const text = PARAS.map((p) => wrap(p, w).join('\n')).join('\n\n');
    assert.equal(wrapWidth(text) !== null, true, `width ${w}`);
    assert.equal(reflow(text), PARAS.join('\n\n'), `width ${w}`);
  }
});

test('indented first lines mark paragraphs when no blank line separates them', () => {
  const text = PARAS.map((p) => wrap(p, 70, '    ').join('\n')).join('\n');
  assert.equal(reflow(text), PARAS.join('\n\n'));
});

test('writer\'s breaks stay: a heading, short contact lines, list items; CRLF and a hyphen split across lines', () => {
  const body = wrap(PARAS[0]!, 66).join('\r\n');
  const text = `Libraries Open Two Branches\r\n\r\n${body}\r\n\r\nMedia contact:\r\nJo Pell\r\n01632 960123\r\n\r\n- Wexley: opens 2 May with a children's reading room on the first\r\n  floor.\r\n- Tarn Bridge: opens 9 May.`;
  assert.equal(reflow(text), [
    'Libraries Open Two Branches', PARAS[0], 'Media contact:', 'Jo Pell', '01632 960123',
    '- Wexley: opens 2 May with a children\'s reading room on the first floor.', '- Tarn Bridge: opens 9 May.',
  ].join('\n\n'));
  const hyphen = 'The service plans a mobile library for the villages of the north-\neastern moors and a reading club for the over-sixties in every branch of\nthe county, starting with the largest towns and moving on to the small\nones in the autumn, the council said.';
  assert.match(reflow(hyphen), /north-eastern moors/);
});

test('text that is not hard-wrapped comes back unchanged: one paragraph per line, or a few short lines', () => {
  const unwrapped = PARAS.join('\n\n');
  assert.equal(wrapWidth(unwrapped), null);
  assert.equal(reflow(unwrapped), unwrapped);
  const menu = 'Home\nNews\nSport\nWeather\nContact us';
  assert.equal(reflow(menu), menu);
  // Lines without spaces (Japanese related-article links) are not word-wrapped text.
  const links = ['港の防波堤の修理が始まる、市は来月末までに工事を終える予定だと発表した', '図書館の新しい分館が春に開館する予定、開館時間は平日夜九時までに延長へ', '駅前の市場が木曜日に移転する、出店者の多くは新しい場所を歓迎していると話す', '漁業組合が新しい冷凍倉庫を建設する計画を発表、完成は来年の秋の予定だという'].join('\n');
  assert.equal(wrapWidth(links), null);
  assert.equal(reflow(links), links);
});

/** A page's text as copied: a menu of short lines, then the story wrapped at `w`, then the footer's links. */
function wrappedPage(w: number): string {
  const menu = ['Home', 'News', 'Local', 'Business', 'Sport', 'Weather', 'Opinion', 'Podcasts', 'Subscribe', 'Sign in', 'Local'];
  const footer = ['Related', 'About us', 'Contact', 'Privacy', 'Terms', 'Careers', 'Advertise', 'Newsletters', 'Archive'];
  return [...menu, 'Libraries Open Two Branches', '', ...PARAS.flatMap((p) => [...wrap(p, w), '']), ...footer].join('\n');
}

test('a copied page wrapped by a terminal is found wrapped by its lines of running words, though menus make most of its lines', () => {
  for (const w of [66, 72, 78]) {
    const text = wrappedPage(w);
    assert.equal(text.split('\n').filter((l) => l.split(' ').length >= 4).length * 2 < text.split('\n').length, true, 'most lines are short');
    assert.notEqual(wrapWidth(text), null, `width ${w}`);
    const paragraphs = reflow(text).split('\n\n');
    for (const p of PARAS) assert.ok(paragraphs.includes(p), `width ${w}: ${p.slice(0, 30)}`);
    assert.ok(paragraphs.includes('Home') && paragraphs.includes('Terms'));
  }
});

test('a list of headlines of about the same length, each opening with a capital, and a table of tab-separated rows are not wrapped text', () => {
  const teasers = [
    'Harbour board approves new crane for the container quay at Wexley',
    'Weekend closures: Tarn Bridge line replaced by buses until Monday',
    'Council Elections: Three Candidates Stand for the Marlow Bay Seat',
    'Fishing Fleet Lands Record Catch of Mackerel in Northern Waters',
    'Ferry Timetable Changes for the Spring Season on the Holm Route',
    'Lifeboat Volunteers Honoured for Forty Years of Service at Sea',
    'Library Opens Evening Reading Room for Students Before Exams',
  ];
  assert.equal(wrapWidth(teasers.join('\n')), null);
  const table = ['id\tstatus\tnote', ...Array.from({ length: 8 }, (_, i) => `page-${i}\tskipped\tnot copied (no byline in the ground truth of this page)`)].join('\n');
  assert.equal(wrapWidth(table), null);
  assert.equal(reflow(table), table);
});

test('reflowed paragraphs name the input line they start on; a heading printed twice, a short line after a sentence\'s end and a line the caller knows to stand alone keep their own', () => {
  const w = 72;
  const first = wrap(PARAS[0]!, w);
  const text = [...first, '', ...wrap(PARAS[1]!, w), ''].join('\n');
  const paragraphs = reflowParagraphs(text)!;
  assert.deepEqual(paragraphs.map((p) => p.line), [1, first.length + 2]);
  assert.equal(paragraphs[0]!.text, PARAS[0]);
  // A full-width heading printed twice in a row is two lines, not one paragraph.
  const heading = 'Libraries open two branches at Wexley and Tarn Bridge this spring, cou';
  const twice = [heading, heading, '', ...PARAS.flatMap((p) => [...wrap(p, w), ''])].join('\n');
  assert.deepEqual(reflowParagraphs(twice)!.slice(0, 2).map((p) => p.text), [heading, heading]);
  // After a line that ends a sentence near the margin, a short line with a capital that the text goes straight on from.
  const ended = 'The two branches cost 1.8 million pounds, and building work starts soon.';
  const afterSentence = [...wrap(PARAS[0]!, w), '', ended, 'Share this', ...wrap(PARAS[1]!, w), '', ...wrap(PARAS[3]!, w)].join('\n');
  assert.ok(reflowParagraphs(afterSentence)!.some((p) => p.text === 'Share this'));
  // A byline under a full-width headline: joined unless the caller says it stands alone.
  const headline = 'Libraries open two branches at Wexley and Tarn Bridge as the spring co';
  const page = [headline, 'By Jo Pell', ...wrap(PARAS[0]!, w), '', ...wrap(PARAS[1]!, w), '', ...wrap(PARAS[2]!, w)].join('\n');
  assert.equal(reflowParagraphs(page)![0]!.text, `${headline} By Jo Pell`);
  const alone = reflowParagraphs(page, { standsAlone: (l) => l.startsWith('By ') })!;
  assert.deepEqual(alone.slice(0, 2).map((p) => [p.text, p.line]), [[headline, 1], ['By Jo Pell', 2]]);
});

test('a wire\'s paragraphs: a blank line or an indented first line opens one; a list item is one, its hanging lines stay with it', () => {
  const lines = [
    '   The county library service will open two new branches this', 'spring, the council said.',
    '   Both branches will lend books.', '',
    'Media contact:', '  * Jo Pell, press office, on weekdays until', '    five in the evening', '  * Ana Ruiz',
  ];
  assert.deepEqual(indentedParagraphs(lines), [
    'The county library service will open two new branches this spring, the council said.',
    'Both branches will lend books.',
    'Media contact:',
    '* Jo Pell, press office, on weekdays until five in the evening',
    '* Ana Ruiz',
  ]);
  // Every line indented alike: only blank lines part paragraphs.
  assert.deepEqual(indentedParagraphs(['   One line', '   and the next', '', '   Another']), ['One line and the next', 'Another']);
});

test('markup that kept a wire\'s line ends as <br> inside paragraphs gets its paragraphs back; a poem\'s, an address\'s and a <pre>\'s breaks stay', () => {
  const asMarkup = (w: number): string => PARAS.map((p) => `<p>   ${wrap(p, w).join(' <br />')}</p>`).join('');
  for (const w of [64, 72]) {
    const joined = unwrapMarkupBreaks(asMarkup(w));
    assert.ok(joined, `width ${w}`);
    assert.doesNotMatch(joined!, /<br/);
    assert.deepEqual(joined!.split('</p>').filter(Boolean).map((p) => p.replace(/<p>/, '').replace(/\s+/g, ' ').trim()), [...PARAS]);
  }
  const poem = '<p>The tide comes in at Marlow,<br>the gulls go out to sea,<br>the ferry leaves at seven<br>and waits for none but me.</p><p>Harbour Office<br>1 Quay Street<br>Marlow Bay</p>';
  assert.equal(unwrapMarkupBreaks(poem), null);
  const table = `${asMarkup(72)}<pre>${wrap(PARAS[0]!, 72).join('<br>')}</pre>`;
  assert.match(unwrapMarkupBreaks(table)!, /<pre>[^<]+<br>/);
  assert.equal(unwrapMarkupBreaks('<p>No breaks at all.</p>'), null);
});

test('a caption wrapped right after its credit label keeps the label\'s name, though a name alone stands on its own line', () => {
  // Invented page copy, wrapped at 72 columns: the caption's "Photo:" ends one line, the photographer's name opens the next.
  const caption = 'Volunteers carry the new benches into the reading room on Monday. Photo: Ana Ruiz';
  const lines = wrap(caption, 72);
  assert.equal(lines[lines.length - 1], 'Ana Ruiz');
  const text = [...wrap(PARAS[0]!, 72), '', ...lines, '', ...wrap(PARAS[1]!, 72), '', ...wrap(PARAS[2]!, 72)].join('\n');
  const nameAlone = (l: string): boolean => /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(l);
  assert.ok(reflowParagraphs(text, { standsAlone: nameAlone })!.some((p) => p.text === caption));
});

test('a stamp line that fills the wrap width and ends with "p.m." stands alone: the caption under it is no part of it', () => {
  // Invented page copy, wrapped at 72 columns, blank lines lost: the stamp is exactly 72 characters long.
  const stamp = 'December 12, 2026 at 9:05 a.m. EST Updated December 12, 2026, 11:40 a.m.';
  const caption = 'Volunteers carry the new benches into the reading room on Monday. (Ana Ruiz for Lake Herald)';
  const text = ['Library reopens after flood repairs', 'By Jo Kim', stamp, ...wrap(caption, 72), '', ...wrap(PARAS[0]!, 72), '', ...wrap(PARAS[1]!, 72)].join('\n');
  const paras = reflowParagraphs(text, { standsAlone })!;
  assert.ok(paras.some((p) => p.text === stamp));
  assert.ok(paras.some((p) => p.text === caption));
});

test('a stamp line wrapped before "and" and its second author goes on to the next line', () => {
  // Invented page copy, wrapped at 72 columns, blank lines lost.
  const stamp = 'Posted on December 12, 2026December 12, 2026, 1:05 p.m. by Tove Lindh and Jo Kim';
  const text = ['Library reopens after flood repairs', ...wrap(stamp, 72), '', ...wrap(PARAS[0]!, 72), '', ...wrap(PARAS[1]!, 72)].join('\n');
  assert.ok(reflowParagraphs(text, { standsAlone })!.some((p) => p.text === stamp));
});

test('a short release wrapped at 70 whose headline and footer run past the width is still found wrapped', () => {
  const text = [
    'Stadtwerke Uelzen nehmen neues Blockheizkraftwerk am Bahnhof in Betrieb',
    '',
    'Uelzen (ots) - Die Stadtwerke Uelzen haben am Montag am Bahnhof ein',
    'Blockheizkraftwerk mit einer Leistung von zwölf Megawatt in Betrieb',
    'genommen. Es versorgt nach Angaben der Stadtwerke rund 4.000 Wohnungen',
    'mit Wärme.',
    '',
    'Die Anlage ersetzt zwei Kessel aus den siebziger Jahren, die im Winter',
    'regelmäßig ausfielen. Die Kosten betragen 19 Millionen Euro.',
    '',
    'Original-Content von: Stadtwerke Uelzen GmbH, übermittelt durch news aktuell',
  ].join('\n');
  assert.equal(wrapWidth(text), 70);
  assert.deepEqual(reflowParagraphs(text)?.map((p) => p.text.slice(0, 40)), [
    'Stadtwerke Uelzen nehmen neues Blockheiz',
    'Uelzen (ots) - Die Stadtwerke Uelzen hab',
    'Die Anlage ersetzt zwei Kessel aus den s',
    'Original-Content von: Stadtwerke Uelzen ',
  ]);
});

test('a title-case headline line ending on a small word goes on to the next line, a name-like one included', () => {
  const body = 'Harrow Tidal Inc., a maker of small wave turbines for harbour walls, today announced an agreement to supply 40 units to three port authorities in Portugal and Ireland over the next two years, the company said on Wednesday.';
  const text = ['Harrow Tidal Signs Agreement to Supply Wave Turbines to', 'Three Ports', '', ...wrap(body, 72), '', ...wrap(body, 72)].join('\n');
  const paragraphs = reflowParagraphs(text, { standsAlone })?.map((p) => p.text);
  assert.equal(paragraphs?.[0], 'Harrow Tidal Signs Agreement to Supply Wave Turbines to Three Ports');
  // A sentence's line ending on a small word is no title: the name under it keeps its own line.
  const byline = ['The council voted on the plan that the mayor had put to', 'Jo Kim', '', ...wrap(body, 72), '', ...wrap(body, 72)].join('\n');
  assert.equal(reflowParagraphs(byline, { standsAlone })?.[1]?.text, 'Jo Kim');
  // German capitalises every noun: a sentence-case headline ending on a verb is no title-case line, and the author's line under it stays.
  const german = ['Die Hafenfeste 2026 Wann sie sind - und wie das Wetter wird', 'Jo Kim Redakteur', '', ...wrap(body, 72), '', ...wrap(body, 72)].join('\n');
  assert.equal(reflowParagraphs(german, { standsAlone })?.[1]?.text, 'Jo Kim Redakteur');
  // A list item under a title-case line opens its own paragraph.
  const listed = ['Harrow Tidal Signs Agreement to Supply Wave Turbines to', '• Three Ports in Portugal', '', ...wrap(body, 72), '', ...wrap(body, 72)].join('\n');
  assert.equal(reflowParagraphs(listed, { standsAlone })?.[1]?.text, '• Three Ports in Portugal');
});

// A copied news page, wrapped at 72 columns the way a mailer wraps it: what the page printed as lines of its own stays so.
const STORY = [
  'Councillors in Port Alder voted on Monday to keep the late-night ferry to the mainland running for another two years, after a petition signed by more than 3,000 residents.',
  'The crossing, which leaves the harbour at 11.40pm, carries shift workers from the hospital and the fish processing plant, many of whom said they had no other way home.',
  'The operator had warned that the sailing lost money through the winter, and the council agreed to cover part of the shortfall from its transport budget.',
];
const wrapped = (lines: string[]): string => lines.flatMap((l) => (l ? wrap(l, 72) : [''])).join('\n');

test('a heading whose next line opens a sentence with a capitalised small word ("With …", "Für …") is a line of its own; in title case, or after a small word, the next line goes on', () => {
  const heading = 'Port Alder keeps its night ferry to the mainland after a petition drive';
  const standfirst = 'With the vote on Monday the crossing runs for two more years, paid for in part by the council.';
  const text = wrapped([heading, standfirst, '', ...STORY.flatMap((p) => [p, ''])]);
  assert.ok(wrapWidth(text));
  const paras = reflowParagraphs(text, { standsAlone })!.map((p) => p.text);
  assert.deepEqual(paras.slice(0, 2), [heading, standfirst]);
  const german = wrapped(['Hafenstadt behält ihre Nachtfähre zum Festland nach einer Unterschriftenaktion',
    'Für die Nachtfähre stimmte der Rat am Montag mit großer Mehrheit, die Stadt zahlt einen Teil der Kosten.', '', ...STORY.flatMap((p) => [p, ''])]);
  assert.equal(reflowParagraphs(german, { standsAlone })![0]!.text, 'Hafenstadt behält ihre Nachtfähre zum Festland nach einer Unterschriftenaktion');
  // A title case heading capitalises its small words: "With" there goes on the heading.
  const title = 'Ferry Workers Who Crossed Every Night for Twenty Years Had Grown Deeply Tired With the Timetable';
  assert.equal(reflowParagraphs(wrapped([title, '', ...STORY.flatMap((p) => [p, ''])]), { standsAlone })![0]!.text, title);
  // A sentence broken after one of its small words goes on, whatever the capital: "… according to" / "The Harbour Times".
  const quoted = 'The ferry carried more than 40,000 passengers last year, according to The Harbour Times, which obtained the figures from the operator.';
  assert.equal(reflowParagraphs(wrapped([quoted, '', ...STORY.flatMap((p) => [p, ''])]), { standsAlone })![0]!.text, quoted);
});

test('a wrapped line that goes on in lower case is the sentence\'s next words, even where it would stand alone as a stamp', () => {
  const heading = 'Nur 50 Meter von der Schule entfernt: Zweite Razzia am Hafen von Alder innerhalb von 48 Stunden';
  const text = wrapped([heading, '', ...STORY.flatMap((p) => [p, ''])]);
  assert.equal(standsAlone('innerhalb von 48 Stunden'), true);
  assert.equal(reflowParagraphs(text, { standsAlone })![0]!.text, heading);
});

test('a line the page prints twice in other company is a whole line; a credit printed under every caption still goes with its caption', () => {
  const heading = 'Port Alder keeps its night ferry to the mainland after petition drive';
  const text = wrapped(['Port Alder', heading, 'Now the operator has to find a new crew', heading, STORY[0]!, '', STORY[1]!, '', STORY[2]!]);
  const paras = reflowParagraphs(text, { standsAlone })!.map((p) => p.text);
  assert.deepEqual(paras.slice(0, 5), ['Port Alder', heading, 'Now the operator has to find a new crew', heading, STORY[0]]);
  // Captions wrapped inside their "(Harbour Photo/…)" credit, the same credit under each: every caption keeps it.
  const captions = [
    'Shift workers board the last sailing of the night at the Port Alder terminal on Monday. (Harbour Photo/Ida Berg)',
    'The night ferry leaves the harbour for the mainland at 11.40pm, as it has done for years. (Harbour Photo/Ida Berg)',
  ];
  const withCaptions = wrapped([captions[0]!, '', STORY[0]!, '', captions[1]!, '', STORY[1]!, '', STORY[2]!]);
  const read = reflowParagraphs(withCaptions, { standsAlone })!.map((p) => p.text);
  assert.deepEqual([read[0], read[2]], captions);
});

test('a caption\'s last word before its credit goes on the caption; a breadcrumb run into the headline does not take the headline again', () => {
  // (Each first line below ends within the width and the next line's first word would not have fitted on it.)
  const caption = 'Demonstration im Hafen von Port Alder nach der Abstimmung für die Mahsa Amini. Foto: Ida Berg/dpa';
  const captioned = wrapped([caption, '', ...STORY.flatMap((p) => [p, ''])]);
  assert.equal(captioned.split('\n')[1], 'Amini. Foto: Ida Berg/dpa');
  assert.equal(reflowParagraphs(captioned, { standsAlone })![0]!.text, caption);
  const crumb = 'HomeNewsPort Alder keeps its night ferry to the mainland after petition';
  const glued = wrapped(['Sign up here', crumb, 'Port Alder keeps its night ferry to the mainland after petition', '', ...STORY.flatMap((p) => [p, ''])]);
  assert.deepEqual(reflowParagraphs(glued, { standsAlone })!.slice(1, 3).map((p) => p.text), [crumb, 'Port Alder keeps its night ferry to the mainland after petition']);
});

test('a caption wrapped where its sentence goes on keeps its next line, even one that alone reads as a stamp, a name or a short line after a full stop', () => {
  // Each caption as a mailer wraps it at 72 columns: every line within the width, the next line's first word too long for it.
  const captions = [
    // "… left, on" / "Aug. 7, 2026 and …": a date opening the next line.
    ['This combination of photos shows the harbour master Ida Berg, left, on', 'Aug. 7, 2026 and ferry captain Jo Kim on July 31, 2026. (Harbour', 'Photo/Ana Ruiz)'],
    // "… against" / "Port Alder's …": a name opening the next line.
    ['Port Alder\'s Sam Whitlock reacts in the first round of a race against', 'Port Alder\'s Ida Berg (Photo: Harbour Times)'],
    // "… Alder. Am" / "7. Oktober …": the sentence's opening word at the line's end.
    ['Die Kapitänin Ida Berg lächelt nach der Rückkehr in den Hafen Alder. Am', '7. Oktober war sie mit der Fähre ausgelaufen. Foto: Jo Kim'],
    // "(Quelle: Hafenamt/U.S." / "Coast Guard)": inside a parenthesis.
    ['Ein Lotse sieht die Fähre beim Einlaufen am Kai. (Quelle: Hafenamt/U.S.', 'Coast Guard)'],
  ];
  for (const lines of captions) {
    lines.slice(1).forEach((next, i) => assert.ok(lines[i]!.length <= 72 && lines[i]!.length + 1 + next.split(' ')[0]!.length > 72, lines[i]));
    const text = [...lines, 'Read More', '', wrapped(STORY.flatMap((p) => [p, '']))].join('\n');
    assert.equal(reflowParagraphs(text, { standsAlone })![0]!.text, lines.join(' '));
  }
});

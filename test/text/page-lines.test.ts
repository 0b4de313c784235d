import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainTextPage, readTextPage } from '../../src/text/page-lines.js';
import { parseTextDump } from '../../src/formats/text-dump.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

// Pages are invented here, laid out as a reader's copy of a news page (one block per line), each
// test naming the layout it stands for.

const MENU = ['Home', 'News', 'World', 'Business', 'Sport', 'Culture', 'Weather', 'Sign in'];
const P1 = 'The harbour board agreed on Thursday to dredge the eastern channel before the autumn storms, after two ferries ran aground there in May and a third lost its rudder.';
const P2 = 'Work is due to start next month and will close the slipway to small boats for about three weeks, the board said in a notice to skippers on Thursday evening.';
const P3 = 'Skippers welcomed the plan but asked the board to keep one berth open for the lifeboat while the dredger works in the channel, a request it said it would consider.';

const P4 = 'The board said the dredged sand would be pumped onto the beach at the harbour mouth, where the winter storms had carried most of it away.';

const numbered = (page: string): Map<string, number> => {
  const m = new Map<string, number>();
  page.split('\n').forEach((t, i) => { if (t.trim() && !m.has(t.trim())) m.set(t.trim(), i + 1); });
  return m;
};

test('kicker, headline, standfirst, byline block, body: the headline is the title with a byline and stamp below it, the body runs to the box that follows', () => {
  const page = [...MENU, '', 'Harbour', 'Board orders dredging of eastern channel after groundings',
    'Two ferries ran aground in May; skippers want a berth kept for the lifeboat', '', 'By Kari Lund and Jo Marsh', 'Published 12 June 2025, 10:32',
    'Share', '', P1, '', 'Advertisement', '', P2, '', P3, '', 'Read more', 'Island bus timetable changes next week', 'Lighthouse keeper retires after forty years'].join('\n');
  const p = readTextPage(page);
  const at = numbered(page);
  assert.equal(p.headline?.text, 'Board orders dredging of eastern channel after groundings');
  assert.equal(p.headline?.number, at.get('Board orders dredging of eastern channel after groundings'));
  assert.deepEqual(p.bylines.map((b) => b.text), ['By Kari Lund and Jo Marsh']);
  assert.equal(p.published?.iso.slice(0, 10), '2025-06-12');
  // The standfirst under the headline opens the body.
  assert.deepEqual(p.body.map((l) => l.text), ['Two ferries ran aground in May; skippers want a berth kept for the lifeboat', P1, P2, P3]);
  assert.ok(!p.body.some((l) => /Lighthouse|Advertisement|Read more/.test(l.text)));
});

test('a byline without "By": a name beside the stamp, in capitals, or with a job title run on; menu items are no names', () => {
  const page = ['Media Relations', 'Corporate Information', 'Careers', 'Contact Us', '',
    'Board orders dredging of eastern channel', 'KARI LUND', '3 HOURS AGO', '', P1, '', P2].join('\n');
  assert.deepEqual(readTextPage(page).bylines.map((b) => b.text), ['KARI LUND']);
  const titled = ['Board orders dredging of eastern channel', 'By', 'Kari LundSenior Reporter', '', P1, '', P2].join('\n');
  assert.deepEqual(readTextPage(titled).bylines.map((b) => b.text), ['By Kari Lund']);
  const stamped = ['Board orders dredging of eastern channel', 'Kari Lund | Published 2 days ago', '', P1, '', P2].join('\n');
  assert.deepEqual(readTextPage(stamped).bylines.map((b) => b.text), ['Kari Lund']);
  const genre = ['Board orders dredging of eastern channel', '12.06.2025, 10:32 Uhr', 'Kolumne von Kari Lund', '', P1, '', P2].join('\n');
  assert.deepEqual(readTextPage(genre).bylines.map((b) => b.text), ['By Kari Lund']);
});

test('"Von München bis Aachen: …" opens with a by-word but names no one: it is the headline, not a byline', () => {
  const page = ['Von Nordhafen bis Südkai: Wo die Fähren künftig anlegen', 'Von Kari Lund', '12.06.2025, 10:32 Uhr', '',
    'Die Hafenbehörde hat am Donnerstag beschlossen, die östliche Fahrrinne vor den Herbststürmen auszubaggern, nachdem dort im Mai zwei Fähren auf Grund gelaufen waren.',
    '', 'Die Arbeiten sollen im nächsten Monat beginnen und die Slipanlage für kleine Boote etwa drei Wochen lang schließen, teilte die Behörde mit.'].join('\n');
  const p = readTextPage(page);
  assert.equal(p.headline?.text, 'Von Nordhafen bis Südkai: Wo die Fähren künftig anlegen');
  assert.deepEqual(p.bylines.map((b) => b.text), ['Von Kari Lund']);
});

test('a paywall box between the headline and the story: the headline keeps its byline block, the body starts at the first paragraph below it', () => {
  const box = ['Subscribe for more articles', 'Enjoy the latest local news.', 'Unlimited online access with one account.', 'Daily puzzles and the crossword.',
    'Sign In or Create an Account', 'Email Address', 'Continue', 'or', 'View more offers'];
  const page = [...MENU, 'Board orders dredging of eastern channel after groundings', 'Author of the article:', 'Kari Lund', 'Published Jun 12, 2025',
    '', P1, '', ...box, ...box, '', P2, '', P3].join('\n');
  const p = readTextPage(page);
  assert.equal(p.headline?.text, 'Board orders dredging of eastern channel after groundings');
  // The label stands for the by-word: the byline is handed on as "By <name>".
  assert.deepEqual(p.bylines.map((b) => b.text), ['By Kari Lund']);
  assert.equal(p.body[0]?.text, P1);
});

test('captions: a caption with its credit on one line, or followed by a credit line; the credit line is no body text', () => {
  const page = ['Board orders dredging of eastern channel', 'By Kari Lund', '', P1, '',
    'The dredger Marta at the quay in Nordhafen on Monday.', 'Photo: Jo Marsh/Harbour Agency', '', P2, '',
    'Skippers at the harbour meeting on Thursday. © Harbour Agency', '', P3].join('\n');
  const p = readTextPage(page);
  assert.deepEqual(p.body.map((l) => l.text), [P1, P2, P3]);
  const { articles } = ingestItem({ bytes: Buffer.from(page), path: 'page.txt', format: 'text-dump' });
  assert.deepEqual(articles[0]?.pictures.map((x) => [x.caption, x.credit?.raw]), [
    ['The dredger Marta at the quay in Nordhafen on Monday.', 'Jo Marsh/Harbour Agency'],
    ['Skippers at the harbour meeting on Thursday.', '© Harbour Agency'],
  ]);
});

test('a wire agency alone in parentheses under the last paragraph signs the story off: that paragraph is text, no caption', () => {
  const page = ['Board orders dredging of eastern channel', 'By Kari Lund', '', P1, '', P2, '', P3, '', '(NTB)', '', 'Related stories', 'Ferry timetable changes for the winter'].join('\n');
  const { articles } = ingestItem({ bytes: Buffer.from(page), path: 'page.txt', format: 'text-dump' });
  assert.deepEqual(articles[0]?.pictures, []);
  assert.ok(articles[0]?.body.text.endsWith(P3));
});

test('captions: a labelled credit that holds the one the engine knows is split whole; a zero-width space reads as the space it is', () => {
  const page = ['Board orders dredging of eastern channel', 'By Kari Lund', '', P1, '',
    'The dredger Marta at the quay in Nordhafen on Monday AP Photo/Jo Marsh', '', P2, '',
    'Skippers at the harbour meeting on Thursday. Foto: picture alliance / Coast Photo | Jo Marsh', '', P3, '',
    'The eastern channel at low tide. © Jo Marsh/\u200bHarbour Agency/\u200bdpa'].join('\n');
  const { articles } = ingestItem({ bytes: Buffer.from(page), path: 'page.txt', format: 'text-dump' });
  assert.deepEqual(articles[0]?.pictures.map((x) => [x.caption, x.credit?.raw]), [
    ['The dredger Marta at the quay in Nordhafen on Monday', 'AP Photo/Jo Marsh'],
    ['Skippers at the harbour meeting on Thursday.', 'picture alliance / Coast Photo | Jo Marsh'],
    ['The eastern channel at low tide.', 'Jo Marsh/ Harbour Agency/ dpa'],
  ]);
});

test('headlines take no full stop: a teaser sentence above the body is not taken for the headline', () => {
  const page = ['Board orders dredging of eastern channel', 'By Kari Lund', 'Enjoy the latest local news every morning.', '', P1, '', P2].join('\n');
  assert.equal(readTextPage(page).headline?.text, 'Board orders dredging of eastern channel');
});

test('evidence: each field names its line, and explainTextPage says how every line was judged', () => {
  const page = ['Home', 'World', '', 'Board orders dredging of eastern channel', 'By Kari Lund', 'Published 12 June 2025', '', P1, '', P2].join('\n');
  const story = parseTextDump(page);
  const note = story.warnings?.find((w) => w.code === 'WIREDESK_WARN_TEXT_FIELD_SOURCES');
  assert.match(note?.message ?? '', /headline: line 4; firstCreated: line 6; versionCreated: none; bylines: line 5; body: lines 8-10/);
  assert.equal(story.bylines?.[0]?.evidence.rule, 'page-byline (line 5)');
  const kinds = explainTextPage(page).map((l) => [l.number, l.kind]);
  assert.deepEqual(kinds, [[1, 'furniture'], [2, 'label'], [4, 'title'], [5, 'byline'], [6, 'date'], [8, 'prose'], [10, 'prose']]);
});

test('hostile input: a page of 40,000 lines of stamps, names, teasers and one huge line reads in linear time (a bound far above the normal cost)', () => {
  const normal = [...MENU, 'Board orders dredging of eastern channel', 'By Kari Lund', 'Published 12 June 2025', P1, P2, P3].join('\n');
  const unit = ['Kari Lund | Published 2 days ago', 'Board orders dredging of eastern channel after groundings', '12.06.2025, 10:32 Uhr', 'Photo: Jo Marsh', P1, 'Von Nordhafen bis Südkai', 'Home'];
  const hostile = [...Array.from({ length: 40_000 }, (_, i) => unit[i % unit.length]!), 'a'.repeat(1_000_000), `${'Mai '.repeat(50_000)}2025`].join('\n');
  const time = (text: string, runs: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) readTextPage(text);
    return (performance.now() - t0) / runs;
  };
  const base = Math.max(time(normal, 20), 0.05);
  const lines = normal.split('\n').length;
  const hostileMs = time(hostile, 1);
  // Linear cost would be about (40,000 / lines) * base; allow a hundred times that.
  assert.ok(hostileMs < 100 * (40_000 / lines) * base + 2_000, `hostile page took ${hostileMs.toFixed(0)} ms (normal page ${base.toFixed(2)} ms)`);
});

test('pasted text: the same page without its blank lines reads the same', () => {
  const page = [...MENU, '', 'Harbour', 'Board orders dredging of eastern channel after groundings', '', 'By Kari Lund and Jo Marsh', 'Published 12 June 2025, 10:32',
    '', P1, '', 'Advertisement', '', P2, '', P3, '', 'Read more', 'Island bus timetable changes next week'].join('\n');
  const squeezed = page.split('\n').filter((l) => l.trim()).join('\n');
  const a = parseTextDump(page);
  const b = parseTextDump(squeezed);
  assert.deepEqual([b.headline, b.bodyText, b.bylines?.map((x) => x.raw), b.firstCreated], [a.headline, a.bodyText, a.bylines?.map((x) => x.raw), a.firstCreated]);
  assert.equal(a.headline, 'Board orders dredging of eastern channel after groundings');
});

test('an affiliate-link disclosure over the story is furniture, not the start of the body', () => {
  const page = ['Home', 'Shopping', 'Note on affiliate links: the products were chosen by the editors; we may earn a commission when you buy through them.',
    'Ferry season', 'Six waterproof jackets for the island crossing', 'By Kari Lund', '', P1, '', P2].join('\n');
  const p = readTextPage(page);
  assert.equal(p.headline?.text, 'Six waterproof jackets for the island crossing');
  assert.equal(p.body[0]?.text, P1);
});

test('a price is no time stamp ("$14.99", "12.75 €"): minutes run to 59 and no currency sign stands before a time', () => {
  const kinds = (lines: string[]): string[] => explainTextPage(lines.join('\n\n')).map((r) => r.kind);
  assert.equal(kinds(['Harbour Blend 2024 Rosé, Portugal ($14.99, #559393)', 'Harbour Reserve 2023 Red, Spain (€12.75)']).includes('date'), false);
  assert.deepEqual(kinds(['Updated 10:32 BST', '23:45 Uhr', '5.30 pm']), ['date', 'date', 'date']);
});

test('a paywall\'s prompts are furniture in any of the languages pages print them, and no part of the body', () => {
  const kinds = (lines: string[]): string[] => explainTextPage(lines.join('\n\n')).map((r) => r.kind);
  assert.deepEqual(kinds(['Sie sind bereits Kunde?', 'Already a subscriber? Sign in', 'THIS CONTENT IS RESERVED FOR SUBSCRIBERS ONLY', 'Esta funcionalidad es sólo para registrados', 'Déjà abonné ? Se connecter', 'Für 0.99 € können Sie diesen Artikel erwerben.']),
    ['furniture', 'furniture', 'furniture', 'furniture', 'furniture', 'furniture']);
  const P1 = 'The harbour board agreed on Thursday to dredge the eastern channel before the autumn storms, after two ferries ran aground there in May and a third lost its rudder.';
  const P2 = 'Work is due to start next month and will close the slipway to small boats for about three weeks, the board said in a notice to skippers on Thursday evening.';
  const page = readTextPage(['Board orders dredging of eastern channel', 'By Kari Lund', '', P1, '', 'Create an account or sign in to continue with your reading experience.', '', 'Already have an account? Sign in to unlock more articles.', '', P2].join('\n'));
  assert.deepEqual(page.body.map((l) => l.text), [P1, P2]);
});

test('Japanese and Chinese pages: a headline may open with a bracket ("「…」と…"); a row of short items set apart by spaces is a menu, no headline', () => {
  const J1 = '港湾局は十四日、秋の嵐の前に東側の航路をしゅんせつすると発表した。五月にフェリー二隻が座礁し、三隻目がかじを失ったことを受けた措置で、作業は来月始まる見通しだという。';
  const J2 = '作業中は小型船のスロープが約三週間閉鎖される。漁業者は計画を歓迎したが、救命艇のための岸壁を一つ開けておくよう求めており、港湾局は検討すると答えたという。';
  const page = ['ニュース 政治 経済 国際 スポーツ 文化', '例示新聞DIGITAL 社会 ニュース 記事', '「座礁続き」と指摘された東側航路、港湾局が秋までにしゅんせつへ',
    '2025年1月13日 20時01分', '', J1, '', J2].join('\n');
  const p = readTextPage(page);
  assert.equal(p.headline?.text, '「座礁続き」と指摘された東側航路、港湾局が秋までにしゅんせつへ');
  // Japanese headlines with a space or two between phrases stay headlines.
  assert.equal(readTextPage(['港湾局 東側航路をしゅんせつへ', '2025年1月13日 20時01分', '', J1, '', J2].join('\n')).headline?.text, '港湾局 東側航路をしゅんせつへ');
});

test('a headline set in capitals or with every word capitalised by CSS takes the casing the page prints it in elsewhere', () => {
  const page = ['Board orders dredging of eastern channel', 'Home', 'News', 'Local News', 'Board Orders Dredging Of Eastern Channel', 'By Kari Lund', '', P1, '', P2].join('\n');
  assert.equal(readTextPage(page).headline?.text, 'Board orders dredging of eastern channel');
  // Without a twin the headline is as printed; an editor's title case is left alone when nothing else prints it.
  assert.equal(readTextPage(['Home', 'News', 'Board Orders Dredging Of Eastern Channel', 'By Kari Lund', '', P1, '', P2].join('\n')).headline?.text, 'Board Orders Dredging Of Eastern Channel');
});

test('an error-report prompt ("Sie haben einen Fehler gefunden?", "Report an error") is furniture', () => {
  const kinds = (lines: string[]): string[] => explainTextPage(lines.join('\n\n')).map((r) => r.kind);
  assert.deepEqual(kinds(['Sie haben einen Fehler gefunden?', 'Fehler gefunden? Jetzt melden.', 'Report an error', 'Spotted a typo?', 'Signaler une erreur']),
    ['furniture', 'furniture', 'furniture', 'furniture', 'furniture']);
});

test('a web address alone on its line is no date stamp, whatever its digits and letters ("http://example.to/2hZfWFJ")', () => {
  const lines = explainTextPage(['1) Harbour crane model in wood', 'http://shop.example.to/2hZfWFJ', '2) Lighthouse lamp', 'https://shop.example.to/2hWw372', 'Published 2h ago'].join('\n'));
  assert.deepEqual(lines.map((l) => l.kind === 'date'), [false, false, false, false, true]);
});

test('a link run into the story after a lead-in and colon ("Related: <another story>") is passed, not the heading of a box that ends it', () => {
  const page = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'By Kari Lund', 'Published 12 June 2025, 10:32', '',
    P1, '', P2, '', 'Related: Island bus timetable changes next week', '', P3, '', 'Most read', 'Lighthouse keeper retires after forty years'].join('\n');
  assert.deepEqual(readTextPage(page).body.map((l) => l.text), [P1, P2, P3]);
});

test('a block of furniture between paragraphs (a share toolbar a button a line, a newsletter box) costs no more than a few lines: the story runs on past it', () => {
  const shares = ['Share', 'Facebook', 'Twitter', 'WhatsApp', 'Email'];
  const page = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'By Kari Lund', 'Published 12 June 2025, 10:32', '',
    P1, P2, ...shares, 'Advertisement', 'Sign up for our morning newsletter', 'Get the day\'s top stories delivered to your inbox every weekday.', 'Sign Up',
    P3, P4, 'Most read', 'Lighthouse keeper retires after forty years'].join('\n');
  assert.deepEqual(readTextPage(page).body.map((l) => l.text), [P1, P2, P3, P4]);
});

test('the link under a box heading set between paragraphs ("Lire aussi", "Lees ook", "Leggi anche", "関連記事", "اقرأ أيضا") is no subheading of the story', () => {
  for (const heading of ['Lire aussi', 'Lees ook', 'Leggi anche', '関連記事', 'اقرأ أيضا', 'Läs också']) {
    const page = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'By Kari Lund', 'Published 12 June 2025, 10:32', '',
      P1, '', P2, '', heading, 'Island bus timetable changes next week', '', P3, '', P4, '', 'Most read', 'Lighthouse keeper retires after forty years'].join('\n');
    assert.deepEqual(readTextPage(page).body.map((l) => l.text), [P1, P2, P3, P4], heading);
  }
});

test('a job title on its own line under the name ("Jo Kim" / "Transport Correspondent") is the name\'s, no second author', () => {
  for (const job of ['Transport Correspondent', 'Senior Travel Reporter', 'Correspondent in Athens', 'Redakteurin']) {
    const page = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'Kari Lund', job, '3 hours ago', '5 June 2024', '', P1, '', P2, '', P3].join('\n');
    assert.deepEqual(readTextPage(page).bylines.map((l) => l.text), ['Kari Lund'], job);
  }
  // Names each with a title run on, one a line, stay authors.
  const listed = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'By', 'Kari LundNews Reporter', 'Jo MarshNews Reporter', '5 June 2024', '', P1, '', P2].join('\n');
  assert.deepEqual(readTextPage(listed).bylines.map((l) => l.text), ['By Kari Lund', 'Jo Marsh']);
});

test('"Photographs by <name>" in the byline block is the story\'s photographer, never its headline; an illustrator is passed', () => {
  const page = [...MENU, '', 'Travel', '', 'The ferry that still runs on a handshake', '', 'Words by Kari Lund', '', 'Photographs by Jo Marsh', '',
    'Wednesday 5 June 2024 10:32 BST', '', P1, '', P2, '', P3].join('\n');
  const p = readTextPage(page);
  assert.equal(p.headline?.text, 'The ferry that still runs on a handshake');
  assert.deepEqual(p.photographers.map((l) => l.text), ['By Jo Marsh']);
  const drawn = readTextPage(page.replace('Photographs by Jo Marsh', 'Illustration by Jo Marsh'));
  assert.equal(drawn.headline?.text, 'The ferry that still runs on a handshake');
  assert.deepEqual(drawn.photographers, []);
});

test('a credit line that ends with its agency in brackets ("Foto: Ana Ruiz (EFE)") keeps its closing bracket; a bracketed one ("(Image: Jo Kim/PA)") loses both', () => {
  const page = (credit: string): string => [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'By Kari Lund', '5 June 2024', '',
    'The eastern channel at low tide on Tuesday.', credit, P1, '', P2, '', P3].join('\n');
  assert.deepEqual(readTextPage(page('Foto: Ana Ruiz (EFE)')).captions.map((c) => c.credit), ['Ana Ruiz (EFE)']);
  assert.deepEqual(readTextPage(page('Photo by Ana Ruiz (EFE)')).captions.map((c) => c.credit), ['Photo by Ana Ruiz (EFE)']);
  assert.deepEqual(readTextPage(page('(Image: Jo Kim/PA)')).captions.map((c) => c.credit), ['Jo Kim/PA']);
});

test('a box of links set under the densest run ("Lesen Sie auch" and a title) with two paragraphs under it: the story goes on; a list of teasers does not', () => {
  const head = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'By Kari Lund', '5 June 2024', ''];
  const page = [...head, P1, P2, P3, 'Lesen Sie auch', 'Island bus timetable changes next week', P4, P2.replace('Work', 'Further work')].join('\n');
  assert.deepEqual(readTextPage(page).body.map((l) => l.text), [P1, P2, P3, P4, P2.replace('Work', 'Further work')]);
  const teasers = [...head, P1, P2, P3, 'Read more', 'Island bus timetable changes next week', P4, 'Lighthouse keeper retires after forty years', P2.replace('Work', 'Further work')].join('\n');
  assert.deepEqual(readTextPage(teasers).body.map((l) => l.text), [P1, P2, P3]);
});

test('an Arabic credit line labelled "تصوير:" or "صورة:" under a caption is its credit, neither in the body', () => {
  const ar1 = 'أعلنت هيئة الموانئ يوم الأربعاء تعميق القناة الشرقية قبل عواصف الخريف، بعد أن جنحت عبارتان هناك في مايو وفقدت ثالثة دفتها.';
  const ar2 = 'وقالت الهيئة إن الأعمال ستبدأ الشهر المقبل وستغلق المنحدر أمام القوارب الصغيرة نحو ثلاثة أسابيع، بحسب إشعار للربابنة.';
  for (const credit of ['(تصوير: سارة الحمادي)', 'صورة: سارة الحمادي']) {
    const page = ['الرئيسية', 'أخبار', 'سياسة', 'اقتصاد', 'رياضة', '', 'الهيئة تأمر بتعميق القناة الشرقية بعد حوادث الجنوح', '5 يونيو 2024', '',
      'القناة الشرقية وقت الجزر يوم الثلاثاء.', credit, ar1, '', ar2].join('\n');
    const p = readTextPage(page);
    assert.deepEqual(p.captions.map((c) => [c.caption, c.credit]), [['القناة الشرقية وقت الجزر يوم الثلاثاء.', 'سارة الحمادي']], credit);
    assert.deepEqual(p.body.map((l) => l.text), [ar1, ar2], credit);
  }
});

test('a Japanese caption that closes with its source in brackets ("…（大阪市提供）", courtesy of) is a caption with that credit, not the body', () => {
  const j1 = '大阪市は5日、東側の水路を秋の台風シーズンまでにしゅんせつすると発表した。5月に遊覧船2隻が座礁したことを受けた措置だ。';
  const j2 = '工事は来月始まり、小型船の乗り場は約3週間閉鎖される。市は救命艇のための桟橋を1つ開けておく考えだ。';
  const page = ['ニュース', '政治', '経済', '国際', '社会', '', '大阪市、東側水路のしゅんせつへ', '2024年6月5日 10:32', '', j1, '', 'しゅんせつ工事のイメージ図（大阪市提供）', '', j2].join('\n');
  const p = readTextPage(page);
  assert.deepEqual(p.captions.map((c) => [c.caption, c.credit]), [['しゅんせつ工事のイメージ図', '大阪市提供']]);
  assert.deepEqual(p.body.map((l) => l.text), [j1, j2]);
});

test('two authors whose links the page sets as blocks, copied as "Kari Lund" / "and" / "Jo Marsh" on three lines, are one byline of both', () => {
  const page = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'Kari Lund', 'and', 'Jo Marsh', 'June 12, 2025', '', P1, '', P2, '', P3].join('\n');
  const p = readTextPage(page);
  assert.deepEqual(p.bylines.map((b) => b.text), ['Kari Lund and Jo Marsh']);
  assert.equal(p.headline?.text, 'Board orders dredging of eastern channel after groundings');
});

test('a blog\'s stamp "Posted on <date> by <two authors>" is the date and the byline, not the story\'s first paragraph', () => {
  const page = [...MENU, '', 'Board orders dredging of eastern channel after groundings', 'Posted on June 12, 2025June 12, 2025, 4:05 p.m. by Kari Lund and Jo Marsh', '', P1, '', P2, '', P3].join('\n');
  const p = readTextPage(page);
  assert.equal(p.published?.iso.slice(0, 10), '2025-06-12');
  assert.equal(p.body[0]?.text, P1);
  assert.equal(p.bylines.length, 1);
});

test('a list introduced by a sentence ending with a colon, between paragraphs, is story text; a menu and a tag list are not', () => {
  const items = ['Revenue rose 9% to 2.4 billion crowns', 'Operating profit was 310 million crowns, up from 190 million a year ago.', 'Freight volumes grew 14%', 'Net debt fell to 3.9 billion'];
  const page = [...MENU, '', 'Ferry operator lifts profit as freight recovers', 'By Kari Lund', 'Published 22 July 2026', '', P1, '', 'Highlights of the quarter:', ...items, '', P2, '',
    'The board set out three steps for the winter:', 'Dredge the eastern channel', 'Move the pilot boat', 'Close the slipway in March', '', P3, '', 'Tags', 'Harbour', 'Ferries', 'Local news'].join('\n');
  const body = readTextPage(page).body.map((l) => l.text);
  assert.deepEqual(body, [P1, 'Highlights of the quarter:', ...items, P2, 'The board set out three steps for the winter:', 'Dredge the eastern channel', 'Move the pilot boat', 'Close the slipway in March', P3]);
});

test('a box of key facts between paragraphs is story text; a box of teasers with their dates is not', () => {
  const facts = ['Key facts', 'Opened in 1974', 'Carries 28,000 vehicles a day', 'Repair cost: £14 million', 'Diversion adds 12 minutes'];
  const page = [...MENU, '', 'Bridge closure to last until October', 'By Kari Lund', 'Published 9 February 2026', '', P1, '', P2, '', ...facts, '', P3, '',
    'Facts', 'Harbour museum reopens 02.08.2026', 'Ferry strike ends 30.07.2026', '', P4].join('\n');
  const body = readTextPage(page).body.map((l) => l.text);
  assert.deepEqual(body.slice(0, 8), [P1, P2, ...facts, P3]);
  assert.ok(!body.some((t) => /museum reopens|strike ends/.test(t)));
});

test('a numbered list without a colon above it, between paragraphs, is story text; a marked list of links under the story is not', () => {
  const steps = ['1. Keep the slipway gate shut', '2. Moor small boats at the north pontoon', '3. Report drifting sand to the harbour office'];
  const page = [...MENU, '', 'Harbour board sets rules for the dredging weeks', 'By Kari Lund', 'Published 12 June 2025', '', P1, '', 'The rules for skippers are simple.', ...steps, '', P2, '', P3, '',
    '• Island bus timetable changes next week', '• Lighthouse keeper retires after forty years', '• Ferry fares rise in April'].join('\n');
  const body = readTextPage(page).body.map((l) => l.text);
  assert.deepEqual(body, [P1, 'The rules for skippers are simple.', ...steps, P2, P3]);
});

test('a table copied as tab-separated rows between paragraphs, with no colon above it, is story text', () => {
  const rows = ['Port\tCalls\tChange', 'Brest\t412\t-3%', 'Lorient\t286\t+1%'];
  const page = [...MENU, '', 'Ferry calls fall at Breton ports', 'By Kari Lund', 'Published 9 October 2026', '', P1, '', 'Calls in the third quarter and the change on a year earlier.', ...rows, '', P2, '', P3].join('\n');
  const body = readTextPage(page).body.map((l) => l.text);
  assert.deepEqual(body, [P1, 'Calls in the third quarter and the change on a year earlier.', 'Port Calls Change', 'Brest 412 -3%', 'Lorient 286 +1%', P2, P3]);
});

test('a short last paragraph, a sentence of a few words above a box of other stories, ends the story; a label line there does not', () => {
  const page = [...MENU, '', 'Harbour board orders dredging of eastern channel', 'By Kari Lund', 'Published 12 June 2025', '', P1, '', P2, '', 'The board meets again in July.', '', 'Read more', 'Island bus timetable changes next week', 'Lighthouse keeper retires after forty years'].join('\n');
  assert.deepEqual(readTextPage(page).body.map((l) => l.text), [P1, P2, 'The board meets again in July.']);
  const labelled = page.replace('The board meets again in July.', 'Our Standards: The Harbour Trust Principles.');
  assert.deepEqual(readTextPage(labelled).body.map((l) => l.text), [P1, P2]);
});

test('the headings of boxes of other stories in more languages and scripts ("Читайте также", "İlgili Haberler", "관련기사") end the story under a short last paragraph', () => {
  const ru = ['В Озерске в понедельник открылся новый пешеходный мост через реку, который соединил спальный район с центром города и набережной.', 'Длина моста составляет 180 метров, на нем установлены скамейки, освещение и пандусы для колясок, сообщили в мэрии города.'];
  const page = (last: string, heading: string): string => ['Главная', 'Новости', 'Общество', '', 'В Озерске открыли пешеходный мост', 'Иван Петров', '', ru[0], '', ru[1], '', last, '', heading, 'В Озерске отремонтируют площадь', 'Зимний фестиваль пройдет в парке'].join('\n');
  assert.deepEqual(readTextPage(page('Весной рядом планируют набережную.', 'Читайте также')).body.map((l) => l.text), [...ru, 'Весной рядом планируют набережную.']);
  assert.deepEqual(readTextPage(page('Test sürüşleri haftalarca sürecek.', 'İlgili Haberler')).body.map((l) => l.text).at(-1), 'Test sürüşleri haftalarca sürecek.');
});

test('a short last paragraph in a script without case (Korean, Hebrew, Hindi) closes on its full stop or danda as a sentence does', () => {
  const ko = ['충북 청주의 한 전통시장이 지붕 공사를 마치고 7일 다시 문을 열었다. 상인들은 겨울철 손님이 늘어날 것으로 기대하고 있다.', '시장 상인회에 따르면 새 지붕은 눈과 비를 막아주고 통로 폭도 넓혀 휠체어 이용자도 쉽게 다닐 수 있게 됐다.'];
  const page = (body: string[], last: string): string => ['뉴스', '사회', '정치', '', '청주 전통시장, 새 지붕 달고 다시 문 열어', '홍길동 기자', '', body[0], '', body[1], '', last, '', 'Read more', '청주시, 도시재생 예산 확대', '겨울철 화재 예방 캠페인 시작'].join('\n');
  assert.deepEqual(readTextPage(page(ko, '시장은 매일 오전 8시부터 운영된다.')).body.map((l) => l.text), [...ko, '시장은 매일 오전 8시부터 운영된다.']);
  const hi = ['भोपाल के कोलार इलाके में सोमवार को दो सौ बिस्तरों वाले नए सरकारी अस्पताल का उद्घाटन किया गया, जिससे हजारों लोगों को राहत मिलेगी।', 'स्वास्थ्य विभाग के अनुसार अस्पताल में आपातकालीन विभाग, बच्चों का वार्ड और आधुनिक जांच केंद्र बनाया गया है।'];
  assert.deepEqual(readTextPage(page(hi, 'अस्पताल की ओपीडी मंगलवार से शुरू होगी।')).body.map((l) => l.text).at(-1), 'अस्पताल की ओपीडी मंगलवार से शुरू होगी।');
});

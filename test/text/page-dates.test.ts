import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageDates } from '../../src/text/page-dates.js';

// Invented page text: a menu, the headline, the story's date line(s), the lead, teasers below.

function page(dateLines: string[], teasers: string[] = []): { lines: string[]; anchor: number } {
  const lines = ['Home', 'World', 'Sport', 'Harbour ferry returns after a winter in dry dock', ...dateLines, 'The little ferry sailed again on Monday, its owners said, after four months of repairs.', ...teasers];
  return { lines, anchor: 3 };
}

function pub(dateLines: string[], teasers: string[] = []): string | null {
  const { lines, anchor } = page(dateLines, teasers);
  return pageDates(lines, anchor).published?.iso ?? null;
}

function mod(dateLines: string[]): string | null {
  const { lines, anchor } = page(dateLines);
  return pageDates(lines, anchor).modified?.iso ?? null;
}

test('English: month first with time and zone gives the instant', () => {
  assert.equal(pub(['Published 10:32 AM EDT, June 5, 2024']), '2024-06-05T10:32:00-04:00');
  assert.equal(pub(['June 5, 2024 10:32 AM EDT']), '2024-06-05T10:32:00-04:00');
  assert.equal(pub(['PUBLISHED WED, JUN 5 2024 10:32 AM EDT']), '2024-06-05T10:32:00-04:00');
  assert.equal(pub(['Published: 09:15 BST, 5 June 2024 | Updated: 11:40 BST, 5 June 2024']), '2024-06-05T09:15:00+01:00');
  assert.equal(mod(['Published: 09:15 BST, 5 June 2024 | Updated: 11:40 BST, 6 June 2024']), '2024-06-06T11:40:00+01:00');
});

test('US pages: a region-only zone ("ET", "PT") after the time gives the instant in the zone the region keeps that day', () => {
  assert.equal(pub(['Updated June 6, 2024 at 8:01 a.m. ET', 'Published June 5, 2024 at 6:15 p.m. ET']), '2024-06-05T18:15:00-04:00');
  assert.equal(mod(['Updated June 6, 2024 at 8:01 a.m. ET', 'Published June 5, 2024 at 6:15 p.m. ET']), '2024-06-06T08:01:00-04:00');
  assert.equal(pub(['Dec. 5, 2024 10:32 am PT']), '2024-12-05T10:32:00-08:00');
  assert.equal(pub(['10:32 AM ET, Thu December 5, 2024']), '2024-12-05T10:32:00-05:00');
});

test('English: day first, bylines, abbreviations and glued blocks', () => {
  assert.equal(pub(['By Ada Brennan 5 June 2024 • 4:45pm']), '2024-06-05');
  assert.equal(pub(['by Tom Reyes Jun. 5, 2024 9:45 am']), '2024-06-05');
  assert.equal(pub(['Wed 5 Jun 2024 12.42 CET']), '2024-06-05T12:42:00+01:00');
  assert.equal(pub(['3 minute readJune 5, 20242:26 PM GMT+2']), '2024-06-05T14:26:00+02:00');
  assert.equal(pub(['Published Jun 05, 2024 • Last updated 2 hours ago • 3 minute read']), '2024-06-05');
  assert.equal(pub(['Friday, 7 Jun 2024 4:55 PM MYT']), '2024-06-07T16:55:00+08:00');
});

test('German, Austrian and Swiss styles', () => {
  assert.equal(pub(['5. Juni 2024, 10:32 Uhr']), '2024-06-05');
  assert.equal(pub(['05.06.2024, 10:32 Uhr']), '2024-06-05');
  assert.equal(pub(['Veröffentlicht am 5. Juni 2024 um 10:32']), '2024-06-05');
  assert.equal(pub(['Publiziert5. Juni 2024, 10:32']), '2024-06-05');
  assert.equal(pub(['5. 6. 2024, 10:32 Uhr']), '2024-06-05');
  assert.equal(pub(['Erschienen am 05.06.24']), '2024-06-05');
  assert.equal(pub(['05.06.2024, 10:32Lesezeit: 4 Min.']), '2024-06-05');
  assert.equal(mod(['Stand: 05.06.2024 10:32 Uhr']), '2024-06-05');
  assert.equal(pub(['Zuerst veröffentlicht am 05/06/2024 - 10:32 MEZ']), '2024-06-05T10:32:00+01:00');
  // "Uhr" is a noun, capitalised as printed, before the zone it is read past.
  assert.equal(pub(['Veröffentlicht: 05.12.2024, 10:32 Uhr MEZ']), '2024-12-05T10:32:00+01:00');
  assert.equal(mod(['Stand: 05.06.2024 10:32 Uhr (MESZ)']), '2024-06-05T10:32:00+02:00');
});

test('French, Spanish, Italian, Nordic, Polish, Turkish styles', () => {
  assert.equal(pub(['Publié le 5 juin 2024 à 10h32']), '2024-06-05');
  assert.equal(pub(['Publié le 05/06/2024 - 10:32 UTC+2']), '2024-06-05T10:32:00+02:00');
  assert.equal(mod(['Publié le 5 juin 2024 à 08:01Mis à jour le 6 juin 2024 à 09:06']), '2024-06-06');
  assert.equal(pub(['5 de junio de 2024 10:32 h', 'Actualizado el 06/06/2024 11:00 h']), '2024-06-05');
  assert.equal(mod(['5 de junio de 2024 10:32 h', 'Actualizado el 06/06/2024 11:00 h']), '2024-06-06');
  assert.equal(pub(['Pubblicato il 5 giugno 2024 alle 10:32']), '2024-06-05');
  assert.equal(pub(['Publisert onsdag 05. juni 2024 - 10:32', 'Sist oppdatert onsdag 05. juni 2024 - 18:00']), '2024-06-05');
  assert.equal(pub(['Publicerad 5 juni 2024 kl 10.32']), '2024-06-05');
  assert.equal(pub(['Aktualizacja: 06.06.2024 09:00 Publikacja: 05.06.2024 10:32']), '2024-06-05');
  assert.equal(mod(['Aktualizacja: 06.06.2024 09:00 Publikacja: 05.06.2024 10:32']), '2024-06-06');
  assert.equal(pub(['Giriş: 05.06.2024 - 10:32 Güncelleme: 05.06.2024 - 11:10']), '2024-06-05');
  assert.equal(pub(['5 czerwca 2024']), '2024-06-05');
});

test('Japanese "last updated" (最終更新) labels its date as the update, the date above it being the publication', () => {
  assert.equal(pub(['2024/06/05 10:32', '（最終更新 2024/06/06 08:01）']), '2024-06-05');
  assert.equal(mod(['2024/06/05 10:32', '（最終更新 2024/06/06 08:01）']), '2024-06-06');
  assert.equal(mod(['2024年6月5日 10時32分', '最終更新：2024年6月6日 8時01分']), '2024-06-06');
});

test('a two-digit year after slashes (CLDR short dates: it "dd/MM/yy", es "d/M/yy") is read right after a date label only', () => {
  assert.equal(pub(['Publié le 05/06/24 à 10h32 — Mis à jour le 06/06/24 à 08h01']), '2024-06-05');
  assert.equal(mod(['Publié le 05/06/24 à 10h32 — Mis à jour le 06/06/24 à 08h01']), '2024-06-06');
  assert.equal(pub(['Pubblicato il 05/06/24 alle 10:32']), '2024-06-05');
  assert.equal(pub(['Results 05/06/24']), null);
  assert.equal(pub(['05/06/24 10:32']), null);
  // A two-digit year in the last century is of that century (POSIX strptime %y: 69-99 are 1969-1999), not a date to come.
  assert.equal(pub(['Publié le 05/06/98 à 10h32']), '1998-06-05');
  assert.equal(pub(['Veröffentlicht am 27.04.98, 10:32 Uhr']), '1998-04-27');
});

test('East Asian and year-first numeric styles', () => {
  assert.equal(pub(['2024年6月5日 10時32分']), '2024-06-05');
  assert.equal(pub(['山田花子2024年6月5日 10時32分']), '2024-06-05');
  assert.equal(pub(['10:32 JST, June 5, 2024']), '2024-06-05T10:32:00+09:00');
  assert.equal(pub(['입력 2024.06.05 10:32', '수정 2024.06.06 08:00']), '2024-06-05');
  assert.equal(mod(['입력 2024.06.05 10:32', '수정 2024.06.06 08:00']), '2024-06-06');
  assert.equal(pub(['公開日：2024/06/05 10:32 更新日：2024/06/06 08:00']), '2024-06-05');
  assert.equal(mod(['2024年6月5日 10時32分 (2024年6月6日 08時00分更新)']), '2024-06-06');
  assert.equal(pub(['2024-06-05T10:32:00Z']), '2024-06-05');
});

test('relative times give nothing, unless an absolute date is beside them', () => {
  assert.equal(pub(['Updated 7 HOURS AGO']), null);
  assert.equal(pub(['vor 4 Stunden']), null);
  assert.equal(pub(['Publié il y a 2 heures, mis à jour à 11h05']), null);
  assert.equal(pub(['il y a 4 heures', 'Publié le 5 juin 2024']), '2024-06-05');
});

test('the story date below the headline wins over teaser and header dates', () => {
  const lines = ['Saturday, 8 June 2024', 'News', 'Harbour ferry returns after a winter in dry dock', 'June 5, 2024', 'The ferry sailed again on Monday.', 'More news', 'Old mill reopens', 'June 1, 2024'];
  assert.equal(pageDates(lines, 2).published?.iso, '2024-06-05');
  assert.equal(pageDates(lines, 2).published?.kind, 'unlabelled');
  assert.equal(pageDates(lines, 2).published?.line, 3);
  // Without the headline, the date printed just above the story's first paragraph; a header's
  // date of the day and a footer's register date are not it.
  const lead = 'The little ferry that has carried islanders across the bay since 1961 sailed again on Monday morning, its owners said, after four months of repairs in the yard.';
  const noHead = ['Tuesday, 11 June 2024', 'Sign in', 'News', 'Sport', 'Weather', 'Culture', 'Harbour ferry returns', 'By Ada Brennan', '5 June 2024', lead, 'Registered 12.03.2001'];
  assert.equal(pageDates(noHead, -1).published?.iso, '2024-06-05');
  // Without running text, a labelled date comes before an unlabelled one.
  const other = ['Saturday, 8 June 2024', 'Harbour ferry returns', 'Published June 5, 2024', 'The ferry sailed again on Monday.'];
  assert.equal(pageDates(other, -1).published?.iso, '2024-06-05');
  assert.equal(pageDates(other, -1).published?.kind, 'published');
});

test('a date inside a sentence or a caption is not the story date', () => {
  assert.equal(pub(['The council first discussed the ferry on 3 June 2024 and approved the repairs.']), null);
  assert.equal(pub(['Workers repaint the hull of the old ferry in the harbour at Kestrel Bay, 3 June 2024']), null);
});

test('bounded: long lines and far lines are not read', () => {
  const lines = Array.from({ length: 5000 }, () => 'x'.repeat(5000));
  lines[4000] = '5 June 2024';
  assert.deepEqual(pageDates(lines, -1), { published: null, modified: null });
  const start = Date.now();
  pageDates(Array.from({ length: 2000 }, () => '1'.repeat(300)), 10);
  pageDates(Array.from({ length: 2000 }, () => '1.1.1.1.'.repeat(40)), 10);
  assert.ok(Date.now() - start < 2000);
});

test('a day and month without a year, with a time, is in the year of the page copyright line', () => {
  const lines = ['Harbour ferry returns after a winter in dry dock', 'onsdag 5. juni kl. 10:32', 'The ferry sailed again on Monday.', '© 2001-2024 Kestrel Bay Gazette'];
  assert.equal(pageDates(lines, 0).published?.iso, '2024-06-05');
  assert.equal(pageDates(['Паром вернулся в гавань', 'Анна Петренко 5 июня, 10:32', '© 2024 Вестник'], 0).published?.iso, '2024-06-05');
  assert.equal(pageDates(['Пором повернувся', '5 червня 2024, 10:32'], 0).published?.iso, '2024-06-05');
  // No copyright year, or no time: nothing.
  assert.equal(pageDates(lines.slice(0, 3), 0).published, null);
  assert.equal(pageDates(['Harbour ferry returns', 'Until 5 June', '© 2024 Gazette'], 0).published, null);
});

test('the date block is the one above the first paragraph after the headline', () => {
  const lead = 'The little ferry that has carried islanders across the bay since 1961 sailed again on Monday morning, its owners said, after four months of repairs in the yard.';
  // A standfirst under the headline, then the date, then the story; teasers with dates further down.
  const lines = ['Harbour ferry returns after a winter in dry dock', 'After four months in the yard, the island ferry is back.', 'Ada Brennan', '05.06.2024, 10:32 Uhr', lead, 'More from the coast', '04.06.2024', 'Old mill reopens'];
  assert.equal(pageDates(lines, 0).published?.iso, '2024-06-05');
  // The date printed just above the headline (a kicker line) still counts.
  assert.equal(pageDates(['Published June 5, 2024', 'Harbour ferry returns after a winter in dry dock', lead], 1).published?.iso, '2024-06-05');
});

test('a meta line run into the next sentences is read by its first sentence; embedded posts are not dates', () => {
  const lead = 'The little ferry that has carried islanders across the bay since 1961 sailed again on Monday morning, its owners said, after four months of repairs in the yard.';
  const meta = `Von Ada Brennan am 05/06/2024. Abgelegt unter Hafen. ${'Kommentare sind geschlossen, aber Trackbacks und Pingbacks sind offen. '.repeat(3)}`;
  assert.equal(pageDates(['Fähre kehrt zurück', lead, meta], 0).published?.iso, '2024-06-05');
  assert.equal(pageDates(['Harbour ferry returns', '— Kestrel Ferries (@kestrelferry) June 5, 2024', lead], 0).published, null);
});

test('Turkish, Icelandic and Portuguese month names and connectives', () => {
  assert.equal(pub(['03 MAYIS 2024 10:32']), '2024-05-03');
  assert.equal(mod(['Güncelleme: 3 Kasım 2024 10:32']), '2024-11-03');
  assert.equal(pub(['5. ágúst 2024 kl. 10.32']), '2024-08-05');
  assert.equal(pub(['Publicado em 05/06/2024 às 10h32']), '2024-06-05');
});

test('update labels of French, Dutch and Catalan pages', () => {
  assert.equal(mod(['Publié le 5 juin 2024 à 10h32, modifié le 6 juin 2024 à 08h00']), '2024-06-06');
  assert.equal(pub(['Publié le 5 juin 2024 à 10h32, modifié le 6 juin 2024 à 08h00']), '2024-06-05');
  assert.equal(mod(['Gepubliceerd 5 juni 2024 Gewijzigd 6 juni 2024']), '2024-06-06');
  assert.equal(mod(['Actualitzat 06/06/2024 08:00']), '2024-06-06');
});

test('label words that run into a longer word of their script, and Polish, Lithuanian, Indonesian labels', () => {
  assert.equal(pub(['기사입력 2024-06-05 10:32 최종수정 2024-06-06 08:00']), '2024-06-05');
  assert.equal(mod(['기사입력 2024-06-05 10:32 최종수정 2024-06-06 08:00']), '2024-06-06');
  assert.equal(mod(['Data publikacji: 05.06.2024 Data aktualizacji: 06.06.2024']), '2024-06-06');
  assert.equal(pub(['Paskelbta 2024.06.05 10:32, atnaujinta 2024.06.06 08:00']), '2024-06-05');
  assert.equal(mod(['Diterbitkan 05/06/2024, 10:32 Diperbarui 06/06/2024, 08:00']), '2024-06-06');
});

test('month names of more languages (Unicode CLDR), and the year-first order of Hungarian and Lithuanian dates', () => {
  const day = (line: string): string | null => pub([line])?.slice(0, 10) ?? null;
  assert.equal(day('2024 m. birželio 5 d. 10:32'), '2024-06-05');
  assert.equal(day('2024. június 5. 10:32'), '2024-06-05');
  assert.equal(day('5. jūnijā 2024 10:32'), '2024-06-05');
  assert.equal(day('5 iunie 2024, 10:32'), '2024-06-05');
  assert.equal(day('5. lipnja 2024. u 10:32'), '2024-06-05');
  assert.equal(day('5 Ιουνίου 2024, 10:32'), '2024-06-05');
  assert.equal(day('5 юни 2024, 10:32'), '2024-06-05');
  assert.equal(day('5. júní 2024 kl. 10:32'), '2024-06-05');
  assert.equal(day('5 de juny de 2024, 10:32'), '2024-06-05');
  assert.equal(day('5 Ogos 2024, 10:32'), '2024-08-05');
  // "listopada" stays November (Polish), where Croatian would say October.
  assert.equal(day('5 listopada 2024, 10:32'), '2024-11-05');
});

test('CLDR month names of Estonian, Slovenian (genitive), Serbian Cyrillic, Macedonian, Albanian, Georgian; Vietnamese numbered months', () => {
  const day = (line: string): string | null => pub([line])?.slice(0, 10) ?? null;
  assert.equal(day('5. juuni 2024, 10:32'), '2024-06-05');
  assert.equal(day('5. februarja 2024 ob 10:32'), '2024-02-05');
  assert.equal(day('5. јуна 2024. 10:32'), '2024-06-05');
  assert.equal(day('5 јуни 2024 10:32'), '2024-06-05');
  assert.equal(day('5 qershor 2024, 10:32'), '2024-06-05');
  assert.equal(day('5 ივნისი 2024'), '2024-06-05');
  assert.equal(day('Thứ tư, ngày 5 tháng 6 năm 2024'), '2024-06-05');
  assert.equal(day('ngày 5 tháng 11 năm 2024 10:32'), '2024-11-05');
});

test('Thai dates: the year of the Buddhist Era (CLDR th), month names and dotted abbreviations', () => {
  const day = (line: string): string | null => pub([line])?.slice(0, 10) ?? null;
  assert.equal(day('5 มี.ค. 2567 10:32 น.'), '2024-03-05');
  assert.equal(day('วันที่ 5 มกราคม 2567'), '2024-01-05');
  assert.equal(day('5 ม.ค. 2024 10:32'), '2024-01-05');
});

test('page dates in Arabic (the three sets of month names, two at once, Arabic-Indic digits), Hebrew, Hindi and Persian; a label and time after the date', () => {
  const prose = 'The harbour board agreed on Thursday to dredge the eastern channel before the autumn storms, after two ferries ran aground there in May and a third lost its rudder.';
  const read = (line: string): [string | undefined, string | undefined] => {
    const d = pageDates(['Ferry service cut for the winter', line, prose], 0);
    return [d.published?.iso, d.modified?.iso];
  };
  assert.deepEqual(read('5 يونيو 2024'), ['2024-06-05', undefined]);
  assert.deepEqual(read('٥ حزيران ٢٠٢٤'), ['2024-06-05', undefined]);
  assert.deepEqual(read('5 جوان 2024'), ['2024-06-05', undefined]);
  assert.deepEqual(read('12 كانون الأول 2024'), ['2024-12-12', undefined]);
  // "Wednesday, 28 Ab/August 2013, last updated 14:00 (GMT+0400)".
  assert.deepEqual(read('الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)'), [undefined, '2013-08-28T14:00:00+04:00']);
  assert.deepEqual(read('5 ביוני 2024'), ['2024-06-05', undefined]);
  assert.deepEqual(read('प्रकाशित: 5 जून 2024'), ['2024-06-05', undefined]);
  assert.deepEqual(read('۵ ژوئن ۲۰۲۴'), ['2024-06-05', undefined]);
  assert.deepEqual(read('June 5, 2024, updated 10:32 AM EDT'), [undefined, '2024-06-05T10:32:00-04:00']);
});

test('a weekday between the time and the date ("10:32 AM EDT, Wed June 5, 2024") keeps the time and zone', () => {
  assert.equal(pub(['Published 10:32 AM EDT, Wed June 5, 2024']), '2024-06-05T10:32:00-04:00');
  assert.equal(mod(['Published 10:32 AM EDT, Wed June 5, 2024', 'Updated 2:15 PM EDT, Wednesday, June 5, 2024']), '2024-06-05T14:15:00-04:00');
  // A weekday's letters inside a longer word are no weekday: the time stays the date's only when a weekday stands alone.
  assert.equal(pub(['Published 10:32 AM EDT, June 5, 2024']), '2024-06-05T10:32:00-04:00');
});

test('a byline of two names run on into a date whose time ends in "p.m." is a date line, not a sentence', () => {
  assert.equal(pub(['By Ana Ruiz and Jo Pell March 3, 2026, 2:40 p.m.']), '2026-03-03');
  assert.equal(pub(['By Ana Ruiz and Jo Pell March 3, 2026March 3, 2026, 9:05 a.m.']), '2026-03-03');
});

test('two names without "By" run on into the date ("Ana Ruiz and Jo Pell March 3, 2026") make a date line, as a byline with "By" does', () => {
  assert.equal(pub(['Ana Ruiz and Jo Pell March 3, 2026']), '2026-03-03');
  assert.equal(pub(['Ana Ruiz, Jo Pell and Kari Lund 3 March 2026']), '2026-03-03');
});

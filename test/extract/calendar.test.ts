import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MONTH_PATTERN, WEEKDAY_PATTERN, englishMonth, monthNumber, providerZone, weekdayNumber, zoneOffset } from '../../src/extract/calendar.js';
import { parseDate, parseDateInZone } from '../../src/text/dates.js';
import { normalize } from '../../src/pipeline/normalize.js';

test('month names of many languages, abbreviated, accented or folded, with a full stop', () => {
  const rows: Array<[string, number]> = [
    ['Jan', 1], ['févr.', 2], ['Fevr', 2], ['März', 3], ['marts', 3], ['mrt', 3], ['avril', 4], ['maj', 5], ['mei', 5], ['junho', 6],
    ['luglio', 7], ['août', 8], ['Sept.', 9], ['setembro', 9], ['okt', 10], ['outubro', 10], ['listopada', 11], ['Dezember', 12],
    ['desember', 12], ['tammikuuta', 1], ['března', 3], ['septembra', 9],
  ];
  for (const [word, n] of rows) assert.equal(monthNumber(word), n, word);
  assert.equal(monthNumber('Monday'), null);
  assert.equal(monthNumber('Sydney'), null);
  assert.equal(englishMonth(10), 'Oct');
});

test('CLDR month names of Estonian, Serbian (Cyrillic), Macedonian, Albanian, Georgian; Slovenian genitive; Romanian abbreviations', () => {
  const rows: Array<[string, number]> = [
    ['jaanuar', 1], ['veebr.', 2], ['märts', 3], ['aprill', 4], ['juuni', 6], ['oktoober', 10], ['dets', 12],
    ['januarja', 1], ['februarja', 2], ['јануар', 1], ['јануара', 1], ['маја', 5], ['децембра', 12], ['јануари', 1], ['јули', 7],
    ['janar', 1], ['qershor', 6], ['nëntor', 11], ['იანვარი', 1], ['აგვისტო', 8], ['ian.', 1], ['iun', 6], ['iul.', 7],
  ];
  for (const [word, n] of rows) assert.equal(monthNumber(word), n, word);
});

test('Thai month names and dotted abbreviations; Thai vowel signs are not folded away', () => {
  assert.equal(monthNumber('ม.ค.'), 1);
  assert.equal(monthNumber('มี.ค.'), 3);
  assert.equal(monthNumber('มิ.ย.'), 6);
  assert.equal(monthNumber('กุมภาพันธ์'), 2);
  assert.equal(monthNumber('févr.'), 2);
});

test('weekday names; short abbreviations that are words or names are not weekdays', () => {
  assert.equal(weekdayNumber('Mittwoch'), 3);
  assert.equal(weekdayNumber('sábado'), 6);
  assert.equal(weekdayNumber('Thurs.'), 4);
  assert.equal(weekdayNumber('Sam'), null);
  assert.equal(weekdayNumber('Mo'), null);
});

test('the name patterns compile as Unicode regular expressions', () => {
  const re = new RegExp(`^(?:${MONTH_PATTERN}|${WEEKDAY_PATTERN})$`, 'iu');
  assert.ok(re.test('décembre') && re.test('quarta-feira') && re.test('Nov'));
  assert.ok(!re.test('Novak'));
});

test('zone offsets follow daylight saving time', () => {
  assert.equal(zoneOffset('Europe/Copenhagen', 2024, 1, 15, 12, 0), '+01:00');
  assert.equal(zoneOffset('Europe/Copenhagen', 2024, 7, 15, 12, 0), '+02:00');
  assert.equal(zoneOffset('Australia/Sydney', 2024, 1, 15, 12, 0), '+11:00');
  assert.equal(zoneOffset('Australia/Sydney', 2024, 7, 15, 12, 0), '+10:00');
  assert.equal(zoneOffset('Not/AZone', 2024, 7, 15, 12, 0), null);
});

test('providers whose zone-less times are local: Ritzau, STT, Belga, NTB, AAP', () => {
  assert.equal(providerZone('Ritzau'), 'Europe/Copenhagen');
  assert.equal(providerZone('STT'), 'Europe/Helsinki');
  assert.equal(providerZone('Belga'), 'Europe/Brussels');
  assert.equal(providerZone('dpa'), 'Europe/Berlin');
  assert.equal(providerZone('Reuters'), null);
});

test('a time without an offset is read in a zone; one with an offset or a calendar date is not', () => {
  assert.equal(parseDateInZone('2024-03-05T09:30:00', 'Europe/Helsinki'), '2024-03-05T09:30:00+02:00');
  assert.equal(parseDateInZone('20240705T093000', 'Europe/Brussels'), '2024-07-05T09:30:00+02:00');
  assert.equal(parseDateInZone('2024-03-05T09:30:00Z', 'Europe/Helsinki'), null);
  assert.equal(parseDateInZone('2024-03-05', 'Europe/Helsinki'), null);
  assert.equal(parseDate('12 okt 2023 10:00 GMT'), '2023-10-12T10:00:00Z');
});

test('normalize reads a provider\'s zone-less times in its zone and warns that it did', () => {
  const story = normalize({ type: 'text', provider: 'Belga', firstCreated: '2024-11-02T16:05:00', versionCreated: '2024-11-02T16:10:00+01:00', bodyText: 'Tekst.' });
  assert.equal(story.firstCreated, '2024-11-02T16:05:00+01:00');
  assert.equal(story.versionCreated, '2024-11-02T16:10:00+01:00');
  assert.deepEqual(story.warnings.map((w) => w.code), ['WIREDESK_WARN_DATE_ZONE_ASSUMED']);
  const unknown = normalize({ type: 'text', provider: 'Example Wire', firstCreated: '2024-11-02T16:05:00', bodyText: 'Text.' });
  assert.equal(unknown.firstCreated, null);
  assert.deepEqual(unknown.warnings.map((w) => w.code), ['WIREDESK_WARN_DATE_UNPARSED']);
});

test('a month name is no weekday, in the languages whose months came from CLDR lately', () => {
  for (const [name, month] of [['jaanuar', 1], ['februarja', 2], ['märts', 3], ['априла', 4], ['маја', 5], ['qershor', 6], ['ივნისი', 6], ['tháng 6', 6], ['มิ.ย.', 6]] as const) {
    assert.equal(monthNumber(name), month, name);
    assert.equal(weekdayNumber(name), null, name);
  }
});

test('RFC 3339 times with a lower-case "t" and "z" (section 5.6, NOTE) are the same instants', () => {
  assert.equal(parseDate('2026-03-20t08:00:00z'), '2026-03-20T08:00:00Z');
  assert.equal(parseDate('2026-03-20t08:00:00.5+05:45'), '2026-03-20T08:00:00.500+05:45');
});

test('RFC 822 military zones: every letter but J, as RFC 822 section 5.1 numbers them', () => {
  const rows: Array<[string, string]> = [['A', '-01:00'], ['B', '-02:00'], ['I', '-09:00'], ['K', '-10:00'], ['M', '-12:00'], ['N', '+01:00'], ['P', '+03:00'], ['Y', '+12:00'], ['Z', 'Z']];
  for (const [zone, offset] of rows) assert.equal(parseDate(`Wed, 04 Mar 2026 12:00:00 ${zone}`), `2026-03-04T12:00:00${offset}`, zone);
  assert.equal(parseDate('Wed, 04 Mar 2026 12:00:00 J'), null);
});

test('an RFC 822 date-time may end in a comment naming its zone (RFC 5322 3.3, CFWS); other parentheses stay', () => {
  assert.equal(parseDate('Tue, 03 Mar 2026 09:00:00 +0200 (CEST)'), '2026-03-03T09:00:00+02:00');
  assert.equal(parseDate('Tue, 3 Mar 2026 09:00:00 -0000 (UTC)'), '2026-03-03T09:00:00Z');
  assert.equal(parseDate('2026-03-03T09:00:00Z (UTC)'), '2026-03-03T09:00:00Z');
  assert.equal(parseDate('Tue, 03 Mar 2026 (CEST)'), null);
  assert.equal(parseDate('Tue, 03 Mar 2026 09:00:00 +0200 (CEST) (x)'), null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantMs, parseDate } from '../../src/text/dates.js';

test('ISO 8601 extended and basic keep the stated offset', () => {
  assert.equal(parseDate('2017-10-11T10:41:00+01:00'), '2017-10-11T10:41:00+01:00');
  assert.equal(parseDate('2017-10-11T10:41:00+0100'), '2017-10-11T10:41:00+01:00');
  assert.equal(parseDate('2017-10-11T10:41:00-05'), '2017-10-11T10:41:00-05:00');
  assert.equal(parseDate('20171011T104100Z'), '2017-10-11T10:41:00Z');
  assert.equal(parseDate('2017-10-11T10:41:00.123456Z'), '2017-10-11T10:41:00.123Z');
  assert.equal(parseDate('  2017-10-11 10:41Z '), '2017-10-11T10:41:00Z');
});

test('a date without time stays a calendar date (unless disallowed)', () => {
  assert.equal(parseDate('2023-09-10'), '2023-09-10');
  assert.equal(parseDate('20230910'), '2023-09-10');
  assert.equal(parseDate('2023-09-10', { allowDateOnly: false }), null);
  assert.equal(parseDate('10 Sep 2023'), '2023-09-10');
});

test('a time without an offset is null unless the format gives a default offset', () => {
  assert.equal(parseDate('2017-10-11T10:41:00'), null);
  assert.equal(parseDate('2017-10-11T10:41:00', { defaultOffset: '+00:00' }), '2017-10-11T10:41:00Z');
  assert.equal(parseDate('2017-10-11T10:41:00', { defaultOffset: '+02:00' }), '2017-10-11T10:41:00+02:00');
});

test('RFC 822 / 1123 and named zones', () => {
  assert.equal(parseDate('Tue, 10 Jun 2003 04:00:00 GMT'), '2003-06-10T04:00:00Z');
  assert.equal(parseDate('10 Jun 2003 04:00 +0200'), '2003-06-10T04:00:00+02:00');
  assert.equal(parseDate('Tue, 10 Jun 03 04:00:00 EST'), '2003-06-10T04:00:00-05:00');
  assert.equal(parseDate('Jun 10, 2003 4:00 PM EDT'), '2003-06-10T16:00:00-04:00');
  assert.equal(parseDate('June 10, 2003 at 12:15 a.m. CEST'), '2003-06-10T00:15:00+02:00');
});

test('a region named without standard or daylight time ("ET") keeps the time the region keeps that day', () => {
  assert.equal(parseDate('June 5, 2024 10:32 a.m. ET'), '2024-06-05T10:32:00-04:00');
  assert.equal(parseDate('Jan 5, 2024 10:32 AM ET'), '2024-01-05T10:32:00-05:00');
  assert.equal(parseDate('2024-07-01 09:00 PT'), '2024-07-01T09:00:00-07:00');
  assert.equal(parseDate('2024-12-02 09:00 CT'), '2024-12-02T09:00:00-06:00');
  assert.equal(parseDate('2024-12-02 09:00 MT'), '2024-12-02T09:00:00-07:00');
});

test('impossible or unparseable dates are null', () => {
  for (const s of ['2023-02-30', '2023-13-01T00:00:00Z', '2023-01-01T25:00:00Z', 'yesterday', '', '   ', 'Foo 10, 2003']) {
    assert.equal(parseDate(s), null, s);
  }
  assert.equal(parseDate(null), null);
  assert.equal(parseDate(undefined), null);
  assert.equal(parseDate('2017-10-11T10:41:00 XYZ'), null);
});

test('instantMs reads parseDate output; a calendar date is UTC midnight', () => {
  assert.equal(instantMs('2017-10-11T10:41:00+01:00'), Date.UTC(2017, 9, 11, 9, 41));
  assert.equal(instantMs('2023-09-10'), Date.UTC(2023, 8, 10));
  assert.equal(instantMs(null), null);
  assert.equal(instantMs('garbage'), null);
});

test('POSIX date(1) and C asctime output, as Java\'s Date.toString prints it too: "Tue Dec 30 11:03:00 UTC 2014"', () => {
  assert.equal(parseDate('Tue Dec 30 11:03:00 UTC 2014'), '2014-12-30T11:03:00Z');
  assert.equal(parseDate('Fri Apr 28 19:20:36 CEST 2023'), '2023-04-28T19:20:36+02:00');
  assert.equal(parseDate('Fri Apr 28 19:20:36 +0200 2023'), '2023-04-28T19:20:36+02:00');
  // asctime states no zone: no instant is claimed unless the caller names a default offset.
  assert.equal(parseDate('Tue Dec  3 11:03:00 2014'), null);
  assert.equal(parseDate('Tue Dec  3 11:03:00 2014', { defaultOffset: 'Z' }), '2014-12-03T11:03:00Z');
  assert.equal(parseDate('Tue Dec 30 25:03:00 UTC 2014'), null);
});

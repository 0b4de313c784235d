import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry } from '../../src/formats/registry.js';
import { anpa1312 } from '../../src/formats/anpa-1312.js';
import { sniff } from '../../src/pipeline/sniff.js';
import { ingestItem } from '../../src/pipeline/ingest.js';

const message = (opts: { number?: string; keyword?: string; version?: string; slug?: string; lines: string[]; trailer?: string; close?: boolean }): string => {
  const keyword = opts.keyword ?? 'BC-US--Town-Meeting';
  const head = `\x16\x16\x01W${opts.number ?? '1001'}\x1fasian\r\nr a\x13\x11 ${keyword}${opts.version ? ` ${opts.version}` : ''}   05-06 0300\r\n`;
  const text = `\x02^${opts.slug ?? 'BC-US--Town-Meeting,250'}<\r\n${opts.lines.join('\r\n')}\r\n`;
  const tail = opts.close === false ? '' : `\x03${opts.trailer ?? 'AP-WF-05-06-24 1745GMT'}<\r\n\x0c\r\n\x04`;
  return head + text + tail;
};

const story = (n: string, headline: string): string => message({
  number: n,
  lines: [`^${headline}<`, '^By RUTH KANE=', '^AP Education Writer=', `\t   SPRINGFIELD, Ill. (AP) _ Story ${n} says something, and then more.`, '\t   A second paragraph.'],
});

const parse = (text: string, encoding: BufferEncoding = 'utf8') => {
  const bytes = Buffer.from(text, encoding);
  const s = sniff(bytes);
  return anpa1312.parse({ text: s.text, bytes, sniff: s, path: null, baseUrl: null });
};

test('detect: an SOH/US message header is ANPA-1312, not IPTC 7901 or a text dump', () => {
  assert.equal(registry.detect(sniff(Buffer.from(story('1001', 'Town votes'))))?.format.name, 'anpa-1312');
});

test('header lines: headline, notes kept out, By line with its title line, summary line', () => {
  const text = message({
    lines: ['^Town votes to keep its library open<', '^AP Photo ILSP101<', '^Eds: With AP Photo.<', '^Voters backed a levy by 61 to 39 percent.<',
      '^By RUTH KANE and OMAR FIELDS=', '^AP Education Writers=', "\t   SPRINGFIELD, Ill. (AP) _ Voters on Tuesday approved ``a lifeline,'' the mayor said."],
  });
  const [s] = parse(text).stories;
  assert.equal(s?.headline, 'Town votes to keep its library open');
  assert.equal(s?.summary, 'Voters backed a levy by 61 to 39 percent.');
  assert.deepEqual(s?.bylines?.map((b) => [b.raw, b.role]), [['By RUTH KANE and OMAR FIELDS, AP Education Writers', 'author']]);
  assert.equal(s?.bodyText, 'SPRINGFIELD, Ill. (AP) — Voters on Tuesday approved "a lifeline," the mayor said.');
  assert.equal(s?.slugline, 'BC-US--Town-Meeting');
  assert.equal(s?.guid, null);
  assert.equal(s?.source, 'AP');
  assert.equal(s?.versionCreated, '2024-05-06T17:45:00Z');
});

test('slug versions map to version, signals and status', () => {
  const lead = parse(message({ version: '2ndLd-Writethru', slug: 'BC-US--Town-Meeting, 2nd Ld-Writethru,250', lines: ['^Headline<'] })).stories[0];
  assert.equal(lead?.version, '3');
  assert.deepEqual(lead?.signals, ['update', 'writethru']);
  assert.equal(lead?.pubStatus, 'usable');
  const kill = parse(message({ version: 'Kill', slug: 'BC-US--Town-Meeting, Kill,40', lines: ['^Eds: KILL BC-US--Town-Meeting.<', '\t   Editors: kill the story.'] })).stories[0];
  assert.equal(kill?.pubStatus, 'canceled');
  assert.deepEqual(kill?.signals, ['kill']);
  assert.equal(kill?.slugline, 'BC-US--Town-Meeting', 'the kill names the story it kills');
  const corrected = parse(message({ lines: ['^Headline<', '^Eds: Corrects spelling of mayor\'s name.<', '\t   Text.'] })).stories[0];
  assert.deepEqual(corrected?.signals, ['correction']);
});

test('agate tables: C0 cell marks are text, title lines stay in the body, Latin-1 bytes decode', () => {
  const text = message({ keyword: 'BC-SOC--Liga-Table', slug: 'BC-SOC--Liga Table', lines: ['^Liga Standings=', '^By The Associated Press=', '\x08^;GP;Pts\x10 ', '\x08Atlético\x10 Madrid;20;44\x10 '] });
  const [s] = parse(text, 'latin1').stories;
  assert.equal(s?.bodyText, 'Liga Standings\n\n;GP;Pts\n\nAtlético Madrid;20;44');
  assert.equal(s?.headline, null);
});

test('a truncated transmission is a coded error naming the format and the position', () => {
  const text = story('1001', 'Town votes').slice(0, 120);
  const r = ingestItem({ bytes: Buffer.from(text), path: 'cut.tst' });
  assert.equal(r.articles.length, 0);
  const e = r.failures[0]?.error;
  assert.equal(e?.code, 'WIREDESK_ERR_PARSE_INVALID');
  assert.equal(e?.details.format, 'anpa-1312');
  assert.deepEqual(e?.details.position, { item: 0, offset: 2, line: 1 });
});

test('one broken message: the other stories still come through, the failure keeps its bytes', () => {
  const broken = message({ number: '1002', lines: ['^Second story<', '\t   Cut off in the middle of'], close: false });
  const text = story('1001', 'First story') + broken + story('1003', 'Third story');
  const r = ingestItem({ bytes: Buffer.from(text), path: 'three.tst' });
  assert.deepEqual(r.articles.map((a) => a.headline), ['First story', 'Third story']);
  assert.equal(r.failures.length, 1);
  const f = r.failures[0]!;
  assert.equal(f.itemIndex, 1);
  assert.equal(f.error.details.format, 'anpa-1312');
  assert.equal(f.error.details.position?.item, 1);
  assert.equal(f.raw.toString('utf8'), broken);
});

test('a document without SOH framing is not ANPA-1312', () => {
  assert.throws(() => parse('BC-US--Town-Meeting\nno framing'), (e: Error & { code?: string }) => e.code === 'WIREDESK_ERR_PARSE_INVALID');
});

test('take and end marks ("MORE", "(MORE)", "-30-", "xxx", "ENDIT") are not text of the story', () => {
  const text = message({
    lines: ['^Council delays vote on bridge<', '\t   DAYTON, Ohio (AP) _ The council put off its vote.', '\t   MORE', '\t   Members asked for a second study.', '\t   (MORE)', '\t   xxx', '\t   -30-'],
  });
  const [s] = parse(text).stories;
  assert.equal(s?.bodyText, 'DAYTON, Ohio (AP) — The council put off its vote.\n\nMembers asked for a second study.');
});

test('the trailer\'s time: GMT and RFC 822\'s US zones are instants; a time without a zone keeps only its date', () => {
  const sent = (trailer: string): string | null | undefined => parse(message({ lines: ['^Town meeting set<', '\t   SPRINGFIELD, Ill. (AP) _ Text.'], trailer })).stories[0]?.versionCreated;
  assert.equal(sent('AP-WF-05-06-24 1745GMT'), '2024-05-06T17:45:00Z');
  assert.equal(sent('AP-NY-05-06-24 1345EDT'), '2024-05-06T17:45:00Z');
  assert.equal(sent('AP-NY-01-06-24 1245EST'), '2024-01-06T17:45:00Z');
  assert.equal(sent('AP-WF-05-06-24 1745'), '2024-05-06');
  assert.equal(sent('AP-WF-13-06-24 1745GMT'), null);
});

test('an advance: the $Adv code and the release line are no headline, "End Adv" no text; held for release', () => {
  const text = message({
    version: 'Adv18',
    lines: ['^$Adv18<', '^For Release Saturday PMs, May 18, and Thereafter<', '^Tulip growers rally around a rare bloom<', '^By HANNA VELDKAMP=', '^AP Special Correspondent=',
      '\t   LISSE, Netherlands (AP) _ The black tulip drew crowds Saturday.', '\t   End Adv for Saturday PMs, May 18'],
  });
  const [s] = parse(text).stories;
  assert.equal(s?.headline, 'Tulip growers rally around a rare bloom');
  assert.equal(s?.summary, null);
  assert.equal(s?.editorNote, 'For Release Saturday PMs, May 18, and Thereafter');
  assert.equal(s?.bodyText, 'LISSE, Netherlands (AP) — The black tulip drew crowds Saturday.');
  assert.deepEqual(s?.signals, ['hold-for-release']);
  assert.equal(s?.pubStatus, 'withheld');
  assert.equal(s?.embargoedUntil ?? null, null, 'a news cycle is no instant');
});

test('an add ("1st Add") is a take of its own: signalled, and its id is not its first take\'s', () => {
  const first = message({ number: '2001', keyword: 'BC-US--Levee-Repair', slug: 'BC-US--Levee-Repair,400', lines: ['^Crews race to patch river levee<', '\t   CAIRO, Ill. (AP) _ Crews worked through the night.', '\t   MORE'] });
  const add = message({ number: '2002', keyword: 'BC-US--Levee-Repair', version: '1stAdd', slug: 'BC-US--Levee-Repair, 1st Add,200', lines: ['\t   The river stood at 52 feet by noon.'] });
  const [s] = parse(add).stories;
  assert.deepEqual(s?.signals, ['add']);
  assert.equal(s?.take, 'add-1');
  assert.equal(s?.version, null, 'an add continues the story; it is no new version of it');
  const r = ingestItem({ bytes: Buffer.from(first + add), path: 'levee.tst' });
  const [one, two] = r.articles;
  assert.equal(one?.slugline, two?.slugline);
  assert.equal(two?.id, `${one?.id}~add-1`);
  assert.deepEqual(two?.signals, ['add']);
  assert.equal(two?.body.text, 'The river stood at 52 feet by noon.');
});

test('a By line and its title line closed by "<" as a headline is closed are the byline, not the summary and the body', () => {
  const [s] = parse(message({ lines: ['^Thieves take bronze sword from museum<', '^By KAJA LINDEMANN<', '^Associated Press Writer<', '\t   BREMEN, Germany (AP) _ Thieves broke in overnight.'] })).stories;
  assert.deepEqual(s?.bylines?.map((b) => b.raw), ['By KAJA LINDEMANN, Associated Press Writer']);
  assert.equal(s?.summary, null);
  assert.equal(s?.bodyText, 'BREMEN, Germany (AP) — Thieves broke in overnight.');
  // A headline that opens with "By" names no one: it stays the headline.
  const [h] = parse(message({ lines: ['^By a wide margin, voters back levy<', '\t   SPRINGFIELD, Ill. (AP) _ Text.'] })).stories;
  assert.equal(h?.headline, 'By a wide margin, voters back levy');
  assert.deepEqual(h?.bylines, []);
});

test('a By line and its title as tab paragraphs of the body: byline with affiliation, no summary', () => {
  const r = ingestItem({ bytes: Buffer.from(message({ lines: ['^Fire destroys historic orchard barn<', '\t   By JONAS EKWUEME', '\t   Associated Press Writer', '\t   YAKIMA, Wash. (AP) _ Fire destroyed a barn early Thursday.'] })), path: 'barn.tst' });
  const [a] = r.articles;
  assert.deepEqual(a?.bylines.map((b) => [b.name, b.affiliation]), [['JONAS EKWUEME', 'Associated Press Writer']]);
  assert.equal(a?.summary, null);
  assert.equal(a?.body.text, 'Fire destroyed a barn early Thursday.');
});

test('a By line over a tab-opened paragraph, no caret, is no bare headline', () => {
  const [s] = parse(message({ lines: ['By Jane Roe', '\t   PORTLAND, Maine (UPI) -- Dredging of the inner harbor will start next month.'] })).stories;
  assert.equal(s?.headline, null);
});

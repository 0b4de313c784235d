import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTextPage } from '../../src/text/page-lines.js';
import { bylineOf } from '../../src/text/page-byline-block.js';

// Invented pages laid out as a reader's copy of a news page, one block per line: each test names
// the byline layout it stands for.

const P1 = 'The harbour board agreed on Thursday to dredge the eastern channel before the autumn storms, after two ferries ran aground there in May and a third lost its rudder.';
const P2 = 'Work is due to start next month and will close the slipway to small boats for about three weeks, the board said in a notice to skippers on Thursday evening.';
const P3 = 'Skippers welcomed the plan but asked the board to keep one berth open for the lifeboat while the dredger works in the channel, a request it said it would consider.';
const STANDFIRST = 'Two ferries ran aground in May, and skippers now want a berth kept free for the lifeboat while the work goes on.';
const HEAD = 'Board orders dredging of eastern channel after groundings';
const names = (page: string[]): string[] => readTextPage(page.join('\n')).bylines.map((b) => b.text);

test('a byline in capitals with its affiliation ("By KARI LUND FOR EXAMPLE.COM") names the person', () => {
  assert.deepEqual(names([HEAD, 'By KARI LUND FOR HARBOURNEWS.COM', 'Published: 10:32 BST, 12 June 2025', '', P1, '', P2]), ['By KARI LUND']);
});

test('a by-word alone on its line, the name on the next, below a standfirst and a caption', () => {
  assert.deepEqual(names([HEAD, '', STANDFIRST, '', 'Share', 'Harbour', 'By', 'Kari LundHarbour Reporter', '12:05, 12 JUN 2025', '', P1, '', P2]), ['By Kari Lund']);
  assert.deepEqual(names([HEAD, '', STANDFIRST, '', 'Teilen', '12.06.2025 um 10:32', 'von', 'Kari Lund', '', P1, '', P2]), ['By Kari Lund']);
});

test('pieces run together at an element\'s seam: the name is the piece before it (a job title, a network button after it)', () => {
  assert.equal(bylineOf('By Kari LundLifestyle Writer'), 'By Kari Lund');
  assert.equal(bylineOf('By Kari LundTwitter'), 'By Kari Lund');
  assert.equal(bylineOf('By Kari Lund Twitter'), 'By Kari Lund');
  // A row of network buttons is no name, whatever its capitals.
  assert.equal(bylineOf('Facebook Twitter Flipboard Send Linkedin Messenger'), null);
  assert.deepEqual(names([HEAD, 'Par Kari Lund', 'Publié le 12/06/2025 - 10:32', 'Partager', 'Facebook Twitter Flipboard Send Linkedin Messenger', P1, '', P2]), ['Par Kari Lund']);
  // Nor a row of share buttons; the author's handle beside the name is no part of it.
  assert.equal(bylineOf('Share  Tweet  Share'), null);
  assert.equal(bylineOf('By Kari Lund@karilund Updated Jun 12, 2025, 2:15pm EDT'), 'By Kari Lund');
  assert.equal(bylineOf('Kari Lund @karilund'), 'Kari Lund');
  // A desk's name is no person with a title after it.
  assert.equal(bylineOf('Harbour Health News'), null);
  assert.equal(bylineOf('Kari Lund Reporter'), 'Kari Lund');
  // The blog engines' "on <date> by <author>": the by-line after the stamp; their first account signs no one.
  assert.equal(bylineOf('Posted on March 10, 2025 by Kari Lund'), 'by Kari Lund');
  assert.equal(bylineOf('on 12 June 2025, 10:32 by Kari Lund'), 'by Kari Lund');
  assert.equal(bylineOf('Posted on March 10, 2025 by admin'), null);
  assert.equal(bylineOf('Posted on March 10, 2025 by Admin'), null);
  // A surname particle that is also a share word ("del") stays in the name.
  assert.equal(bylineOf('Ana del Pino, Jo Marsh'), 'Ana del Pino, Jo Marsh');
});

test('authors listed one per line under a by-word alone are the byline, though short lines in a row read as a menu', () => {
  assert.deepEqual(names([HEAD, 'Harbour', 'Ferries', 'Weather', 'By', 'Kari LundNews Reporter', 'Jo MarshNews Reporter', 'Ana Ruiz', 'Lea Berg', '', P1, '', P2, '', P3]), ['By Kari Lund', 'Jo Marsh', 'Ana Ruiz', 'Lea Berg']);
});

test('a name run on into the next element is read off the seam only when a few words follow it (a job title, a button), not a headline', () => {
  assert.equal(bylineOf('Kari LundHarbour Reporter'), 'Kari Lund');
  assert.equal(bylineOf('Nationale DemoDer 9. Juli naht: Gewerkschaften rufen zur Kundgebung auf'), null);
});

test('Korean reporters ("<name> 기자") listed one per line with their e-mail addresses are the byline, though the short lines read as a menu', () => {
  assert.deepEqual(names([HEAD, 'Share', 'Politics', 'Top', 'Scrap', '김하늘 기자', 'kim.haneul@example.kr', '이바다 기자', 'lee.bada@example.kr', '입력 :', '2025-06-04 02:37:08', '', P1, '', P2, '', P3]), ['김하늘 기자', '이바다 기자']);
});

test('a heading that goes on with "für"/"for" is no name with an affiliation; a by-lined name keeps its affiliation apart', () => {
  assert.equal(bylineOf('Günstige Tarife für Vielsurfer'), null);
  assert.equal(bylineOf('Neue Regeln für Radfahrer'), null);
  assert.equal(bylineOf('By Kari Lund for Harbournews.com'), 'By Kari Lund');
  // The writer's name and the date on one line, a subheading on the next: the name alone is the byline.
  assert.deepEqual(names([HEAD, P1, 'Kari Lund, 12.06.2025 10:32 Uhr', 'Günstige Tarife für Vielsurfer', P2, '', P3]), ['Kari Lund']);
});

test('a picture credit with "by" is no byline ("Illustration by Jo Kim", "Photograph by Jo Kim"), nor a caption\'s copyright after a dash', () => {
  assert.equal(bylineOf('Illustration by Ana Ruiz'), null);
  assert.equal(bylineOf('Photograph by Ana Ruiz'), null);
  assert.deepEqual(names([HEAD, 'By Kari Lund', 'June 12, 2025', 'Illustration by Ana Ruiz', '', P1, '', P2]), ['By Kari Lund']);
  assert.deepEqual(names([HEAD, 'The dredger at work off the eastern pier, Tuesday, June 10, 2025 - Copyright AP Photo', 'By Kari Lund', 'Published on 12/06/2025 - 10:32', '', P1, '', P2]), ['By Kari Lund']);
});

test('a byline printed as one outranks a name alone beside it (a kicker, a name above the by-word)', () => {
  assert.deepEqual(names([HEAD, 'Port Authority', 'By', 'Kari Lund', '12 June 2025', '', P1, '', P2]), ['By Kari Lund']);
  assert.deepEqual(names(['Harbour', HEAD, 'Bitteres Interview', STANDFIRST, 'Von Kari Lund, Redakteurin', '12.06.2025, 10:32 Uhr', '', P1, '', P2]), ['Von Kari Lund, Redakteurin']);
});

test('once the story has begun below its byline, a byline under a related headline is the teaser\'s', () => {
  assert.deepEqual(names([HEAD, 'di Kari Lund', '12 GIUGNO 2025', '', P1, 'Lighthouse keeper retires after forty years', 'di Ana Ruiz', '20 Maggio 2025', '', P2, '', P3]), ['di Kari Lund']);
});

test('an author box after the story: a label or a by-word before the name, beside a date stamp', () => {
  const story = [HEAD, '', P1, '', P2, '', P3, '', 'Related', 'Island bus timetable changes next week'];
  assert.deepEqual(names([...story, 'Datum 12.06.2025', 'Autorin/Autor Kari Lund', 'Themen Hafen, Fähren']), ['Kari Lund']);
  assert.deepEqual(names([...story, '12. 6. 2025, 18:41 Uhr', 'Kommentar von', 'Kari Lund', 'Redakteurin']), ['By Kari Lund']);
  // A teaser's byline after the story is not the author box.
  assert.deepEqual(names([...story, '12.06.2025', 'By Ana Ruiz', 'Lighthouse keeper retires after forty years']), []);
  // Nor a name without its label.
  assert.deepEqual(names([...story, '12.06.2025', 'Ana Ruiz']), []);
});

test('a byline above the headline: the author and the stamp printed over the title, or a by-line a few lines up', () => {
  assert.deepEqual(names(['Politik', 'Kari Lund', '12. Juni 2025 - 16.03 Uhr', HEAD, '', P1, '', P2]), ['Kari Lund']);
  assert.deepEqual(names(['by Kari Lund Jun. 12, 2025 1:15 pm', 'Share', 'Tweet', 'Email', HEAD, '', P1, '', P2]), ['by Kari Lund']);
  assert.deepEqual(names(['By Kari Lund  Follow', '12 June 2025', HEAD, '', P1, '', P2]), ['By Kari Lund']);
  // A name inside a teaser's title beside a stamp is none; a title after "von" ("Rückbau von …") is none.
  assert.deepEqual(names(['04:03 min', 'Kari Lund, Harbour Talk How skippers read the tides', '00:52 min', HEAD, '', P1, '', P2]), []);
  assert.deepEqual(names(['Rückbau von Hafenkran Kräne am Nordkai abgebaut', '12.06.2025 - 15:26 Uhr', HEAD, '', P1, '', P2]), []);
  // A section the page's menu names too, printed over the edition's date, is no author ("Front Page" / "Thu, Jun 12, 2025 page1").
  const menu = ['Front Page', 'Harbour News', 'Business', 'Sport', 'Features'];
  assert.deepEqual(names([...menu, 'Home', 'Front Page', 'Thu, Jun 12, 2025 page1', HEAD, '', P1, '', P2]), []);
  // The same shape with a name the menu does not print is the byline.
  assert.deepEqual(names([...menu, 'Home', 'Kari Lund', 'Thu, Jun 12, 2025', HEAD, '', P1, '', P2]), ['Kari Lund']);
});

test('a byline block after a standfirst: a name beside its stamp below the first prose line; a role in brackets set aside', () => {
  assert.deepEqual(names(['Harbour', HEAD, STANDFIRST, 'The dredger off the eastern pier. HARBOUR PRESS/ Jo Marsh', 'Kari Lund', '12 de junio de 2025 16:51 h', '', P1, '', P2]), ['Kari Lund']);
  assert.deepEqual(names([HEAD, 'Kari Lund, Ana Ruiz (Special correspondent)', '12.06.2025', '', P1, '', P2]), ['Kari Lund, Ana Ruiz']);
  // A name with only a bracket after it is no "name + job title" line ("Jo Kim (R)" under a picture).
  assert.deepEqual(names([HEAD, '', P1, 'Ana Ruiz (R)', '', P2, '', P3]), []);
});

test('the author\'s signature on the line after the story\'s last paragraph, where the head names no one', () => {
  const story = [HEAD, '', P1, '', P2, '', P3];
  assert.deepEqual(names([...story, 'Kari Lund', 'Back to Harbour news']), ['Kari Lund']);
  // A box heading or the site's links after the story are no signature.
  assert.deepEqual(names([...story, 'Latest Articles', 'Island bus timetable changes next week']), []);
  assert.deepEqual(names([...story, 'AGB Datenschutz Impressum']), []);
});

test('a stamp\'s label before its colon is no name; live-blog headings are none', () => {
  assert.deepEqual(names([HEAD, 'Son Güncelleme : 12.06.2025 - 16:49', '', P1, '', P2]), []);
  assert.deepEqual(names([HEAD, 'KEY POINTS', '12 June 2025', '', P1, '', P2]), []);
  assert.deepEqual(names([HEAD, 'Key Events', '12 June 2025', '', P1, '', P2]), []);
});

test('a name with its job title on the line below is a byline, also below a standfirst and a teaser', () => {
  const teaser = 'Lighthouse keeper retires after forty years on the rock, and hands the lamp to his daughter who grew up there.';
  assert.deepEqual(names(['Harbour', HEAD, STANDFIRST, teaser, 'The dredger off the eastern pier Harbour Press', 'Kari Lund', 'Correspondent in Northport', '', P1, '', P2]), ['Kari Lund']);
  assert.deepEqual(names([HEAD, STANDFIRST, teaser, 'Politik', 'Kari Lund', 'Redakteurin', '', P1, '', P2]), ['Kari Lund']);
  // A section name below a name is no job title.
  assert.deepEqual(names([HEAD, STANDFIRST, teaser, 'Harbour', 'Kari Lund', 'Politics', '', P1, '', P2]), []);
});

test('the stamp of an audio or video player names the clip\'s author, not the story\'s', () => {
  assert.deepEqual(names([HEAD, 'Veröffentlicht am 12.06.25 um 07:39 Uhr', 'Audio 03:07 Min. | 11.06.25 | Kari Lund', '', P1, '', P2]), []);
  assert.deepEqual(names(['Lund 12.06.2025 04:03 min', 'Kari Lund, Harbour Talk', HEAD, '', P1, '', P2]), []);
  assert.deepEqual(names([HEAD, 'By Ana Ruiz', 'Video 01:24 min | Kari Lund', '', P1, '', P2]), ['By Ana Ruiz']);
});

test('names run together on a stamp line ("Jo Kim Ana Ruiz 8 June, 17:46"): split into given name and surname pairs', () => {
  assert.equal(bylineOf('Kari Lund Ana Ruiz Lea Berg 12 June, 17:46'), 'Kari Lund, Ana Ruiz, Lea Berg');
  assert.deepEqual(names([HEAD, 'Kari Lund Ana Ruiz Lea Berg 12 June, 17:46', '', P1, '', P2]), ['Kari Lund, Ana Ruiz, Lea Berg']);
  // Eight words and more, an odd count, or no stamp: middle names may stand there, none is read.
  assert.equal(bylineOf('Kari Anna Lund Jo Peter Marsh Ana Ruiz 12 June, 17:46'), null);
  assert.ok(!String(bylineOf('Harbour Board Orders Eastern Channel Dredging')).includes(','));
});

test('the Korean signature: the desk\'s town, the name and the reporter\'s title, the e-mail, on the line after the story', () => {
  const story = ['항구 준설 공사 다음 달 시작', '', '항만청은 목요일 가을 태풍이 오기 전에 동쪽 수로를 준설하기로 결정했다고 밝혔다. 지난 5월 여객선 두 척이 이곳에서 좌초했고 다른 한 척은 방향타를 잃었다. 공사는 다음 달 시작된다.',
    '', '선장들은 계획을 환영하면서도 준설선이 작업하는 동안 구조선을 위한 정박지 하나를 비워 달라고 요청했다. 항만청은 이 요청을 검토하겠다고 말했다. 작업은 약 3주가 걸릴 예정이다.'];
  assert.deepEqual(readTextPage([...story, '북항 김하늘 기자 sky@example.co.kr', '공유'].join('\n')).bylines.map((b) => b.text), ['김하늘 기자']);
  assert.equal(bylineOf('김하늘 특파원'), '김하늘 특파원');
  assert.equal(bylineOf('오늘의 기자 칼럼 모음'), null);
});

test('a by-lined name with its agency after a slash, bar or comma, under a standfirst, is the byline, no picture credit or breadcrumb', () => {
  assert.equal(bylineOf('By Kari Lund / AFP'), 'By Kari Lund / AFP');
  assert.equal(bylineOf('By Kari Lund | AP'), 'By Kari Lund | AP');
  for (const line of ['By Kari Lund / AFP', 'By Kari Lund, Reuters']) assert.deepEqual(names([HEAD, '', 'Two ferries ran aground in May, the board said.', '', line, '', P1, '', P2, '', P3]), [line], line);
  // A breadcrumb stays furniture.
  assert.equal(bylineOf('News / World'), null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/text/decode.js';

/** A feed without an encoding declaration, in the given charset. */
function undeclaredFeed(charset: string, title: string, description: string): Buffer {
  const xml = `<rss version="2.0">\n<channel>\n<item>\n<title>${title}</title>\n<description><![CDATA[${description}]]></description>\n<link>http://news.example.org/item/1</link>\n</item>\n</channel>\n</rss>\n`;
  return iconv.encode(xml, charset);
}

const samples: Array<{ charset: string; title: string; description: string }> = [
  { charset: 'koi8-r', title: 'Москва готовится к зиме', description: 'Власти города сообщили, что коммунальные службы готовы к сильным снегопадам и морозам.' },
  { charset: 'windows-1251', title: 'Москва готовится к зиме', description: 'Власти города сообщили, что коммунальные службы готовы к сильным снегопадам и морозам.' },
  { charset: 'shift_jis', title: '東京都が新しい交通政策を発表', description: '知事は新しい政策が来月から実施されると述べた。' },
  { charset: 'big5', title: '台北市政府宣布新的交通政策', description: '市長表示，新政策將於下個月開始實施，以減少市區的交通擁堵。' },
  { charset: 'euc-kr', title: '서울시 새로운 교통 정책 발표', description: '시장은 새로운 정책이 다음 달부터 시행될 것이라고 말했습니다.' },
  { charset: 'windows-1255', title: 'תוכנית תחבורה חדשה', description: 'ראש העירייה הודיע היום על תוכנית חדשה לשיפור התחבורה הציבורית בעיר.' },
];

for (const s of samples) {
  test(`undeclared ${s.charset} is detected, with a warning naming the guess`, () => {
    const d = decodeBytes(undeclaredFeed(s.charset, s.title, s.description));
    assert.equal(d.charset, s.charset);
    assert.match(d.text, new RegExp(`<title>${s.title}</title>`));
    assert.ok(d.text.includes(s.description));
    assert.equal(d.declared, null);
    assert.deepEqual(d.warnings.map((w) => w.code), ['WIREDESK_WARN_CHARSET_GUESSED']);
    assert.ok(d.warnings[0]!.message.includes(s.charset), d.warnings[0]!.message);
  });
}

test('undeclared Latin-1 text stays Windows-1252 (the detector agrees, so nothing else is guessed)', () => {
  const d = decodeBytes(undeclaredFeed('windows-1252', 'Zürich: Größere Änderungen im Straßenverkehr', 'Die Stadtverwaltung kündigte an, dass die Maßnahmen ab März gelten – „vorläufig“.'));
  assert.equal(d.charset, 'windows-1252');
  assert.match(d.text, /Größere Änderungen/);
  assert.match(d.text, /„vorläufig“/);
  assert.match(d.warnings[0]!.message, /Windows-1252/);
});

test('too few bytes to judge: Windows-1252', () => {
  assert.equal(decodeBytes(Buffer.from([0x5a, 0xfc, 0x72])).charset, 'windows-1252');
});

test('a feed declared UTF-8 but written in KOI8-R is detected, as a mismatch', () => {
  const body = iconv.encode('<?xml version="1.0" encoding="utf-8"?>\n<rss><channel><item><title>Москва готовится к зиме</title><description>Власти города сообщили, что коммунальные службы готовы к сильным снегопадам.</description></item></channel></rss>', 'koi8-r');
  const d = decodeBytes(body);
  assert.equal(d.charset, 'koi8-r');
  assert.match(d.text, /Москва готовится к зиме/);
  assert.deepEqual(d.warnings.map((w) => w.code), ['WIREDESK_WARN_CHARSET_MISMATCH']);
});

test('a declared charset is never second-guessed', () => {
  const body = iconv.encode('<?xml version="1.0" encoding="windows-1251"?>\n<rss><channel><item><title>Москва готовится к зиме</title></item></channel></rss>', 'windows-1251');
  const d = decodeBytes(body);
  assert.equal(d.charset, 'windows-1251');
  assert.deepEqual(d.warnings, []);
});

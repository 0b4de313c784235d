import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { repairMojibake } from '../../src/text/mojibake.js';

// UTF-8 text a browser decoded with a legacy charset (src/text/mojibake.ts) is read back; text that
// is sound, in any charset's repertoire, is left alone.

/** What a browser shows for UTF-8 it decodes as windows-1252 (its undefined bytes as ISO-8859-1's C1 characters). */
function asWindows1252(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) out += b >= 0x80 && ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b) ? iconv.decode(Buffer.from([b]), 'windows-1252') : String.fromCharCode(b);
  return out;
}

test('UTF-8 read as windows-1252 is read back line by line, and a line that mixes damage with sound characters too', () => {
  const sound = ['Straßenbahn fährt wieder', 'Les élèves ont manifesté à Lyon', 'El niño — “Ñandú” €5', 'Überall Öl und Äpfel'];
  const damaged = sound.map(asWindows1252);
  assert.equal(damaged[0], 'StraÃŸenbahn fÃ¤hrt wieder');
  // A soft hyphen the page wrote as an entity stays sound beside the damage of its line.
  const mixed = `${asWindows1252('Die Rückkehr an den ')}Verhand\u00adlungs\u00adtisch`;
  const r = repairMojibake([...damaged, mixed, 'plain ASCII line'].join('\n'));
  assert.equal(r.text, [...sound, 'Die Rückkehr an den Verhand\u00adlungs\u00adtisch', 'plain ASCII line'].join('\n'));
  assert.equal(r.charset, 'windows-1252');
  assert.equal(r.lines, 5);
});

test('sound text in windows-1252 repertoire and sound CJK text stay as they are', () => {
  for (const text of [
    'für Müller, Straße\nSão Paulo — «CAFÉ» à côté\nNaïve façade, 50 °C, ½ Preis',
    '注目\n電機\n食品\n私見卓見',
    '首页\n党政\n人事',
    'Ελληνικά και кириллица\nمرحبا',
  ]) assert.deepEqual(repairMojibake(text), { text, lines: 0, charset: null });
});

test('UTF-8 read as GBK is read back when the document shows it (a quarter of its lines), not on two kanji by chance', () => {
  const lines = ['首页', '党政', '人事', '反腐', '理论', '新闻中心 国际新闻'];
  const damaged = lines.map((l) => iconv.decode(Buffer.from(l, 'utf8'), 'gbk'));
  assert.equal(damaged[0], '棣栭〉');
  const r = repairMojibake(damaged.join('\n'));
  assert.equal(r.charset, 'gbk');
  assert.equal(r.text.split('\n').filter((l, i) => l === lines[i]).length, r.lines);
  assert.ok(r.lines >= 4, `${r.lines} lines read back`);
  // One chance line among many sound Japanese ones: left alone.
  const japanese = ['注目', ...Array.from({ length: 10 }, (_, i) => `東京の天気は晴れ、最高気温は${i + 20}度の予想です`)].join('\n');
  assert.deepEqual(repairMojibake(japanese), { text: japanese, lines: 0, charset: null });
});

test('GBK losses: a character whose last byte the decoder dropped (before a digit, at the line\'s end) shows as U+FFFD, the rest reads back', () => {
  const lines = ['新华社北京4月24日电 航天合作论坛在北京开幕', '各国代表表示，合作前景广阔', '会议持续3天，共有20个国家参加', '新闻中心 国际新闻'];
  // As a browser decodes (WHATWG GBK): a lead byte without its trail becomes U+FFFD.
  const damaged = lines.map((l) => new TextDecoder('gbk').decode(Buffer.from(l, 'utf8')));
  assert.ok(damaged.some((l) => l.includes('\ufffd')), 'the example has losses');
  const r = repairMojibake(damaged.join('\n'));
  assert.equal(r.charset, 'gbk');
  const back = r.text.split('\n');
  back.forEach((l, i) => {
    assert.equal(l.length, lines[i]!.length, l);
    for (let k = 0; k < l.length; k++) if (l[k] !== '\ufffd') assert.equal(l[k], lines[i]![k], l);
  });
  assert.ok(back.join('').replace(/[^\ufffd]/g, '').length <= 6, r.text);
});

test('property: Latin-script text damaged as windows-1252 always comes back whole', () => {
  const letter = fc.constantFrom(...'aeinorstzäöüßéèêàçñøåæœÆØÅÄÖÜÉ€–—“”‘’…'.split(''), ' ');
  const line = fc.array(letter, { minLength: 1, maxLength: 40 }).map((cs) => `x${cs.join('')}`);
  fc.assert(fc.property(fc.array(line, { minLength: 3, maxLength: 8 }), (ls) => {
    const sound = ls.join('\n');
    const r = repairMojibake(ls.map(asWindows1252).join('\n'));
    assert.equal(r.text, sound);
  }), { numRuns: 300 });
});

test('hostile input: long lines of lead-byte characters are read in linear time', () => {
  const hostile = `${'Ã'.repeat(200_000)}\n${'Ã\u00a0'.repeat(100_000)}\n${'â€'.repeat(100_000)}\n${'鍏\ufffd'.repeat(100_000)}\n${'\ufffd'.repeat(100_000)}`;
  const t0 = process.hrtime.bigint();
  repairMojibake(hostile);
  // A hang guard far above the normal cost (a few ms), not a timing test.
  assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 5_000);
});

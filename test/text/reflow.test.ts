import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reflow, wrapWidth } from '../../src/text/reflow.js';

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

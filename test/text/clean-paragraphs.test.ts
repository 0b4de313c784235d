import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanParagraphs } from '../../src/text/clean.js';

/** cleanParagraphs as first written (chained array methods): the reference for the one-pass version. */
function reference(s: string, opts: { lineBreaks?: boolean } = {}): string {
  const fold = (line: string): string => line.replace(/[\s\u200b]{2,}|[^\S ]|\u200b/g, ' ').trim();
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n+/)
    .map((p) => (opts.lineBreaks ? p.split('\n').map(fold).filter((l) => l !== '').join('\n') : fold(p)))
    .filter((p) => p !== '')
    .join('\n\n');
}

test('cleanParagraphs: the same paragraphs and lines as the reference, with and without line breaks', () => {
  const chars = fc.constantFrom(' ', ' ', '\n', '\n', '\r', '\t', '\u00a0', '\u200b', '\u2028', 'a', 'b', 'é', 'e\u0301', '.', 'Z');
  const text = fc.array(chars, { maxLength: 60 }).map((a) => a.join(''));
  fc.assert(fc.property(text, fc.boolean(), (s, lineBreaks) => {
    assert.equal(cleanParagraphs(s, { lineBreaks }), reference(s, { lineBreaks }));
  }), { numRuns: 20_000 });
  assert.equal(cleanParagraphs('  One\n line \n\n\n Two\r\n\r\nThree  '), 'One line\n\nTwo\n\nThree');
  assert.equal(cleanParagraphs('By X\nHarare, July 19 -\n \nBody', { lineBreaks: true }), 'By X\nHarare, July 19 -\n\nBody');
});

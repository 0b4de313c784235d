import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyDiff, diffText, tokenize, type DiffPart } from '../../src/desk/text-diff.js';

// Issue 16, item 4: the word diff behind the desk's version comparison.

function parts(a: string, b: string, limits = {}): DiffPart[] {
  const r = diffText(a, b, limits);
  assert.equal(r.tooLarge, false);
  return r.tooLarge ? [] : r.parts;
}

/** Longest common subsequence of two token lists by dynamic programming (small inputs only). */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

test('tokenize: words, spaces and line breaks, losslessly', () => {
  assert.deepEqual(tokenize('Ferry crews  walk\n\nout.'), ['Ferry', ' ', 'crews', '  ', 'walk', '\n', '\n', 'out', '.']);
  assert.deepEqual(tokenize("Monday, “don't” Zürich…"), ['Monday', ',', ' ', '“', "don't", '”', ' ', 'Zürich', '…']);
  assert.deepEqual(tokenize(''), []);
  assert.equal(tokenize(' a \r\n b ').join(''), ' a \r\n b ');
});

test('diffText: a changed word shows as removed and added, the rest as shared', () => {
  assert.deepEqual(parts('Ferry crews strike on Monday', 'Ferry crews strike on Tuesday'), [
    { op: 'same', text: 'Ferry crews strike on ' }, { op: 'del', text: 'Monday' }, { op: 'ins', text: 'Tuesday' },
  ]);
  assert.deepEqual(parts('', 'new text'), [{ op: 'ins', text: 'new text' }]);
  assert.deepEqual(parts('old text', ''), [{ op: 'del', text: 'old text' }]);
  assert.deepEqual(parts('same', 'same'), [{ op: 'same', text: 'same' }]);
  // Shared spaces between changes join them: each side of the change reads as one phrase.
  assert.deepEqual(parts('the ferry crews walk', 'the bus drivers walk'), [{ op: 'same', text: 'the ' }, { op: 'del', text: 'ferry crews' }, { op: 'ins', text: 'bus drivers' }, { op: 'same', text: ' walk' }]);
  assert.deepEqual(parts('one\n\ntwo', 'one\n\nthree'), [{ op: 'same', text: 'one\n\n' }, { op: 'del', text: 'two' }, { op: 'ins', text: 'three' }]);
});

test('diffText: above the token cap or the work cap it says so instead of diffing', () => {
  const big = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
  const r = diffText(big, 'x', { maxTokens: 20 });
  assert.equal(r.tooLarge, true);
  const a = Array.from({ length: 2000 }, (_, i) => `a${i}`).join(' ');
  const b = Array.from({ length: 2000 }, (_, i) => `b${i}`).join(' ');
  assert.equal(diffText(a, b, { maxWork: 10_000 }).tooLarge, true);
});

test('diffText: 20,000 words against a wholly different 20,000 stays quick (the work cap)', () => {
  const a = Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(' ');
  const b = Array.from({ length: 10_000 }, (_, i) => `b${i}`).join(' ');
  const t0 = Date.now();
  const r = diffText(a, b);
  assert.ok(Date.now() - t0 < 3_000, `took ${Date.now() - t0} ms`);
  assert.ok(r.tooLarge || r.parts.length > 0);
});

test('fast-check: applying the diff to A gives B, removing the insertions gives A back, and the shared part is a longest one', () => {
  const word = fc.constantFrom('a', 'b', 'c', 'dd', 'ee', ' ', '  ', '\n');
  const text = fc.array(word, { maxLength: 40 }).map((w) => w.join(''));
  fc.assert(fc.property(text, text, (a, b) => {
    const r = diffText(a, b);
    if (r.tooLarge) return false;
    assert.equal(applyDiff(a, r.parts), b);
    assert.equal(r.parts.filter((p) => p.op !== 'ins').map((p) => p.text).join(''), a);
    const bare = diffText(a, b, { readable: false });
    if (bare.tooLarge) return false;
    assert.equal(applyDiff(a, bare.parts), b);
    const sharedCount = bare.parts.filter((p) => p.op === 'same').reduce((n, p) => n + tokenize(p.text).length, 0);
    assert.equal(sharedCount, lcs(tokenize(a), tokenize(b)));
    return true;
  }), { numRuns: 2000 });
});

test('fast-check: longer edited texts (insertions, deletions, replacements) round-trip', () => {
  const words = fc.array(fc.constantFrom('ferry', 'crews', 'strike', 'Monday', 'Kestrel', 'Bay', '.', ','), { minLength: 0, maxLength: 400 });
  fc.assert(fc.property(words, fc.array(fc.tuple(fc.nat(400), fc.nat(3), fc.constantFrom('x', 'y', 'ferry')), { maxLength: 30 }), (base, edits) => {
    const b: string[] = [...base];
    for (const [at, kind, w] of edits) {
      const i = at % (b.length + 1);
      if (kind === 0) b.splice(i, 0, w);
      else if (kind === 1) b.splice(i, 1);
      else b[i] = w;
    }
    const A = base.join(' ');
    const B = b.join(' ');
    const r = diffText(A, B);
    if (r.tooLarge) return false;
    assert.equal(applyDiff(A, r.parts), B);
    return true;
  }), { numRuns: 300 });
});

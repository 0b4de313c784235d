import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ingestItem } from '../src/pipeline/ingest.js';
import { registry } from '../src/formats/registry.js';
import { validateArticle } from '../src/pipeline/validate.js';
import { WiredeskError } from '../src/errors.js';
import { fixtureInputs } from './helpers/fixtures.js';

// Non-negotiable 4 as a property: whatever bytes arrive, ingestItem never throws, every problem is
// a coded WiredeskError with the bytes kept, and every article it does emit validates.
const seeds = registry.list().flatMap((f) => fixtureInputs(f.name).slice(0, 2)).map((p) => readFileSync(p));

function checkOutcome(bytes: Buffer): void {
  const result = ingestItem({ bytes, path: 'fuzz' });
  for (const a of result.articles) assert.ok(validateArticle(a), JSON.stringify(validateArticle.errors));
  for (const f of result.failures) {
    assert.ok(f.error instanceof WiredeskError);
    assert.match(f.error.code, /^WIREDESK_ERR_[A-Z0-9_]+$/);
    assert.ok(Buffer.isBuffer(f.raw));
  }
  assert.ok(result.articles.length + result.failures.length > 0, 'an input yields articles or failures, never nothing');
}

test('arbitrary bytes: never a throw, only valid articles or coded failures', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (arr) => checkOutcome(Buffer.from(arr))), { numRuns: 300 });
});

test('fixtures cut short, spliced or with bytes flipped: never a throw', () => {
  const mutated = fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.nat(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }))
    .map(([i, a, b, junk]) => {
      const seed = seeds[i]!;
      const cut = a % (seed.length + 1);
      const at = b % (cut + 1);
      return Buffer.concat([seed.subarray(0, at), Buffer.from(junk), seed.subarray(at, cut)]);
    });
  fc.assert(fc.property(mutated, checkOutcome), { numRuns: 300 });
});

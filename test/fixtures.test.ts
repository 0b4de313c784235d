import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { registry } from '../src/formats/registry.js';
import { validateArticle } from '../src/pipeline/validate.js';
import { expectedPath, fixtureInputs, ingestFixture } from './helpers/fixtures.js';

// The golden-file test (STYLE.md 7): every registered format has fixtures of our own in
// fixtures/<format>/, each with its expected canonical JSON beside it; the output must equal the
// expectation and validate against the schema. `npm run fixtures:update` rewrites expectations
// (review the diff before committing it).
for (const format of registry.list()) {
  const inputs = fixtureInputs(format.name);
  test(`format ${format.name} has fixtures`, () => {
    assert.ok(inputs.length > 0, `fixtures/${format.name}/ holds no fixture`);
  });
  for (const input of inputs) {
    test(`fixture ${input.slice(input.indexOf('fixtures/'))}`, () => {
      const result = ingestFixture(input);
      assert.deepEqual(result.failures.map((f) => f.error.describe()), [], 'a fixture must parse without failures');
      assert.equal(result.format, format.name, 'detected as the format of its folder');
      assert.ok(result.articles.length > 0);
      for (const a of result.articles) assert.ok(validateArticle(a), JSON.stringify(validateArticle.errors));
      assert.ok(existsSync(expectedPath(input)), `missing ${expectedPath(input)}: run npm run fixtures:update and review it`);
      const expected: unknown = JSON.parse(readFileSync(expectedPath(input), 'utf8'));
      assert.deepEqual(JSON.parse(JSON.stringify(result.articles)), expected);
    });
  }
}

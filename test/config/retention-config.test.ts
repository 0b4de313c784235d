import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, ConfigError, type FolderFeed } from '../../src/config/config.js';

test('config: deadLetters retention and a folder feed\'s doneRetentionDays, with safe defaults; bad values refused', () => {
  const plain = parseConfig('feeds:\n  - { id: drop, kind: folder, folder: /tmp/drop }\n', 't.yaml', {});
  assert.deepEqual(plain.deadLetters, { maxAgeDays: 30, maxCount: 100_000 });
  assert.equal((plain.feeds[0] as FolderFeed).doneRetentionDays, 7);
  const set = parseConfig('deadLetters: { maxAgeDays: 3.5, maxCount: 500 }\nfeeds:\n  - { id: drop, kind: folder, folder: /tmp/drop, doneRetentionDays: 1 }\n', 't.yaml', {});
  assert.deepEqual(set.deadLetters, { maxAgeDays: 3.5, maxCount: 500 });
  assert.equal((set.feeds[0] as FolderFeed).doneRetentionDays, 1);
  for (const bad of [
    'deadLetters: { maxAgeDays: 0 }\nfeeds: []\n',
    'deadLetters: { maxCount: 0 }\nfeeds: []\n',
    'deadLetters: { keep: forever }\nfeeds: []\n',
    'feeds:\n  - { id: w, kind: http, url: "https://x.example/f", doneRetentionDays: 3 }\n',
    'feeds:\n  - { id: drop, kind: folder, folder: /tmp/drop, doneRetentionDays: -1 }\n',
  ]) {
    assert.throws(() => parseConfig(bad, 't.yaml', {}), (e: unknown) => e instanceof ConfigError, bad);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedActions } from '../../src/desk/admin-pages.js';

// The admin feed page offers the actions FeedControl takes for each kind (src/sources/feed-status.ts).
test('desk feed page: poll now for every scheduled kind (http, cursor, ftp, sftp, imap), reset cursor only where there is one, nothing to poll for folders and webhooks', () => {
  assert.deepEqual(feedActions({ kind: 'http', paused: false }), ['pause', 'reset-cursor', 'poll-now']);
  assert.deepEqual(feedActions({ kind: 'cursor', paused: true }), ['resume', 'reset-cursor', 'poll-now']);
  assert.deepEqual(feedActions({ kind: 'ftp', paused: false }), ['pause', 'poll-now']);
  assert.deepEqual(feedActions({ kind: 'sftp', paused: true }), ['resume', 'poll-now']);
  assert.deepEqual(feedActions({ kind: 'imap', paused: false }), ['pause', 'poll-now']);
  assert.deepEqual(feedActions({ kind: 'folder', paused: false }), ['pause']);
  assert.deepEqual(feedActions({ kind: 'webhook', paused: false }), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, ConfigError, type PolledFeed, type WebhookFeed } from '../../src/config/config.js';

// issue 15 items 12 and 19: the feed settings of the fetch policy and the webhook checks.

test('polled feeds: allowHosts and allowPrivateNetwork default to none and off', () => {
  const c = parseConfig('feeds:\n  - { id: a, kind: cursor, url: "https://api.example.com/f" }\n  - { id: b, kind: http, url: "http://10.0.0.5/f", allowPrivateNetwork: true, allowHosts: [cdn.example.com, "cdn2.example.com:8443"] }\n', 'x.yaml', {});
  const [a, b] = c.feeds as PolledFeed[];
  assert.deepEqual([a!.allowHosts, a!.allowPrivateNetwork], [[], false]);
  assert.deepEqual([b!.allowHosts, b!.allowPrivateNetwork], [['cdn.example.com', 'cdn2.example.com:8443'], true]);
  assert.throws(() => parseConfig('feeds:\n  - { id: a, kind: http, url: "https://x.example/", allowHosts: ["http://evil/"] }\n', 'x.yaml', {}), ConfigError);
});

test('webhook feeds: timestamped scheme, 300 s window, 5 MB cap and utf-8 by default; legacy only when asked', () => {
  const c = parseConfig('feeds:\n  - { id: a, kind: webhook, secretEnv: S }\n  - { id: b, kind: webhook, secretEnv: S, signatureScheme: legacy-body, replayWindowSeconds: 60, maxBytes: 1000, charset: iso-8859-1 }\n', 'x.yaml', { S: 'a-long-secret-0123456789' });
  const [a, b] = c.feeds as WebhookFeed[];
  assert.deepEqual([a!.signatureScheme, a!.replayWindowSeconds, a!.maxBytes, a!.charset], ['timestamped', 300, 5 * 1024 * 1024, 'utf-8']);
  assert.deepEqual([b!.signatureScheme, b!.replayWindowSeconds, b!.maxBytes, b!.charset], ['legacy-body', 60, 1000, 'iso-8859-1']);
  assert.throws(() => parseConfig('feeds:\n  - { id: a, kind: webhook, secretEnv: S, signatureScheme: none }\n', 'x.yaml', { S: 'a-long-secret-0123456789' }), ConfigError);
});

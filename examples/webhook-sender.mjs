#!/usr/bin/env node
// Sends one file to a wiredesk webhook feed, signed the way the worker checks it:
//   x-wiredesk-timestamp: <unix seconds>
//   x-wiredesk-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body bytes>" under the feed's secret>
// Usage: WEBHOOK_SECRET=... node examples/webhook-sender.mjs http://127.0.0.1:8080/ingest/partner-push story.xml [content-type]
// Exit 0 on 202 (accepted: the item is in Redis), 1 otherwise, with the worker's answer on stderr.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const [url, file, contentType = 'application/xml'] = process.argv.slice(2);
const secret = process.env.WEBHOOK_SECRET;
if (!url || !file || !secret) {
  process.stderr.write('usage: WEBHOOK_SECRET=... node examples/webhook-sender.mjs URL FILE [CONTENT-TYPE]\n');
  process.exit(2);
}
const body = await readFile(file);
// Sign at send time: the worker refuses a timestamp more than 300 s (the feed's
// replayWindowSeconds) from its clock, and a signature it has already accepted. A retry signs again.
const timestamp = String(Math.floor(Date.now() / 1000));
const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
const res = await fetch(url, {
  method: 'POST',
  body,
  // No charset parameter unless it is the feed's `charset` (utf-8 by default): the header is not
  // signed, so the worker refuses (415) any other charset it names.
  headers: { 'content-type': contentType, 'x-wiredesk-timestamp': timestamp, 'x-wiredesk-signature': `sha256=${signature}` },
});
const answer = await res.text();
if (res.status !== 202) {
  process.stderr.write(`${res.status} ${answer}\n`);
  process.exit(1);
}
process.stdout.write(`${answer}\n`);

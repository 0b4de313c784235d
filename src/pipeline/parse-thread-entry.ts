import { parentPort } from 'node:worker_threads';
import { ingestItem } from './ingest.js';
import { toWireFailure, type ParseReply, type ParseRequest } from './parse-pool.js';

// The body of a parse thread (see parse-pool.ts): one raw item at a time through ingestItem, the
// articles and coded failures posted back. The pool terminates the thread when an item runs past
// its deadline.

const port = parentPort;
if (!port) throw new Error('parse-thread-entry runs as a worker thread');

port.on('message', (req: ParseRequest) => {
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  const result = ingestItem({
    bytes,
    path: req.path,
    contentType: req.contentType,
    feed: req.feed,
    baseUrl: req.baseUrl,
    ...(req.receivedAt ? { receivedAt: new Date(req.receivedAt) } : {}),
    ...(req.format ? { format: req.format } : {}),
  }, { strict: req.strict, ...(req.maxBytes ? { maxBytes: req.maxBytes } : {}) });
  const reply: ParseReply = { id: req.id, type: 'result', format: result.format, articles: result.articles, failures: result.failures.map(toWireFailure) };
  port.postMessage(reply);
});

port.postMessage({ type: 'ready' } satisfies ParseReply);

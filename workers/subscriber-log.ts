// A subscriber that logs every event it receives as one JSON line: a smoke test for a
// deployment's `publish.<name>` queue. Usage:
//   REDIS_URL=redis://... node .build/workers/subscriber-log.js <subscriber> [prefix]
import { subscribe } from '../src/subscriber.js';

const [name, prefix] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: node workers/subscriber-log.js <subscriber> [prefix]\n');
  process.exit(2);
}
const sub = await subscribe(name, (e, info) => {
  process.stdout.write(JSON.stringify({ key: info.key, event: e.event, headline: e.article.headline, previous: e.previous, publishedAt: e.publishedAt }) + '\n');
}, { ...(prefix ? { prefix } : {}) });
process.once('SIGTERM', () => void sub.close().then(() => process.exit(0)));
process.once('SIGINT', () => void sub.close().then(() => process.exit(0)));

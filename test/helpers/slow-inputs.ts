/**
 * A genuinely slow, valid input: an RSS 2.0 feed of `items` ordinary stories. Each story costs a
 * fraction of a millisecond to read, so a feed of many thousands takes seconds: more than a
 * deadline of a few milliseconds (or a second) on any machine, with no test hook in the reader.
 */
export function bigRssFeed(items: number): Buffer {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Many</title><link>https://example.com/</link>\n'];
  for (let i = 0; i < items; i++) {
    parts.push(`<item><title>Council story number ${i}</title><link>https://example.com/s/${i}</link><guid>https://example.com/s/${i}</guid>` +
      `<pubDate>Tue, 02 Jun 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;The council met on Tuesday about item ${i}.&lt;/p&gt;</description></item>\n`);
  }
  parts.push('</channel></rss>\n');
  return Buffer.from(parts.join(''));
}

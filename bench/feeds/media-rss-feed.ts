// The feed the `feeds` benchmark parses: RSS 2.0 with Dublin Core, content:encoded and Media RSS,
// generated so every parser reads the same bytes at every size.

export const PHOTOGRAPHERS = ['Lena Marsh', 'Kofi Mensah', 'Ana Ruiz', 'Tomasz Nowak', 'Priya Raman'];
const AGENCIES = ['Reuters', 'AFP', 'AP', 'dpa', 'EPA'];
const CITIES = ['BRUSSELS', 'NAIROBI', 'LIMA', 'WARSAW', 'CHENNAI'];

/** One feed of `n` items, each like a partner-wire item: guid, dates, author, categories, HTML body, a photo with caption and credit. */
export function makeFeed(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 5;
    const agency = AGENCIES[k]!;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const para = (j: number): string =>
      `<p>Paragraph ${j} of story ${i}: officials said on Tuesday that talks on the regional budget would resume next week, after a round that ended without agreement on funding for transport &amp; housing.</p>`;
    items.push(`    <item>
      <title>Story ${i}: talks on regional budget to resume next week</title>
      <link>https://news.example.org/world/2026/03/${day}/story-${i}</link>
      <guid isPermaLink="false">example-wire-${100000 + i}</guid>
      <pubDate>Tue, ${day} Mar 2026 ${String(i % 24).padStart(2, '0')}:15:00 +0000</pubDate>
      <dc:creator>Maria Keller and John Osei</dc:creator>
      <category>World</category>
      <category>Politics</category>
      <description>&lt;p&gt;Talks on the regional budget will resume next week, officials said.&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>${CITIES[k]}, March ${Number(day)} (${agency}) - Talks on the regional budget will resume next week, officials said on Tuesday.</p>${[1, 2, 3, 4].map(para).join('')}<p>(Reporting by Maria Keller and John Osei; Editing by Anna Berg)</p>]]></content:encoded>
      <media:content url="https://img.news.example.org/2026/03/${day}/photo-${i}.jpg" medium="image" type="image/jpeg" width="1200" height="800">
        <media:description type="plain">Delegates arrive for budget talks in ${CITIES[k]!.charAt(0)}${CITIES[k]!.slice(1).toLowerCase()}, March ${Number(day)}, 2026.</media:description>
        <media:credit role="photographer" scheme="urn:ebu">${PHOTOGRAPHERS[k]}/${agency}</media:credit>
      </media:content>
    </item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Example News - World</title>
    <link>https://news.example.org/world/</link>
    <description>World news from partner wires</description>
    <language>en-gb</language>
${items.join('\n')}
  </channel>
</rss>
`;
}

/**
 * Invented NewsML-G2 text items for the pipeline bench: realistic structure (rights, itemMeta,
 * contentMeta with subjects, byline, dateline, slugline, XHTML body with a credit trailer),
 * 5-10 KB each, every story different (own guid, place, people and sentence order), so nothing
 * is deduplicated by accident. Written from a few templates, they crowd the near-duplicate index
 * as templated wire copy does, and some pairs may come within its threshold and are marked
 * `relatedTo`, which the bench does not check.
 */

const CITIES = [
  ['LISBON', 'Portugal'], ['OSLO', 'Norway'], ['NAIROBI', 'Kenya'], ['LIMA', 'Peru'], ['HANOI', 'Vietnam'], ['ACCRA', 'Ghana'],
  ['QUITO', 'Ecuador'], ['TALLINN', 'Estonia'], ['AMMAN', 'Jordan'], ['WELLINGTON', 'New Zealand'], ['RIGA', 'Latvia'], ['DAKAR', 'Senegal'],
] as const;
const FIRST = ['Amara', 'Jonas', 'Lucia', 'Tomasz', 'Mei', 'Kwame', 'Ingrid', 'Rafael', 'Yuki', 'Selin', 'Omar', 'Hannah', 'Pedro', 'Anika'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Kowalski', 'Tanaka', 'Mensah', 'Haugen', 'Duarte', 'Sato', 'Yilmaz', 'Haddad', 'Berger', 'Ruiz', 'Varga'];
const TOPICS = [
  { slug: 'ECONOMY/RATES', subject: ['medtop:04000000', 'economy, business and finance'], noun: 'central bank', verb: 'held interest rates', object: 'benchmark rate' },
  { slug: 'ENERGY/GRID', subject: ['medtop:04000000', 'economy, business and finance'], noun: 'grid operator', verb: 'approved a new transmission line', object: 'power network' },
  { slug: 'HEALTH/VACCINES', subject: ['medtop:07000000', 'health'], noun: 'health ministry', verb: 'expanded a vaccination drive', object: 'immunisation programme' },
  { slug: 'POLITICS/ELECTION', subject: ['medtop:11000000', 'politics'], noun: 'electoral commission', verb: 'confirmed the date of a snap vote', object: 'ballot' },
  { slug: 'CLIMATE/FLOODS', subject: ['medtop:06000000', 'environment'], noun: 'weather service', verb: 'issued flood warnings', object: 'river basin' },
  { slug: 'SPORT/FOOTBALL', subject: ['medtop:15000000', 'sport'], noun: 'football federation', verb: 'named a new national coach', object: 'qualifying campaign' },
] as const;
const CLAUSES = [
  'officials said on {day}', 'according to figures released by the {noun}', 'in a statement seen by reporters',
  'after weeks of negotiations with regional partners', 'despite objections from opposition lawmakers', 'as analysts had broadly expected',
  'a move that surprised some market participants', 'citing pressure on household budgets', 'with a review scheduled for early next year',
  'in the {city} region and beyond', 'two people familiar with the matter said', 'following an emergency session late on {day}',
];
const SENTENCES = [
  'The {noun} {verb}, {c1}, {c2}.',
  '"We have to act with care, but we cannot wait for perfect information," {person} told a news conference in {cityName}.',
  'The decision affects the {object}, which has been under scrutiny since {month}, {c1}.',
  'Figures published on {day} showed a change of {pct} percent from a year earlier, {c2}.',
  '{person2}, an economist at a {cityName} research institute, said the outlook for the {object} remained uncertain.',
  'Critics argue that the {noun} moved too slowly, {c1}, while supporters say the {object} needed time to adjust.',
  'About {num} people are directly affected, {c2}, and local authorities have set up information points.',
  'The next review of the {object} is due in {month2}, {c1}.',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A small deterministic PRNG (mulberry32), so a bench run is repeatable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface BenchStory {
  guid: string;
  /** The `<newsItem>` element alone. */
  xml: string;
}

/** Story number `n` of a run (`run` keeps guids of different runs apart). */
export function makeStory(run: string, n: number, now: Date): BenchStory {
  const r = rng(n * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const [city, country] = pick(CITIES);
  const topic = pick(TOPICS);
  const person = `${pick(FIRST)} ${pick(LAST)}`;
  const person2 = `${pick(FIRST)} ${pick(LAST)}`;
  const reporter = `${pick(FIRST)} ${pick(LAST)}`;
  const editor = `${pick(FIRST)} ${pick(LAST)}`;
  const cityName = city.charAt(0) + city.slice(1).toLowerCase();
  const fill = (s: string): string =>
    s
      .replace('{c1}', pick(CLAUSES)).replace('{c2}', pick(CLAUSES))
      .replace(/\{noun\}/g, topic.noun).replace(/\{verb\}/g, topic.verb).replace(/\{object\}/g, topic.object)
      .replace(/\{person\}/g, person).replace(/\{person2\}/g, person2).replace(/\{cityName\}/g, cityName).replace(/\{city\}/g, cityName)
      .replace(/\{day\}/g, pick(DAYS)).replace('{month}', pick(MONTHS)).replace('{month2}', pick(MONTHS))
      .replace('{pct}', (r() * 9 + 0.1).toFixed(1)).replace('{num}', String(Math.floor(r() * 90_000) + 1_000));
  // 5-10 KB: between 14 and 34 paragraphs of two or three sentences each.
  const paragraphs: string[] = [];
  const target = 2_900 + Math.floor(r() * 4_200);
  let size = 0;
  paragraphs.push(`${city}, ${MONTHS[now.getUTCMonth()]} ${now.getUTCDate()} (Wirebench) - ${fill(SENTENCES[0]!)} Story reference ${n}.`);
  while (size < target) {
    const p = [fill(pick(SENTENCES)), fill(pick(SENTENCES)), ...(r() < 0.5 ? [fill(pick(SENTENCES))] : [])].join(' ');
    paragraphs.push(p);
    size += p.length + 12;
  }
  paragraphs.push(`(Reporting by ${reporter} in ${cityName}; Editing by ${editor})`);
  const words = paragraphs.join(' ').split(/\s+/).length;
  const guid = `urn:newsml:wirebench.example:${run}:${n}`;
  const iso = now.toISOString();
  const headline = `${cityName} ${topic.noun} ${topic.verb} (${n})`;
  const xml = `<newsItem guid="${guid}" version="1" standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
    <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_37.xml"/>
    <rightsInfo>
      <copyrightHolder literal="Wirebench News Agency"/>
      <copyrightNotice xml:lang="en">(c) Copyright Wirebench News Agency ${now.getUTCFullYear()}. All rights reserved.</copyrightNotice>
    </rightsInfo>
    <itemMeta>
      <itemClass qcode="ninat:text"/>
      <provider literal="wirebench.example"/>
      <versionCreated>${iso}</versionCreated>
      <firstCreated>${iso}</firstCreated>
      <pubStatus qcode="stat:usable"/>
      <signal qcode="edStat:N"/>
    </itemMeta>
    <contentMeta>
      <urgency>${1 + Math.floor(r() * 8)}</urgency>
      <located literal="${cityName}"><name>${cityName}</name><broader type="cptType:country"><name>${esc(country)}</name></broader></located>
      <infoSource literal="Wirebench" role="cRole:origProv"/>
      <creator literal="${esc(reporter)}" role="cRole:author"/>
      <language tag="en"/>
      <subject type="cpnat:abstract" qcode="${topic.subject[0]}"><name xml:lang="en">${topic.subject[1]}</name></subject>
      <keyword>${esc(topic.object)}</keyword>
      <keyword>${esc(cityName)}</keyword>
      <slugline separator="-">${esc(country.toUpperCase())}-${topic.slug}</slugline>
      <headline>${esc(headline)}</headline>
      <dateline>${cityName}, ${MONTHS[now.getUTCMonth()]} ${now.getUTCDate()}</dateline>
      <by>By ${esc(reporter)}</by>
      <creditline>Wirebench</creditline>
      <description role="drol:summary">${esc(fill(SENTENCES[0]!))}</description>
    </contentMeta>
    <contentSet>
      <inlineXML contenttype="application/xhtml+xml" wordcount="${words}">
        <html xmlns="http://www.w3.org/1999/xhtml"><head><title>${esc(headline)}</title></head><body>
${paragraphs.map((p) => `          <p>${esc(p)}</p>`).join('\n')}
        </body></html>
      </inlineXML>
    </contentSet>
  </newsItem>`;
  return { guid, xml };
}

/** One item as a document of its own (the raw parse-rate baseline). */
export function asDocument(story: BenchStory): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${story.xml.replace('<newsItem ', '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" ')}\n`;
}

/** A page of the bench feed: a newsMessage carrying several items, as G2 wire delivery does. */
export function asNewsMessage(stories: BenchStory[], page: number, now: Date): string {
  const [head, tail] = newsMessageEnvelope(page, now);
  return `${head}${stories.map((s) => s.xml).join('\n  ')}${tail}`;
}

/** What goes around a page's items (the items joined by `\n  `). */
function newsMessageEnvelope(page: number, now: Date): [string, string] {
  return [`<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header>
    <sent>${now.toISOString()}</sent>
    <sender>wirebench.example</sender>
    <transmitId>wirebench:page:${page}</transmitId>
  </header>
  <itemSet>
  `, `
  </itemSet>
</newsMessage>
`];
}

/**
 * A page's items rendered once, as bytes: a feed server holding a whole run keeps one buffer per
 * page outside the JavaScript heap, instead of tens of thousands of strings its garbage collector
 * would walk while the subscribers in the same process work.
 */
export function pageItems(stories: BenchStory[]): Buffer {
  return Buffer.from(stories.map((s) => s.xml).join('\n  '));
}

/** asNewsMessage of a page whose items pageItems rendered (the same bytes). */
export function newsMessagePage(items: Buffer, page: number, now: Date): Buffer {
  const [head, tail] = newsMessageEnvelope(page, now);
  return Buffer.concat([Buffer.from(head), items, Buffer.from(tail)]);
}

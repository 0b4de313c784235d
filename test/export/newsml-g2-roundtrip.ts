import { isDeepStrictEqual } from 'node:util';
import type { Article } from '../../src/model/article.generated.js';
import { ingestItem } from '../../src/pipeline/ingest.js';
import { isPersonName } from '../../src/formats/newsml-g2/people.js';
import { toNewsmlG2 } from '../../src/export/newsml-g2.js';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;
const POSITIVE_INTEGER = /^\+?0*[1-9]\d*$/;
const ws = (s: string | null | undefined): string | null => (s ? s.replace(/\s+/g, ' ').trim() || null : null);

/**
 * The fields of an article that NewsML-G2 carries (the table in src/export/newsml-g2.ts), as the
 * G2 reader gives them back: what a round trip must keep. Bylines are the person names (the reader
 * keeps no others); pictures of a picture item are the item itself.
 */
export function g2Projection(a: Article): Record<string, unknown> {
  const visual = a.type === 'picture' || a.type === 'graphic';
  return {
    // G2 requires a guid: an article without one is written under its id.
    guid: a.guid ?? a.id,
    // G2's @version is a positiveInteger with the default "1" (XSD): a version it does not carry reads back as 1, "02" as 2.
    version: a.version && POSITIVE_INTEGER.test(a.version.trim()) ? String(Number(a.version.trim())) : '1',
    type: a.type,
    versionCreated: a.versionCreated && DATE_TIME.test(a.versionCreated) ? a.versionCreated : null,
    firstCreated: a.firstCreated && DATE_TIME.test(a.firstCreated) ? a.firstCreated : null,
    embargoedUntil: a.embargoedUntil && DATE_TIME.test(a.embargoedUntil) ? a.embargoedUntil : null,
    pubStatus: a.pubStatus,
    signals: [...a.signals].sort(),
    replaces: a.replaces,
    editorNote: ws(a.editorNote),
    language: a.language,
    headline: ws(a.headline),
    subheadline: ws(a.subheadline),
    slugline: ws(a.slugline),
    summary: visual ? null : ws(a.summary),
    bodyText: ws(a.body.text),
    dateline: ws(a.dateline?.raw),
    bylines: a.bylines.filter((b) => isPersonName(b.name)).map((b) => `${b.role}:${b.name}`).sort(),
    creditLine: visual ? null : ws(a.creditLine),
    copyrightHolder: ws(a.copyrightHolder),
    copyrightNotice: ws(a.copyrightNotice),
    usageTerms: ws(a.usageTerms),
    keywords: a.keywords.map(ws),
    // A code travels as a QCode (scheme:code), so only with a scheme that is a QCode's.
    subjects: a.subjects.map((s) => (s.scheme && s.code && !s.scheme.includes(':') && !/\s/.test(s.code) ? `${s.scheme}|${s.code}|${ws(s.name) ?? ''}` : `||${ws(s.name) ?? ''}`)),
    pictures: a.pictures.map((p) => ({
      // A picture item's picture is the item: its guid is the item's.
      guid: visual ? null : p.guid,
      caption: ws(p.caption),
      altText: visual ? null : ws(p.altText),
      credit: ws(p.credit.raw),
      photographer: p.credit.photographer,
      renditions: p.renditions.map((r) => `${r.href} ${r.width ?? ''}x${r.height ?? ''} ${r.mimeType ?? ''}`),
    })),
  };
}

/**
 * The differences between an article and its round trip, in the fields G2 carries. A date G2
 * requires (versionCreated) that the original lacks is filled on the way out and not compared;
 * signals the reader infers again from the text (a provider profile's rules) may be added.
 */
export function g2Differences(original: Article, back: Article): string[] {
  const x = g2Projection(original);
  const y = g2Projection(back);
  if (!original.versionCreated || !DATE_TIME.test(original.versionCreated)) {
    delete x.versionCreated;
    delete y.versionCreated;
  }
  const out: string[] = [];
  const xs = x.signals as string[];
  const ys = y.signals as string[];
  if (xs.some((s) => !ys.includes(s))) out.push(`signals: ${JSON.stringify(xs)} came back as ${JSON.stringify(ys)}`);
  delete x.signals;
  delete y.signals;
  for (const k of Object.keys(x)) {
    if (!isDeepStrictEqual(x[k], y[k])) out.push(`${k}: ${JSON.stringify(x[k])} came back as ${JSON.stringify(y[k])}`);
  }
  return out;
}

/** The article exported as NewsML-G2 and read again through the whole pipeline. */
export function roundTrip(a: Article): { articles: Article[]; failures: string[]; xml: string } {
  const xml = toNewsmlG2(a);
  const result = ingestItem({ bytes: Buffer.from(xml, 'utf8'), path: 'roundtrip.xml', receivedAt: new Date('2026-01-01T00:00:00Z') }, { strict: true });
  return { articles: result.articles, failures: result.failures.map((f) => f.error.describe()), xml };
}

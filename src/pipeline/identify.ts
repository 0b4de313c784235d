import { createHash } from 'node:crypto';
import type { Article } from '../model/article.generated.js';
import type { ExtractedArticle } from './extract.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}.]+/gu, '-').replace(/^-+|-+$/g, '') || 'unknown';
}

/**
 * The stable story id: `<provider>:<guid>` where the format carries a guid (the same across the
 * story's versions); otherwise a key derived from what stays the same across versions of a text
 * wire (source, slugline or headline, and the day it was first created).
 */
export function storyId(a: Pick<ExtractedArticle, 'guid' | 'provider' | 'source' | 'slugline' | 'headline' | 'firstCreated' | 'versionCreated'>, format: string): string {
  const owner = slug(a.provider ?? a.source ?? format);
  if (a.guid) return `${owner}:${a.guid}`;
  const key = [a.source ?? '', a.slugline ?? a.headline ?? '', (a.firstCreated ?? a.versionCreated ?? '').slice(0, 10)].join('\n');
  return `${owner}:sha256-${sha256Hex(key).slice(0, 24)}`;
}

/**
 * Hash of the normalized story: the parts a reader sees and a publisher acts on, so an identical
 * re-delivery (even from another feed, re-encoded, or received at another time) hashes the same,
 * and any change in text, credits, pictures or status gives a new hash.
 */
export function contentHash(a: ExtractedArticle): string {
  const canonical = JSON.stringify([
    a.headline, a.subheadline, a.summary, a.body.text, a.pubStatus, [...a.signals].sort(), a.embargoedUntil,
    a.dateline?.raw ?? null,
    a.bylines.map((b) => [b.name, b.role]),
    a.pictures.map((p) => [p.caption, p.credit.raw, p.renditions.map((r) => r.href)]),
    a.creditLine, a.copyrightNotice,
  ]);
  return `sha256:${sha256Hex(canonical)}`;
}

export function identify(a: ExtractedArticle, format: string): Pick<Article, 'id' | 'contentHash'> {
  return { id: storyId(a, format), contentHash: contentHash(a) };
}

import { createHash } from 'node:crypto';
import type { Article } from '../model/article.generated.js';
import type { ExtractedArticle } from './extract.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}.]+/gu, '-').replace(/^-+|-+$/g, '') || 'unknown';
}

type IdFields = Pick<ExtractedArticle, 'guid' | 'provider' | 'source' | 'slugline' | 'headline' | 'firstCreated' | 'versionCreated'> &
  Partial<Pick<ExtractedArticle, 'body' | 'pictures'>>;

/**
 * The stable story id: `<provider>:<story key>` where the format names the story apart from its
 * version (`storyKey`), else `<provider>:<guid>` where the format carries a guid (the same across the
 * story's versions); otherwise a key derived from what stays the same across versions of a text
 * wire (source, slugline or headline, and the day it was first created). An item with neither a
 * guid, a slugline nor a headline (an RSS 0.92 item, a picture without a title) is keyed by its
 * content: its body text and pictures, else `fallback` (the raw bytes' hash and the item's index),
 * so that two different stories never share an id. A `take` of a story sent in parts (an ANPA add)
 * is another text than the story's first take: its id is the story's with the take appended.
 */
export function storyId(a: IdFields, format: string, fallback = '', storyKey: string | null = null, take: string | null = null): string {
  const id = storyIdOf(a, format, fallback, storyKey);
  return take ? `${id}~${slug(take)}` : id;
}

function storyIdOf(a: IdFields, format: string, fallback: string, storyKey: string | null): string {
  const owner = slug(a.provider ?? a.source ?? format);
  if (storyKey) return `${owner}:${storyKey}`;
  if (a.guid) return `${owner}:${a.guid}`;
  const name = a.slugline ?? a.headline ?? '';
  const parts = [a.source ?? '', name, (a.firstCreated ?? a.versionCreated ?? '').slice(0, 10)];
  if (!name.trim()) {
    const pictures = (a.pictures ?? []).map((p) => [p.caption ?? '', ...p.renditions.map((r) => r.href)].join(' ')).join('\n');
    const content = `${a.body?.text ?? ''}\n${pictures}`;
    parts.push(content.trim() ? content : fallback);
  }
  return `${owner}:sha256-${sha256Hex(parts.join('\n')).slice(0, 24)}`;
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

export function identify(a: ExtractedArticle, format: string, fallback = '', storyKey: string | null = null, take: string | null = null): Pick<Article, 'id' | 'contentHash'> {
  return { id: storyId(a, format, fallback, storyKey, take), contentHash: contentHash(a) };
}

/**
 * Ids within one document: an id derived from a headline or from content (no guid, no slugline)
 * that two items with different content share names two stories, not two versions of one (a
 * feed repeating a title such as "Update"); the later ones get their content hash appended. Ids
 * from a guid or a slugline are the provider's own story identity and are kept as they are:
 * several versions of one story may travel in one document.
 */
export class DocumentIds {
  readonly #seen = new Map<string, string>();

  claim(id: string, contentHash: string, a: Pick<ExtractedArticle, 'guid' | 'slugline'>): string {
    if (a.guid || a.slugline) return id;
    const prior = this.#seen.get(id);
    if (prior === undefined) {
      this.#seen.set(id, contentHash);
      return id;
    }
    if (prior === contentHash) return id;
    const distinct = `${id}~${contentHash.replace(/^sha256:/, '').slice(0, 12)}`;
    this.#seen.set(distinct, contentHash);
    return distinct;
  }
}

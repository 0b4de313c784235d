import type { Article } from '../model/article.generated.js';

/**
 * What the story store compares to order two versions of one story. Providers disagree on what a
 * version number means (Reuters' are not monotonic across corrections), so the order is: the
 * version's creation instant when both have one, else the numeric version when both are numbers,
 * else arrival (the later arrival wins).
 */
export interface VersionOrderKey {
  /** `versionCreated` in epoch milliseconds, or null. */
  createdMs: number | null;
  /** The version as a number when it is one, or null. */
  number: number | null;
}

export function versionOrderKey(a: Pick<Article, 'versionCreated' | 'version'>): VersionOrderKey {
  const ms = a.versionCreated ? Date.parse(a.versionCreated) : NaN;
  const n = a.version !== null && /^\d+(\.\d+)?$/.test(a.version.trim()) ? Number(a.version) : NaN;
  return { createdMs: Number.isFinite(ms) ? ms : null, number: Number.isFinite(n) ? n : null };
}

/**
 * 1 when `incoming` is newer than `latest`, -1 when older. Never 0: equal keys fall back to
 * arrival order, where the incoming version arrived last. The story store's Lua script
 * (story-store.ts) applies exactly this rule inside Redis; this function is its tested twin.
 */
export function compareVersionOrder(incoming: VersionOrderKey, latest: VersionOrderKey): 1 | -1 {
  if (incoming.createdMs !== null && latest.createdMs !== null && incoming.createdMs !== latest.createdMs) {
    return incoming.createdMs > latest.createdMs ? 1 : -1;
  }
  if (incoming.number !== null && latest.number !== null && incoming.number !== latest.number) {
    return incoming.number > latest.number ? 1 : -1;
  }
  return 1;
}

/** A kill: the provider cancelled the story (pubStatus canceled, or a kill signal). */
export function isKill(a: Pick<Article, 'pubStatus' | 'signals'>): boolean {
  return a.pubStatus === 'canceled' || a.signals.includes('kill');
}

export function isCorrection(a: Pick<Article, 'signals'>): boolean {
  return a.signals.includes('correction');
}

/**
 * The version part of the story's job ids and history entries: the provider's version, or a
 * short content hash when the format has none (ANPA, RSS).
 */
export function versionKeyOf(a: Pick<Article, 'version' | 'contentHash'>): string {
  return a.version ?? `h${a.contentHash.slice(7, 19)}`;
}

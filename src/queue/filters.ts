import type { Article } from '../model/article.generated.js';

/** A feed's or a subscriber's filter: every list given must match (lists are OR inside, AND between). */
export interface ArticleFilter {
  /** Subject codes or names (`medtop:04000000`, `04000000` or `economy`), case-insensitive. */
  subjects?: string[];
  /** Words or phrases looked for in the keywords, headline, slugline and body text. */
  keywords?: string[];
  /** BCP 47 tags; `en` matches `en-GB`. */
  languages?: string[];
}

function subjectMatches(article: Article, wanted: string[]): boolean {
  const have = new Set<string>();
  for (const s of article.subjects) {
    if (s.code) {
      have.add(s.code.toLowerCase());
      if (s.scheme) have.add(`${s.scheme}:${s.code}`.toLowerCase());
    }
    if (s.name) have.add(s.name.toLowerCase());
  }
  return wanted.some((w) => have.has(w.toLowerCase()));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word patterns by keyword, compiled once (a feed's filter runs on every story). */
const wordPatterns = new Map<string, RegExp>();
function wordPattern(w: string): RegExp {
  let re = wordPatterns.get(w);
  if (!re) {
    if (wordPatterns.size > 10_000) wordPatterns.clear();
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`, 'iu');
    wordPatterns.set(w, re);
  }
  return re;
}

function keywordMatches(article: Article, wanted: string[]): boolean {
  const keywords = new Set(article.keywords.map((k) => k.toLowerCase()));
  if (wanted.some((w) => keywords.has(w.toLowerCase()))) return true;
  const text = [article.headline, article.slugline, article.summary, article.body.text].filter(Boolean).join('\n');
  // Whole words only, so "oil" does not match "turmoil".
  return wanted.some((w) => wordPattern(w).test(text));
}

function languageMatches(article: Article, wanted: string[]): boolean {
  const lang = article.language?.toLowerCase();
  if (!lang) return false;
  return wanted.some((w) => {
    const l = w.toLowerCase();
    return lang === l || lang.startsWith(`${l}-`);
  });
}

/** Whether an article passes a filter; an absent or empty filter passes everything. */
export function matchesFilter(article: Article, filter: ArticleFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.subjects?.length && !subjectMatches(article, filter.subjects)) return false;
  if (filter.keywords?.length && !keywordMatches(article, filter.keywords)) return false;
  if (filter.languages?.length && !languageMatches(article, filter.languages)) return false;
  return true;
}

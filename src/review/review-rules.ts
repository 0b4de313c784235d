import type { Article, Evidence } from '../model/article.generated.js';
import { isCorrection, isKill } from '../store/version-order.js';

/**
 * Why a story is held for review: named rules from the config (`review.rules`), each a built-in
 * condition over the canonical article, beside the per-feed `routing: review`. A story from a
 * feed routed `publish` that matches a rule goes to review instead; the reasons are stored with
 * its review entry and shown on the desk. Kills are never held (processors.ts delivers them to
 * whoever had the story whatever the rules say).
 */

/** The built-in conditions a rule's `when` may name (docs/worker.md describes each). */
export const REVIEW_CONDITIONS = [
  'missing-photo-credit',
  'low-confidence-credit',
  'parser-warnings',
  'correction-or-kill',
  'embargoed',
  'near-duplicate',
  'source-inferred',
] as const;

export type ReviewCondition = (typeof REVIEW_CONDITIONS)[number];

/** One configured rule: its id (the filter value; default the condition), the name editors see. */
export interface ReviewRule {
  id: string;
  name: string;
  when: ReviewCondition;
  /** Only stories from these feeds; every feed when absent. */
  feeds?: string[];
}

/** One reason stored with a review entry. */
export interface ReviewReason {
  /** The rule's id (`feed-routing` for the feed's own `routing: review`). */
  rule: string;
  /** The name shown to editors. */
  name: string;
  /** What in the story matched, in a line. */
  detail?: string;
  /** For a near-duplicate: the id of the other story. */
  related?: string;
}

/** The reason a story from a feed routed `review` carries. */
export const FEED_ROUTING_REASON: ReviewReason = { rule: 'feed-routing', name: 'Feed routed to review' };

/** The warning extract() adds when `source` was inferred from the text, not stated in metadata. */
export const SOURCE_INFERRED_WARNING = 'WIREDESK_WARN_SOURCE_INFERRED';

/**
 * Evidence rules over page structure that guess a byline from where a name is printed, with no
 * byline markup: a line opening with "By"/"von" (page-lead-line), a name before a date row
 * (page-name-date-line), a paragraph printed wholly in bold (page-bold-name).
 */
const GUESSED_ELEMENT_RULES = ['page-lead-line', 'page-name-date-line', 'page-bold-name'];

/**
 * Whether a value was read by a low-confidence rule: `from: text` is a rule over free text (a
 * byline or trailer line in the body, a credit at the end of a caption, a credit in an image's
 * text, a text dump's lines), and the page rules in GUESSED_ELEMENT_RULES guess from layout. A
 * dedicated field of the format (`element`) or page metadata (`meta`, also an editor's edit) is stated.
 */
export function isLowConfidence(evidence: Evidence | null | undefined): boolean {
  if (!evidence) return false;
  if (evidence.from === 'text') return true;
  return evidence.from === 'element' && GUESSED_ELEMENT_RULES.some((r) => evidence.rule === r || evidence.rule.startsWith(`${r} `));
}

/** A picture without any credit: no credit line, no photographer, no agency. */
function uncredited(p: Article['pictures'][number]): boolean {
  return !p.credit.raw?.trim() && !p.credit.photographer?.trim() && p.credit.agencies.length === 0;
}

/** What a rule needs besides the article: the time (for embargoes) and the story's near-duplicates. */
export interface RuleContext {
  now: Date;
  /** Ids of other recent stories whose text is nearly the same (NearDuplicateIndex). */
  related?: string[];
}

const MAX_DETAIL = 200;
const clip = (s: string): string => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);

/** Whether the condition holds for the article, and what matched; null when it does not. */
export function matchCondition(when: ReviewCondition, a: Article, ctx: RuleContext): Omit<ReviewReason, 'rule' | 'name'> | null {
  switch (when) {
    case 'missing-photo-credit': {
      const missing = a.pictures.map((p, i) => (uncredited(p) ? i + 1 : 0)).filter((n) => n > 0);
      if (!missing.length) return null;
      return { detail: a.pictures.length === 1 ? 'the picture has no credit' : `picture${missing.length === 1 ? '' : 's'} ${missing.slice(0, 10).join(', ')} of ${a.pictures.length} without credit` };
    }
    case 'low-confidence-credit': {
      const weak: string[] = [];
      for (const b of a.bylines) if (isLowConfidence(b.evidence)) weak.push(`byline ${b.name} (${b.evidence.from}, ${b.evidence.rule})`);
      a.pictures.forEach((p, i) => {
        if (isLowConfidence(p.credit.evidence)) weak.push(`credit of picture ${i + 1} (${p.credit.evidence!.from}, ${p.credit.evidence!.rule})`);
      });
      return weak.length ? { detail: clip(weak.slice(0, 5).join('; ') + (weak.length > 5 ? `; ${weak.length - 5} more` : '')) } : null;
    }
    case 'parser-warnings': {
      const codes = a.provenance.warnings.map((w) => w.code).filter((c) => c !== SOURCE_INFERRED_WARNING);
      if (!codes.length) return null;
      const distinct = [...new Set(codes)];
      return { detail: clip(`${codes.length} warning${codes.length === 1 ? '' : 's'}: ${distinct.slice(0, 5).join(', ')}${distinct.length > 5 ? ', …' : ''}`) };
    }
    case 'correction-or-kill':
      if (isKill(a)) return { detail: 'the provider killed the story' };
      return isCorrection(a) ? { detail: 'a correction' } : null;
    case 'embargoed': {
      const at = a.embargoedUntil ? Date.parse(a.embargoedUntil) : NaN;
      return Number.isFinite(at) && at > ctx.now.getTime() ? { detail: `embargoed until ${a.embargoedUntil}` } : null;
    }
    case 'near-duplicate': {
      const others = (ctx.related ?? []).filter((id) => id !== a.id);
      if (!others.length) return null;
      return { related: others[0]!, detail: others.length === 1 ? `nearly the same text as ${others[0]}` : `nearly the same text as ${others[0]} and ${others.length - 1} more` };
    }
    case 'source-inferred': {
      const w = a.provenance.warnings.find((x) => x.code === SOURCE_INFERRED_WARNING);
      return w ? { detail: clip(w.message) } : null;
    }
  }
}

/** The rules that match an article from `feed`, as reasons, in the configured order. */
export function matchRules(a: Article, feed: string, rules: readonly ReviewRule[], ctx: RuleContext): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const rule of rules) {
    if (rule.feeds && !rule.feeds.includes(feed)) continue;
    const m = matchCondition(rule.when, a, ctx);
    if (m) out.push({ rule: rule.id, name: rule.name, ...m });
  }
  return out;
}

/** Whether any rule that applies to `feed` needs the near-duplicate lookup before routing. */
export function needsNearDuplicates(feed: string, rules: readonly ReviewRule[] | undefined): boolean {
  return !!rules?.some((r) => r.when === 'near-duplicate' && (!r.feeds || r.feeds.includes(feed)));
}

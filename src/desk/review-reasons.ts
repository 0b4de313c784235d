import type { ReviewEntry, ReviewSummary } from '../review/review-service.js';
import { FEED_ROUTING_REASON, type ReviewReason } from '../review/review-rules.js';
import { html, type SafeHtml } from './html.js';

/**
 * The desk's view of why a story is held: the reasons stored with its review entry (the feed's
 * routing, configured review rules; src/review/review-rules.ts), the queue's Reason filter and
 * column, and the story's near-duplicates. Entries stored before reasons were kept fall back to
 * what the entry itself shows.
 */

/** How many related stories the story page lists (the article's relatedTo is bounded by the index too). */
const MAX_RELATED = 50;

/** The Reason filter's choices: the configured rules, the feed's routing, and any rule id stored on an entry (the review store's reason facet). */
export function reasonChoices(configured: ReadonlyArray<{ id: string; name: string }>, storedRules: readonly string[]): Array<{ value: string; label: string }> {
  const byId = new Map<string, string>([[FEED_ROUTING_REASON.rule, FEED_ROUTING_REASON.name]]);
  for (const r of configured) byId.set(r.id, r.name);
  for (const rule of storedRules) if (!byId.has(rule)) byId.set(rule, rule);
  return [...byId].map(([value, label]) => ({ value, label: label === value ? value : `${label} (${value})` }));
}

/** The queue's Reasons cell: the names, one per line. */
export function reasonsCell(s: ReviewSummary): SafeHtml {
  return html`<td>${(s.reasons ?? []).map((r, i) => html`${i ? html`<br>` : ''}${r.name}`)}</td>`;
}

function reasonItem(r: ReviewReason, base: string): SafeHtml {
  return html`<li data-rule="${r.rule}"><strong>${r.name}</strong>${r.detail ? html`: ${r.detail}` : ''}${r.related ? html` (<a href="${base}/story/${encodeURIComponent(r.related)}">see the other story, <code>${r.related}</code></a>)` : ''}</li>`;
}

/** The story page's "Why it is here": the stored reasons, else what the entry shows (older entries). */
export function whyItIsHere(entry: ReviewEntry, base: string): SafeHtml {
  const a = entry.article;
  const items = entry.reasons?.length
    ? entry.reasons.map((r) => reasonItem(r, base))
    : [
      html`<li>Feed <strong>${entry.feed ?? 'unknown'}</strong> is routed to review (no reasons were stored with this entry).</li>`,
      a.embargoedUntil ? html`<li>Embargoed until <time datetime="${a.embargoedUntil}">${a.embargoedUntil}</time>.</li>` : '',
      a.provenance.warnings.length ? html`<li>${a.provenance.warnings.length} parser warning${a.provenance.warnings.length === 1 ? '' : 's'} (below).</li>` : '',
      a.pictures.some((p) => !p.credit.raw) ? html`<li>A picture has no credit.</li>` : '',
    ];
  return html`<section aria-labelledby="why"><h2 id="why">Why it is here</h2><ul id="reasons">${items}
${entry.previous ? html`<li>A new version of <code>${entry.previous}</code>.</li>` : ''}
</ul></section>`;
}

/** The story page's "Related near-duplicates": other recent stories with nearly the same text. */
export function relatedNearDuplicates(entry: ReviewEntry, base: string): SafeHtml {
  const ids = [...new Set([...(entry.reasons ?? []).map((r) => r.related), ...entry.article.relatedTo])].filter((id): id is string => !!id && id !== entry.id);
  if (!ids.length) return html``;
  return html`<section aria-labelledby="related"><h2 id="related">Related near-duplicates</h2><ul id="related-list">${ids.slice(0, MAX_RELATED).map((id) => html`<li><a href="${base}/story/${encodeURIComponent(id)}"><code>${id}</code></a></li>`)}</ul>
${ids.length > MAX_RELATED ? html`<p>And ${String(ids.length - MAX_RELATED)} more.</p>` : ''}</section>`;
}

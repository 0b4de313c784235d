import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseDocument, DomUtils } from 'htmlparser2';
import { Element, Text, type AnyNode, type ParentNode } from 'domhandler';
import type { Article, Picture } from '../model/article.generated.js';
import type { ReviewEntry, ReviewVersionMeta } from '../review/review-service.js';
import type { HistoryEntry } from '../store/story-store.js';
import { librarySanitize } from '../text/html-body.js';
import { diffText, DEFAULT_MAX_TOKENS, type DiffPart } from './text-diff.js';
import { html, trustedHtml, type SafeHtml } from './html.js';
import type { DeskContext, DeskRequest } from './context.js';
import type { DeskSession } from './sessions.js';

/**
 * The story page's versions, diff, raw download, notes and evidence marks (issue 16, items 4 and
 * 5): every version kept while the story is under review (as it arrived, and each editor's edit)
 * with a word diff of headline and body between any two; the raw document a version came in,
 * as a download; the note an editor left with a hold or reject; and, in the body and captions,
 * the text each byline and credit was read from, marked with the rule that read it.
 */

/** What the story page shows of this module (src/desk/desk-routes.ts places the pieces). */
export interface StoryExtras {
  /** A notice when the page was asked for `id@version` and another version is under review. */
  notice: SafeHtml;
  /** The note left with the latest hold or reject. */
  note: SafeHtml;
  /** The versions section with the compare form. */
  versions: SafeHtml;
  /** Provenance rows: the raw document's size and download link. */
  raw: SafeHtml;
}

const versionPath = (ctx: DeskContext, id: string, key: string, what: 'raw'): string => `${ctx.base}/story/${encodeURIComponent(id)}/versions/${encodeURIComponent(key)}/${what}`;

/** The version an `id@version` parameter names, when it resolves to this entry by its last '@'. */
export function askedVersion(param: string, entry: ReviewEntry): string | null {
  if (param === entry.id) return null;
  return param.startsWith(`${entry.id}@`) ? param.slice(entry.id.length + 1) : null;
}

const bytes = (n: number): string => `${n.toLocaleString('en')} byte${n === 1 ? '' : 's'}`;

export async function storyExtras(ctx: DeskContext, entry: ReviewEntry, param: string, history: HistoryEntry[]): Promise<StoryExtras> {
  const asked = askedVersion(param, entry);
  const kept = await ctx.service.versions(entry.id);
  const shas = [...new Set([entry.article.provenance.rawSha256, ...kept.map((v) => v.rawSha256)])];
  const raws = new Map(await Promise.all(shas.map(async (sha) => [sha, await ctx.service.raw(sha)] as const)));
  const raw = raws.get(entry.article.provenance.rawSha256);
  const notice = asked && asked !== entry.versionKey
    ? html`<p class="notice" role="alert" id="version-notice">You asked for version <code>${asked}</code>, but the version under review is <code>${entry.versionKey}</code>. This page shows <code>${entry.versionKey}</code>; actions here apply to it only.${kept.some((v) => v.key === asked) ? html` <a href="${ctx.base}/story/${encodeURIComponent(entry.id)}/diff?from=${encodeURIComponent(asked)}&amp;to=${encodeURIComponent(entry.versionKey)}">Compare ${asked} with ${entry.versionKey}</a>.` : ''}</p>`
    : html``;
  const note = entry.note
    ? html`<section aria-labelledby="note-h"><h2 id="note-h">Note</h2><p class="desk-note"><strong>${entry.note.action === 'rejected' ? 'Rejected' : entry.note.action === 'held' ? 'Held' : entry.note.action}</strong> by ${entry.note.by ?? 'unknown'} at <time datetime="${entry.note.at}">${entry.note.at}</time>:</p><blockquote id="story-note">${entry.note.text}</blockquote></section>`
    : html``;
  const rawRow = html`<dt>Raw document</dt><dd id="raw-document">${raw
    ? html`${bytes(raw.size)}${raw.kept
      ? html` · <a href="${versionPath(ctx, entry.id, entry.versionKey, 'raw')}" download>Download the raw item</a> <span class="evidence">(the whole file it came in: a file with several items holds other stories too)</span>`
      : html` · not kept (larger than the desk keeps)`}`
    : 'not kept'}</dd>`;
  const rawKept = (sha: string): boolean => raws.get(sha)?.kept === true;
  return { notice, note, versions: versionsSection(ctx, entry, kept, history, rawKept), raw: rawRow };
}

function versionsSection(ctx: DeskContext, entry: ReviewEntry, kept: ReviewVersionMeta[], history: HistoryEntry[], rawKept: (sha: string) => boolean): SafeHtml {
  const outcomeOf = new Map(history.map((h) => [h.versionKey, h] as const));
  const keptKeys = new Set(kept.map((v) => v.key));
  // Versions the store saw that the desk did not keep (published straight through, stale, expired).
  const others = history.filter((h) => !keptKeys.has(h.versionKey));
  const id = encodeURIComponent(entry.id);
  const last = kept[kept.length - 1]?.key;
  const before = kept[kept.length - 2]?.key;
  const options = (selected: string | undefined): SafeHtml[] => kept.map((v) => html`<option value="${v.key}"${v.key === selected ? html` selected` : ''}>${v.key}${v.kind === 'edited' ? ` (edited by ${v.editedBy ?? '?'})` : ''}</option>`);
  return html`<section aria-labelledby="versions-h"><h2 id="versions-h">Versions</h2>
<table id="versions"><caption class="sr-only">Versions of this story, oldest first</caption>
<thead><tr><th scope="col">Version key</th><th scope="col">Version</th><th scope="col">Created</th><th scope="col">Arrived</th><th scope="col">Outcome</th><th scope="col">Edited by</th><th scope="col">Raw item</th></tr></thead>
<tbody>${kept.map((v) => html`<tr><td><code>${v.key}</code>${v.key === entry.versionKey ? ' (under review)' : ''}</td><td>${v.version ?? '—'}</td><td>${v.versionCreated ?? '—'}</td>
<td><time datetime="${v.at}">${v.at}</time></td><td>${v.kind === 'edited' ? 'edited on the desk' : outcomeOf.get(v.versionKey)?.outcome ?? 'review'}</td><td>${v.editedBy ?? '—'}</td>
<td>${v.kind === 'edited' ? 'as edited: none' : rawKept(v.rawSha256) ? html`<a href="${versionPath(ctx, entry.id, v.key, 'raw')}">Download ${v.key}</a>` : 'not kept'}</td></tr>`)}
${others.map((h) => html`<tr><td><code>${h.versionKey}</code></td><td>${h.version ?? '—'}</td><td>${h.versionCreated ?? '—'}</td><td><time datetime="${h.arrivedAt}">${h.arrivedAt}</time></td><td>${h.outcome} (text not kept)</td><td>—</td><td>—</td></tr>`)}</tbody></table>
${kept.length >= 2 ? html`<form method="get" action="${ctx.base}/story/${id}/diff" class="compare">
<label for="diff-from">From version<select id="diff-from" name="from">${options(before)}</select></label>
<label for="diff-to">To version<select id="diff-to" name="to">${options(last)}</select></label>
<button type="submit">Compare</button></form>` : html`<p>One version kept so far: nothing to compare.</p>`}
</section>`;
}

/** Diff parts as markup: <ins>/<del> with a visually hidden word and a visible sign, never colour alone. */
function diffView(parts: DiffPart[]): SafeHtml {
  return html`${parts.map((p) => (p.op === 'same' ? p.text
    : p.op === 'ins' ? html`<ins><span class="diff-sign" aria-hidden="true">+</span><span class="sr-only">added: </span>${p.text}</ins>`
      : html`<del><span class="diff-sign" aria-hidden="true">−</span><span class="sr-only">removed: </span>${p.text}</del>`))}`;
}

function diffBlock(title: string, slug: string, before: string, after: string): SafeHtml {
  const r = diffText(before, after);
  if (r.tooLarge) {
    return html`<section aria-labelledby="diff-${slug}"><h2 id="diff-${slug}">${title}</h2>
<p class="notice">The diff is too large to show (${r.reason}; at most ${DEFAULT_MAX_TOKENS.toLocaleString('en')} words and spaces a side). Both versions follow.</p>
<h3>From</h3><div class="diff">${before}</div><h3>To</h3><div class="diff">${after}</div></section>`;
  }
  const changed = r.parts.some((p) => p.op !== 'same');
  return html`<section aria-labelledby="diff-${slug}"><h2 id="diff-${slug}">${title}</h2>
${changed ? '' : html`<p>No change.</p>`}<div class="diff" id="diff-${slug}-text">${diffView(r.parts)}</div></section>`;
}

export function registerStoryPages(desk: FastifyInstance, ctx: DeskContext): void {
  const { base } = ctx;
  const notFound = (reply: FastifyReply, session: DeskSession, what: string): FastifyReply => ctx.notFound(reply, session, what);

  desk.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(`${base}/story/:id/diff`, { preHandler: ctx.requireSession('viewer') }, async (req: DeskRequest & { params: { id: string }; query: { from?: string; to?: string } }, reply) => {
    const session = req.deskSession!;
    const entry = await ctx.findEntry(req.params.id);
    if (!entry) return notFound(reply, session, `No story "${req.params.id}" is under review.`);
    const from = String(req.query.from ?? '').slice(0, 300);
    const to = String(req.query.to ?? '').slice(0, 300);
    const [a, b] = await Promise.all([ctx.service.versionArticle(entry.id, from), ctx.service.versionArticle(entry.id, to)]);
    if (!a || !b) return notFound(reply, session, `Version "${!a ? from : to}" of this story is not kept.`);
    const main = html`<p><a href="${base}/story/${encodeURIComponent(entry.id)}">← Story</a></p>
<h1>Changes from <code>${from}</code> to <code>${to}</code></h1>
<p class="evidence">Removed words are struck through and marked <span aria-hidden="true">−</span>; added words are underlined and marked <span aria-hidden="true">+</span>.</p>
${diffBlock('Headline', 'headline', a.headline ?? '', b.headline ?? '')}
${diffBlock('Body', 'body', a.body.text, b.body.text)}`;
    return reply.type('text/html').send(ctx.page('Changes', session, main).value);
  });

  desk.get<{ Params: { id: string; key: string } }>(`${base}/story/:id/versions/:key/raw`, { preHandler: ctx.requireSession('viewer') }, async (req: DeskRequest & { params: { id: string; key: string } }, reply) => {
    const session = req.deskSession!;
    const entry = await ctx.findEntry(req.params.id);
    if (!entry) return notFound(reply, session, `No story "${req.params.id}" is under review.`);
    const article = await ctx.service.versionArticle(entry.id, req.params.key);
    const sha = article?.provenance.rawSha256;
    const raw = sha ? await ctx.service.raw(sha, true) : null;
    if (!raw?.bytes) return notFound(reply, session, `The raw item of version "${req.params.key}" is not kept.`);
    const name = `${entry.id}@${req.params.key}`.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 120);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${name}.raw"`)
      .header('x-content-type-options', 'nosniff')
      .send(raw.bytes);
  });
}

/** A label textarea for a decision's note (hold, reject). */
export function noteField(action: 'hold' | 'reject', label: string): SafeHtml {
  return html`<label for="note-${action}" class="note-label">${label}<textarea id="note-${action}" name="note" rows="2" cols="30" maxlength="2000"></textarea></label>`;
}

// --- evidence marked in the text ---

interface Needle {
  text: string;
  label: string;
}

/** Where `needle` first occurs in `hay`, ignoring case when lower-casing keeps the lengths (so the indexes hold). */
export function findText(hay: string, needle: string): number {
  const exact = hay.indexOf(needle);
  if (exact >= 0) return exact;
  const h = hay.toLowerCase();
  const n = needle.toLowerCase();
  return h.length === hay.length && n.length === needle.length ? h.indexOf(n) : -1;
}

/** Marks the first occurrence of each needle within one text node under `root` (never across tags). */
function markIn(root: ParentNode, needles: Needle[]): void {
  const todo = needles.filter((n) => n.text.trim().length >= 2);
  if (!todo.length) return;
  // Text nodes in document order, by an explicit stack (no recursion on nesting depth).
  const texts: Text[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node instanceof Text) texts.push(node);
    else if (node instanceof Element) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  for (const needle of todo) {
    for (let ti = 0; ti < texts.length; ti++) {
      const t = texts[ti]!;
      const at = findText(t.data, needle.text);
      if (at < 0) continue;
      const before = new Text(t.data.slice(0, at));
      const mark = new Element('mark', { class: 'evidence-mark' }, [new Text(t.data.slice(at, at + needle.text.length))]);
      const label = new Element('span', { class: 'evidence-label' }, [new Text(` [${needle.label}]`)]);
      const after = new Text(t.data.slice(at + needle.text.length));
      const parent = t.parent!;
      const siblings = parent.children;
      const i = siblings.indexOf(t);
      const replaced: AnyNode[] = [before, mark, label, after];
      siblings.splice(i, 1, ...replaced);
      for (let k = i - 1; k <= i + replaced.length; k++) {
        const n = siblings[k];
        if (!n) continue;
        n.parent = parent;
        n.prev = siblings[k - 1] ?? null;
        n.next = siblings[k + 1] ?? null;
      }
      for (const c of mark.children.concat(label.children)) c.parent = mark.children.includes(c) ? mark : label;
      // The text either side of the mark stays searchable for the next needles; the mark does not.
      texts.splice(ti, 1, before, after);
      break;
    }
  }
}

const MAX_MARK_INPUT = 500_000;
const MAX_NEEDLES = 24;

/** The sanitized body with the text each byline was read from marked (when it is in the body). */
export function bodyWithEvidence(article: Article): SafeHtml {
  const clean = librarySanitize(article.body.html);
  const needles: Needle[] = article.bylines.map((b) => ({ text: b.name, label: `byline: ${b.evidence.from}, rule ${b.evidence.rule}` }));
  for (const p of article.pictures) {
    if (p.credit.raw && p.credit.evidence) needles.push({ text: p.credit.raw, label: `credit: ${p.credit.evidence.from}, rule ${p.credit.evidence.rule}` });
  }
  if (!needles.length || clean.length > MAX_MARK_INPUT) return trustedHtml(clean);
  // A bounded number of needles, so marking stays linear in the body.
  needles.splice(MAX_NEEDLES);
  const doc = parseDocument(clean);
  markIn(doc, needles);
  return trustedHtml(DomUtils.getInnerHTML(doc));
}

/** A picture's caption with its credit line (or photographer) marked where the caption holds it. */
export function captionWithEvidence(p: Picture): SafeHtml {
  const caption = p.caption ?? '';
  if (!caption) return html`(no caption)`;
  const c = p.credit;
  const label = c.evidence ? `credit: ${c.evidence.from}, rule ${c.evidence.rule}` : 'credit';
  for (const needle of [c.raw, c.photographer]) {
    if (!needle || needle.trim().length < 2) continue;
    const at = findText(caption, needle);
    if (at < 0) continue;
    return html`${caption.slice(0, at)}<mark class="evidence-mark">${caption.slice(at, at + needle.length)}</mark><span class="evidence-label"> [${label}]</span>${caption.slice(at + needle.length)}`;
  }
  return html`${caption}`;
}

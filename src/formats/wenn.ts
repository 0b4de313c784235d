import type { FormatModule } from './format.js';
import type { ParsedStory } from '../model/parsed-story.js';
import { canonicalAgency } from '../extract/agencies.js';
import { attr, child, children, cleanText, textOf, type XmlElement } from '../xml/xml-tree.js';
import { escapeHtml } from '../text/clean.js';
import { readXmlItems, storiesOfItems } from './xml-items.js';

/**
 * WENN (World Entertainment News Network) news feeds: Atom 1.0 whose entries carry WENN's own
 * news-management (`wenn_nm:`) and content-metadata (`wenn_cm:`) blocks. The Atom elements hold
 * little (the `content` may be a placeholder); the story is in `wenn_cm:first_line` +
 * `wenn_cm:body` and its times in `wenn_nm:published` / `wenn_nm:updated`. Recognized above
 * generic Atom by the WENN namespaces.
 */
const FORMAT = 'wenn';
const WENN_NS = /^http:\/\/feed\.wenn\.com\/xmlns\//;
const ATOM_NS = 'http://www.w3.org/2005/Atom';

export const wenn: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'WENN entertainment news feeds (Atom with wenn_nm/wenn_cm metadata)',
  detect(s) {
    if (s.kind !== 'xml' || !s.xmlRoot) return 0;
    if (s.xmlRoot.name !== 'feed' && s.xmlRoot.name !== 'entry') return 0;
    return /xmlns:[\w.-]+\s*=\s*["']http:\/\/feed\.wenn\.com\/xmlns\//.test(s.head) ? 0.98 : 0;
  },
  parse(input) {
    const items = readXmlItems(input, {
      format: FORMAT,
      itemName: 'entry',
      select: (r) => (r.name === 'entry' ? [r] : children(r, 'entry').filter((e) => e.ns === ATOM_NS || e.ns === null)),
    });
    const { root } = items;
    const feedLang = root ? attr(root, 'xml:lang') : /<feed\b[^>]*\bxml:lang=["']([^"']+)["']/.exec(input.text.slice(0, 4096))?.[1] ?? null;
    const feedName = root ? wennText(child(root, 'NewsManagement'), 'feed_name') : null;
    return storiesOfItems(input, items, FORMAT, 'the entry has neither an id, a title nor a body', (el) => {
      const story = readEntry(el, feedLang, feedName);
      return story.guid || story.headline || story.bodyHtml ? story : null;
    });
  },
};

/** A child of a WENN block by local name, in one of the WENN namespaces. */
function wennChild(el: XmlElement | null, name: string): XmlElement | null {
  return children(el, name).find((c) => c.ns !== null && WENN_NS.test(c.ns)) ?? null;
}

function wennText(el: XmlElement | null, name: string): string | null {
  return cleanText(wennChild(el, name));
}

/** WENN bodies are plain text, paragraphs parted by blank lines and indented by two spaces. */
function paragraphs(...parts: Array<string | null>): string | null {
  const paras = parts
    .filter((p): p is string => p !== null)
    .flatMap((p) => p.split(/\n\s*\n/))
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return paras.length ? paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') : null;
}

function readEntry(entry: XmlElement, feedLang: string | null, feedName: string | null): ParsedStory {
  const nm = wennChild(entry, 'NewsManagement');
  const cm = wennChild(entry, 'ContentMetadata');
  const status = wennText(nm, 'publishing_status')?.toLowerCase() ?? null;
  const canceled = status !== null && /delete|withdrawn|kill|cancel/.test(status);
  const body = paragraphs(textOf(wennChild(cm, 'first_line')) || null, textOf(wennChild(cm, 'body')) || null);
  const atomContent = cleanText(child(entry, 'content'));
  const source = feedName ?? 'WENN';
  const section = wennChild(nm, 'feedarticle_section');

  return {
    type: 'text',
    guid: cleanText(child(entry, 'id')),
    firstCreated: wennText(nm, 'published') ?? cleanText(child(entry, 'published')),
    versionCreated: wennText(nm, 'updated') ?? cleanText(child(entry, 'updated')),
    pubStatus: canceled ? 'canceled' : status === 'published' || status === null ? 'usable' : 'withheld',
    signals: canceled ? ['kill'] : [],
    language: attr(entry, 'xml:lang') ?? feedLang ?? attr(cm, 'lang'),
    provider: 'WENN',
    source: canonicalAgency(source) ?? source,
    headline: wennText(cm, 'title') ?? cleanText(child(entry, 'title')),
    slugline: wennText(cm, 'slug'),
    summary: cleanText(child(entry, 'summary')),
    bodyHtml: body ?? (atomContent ? `<p>${escapeHtml(atomContent)}</p>` : null),
    keywords: children(wennChild(cm, 'tags'), 'tag').map((t) => attr(t, 'value')?.trim() ?? '').filter(Boolean),
    subjects: section ? [{ scheme: 'wenn-section', code: attr(section, 'id'), name: cleanText(section) }] : [],
  };
}

import type { FormatModule } from './format.js';
import type { ParsedStory } from '../model/parsed-story.js';
import { canonicalAgency } from '../extract/agencies.js';
import { attr, child, children, cleanText, descendants, textOf, type XmlElement } from '../xml/xml-tree.js';
import { readXmlItems, storiesOfItems } from './xml-items.js';
import { htmlToText } from '../text/html-body.js';

/**
 * Ritzau (Danish news agency) RBNews XML: one story per `<RBNews>` document (a wrapper of several
 * gives one story each). The body is HTML escaped inside `<content>`; status is a set of boolean
 * flags (Annuleret = withdrawn, Korrektion = correction, NyVersion = new version); elements
 * without a value say so with `i:nil="true"`.
 *
 * `PublishDate` is local (Danish) time without an offset; it is passed on as written and
 * normalization reads it in Ritzau's zone (src/extract/calendar.ts), with a warning saying so. `TilRedaktionen` is a note to editors, not part
 * of the story.
 */
const FORMAT = 'ritzau';

export const ritzau: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'Ritzau RBNews XML (Danish news agency)',
  detect(s) {
    if (s.kind !== 'xml' || !s.xmlRoot) return 0;
    if (s.xmlRoot.name === 'RBNews') return 1;
    return /<RBNews[\s>]/.test(s.head) && /<NewsID>/.test(s.head) ? 0.6 : 0;
  },
  parse(input) {
    const items = readXmlItems(input, {
      format: FORMAT,
      itemName: 'RBNews',
      select: (root) => (root.name === 'RBNews' ? [root] : descendants(root, 'RBNews')),
    });
    return storiesOfItems(input, items, FORMAT, 'the <RBNews> item has neither a NewsID, a headline nor content', (el) => {
      const story = readRbNews(el);
      return story.guid || story.bodyHtml || story.headline ? story : null;
    });
  },
};

/** The element's text, or null when it is absent, empty or marked nil. */
function value(el: XmlElement | null): string | null {
  if (!el || attr(el, 'nil') === 'true') return null;
  return cleanText(el);
}

function flag(root: XmlElement, name: string): boolean {
  return value(child(root, name))?.toLowerCase() === 'true';
}

/** TilRedaktionen holds escaped HTML like the content. */
function noteText(note: string | null): string | null {
  if (!note) return null;
  return /<[a-z/][^>]*>/i.test(note) ? htmlToText(note) || null : note;
}

export function readRbNews(root: XmlElement): ParsedStory {
  const f = (name: string): string | null => value(child(root, name));
  const canceled = flag(root, 'Annuleret');
  const signals: string[] = [];
  if (canceled) signals.push('kill');
  if (flag(root, 'Korrektion')) signals.push('correction');
  if (flag(root, 'NyVersion')) signals.push('update');

  // origin names the writing desk as a path: "/ritzau/", "/ritzau/fokus/".
  const origin = f('origin');
  const originName = origin?.split('/').filter(Boolean)[0] ?? null;
  const content = child(root, 'content');
  const bodyHtml = content && attr(content, 'nil') !== 'true' ? textOf(content).trim() || null : null;
  const byline = f('byLine');
  const section = f('section');

  return {
    type: 'text',
    guid: f('NewsID'),
    version: f('version'),
    firstCreated: f('PublishDate'),
    pubStatus: canceled ? 'canceled' : 'usable',
    signals,
    replaces: f('Replaces') ?? f('replacedID'),
    editorNote: noteText(f('TilRedaktionen')),
    provider: 'Ritzau',
    source: originName ? canonicalAgency(originName) ?? originName : null,
    headline: f('headline'),
    subheadline: f('subtitle'),
    // The strapline is a desk label ("NU/FLASH-U"), which is what a slugline is.
    slugline: f('strapline'),
    bodyHtml,
    datelineCity: f('town'),
    bylines: byline ? [{ name: byline, role: 'author', evidence: { from: 'element', rule: 'ritzau byLine' } }] : [],
    subjects: section ? [{ scheme: 'ritzau-section', code: f('sectionID'), name: section }] : [],
    keywords: children(child(root, 'SubjectKeyword')).map((k) => cleanText(k)).filter((k): k is string => k !== null),
  };
}

import type { FormatModule } from './format.js';
import type { ItemFailure, ParsedStory } from '../model/parsed-story.js';
import { WiredeskError, toWiredeskError, warning, type Warning } from '../errors.js';
import { attr, children, lineColumn, type XmlElement } from '../xml/xml-tree.js';
import { readXml } from '../xml/xml-scan.js';
import { itemType, partsOf, readItem, type ItemParts } from './newsml-g2/read-item.js';

/**
 * IPTC NewsML-G2: a newsMessage of several items, a single newsItem or packageItem, or a bare
 * contentMeta/contentSet fragment. Namespaces are matched by local name, so any prefix works.
 *
 * Which items become articles: every text, picture and graphic newsItem. Video and audio items
 * are articles of their own only when the document has no text or picture item (a lone video
 * item); next to a text story they are its media companions and are skipped with a warning.
 * A packageItem is read as a `composite` article only when no newsItem is inline (its members
 * are then only referenced); otherwise its inline members are the articles, and a text member
 * gets the picture members of the same package attached.
 */

const FORMAT = 'newsml-g2';
const ITEM_NAMES = new Set(['newsItem', 'packageItem']);
const OTHER_ITEMS = new Set(['conceptItem', 'knowledgeItem', 'planningItem', 'catalogItem']);
/** Roots of G2 documents and of the G2 fragments (listings, partial exports) that wires also send. */
const G2_ROOTS = new Set(['newsMessage', 'newsItem', 'packageItem']);
const FRAGMENT_ROOTS = new Set(['contentMeta', 'contentSet', 'itemMeta']);
const G2_MARKERS = /<(?:[\w.-]+:)?(?:inlineXML|inlineData|remoteContent|headline|language|dateline|located|creator|infoSource|itemClass|versionCreated|contentCreated)\b/;

/** The items of a document in document order: not nested in another item (a packageItem holds only refs). */
function findItems(root: XmlElement, skipped: string[]): XmlElement[] {
  if (ITEM_NAMES.has(root.name) || FRAGMENT_ROOTS.has(root.name)) return [root];
  const out: XmlElement[] = [];
  const walk = (el: XmlElement): void => {
    for (const c of children(el)) {
      if (ITEM_NAMES.has(c.name)) out.push(c);
      else if (OTHER_ITEMS.has(c.name)) skipped.push(`<${c.name}> (not a story)`);
      else walk(c);
    }
  };
  walk(root);
  return out;
}

interface Candidate {
  el: XmlElement;
  parts: ItemParts;
  index: number;
}

/** Which of the document's items are articles (see the module comment). */
function selectItems(items: Candidate[], warnings: Warning[]): Candidate[] {
  const news = items.filter((c) => c.el.name !== 'packageItem');
  if (news.length === 0) return items;
  const isAv = (c: Candidate): boolean => ['video', 'audio'].includes(itemType(c.parts));
  const hasStory = news.some((c) => !isAv(c));
  return news.filter((c) => {
    if (hasStory && isAv(c)) {
      warnings.push(warning('WIREDESK_WARN_ITEM_SKIPPED', `${itemType(c.parts)} item ${attr(c.el, 'guid') ?? `#${c.index}`} accompanies the text story`));
      return false;
    }
    return true;
  });
}

/** Attaches the pictures of a package's picture members to its text members. */
function attachPackagePictures(items: Candidate[], stories: ParsedStory[]): void {
  const byGuid = new Map<string, ParsedStory>();
  for (const s of stories) if (s.guid) byGuid.set(s.guid, s);
  for (const pkg of items.filter((c) => c.el.name === 'packageItem')) {
    const members = (pkg.parts.groupSet ? descendantsNamed(pkg.parts.groupSet, 'itemRef') : [])
      .map((ref) => byGuid.get(attr(ref, 'residref') ?? ''))
      .filter((s): s is ParsedStory => !!s);
    const pictures = members.filter((s) => s.type === 'picture' || s.type === 'graphic').flatMap((s) => s.pictures ?? []);
    if (!pictures.length) continue;
    for (const s of members) if (s.type === 'text') s.pictures = [...(s.pictures ?? []), ...pictures];
  }
}

function descendantsNamed(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of children(el)) {
    if (c.name === name) out.push(c);
    out.push(...descendantsNamed(c, name));
  }
  return out;
}

export const newsmlG2: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'IPTC NewsML-G2 newsMessage / newsItem / packageItem (Reuters, AP, AFP, dpa, ANSA, STT profiles)',
  detect(s) {
    if (s.kind !== 'xml' || !s.xmlRoot) return 0;
    if (s.xmlRoot.ns?.startsWith('http://iptc.org/std/nar/')) return 1;
    if (G2_ROOTS.has(s.xmlRoot.name)) return 0.6;
    if (FRAGMENT_ROOTS.has(s.xmlRoot.name) && G2_MARKERS.test(s.head)) return 0.5;
    return 0;
  },
  parse(input) {
    const doc = readXml(input.text, { format: FORMAT });
    const warnings: Warning[] = [...doc.warnings];
    const skipped: string[] = [];
    const items: Candidate[] = findItems(doc.root, skipped).map((el, index) => ({ el, parts: partsOf(el), index }));
    for (const s of skipped) warnings.push(warning('WIREDESK_WARN_ITEM_SKIPPED', s));
    const messageLanguage = doc.root.name === 'newsMessage' ? (attr(doc.root, 'xml:lang') ?? attr(doc.root, 'lang')) : null;

    const stories: ParsedStory[] = [];
    const failures: ItemFailure[] = [];
    for (const c of selectItems(items, warnings)) {
      const position = { item: c.index, offset: c.el.start, ...lineColumn(doc.text, c.el.start) };
      try {
        if (c.parts.item && !attr(c.parts.item, 'guid')?.trim()) {
          throw new WiredeskError('WIREDESK_ERR_PARSE_INVALID', `<${c.el.name}> has no guid`, { format: FORMAT, position });
        }
        stories.push(readItem(c.parts, { messageLanguage }, c.index));
      } catch (e) {
        const error = toWiredeskError(e, FORMAT);
        error.details.position ??= position;
        const end = c.el.end > c.el.start ? c.el.end : doc.text.length;
        failures.push({ error, raw: Buffer.from(doc.text.slice(c.el.start, end), 'utf8'), itemIndex: c.index });
      }
    }
    attachPackagePictures(items, stories);
    return { stories, failures, warnings };
  },
};

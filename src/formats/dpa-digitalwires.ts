import type { FormatModule } from './format.js';
import { pubStatusFromCode } from './pub-status.js';
import { htmlToText } from '../text/html-body.js';
import type { BylineHint, ItemFailure, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Article } from '../model/article.generated.js';
import type { Sniff } from '../pipeline/sniff.js';
import { toWiredeskError } from '../errors.js';
import {
  firstStr, headHasKeys, invalidItem, isObject, listOf, looksLikeJson, readJsonItems, renditionsOf, str,
  type JsonObject,
} from './json-document.js';

/**
 * dpa digitalwires JSON (`"format": "digitalwires@x.y"`): one entry per document, or the API's
 * feed answer (`entries[]`) / an array of entries. Snake-case keys: `urn`, `version_created`,
 * `signal` ("sig:correction"), `byline`, `dateline` ("Berlin (dpa) - "), `article_html`,
 * `creditline`, pictures as `associations[]` of type image with `caption` and `creditline`.
 */

const FORMAT = 'dpa-digitalwires';

function isEntry(o: unknown): o is JsonObject {
  if (!isObject(o)) return false;
  if (typeof o.format === 'string' && o.format.startsWith('digitalwires')) return true;
  return typeof o.urn === 'string' && ('entry_id' in o || 'version_created' in o) && ('article_html' in o || 'categories' in o);
}

function locateItems(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (isObject(doc) && Array.isArray(doc.entries)) return doc.entries;
  return isObject(doc) ? [doc] : null;
}

function detect(s: Sniff): number {
  if (!looksLikeJson(s)) return 0;
  if (s.kind === 'json') {
    const first = locateItems(s.json)?.find(isObject);
    if (!isEntry(first)) return 0;
    return typeof first.format === 'string' ? 1 : 0.9;
  }
  if (/"format"\s*:\s*"digitalwires/.test(s.head)) return 0.9;
  return headHasKeys(s, 'entry_id', 'urn', 'version_created') ? 0.8 : 0;
}

/** `signal` ("sig:correction") and the signal categories; a canceled entry also carries kill. */
function signalsOf(e: JsonObject, pubStatus: Article['pubStatus'] | null): string[] {
  const codes = [
    ...listOf(e.signal).concat(typeof e.signal === 'string' ? [e.signal] : []),
    ...listOf(e.categories).filter(isObject).filter((c) => str(c.type) === 'dnltype:signal').map((c) => firstStr(c, 'qcode', 'name')),
  ];
  const out = codes.map((c) => str(c)?.replace(/^sig:/, '').toLowerCase()).filter((c): c is string => !!c && /^[a-z][a-z0-9-]*$/.test(c));
  if (pubStatus === 'canceled') out.push('kill');
  return [...new Set(out)];
}

/** The caption the entry states for itself (a picture entry): `drol:caption`, not the extended one with the credit. */
function ownCaption(e: JsonObject): string | null {
  const descriptions = listOf(e.descriptions).filter(isObject);
  const role = (r: string): string | null => {
    const d = descriptions.find((x) => str(x.role) === r);
    return d ? firstStr(d, 'description', 'value') : null;
  };
  return role('drol:caption') ?? role('dpadrol:caption-extended');
}

/**
 * digitalwires writes the dateline in one fixed shape, "<place> (<agency>) - " ("Tel Aviv/Beirut
 * (dpa) - "), so the place is the part before the agency; the raw text still goes to the credits
 * engine, this only states the city the field names.
 */
function datelinePlace(dateline: string | null): string | null {
  const m = /^\s*([\p{L}][\p{L} .'’/-]*?)\s*\([^()]+\)\s*[-–—]?\s*$/u.exec(dateline ?? '');
  return m && m[1]!.split(/\s+/).length <= 6 ? m[1]! : null;
}

function pictureOf(a: JsonObject): PictureHint | null {
  if (!['image', 'picture', 'graphic'].includes(str(a.type) ?? '')) return null;
  return {
    guid: firstStr(a, 'urn'),
    caption: firstStr(a, 'caption'),
    creditRaw: firstStr(a, 'creditline'),
    renditions: renditionsOf(a.renditions),
    evidence: { from: 'element', rule: 'digitalwires associations[].creditline' },
  };
}

/** ednote roles that are no note: the closing line is the desk's initials. */
const NOT_A_NOTE = /closingline/i;

/**
 * Notes for editors: the entry's `ednotes` (correction notes, picture hints, contacts), the
 * desk's closing line left out; else the notepad's public and non-public sections as text.
 */
function editorNoteOf(e: JsonObject): string | null {
  const notes: string[] = [];
  for (const n of listOf(e.ednotes).filter(isObject)) {
    const text = str(n.ednote);
    if (text && !NOT_A_NOTE.test(str(n.role) ?? '') && !notes.includes(text)) notes.push(text);
  }
  if (notes.length) return notes.join('\n\n');
  const single = firstStr(e, 'ednote');
  if (single) return single;
  const pad = isObject(e.notepad) ? e.notepad : null;
  const sections = pad ? [str(pad.public_html), str(pad.nonpublic_html)].filter((h): h is string => !!h).map(htmlToText).filter(Boolean) : [];
  return sections.length ? sections.join('\n\n') : null;
}

function storyOf(e: JsonObject, itemIndex: number): ParsedStory {
  const pubStatus = pubStatusFromCode(firstStr(e, 'pubstatus'));
  const html = firstStr(e, 'article_html');
  const caption = ownCaption(e);
  // digitalwires calls every entry "composite"; a picture entry is one with a caption and no article.
  const pictureItem = !html && caption !== null;
  const creditline = firstStr(e, 'creditline');
  const guid = firstStr(e, 'urn');

  const bylines: BylineHint[] = [];
  const byline = firstStr(e, 'byline');
  if (byline) bylines.push({ raw: byline, role: 'author', evidence: { from: 'element', rule: 'digitalwires byline' } });
  if (pictureItem) {
    // On a picture the creator category names the photographer (with a dpa account number);
    // on text it lists desk staff and login handles, while the printed byline is the credit.
    for (const c of listOf(e.categories).filter(isObject)) {
      const name = str(c.name);
      if (str(c.type) === 'dnltype:creator' && name && str(c.qcode)?.startsWith('dpaaccno:')) {
        bylines.push({ raw: name, role: 'photographer', evidence: { from: 'element', rule: 'digitalwires dnltype:creator' } });
      }
    }
  }

  const pictures: PictureHint[] = [];
  if (pictureItem) {
    pictures.push({ guid, caption, creditRaw: creditline, renditions: [], evidence: { from: 'element', rule: 'digitalwires creditline' } });
  }
  for (const a of listOf(e.associations).filter(isObject)) {
    const p = pictureOf(a);
    if (!p) continue;
    const same = pictures.find((x) => x.guid && x.guid === p.guid);
    if (same) same.renditions = [...(same.renditions ?? []), ...(p.renditions ?? [])];
    else pictures.push(p);
  }

  return {
    itemIndex,
    type: pictureItem ? 'picture' : 'text',
    guid,
    uri: guid,
    version: firstStr(e, 'version'),
    versionCreated: firstStr(e, 'version_created'),
    embargoedUntil: firstStr(e, 'embargoed'),
    editorNote: editorNoteOf(e),
    pubStatus,
    signals: signalsOf(e, pubStatus),
    language: firstStr(e, 'language'),
    provider: 'dpa',
    // A text entry's creditline names the agency that wrote it ("dpa", "dpa-AFX"); a picture's
    // creditline is the photo credit, whose agencies the credits engine reads.
    source: pictureItem ? null : creditline,
    headline: firstStr(e, 'headline'),
    subheadline: firstStr(e, 'subhead'),
    slugline: firstStr(e, 'kicker'),
    summary: firstStr(e, 'teaser'),
    bodyHtml: html,
    dateline: firstStr(e, 'dateline'),
    datelineCity: datelinePlace(firstStr(e, 'dateline')),
    bylines,
    creditLine: creditline,
    copyrightNotice: firstStr(e, 'copyrightnotice'),
    usageTerms: firstStr(e, 'usageterms'),
    pictures,
    subjects: listOf(e.categories).filter(isObject)
      .filter((c) => ['dnltype:dpasubject', 'dnltype:keyword', 'dnltype:subject', 'dnltype:mediatopic'].includes(str(c.type) ?? ''))
      .map((c) => ({ scheme: str(c.type), code: firstStr(c, 'qcode'), name: firstStr(c, 'name') })),
    keywords: listOf(e.keyword_names).map(str).filter((k): k is string => k !== null),
    places: listOf(e.geosubject_names).map(str).filter((k): k is string => k !== null).map((name) => ({ name, code: null })),
  };
}

export const dpaDigitalwires: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'dpa digitalwires JSON entries and feed answers (entries[])',
  detect,
  parse(input) {
    const { items, failures } = readJsonItems(input, FORMAT, locateItems, ['entries']);
    const stories: ParsedStory[] = [];
    const itemFailures: ItemFailure[] = [...failures];
    for (const { value, index, raw } of items) {
      try {
        if (!isObject(value) || !str(value.urn)) throw invalidItem(FORMAT, index, 'no urn');
        stories.push(storyOf(value, index));
      } catch (err) {
        itemFailures.push({ error: toWiredeskError(err, FORMAT), raw, itemIndex: index });
      }
    }
    return { stories, failures: itemFailures };
  },
};

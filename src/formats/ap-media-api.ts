import type { FormatModule } from './format.js';
import type { BylineHint, ItemFailure, ParsedStory, PictureHint } from '../model/parsed-story.js';
import type { Article } from '../model/article.generated.js';
import type { Sniff } from '../pipeline/sniff.js';
import { toWiredeskError } from '../errors.js';
import {
  firstStr, headHasKeys, invalidItem, isObject, listOf, looksLikeJson, namedEntries, readJsonItems, renditionsOf, str,
  type JsonObject,
} from './json-document.js';

/**
 * AP Media API JSON: the `/content/{id}` answer (`data.item`), a feed or search page
 * (`data.items[].item`, with `next_page`), or a bare item. AP's item schema is ninjs-like but its
 * own: `altids.itemid`/`etag`, `editorialtypes`, `bylines[]`, `photographer`,
 * `description_caption`/`description_creditline`, `datelinelocation`. Text bodies are only linked
 * (NITF/ANPA renditions), so a text item carries its metadata here and its body arrives in the
 * linked format.
 */

const FORMAT = 'ap-media-api';

function isApItem(o: unknown): o is JsonObject {
  return isObject(o) && isObject(o.altids) && typeof o.altids.itemid === 'string';
}

function isEnvelope(o: unknown): o is JsonObject & { data: JsonObject } {
  return isObject(o) && 'api_version' in o && isObject(o.data);
}

function detect(s: Sniff): number {
  if (!looksLikeJson(s)) return 0;
  if (s.kind === 'json') {
    const v = s.json;
    if (isEnvelope(v)) return 'item' in v.data || 'items' in v.data ? 1 : 0.7;
    if (isApItem(v)) return isObject(v.altids) && 'etag' in v.altids ? 0.9 : 0.6;
    return 0;
  }
  // Truncated: the envelope's keys come first in AP's output.
  if (headHasKeys(s, 'api_version', 'data')) return 0.9;
  return headHasKeys(s, 'altids', 'itemid', 'etag') ? 0.6 : 0;
}

function locateItems(doc: unknown): unknown[] | null {
  if (isEnvelope(doc)) {
    if (Array.isArray(doc.data.items)) return doc.data.items.map((x) => (isObject(x) && isObject(x.item) ? x.item : x));
    if (isObject(doc.data.item)) return [doc.data.item];
    return [];
  }
  if (Array.isArray(doc)) return doc.map((x) => (isObject(x) && isObject(x.item) ? x.item : x));
  return isObject(doc) ? [doc] : null;
}

/**
 * AP's editorial types that say what a version is. `HoldForRelease` means the story waits for its
 * release time (`embargoed`): withheld until then.
 */
const EDITORIAL_SIGNALS: Record<string, string> = {
  kill: 'kill', elimination: 'kill', correction: 'correction', writethru: 'writethru', advisory: 'advisory',
  update: 'update', holdforrelease: 'hold-for-release', lead: 'update', add: 'update',
};

/** AP's own signals that every item carries and that say nothing about the version. */
const DEFAULT_SIGNALS = new Set(['newscontent']);

function statusOf(item: JsonObject): { pubStatus: Article['pubStatus'] | null; signals: string[] } {
  const signals: string[] = [];
  for (const t of listOf(item.editorialtypes)) {
    const mapped = EDITORIAL_SIGNALS[str(t)?.toLowerCase().replace(/[^a-z]/g, '') ?? ''];
    if (mapped) signals.push(mapped);
  }
  for (const s of listOf(item.signals)) {
    const v = str(s)?.toLowerCase();
    if (v && !DEFAULT_SIGNALS.has(v) && /^[a-z][a-z0-9-]*$/.test(v)) signals.push(v);
  }
  let pubStatus: Article['pubStatus'] | null = null;
  switch (str(item.pubstatus)?.toLowerCase()) {
    case 'usable': pubStatus = 'usable'; break;
    case 'withheld': case 'embargoed': pubStatus = 'withheld'; break;
    case 'canceled': case 'cancelled': pubStatus = 'canceled'; break;
  }
  if (signals.includes('kill')) pubStatus = 'canceled';
  else if (signals.includes('hold-for-release') && pubStatus !== 'canceled') pubStatus = 'withheld';
  if (pubStatus === 'canceled') signals.push('kill');
  return { pubStatus, signals: [...new Set(signals)] };
}

function bylinesOf(item: JsonObject, pictureItem: boolean): BylineHint[] {
  const out: BylineHint[] = [];
  for (const b of listOf(item.bylines).filter(isObject)) {
    const raw = firstStr(b, 'by', 'name');
    if (raw) out.push({ raw, role: 'author', affiliation: firstStr(b, 'title'), evidence: { from: 'element', rule: 'ap bylines[].by' } });
  }
  const photographer = isObject(item.photographer) ? str(item.photographer.name) : null;
  if (photographer) out.push({ name: photographer, role: 'photographer', evidence: { from: 'element', rule: 'ap photographer.name' } });
  for (const [role, key] of [['editing', 'editor'], ['contributor', 'producer']] as const) {
    const who = item[key];
    const name = isObject(who) ? str(who.name) : null;
    if (name && !pictureItem) out.push({ raw: name, role, evidence: { from: 'element', rule: `ap ${key}.name` } });
  }
  return out;
}

const PICTURE_TYPES = new Set(['picture', 'graphic']);

function pictureOf(o: JsonObject, rule: string): PictureHint {
  return {
    guid: isObject(o.altids) ? str(o.altids.itemid) : firstStr(o, 'uri'),
    caption: firstStr(o, 'description_caption'),
    creditRaw: firstStr(o, 'description_creditline'),
    photographer: isObject(o.photographer) ? str(o.photographer.name) : null,
    renditions: renditionsOf(
      Object.fromEntries(namedEntries(o.renditions).filter(([, r]) => !isObject(r) || str(r.type) !== 'text')),
    ),
    evidence: { from: 'element', rule },
  };
}

function storyOf(item: JsonObject, itemIndex: number): ParsedStory {
  const type = str(item.type)?.toLowerCase() ?? 'text';
  const pictureItem = PICTURE_TYPES.has(type);
  const { pubStatus, signals } = statusOf(item);
  const pictures: PictureHint[] = pictureItem ? [pictureOf(item, 'ap picture item')] : [];
  for (const [, a] of namedEntries(item.associations)) {
    if (isObject(a) && PICTURE_TYPES.has(str(a.type) ?? '') && (a.description_caption || a.description_creditline)) {
      pictures.push(pictureOf(a, 'ap associations'));
    }
  }
  const dl = isObject(item.datelinelocation) ? item.datelinelocation : null;
  const usage = listOf(item.usageterms).map(str).filter(Boolean).join(' ') || str(item.usageterms);
  return {
    itemIndex,
    type: (['text', 'picture', 'graphic', 'video', 'audio', 'composite'] as const).find((t) => t === type) ?? 'text',
    guid: isObject(item.altids) ? str(item.altids.itemid) : null,
    uri: firstStr(item, 'uri'),
    version: firstStr(item, 'version'),
    versionCreated: firstStr(item, 'versioncreated'),
    firstCreated: firstStr(item, 'firstcreated'),
    embargoedUntil: firstStr(item, 'embargoed'),
    editorNote: firstStr(item, 'ednote'),
    pubStatus,
    signals,
    language: firstStr(item, 'language'),
    provider: firstStr(item, 'provider'),
    source: firstStr(item, 'provider'),
    headline: firstStr(item, 'headline', 'title'),
    subheadline: firstStr(item, 'headline_extended'),
    slugline: firstStr(item, 'slugline'),
    // AP Media API, Content metadata fields: "description_summary | description/[@role="drol:summary"]".
    summary: pictureItem ? null : firstStr(item, 'description_summary', 'summary'),
    bodyHtml: firstStr(item, 'body_html', 'body_xhtml'),
    // `located` is the dateline as printed ("MONTPELIER, Vt."), `datelinelocation` its place as
    // data (AP Media API, Content metadata fields: "located | dateline", "datelinelocation | located").
    dateline: firstStr(item, 'located'),
    datelineCity: dl ? str(dl.city) : null,
    datelineCountry: dl ? firstStr(dl, 'countryname', 'countrycode') : null,
    bylines: bylinesOf(item, pictureItem),
    creditLine: firstStr(item, 'description_creditline'),
    copyrightNotice: firstStr(item, 'copyrightnotice'),
    usageTerms: usage || null,
    pictures,
    subjects: listOf(item.subject).filter(isObject).map((x) => ({ scheme: firstStr(x, 'scheme'), code: firstStr(x, 'code'), name: firstStr(x, 'name') })),
    keywords: listOf(item.keywords).map(str).filter((k): k is string => k !== null),
    places: listOf(item.place).filter(isObject).map((x) => ({ name: firstStr(x, 'name'), code: firstStr(x, 'code') })),
  };
}

/** `next_page` read from the text of a page that did not parse as a whole. */
function nextPageOf(text: string): string | null {
  const m = /"next_page"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text);
  if (!m) return null;
  try {
    return str(JSON.parse(m[1]!));
  } catch {
    return null;
  }
}

export const apMediaApi: FormatModule = {
  name: FORMAT,
  version: '1.0.0',
  description: 'AP Media API JSON: content items and feed/search pages (items plus next_page)',
  detect,
  parse(input) {
    const { doc, items, failures } = readJsonItems(input, FORMAT, locateItems, ['items']);
    const stories: ParsedStory[] = [];
    const itemFailures: ItemFailure[] = [...failures];
    for (const { value, index, raw } of items) {
      try {
        // A recovered feed element is still wrapped as {meta, item}.
        const item = isObject(value) && isObject(value.item) ? value.item : value;
        if (!isApItem(item)) throw invalidItem(FORMAT, index, 'no altids.itemid');
        stories.push(storyOf(item, index));
      } catch (e) {
        itemFailures.push({ error: toWiredeskError(e, FORMAT), raw, itemIndex: index });
      }
    }
    // The cursor to the next page: from the parsed envelope, or read from a broken page's text.
    return { stories, failures: itemFailures, nextPage: isEnvelope(doc) ? str(doc.data.next_page) : nextPageOf(input.text) };
  },
};

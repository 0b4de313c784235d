import type { ParsedStory } from '../model/parsed-story.js';
import { warning } from '../errors.js';
import type { Warning } from '../model/article.generated.js';
import { cleanEntityLine, cleanLine, cleanParagraphs, paragraphsToHtml } from '../text/clean.js';
import { parseDate, parseDateInZone } from '../text/dates.js';
import { providerZone } from '../extract/calendar.js';
import { normalizeLanguage } from '../text/language.js';
import { parseHtml } from '../html/depth.js';
import type { Document } from 'domhandler';
import { htmlDocumentToText, sanitizeBodyHtml } from '../text/html-body.js';
import { unwrapMarkupBreaks } from '../text/reflow.js';
import { ParsedBodyHandle } from './edit-html.js';
import { cleanMarkupToText, parseCleanMarkup, type CleanNode } from '../text/clean-markup.js';
import { quoteUrl, safeRenditions, safeStoryUrl } from './safe-url.js';

/**
 * A story after normalization: text fields NFC and white-space clean, dates ISO 8601, language
 * BCP 47, body sanitized as HTML and as paragraph text.
 */
export interface NormalizedStory extends Omit<ParsedStory, 'bodyHtml' | 'bodyText' | 'version' | 'warnings'> {
  version: string | null;
  versionCreated: string | null;
  firstCreated: string | null;
  embargoedUntil: string | null;
  language: string | null;
  body: { html: string; text: string };
  /** The tree body.html was read from, for extract's markup edit (parsed once); null for a body built from text. */
  parsedBody: ParsedBodyHandle | null;
  warnings: Warning[];
}

function date(value: string | null | undefined, field: string, story: ParsedStory, warnings: Warning[]): string | null {
  if (!value || !value.trim()) return null;
  const iso = parseDate(value, { defaultOffset: story.defaultOffset ?? null });
  // A time without an offset from a provider whose zone is known: that zone, and a warning saying so.
  const zone = iso === null && !story.defaultOffset ? providerZone(story.provider ?? story.source) : null;
  const zoned = zone ? parseDateInZone(value, zone) : null;
  if (zoned) {
    warnings.push(warning('WIREDESK_WARN_DATE_ZONE_ASSUMED', `${field} "${value.trim().slice(0, 60)}" read in ${zone}`));
    return zoned;
  }
  if (iso === null) warnings.push(warning('WIREDESK_WARN_DATE_UNPARSED', `${field} "${value.trim().slice(0, 60)}"`));
  return iso;
}

export function normalize(story: ParsedStory): NormalizedStory {
  const warnings: Warning[] = [...(story.warnings ?? [])];
  let html = '';
  let text = '';
  let doc: Document | null = null;
  let clean: CleanNode[] | null = null;
  if (story.bodyHtml && story.bodyHtml.trim()) {
    const sanitized = sanitizeBodyHtml(story.bodyHtml);
    if (sanitized.dropped) warnings.push(warning('WIREDESK_WARN_CONTENT_DROPPED'));
    const urls = sanitized.droppedUrls;
    // Each refused link said, up to a bound (a hostile body may hold thousands).
    for (const u of urls.slice(0, 10)) warnings.push(warning('WIREDESK_WARN_URL_DROPPED', `body link ${quoteUrl(u)}`));
    if (urls.length > 10) warnings.push(warning('WIREDESK_WARN_URL_DROPPED', `and ${urls.length - 10} more body links`));
    // Line ends a converter kept as <br> inside paragraphs of wire copy are joined (src/text/reflow.ts).
    html = unwrapMarkupBreaks(sanitized.html) ?? sanitized.html;
    // Parsed once: for the text here and, when extract edits the body, for the markup edit.
    // Markup already clean (most agency bodies) is read without an HTML parser.
    if (sanitized.clean) {
      clean = parseCleanMarkup(html);
      text = cleanMarkupToText(clean);
    } else {
      doc = parseHtml(html, { decodeEntities: true });
      text = htmlDocumentToText(doc);
    }
  } else if (story.bodyText && story.bodyText.trim()) {
    text = cleanParagraphs(story.bodyText);
    html = paragraphsToHtml(text);
  }
  const language = normalizeLanguage(story.language);
  if (story.language && !language) warnings.push(warning('WIREDESK_WARN_LANGUAGE_INVALID', story.language));
  const version = story.version === null || story.version === undefined ? null : String(story.version).trim() || null;

  const body = { html, text };
  const tree = doc ?? clean;
  // The story's fields copied by a spread first (V8 clones the object's shape at once; a rest
  // pattern leaving out the raw bodies would copy property by property), the raw bodies blanked.
  const normalized: NormalizedStory & { bodyHtml?: undefined; bodyText?: undefined } = {
    ...story,
    bodyHtml: undefined,
    bodyText: undefined,
    version,
    headline: cleanEntityLine(story.headline),
    subheadline: cleanEntityLine(story.subheadline),
    slugline: cleanLine(story.slugline),
    summary: cleanEntityLine(story.summary),
    dateline: cleanLine(story.dateline),
    creditLine: cleanLine(story.creditLine),
    copyrightHolder: cleanLine(story.copyrightHolder),
    copyrightNotice: cleanLine(story.copyrightNotice),
    usageTerms: cleanLine(story.usageTerms),
    versionCreated: date(story.versionCreated, 'versionCreated', story, warnings),
    firstCreated: date(story.firstCreated, 'firstCreated', story, warnings),
    embargoedUntil: date(story.embargoedUntil, 'embargoedUntil', story, warnings),
    replaces: cleanLine(story.replaces),
    editorNote: story.editorNote ? cleanParagraphs(story.editorNote) || null : null,
    language,
    body,
    parsedBody: tree ? new ParsedBodyHandle(tree) : null,
    // Links leave wiredesk only as http(s) (every reader's url and renditions pass here).
    url: safeStoryUrl(story.url, warnings),
    pictures: (story.pictures ?? []).map((p) => ({
      ...p,
      ...(p.renditions ? { renditions: safeRenditions(p.renditions, warnings) } : {}),
      caption: cleanEntityLine(p.caption),
      altText: cleanEntityLine(p.altText),
      creditRaw: cleanLine(p.creditRaw),
      photographer: cleanLine(p.photographer),
      ...(p.agencies ? { agencies: p.agencies.map(cleanLine).filter((a): a is string => a !== null) } : {}),
    })),
    warnings,
  };
  return normalized;
}

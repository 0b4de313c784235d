import type { Article, Byline, Picture } from '../model/article.generated.js';
import type { NormalizedStory } from './normalize.js';
import type { Dateline } from '../extract/types.js';
import { dedupeBylines, isPlausibleName, parseByline, rolePhrase } from '../extract/bylines.js';
import { extractCopyrightLine, extractLeadByline, extractSourceLine, extractTrailer, isUpdateNote, leadingNotes, withoutDeskSignature } from '../extract/trailer.js';
import { extractDateline, extractEmbeddedDateline, parseDateline, cityCase, teaserOverDateline } from '../extract/dateline.js';
import { buildPicture, dedupePictures } from '../extract/captions.js';
import { resolveSource } from '../extract/source.js';
import { isNameParticle, isOrganisation, stripContactDetails } from '../extract/names.js';
import { countWords, decodeLeftEntities } from '../text/clean.js';
import { editHtml } from './edit-html.js';
import { warning } from '../errors.js';
import { CAPITALISED_BY_WORD_SOURCE, byLeadLength, stripByLead } from '../extract/by-lead.js';

/** The article before identity (id, contentHash) and provenance are added. */
export type ExtractedArticle = Omit<Article, 'id' | 'contentHash' | 'provenance'> & { warnings: NormalizedStory['warnings'] };

/**
 * What the item corrects, replaces or kills, as the format states it; a kill that names no
 * other target kills the story of its own id (the provider sends the kill under that id).
 */
function replacedBy(story: NormalizedStory): string | null {
  if (story.replaces) return story.replaces;
  const kill = story.pubStatus === 'canceled' || (story.signals ?? []).some((s) => s.toLowerCase() === 'kill');
  return kill ? story.guid ?? null : null;
}

/** A byline closing the text before a dateline: "… By Jo Kim Jan 30 (Reuters) -", "By Jo Kim and Li Wei LONDON, …" (two names). */
const BYLINE_AT_END = new RegExp(`(?:^|\\s)(${CAPITALISED_BY_WORD_SOURCE}\\s+\\S+(?:\\s+\\S+){0,5})$`);

/** The same words, white space and case aside. */
function sameText(a: string, b: string | null | undefined): boolean {
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return typeof b === 'string' && fold(a) === fold(b);
}

/** Item types whose content is the media itself, not text. */
const MEDIA_TYPES = new Set<Article['type']>(['picture', 'graphic', 'video', 'audio']);

/** An organisation stated as the author: a name, not a handle, a code or an address. */
function isOrganisationByline(name: string): boolean {
  return name.length > 0 && name.length <= 80 && !name.includes('@') && /\p{L}/u.test(name);
}

/**
 * A name the format separated, without contact details and without a by-word printed with it ("By Carys Pemberton" as
 * an Atom person's name: src/extract/by-lead.ts); a by-word that may be the name's own particle stays ("Di Maio", "Von Trapp").
 */
function separatedName(s: string): string {
  // (Entities a feed left in author text, "Ines Abara &amp; Joost de Wit", are decoded as headlines are.)
  const name = stripContactDetails(decodeLeftEntities(s)).replace(/\s+/g, ' ').trim();
  const lead = byLeadLength(name);
  if (lead === 0 || isNameParticle(name.slice(0, lead).trim().split(/\s/)[0] ?? '')) return name;
  return name.slice(lead).trim() || name;
}

/** Bylines the format states: separated names kept as printed (when they can be people), raw bylines parsed. */
function statedBylines(story: NormalizedStory): Byline[] {
  const out: Byline[] = [];
  for (const stated of story.bylines ?? []) {
    const hint = stated.raw ? { ...stated, raw: decodeLeftEntities(stated.raw) } : stated;
    const role = hint.role ?? 'author';
    if (hint.name) {
      const name = separatedName(hint.name);
      if (hint.organisation ? isOrganisationByline(name) : isPlausibleName(name)) out.push({ name, role, affiliation: hint.affiliation ?? null, location: hint.location ?? null, evidence: hint.evidence });
    } else if (hint.raw) {
      // A contact line that names its role ("Reporting by: A in X, B", IPTC 7901 contacts): that role.
      const phrase = hint.role ? null : rolePhrase(hint.raw);
      if (phrase) {
        for (const r of phrase.roles) out.push(...parseByline(phrase.rest, r, { ...hint.evidence, rule: `${hint.evidence.rule}:${r}` }));
        continue;
      }
      const parsed = parseByline(hint.raw, role, hint.evidence);
      for (const b of parsed) {
        if (hint.affiliation && !b.affiliation) b.affiliation = hint.affiliation;
        if (hint.location && !b.location) b.location = hint.location;
      }
      out.push(...parsed);
      // A one-word author element ("tobi") is a name the feed gives as a person's, nickname or
      // not; printed text would need more to be believed, an element's own value does not.
      const word = stripByLead(stripContactDetails(hint.raw));
      if (parsed.length === 0 && hint.evidence.from === 'element' && /^[\p{L}][\p{L}\p{M}'’-]{1,30}$/u.test(word) && isPlausibleName(word) && !isOrganisation(word)) {
        out.push({ name: word, role, affiliation: hint.affiliation ?? null, location: hint.location ?? null, evidence: hint.evidence });
      }
    }
  }
  return out;
}

/** The dateline from the body (preferred: it is what was printed) completed by the format's dateline fields. */
function chooseDateline(story: NormalizedStory, fromBody: Dateline | null, storyDate: string | null): Dateline | null {
  const field = parseDateline(story.dateline, storyDate);
  let d: Dateline | null = fromBody ?? field;
  if (d && fromBody && field) {
    d = { ...d, city: d.city ?? field.city, country: d.country ?? field.country, date: d.date ?? field.date, agency: d.agency ?? field.agency };
  }
  const city = story.datelineCity?.trim() || null;
  if (!d && (city || story.dateline)) {
    d = { raw: story.dateline ?? city ?? '', city: city ? cityCase(city) : null, country: story.datelineCountry ?? null, date: null, agency: null };
  } else if (d && !d.city && city) {
    d = { ...d, city: cityCase(city), country: d.country ?? story.datelineCountry ?? null };
  }
  // The date the markup states for the dateline completes one whose text names none.
  if (d && !d.date && story.datelineDate) d = { ...d, date: story.datelineDate };
  // The country the format states for the same place completes a printed dateline that names none.
  if (d && !d.country && story.datelineCountry && (!city || !d.city || d.city.toLowerCase() === cityCase(city).toLowerCase())) {
    d = { ...d, country: story.datelineCountry };
  }
  return d;
}

/**
 * A byline that is only the agency the dateline credits ("OSLO (Nordwire) –" over an author
 * "Nordwire") names no person: the parenthesized credit in a dateline is the wire service's (AP
 * Stylebook, datelines), which is the story's source, not one of its people.
 */
function withoutDatelineAgency(bylines: Byline[], dateline: Dateline | null): void {
  const agency = dateline?.agency?.trim().toLowerCase();
  if (!agency) return;
  for (let i = bylines.length - 1; i >= 0; i--) {
    if (bylines[i]!.name.trim().toLowerCase() === agency) bylines.splice(i, 1);
  }
}

/**
 * Photographer bylines agree with the picture credits: a "photographer" that the credit shows to
 * be an organisation is dropped, and a picture item whose metadata names no photographer gets the
 * one its credit names.
 */
function photographerBylines(story: NormalizedStory, pictures: Picture[], bylines: Byline[]): void {
  const orgs = new Set(pictures.flatMap((p) => [...p.credit.agencies, p.credit.via ?? '']).map((a) => a.toLowerCase()));
  for (let i = bylines.length - 1; i >= 0; i--) {
    const b = bylines[i]!;
    if (b.role === 'photographer' && orgs.has(b.name.toLowerCase())) bylines.splice(i, 1);
  }
  if (story.type !== 'picture' || bylines.some((b) => b.role === 'photographer')) return;
  for (const p of pictures) {
    const name = p.credit.photographer;
    if (name) bylines.push({ name, role: 'photographer', affiliation: null, location: null, evidence: { from: p.credit.evidence?.from ?? 'element', rule: 'credit-photographer' } });
  }
}

/**
 * Credits, captions, dateline and source: taken out of the normalized story's fields and text by
 * the one engine in src/extract/, the same for every format.
 */
export function extract(story: NormalizedStory): ExtractedArticle {
  const warnings = [...story.warnings];
  const storyDate = story.firstCreated ?? story.versionCreated ?? null;
  const original = story.body.text;
  let text = original;

  const bylines = statedBylines(story);
  // "(Adds quotes)", summary bullets: the byline and dateline come after such notes.
  const notes = leadingNotes(text);
  text = notes.rest;
  const lead = extractLeadByline(text);
  if (lead) {
    text = lead.rest;
    bylines.push(...lead.bylines);
  }
  const printed = extractDateline(text, storyDate);
  let bodyDateline = printed?.dateline ?? null;
  let summary = story.summary ?? null;
  const teaser = printed ? null : teaserOverDateline(text, storyDate);
  if (printed && bodyDateline) {
    text = printed.rest;
    if (printed.bylines && !bylines.length) bylines.push(...printed.bylines);
  } else if (teaser) {
    // A teaser printed over the dateline paragraph (dpa's teaser, a standfirst): the summary when none is stated.
    // A paragraph there that is the headline printed again (an e-mail's or a page's <h1>) is no teaser and leaves the body.
    bodyDateline = teaser.dateline;
    const over = teaser.teaser.filter((p) => !sameText(p, story.headline));
    if (summary === null && over.length === 1) {
      summary = over[0]!;
      text = teaser.rest;
    } else {
      text = [...over, teaser.rest].join('\n\n');
    }
  } else {
    const cut = text.indexOf('\n\n');
    const embedded = extractEmbeddedDateline(cut === -1 ? text : text.slice(0, cut), storyDate);
    if (embedded) {
      bodyDateline = embedded.dateline;
      let before = embedded.before;
      // "... By Arpan Varghese Jan 30 (Reuters) - ": the byline printed right before the dateline.
      const by = BYLINE_AT_END.exec(before);
      const named = by ? parseByline(by[1]!, 'author', { from: 'text', rule: 'lead-byline' }) : [];
      if (by && named.length) {
        bylines.push(...named);
        before = before.slice(0, by.index).trim();
      }
      text = [before, embedded.after, cut === -1 ? '' : text.slice(cut + 2)].filter((p) => p.trim() !== '').join('\n\n');
    }
  }
  // Summary bullets (and any other paragraph over the story) are story text and go back over it; a
  // note on what the update changed is for editors, and becomes the editor's note.
  const updateNotes: string[] = [];
  const overStory: string[] = [];
  for (const p of notes.notes) {
    if (isUpdateNote(p)) updateNotes.push(p.slice(1, -1).trim());
    else overStory.push(p);
  }
  if (overStory.length) text = [...overStory, text].filter((p) => p !== '').join('\n\n');
  const editorNote = [story.editorNote, ...updateNotes].filter((p): p is string => Boolean(p)).join('\n\n') || null;
  const dateline = chooseDateline(story, bodyDateline, storyDate);
  // A copyright line closing the story is its notice, where the format states none of its own.
  const printedCopyright = story.copyrightNotice || story.copyrightHolder ? null : extractCopyrightLine(text);
  if (printedCopyright) text = printedCopyright.rest;
  // An agency source line closing the story ("(dpa)", "Quelle: sid/dpa") is its credit line.
  const sourceLine = extractSourceLine(text);
  if (sourceLine) text = sourceLine.rest;
  // A desk's signature closing the story ("hh/ph/ts/hd", "dpa abc xyz"), after any trailer, goes first.
  text = withoutDeskSignature(text) ?? text;
  const trailer = extractTrailer(text);
  if (trailer) {
    text = trailer.rest;
    bylines.push(...trailer.bylines);
  }

  withoutDatelineAgency(bylines, dateline);
  const pictures = dedupePictures((story.pictures ?? []).map(buildPicture));
  photographerBylines(story, pictures, bylines);
  const { source, inferredFrom } = resolveSource({
    stated: story.source,
    dateline,
    trailer,
    bylines,
    credits: pictures.map((p) => p.credit),
    mediaItem: MEDIA_TYPES.has(story.type ?? 'text'),
  });
  // Inferred here, or by the format module before (story.sourceInferredFrom): either way not stated.
  const guessedFrom = inferredFrom ?? (source && story.sourceInferredFrom ? story.sourceInferredFrom : null);
  if (guessedFrom) warnings.push(warning('WIREDESK_WARN_SOURCE_INFERRED', `${source} from the ${guessedFrom}`));
  // A picture (graphic, video, audio) item is its media: a caption and no body text is its normal shape.
  if (!text && !MEDIA_TYPES.has(story.type ?? 'text')) warnings.push(warning('WIREDESK_WARN_BODY_EMPTY'));

  return {
    guid: story.guid ?? null,
    version: story.version,
    versionCreated: story.versionCreated,
    firstCreated: story.firstCreated,
    provider: story.provider ?? null,
    source,
    uri: story.uri ?? null,
    url: story.url ?? null,
    type: story.type ?? 'text',
    pubStatus: story.pubStatus ?? 'usable',
    signals: [...new Set((story.signals ?? []).map((s) => s.toLowerCase()))],
    embargoedUntil: story.embargoedUntil,
    replaces: replacedBy(story),
    relatedTo: [],
    editorNote,
    headline: story.headline ?? null,
    subheadline: story.subheadline ?? null,
    slugline: story.slugline ?? null,
    summary,
    body: { html: editHtml(story.body.html, original, text, story.parsedBody?.take()), text },
    language: story.language,
    wordCount: countWords(text),
    dateline,
    bylines: dedupeBylines(bylines),
    creditLine: story.creditLine ?? sourceLine?.raw ?? null,
    copyrightHolder: story.copyrightHolder ?? printedCopyright?.holder ?? null,
    copyrightNotice: story.copyrightNotice ?? printedCopyright?.notice ?? null,
    usageTerms: story.usageTerms ?? null,
    pictures,
    subjects: story.subjects ?? [],
    keywords: story.keywords ?? [],
    places: story.places ?? [],
    warnings,
  };
}

/**
 * Where a press release's text ends. The distribution services and the PR style guides close a
 * release with parts that are no story text: an end mark ("###", "-30-", "ENDS"), the media
 * contact block, the service's own trailer lines (PR Newswire's "SOURCE Company" and "View original
 * content", Business Wire's "View source version on businesswire.com", news aktuell's
 * "Original-Content von: …, übermittelt durch news aktuell"), links to the logo and multimedia, and
 * in a mailed copy the list footer or disclaimer a mailer adds under a separator line. Above the
 * text, a release label ("FOR IMMEDIATE RELEASE") and a contact block set before the headline.
 * The functions here work on paragraphs (blank-line separated text) and keep everything else.
 * Patterns are bounded (linear on any paragraph); the line patterns are anchored, while CONTACT_DETAIL,
 * UNSUBSCRIBE and MAILING search anywhere in a paragraph. An end mark on a paragraph of its own
 * ("###", "-30-", "ENDS", "(END)"; notes for editors end the text too) is isEndMark of src/extract/trailer.ts.
 */
import { isEndMark } from '../extract/trailer.js';

/** A release label alone: "FOR IMMEDIATE RELEASE", "PRESS RELEASE", "NEWS RELEASE", "Pressemitteilung", "Communiqué de presse", "Persbericht", "Nota de prensa". */
const RELEASE_LABEL = /^(?:for immediate release|(?:press|news|media) release|pressemitteilung|presseinformation|communiqué de presse|persbericht|nota de prensa|comunicado de prensa)[\s:.!-]{0,4}$/iu;

/**
 * The label that opens a contact block, at the start of its paragraph and before a colon or the
 * line's end: "Media Contact:", "Contacts", "Investor Relations:", "For further information,
 * please contact:", "Pressekontakt:", "Contact presse :", "Contacto de prensa:", "Perscontact:".
 */
const CONTACT_LABEL = new RegExp(
  '^(?:(?:media|press|investor|analyst|news|company)\\s+(?:contacts?|inquiries|enquiries|relations)|contacts?|investors?|media|' +
    'for (?:further|more) information(?:,? (?:please )?contact)?|further information|' +
    'pressekontakt|medienkontakt|kontakt|ansprechpartner(?:in)?|für rückfragen|' +
    'contacts? (?:presse|médias?)|relations? (?:presse|investisseurs)|' +
    'contacto(?:s)?(?: de prensa)?|' +
    'perscontact|voor meer informatie(?:,? (?:kunt u )?contact opnemen met)?)' +
    '[ \\t]{0,2}(?::|\\n|$)',
  'iu',
);

/** The services' own trailer lines (each service's published release layout). */
const WIRE_TRAILER = new RegExp(
  '^(?:SOURCE|FUENTE|QUELLE) [^\\n]{2,120}$|' +
    '^View (?:original content|source version)\\b|' +
    '^Original-?(?:Content|text) von:|' +
    '^(?:Multimedia|Logo|Photo|Video|Foto|Bild(?:material)?)\\s{0,2}[-–:]\\s{0,2}https?://\\S+$|' +
    '^https?://\\S+$',
  'u',
);

/** The heading of notes for editors, not for publication, that follow a release ("Notes to editors", "Noot voor de redactie", "Hinweis für die Redaktion"). */
const EDITORS_NOTES = /^(?:notes? (?:to|for) (?:the )?editors?|editors'? notes?|noot voor de redactie|hinweise? für (?:die )?redaktion(?:en)?|note aux rédactions|nota (?:para|a) (?:los )?(?:editores|redacción))\b/iu;

/**
 * The disclosure statement a listed company's release closes with under the EU Market Abuse
 * Regulation (Regulation (EU) No 596/2014, art. 17), in the wording Nasdaq Stockholm's issuers and
 * their wire services print ("This information is information that X is obliged to make public
 * pursuant to the EU Market Abuse Regulation", Swedish "Denna information är sådan information som
 * X är skyldigt att offentliggöra enligt EU:s marknadsmissbruksförordning"): closing matter.
 */
const MAR_STATEMENT = /^(?:this information is information that [^\n]{1,160}? (?:is )?obliged to make public pursuant to the eu market abuse regulation|denna information är sådan (?:insider)?information som [^\n]{1,160}? är skyldig[a-z]{0,2} att offentliggöra enligt eu:s marknadsmissbruksförordning)/iu;

/** A line of a distribution service's own trailer ("SOURCE Company", "View original content: …", "Original-Content von: …"). */
export function isServiceTrailerLine(line: string): boolean {
  return WIRE_TRAILER.test(line.trim());
}

/**
 * The footer commercial e-mail must carry, an unsubscribe link with the sender's postal address
 * (CAN-SPAM Act, 15 U.S.C. 7704(a)(3), (a)(5); the EU ePrivacy Directive art. 13(2) asks the same):
 * a paragraph offering to unsubscribe, in the languages releases are mailed in.
 */
const UNSUBSCRIBE = /\b(?:unsubscribe|abmelden|abbestellen|se (?:désabonner|désinscrire)|désinscription|darse de baja|cancelar (?:la )?suscripción|afmelden|uitschrijven)\b/iu;
/** What the footer speaks of: the mail, the list or the subscriber's preferences (a story's "unsubscribe" does not). */
const MAILING = /\b(?:e-?mails?|newsletter|mailing|list|preferences|subscri\w*|abonn\w*|suscri\w*|nieuwsbrief|mail)\b/iu;
/** A mailer's offer to show the message in a browser, set above it ("View this email in your browser"). */
const VIEW_ONLINE = /^(?:(?:view|read|open|see) (?:this (?:e-?mail|message|newsletter|release) )?(?:in|on) (?:your|a|the) (?:web )?browser|having trouble (?:viewing|reading) this (?:e-?mail|message)\b.{0,80}|(?:view|open) (?:the )?(?:web|online) version)[\s.!:]{0,3}$/iu;

/**
 * An e-mail address or a telephone number written as one: what a contact paragraph holds. A number
 * is a phone when it has the "+" country code or a phone label, or the grouped digits of a national
 * number ("(555) 555-0187", "617-555-0142"), never a date ("07.12.2026"), a score or a count
 * (ITU-T E.123, sections 2 and 7: "+" before the country code, digits grouped by spaces).
 */
const CONTACT_DETAIL = new RegExp(
  '[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63}){1,6}|' +
    '\\+\\d{1,3}(?:[ .-]?\\(\\d{1,5}\\)\\d{0,5}|[ .-]\\d{1,5}){2,6}(?!\\d)|\\+\\d{1,3}[ .-]?\\d{6,14}(?!\\d)|' +
    '(?:^|[\\s,;(])(?:tel(?:efon|ephone|éfono|efono)?|phone|tél(?:éphone)?|mobile?|cell|fax)\\.?[ \\t]{0,2}:?[ \\t]{0,2}[+(]?\\d[\\d ()./-]{4,20}|' +
    '\\(\\d{2,5}\\)[ .-]?\\d{2,5}[ .-]\\d{2,5}|(?<![\\d.-])\\d{3}[-.]\\d{3}[-.]\\d{4}(?![\\d.-])',
  'iu',
);

/** A separator line a mailer or list server sets above its footer: a row of one mark ("____", "-----", "*****", "====="). */
const SEPARATOR = /^(?:_{5,}|-{5,}|\*{5,}|={5,}|~{5,})$/;

/** A short paragraph of contact details only: names, titles, addresses, a phone or e-mail, no sentence. */
function isContactDetails(p: string): boolean {
  if (p.length > 400 || !CONTACT_DETAIL.test(p)) return false;
  // A sentence ("… said on Monday. The …", "… booked at 555-0100.") is story text, whatever number it holds;
  // contact lines are short and end without a full stop (but a company's "Inc.").
  if (p.split('\n').some((l) => l.trim().split(/\s+/).length > 14)) return false;
  if (/[.!?]["”»]?$/u.test(p.trim()) && !/(?:^|\s)\p{Lu}\p{L}{0,4}\.$/u.test(p.trim())) return false;
  return !/\p{Ll}[.!?]["”»]?\s+\p{Lu}\p{Ll}/u.test(p);
}

/** A contact block's label, alone or with the details after it ("Media: the council streams …" is a sentence, no label). */
function isContactLabelled(p: string): boolean {
  const m = CONTACT_LABEL.exec(p);
  if (!m) return false;
  const rest = p.slice(m[0].length).trim();
  return !rest || isContactDetails(p) || (!/[.!?]["”»]?$/u.test(rest) && rest.length <= 120);
}

/** A paragraph that is part of the closing matter (contact block or a service's trailer line). */
function isClosingMatter(p: string): boolean {
  const first = p.split('\n', 1)[0]!.trim();
  return WIRE_TRAILER.test(first) || MAR_STATEMENT.test(p) || isContactLabelled(p) || isContactDetails(p);
}

/** A short line of a contact block: a name, a title, a company (a few words, no sentence stop). */
function isShortLine(p: string): boolean {
  return !p.includes('\n') && p.split(/\s+/).length <= 8 && !/\p{Ll}[.!?]["”»]?$/u.test(p.trim());
}

/** The index of a contact label among the last paragraphs with only short lines after it, else -1. */
function lastContactLabel(paragraphs: readonly string[]): number {
  for (let i = paragraphs.length - 1; i >= Math.max(1, paragraphs.length - 5); i--) {
    if (!isShortLine(paragraphs[i]!) && !isContactLabelled(paragraphs[i]!)) return -1;
    if (isContactLabelled(paragraphs[i]!)) return i;
  }
  return -1;
}

/**
 * The paragraphs of a release without its closing matter: all after an end mark, a footer under a
 * separator line in the last paragraphs, and from the end the contact block and trailer lines. The
 * first paragraph always stays.
 */
export function withoutReleaseEnd(paragraphs: readonly string[]): string[] {
  let out = [...paragraphs];
  const mark = out.findIndex((p, i) => i > 0 && (isEndMark(p) || EDITORS_NOTES.test(p.trim())));
  if (mark > 0) out = out.slice(0, mark);
  // A footer (list, disclaimer) under a separator, or an unsubscribe footer: it opens one of the last three paragraphs.
  for (let i = Math.max(1, out.length - 3); i < out.length; i++) {
    if (SEPARATOR.test(out[i]!.split('\n', 1)[0]!.trim()) || (UNSUBSCRIBE.test(out[i]!) && MAILING.test(out[i]!.replace(UNSUBSCRIBE, ' ')) && out[i]!.length <= 600)) {
      out = out.slice(0, i);
      break;
    }
  }
  for (;;) {
    if (out.length > 1 && isClosingMatter(out[out.length - 1]!)) {
      out.pop();
      continue;
    }
    // A contact label with its name and title lines below it, each a paragraph of its own ("Media Contact:" / "Abi Treharne").
    const label = lastContactLabel(out);
    if (label < 1) return out;
    out = out.slice(0, label);
  }
}

/** The paragraphs of a release without the release label and a contact block set above its text. */
export function withoutReleaseHead(paragraphs: readonly string[]): string[] {
  let i = 0;
  while (i < paragraphs.length - 1) {
    const p = paragraphs[i]!.trim();
    if (RELEASE_LABEL.test(p) || VIEW_ONLINE.test(p) || isContactLabelled(p)) i++;
    else if (i > 0 && CONTACT_LABEL.test(paragraphs[i - 1]!.trim()) && isContactDetails(p)) i++;
    else break;
  }
  return paragraphs.slice(i);
}

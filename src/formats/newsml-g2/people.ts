import type { BylineHint } from '../../model/parsed-story.js';
import type { Byline } from '../../model/article.generated.js';
import { canonicalAgency } from '../../extract/agencies.js';
import { attr, child, children, cleanText, type XmlElement } from '../../xml/xml-tree.js';
import { qcodeCode } from './qcode.js';
import { isOrganisation } from '../../extract/names.js';
import { parseByline, rolePhrase } from '../../extract/bylines.js';
import { nitfBylines } from '../nitf.js';

/**
 * People named in NewsML-G2 metadata (`creator`, `contributor`, `by`, NITF `byline`). Wires fill
 * these slots with many things that are not people: desk logins ("degenhardt.sandra"), initials
 * ("VRG", "MDJ/"), agencies ("Reuters", "SANA", "REUTERS TV"), placeholders
 * ("No-Data-Available, MAR 04") and job titles ("Staff Reporter"). A creator or contributor becomes a
 * byline only when its name is a person's; `by` and the NITF byline are printed bylines that the
 * credits engine (src/extract/bylines.ts) parses, as it does every format's.
 */

const NOT_A_PERSON_WORD =
  /\b(?:tv|news|agency|press|presse|photos?|images|pictures|staff|reporters?|correspondents?|writers?|editors?|editorial|desk|redaktion|team|service|network|data|media|online|newsroom|wire|sports?|no-data-available|unknown|anonymous|pool|handout)\b/i;
const NAME_WORD = /^[\p{Lu}\p{Lt}][\p{L}'’.-]*$|^(?:al|el|ad|ben|bin|abu)-\p{Lu}[\p{L}'’-]*$|^(?:van|von|de|da|del|der|di|du|la|le|bin|al|ibn|y|dos|das|ten|ter)$/u;

/** A name part ("Marwan Makdisi", "ANTTI AUTIO") rather than an organisation, code or title. */
export function isPersonName(raw: string | null | undefined): boolean {
  if (!raw) return false;
  const s = raw.replace(/\s+/g, ' ').trim();
  if (s.length < 4 || s.length > 60) return false;
  if (/[\d@_/\\:;|()[\]{}<>=+*#]/.test(s)) return false;
  if (canonicalAgency(s)) return false;
  if (NOT_A_PERSON_WORD.test(s) || isOrganisation(s)) return false;
  const words = s.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  if (words.some((w) => canonicalAgency(w))) return false;
  return words.every((w) => NAME_WORD.test(w));
}

const WIREDESK_ROLES = ['author', 'reporting', 'additional-reporting', 'writing', 'editing', 'compiled-by', 'contributor', 'photographer'] as const;

/** The byline role one role qcode stands for, or null. */
function roleOfCode(qcode: string): Byline['role'] | null {
  // wiredesk's own role scheme (src/export/newsml-g2.ts) names the canonical roles as they are.
  const own = /^wdrole:([a-z-]+)$/.exec(qcode)?.[1];
  if (own && (WIREDESK_ROLES as readonly string[]).includes(own)) return own as Byline['role'];
  const code = qcodeCode(qcode).toLowerCase();
  if (/phot/.test(code)) return 'photographer';
  if (/^(?:author|writer|reporter|correspondent|journalist|source|originator|creator|byline)$/.test(code)) return 'author';
  if (/^(?:additionalreporting|additional-reporting|contributor)$/.test(code)) return 'contributor';
  // IPTC Content Production Party Role NewsCodes: cpprole:editor and cpprole:contentEditor edit the content.
  if (/^(?:editor|editing|contenteditor)$/.test(code)) return 'editing';
  return null;
}

/**
 * The byline role a G2 creator/contributor @role stands for, or null when it is not a byline role.
 * @role is a QCodeListType (XSD, FlexAuthorPropType and Flex1PartyPropType): one or more qcodes
 * parted by spaces ("cpprole:author cpprole:correspondent"); the first that is a byline role counts.
 */
export function roleOf(qcode: string | null, fallback: Byline['role']): Byline['role'] | null {
  if (!qcode?.trim()) return fallback;
  for (const code of qcode.trim().split(/\s+/).slice(0, 16)) {
    const role = roleOfCode(code);
    if (role) return role;
  }
  return null;
}

/** The person's name of a G2 party element: its `name` child (first one) or @literal. */
export function partyName(el: XmlElement): string | null {
  const name = children(el, 'name').map((n) => cleanText(n)).find((n) => n !== null);
  return name ?? (attr(el, 'literal')?.replace(/\s+/g, ' ').trim() || null);
}

/** A printed byline hint with the item's role, unless it names its own ("Photos by …") or the role is the default author. */
function withRole(hint: BylineHint, role: Byline['role']): BylineHint {
  return role === 'author' || (hint.raw && rolePhrase(hint.raw)) ? hint : { ...hint, role };
}

export interface PeopleInput {
  contentMeta: XmlElement | null;
  /** NITF body.head of an inline NITF body, when present. */
  nitfHead: XmlElement | null;
  defaultRole: Byline['role'];
}

/** Bylines from the item's metadata, de-duplicated on name and role. */
export function readBylines({ contentMeta, nitfHead, defaultRole }: PeopleInput): BylineHint[] {
  const out: BylineHint[] = [];
  const seen = new Set<string>();
  const push = (hint: BylineHint, key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(hint);
  };

  // `by` is the byline as printed (NewsML-G2 Guidelines, "by": natural-language author information):
  // the credits engine parses it as it does a NITF byline. A date or code in it ("No-Data-Available,
  // MAR 04") marks a placeholder stamp, no byline.
  for (const by of children(contentMeta, 'by')) {
    const raw = cleanText(by);
    if (raw && !/\d/.test(raw)) out.push(withRole({ raw, evidence: { from: 'element', rule: 'newsml-g2 by' } }, defaultRole));
  }
  for (const el of [...children(contentMeta, 'creator'), ...children(contentMeta, 'contributor')]) {
    const name = partyName(el);
    if (!isPersonName(name)) continue;
    let role = roleOf(attr(el, 'role'), el.name === 'creator' ? defaultRole : 'contributor');
    // A contributor without a byline role (caption writer, packaging editor, supplier) is no byline;
    // one who reported or wrote is credited as a contributor, a photographer as a photographer and
    // an editor as editing (the canonical byline roles, schemas/article.schema.json).
    if (!role || (el.name === 'contributor' && !attr(el, 'role'))) continue;
    if (el.name === 'contributor' && role !== 'photographer' && role !== 'editing' && !attr(el, 'role')?.startsWith('wdrole:')) role = 'contributor';
    push({ name: name!, role, evidence: { from: 'element', rule: `newsml-g2 ${el.name}` } }, `${name!.toLowerCase()}|${role}`);
  }
  // An inline NITF body's bylines, read as the NITF reader reads them (byttl is the affiliation);
  // the credits engine parses them. A picture item's byline names its photographer.
  for (const hint of nitfBylines(nitfHead)) out.push(withRole(hint, defaultRole));
  return out;
}

/** The photographer a picture item's metadata names: a creator with a photographer role, else `by`. */
export function photographerOf(contentMeta: XmlElement | null): string | null {
  for (const el of children(contentMeta, 'creator')) {
    const name = partyName(el);
    if (isPersonName(name) && roleOf(attr(el, 'role'), 'photographer') === 'photographer') return name;
  }
  const by = cleanText(child(contentMeta, 'by'));
  if (!by || /\d/.test(by)) return null;
  const phrase = rolePhrase(by);
  return parseByline(phrase?.rest ?? by, 'photographer', { from: 'element', rule: 'newsml-g2 by' })[0]?.name ?? null;
}

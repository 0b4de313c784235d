import type { BylineHint } from '../../model/parsed-story.js';
import type { Byline } from '../../model/article.generated.js';
import { canonicalAgency } from '../../extract/agencies.js';
import { attr, child, children, cleanText, type XmlElement } from '../../xml/xml-tree.js';
import { qcodeCode } from './qcode.js';
import { stripByLead } from '../../extract/by-lead.js';
import { isOrganisation } from '../../extract/names.js';
import { nitfBylines } from '../nitf.js';

/**
 * People named in NewsML-G2 metadata (`creator`, `contributor`, `by`, NITF `byline`). Wires fill
 * these slots with many things that are not people: desk logins ("degenhardt.sandra"), initials
 * ("VRG", "MDJ/"), agencies ("Reuters", "SANA", "REUTERS TV"), placeholders
 * ("No-Data-Available, MAR 04") and job titles ("Staff Reporter"). Only person names become bylines.
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

/** Strips the by-line lead (src/extract/by-lead.ts) and splits a byline's list of names. */
function bylineParts(raw: string): string[] {
  const t = stripByLead(raw.replace(/\s+/g, ' '));
  return t.split(/\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\bja\b|\boch\b|\be\b)\s*/i).map((p) => p.trim()).filter(Boolean);
}

/** A printed byline is kept when its leading names are people; titles after a comma ("AP Writer") may follow. */
export function isPersonByline(raw: string | null | undefined): boolean {
  if (!raw) return false;
  const parts = bylineParts(raw);
  if (parts.length === 0) return false;
  if (/\d/.test(raw)) return false;
  return isPersonName(parts[0]);
}

const WIREDESK_ROLES = ['author', 'reporting', 'additional-reporting', 'writing', 'editing', 'compiled-by', 'contributor', 'photographer'] as const;

/** The byline role a G2 creator/contributor role qcode stands for, or null when it is not a byline role. */
export function roleOf(qcode: string | null, fallback: Byline['role']): Byline['role'] | null {
  if (!qcode) return fallback;
  // wiredesk's own role scheme (src/export/newsml-g2.ts) names the canonical roles as they are.
  const own = /^wdrole:([a-z-]+)$/.exec(qcode.trim())?.[1];
  if (own && (WIREDESK_ROLES as readonly string[]).includes(own)) return own as Byline['role'];
  const code = qcodeCode(qcode).toLowerCase();
  if (/phot/.test(code)) return 'photographer';
  if (/^(?:author|writer|reporter|correspondent|journalist|source|originator|creator|byline)$/.test(code)) return 'author';
  if (/^(?:additionalreporting|additional-reporting|contributor)$/.test(code)) return 'contributor';
  if (/^(?:editor|editing)$/.test(code)) return 'editing';
  return null;
}

/** The person's name of a G2 party element: its `name` child (first one) or @literal. */
export function partyName(el: XmlElement): string | null {
  const name = children(el, 'name').map((n) => cleanText(n)).find((n) => n !== null);
  return name ?? (attr(el, 'literal')?.replace(/\s+/g, ' ').trim() || null);
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

  for (const by of children(contentMeta, 'by')) {
    const raw = cleanText(by);
    if (raw && isPersonByline(raw)) {
      const names = bylineParts(raw).filter(isPersonName);
      push({ raw, role: defaultRole, evidence: { from: 'element', rule: 'newsml-g2 by' } }, `${names.join('|').toLowerCase()}|${defaultRole}`);
      for (const n of names) seen.add(`${n.toLowerCase()}|${defaultRole}`);
    }
  }
  for (const el of [...children(contentMeta, 'creator'), ...children(contentMeta, 'contributor')]) {
    const name = partyName(el);
    if (!isPersonName(name)) continue;
    let role = roleOf(attr(el, 'role'), el.name === 'creator' ? defaultRole : 'contributor');
    // A contributor without a byline role (caption writer, packaging editor, supplier) is no byline;
    // one who reported or wrote is credited as a contributor, a photographer as a photographer.
    if (!role || (el.name === 'contributor' && !attr(el, 'role'))) continue;
    if (el.name === 'contributor' && role !== 'photographer' && !attr(el, 'role')?.startsWith('wdrole:')) role = 'contributor';
    push({ name: name!, role, evidence: { from: 'element', rule: `newsml-g2 ${el.name}` } }, `${name!.toLowerCase()}|${role}`);
  }
  // An inline NITF body's bylines, read as the NITF reader reads them (byttl is the affiliation);
  // the credits engine parses them. A picture item's byline names its photographer.
  for (const hint of nitfBylines(nitfHead)) out.push(defaultRole === 'author' ? hint : { ...hint, role: defaultRole });
  return out;
}

/** The photographer a picture item's metadata names: a creator with a photographer role, else `by`. */
export function photographerOf(contentMeta: XmlElement | null): string | null {
  for (const el of children(contentMeta, 'creator')) {
    const name = partyName(el);
    if (isPersonName(name) && roleOf(attr(el, 'role'), 'photographer') === 'photographer') return name;
  }
  const by = cleanText(child(contentMeta, 'by'));
  if (by && isPersonByline(by)) return bylineParts(by)[0] ?? null;
  return null;
}

/**
 * Provider profiles for NewsML-G2: what differs between agencies is stated here as data (which
 * provider strings or guids identify the agency, which free-text markers they use for signals,
 * how their picture captions end), not as branches in the reader. When an agency changes its
 * markup, add a profile version here rather than editing the reader.
 */

/** A marker in one of the item's text fields that stands for an editorial signal. */
export interface TextSignalRule {
  field: 'slugline' | 'headline' | 'genre' | 'edNote';
  pattern: RegExp;
  signal: string;
}

export interface ProviderProfile {
  readonly name: string;
  /** The agency name wiredesk reports as `source` when this provider wrote the item. */
  readonly agency: string;
  /** Tested against the provider's literal / qcode / name / uri, the item guid and creator names. */
  readonly match: RegExp;
  /** Agency conventions that mark signals in text when no `signal` element says so. */
  readonly textSignals?: readonly TextSignalRule[];
  /**
   * The agency's credit printed at the end of a picture caption (group 1 is the credit). Used as
   * the picture's credit when the metadata names no photographer, because the printed credit is
   * then more specific than the bare `creditline`.
   */
  readonly captionCredit?: RegExp;
  /** A desk sign-off closing the body ("cdu/abc/pb"): not story text, dropped with its paragraph. */
  readonly signoff?: RegExp;
}

export const PROFILES: readonly ProviderProfile[] = [
  {
    name: 'reuters',
    agency: 'Reuters',
    match: /reuters/i,
    // "… Damascus July 16, 2014. REUTERS/SANA/Handout via Reuters (SYRIA - Tags: POLITICS)"
    captionCredit: /(?:^|\s)((?:[\p{L}][\p{L}\p{N} .&'-]*\/)*REUTERS(?:\/[^/()\n]+)*?(?: via [^()\n]+?)?)\s*(?:\([^()]*\))?\s*$/u,
  },
  {
    name: 'ap',
    agency: 'AP',
    match: /\bap\.org\b|(?:^|[\s:])AP(?:$|\s)|associated press|approviderid/i,
    textSignals: [
      // AP slugs carry the write-through count: "BC-US--Earns-Nutrisystem, 1st Ld-Writethru".
      { field: 'slugline', pattern: /\bwrite-?thru\b/i, signal: 'update' },
      { field: 'slugline', pattern: /\bcorrect(?:ion|ive)\b/i, signal: 'correction' },
    ],
  },
  {
    name: 'afp',
    agency: 'AFP',
    match: /\bafp\b|agence france[- ]presse/i,
    textSignals: [{ field: 'headline', pattern: /^\s*(?:rectificatif|correction)\b/i, signal: 'correction' }],
    signoff: /^[a-z]{2,5}(?:[-/][a-z0-9]{2,6}){1,6}$/,
  },
  {
    name: 'dpa',
    agency: 'dpa',
    match: /\bdpa\b|deutsche presse/i,
    textSignals: [
      { field: 'headline', pattern: /\bBerichtigung\b/i, signal: 'correction' },
      { field: 'slugline', pattern: /\bBerichtigung\b/i, signal: 'correction' },
      { field: 'genre', pattern: /\bBerichtigung\b/i, signal: 'correction' },
      { field: 'edNote', pattern: /\bBerichtigung\b/i, signal: 'correction' },
    ],
  },
  { name: 'ansa', agency: 'ANSA', match: /\bansa\b/i },
  { name: 'stt', agency: 'STT', match: /^stt$|\bstt\.fi\b|stt-lehtikuva/i },
  { name: 'getty', agency: 'Getty Images', match: /getty\s*images|gettyimages\.com|nprov:GYI\b/i },
];

/** The first profile whose pattern matches one of the given strings. */
export function findProfile(...candidates: Array<string | null | undefined>): ProviderProfile | null {
  for (const c of candidates) {
    if (!c) continue;
    for (const p of PROFILES) if (p.match.test(c)) return p;
  }
  return null;
}

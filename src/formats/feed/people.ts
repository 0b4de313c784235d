import type { BylineHint } from '../../model/parsed-story.js';
import type { Byline } from '../../model/article.generated.js';
import { wireAgency } from '../../extract/agencies.js';

/**
 * Feed authors as the credits engine wants them: the printed text without the e-mail address
 * feeds attach to it ("jo@example.com (Jo Kim)", "Jo Kim <jo@example.com>"). Names are not parsed
 * here; "David Smith in Washington" or "Associated Press" are the engine's to read.
 */

// The lookbehind lets an address start only where a run of its characters starts: without it a
// long run of letters with no '@' was tried from each of its characters (quadratic: 100 KB, 5 s).
const EMAIL = /(?:mailto:)?(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** The author text without e-mail addresses and the brackets left empty by removing them; null when nothing is left. */
export function withoutEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = raw
    .replace(EMAIL, ' ')
    .replace(/[([<{]\s*[)\]>}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // "jo@example.com (Jo Kim)" leaves "(Jo Kim)"; "Jo Kim" stays.
  const unwrapped = /^\((.*)\)$/.exec(t)?.[1]?.trim() ?? t;
  return unwrapped === '' ? null : unwrapped;
}

/** A printed author line (RSS author, dc:creator, JSON Feed author name) as a byline hint for the engine. */
export function rawByline(raw: string | null | undefined, rule: string, role: Byline['role'] = 'author'): BylineHint | null {
  const text = withoutEmail(raw);
  return text ? { raw: text, role, evidence: { from: 'element', rule } } : null;
}

/** A name the format already separated (Atom person `name`), kept as printed. */
export function namedByline(name: string | null | undefined, rule: string, role: Byline['role']): BylineHint | null {
  const text = withoutEmail(name);
  return text ? { name: text, role, evidence: { from: 'element', rule } } : null;
}

/**
 * Authors that are wire agencies ("Associated Press", "Reuters in New York") tell who wrote the
 * story, and are no people: they become the source and leave the bylines.
 */
export function agencyAuthors(hints: readonly BylineHint[]): { people: BylineHint[]; agency: string | null } {
  let agency: string | null = null;
  const people: BylineHint[] = [];
  for (const b of hints) {
    const found = wireAgency((b.name ?? b.raw ?? '').replace(/\s+in\s+\p{Lu}.*$/u, '').trim());
    if (found) agency ??= found;
    else people.push(b);
  }
  return { people, agency };
}

import type { Byline, Credit, Dateline, TrailerMatch } from './types.js';
import { canonicalAgency, wireAgency } from './agencies.js';
import { agencyOfTrailer } from './trailer.js';

/**
 * The agency that wrote a story (`source`): what the metadata states, else inferred from the
 * text in order of strength: the dateline's agency credit, the trailer's house style, the
 * bylines' affiliation ("AP Business Writer", "dpa"), the distributor of the pictures ("via
 * REUTERS"). An inferred source carries the evidence so the warning can say why.
 */
export interface SourceEvidence {
  source: string | null;
  /** Why it was inferred; null when the metadata stated it (or nothing was found). */
  inferredFrom: string | null;
}

export interface SourceClues {
  stated: string | null | undefined;
  dateline: Dateline | null;
  trailer: TrailerMatch | null;
  bylines: Byline[];
  credits: Credit[];
  /** The item is a picture (graphic, video): its credit line names the provider that made it. */
  mediaItem?: boolean;
}

export function resolveSource(clues: SourceClues): SourceEvidence {
  const stated = clues.stated?.trim();
  if (stated) return { source: canonicalAgency(stated) ?? stated, inferredFrom: null };
  // The dateline credits the writer, known agency or not ("Jan. 12 (BusinessDesk) -", "(Sports Network) -").
  const fromDateline = clues.dateline?.agency ? (canonicalAgency(clues.dateline.agency) ?? clues.dateline.agency) : null;
  if (fromDateline && clues.dateline) return { source: fromDateline, inferredFrom: `dateline "${clues.dateline.raw}"` };
  const fromTrailer = clues.trailer ? agencyOfTrailer(clues.trailer) : null;
  if (fromTrailer && clues.trailer) return { source: fromTrailer, inferredFrom: `trailer "${clues.trailer.raw.slice(0, 120)}"` };
  for (const b of clues.bylines) {
    const words = (b.affiliation ?? '').split(/[\s,]+/);
    const agency = wireAgency(b.affiliation) ?? words.map((w) => wireAgency(w)).find((a) => a !== null) ?? null;
    if (agency && b.role === 'author') return { source: agency, inferredFrom: `byline affiliation "${b.affiliation}"` };
  }
  const distributors = [...new Set(clues.credits.map((c) => wireAgency(c.via)).filter((a): a is string => a !== null))];
  if (distributors.length === 1) return { source: distributors[0]!, inferredFrom: `picture credit "via ${distributors[0]}"` };
  // A picture item's own credit (IPTC Credit Line: the provider) naming one wire agency.
  if (clues.mediaItem && clues.credits.length === 1) {
    const agencies = [...new Set(clues.credits[0]!.agencies.map((a) => wireAgency(a)).filter((a): a is string => a !== null))];
    if (agencies.length === 1) return { source: agencies[0]!, inferredFrom: `picture credit "${clues.credits[0]!.raw ?? agencies[0]}"` };
  }
  return { source: null, inferredFrom: null };
}

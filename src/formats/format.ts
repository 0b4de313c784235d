import type { ParseResult } from '../model/parsed-story.js';
import type { Sniff } from '../pipeline/sniff.js';

/**
 * The contract every input format implements. One module per format in `src/formats/`, all of
 * them listed in `registry.ts`.
 */
export interface FormatModule {
  /** Registry name, kebab-case; also `provenance.format`. */
  readonly name: string;
  /** Bumped when the module's output changes; recorded in `provenance.parser.version`. */
  readonly version: string;
  readonly description: string;
  /**
   * How sure this module is that it reads the input: 0 (not mine) to 1 (certain). Looks only at
   * the precomputed sniff (BOM, XML root and namespace, JSON keys, control characters), never
   * at a file extension alone.
   */
  detect(sniff: Sniff): number;
  /** Reads the document into stories. Throws a WiredeskError when nothing can be read. */
  parse(input: ParseInput): ParseResult;
}

export interface ParseInput {
  /** The decoded document text. */
  text: string;
  /** The raw bytes, for modules that slice items out for failure records. */
  bytes: Buffer;
  sniff: Sniff;
  /** Path or URL as given, for relative links and messages. */
  path: string | null;
  /** Base URL to resolve relative links against (the fetched URL). */
  baseUrl: string | null;
}

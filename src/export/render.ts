import type { Article } from '../model/article.generated.js';
import { toNinjs } from './ninjs.js';
import { toNinjs3 } from './ninjs3.js';
import { toNewsmlG2 } from './newsml-g2.js';

/**
 * The output formats of one article (issue 18): for `wiredesk ingest --format`, the webhook and
 * folder subscribers. `json` is the canonical article itself (the `canonical` of the CLI).
 */
export const OUTPUT_FORMATS = ['json', 'ninjs', 'ninjs3', 'newsml-g2'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(s: string): s is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(s);
}

export interface Rendered {
  body: string;
  contentType: string;
  /** File extension, with its dot. */
  extension: string;
}

/** One article in one output format. */
export function renderArticle(a: Article, format: OutputFormat, pretty = false): Rendered {
  if (format === 'newsml-g2') return { body: toNewsmlG2(a), contentType: 'application/vnd.iptc.g2.newsitem+xml', extension: '.xml' };
  const doc = format === 'ninjs' ? toNinjs(a) : format === 'ninjs3' ? toNinjs3(a) : a;
  return { body: pretty ? JSON.stringify(doc, null, 2) + '\n' : JSON.stringify(doc), contentType: format === 'json' ? 'application/json' : 'application/ninjs+json', extension: '.json' };
}

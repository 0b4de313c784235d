import { DomUtils, Parser, type ParserOptions } from 'htmlparser2';
import { DomHandler, type Document, type DomHandlerOptions } from 'domhandler';

/**
 * The deepest element nesting wiredesk builds from HTML (a body, a description, a page). Real
 * pages nest a few dozen levels; ten thousand nested tags inside a JSON or RSS string overflowed
 * the stack of every recursive walk over the tree (ours, cheerio's, the serializer's) and came
 * out as WIREDESK_ERR_INTERNAL. Elements deeper than this are left out and their content (text,
 * shallower siblings) kept in the element at the limit: the text is read, the tree stays shallow.
 * The same limit as XML's (src/xml/xml-tree.ts), where deeper documents are refused.
 */
export const MAX_HTML_DEPTH = 256;

/** A DOM builder that opens no element deeper than `max`; the tags past it are dropped, their content kept. */
class CappedDomHandler extends DomHandler {
  private ignored = 0;
  constructor(options: DomHandlerOptions, private readonly max: number) {
    super(undefined, options);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    // tagStack[0] is the document.
    if (this.ignored > 0 || this.tagStack.length > this.max) {
      this.ignored++;
      return;
    }
    super.onopentag(name, attribs);
  }

  override onclosetag(): void {
    // The parser closes elements in the reverse order it opened them, so while any are dropped
    // the innermost open element is a dropped one.
    if (this.ignored > 0) {
      this.ignored--;
      return;
    }
    super.onclosetag();
  }
}

type ParseOptions = ParserOptions & DomHandlerOptions;

/** htmlparser2's parseDocument, with elements nested no deeper than `max` (the same tree for any shallower document). */
export function parseHtml(html: string, options: ParseOptions = {}, max = MAX_HTML_DEPTH): Document {
  const handler = new CappedDomHandler(options, max);
  new Parser(handler, options).end(html);
  return handler.root;
}

/** The deepest element nesting of `html` as htmlparser2 reads it, counting no further than `max + 1`. */
export function htmlDepthOver(html: string, max = MAX_HTML_DEPTH): boolean {
  // Nesting deeper than max needs more than max tags: most markup is ruled out by a count of '<'.
  let tags = 0;
  for (let i = html.indexOf('<'); i !== -1 && tags <= max; i = html.indexOf('<', i + 1)) tags++;
  if (tags <= max) return false;
  let depth = 0;
  let over = false;
  const parser = new Parser({
    onopentag() {
      if (++depth > max) over = true;
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  return over;
}

/**
 * Markup nested deeper than `max` rewritten with the nesting capped (as parseHtml builds it), for
 * parsers and libraries that take a string (cheerio's parse5, sanitize-html); anything shallower
 * is returned as it is.
 */
export function capHtmlDepth(html: string, max = MAX_HTML_DEPTH): string {
  if (!htmlDepthOver(html, max)) return html;
  return DomUtils.getOuterHTML(parseHtml(html, { decodeEntities: true }, max).children, { encodeEntities: 'utf8' });
}

import { WiredeskError } from '../errors.js';
import type { FormatModule } from './format.js';
import type { Sniff } from '../pipeline/sniff.js';
import { newsmlG2 } from './newsml-g2.js';
import { textDump } from './text-dump.js';
import { nitf } from './nitf.js';
import { newsml1 } from './newsml-1.js';
import { ninjs } from './ninjs.js';
import { apMediaApi } from './ap-media-api.js';
import { dpaDigitalwires } from './dpa-digitalwires.js';
import { rss } from './rss.js';
import { atomFeed } from './atom.js';
import { jsonFeed } from './json-feed.js';
import { photoMetadata } from './photo-metadata.js';
import { wordpressWxr } from './wordpress-wxr.js';
import { ritzau } from './ritzau.js';
import { wenn } from './wenn.js';
import { anpa1312 } from './anpa-1312.js';
import { iptc7901 } from './iptc-7901.js';
import { html } from './html.js';
import { email, readAttachmentsWith } from './email.js';

/**
 * The one table of input formats. Adding a format = one module in src/formats/ + one line here
 * + fixtures in fixtures/<name>/ (the registry test fails for a format without fixtures).
 */
export class FormatRegistry {
  readonly #formats = new Map<string, FormatModule>();

  add(format: FormatModule): this {
    if (this.#formats.has(format.name)) {
      throw new WiredeskError('WIREDESK_ERR_REGISTRY_DUPLICATE', format.name);
    }
    this.#formats.set(format.name, format);
    return this;
  }

  get(name: string): FormatModule | undefined {
    return this.#formats.get(name);
  }

  list(): FormatModule[] {
    return [...this.#formats.values()];
  }

  /** The module most confident it reads the input, or null when none is above `min`. */
  detect(s: Sniff, min = 0.1): { format: FormatModule; confidence: number } | null {
    let best: { format: FormatModule; confidence: number } | null = null;
    for (const format of this.#formats.values()) {
      const confidence = format.detect(s);
      if (confidence > min && (!best || confidence > best.confidence)) best = { format, confidence };
    }
    return best;
  }
}

export const registry = new FormatRegistry().add(newsmlG2).add(textDump)
  .add(nitf)
  .add(newsml1)
  .add(ninjs)
  .add(apMediaApi)
  .add(dpaDigitalwires)
  .add(photoMetadata)
  .add(wordpressWxr)
  .add(ritzau)
  .add(wenn)
  .add(anpa1312)
  .add(iptc7901)
  .add(rss)
  .add(atomFeed)
  .add(jsonFeed)
  .add(email)
  .add(html);

// An e-mail's attachments are read by whichever format detects them (src/formats/email.ts).
readAttachmentsWith(registry);

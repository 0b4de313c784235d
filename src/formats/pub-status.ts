import type { Article } from '../model/article.generated.js';

const PUB_STATUS: Record<string, Article['pubStatus']> = {
  usable: 'usable',
  withheld: 'withheld',
  embargoed: 'withheld',
  canceled: 'canceled',
  cancelled: 'canceled',
};

/**
 * A publishing status as formats spell it ("usable", "stat:canceled", "Embargoed", "cancelled")
 * to the canonical value, the same for every format; null for anything else.
 */
export function pubStatusFromCode(code: string | null | undefined): Article['pubStatus'] | null {
  if (!code) return null;
  return PUB_STATUS[code.trim().toLowerCase().replace(/^[a-z0-9-]*:/, '')] ?? null;
}

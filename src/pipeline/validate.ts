import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Article } from '../model/article.generated.js';

import { packagePath } from '../package-info.js';

const schema = JSON.parse(readFileSync(packagePath('schemas', 'article.schema.json'), 'utf8')) as object;

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

/** The compiled validator for schemas/article.schema.json, compiled once per process. */
export const validateArticle = ajv.compile<Article>(schema);

export function articleErrors(article: unknown): string[] {
  if (validateArticle(article)) return [];
  return (validateArticle.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export { schema as articleSchema };

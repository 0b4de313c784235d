import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PACKAGE_ROOT } from '../../src/package-info.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => Ajv2020;

/**
 * IPTC's published ninjs 2.x JSON Schema, read from where WIREDESK_NINJS_SCHEMA points (default:
 * ../shared/standards/ninjs-schema_2.2.json beside the package). It is never copied into the repo.
 * Returns the reason instead when the schema is not there, so tests can skip saying why.
 */
export function loadNinjsValidator(): { validate: ValidateFunction; path: string } | { skip: string } {
  const fromEnv = process.env.WIREDESK_NINJS_SCHEMA;
  const path = fromEnv ? resolve(fromEnv) : join(PACKAGE_ROOT, '..', 'shared', 'standards', 'ninjs-schema_2.2.json');
  if (!existsSync(path)) {
    return { skip: `ninjs 2.x schema not found at ${path} (set WIREDESK_NINJS_SCHEMA to IPTC's ninjs-schema_2.2.json)` };
  }
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // The published schema is validated as published: strict mode off because it uses annotation
  // keywords ajv does not know, formats on because ninjs relies on uri and date-time.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // places[].geojson refers to the GeoJSON schema on geojson.org; tests never fetch. wiredesk emits
  // no geojson, so a permissive local stand-in under the same id lets the schema compile offline.
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  return { validate: ajv.compile(schema), path };
}

export function ninjsErrors(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

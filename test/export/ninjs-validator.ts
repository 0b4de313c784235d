import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PACKAGE_ROOT } from '../../src/package-info.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv2020) => Ajv2020;

/**
 * IPTC's published ninjs 2.x (or 3.x) JSON Schema, read from where WIREDESK_NINJS_SCHEMA
 * (WIREDESK_NINJS3_SCHEMA) points (default: ../shared/standards/ninjs-schema_2.2.json or
 * ninjs-schema_3.1.json beside the package). It is never copied into the repo.
 * Returns the reason instead when the schema is not there, so tests can skip saying why.
 */
export function loadNinjsValidator(major: 2 | 3 = 2): { validate: ValidateFunction; path: string } | { skip: string } {
  const envName = major === 2 ? 'WIREDESK_NINJS_SCHEMA' : 'WIREDESK_NINJS3_SCHEMA';
  const file = major === 2 ? 'ninjs-schema_2.2.json' : 'ninjs-schema_3.1.json';
  const fromEnv = process.env[envName];
  const path = fromEnv ? resolve(fromEnv) : join(PACKAGE_ROOT, '..', 'shared', 'standards', file);
  if (!existsSync(path)) {
    return { skip: `ninjs ${major}.x schema not found at ${path} (set ${envName} to IPTC's ${file})` };
  }
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // The published schema is validated as published: strict mode off because it uses annotation
  // keywords ajv does not know, formats on because ninjs relies on uri and date-time.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // places[].geojson (ninjs 3: geoJSON) refers to the GeoJSON schema on geojson.org; tests never
  // fetch. wiredesk emits no geometry, so a permissive local stand-in under the same id lets the
  // schema compile offline (../shared/standards/README.md).
  ajv.addSchema({ $id: 'https://geojson.org/schema/GeoJSON.json', type: 'object' });
  return { validate: ajv.compile(schema), path };
}

export function ninjsErrors(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

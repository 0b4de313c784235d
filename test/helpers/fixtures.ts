import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ingestItem, type IngestResult } from '../../src/pipeline/ingest.js';
import { PACKAGE_ROOT } from '../../src/package-info.js';

/** Fixed so golden files do not change with the clock. */
export const FIXTURE_RECEIVED_AT = new Date('2026-01-01T00:00:00.000Z');
export const FIXTURES_DIR = join(PACKAGE_ROOT, 'fixtures');

/** Every fixture input under fixtures/, whatever formats exist today (expectation files excluded). */
export function allFixtureInputs(): string[] {
  return fixtureInputs('.');
}

/** Input files of one format's fixture folder (expectation files excluded; `.` for all of them). */
export function fixtureInputs(format: string): string[] {
  const dir = join(FIXTURES_DIR, format);
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (name.startsWith('.') || name.endsWith('.expected.json')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out;
}

/** Runs the pipeline over a fixture as the golden files record it: path relative to the package, fixed clock, strict. */
export function ingestFixture(path: string): IngestResult {
  return ingestItem(
    { bytes: readFileSync(path), path: relative(PACKAGE_ROOT, path).split('\\').join('/'), receivedAt: FIXTURE_RECEIVED_AT },
    { strict: true },
  );
}

export function expectedPath(input: string): string {
  return `${input}.expected.json`;
}

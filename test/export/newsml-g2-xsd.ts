import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-info.js';

/**
 * IPTC's NewsML-G2 2.35 XSD and Debian's xmllint (package libxml2-utils), or why a test cannot
 * validate: the XSD is read from WIREDESK_NEWSMLG2_XSD or ../shared/standards/ beside the package
 * (never copied into the repo).
 */
export function newsmlG2Validator(): { xsd: string } | { skip: string } {
  const fromEnv = process.env.WIREDESK_NEWSMLG2_XSD;
  const xsd = fromEnv ? resolve(fromEnv) : join(PACKAGE_ROOT, '..', 'shared', 'standards', 'NewsML-G2_2.35-spec-All-Power.xsd');
  if (!existsSync(xsd)) return { skip: `NewsML-G2 2.35 XSD not found at ${xsd} (set WIREDESK_NEWSMLG2_XSD to IPTC's NewsML-G2_2.35-spec-All-Power.xsd)` };
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error) return { skip: 'xmllint is not installed (Debian: apt-get install libxml2-utils; .ci/run installs it)' };
  return { xsd };
}

/** xmllint's complaints about the files (one run for all of them); empty when every file validates. */
export function xsdErrors(xsd: string, files: string[]): string[] {
  if (files.length === 0) return [];
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) return [];
  return (r.stderr || `xmllint exited ${r.status}`).split('\n').filter((l) => l.trim() && !/ validates$/.test(l));
}

// Generates src/model/article.generated.ts from schemas/article.schema.json, the one source of truth.
// `node scripts/gen-types.mjs --check` exits 1 when the checked-in file is stale (run by the tests).
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const root = new URL('..', import.meta.url);
const schemaPath = new URL('schemas/article.schema.json', root);
const outPath = new URL('src/model/article.generated.ts', root);

export async function generate() {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  return compile(schema, 'Article', {
    bannerComment:
      '/* Generated from schemas/article.schema.json by scripts/gen-types.mjs. Do not edit: change the schema and run `npm run gen:types`. */',
    additionalProperties: false,
    strictIndexSignatures: true,
    style: { singleQuote: true },
    cwd: new URL('schemas/', root).pathname,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ts = await generate();
  if (process.argv.includes('--check')) {
    const current = await readFile(outPath, 'utf8').catch(() => '');
    if (current !== ts) {
      console.error('src/model/article.generated.ts is stale: run `npm run gen:types`');
      process.exit(1);
    }
  } else {
    await writeFile(outPath, ts);
    console.error('wrote src/model/article.generated.ts');
  }
}

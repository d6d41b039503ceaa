/**
 * Generates the TypeScript types of the API (`schema.d.ts`) from the checked-in spec, openapi/openapi.json.
 * `npm run openapi` writes it; `npm run openapi:check` (with --check) fails when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const specPath = join(root, 'openapi', 'openapi.json');
const target = join(here, 'schema.d.ts');
const check = process.argv.includes('--check');

const HEADER = `/**
 * The types of the realtime-analytics API, generated from openapi/openapi.json by \`npm run openapi\`.
 * Do not edit: change the API, then regenerate.
 */

`;

async function main() {
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  // Required unless the spec says otherwise: the server always sends fields that have a default.
  const ast = await openapiTS(spec, { silent: true, defaultNonNullable: true });
  const text = HEADER + astToString(ast);
  const name = relative(root, target);
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      process.stderr.write(`${name} is stale: run \`npm run openapi\` and commit the result\n`);
      return 1;
    }
    process.stdout.write(`${name} is current\n`);
    return 0;
  }
  writeFileSync(target, text);
  process.stdout.write(`wrote ${name}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

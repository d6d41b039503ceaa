/**
 * Generates the TypeScript types of the API (`schema.d.ts`) from the checked-in spec, openapi/openapi.json,
 * and gives the package (`package.json`) the service's version. `npm run openapi` writes both;
 * `npm run openapi:check` (with --check) fails when either is stale.
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
const manifest = join(here, 'package.json');
const check = process.argv.includes('--check');

const HEADER = `/**
 * The types of the realtime-analytics API, generated from openapi/openapi.json by \`npm run openapi\`.
 * Do not edit: change the API, then regenerate.
 */

`;

/** Compares `text` with the file (with --check) or writes it; 0 when current or written, 1 when stale. */
function settle(path, text) {
  const name = relative(root, path);
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
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
  writeFileSync(path, text);
  process.stdout.write(`wrote ${name}\n`);
  return 0;
}

async function main() {
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  // The metric types depend on the server's configuration (its platforms): the client must take any
  // name the server lists at GET /api/v1/metrics/types, so an enum here would freeze one server's list.
  if (spec.components?.schemas?.MetricType?.enum) {
    throw new Error('components.schemas.MetricType has an enum: it must stay an open string');
  }
  // Required unless the spec says otherwise: the server always sends fields that have a default.
  const ast = await openapiTS(spec, { silent: true, defaultNonNullable: true });
  const schemaStatus = settle(target, HEADER + astToString(ast));

  const service = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  const manifestStatus = settle(manifest, `${JSON.stringify({ ...pkg, version: service.version }, null, 2)}\n`);
  return Math.max(schemaStatus, manifestStatus);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

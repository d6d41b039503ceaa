import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from './bootstrap';
import { buildOpenApiDocument } from './openapi';

/**
 * `npm run openapi` writes openapi/openapi.json from the built app; `--check` fails when the checked-in
 * file differs. The document is built on the embedded backends with default settings, so it does not
 * depend on the environment it runs in.
 */
export function serializeDocument(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const target = resolve(process.argv.find((arg) => arg.endsWith('.json')) ?? 'openapi/openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-'));
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX', 'ACTIVE_USER_PLATFORMS'])
    delete process.env[name];
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOG_PRETTY: 'false',
    DEMO_SEED: 'false',
    DEMO_TRAFFIC: 'false',
    SAMPLER_ENABLED: 'false',
  });
  const app = await createApp();
  try {
    await app.init();
    const text = serializeDocument(buildOpenApiDocument(app));
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== text) {
        process.stderr.write(`${target} is stale: run \`npm run openapi\` and commit the result\n`);
        return 1;
      }
      process.stdout.write(`${target} is current\n`);
      return 0;
    }
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
    return 0;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

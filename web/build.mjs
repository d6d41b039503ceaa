/**
 * Builds the dashboard into dist/public (served by the API at /): type-checks web/ (skip with
 * --no-typecheck), bundles web/src/main.ts and its styles with esbuild (uPlot and the API client included,
 * nothing loaded from elsewhere, as the page's CSP requires), and copies index.html.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outdir = join(root, 'dist', 'public');

function typecheck() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(here, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('the dashboard does not type-check');
}

async function main() {
  if (!process.argv.includes('--no-typecheck')) typecheck();
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [
      { in: join(here, 'src', 'main.ts'), out: 'app' },
      { in: join(here, 'src', 'styles.css'), out: 'app' },
    ],
    outdir,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'src', 'index.html'), join(outdir, 'index.html'));
  process.stdout.write(`dashboard built into ${relative(root, outdir)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

#!/usr/bin/env node
/**
 * `npm run openapi:lint`: openapi/openapi.json through Redocly's recommended rules (redocly.yaml) and
 * Spectral's `spectral:oas` (.spectral.yaml). Fails on any error or warning of either. Both run offline: rulesets are built in, telemetry is off.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const spec = 'openapi/openapi.json';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

let failed = false;

const redocly = spawnSync(bin('redocly'), ['lint', spec, '--format=json'], { cwd: root, env, encoding: 'utf8' });
let totals;
try {
  totals = JSON.parse(redocly.stdout).totals;
} catch {
  process.stderr.write(`redocly lint did not answer in JSON:\n${redocly.stdout}${redocly.stderr}`);
  process.exit(1);
}
process.stdout.write(
  `redocly lint: ${totals.errors} errors, ${totals.warnings} warnings\n`,
);
if (totals.errors > 0 || totals.warnings > 0) {
  failed = true;
  spawnSync(bin('redocly'), ['lint', spec], { cwd: root, env, stdio: 'inherit' });
}

const spectral = spawnSync(bin('spectral'), ['lint', spec, '--fail-severity=warn'], {
  cwd: root,
  env,
  encoding: 'utf8',
});
process.stdout.write(`spectral lint (spectral:oas): ${spectral.stdout.trim()}\n`);
if (spectral.status !== 0) {
  failed = true;
  process.stderr.write(spectral.stderr);
}
process.exit(failed ? 1 : 0);

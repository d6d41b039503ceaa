#!/usr/bin/env node
/**
 * `npm start`: builds when the sources are newer than the build (or there is none), then runs the
 * service. With no DATABASE_URL / REDIS_URL it runs on an embedded SQLite file and in-process state.
 */
const { spawnSync, spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'apps', 'api', 'src', 'main.js');
const dashboard = path.join(root, 'dist', 'public', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(entry) || !existsSync(dashboard)) return true;
  const built = Math.min(statSync(entry).mtimeMs, statSync(dashboard).mtimeMs);
  const sources = ['apps', 'libs', 'web', 'clients'].map((dir) => path.join(root, dir)).filter(existsSync);
  return (
    sources.some((dir) => newestMtime(dir) > built) ||
    statSync(path.join(root, 'package.json')).mtimeMs > built
  );
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (stale()) {
  process.stdout.write('building (first start, or the sources changed)...\n');
  run(process.execPath, [
    path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'),
    'build',
    'api',
  ]);
  // The type check of the dashboard is part of `npm run build` and CI; a start only needs the bundle.
  run(process.execPath, [path.join(root, 'web', 'build.mjs'), '--no-typecheck']);
  run(process.execPath, [path.join(root, 'scripts', 'write-build-info.js')]);
}

const child = spawn(process.execPath, [entry], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

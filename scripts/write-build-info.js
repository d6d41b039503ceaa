#!/usr/bin/env node
/**
 * Records the git commit the build is made from in dist/build-info.json, read by the service at start
 * (GIT_COMMIT, when set, wins: an image build passes it as a build argument, having no .git to read).
 * Writes `"commit": null` when neither is known.
 */
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const pattern = /^[0-9a-f]{7,40}$/i;

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

const candidate = (process.env.GIT_COMMIT || '').trim() || gitCommit();
const commit = candidate && pattern.test(candidate) ? candidate.toLowerCase() : null;
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify({ commit })}\n`);

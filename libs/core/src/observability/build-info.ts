import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Env } from '../config/env';

const PACKAGE_NAME = 'realtime-analytics';
const COMMIT_PATTERN = /^[0-9a-f]{7,40}$/i;
/** Written by `npm run build` (scripts/write-build-info.js) beside the compiled code. */
export const BUILD_INFO_FILE = join('dist', 'build-info.json');

/** The project's root: the nearest folder up from here whose package.json is this service's. */
function projectRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === PACKAGE_NAME) return dir;
    }
    if (dirname(dir) === dir) return null;
  }
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export interface BuildInfoValues {
  /** package.json's version. */
  version: string;
  /** The git commit the code was built from, when known: GIT_COMMIT, else the build's own record. */
  commit: string | null;
}

/** Reads the version once: GIT_COMMIT wins over the commit `npm run build` recorded. */
export function readBuildInfo(env: Env, from = __dirname): BuildInfoValues {
  const root = projectRoot(from);
  const manifest = root ? readJson(join(root, 'package.json')) : null;
  const version = typeof manifest?.version === 'string' ? manifest.version : '0.0.0';
  const fromEnv = env.GIT_COMMIT?.trim();
  if (fromEnv && COMMIT_PATTERN.test(fromEnv)) return { version, commit: fromEnv.toLowerCase() };
  const recorded = root ? readJson(join(root, BUILD_INFO_FILE))?.commit : undefined;
  return {
    version,
    commit: typeof recorded === 'string' && COMMIT_PATTERN.test(recorded) ? recorded.toLowerCase() : null,
  };
}

/** This service's version and commit, read once at start. */
@Injectable()
export class BuildInfo implements BuildInfoValues {
  readonly version: string;
  readonly commit: string | null;

  constructor() {
    ({ version: this.version, commit: this.commit } = readBuildInfo(process.env));
  }
}

import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the dashboard build (`web/build.mjs`, part of `npm run build`) writes the page: dist/public, seen
 * from the compiled app (dist/apps/api/src) and from the sources (apps/api/src, as the tests run them).
 */
export const DASHBOARD_DIRS = [
  resolve(__dirname, '../../../public'),
  resolve(__dirname, '../../../dist/public'),
];

export function dashboardRoot(): string | null {
  return DASHBOARD_DIRS.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the dashboard at `/`: only the files the build wrote (listed once at boot, no catch-all route, so
 * unknown paths keep their 404 problem document), under the app's CSP and security headers.
 */
export async function registerStaticFiles(app: NestFastifyApplication): Promise<void> {
  const root = dashboardRoot();
  if (root === null) {
    new Logger('Dashboard').warn('the dashboard is not built (npm run build): / answers 404');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Swagger UI registers @fastify/static too, and reply.sendFile may be decorated only once.
    decorateReply: false,
    // The file names carry no content hash: browsers revalidate (ETag) on every load.
    maxAge: 0,
  });
}

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BACKEND } from './support/backends';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const CLIENT_DIR = join(ROOT, 'clients', 'typescript');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Packing, installing and compiling costs half a minute: once per `npm test`, on the MySQL + Redis run. */
const onOneBackend = BACKEND === 'mysql' ? describe : describe.skip;

/** The consumer: what a front end or a Node service writes after `npm install` of the tarball. */
function consumerSource(baseUrl: string): string {
  return `import {
  ApiError,
  createAnalyticsClient,
  unwrap,
  type MetricType,
  type MetricsSummary,
} from '@realtime-analytics/client';

const api = createAnalyticsClient({ baseUrl: ${JSON.stringify(baseUrl)} });
const key = { Authorization: 'Bearer ${INGEST_KEY}' };

// Any metric the server lists is a MetricType: these platforms are this server's, not the generator's.
const listed: MetricType[] = (await unwrap(api.GET('/api/v1/metrics/types'))).items.map((item) => item.type);
const kiosk: MetricType = 'activeUsers.kiosk';

const written = await unwrap(
  api.POST('/api/v1/activity', {
    headers: key,
    body: {
      events: [
        { userId: 'k-1', platform: 'kiosk' },
        { userId: 'k-2', platform: 'kiosk' },
        { userId: 't-1', platform: 'tv' },
      ],
    },
  }),
);
const summary: MetricsSummary = await unwrap(api.GET('/api/v1/metrics/summary'));
const histories: string[] = [];
for (const type of listed) {
  const history = await unwrap(api.GET('/api/v1/metrics/history', { params: { query: { type, interval: '1h' } } }));
  histories.push(history.metricType);
}
const missing = await unwrap(
  api.GET('/api/v1/modules/{name}', { params: { path: { name: 'no-such-module' } } }),
).catch((error: unknown) => error);

console.log(
  JSON.stringify({
    listed,
    kioskListed: listed.includes(kiosk),
    written,
    activeUsers: summary.activeUsers,
    byPlatform: summary.activeUsersByPlatform,
    histories,
    missing: missing instanceof ApiError ? { status: missing.status, title: missing.problem?.title } : null,
  }),
);
`;
}

/** A call the spec does not describe: with the package's types in force it must not compile. */
const WRONG_SOURCE = `import { createAnalyticsClient } from '@realtime-analytics/client';
const api = createAnalyticsClient({ baseUrl: 'http://127.0.0.1:1' });
await api.GET('/api/v1/no-such-path', {});
await api.POST('/api/v1/activity', { body: { events: [{ user: 'u-1' }] } });
`;

function tsconfig(resolution: 'NodeNext' | 'Bundler', files: string[]): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: resolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
      moduleResolution: resolution,
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      // Under NodeNext the package's own declarations are checked too.
      skipLibCheck: resolution !== 'NodeNext',
      noEmit: resolution !== 'NodeNext',
    },
    files,
  });
}

/**
 * The client as a package: `npm pack` of clients/typescript, installed from the tarball into a fresh
 * project, compiled under NodeNext and Bundler resolution with strict types, and run against the app
 * configured with platforms the generator never saw.
 */
onOneBackend('the TypeScript client as an installed package', () => {
  let ctx: TestContext;
  let dir: string;
  let tarball: string;
  let packed: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ra-client-consumer-'));
    const pack = await run('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: CLIENT_DIR,
      timeout: 120_000,
    });
    const [report] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = join(dir, report.filename);
    packed = report.files.map((file) => file.path).sort();

    ctx = await createTestApp({ env: { ACTIVE_USER_PLATFORMS: 'web,kiosk,tv' } });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');

    const project = join(dir, 'consumer');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    writeFileSync(join(project, 'consumer.ts'), consumerSource(baseUrl));
    writeFileSync(join(project, 'wrong.ts'), WRONG_SOURCE);
    writeFileSync(join(project, 'tsconfig.json'), tsconfig('NodeNext', ['consumer.ts']));
    writeFileSync(join(project, 'tsconfig.bundler.json'), tsconfig('Bundler', ['consumer.ts']));
    writeFileSync(join(project, 'tsconfig.wrong.json'), tsconfig('Bundler', ['wrong.ts']));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
      cwd: project,
      timeout: 120_000,
    });
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const project = () => join(dir, 'consumer');

  it('packs the ESM build, its declarations and the README, and the service version', () => {
    expect(packed).toEqual([
      'README.md',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/schema.d.ts',
      'package.json',
    ]);
    const service = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const installed = JSON.parse(
      readFileSync(join(project(), 'node_modules', '@realtime-analytics', 'client', 'package.json'), 'utf8'),
    ) as { version: string; type: string };
    expect(installed.version).toBe(service.version);
    expect(installed.type).toBe('module');
    expect(tarball.endsWith(`realtime-analytics-client-${service.version}.tgz`)).toBe(true);
  });

  it('compiles under NodeNext and Bundler resolution, strict, and refuses a call the spec lacks', async () => {
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project(), timeout: 120_000 });
    await run(process.execPath, [TSC, '-p', 'tsconfig.bundler.json'], { cwd: project(), timeout: 120_000 });
    const wrong = await run(process.execPath, [TSC, '-p', 'tsconfig.wrong.json'], {
      cwd: project(),
      timeout: 120_000,
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(wrong.code).toBeGreaterThan(0);
    // One error per wrong call: the unknown path, and the event with a field the spec does not have.
    expect(wrong.stdout.match(/^wrong\.ts\(\d+,\d+\): error TS\d+/gm)).toEqual([
      'wrong.ts(3,15): error TS2345',
      'wrong.ts(4,57): error TS2353',
    ]);
    expect(wrong.stdout).toContain('"/api/v1/no-such-path"');
    expect(wrong.stdout).toContain("'user' does not exist");
  }, 120_000);

  it('runs against the server: its own platforms, every listed metric, a write and a problem', async () => {
    const { stdout } = await run(process.execPath, ['consumer.js'], { cwd: project(), timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      listed: [
        'activeUsers',
        'activeUsers.web',
        'activeUsers.kiosk',
        'activeUsers.tv',
        'sensorsOnline',
        'sensorsOffline',
        'liveProjects',
        'apiRejections',
      ],
      kioskListed: true,
      written: { accepted: 3, rejected: [] },
      activeUsers: 3,
      byPlatform: { web: 0, kiosk: 2, tv: 1 },
      histories: [
        'activeUsers',
        'activeUsers.web',
        'activeUsers.kiosk',
        'activeUsers.tv',
        'sensorsOnline',
        'sensorsOffline',
        'liveProjects',
        'apiRejections',
      ],
      missing: { status: 404, title: 'Not Found' },
    });
  }, 60_000);
});

import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BACKEND } from './support/backends';
import { closedPort, waitFor } from './support/wait';

const root = resolve(__dirname, '..');

interface LogLine {
  level: number;
  msg: string;
  context?: string;
}

/**
 * The service as `npm start` runs it (main.ts, not the test app factory), on the embedded backends with
 * no INGEST_API_KEYS: the first log line gives a key, and the spec's own examples are recorded with it.
 */
describe('writes out of the box (embedded, no INGEST_API_KEYS)', () => {
  if (BACKEND !== 'embedded') {
    it.skip('runs on the embedded backend only', () => undefined);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-zero-setup-'));
  const lines: LogLine[] = [];
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const port = await closedPort();
    base = `http://127.0.0.1:${port}`;
    const env: Record<string, string | undefined> = { ...process.env };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'INGEST_API_KEYS', 'REDIS_KEY_PREFIX']) delete env[name];
    Object.assign(env, {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      DEMO_SEED: 'false',
      DEMO_TRAFFIC: 'false',
      SAMPLER_ENABLED: 'false',
      // Misspelled on purpose: it must be named in a warning, and must not count as a key.
      INGEST_API_KEY: 'typo-key',
    });
    child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    createInterface({ input: child.stdout! }).on('line', (text) => {
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        // not a log line
      }
    });
    // The log goes through a buffered stream: wait for the port, not for the "listening" line.
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      return fetch(`${base}/health/live`).then(
        (res) => res.ok,
        () => false,
      );
    }, 200_000);
    await waitFor(() => Promise.resolve(lines.length >= 2), 10_000);
    // ts-node compiles the service first: minutes on a busy machine.
  }, 240_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  function demoKey(): string {
    const match = /demo ingest key (\S+) /.exec(lines[0].msg);
    if (!match) throw new Error(`no key in the first log line: ${lines[0].msg}`);
    return match[1];
  }

  it('prints a fresh demo key in its first log line, and warns about the misspelled variable', () => {
    expect(lines[0].msg).toMatch(
      /^backends: database: embedded SQLite at .*; writes: demo ingest key demo-[A-Za-z0-9_-]{16} \(made for this run because INGEST_API_KEYS is unset; send it as "Authorization: Bearer demo-[A-Za-z0-9_-]{16}"\)$/,
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        context: 'Config',
        msg: 'INGEST_API_KEY is not used; did you mean INGEST_API_KEYS?',
      }),
    );
  });

  it('records the activity example of the spec with that key, and refuses writes without it', async () => {
    const spec = JSON.parse(readFileSync(join(root, 'openapi/openapi.json'), 'utf8'));
    const example = spec.paths['/api/v1/activity'].post.requestBody.content['application/json'].example as {
      events: unknown[];
    };
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/activity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(example),
      });
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect((await post({ authorization: 'Bearer typo-key' })).status).toBe(401);
    const accepted = await post({ authorization: `Bearer ${demoKey()}` });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ accepted: example.events.length, rejected: [] });
  });

  it('stores the module example of the spec with that key', async () => {
    const spec = JSON.parse(readFileSync(join(root, 'openapi/openapi.json'), 'utf8'));
    const example = spec.paths['/api/v1/modules/{name}'].put.requestBody.content['application/json']
      .example as Record<string, unknown>;
    const res = await fetch(`${base}/api/v1/modules/zero-setup`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': demoKey() },
      body: JSON.stringify(example),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'zero-setup', currentVersion: example.currentVersion });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOneEditApart, KNOWN_ENV_VARIABLES, misspelledVariableWarnings } from './env-spelling';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The variables the README's configuration table names in its first column (`A` / `B` rows count both). */
function readmeTableVariables(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const table = section.slice(0, section.indexOf('\n## ', 1));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]));
}

/** The variables `.example.env` sets or shows commented out (`NAME=` or `# NAME=` at a line's start). */
function exampleEnvVariables(): string[] {
  const text = readFileSync(join(ROOT, '.example.env'), 'utf8');
  return [...text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
}

describe('KNOWN_ENV_VARIABLES', () => {
  it('holds every variable of the README configuration table, so none of them ever warns', () => {
    const names = readmeTableVariables();
    // The table was found and read: its first row, a combined row and its last rows.
    expect(names.slice(0, 2)).toEqual(['PORT', 'DATABASE_URL']);
    expect(names).toEqual(
      expect.arrayContaining(['ACTIVE_USER_WINDOW', 'SENSOR_ONLINE_WINDOW', 'GIT_COMMIT']),
    );
    expect(names).toContain('DB_QUERY_TIMEOUT_MS');
    expect(names.filter((name) => !KNOWN_ENV_VARIABLES.includes(name))).toEqual([]);
    expect(misspelledVariableWarnings(Object.fromEntries(names.map((name) => [name, 'x'])))).toEqual([]);
  });

  it('is exactly what .example.env documents, each name once, sorted', () => {
    const documented = exampleEnvVariables();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...KNOWN_ENV_VARIABLES]);
    expect(new Set(KNOWN_ENV_VARIABLES).size).toBe(KNOWN_ENV_VARIABLES.length);
  });

  it('warns about a one-letter slip in the variables added since the first list', () => {
    expect(
      misspelledVariableWarnings({
        DB_QUERY_TIMOUT_MS: '1',
        METRIC_TOKEN: 't',
        REDIS_CLUSTR: 'true',
        DATABASE_REPLICA_URL: 'mysql://x',
      }),
    ).toEqual([
      'DATABASE_REPLICA_URL is not used; did you mean DATABASE_REPLICA_URLS?',
      'DB_QUERY_TIMOUT_MS is not used; did you mean DB_QUERY_TIMEOUT_MS?',
      'METRIC_TOKEN is not used; did you mean METRICS_TOKEN?',
      'REDIS_CLUSTR is not used; did you mean REDIS_CLUSTER?',
    ]);
  });
});

describe('misspelledVariableWarnings', () => {
  it('names the variable meant for a missing, extra, swapped or wrong letter', () => {
    expect(
      misspelledVariableWarnings({
        INGEST_API_KEY: 'k',
        REDIS_ULR: 'redis://x',
        DATABASE_URLS: 'mysql://x',
        LOG_LEVAL: 'debug',
      }),
    ).toEqual([
      'DATABASE_URLS is not used; did you mean DATABASE_URL?',
      'INGEST_API_KEY is not used; did you mean INGEST_API_KEYS?',
      'LOG_LEVAL is not used; did you mean LOG_LEVEL?',
      'REDIS_ULR is not used; did you mean REDIS_URL?',
    ]);
  });

  it('says nothing about the variables it reads or about the system’s own', () => {
    const env = Object.fromEntries(KNOWN_ENV_VARIABLES.map((name) => [name, 'x']));
    Object.assign(env, {
      PATH: '/usr/bin',
      HOME: '/root',
      HOSTNAME: 'box',
      PWD: '/',
      NODE_ENV: 'production',
      POST: 'x',
      HOSTS: 'x',
      path: 'x',
      TEST_DATABASE_URL: 'x',
    });
    expect(misspelledVariableWarnings(env)).toEqual([]);
  });

  it('does not match names two edits away', () => {
    expect(misspelledVariableWarnings({ INGEST_KEYS: 'k', REDIS_UR: 'x', REDIS_LRU: 'x' })).toEqual([
      'REDIS_UR is not used; did you mean REDIS_URL?',
    ]);
  });
});

describe('isOneEditApart', () => {
  it.each([
    ['ABC', 'ABCD', true],
    ['ABCD', 'ABC', true],
    ['ABC', 'ABD', true],
    ['ABC', 'ACB', true],
    ['ABC', 'BAC', true],
    ['ABC', 'ABC', false],
    ['ABC', 'CBA', false],
    ['ABC', 'A', false],
    ['ABCD', 'ABDE', false],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(isOneEditApart(a, b)).toBe(expected);
  });
});

import { isOneEditApart, KNOWN_ENV_VARIABLES, misspelledVariableWarnings } from './env-spelling';

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

/**
 * Which backend the e2e suite runs on: `mysql` (MariaDB/MySQL + Redis, the production pair) or
 * `embedded` (SQLite + in-process live store). `npm test` runs the suite once per available backend.
 */
export type Backend = 'mysql' | 'embedded';

export const BACKEND: Backend = process.env.E2E_BACKEND === 'embedded' ? 'embedded' : 'mysql';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** A test that can only hold on one backend (it inspects Redis keys, say) runs there and is skipped elsewhere. */
export const onRedis = BACKEND === 'mysql' ? describe : describe.skip;

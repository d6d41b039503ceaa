/**
 * Which backend the e2e suite runs on: `mysql` (MariaDB/MySQL + Redis, the production pair) or
 * `embedded` (SQLite + in-process live store). `npm test` runs the suite once per available backend.
 */
export type Backend = 'mysql' | 'embedded';

export const BACKEND: Backend = process.env.E2E_BACKEND === 'embedded' ? 'embedded' : 'mysql';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/**
 * The suite runs against a Redis Cluster when TEST_REDIS_URL lists several nodes or TEST_REDIS_CLUSTER=true
 * (then TEST_REDIS_URL is a node of it): the app gets the same REDIS_URL and REDIS_CLUSTER.
 */
export const TEST_REDIS_CLUSTER = process.env.TEST_REDIS_CLUSTER === 'true' || TEST_REDIS_URL.includes(',');

/** A test that can only hold on one backend (it inspects Redis keys, say) runs there and is skipped elsewhere. */
export const onRedis = BACKEND === 'mysql' ? describe : describe.skip;

/**
 * Tests that cut Redis off through a TCP proxy of their own need a single Redis: a cluster client follows
 * the nodes' own addresses past any proxy. They are skipped against a cluster.
 */
export const onSingleRedis = BACKEND === 'mysql' && !TEST_REDIS_CLUSTER ? describe : describe.skip;

import { parseAppConfig, trustProxyWarning } from './app.config';
import { parseDatabaseConfig } from './database.config';
import { parseRedisConfig } from './redis.config';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const app = parseAppConfig({});
    expect(app).toMatchObject({
      port: 8080,
      rateLimitPerMinute: 100,
      trustProxy: false,
      shutdownDelayMs: 0,
      shutdownTimeoutMs: 10_000,
      ingestApiKeys: [],
    });
    expect(parseDatabaseConfig({}).connection).toEqual({ kind: 'sqlite', file: 'data/realtime.sqlite' });
    expect(parseRedisConfig({})).toMatchObject({ url: undefined, keyPrefix: '' });
  });

  it('reads a MySQL or MariaDB URL', () => {
    expect(
      parseDatabaseConfig({ DATABASE_URL: 'mysql://app:p%40ss@db.internal:3307/realtime' }).connection,
    ).toEqual({
      kind: 'mysql',
      flavor: 'mysql',
      url: 'mysql://app:p%40ss@db.internal:3307/realtime',
      host: 'db.internal',
      port: 3307,
      username: 'app',
      password: 'p@ss',
      database: 'realtime',
    });
    expect(parseDatabaseConfig({ DATABASE_URL: 'mariadb://root@127.0.0.1/x' }).connection).toMatchObject({
      flavor: 'mariadb',
      port: 3306,
    });
  });

  it.each([
    [() => parseAppConfig({ PORT: 'abc' }), 'PORT must be an integer between 0 and 65535, got "abc"'],
    [() => parseAppConfig({ PORT: '70000' }), 'PORT must be an integer between 0 and 65535, got "70000"'],
    [
      () => parseAppConfig({ LOG_LEVEL: 'loud' }),
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [
      () => parseAppConfig({ TRUST_PROXY: 'everyone' }),
      'TRUST_PROXY must be false, true, a hop count, or comma-separated IPs/CIDRs, got "everyone"',
    ],
    [
      () => parseDatabaseConfig({ DATABASE_URL: 'postgres://x/y' }),
      'DATABASE_URL must use mysql: or mariadb:, got "postgres:"',
    ],
    [
      () => parseRedisConfig({ REDIS_URL: 'not a url' }),
      'REDIS_URL must be a URL like redis://host:port/..., got an unparsable value',
    ],
    [
      () => parseRedisConfig({ REDIS_URL: 'redis://a:7000,http://b:7001' }),
      'REDIS_URL must use redis: or rediss:, got "http:"',
    ],
    [
      () => parseRedisConfig({ REDIS_CLUSTER: 'true' }),
      'REDIS_CLUSTER=true needs REDIS_URL: one or more redis:// nodes of the cluster',
    ],
    [
      () => parseRedisConfig({ REDIS_KEY_PREFIX: 'a b' }),
      'REDIS_KEY_PREFIX may only hold letters, digits and : . _ -, got "a b"',
    ],
  ])('refuses a bad value with one line naming the variable (%#)', (parse, message) => {
    expect(parse).toThrow(message);
  });

  it('maps TRUST_PROXY to what Fastify expects', () => {
    expect(parseAppConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseAppConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseAppConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('warns at boot only for TRUST_PROXY=true, which lets any client spoof its IP', () => {
    expect(trustProxyWarning(parseAppConfig({ TRUST_PROXY: 'true' }).trustProxy)).toBe(
      'TRUST_PROXY=true trusts every X-Forwarded-For entry: any client can spoof its IP and dodge the rate ' +
        'limit. Set the number of proxies in front (e.g. TRUST_PROXY=1) or their addresses instead.',
    );
    for (const value of ['false', '1', '2', '10.0.0.0/8', 'loopback']) {
      expect(trustProxyWarning(parseAppConfig({ TRUST_PROXY: value }).trustProxy)).toBeUndefined();
    }
  });

  it('reads a Redis Cluster from several REDIS_URL nodes or from REDIS_CLUSTER=true', () => {
    expect(parseRedisConfig({ REDIS_URL: 'redis://a:6379/0' })).toMatchObject({
      url: 'redis://a:6379/0',
      clusterNodes: null,
    });
    expect(parseRedisConfig({ REDIS_URL: 'redis://a:7000, redis://b:7001' }).clusterNodes).toEqual([
      'redis://a:7000',
      'redis://b:7001',
    ]);
    expect(parseRedisConfig({ REDIS_URL: 'redis://a:7000', REDIS_CLUSTER: 'true' }).clusterNodes).toEqual([
      'redis://a:7000',
    ]);
    expect(parseRedisConfig({}).url).toBeUndefined();
  });

  it('reads read replicas of the MySQL primary from DATABASE_REPLICA_URLS', () => {
    const config = parseDatabaseConfig({
      DATABASE_URL: 'mariadb://app:pw@primary:3306/realtime',
      DATABASE_REPLICA_URLS: 'mariadb://app:pw@replica-1:3306, mariadb://reader@replica-2:3307/other',
    });
    expect(
      config.replicas.map(({ host, port, username, database }) => ({ host, port, username, database })),
    ).toEqual([
      { host: 'replica-1', port: 3306, username: 'app', database: 'realtime' },
      { host: 'replica-2', port: 3307, username: 'reader', database: 'other' },
    ]);
    expect(config.replicaMaxLagSeconds).toBe(5);
    expect(parseDatabaseConfig({ DATABASE_URL: 'mysql://a@b/c' }).replicas).toEqual([]);
    expect(() => parseDatabaseConfig({ DATABASE_REPLICA_URLS: 'mysql://a@b/c' })).toThrow(
      'DATABASE_REPLICA_URLS needs DATABASE_URL: replicas serve a MySQL/MariaDB primary',
    );
  });
});

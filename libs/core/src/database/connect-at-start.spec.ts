import type { DataSource, DataSourceOptions } from 'typeorm';
import { StartupError } from '../lifecycle/startup-error';
import { connectAtStart } from './connect-at-start';

const MYSQL = {
  type: 'mariadb',
  host: '127.0.0.1',
  port: 3307,
  database: 'realtime',
  username: 'app',
} as DataSourceOptions;

function driverError(code: string, errno: number | undefined, message: string): Error {
  return Object.assign(new Error(message), { code, errno });
}

/** Opens fail with the given errors in turn, then succeed; a fake clock moves by each pause. */
function scripted(errors: Error[]) {
  const sleeps: number[] = [];
  let clock = 1_000_000;
  let opens = 0;
  const connected = { isInitialized: true } as DataSource;
  return {
    sleeps,
    opens: () => opens,
    open: () => {
      opens++;
      const error = errors.shift();
      return error ? Promise.reject(error) : Promise.resolve(connected);
    },
    hooks: {
      sleep: (ms: number) => {
        sleeps.push(ms);
        clock += ms;
        return Promise.resolve();
      },
      now: () => clock,
    },
    connected,
  };
}

describe('connectAtStart', () => {
  const refused = () => driverError('ECONNREFUSED', -111, 'connect ECONNREFUSED 127.0.0.1:3307');

  it('retries an unreachable server and returns the data source once it answers', async () => {
    const run = scripted([refused(), refused()]);
    const failed: number[] = [];
    const result = await connectAtStart(
      MYSQL,
      run.open,
      { attempts: 5, delayMs: 2_000 },
      {
        ...run.hooks,
        attemptFailed: (_error, attempt) => failed.push(attempt),
      },
    );
    expect(result).toBe(run.connected);
    expect(run.opens()).toBe(3);
    expect(run.sleeps).toEqual([2_000, 2_000]);
    expect(failed).toEqual([1, 2]);
  });

  it('gives up after the attempts with one line naming the server, the cause and the retries', async () => {
    const run = scripted([refused(), refused(), refused(), refused(), refused()]);
    const error = await connectAtStart(MYSQL, run.open, { attempts: 5, delayMs: 2_000 }, run.hooks).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toBe(
      'database unreachable at 127.0.0.1:3307 (connect ECONNREFUSED 127.0.0.1:3307), tried 5 times over 8 s: ' +
        'check that MySQL/MariaDB runs there and that DATABASE_URL names it',
    );
    expect((error as StartupError).context).toBe('Database');
    expect((error as StartupError).reason).toMatchObject({ code: 'ECONNREFUSED' });
    expect(run.opens()).toBe(5);
  });

  it('says how long a connect that timed out waited', async () => {
    const timedOut = () => driverError('ETIMEDOUT', undefined, 'connect ETIMEDOUT');
    const run = scripted([timedOut(), timedOut()]);
    const options = { ...MYSQL, connectTimeout: 5_000 } as DataSourceOptions;
    const error = await connectAtStart(options, run.open, { attempts: 2, delayMs: 2_000 }, run.hooks).catch(
      (e: unknown) => e,
    );
    expect((error as StartupError).message).toBe(
      'database unreachable at 127.0.0.1:3307 (connect ETIMEDOUT: no answer within DATABASE_CONNECT_TIMEOUT_MS=5000), ' +
        'tried 2 times over 2 s: check that MySQL/MariaDB runs there and that DATABASE_URL names it',
    );
  });

  it('fails at once on a database that does not exist, with the command that creates it', async () => {
    const run = scripted([driverError('ER_BAD_DB_ERROR', 1049, "Unknown database 'realtime'")]);
    const error = await connectAtStart(MYSQL, run.open, { attempts: 5, delayMs: 2_000 }, run.hooks).catch(
      (e: unknown) => e,
    );
    expect((error as StartupError).message).toBe(
      'database "realtime" does not exist on 127.0.0.1:3307: run `npm run migration:run` (in a container ' +
        '`node dist/apps/cli/src/main.js migrate`) with the same DATABASE_URL; it creates the database and its tables',
    );
    expect(run.opens()).toBe(1);
    expect(run.sleeps).toEqual([]);
  });

  it('fails at once on refused credentials, naming the user', async () => {
    const run = scripted([
      driverError(
        'ER_ACCESS_DENIED_ERROR',
        1045,
        "Access denied for user 'app'@'localhost' (using password: YES)",
      ),
    ]);
    const error = await connectAtStart(MYSQL, run.open, { attempts: 5, delayMs: 2_000 }, run.hooks).catch(
      (e: unknown) => e,
    );
    expect((error as StartupError).message).toBe(
      'database 127.0.0.1:3307 refused user "app" of DATABASE_URL (ER_ACCESS_DENIED_ERROR: Access denied for ' +
        "user 'app'@'localhost' (using password: YES)): check the user, its password and its grants on the database",
    );
    expect(run.opens()).toBe(1);
  });

  it('passes any other error through unchanged, without retrying', async () => {
    const other = driverError('ER_PARSE_ERROR', 1064, 'You have an error in your SQL syntax');
    const run = scripted([other]);
    await expect(connectAtStart(MYSQL, run.open, { attempts: 5, delayMs: 2_000 }, run.hooks)).rejects.toBe(
      other,
    );
    expect(run.opens()).toBe(1);
  });

  it('opens the embedded database once, its errors unchanged', async () => {
    const broken = new Error('SQLITE_CANTOPEN: unable to open database file');
    const run = scripted([broken]);
    const sqlite = { type: 'better-sqlite3', database: '/nowhere/x.sqlite' } as DataSourceOptions;
    await expect(connectAtStart(sqlite, run.open, { attempts: 5, delayMs: 2_000 }, run.hooks)).rejects.toBe(
      broken,
    );
    expect(run.opens()).toBe(1);
  });
});

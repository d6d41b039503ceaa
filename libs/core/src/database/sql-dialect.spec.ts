import { DataSource, QueryFailedError } from 'typeorm';
import { isUniqueViolation, sqlDialectOf } from './sql-dialect';

const mysql = sqlDialectOf({ type: 'mysql' });
const sqlite = sqlDialectOf({ type: 'better-sqlite3' });

describe('sqlDialectOf', () => {
  it('knows MySQL, MariaDB and SQLite, and which one is embedded', () => {
    expect(sqlDialectOf({ type: 'mariadb' })).toBe(mysql);
    expect([mysql.name, mysql.embedded]).toEqual(['mysql', false]);
    expect([sqlite.name, sqlite.embedded]).toEqual(['sqlite', true]);
    expect(() => sqlDialectOf({ type: 'postgres' })).toThrow(
      'the service runs on MySQL/MariaDB or SQLite, not postgres',
    );
  });
});

describe('the SQL each dialect writes', () => {
  it('upsert after a VALUES list', () => {
    expect(mysql.upsertValuesSuffix(['metric', 'ts'], ['value', 'note'])).toBe(
      ' ON DUPLICATE KEY UPDATE value = VALUES(value), note = VALUES(note)',
    );
    expect(sqlite.upsertValuesSuffix(['metric', 'ts'], ['value', 'note'])).toBe(
      ' ON CONFLICT(metric, ts) DO UPDATE SET value = excluded.value, note = excluded.note',
    );
  });

  it('upsert of a select', () => {
    const select = 'SELECT k, SUM(v) AS total FROM src WHERE k > ? GROUP BY k';
    expect(mysql.insertSelectUpsert('dst', ['k', 'total'], select, ['k'], ['total'])).toBe(
      'INSERT INTO dst (k, total) SELECT * FROM (SELECT k, SUM(v) AS total FROM src WHERE k > ? GROUP BY k) AS incoming ' +
        'ON DUPLICATE KEY UPDATE total = incoming.total',
    );
    expect(sqlite.insertSelectUpsert('dst', ['k', 'total'], select, ['k'], ['total'])).toBe(
      'INSERT INTO dst (k, total) SELECT k, SUM(v) AS total FROM src WHERE k > ? GROUP BY k ' +
        'ON CONFLICT (k) DO UPDATE SET total = excluded.total',
    );
  });

  it('epoch buckets and period starts', () => {
    expect(mysql.epochBucket('ts', 300)).toBe(
      "FLOOR(TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ts) / 300)",
    );
    expect(sqlite.epochBucket('ts', 300)).toBe("(CAST(strftime('%s', ts) AS INTEGER) / 300)");
    expect(mysql.periodStart('ts', 'hour')).toBe("DATE_FORMAT(ts, '%Y-%m-%d %H:00:00')");
    expect(mysql.periodStart('ts', 'day')).toBe("DATE_FORMAT(ts, '%Y-%m-%d 00:00:00')");
    expect(sqlite.periodStart('ts', 'hour')).toBe("strftime('%Y-%m-%d %H:00:00.000', ts)");
    expect(sqlite.periodStart('ts', 'day')).toBe("strftime('%Y-%m-%d 00:00:00.000', ts)");
  });

  it.each([0, -60, 1.5, Number.NaN])('refuses a bucket step of %p seconds', (step) => {
    expect(() => mysql.epochBucket('ts', step)).toThrow(`a bucket step must be whole seconds, got ${step}`);
    expect(() => sqlite.epochBucket('ts', step)).toThrow(`a bucket step must be whole seconds, got ${step}`);
  });
});

// MySQL's forms run against the real MariaDB in the e2e suite (history, rollups, modules); SQLite's run here.
describe('the SQLite forms, executed', () => {
  let db: DataSource;
  beforeEach(async () => {
    db = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await db.query('CREATE TABLE src (k TEXT NOT NULL, ts DATETIME NOT NULL, v INTEGER NOT NULL)');
    await db.query(
      'CREATE TABLE dst (k TEXT NOT NULL, ts DATETIME NOT NULL, total INTEGER NOT NULL, PRIMARY KEY (k, ts))',
    );
  });
  afterEach(() => db.destroy());

  it('floors to epoch buckets at their edges', async () => {
    const bucket = async (ts: string) =>
      (await db.query<{ b: number }[]>(`SELECT ${sqlite.epochBucket('?', 300)} AS b`, [ts]))[0].b;
    // 2026-11-27 20:05:00 UTC is epoch 1795809900 = 300 x 5986033.
    expect(await bucket('2026-11-27 20:05:00.000')).toBe(5_986_033);
    expect(await bucket('2026-11-27 20:09:59.999')).toBe(5_986_033);
    expect(await bucket('2026-11-27 20:10:00.000')).toBe(5_986_034);
    expect(await bucket('2026-11-27 20:04:59.999')).toBe(5_986_032);
  });

  it('truncates to the hour and the day as stored DATETIME(3) text', async () => {
    const start = async (ts: string, period: 'hour' | 'day') =>
      (await db.query<{ p: string }[]>(`SELECT ${sqlite.periodStart('?', period)} AS p`, [ts]))[0].p;
    expect(await start('2026-11-27 20:59:59.999', 'hour')).toBe('2026-11-27 20:00:00.000');
    expect(await start('2026-11-27 00:00:00.000', 'hour')).toBe('2026-11-27 00:00:00.000');
    expect(await start('2026-11-27 23:59:59.999', 'day')).toBe('2026-11-27 00:00:00.000');
  });

  it('upserts rows of a select and of a VALUES list, overwriting only the named columns', async () => {
    for (const [k, ts, v] of [
      ['a', '2026-11-27 20:01:00.000', 2],
      ['a', '2026-11-27 20:02:00.000', 3],
      ['b', '2026-11-27 21:00:00.000', 7],
    ]) {
      await db.query('INSERT INTO src (k, ts, v) VALUES (?, ?, ?)', [k, ts, v]);
    }
    await db.query(`INSERT INTO dst (k, ts, total) VALUES ('a', '2026-11-27 20:00:00.000', 100)`);
    const rollUp = sqlite.insertSelectUpsert(
      'dst',
      ['k', 'ts', 'total'],
      `SELECT k, ${sqlite.periodStart('ts', 'hour')} AS period, SUM(v) AS total FROM src WHERE v > ? GROUP BY k, period`,
      ['k', 'ts'],
      ['total'],
    );
    await db.query(rollUp, [0]);
    await db.query(rollUp, [0]);
    expect(await db.query('SELECT k, ts, total FROM dst ORDER BY k, ts')).toEqual([
      { k: 'a', ts: '2026-11-27 20:00:00.000', total: 5 },
      { k: 'b', ts: '2026-11-27 21:00:00.000', total: 7 },
    ]);
    await db.query(
      `INSERT INTO dst (k, ts, total) VALUES (?, ?, ?), (?, ?, ?)${sqlite.upsertValuesSuffix(['k', 'ts'], ['total'])}`,
      ['a', '2026-11-27 20:00:00.000', 9, 'c', '2026-11-27 22:00:00.000', 1],
    );
    expect(await db.query('SELECT k, total FROM dst ORDER BY k')).toEqual([
      { k: 'a', total: 9 },
      { k: 'b', total: 7 },
      { k: 'c', total: 1 },
    ]);
  });

  it('raises a duplicate key that isUniqueViolation recognizes', async () => {
    await db.query(`INSERT INTO dst (k, ts, total) VALUES ('a', '2026-11-27 20:00:00.000', 1)`);
    const raised = await db
      .query(`INSERT INTO dst (k, ts, total) VALUES ('a', '2026-11-27 20:00:00.000', 2)`)
      .catch((error: unknown) => error);
    expect(raised).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(raised)).toBe(true);
  });
});

describe('isUniqueViolation', () => {
  const failed = (driverError: object) => new QueryFailedError('INSERT ...', [], driverError as Error);

  it.each([
    [{ code: 'ER_DUP_ENTRY', errno: 1062 }],
    [{ errno: 1062 }],
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    [{ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }],
  ])('is true for %j', (driverError) => {
    expect(isUniqueViolation(failed(driverError))).toBe(true);
  });

  it.each([
    [{ code: 'ER_NO_SUCH_TABLE', errno: 1146 }],
    [{ code: 'SQLITE_CONSTRAINT_NOTNULL' }],
    [{ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }],
  ])('is false for %j', (driverError) => {
    expect(isUniqueViolation(failed(driverError))).toBe(false);
  });

  it('is false for anything but a failed query', () => {
    const error = Object.assign(new Error('duplicate'), { code: 'ER_DUP_ENTRY' });
    expect(isUniqueViolation(error)).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});

/** The benchmark's own reads and writes of MySQL and Redis: counters, the sensor id range, cache keys. */
import Redis from 'ioredis';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';

const SCAN_BATCH = 1_000;
/** SCAN rounds at most: with SCAN_BATCH per round, 10 million keys. */
const SCAN_MAX_ROUNDS = 10_000;

export function openDatabase(url: string): Promise<Connection> {
  // mysql2 reads mysql:// URLs; the service also accepts mariadb:// for the same server.
  const uri = url.replace(/^mariadb:/, 'mysql:');
  return createConnection({ uri, connectTimeout: 5_000 });
}

export interface RowsUpdated {
  /** `Innodb_rows_updated` (MySQL) or, where the server lacks it (MariaDB 10.11), `Handler_update`. */
  counter: string;
  value: number;
}

/** The server's count of rows updated since it started, for every database on it. */
export async function rowsUpdated(db: Connection): Promise<RowsUpdated> {
  const [rows] = await db.query<RowDataPacket[]>(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_rows_updated', 'Handler_update')",
  );
  const read = (name: string) => rows.find((row) => row.Variable_name === name)?.Value as string | undefined;
  for (const counter of ['Innodb_rows_updated', 'Handler_update']) {
    const value = read(counter);
    if (value !== undefined) return { counter, value: Number(value) };
  }
  throw new Error('the database reports neither Innodb_rows_updated nor Handler_update');
}

export interface SensorRange {
  count: number;
  minId: number;
  maxId: number;
}

export async function sensorRange(db: Connection): Promise<SensorRange> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n, COALESCE(MIN(id), 0) AS lo, COALESCE(MAX(id), 0) AS hi FROM sensors',
  );
  return { count: Number(rows[0].n), minId: Number(rows[0].lo), maxId: Number(rows[0].hi) };
}

export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000, lazyConnect: false });
}

/** Deletes the keys matching any of the patterns (SCAN, never KEYS); returns how many. */
export async function deleteMatching(redis: Redis, patterns: string[]): Promise<number> {
  let deleted = 0;
  for (const pattern of patterns) {
    let cursor = '0';
    for (let round = 0; round < SCAN_MAX_ROUNDS; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  }
  return deleted;
}

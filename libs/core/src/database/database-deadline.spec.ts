import type { DataSource } from 'typeorm';
import { boundDatabaseWaits } from './database-deadline';

/** A pooled connection as mysql2 hands it out, recording what is done to it. */
function fakeConnection() {
  const calls: string[] = [];
  let answer: ((error: unknown, rows?: unknown) => void) | undefined;
  const connection = {
    calls,
    release: () => calls.push('release'),
    destroy: () => calls.push('destroy'),
    stream: { destroy: () => calls.push('stream.destroy') },
    query: (_sql: unknown, callback: (error: unknown, rows?: unknown) => void) => {
      answer = callback;
    },
    answer: (error: unknown, rows?: unknown) => answer!(error, rows),
  };
  return connection;
}

type FakeConnection = ReturnType<typeof fakeConnection>;

function fakeDriver(connections: FakeConnection[] = []) {
  const pending: Array<(connection: FakeConnection) => void> = [];
  const never = () => new Promise<never>(() => undefined);
  return {
    pending,
    obtainMasterConnection: () => new Promise<FakeConnection>((resolve) => pending.push(resolve)),
    obtainSlaveConnection: () => new Promise<FakeConnection>((resolve) => pending.push(resolve)),
    disconnect: never as () => Promise<void>,
    pool: { _allConnections: { length: connections.length, get: (index: number) => connections[index] } },
  };
}

function dataSourceOf(driver: object, type = 'mariadb'): DataSource {
  return { options: { type }, driver } as unknown as DataSource;
}

async function settle<T>(
  promise: Promise<T>,
): Promise<{ value?: T; error?: { code?: string; message: string } }> {
  return promise.then(
    (value) => ({ value }),
    (error: { code?: string; message: string }) => ({ error }),
  );
}

describe('boundDatabaseWaits', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each(['obtainMasterConnection', 'obtainSlaveConnection'] as const)(
    'fails %s with ETIMEDOUT at the deadline, and gives a connection that comes later back to the pool',
    async (name) => {
      const driver = fakeDriver();
      boundDatabaseWaits(dataSourceOf(driver), 1_000);
      const outcome = settle(driver[name]());
      await jest.advanceTimersByTimeAsync(999);
      expect(driver.pending).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect((await outcome).error).toMatchObject({
        code: 'ETIMEDOUT',
        message: 'no database connection within 1000 ms',
      });
      const late = fakeConnection();
      driver.pending[0](late);
      await jest.advanceTimersByTimeAsync(0);
      expect(late.calls).toEqual(['release']);
    },
  );

  it('hands over a connection that comes in time, untouched', async () => {
    const driver = fakeDriver();
    boundDatabaseWaits(dataSourceOf(driver), 1_000);
    const outcome = settle(driver.obtainMasterConnection());
    const connection = fakeConnection();
    driver.pending[0](connection);
    expect((await outcome).value).toBe(connection);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(connection.calls).toEqual([]);
  });

  it('drops a connection whose query timed out, socket included, and passes the error on', async () => {
    const driver = fakeDriver();
    boundDatabaseWaits(dataSourceOf(driver), 1_000);
    const obtained = driver.obtainMasterConnection();
    const connection = fakeConnection();
    driver.pending[0](connection);
    await obtained;
    const errors: unknown[] = [];
    connection.query('SELECT 1', (error: unknown) => errors.push(error));
    const timeout = Object.assign(new Error('Query inactivity timeout'), {
      code: 'PROTOCOL_SEQUENCE_TIMEOUT',
    });
    connection.answer(timeout);
    expect(errors).toEqual([timeout]);
    expect(connection.calls).toEqual(['destroy', 'stream.destroy']);
  });

  it('keeps a connection whose query failed otherwise, or succeeded', async () => {
    const driver = fakeDriver();
    boundDatabaseWaits(dataSourceOf(driver), 1_000);
    const obtained = driver.obtainMasterConnection();
    const connection = fakeConnection();
    driver.pending[0](connection);
    await obtained;
    const answers: unknown[] = [];
    connection.query('SELECT x', (error: unknown) => answers.push(error));
    connection.answer(Object.assign(new Error('Unknown column'), { code: 'ER_BAD_FIELD_ERROR' }));
    connection.query('SELECT 1', (error: unknown, rows: unknown) => answers.push(rows));
    connection.answer(null, [{ 1: 1 }]);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toEqual([{ 1: 1 }]);
    expect(connection.calls).toEqual([]);
  });

  it('ends a close the server never answers at the deadline, dropping every connection of the pool', async () => {
    const connections = [fakeConnection(), fakeConnection()];
    const driver = fakeDriver(connections);
    boundDatabaseWaits(dataSourceOf(driver), 1_000);
    let closed = false;
    void driver.disconnect().then(() => (closed = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(closed).toBe(false);
    expect(connections[0].calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(closed).toBe(true);
    for (const connection of connections) expect(connection.calls).toEqual(['destroy', 'stream.destroy']);
  });

  it('leaves the embedded database alone', () => {
    const driver = fakeDriver();
    const { obtainMasterConnection, disconnect } = driver;
    boundDatabaseWaits(dataSourceOf(driver, 'better-sqlite3'), 1_000);
    expect(driver.obtainMasterConnection).toBe(obtainMasterConnection);
    expect(driver.disconnect).toBe(disconnect);
  });
});

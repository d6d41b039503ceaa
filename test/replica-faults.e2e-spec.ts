import { MetricSamplesRepository } from '@app/metrics';
import { ReplicaReads } from '@app/core';
import { createConnection } from 'mysql2/promise';
import { TEST_DATABASE_URL, onRedis } from './support/backends';
import { insertProject, insertSensors, MINUTE } from './support/fixtures';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp, INGEST_KEY, TestContext } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * A read replica that hangs (accepts and never answers) or goes away (refuses), behind a TCP proxy of the
 * test's own in front of the local MariaDB: the same server as the primary, so the answers are known
 * whichever of the two gives them. Reads that go to the replica (history, modules, the type breakdown, the
 * summary's counts) answer right, on the primary, within the query deadline and a margin.
 */
onRedis('replica faults: a hung or refused read replica', () => {
  const DEADLINE_MS = 1_000;
  /** The replica's deadline, then the same read on the primary, plus a busy machine's scheduling. */
  const WITHIN_MS = DEADLINE_MS + 1_500;
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  const server = new URL(TEST_DATABASE_URL);
  const replica = new TcpProxy(server.hostname, Number(server.port || 3306));
  /**
   * The replica's user may read this process's test databases and nothing else: the server is no replica,
   * so a user allowed to see its replication status would find it "not replicating" and never use it.
   */
  const replicaUser = `ra_replica_${process.pid}`;
  const admin = () =>
    createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  let ctx: TestContext;
  let replicas: ReplicaReads;
  let historyReads = 0;

  async function timed<T>(run: () => PromiseLike<T>): Promise<[T, number]> {
    const started = Date.now();
    const result = await run();
    return [result, Date.now() - started];
  }

  /** Every read that goes to a replica, each answered right and timed. */
  async function readEverything(): Promise<number[]> {
    const took: number[] = [];
    // History answers are cached by range: each call asks for one more bucket, so each reads the database.
    const buckets = ++historyReads + 1;
    const [history, historyMs] = await timed(() =>
      ctx
        .http()
        .get('/api/v1/metrics/history')
        .query({
          type: 'activeUsers',
          interval: '5m',
          from: new Date(T0).toISOString(),
          to: new Date(T0 + (buckets - 1) * 5 * MINUTE).toISOString(),
        }),
    );
    expect(history.status).toBe(200);
    expect(history.body.points.map((point: { value: number | null }) => point.value)).toEqual([
      20,
      7,
      ...Array<null>(buckets - 2).fill(null),
    ]);
    took.push(historyMs);

    const [modules, modulesMs] = await timed(() => ctx.http().get('/api/v1/modules'));
    expect(modules.status).toBe(200);
    expect(modules.body.items.map((item: { name: string }) => item.name)).toEqual(['gateway']);
    took.push(modulesMs);

    const [breakdown, breakdownMs] = await timed(() => ctx.http().get('/api/v1/sensors/type-breakdown'));
    expect(breakdown.status).toBe(200);
    expect(breakdown.body.types).toEqual([
      { type: 'gps', count: 2 },
      { type: 'lux', count: 1 },
    ]);
    took.push(breakdownMs);

    const [summary, summaryMs] = await timed(() => ctx.http().get('/api/v1/metrics/summary'));
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      degraded: [],
      newProjectsLast7Days: 1,
      totalLiveProjects: 1,
      sensorsOnline: 0,
      sensorsOffline: 3,
    });
    took.push(summaryMs);
    return took;
  }

  async function replicaStatus(): Promise<string> {
    const res = await ctx.http().get('/health/ready');
    // A replica never fails readiness: reads move to the primary.
    expect(res.status).toBe(200);
    const replicasReport = res.body.details.databaseReplicas as {
      serving: number;
      replicas: { replica: string; status: string }[];
    };
    expect(replicasReport.replicas.map((state) => state.replica)).toEqual([`127.0.0.1:${replica.port}`]);
    return replicasReport.replicas[0].status;
  }

  beforeAll(async () => {
    const connection = await admin();
    await connection.query(`CREATE USER IF NOT EXISTS '${replicaUser}'@'%'`);
    await connection.query(`GRANT SELECT ON \`ra\\_test\\_${process.pid}\\_%\`.* TO '${replicaUser}'@'%'`);
    await connection.end();
    await replica.start();
    ctx = await createTestApp({
      env: {
        // Without a database name, the replica serves the primary's database.
        DATABASE_REPLICA_URLS: `mariadb://${replicaUser}@127.0.0.1:${replica.port}`,
        // The check runs only when a test asks for it: what a read does before the check notices is
        // what is tested first.
        DATABASE_REPLICA_CHECK_MS: '60000',
        DATABASE_CONNECT_TIMEOUT_MS: String(DEADLINE_MS),
        DB_QUERY_TIMEOUT_MS: String(DEADLINE_MS),
        SUMMARY_DB_TTL: '0',
        MODULES_TTL: '0',
        SENSOR_BREAKDOWN_TTL: '0',
      },
    });
    replicas = ctx.app.get(ReplicaReads);
    const project = await insertProject(ctx.dataSource, { isLive: true, createdAt: new Date() });
    await insertSensors(ctx.dataSource, project.id, ['gps', 'gps', 'lux']);
    await ctx.app.get(MetricSamplesRepository).upsert(
      [
        [0, 10],
        [4, 30],
        [5, 7],
      ].map(([minutes, value]) => ({ metric: 'activeUsers', ts: new Date(T0 + minutes * MINUTE), value })),
    );
    const put = await ctx
      .http()
      .put('/api/v1/modules/gateway')
      .set('X-API-Key', INGEST_KEY)
      .send({ currentVersion: '1.0.0' });
    expect(put.status).toBe(201);
  });
  afterAll(async () => {
    await ctx?.close();
    await replica.stop();
    const connection = await admin();
    await connection.query(`DROP USER IF EXISTS '${replicaUser}'@'%'`);
    await connection.end();
  });

  it('reads through the replica while it is well', async () => {
    expect(await replicaStatus()).toBe('up');
    const before = replica.chunksFromClients;
    await readEverything();
    // Each of the reads above sent at least one query through the replica's proxy.
    expect(replica.chunksFromClients - before).toBeGreaterThanOrEqual(4);
  });

  it('answers every read right within the deadline while the replica hangs, and checks it at once', async () => {
    replica.hang();
    const took = await readEverything();
    for (const ms of took) expect(ms).toBeLessThan(WITHIN_MS);
    // The first read waited out the deadline on the replica, then ran on the primary.
    expect(took[0]).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    // That failure checked the replica without waiting for DATABASE_REPLICA_CHECK_MS (a minute here): the
    // check's own deadline is DATABASE_CONNECT_TIMEOUT_MS.
    await waitFor(async () => (await replicaStatus()) === 'down', WITHIN_MS);
  });

  it('then reads on the primary alone, none waiting for the hung replica', async () => {
    const before = replica.chunksFromClients;
    for (let round = 0; round < 2; round++) {
      for (const ms of await readEverything()) expect(ms).toBeLessThan(DEADLINE_MS);
    }
    expect(replica.chunksFromClients).toBe(before);
    // A check of its own bounded by its deadline, and the replica stays named down.
    const [, checkMs] = await timed(() => replicas.check());
    expect(checkMs).toBeLessThan(WITHIN_MS);
    expect(await replicaStatus()).toBe('down');
  });

  it('serves reads from the replica again once it answers and is checked', async () => {
    replica.resume();
    await replicas.check();
    expect(await replicaStatus()).toBe('up');
    const before = replica.chunksFromClients;
    await readEverything();
    expect(replica.chunksFromClients - before).toBeGreaterThanOrEqual(4);
  });

  it('answers every read right and at once when the replica refuses, and names it down', async () => {
    await replica.cut();
    for (let round = 0; round < 2; round++) {
      // A refused connection fails at once: no read waits for a deadline.
      for (const ms of await readEverything()) expect(ms).toBeLessThan(DEADLINE_MS);
    }
    await waitFor(async () => (await replicaStatus()) === 'down', WITHIN_MS);
    for (const ms of await readEverything()) expect(ms).toBeLessThan(DEADLINE_MS);
  });
});

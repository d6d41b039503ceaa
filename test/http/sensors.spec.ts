import { SensorHeartbeatService, SensorTypeBreakdownService } from '@app/sensors';
import { SensorsController } from '@app/sensors/sensors.controller';
import { useHttpTier } from '../support/http-tier';
import { INGEST_KEY } from '../support/test-app';

const BREAKDOWN = '/api/v1/sensors/type-breakdown';
const HEARTBEATS = '/api/v1/sensors/heartbeats';

/** The distinct fields a 400 problem names. */
function fieldsOf(problem: { errors: { field: string }[] }): Set<string> {
  return new Set(problem.errors.map((error) => error.field));
}

describe('sensors over HTTP: authentication and validation', () => {
  const ids = [11, 12];
  const tier = useHttpTier({
    controllers: [SensorsController],
    services: [SensorTypeBreakdownService, SensorHeartbeatService],
    answers: { 'SensorHeartbeatService.record': { accepted: 1, unknown: [] } },
  });
  const { callsNow } = tier;

  function beat(sensorIds: unknown) {
    return tier.withKey('post', HEARTBEATS).send({ sensorIds });
  }

  it('refuses an unknown query parameter on the breakdown with a 400 problem naming it', async () => {
    const res = await tier.http().get(`${BREAKDOWN}?project=1`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      title: 'Bad Request',
      errors: [{ field: 'project', message: 'property project should not exist' }],
    });
    expect(callsNow()).toEqual([]);
  });

  it('refuses a request without a key with 401 problem+json and a Bearer challenge', async () => {
    const res = await tier.http().post(HEARTBEATS).send({ sensorIds: ids });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ingest"');
    expect(res.body).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      detail: 'An ingest API key is required: Authorization: Bearer <key> or X-API-Key.',
      instance: HEARTBEATS,
    });
    expect(callsNow()).toEqual([]);
  });

  it('refuses a wrong key, as Bearer or as X-API-Key, with 401', async () => {
    const bearer = await tier
      .http()
      .post(HEARTBEATS)
      .set('Authorization', 'Bearer not-a-key')
      .send({ sensorIds: ids });
    const header = await tier.http().post(HEARTBEATS).set('X-API-Key', 'not-a-key').send({ sensorIds: ids });
    for (const res of [bearer, header]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="ingest"');
      expect(res.body.detail).toBe('The API key is not valid for ingestion.');
    }
    expect(callsNow()).toEqual([]);
  });

  it('passes a right key, as Bearer or as X-API-Key, with the ids to the service', async () => {
    const header = await tier
      .http()
      .post(HEARTBEATS)
      .set('X-API-Key', INGEST_KEY)
      .send({ sensorIds: [ids[0]] });
    const second = await tier
      .http()
      .post(HEARTBEATS)
      .set('Authorization', 'Bearer second-key')
      .send({ sensorIds: ids });
    for (const res of [header, second]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: 1, unknown: [] });
    }
    expect(callsNow()).toEqual([
      ['SensorHeartbeatService.record', [[ids[0]]]],
      ['SensorHeartbeatService.record', [ids]],
    ]);
  });

  it.each([
    [
      'an empty list',
      { sensorIds: [] },
      [{ field: 'sensorIds', message: 'sensorIds must contain at least 1 elements' }],
    ],
    [
      '1001 ids',
      { sensorIds: Array.from({ length: 1001 }, (_, i) => i + 1) },
      [{ field: 'sensorIds', message: 'sensorIds must contain no more than 1000 elements' }],
    ],
    [
      'a fractional id',
      { sensorIds: [1, 2.5] },
      [{ field: 'sensorIds', message: 'each value in sensorIds must be an integer number' }],
    ],
    [
      'a negative id',
      { sensorIds: [-4] },
      [{ field: 'sensorIds', message: 'each value in sensorIds must not be less than 1' }],
    ],
    [
      'id zero',
      { sensorIds: [0] },
      [{ field: 'sensorIds', message: 'each value in sensorIds must not be less than 1' }],
    ],
    [
      'an unknown field',
      { sensorIds: [1], at: '2026-01-01T00:00:00Z' },
      [{ field: 'at', message: 'property at should not exist' }],
    ],
  ])('refuses %s with 400 naming the field', async (_case, body, errors) => {
    const res = await tier.withKey('post', HEARTBEATS).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.title).toBe('Bad Request');
    expect(res.body.errors).toEqual(errors);
    expect(callsNow()).toEqual([]);
  });

  it('refuses an id given as a string (no coercion) with 400 naming sensorIds', async () => {
    const res = await beat(['3']);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(new Set(['sensorIds']));
    expect(res.body.errors).toContainEqual({
      field: 'sensorIds',
      message: 'each value in sensorIds must be an integer number',
    });
    expect(callsNow()).toEqual([]);
  });

  it('refuses a missing sensorIds with 400 naming only that field', async () => {
    const res = await tier.withKey('post', HEARTBEATS).send({});
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(fieldsOf(res.body)).toEqual(new Set(['sensorIds']));
    expect(res.body.errors).toContainEqual({ field: 'sensorIds', message: 'sensorIds must be an array' });
    expect(callsNow()).toEqual([]);
  });

  it('passes exactly 1000 ids to the service', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => 1_000_000 + i);
    const res = await beat(many);
    expect(res.status).toBe(202);
    expect(callsNow()).toEqual([['SensorHeartbeatService.record', [many]]]);
  });
});

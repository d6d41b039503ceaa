import { ActivityService } from '@app/activity';
import { ActivityController } from '@app/activity/activity.controller';
import { useHttpTier } from '../support/http-tier';
import { INGEST_KEY } from '../support/test-app';

const ACTIVITY = '/api/v1/activity';
const DATE_TIME_RULE =
  'must be a date-time like 2026-11-27T20:00:00Z: a real calendar date, years 1970-9999, offset Z or ±hh:mm';
const ONE_EVENT = { events: [{ userId: 'mallory', platform: 'web' }] };

describe('activity over HTTP: authentication and validation', () => {
  const tier = useHttpTier({
    controllers: [ActivityController],
    services: [ActivityService],
    answers: { 'ActivityService.record': { accepted: 1, rejected: [] } },
  });
  const { callsNow } = tier;

  it.each([
    ['no key', {}],
    ['a wrong bearer key', { Authorization: 'Bearer nope' }],
    ['a wrong X-API-Key', { 'X-API-Key': 'nope' }],
    ['a malformed Authorization', { Authorization: INGEST_KEY }],
  ])('answers 401 problem+json with %s, reaching no service', async (_label, headers) => {
    const res = await tier.http().post(ACTIVITY).set(headers).send(ONE_EVENT);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="ingest"');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: ACTIVITY });
    expect(callsNow()).toEqual([]);
  });

  it('passes the events to the service with a key as Bearer or X-API-Key, any configured key', async () => {
    const bearer = await tier.withKey('post', ACTIVITY).send(ONE_EVENT);
    const header = await tier.http().post(ACTIVITY).set('X-API-Key', 'second-key').send(ONE_EVENT);
    for (const res of [bearer, header]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: 1, rejected: [] });
    }
    expect(callsNow()).toEqual([
      ['ActivityService.record', [ONE_EVENT]],
      ['ActivityService.record', [ONE_EVENT]],
    ]);
  });

  it.each([
    [{ events: [] }, [{ field: 'events', message: 'events must contain at least 1 elements' }]],
    [{}, expect.arrayContaining([{ field: 'events', message: 'events must be an array' }])],
    [
      { events: [{ platform: 'web' }] },
      expect.arrayContaining([{ field: 'events[0].userId', message: 'userId must be a string' }]),
    ],
    [
      { events: [{ userId: '', platform: 'web' }] },
      [{ field: 'events[0].userId', message: 'userId must be longer than or equal to 1 characters' }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web', at: '2026-01-01T00:00:00' }] },
      [{ field: 'events[0].at', message: `at ${DATE_TIME_RULE}` }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web', at: 'soon' }] },
      [{ field: 'events[0].at', message: `at ${DATE_TIME_RULE}` }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web', at: '2026-W48-5T10:00Z' }] },
      [{ field: 'events[0].at', message: `at ${DATE_TIME_RULE}` }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web', at: '2026-02-30T10:00:00Z' }] },
      [{ field: 'events[0].at', message: `at ${DATE_TIME_RULE}` }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web', at: '2026-11-27T20:00:00+0200' }] },
      [{ field: 'events[0].at', message: `at ${DATE_TIME_RULE}` }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web', extra: 1 }] },
      [{ field: 'events[0].extra', message: 'property extra should not exist' }],
    ],
    [
      { events: [{ userId: 'x', platform: 'web' }], source: 'x' },
      [{ field: 'source', message: 'property source should not exist' }],
    ],
  ])('refuses %j with 400 naming the field, reaching no service', async (body, errors) => {
    const res = await tier.withKey('post', ACTIVITY).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual(errors);
    expect(callsNow()).toEqual([]);
  });

  it('passes 1000 events on and refuses 1001', async () => {
    const events = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ userId: `bulk-${i}`, platform: 'web' }));
    const ok = await tier.withKey('post', ACTIVITY).send({ events: events(1000) });
    expect(ok.status).toBe(202);
    expect(callsNow()).toEqual([['ActivityService.record', [{ events: events(1000) }]]]);
    const tooMany = await tier.withKey('post', ACTIVITY).send({ events: events(1001) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      { field: 'events', message: 'events must contain no more than 1000 elements' },
    ]);
    expect(callsNow()).toHaveLength(1);
  });

  it('refuses a query parameter on the write with 400 naming it, recording nothing', async () => {
    const res = await tier.withKey('post', `${ACTIVITY}?dryRun=true`).send(ONE_EVENT);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'dryRun', message: 'property dryRun should not exist' }]);
    expect(callsNow()).toEqual([]);
  });
});

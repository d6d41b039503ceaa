import { ModulesService } from '@app/modules';
import { ModulesController } from '@app/modules/modules.controller';
import { useHttpTier } from '../support/http-tier';

const MODULES = '/api/v1/modules';

const BILLING_BODY = {
  currentVersion: '2.4.1',
  lastDeployedAt: '2026-11-20T16:03:00.250+02:00',
  upcomingVersion: '2.5.0-rc.1',
  upcomingReleaseDate: '2026-12-04',
  releaseNotes: 'Faster invoices; new VAT rules.',
};

/** What the modules endpoints refuse, through the real pipes, guard and filter; no service is reached. */
describe('modules over HTTP', () => {
  const tier = useHttpTier({ controllers: [ModulesController], services: [ModulesService] });
  const { callsNow } = tier;

  function put(name: string, body: unknown) {
    return tier.withKey('put', `${MODULES}/${name}`).send(body as object);
  }

  describe('validation', () => {
    const DATE_TIME_MESSAGE =
      'lastDeployedAt must be a date-time like 2026-11-27T20:00:00Z: a real calendar date, years 1970-9999, offset Z or ±hh:mm';
    const RELEASE_DATE_MESSAGE =
      'upcomingReleaseDate must be a date like 2026-12-04: a real calendar date, years 1970-9999';
    const VERSION_MESSAGE =
      'currentVersion must be a version like 2.4.1 (letters, digits, . + _ -; at most 64)';

    it.each([
      [
        'a bad currentVersion',
        { currentVersion: 'v 1!' },
        [{ field: 'currentVersion', message: VERSION_MESSAGE }],
      ],
      [
        'a currentVersion over 64 characters',
        { currentVersion: '1'.repeat(65) },
        [{ field: 'currentVersion', message: VERSION_MESSAGE }],
      ],
      [
        'a bad upcomingVersion',
        { currentVersion: '1.0.0', upcomingVersion: '-2.0' },
        [
          {
            field: 'upcomingVersion',
            message: 'upcomingVersion must be a version like 2.5.0 (letters, digits, . + _ -; at most 64)',
          },
        ],
      ],
      [
        'a release date that is not a date',
        { currentVersion: '1.0.0', upcomingReleaseDate: '04.12.2026' },
        [{ field: 'upcomingReleaseDate', message: RELEASE_DATE_MESSAGE }],
      ],
      [
        'a release date with a month 13',
        { currentVersion: '1.0.0', upcomingReleaseDate: '2026-13-01' },
        [{ field: 'upcomingReleaseDate', message: RELEASE_DATE_MESSAGE }],
      ],
      [
        'a release date that does not exist (30 February)',
        { currentVersion: '1.0.0', upcomingReleaseDate: '2026-02-30' },
        [{ field: 'upcomingReleaseDate', message: RELEASE_DATE_MESSAGE }],
      ],
      [
        'a release date with a time',
        { currentVersion: '1.0.0', upcomingReleaseDate: '2026-12-04T00:00:00Z' },
        [{ field: 'upcomingReleaseDate', message: RELEASE_DATE_MESSAGE }],
      ],
      [
        'a deploy time that is not a date-time',
        { currentVersion: '1.0.0', lastDeployedAt: 'yesterday' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a deploy time on a day that does not exist',
        { currentVersion: '1.0.0', lastDeployedAt: '2026-02-30T10:00:00Z' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a deploy time as an ISO week date, which is no calendar date-time',
        { currentVersion: '1.0.0', lastDeployedAt: '2026-W48-1T10:00Z' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a deploy time in the basic ISO format',
        { currentVersion: '1.0.0', lastDeployedAt: '20261120T140300Z' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a deploy time past year 9999 in UTC',
        { currentVersion: '1.0.0', lastDeployedAt: '9999-12-31T23:30:00-01:00' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a deploy time given as a number',
        { currentVersion: '1.0.0', lastDeployedAt: 1795814143154 },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a release date before year 1000',
        { currentVersion: '1.0.0', upcomingReleaseDate: '0999-12-31' },
        [
          {
            field: 'upcomingReleaseDate',
            message:
              'upcomingReleaseDate must be a date like 2026-12-04: a real calendar date, years 1970-9999',
          },
        ],
      ],
      [
        'a 29 February outside a leap year',
        { currentVersion: '1.0.0', upcomingReleaseDate: '2027-02-29' },
        [
          {
            field: 'upcomingReleaseDate',
            message:
              'upcomingReleaseDate must be a date like 2026-12-04: a real calendar date, years 1970-9999',
          },
        ],
      ],
      [
        'a deploy time without an offset',
        { currentVersion: '1.0.0', lastDeployedAt: '2026-11-20T14:03:00' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'a deploy time with an offset written +hhmm',
        { currentVersion: '1.0.0', lastDeployedAt: '2026-11-20T00:30:00-0130' },
        [{ field: 'lastDeployedAt', message: DATE_TIME_MESSAGE }],
      ],
      [
        'an unknown body field',
        { currentVersion: '1.0.0', owner: 'team-a' },
        [{ field: 'owner', message: 'property owner should not exist' }],
      ],
    ])('refuses %s with 400 naming the field', async (_case, body, errors) => {
      const res = await put('billing', body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.title).toBe('Bad Request');
      expect(res.body.errors).toEqual(errors);
      expect(callsNow()).toEqual([]);
    });

    it('refuses a missing currentVersion with 400 naming only that field', async () => {
      const res = await put('billing', { upcomingVersion: '2.0.0' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        { field: 'currentVersion', message: VERSION_MESSAGE },
        { field: 'currentVersion', message: 'currentVersion must be a string' },
      ]);
      expect(res.body.detail).toBe('The request has invalid fields: currentVersion, currentVersion');
      expect(callsNow()).toEqual([]);
    });

    it.each([['Billing'], ['-billing'], ['bill%20ing'], ['bill~ing']])(
      'refuses the module name %s in the path with 400 naming it, on PUT and GET',
      async (name) => {
        const message =
          'name must be 1-100 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';
        const written = await put(name, { currentVersion: '1.0.0' });
        expect(written.status).toBe(400);
        expect(written.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(written.body.errors).toEqual([{ field: 'name', message }]);
        const read = await tier.http().get(`${MODULES}/${name}`);
        expect(read.status).toBe(400);
        expect(read.body.errors).toEqual([{ field: 'name', message }]);
        expect(callsNow()).toEqual([]);
      },
    );

    it('refuses a 101-character name with 400 problem+json naming it, not a bare 414', async () => {
      const res = await put('a'.repeat(101), { currentVersion: '1.0.0' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(['name']);
      expect(callsNow()).toEqual([]);
    });

    it('refuses an unknown query parameter on the list with 400', async () => {
      const res = await tier.http().get(`${MODULES}?sort=name`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'sort', message: 'property sort should not exist' }]);
    });
  });

  describe('authentication', () => {
    it('refuses a PUT without a key with 401 problem+json and a Bearer challenge, storing nothing', async () => {
      const res = await tier.http().put(`${MODULES}/billing`).send(BILLING_BODY);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="ingest"');
      expect(res.body).toMatchObject({
        status: 401,
        title: 'Unauthorized',
        detail: 'An ingest API key is required: Authorization: Bearer <key> or X-API-Key.',
      });
      expect(callsNow()).toEqual([]);
    });

    it('refuses a wrong key with 401', async () => {
      const wrong = await tier.http().put(`${MODULES}/billing`).set('X-API-Key', 'nope').send(BILLING_BODY);
      expect(wrong.status).toBe(401);
      expect(wrong.body.detail).toBe('The API key is not valid for ingestion.');
      expect(callsNow()).toEqual([]);
    });
  });
});

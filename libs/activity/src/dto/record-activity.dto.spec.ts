import { ValidationProblemException } from '@app/core';
import { parseRecordActivity } from './record-activity.dto';

function errorsOf(body: unknown) {
  try {
    parseRecordActivity(body);
  } catch (error) {
    if (error instanceof ValidationProblemException) return error.errors;
    throw error;
  }
  throw new Error('expected a validation problem');
}

describe('parseRecordActivity', () => {
  it('returns a valid batch as it came', () => {
    const body = { events: [{ userId: 'u-1', platform: 'web', at: '2026-11-27T20:00:00+01:00' }] };
    expect(parseRecordActivity(body)).toBe(body);
  });

  it('names each bad event field with its index and rule', () => {
    expect(
      errorsOf({
        events: [
          { userId: 'ok', platform: 'web' },
          { userId: '', platform: 7, at: '2026-11-27T20:00:00' },
          { userId: 'x'.repeat(129), platform: 'web', at: 'yesterday', extra: 1 },
        ],
      }),
    ).toEqual([
      { field: 'events[1].userId', message: 'userId must be longer than or equal to 1 characters' },
      { field: 'events[1].platform', message: 'platform must be a string' },
      {
        field: 'events[1].at',
        message:
          'at must be a date-time like 2026-11-27T20:00:00Z: a real calendar date, years 1970-9999, offset Z or ±hh:mm',
      },
      { field: 'events[2].extra', message: 'property extra should not exist' },
      { field: 'events[2].userId', message: 'userId must be shorter than or equal to 128 characters' },
      {
        field: 'events[2].at',
        message:
          'at must be a date-time like 2026-11-27T20:00:00Z: a real calendar date, years 1970-9999, offset Z or ±hh:mm',
      },
    ]);
  });

  it('accepts exactly 1000 events and refuses 1001', () => {
    const event = { userId: 'u', platform: 'web' };
    expect(parseRecordActivity({ events: Array(1000).fill(event) }).events).toHaveLength(1000);
    expect(errorsOf({ events: Array(1001).fill(event) })).toEqual([
      { field: 'events', message: 'events must contain no more than 1000 elements' },
    ]);
  });

  it('refuses an empty list, a missing list, a non-object event and unknown top-level fields', () => {
    expect(errorsOf({ events: [] })).toEqual([
      { field: 'events', message: 'events must contain at least 1 elements' },
    ]);
    expect(errorsOf({})).toContainEqual({ field: 'events', message: 'events must be an array' });
    expect(errorsOf({ events: [null] })).toEqual([
      { field: 'events[0]', message: 'events[0] must be an object' },
    ]);
    expect(errorsOf({ events: [{ userId: 'u', platform: 'web' }], source: 'x' })).toEqual([
      { field: 'source', message: 'property source should not exist' },
    ]);
    expect(errorsOf('text')).toEqual([{ field: 'events', message: 'events must be an array' }]);
  });
});

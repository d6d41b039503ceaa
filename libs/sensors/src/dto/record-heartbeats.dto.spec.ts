import { ValidationProblemException } from '@app/core';
import { parseRecordHeartbeats } from './record-heartbeats.dto';

function errorsOf(body: unknown) {
  try {
    parseRecordHeartbeats(body);
  } catch (error) {
    if (error instanceof ValidationProblemException) return error.errors;
    throw error;
  }
  throw new Error('expected a validation problem');
}

describe('parseRecordHeartbeats', () => {
  it('returns valid ids as they came, the highest INT included', () => {
    const body = { sensorIds: [1, 2, 2_147_483_647] };
    expect(parseRecordHeartbeats(body)).toBe(body);
  });

  it('reports each broken rule once for the whole list', () => {
    expect(errorsOf({ sensorIds: [1, 2.5, 3.5, 0, -1, 2_147_483_648] })).toEqual([
      { field: 'sensorIds', message: 'each value in sensorIds must be an integer number' },
      { field: 'sensorIds', message: 'each value in sensorIds must not be less than 1' },
      { field: 'sensorIds', message: 'each value in sensorIds must not be greater than 2147483647' },
    ]);
  });

  it('never coerces a string id', () => {
    expect(errorsOf({ sensorIds: ['3'] })).toContainEqual({
      field: 'sensorIds',
      message: 'each value in sensorIds must be an integer number',
    });
  });

  it('refuses an empty list, 1001 ids, a missing list and unknown fields', () => {
    expect(errorsOf({ sensorIds: [] })).toEqual([
      { field: 'sensorIds', message: 'sensorIds must contain at least 1 elements' },
    ]);
    expect(errorsOf({ sensorIds: Array.from({ length: 1001 }, (_, i) => i + 1) })).toEqual([
      { field: 'sensorIds', message: 'sensorIds must contain no more than 1000 elements' },
    ]);
    expect(errorsOf({})).toContainEqual({ field: 'sensorIds', message: 'sensorIds must be an array' });
    expect(errorsOf({ sensorIds: [1], at: 'now' })).toEqual([
      { field: 'at', message: 'property at should not exist' },
    ]);
  });
});

import { BadRequestException } from '@nestjs/common';
import { WrongTypedKeyError } from '../live-store/key-types';
import {
  buildProblem,
  DependencyUnavailableException,
  describeError,
  unavailableDependencies,
  ValidationProblemException,
} from './problem-details';

describe('describeError', () => {
  it('maps a MySQL connection failure to 503 database, not to Redis', () => {
    const mysqlDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
      code: 'ECONNREFUSED',
    });
    expect(describeError(mysqlDown)).toEqual({
      status: 503,
      detail: 'The database is unavailable; try again shortly.',
    });
    const wrapped = { message: 'Connection lost', driverError: { code: 'PROTOCOL_CONNECTION_LOST' } };
    expect(describeError(wrapped).status).toBe(503);
  });

  it('maps ioredis failures that never ran the command to 503 saying nothing was recorded', () => {
    for (const message of [
      "Stream isn't writeable and enableOfflineQueue options is false",
      // A Redis Cluster with slots not served (down, failing over), as the cluster client says it.
      "Cluster isn't ready and enableOfflineQueue options is false",
      'CLUSTERDOWN The cluster is down',
      'TRYAGAIN Multiple keys request during rehashing of slot',
      'MOVED 5708 127.0.0.1:7002',
    ]) {
      expect(describeError(new Error(message))).toEqual({
        status: 503,
        detail: 'Redis is unavailable: nothing was recorded; retry shortly.',
      });
    }
  });

  it('maps ioredis failures after the command was sent to 503 saying it may have been recorded', () => {
    for (const message of [
      'Command timed out',
      'Connection is closed.',
      'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
    ]) {
      expect(describeError(new Error(message))).toEqual({
        status: 503,
        detail:
          'Redis did not answer in time: the write may or may not have been recorded. Retrying is safe: ' +
          'recording the same events or heartbeats again counts each user or sensor once.',
      });
    }
  });

  it('maps a key of another type to 503 naming the key, the types and the fix', () => {
    expect(describeError(new WrongTypedKeyError('active_users:web', 'zset', 'string', false))).toEqual({
      status: 503,
      detail:
        'Redis key "active_users:web" holds a string where this service keeps a sorted set (data of another ' +
        'program, such as the replaced Go service); nothing was recorded. Run "npm run redis:check -- --fix" ' +
        'to clear such keys.',
    });
    expect(describeError(new WrongTypedKeyError('p:active_users', 'zset', 'hash', true)).detail).toBe(
      'Redis key "p:active_users" holds a hash where this service keeps a sorted set (data of another ' +
        'program, such as the replaced Go service); part of the request may have been recorded, and ' +
        'retrying is safe once the key is cleared. Run "npm run redis:check -- --fix" to clear such keys.',
    );
  });

  it('keeps Fastify 4xx errors and hides everything else behind a 500', () => {
    expect(describeError(Object.assign(new Error('Body is too large'), { statusCode: 413 }))).toEqual({
      status: 413,
      detail: 'Body is too large',
    });
    expect(describeError(new Error('SELECT * FROM secrets failed'))).toEqual({
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    });
    expect(describeError(new BadRequestException('nope'))).toEqual({ status: 400, detail: 'nope' });
  });

  it('builds a problem document with field errors', () => {
    const problem = buildProblem(
      new ValidationProblemException([{ field: 'interval', message: 'bad' }]),
      '/x',
      'r-1',
    );
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has invalid fields: interval',
      instance: '/x',
      requestId: 'r-1',
      errors: [{ field: 'interval', message: 'bad' }],
    });
  });
});

describe('unavailableDependencies', () => {
  it('names the store behind each outage 503, and nothing for any other error', () => {
    expect(unavailableDependencies(new DependencyUnavailableException(['redis', 'database']))).toEqual([
      'redis',
      'database',
    ]);
    expect(unavailableDependencies(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toEqual([
      'database',
    ]);
    expect(unavailableDependencies(new Error('Command timed out'))).toEqual(['redis']);
    expect(
      unavailableDependencies(new WrongTypedKeyError('active_users:web', 'zset', 'string', false)),
    ).toEqual(['redis']);
    expect(unavailableDependencies(new TypeError('a bug'))).toBeUndefined();
    expect(unavailableDependencies(new BadRequestException('no'))).toBeUndefined();
  });
});

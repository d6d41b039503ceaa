import { BadRequestException } from '@nestjs/common';
import { buildProblem, describeError, ValidationProblemException } from './problem-details';

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

  it('maps ioredis failures to 503 saying nothing was recorded', () => {
    for (const message of [
      "Stream isn't writeable and enableOfflineQueue options is false",
      'Connection is closed.',
      'Command timed out',
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

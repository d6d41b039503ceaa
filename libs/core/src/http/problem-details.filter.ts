import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { noteUnavailable } from './http-hooks';
import { buildProblem, PROBLEM_CONTENT_TYPE, unavailableDependencies } from './problem-details';

/**
 * Answers every error as RFC 9457 problem+json; the causes of 500s go to the log at error, with their stack
 * and the request id, never to the client. A 503 (a store down) is one warn line: the access line.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(request, reply, exception, this.logger);
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  exception: unknown,
  logger: Logger,
): void {
  const path = request.url.split('?')[0];
  const problem = buildProblem(exception, path, String(request.id));
  if (problem.status === 503) {
    // An outage, not a bug: the request's access line says it at warn, naming what was unavailable; the
    // cause, with its stack, only at debug.
    const unavailable = unavailableDependencies(exception);
    if (unavailable) noteUnavailable(request, unavailable);
    logger.debug(
      `${request.method} ${path} answered 503 (requestId ${problem.requestId}): ${causeOf(exception)}`,
    );
  } else if (problem.status >= 500) {
    logger.error(`${request.method} ${path} failed (requestId ${problem.requestId}): ${causeOf(exception)}`);
  }
  if (problem.status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', '5');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

function causeOf(exception: unknown): string {
  return exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
}

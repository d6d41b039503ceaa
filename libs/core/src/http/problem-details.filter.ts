import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './problem-details';

/** Answers every error as RFC 9457 problem+json; 5xx causes go to the log with the request id, never to the client. */
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
  if (problem.status >= 500) {
    const cause = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    logger.error(`${request.method} ${path} failed (requestId ${problem.requestId}): ${cause}`);
  }
  if (problem.status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', '5');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

import { NoQueryDto, ProblemResponseDto } from '@app/core';
import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { STREAM_HEADERS, STREAM_RETRY_MS } from './server-sent-events';
import { SUMMARY_EVENT, SummaryStreamService } from './summary-stream.service';

@ApiTags('metrics')
@Controller('api/v1/metrics')
export class SummaryStreamController {
  constructor(private readonly stream: SummaryStreamService) {}

  @Get('stream')
  // Each connect counts against the per-minute request limit like any request; open streams are capped
  // per instance (STREAM_MAX_CLIENTS) and per address (STREAM_MAX_CLIENTS_PER_IP).
  @ApiOperation({
    summary: 'The live numbers as server-sent events',
    description:
      `Event \`${SUMMARY_EVENT}\`, whose data is the summary (as GET /api/v1/metrics/summary), at ` +
      'connect and every STREAM_INTERVAL_MS; `id` is its generatedAt in epoch milliseconds; the first event ' +
      `carries \`retry: ${STREAM_RETRY_MS}\`. A comment line every 15 s keeps the connection open. A ` +
      'reconnect (Last-Event-ID) gets the current summary at once. Each connect counts against the rate limit; ' +
      'each instance takes at most STREAM_MAX_CLIENTS streams and STREAM_MAX_CLIENTS_PER_IP from one address, ' +
      'and ends them when it shuts down.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Sent by a reconnecting EventSource; the current summary follows at once.',
  })
  @ApiOkResponse({
    description: `A stream of \`${SUMMARY_EVENT}\` events`,
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description: `Events named ${SUMMARY_EVENT}; each data line is a MetricsSummaryDto as JSON`,
          example: `retry: ${STREAM_RETRY_MS}\nevent: ${SUMMARY_EVENT}\nid: 1795809913123\ndata: {"activeUsers":1342,...}\n\n`,
        },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'Invalid input', type: ProblemResponseDto })
  @ApiServiceUnavailableResponse({
    description: 'This instance has STREAM_MAX_CLIENTS streams open, or is shutting down',
    type: ProblemResponseDto,
  })
  streamSummary(
    @Query() _query: NoQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    // Throws before anything is written, so the client gets a problem document (a 429 saying when to retry).
    try {
      this.stream.assertCanAccept(request.ip);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 429) {
        void reply.header('retry-after', String(STREAM_RETRY_MS / 1000));
      }
      throw error;
    }
    reply.hijack();
    const response = reply.raw;
    // Headers set by hooks so far (request id, CORS) live on the reply, which is now bypassed.
    response.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...STREAM_HEADERS });
    response.flushHeaders();
    request.raw.socket.setNoDelay(true);
    this.stream.attach(response, request.ip);
  }
}

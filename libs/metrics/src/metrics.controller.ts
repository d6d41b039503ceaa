import { NoQueryDto, preferredMediaType, ProblemResponseDto } from '@app/core';
import { Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MetricHistoryDto, MetricHistoryQueryDto, MetricTypeListDto } from './dto/metric-history.dto';
import { CSV_CONTENT_TYPE, historyCsvFileName, serializeMetricHistoryCsv } from './dto/metric-history.csv';
import { serializeMetricHistory } from './dto/metric-history.serializer';
import { MetricsSummaryDto } from './dto/metrics-summary.dto';
import { MetricHistoryService } from './metric-history.service';
import { MetricsSummaryService } from './metrics-summary.service';

/** What the history answers in, JSON first (the default). */
const HISTORY_MEDIA_TYPES = ['application/json', 'text/csv'] as const;

@ApiTags('metrics')
@ApiBadRequestResponse({ description: 'Invalid input', type: ProblemResponseDto })
@ApiServiceUnavailableResponse({
  description: 'The stores this answer needs are unavailable',
  type: ProblemResponseDto,
})
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(
    private readonly summaryService: MetricsSummaryService,
    private readonly historyService: MetricHistoryService,
  ) {}

  @Get('summary')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'The live numbers',
    description: 'Fields a store could not give are null and named in `degraded`.',
  })
  @ApiOkResponse({ type: MetricsSummaryDto, description: 'The live numbers, as of generatedAt' })
  getSummary(@Query() _query: NoQueryDto): Promise<MetricsSummaryDto> {
    return this.summaryService.currentSummary();
  }

  @Get('history')
  @ApiOperation({
    summary: 'One metric over time, in UTC-aligned buckets',
    description:
      'Gauges average, counts sum; null where no sample exists. With `Accept: text/csv` the answer is CSV ' +
      '(RFC 4180, CRLF): a `timestamp,value` header and one row per bucket, the value empty where no ' +
      'sample exists, as an attachment named after the metric, interval and range. Errors stay problem+json.',
  })
  @ApiExtraModels(MetricHistoryDto)
  @ApiOkResponse({
    description: 'One point per bucket, ascending: JSON, or CSV with Accept: text/csv',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(MetricHistoryDto) } },
      'text/csv': {
        schema: { type: 'string' },
        example: 'timestamp,value\r\n2026-11-27T16:00:00.000Z,46\r\n2026-11-27T17:00:00.000Z,\r\n',
      },
    },
  })
  async getHistory(
    @Query() query: MetricHistoryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MetricHistoryDto> {
    const history = await this.historyService.history(query);
    // Only for the answer: an error thrown above is sent as a problem document by the filter.
    void reply.header('vary', 'Accept');
    if (preferredMediaType(accept, HISTORY_MEDIA_TYPES) === 'text/csv') {
      void reply
        .type(CSV_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${historyCsvFileName(history)}"`)
        .serializer(serializeMetricHistoryCsv);
    } else {
      void reply.type('application/json; charset=utf-8').serializer(serializeMetricHistory);
    }
    return history;
  }

  @Get('types')
  @ApiOperation({
    summary: 'The metrics the history serves',
    description:
      'Every registered metric with its unit and aggregation: the values `type` of the history takes.',
  })
  @ApiOkResponse({ type: MetricTypeListDto, description: 'The registered metrics' })
  getMetricTypes(@Query() _query: NoQueryDto): MetricTypeListDto {
    return this.historyService.types();
  }
}

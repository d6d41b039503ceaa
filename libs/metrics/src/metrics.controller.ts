import { NoQueryDto, ProblemResponseDto } from '@app/core';
import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MetricHistoryDto, MetricHistoryQueryDto, MetricTypeListDto } from './dto/metric-history.dto';
import { serializeMetricHistory } from './dto/metric-history.serializer';
import { MetricsSummaryDto } from './dto/metrics-summary.dto';
import { MetricHistoryService } from './metric-history.service';
import { MetricsSummaryService } from './metrics-summary.service';

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
    description: 'Gauges average, counts sum; null where no sample exists.',
  })
  @ApiOkResponse({ type: MetricHistoryDto, description: 'One point per bucket, ascending' })
  async getHistory(
    @Query() query: MetricHistoryQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MetricHistoryDto> {
    const history = await this.historyService.history(query);
    // Only for the answer: an error thrown above is sent as a problem document by the filter.
    void reply.type('application/json; charset=utf-8').serializer(serializeMetricHistory);
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

import { ConditionalGet, NoQueryDto, ProblemResponseDto, RequiresIngestKey, ValidBody } from '@app/core';
import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HeartbeatsAcceptedDto,
  parseRecordHeartbeats,
  RecordHeartbeatsDto,
} from './dto/record-heartbeats.dto';
import { SensorTypeBreakdownDto } from './dto/sensor-type-breakdown.dto';
import { SensorHeartbeatService } from './sensor-heartbeat.service';
import { SensorTypeBreakdownService } from './sensor-type-breakdown.service';

@ApiTags('sensors')
@ApiBadRequestResponse({ description: 'Invalid input', type: ProblemResponseDto })
@Controller('api/v1/sensors')
export class SensorsController {
  constructor(
    private readonly breakdown: SensorTypeBreakdownService,
    private readonly heartbeats: SensorHeartbeatService,
  ) {}

  @Get('type-breakdown')
  @ApiOperation({
    summary: 'Sensors by type',
    description:
      'Counts per type, count descending then type; at most about two SENSOR_BREAKDOWN_TTL old. ' +
      'Cached; answers If-None-Match with 304.',
  })
  @ApiOkResponse({ type: SensorTypeBreakdownDto, description: 'Every sensor type with its count' })
  @ConditionalGet(60)
  getSensorTypeBreakdown(@Query() _query: NoQueryDto): Promise<SensorTypeBreakdownDto> {
    return this.breakdown.breakdown();
  }

  @Post('heartbeats')
  @HttpCode(202)
  @RequiresIngestKey()
  @ApiOperation({
    summary: 'Record sensor heartbeats',
    description: 'Unknown ids are listed back, not stored.',
  })
  @ApiBody({ type: RecordHeartbeatsDto })
  @ApiAcceptedResponse({
    type: HeartbeatsAcceptedDto,
    description: 'Recorded for the known sensors; unknown ids are listed back',
  })
  @ApiServiceUnavailableResponse({
    description: 'The live store (Redis) cannot record heartbeats now',
    type: ProblemResponseDto,
  })
  recordHeartbeats(
    @ValidBody(parseRecordHeartbeats) body: RecordHeartbeatsDto,
    @Query() _query: NoQueryDto,
  ): Promise<HeartbeatsAcceptedDto> {
    return this.heartbeats.record(body.sensorIds);
  }
}

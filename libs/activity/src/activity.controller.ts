import { NoQueryDto, ProblemResponseDto, RequiresIngestKey, ValidBody } from '@app/core';
import { Controller, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ActivityService } from './activity.service';
import { ActivityAcceptedDto, parseRecordActivity, RecordActivityDto } from './dto/record-activity.dto';

@ApiTags('activity')
@Controller('api/v1/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Post()
  @HttpCode(202)
  @RequiresIngestKey()
  @ApiOperation({
    summary: 'Record user activity',
    description: '1-1000 events; stale or future events are listed back.',
  })
  @ApiBody({ type: RecordActivityDto })
  @ApiAcceptedResponse({
    type: ActivityAcceptedDto,
    description: 'Recorded: how many events counted, and which were refused alone (stale or future) with why',
  })
  @ApiBadRequestResponse({ description: 'Invalid input; nothing was recorded', type: ProblemResponseDto })
  @ApiServiceUnavailableResponse({
    description: 'Redis is unavailable or a key holds data of another program; the detail says which',
    type: ProblemResponseDto,
  })
  recordActivity(
    @ValidBody(parseRecordActivity) body: RecordActivityDto,
    @Query() _query: NoQueryDto,
  ): Promise<ActivityAcceptedDto> {
    return this.activity.record(body);
  }
}

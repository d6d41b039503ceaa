import { ProblemResponseDto, RequiresIngestKey } from '@app/core';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ActivityService } from './activity.service';
import { ActivityAcceptedDto, RecordActivityDto } from './dto/record-activity.dto';

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
  @ApiAcceptedResponse({ type: ActivityAcceptedDto })
  @ApiBadRequestResponse({ description: 'Invalid input; nothing was recorded', type: ProblemResponseDto })
  @ApiServiceUnavailableResponse({
    description: 'Redis is unavailable; nothing was recorded',
    type: ProblemResponseDto,
  })
  recordActivity(@Body() body: RecordActivityDto): Promise<ActivityAcceptedDto> {
    return this.activity.record(body);
  }
}

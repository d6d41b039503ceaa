import { NoQueryDto } from '@app/core';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceInfoDto } from './dto/service-info.dto';
import { ServiceInfoService } from './service-info.service';

@ApiTags('metrics')
@Controller('api/v1/info')
export class ServiceInfoController {
  constructor(private readonly service: ServiceInfoService) {}

  @Get()
  @ApiOperation({
    summary: 'The version and the windows behind the numbers',
    description:
      'The running version and commit, the windows the live numbers are counted over, the platforms, and ' +
      'how far back each history interval reaches: what a dashboard needs to label and query the rest.',
  })
  @ApiOkResponse({ type: ServiceInfoDto, description: 'The service and its configuration' })
  getServiceInfo(@Query() _query: NoQueryDto): ServiceInfoDto {
    return this.service.info();
  }
}

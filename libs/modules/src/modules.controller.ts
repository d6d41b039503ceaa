import { ConditionalGet, NoQueryDto, ProblemResponseDto, RequiresIngestKey } from '@app/core';
import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PlatformModuleDto, PlatformModuleListDto } from './dto/platform-module.dto';
import { ModuleNameParamDto, UpsertPlatformModuleDto } from './dto/upsert-platform-module.dto';
import { ModulesService } from './modules.service';

@ApiTags('modules')
@ApiBadRequestResponse({ description: 'Invalid input', type: ProblemResponseDto })
@Controller('api/v1/modules')
export class ModulesController {
  constructor(private readonly modules: ModulesService) {}

  @Get()
  @ApiOperation({ summary: 'All platform modules with versions and release info, sorted by name' })
  @ApiOkResponse({ type: PlatformModuleListDto })
  @ConditionalGet(30)
  listModules(@Query() _query: NoQueryDto): Promise<PlatformModuleListDto> {
    return this.modules.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One platform module' })
  @ApiOkResponse({ type: PlatformModuleDto })
  @ApiNotFoundResponse({ description: 'No such module', type: ProblemResponseDto })
  @ConditionalGet(30)
  getModule(@Param() params: ModuleNameParamDto, @Query() _query: NoQueryDto): Promise<PlatformModuleDto> {
    return this.modules.get(params.name);
  }

  @Put(':name')
  @RequiresIngestKey()
  @ApiOperation({ summary: 'Create or replace a module (called by release pipelines)' })
  @ApiOkResponse({ type: PlatformModuleDto, description: 'Replaced' })
  @ApiCreatedResponse({ type: PlatformModuleDto, description: 'Created' })
  async upsertModule(
    @Param() params: ModuleNameParamDto,
    @Body() body: UpsertPlatformModuleDto,
    @Query() _query: NoQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlatformModuleDto> {
    const { created, module } = await this.modules.upsert(params.name, body);
    void reply.status(created ? 201 : 200);
    return module;
  }
}

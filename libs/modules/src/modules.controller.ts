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
  @ApiOperation({
    summary: 'All platform modules with versions and release info, sorted by name',
    description: 'Unset fields are null. Cached for MODULES_TTL; answers If-None-Match with 304.',
  })
  @ApiOkResponse({ type: PlatformModuleListDto, description: 'Every module, sorted by name' })
  @ConditionalGet(30)
  listModules(@Query() _query: NoQueryDto): Promise<PlatformModuleListDto> {
    return this.modules.list();
  }

  @Get(':name')
  @ApiOperation({
    summary: 'One platform module',
    description: 'Unset fields are null; answers If-None-Match with 304.',
  })
  @ApiOkResponse({ type: PlatformModuleDto, description: 'The module' })
  @ApiNotFoundResponse({ description: 'No such module', type: ProblemResponseDto })
  @ConditionalGet(30)
  getModule(@Param() params: ModuleNameParamDto, @Query() _query: NoQueryDto): Promise<PlatformModuleDto> {
    return this.modules.get(params.name);
  }

  @Put(':name')
  @RequiresIngestKey()
  @ApiOperation({
    summary: 'Create or replace a module (called by release pipelines)',
    description: 'The body replaces the whole module: fields left out become null. Clears the cached list.',
  })
  @ApiOkResponse({ type: PlatformModuleDto, description: 'Replaced an existing module' })
  @ApiCreatedResponse({ type: PlatformModuleDto, description: 'Created the module' })
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

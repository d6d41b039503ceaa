import { AppCacheService, parseDateTime } from '@app/core';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { PlatformModuleDto, PlatformModuleListDto } from './dto/platform-module.dto';
import { UpsertPlatformModuleDto } from './dto/upsert-platform-module.dto';
import { PlatformModuleEntity } from './entities/platform-module.entity';
import { ModulesRepository } from './modules.repository';
import { ModulesConfig, modulesConfig } from './modules.config';

export const MODULES_CACHE_KEY = 'modules:list';

function toDto(entity: PlatformModuleEntity): PlatformModuleDto {
  return {
    name: entity.name,
    currentVersion: entity.currentVersion,
    lastDeployedAt: entity.lastDeployedAt ? new Date(entity.lastDeployedAt).toISOString() : null,
    upcomingVersion: entity.upcomingVersion,
    upcomingReleaseDate: entity.upcomingReleaseDate,
    releaseNotes: entity.releaseNotes,
  };
}

@Injectable()
export class ModulesService {
  constructor(
    private readonly modules: ModulesRepository,
    private readonly cache: AppCacheService,
    @Inject(modulesConfig.KEY) private readonly config: ModulesConfig,
  ) {}

  list(): Promise<PlatformModuleListDto> {
    return this.cache.getOrLoad(MODULES_CACHE_KEY, this.config.modulesTtlMs, async () => ({
      items: (await this.modules.findAllByName('replica')).map(toDto),
    }));
  }

  async get(name: string): Promise<PlatformModuleDto> {
    const found = (await this.list()).items.find((item) => item.name === name);
    if (!found) throw new NotFoundException(`No module named "${name}".`);
    return found;
  }

  async upsert(
    name: string,
    body: UpsertPlatformModuleDto,
  ): Promise<{ created: boolean; module: PlatformModuleDto }> {
    const { created, module } = await this.modules.upsert({
      name,
      currentVersion: body.currentVersion,
      lastDeployedAt: body.lastDeployedAt ? new Date(parseDateTime(body.lastDeployedAt)!) : null,
      upcomingVersion: body.upcomingVersion ?? null,
      upcomingReleaseDate: body.upcomingReleaseDate ?? null,
      releaseNotes: body.releaseNotes ?? null,
    });
    // The list is read again from the primary and replaces the cached one (every instance drops its copy):
    // a replica a little behind would otherwise cache the list from before this write for MODULES_TTL.
    const items = (await this.modules.findAllByName('primary')).map(toDto);
    await this.cache.replace(MODULES_CACHE_KEY, { items }, this.config.modulesTtlMs);
    return { created, module: toDto(module) };
  }
}

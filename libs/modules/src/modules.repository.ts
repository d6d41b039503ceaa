import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PlatformModuleEntity } from './entities/platform-module.entity';

export type ModuleFields = Pick<
  PlatformModuleEntity,
  'name' | 'currentVersion' | 'lastDeployedAt' | 'upcomingVersion' | 'upcomingReleaseDate' | 'releaseNotes'
>;

@Injectable()
export class ModulesRepository {
  constructor(
    @InjectRepository(PlatformModuleEntity) private readonly modules: Repository<PlatformModuleEntity>,
  ) {}

  findAllByName(): Promise<PlatformModuleEntity[]> {
    return this.modules.find({ order: { name: 'ASC' } });
  }

  /**
   * Inserts or replaces one module by its unique name (an atomic INSERT ... ON DUPLICATE KEY / ON CONFLICT,
   * so concurrent pipelines never duplicate it); says whether it was new.
   */
  async upsert(fields: ModuleFields): Promise<{ created: boolean; module: PlatformModuleEntity }> {
    const existed = await this.modules.exists({ where: { name: fields.name } });
    await this.modules.upsert(fields, { conflictPaths: ['name'], skipUpdateIfNoValuesChanged: false });
    const module = await this.modules.findOneOrFail({ where: { name: fields.name } });
    return { created: !existed, module };
  }
}

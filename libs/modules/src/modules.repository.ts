import { isUniqueViolation, ReplicaReads } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PlatformModuleEntity } from './entities/platform-module.entity';

export type ModuleFields = Pick<
  PlatformModuleEntity,
  'name' | 'currentVersion' | 'lastDeployedAt' | 'upcomingVersion' | 'upcomingReleaseDate' | 'releaseNotes'
>;

@Injectable()
export class ModulesRepository {
  constructor(
    @InjectRepository(PlatformModuleEntity) private readonly modules: Repository<PlatformModuleEntity>,
    private readonly replicas: ReplicaReads,
  ) {}

  /**
   * Every module by name: from a read replica when there is one (`replica`, a list that may be a few
   * seconds old), or from the primary (`primary`, right after a write).
   */
  findAllByName(from: 'replica' | 'primary'): Promise<PlatformModuleEntity[]> {
    const find = (manager: EntityManager) =>
      manager.getRepository(PlatformModuleEntity).find({ order: { name: 'ASC' } });
    return from === 'replica' ? this.replicas.read(find) : find(this.modules.manager);
  }

  /**
   * Inserts or replaces one module by its unique name; says whether it was new. The INSERT is tried first
   * and the unique index decides: of two pipelines creating the same module at once, exactly one inserts
   * (created) and the other replaces it, and no row is ever duplicated.
   */
  async upsert(fields: ModuleFields): Promise<{ created: boolean; module: PlatformModuleEntity }> {
    const created = await this.insertIfAbsent(fields);
    if (!created) {
      const { name, ...replacement } = fields;
      await this.modules.update({ name }, replacement);
    }
    const module = await this.modules.findOneOrFail({ where: { name: fields.name } });
    return { created, module };
  }

  /** Inserts the module; false when one of that name already exists. */
  private async insertIfAbsent(fields: ModuleFields): Promise<boolean> {
    try {
      await this.modules.insert(fields);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

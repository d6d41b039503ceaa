import { ReplicaReads } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { ProjectEntity } from './entities/project.entity';

@Injectable()
export class ProjectsRepository {
  constructor(
    @InjectRepository(ProjectEntity) private readonly projects: Repository<ProjectEntity>,
    private readonly replicas: ReplicaReads,
  ) {}

  // Counts tolerate a few seconds of lag: a read replica answers them when there is one.

  /** Projects created at or after `since` (a range on idx_projects_created_at). */
  countCreatedSince(since: Date): Promise<number> {
    return this.replicas.read((manager) =>
      manager.getRepository(ProjectEntity).count({ where: { createdAt: MoreThanOrEqual(since) } }),
    );
  }

  /** Live projects (a lookup on idx_projects_is_live). */
  countLive(): Promise<number> {
    return this.replicas.read((manager) =>
      manager.getRepository(ProjectEntity).count({ where: { isLive: true } }),
    );
  }
}

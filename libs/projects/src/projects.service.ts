import { Injectable } from '@nestjs/common';
import { ProjectsRepository } from './projects.repository';

/** What other features may know of projects: their counts. */
@Injectable()
export class ProjectsService {
  constructor(private readonly projects: ProjectsRepository) {}

  /** Projects created at or after `since`. */
  countCreatedSince(since: Date): Promise<number> {
    return this.projects.countCreatedSince(since);
  }

  /** Projects marked live. */
  countLive(): Promise<number> {
    return this.projects.countLive();
  }
}
